"""Commenters' privacy: IP addresses erased past the retention period, and a commenter's
own comments shown, downloaded or erased through a link mailed to their address."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.discussion.models import Comment, Subscription
from broadsheet.discussion.services.notifications import _enqueue, _site_url, outbox_kick

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


# A commenter's own data: asked for by e-mail, opened by the signed link the mail holds.
DATA_SALT = "broadsheet.discussion.my-data"
DATA_MAX_AGE = 24 * 3600
REMOVED_NAME = "—"


def commenter_data_request(*, email: str, site_url: str = "") -> None:
    """Mail `email` a link to all the comments posted with it (to see, download or erase
    them). Answers the same whether or not the address posted anything, so it tells no
    one who commented; at most one such mail an hour to one address."""
    address = email.strip().lower()
    if not address or not Comment.objects.filter(email__iexact=address).exists():
        return
    token = signing.dumps({"e": address}, salt=DATA_SALT)
    url = _site_url(site_url) + reverse("discussion:my_data_open", kwargs={"token": token})
    context = {"url": url, "site": settings.SITE_NAME, "hours": DATA_MAX_AGE // 3600}
    hour = int(time.time() // 3600)
    with transaction.atomic():
        _enqueue(
            key=f"my-data:{hashlib.sha256(address.encode()).hexdigest()}:{hour}",
            to=address,
            subject=_("Your comments on %(site)s") % {"site": settings.SITE_NAME},
            body=render_to_string("discussion/mail/my_data.txt", context),
        )
        transaction.on_commit(outbox_kick, robust=True)


def commenter_email_from(*, token: str) -> str:
    """The address a data link was sent to; raises signing.BadSignature (a changed or
    expired link: SignatureExpired is one)."""
    value = signing.loads(token, salt=DATA_SALT, max_age=DATA_MAX_AGE)
    return str(value["e"])


def commenter_data(*, email: str) -> list[dict[str, Any]]:
    """Every comment posted with `email`, oldest first, with all the site keeps of it."""
    comments = (
        Comment.objects.filter(email__iexact=email)
        .select_related("article")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": c.pk,
            "article": c.article.headline,
            "article_url": c.article.get_absolute_url(),
            "name": c.name,
            "email": c.email,
            "text": c.text,
            "status": c.status,
            "posted_at": c.created_at.isoformat(),
            "ip": c.ip,
        }
        for c in comments
    ]


@transaction.atomic
def commenter_data_erase(*, email: str) -> int:
    """Erase every comment posted with `email`: its text, name, address and IP go, it
    leaves its thread (replies to it stay, shown without it), and the reply notifications
    of that address end. Each comment is saved on its own so the pages showing it are
    invalidated (`public.invalidation`). Returns how many were erased."""
    comments = list(Comment.objects.filter(email__iexact=email))
    for comment in comments:
        comment.text = ""
        comment.name = REMOVED_NAME
        comment.email = ""
        comment.ip = None
        comment.status = Comment.Status.REMOVED
        comment.save(update_fields=["text", "name", "email", "ip", "status"])
    Subscription.objects.filter(email__iexact=email).delete()
    return len(comments)
