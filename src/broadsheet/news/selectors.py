"""Reads for the public pages. Each selector prefetches what its template shows,
so templates never query and list pages run a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from broadsheet.news.models import Article, Author, Byline, Section, Tag


class ArticleGone(Exception):
    """The article existed and was withdrawn: the page answers 410."""

    def __init__(self, article: Article) -> None:
        super().__init__(article.headline)
        self.article = article


def _with_teaser_data(qs: QuerySet[Article]) -> QuerySet[Article]:
    return qs.select_related("section", "lead_photo").prefetch_related(
        Prefetch("bylines", queryset=Byline.objects.select_related("author"))
    )


def article_list_live(
    *,
    section: Section | None = None,
    tag: Tag | None = None,
    author: Author | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> QuerySet[Article]:
    """Live articles, newest first, ready for a teaser list."""
    qs = Article.objects.live()
    if section is not None:
        qs = qs.filter(section=section)
    if tag is not None:
        qs = qs.filter(tags=tag)
    if author is not None:
        qs = qs.filter(authors=author)
    if start is not None:
        qs = qs.filter(published_at__gte=start)
    if end is not None:
        qs = qs.filter(published_at__lt=end)
    return _with_teaser_data(qs.order_by("-published_at", "-id"))


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
    section. Two article queries whatever the number of sections or articles: the section
    blocks come from one query ranking articles within their section."""
    recent = list(article_list_live()[: latest_count + 1 + 12])
    lead = next((a for a in recent if a.lead_photo_id), recent[0] if recent else None)
    latest = [a for a in recent if a is not lead][:latest_count]
    ranked = (
        article_list_live()
        .annotate(
            rank_in_section=Window(
                RowNumber(),
                partition_by=F("section_id"),
                order_by=[F("published_at").desc(), F("id").desc()],
            )
        )
        .filter(rank_in_section__lte=per_section)
    )
    by_section: dict[int, list[Article]] = {}
    for article in ranked:
        by_section.setdefault(article.section_id, []).append(article)
    blocks = [
        SectionBlock(section=section, articles=by_section[section.pk])
        for section in section_list()
        if section.pk in by_section
    ]
    return FrontPage(lead=lead, latest=latest, blocks=blocks)


def article_get_for_reader(*, slug: str) -> Article:
    """The article a reader asked for, with everything its page shows.

    Raises Article.DoesNotExist when it does not exist or is not live yet, and
    ArticleGone when it was withdrawn.
    """
    article = (
        Article.objects.select_related("section", "lead_photo")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            "tags",
            "sources",
            "corrections",
            Prefetch("translations", queryset=Article.objects.live().order_by("language")),
        )
        .get(slug=slug)
    )
    if article.status == Article.Status.WITHDRAWN:
        raise ArticleGone(article)
    if not article.is_live():
        raise Article.DoesNotExist(slug)
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


def article_list_related(*, article: Article, limit: int = 4) -> list[Article]:
    """Live articles sharing the most tags with `article`, then its section's newest.

    One query (plus the bylines prefetch), whatever the tags.
    """
    tag_ids = [t.pk for t in article.tags.all()]
    return list(
        article_list_live()
        .exclude(pk=article.pk)
        .filter(Q(tags__in=tag_ids) | Q(section_id=article.section_id))
        .annotate(shared=Count("tags", filter=Q(tags__in=tag_ids), distinct=True))
        .order_by("-shared", "-published_at", "-id")[:limit]
    )


def archive_months() -> list[dt.datetime]:
    """Months (in the site's time zone) that have live articles, newest first."""
    return list(Article.objects.live().datetimes("published_at", "month", order="DESC"))


def section_list() -> list[Section]:
    return list(Section.objects.all())
