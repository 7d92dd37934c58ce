"""Each public correction of an article is in its page's JSON-LD as a CorrectionComment,
as the API's corrections list gives it; read back with extruct."""

from __future__ import annotations

import datetime as dt

import extruct
import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.news.models import Correction
from tests.support import factories

pytestmark = pytest.mark.django_db


def _news_article(client: Client, path: str) -> dict:
    html = client.get(path).content.decode()
    items = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"])["json-ld"]
    [found] = [item for item in items if item.get("@type") == "NewsArticle"]
    return found


def test_each_correction_is_a_correction_comment_of_its_article(client: Client) -> None:
    article = factories.article()
    first = Correction.objects.create(
        article=article, text="The date was wrong.", created_at=timezone.now() - dt.timedelta(1)
    )
    Correction.objects.create(article=article, text="The name is Гнатюк.")
    data = _news_article(client, article.get_absolute_url())
    assert [c["@type"] for c in data["correction"]] == ["CorrectionComment"] * 2
    assert [c["text"] for c in data["correction"]] == ["The date was wrong.", "The name is Гнатюк."]
    published = dt.datetime.fromisoformat(data["correction"][0]["datePublished"])
    assert published == first.created_at.replace(microsecond=0)
    api = client.get("/api/v1/corrections/").json()["items"]
    assert sorted(c["text"] for c in api) == sorted(c["text"] for c in data["correction"])


def test_an_article_without_corrections_claims_none(client: Client) -> None:
    article = factories.article()
    assert "correction" not in _news_article(client, article.get_absolute_url())
