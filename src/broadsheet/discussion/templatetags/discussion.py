from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import astuple
from functools import partial

from django import template
from django.template.context import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from markupsafe import escape  # as the form's Jinja2 template escapes

from broadsheet.core.paths import where_now
from broadsheet.discussion.forms import CommentForm
from broadsheet.discussion.rendering import render_comment_text
from broadsheet.discussion.selectors import ThreadComment
from broadsheet.news.models import Article
from broadsheet.pagecache.memo import fragment

register = template.Library()


@register.filter
def comment_html(text: str) -> SafeString:
    """A comment's text as safe HTML (escaped; links and smilies converted)."""
    return render_comment_text(text)


@register.filter
def display_depth(depth: int) -> int:
    """Replies indent up to three levels; deeper ones stay at the third."""
    return min(int(depth), 3)


def _comment_key(
    comment: ThreadComment, where: tuple[object, ...], *, is_open: bool, featured_copy: bool
) -> tuple[object, ...]:
    # Everything `_comment.html` shows of the comment, and what it is shown in: the
    # language and URL prefix (`where_now`), the time zone.
    return ("comment", *where, is_open, featured_copy, *astuple(comment))


@register.simple_tag
def comment_items(
    comments: Iterable[ThreadComment],
    *,
    open: bool = False,
    featured_copy: bool = False,
) -> SafeString:
    """Each comment's `<li>` (`discussion/_comment.html`, the one template of it), its
    markup memoised by what it shows: a thread renders again only the comments that are
    new or changed."""
    is_open, copy = bool(open), bool(featured_copy)
    where = (*where_now(), timezone.get_current_timezone_name())
    html = "".join(
        fragment(
            _comment_key(c, where, is_open=is_open, featured_copy=copy),
            partial(comment_item_html, c, is_open=is_open, featured_copy=copy),
        )
        for c in comments
    )
    return mark_safe(html)  # noqa: S308 - the template escapes every reader's text


def comment_item_html(comment: ThreadComment, *, is_open: bool, featured_copy: bool) -> str:
    """One comment's `<li>`, as a thread and a posted comment's reply show it."""
    context = {"comment": comment, "open": is_open, "featured_copy": featured_copy}
    return render_to_string("discussion/_comment.html", context)


# The article a form's markup is made for, a stand-in: the form shows only its id (in
# the URLs it posts to), so the markup is made once per language, not per article, and
# the id put in. Digits, as the URLs' converter takes; no form text holds them.
_ARTICLE_SLOT = 7350918264
_FORM_URLS = ("discussion:start", "discussion:post")


class _ArticleSlot:
    pk = _ARTICLE_SLOT


def _for_article(html: str, article: Article) -> str:
    """The markup made for `_ArticleSlot`, for `article`: its URLs hold its id."""
    for name in _FORM_URLS:
        html = html.replace(
            reverse(name, kwargs={"article_id": _ARTICLE_SLOT}),
            reverse(name, kwargs={"article_id": article.pk}),
        )
    return html


@register.simple_tag
def shared_comment_form(form: CommentForm, article: Article) -> SafeString:
    """The comment form of a page for the page cache (`CommentForm.shared`): the same
    markup for every reader of an article in a language, so it is made once."""
    key = ("comment-form", where_now())  # the language and the URL prefix
    html = fragment(
        key,
        lambda: get_template("discussion/_form.html").render(
            {"form": form, "article": _ArticleSlot}
        ),
    )
    return mark_safe(_for_article(html, article))  # noqa: S308 - the template's markup


# Stand-ins for a reader's own values in the form's memoised markup: letters and digits
# only, so escaping leaves them as they are, and random, so no text can hold one.
_SLOTS = {
    name: f"bs{secrets.token_hex(12)}"
    for name in ("csrf", "pow", "question", "form_token", "captcha")
}


def _reader_values(form: CommentForm, csrf_token: str) -> dict[str, str] | None:
    """What tells a fresh reader's form from any other of its article and language, or
    None when the form holds more (a reader's input, errors, a reply)."""
    initial = form.initial
    if (
        form.is_bound
        or form.is_shared
        or set(initial) != {"form_token", "captcha", "answer", "altcha"}
    ):
        return None
    # "NOTPROVIDED": Django's word for a request without a token, which `csrf_token` omits.
    if initial["answer"] or initial["altcha"] or csrf_token in ("", "NOTPROVIDED"):
        return None
    return {
        "csrf": csrf_token,
        "pow": form.pow_challenge_json,
        "question": form.question,
        "form_token": str(initial["form_token"]),
        "captcha": str(initial["captcha"]),
    }


def _form_with_slots() -> str:
    form = CommentForm()
    form.question = _SLOTS["question"]
    form.pow_challenge_json = _SLOTS["pow"]
    form.initial.update(
        form_token=_SLOTS["form_token"], captcha=_SLOTS["captcha"], answer="", altcha=""
    )
    context = {"form": form, "article": _ArticleSlot, "csrf_token": _SLOTS["csrf"]}
    return get_template("discussion/_form.html").render(context)


@register.simple_tag(takes_context=True)
def comment_form(context: Context, form: CommentForm, article: Article) -> SafeString:
    """The comment form of a discussion. The shared one (`shared_comment_form`), or a
    reader's fresh form: the article's markup made once per language with stand-ins,
    which get this reader's values, escaped as the template escapes them. Any other
    form (a reader's input, errors) goes through the template."""
    if form.is_shared:
        return shared_comment_form(form, article)
    values = _reader_values(form, str(context.get("csrf_token") or ""))
    if values is None:
        own = get_template("discussion/_form.html").render(
            {
                "form": form,
                "article": article,
                "parent": context.get("parent"),
                "csrf_token": str(context.get("csrf_token") or ""),
            }
        )
        return mark_safe(own)  # noqa: S308 - made by the template, which escapes
    html = _for_article(fragment(("reader-comment-form", where_now()), _form_with_slots), article)
    for name, value in values.items():
        html = html.replace(_SLOTS[name], escape(value))
    return mark_safe(html)  # noqa: S308 - the template's markup, each value escaped
