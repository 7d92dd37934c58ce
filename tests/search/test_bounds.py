"""What keeps any search bounded: the newest matches found whichever way the backend
reads them, and a time limit on every search statement. These run on whichever
database the suite runs on, so on both backends; the PostgreSQL knobs are turned so
that a handful of documents takes each of its paths."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from broadsheet.news.models import Article
from broadsheet.search import selectors
from broadsheet.search.backends import base, get_backend, postgres, sqlite
from broadsheet.search.backends.base import SearchTimeout
from broadsheet.search.selectors import search_request_build, search_results_page

pytestmark = pytest.mark.django_db

CAP = 5
# Which documents hold the word, newest last: a few recent ones, a gap, older ones.
PATTERN = "1101000000001000000001001011"


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (base, sqlite, postgres, selectors):
        monkeypatch.setattr(module, "MAX_RESULTS", CAP)


@pytest.fixture
def archive(publish: Callable[..., Article]) -> list[Article]:
    """Articles an hour apart, oldest first; those marked 1 in PATTERN hold the word."""
    now = timezone.now()
    return [
        publish(
            headline=f"Harbour {'lighthouse' if mark == '1' else 'ferry'} note {n}",
            published_at=now - dt.timedelta(hours=len(PATTERN) - n),
        )
        for n, mark in enumerate(PATTERN)
    ]


def _found(text: str) -> tuple[list[int], int | None]:
    outcome = search_results_page(
        request=search_request_build(text=text), page_number=1, per_page=50
    )
    assert outcome.page is not None
    return sorted(r.article.pk for r in outcome.page.object_list), outcome.more_than


@pytest.mark.parametrize(
    ("probe_window", "walk_cost_ratio"),
    [
        (1_000, 7),  # the probe sees every document
        (3, 0),  # walk on below the probe (and through the index past its window)
        (3, 10**9),  # through the GIN index below the probe
        (1, 0),  # a probe that finds nothing walks nowhere: the index
    ],
)
def test_the_newest_matches_are_found_whichever_way_they_are_read(
    small_cap, archive, monkeypatch, probe_window, walk_cost_ratio
):
    monkeypatch.setattr(postgres, "PROBE_WINDOW", probe_window)
    monkeypatch.setattr(postgres, "WALK_COST_RATIO", walk_cost_ratio)
    holding = [a.pk for a, mark in zip(archive, PATTERN, strict=True) if mark == "1"]
    assert _found("lighthouse") == (sorted(holding[-CAP:]), CAP)
    # A word only the oldest article holds, far below every window.
    assert _found("note 0")[0] == [archive[0].pk]
    assert _found("xqzvbnmw") == ([], None)


def test_a_word_in_fewer_articles_than_the_cap_is_counted_exactly(archive, monkeypatch):
    monkeypatch.setattr(postgres, "PROBE_WINDOW", 3)
    holding = [a.pk for a, mark in zip(archive, PATTERN, strict=True) if mark == "1"]
    assert _found("lighthouse") == (sorted(holding), None)


def _slow_statement() -> str:
    if connection.vendor == "postgresql":
        return "SELECT pg_sleep(2)"
    return (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
        "SELECT count(*) FROM c"
    )


def test_a_search_statement_past_the_time_limit_is_stopped(settings):
    settings.BROADSHEET_SEARCH_TIMEOUT_MS = 100
    backend = get_backend()
    with pytest.raises(SearchTimeout), backend.time_limited(), connection.cursor() as cursor:
        cursor.execute(_slow_statement())
    # The limit ends with the block: the connection is usable and unlimited again.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "0"
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1


def test_postgres_holds_the_planner_to_the_chosen_way(archive):
    """Each step's statement is planned as `_matches` chose: a walk through a
    publication-time index, or the GIN index; never the other."""
    if connection.vendor != "postgresql":
        pytest.skip("the plan choice is PostgreSQL's")
    backend = get_backend()
    assert isinstance(backend, postgres.PostgresBackend)
    request = search_request_build(text="lighthouse")
    plans = {}
    for plan in ("walk", "index"):
        sql, params = backend._matches_sql(request, None, None, CAP, plan=plan)
        with backend._guarded(plan=plan), connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, params)
            plans[plan] = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap" not in plans["walk"] and "searchdoc_pub" in plans["walk"]
    assert "Bitmap Index Scan on search_document_vector" in plans["index"]
    # Inside the test's transaction too, each block put the planner back as it was.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_bitmapscan'), current_setting('enable_indexscan'), "
            "current_setting('statement_timeout')"
        )
        assert cursor.fetchone() == ("on", "on", "0")


def _slow_backend_class() -> type[base.SearchBackend]:
    """The real backend of the database in use, whose count first runs a statement
    longer than the time limit."""
    real = type(get_backend())

    class SlowBackend(real):  # type: ignore[valid-type,misc]
        def count(self, request: base.SearchRequest) -> int:
            with self.time_limited(), connection.cursor() as cursor:
                cursor.execute(_slow_statement())
            return super().count(request)

    return SlowBackend


def test_results_page_says_a_search_took_too_long_and_keeps_the_query(
    client: Client, archive, settings, monkeypatch
):
    settings.BROADSHEET_SEARCH_TIMEOUT_MS = 100
    monkeypatch.setattr(selectors, "get_backend", lambda: _slow_backend_class()())
    response = client.get(reverse("search:search"), {"q": "lighthouse"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "took too long" in html
    assert 'value="lighthouse"' in html
    assert "search-result" not in html
