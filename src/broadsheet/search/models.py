from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from broadsheet.news.models import Article, Section


class SearchDocument(models.Model):
    """The searchable text of one publishable article, as plain text.

    Only published and scheduled articles have a document; `published_at` is kept so
    that a query shows a scheduled article once its time has come, with no worker.
    The full-text index itself belongs to the backend: an FTS5 table kept in step by
    triggers on SQLite, a `vector` tsvector column with a GIN index on PostgreSQL
    (both made by this app's migrations, see docs/search.md).
    """

    article = models.OneToOneField(
        Article,
        verbose_name=_("article"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    language = models.CharField(_("language"), max_length=8)
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="+"
    )
    published_at = models.DateTimeField(_("publication time"))
    headline = models.TextField(_("headline"))
    standfirst = models.TextField(_("standfirst"), blank=True)
    body = models.TextField(_("body text"), blank=True)
    tags = models.TextField(_("tag names"), blank=True)
    authors = models.TextField(_("author names"), blank=True)
    # The article's `updated_at` this document was made from: lets a rebuild skip
    # documents that are already fresh, so an interrupted rebuild resumes.
    source_updated_at = models.DateTimeField(_("article last updated"))

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [
            models.Index(fields=["published_at"], name="searchdoc_pub"),
            models.Index(fields=["language", "published_at"], name="searchdoc_lang_pub"),
            # A search within a section walks its newest documents (PostgreSQL).
            models.Index(fields=["section", "published_at"], name="searchdoc_section_pub"),
        ]

    def __str__(self) -> str:
        return self.headline
