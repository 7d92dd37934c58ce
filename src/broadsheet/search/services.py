"""Writes to the search index. Each keeps the index in step with the articles as
they are now in the database, so calling one twice does no harm."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from broadsheet.news.models import Article
from broadsheet.search.backends import get_backend
from broadsheet.search.documents import (
    INDEXABLE_STATUSES,
    articles_for_indexing,
    documents_split,
)
from broadsheet.search.models import SearchDocument

DEFAULT_BATCH_SIZE = 500


def search_index_articles(
    *, article_ids: Iterable[int], batch_size: int = DEFAULT_BATCH_SIZE
) -> None:
    """Index the publishable articles among `article_ids` and remove the others (drafts,
    withdrawn, deleted) from the index. Reads the articles' current state."""
    ids = sorted(set(article_ids))
    backend = get_backend()
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        articles = list(articles_for_indexing(Article.objects.filter(pk__in=chunk)))
        documents, removed = documents_split(articles)
        gone = set(chunk) - {article.pk for article in articles}
        with transaction.atomic():
            backend.index_articles(documents)
            backend.remove_articles([*removed, *sorted(gone)])


def search_index_documents(*, documents: Sequence[SearchDocument]) -> None:
    """Index documents a bulk loader built itself (e.g. `bench-data`, which writes
    articles with `bulk_create`, so no signal reindexes them), in the caller's
    transaction. Each must be what `documents.document_build` would make of its
    article; existing documents of the same articles are replaced."""
    get_backend().index_articles(documents)


@dataclass
class RebuildReport:
    indexed: int = 0
    removed: int = 0
    last_id: int = 0


def search_rebuild_candidates(*, full: bool = False, start_after: int = 0) -> QuerySet[Article]:
    """Publishable articles after `start_after` whose document is missing or older than
    the article (every publishable article when `full`), in id order, not yet fetched."""
    qs = Article.objects.filter(
        status__in=INDEXABLE_STATUSES, published_at__isnull=False, pk__gt=start_after
    )
    if not full:
        fresh = SearchDocument.objects.filter(
            article=OuterRef("pk"), source_updated_at=OuterRef("updated_at")
        )
        qs = qs.filter(~Exists(fresh))
    return qs.order_by("pk")


def search_rebuild(
    *,
    full: bool = False,
    start_after: int = 0,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> RebuildReport:
    """Bring the whole index in step with the articles, one committed batch at a time.

    First removes documents of articles that may no longer be found, then indexes
    every publishable article whose document is missing or stale (all of them when
    `full`, e.g. after a tag was renamed outside the app). An interrupted run loses no
    finished batch: run it again (or with `start_after=<last id>` when `full`) and it
    goes on. `progress` is called after each batch with its size and its last article id.
    """
    backend = get_backend()
    report = RebuildReport()
    unwanted = list(
        SearchDocument.objects.exclude(
            article__status__in=INDEXABLE_STATUSES, article__published_at__isnull=False
        ).values_list("pk", flat=True)
    )
    for start in range(0, len(unwanted), batch_size):
        with transaction.atomic():
            backend.remove_articles(unwanted[start : start + batch_size])
    report.removed = len(unwanted)

    candidates = search_rebuild_candidates(full=full, start_after=start_after)
    last_id = start_after
    while True:
        batch = list(articles_for_indexing(candidates.filter(pk__gt=last_id)[:batch_size]))
        if not batch:
            break
        documents, _removed = documents_split(batch)
        with transaction.atomic():
            backend.index_articles(documents)
        last_id = batch[-1].pk
        report.indexed += len(documents)
        report.last_id = last_id
        if progress is not None:
            progress(len(batch), last_id)
    backend.optimize()
    return report
