"""SQLite FTS5: the embedded default, nothing to install or run.

`search_fts` is an external-content FTS5 table over `search_searchdocument`; triggers
made by migration 0002 keep it in step with every insert, update and delete, so the
shared `index_articles` needs nothing more. Tokenizer: `porter unicode61
remove_diacritics 2`: Unicode word breaking and case folding (Cyrillic included),
Latin diacritics removed (`cafe` finds `café`), English words stemmed by Porter; words
in other scripts pass through unstemmed, and each query word also matches as a prefix
(`вибор` finds `виборів`).

Cost at scale: FTS5 walks a doclist in rowid order, so the query takes the newest
MAX_RESULTS matches (ORDER BY rowid DESC, LIMIT inside the FTS5 scan) and computes
bm25 for those only, and the count stops at MAX_RESULTS + 1. Ranking every match, as
a plain `ORDER BY bm25` does, grows with the number of matches: 0.6-0.75 s for a
common word at 100,000 articles, and ten times that at a million (BENCHMARKS.md). A
date range also bounds the rowids FTS5 reads (see `_from_where`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import OperationalError, connection

from broadsheet.search.backends.base import (
    MAX_RESULTS,
    SearchBackend,
    SearchHit,
    SearchRequest,
    SearchTimeout,
)
from broadsheet.search.query import ParsedQuery, Term

FTS_TABLE = "search_fts"
# bm25 weights, in the table's column order: headline, standfirst, body, tags, authors.
COLUMN_WEIGHTS = (10.0, 4.0, 1.0, 6.0, 6.0)
MIN_PREFIX_LENGTH = 3


def _fts_term(term: Term) -> str:
    # Words are \w+ runs (see query.py), so they hold no quote; quoting makes every
    # word a plain string to FTS5, never an operator such as NEAR or AND.
    if term.is_phrase:
        return '"' + " ".join(term.words) + '"'
    word = term.words[0]
    return f'"{word}"*' if len(word) >= MIN_PREFIX_LENGTH else f'"{word}"'


def fts_expression(query: ParsedQuery) -> str:
    """The FTS5 MATCH expression for `query`: groups ANDed, a group's terms ORed."""
    groups = ["(" + " OR ".join(_fts_term(t) for t in group) + ")" for group in query.groups]
    expression = " AND ".join(groups)
    for term in query.excluded:
        expression += f" NOT {_fts_term(term)}"
    return expression


# A date range with at most this many documents is turned into a rowid range.
DATE_RANGE_BOUND_LIMIT = 20_000
# How many SQLite virtual-machine steps run between two looks at the clock (a few
# microseconds' work each time).
CLOCK_CHECK_STEPS = 10_000


class SQLiteFTS5Backend(SearchBackend):
    name = "sqlite-fts5"

    def __init__(self) -> None:
        self._bounds: dict[SearchRequest, tuple[int, int] | None] = {}

    def _rowid_bounds(self, request: SearchRequest) -> tuple[int, int] | None:
        """For a date range: the lowest and highest article id published in it, a rowid
        range FTS5 seeks to, so a range that holds few of a common word's matches does
        not walk all of them. None without a range, or for a range of more than
        DATE_RANGE_BOUND_LIMIT documents (finding the bounds would cost more than the
        newest-first walk saves). One query per request, reused by count and search."""
        if request.start is None and request.end is None:
            return None
        if request not in self._bounds:
            times, params = self.filter_sql(
                SearchRequest(
                    query=request.query, now=request.now, start=request.start, end=request.end
                ),
                alias="b",
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*), min(article_id), max(article_id) FROM ("  # noqa: S608
                    "SELECT b.article_id FROM search_searchdocument b WHERE "
                    + " AND ".join(times)
                    + " LIMIT %s)",
                    [*params, DATE_RANGE_BOUND_LIMIT + 1],
                )
                count, low, high = cursor.fetchone()
            if count == 0:
                self._bounds[request] = (1, 0)  # an empty range: nothing can match
            elif count > DATE_RANGE_BOUND_LIMIT:
                self._bounds[request] = None
            else:
                self._bounds[request] = (int(low), int(high))
        return self._bounds[request]

    def _from_where(self, request: SearchRequest) -> tuple[str, list[Any]]:
        # CROSS JOIN makes SQLite run the MATCH first and look documents up by key;
        # left to choose, it may walk a filter's index and probe FTS5 once per row.
        where, params = self.filter_sql(request)
        bounds = self._rowid_bounds(request)
        if bounds is not None:
            where.append(f"{FTS_TABLE}.rowid BETWEEN %s AND %s")
            params += list(bounds)
        sql = (
            f"FROM {FTS_TABLE} CROSS JOIN search_searchdocument d "
            f"ON d.article_id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND " + " AND ".join(where)
        )
        return sql, [fts_expression(request.query), *params]

    @contextmanager
    def time_limited(self) -> Iterator[None]:
        """SQLite has no statement timeout: a progress handler looks at the clock every
        CLOCK_CHECK_STEPS steps and interrupts the statement once the time is spent."""
        deadline = time.monotonic() + settings.BROADSHEET_SEARCH_TIMEOUT_MS / 1000
        connection.ensure_connection()
        raw = connection.connection
        raw.set_progress_handler(lambda: int(time.monotonic() > deadline), CLOCK_CHECK_STEPS)
        try:
            yield
        except OperationalError as error:
            if str(error) == "interrupted":
                raise SearchTimeout from error
            raise
        finally:
            raw.set_progress_handler(None, 0)

    def search(self, request: SearchRequest, *, offset: int, limit: int) -> list[SearchHit]:
        if request.query.is_empty:
            return []
        from_where, params = self._from_where(request)
        weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
        # The inner query is FTS5's own: newest matches first, stopped at MAX_RESULTS,
        # bm25 computed for those rows only; the outer one orders them by score.
        sql = (
            "SELECT c.article_id, c.score FROM ("  # noqa: S608 - fixed fragments, values are parameters
            f"SELECT d.article_id, d.published_at, bm25({FTS_TABLE}, {weights}) AS score "
            f"{from_where} ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s"
            ") c ORDER BY c.score, c.published_at DESC, c.article_id DESC LIMIT %s OFFSET %s"
        )
        with self.time_limited(), connection.cursor() as cursor:
            cursor.execute(sql, [*params, MAX_RESULTS, limit, offset])
            # bm25 is lower-is-better; the interface's score is higher-is-better.
            return [SearchHit(article_id=row[0], score=-row[1]) for row in cursor.fetchall()]

    def count(self, request: SearchRequest) -> int:
        if request.query.is_empty:
            return 0
        from_where, params = self._from_where(request)
        with self.time_limited(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 {from_where} LIMIT %s)",  # noqa: S608
                [*params, MAX_RESULTS + 1],
            )
            return int(cursor.fetchone()[0])

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
