"""What views tell the page cache, and what invalidation tells it back.

A public view that may be cached calls `page_cache_mark` with the tags of everything
its page shows (see `tags.py`) and, when its content changes at a known time without
anyone saving anything (a scheduled article going live, a thread closing), that time.
Pages that never call it are never cached. Changes call `pages_invalidate` with the
tags they touch, after their transaction commits.

The engine knows no domain. Two things come from the layers above, registered once at
start-up by the app that knows them: what every page shows and when every page expires
(`every_page_register`, from `news`: the navigation and the next scheduled publication),
and which public paths a set of tags names for the proxies in front
(`proxy_paths_register`, from the public site, which owns the URLs).
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from broadsheet.core.dbrouter import replica_catch_up
from broadsheet.pagecache.board import EPOCH, BoardUnavailable, board
from broadsheet.pagecache.memo import memo_store
from broadsheet.pagecache.proxy import proxy_purge
from broadsheet.pagecache.store import store

logger = logging.getLogger(__name__)

ENVIRON_KEY = "broadsheet.pagecache"
# Set for a few minutes on a reader who has just posted a comment: their reads skip the
# page cache, so they see their comment whatever stands in front.
POSTED_COOKIE = "bs_posted"
POSTED_COOKIE_SECONDS = 300


@dataclass
class _EveryPage:
    tags: tuple[str, ...] = ()
    expires_at: Callable[[], float] = lambda: math.inf


_every_page = _EveryPage()
_proxy_paths: list[Callable[[set[str]], list[str]]] = []


def every_page_register(*, tags: Iterable[str], expires_at: Callable[[], float]) -> None:
    """What every stored page depends on besides its own tags, and when it expires."""
    _every_page.tags = tuple(tags)
    _every_page.expires_at = expires_at


def proxy_paths_register(paths_for_tags: Callable[[set[str]], list[str]]) -> None:
    """How invalidated tags become the public paths a proxy in front is told to purge."""
    _proxy_paths[:] = [paths_for_tags]


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
        info.tags.update(_every_page.tags)
        info.expires_at = min(info.expires_at, _every_page.expires_at())
    info.marked = True
    info.tags.update(tags)
    if expires_at is not None:
        info.expires_at = min(info.expires_at, expires_at)
    if article_id is not None:
        info.article_id = article_id


_pending: set[str] = set()
_pending_lock = threading.Lock()
# Postponed invalidations are tried again this often until the board takes them: the
# other processes read the board, and would serve what the tags name until then.
RETRY_SECONDS = 0.5
_retry: threading.Timer | None = None


def pages_invalidate_now(tags: Iterable[str]) -> None:
    """Change the versions of `tags` (and the epoch first) on the shared board."""
    with _pending_lock:
        batch = set(tags) | _pending
        _pending.clear()
    if not batch:
        return
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
        with _pending_lock:
            _pending.update(batch)
        store().clear()
        memo_store().clear()
        logger.error(
            "page cache: invalidation of %d tags postponed (board unreachable)", len(batch)
        )
        _retry_soon()


def _retry_soon() -> None:
    """Try the postponed tags again in RETRY_SECONDS (once per process at a time), and
    again after that until the board answers: a board that stalls and comes back (Redis
    frozen, then resumed) must not leave the other processes serving old pages until
    this process happens to invalidate something else."""
    global _retry
    with _pending_lock:
        waiting = _retry is not None and _retry.is_alive()
        if not _pending or (waiting and _retry is not threading.current_thread()):
            return
        _retry = threading.Timer(RETRY_SECONDS, pages_invalidate_now, args=((),))
        _retry.daemon = True
        _retry.start()


def _purge_proxies(tags: set[str]) -> None:
    """Tell the proxies in front (docs/deploy.md) which first pages changed."""
    try:
        proxy_purge([path for paths_for in _proxy_paths for path in paths_for(tags)])
    except Exception:  # a proxy must never break a publication; what it keeps expires
        logger.exception("page cache: proxy purge failed")


def pages_invalidate(tags: Iterable[str]) -> None:
    """Invalidate `tags` once the current transaction commits (at once outside one)."""
    batch = set(tags)
    if batch:
        transaction.on_commit(lambda: pages_invalidate_now(batch), robust=True)
