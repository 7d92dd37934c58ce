"""The production server `broadsheet serve` runs (gunicorn, several worker processes,
SQLite file in WAL mode) in a subprocess, with one article to comment on.

gunicorn is started directly with the arguments `serve` gives it: `serve` would first
collect and compress every static file (about a minute), which these tests do not need
since WhiteNoise finds the files in the apps."""

from __future__ import annotations

import os
import shutil
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


@contextmanager
def served(data_dir: Path, *, workers: int = 2, **settings: str) -> Iterator[str]:
    """Yield the base URL of a running server; stop it (by its pid) afterwards."""
    env = {**os.environ, "BROADSHEET_DATA_DIR": str(data_dir), **settings}
    env.pop("DATABASE_URL", None)
    subprocess.run([BROADSHEET, "migrate", "-v", "0"], env=env, check=True, timeout=180)
    subprocess.run([BROADSHEET, "shell", "-c", MAKE_ARTICLE], env=env, check=True, timeout=60)
    port = free_port()
    log = (data_dir / "server.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "broadsheet.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "30",
        ],
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/news/load-test/", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError((data_dir / "server.log").read_text()) from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
