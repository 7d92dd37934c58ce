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
        tokens = text.split()
        for index, token in enumerate(tokens):
            if any(_matches(w, words) for w in _WORDS.findall(token)):
                start = max(0, index - length // 4)
                return _window(tokens, start, length, words)
    return _window(candidates[0].split(), 0, length, words)


def _window(tokens: list[str], start: int, length: int, words: tuple[str, ...]) -> SafeString:
    chosen = " ".join(tokens[start : start + length])
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + length < len(tokens) else ""
    return mark_safe(prefix + _marked(chosen, words) + suffix)  # noqa: S308 - escaped
