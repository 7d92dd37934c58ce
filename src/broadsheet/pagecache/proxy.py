"""Tell the reverse proxies in front (nginx, docs/deploy.md) to drop pages that changed.

nginx keeps public list pages, feeds and sitemaps for about a second (a microcache). When
an article is published or edited, the app's own invalidation calls `proxy_purge` after
commit with the public paths that changed, so readers see the change on their very next
request instead of up to a second later. Each proxy in BROADSHEET_PROXY_PURGE_URLS gets a
`PURGE <path>` request per path (Debian's libnginx-mod-http-cache-purge answers it, only
from allowlisted addresses). A proxy that is slow or down costs at most a short, bounded
wait and a log line: a purge never fails the editor's request, and what it missed
expires by itself within the microcache's lifetime.
"""

from __future__ import annotations

import http.client
import logging
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.encoding import iri_to_uri

from broadsheet.core.dbrouter import replica_catch_up

logger = logging.getLogger("broadsheet.pagecache")

# One request may wait this long for a proxy; all purges of one call together at most
# BUDGET_SECONDS, however many proxies and paths.
TIMEOUT_SECONDS = 0.5
BUDGET_SECONDS = 2.0
# A proxy that could not be reached is skipped this long (one log line, not one per
# publication of a bulk import).
RETRY_SECONDS = 5.0

_down_until: dict[str, float] = {}
_down_lock = threading.Lock()


def proxy_purge(paths: list[str]) -> None:
    """Ask every configured proxy to drop its cached copy of each path. Never raises.

    `paths` are the public paths as readers request them (`/`, `/news/<slug>/`,
    `/uk/section/<slug>/`, `/feeds/rss/`, ...): the proxy's cache key is the request URI,
    so each language prefix and query string is a path of its own. Non-ASCII is
    percent-encoded as Django's `reverse()` does. Does nothing without
    BROADSHEET_PROXY_PURGE_URLS. With a read replica, first waits (bounded) for it to
    catch up, so the proxy's next fetch does not store the old page again.
    """
    proxies = list(settings.BROADSHEET_PROXY_PURGE_URLS)
    unique = list(dict.fromkeys(iri_to_uri(path) for path in paths if path))
    if not proxies or not unique:
        return
    replica_catch_up()
    deadline = time.monotonic() + BUDGET_SECONDS
    for base in proxies:
        if time.monotonic() >= _down_until.get(base, 0.0):
            _purge_at(base, unique, deadline)


def _purge_at(base: str, paths: list[str], deadline: float) -> None:
    """PURGE each path at one proxy over one keep-alive connection; log what failed."""
    url = urlsplit(base)
    if url.scheme not in ("http", "https") or not url.hostname:
        logger.error("BROADSHEET_PROXY_PURGE_URLS: %r is not an http(s) URL; skipped.", base)
        return
    prefix = url.path.rstrip("/")
    connection_class = (
        http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(url.hostname, url.port, timeout=TIMEOUT_SECONDS)
    failed: list[str] = []
    try:
        for done, path in enumerate(paths):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                logger.warning(
                    "Proxy purge at %s stopped by its time budget: %d of %d paths left.",
                    base,
                    len(paths) - done,
                    len(paths),
                )
                return
            connection.timeout = min(TIMEOUT_SECONDS, remaining)
            if connection.sock is not None:
                connection.sock.settimeout(connection.timeout)
            connection.request("PURGE", prefix + path)
            response = connection.getresponse()
            response.read()
            # 200: dropped; 404: was not cached (or already expired). Both are fine.
            if response.status not in (200, 404):
                failed.append(f"{path} ({response.status})")
    except (OSError, http.client.HTTPException) as exc:
        with _down_lock:
            _down_until[base] = time.monotonic() + RETRY_SECONDS
        logger.warning(
            "Proxy purge at %s failed (%s); skipping it for %.0f s.",
            base,
            exc or type(exc).__name__,
            RETRY_SECONDS,
        )
    finally:
        connection.close()
    if failed:
        logger.warning("Proxy purge at %s refused: %s", base, ", ".join(failed))
