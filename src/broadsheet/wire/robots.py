"""robots.txt, read with protego (wildcards, Allow/Disallow precedence, Crawl-delay).

Rules are kept per host for an hour in this process. As RFC 9309 says: a robots.txt that
is missing (4xx) allows everything; one that cannot be read (5xx, network) disallows
everything until it can be.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from broadsheet.wire.fetch import BlockedAddress, FetchError, fetch

KEEP_SECONDS = 3600.0
ROBOTS_MAX_BYTES = 512 * 1024


@dataclass
class Rules:
    parser: Protego | None
    allow_all: bool = False
    disallow_all: bool = False
    problem: str = ""

    def allows(self, url: str, agent: str) -> bool:
        if self.disallow_all:
            return False
        if self.allow_all or self.parser is None:
            return True
        return bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float:
        if self.parser is None:
            return 0.0
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay else 0.0


_lock = threading.Lock()
_kept: dict[str, tuple[float, Rules]] = {}


def robots_clear() -> None:
    with _lock:
        _kept.clear()


def robots_rules(url: str) -> Rules:
    """The robots rules of `url`'s host, fetched through the safe fetcher when not kept.
    Raises BlockedAddress when the host is one the fetcher must never reach."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    now = time.monotonic()
    with _lock:
        kept = _kept.get(origin)
    if kept and now - kept[0] < KEEP_SECONDS:
        return kept[1]
    try:
        response = fetch(f"{origin}/robots.txt", max_bytes=ROBOTS_MAX_BYTES, max_seconds=10)
    except BlockedAddress:
        raise  # the host itself is forbidden: the caller's to report, nothing to keep
    except FetchError as exc:
        rules = Rules(None, disallow_all=True, problem=f"robots.txt unreadable: {exc.reason}")
    else:
        if response.status >= 500:
            rules = Rules(None, disallow_all=True, problem=f"robots.txt answered {response.status}")
        elif response.status >= 400:
            rules = Rules(None, allow_all=True)
        else:
            text = response.body.decode("utf-8", errors="replace")
            rules = Rules(Protego.parse(text))
    with _lock:
        _kept[origin] = (now, rules)
    return rules
