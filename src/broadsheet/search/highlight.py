"""Snippets with the reader's words marked, made from plain text and escaped here.

Article HTML never reaches a snippet: documents hold text (see text.html_to_text),
every piece of it is escaped, and only then are `<mark>` elements put around words.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from broadsheet.search.text import fold_diacritics

_WORDS = re.compile(r"\w+")
SNIPPET_WORDS = 32


def _matches(word: str, wanted: tuple[str, ...]) -> bool:
    """Does a text word match a query word? Exactly, as a prefix (`вибор` in
    `виборів`), or as a close inflection (`elections` vs `election`)."""
    word = fold_diacritics(word).lower()
    for term in wanted:
        if word == term or (len(term) >= 3 and word.startswith(term)):
            return True
        shared = len(term) - 2
        if shared >= 4 and word[:shared] == term[:shared] and abs(len(word) - len(term)) <= 3:
            return True
    return False


def _marked(text: str, wanted: tuple[str, ...]) -> str:
    out: list[str] = []
    position = 0
    for match in _WORDS.finditer(text):
        if _matches(match.group(), wanted):
            out.append(escape(text[position : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)


def highlight(text: str, words: tuple[str, ...]) -> SafeString:
    """All of `text`, escaped, with the words that match `words` marked."""
    return mark_safe(_marked(text, words))  # noqa: S308 - every piece escaped in _marked


def snippet(texts: list[str], words: tuple[str, ...], *, length: int = SNIPPET_WORDS) -> SafeString:
    """About `length` words around the first match in the first text that has one
    (else the start of the first non-empty text), escaped, matches marked."""
    candidates = [t for t in texts if t]
    if not candidates:
        return mark_safe("")
    for text in candidates:
        index = _first_match(text, words)
        if index is not None:
            start = max(0, index - length // 4)
            return _window(text.split(), start, length, words)
    return _window(candidates[0].split(), 0, length, words)


def _first_match(text: str, words: tuple[str, ...]) -> int | None:
    """The index in `text.split()` of the first token holding a matching word.

    A regular expression finds the words that could match (every match starts with a
    known prefix of a query word) and `_matches` decides: on a 2,000-word body this is
    C speed, where testing every token in Python cost a millisecond or more.
    """
    folded = fold_diacritics(text).lower()
    prefixes = sorted({_prefix(w) for w in words if w}, key=len, reverse=True)
    if len(folded) != len(text) or not prefixes:
        # Case folding changed lengths (rare letters such as İ): test every token.
        for index, token in enumerate(text.split()):
            if any(_matches(w, words) for w in _WORDS.findall(token)):
                return index
        return None
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in prefixes) + ")")
    for found in pattern.finditer(folded):
        word = _WORDS.match(folded, found.start())
        if word is not None and _matches(word.group(), words):
            before = folded[: found.start()]
            count = len(before.split())
            return count - 1 if before and not before[-1].isspace() else count
    return None


def _prefix(term: str) -> str:
    """What every word `_matches` accepts for `term` starts with."""
    shared = len(term) - 2
    return term[:shared] if shared >= 4 else term


def _window(tokens: list[str], start: int, length: int, words: tuple[str, ...]) -> SafeString:
    chosen = " ".join(tokens[start : start + length])
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + length < len(tokens) else ""
    return mark_safe(prefix + _marked(chosen, words) + suffix)  # noqa: S308 - escaped
