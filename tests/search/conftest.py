from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core.cache import cache

from broadsheet.news.models import Article
from tests.support import factories


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """The suggestion vocabulary is cached; each test starts without it."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> Callable[..., AbstractContextManager[Any]]:
    """`with committed():` runs the block's on-commit callbacks (the index updates) at
    its end, as a real commit would; the test itself runs inside a transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def publish(committed: Callable[..., AbstractContextManager[Any]]) -> Callable[..., Article]:
    """Make an article through the factory and commit it, so it is indexed. Takes the
    factory's arguments and `standfirst` (which the factory fixes)."""

    def make(*, standfirst: str | None = None, **kwargs: Any) -> Article:
        with committed():
            article = factories.article(**kwargs)
            if standfirst is not None:
                article.standfirst = standfirst
                article.save()
            return article

    return make
