"""Plain text for the index: HTML flattened to words, Latin diacritics folded."""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

# Elements after which a reader sees a break; their text must not run together.
_BLOCK_TAGS = frozenset(
    {
        "p",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "blockquote",
        "figure",
        "figcaption",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "hr",
        "div",
    }
)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """The words of `html` with tags dropped and entities decoded, spaces collapsed.

    The result is text, not markup: whoever shows it must escape it.
    """
    if not html:
        return ""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return " ".join("".join(extractor.parts).split())


def _latin_fold_table() -> dict[int, str]:
    """Map each precomposed Latin letter (U+00C0-U+024F) to its base letter.

    Only Latin: the Cyrillic `й` and `ї` are letters of their own, not letters with marks,
    which is also how SQLite's `unicode61 remove_diacritics 2` treats them.
    """
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        if len(base) == 1 and base != char and base.isascii():
            table[code] = base
    return table


LATIN_FOLD = _latin_fold_table()


def fold_diacritics(text: str) -> str:
    """`text` with Latin diacritics removed: `Café Łódź` -> `Cafe Łodz` (Ł has no mark)."""
    return text.translate(LATIN_FOLD)
