"""The API's search finds what the search page finds, live articles only."""

from __future__ import annotations

import pytest
from django.test import Client

from broadsheet.news.models import Article
from tests.support import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_finds_live_articles_with_their_words_marked(client: Client) -> None:
    found = factories.article(headline="Solar panels on every school")
    factories.article(headline="Solar eclipse draft", status=Article.Status.DRAFT)
    factories.article(headline="Nothing to see")
    response = client.get("/api/v1/search/?q=solar")
    assert response.status_code == 200, response.content
    data = response.json()
    assert [r["article"]["id"] for r in data["items"]] == [found.pk]
    assert "<mark>" in data["items"][0]["headline_html"]
    assert "draft" not in response.content.decode()


def test_search_in_an_unknown_section_finds_nothing(client: Client) -> None:
    factories.article(headline="Solar panels on every school")
    response = client.get("/api/v1/search/?q=solar&section=nowhere")
    assert response.status_code == 200
    assert response.json()["items"] == []
