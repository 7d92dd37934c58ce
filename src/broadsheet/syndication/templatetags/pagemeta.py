"""`{% page_meta as page_meta %}`: the view's PageMeta, or the default one."""

from __future__ import annotations

from typing import Any

from django import template

from broadsheet.syndication.metadata import PageMeta, page_meta_default

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context: dict[str, Any]) -> PageMeta:
    given = context.get("page_meta")
    if isinstance(given, PageMeta):
        return given
    return page_meta_default(request=context.get("request"))
