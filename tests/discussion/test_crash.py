"""Crash safety: every server process killed at once (SIGKILL) while readers post, then
started again on the same database. Each comment the server acknowledged (201) is stored
exactly once with its text; none is stored twice; the site answers again. On SQLite (the
embedded default) and, in the scale mode, on PostgreSQL (issue 22)."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.served import server
from tests.support.webclient import Reader, filled_form

CLIENTS = 6
BEFORE_KILL = 4.0
AFTER_RESTART = 3.0
SETTINGS = {
    "DISCUSSION_MIN_SUBMIT_SECONDS": "0",
    "DISCUSSION_TRUST_THRESHOLD": "0",
    "DISCUSSION_RATE_PER_IP": "100000/60",
    "DISCUSSION_ATTEMPTS_PER_IP": "100000/60",
    "DISCUSSION_RATE_PER_ARTICLE": "100000/60",
    "DISCUSSION_POW_MAX_NUMBER": "5000",
    "DISCUSSION_MAIL_IN_THREAD": "0",
}


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A database of its own on the scale mode's PostgreSQL, dropped after."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("scale mode only (bin/test runs it): PostgreSQL")
    import psycopg

    name = f"crash_{uuid.uuid4().hex[:12]}"
    base, _, _db = url.rpartition("/")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _stored_rows(tmp_path: Path, database_url: str | None) -> list[tuple[int, str]]:
    if database_url is None:
        with sqlite3.connect(tmp_path / "broadsheet.sqlite3") as db:
            return db.execute("SELECT id, text FROM discussion_comment").fetchall()
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT id, text FROM discussion_comment").fetchall()


def _load_through_a_crash(tmp_path: Path, database_url: str | None) -> list[tuple[int, str]]:
    acknowledged: list[tuple[int, str]] = []
    lock = threading.Lock()
    stop = threading.Event()
    with server(tmp_path, workers=3, database_url=database_url, **SETTINGS) as running:

        def client(n: int) -> None:
            reader = Reader(running.base)
            i = 0
            while not stop.is_set():
                i += 1
                text = f"client {n} comment {i}"
                try:
                    state = reader.form("/news/load-test/")
                    reply = reader.post_comment(
                        state, json_reply=True, **filled_form(state, name=f"C{n}", text=text)
                    )
                except Exception:  # the server was killed under this request: not acknowledged
                    time.sleep(0.05)
                    continue
                if reply.status == 201:
                    with lock:
                        acknowledged.append((reply.json()["id"], text))

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(BEFORE_KILL)
        running.kill()
        with lock:
            before_restart = len(acknowledged)
        running.start()
        time.sleep(AFTER_RESTART)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert before_restart >= CLIENTS, "the load reached the server before the kill"
    assert len(acknowledged) > before_restart, "posting works again after the restart"
    return acknowledged


def _check(acknowledged: list[tuple[int, str]], rows: list[tuple[int, str]]) -> None:
    stored = Counter(text for _id, text in rows)
    assert max(stored.values()) == 1, [t for t, n in stored.items() if n > 1][:5]
    by_id = dict(rows)
    lost = [(pk, text) for pk, text in acknowledged if by_id.get(pk) != text]
    assert lost == [], lost[:5]


def test_sigkill_under_comment_load_loses_no_acknowledged_comment_on_sqlite(tmp_path: Path):
    acknowledged = _load_through_a_crash(tmp_path, None)
    _check(acknowledged, _stored_rows(tmp_path, None))
    with sqlite3.connect(tmp_path / "broadsheet.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_sigkill_under_comment_load_loses_no_acknowledged_comment_on_postgresql(
    tmp_path: Path, postgres_database: str
):
    acknowledged = _load_through_a_crash(tmp_path, postgres_database)
    _check(acknowledged, _stored_rows(tmp_path, postgres_database))
