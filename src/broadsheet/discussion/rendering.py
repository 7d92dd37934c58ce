"""Reader text to safe HTML: the only place a comment's text becomes markup.

The text is cut into tokens (URLs, smiley codes, line breaks, plain runs) on the raw
string, and every piece of reader text is escaped before it joins the markup this
module writes. Converting after escaping the whole string would be unsafe here: an
escaped `<` is `&lt;`, whose `;` followed by `-)` would read as the smiley `;-)`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape  # what Django's escape() calls, without its lazy-string check
from typing import TYPE_CHECKING

from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

from broadsheet.discussion.smilies import SMILEY_BY_CODE, SMILIES, smiley_path

if TYPE_CHECKING:
    pass

# http(s) only: no other scheme ever becomes a link.
URL_RE = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?)]}'\"»”…"
# A code counts only as a word of its own: after the start, a space or an opening
# bracket/quote, and before the end, a space or closing punctuation. So `1:D2`,
# `ab:Dc` and `12:30` stay text.
_CODES = "|".join(re.escape(s.code) for s in sorted(SMILIES, key=lambda s: -len(s.code)))
SMILEY_RE = re.compile(rf"(?<![^\s(\[{{\"'«„“])({_CODES})(?=$|[\s.,!?;)\]}}\"'»”…])")
# A code that is a number and a closing bracket (`8)`) reads as that number where a
# list's item or a bracketed number is meant: `(8)`, `rule 8) applies` (the bracket it
# closes was opened before it, or the sentence goes on in lower case after it).
_NUMBER_CODES = frozenset(s.code for s in SMILIES if s.code[0].isdigit() and s.code[-1] == ")")
_SENTENCE_GOES_ON = re.compile(r"\s+[^\W\d_]")
LINK_REL = "nofollow ugc noopener"


@lru_cache(maxsize=32)
def _smiley_img(code: str, src: str) -> str:
    return f'<img class="smiley" src="{escape(src)}" alt="{escape(code)}" width="20" height="20">'


def _is_a_number(run: str, start: int, end: int) -> bool:
    """Whether the code `run[start:end]` (`8)`) is a number and its bracket here."""
    if start and run[start - 1] == "(" and not run.startswith(")", end):
        return True  # `(8)`; `(8))` is the smiley in brackets
    goes_on = _SENTENCE_GOES_ON.match(run, end)
    return goes_on is not None and goes_on.group(0)[-1].islower()


def _smilies_to_html(run: str) -> str:
    """Escape a run of plain text, turning whole-word smiley codes into pictures."""
    out: list[str] = []
    last = 0
    for match in SMILEY_RE.finditer(run):
        if match.group(1) in _NUMBER_CODES and _is_a_number(run, match.start(), match.end()):
            continue
        out.append(escape(run[last : match.start()]))
        smiley = SMILEY_BY_CODE[match.group(1)]
        out.append(_smiley_img(smiley.code, static(smiley_path(smiley.slug))))
        last = match.end()
    out.append(escape(run[last:]))
    return "".join(out)


def _line_to_html(line: str) -> str:
    out: list[str] = []
    last = 0
    for match in URL_RE.finditer(line):
        url = match.group(0)
        trimmed = url.rstrip(TRAILING_PUNCTUATION)
        # A closing bracket belongs to the URL when the URL opened one.
        while url[len(trimmed) :].startswith(")") and trimmed.count("(") > trimmed.count(")"):
            trimmed += ")"
        if trimmed.endswith("//"):
            continue  # `http://)`: a scheme with no address after its punctuation, text
        out.append(_smilies_to_html(line[last : match.start()]))
        out.append(f'<a href="{escape(trimmed)}" rel="{LINK_REL}">{escape(trimmed)}</a>')
        last = match.start() + len(trimmed)
    out.append(_smilies_to_html(line[last:]))
    return "".join(out)


def render_comment_text(text: str) -> SafeString:
    """Return the comment as HTML paragraphs: escaped, links and smilies converted.

    Blank lines separate paragraphs; single line breaks are kept as `<br>`.
    """
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if p]
    html = "".join(
        "<p>" + "<br>".join(_line_to_html(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )
    return mark_safe(html)  # noqa: S308 -- every reader-supplied piece is escaped above


def count_links(text: str) -> int:
    return len(URL_RE.findall(text))
