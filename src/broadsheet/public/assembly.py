"""What the public pages show, assembled: each page's parts (memoised blocks, the
thread, the metadata) and the page-cache tags it names. The views render it."""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language

from broadsheet.discussion.policy import thread_closes_at
from broadsheet.discussion.selectors import comment_counts_attach, discussion_with_reader_form
from broadsheet.news import selectors
from broadsheet.news.cachetags import tags_for_article_page, tags_for_items
from broadsheet.pagecache.pages import page_cache_mark, page_is_cache_render
from broadsheet.public.blocks import (
    article_for_reader,
    most_commented_block,
    most_commented_html,
    most_read_block,
    related_block,
    thread_shared,
)
from broadsheet.readership.services import read_record
from broadsheet.syndication import metadata


def front_page(request: HttpRequest) -> dict[str, Any]:
    """The front page's context: its blocks, the rankings, the metadata; marked for
    the page cache with everything it shows."""
    front_page = selectors.front_page_get()
    most_read = most_read_block()
    most_commented = most_commented_block()
    shown = [
        front_page.lead,
        *front_page.latest,
        *(a for block in front_page.blocks for a in block.articles),
    ]
    comment_counts_attach(articles=shown)
    page_cache_mark(
        request,
        tags={"front", "reads", "comments"}
        | tags_for_items([*shown, *most_read.value, *most_commented.value]),
        expires_at=most_commented.expires_at,
    )
    return {
        "front": front_page,
        "most_read_html": most_read.html("readership/_most_read.html", "most_read"),
        "most_commented_html": most_commented_html(most_commented),
        "page_meta": metadata.page_meta_front(request=request),
    }


def article_page(request: HttpRequest, *, slug: str) -> dict[str, Any]:
    """An article page's context, its parts memoised in a page-cache render (a miss redoes
    only what changed), the read counted. Raises Article.DoesNotExist, ArticleGone."""
    for_reader = article_for_reader(slug=slug)
    obj = for_reader.value
    read_record(article_id=obj.pk)
    # Memoised in a page-cache render: a miss redoes only what changed.
    related = related_block(article=obj)
    most_read = most_read_block()
    most_commented = most_commented_block()
    # A render others will be shown has a comment form without per-reader values: the
    # same bytes for every reader (see CommentForm.shared); any other, this reader's own.
    for_cache = page_is_cache_render(request)
    thread = thread_shared(article=obj, page=request.GET.get("cpage"))
    discussion = thread.value if for_cache else discussion_with_reader_form(thread.value)
    if for_cache:
        page_cache_mark(
            request,
            tags=tags_for_article_page(
                obj, shown=[*related.value, *most_read.value, *most_commented.value]
            ),
            expires_at=min(thread_closes_at(obj) or math.inf, most_commented.expires_at),
            article_id=obj.pk,
        )
    meta_key = (get_language(), request.scheme, request.get_host())
    page_meta = for_reader.kept(
        ("meta", *meta_key), lambda: metadata.page_meta_article(request=request, article=obj)
    )
    return {
        "article": obj,
        "article_html": for_reader.html("news/_article.html", "article"),
        "most_read_html": most_read.html("readership/_most_read.html", "most_read"),
        "most_commented_html": most_commented_html(most_commented),
        "related_html": related.html("news/_related.html", "related"),
        "page_meta": page_meta,
        # Its markup in <head>, as long as the metadata it is made of.
        "page_meta_html": for_reader.kept(("meta-html", *meta_key), lambda: page_meta.html),
        "discussion": discussion,
        "thread_html": thread.html("discussion/_thread.html", "discussion"),
    }
