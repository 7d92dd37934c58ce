"""How search stays fast at scale: only the newest MAX_RESULTS matches are ranked and
counted. The cap is lowered here so a handful of articles stands for a million.
These run on whichever database the suite runs on, so on both backends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from broadsheet.news.models import Article
from broadsheet.search import selectors
from broadsheet.search.backends import base, postgres, sqlite
from broadsheet.search.selectors import search_request_build, search_results_page
from tests.support import factories

pytestmark = pytest.mark.django_db

CAP = 5


@pytest.fixture(autouse=True)
def _small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (base, sqlite, postgres, selectors):
        monkeypatch.setattr(module, "MAX_RESULTS", CAP)


@pytest.fixture
def publish(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> Callable[..., Article]:
    def make(**kwargs: Any) -> Article:
        with django_capture_on_commit_callbacks(execute=True):
            return factories.article(**kwargs)

    return make


def test_search_ranks_only_the_newest_matches_and_says_there_are_more(publish):
    now = timezone.now()
    old = publish(headline="Flood barrier opens", published_at=now - dt.timedelta(days=30))
    newer = [
        publish(
            headline=f"Report {n}",
            body="<p>The flood came back this spring.</p>",
            published_at=now - dt.timedelta(days=10 - n),
        )
        for n in range(CAP + 2)
    ]
    outcome = search_results_page(
        request=search_request_build(text="flood"), page_number=1, per_page=50
    )
    assert outcome.page is not None and outcome.more_than == CAP
    assert outcome.page.paginator.count == CAP
    found = [result.article.pk for result in outcome.page.object_list]
    assert set(found) == {a.pk for a in newer[-CAP:]}
    assert old.pk not in found


def test_exact_count_below_the_cap(publish):
    for n in range(CAP - 1):
        publish(headline=f"Turbine {n}")
    outcome = search_results_page(
        request=search_request_build(text="turbine"), page_number=1, per_page=50
    )
    assert outcome.page is not None and outcome.more_than is None
    assert outcome.page.paginator.count == CAP - 1


def test_date_range_finds_old_matches_beyond_the_newest(publish):
    """A date range bounds the scan; it is not limited to the newest matches overall."""
    now = timezone.now()
    day = now - dt.timedelta(days=400)
    wanted = publish(headline="Harbour crane", published_at=day)
    for n in range(CAP + 3):
        publish(headline=f"Harbour news {n}", published_at=now - dt.timedelta(hours=n + 1))
    outcome = search_results_page(
        request=search_request_build(
            text="harbour",
            date_from=timezone.localdate(day) - dt.timedelta(days=1),
            date_to=timezone.localdate(day) + dt.timedelta(days=1),
        ),
        page_number=1,
        per_page=50,
    )
    assert outcome.page is not None
    assert [r.article.pk for r in outcome.page.object_list] == [wanted.pk]


def test_results_page_shows_more_than_the_cap(client: Client, publish):
    for n in range(CAP + 1):
        publish(headline=f"Snowfall {n}")
    html = client.get(reverse("search:search"), {"q": "snowfall"}).content.decode()
    assert f"More than {CAP} results" in html


def test_no_results_page_lists_the_latest_live_articles(client: Client, publish):
    now = timezone.now()
    publish(headline="Newest piece", published_at=now - dt.timedelta(minutes=5))
    publish(headline="Older piece", published_at=now - dt.timedelta(days=2))
    publish(headline="Not yet", status="scheduled", published_at=now + dt.timedelta(days=1))
    outcome = search_results_page(
        request=search_request_build(text="xqzvbnmw"), page_number=1, per_page=20
    )
    assert [a.headline for a in outcome.latest][:2] == ["Newest piece", "Older piece"]


def _found(text: str, **filters: Any) -> list[int]:
    outcome = search_results_page(
        request=search_request_build(text=text, **filters), page_number=1, per_page=50
    )
    return [] if outcome.page is None else [r.article.pk for r in outcome.page.object_list]


def test_postgres_phrase_looks_among_the_newest_documents_of_the_range(publish, monkeypatch):
    """The GIN index holds no positions: a phrase is checked on each candidate's vector,
    so only the newest PHRASE_WINDOW documents are looked at; a date range reaches
    older ones."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's FTS5 index holds positions: a phrase is found at any age")
    monkeypatch.setattr(postgres, "PHRASE_WINDOW", 4)
    now = timezone.now()
    old = publish(headline="Peace talks resume", published_at=now - dt.timedelta(days=30))
    for n in range(4):
        publish(headline=f"Talks on lasting peace {n}", published_at=now - dt.timedelta(days=9 - n))
    new = publish(headline="Peace talks stall", published_at=now - dt.timedelta(hours=1))
    assert _found('"peace talks"') == [new.pk]
    day = timezone.localdate(old.published_at)
    in_range = _found(
        '"peace talks"', date_from=day - dt.timedelta(days=1), date_to=day + dt.timedelta(days=1)
    )
    assert in_range == [old.pk]
    monkeypatch.setattr(postgres, "PHRASE_WINDOW", 100)
    assert set(_found('"peace talks"')) == {new.pk, old.pk}
