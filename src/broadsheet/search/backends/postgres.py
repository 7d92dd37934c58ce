"""PostgreSQL full-text search: scale mode, switched on by a PostgreSQL DATABASE_URL.

Each document gets a `vector` tsvector (migration 0002 adds the column and its GIN
index) built with the text-search configuration of the article's language, weighted
headline A, tags/authors/standfirst B, body D. Queries go through
`websearch_to_tsquery` and rank with `ts_rank`, computed for the newest MAX_RESULTS
matches only; the count stops at MAX_RESULTS + 1 (one walk per request serves both). A
phrase or an excluded word looks among the newest PHRASE_WINDOW documents of the date
range only (see there). Writes go through COPY and one INSERT ... SELECT that computes
the vectors (`index_articles`). Without a language filter a query is
parsed with every configuration in use and the results ORed, so `elections` finds the
English `election` and `выборы` the Russian `выборов`. Latin diacritics are folded on
both sides (PostgreSQL's `translate`, no extension needed), as SQLite's tokenizer does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from broadsheet.search.backends.base import MAX_RESULTS, SearchBackend, SearchHit, SearchRequest
from broadsheet.search.models import SearchDocument
from broadsheet.search.query import ParsedQuery, Term
from broadsheet.search.text import LATIN_FOLD

# Text-search configurations by article language; PostgreSQL ships no Ukrainian
# stemmer, so Ukrainian (and any language not listed) uses `simple`: lower-cased words.
CONFIGS = {"en": "english", "ru": "russian", "uk": "simple"}
DEFAULT_CONFIG = "simple"

_FOLD_FROM = "".join(chr(code) for code in LATIN_FOLD)
_FOLD_TO = "".join(LATIN_FOLD.values())
_FOLD_PATTERN = f"[{min(_FOLD_FROM)}-{max(_FOLD_FROM)}]"
# The GIN index holds no word positions, so a phrase or an excluded word is checked
# again on the vector of every document the index finds (about 20 us each, warm): a
# phrase of two common words in a million articles would read a quarter of them. Such
# queries look only among the newest PHRASE_WINDOW documents of the date range asked
# for (the whole range when it holds fewer): bounded, like MAX_RESULTS for plain words.
PHRASE_WINDOW = 20_000
# A session's temporary table that `index_articles` copies documents into.
LOAD_TABLE = "search_document_load"


def config_for(language: str | None) -> str:
    return CONFIGS.get(language or "", DEFAULT_CONFIG)


def _websearch_term(term: Term) -> str:
    text = " ".join(term.words)
    return f'"{text}"' if term.is_phrase else text


def websearch_text(query: ParsedQuery) -> str:
    """`query` rendered back into websearch syntax from its parsed words, so both
    backends agree on what a query means."""
    parts = [" or ".join(_websearch_term(t) for t in group) for group in query.groups]
    parts += [f"-{_websearch_term(t)}" for t in query.excluded]
    return " ".join(parts)


class PostgresBackend(SearchBackend):
    name = "postgresql"

    def __init__(self) -> None:
        self._windows: dict[SearchRequest, dt.datetime | None] = {}
        self._found: dict[SearchRequest, list[int]] = {}

    @staticmethod
    def _vector_sql() -> tuple[str, list[Any]]:
        """The weighted tsvector of a document row `d` that has a `cfg` column (its
        language's configuration), and its parameters."""

        def vec(column: str) -> str:
            # translate() costs ~20 ms on a 2,000-word body (it searches its from-list
            # for every character): run it only on text that holds a letter to fold.
            return (
                f"to_tsvector(d.cfg, CASE WHEN d.{column} ~ %s "
                f"THEN translate(d.{column}, %s, %s) ELSE d.{column} END)"
            )

        sql = (
            f"setweight({vec('headline')}, 'A') || setweight({vec('tags')}, 'B') || "
            f"setweight({vec('authors')}, 'B') || setweight({vec('standfirst')}, 'B') || "
            f"setweight({vec('body')}, 'D')"
        )
        return sql, [_FOLD_PATTERN, _FOLD_FROM, _FOLD_TO] * 5

    @staticmethod
    def _config_sql() -> tuple[str, list[Any]]:
        """`(CASE language ...)::regconfig`: the configuration of a row's language."""
        languages = [code for code, _name in settings.LANGUAGES]
        params: list[Any] = []
        for code in languages:
            params += [code, config_for(code)]
        cases = " ".join("WHEN %s THEN %s" for _ in languages)
        return f"(CASE language {cases} ELSE %s END)::regconfig", [*params, DEFAULT_CONFIG]

    def index_articles(self, documents: Sequence[SearchDocument]) -> None:
        """COPY the documents into a session's temporary table, then one INSERT ...
        SELECT computes every vector and upserts: each row is written once (an insert
        followed by an UPDATE of its vector wrote it twice) and no row goes through the
        ORM, so a bulk load (`bench-data`, `search_rebuild`) runs at the speed of
        `to_tsvector` and the GIN index."""
        if not documents:
            return
        fields = SearchDocument._meta.concrete_fields
        columns = ", ".join(str(f.column) for f in fields)
        updates = ", ".join(
            f"{f.column} = EXCLUDED.{f.column}" for f in fields if not f.primary_key
        )
        vector, vector_params = self._vector_sql()
        config, config_params = self._config_sql()
        # Only fixed fragments (column names from the model) are joined; values are
        # parameters or go through COPY.
        insert = (
            f"INSERT INTO search_searchdocument ({columns}, vector) "  # noqa: S608
            f"SELECT {columns}, {vector} FROM (SELECT *, {config} AS cfg FROM {LOAD_TABLE}) d "
            f"ON CONFLICT (article_id) DO UPDATE SET {updates}, vector = EXCLUDED.vector"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {LOAD_TABLE} "
                f"(LIKE search_searchdocument INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
            )
            with cursor.copy(f"COPY {LOAD_TABLE} ({columns}) FROM STDIN") as copy:
                for document in documents:
                    copy.write_row(
                        [f.get_db_prep_save(f.pre_save(document, True), connection) for f in fields]
                    )
            cursor.execute(insert, [*vector_params, *config_params])
            cursor.execute(f"DELETE FROM {LOAD_TABLE}")  # noqa: S608

    def _tsquery(self, request: SearchRequest) -> tuple[str, list[Any]]:
        if request.language:
            configs = [config_for(request.language)]
        else:
            configs = sorted({config_for(code) for code, _name in settings.LANGUAGES})
        text = websearch_text(request.query)
        # Constants to the planner (the functions are immutable), so it estimates how
        # many documents match from the column's statistics and picks its plan by that.
        tsquery = " || ".join("websearch_to_tsquery(%s::regconfig, %s)" for _ in configs)
        params: list[Any] = []
        for config in configs:
            params += [config, text]
        return f"({tsquery})", params

    def _window_start(self, request: SearchRequest) -> dt.datetime | None:
        """The publication time of the PHRASE_WINDOW-th newest document in the request's
        time range (None when the range holds fewer): where a phrase or an exclusion
        stops looking. One indexed query per request, reused by count and search."""
        if request not in self._windows:
            times, params = self.filter_sql(
                SearchRequest(
                    query=request.query, now=request.now, start=request.start, end=request.end
                )
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT d.published_at FROM search_searchdocument d WHERE "  # noqa: S608
                    + " AND ".join(times)
                    + " ORDER BY d.published_at DESC OFFSET %s LIMIT 1",
                    [*params, PHRASE_WINDOW - 1],
                )
                row = cursor.fetchone()
            self._windows[request] = row[0] if row else None
        return self._windows[request]

    def _from_where(self, request: SearchRequest) -> tuple[str, list[Any]]:
        tsquery, query_params = self._tsquery(request)
        where, params = self.filter_sql(request)
        if not self._walks_newest_first(request):
            start = self._window_start(request)
            if start is not None:
                where.append("d.published_at >= %s")
                params.append(connection.ops.adapt_datetimefield_value(start))
        # The match comes last: where the planner filters rows one by one, PostgreSQL
        # tests conditions of equal cost in the order written, and the cheap time
        # comparisons spare reading the vector of every row outside the window.
        where.append(f"d.vector @@ {tsquery}")
        return "FROM search_searchdocument d WHERE " + " AND ".join(where), [*params, *query_params]

    @staticmethod
    def _walks_newest_first(request: SearchRequest) -> bool:
        """May the planner walk the newest documents and test each one until it has
        MAX_RESULTS matches? Only for plain words: the GIN index answers a phrase or
        an excluded word only approximately (each candidate's vector is read again),
        and the planner, misjudging how few such matches there are, would read every
        vector (5 s at 100,000 articles) where the GIN index reads a few."""
        query = request.query
        return not query.excluded and not any(t.is_phrase for g in query.groups for t in g)

    def _matches_sql(self, request: SearchRequest) -> tuple[str, list[Any]]:
        """A subquery of the matching documents' ids and times, newest first."""
        from_where, params = self._from_where(request)
        if self._walks_newest_first(request):
            sql = f"SELECT d.article_id, d.published_at {from_where} ORDER BY d.article_id DESC"
        else:
            # OFFSET 0 fences the subquery: the planner finds every match first, with the
            # GIN index, then orders them.
            sql = (
                "SELECT m.article_id, m.published_at FROM (SELECT d.article_id, d.published_at "  # noqa: S608
                f"{from_where} OFFSET 0) m ORDER BY m.article_id DESC"
            )
        return sql, params

    def _matches(self, request: SearchRequest) -> list[int]:
        """The ids of the newest MAX_RESULTS + 1 matches, newest first: found once per
        request, for the count and for the page of hits (both used to walk them)."""
        if request not in self._found:
            matches, params = self._matches_sql(request)
            with connection.cursor() as cursor:
                cursor.execute(f"{matches} LIMIT %s", [*params, MAX_RESULTS + 1])
                self._found[request] = [row[0] for row in cursor.fetchall()]
        return self._found[request]

    def search(self, request: SearchRequest, *, offset: int, limit: int) -> list[SearchHit]:
        if request.query.is_empty:
            return []
        ids = self._matches(request)[:MAX_RESULTS]
        if not ids:
            return []
        tsquery, query_params = self._tsquery(request)
        # ts_rank on the newest MAX_RESULTS matches only: ranking every match detoasts
        # every matching vector. Normalization 1 divides the rank by 1 + log(document
        # length): a long body should not beat a short article about the very thing
        # asked for.
        sql = (
            # Only fixed fragments are joined; every value is a parameter.
            f"SELECT v.article_id, ts_rank(v.vector, {tsquery}, 1) AS score "  # noqa: S608
            "FROM search_searchdocument v WHERE v.article_id = ANY(%s) "
            "ORDER BY score DESC, v.published_at DESC, v.article_id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*query_params, ids, limit, offset])
            return [SearchHit(article_id=row[0], score=float(row[1])) for row in cursor.fetchall()]

    def count(self, request: SearchRequest) -> int:
        if request.query.is_empty:
            return 0
        return len(self._matches(request))

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")
