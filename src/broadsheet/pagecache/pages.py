"""What views tell the page cache, and what invalidation tells it back.

A public view that may be cached calls `page_cache_mark` with the tags of everything
its page shows (see `tags.py`) and, when its content changes at a known time without
anyone saving anything (a scheduled article going live, a thread closing), that time.
Pages that never call it are never cached. Changes call `pages_invalidate` with the
tags they touch, after their transaction commits.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from broadsheet.pagecache.board import Board, BoardUnavailable, FileBoard, RedisBoard

logger = logging.getLogger(__name__)

ENVIRON_KEY = "broadsheet.pagecache"
# Set for a few minutes on a reader who has just posted a comment: their reads skip the
# page cache, so they see their comment whatever stands in front.
POSTED_COOKIE = "bs_posted"
POSTED_COOKIE_SECONDS = 300


@dataclass
class PageInfo:
    """Filled by the view while the front renders a page that may be stored."""

    tags: set[str] = field(default_factory=set)
    expires_at: float = math.inf
    article_id: int | None = None
    marked: bool = False


def page_is_cache_render(request: HttpRequest) -> bool:
    """True when this render may be stored and shown to other readers: it must then
    hold no per-reader value (a comment form is `CommentForm.shared`)."""
    return ENVIRON_KEY in request.META


def page_cache_mark(
    request: HttpRequest,
    *,
    tags: Iterable[str],
    expires_at: float | None = None,
    article_id: int | None = None,
) -> None:
    info = request.META.get(ENVIRON_KEY)
    if not isinstance(info, PageInfo):
        return
    if not info.marked:
        from broadsheet.pagecache.blocks import publication_time_next
        from broadsheet.pagecache.tags import EVERY_PAGE

        info.tags.update(EVERY_PAGE)
        info.expires_at = min(info.expires_at, publication_time_next())
    info.marked = True
    info.tags.update(tags)
    if expires_at is not None:
        info.expires_at = min(info.expires_at, expires_at)
    if article_id is not None:
        info.article_id = article_id


@cache
def board() -> Board:
    if settings.REDIS_URL:
        return RedisBoard(settings.REDIS_URL)
    return FileBoard(settings.DATA_DIR / "pagecache.board")


EPOCH = "epoch"  # bumped before any tag: a render that saw it change is not stored

_pending: set[str] = set()
_pending_lock = threading.Lock()


def pages_invalidate_now(tags: Iterable[str]) -> None:
    """Change the versions of `tags` (and the epoch first) on the shared board."""
    from broadsheet.pagecache.store import store

    with _pending_lock:
        batch = set(tags) | _pending
        _pending.clear()
    if not batch:
        return
    from broadsheet.core.dbrouter import replica_catch_up

    # With a read replica, a page rendered after the bump must not read rows older than
    # the change: wait (bounded) until the replica has replayed it.
    replica_catch_up()
    try:
        board().bump([EPOCH])
        board().bump(batch - {EPOCH})
        if settings.BROADSHEET_PROXY_PURGE_URLS:
            _purge_proxies(batch)
    except BoardUnavailable:
        # Keep them for the next try, and stop trusting what this process stored: its
        # pages and its memos, which would otherwise still match the versions once the
        # board answers again (a render would store the old data with them).
        from broadsheet.pagecache.memo import memo_store

        with _pending_lock:
            _pending.update(batch)
        store().clear()
        memo_store().clear()
        logger.error(
            "page cache: invalidation of %d tags postponed (board unreachable)", len(batch)
        )


def _purge_proxies(tags: set[str]) -> None:
    """Tell the proxies in front (docs/deploy.md) which first pages changed."""
    from broadsheet.pagecache.proxy import proxy_purge
    from broadsheet.pagecache.tags import paths_for_tags

    try:
        proxy_purge(paths_for_tags(tags))
    except Exception:  # a proxy must never break a publication; what it keeps expires
        logger.exception("page cache: proxy purge failed")


def pages_invalidate(tags: Iterable[str]) -> None:
    """Invalidate `tags` once the current transaction commits (at once outside one)."""
    batch = set(tags)
    if batch:
        transaction.on_commit(lambda: pages_invalidate_now(batch), robust=True)
