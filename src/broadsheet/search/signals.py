"""Keeping the index in step: an optional cross-app hook on the news models.

The news app knows nothing of search. Whatever saves an article (its services, the
desk, the shell, an import) fires Django's model signals; the receivers here note which
articles changed and reindex them once, after the transaction commits
(`transaction.on_commit`), reading their committed state. A failure to index is
logged and never undoes the editor's save (`robust=True`); `broadsheet search_rebuild`
repairs any drift.

What changes a document: the article itself (publish, edit, withdraw, delete), its
tags (m2m), its bylines, and the renaming of a tag or an author.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from broadsheet.news.models import Article, Author, Byline, Tag
from broadsheet.search.services import search_index_articles

_local = threading.local()


def _pending() -> dict[str, set[int]]:
    if not hasattr(_local, "pending"):
        _local.pending = {"articles": set(), "tags": set(), "authors": set()}
    return _local.pending


def _queue(
    *, articles: Iterable[int] = (), tags: Iterable[int] = (), authors: Iterable[int] = ()
) -> None:
    pending = _pending()
    pending["articles"].update(articles)
    pending["tags"].update(tags)
    pending["authors"].update(authors)
    # One callback per change; the first to run takes everything queued, the others
    # find nothing left. Ids left over from a rolled-back transaction are reindexed
    # with the next commit, which is harmless.
    transaction.on_commit(flush, robust=True)


def flush() -> None:
    """Reindex every article queued so far on this thread."""
    pending = _pending()
    articles, tags, authors = pending["articles"], pending["tags"], pending["authors"]
    if not (articles or tags or authors):
        return
    _local.pending = {"articles": set(), "tags": set(), "authors": set()}
    ids = set(articles)
    if tags:
        ids.update(
            Article.tags.through.objects.filter(tag_id__in=tags).values_list(
                "article_id", flat=True
            )
        )
    if authors:
        ids.update(
            Byline.objects.filter(author_id__in=authors).values_list("article_id", flat=True)
        )
    search_index_articles(article_ids=ids)


def article_saved(sender: type, instance: Article, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _queue(articles=[instance.pk])


def article_tags_changed(
    sender: type,
    instance: Article | Tag,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    if not reverse:
        if action.startswith("post_"):
            _queue(articles=[instance.pk])
    elif action == "pre_clear":
        # Once cleared, the tag no longer knows its articles: note them now.
        _queue(articles=instance.articles.values_list("pk", flat=True))  # type: ignore[union-attr]
    elif action in ("post_add", "post_remove") and pk_set:
        _queue(articles=pk_set)


def byline_changed(sender: type, instance: Byline, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _queue(articles=[instance.article_id])


def tag_saved(sender: type, instance: Tag, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if not created and not raw:
        _queue(tags=[instance.pk])


def tag_deleting(sender: type, instance: Tag, **kwargs: Any) -> None:
    _queue(articles=instance.articles.values_list("pk", flat=True))


def author_saved(
    sender: type, instance: Author, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if not created and not raw:
        _queue(authors=[instance.pk])


def connect() -> None:
    """Connect the receivers (from SearchConfig.ready)."""
    uid = "broadsheet.search."
    post_save.connect(article_saved, sender=Article, dispatch_uid=uid + "article")
    m2m_changed.connect(
        article_tags_changed, sender=Article.tags.through, dispatch_uid=uid + "tags"
    )
    post_save.connect(byline_changed, sender=Byline, dispatch_uid=uid + "byline_saved")
    post_delete.connect(byline_changed, sender=Byline, dispatch_uid=uid + "byline_deleted")
    post_save.connect(tag_saved, sender=Tag, dispatch_uid=uid + "tag_saved")
    pre_delete.connect(tag_deleting, sender=Tag, dispatch_uid=uid + "tag_deleting")
    post_save.connect(author_saved, sender=Author, dispatch_uid=uid + "author_saved")
