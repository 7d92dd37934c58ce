"""Settings for the page cache tests; the server (`front_url`) is in tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.settings import open_discussion


@pytest.fixture(autouse=True)
def _open_discussion(settings: Any) -> None:
    open_discussion(settings)


@pytest.fixture
def front(settings: Any) -> Iterator[Any]:
    """The page cache's front before Django, called in the test's thread
    (`inprocess.front_read`), with nothing stored or memoised yet."""
    from django.core.handlers.wsgi import WSGIHandler

    from broadsheet.pagecache.board import board
    from broadsheet.pagecache.memo import memo_store
    from broadsheet.pagecache.store import store
    from broadsheet.readership.services import reads_discard
    from broadsheet.stack import wsgi_stack

    settings.BROADSHEET_PAGE_CACHE = True
    board.cache_clear()
    store().clear()
    memo_store().clear()
    reads_discard()
    yield wsgi_stack(WSGIHandler())
    store().clear()
    memo_store().clear()
    board.cache_clear()
