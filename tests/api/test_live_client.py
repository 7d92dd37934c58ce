"""A small real client over HTTP, against the server `broadsheet serve` runs (the page
cache's front before Django): pages of articles to the end, one by its path, a comment;
and the conditional reads the front answers."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.discussion import services as discussion_services
from broadsheet.discussion.models import Comment
from broadsheet.news import services
from broadsheet.news.models import Article
from tests.support import factories
from tests.support.settings import open_discussion
from tests.support.webclient import solve_pow, solve_question


class ApiClient:
    """What a partner's program does: JSON over HTTP, nothing else."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/") + "/api/v1"

    def request(
        self, path: str, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read()
                status, answer_headers = response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            raw, status, answer_headers = error.read(), error.code, dict(error.headers)
        return status, answer_headers, json.loads(raw) if raw else None

    def get(self, path: str, **headers: str) -> Any:
        status, _, body = self.request(path, headers=headers)
        assert status == 200, body
        return body

    def all_articles(self, limit: int) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        page = self.get(f"/articles/?limit={limit}")
        items += page["items"]
        while page["next_cursor"]:
            page = self.get(f"/articles/?limit={limit}&cursor={page['next_cursor']}")
            items += page["items"]
        return items

    def comment(self, article_id: int, name: str, text: str) -> tuple[int, Any]:
        challenge = self.get(f"/articles/{article_id}/comments/challenge/")
        body = {
            "name": name,
            "text": text,
            "form_token": challenge["form_token"],
            "captcha": challenge["captcha"],
            "answer": solve_question(challenge["question"]),
            "altcha": solve_pow(challenge["pow"]) if challenge["pow"] else "",
        }
        status, _, answer = self.request(f"/articles/{article_id}/comments/", body)
        return status, answer


def test_a_client_reads_every_page_one_article_and_posts_a_comment(
    front_url: str, settings: Any
) -> None:
    open_discussion(settings)
    made = [factories.article() for _ in range(5)]
    client = ApiClient(front_url)
    items = client.all_articles(limit=2)
    assert sorted(a["id"] for a in items) == sorted(a.pk for a in made)
    one = client.get("/article-by-path/?path=" + urllib.parse.quote(items[0]["url"]))
    assert one["id"] == items[0]["id"]
    status, created = client.comment(one["id"], "Reader", "Read it all.")
    assert (status, created["state"]) == (201, "published")
    thread = client.get(f"/articles/{one['id']}/comments/")
    assert [c["text"] for c in thread["items"]] == ["Read it all."]


def test_a_304_from_the_page_cache_runs_no_query_and_a_change_ends_it(front_url: str) -> None:
    article = factories.article()
    client = ApiClient(front_url)
    path = f"/articles/{article.pk}/"
    status, headers, _ = client.request(path)
    etag = headers["ETag"]
    assert status == 200 and etag.startswith('"')
    assert "s-maxage" in headers["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        status, _, body = client.request(path, headers={"If-None-Match": etag})
    assert status == 304 and body is None
    assert len(queries) == 0
    editor = factories.user_with_role("Editor")
    changed = Article.objects.get(pk=article.pk)
    changed.headline = "A new headline"
    services.article_update(article=changed, user=editor)
    status, headers, body = client.request(path, headers={"If-None-Match": etag})
    assert status == 200
    assert body["headline"] == "A new headline"
    assert headers["ETag"] != etag


@pytest.mark.parametrize("path", ["/articles/", "/sections/", "/tags/", "/authors/"])
def test_each_list_answers_304_to_its_etag(front_url: str, path: str) -> None:
    factories.article(tags=["Energy"], authors=[factories.author()])
    client = ApiClient(front_url)
    _, headers, _ = client.request(path)
    status, _, _ = client.request(path, headers={"If-None-Match": headers["ETag"]})
    assert status == 304


def test_a_comment_approved_ends_the_stored_thread_and_count(front_url: str, settings: Any) -> None:
    """The API's thread and article are invalidated by the same change as the page."""
    open_discussion(settings)
    settings.DISCUSSION_DEFAULT_MODE = "premoderated"
    article = factories.article()
    client = ApiClient(front_url)
    status, created = client.comment(article.pk, "Reader", "Waiting for a moderator.")
    assert (status, created["state"]) == (201, "held")
    thread_path = f"/articles/{article.pk}/comments/"
    _, thread_headers, thread = client.request(thread_path)
    _, article_headers, before = client.request(f"/articles/{article.pk}/")
    assert thread["items"] == [] and before["comment_count"] == 0
    moderator = factories.user_with_role("Moderator")
    discussion_services.comment_approve(
        comment=Comment.objects.get(pk=created["id"]), user=moderator
    )
    status, _, thread = client.request(
        thread_path, headers={"If-None-Match": thread_headers["ETag"]}
    )
    assert status == 200 and [c["text"] for c in thread["items"]] == ["Waiting for a moderator."]
    status, _, after = client.request(
        f"/articles/{article.pk}/", headers={"If-None-Match": article_headers["ETag"]}
    )
    assert status == 200 and after["comment_count"] == 1
