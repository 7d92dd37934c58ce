"""What of an article goes into the index, and which articles may be in it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from broadsheet.news.models import Article, Byline
from broadsheet.search.models import SearchDocument
from broadsheet.search.text import html_to_text

INDEXABLE_STATUSES = (Article.Status.PUBLISHED, Article.Status.SCHEDULED)


def articles_for_indexing(qs: QuerySet[Article] | None = None) -> QuerySet[Article]:
    """`qs` (default: all articles) with what a document needs, in two extra queries."""
    qs = Article.objects.all() if qs is None else qs
    return qs.prefetch_related(
        "tags", Prefetch("bylines", queryset=Byline.objects.select_related("author"))
    )


def is_indexable(article: Article) -> bool:
    """Published or scheduled, with a time: the query itself hides the not-yet-live."""
    return article.status in INDEXABLE_STATUSES and article.published_at is not None


def document_build(article: Article) -> SearchDocument:
    """An unsaved document for `article` (its tags and bylines should be prefetched)."""
    assert article.published_at is not None
    return SearchDocument(
        article_id=article.pk,
        language=article.language,
        section_id=article.section_id,
        published_at=article.published_at,
        headline=article.headline,
        standfirst=article.standfirst,
        body=html_to_text(article.body),
        tags=" ".join(tag.name for tag in article.tags.all()),
        authors=" ".join(byline.author.name for byline in article.bylines.all()),
        source_updated_at=article.updated_at,
    )


def documents_split(
    articles: Iterable[Article],
) -> tuple[list[SearchDocument], list[int]]:
    """Documents for the indexable articles, and the ids of those that must be removed."""
    documents: list[SearchDocument] = []
    removed: list[int] = []
    for article in articles:
        if is_indexable(article):
            documents.append(document_build(article))
        else:
            removed.append(article.pk)
    return documents, removed
