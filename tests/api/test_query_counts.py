"""The API's reads run a fixed number of queries, whatever the length of what they list
(in process, the page cache not in front: every request renders)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from broadsheet.news.models import Correction
from tests.support import factories

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(make: Callable[[], object], times: int) -> None:
    for _ in range(times):
        make()


@pytest.mark.parametrize(
    "url", ["/api/v1/articles/?limit=50", "/api/v1/corrections/?limit=50", "/api/v1/authors/"]
)
def test_a_list_costs_the_same_queries_for_3_or_30_items(client: Client, url: str) -> None:
    writers = [factories.author() for _ in range(2)]

    def one() -> None:
        article = factories.article(authors=writers, tags=["Energy"])
        Correction.objects.create(article=article, text="Fixed.")

    _grow(one, 3)
    client.get(url)  # anything read once per process is read
    few = _queries(client, url)
    _grow(one, 27)
    assert _queries(client, url) == few
    assert few <= 3


def test_an_article_costs_the_same_queries_whatever_it_carries(client: Client) -> None:
    plain = factories.article()
    rich = factories.article(
        tags=["A", "B", "C", "D"],
        authors=[factories.author() for _ in range(3)],
        sources=[("One", "https://one.example/"), ("Two", "https://two.example/")],
    )
    for n in range(4):
        Correction.objects.create(article=rich, text=f"Fix {n}.")
    client.get(f"/api/v1/articles/{plain.pk}/")
    assert _queries(client, f"/api/v1/articles/{plain.pk}/") == _queries(
        client, f"/api/v1/articles/{rich.pk}/"
    )
