"""A board that stalls and comes back (Redis frozen with SIGSTOP, then resumed) loses no
invalidation: the process that could not write its tags tries again by itself, so the
other processes, which read the board, stop serving the old pages within a second of
Redis answering again (issue 22: 90 s and more before)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from broadsheet.pagecache import pages
from broadsheet.pagecache.board import RedisBoard, board

REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(REDIS is None, reason="needs redis-server (bin/test installs it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """A Redis of this test's own, which it may freeze without touching the suite's."""
    port = _free_port()
    assert REDIS is not None
    proc = subprocess.Popen(
        [
            REDIS,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield proc, url
    finally:
        os.kill(proc.pid, signal.SIGCONT)
        proc.kill()
        proc.wait(timeout=10)


def test_tags_postponed_while_redis_is_frozen_reach_it_once_it_resumes(own_redis, settings):
    proc, url = own_redis
    settings.REDIS_URL = url
    board.cache_clear()
    try:
        other = RedisBoard(url)  # what another worker reads
        before = other.versions(["a:1"])
        assert before is not None
        os.kill(proc.pid, signal.SIGSTOP)
        pages.pages_invalidate_now({"a:1"})  # times out: postponed
        time.sleep(1.2)  # still frozen: the retries fail too
        assert pages._pending >= {"a:1"}
        os.kill(proc.pid, signal.SIGCONT)
        deadline = time.monotonic() + 3
        seen = before
        while time.monotonic() < deadline and seen == before:
            time.sleep(0.1)
            seen = other.versions(["a:1"])
        assert seen is not None and seen != before
        assert not pages._pending
    finally:
        board.cache_clear()
