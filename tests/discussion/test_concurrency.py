"""Many readers posting at once for a bounded time, each as a real client (question
answered, proof of work solved), against `broadsheet serve` with several processes.

Not pytest-django's live_server: with the in-memory SQLite test database it shares one
connection between all its request threads, which serialises (or corrupts) exactly
what this test is about. A real server on a file database in WAL mode is the case that
matters."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path

from tests.support.served import served
from tests.support.webclient import Reader, filled_form

CLIENTS = 8
SECONDS = 8.0


def test_every_acknowledged_comment_is_stored_exactly_once(tmp_path: Path):
    acknowledged: list[tuple[int, str]] = []
    errors: list[str] = []
    lock = threading.Lock()
    settings = {
        "DISCUSSION_MIN_SUBMIT_SECONDS": "0",
        "DISCUSSION_TRUST_THRESHOLD": "0",
        "DISCUSSION_RATE_PER_IP": "100000/60",
        "DISCUSSION_ATTEMPTS_PER_IP": "100000/60",
        "DISCUSSION_RATE_PER_ARTICLE": "100000/60",
        "DISCUSSION_POW_MAX_NUMBER": "5000",
        "DISCUSSION_MAIL_IN_THREAD": "0",
    }
    with served(tmp_path, workers=3, **settings) as base:
        deadline = time.monotonic() + SECONDS

        def client(n: int) -> None:
            reader = Reader(base)
            i = 0
            while time.monotonic() < deadline:
                i += 1
                text = f"client {n} comment {i}"
                try:
                    state = reader.form("/news/load-test/")
                    data = filled_form(state, name=f"Client {n}", text=text)
                    first = reader.post_comment(state, json_reply=True, **data)
                    if i % 4 == 0:  # a double submit of the same form
                        again = reader.post_comment(state, json_reply=True, **data)
                        assert again.status in (200, 201), again.body[:300]
                        assert again.json()["id"] == first.json()["id"]
                except Exception as exc:
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                if first.status == 201:
                    with lock:
                        acknowledged.append((first.json()["id"], text))
                else:
                    with lock:
                        errors.append(f"{first.status}: {first.body[:200]}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=SECONDS + 60)
    assert not errors, errors[:5]
    assert len(acknowledged) >= CLIENTS  # every client got through at least once
    with sqlite3.connect(tmp_path / "broadsheet.sqlite3") as db:
        rows = db.execute("SELECT id, text FROM discussion_comment").fetchall()
    stored = Counter(text for _id, text in rows)
    by_id = dict(rows)
    for comment_id, text in acknowledged:
        assert stored[text] == 1, text
        assert by_id[comment_id] == text
    assert len(rows) == len(acknowledged)
