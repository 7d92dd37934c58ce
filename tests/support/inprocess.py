"""Requests through the page cache's front in the test's own thread (the WSGI
application `broadsheet serve` runs), so each render's queries are seen."""

from __future__ import annotations

import io
import sys
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.pagecache.front import PageCacheFront


def front_read(front: PageCacheFront, path: str, *, cookie: str = "") -> tuple[str, str, list[str]]:
    """(X-Page-Cache, body, SQL of the render) of one GET; `cookie` as a browser sends it."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    headers: dict[str, str] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc: Any = None):
        assert status.startswith("200 "), status
        headers.update(response_headers)

    with CaptureQueriesContext(connection) as queries:
        body = b"".join(front(environ, start_response)).decode()
    return headers["X-Page-Cache"], body, [q["sql"] for q in queries.captured_queries]
