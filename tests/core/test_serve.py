"""`broadsheet serve` as a reader meets it: a real production server in a subprocess."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest

BROADSHEET = shutil.which("broadsheet") or str(Path(sys.executable).with_name("broadsheet"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, **headers: str) -> tuple[int, Message, bytes]:
    """Status, headers (looked up case-insensitively: granian sends them in lower case)
    and body."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def server_env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "BROADSHEET_DATA_DIR": str(data_dir)}
    # The embedded default, as on a fresh machine, and the defaults of `serve` itself.
    for name in ("DATABASE_URL", "REDIS_URL", "DEBUG", "BROADSHEET_WORKERS", "BROADSHEET_SERVER"):
        env.pop(name, None)
    return env


def start(data_dir: Path, *args: str) -> tuple[str, subprocess.Popen[bytes]]:
    """`broadsheet serve` on a free port; returns its base URL once it answers."""
    port = free_port()
    log = (data_dir / f"serve-{port}.log").open("wb")
    proc = subprocess.Popen(
        [BROADSHEET, "serve", "--port", str(port), *args],
        env=server_env(data_dir),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # the first start collects and compresses static files
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            fetch(base + "/robots.txt")
            return base, proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError((data_dir / f"serve-{port}.log").read_text())


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def workers_of(pid: int) -> list[str]:
    """Command lines of the processes the server started (its workers)."""
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += (task / "children").read_text().split()
    return [Path(f"/proc/{child}/cmdline").read_bytes().decode() for child in children]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve-data")
    env = server_env(path)
    subprocess.run([BROADSHEET, "migrate", "-v", "0"], env=env, check=True, timeout=120)
    subprocess.run([BROADSHEET, "demo"], env=env, check=True, timeout=300)
    return path


@pytest.fixture(scope="module")
def served_process(data_dir: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    base, proc = start(data_dir, "--workers", "2")
    yield base, proc
    stop(proc)
    # The data folder holds the database in WAL mode and a generated secret key.
    assert (data_dir / "broadsheet.sqlite3").exists()
    assert (data_dir / "secret_key").stat().st_mode & 0o077 == 0


@pytest.fixture
def served(served_process: tuple[str, subprocess.Popen[bytes]]) -> str:
    return served_process[0]


def test_serve_answers_with_the_sample_front_page(served):
    status, _, body = fetch(served + "/")
    assert status == 200
    html = body.decode()
    assert 'class="lead-story"' in html and "Policy" in html


def test_serve_runs_granian_with_the_workers_asked_for(served_process):
    _, proc = served_process
    workers = workers_of(proc.pid)
    assert len(workers) == 2, workers
    assert all("granian" in cmd and "wsgi" in cmd for cmd in workers), workers


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


def test_serve_uses_sqlite_in_wal_mode(served, data_dir):
    import sqlite3

    with sqlite3.connect(data_dir / "broadsheet.sqlite3") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_serve_defaults_to_a_worker_per_core_and_stops_gracefully(served_process, data_dir):
    """Without --workers, one worker per available core; on SIGTERM a request already
    in progress still gets its whole answer, then every process exits cleanly."""
    base, proc = start(data_dir, "--no-migrate")
    try:
        workers = [
            int(child)
            for task in Path(f"/proc/{proc.pid}/task").iterdir()
            for child in (task / "children").read_text().split()
        ]
        assert len(workers) == len(os.sched_getaffinity(0))
        # A POST whose body is still arriving when the signal comes. Its answer depends
        # on the whole body: the CSRF check reads the token from it (a token whose mask
        # equals its cipher unmasks to "aaa…", the cookie's secret), so a 200 means
        # Django read the rest after SIGTERM; without the token it would be a 403.
        body = b"csrfmiddlewaretoken=" + b"a" * 64 + b"&text=" + b"y" * 4000
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
            conn.sendall(
                b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Cookie: csrftoken=" + b"a" * 32 + b"\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n"
                b"Connection: close\r\n\r\n" + body[:100]
            )
            time.sleep(1.0)
            proc.send_signal(signal.SIGTERM)
            time.sleep(1.0)
            conn.sendall(body[100:])
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 200"), answer[:300]
        assert answer.rstrip().endswith(b"</html>")
        assert proc.wait(timeout=20) == 0
        deadline = time.monotonic() + 5
        while any(Path(f"/proc/{pid}").exists() for pid in workers):
            assert time.monotonic() < deadline, "a worker outlived the server"
            time.sleep(0.1)
    finally:
        stop(proc)


def _log_of(data_dir: Path, base: str) -> str:
    return (data_dir / f"serve-{base.rsplit(':', 1)[1]}.log").read_text(errors="replace")


def _logged(data_dir: Path, base: str, path: str) -> bool:
    """Whether the server wrote its access line for a GET of `path` (as the response
    goes out: waited for briefly). Django's own warning for a 404 is another line."""
    fetch(base + path)
    line = f'"GET {path} HTTP/1.1" 404'
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        if line in _log_of(data_dir, base):
            return True
        time.sleep(0.2)
    return False


def test_serve_writes_no_line_per_request_unless_asked(served, data_dir):
    """Off by default (granian's and gunicorn's own default; a proxy in front logs),
    on with --access-log."""
    assert not _logged(data_dir, served, "/no-such-page-quiet/")
    base, proc = start(data_dir, "--no-migrate", "--workers", "1", "--access-log")
    try:
        assert _logged(data_dir, base, "/no-such-page-logged/")
    finally:
        stop(proc)
