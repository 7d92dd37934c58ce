"""The comment posts' front: a WSGI layer before Django that counts every post against
its address's attempt budget, and refuses one far over it without Django.

A bot flood posts as fast as the server answers. Each refusal went through Django's
whole stack (middleware, CSRF, the form's parse): 0.5-0.8 ms of a core that the cached
reads needed (BENCHMARKS.md, "Reads under a comment flood"). Here, a post to the comment
form (`discussion:post`, `discussion:start`, in any language) is counted once
(`services.check_attempt_budget`, the same count the views make) and, from an address
at twice its budget, answered 429 at once, as the view would answer it. Every other
post goes on to Django with its count in the environ, so the view does not count it
again. Posts without a CSRF token count too: a try is a try.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix
from django.utils import translation

from broadsheet.core.middleware import reader_address, trusted_proxies
from broadsheet.core.paths import path_around
from broadsheet.discussion import services

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

# Where the front leaves the count for the view (no HTTP header can name this key).
BUDGET_KEY = "broadsheet.attempt_budget"

_COUNTED_VIEWS = ("discussion:post", "discussion:start")


def _post_paths() -> list[tuple[re.Pattern[str], str]]:
    """Each language's comment-post paths, as patterns of PATH_INFO, with the language."""
    found = []
    prefix = get_script_prefix()  # in the reversed paths, never in PATH_INFO
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            heads = [path_around(view, "article_id") for view in _COUNTED_VIEWS]
        pattern = "|".join(
            re.escape("/" + head.removeprefix(prefix)) + r"[0-9]+" + re.escape(tail)
            for head, tail in heads
        )
        found.append((re.compile(f"(?:{pattern})"), code))
    return found


def flood_refusal(retry_after: int) -> tuple[str, list[tuple[str, str]], bytes]:
    """The status, headers and body of a refused flood post: the cheapest answer there is
    (the view gives the same, `views._flood_refused`)."""
    body = services.retry_message(retry_after).encode()
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Retry-After", str(retry_after)),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ]
    return "429 Too Many Requests", headers, body


class AttemptBudgetFront:
    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self._ready = False

    def _setup(self) -> None:
        # At the first post, not at import: the URL patterns and settings are loaded then.
        self.paths = _post_paths()
        self.proxies = trusted_proxies()
        self._ready = True

    def _language_of_post(self, path: str) -> str | None:
        for pattern, code in self.paths:
            if pattern.fullmatch(path):
                return code
        return None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        if not self._ready:
            self._setup()
        language = self._language_of_post(environ.get("PATH_INFO", ""))
        if language is None:
            return self.app(environ, start_response)
        ip = reader_address(
            environ.get("REMOTE_ADDR", ""), environ.get("HTTP_X_REAL_IP", ""), self.proxies
        )
        budget = services.check_attempt_budget(ip=ip or None)
        if not budget.far_over:
            environ[BUDGET_KEY] = budget
            return self.app(environ, start_response)
        _drain_body(environ)
        with translation.override(language):
            status, headers, body = flood_refusal(budget.retry_after)
        start_response(status, headers)
        return [body]


def _drain_body(environ: dict[str, Any]) -> None:
    """Read the post's body (up to what Django would accept) before answering: left
    unread, it stays on a kept-alive connection, where the server takes it for the
    start of the next request."""
    try:
        left = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return
    left = min(left, settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440)
    stream = environ["wsgi.input"]
    while left > 0:
        chunk = stream.read(min(left, 65_536))
        if not chunk:
            return
        left -= len(chunk)
