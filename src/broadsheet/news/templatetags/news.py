"""Presentation helpers for news templates: formatting, and the page parts kept as
markup (`pagecache.memo.fragment`) keyed by everything they show. No queries: what a
part shows was loaded by the view's selectors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from broadsheet.core.paths import where_now
from broadsheet.news.models import Article, Section
from broadsheet.pagecache.memo import fragment
from broadsheet.photos.models import Photo
from broadsheet.photos.selectors import PictureSources, photo_picture_sources

register = template.Library()

# `E` is the genitive month name in Ukrainian and Russian ("08 січня 2025").
NEWS_DATE_FORMATS = {"en": "d F Y, H:i", "uk": "d E Y, H:i", "ru": "d E Y, H:i"}


@lru_cache(maxsize=1024)
def _news_day(language: str, day: dt.date) -> str:
    # The day's part of NEWS_DATE_FORMATS ("08 January 2025"): the same for every time
    # of the day, and a page's comments fall on a few days (it was most of their time).
    fmt = NEWS_DATE_FORMATS.get(language, NEWS_DATE_FORMATS["en"]).split(",")[0]
    with translation.override(language):
        return date_format(day, fmt)


@register.filter
def newsdate(value: dt.datetime | None) -> str:
    """`08 January 2025, 23:41` in the site's time zone and the active language."""
    if value is None:
        return ""
    language = (translation.get_language() or "en").split("-")[0]
    return newsdate_local(timezone.localtime(value), language)


def newsdate_local(local: dt.datetime, language: str) -> str:
    """`newsdate` of a time already in the zone shown, in `language` ("en", "uk"...)."""
    return f"{_news_day(language, local.date())}, {local:%H:%M}"


@register.filter
def comment_count_text(count: int) -> str:
    """ "1 comment", "5 comments": the active language's plural forms."""
    return ngettext("%(counter)s comment", "%(counter)s comments", count) % {"counter": count}


@register.filter
def translated_from_text(code: str) -> str:
    """The phrase "Translated from Ukrainian" for a machine translation's source
    language, each phrase whole so every language can decline the name as it must."""
    known = {
        "uk": gettext("Translated from Ukrainian"),
        "ru": gettext("Translated from Russian"),
        "en": gettext("Translated from English"),
    }
    if code in known:
        return known[code]
    return gettext("Translated from %(language)s") % {"language": code}


@register.filter
def htmldatetime(value: dt.datetime | None) -> str:
    """A `datetime` attribute value HTML accepts: seconds, no microseconds, with offset."""
    if value is None:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.simple_tag
def site_header(site_name: str, site_tagline: str, sections: Iterable[Section]) -> SafeString:
    """The skip link, the site's header and its navigation (`core/_site_header.html`),
    made once for each language, URL prefix, name and set of sections: every page
    shows them, and their links and labels were a tenth of a page's templates."""
    shown = list(sections)
    key = (
        "site-header",
        where_now(),
        site_name,
        site_tagline,
        tuple((s.pk, s.slug, s.name) for s in shown),
    )
    context = {"site_name": site_name, "site_tagline": site_tagline, "nav_sections": shown}
    html = fragment(key, lambda: render_to_string("core/_site_header.html", context))
    return mark_safe(html)  # noqa: S308 - made by the template, which escapes


@register.simple_tag
def teaser(item: Article, *, with_photo: bool = False, heading_tag: str = "h3") -> SafeString:
    """An article's teaser (`_teaser.html`), its markup kept by everything it shows: a
    list or a related block made again renders only the teasers that changed (most
    articles a first render lists were listed on another page before)."""
    photo = item.lead_photo if with_photo and item.lead_photo_id else None
    pic = picture_sources(photo) if photo is not None else None
    section = item.section
    key = (
        "teaser",
        where_now(),
        timezone.get_current_timezone_name(),
        heading_tag,
        item.pk,
        item.slug,
        item.language,
        item.headline,
        item.standfirst,
        item.published_at,
        section.pk,
        section.slug,
        section.name,
        getattr(item, "comment_count", 0),
        photo.alt_text if photo is not None else None,
        pic,
    )
    context = {"item": item, "pic": pic, "heading_tag": heading_tag}
    html = fragment(key, lambda: render_to_string("news/_teaser.html", context))
    return mark_safe(html)  # noqa: S308 - made by the template, which escapes


@register.filter
def picture_sources(photo: object) -> PictureSources | None:
    return photo_picture_sources(photo=photo) if isinstance(photo, Photo) else None


@register.simple_tag
def section_nav(sections: Iterable[Section]) -> SafeString:
    """The navigation's section links (`_section_nav.html`), made once for each set of
    sections (their names and slugs), language and URL prefix: every page shows them."""
    shown = list(sections)
    key = ("section-nav", where_now(), tuple((s.pk, s.slug, s.name) for s in shown))
    html = fragment(key, lambda: render_to_string("news/_section_nav.html", {"sections": shown}))
    return mark_safe(html)  # noqa: S308 - made by the template, which escapes
