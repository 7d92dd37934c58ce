from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from broadsheet.discussion.rendering import render_comment_text
from broadsheet.discussion.smilies import smiley_path

register = template.Library()


@register.filter
def comment_html(text: str) -> SafeString:
    """A comment's text as safe HTML (escaped; links and smilies converted)."""
    return render_comment_text(text)


@register.filter
def smiley_static(slug: str) -> str:
    return smiley_path(slug)


@register.filter
def display_depth(depth: int) -> int:
    """Replies indent up to three levels; deeper ones stay at the third."""
    return min(int(depth), 3)
