"""The v1 reads of content: articles, sections, tags, authors, corrections. Each view
parses its parameters, calls one selector and returns data its schema describes; it
names the cache tags of what it shows (`news.cachetags`), so it is invalidated exactly
when the pages showing the same data are."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Query, Router
from pydantic import BeforeValidator

from broadsheet.api import schemas
from broadsheet.api.problems import ProblemError
from broadsheet.api.selectors import (
    CURSOR_PATTERN,
    PAGE_SIZE_DEFAULT,
    PAGE_SIZE_MAX,
    ArticleFilters,
    Cursor,
    CursorInvalid,
    KeysetPage,
    article_get_by_id,
    article_get_by_path,
    article_page_keyset,
    author_list_counted,
    correction_page_keyset,
    section_list_counted,
    tag_list_counted,
)
from broadsheet.news.cachetags import article_tag, tags_for_items
from broadsheet.news.models import Article, Author, Section, Tag
from broadsheet.news.selectors import ArticleGone
from broadsheet.pagecache.pages import page_cache_mark
from broadsheet.photos.models import Photo

router = Router(tags=["content"])

# RFC 3339 date-time, as the document's `format: date-time` says: with seconds and an
# offset (pydantic alone would take a bare number, a date or a time without its zone).
_RFC3339 = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)")


def _rfc3339(value: object) -> object:
    """The moment in UTC; one past what Python holds (year 9999 behind UTC) is its
    latest or earliest moment, as the database could not take it either."""
    if not isinstance(value, str) or not _RFC3339.fullmatch(value):
        raise ValueError("an RFC 3339 date-time with its offset, e.g. 2026-12-08T09:30:00Z")
    text = value.upper()
    if text[17:19] == "60":  # a leap second: Python has none
        text = text[:17] + "59" + text[19:]
    parsed = dt.datetime.fromisoformat(text)
    try:
        return parsed.astimezone(dt.UTC)
    except OverflowError:
        extreme = dt.datetime.max if parsed.year > 1 else dt.datetime.min
        return extreme.replace(tzinfo=dt.UTC)


Moment = Annotated[dt.datetime | None, BeforeValidator(_rfc3339)]

ERRORS: dict[int, type[schemas.Problem]] = {400: schemas.Problem}
NOT_FOUND: dict[int, type[schemas.Problem]] = {404: schemas.Problem, 410: schemas.Problem}


@dataclass(frozen=True)
class DiscussionFacts:
    """What an article's page shows of its discussion."""

    comment_count: int
    comments_open: bool
    # When the thread closes by itself (epoch seconds), if it will.
    closes_at: float | None = None


def _no_discussion(article: Article) -> DiscussionFacts:
    return DiscussionFacts(comment_count=0, comments_open=False)


_discussion_of: list[Callable[[Article], DiscussionFacts]] = [_no_discussion]


def article_discussion_register(facts: Callable[[Article], DiscussionFacts]) -> None:
    """How an article's discussion facts are read: registered once by the composition
    layer, which may read the discussion (this app may not)."""
    _discussion_of[:] = [facts]


Limit = Annotated[
    int,
    Query(
        ge=1,
        le=PAGE_SIZE_MAX,
        description=f"Items a page, at most {PAGE_SIZE_MAX}: more is refused (400), not cut.",
    ),
]
PageCursor = Annotated[
    str | None, Query(description="`next_cursor` of a page.", pattern=CURSOR_PATTERN)
]


def _cursor(value: str | None) -> Cursor | None:
    if not value:
        return None
    try:
        return Cursor.decode(value)
    except CursorInvalid as exc:
        raise ProblemError("invalid_cursor") from exc


def section_ref(section: Section) -> dict[str, Any]:
    return {
        "id": section.pk,
        "slug": section.slug,
        "name": section.name,
        "url": section.get_absolute_url(),
    }


def _named_ref(obj: Tag | Author) -> dict[str, Any]:
    return {"id": obj.pk, "slug": obj.slug, "name": obj.name, "url": obj.get_absolute_url()}


def photo_data(photo: Photo | None) -> dict[str, Any] | None:
    if photo is None:
        return None
    return {
        "url": photo.image.url,
        "width": photo.width,
        "height": photo.height,
        "alt": photo.alt_text,
        "caption": photo.caption,
        "credit": photo.credit,
        "renditions": [
            {
                "url": str(r["url"]),
                "width": int(r["width"]),
                "height": int(r.get("height") or 0),
                "type": str(r["type"]),
            }
            for r in photo.renditions
        ],
    }


def article_summary(article: Article) -> dict[str, Any]:
    return {
        "id": article.pk,
        "url": article.get_absolute_url(),
        "headline": article.headline,
        "standfirst": article.standfirst,
        "language": article.language,
        "section": section_ref(article.section),
        "bylines": [_named_ref(b.author) for b in article.bylines.all()],
        "lead_photo": photo_data(article.lead_photo),
        "published_at": article.published_at,
        "updated_at": article.updated_at,
    }


def article_full(article: Article, facts: DiscussionFacts) -> dict[str, Any]:
    return {
        **article_summary(article),
        "body": article.body,
        "tags": [_named_ref(t) for t in article.tags.all()],
        "sources": [{"name": s.name, "url": s.url} for s in article.sources.all()],
        "corrections": [
            {"id": c.pk, "text": c.text, "created_at": c.created_at}
            for c in article.corrections.all()
        ],
        "translations": [
            {"id": t.pk, "language": t.language, "url": t.get_absolute_url()}
            for t in article.translations.all()
        ],
        "comment_count": facts.comment_count,
        "comments_open": facts.comments_open,
    }


@router.get(
    "/articles/",
    response={200: schemas.ArticlePage, **ERRORS},
    summary="Live articles, newest first",
)
def article_list(
    request: HttpRequest,
    section: Annotated[str | None, Query(description="A section's slug.", max_length=80)] = None,
    tag: Annotated[str | None, Query(description="A tag's slug.", max_length=80)] = None,
    author: Annotated[str | None, Query(description="An author's slug.", max_length=120)] = None,
    language: Annotated[
        str | None, Query(description="The article's language code.", max_length=8)
    ] = None,
    published_after: Moment = None,
    published_before: Moment = None,
    modified_after: Moment = None,
    modified_before: Moment = None,
    cursor: PageCursor = None,
    limit: Limit = PAGE_SIZE_DEFAULT,
) -> Any:
    filters = ArticleFilters(
        section=section,
        tag=tag,
        author=author,
        language=language,
        published_after=published_after,
        published_before=published_before,
        modified_after=modified_after,
        modified_before=modified_before,
    )
    page = article_page_keyset(filters=filters, cursor=_cursor(cursor), limit=limit)
    # Any live article's change bumps "all"; names shown change "names".
    page_cache_mark(request, tags={"all", "names", *tags_for_items(page.items)})
    return {"items": [article_summary(a) for a in page.items], "next_cursor": page.next_cursor}


def _article_answer(request: HttpRequest, find: Callable[[], Article]) -> dict[str, Any]:
    try:
        article = find()
    except Article.DoesNotExist as exc:
        raise ProblemError("not_found") from exc
    except ArticleGone as exc:
        raise ProblemError("withdrawn", exc.article.withdrawal_note) from exc
    facts = _discussion_of[0](article)
    page_cache_mark(
        request,
        tags={article_tag(article.pk), "names"},
        expires_at=facts.closes_at if facts.closes_at is not None else math.inf,
        article_id=article.pk,
    )
    return article_full(article, facts)


@router.get(
    "/articles/{article_id}/",
    response={200: schemas.Article, **NOT_FOUND},
    summary="An article with everything its page shows",
)
def article_detail(request: HttpRequest, article_id: Annotated[int, Path(ge=1, le=2**62)]) -> Any:
    return _article_answer(request, lambda: article_get_by_id(pk=article_id))


@router.get(
    "/article-by-path/",
    response={200: schemas.Article, **ERRORS, **NOT_FOUND},
    summary="The article at a public path of the site",
)
def article_by_path(
    request: HttpRequest,
    path: Annotated[str, Query(description="e.g. /news/some-slug/", max_length=2000)],
) -> Any:
    return _article_answer(request, lambda: article_get_by_path(path=path))


@router.get("/sections/", response=list[schemas.Section], summary="Sections, in menu order")
def section_list(request: HttpRequest) -> Any:
    sections = section_list_counted()
    page_cache_mark(request, tags={"all", "names", "nav"})
    return [
        {**section_ref(s), "description": s.description, "article_count": s.article_count}  # type: ignore[attr-defined]
        for s in sections
    ]


@router.get("/tags/", response=list[schemas.Tag], summary="Tags with live articles")
def tag_list(request: HttpRequest) -> Any:
    tags = tag_list_counted()
    page_cache_mark(request, tags={"all", "names"})
    return [{**_named_ref(t), "article_count": t.article_count} for t in tags]  # type: ignore[attr-defined]


@router.get("/authors/", response=list[schemas.Author], summary="Authors with live articles")
def author_list(request: HttpRequest) -> Any:
    authors = author_list_counted()
    page_cache_mark(request, tags={"all", "names"})
    return [
        {**_named_ref(a), "bio": a.bio, "article_count": a.article_count}  # type: ignore[attr-defined]
        for a in authors
    ]


@router.get(
    "/corrections/",
    response={200: schemas.CorrectionPage, **ERRORS},
    summary="Corrections site-wide, newest first",
)
def correction_list(
    request: HttpRequest,
    cursor: PageCursor = None,
    limit: Limit = PAGE_SIZE_DEFAULT,
) -> Any:
    # Not stored by the page cache: a correction bumps only its article's tags. Its
    # ETag is made from the body (`site._conditional`).
    page: KeysetPage = correction_page_keyset(cursor=_cursor(cursor), limit=limit)
    return {
        "items": [
            {
                "id": c.pk,
                "text": c.text,
                "created_at": c.created_at,
                "article": {
                    "id": c.article.pk,
                    "headline": c.article.headline,
                    "url": c.article.get_absolute_url(),
                },
            }
            for c in page.items
        ],
        "next_cursor": page.next_cursor,
    }
