"""PostgreSQL full-text search: scale mode, switched on by a PostgreSQL DATABASE_URL.

Each document gets a `vector` tsvector (migration 0002 adds the column and its GIN
index) built with the text-search configuration of the article's language, weighted
headline A, tags/authors/standfirst B, body D. Queries go through
`websearch_to_tsquery` and rank with `ts_rank`, computed for the newest MAX_RESULTS
matches only; the count stops at MAX_RESULTS + 1. A common word is found by walking
the newest documents, a rarer one through the GIN index, chosen by what a short walk
saw (one search per request serves the count and the page; see `_matches`). A phrase
or an excluded word looks among the newest PHRASE_WINDOW documents of the date range
only. Every search statement stops after BROADSHEET_SEARCH_TIMEOUT_MS. Writes go
through COPY and one INSERT ... SELECT that computes the vectors (`index_articles`).
Without a language filter a query is parsed with every configuration in use and the
results ORed, so `elections` finds the
English `election` and `выборы` the Russian `выборов`. Latin diacritics are folded on
both sides (PostgreSQL's `translate`, no extension needed), as SQLite's tokenizer does.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from django.conf import settings
from django.db import OperationalError, connection, transaction

from broadsheet.search.backends.base import (
    MAX_RESULTS,
    SearchBackend,
    SearchHit,
    SearchRequest,
    SearchTimeout,
)
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
# A plain query first walks this many of the newest documents of its range (see
# `_matches`): at most that many vectors read, about 50 ms warm.
PROBE_WINDOW = 2_000
# Reading a document's vector (TOAST, decompressed) against fetching one GIN match's
# row, measured at 1,000,000 articles: about 25 us against 3.6 us.
WALK_COST_RATIO = 7
# What each way of reading the documents turns off in the planner (see `_guarded`).
WALK_SCANS_OFF = ("enable_bitmapscan", "enable_seqscan")
BITMAP_SCANS_OFF = ("enable_indexscan", "enable_indexonlyscan", "enable_seqscan")
# The GIN index holds no word positions, so a phrase or an excluded word is checked
# again on the vector of every document the index finds (about 20 us each, warm): a
# phrase of two common words in a million articles would read a quarter of them. Such
# queries look only among the newest PHRASE_WINDOW documents of the date range asked
# for (the whole range when it holds fewer): bounded, like MAX_RESULTS for plain words.
PHRASE_WINDOW = 20_000
# PostgreSQL's SQLSTATE for a statement stopped by statement_timeout.
QUERY_CANCELED = "57014"
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
        self._windows: dict[tuple[SearchRequest, int], dt.datetime | None] = {}
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

    def _window_start(self, request: SearchRequest, size: int) -> dt.datetime | None:
        """The publication time of the `size`-th newest document the request's filters
        allow (None when they allow fewer): where a window of the search starts. One
        walk of a publication-time index (by section, by language, or all)."""
        key = (request, size)
        if key not in self._windows:
            where, params = self.filter_sql(request)
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT d.published_at FROM search_searchdocument d WHERE "  # noqa: S608
                    + " AND ".join(where)
                    + " ORDER BY d.published_at DESC OFFSET %s LIMIT 1",
                    [*params, size - 1],
                )
                row = cursor.fetchone()
            self._windows[key] = row[0] if row else None
        return self._windows[key]

    @staticmethod
    def _is_plain(request: SearchRequest) -> bool:
        """Only plain words: the GIN index answers those exactly. A phrase or an
        excluded word is checked again on each candidate's vector."""
        query = request.query
        return not query.excluded and not any(t.is_phrase for g in query.groups for t in g)

    def _range_where(
        self,
        request: SearchRequest,
        start: dt.datetime | None,
        before: dt.datetime | None,
        alias: str,
    ) -> tuple[list[str], list[Any]]:
        """The filters' conditions, and publication from `start` and before `before`
        (None: no such bound), on table `alias`."""
        where, params = self.filter_sql(request, alias=alias)
        for condition, bound in ((">=", start), ("<", before)):
            if bound is not None:
                where.append(f"{alias}.published_at {condition} %s")
                params.append(connection.ops.adapt_datetimefield_value(bound))
        return where, params

    def _matches_sql(
        self,
        request: SearchRequest,
        start: dt.datetime | None,
        before: dt.datetime | None,
        limit: int,
        *,
        plan: str,
    ) -> tuple[str, list[Any]]:
        """The ids of the newest `limit` matches in the range (see `_range_where`),
        newest first, read the way `plan` says:

        - "walk": the documents the filters allow, newest first through the index that
          serves the filters, each one's vector tested until `limit` match;
        - "index": every match the GIN index finds, then the filters and the newest;
        - "window": both at once, for a phrase or an exclusion in a narrow window.

        OFFSET 0 fences a subquery: the planner may not move the match into it (and
        test vectors of documents the filters exclude) nor the filters (and pick their
        index over the GIN index)."""
        tsquery, query_params = self._tsquery(request)
        newest = "ORDER BY {0}.published_at DESC, {0}.article_id DESC"
        if plan == "walk":
            where, params = self._range_where(request, start, before, alias="d")
            sql = (
                "SELECT c.article_id FROM (SELECT d.article_id, d.published_at, d.vector "  # noqa: S608
                f"FROM search_searchdocument d WHERE {' AND '.join(where)} "
                f"{newest.format('d')} OFFSET 0) c "
                f"WHERE c.vector @@ {tsquery} {newest.format('c')} LIMIT %s"
            )
            return sql, [*params, *query_params, limit]
        if plan == "index":
            where, params = self._range_where(request, start, before, alias="c")
            sql = (
                "SELECT c.article_id FROM (SELECT d.article_id, d.published_at, d.section_id, "  # noqa: S608
                f"d.language FROM search_searchdocument d WHERE d.vector @@ {tsquery} OFFSET 0) c "
                f"WHERE {' AND '.join(where)} {newest.format('c')} LIMIT %s"
            )
            return sql, [*query_params, *params, limit]
        where, params = self._range_where(request, start, before, alias="d")
        # The match comes last: PostgreSQL tests a row's conditions in the order
        # written, and the time comparisons spare reading vectors outside the window.
        sql = (
            "SELECT d.article_id FROM search_searchdocument d WHERE "  # noqa: S608
            f"{' AND '.join(where)} AND d.vector @@ {tsquery} {newest.format('d')} LIMIT %s"
        )
        return sql, [*params, *query_params, limit]

    def _run(
        self,
        request: SearchRequest,
        start: dt.datetime | None,
        before: dt.datetime | None = None,
        limit: int = MAX_RESULTS + 1,
        *,
        plan: str,
    ) -> list[int]:
        sql, params = self._matches_sql(request, start, before, limit, plan=plan)
        with self._guarded(plan=plan), connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def _document_count(self) -> int:
        """The documents in the index, from the planner's statistics (no scan)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = 'search_searchdocument'::regclass"
            )
            row = cursor.fetchone()
        return max(int(row[0]) if row else 0, 1)

    def time_limited(self) -> AbstractContextManager[None]:
        return self._guarded()

    @contextmanager
    def _guarded(self, *, plan: str = "") -> Iterator[None]:
        """Within the block a statement stops after BROADSHEET_SEARCH_TIMEOUT_MS
        (raising SearchTimeout); `plan` (see `_matches_sql`) holds the planner to
        reading the documents through index scans ("walk") or bitmaps.

        Left to itself the planner takes testing a document's vector as nearly free
        (it is not: the vector is read from TOAST and decompressed, 20-200 us) and
        judges a word by statistics that hold only the commonest thousand: for a word
        not among them it walked a million documents' vectors (231 s). `_matches`
        chooses from what the documents show, and holds the planner to it."""
        values = {"statement_timeout": str(int(settings.BROADSHEET_SEARCH_TIMEOUT_MS))}
        off = WALK_SCANS_OFF if plan == "walk" else BITMAP_SCANS_OFF if plan else ()
        # JIT compiling pays only for long queries; a disabled plan's cost looks long.
        values |= dict.fromkeys((*off, "jit"), "off")
        # set_config(..., true) lasts until the end of the transaction. The block is
        # one, unless it runs inside a longer one (a savepoint then): there the values
        # found are put back at its end. A failed block's rollback undoes them itself.
        nested = connection.in_atomic_block
        pairs = [item for pair in values.items() for item in pair]
        change = ", ".join("set_config(%s, %s, true)" for _ in values)
        # current_setting() before set_config() in one target list: read first.
        before = "".join("current_setting(%s), " for _ in values) if nested else ""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT {before}{change}", [*values, *pairs] if nested else pairs)
            found = cursor.fetchone()[: len(values)]
            try:
                yield
            except OperationalError as error:
                if getattr(error.__cause__, "sqlstate", "") == QUERY_CANCELED:
                    raise SearchTimeout from error
                raise
            if nested:
                cursor.execute(
                    f"SELECT {change}",
                    [item for pair in zip(values, found, strict=True) for item in pair],
                )

    def _find_matches(self, request: SearchRequest) -> list[int]:
        if not self._is_plain(request):
            return self._run(request, self._window_start(request, PHRASE_WINDOW), plan="window")
        # 1. Walk the newest PROBE_WINDOW documents: a common word is answered here.
        probe_start = self._window_start(request, PROBE_WINDOW)
        ids = self._run(request, probe_start, plan="walk")
        if len(ids) > MAX_RESULTS or probe_start is None:
            return ids
        # 2. The share of documents that match tells which way costs less: walking on
        # until MAX_RESULTS + 1 matches (about (MAX_RESULTS / share) vectors read) or
        # fetching every match through the GIN index (share x documents rows, each
        # about WALK_COST_RATIO times cheaper than reading a vector).
        share = len(ids) / PROBE_WINDOW
        documents = self._document_count()
        # Either way goes on below the probe's window, and adds to what it found.
        if share * share * documents > WALK_COST_RATIO * MAX_RESULTS:
            window = math.ceil(2 * (MAX_RESULTS + 1) / share)
            start = self._window_start(request, window)
            ids += self._run(request, start, probe_start, MAX_RESULTS + 1 - len(ids), plan="walk")
            if len(ids) > MAX_RESULTS or start is None:
                return ids
            ids += self._run(request, None, start, MAX_RESULTS + 1 - len(ids), plan="index")
        else:
            ids += self._run(request, None, probe_start, MAX_RESULTS + 1 - len(ids), plan="index")
        return ids

    def _matches(self, request: SearchRequest) -> list[int]:
        """The ids of the newest MAX_RESULTS + 1 matches, newest first: found once per
        request, for the count and for the page of hits.

        A plain query first walks the newest PROBE_WINDOW documents, which answers a
        common word; otherwise the share of matches seen there chooses between
        walking on (bounded by a window twice what that share needs) and the GIN
        index (every match fetched). What a query costs follows its matches, never
        the archive's size. A phrase or an exclusion looks through the GIN index
        among the newest PHRASE_WINDOW documents only (see there)."""
        if request not in self._found:
            self._found[request] = self._find_matches(request)
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
        # At most MAX_RESULTS vectors read: bounded without a time limit.
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
