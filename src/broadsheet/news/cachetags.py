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
Pages name what they show; changes name what they touch (`broadsheet.public.invalidation`).
Each page also depends on `EVERY_PAGE` and expires at the next scheduled publication
(`publication_time_next`): registered with the page-cache engine in `news.apps`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from broadsheet.core.statements import STAND_IN_TIME, KeptQuery
from broadsheet.news.models import Article
from broadsheet.pagecache.memo import memoised

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


def publication_time_next() -> float:
    """`next_publication_time`, asked of the database once per scheduling change."""
    return memoised(
        ("next-publication",),
        lambda: (next_publication_time(), ("schedule",)),
        expires_at=lambda at: at,
    )
