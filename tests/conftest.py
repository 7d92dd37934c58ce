from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploaded files of each test go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the site's default language (a request may have switched it)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Real hashing is slow on purpose; tests create many accounts."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_attempt_budget(settings: Any) -> None:
    """Tests post many times from one address within a minute, and the counter lives in
    a cache that outlives a test; the tests of the budget turn it on."""
    settings.DISCUSSION_ATTEMPTS_PER_IP = "0/60"


@pytest.fixture(autouse=True)
def _fresh_read_counts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Read counts buffered in the process must not leak from one test into another.

    The buffer flushes itself every few seconds of wall time; a slow machine would then
    add its queries to whichever request happens to come due, so tests flush by hand.
    """
    from broadsheet.readership import services

    monkeypatch.setattr(services, "FLUSH_EVERY_SECONDS", float("inf"))
    reads_discard = services.reads_discard
    reads_discard()
    yield
    reads_discard()


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def front_url(transactional_db: None, settings: Any) -> Iterator[str]:
    """A real HTTP server running what `broadsheet serve` runs: the page cache's front
    before Django (broadsheet.wsgi), in a thread, on the test database."""
    import threading

    from broadsheet.pagecache.board import board
    from broadsheet.pagecache.memo import memo_store
    from broadsheet.pagecache.store import store
    from broadsheet.stack import wsgi_stack

    settings.BROADSHEET_PAGE_CACHE = True
    board.cache_clear()
    store().clear()
    memo_store().clear()
    server = ThreadedWSGIServer(("127.0.0.1", 0), _QuietHandler, allow_reuse_address=False)
    server.set_app(wsgi_stack(WSGIHandler()))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
        store().clear()
        memo_store().clear()
        board.cache_clear()
