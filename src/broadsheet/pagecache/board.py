"""The version board: one version per invalidation tag, shared by every app process.

A cached page remembers the versions of its tags when it was rendered; it is served only
while every one is unchanged. Invalidating a tag changes its version, so the next read
of any page that showed it renders afresh: exact, and nothing is ever deleted by pattern.

Two boards, one interface:
- `FileBoard` (embedded default): a memory-mapped file in the data folder, a fixed table
  of 64-bit slots; a tag hashes to a slot. Reading is a memory read, no system call and
  no database; two tags sharing a slot only cost an extra render, never a stale page.
  Every process on the machine maps the same file.
- `RedisBoard` (scale mode): one Redis key per tag holding a random value, so several
  machines share it. A Redis restart loses the keys: stored pages then no longer match
  and render afresh, never stale. When Redis cannot be reached, reads report "unknown"
  and the page is served uncached.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import logging
import mmap
import operator
import os
import secrets
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol

from django.conf import settings

logger = logging.getLogger(__name__)

Versions = tuple[int, ...]


class Board(Protocol):
    def versions(self, tags: Sequence[str]) -> Versions | None:
        """Current versions of `tags`, in order; None when the board cannot be read."""

    def bump(self, tags: Iterable[str]) -> None:
        """Give every tag in `tags` a new version."""


class FileBoard:
    SLOTS = 1 << 16
    # Tag lists whose slot readers are kept (one per stored page, about).
    GETTERS = 4096
    _SLOT = struct.Struct("<Q")

    def __init__(self, path: Path) -> None:
        self.path = path
        size = self.SLOTS * self._SLOT.size
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < size:
                with _locked(fd):
                    if os.fstat(fd).st_size < size:
                        os.ftruncate(fd, size)
            self._map = mmap.mmap(fd, size)
        finally:
            self._fd = fd
        self._thread_lock = threading.Lock()
        # The slots as native 64-bit words, where native is the file's little-endian.
        self._words = memoryview(self._map).cast("Q") if sys.byteorder == "little" else None
        self._getters: dict[tuple[str, ...], Callable[[memoryview], tuple[int, ...]]] = {}

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one board per process, never freed
    def _slot(self, tag: str) -> int:
        digest = hashlib.blake2b(tag.encode(), digest_size=8).digest()
        return (int.from_bytes(digest, "little") % self.SLOTS) * self._SLOT.size

    def versions(self, tags: Sequence[str]) -> Versions:
        # Read on every hit of the page cache: the slots as 64-bit words, picked by one
        # C-level itemgetter made once per tag list (the struct reads it replaces were
        # a third of a hit).
        if self._words is None:
            read = self._SLOT.unpack_from
            return tuple(read(self._map, self._slot(tag))[0] for tag in tags)
        key = tuple(tags)
        if not key:
            return ()
        getter = self._getters.get(key)
        if getter is None:
            if len(self._getters) >= self.GETTERS:
                self._getters.clear()
            indexes = [self._slot(tag) // self._SLOT.size for tag in key]
            pick = operator.itemgetter(*indexes)
            getter = (lambda words: (pick(words),)) if len(indexes) == 1 else pick
            self._getters[key] = getter
        return tuple(getter(self._words))

    def bump(self, tags: Iterable[str]) -> None:
        offsets = {self._slot(tag) for tag in tags}
        if not offsets:
            return
        # flock excludes other processes; threads of this one share its descriptor.
        with self._thread_lock, _locked(self._fd):
            for offset in offsets:
                value = self._SLOT.unpack_from(self._map, offset)[0]
                self._SLOT.pack_into(self._map, offset, (value + 1) % (1 << 64))


class _locked:
    """An exclusive lock on a file between processes (bumps are rare and tiny)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __enter__(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)


class RedisBoard:
    PREFIX = "broadsheet:pagecache:v:"
    # After a failure, do not try Redis again for this long: a dead Redis must not add
    # its timeout to every request.
    RETRY_AFTER = 5.0

    def __init__(self, url: str) -> None:
        import redis

        self._client = redis.Redis.from_url(url, socket_connect_timeout=0.25, socket_timeout=0.5)
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _failed(self, action: str, exc: Exception) -> None:
        with self._lock:
            if time.monotonic() >= self._down_until:
                logger.warning(
                    "page cache: Redis unreachable while %s (%s); pages are served "
                    "uncached until it answers",
                    action,
                    exc,
                )
            self._down_until = time.monotonic() + self.RETRY_AFTER

    def versions(self, tags: Sequence[str]) -> Versions | None:
        if time.monotonic() < self._down_until:
            return None
        keys = [self.PREFIX + tag for tag in tags]
        try:
            values = self._client.mget(keys)
            missing = [k for k, v in zip(keys, values, strict=True) if v is None]
            if missing:
                # A tag never bumped (or lost in a restart) gets its first version now.
                pipe = self._client.pipeline()
                for key in missing:
                    pipe.set(key, secrets.randbits(63), nx=True)
                pipe.execute()
                values = self._client.mget(keys)
        except Exception as exc:
            self._failed("reading versions", exc)
            return None
        if any(v is None for v in values):
            return None
        return tuple(int(v) for v in values if v is not None)

    def bump(self, tags: Iterable[str]) -> None:
        keys = [self.PREFIX + tag for tag in set(tags)]
        if not keys:
            return
        try:
            pipe = self._client.pipeline()
            for key in keys:
                pipe.set(key, secrets.randbits(63))
            pipe.execute()
        except Exception as exc:
            self._failed("invalidating", exc)
            raise BoardUnavailable from exc


class BoardUnavailable(Exception):
    """An invalidation could not be written: callers must stop trusting stored pages."""


EPOCH = "epoch"  # bumped before any tag: a render that saw it change is not stored


@functools.cache
def board() -> Board:
    """This process's board: Redis in scale mode, the data folder's file otherwise."""
    if settings.REDIS_URL:
        return RedisBoard(settings.REDIS_URL)
    return FileBoard(settings.DATA_DIR / "pagecache.board")
