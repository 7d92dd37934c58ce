"""SQLite FTS5: the embedded default, nothing to install or run.

`search_fts` is an external-content FTS5 table over `search_searchdocument`; triggers
made by migration 0002 keep it in step with every insert, update and delete, so the
shared `index_articles` needs nothing more. Tokenizer: `porter unicode61
remove_diacritics 2`: Unicode word breaking and case folding (Cyrillic included),
Latin diacritics removed (`cafe` finds `café`), English words stemmed by Porter; words
in other scripts pass through unstemmed, and each query word also matches as a prefix
(`вибор` finds `виборів`).
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from broadsheet.search.backends.base import SearchBackend, SearchHit, SearchRequest
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


class SQLiteFTS5Backend(SearchBackend):
    name = "sqlite-fts5"

    def _from_where(self, request: SearchRequest) -> tuple[str, list[Any]]:
        # CROSS JOIN makes SQLite run the MATCH first and look documents up by key;
        # left to choose, it may walk a filter's index and probe FTS5 once per row.
        where, params = self.filter_sql(request)
        sql = (
            f"FROM {FTS_TABLE} CROSS JOIN search_searchdocument d "
            f"ON d.article_id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND " + " AND ".join(where)
        )
        return sql, [fts_expression(request.query), *params]

    def search(self, request: SearchRequest, *, offset: int, limit: int) -> list[SearchHit]:
        if request.query.is_empty:
            return []
        from_where, params = self._from_where(request)
        weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
        sql = (
            f"SELECT d.article_id, bm25({FTS_TABLE}, {weights}) AS score {from_where} "
            "ORDER BY score, d.published_at DESC, d.article_id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            # bm25 is lower-is-better; the interface's score is higher-is-better.
            return [SearchHit(article_id=row[0], score=-row[1]) for row in cursor.fetchall()]

    def count(self, request: SearchRequest) -> int:
        if request.query.is_empty:
            return 0
        from_where, params = self._from_where(request)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {from_where}", params)
            return int(cursor.fetchone()[0])

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
