from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django import template
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from broadsheet.discussion.forms import CommentForm
from broadsheet.discussion.rendering import comment_item_html, render_comment_text
from broadsheet.discussion.selectors import ThreadComment
from broadsheet.discussion.smilies import smiley_path
from broadsheet.news.models import Article
from broadsheet.pagecache.memo import fragment

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


def _comment_key(
    comment: ThreadComment, *, is_open: bool, featured_copy: bool
) -> tuple[object, ...]:
    # Everything `comment_item_html` shows of the comment, and what it is shown in.
    return (
        "comment",
        translation.get_language(),
        timezone.get_current_timezone_name(),
        is_open,
        featured_copy,
        comment.pk,
        comment.name,
        comment.text,
        comment.created_at,
        comment.edited_at,
        comment.featured,
        comment.depth,
        comment.parent_id,
        comment.parent_name,
    )


@register.simple_tag
def comment_items(
    comments: Iterable[ThreadComment],
    *,
    open: bool = False,
    featured_copy: bool = False,
) -> SafeString:
    """Each comment's `<li>` (`rendering.comment_item_html`), its markup memoised by what
    it shows: a thread renders again only the comments that are new or changed."""
    is_open, copy = bool(open), bool(featured_copy)
    render = partial(comment_item_html, is_open=is_open, featured_copy=copy)
    html = "".join(
        fragment(_comment_key(c, is_open=is_open, featured_copy=copy), partial(render, c))
        for c in comments
    )
    return mark_safe(html)  # noqa: S308 - comment_item_html escapes every reader's text


@register.simple_tag
def shared_comment_form(form: CommentForm, article: Article) -> SafeString:
    """The comment form of a page for the page cache (`CommentForm.shared`): the same
    markup for every reader of the article in a language, so it is made once."""
    key = ("comment-form", translation.get_language(), article.pk)
    html = fragment(
        key,
        lambda: get_template("discussion/_form.html").render({"form": form, "article": article}),
    )
    return mark_safe(html)  # noqa: S308 - made by the template, which escapes
