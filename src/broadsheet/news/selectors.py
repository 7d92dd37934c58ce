"""Reads for the public pages. Each selector prefetches what its template shows,
so templates never query and list pages run a fixed number of queries.

Lists walk an index newest first and stop at what they show: `article_live_order`
(publication time, id, status) or `article_section_order` for a section, with the live
check read from the index. No page sorts or counts every live article; the plans are in
docs/query-plans.md (`bench/query_plans.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from broadsheet.core.statements import (
    STAND_IN_ID,
    STAND_IN_TEXT,
    STAND_IN_TIME,
    KeptQuery,
    id_values,
    stand_in_ids,
)
from broadsheet.news.models import (
    Article,
    ArticleSource,
    Author,
    Byline,
    Correction,
    Section,
    Tag,
)

# A list is counted only this many pages past the one asked for: a long list shows
# "Page 1 of 5+" for the cost of a hundred index entries instead of a million.
PAGES_COUNTED_AHEAD = 4
# A tag or an author with fewer links than this is read through its links, which are
# then sorted; with more, walking the newest articles finds a page sooner. The two costs
# meet near sqrt(page × articles ÷ 30) links on SQLite (a link costs ~30 index steps).
SEEK_LINKS_BELOW = 1000
# Related articles are ranked among this many newest candidates.
RELATED_CANDIDATES = 60


class ArticleGone(Exception):
    """The article existed and was withdrawn: the page answers 410."""

    def __init__(self, article: Article) -> None:
        super().__init__(article.headline)
        self.article = article


# What a ranked list of articles (most commented, most read) shows: headline and link.
RANKED_FIELDS = ("id", "slug", "headline", "language", "status", "published_at")


def _with_teaser_data(qs: QuerySet[Article]) -> QuerySet[Article]:
    # No teaser shows the body: leaving it out spares SQLite its overflow pages.
    return (
        qs.defer("body", "withdrawal_note")
        .select_related("section", "lead_photo")
        .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
    )


def _linked(links: QuerySet[Any]) -> Q:
    """Articles among `links` (a tag's or an author's, by `article_id`), in the form
    with the cheaper plan: one bounded count of the links decides."""
    if links.order_by()[:SEEK_LINKS_BELOW].count() >= SEEK_LINKS_BELOW:
        # Checked article by article while walking the newest: stops at the page.
        return Q(Exists(links.filter(article_id=OuterRef("pk"))))
    # Read through the links' index, then sorted: at most SEEK_LINKS_BELOW of them.
    return Q(pk__in=links.values("article_id"))


def article_list_live(
    *,
    section: Section | None = None,
    tag: Tag | None = None,
    author: Author | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> QuerySet[Article]:
    """Live articles, newest first, ready for a teaser list.

    Lazy, except that a tag or an author costs one query here to pick the plan.
    """
    qs = Article.objects.live()
    if section is not None:
        qs = qs.filter(section=section)
    if tag is not None:
        qs = qs.filter(_linked(Article.tags.through.objects.filter(tag=tag)))
    if author is not None:
        qs = qs.filter(_linked(Byline.objects.filter(author=author)))
    if start is not None:
        qs = qs.filter(published_at__gte=start)
    if end is not None:
        qs = qs.filter(published_at__lt=end)
    return _with_teaser_data(qs.order_by("-published_at", "-id"))


class BoundedPaginator(Paginator):
    """A paginator over ids that counts at most `count_limit` of them. When the list is
    longer, `count_is_exact` is False and the count (so `num_pages`) is a lower bound."""

    def __init__(self, ids: QuerySet[Any, int], per_page: int, *, count_limit: int) -> None:
        super().__init__(ids, per_page)
        self.ids = ids
        self.count_limit = count_limit
        self.count_is_exact = True

    @cached_property
    def count(self) -> int:
        # No ORDER BY: any path that finds count_limit + 1 rows will do.
        counted = self.ids.order_by()[: self.count_limit + 1].count()
        self.count_is_exact = counted <= self.count_limit
        return min(counted, self.count_limit)

    @property
    def num_pages_shown(self) -> str:
        """The number of pages as a reader sees it: "5+" when the count stopped short."""
        pages = self.num_pages  # counts first, so count_is_exact is known
        return str(pages) if self.count_is_exact else f"{pages}+"


def article_page(
    *, articles: QuerySet[Article], number: str | None, per_page: int
) -> Page[Article]:
    """Page `number` of `articles` (a list from `article_list_live`); a number that is
    not one, or out of range, gives the first or the last page.

    The list is counted up to PAGES_COUNTED_AHEAD pages past the one asked for (see
    `BoundedPaginator`). Three queries and the bylines' whatever the list's length: the
    count and the page's ids, both along the list's index, then the page's articles.
    """
    try:
        wanted = max(1, int(number or 1))
    except ValueError:
        wanted = 1
    ids = articles.select_related(None).prefetch_related(None).values_list("pk", flat=True)
    paginator = BoundedPaginator(
        ids, per_page, count_limit=(wanted + PAGES_COUNTED_AHEAD) * per_page
    )
    page: Page[Any] = paginator.get_page(number)
    page_ids = list(page.object_list)
    found = {a.pk: a for a in _with_teaser_data(Article.objects.filter(pk__in=page_ids))}
    # An article withdrawn between the two reads is left out rather than shown.
    page.object_list = [found[pk] for pk in page_ids if pk in found]
    return cast("Page[Article]", page)


@dataclass
class SectionBlock:
    section: Section
    articles: list[Article]


@dataclass
class FrontPage:
    lead: Article | None
    latest: list[Article]
    blocks: list[SectionBlock]


def front_page_get(*, latest_count: int = 8, per_section: int = 4) -> FrontPage:
    """The lead story (newest live article with a photo), the latest, and one block per
    section. Five queries whatever the number of sections or articles: the latest (and
    their bylines); the sections, each carrying the ids of its newest `per_section`
    (one short walk of the section's index per id); those articles (and bylines)."""
    recent = list(article_list_live()[: latest_count + 1 + 12])
    lead = next((a for a in recent if a.lead_photo_id), recent[0] if recent else None)
    latest = [a for a in recent if a is not lead][:latest_count]
    newest_in_section = (
        Article.objects.live()
        .filter(section=OuterRef("pk"))
        .order_by("-published_at", "-id")
        .values("pk")
    )
    sections = list(
        Section.objects.annotate(
            **{f"newest_{n}": Subquery(newest_in_section[n : n + 1]) for n in range(per_section)}
        )
    )
    block_ids = {
        section.pk: [
            pk for n in range(per_section) if (pk := getattr(section, f"newest_{n}")) is not None
        ]
        for section in sections
    }
    wanted = [pk for ids in block_ids.values() for pk in ids]
    found = {a.pk: a for a in _with_teaser_data(Article.objects.filter(pk__in=wanted))}
    blocks = [
        SectionBlock(section=section, articles=[found[pk] for pk in ids if pk in found])
        for section in sections
        if (ids := block_ids[section.pk])
    ]
    return FrontPage(lead=lead, latest=latest, blocks=blocks)


# What the page shows of a translation (a link in its language, live or not): the
# rest of its row (its body above all) is not read.
TRANSLATION_FIELDS = ("id", "slug", "language", "status", "published_at")


def article_for_reader_queryset() -> QuerySet[Article]:
    """What `article_get_for_reader` reads, as a queryset: the definition, which the
    kept statements below follow (tests hold the two to the same answers)."""
    return Article.objects.select_related("section", "lead_photo").prefetch_related(
        Prefetch("bylines", queryset=Byline.objects.select_related("author")),
        "tags",
        "sources",
        "corrections",
        Prefetch(
            "translations",
            queryset=Article.objects.live().only(*TRANSLATION_FIELDS).order_by("language"),
        ),
    )


_ARTICLE = KeptQuery(
    # The slug is unique: one row, no order to keep.
    lambda slug: (
        Article.objects.select_related("section", "lead_photo").filter(slug=slug).order_by()[:1]
    ),
    slug=STAND_IN_TEXT,
)
# Each relation the page shows, by the article's id, in the order its prefetch gives.
_RELATED: dict[str, KeptQuery[Any]] = {
    "bylines": KeptQuery(
        lambda pk: Byline.objects.select_related("author").filter(article_id=pk), pk=STAND_IN_ID
    ),
    "tags": KeptQuery(lambda pk: Tag.objects.filter(articles=pk), pk=STAND_IN_ID),
    "sources": KeptQuery(lambda pk: ArticleSource.objects.filter(article_id=pk), pk=STAND_IN_ID),
    "corrections": KeptQuery(lambda pk: Correction.objects.filter(article_id=pk), pk=STAND_IN_ID),
    # Every translation, the live ones kept below (`live()` needs the time, no stand-in).
    "translations": KeptQuery(
        lambda pk: (
            Article.objects.filter(translations=pk).only(*TRANSLATION_FIELDS).order_by("language")
        ),
        pk=STAND_IN_ID,
    ),
}


def _prefetched(article: Article, name: str, items: list[Any]) -> None:
    """`items` as `article.<name>.all()`, as `prefetch_related` leaves them."""
    queryset = getattr(article, name).get_queryset()
    queryset._result_cache = items
    queryset._prefetch_done = True
    article.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
    field = getattr(type(items[0]), "article", None) if items else None
    if field is not None:  # a byline, source or correction knows its article
        for item in items:
            field.field.set_cached_value(item, article)


def article_get_for_reader(*, slug: str) -> Article:
    """The article a reader asked for, with everything its page shows
    (`article_for_reader_queryset`, in six statements kept compiled).

    Raises Article.DoesNotExist when it does not exist or is not live yet, and
    ArticleGone when it was withdrawn.
    """
    found = _ARTICLE.models(slug=slug)
    if not found:
        raise Article.DoesNotExist(slug)
    article = found[0]
    now = timezone.now()
    if article.status != Article.Status.WITHDRAWN and not article.is_live(now=now):
        raise Article.DoesNotExist(slug)  # nothing more to read for a page not shown
    for name, statement in _RELATED.items():
        items = statement.models(pk=article.pk)
        if name == "translations":
            items = [t for t in items if t.is_live(now=now)]
        _prefetched(article, name, items)
    if article.status == Article.Status.WITHDRAWN:
        raise ArticleGone(article)
    return article


def article_get_for_preview(*, pk: int) -> Article:
    """Any article, live or not, for the staff-only preview."""
    return (
        Article.objects.select_related("section", "lead_photo")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            "tags",
            "sources",
            "corrections",
        )
        .get(pk=pk)
    )


def _related_ids(
    *, pk: int, section_id: int, tag_ids: list[int], now: dt.datetime, among: int, limit: int
) -> QuerySet[Any, tuple[int]]:
    nearby = Article.objects.live(now=now).exclude(pk=pk).filter(section_id=section_id)
    shared: Any = Value(0)
    if tag_ids:
        links = Article.tags.through.objects.filter(article_id=OuterRef("pk"), tag_id__in=tag_ids)
        nearby = (
            Article.objects.live(now=now)
            .exclude(pk=pk)
            .filter(Q(Exists(links)) | Q(section_id=section_id))
        )
        counted = (
            links.order_by().values("article_id").annotate(n=Count("pk")).values("n")  # type: ignore[misc]  # the stubs miss annotations on an auto M2M table
        )
        shared = Coalesce(Subquery(counted), 0)
    candidates = nearby.order_by("-published_at", "-id").values("pk")[:among]
    return (
        Article.objects.filter(pk__in=Subquery(candidates))
        .annotate(shared=shared)
        .order_by("-shared", "-published_at", "-id")
        .values_list("pk")[:limit]
    )


@lru_cache(maxsize=64)
def _related_statement(tags: int, candidates: int, limit: int) -> KeptQuery[Article]:
    """`_related_ids` for an article with `tags` tags, kept compiled: its SQL depends
    only on that number (and the bounds). The article's id and section have stand-ins
    of their own (no id is negative), apart from the tags' (`stand_in_ids`)."""

    def build(pk: int, section_id: int, now: dt.datetime, **ids: int) -> QuerySet[Any, Any]:
        return _related_ids(
            pk=pk,
            section_id=section_id,
            tag_ids=list(ids.values()),
            now=now,
            among=candidates,
            limit=limit,
        )

    return KeptQuery(build, pk=-1, section_id=-2, now=STAND_IN_TIME, **stand_in_ids(tags))


def article_ids_related(*, article: Article, limit: int = 4) -> list[int]:
    """The ids of the live articles sharing the most tags with `article`, then the
    newest, among the RELATED_CANDIDATES newest live articles that share a tag with it
    or its section. Bounded whatever the archive's size: the candidates are found walking
    the newest articles, and only they are ranked. One query.

    The ORM takes twenty times longer to build it than SQLite to run it: it is kept
    compiled for each number of tags (`_related_statement`).
    """
    tag_ids = sorted(t.pk for t in article.tags.all())
    rows = _related_statement(len(tag_ids), RELATED_CANDIDATES, limit).rows(
        pk=article.pk, section_id=article.section_id, now=timezone.now(), **id_values(tag_ids)
    )
    return [row[0] for row in rows]


@cache
def _teaser_statements(count: int) -> tuple[KeptQuery[Article], KeptQuery[Byline]]:
    """`_with_teaser_data` of `count` articles by id, and their bylines, kept compiled."""
    stand_ins = stand_in_ids(count)
    return (
        KeptQuery(
            lambda **ids: _with_teaser_data(Article.objects.filter(pk__in=list(ids.values()))),
            **stand_ins,
        ),
        KeptQuery(
            lambda **ids: Byline.objects.select_related("author").filter(
                article_id__in=list(ids.values())
            ),
            **stand_ins,
        ),
    )


def _teasers_by_id(ids: list[int]) -> dict[int, Article]:
    """`_with_teaser_data(Article.objects.filter(pk__in=ids))`, by id (tests hold the
    two to the same answers), for the few articles a related list shows."""
    if not ids:
        return {}
    articles, bylines = _teaser_statements(len(ids))
    values = id_values(ids)
    found = {a.pk: a for a in articles.models(**values)}
    by_article: dict[int, list[Byline]] = {pk: [] for pk in found}
    for byline in bylines.models(**values):
        by_article[byline.article_id].append(byline)
    for pk, article in found.items():
        _prefetched(article, "bylines", by_article[pk])
    return found


def article_list_related(*, article: Article, limit: int = 4) -> list[Article]:
    """The articles of `article_ids_related`, in its order, ready for a teaser list."""
    ids = article_ids_related(article=article, limit=limit)
    found = _teasers_by_id(ids)
    return [found[pk] for pk in ids if pk in found]


def archive_months() -> list[dt.datetime]:
    """Months (in the site's time zone) that have live articles, newest first.

    Two queries whatever the archive's size: the oldest live article (one step along
    the index), then one row carrying each month's first article (one index seek each).
    """
    now = timezone.now()
    live = Article.objects.live(now=now)
    oldest = live.order_by("published_at", "id").values_list("pk", "published_at").first()
    if oldest is None:
        return []
    oldest_pk, oldest_at = oldest
    months = []
    month = timezone.localtime(oldest_at).replace(day=1, hour=0, minute=0, second=0)
    month = timezone.make_aware(month.replace(microsecond=0, tzinfo=None))
    while month <= now:
        months.append(month)
        naive = (month.replace(tzinfo=None) + dt.timedelta(days=32)).replace(day=1)
        month = timezone.make_aware(naive)

    def first_in(start: dt.datetime, end: dt.datetime | None) -> Subquery:
        # The first article of the month, not EXISTS: the ORDER BY makes PostgreSQL seek
        # the index instead of scanning the table until a row turns up.
        in_month = live.filter(published_at__gte=start)
        if end is not None:
            in_month = in_month.filter(published_at__lt=end)
        return Subquery(in_month.order_by("published_at").values("pk")[:1])

    bounds = zip(months, [*months[1:], None], strict=True)
    present = (
        Article.objects.filter(pk=oldest_pk)
        .annotate(**{f"month_{n}": first_in(start, end) for n, (start, end) in enumerate(bounds)})
        .values_list(*(f"month_{n}" for n in range(len(months))))
        .get()
    )
    return [start for start, first in zip(months, present, strict=True) if first is not None][::-1]


def section_list() -> list[Section]:
    return list(Section.objects.all())


def article_map_ranked(*, pks: Iterable[int]) -> dict[int, Article]:
    """The live articles among `pks`, by id, with only what a ranking shows (a headline
    and a link)."""
    ids = sorted(set(pks))
    if not ids:
        return {}
    statement = _ranked_statement(len(ids))
    return {a.pk: a for a in statement.models(now=timezone.now(), **id_values(ids))}


@lru_cache(maxsize=64)
def _ranked_statement(count: int) -> KeptQuery[Article]:
    def build(now: dt.datetime, **ids: int) -> QuerySet[Article]:
        return Article.objects.live(now=now).filter(pk__in=ids.values()).only(*RANKED_FIELDS)

    return KeptQuery(build, now=STAND_IN_TIME, **stand_in_ids(count))
