"""Public pages. Each view parses the request, calls one selector, renders."""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from broadsheet.discussion.policy import thread_closes_at
from broadsheet.discussion.selectors import comment_counts_attach, discussion_with_reader_form
from broadsheet.news import selectors
from broadsheet.news.cachetags import tags_for_article_page, tags_for_items
from broadsheet.news.models import Article, Author, Section, Tag
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


def _page(request: HttpRequest, items: QuerySet[Article], *, tags: set[str]) -> Page[Article]:
    """The requested page of a list, each article carrying its visible comment count.

    `tags`: the list's membership for the page cache (see broadsheet.news.cachetags)."""
    page = selectors.article_page(
        articles=items, number=request.GET.get("page"), per_page=settings.BROADSHEET_PAGE_SIZE
    )
    comment_counts_attach(articles=page.object_list)
    page_cache_mark(request, tags=tags | tags_for_items(page.object_list))
    return page


def front(request: HttpRequest) -> HttpResponse:
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
    return render(
        request,
        "news/front.html",
        {
            "front": front_page,
            "most_read_html": most_read.html("readership/_most_read.html", "most_read"),
            "most_commented_html": most_commented_html(most_commented),
            "page_meta": metadata.page_meta_front(request=request),
        },
    )


def latest(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.article_list_live(), tags={"all"})
    return render(
        request,
        "news/list.html",
        {
            "page": page,
            "heading": _("Latest news"),
            "kind": "latest",
            "page_meta": metadata.page_meta_listing(
                request=request, title=_("Latest news"), page_number=page.number
            ),
        },
    )


def section(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_object_or_404(Section, slug=slug)
    page = _page(request, selectors.article_list_live(section=obj), tags={f"section:{obj.pk}"})
    return render(
        request,
        "news/list.html",
        {
            "page": page,
            "heading": obj.name,
            "description": obj.description,
            "kind": "section",
            "page_meta": metadata.page_meta_section(
                request=request, section=obj, page_number=page.number
            ),
        },
    )


def tag(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_object_or_404(Tag, slug=slug)
    page = _page(request, selectors.article_list_live(tag=obj), tags={f"tag:{obj.pk}"})
    return render(
        request,
        "news/list.html",
        {
            "page": page,
            "heading": obj.name,
            "kind": "tag",
            "page_meta": metadata.page_meta_tag(request=request, tag=obj, page_number=page.number),
        },
    )


def author(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    page = _page(request, selectors.article_list_live(author=obj), tags={f"author:{obj.pk}"})
    return render(
        request,
        "news/author.html",
        {
            "page": page,
            "author": obj,
            "page_meta": metadata.page_meta_author(
                request=request, author=obj, page_number=page.number
            ),
        },
    )


def archive_index(request: HttpRequest) -> HttpResponse:
    page_cache_mark(request, tags={"all"})
    return render(request, "news/archive_index.html", {"months": selectors.archive_months()})


def archive(request: HttpRequest, year: int, month: int, day: int | None = None) -> HttpResponse:
    tz = timezone.get_current_timezone()
    # The first and last years have no room for a time zone's offset or the next month.
    if not dt.MINYEAR < year < dt.MAXYEAR:
        raise Http404("No such date")
    try:
        start = dt.datetime(year, month, day or 1, tzinfo=tz)
    except ValueError as exc:
        raise Http404("No such date") from exc
    # The end of the day, or the first day of the next month.
    end = start + dt.timedelta(days=1) if day else (start + dt.timedelta(days=32)).replace(day=1)
    page = _page(request, selectors.article_list_live(start=start, end=end), tags={"all"})
    return render(request, "news/archive.html", {"page": page, "start": start, "by_day": bool(day)})


def article(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        for_reader = article_for_reader(slug=slug)
    except Article.DoesNotExist as exc:
        raise Http404("No such article") from exc
    except selectors.ArticleGone as gone:
        return render(request, "410.html", {"article": gone.article}, status=410)
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
    context = {
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
    return render(request, "news/article.html", context)
