"""`broadsheet serve` as a reader meets it: a real production server in a subprocess."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

BROADSHEET = shutil.which("broadsheet") or str(Path(sys.executable).with_name("broadsheet"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("serve-data")
    env = {**os.environ, "BROADSHEET_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)  # the embedded default, as on a fresh machine
    env.pop("DEBUG", None)
    subprocess.run([BROADSHEET, "migrate", "-v", "0"], env=env, check=True, timeout=120)
    subprocess.run([BROADSHEET, "demo"], env=env, check=True, timeout=300)
    port = free_port()
    proc = subprocess.Popen(
        [BROADSHEET, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            fetch(base + "/")
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError(proc.stdout.read().decode() if proc.stdout else "no output")
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    # The data folder holds the database in WAL mode and a generated secret key.
    assert (data_dir / "broadsheet.sqlite3").exists()
    assert (data_dir / "secret_key").stat().st_mode & 0o077 == 0


def test_serve_answers_with_the_sample_front_page(served):
    status, headers, body = fetch(served + "/")
    assert status == 200
    assert "gunicorn" in headers.get("Server", "")
    html = body.decode()
    assert 'class="lead-story"' in html and "Policy" in html


def test_serve_compresses_static_files(served):
    status, _, body = fetch(served + "/")
    css = next(
        part.split('"')[0]
        for part in body.decode().split('href="')
        if part.startswith("/static/") and ".css" in part.split('"')[0]
    )
    assert ".css" in css and css.count(".") >= 2, "collectstatic gave the file a hashed name"
    status, headers, _ = fetch(served + css, **{"Accept-Encoding": "br"})
    assert status == 200 and headers.get("Content-Encoding") == "br"
    status, headers, _ = fetch(served + css, **{"Accept-Encoding": "gzip"})
    assert headers.get("Content-Encoding") == "gzip"
    assert "max-age=315360000" in headers.get("Cache-Control", "")


def test_serve_runs_without_debug(served):
    status, _, body = fetch(served + "/news/does-not-exist/")
    assert status == 404
    assert b"Page not found" in body and b"Traceback" not in body
    assert b"technical_404" not in body


def test_serve_uses_sqlite_in_wal_mode(served, tmp_path_factory):
    import sqlite3

    db = next(Path(tmp_path_factory.getbasetemp()).glob("serve-data*/broadsheet.sqlite3"))
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
