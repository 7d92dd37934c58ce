"""PostgreSQL full-text search: scale mode, switched on by a PostgreSQL DATABASE_URL.

Each document gets a `vector` tsvector (migration 0002 adds the column and its GIN
index) built with the text-search configuration of the article's language, weighted
headline A, tags/authors/standfirst B, body D. Queries go through
`websearch_to_tsquery` and rank with `ts_rank`. Without a language filter a query is
parsed with every configuration in use and the results ORed, so `elections` finds the
English `election` and `выборы` the Russian `выборов`. Latin diacritics are folded on
both sides (PostgreSQL's `translate`, no extension needed), as SQLite's tokenizer does.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection

from broadsheet.search.backends.base import SearchBackend, SearchHit, SearchRequest
from broadsheet.search.query import ParsedQuery, Term
from broadsheet.search.text import LATIN_FOLD

# Text-search configurations by article language; PostgreSQL ships no Ukrainian
# stemmer, so Ukrainian (and any language not listed) uses `simple`: lower-cased words.
CONFIGS = {"en": "english", "ru": "russian", "uk": "simple"}
DEFAULT_CONFIG = "simple"

_FOLD_FROM = "".join(chr(code) for code in LATIN_FOLD)
_FOLD_TO = "".join(LATIN_FOLD.values())


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
            return f"to_tsvector(c.cfg, translate(d.{column}, %s, %s))"

        fold = [_FOLD_FROM, _FOLD_TO]
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

    def _from_where(self, request: SearchRequest) -> tuple[str, list[Any]]:
        if request.language:
            configs = [config_for(request.language)]
        else:
            configs = sorted({config_for(code) for code, _name in settings.LANGUAGES})
        text = websearch_text(request.query)
        tsquery = " || ".join("websearch_to_tsquery(%s::regconfig, %s)" for _ in configs)
        query_params: list[Any] = []
        for config in configs:
            query_params += [config, text]
        where, params = self.filter_sql(request)
        sql = (
            f"FROM search_searchdocument d, (SELECT ({tsquery}) AS query) q "
            "WHERE d.vector @@ q.query AND " + " AND ".join(where)
        )
        return sql, [*query_params, *params]

    def search(self, request: SearchRequest, *, offset: int, limit: int) -> list[SearchHit]:
        if request.query.is_empty:
            return []
        from_where, params = self._from_where(request)
        # Normalization 1 divides the rank by 1 + log(document length): a long body
        # should not beat a short article about the very thing asked for.
        sql = (
            f"SELECT d.article_id, ts_rank(d.vector, q.query, 1) AS score {from_where} "
            "ORDER BY score DESC, d.published_at DESC, d.article_id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return [SearchHit(article_id=row[0], score=float(row[1])) for row in cursor.fetchall()]

    def count(self, request: SearchRequest) -> int:
        if request.query.is_empty:
            return 0
        from_where, params = self._from_where(request)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {from_where}", params)
            return int(cursor.fetchone()[0])

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")
