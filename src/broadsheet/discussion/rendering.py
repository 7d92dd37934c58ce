"""Reader text to safe HTML: the only place a comment's text becomes markup.

The text is cut into tokens (URLs, smiley codes, line breaks, plain runs) on the raw
string, and every piece of reader text is escaped before it joins the markup this
module writes. Converting after escaping the whole string would be unsafe here: an
escaped `<` is `&lt;`, whose `;` followed by `-)` would read as the smiley `;-)`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape  # what Django's escape() calls, without its lazy-string check
from typing import TYPE_CHECKING, Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from broadsheet.core.paths import where_now
from broadsheet.discussion.smilies import SMILEY_BY_CODE, SMILIES, smiley_path
from broadsheet.news.templatetags.news import newsdate_local

if TYPE_CHECKING:
    from broadsheet.discussion.selectors import ThreadComment

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
_COMMENT_VIEWS = ("discussion:permalink", "discussion:reply", "discussion:report")


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


@dataclass(frozen=True)
class CommentLook:
    """What a comment's `<li>` takes from where it is shown rather than from the comment:
    the language (its labels), the time zone, the URL prefix. Worked out once per set
    (`comment_look`), not per comment: the labels were a third of a comment's time."""

    key: tuple[Any, ...]  # `where`, the zone: a memo key's part
    where: tuple[Any, ...]  # `core.paths.where_now()`: the urlconf, prefix, language
    language: str
    tz: dt.tzinfo = field(compare=False)
    reply: str = field(compare=False)  # escaped, as {% translate %} would
    report: str = field(compare=False)
    edited: str = field(compare=False)
    in_reply_to: str = field(compare=False)  # "%(name)s" formats, the site's own text
    reply_to: str = field(compare=False)
    comment_by: str = field(compare=False)


def comment_look() -> CommentLook:
    """The `CommentLook` of the active language, time zone and URL prefix."""
    return _look_for(where_now(), timezone.get_current_timezone())


@receiver(setting_changed)
def _settings_changed(**kwargs: Any) -> None:
    _look_for.cache_clear()  # LANGUAGES, LOCALE_PATHS... changed in a test


@lru_cache(maxsize=64)
def _look_for(where: tuple[Any, ...], tz: dt.tzinfo) -> CommentLook:
    language = where[-1]
    with translation.override(language):
        return CommentLook(
            key=(*where, str(tz)),
            where=where,
            language=(language or "en").split("-")[0],
            tz=tz,
            reply=escape(gettext("Reply")),
            report=escape(gettext("Report")),
            edited=escape(gettext("(edited by a moderator)")),
            in_reply_to=gettext("in reply to %(name)s"),
            reply_to=gettext("to %(name)s"),
            comment_by=gettext("the comment by %(name)s"),
        )


def comment_item_html(
    comment: ThreadComment,
    *,
    is_open: bool,
    featured_copy: bool,
    look: CommentLook | None = None,
) -> str:
    """A comment's `<li>` in a thread, in the active language and time zone (or those of
    `look`, when a thread's comments share one).

    Written here rather than in a template: a miss after a new comment renders this for
    the new one, and a first render for every comment of the page, where the template
    engine cost ten times as much. Every piece of reader text is escaped; the
    translations are the site's own, escaped as `{% translate %}` would."""
    look = look or comment_look()
    pk = comment.pk
    permalink, reply_path, report_path = (
        reverse(name, kwargs={"pk": pk}) for name in _COMMENT_VIEWS
    )
    name = escape(comment.name)
    depth = comment.depth
    li_id = f"featured-{pk}" if featured_copy else f"comment-{pk}"
    featured = " is-featured" if comment.featured else ""
    in_reply = ""
    if depth and comment.parent_id is not None:
        hidden = " visually-hidden" if depth <= 3 else ""
        said = look.in_reply_to % {"name": escape(comment.parent_name or "")}
        in_reply = f'<span class="in-reply-to{hidden}">{said}</span>'
    edited = ""
    if comment.edited_at:
        edited = f' <span class="comment-edited">{look.edited}</span>'
    reply = ""
    if is_open:
        to = look.reply_to % {"name": name}
        reply = (
            f'<a class="comment-reply" href="{reply_path}" '
            f'data-reply-to="{pk}" data-reply-name="{name}">{look.reply}'
            f'<span class="visually-hidden"> {to}</span></a>'
        )
    by = look.comment_by % {"name": name}
    local = comment.created_at.astimezone(look.tz)
    return (
        f'<li class="comment depth-{min(depth, 3)}{featured}" id="{li_id}" '
        f'data-depth="{depth}" tabindex="-1">\n'
        f'  <p class="comment-meta"><span class="comment-author">{name}</span>\n'
        f"    {in_reply}\n"
        f'    <a class="comment-time" href="{permalink}">'
        f'<time datetime="{escape(local.replace(microsecond=0).isoformat())}">'
        f"{escape(newsdate_local(local, look.language))}</time></a>{edited}</p>\n"
        f'  <div class="comment-text">{render_comment_text(comment.text)}</div>\n'
        f'  <p class="comment-actions">{reply}\n'
        f'    <a class="comment-report" href="{report_path}" '
        f'rel="nofollow">{look.report}'
        f'<span class="visually-hidden"> {by}</span></a></p>\n'
        "</li>\n"
    )
