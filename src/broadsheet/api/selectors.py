"""The API's reads: what a reader may see, as the public pages read it.

Articles come from `news.selectors` (`article_list_live`, `article_get_for_reader`);
what the pages have no list for (a keyset page, names with counts, the corrections
log) is read here from news's live set (`Article.objects.live()`), never a draft, a
scheduled article not yet due or a withdrawn one.

Keyset pagination: a page is the articles after a cursor (publication time and id of
the last one shown), newest first, along the index `article_live_order`; page 500 costs
what page 1 costs, where an OFFSET would walk every article before it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

from broadsheet.news.models import Article, Author, Correction, Section, Tag
from broadsheet.news.selectors import article_get_for_reader, article_list_live

# The hard limit of a page (docs/api.md): a request over it is refused, never capped.
PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 100


class CursorInvalid(ValueError):
    """A cursor this API did not give."""


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)
# Every string of this form is a cursor (the OpenAPI document says so): a page after
# any moment and id, not only after those the API gave.
CURSOR_PATTERN = r"^-?[0-9]{1,16}\.[0-9]{1,18}$"


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after the item with this time and id (newest first),
    written `<microseconds since 1970>.<id>`."""

    at: dt.datetime
    pk: int

    def encode(self) -> str:
        return f"{(self.at - _EPOCH) // _MICROSECOND}.{self.pk}"

    @classmethod
    def decode(cls, value: str) -> Cursor:
        if not re.fullmatch(CURSOR_PATTERN, value):
            raise CursorInvalid(value)
        micros, pk = value.split(".")
        return cls(at=_EPOCH + int(micros) * _MICROSECOND, pk=int(pk))


@dataclass
class KeysetPage:
    items: list[Any]
    next_cursor: str | None


@dataclass(frozen=True)
class ArticleFilters:
    section: str | None = None
    tag: str | None = None
    author: str | None = None
    language: str | None = None
    published_after: dt.datetime | None = None
    published_before: dt.datetime | None = None
    modified_after: dt.datetime | None = None
    modified_before: dt.datetime | None = None


def _after(cursor: Cursor, *, time_field: str) -> Q:
    return Q(**{f"{time_field}__lt": cursor.at}) | Q(**{time_field: cursor.at, "pk__lt": cursor.pk})


def _named(model: type[Section] | type[Tag] | type[Author], slug: str | None) -> Any:
    """The section, tag or author of `slug`; `False` when there is none (an empty list)."""
    if slug is None:
        return None
    if "\x00" in slug:  # in no slug; PostgreSQL refuses it in a query
        return False
    return model.objects.filter(slug=slug).first() or False


def article_page_keyset(
    *, filters: ArticleFilters, cursor: Cursor | None, limit: int
) -> KeysetPage:
    """Live articles matching `filters`, newest first, `limit` of them after `cursor`.

    A filter naming no section, tag or author gives an empty page. Reads `limit + 1`
    articles to know whether another page follows; the bylines in one query more.
    """
    section = _named(Section, filters.section)
    tag = _named(Tag, filters.tag)
    author = _named(Author, filters.author)
    if False in (section, tag, author) or "\x00" in (filters.language or ""):
        return KeysetPage(items=[], next_cursor=None)
    qs = article_list_live(
        section=section or None,
        tag=tag or None,
        author=author or None,
        start=filters.published_after,
        end=filters.published_before,
    )
    if filters.language:
        qs = qs.filter(language=filters.language)
    if filters.modified_after:
        qs = qs.filter(updated_at__gte=filters.modified_after)
    if filters.modified_before:
        qs = qs.filter(updated_at__lt=filters.modified_before)
    if cursor is not None:
        qs = qs.filter(_after(cursor, time_field="published_at"))
    rows = list(qs[: limit + 1])
    items = rows[:limit]
    following = None
    if len(rows) > limit and items[-1].published_at is not None:
        following = Cursor(at=items[-1].published_at, pk=items[-1].pk).encode()
    return KeysetPage(items=items, next_cursor=following)


def _reader_article(slug: str) -> Article:
    """`article_get_for_reader`: raises Article.DoesNotExist, or ArticleGone."""
    return article_get_for_reader(slug=slug)


def article_get_by_id(*, pk: int) -> Article:
    """A live article with everything its page shows. Raises Article.DoesNotExist (none,
    or not live: a draft, or scheduled and not due) or ArticleGone (withdrawn)."""
    slug = Article.objects.filter(pk=pk).values_list("slug", flat=True).first()
    if slug is None:
        raise Article.DoesNotExist(pk)
    return _reader_article(slug)


def article_get_by_path(*, path: str) -> Article:
    """The article whose public page is at `path` (`/news/<slug>/`, with or without a
    language prefix or the site's address). Raises as `article_get_by_id`."""
    if "://" in path:
        path = "/" + path.split("://", 1)[1].partition("/")[2]
    path = path.split("?", 1)[0].split("#", 1)[0].replace("\x00", "")
    if not path.startswith("/"):
        path = "/" + path
    # The language prefix resolves only with its language active (i18n_patterns).
    code = path.split("/")[1] if path.count("/") > 1 else ""
    language = code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404 as exc:
        raise Article.DoesNotExist(path) from exc
    if match.view_name != "news:article":
        raise Article.DoesNotExist(path)
    return _reader_article(str(match.kwargs["slug"]))


def section_list_counted() -> list[Section]:
    """Every section in the navigation's order, each with `article_count` (live)."""
    live = Article.objects.live(now=timezone.now()).values("pk")
    return list(
        Section.objects.annotate(article_count=Count("articles", filter=Q(articles__in=live)))
    )


def tag_list_counted() -> list[Tag]:
    """Tags with at least one live article, by name, each with `article_count`."""
    live = Article.objects.live(now=timezone.now()).values("pk")
    return list(
        Tag.objects.annotate(article_count=Count("articles", filter=Q(articles__in=live)))
        .filter(article_count__gt=0)
        .order_by("name", "pk")
    )


def author_list_counted() -> list[Author]:
    """Authors with at least one live article, by name, each with `article_count`."""
    live = Article.objects.live(now=timezone.now()).values("pk")
    return list(
        Author.objects.select_related("photo")
        .annotate(article_count=Count("bylines", filter=Q(bylines__article__in=live)))
        .filter(article_count__gt=0)
        .order_by("name", "pk")
    )


def correction_page_keyset(*, cursor: Cursor | None, limit: int) -> KeysetPage:
    """Corrections of live articles, newest first (each with its article), `limit`
    after `cursor`."""
    live = Article.objects.live(now=timezone.now()).filter(pk=OuterRef("article_id"))
    qs = (
        Correction.objects.filter(Exists(live))
        .select_related("article")
        .only("id", "text", "created_at", "article__id", "article__slug", "article__headline")
        .order_by("-created_at", "-id")
    )
    if cursor is not None:
        qs = qs.filter(_after(cursor, time_field="created_at"))
    rows = list(qs[: limit + 1])
    items = rows[:limit]
    following = None
    if len(rows) > limit:
        following = Cursor(at=items[-1].created_at, pk=items[-1].pk).encode()
    return KeysetPage(items=items, next_cursor=following)
