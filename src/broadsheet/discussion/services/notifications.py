"""Reply notifications: subscriptions (double opt-in) and the mail outbox, written in the
posting transaction and sent after it commits."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.discussion.models import (
    Comment,
    OutboundMail,
    Subscription,
)
from broadsheet.news.models import Article

logger = logging.getLogger(__name__)


SUBSCRIPTION_SALT = "broadsheet.discussion.subscription"


CONFIRM_MAX_AGE = 7 * 24 * 3600


def _site_url(site_url: str) -> str:
    return (site_url or settings.BROADSHEET_BASE_URL or "http://localhost").rstrip("/")


def subscription_token(subscription: Subscription, *, purpose: str) -> str:
    return signing.dumps({"s": subscription.pk, "p": purpose}, salt=SUBSCRIPTION_SALT)


def _subscription_from(token: str, *, purpose: str, max_age: int | None) -> Subscription:
    try:
        data = signing.loads(token, salt=SUBSCRIPTION_SALT, max_age=max_age)
    except signing.BadSignature as exc:
        raise Subscription.DoesNotExist(str(exc)) from exc
    if data.get("p") != purpose:
        raise Subscription.DoesNotExist("wrong purpose")
    return Subscription.objects.select_related("comment__article").get(pk=data["s"])


def subscription_confirm(*, token: str) -> Subscription:
    """Confirm a subscription from its mailed link (valid 7 days).

    Raises Subscription.DoesNotExist for a bad, expired or unknown token.
    """
    sub = _subscription_from(token, purpose="confirm", max_age=CONFIRM_MAX_AGE)
    if sub.confirmed_at is None:
        sub.confirmed_at = timezone.now()
        sub.save(update_fields=["confirmed_at"])
    return sub


def subscription_unsubscribe(*, token: str) -> Subscription:
    """Stop a subscription (the one-click link never expires). Idempotent."""
    sub = _subscription_from(token, purpose="unsubscribe", max_age=None)
    if sub.unsubscribed_at is None:
        sub.unsubscribed_at = timezone.now()
        sub.save(update_fields=["unsubscribed_at"])
    return sub


def _absolute(site_url: str, path: str) -> str:
    return _site_url(site_url) + path


def _article_whole(comment: Comment) -> Article:
    """The comment's article with every field its mail shows, read when mail is written:
    the one a comment is posted with holds only what posting reads
    (`selectors.article_get_for_posting`)."""
    if comment.article.get_deferred_fields():
        comment.article = Article.objects.get(pk=comment.article_id)
    return comment.article


def _on_public(comment: Comment, *, site_url: str) -> None:
    """A comment became public: queue its subscription confirmation and the reply mail
    to its parent's subscribers; send after commit. A confirmation waits until the
    comment is public, so held spam can never make the site mail a stranger."""
    queued = False
    for sub in Subscription.objects.filter(
        comment=comment, confirmation_sent_at__isnull=True, confirmed_at__isnull=True
    ):
        confirm = _absolute(
            site_url,
            reverse(
                "discussion:confirm", kwargs={"token": subscription_token(sub, purpose="confirm")}
            ),
        )
        body = render_to_string(
            "discussion/mail/confirm.txt",
            {"comment": comment, "article": _article_whole(comment), "confirm_url": confirm},
        )
        queued |= _enqueue(
            key=f"confirm:{sub.pk}",
            to=sub.email,
            body=body,
            subject=_("Confirm reply notifications"),
        )
        sub.confirmation_sent_at = timezone.now()
        sub.save(update_fields=["confirmation_sent_at"])
    if comment.parent_id:
        subs = Subscription.objects.filter(
            comment_id=comment.parent_id,
            confirmed_at__isnull=False,
            unsubscribed_at__isnull=True,
        )
        if comment.email:  # nobody is told of their own reply
            subs = subs.exclude(email__iexact=comment.email)
        for sub in subs:
            unsubscribe = _absolute(
                site_url,
                reverse(
                    "discussion:unsubscribe",
                    kwargs={"token": subscription_token(sub, purpose="unsubscribe")},
                ),
            )
            body = render_to_string(
                "discussion/mail/reply.txt",
                {
                    "reply": comment,
                    "article": _article_whole(comment),
                    "reply_url": _absolute(site_url, comment.get_absolute_url()),
                    "unsubscribe_url": unsubscribe,
                },
            )
            queued |= _enqueue(
                key=f"reply:{sub.pk}:{comment.pk}",
                to=sub.email,
                body=body,
                subject=_("New reply to your comment on “%(headline)s”")
                % {"headline": _article_whole(comment).headline},
                headers={
                    "List-Unsubscribe": f"<{unsubscribe}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
    if queued:
        transaction.on_commit(outbox_kick)


def _enqueue(
    *, key: str, to: str, subject: str, body: str, headers: dict[str, str] | None = None
) -> bool:
    _mail, created = OutboundMail.objects.get_or_create(
        dedupe_key=key,
        defaults={"to": to, "subject": subject[:250], "body": body, "headers": headers or {}},
    )
    return created


def outbox_kick() -> None:
    """Send due mail now: in a background thread by default, so the reader's response
    never waits for the mail server; never raises."""
    if settings.DISCUSSION_MAIL_IN_THREAD:
        threading.Thread(target=_send_in_thread, name="discussion-outbox", daemon=True).start()
        return
    try:
        outbox_send_due()
    except Exception:
        logger.exception("sending the discussion outbox failed")


def _send_in_thread() -> None:
    try:
        outbox_send_due()
    except Exception:
        logger.exception("sending the discussion outbox failed")
    finally:
        connection.close()


def outbox_retry_now(*, ids: list[int]) -> int:
    """Queue unsent mail again at once (a moderator's "retry"); return how many."""
    count = (
        OutboundMail.objects.filter(pk__in=ids)
        .exclude(status=OutboundMail.Status.SENT)
        .update(status=OutboundMail.Status.PENDING, next_attempt_at=timezone.now())
    )
    if count:
        transaction.on_commit(outbox_kick)
    return count


def outbox_send_due(*, limit: int = 100) -> tuple[int, int]:
    """Send mail that is due; return (sent, failed this round).

    Each row is claimed with a conditional UPDATE so two senders never send it twice. A
    failed send is logged and retried with growing delays (2, 4, 8 … minutes) up to
    DISCUSSION_MAIL_MAX_ATTEMPTS, then left as failed for a moderator to see.
    """
    now = timezone.now()
    # A sender that died mid-send leaves "sending" rows; give them back after 10 minutes.
    OutboundMail.objects.filter(
        status=OutboundMail.Status.SENDING, next_attempt_at__lt=now - dt.timedelta(minutes=10)
    ).update(status=OutboundMail.Status.PENDING)
    due = list(
        OutboundMail.objects.filter(
            status=OutboundMail.Status.PENDING, next_attempt_at__lte=now
        ).order_by("next_attempt_at")[:limit]
    )
    sent = failed = 0
    if not due:
        return sent, failed
    mail_connection = get_connection()
    for mail in due:
        claimed = OutboundMail.objects.filter(
            pk=mail.pk, status=OutboundMail.Status.PENDING
        ).update(status=OutboundMail.Status.SENDING, next_attempt_at=timezone.now())
        if not claimed:
            continue
        try:
            EmailMessage(
                subject=mail.subject,
                body=mail.body,
                to=[mail.to],
                headers=mail.headers,
                connection=mail_connection,
            ).send()
        except Exception as exc:
            failed += 1
            attempts = mail.attempts + 1
            final = attempts >= settings.DISCUSSION_MAIL_MAX_ATTEMPTS
            logger.warning(
                "mail %s to %s failed (attempt %d%s): %s",
                mail.pk,
                mail.to,
                attempts,
                ", giving up" if final else "",
                exc,
            )
            OutboundMail.objects.filter(pk=mail.pk).update(
                status=OutboundMail.Status.FAILED if final else OutboundMail.Status.PENDING,
                attempts=attempts,
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
                next_attempt_at=timezone.now() + dt.timedelta(minutes=2**attempts),
            )
        else:
            sent += 1
            OutboundMail.objects.filter(pk=mail.pk).update(
                status=OutboundMail.Status.SENT,
                attempts=mail.attempts + 1,
                sent_at=timezone.now(),
                last_error="",
            )
    return sent, failed
