"""Posting through the API meets the very checks of the page's form: both doors, the
same input, the same outcome."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from broadsheet.discussion.models import Comment
from broadsheet.news.models import Article
from tests.support import factories
from tests.support.settings import open_discussion
from tests.support.webclient import solve_pow, solve_question

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _open(settings: Any) -> None:
    open_discussion(settings)


def _answer(question: str, wrong: bool) -> str:
    right = solve_question(question)
    return str(int(right) + 1) if wrong else right


def _by_form(client: Client, article: Article, fields: dict[str, str], wrong: bool) -> Any:
    """A reader with a script: the form's values, then the post, answered as JSON."""
    fresh = client.get("/comments/form/").json()
    data = {
        "name": fields["name"],
        "text": fields["text"],
        "email": fields.get("email", ""),
        "form_token": fresh["form_token"],
        "captcha": fresh["captcha"],
        "answer": _answer(fresh["question"], wrong),
        "altcha": solve_pow(fresh["pow"]) if fresh["pow"] else "",
    }
    response = client.post(
        f"/comments/post/{article.pk}/", data, headers={"accept": "application/json"}
    )
    body = response.json()
    if body.get("ok"):
        return ("accepted", Comment.objects.get(pk=body["id"]).status)
    messages = sorted(m for ms in body["errors"].values() for m in ms)
    return ("refused", response.status_code, messages)


def _by_api(client: Client, article: Article, fields: dict[str, str], wrong: bool) -> Any:
    challenge = client.get(f"/api/v1/articles/{article.pk}/comments/challenge/").json()
    payload = {
        **fields,
        "form_token": challenge["form_token"],
        "captcha": challenge["captcha"],
        "answer": _answer(challenge["question"], wrong),
        "altcha": solve_pow(challenge["pow"]) if challenge["pow"] else "",
    }
    response = client.post(
        f"/api/v1/articles/{article.pk}/comments/", payload, content_type="application/json"
    )
    body = response.json()
    if response.status_code == 201:
        comment = Comment.objects.get(pk=body["id"])
        assert body["state"] == ("published" if comment.status == "approved" else "held")
        return ("accepted", comment.status)
    assert response["Content-Type"] == "application/problem+json"
    messages = sorted(e["message"] for e in body.get("errors", []))
    status = {"comment_rejected": 400, "rate_limited": 429}.get(body["code"], response.status_code)
    return ("refused", status, messages)


CASES = {
    "plain": ({"name": "Reader", "text": "A fair point."}, False, "open"),
    "wrong answer": ({"name": "Reader", "text": "A fair point."}, True, "open"),
    "name too short": ({"name": "R", "text": "A fair point."}, False, "open"),
    "premoderated": ({"name": "Reader", "text": "Held for a look."}, False, "premoderated"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_form_and_the_api_give_the_same_outcome(
    client: Client, settings: Any, case: str
) -> None:
    fields, wrong, mode = CASES[case]
    settings.DISCUSSION_DEFAULT_MODE = mode
    # The same text twice is held as a duplicate: each door must be the first.
    settings.DISCUSSION_DUPLICATE_WINDOW = 0
    by_form = _by_form(client, factories.article(), fields, wrong)
    by_api = _by_api(client, factories.article(), fields, wrong)
    assert by_form == by_api


def test_a_challenge_is_single_use(client: Client) -> None:
    article = factories.article()
    challenge = client.get(f"/api/v1/articles/{article.pk}/comments/challenge/").json()
    assert client.get(f"/api/v1/articles/{article.pk}/comments/challenge/")["Cache-Control"] == (
        "no-store"
    )
    payload = {
        "name": "Reader",
        "text": "Once.",
        "form_token": challenge["form_token"],
        "captcha": challenge["captcha"],
        "answer": solve_question(challenge["question"]),
        "altcha": solve_pow(challenge["pow"]) if challenge["pow"] else "",
    }
    url = f"/api/v1/articles/{article.pk}/comments/"
    first = client.post(url, payload, content_type="application/json")
    assert first.status_code == 201
    again = client.post(url, payload, content_type="application/json")
    assert again.status_code == 200  # the same form: the first comment back, no second
    assert again.json()["id"] == first.json()["id"]
    other = client.post(url, {**payload, "text": "Twice."}, content_type="application/json")
    assert other.status_code == 400
    assert Comment.objects.filter(article=article).count() == 1


def test_the_challenge_question_is_in_the_request_language(client: Client) -> None:
    article = factories.article()
    url = f"/api/v1/articles/{article.pk}/comments/challenge/"
    uk = client.get(url, headers={"accept-language": "uk"}).json()["question"]
    assert uk.startswith("Скільки")


def test_no_comment_on_an_article_readers_cannot_see(client: Client) -> None:
    draft = factories.article(status=Article.Status.DRAFT)
    assert client.get(f"/api/v1/articles/{draft.pk}/comments/challenge/").status_code == 404
    response = client.post(
        f"/api/v1/articles/{draft.pk}/comments/",
        {"name": "Reader", "text": "Hi", "form_token": "x" * 30, "captcha": "x", "answer": "1"},
        content_type="application/json",
    )
    assert response.status_code == 404
