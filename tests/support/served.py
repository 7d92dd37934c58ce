"""The production server `broadsheet serve` runs (gunicorn, several worker processes,
SQLite file in WAL mode) in a subprocess, with one article to comment on.

gunicorn is started directly with the arguments `serve` gives it: `serve` would first
collect and compress every static file (about a minute), which these tests do not need
since WhiteNoise finds the files in the apps."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BROADSHEET = shutil.which("broadsheet") or str(Path(sys.executable).with_name("broadsheet"))
MAKE_ARTICLE = """
from django.utils import timezone
from broadsheet.news.models import Article, Section
section, _ = Section.objects.get_or_create(slug="policy", defaults={"name": "Policy"})
Article.objects.get_or_create(slug="load-test", defaults=dict(
    headline="Load test", section=section, status="published",
    published_at=timezone.now() - timezone.timedelta(hours=1), body="<p>Text.</p>"))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`broadsheet.wsgi` under gunicorn in its own session (so it can be killed whole,
    master and workers, as a crash would), on one port across restarts."""

    def __init__(self, data_dir: Path, env: dict[str, str], workers: int) -> None:
        self.data_dir, self.env, self.workers = data_dir, env, workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = (self.data_dir / "server.log").open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "broadsheet.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "30",
            ],
            env=self.env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.base + "/news/load-test/", timeout=5).read()
                return
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError((self.data_dir / "server.log").read_text()) from None
                time.sleep(0.3)

    def kill(self) -> None:
        """SIGKILL to every process of the server at once: no worker finishes anything."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=15)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=15)


@contextmanager
def server(
    data_dir: Path, *, workers: int = 2, database_url: str | None = None, **settings: str
) -> Iterator[Server]:
    """A running `Server` with the article to comment on; stopped (by its pid) after.
    SQLite in `data_dir` unless `database_url` names another database."""
    env = {**os.environ, "BROADSHEET_DATA_DIR": str(data_dir), **settings}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    subprocess.run([BROADSHEET, "migrate", "-v", "0"], env=env, check=True, timeout=180)
    subprocess.run([BROADSHEET, "shell", "-c", MAKE_ARTICLE], env=env, check=True, timeout=60)
    running = Server(data_dir, env, workers)
    running.start()
    try:
        yield running
    finally:
        running.stop()


@contextmanager
def served(data_dir: Path, *, workers: int = 2, **settings: str) -> Iterator[str]:
    """Yield the base URL of a running server (SQLite in `data_dir`)."""
    with server(data_dir, workers=workers, **settings) as running:
        yield running.base
