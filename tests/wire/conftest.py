"""The wire's tests run offline: fixture feeds and pages come from a real HTTP server on
127.0.0.1, and a guard fails any test whose code tries to connect anywhere else."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from broadsheet.wire import pipeline, robots
from broadsheet.wire.fetch import spacing

_real_connect = socket.socket.connect
CONNECTS: list[Any] = []


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    CONNECTS.append(address)
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            loopback = ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            pytest.fail(f"a wire test tried to connect outside loopback: {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[list[Any]]:
    """No connection leaves the machine; loopback is the fixture server's, admitted by the
    setting production refuses; robots rules and host spacing start empty."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    settings.WIRE_ALLOW_LOOPBACK = True
    monkeypatch.setattr(pipeline, "MIN_HOST_SPACING", 0.0)
    robots.robots_clear()
    spacing.clear()
    CONNECTS.clear()
    yield CONNECTS
    robots.robots_clear()
    spacing.clear()


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Seconds between chunks of 16 bytes (a trickling body).
    trickle: float = 0.0


Route = Answer | Callable[[BaseHTTPRequestHandler], Answer]


class FixtureServer:
    """A real HTTP server on 127.0.0.1: `routes[path]` answers; `requests` logs them."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body apart, with no 40 ms stall

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                outer.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = outer.routes.get(self.path) or outer.routes.get(self.path.split("?")[0])
                if route is None:
                    answer = Answer(404, b"not here")
                elif callable(route):
                    answer = route(self)
                else:
                    answer = route
                self.send_response(answer.status)
                headers = {"Content-Length": str(len(answer.body)), **answer.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if answer.trickle:
                    for start in range(0, len(answer.body), 16):
                        try:
                            self.wfile.write(answer.body[start : start + 16])
                            self.wfile.flush()
                        except OSError:
                            return
                        time.sleep(answer.trickle)
                else:
                    self.wfile.write(answer.body)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that hangs up early (the caps at work) is no error here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def paths_requested(self) -> list[str]:
        return [path for path, _ in self.requests]


@pytest.fixture
def web() -> Iterator[FixtureServer]:
    server = FixtureServer()
    server.routes["/robots.txt"] = Answer(404, b"")
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
