"""Reads for feeds, sitemaps and the news sitemap. Each runs a fixed number of queries,
and none reads more than what it shows plus a bounded window (docs/query-plans.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from broadsheet.discussion.models import Comment
from broadsheet.discussion.selectors import PUBLIC_FIELDS, comment_list_visible
from broadsheet.news.models import Article, Author, Byline, Section, Tag
from broadsheet.news.selectors import SEEK_LINKS_BELOW

# What left a feed is looked for among at most this many rows of its window (the
# articles or comments since its oldest item): far more than a window ever holds, but a
# bound the query plans can show.
WINDOW_ROWS = 1000


@dataclass(frozen=True)
class Freshness:
    """What a conditional GET compares: an ETag and a Last-Modified time."""

    etag: str
    last_modified: dt.datetime | None


def _freshness(*, salt: str, items: list[tuple[Any, ...]], gone: dt.datetime | None) -> Freshness:
    """Validators of a feed from its items (an id and its times each) and the newest
    time something left it. Last-Modified is the newest of all those times."""
    stamps = [v for item in items for v in item[1:] if isinstance(v, dt.datetime)]
    if gone is not None:
        stamps.append(gone)
    fingerprint = "|".join([salt, *(";".join(map(str, item)) for item in items), f"gone={gone}"])
    return Freshness(
        etag=hashlib.sha256(fingerprint.encode()).hexdigest()[:32],
        last_modified=max(stamps, default=None),
    )


def _linked(links: QuerySet[Any]) -> Q:
    """Articles among `links` (a tag's or an author's, by `article_id`) in the form the
    news lists use: one bounded count of the links picks the cheaper plan."""
    if links.order_by()[:SEEK_LINKS_BELOW].count() >= SEEK_LINKS_BELOW:
        return Q(Exists(links.filter(article_id=OuterRef("pk"))))
    return Q(pk__in=links.values("article_id"))


def article_feed_scope(
    *, section: Section | None = None, tag: Tag | None = None, author: Author | None = None
) -> Q:
    """The articles a feed covers, as a filter; one query for a tag or an author (to
    pick the plan), none otherwise."""
    scope = Q()
    if section is not None:
        scope &= Q(section=section)
    if tag is not None:
        scope &= _linked(Article.tags.through.objects.filter(tag=tag))
    if author is not None:
        scope &= _linked(Byline.objects.filter(author=author))
    return scope


def article_list_for_feed(*, limit: int, scope: Q) -> list[Article]:
    """The newest `limit` live articles in `scope` with their section and lead photo, in
    one query walking the newest first; `article_feed_prefetch` adds the rest."""
    return list(
        Article.objects.live()
        .filter(scope)
        .select_related("section", "lead_photo")
        .order_by("-published_at", "-id")[:limit]
    )


def article_feed_prefetch(*, articles: list[Article]) -> None:
    """Everything a feed item shows besides the article: bylines, tags, sources. Three
    queries whatever the number of articles."""
    prefetch_related_objects(
        articles,
        Prefetch("bylines", queryset=Byline.objects.select_related("author")),
        "tags",
        "sources",
    )


def article_feed_freshness(
    *, articles: list[Article], limit: int, scope: Q, salt: str = ""
) -> Freshness:
    """ETag and Last-Modified of a feed showing `articles`, the newest `limit` live
    articles in `scope`. One query.

    The items carry their own validators: an article published, going live on schedule,
    edited, withdrawn or moved away changes their ids or times. What left the feed
    leaves no item, so Last-Modified also takes the newest withdrawal (a withdrawal
    touches the article) among articles in scope published since the oldest item: it
    never goes back when an item is withdrawn. The ETag adds `salt` (the feed's URL and
    language).
    """
    withdrawn = Article.objects.filter(scope, status=Article.Status.WITHDRAWN)
    if len(articles) >= limit:  # a shorter feed shows everything in scope
        withdrawn = withdrawn.filter(published_at__gte=articles[-1].published_at)
    gone = withdrawn.order_by("-published_at", "-id")[:WINDOW_ROWS].aggregate(
        gone=Max("updated_at")
    )["gone"]
    return _freshness(
        salt=salt,
        items=[(a.pk, a.updated_at, a.published_at) for a in articles],
        gone=gone,
    )


def article_list_for_news_sitemap(*, hours: int = 48, limit: int = 1000) -> list[Article]:
    """Live articles published in the last `hours` hours, newest first (Google News reads
    at most 1,000 per sitemap). One query."""
    now = timezone.now()
    return list(
        Article.objects.live(now=now)
        .filter(published_at__gte=now - dt.timedelta(hours=hours))
        .only("slug", "headline", "language", "published_at", "updated_at")
        .order_by("-published_at", "-id")[:limit]
    )


# Comments. Visibility is the discussion app's rule (`comment_list_visible`: approved
# only); the site-wide list applies the same status and keeps to live articles.


def article_get_live(*, slug: str) -> Article:
    """A live article by slug; raises Article.DoesNotExist otherwise."""
    return Article.objects.live().only("id", "slug", "headline").get(slug=slug)


def comment_list_for_feed(*, limit: int, article: Article | None = None) -> list[Comment]:
    """The newest `limit` approved comments, of one article or of every live article,
    with their article's headline and slug. One query."""
    if article is not None:
        qs = comment_list_visible(article_id=article.pk)
    else:
        # Checked comment by comment while walking the newest (an IN list would first
        # collect every live article).
        live = Article.objects.live().filter(pk=OuterRef("article_id"))
        qs = Comment.objects.filter(Exists(live), status=Comment.Status.APPROVED).select_related(
            "parent"
        )
    return list(
        qs.select_related("article")
        .only(*PUBLIC_FIELDS, "moderated_at", "article__slug", "article__headline")
        .order_by("-created_at", "-id")[:limit]
    )


def comment_feed_freshness(
    *, comments: list[Comment], limit: int, article: Article | None = None, salt: str = ""
) -> Freshness:
    """ETag and Last-Modified of a comment feed showing `comments`, the newest `limit`
    approved ones (of `article`, or site-wide). One query.

    Posting, editing and approving move an item's times or the set of items. A comment
    removed or marked as spam leaves the feed with its `moderated_at` stamped: the
    newest such stamp among comments posted since the oldest item joins Last-Modified,
    so it never goes back.
    """
    window = Comment.objects.all() if article is None else Comment.objects.filter(article=article)
    if len(comments) >= limit:
        window = window.filter(created_at__gte=comments[-1].created_at)
    gone = window.order_by("-created_at", "-id")[:WINDOW_ROWS].aggregate(gone=Max("moderated_at"))[
        "gone"
    ]
    return _freshness(
        salt=salt,
        items=[(c.pk, c.created_at, c.edited_at, c.moderated_at) for c in comments],
        gone=gone,
    )
