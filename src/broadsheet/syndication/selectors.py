"""Reads for feeds, sitemaps and the news sitemap. Each runs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from broadsheet.discussion.models import Comment
from broadsheet.discussion.selectors import PUBLIC_FIELDS, comment_list_visible
from broadsheet.news.models import Article, Author, Byline, Section, Tag


@dataclass(frozen=True)
class Freshness:
    """What a conditional GET compares: an ETag and a Last-Modified time."""

    etag: str
    last_modified: dt.datetime | None


def _live_q(now: dt.datetime) -> Q:
    return Q(status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED], published_at__lte=now)


def _scoped(
    qs: QuerySet[Article], *, section: Section | None, tag: Tag | None, author: Author | None
) -> QuerySet[Article]:
    if section is not None:
        qs = qs.filter(section=section)
    if tag is not None:
        qs = qs.filter(tags=tag)
    if author is not None:
        qs = qs.filter(authors=author)
    return qs


def article_list_for_feed(
    *,
    limit: int,
    section: Section | None = None,
    tag: Tag | None = None,
    author: Author | None = None,
) -> list[Article]:
    """The newest `limit` live articles in scope, with everything a feed item shows.

    Four queries whatever `limit` is: articles (with section and photo), bylines, tags,
    sources.
    """
    qs = _scoped(Article.objects.live(), section=section, tag=tag, author=author)
    return list(
        qs.select_related("section", "lead_photo")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            "tags",
            "sources",
        )
        .order_by("-published_at", "-id")[:limit]
    )


def article_feed_freshness(
    *,
    section: Section | None = None,
    tag: Tag | None = None,
    author: Author | None = None,
    salt: str = "",
) -> Freshness:
    """ETag and Last-Modified of a feed's articles, from one aggregate query.

    Last-Modified is the newest `updated_at` among live and withdrawn articles (a
    withdrawal touches the article, so it changes the feed) or the newest live
    `published_at` (a scheduled article goes live without being touched). The ETag adds
    the live count and `salt` (the feed's URL and language), so any such change, and
    only such a change, gives a new tag.
    """
    now = timezone.now()
    live = _live_q(now)
    scope = _scoped(
        Article.objects.filter(live | Q(status=Article.Status.WITHDRAWN)),
        section=section,
        tag=tag,
        author=author,
    )
    stats = scope.aggregate(
        updated=Max("updated_at"),
        published=Max("published_at", filter=live),
        live_count=Count("id", filter=live, distinct=True),
    )
    stamps = [s for s in (stats["updated"], stats["published"]) if s is not None]
    last_modified = max(stamps) if stamps else None
    fingerprint = "|".join([salt, str(stats["live_count"]), *(s.isoformat() for s in stamps)])
    return Freshness(
        etag=hashlib.sha256(fingerprint.encode()).hexdigest()[:32],
        last_modified=last_modified,
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
        qs = Comment.objects.filter(
            status=Comment.Status.APPROVED, article__in=Article.objects.live().values("pk")
        ).select_related("parent")
    return list(
        qs.select_related("article")
        .only(*PUBLIC_FIELDS, "article__slug", "article__headline")
        .order_by("-created_at", "-id")[:limit]
    )


def comment_feed_freshness(*, article: Article | None = None, salt: str = "") -> Freshness:
    """ETag and Last-Modified of a comment feed, from one aggregate query.

    Posting, editing and moderating (which stamps `moderated_at`, also when an approved
    comment is removed) all move one of the three times; the approved count catches
    the rest.
    """
    qs = Comment.objects.all()
    if article is not None:
        qs = qs.filter(article=article)
    approved = Q(status=Comment.Status.APPROVED)
    stats = qs.aggregate(
        created=Max("created_at", filter=approved),
        edited=Max("edited_at"),
        moderated=Max("moderated_at"),
        approved_count=Count("id", filter=approved),
    )
    stamps = [stats[k] for k in ("created", "edited", "moderated") if stats[k] is not None]
    fingerprint = "|".join([salt, str(stats["approved_count"]), *(s.isoformat() for s in stamps)])
    return Freshness(
        etag=hashlib.sha256(fingerprint.encode()).hexdigest()[:32],
        last_modified=max(stamps) if stamps else None,
    )
