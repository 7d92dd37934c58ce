"""The invalidation tags: which change touches which pages.

- `a:<id>`: anything showing that article (its page, list items, its comments feed);
- `m:<id>`: what shows the article itself but not its thread (its headline in the
  most-read list, the memoised article of its page): every change of `a:<id>` but a
  comment's;
- `section:<id>`, `tag:<id>`, `author:<id>`: a list's membership (a new article there,
  one leaving it, the list's own name or description);
- `all`: pages listing every article (latest, archive, site feeds, sitemaps);
- `names`: any section's, tag's or author's own fields (name, slug, photo), which an
  article's page shows: unlike `section:<id>`, not a list's membership;
- `front`, `nav` (the section navigation on every page), `reads` (the most-read
  ranking), `comments` (the most-commented ranking, site comments feed), `schedule`
  (the next scheduled publication time, which every page expires at).
Pages name what they show; changes name what they touch (`signals.py`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from broadsheet.core.statements import STAND_IN_TIME, KeptQuery
from broadsheet.news.models import Article

EVERY_PAGE = ("nav", "schedule")


def article_tag(pk: int) -> str:
    return f"a:{pk}"


def article_content_tag(pk: int) -> str:
    return f"m:{pk}"


def tags_of_article_change(pk: int) -> set[str]:
    """A change to the article itself, not its thread: both tags."""
    return {article_tag(pk), article_content_tag(pk)}


def tags_for_items(articles: Iterable[Article | None]) -> set[str]:
    return {article_tag(a.pk) for a in articles if a is not None}


def tags_of_article(article: Article) -> set[str]:
    """Every tag a change to this live article touches: its page and its lists."""
    tags = {*tags_of_article_change(article.pk), "all", "front"}
    if article.section_id:
        tags.add(f"section:{article.section_id}")
    tags.update(f"tag:{pk}" for pk in article.tags.values_list("pk", flat=True))
    tags.update(f"author:{pk}" for pk in article.authors.values_list("pk", flat=True))
    return tags


def tags_for_article_page(article: Article, *, shown: Iterable[Article | None]) -> set[str]:
    """The article's page: itself, its section, tags and authors (the related block
    follows them), the articles in its side blocks and their rankings."""
    tags = {article_tag(article.pk), "reads", "comments", *EVERY_PAGE}
    if article.section_id:
        tags.add(f"section:{article.section_id}")
    tags.update(f"tag:{t.pk}" for t in article.tags.all())
    tags.update(f"author:{b.author_id}" for b in article.bylines.all())
    return tags | tags_for_items(shown)


def next_publication_time() -> float:
    """When the next article goes live by itself (epoch seconds), or never: a scheduled
    one, or one stored as published with a time to come (an import, the shell)."""
    rows = _upcoming_statement().rows(now=timezone.now())
    return rows[0][0].timestamp() if rows else math.inf


@cache
def _upcoming_statement() -> KeptQuery[Article]:
    # Asked again after every publication: kept compiled (`core.statements`).
    def build(now: dt.datetime) -> QuerySet[Article, Any]:
        return (
            Article.objects.filter(
                status__in=[Article.Status.SCHEDULED, Article.Status.PUBLISHED],
                published_at__gt=now,
            )
            .order_by("published_at")
            .values_list("published_at")[:1]
        )

    return KeptQuery(build, now=STAND_IN_TIME)


def thread_closes_at(article: Article) -> float | None:
    """When the article's thread closes by itself (DISCUSSION_CLOSE_AFTER_DAYS)."""
    days = settings.DISCUSSION_CLOSE_AFTER_DAYS
    if days <= 0 or article.published_at is None:
        return None
    closes = article.published_at + dt.timedelta(days=days)
    return closes.timestamp() if closes > timezone.now() else None


def paths_for_tags(tags: Iterable[str]) -> list[str]:
    """The first pages of what `tags` name, as a proxy in front caches them (every
    language prefix): what `proxy_purge` is told. Deeper pages of a list are not listed;
    a proxy keeps them for BROADSHEET_PAGE_CACHE_SHARED_MAX_AGE at most."""
    from django.urls import reverse
    from django.utils.translation import override

    from broadsheet.news.models import Author, Section, Tag

    models: dict[str, type[Article] | type[Section] | type[Tag] | type[Author]] = {
        "a": Article,
        "section": Section,
        "tag": Tag,
        "author": Author,
    }
    localized: list[tuple[str, dict[str, str]]] = []  # URL names under the language prefix
    plain: set[str] = set()  # feeds and sitemaps sit outside it
    for tag in tags:
        kind, _, pk = tag.partition(":")
        if kind in models:
            slug = models[kind].objects.filter(pk=pk).values_list("slug", flat=True).first()
            if slug is None:
                continue
            name = "article" if kind == "a" else kind
            localized.append((f"news:{name}", {"slug": slug}))
            if kind == "a":
                plain.update(
                    reverse(f"syndication:article_comments_{f}", kwargs={"slug": slug})
                    for f in ("rss", "atom")
                )
            else:
                plain.update(
                    reverse(f"syndication:{kind}_{f}", kwargs={"slug": slug})
                    for f in ("rss", "atom")
                )
        elif kind == "front":
            localized.append(("news:front", {}))
        elif kind == "all":
            localized += [("news:latest", {}), ("news:archive_index", {})]
            plain.update(
                reverse(name)
                for name in (
                    "syndication:rss",
                    "syndication:atom",
                    "syndication:sitemap",
                    "syndication:news_sitemap",
                )
            )
            plain.add(reverse("syndication:sitemap_section", kwargs={"section": "articles"}))
        elif kind == "comments":
            plain.update(reverse(f"syndication:comments_{f}") for f in ("rss", "atom"))
    paths = set(plain)
    for code, _name in settings.LANGUAGES:
        with override(code):
            paths.update(reverse(name, kwargs=kwargs) for name, kwargs in localized)
    return sorted(paths)
