"""Rate limits and the attempt budget: how often one address and one article may post."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

from broadsheet.discussion import policy
from broadsheet.discussion.models import (
    Comment,
)
from broadsheet.discussion.services.refusals import CommentRejected, retry_message
from broadsheet.news.models import Article


def _nth_newest_time(*, limit: int, since: dt.datetime, **match: Any) -> dt.datetime | None:
    """The time of the `limit`-th newest comment matching `match` since `since`: the
    oldest one a full rate-limit window still counts; None while the window is not full."""
    return (
        Comment.objects.filter(created_at__gte=since, **match)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[limit - 1 : limit]
        .first()
    )


def check_recent_comments(
    *, article: Article, ip: str | None, text_hash: str, now: dt.datetime
) -> bool:
    """Raise CommentRejected (with `retry_after`) when this IP or this article is over
    its rate limit; return whether the same text was posted within
    DISCUSSION_DUPLICATE_WINDOW. Counted on the comments table itself, so every process
    sees the same numbers with no shared cache; inside the posting transaction SQLite
    serialises the count and the insert. Each limit asks for the `limit`-th recent
    comment (OFFSET: the database steps over the others in its index, however high the
    limit), not for the rows themselves."""
    rates: list[tuple[str, dict[str, Any]]] = [("DISCUSSION_RATE_PER_IP", {"ip": ip})] if ip else []
    rates.append(("DISCUSSION_RATE_PER_ARTICLE", {"article_id": article.pk}))
    for name, match in rates:  # per IP first: the reader's own limit
        limit, seconds = policy.parse_rate(getattr(settings, name), name=name)
        if limit <= 0:
            continue
        since = now - dt.timedelta(seconds=seconds)
        oldest_counted = _nth_newest_time(limit=limit, since=since, **match)
        if oldest_counted is not None:
            retry = max(1, int((oldest_counted - since).total_seconds()) + 1)
            raise CommentRejected(retry_message(retry), code="rate_limited", retry_after=retry)
    duplicate_since = now - dt.timedelta(seconds=settings.DISCUSSION_DUPLICATE_WINDOW)
    return Comment.objects.filter(text_hash=text_hash, created_at__gte=duplicate_since).exists()


@dataclass(frozen=True)
class AttemptBudget:
    """Where an address stands against DISCUSSION_ATTEMPTS_PER_IP in the current window."""

    over: bool = False
    far_over: bool = False  # twice the budget: no person types that fast
    retry_after: int = 0


def check_attempt_budget(*, ip: str | None, now: float | None = None) -> AttemptBudget:
    """Count one posting attempt from `ip`, accepted or not, and say whether it is over
    the budget. The rate limits above count stored comments, so refused posts (a bot
    flood answering wrong) would never meet them; this counts every try, before any
    captcha check or database write, in the cache (shared through Redis in scale mode,
    per process in the embedded default). A cache that does not answer counts nothing:
    readers are never refused because a counter is down."""
    limit, seconds = policy.parse_rate(
        settings.DISCUSSION_ATTEMPTS_PER_IP, name="DISCUSSION_ATTEMPTS_PER_IP"
    )
    if not ip or limit <= 0:
        return AttemptBudget()
    moment = time.time() if now is None else now
    window = int(moment // seconds)
    key = f"discussion:attempts:{ip}:{window}"
    try:
        cache.add(key, 0, timeout=seconds + 1)
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr: a fresh window
        return AttemptBudget()
    if count is None or count <= limit:
        return AttemptBudget()
    retry = max(1, int((window + 1) * seconds - moment) + 1)
    return AttemptBudget(over=True, far_over=count > 2 * limit, retry_after=retry)
