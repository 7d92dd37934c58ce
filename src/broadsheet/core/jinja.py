"""The Jinja2 environment of the few templates a page's first render spends most of its
time in (the comment form): Jinja2 renders them several times faster than Django's
templates (bench/render_miss.py). Everything else stays with Django's templates.

What the templates get: `_` (Django's gettext, then escaped like any value, as
`{% translate %}` is; the `_("...")` form is what `makemessages` finds) and `url`
(Django's `reverse`). Autoescape is on (Django's Jinja2 backend)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from jinja2 import Environment


def url(viewname: str, *args: Any) -> str:
    return reverse(viewname, args=args or None)


def environment(**options: Any) -> Environment:
    env = Environment(**options)  # noqa: S701 - Django's backend sets autoescape=True
    env.globals.update(_=gettext, url=url)
    return env
