"""Moderation in the desk: the queue, search, bulk actions, edits, bans and the log."""

from __future__ import annotations

import pytest

from broadsheet.discussion.models import Ban, BannedWord, Comment, ModerationLog
from tests.support import factories
from tests.support.posting import post

pytestmark = pytest.mark.django_db
QUEUE = "/desk/discussion/comment/"


@pytest.fixture
def article():
    return factories.article()


@pytest.fixture
def moderator_client(client):
    client.force_login(factories.user_with_role("Moderator"))
    return client


def test_queue_opens_on_pending_and_filters_by_status(moderator_client, article):
    post(article, text="visible one")
    held = post(article, text="held one", honeypot="")
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.PENDING)
    response = moderator_client.get(QUEUE)
    assert response.status_code == 302 and response["Location"].endswith("status__exact=pending")
    html = moderator_client.get(response["Location"]).content.decode()
    assert "held one" in html and "visible one" not in html
    assert "discussion/desk/queue.js" in html  # keyboard shortcuts


def test_moderator_searches_by_email_and_ip(moderator_client, article):
    post(article, text="from a range", ip="203.0.113.5", email="olena@example.org")
    post(article, text="other", ip="192.0.2.1")
    by_ip = moderator_client.get(QUEUE, {"q": "203.0.113", "status__exact": "approved"})
    assert "from a range" in by_ip.content.decode() and "other" not in by_ip.content.decode()
    by_mail = moderator_client.get(QUEUE, {"q": "olena@", "status__exact": "approved"})
    assert "from a range" in by_mail.content.decode()


def test_bulk_actions_approve_remove_spam_and_log(moderator_client, article):
    a, b = post(article, text="a"), post(article, text="b")
    for action, status in (
        ("remove_comments", "removed"),
        ("approve_comments", "approved"),
        ("spam_comments", "spam"),
    ):
        response = moderator_client.post(
            QUEUE, {"action": action, "_selected_action": [a.pk, b.pk]}
        )
        assert response.status_code == 302
        assert set(Comment.objects.values_list("status", flat=True)) == {status}
    assert ModerationLog.objects.count() == 6


def test_edit_keeps_the_original_in_the_log(moderator_client, article):
    comment = post(article, text="Original words")
    url = f"{QUEUE}{comment.pk}/change/"
    assert "198.51.100.7" in moderator_client.get(url).content.decode()
    response = moderator_client.post(
        url,
        {
            "text": "Cleaned words",
            "featured": "on",
            "reports-TOTAL_FORMS": "0",
            "reports-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    comment.refresh_from_db()
    assert comment.text == "Cleaned words" and comment.featured
    edit = ModerationLog.objects.get(action="edit")
    assert edit.before["text"] == "Original words" and edit.after["text"] == "Cleaned words"


def test_bans_and_banned_words_from_the_desk_are_logged(moderator_client):
    response = moderator_client.post(
        "/desk/discussion/ban/add/",
        {"kind": "ip", "value": "203.0.113.0/24", "reason": "flood", "expires_at": ""},
    )
    assert response.status_code == 302
    assert Ban.objects.get().value == "203.0.113.0/24"
    moderator_client.post("/desk/discussion/bannedword/add/", {"word": "Дурень"})
    assert BannedWord.objects.get().word == "Дурень"
    assert set(ModerationLog.objects.values_list("action", flat=True)) == {"ban", "word_add"}
    bad = moderator_client.post(
        "/desk/discussion/ban/add/",
        {"kind": "ip", "value": "nonsense", "reason": "x", "expires_at": ""},
    )
    assert bad.status_code == 200 and "Enter an IP address" in bad.content.decode()


def test_editor_reads_the_log_but_not_commenters_addresses(client, article):
    editor = factories.user_with_role("Editor")
    moderator = factories.user_with_role("Moderator")
    comment = post(article, email="olena@example.org")
    from broadsheet.discussion import services

    services.comment_remove(comment=comment, user=moderator)
    client.force_login(editor)
    log = client.get("/desk/discussion/moderationlog/")
    assert log.status_code == 200 and "Removed" in log.content.decode()
    assert client.get(f"{QUEUE}{comment.pk}/change/").status_code == 403
    assert client.get("/desk/discussion/captchaquestion/add/").status_code == 200


def test_ip_and_email_hidden_from_staff_without_the_private_permission(client, article):
    from django.contrib.auth.models import Permission, User

    comment = post(article, email="olena@example.org")
    user = User.objects.create_user("helper", password="pw-for-tests-1", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_comment", "change_comment"])
    )
    client.force_login(user)
    html = client.get(f"{QUEUE}{comment.pk}/change/").content.decode()
    assert "olena@example.org" not in html and "198.51.100.7" not in html
    listing = client.get(QUEUE, {"q": "198.51.100.7", "status__exact": "approved"})
    assert "A fair point" not in listing.content.decode()
