"""Reply notifications end to end: posted through the live server, delivered to a real
SMTP server on loopback (aiosmtpd), confirmed, unsubscribed, retried after a failure."""

from __future__ import annotations

import re
import time

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from broadsheet.discussion import services
from broadsheet.discussion.models import ArticleDiscussion, Comment, OutboundMail, Subscription
from tests.support import factories
from tests.support.mail import Inbox, body_of, free_port
from tests.support.posting import role_user
from tests.support.webclient import Reader, filled_form

pytestmark = pytest.mark.django_db(transaction=True)


def link(text: str, kind: str) -> str:
    match = re.search(rf"(http://\S+/comments/notify/{kind}/\S+/)", text)
    assert match, text
    return match.group(1)


def test_reply_notification_opt_in_approval_and_unsubscribe(live_server, settings, smtp):
    settings.BROADSHEET_BASE_URL = live_server.url
    article = factories.article(headline="Will the coalition hold?")
    olena = Reader(live_server.url)
    state = olena.form(article.get_absolute_url())
    olena.post_comment(
        state,
        **filled_form(state, name="Olena", text="My view", email="olena@example.org", notify="on"),
    )
    mine = Comment.objects.get()
    confirm_mail = smtp.wait_for(1)[0]
    assert confirm_mail["To"] == "olena@example.org"
    assert Subscription.objects.get().confirmed_at is None

    # No confirmation yet: a public reply sends nothing.
    taras = Reader(live_server.url)
    state = taras.form(f"/comments/{mine.pk}/reply/")
    taras.post_comment(state, **filled_form(state, name="Taras", text="Too early"))
    time.sleep(0.3)
    assert len(smtp.messages) == 1

    assert olena.request(link(body_of(confirm_mail), "confirm")).status == 200
    assert Subscription.objects.get().confirmed_at is not None

    # A held reply sends nothing until a moderator approves it.
    ArticleDiscussion.objects.create(article=article, mode="premoderated")
    state = taras.form(f"/comments/{mine.pk}/reply/")
    taras.post_comment(state, **filled_form(state, name="Taras", text="I disagree :D"))
    held = Comment.objects.get(text="I disagree :D")
    assert held.status == Comment.Status.PENDING
    time.sleep(0.3)
    assert len(smtp.messages) == 1
    services.comment_approve(comment=held, user=role_user("Moderator"))
    reply_mail = smtp.wait_for(2)[1]
    text = body_of(reply_mail)
    assert reply_mail["To"] == "olena@example.org"
    assert "Taras replied" in text and "I disagree :D" in text
    assert f"{live_server.url}/comments/{held.pk}/" in text
    unsubscribe = link(text, "stop")
    assert reply_mail["List-Unsubscribe"].replace("\r\n", "").strip() == f"<{unsubscribe}>"
    assert reply_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # One click, no login, no form: unsubscribed; later replies send nothing.
    assert Reader(live_server.url).request(unsubscribe).status == 200
    assert Subscription.objects.get().unsubscribed_at is not None
    ArticleDiscussion.objects.filter(article=article).update(mode="open")
    state = taras.form(f"/comments/{mine.pk}/reply/")
    taras.post_comment(state, **filled_form(state, name="Taras", text="Anyone there?"))
    time.sleep(0.3)
    assert len(smtp.messages) == 2


def test_failed_send_never_breaks_posting_and_is_retried(live_server, settings):
    settings.BROADSHEET_BASE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens: the send fails
    settings.EMAIL_TIMEOUT = 2
    article = factories.article()
    reader = Reader(live_server.url)
    state = reader.form(article.get_absolute_url())
    response = reader.post_comment(
        state,
        **filled_form(
            state, name="Olena", text="Mail server down", email="olena@example.org", notify="on"
        ),
    )
    assert response.status == 303
    assert Comment.objects.get().status == Comment.Status.APPROVED
    mail = OutboundMail.objects.get()
    assert mail.status == OutboundMail.Status.PENDING and mail.attempts == 1
    assert "ConnectionRefusedError" in mail.last_error

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=settings.EMAIL_PORT)
    controller.start()
    try:
        OutboundMail.objects.update(next_attempt_at=mail.created_at)  # the retry is due
        call_command("send_notifications")
        assert len(inbox.wait_for(1)) == 1
    finally:
        controller.stop()
    mail.refresh_from_db()
    assert mail.status == OutboundMail.Status.SENT and mail.attempts == 2
