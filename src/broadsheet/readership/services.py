"""Counting reads. Counts are buffered in the process and written in one batch at most
every few seconds, so a busy article costs one UPDATE per flush, not one per reader.
A crash loses at most the unflushed seconds: acceptable for a popularity list. A flush
that fails (database stopped, disk full) keeps its counts for the next one, and never
fails the read that triggered it."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import Counter
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from broadsheet.news.models import Article
from broadsheet.pagecache.pages import pages_invalidate
from broadsheet.readership.models import DailyReads
from broadsheet.readership.selectors import article_list_most_read

FLUSH_EVERY_SECONDS = 5.0
logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pending: Counter[tuple[int, dt.date]] = Counter()
_last_flush = time.monotonic()


# Today in the site's time zone: (zone, day, its first second, the next day's first).
_day: tuple[Any, dt.date, float, float] | None = None


def _today() -> dt.date:
    """Today in the site's time zone, worked out again only when the day (or the zone)
    changes: asked on every hit of the page cache, where `timezone.localdate()` was a
    third of the cost."""
    global _day
    moment = time.time()
    zone = timezone.get_default_timezone()
    if _day is None or _day[0] is not zone or not _day[2] <= moment < _day[3]:
        today = dt.datetime.fromtimestamp(moment, zone).date()
        start = dt.datetime.combine(today, dt.time.min, tzinfo=zone).timestamp()
        end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        _day = (zone, today, start, end.timestamp())
    return _day[1]


def read_record(*, article_id: int) -> None:
    """Count one read of an article now; flushes the buffer when it is due."""
    global _last_flush
    day = _today()
    with _lock:
        _pending[(article_id, day)] += 1
        due = time.monotonic() - _last_flush >= FLUSH_EVERY_SECONDS
    if due:
        try:
            reads_flush()
        except DatabaseError:
            # Counted again at the next flush; a reader never pays for a count.
            logger.exception("readership: read counts not written, kept for the next flush")


def reads_discard() -> None:
    """Forget the unflushed counts (tests start from a clean buffer)."""
    with _lock:
        _pending.clear()


def reads_flush() -> int:
    """Write the buffered counts to the database. Returns the number of reads written.

    Raises DatabaseError when they could not be written; they are then kept for the
    next flush. Rows are updated in one order (article, day), so two processes flushing
    at once never wait on each other's rows in opposite orders (a deadlock on PostgreSQL).
    """
    global _last_flush
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    if not batch:
        return 0
    try:
        _write(batch)
    except DatabaseError:
        with _lock:
            _pending.update(batch)
        raise
    _invalidate_if_ranking_changed()
    return sum(batch.values())


def _write(batch: dict[tuple[int, dt.date], int]) -> None:
    # An article deleted since it was read has nowhere to go.
    existing = set(
        Article.objects.filter(pk__in={pk for pk, _ in batch}).values_list("pk", flat=True)
    )
    with transaction.atomic():
        for (article_id, day), count in sorted(batch.items()):
            if article_id not in existing:
                continue
            updated = DailyReads.objects.filter(article_id=article_id, day=day).update(
                count=F("count") + count
            )
            if not updated:
                _, created = DailyReads.objects.get_or_create(
                    article_id=article_id, day=day, defaults={"count": count}
                )
                if not created:
                    DailyReads.objects.filter(article_id=article_id, day=day).update(
                        count=F("count") + count
                    )


_last_ranking: list[int] | None = None


def _invalidate_if_ranking_changed() -> None:
    """Pages showing the most-read block are stale only when its order changed."""
    global _last_ranking
    ranking = [a.pk for a in article_list_most_read()]
    if ranking != _last_ranking:
        _last_ranking = ranking
        pages_invalidate({"reads"})
