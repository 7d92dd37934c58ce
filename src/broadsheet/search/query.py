"""The reader's query, parsed once for every backend and for the highlighter.

The syntax is the one readers know from web search engines: words must all match,
`"a phrase"` matches words in a row, `-word` excludes, `OR` between two parts
accepts either. Anything else is a word: no input is a syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from broadsheet.search.text import fold_diacritics

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    """One word, or several for a phrase, lower-cased and folded."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    # All groups must match; any one term of a group may match.
    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def highlight_words(self) -> tuple[str, ...]:
        """Every word the reader wants to find, for marking in snippets."""
        seen: dict[str, None] = {}
        for group in self.groups:
            for term in group:
                for word in term.words:
                    seen.setdefault(word, None)
        return tuple(seen)


def _term(raw: str) -> Term | None:
    words = tuple(_WORD.findall(fold_diacritics(raw).lower()))
    return Term(words) if words else None


def parse_query(text: str) -> ParsedQuery:
    """Parse `text` (cut to MAX_QUERY_LENGTH, at most MAX_TERMS terms). Never raises."""
    text = " ".join(text[:MAX_QUERY_LENGTH].split())
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    count = 0
    for match in _TOKEN.finditer(text):
        negated, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare == "OR":
            join_next = bool(groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        term = _term(phrase if phrase is not None else bare)
        if term is None or count >= MAX_TERMS:
            continue
        count += 1
        if negated:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return ParsedQuery(text=text, groups=tuple(tuple(g) for g in groups), excluded=tuple(excluded))
