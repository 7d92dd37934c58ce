"""The WSGI layers in front of Django, in the order `broadsheet serve` runs them (and the
tests' live servers too): stored pages answered first, then comment posts counted against
their address's budget, then Django."""

from __future__ import annotations

from broadsheet.discussion.front import AttemptBudgetFront
from broadsheet.pagecache.front import PageCacheFront, WSGIApp
from broadsheet.readership.services import read_record


def _article_read(article_id: int) -> None:
    read_record(article_id=article_id)


def wsgi_stack(django_application: WSGIApp) -> PageCacheFront:
    """Reads: stored pages answered before Django, each hit of an article counted.
    Comment posts: counted against their address's budget, a flood refused before Django."""
    return PageCacheFront(AttemptBudgetFront(django_application), on_article_hit=_article_read)
