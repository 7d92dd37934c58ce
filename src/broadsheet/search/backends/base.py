"""The search interface every backend implements, and what it takes and gives."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import connection

from broadsheet.search.models import SearchDocument
from broadsheet.search.query import ParsedQuery

# The document columns a write replaces (everything but the key).
DOCUMENT_FIELDS = [
    "language",
    "section",
    "published_at",
    "headline",
    "standfirst",
    "body",
    "tags",
    "authors",
    "source_updated_at",
]


# A search ranks at most this many matches, the newest, and counts no further: a word
# found in half a million articles costs what one found in a thousand does. Readers
# see "more than 1,000 results" and 50 pages, which no reader pages through.
MAX_RESULTS = 1000


class SearchTimeout(Exception):
    """A search statement ran past BROADSHEET_SEARCH_TIMEOUT_MS and was stopped."""


@dataclass(frozen=True)
class SearchRequest:
    """A parsed query and its filters. `now` hides articles scheduled for later;
    `start` is inclusive, `end` exclusive."""

    query: ParsedQuery
    now: dt.datetime
    section_id: int | None = None
    language: str | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    score: float


class SearchBackend(ABC):
    """Index documents and answer queries. Every method runs on the default database.

    The documents themselves live in `SearchDocument` for every backend; a backend
    adds its own full-text index beside them and knows how to query it.
    """

    name: ClassVar[str]

    def index_articles(self, documents: Sequence[SearchDocument]) -> None:
        """Insert or replace `documents` and their index entries."""
        if not documents:
            return
        SearchDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=DOCUMENT_FIELDS,
        )
        self.after_write([doc.pk for doc in documents])

    def remove_articles(self, article_ids: Sequence[int]) -> None:
        """Drop these articles from the index; ids not in it are ignored."""
        if article_ids:
            SearchDocument.objects.filter(article_id__in=article_ids).delete()

    def after_write(self, article_ids: list[int]) -> None:  # noqa: B027 - optional hook
        """Update index entries a database trigger does not keep in step."""

    def optimize(self) -> None:  # noqa: B027 - optional hook
        """Tidy the index after a bulk rebuild (merging segments, statistics)."""

    @abstractmethod
    def search(self, request: SearchRequest, *, offset: int, limit: int) -> list[SearchHit]:
        """The best `limit` hits after `offset`, best first, among the MAX_RESULTS newest
        matches (by article id, which grows with time). An empty query finds nothing."""

    @abstractmethod
    def time_limited(self) -> AbstractContextManager[None]:
        """A block whose statements stop after BROADSHEET_SEARCH_TIMEOUT_MS in all,
        raising SearchTimeout: no query, however odd, holds a worker for long."""

    @abstractmethod
    def count(self, request: SearchRequest) -> int:
        """How many live documents match, counted up to MAX_RESULTS + 1: a result above
        MAX_RESULTS means "more than MAX_RESULTS"."""

    @staticmethod
    def filter_sql(request: SearchRequest, alias: str = "d") -> tuple[list[str], list[Any]]:
        """WHERE conditions (and their parameters) for the filters, on table `alias`."""
        ops = connection.ops
        where = [f"{alias}.published_at <= %s"]
        params: list[Any] = [ops.adapt_datetimefield_value(request.now)]
        if request.section_id is not None:
            where.append(f"{alias}.section_id = %s")
            params.append(request.section_id)
        if request.language:
            where.append(f"{alias}.language = %s")
            params.append(request.language)
        if request.start is not None:
            where.append(f"{alias}.published_at >= %s")
            params.append(ops.adapt_datetimefield_value(request.start))
        if request.end is not None:
            where.append(f"{alias}.published_at < %s")
            params.append(ops.adapt_datetimefield_value(request.end))
        return where, params
