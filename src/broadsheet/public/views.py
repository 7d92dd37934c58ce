"""Public pages. Each view parses the request, calls one selector, renders."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.discussion.selectors import comment_counts_attach
from broadsheet.news import selectors
from broadsheet.news.cachetags import tags_for_items
from broadsheet.news.models import Article, Author, Section, Tag
from broadsheet.pagecache.pages import page_cache_mark
from broadsheet.public import assembly
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
    return render(request, "news/front.html", assembly.front_page(request))


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
        context = assembly.article_page(request, slug=slug)
    except Article.DoesNotExist as exc:
        raise Http404("No such article") from exc
    except selectors.ArticleGone as gone:
        return render(request, "410.html", {"article": gone.article}, status=410)
    return render(request, "news/article.html", context)
