"""The Jinja2 environment of the page parts a page's first render spends most of its
time in: the comment form, the article's text block, the thread, teasers, the related
and ranking blocks and the site header. Jinja2 renders them several times faster than
Django's templates (bench/render_miss.py); the pages around them (`base.html` and the
page templates) stay with Django's templates, which include these parts as markup
made by the views and template tags.

What the templates get: `_` (Django's gettext, its result escaped like any value, as
`{% translate %}` is; the `_("...")` form is what `makemessages` finds), `url`
(Django's `reverse`), the news filters (`newsdate`, `htmldatetime`, `picture_sources`,
`comment_count_text`), `comment_html` and the memoised parts (`teaser`, `section_nav`,
`comment_items`). Autoescape is on (Django's Jinja2 backend)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from jinja2 import Environment

from broadsheet.discussion.rendering import render_comment_text
from broadsheet.discussion.templatetags.discussion import comment_items
from broadsheet.news.templatetags.news import (
    comment_count_text,
    htmldatetime,
    newsdate,
    picture_sources,
    section_nav,
    teaser,
    translated_from_text,
)


def url(viewname: str, *args: Any) -> str:
    return reverse(viewname, args=args or None)


def environment(**options: Any) -> Environment:
    env = Environment(**options)  # noqa: S701 - Django's backend sets autoescape=True
    env.globals.update(
        _=gettext,
        url=url,
        teaser=teaser,
        section_nav=section_nav,
        comment_items=comment_items,
    )
    env.filters.update(
        newsdate=newsdate,
        htmldatetime=htmldatetime,
        picture_sources=picture_sources,
        comment_count_text=comment_count_text,
        comment_html=render_comment_text,
        translated_from_text=translated_from_text,
    )
    return env
