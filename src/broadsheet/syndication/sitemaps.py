"""Sitemaps for search engines, on `django.contrib.sitemaps`.

Each sitemap pages itself at 50,000 URLs (the protocol's limit) and the index lists
every page with its own lastmod. Articles are listed oldest first, so a new article only
ever lands on the last page and older pages keep their lastmod.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from broadsheet.news.models import Article, Author, Section, Tag
from broadsheet.syndication.absolute import base_url

if TYPE_CHECKING:  # the sites framework is not installed: a RequestSite stands in
    from django.contrib.sites.models import Site
    from django.contrib.sites.requests import RequestSite


def _to_second(value: dt.datetime | None) -> dt.datetime | None:
    # Sitemaps date to the second; microseconds only make the files noisier.
    return value.replace(microsecond=0) if value is not None else None


def _live_articles_q(prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}status__in": [Article.Status.PUBLISHED, Article.Status.SCHEDULED],
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


class BaseSitemap(Sitemap):
    """Uses `BROADSHEET_BASE_URL` for scheme and host when it is set."""

    limit = 50_000

    def get_protocol(self, protocol: str | None = None) -> str:
        configured = urlsplit(base_url(request=None)).scheme
        return configured or super().get_protocol(protocol)

    def get_domain(self, site: Site | RequestSite | None = None) -> str:
        configured = urlsplit(base_url(request=None)).netloc
        return configured or super().get_domain(site)

    def page_lastmod(self, number: int) -> dt.datetime | None:
        """The lastmod the index shows for page `number`; the whole sitemap's by default."""
        return self.get_latest_lastmod()


class ArticleSitemap(BaseSitemap):
    def items(self) -> QuerySet[Article]:
        return (
            Article.objects.live()
            .only("slug", "published_at", "updated_at")
            .order_by("published_at", "id")
        )

    def lastmod(self, item: Article) -> dt.datetime | None:
        return _to_second(max(filter(None, [item.updated_at, item.published_at])))

    def get_latest_lastmod(self) -> dt.datetime | None:
        return self._newest(self.items())

    def page_lastmod(self, number: int) -> dt.datetime | None:
        start = (number - 1) * self.limit
        return self._newest(self.items()[start : start + self.limit])

    @staticmethod
    def _newest(qs: QuerySet[Article]) -> dt.datetime | None:
        stats = qs.aggregate(updated=Max("updated_at"), published=Max("published_at"))
        return _to_second(max(filter(None, stats.values()), default=None))


class ArticleListSitemap(BaseSitemap):
    """Pages listing articles (a section, tag or author), each dated by its newest live
    article. Tags and authors without live articles are left out: those pages are empty.
    """

    model: type[Section | Tag | Author]
    article_field: str  # the Article field pointing at `model`
    include_empty = False

    def items(self) -> QuerySet[Any]:
        qs = self.model._default_manager.annotate(
            newest=Max("articles__published_at", filter=_live_articles_q("articles__"))
        )
        if not self.include_empty:
            qs = qs.filter(newest__isnull=False)
        return qs.order_by("pk")

    def lastmod(self, item: Any) -> dt.datetime | None:
        return _to_second(item.newest)

    def get_latest_lastmod(self) -> dt.datetime | None:
        return _to_second(
            Article.objects.live()
            .filter(**{f"{self.article_field}__isnull": False})
            .aggregate(newest=Max("published_at"))["newest"]
        )


class SectionSitemap(ArticleListSitemap):
    model = Section
    article_field = "section"
    include_empty = True


class TagSitemap(ArticleListSitemap):
    model = Tag
    article_field = "tags"


class AuthorSitemap(ArticleListSitemap):
    model = Author
    article_field = "authors"


class PageSitemap(BaseSitemap):
    """The front page, the latest news and the archive: they change with every article."""

    def items(self) -> list[str]:
        return ["news:front", "news:latest", "news:archive_index"]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> dt.datetime | None:
        if not hasattr(self, "_newest"):
            self._newest = _to_second(Article.objects.live().aggregate(n=Max("published_at"))["n"])
        return self._newest

    def get_latest_lastmod(self) -> dt.datetime | None:
        return self.lastmod("news:front")


SITEMAPS: dict[str, type[BaseSitemap]] = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
