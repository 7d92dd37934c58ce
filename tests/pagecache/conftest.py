"""A real HTTP server running what `broadsheet serve` runs: the page cache's front
before Django (broadsheet.wsgi), in a thread, on the test database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

from broadsheet.pagecache.front import PageCacheFront
from broadsheet.pagecache.pages import board
from broadsheet.pagecache.store import store


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(autouse=True)
def _open_discussion(settings: Any) -> None:
    """Comments show at once, with every check on but a cheap proof of work."""
    settings.DISCUSSION_MIN_SUBMIT_SECONDS = 0
    settings.DISCUSSION_TRUST_THRESHOLD = 0
    settings.DISCUSSION_QUIET_HOURS = ""
    settings.DISCUSSION_DEFAULT_MODE = "open"
    settings.DISCUSSION_POW_MAX_NUMBER = 2000
    settings.DISCUSSION_MAIL_IN_THREAD = False


@pytest.fixture
def front_url(transactional_db: None, settings: Any) -> Iterator[str]:
    settings.BROADSHEET_PAGE_CACHE = True
    board.cache_clear()
    store().clear()
    server = ThreadedWSGIServer(("127.0.0.1", 0), _Quiet, allow_reuse_address=False)
    server.set_app(PageCacheFront(WSGIHandler()))
    import threading

    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
        store().clear()
        board.cache_clear()
