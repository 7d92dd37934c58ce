"""The API's reads show what a reader may see, and nothing else."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.discussion.models import Comment
from broadsheet.news.models import Article, Correction
from tests.support import factories
from tests.support.posting import post

pytestmark = pytest.mark.django_db


def _get(client: Client, url: str, **headers: Any) -> Any:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content
    return response.json()


def test_article_list_shows_only_live_articles_newest_first(client: Client) -> None:
    live_old = factories.article(published_at=timezone.now() - dt.timedelta(days=2))
    live_new = factories.article(published_at=timezone.now() - dt.timedelta(hours=1))
    factories.article(status=Article.Status.DRAFT)
    factories.article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + dt.timedelta(hours=1)
    )
    factories.article(status=Article.Status.WITHDRAWN, published_at=timezone.now())
    data = _get(client, "/api/v1/articles/")
    assert [a["id"] for a in data["items"]] == [live_new.pk, live_old.pk]
    assert data["next_cursor"] is None


def test_article_list_follows_the_cursor_to_the_end(client: Client) -> None:
    made = [factories.article() for _ in range(7)]
    seen: list[int] = []
    url = "/api/v1/articles/?limit=3"
    pages = 0
    while True:
        data = _get(client, url)
        seen += [a["id"] for a in data["items"]]
        pages += 1
        if not data["next_cursor"]:
            break
        url = f"/api/v1/articles/?limit=3&cursor={data['next_cursor']}"
    assert pages == 3
    expected = sorted(made, key=lambda a: (a.published_at, a.pk), reverse=True)
    assert seen == [a.pk for a in expected]


def test_articles_with_the_same_time_are_neither_skipped_nor_repeated(client: Client) -> None:
    moment = timezone.now() - dt.timedelta(hours=3)
    made = {factories.article(published_at=moment).pk for _ in range(5)}
    first = _get(client, "/api/v1/articles/?limit=2")
    second = _get(client, f"/api/v1/articles/?limit=10&cursor={first['next_cursor']}")
    ids = [a["id"] for a in first["items"] + second["items"]]
    assert sorted(ids) == sorted(made)
    assert len(ids) == len(set(ids))


def test_a_page_over_the_limit_is_refused_not_cut(client: Client) -> None:
    response = client.get("/api/v1/articles/?limit=101")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "page_size_too_large"
    assert client.get("/api/v1/articles/?limit=100").status_code == 200


def test_a_cursor_not_given_by_the_api_is_refused(client: Client) -> None:
    response = client.get("/api/v1/articles/?cursor=bm90LWEtY3Vyc29y")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


def test_article_list_filters(client: Client) -> None:
    politics = factories.section("Politics", slug="politics")
    writer = factories.author()
    wanted = factories.article(
        section_obj=politics, tags=["Elections"], authors=[writer], language="uk"
    )
    factories.article(tags=["Weather"])
    old = factories.article(published_at=timezone.now() - dt.timedelta(days=30))
    for query in ("section=politics", "tag=elections", f"author={writer.slug}", "language=uk"):
        assert [a["id"] for a in _get(client, f"/api/v1/articles/?{query}")["items"]] == [
            wanted.pk
        ], query
    before = (timezone.now() - dt.timedelta(days=10)).isoformat().replace("+", "%2B")
    data = _get(client, f"/api/v1/articles/?published_before={before}")
    assert [a["id"] for a in data["items"]] == [old.pk]
    assert _get(client, "/api/v1/articles/?section=nowhere")["items"] == []


def test_article_detail_carries_what_its_page_shows(client: Client) -> None:
    photo = factories.photo(credit="Олена Гнатюк")
    writer = factories.author()
    article = factories.article(
        tags=["Energy"],
        authors=[writer],
        sources=[("Ukrinform", "https://www.ukrinform.ua/")],
        lead_photo=photo,
        body="<p>Text <script>alert(1)</script></p>",
    )
    Correction.objects.create(article=article, text="The date was wrong.")
    data = _get(client, f"/api/v1/articles/{article.pk}/")
    assert data["headline"] == article.headline
    assert "<script" not in data["body"]
    assert data["tags"][0]["slug"] == "energy"
    assert data["bylines"][0]["name"] == writer.name
    assert data["sources"] == [{"name": "Ukrinform", "url": "https://www.ukrinform.ua/"}]
    assert data["lead_photo"]["alt"] == photo.alt_text
    assert data["lead_photo"]["credit"] == "Олена Гнатюк"
    assert data["lead_photo"]["renditions"]
    assert data["corrections"][0]["text"] == "The date was wrong."
    assert data["url"] == article.get_absolute_url()
    assert data["comment_count"] == 0
    assert isinstance(data["comments_open"], bool)
    by_path = _get(client, f"/api/v1/article-by-path/?path={article.get_absolute_url()}")
    assert by_path == data
    full_url = f"https://example.org/uk{article.get_absolute_url()}"
    assert _get(client, f"/api/v1/article-by-path/?path={full_url}")["id"] == article.pk


@pytest.mark.parametrize(
    ("status", "future", "expected"),
    [
        (Article.Status.DRAFT, False, 404),
        (Article.Status.REVIEW, False, 404),
        (Article.Status.SCHEDULED, True, 404),
        (Article.Status.WITHDRAWN, False, 410),
    ],
)
def test_articles_readers_may_not_see_are_not_shown(
    client: Client, status: str, future: bool, expected: int
) -> None:
    when = timezone.now() + dt.timedelta(days=1) if future else timezone.now()
    article = factories.article(status=status, published_at=when, withdrawal_note="Removed.")
    for url in (
        f"/api/v1/articles/{article.pk}/",
        f"/api/v1/article-by-path/?path={article.get_absolute_url()}",
    ):
        response = client.get(url)
        assert response.status_code == expected, url
        assert response["Content-Type"] == "application/problem+json"
        assert article.headline not in response.content.decode()
        assert article.body not in response.content.decode()
    for url in ("/api/v1/articles/", "/api/v1/corrections/", "/api/v1/tags/"):
        assert article.headline not in client.get(url).content.decode()


def test_names_with_counts_of_live_articles(client: Client) -> None:
    writer = factories.author()
    factories.article(tags=["Energy"], authors=[writer])
    factories.article(tags=["Energy"], authors=[writer])
    factories.article(status=Article.Status.DRAFT, tags=["Secret"], authors=[writer])
    tags = _get(client, "/api/v1/tags/")
    assert [(t["slug"], t["article_count"]) for t in tags] == [("energy", 2)]
    authors = _get(client, "/api/v1/authors/")
    assert [(a["slug"], a["article_count"]) for a in authors] == [(writer.slug, 2)]
    sections = _get(client, "/api/v1/sections/")
    assert sections[0]["article_count"] == 2


def test_corrections_newest_first_only_of_live_articles(client: Client) -> None:
    article = factories.article()
    hidden = factories.article(status=Article.Status.DRAFT)
    old = Correction.objects.create(
        article=article, text="First.", created_at=timezone.now() - dt.timedelta(days=1)
    )
    new = Correction.objects.create(article=article, text="Second.")
    Correction.objects.create(article=hidden, text="Not for readers.")
    data = _get(client, "/api/v1/corrections/")
    assert [c["id"] for c in data["items"]] == [new.pk, old.pk]
    assert data["items"][0]["article"]["url"] == article.get_absolute_url()


def test_comments_are_approved_ones_without_email_or_ip(client: Client, settings: Any) -> None:
    from tests.support.settings import open_discussion

    open_discussion(settings)
    article = factories.article()
    shown = post(article, text="Shown :-)", email="reader@example.org", ip="203.0.113.9")
    reply = post(article, text="A reply", parent_id=shown.pk)
    held = post(article, text="Held back")
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.PENDING)
    response = client.get(f"/api/v1/articles/{article.pk}/comments/")
    body = response.content.decode()
    data = response.json()
    assert [(c["id"], c["parent_id"], c["depth"]) for c in data["items"]] == [
        (shown.pk, None, 0),
        (reply.pk, shown.pk, 1),
    ]
    assert "<img" in data["items"][0]["html"]
    assert "Held back" not in body
    assert "reader@example.org" not in body
    assert "203.0.113.9" not in body
    detail = _get(client, f"/api/v1/articles/{article.pk}/")
    assert detail["comment_count"] == 2
    assert detail["comments_open"] is True


def test_problem_titles_follow_the_request_language(client: Client) -> None:
    titles = {
        lang: client.get("/api/v1/articles/999999/", headers={"accept-language": lang}).json()[
            "title"
        ]
        for lang in ("en", "uk", "ru")
    }
    assert len(set(titles.values())) == 3
    codes = {
        client.get("/api/v1/articles/999999/", headers={"accept-language": lang}).json()["code"]
        for lang in ("en", "uk", "ru")
    }
    assert codes == {"not_found"}


def test_a_read_answers_304_to_its_etag(client: Client) -> None:
    factories.article()
    first = client.get("/api/v1/articles/")
    etag = first["ETag"]
    assert etag.startswith('"')
    assert "public" in first["Cache-Control"]
    again = client.get("/api/v1/articles/", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
