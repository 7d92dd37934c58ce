"""Reads for the search page: a page of ranked results, and suggestions for none."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.safestring import SafeString

from broadsheet.news.models import Article, Byline, Section, Tag
from broadsheet.search.backends import get_backend
from broadsheet.search.backends.base import (
    MAX_RESULTS,
    SearchBackend,
    SearchHit,
    SearchRequest,
    SearchTimeout,
)
from broadsheet.search.highlight import highlight, snippet
from broadsheet.search.models import SearchDocument
from broadsheet.search.query import ParsedQuery, parse_query
from broadsheet.search.text import fold_diacritics

VOCABULARY_CACHE_KEY = "search:vocabulary"
VOCABULARY_HEADLINES = 3000
VOCABULARY_SECONDS = 600
LATEST_COUNT = 5
_VOCABULARY_WORD = re.compile(r"\w{3,}")


@dataclass
class SearchResult:
    article: Article
    headline: SafeString
    snippet: SafeString
    score: float


@dataclass
class SearchOutcome:
    query: ParsedQuery
    page: Page | None = None
    # For a search that found nothing: a respelled query that finds something, if any,
    # and the latest articles.
    suggestion: str = ""
    latest: list[Article] = field(default_factory=list)
    # Set when more matches were found than are ranked and shown (MAX_RESULTS).
    more_than: int | None = None
    # Set when the search ran past BROADSHEET_SEARCH_TIMEOUT_MS and was stopped.
    timed_out: bool = False

    @property
    def searched(self) -> bool:
        """A query was run (a Page with no results is falsy in templates)."""
        return self.page is not None


class _LazyHits:
    """What Paginator needs: a count (the backend's, at most MAX_RESULTS), and slices
    that each cost one query."""

    def __init__(self, backend: SearchBackend, request: SearchRequest) -> None:
        self.backend = backend
        self.request = request
        self.total: int | None = None

    def count(self) -> int:
        if self.total is None:
            self.total = self.backend.count(self.request)
        return min(self.total, MAX_RESULTS)

    def __getitem__(self, index: slice) -> list[SearchHit]:
        start, stop = index.start or 0, index.stop
        return self.backend.search(self.request, offset=start, limit=stop - start)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def search_request_build(
    *,
    text: str,
    section: Section | None = None,
    language: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    now: dt.datetime | None = None,
) -> SearchRequest:
    """The backend request for a reader's query; dates are whole days in the site's
    time zone, both ends included."""
    return SearchRequest(
        query=parse_query(text),
        now=now or timezone.now(),
        section_id=section.pk if section else None,
        language=language or None,
        start=_day_start(date_from) if date_from else None,
        end=_day_start(date_to + dt.timedelta(days=1)) if date_to else None,
    )


def search_results_page(
    *, request: SearchRequest, page_number: Any, per_page: int
) -> SearchOutcome:
    """One page of live articles matching `request`, best first, each with its headline
    and a snippet marked. An out-of-range page number gives the last page. Only the
    MAX_RESULTS newest matches are ranked and paged; `more_than` says when there are more.

    Queries: count, hits, documents, articles (+ bylines); a search that finds nothing
    adds the suggestion's and the latest articles' queries. A search stopped for time
    comes back with `timed_out` set and no page.
    """
    outcome = SearchOutcome(query=request.query)
    if request.query.is_empty:
        return outcome
    backend = get_backend()
    lazy_hits = _LazyHits(backend, request)
    paginator: Paginator[SearchHit] = Paginator(lazy_hits, per_page)  # type: ignore[arg-type]
    try:
        page = paginator.get_page(page_number)
        hits: list[SearchHit] = list(page.object_list)
    except SearchTimeout:
        outcome.timed_out = True
        return outcome
    if lazy_hits.total is not None and lazy_hits.total > MAX_RESULTS:
        outcome.more_than = MAX_RESULTS
    ids = [hit.article_id for hit in hits]
    documents = SearchDocument.objects.only("headline", "standfirst", "body").in_bulk(ids)
    articles = _live_teasers(ids=ids, now=request.now) if ids else {}
    words = request.query.highlight_words
    results = [
        SearchResult(
            article=articles[hit.article_id],
            headline=highlight(articles[hit.article_id].headline, words),
            snippet=snippet(
                [documents[hit.article_id].standfirst, documents[hit.article_id].body], words
            ),
            score=hit.score,
        )
        for hit in hits
        if hit.article_id in articles and hit.article_id in documents
    ]
    page.object_list = results  # type: ignore[assignment] # the page's hits, made results
    outcome.page = page
    if not page.object_list:
        outcome.suggestion = search_suggestion(request=request, backend=backend)
        outcome.latest = _latest_live(now=request.now, count=LATEST_COUNT)
    return outcome


def _latest_live(*, now: dt.datetime, count: int) -> list[Article]:
    """The newest live articles, found through the documents' publication-time index:
    ordering the articles themselves by time over two live statuses sorts every live
    article (2 s at 100,000 on SQLite)."""
    ids = list(
        SearchDocument.objects.filter(published_at__lte=now)
        .order_by("-published_at")
        .values_list("article_id", flat=True)[:count]
    )
    articles = _live_teasers(ids=ids, now=now)
    return [articles[pk] for pk in ids if pk in articles]


def _live_teasers(*, ids: list[int], now: dt.datetime) -> dict[int, Article]:
    """The live articles among `ids`, with their teaser data, by id. Fetched by key and
    checked for liveness here: with the live filter in SQL, SQLite may walk the status
    index instead of the keys (120 ms at 700,000 articles)."""
    articles = (
        Article.objects.select_related("section", "lead_photo")
        .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        .in_bulk(ids)
    )
    return {pk: a for pk, a in articles.items() if a.is_live(now=now)}


def _vocabulary() -> dict[str, str]:
    """Folded word -> word as written, from tag names and recent live headlines."""
    vocabulary: dict[str, str] | None = cache.get(VOCABULARY_CACHE_KEY)
    if vocabulary is None:
        texts = list(Tag.objects.values_list("name", flat=True))
        texts += list(
            Article.objects.live()
            .order_by("-published_at")
            .values_list("headline", flat=True)[:VOCABULARY_HEADLINES]
        )
        vocabulary = {}
        for text in texts:
            for word in _VOCABULARY_WORD.findall(text.lower()):
                vocabulary.setdefault(fold_diacritics(word), word)
        cache.set(VOCABULARY_CACHE_KEY, vocabulary, VOCABULARY_SECONDS)
    return vocabulary


def _respell(word: str, vocabulary: dict[str, str]) -> str:
    if word in vocabulary or len(word) < 3:
        return vocabulary.get(word, word)
    near = [w for w in vocabulary if abs(len(w) - len(word)) <= 2]
    close = difflib.get_close_matches(word, near, n=1, cutoff=0.75)
    return vocabulary[close[0]] if close else word


def search_suggestion(*, request: SearchRequest, backend: SearchBackend | None = None) -> str:
    """A respelling of the query from known words (tag names, recent headlines) that
    finds something with the same filters, or "" when there is none."""
    vocabulary = _vocabulary()
    words = request.query.highlight_words
    respelled = [_respell(word, vocabulary) for word in words]
    if [fold_diacritics(w) for w in respelled] == list(words):
        return ""
    text = " ".join(respelled)
    backend = backend or get_backend()
    changed = SearchRequest(
        query=parse_query(text),
        now=request.now,
        section_id=request.section_id,
        language=request.language,
        start=request.start,
        end=request.end,
    )
    try:
        return text if backend.count(changed) else ""
    except SearchTimeout:
        return ""
