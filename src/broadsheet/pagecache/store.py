"""The stored pages of one process: a bounded least-recently-used map of entries.

Each process keeps its own copy of a page (a render per process per change); what keeps
them right across processes is the shared version board, checked on every read.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cache
from typing import Generic, Protocol, TypeVar

from django.conf import settings

from broadsheet.pagecache.board import Versions

Key = tuple[str, ...]


@dataclass
class Entry:
    """A stored page: the same bytes for every reader, with its ETag; each compressed
    form is made once, when a reader first asks for it (a miss makes only the one its
    reader takes)."""

    body: bytes
    headers: list[tuple[str, str]]
    tags: tuple[str, ...]
    versions: Versions
    expires_at: float
    article_id: int | None
    etag: str = ""
    size: int = 0
    _gzip: bytes | None = None
    _br: bytes | None = None
    # A hit's headers and body by content coding, made at its first hit (`hit_response`).
    _hits: dict[str, tuple[list[tuple[str, str]], bytes]] = field(default_factory=dict)

    def fresh(self, now: float) -> bool:
        return now < self.expires_at

    @property
    def gzip_body(self) -> bytes:
        # Two threads may both make it: the same bytes, and one is kept.
        if self._gzip is None:
            self._gzip = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzip

    @property
    def br_body(self) -> bytes:
        if self._br is None:
            import brotli

            self._br = brotli.compress(self.body, quality=5)
        return self._br

    def hit_response(
        self, encoding: str, common: Callable[[], list[tuple[str, str]]]
    ) -> tuple[list[tuple[str, str]], bytes]:
        """A hit's headers and body for `encoding` ("br", "gzip" or "" for none), with
        the front's `common()` headers: the same for every hit, so built once. The
        caller passes a copy of the list on (a server may add to the one it is given)."""
        made = self._hits.get(encoding)
        if made is None:
            body = self.br_body if encoding == "br" else self.gzip_body if encoding else self.body
            coding = [("Content-Encoding", encoding)] if encoding else []
            headers = [*self.headers, *common(), *coding, ("Content-Length", str(len(body)))]
            made = self._hits[encoding] = (headers, body)
        return made

    def quick_body(self, encoding: str) -> bytes:
        """The body for the one reader of a miss: compressed at the fast end (brotli 3,
        gzip 1: half the time, about a tenth more bytes), unless the stored form is
        already made. The stored forms wait for the first hit that asks."""
        if encoding == "br":
            if self._br is not None:
                return self._br
            import brotli

            return bytes(brotli.compress(self.body, quality=3))
        if self._gzip is not None:
            return self._gzip
        return gzip.compress(self.body, compresslevel=1, mtime=0)


def entry_build(
    *,
    body: bytes,
    headers: list[tuple[str, str]],
    tags: tuple[str, ...],
    versions: Versions,
    expires_at: float,
    article_id: int | None,
) -> Entry:
    entry = Entry(body, headers, tags, versions, expires_at, article_id)
    entry.etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    # Counted with room for both compressed forms (HTML shrinks far below half).
    entry.size = len(body) + len(body) // 2
    return entry


class _Sized(Protocol):
    size: int


K = TypeVar("K", bound=Hashable)
V = TypeVar("V", bound=_Sized)


class SizedLRU(Generic[K, V]):
    """A map bounded by the `size` of its values, least recently used dropped first;
    a value larger than `largest` is not kept. Every clear moves `generation`: a caller
    that read it before computing a value passes it to `put`, which then keeps nothing
    computed across a clear."""

    def __init__(self, max_bytes: int, *, largest: int | None = None) -> None:
        self.max_bytes = max_bytes
        self.largest = max_bytes if largest is None else largest
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.generation = 0

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V, *, generation: int | None = None) -> None:
        if value.size > self.largest:
            return
        with self._lock:
            if generation is not None and generation != self.generation:
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._entries[key] = value
            self._bytes += value.size
            while self._bytes > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.size

    def discard(self, key: K) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
            self.generation += 1

    def __len__(self) -> int:
        return len(self._entries)


class PageStore(SizedLRU[Key, Entry]):
    def __init__(self, max_bytes: int) -> None:
        # One page never takes more than a quarter of the room.
        super().__init__(max_bytes, largest=max_bytes // 4)


@cache
def store() -> PageStore:
    return PageStore(settings.BROADSHEET_PAGE_CACHE_MB * 1024 * 1024)


def now() -> float:
    return time.time()
