"""An independent scanner, wapiti (PyPI, in its own virtual environment: its pinned
dependencies would downgrade Django's), against the site as it runs in production: the
production server (gunicorn, two workers) behind TLS with a certificate made here, the
sample content loaded, production settings. Bounded in time; it must find nothing, and
the server must log no error while it attacks."""

from __future__ import annotations

import json
import os
import shutil
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.served import free_port

ROOT = Path(__file__).resolve().parents[2]
BROADSHEET = str(Path(sys.executable).with_name("broadsheet"))
# What a production process never has: the test run's database and cache, DEBUG, and the
# browser tests' DJANGO_ALLOW_ASYNC_UNSAFE (which `check --deploy` rightly refuses).
PRODUCTION_UNSET = {
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "REDIS_URL",
    "DEBUG",
    "SECRET_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
WAPITI = os.environ.get("BROADSHEET_WAPITI", str(ROOT / ".tools" / "wapiti" / "bin" / "wapiti"))
SCAN_SECONDS = int(os.environ.get("BROADSHEET_WAPITI_SECONDS", "150"))

pytestmark = [
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="the scanner runs once, in the embedded mode (the site it scans is its own)",
    ),
]


def self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return cert, key


def test_wapiti_finds_nothing_on_the_site_behind_tls(tmp_path):
    if not Path(WAPITI).exists():
        pytest.skip(f"wapiti is not installed at {WAPITI}: bin/test installs it")
    assert shutil.which("openssl"), "openssl makes the test's certificate"
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_UNSET}
    env.update(BROADSHEET_DATA_DIR=str(data), BROADSHEET_HTTPS="1", LOG_LEVEL="WARNING")
    subprocess.run([BROADSHEET, "migrate", "-v", "0"], env=env, check=True, timeout=300)
    subprocess.run([BROADSHEET, "demo"], env=env, check=True, timeout=300, capture_output=True)
    cert, key = self_signed(tmp_path)
    port = free_port()
    base = f"https://127.0.0.1:{port}/"
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "broadsheet.wsgi:application",
            # Threads: a scanner's idle TLS connections must not hold a whole worker until
            # gunicorn aborts it (the sync worker's traceback in the log, not the site's).
            "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30",
            "--worker-class", "gthread", "--threads", "8",
            "--certfile", str(cert), "--keyfile", str(key),
        ],
        env=env,
        stdout=log,
        stderr=log,
    )  # fmt: skip
    try:
        context = ssl.create_default_context(cafile=str(cert))
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base, timeout=5, context=context).read()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "no server"
                time.sleep(0.3)
        report = tmp_path / "report.json"
        scan = subprocess.run(
            [
                WAPITI, "-u", base, "--scope", "folder",
                "--max-scan-time", str(SCAN_SECONDS), "--max-attack-time", "30",
                "--tasks", "4", "-t", "10", "--flush-session",
                "--store-session", str(tmp_path / "session"),
                "-f", "json", "-o", str(report),
            ],
            capture_output=True,
            text=True,
            timeout=SCAN_SECONDS * 2 + 120,
        )  # fmt: skip
        assert report.exists(), scan.stdout[-3000:] + scan.stderr[-3000:]
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    result = json.loads(report.read_text())
    found = {
        f"{kind}: {name}": [(item["path"], item["info"]) for item in items]
        for kind in ("vulnerabilities", "anomalies")
        for name, items in result[kind].items()
        if items
    }
    assert found == {}
    assert result["infos"]["crawled_pages_nbr"] >= 50  # it saw the site, not a wall
    server_log = (tmp_path / "server.log").read_text(errors="replace")
    assert "Traceback" not in server_log and "Internal Server Error" not in server_log
