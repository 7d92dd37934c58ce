"""The page cache's front: a WSGI layer before Django that answers stored pages.

A hit costs a dictionary lookup and a read of the version board: no middleware, no URL
resolution, no database. A stored page is the same bytes for every reader (a comment
form fetches its reader's values apart, see `discussion.forms.CommentForm.shared`), so
it carries a strong ETag and is compressed once. Everything else, and every miss, goes
to Django unchanged; a miss that the view marked as cacheable is stored on the way out.

Who bypasses it: anything but GET/HEAD, and requests carrying a session (staff), a
flash message or the cookie a reader gets for a few minutes after posting a comment
(so they see their own comment at once).
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings

from broadsheet.pagecache.board import EPOCH, board
from broadsheet.pagecache.memo import memos_active
from broadsheet.pagecache.pages import ENVIRON_KEY, POSTED_COOKIE, PageInfo
from broadsheet.pagecache.store import Entry, Key, entry_build, now, store

logger = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

# Headers of a render that describe that one response, not the stored page.
_NOT_STORED = {
    "content-length",
    "content-encoding",
    "set-cookie",
    "etag",
    "vary",
    "cache-control",
    "expires",
    "date",
    "x-page-cache",
}


class PageCacheFront:
    """`on_article_hit(article_id)` is called for each hit of a page that shows one
    article (the read counts: `broadsheet.stack` wires it)."""

    def __init__(
        self, app: WSGIApp, *, on_article_hit: Callable[[int], None] | None = None
    ) -> None:
        self.app = app
        self.on_article_hit = on_article_hit
        self._ready = False

    def _setup(self) -> None:
        self.enabled = settings.BROADSHEET_PAGE_CACHE
        self.bypass_cookies = (
            settings.SESSION_COOKIE_NAME + "=",
            "messages=",
            POSTED_COOKIE + "=",
        )
        self.shared_max_age = settings.BROADSHEET_PAGE_CACHE_SHARED_MAX_AGE
        # WhiteNoise answers these (compressed, conditional) inside Django: never pages.
        self.passthrough = tuple(
            p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p and p.startswith("/")
        )
        self._ready = True

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not self._ready:
            self._setup()
        if not self.enabled or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.app(environ, start_response)
        if self.passthrough and environ.get("PATH_INFO", "").startswith(self.passthrough):
            return self.app(environ, start_response)
        cookies = environ.get("HTTP_COOKIE", "")
        if cookies and any(c in cookies for c in self.bypass_cookies):
            return self._bypass(environ, start_response)
        if "HTTP_AUTHORIZATION" in environ:
            return self._bypass(environ, start_response)
        key: Key = (
            environ.get("wsgi.url_scheme", "http"),
            environ.get("HTTP_X_FORWARDED_PROTO", ""),
            environ.get("HTTP_HOST", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
        )
        entry = store().get(key)
        if entry is not None:
            if entry.fresh(now()) and board().versions(entry.tags) == entry.versions:
                return self._serve(entry, environ, start_response, "hit")
            store().discard(key)
        return self._render(key, environ, start_response)

    def _bypass(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            return start_response(status, [*headers, ("X-Page-Cache", "bypass")], exc_info)

        # Not stored, but what it shares with other pages is as good as for them: the
        # board is bumped after every commit, before the response that made it.
        with memos_active():
            return self.app(environ, start)

    def _render(
        self, key: Key, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        epoch = board().versions([EPOCH])
        info = PageInfo()
        environ[ENVIRON_KEY] = info
        # The front answers conditional requests itself, from the whole page; a view's
        # own 304 would leave it nothing to store.
        conditional: dict[str, Any] = {
            name: environ.pop(name)
            for name in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
            if name in environ
        }
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"], captured["headers"] = status, headers
            if exc_info is not None:
                captured["exc_info"] = exc_info
            return lambda data: None  # the legacy write() callable: Django does not use it

        with memos_active():
            result = self.app(environ, capture)
        environ.update(conditional)
        if not info.marked:
            # Not a cacheable page: pass it through as it is.
            start_response(captured["status"], captured["headers"], captured.get("exc_info"))
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status, headers = captured["status"], captured["headers"]
        if any(name.lower() == "content-encoding" and v == "gzip" for name, v in headers):
            body = gzip.decompress(body)
        kept = [(n, v) for n, v in headers if n.lower() not in _NOT_STORED]
        cookies = [(n, v) for n, v in headers if n.lower() == "set-cookie"]
        tags = tuple(sorted(info.tags))
        entry = entry_build(
            body=body,
            headers=kept,
            tags=tags,
            versions=(),
            expires_at=info.expires_at,
            article_id=info.article_id,
        )
        storable = (
            status.startswith("200 ")
            and environ.get("REQUEST_METHOD") == "GET"  # a HEAD render may have no body
            and not cookies
            and epoch is not None
        )
        if storable:
            after = board().versions([*tags, EPOCH])
            if after is not None and after[-1:] == epoch:
                entry.versions = after[:-1]
                store().put(key, entry)
        if not status.startswith("200 "):
            # An error page of a marked view: send what Django made.
            return self._serve(entry, environ, start_response, "miss", status=status)
        return self._serve(entry, environ, start_response, "miss", extra=cookies)

    def _serve(
        self,
        entry: Entry,
        environ: dict[str, Any],
        start_response: StartResponse,
        outcome: str,
        *,
        status: str = "200 OK",
        extra: list[tuple[str, str]] | None = None,
    ) -> Iterable[bytes]:
        if entry.article_id is not None and outcome == "hit" and self.on_article_hit:
            self.on_article_hit(entry.article_id)
        accept = environ.get("HTTP_ACCEPT_ENCODING", "")
        encoding = "br" if "br" in accept else "gzip" if "gzip" in accept else ""
        head = environ.get("REQUEST_METHOD") == "HEAD"
        ok = status.startswith("200 ")
        if ok and _etag_matches(environ, entry.etag):
            start_response(
                "304 Not Modified", [*entry.headers, *self._headers(entry, outcome, extra)]
            )
            return []
        if outcome == "hit" and ok and not extra:
            # The same headers and bytes for every hit: built at the first one.
            headers, body = entry.hit_response(encoding, lambda: self._headers(entry, "hit"))
            start_response(status, list(headers))
            return [] if head else [body]
        headers = [*entry.headers, *self._headers(entry, outcome, extra)]
        if encoding:
            # The one reader of a miss gets the fast compression (`Entry.quick_body`).
            body = entry.quick_body(encoding)
            headers.append(("Content-Encoding", encoding))
        else:
            body = entry.body
        headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        return [] if head else [body]

    def _headers(
        self, entry: Entry, outcome: str, extra: list[tuple[str, str]] | None = None
    ) -> list[tuple[str, str]]:
        """What the front adds to a stored page's own headers (`entry.headers`)."""
        return [
            ("X-Page-Cache", outcome),
            *(extra or []),
            ("ETag", entry.etag),
            (
                "Cache-Control",
                f"public, max-age=0, s-maxage={self.shared_max_age}, "
                f"stale-while-revalidate={self.shared_max_age * 10}",
            ),
            ("Vary", "Accept-Encoding"),
        ]


def _etag_matches(environ: dict[str, Any], etag: str) -> bool:
    header = environ.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    return header.strip() == "*" or etag in [
        t.strip().removeprefix("W/") for t in header.split(",")
    ]
