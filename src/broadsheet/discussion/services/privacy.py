"""Commenters' IP addresses erased past the retention period."""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.utils import timezone

from broadsheet.discussion.models import (
    Comment,
)

ERASE_EVERY_SECONDS = 3600.0


_last_erase = {"at": -ERASE_EVERY_SECONDS}


def comment_erase_old_ips_when_due() -> int:
    """Erase expired IPs at most once an hour per process; called after each new comment.

    Erasure thus needs no scheduler: any site that receives comments keeps its promise.
    `broadsheet erase_comment_ips` does the same on demand.
    """
    now = time.monotonic()
    if now - _last_erase["at"] < ERASE_EVERY_SECONDS:
        return 0
    _last_erase["at"] = now
    return comment_erase_old_ips(older_than_days=settings.DISCUSSION_IP_RETENTION_DAYS)


def comment_erase_old_ips(*, older_than_days: int, dry_run: bool = False) -> int:
    """Erase the IP address of comments older than `older_than_days`; return how many.

    Safe to repeat: comments already erased are not counted again.
    """
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    old = Comment.objects.filter(created_at__lt=cutoff, ip__isnull=False)
    if dry_run:
        return old.count()
    return old.update(ip=None)
