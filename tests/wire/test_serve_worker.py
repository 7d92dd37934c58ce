"""`broadsheet serve` starts the worker beside the site, and the worker stops with it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_the_worker_started_by_serve_runs_apart_and_stops_with_the_server(tmp_path):
    env = {**os.environ, "BROADSHEET_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.pop("PYTEST_CURRENT_TEST", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from broadsheet.core.management.commands.serve import start_worker\n"
            "print(start_worker(), flush=True)\n"
            "time.sleep(4)\n",
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    worker = int(server.stdout.readline())
    try:
        time.sleep(2)
        assert _alive(worker)
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        assert str(worker) not in children  # the server's children are its HTTP workers
        server.wait(10)
        deadline = time.monotonic() + 15
        while _alive(worker) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(worker)
    finally:
        if _alive(worker):
            os.kill(worker, 9)
