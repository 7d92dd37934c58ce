"""PostgreSQL full-text search: scale mode, switched on by a PostgreSQL DATABASE_URL.

Each document gets a `vector` tsvector (migration 0002 adds the column and its GIN
index) built with the text-search configuration of the article's language, weighted
headline A, tags/authors/standfirst B, body D. Queries go through
`websearch_to_tsquery` and rank with `ts_rank`, computed for the newest MAX_RESULTS
matches only; the count stops at MAX_RESULTS + 1. Without a language filter a query is
parsed with every configuration in use and the results ORed, so `elections` finds the
English `election` and `выборы` the Russian `выборов`. Latin diacritics are folded on
both sides (PostgreSQL's `translate`, no extension needed), as SQLite's tokenizer does.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection

from broadsheet.search.backends.base import MAX_RESULTS, SearchBackend, SearchHit, SearchRequest
from broadsheet.search.query import ParsedQuery, Term
from broadsheet.search.text import LATIN_FOLD

# Text-search configurations by article language; PostgreSQL ships no Ukrainian
# stemmer, so Ukrainian (and any language not listed) uses `simple`: lower-cased words.
CONFIGS = {"en": "english", "ru": "russian", "uk": "simple"}
DEFAULT_CONFIG = "simple"

_FOLD_FROM = "".join(chr(code) for code in LATIN_FOLD)
_FOLD_TO = "".join(LATIN_FOLD.values())
_FOLD_PATTERN = f"[{min(_FOLD_FROM)}-{max(_FOLD_FROM)}]"


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

    def after_write(self, article_ids: list[int]) -> None:
        languages = [code for code, _name in settings.LANGUAGES]
        cases = " ".join("WHEN %s THEN %s" for _ in languages)
        case_params: list[Any] = []
        for code in languages:
            case_params += [code, config_for(code)]

        def vec(column: str) -> str:
            # translate() costs ~20 ms on a 2,000-word body (it searches its from-list
            # for every character): run it only on text that holds a letter to fold.
            return (
                f"to_tsvector(c.cfg, CASE WHEN d.{column} ~ %s "
                f"THEN translate(d.{column}, %s, %s) ELSE d.{column} END)"
            )

        fold = [_FOLD_PATTERN, _FOLD_FROM, _FOLD_TO]
        # Only fixed fragments are joined; every value is a parameter.
        sql = (
            "UPDATE search_searchdocument d SET vector = "  # noqa: S608
            f"setweight({vec('headline')}, 'A') || setweight({vec('tags')}, 'B') || "
            f"setweight({vec('authors')}, 'B') || setweight({vec('standfirst')}, 'B') || "
            f"setweight({vec('body')}, 'D') "
            f"FROM (SELECT article_id, (CASE language {cases} ELSE %s END)::regconfig AS cfg "
            "FROM search_searchdocument WHERE article_id = ANY(%s)) c "
            "WHERE d.article_id = c.article_id"
        )
        params = fold * 5 + [*case_params, DEFAULT_CONFIG, list(article_ids)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

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

    def _from_where(self, request: SearchRequest) -> tuple[str, list[Any]]:
        tsquery, query_params = self._tsquery(request)
        where, params = self.filter_sql(request)
        sql = f"FROM search_searchdocument d WHERE d.vector @@ {tsquery} AND " + " AND ".join(where)
        return sql, [*query_params, *params]

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

    def search(self, request: SearchRequest, *, offset: int, limit: int) -> list[SearchHit]:
        if request.query.is_empty:
            return []
        matches, params = self._matches_sql(request)
        tsquery, query_params = self._tsquery(request)
        # The newest MAX_RESULTS matches, then ts_rank on those only: ranking every
        # match detoasts every matching vector. Normalization 1 divides the rank by
        # 1 + log(document length): a long body should not beat a short article about
        # the very thing asked for.
        sql = (
            # Only fixed fragments are joined; every value is a parameter.
            f"SELECT c.article_id, ts_rank(v.vector, {tsquery}, 1) AS score "  # noqa: S608
            f"FROM ({matches} LIMIT %s) c "
            "JOIN search_searchdocument v ON v.article_id = c.article_id "
            "ORDER BY score DESC, c.published_at DESC, c.article_id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*query_params, *params, MAX_RESULTS, limit, offset])
            return [SearchHit(article_id=row[0], score=float(row[1])) for row in cursor.fetchall()]

    def count(self, request: SearchRequest) -> int:
        if request.query.is_empty:
            return 0
        matches, params = self._matches_sql(request)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM ({matches} LIMIT %s) AS matches",  # noqa: S608
                [*params, MAX_RESULTS + 1],
            )
            return int(cursor.fetchone()[0])

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")
