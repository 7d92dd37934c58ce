"""`proxy_purge` tells reverse proxies which pages changed, over real HTTP on loopback.

The proxy here is a tiny HTTP server that records what it was asked (the real nginx with
Debian's purge module is exercised by bench/proxy_layout.py).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from broadsheet.pagecache import proxy as proxy_module
from broadsheet.pagecache.proxy import BUDGET_SECONDS, TIMEOUT_SECONDS, proxy_purge


class FakeProxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *, status: int = 200, delay: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), PurgeHandler)
        self.status = status
        self.delay = delay
        self.received: list[tuple[str, str, str]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class PurgeHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as nginx
    server: FakeProxy

    def do_PURGE(self) -> None:
        self.server.received.append((self.command, self.path, self.headers.get("Host", "")))
        time.sleep(self.server.delay)
        body = b"purged"
        try:
            self.send_response(self.server.status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, as it should

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(autouse=True)
def _no_proxy_marked_down() -> Iterator[None]:
    proxy_module._down_until.clear()
    yield
    proxy_module._down_until.clear()


@pytest.fixture
def start_proxy() -> Iterator:
    servers: list[FakeProxy] = []

    def start(**options: float) -> FakeProxy:
        server = FakeProxy(**options)  # type: ignore[arg-type]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_proxy_purge_sends_one_purge_per_path_to_every_proxy(settings, start_proxy):
    first, second = start_proxy(), start_proxy(status=404)  # 404: was not cached
    settings.BROADSHEET_PROXY_PURGE_URLS = [first.url, second.url + "/"]

    proxy_purge(["/", "/news/a-story/", "/tag/київ/", "/", "/feeds/rss/"])

    expected = ["/", "/news/a-story/", "/tag/%D0%BA%D0%B8%D1%97%D0%B2/", "/feeds/rss/"]
    for proxy in (first, second):
        assert [path for _method, path, _host in proxy.received] == expected
        assert {method for method, _path, _host in proxy.received} == {"PURGE"}


def test_proxy_purge_keeps_a_path_prefix_of_the_purge_url(settings, start_proxy):
    proxy = start_proxy()
    settings.BROADSHEET_PROXY_PURGE_URLS = [proxy.url + "/purge/"]
    proxy_purge(["/section/policy/"])
    assert [path for _m, path, _h in proxy.received] == ["/purge/section/policy/"]


def test_proxy_purge_does_nothing_without_configured_proxies(settings, start_proxy):
    proxy = start_proxy()
    settings.BROADSHEET_PROXY_PURGE_URLS = []
    proxy_purge(["/"])
    settings.BROADSHEET_PROXY_PURGE_URLS = [proxy.url]
    proxy_purge([])
    assert proxy.received == []


def test_proxy_purge_survives_a_dead_proxy_and_still_purges_the_others(
    settings, start_proxy, caplog
):
    alive = start_proxy()
    settings.BROADSHEET_PROXY_PURGE_URLS = [f"http://127.0.0.1:{closed_port()}", alive.url]
    with caplog.at_level(logging.WARNING, logger="broadsheet.pagecache"):
        proxy_purge(["/", "/latest/"])
    assert [path for _m, path, _h in alive.received] == ["/", "/latest/"]
    assert "failed" in caplog.text

    # The dead one is left alone for a while: one log line, not one per publication.
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="broadsheet.pagecache"):
        proxy_purge(["/feeds/rss/"])
    assert "failed" not in caplog.text
    assert alive.received[-1][1] == "/feeds/rss/"


def test_proxy_purge_logs_refusals(settings, start_proxy, caplog):
    proxy = start_proxy(status=403)
    settings.BROADSHEET_PROXY_PURGE_URLS = [proxy.url]
    with caplog.at_level(logging.WARNING, logger="broadsheet.pagecache"):
        proxy_purge(["/"])
    assert "refused" in caplog.text
    assert "(403)" in caplog.text


def test_proxy_purge_waits_at_most_its_budget_for_slow_proxies(settings, start_proxy, caplog):
    slow = start_proxy(delay=TIMEOUT_SECONDS * 0.8)
    also_slow = start_proxy(delay=TIMEOUT_SECONDS * 0.8)
    settings.BROADSHEET_PROXY_PURGE_URLS = [slow.url, also_slow.url]
    paths = [f"/section/s{n}/" for n in range(20)]
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="broadsheet.pagecache"):
        proxy_purge(paths)
    elapsed = time.monotonic() - started
    assert elapsed < BUDGET_SECONDS + TIMEOUT_SECONDS + 0.5
    assert len(slow.received) < len(paths)
    assert "time budget" in caplog.text


def test_proxy_purge_gives_up_on_a_proxy_that_never_answers(settings, start_proxy, caplog):
    hung = start_proxy(delay=TIMEOUT_SECONDS * 4)
    settings.BROADSHEET_PROXY_PURGE_URLS = [hung.url]
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="broadsheet.pagecache"):
        proxy_purge(["/", "/latest/", "/feeds/rss/"])
    assert time.monotonic() - started < TIMEOUT_SECONDS + 0.5
    assert len(hung.received) == 1
    assert "failed" in caplog.text


def test_proxy_purge_rejects_a_url_that_is_not_http(settings, caplog):
    settings.BROADSHEET_PROXY_PURGE_URLS = ["127.0.0.1:8081"]
    with caplog.at_level(logging.ERROR, logger="broadsheet.pagecache"):
        proxy_purge(["/"])
    assert "not an http(s) URL" in caplog.text
