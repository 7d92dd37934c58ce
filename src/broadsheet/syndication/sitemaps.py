"""Sitemaps for search engines: each one is a set of files of at most 50,000 URLs (the
protocol's limit), and the index lists every file with its own lastmod.

Files are ranges of ids, not pages of a sorted list: file N holds the rows whose id ÷
50,000 is N − 1. Its bounds cost nothing, a new row only ever lands in the last file,
a withdrawal changes only its own file, and an index answers each file's newest date
(`article_sitemap_page` for articles). A file with nothing live in it is not listed.
Every sitemap runs a fixed number of queries, however many rows and files there are.
Not `django.contrib.sitemaps`: its files are pages of a sorted list (a COUNT, then an
OFFSET walk per file: at a million articles the last file walks them all) and every
file's lastmod is read from its items, which this module answers from one index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    Max,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from broadsheet.core.paths import PATH_SAFE, path_around
from broadsheet.news.models import (
    ARTICLES_PER_SITEMAP,
    Article,
    Author,
    Byline,
    Section,
    Tag,
    article_sitemap_date,
    article_sitemap_page,
)

# A tag or an author with fewer links than this is dated through its links (one article
# row each); with more, walking the newest live articles finds its newest one sooner.
# On SQLite a link costs about 15 index steps (the row's live check sits behind its
# body), so the walk wins from about sqrt(articles / 15) links on.
WALK_FROM_LINKS = 200
# The walk stops after this many live articles; a tag or author not met by then is
# dated through its links after all.
WALK_WINDOW = 5_000
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class SitemapFile:
    """One file of a sitemap as the index lists it: `?p=number`, and its newest date."""

    number: int
    lastmod: dt.datetime | None


@dataclass(frozen=True)
class SitemapUrl:
    location: str
    lastmod: dt.datetime | None


def _to_second(value: dt.datetime | None) -> dt.datetime | None:
    # Sitemaps date to the second; microseconds only make the files noisier.
    return value.replace(microsecond=0) if value is not None else None


def _live_q(now: dt.datetime, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}status__in": [Article.Status.PUBLISHED, Article.Status.SCHEDULED],
            f"{prefix}published_at__lte": now,
        }
    )


def _highest_id(model: type[Model]) -> int | None:
    # MAX, not ORDER BY … LIMIT 1: both read one entry, but only MAX reads as such in a plan.
    highest: int | None = model._default_manager.aggregate(top=Max("pk"))["top"]
    return highest


# PostgreSQL allows at most 1,664 columns in a result: files are asked in groups (one
# group covers 25,000,000 ids at 50,000 a file, so a real site needs one query).
_COLUMNS_PER_QUERY = 500


def _values_of_top_row(model: type[Model], top: int, annotations: dict[str, Any]) -> dict[str, Any]:
    """Evaluate `annotations` (uncorrelated subqueries, one per file) on the one row
    that is certain to exist: `top`, the highest id; one query per group of columns."""
    row: dict[str, Any] = {}
    items = list(annotations.items())
    for start in range(0, len(items), _COLUMNS_PER_QUERY):
        group = dict(items[start : start + _COLUMNS_PER_QUERY])
        row.update(model._default_manager.filter(pk=top).values(**group).first() or {})
    return row


class BaseSitemap:
    """A sitemap: `files()` for the index, `urls(number=…)` for one file."""

    limit = ARTICLES_PER_SITEMAP

    def files(self) -> list[SitemapFile]:
        raise NotImplementedError

    def urls(self, *, number: int, base: str) -> list[SitemapUrl]:
        """File `number` (from 1), its locations prefixed with `base` (`scheme://host`);
        an empty list when the file does not exist or holds nothing live."""
        raise NotImplementedError


class ArticleSitemap(BaseSitemap):
    """Live articles by id. A URL's lastmod is the later of the article's last edit and
    its publication; a file's is the newest of its live *and withdrawn* articles (a
    withdrawal touches the article and takes a URL out of the file)."""

    def _in_file(self, number: int) -> QuerySet[Article]:
        return Article.objects.annotate(file=article_sitemap_page(self.limit)).filter(
            file=number - 1
        )

    def files(self) -> list[SitemapFile]:
        """Two queries: the highest id, then each file's newest date and whether it
        holds a live article (one index step each)."""
        top = _highest_id(Article)
        if top is None:
            return []
        now = timezone.now()
        numbers = range(1, top // self.limit + 2)
        annotations: dict[str, Any] = {}
        for n in numbers:
            dated = (
                self._in_file(n)
                .filter(_live_q(now) | Q(status=Article.Status.WITHDRAWN))
                .annotate(date=article_sitemap_date())
                .order_by("-date")
                .values("date")[:1]
            )
            annotations[f"date_{n}"] = Subquery(dated)
            annotations[f"live_{n}"] = Exists(self._in_file(n).filter(_live_q(now)))
        row = _values_of_top_row(Article, top, annotations)
        return [
            SitemapFile(number=n, lastmod=_to_second(row[f"date_{n}"]))
            for n in numbers
            if row.get(f"live_{n}")
        ]

    def urls(self, *, number: int, base: str) -> list[SitemapUrl]:
        """One query, along `article_sitemap_page` (each row read for its slug only)."""
        rows = sorted(
            self._in_file(number)
            .filter(_live_q(timezone.now()))
            .annotate(date=article_sitemap_date())
            .order_by()  # the index's order; sorted by id below
            .values_list("pk", "slug", "date")[: self.limit]
        )
        # Reversed once, not per article; quoted with the characters `reverse()` keeps.
        head, tail = path_around("news:article", "slug")
        return [
            SitemapUrl(base + head + quote(slug, safe=PATH_SAFE) + tail, _to_second(date))
            for _pk, slug, date in rows
        ]


class ArticleListSitemap(BaseSitemap):
    """Pages listing articles (a section, a tag, an author), by id, each dated by its
    newest live article. Tags and authors without live articles are left out: their
    pages are empty."""

    model: type[Section | Tag | Author]
    include_empty = False

    def newest_live(
        self, *, now: dt.datetime, item: OuterRef | None = None, ids: range | None = None
    ) -> Any:
        """An expression: the newest live publication time among the articles of `item`
        (a reference to one row of `model`) or of any item whose id is in `ids`."""
        raise NotImplementedError

    def _ids(self, number: int) -> range:
        return range((number - 1) * self.limit, number * self.limit)

    def files(self) -> list[SitemapFile]:
        """Two queries: the highest id, then each file's newest live article."""
        manager = self.model._default_manager
        top = _highest_id(self.model)
        if top is None:
            return []
        now = timezone.now()
        numbers = range(1, top // self.limit + 2)
        annotations: dict[str, Any] = {}
        for n in numbers:
            ids = self._ids(n)
            annotations[f"date_{n}"] = self.newest_live(now=now, ids=ids)
            if self.include_empty:
                annotations[f"any_{n}"] = Exists(manager.filter(pk__gte=ids.start, pk__lt=ids.stop))
        row = _values_of_top_row(self.model, top, annotations)
        return [
            SitemapFile(number=n, lastmod=_to_second(row[f"date_{n}"]))
            for n in numbers
            if row.get(f"any_{n}" if self.include_empty else f"date_{n}")
        ]

    def urls(self, *, number: int, base: str) -> list[SitemapUrl]:
        """One query: the file's items, each with its newest live article."""
        ids = self._ids(number)
        items = (
            self.model._default_manager.filter(pk__gte=ids.start, pk__lt=ids.stop)
            .annotate(newest=self.newest_live(now=timezone.now(), item=OuterRef("pk")))
            .order_by("pk")
        )
        return [
            SitemapUrl(location=base + item.get_absolute_url(), lastmod=_to_second(item.newest))
            for item in items
            if self.include_empty or item.newest is not None
        ]


class SectionSitemap(ArticleListSitemap):
    """Every section; each dated in one step of `article_section_order`."""

    model = Section
    include_empty = True

    def newest_live(
        self, *, now: dt.datetime, item: OuterRef | None = None, ids: range | None = None
    ) -> Any:
        if item is None:  # a file: the newest of its (few) sections' dates
            assert ids is not None
            sections = Section.objects.filter(pk__gte=ids.start, pk__lt=ids.stop).annotate(
                newest=self.newest_live(now=now, item=OuterRef("pk"))
            )
            return Subquery(sections.order_by("-newest").values("newest")[:1])
        articles = Article.objects.live(now=now).filter(section=item)
        return Subquery(articles.order_by("-published_at", "-id").values("published_at")[:1])


class LinkedSitemap(ArticleListSitemap):
    """Tags or authors, linked to articles through a table (`links()`, by `key`).

    An item's newest live article is found in the cheaper of two ways, as the news lists
    choose theirs: walking the newest live articles (`article_live_order`) and probing
    the link, which stops at the first one linked; or reading the item's links and their
    articles. An item with WALK_FROM_LINKS links or more walks, at most WALK_WINDOW
    articles deep; a smaller one, or one the walk did not meet, reads its links. A whole
    file walks (any of its items will do), then reads its links if the walk met none.
    """

    key: str  # the link's column naming the item

    def links(self) -> QuerySet[Any]:
        raise NotImplementedError

    def newest_live(
        self, *, now: dt.datetime, item: OuterRef | None = None, ids: range | None = None
    ) -> Any:
        live = Article.objects.live(now=now)
        window_start = Subquery(
            live.order_by("-published_at", "-id").values("published_at")[
                WALK_WINDOW - 1 : WALK_WINDOW
            ]
        )
        in_window = live.filter(published_at__gte=Coalesce(window_start, Value(EARLIEST)))
        live_links = self.links().filter(_live_q(now, "article__"))
        if item is not None:
            walked_links = self.links().filter(**{self.key: OuterRef(item)})
            item_links = self.links().filter(**{self.key: item})
            through = (
                live_links.filter(**{self.key: item})
                .values(self.key)
                .annotate(newest=Max("article__published_at"))
                .values("newest")[:1]
            )
        else:
            assert ids is not None
            span = {f"{self.key}__gte": ids.start, f"{self.key}__lt": ids.stop}
            walked_links = self.links().filter(**span)
            item_links = walked_links
            # MAX over the rows, not a sort of them (and not grouped by item).
            newest = Func(F("article__published_at"), function="MAX")
            through = (
                live_links.filter(**span).order_by().annotate(newest=newest).values("newest")[:1]
            )
        walked = Subquery(
            in_window.filter(Exists(walked_links.filter(article_id=OuterRef("pk"))))
            .order_by("-published_at", "-id")
            .values("published_at")[:1]
        )
        either = Coalesce(walked, Subquery(through))
        if item is None:
            return either
        many = Exists(item_links.order_by()[WALK_FROM_LINKS - 1 : WALK_FROM_LINKS])
        return Case(When(many, then=either), default=Subquery(through))


class TagSitemap(LinkedSitemap):
    model = Tag
    key = "tag_id"

    def links(self) -> QuerySet[Any]:
        return Article.tags.through.objects.all()


class AuthorSitemap(LinkedSitemap):
    model = Author
    key = "author_id"

    def links(self) -> QuerySet[Any]:
        return Byline.objects.all()


class PageSitemap(BaseSitemap):
    """The front page, the latest news and the archive: they change with every article."""

    PAGES = ("news:front", "news:latest", "news:archive_index")

    def _newest(self) -> dt.datetime | None:
        newest = (
            Article.objects.live()
            .order_by("-published_at", "-id")
            .values_list("published_at", flat=True)
            .first()
        )
        return _to_second(newest)

    def files(self) -> list[SitemapFile]:
        return [SitemapFile(number=1, lastmod=self._newest())]

    def urls(self, *, number: int, base: str) -> list[SitemapUrl]:
        if number != 1:
            return []
        newest = self._newest()
        return [SitemapUrl(location=base + reverse(name), lastmod=newest) for name in self.PAGES]


SITEMAPS: dict[str, type[BaseSitemap]] = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


def urlset_xml(urls: list[SitemapUrl]) -> str:
    """A sitemap file, written here rather than by a template: a template's loop costs
    about 200 µs a URL, ten seconds for a full file of 50,000. The same bytes as the
    template it replaced: escaped locations, lastmod in the current time zone (as the
    `date:"c"` filter writes it)."""
    zone = timezone.get_current_timezone()  # looked up once, not per URL
    lines = []
    for url in urls:
        lastmod = (
            f"<lastmod>{url.lastmod.astimezone(zone).isoformat()}</lastmod>"
            if url.lastmod is not None
            else ""
        )
        lines.append(f"<url><loc>{escape(url.location)}</loc>{lastmod}</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{''.join(lines)}\n</urlset>\n"
    )
