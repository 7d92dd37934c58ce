"""What an accepted comment costs the database, pinned, and the post endpoint's JSON
reply as the page's script uses it: posted through Django's client with CSRF checks on,
the form's values fetched as the script fetches them, the question and proof of work
solved."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from broadsheet.discussion import services
from broadsheet.discussion.models import Ban, CaptchaChallenge, Comment, Commenter
from tests.support import factories
from tests.support.webclient import solve_pow, solve_question

# transaction=True: the posting transaction runs as in production, not as a savepoint.
pytestmark = pytest.mark.django_db(transaction=True)
# The statements a transaction adds differ by backend (SQLite's BEGIN IMMEDIATE, no
# BEGIN on PostgreSQL): only the statements that read or write are counted.
FRAMING = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")


@pytest.fixture
def article():
    return factories.article(headline="Will the coalition hold?")


@pytest.fixture(autouse=True)
def _production_checks(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # The defaults a site runs with (the discussion tests turn them off by default).
    settings.DISCUSSION_TRUST_THRESHOLD = 1
    settings.DISCUSSION_ATTEMPTS_PER_IP = "1000/60"
    # The hourly erasure of old IPs has just run in this process: not counted here.
    monkeypatch.setitem(services._last_erase, "at", time.monotonic())


def reader() -> Client:
    return Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.7")


def form_values(client: Client) -> dict[str, Any]:
    reply = client.get("/comments/form/", HTTP_ACCEPT="application/json")
    assert reply.status_code == 200
    return dict(reply.json())


def filled(values: dict[str, Any], *, text: str, name: str = "Olena") -> dict[str, str]:
    return {
        "csrfmiddlewaretoken": values.get("csrf", ""),
        "form_token": values["form_token"],
        "captcha": values["captcha"],
        "answer": solve_question(values["question"]),
        "altcha": solve_pow(values["pow"]),
        "name": name,
        "text": text,
        "email": "",
        "parent": "",
        "website": "",
    }


def post(client: Client, article: Any, data: dict[str, str]) -> Any:
    return client.post(f"/comments/post/{article.pk}/", data, HTTP_ACCEPT="application/json")


def statements(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(FRAMING)]


def test_a_new_readers_accepted_comment_costs_ten_statements(article):
    """The path of every first comment: held for a moderator (a new reader), every
    check on. Article and override (1), bans and banned words (2), the question spent
    (3), the rate limits per address and per article (4, 5) and duplicate text (6), the
    reader's cookie identity (7), the comment (8) and its thread path (9), the count the
    reply shows (10)."""
    client = reader()
    data = filled(form_values(client), text="A fair point.")
    with CaptureQueriesContext(connection) as ctx:
        response = post(client, article, data)
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    assert len(statements(ctx)) == 10, "\n".join(statements(ctx))


def test_a_trusted_readers_published_comment_costs_twelve_statements(article):
    """A returning reader with an approved comment: their cookie identity and their
    approved count are read instead of written (11), the new public comment looks for
    its confirmation mail (12), and the reply carries the rendered comment."""
    client = reader()
    first = post(client, article, filled(form_values(client), text="First."))
    assert first.status_code == 201
    Comment.objects.filter(pk=first.json()["id"]).update(status=Comment.Status.APPROVED)
    data = filled(form_values(client), text="Second, published at once :-)")
    data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    with CaptureQueriesContext(connection) as ctx:
        response = post(client, article, data)
    assert response.status_code == 201, response.content
    reply = response.json()
    assert reply["status"] == "approved" and reply["count"] == 2
    assert f'id="comment-{reply["id"]}"' in reply["html"] and 'alt=":-)"' in reply["html"]
    assert len(statements(ctx)) == 12, "\n".join(statements(ctx))
    assert Commenter.objects.count() == 1


def test_the_reply_carries_the_comment_and_the_count_and_new_values_post_again(article):
    """No question for a next comment in the reply (most readers post once): the page
    fetches new values when the reader turns to the form again, and they post."""
    client = reader()
    first_form = filled(form_values(client), text="In place :-)")
    first = post(client, article, first_form)
    assert first.status_code == 201
    reply = first.json()
    assert set(reply) == {"ok", "id", "status", "message", "html", "parent", "count"}
    assert reply["ok"] and reply["status"] == "pending" and reply["html"] == ""
    assert reply["parent"] is None and reply["count"] == 0
    # The spent form does not post again as a new comment.
    spent = post(client, article, {**first_form, "text": "Something else."})
    assert spent.status_code in (200, 400) and Comment.objects.count() == 1
    fresh = form_values(client)
    assert fresh["form_token"] != first_form["form_token"] and fresh["pow"]["salt"]
    data = filled(fresh, text="And another thing.")
    data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    second = post(client, article, data)
    assert second.status_code == 201 and second.json()["id"] != reply["id"]
    # The same form sent again is the same comment, not a second one.
    again = post(client, article, data)
    assert again.status_code == 200 and again.json()["id"] == second.json()["id"]
    assert Comment.objects.count() == 2


def test_a_refused_post_still_spends_its_question(article, settings):
    """The question is spent in the posting transaction, which commits it when the post
    is refused after it (a ban, a rate limit): it can never be tried again."""
    client = reader()
    Ban.objects.create(kind="name", value="Ivan Troll", reason="abuse")
    banned = filled(form_values(client), text="Hello", name="Ivan Troll")
    assert post(client, article, banned).status_code == 400
    assert CaptchaChallenge.objects.filter(form_token=banned["form_token"]).count() == 1
    settings.DISCUSSION_RATE_PER_IP = "1/60"
    assert post(client, article, filled(form_values(client), text="One")).status_code == 201
    limited = filled(form_values(client), text="Two")
    refused = post(client, article, limited)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert CaptchaChallenge.objects.filter(form_token=limited["form_token"]).count() == 1
    settings.DISCUSSION_RATE_PER_IP = "1000/60"
    again = post(client, article, limited)
    assert again.status_code == 400
    assert "already answered" in again.json()["errors"]["answer"][0]
    assert Comment.objects.count() == 1
