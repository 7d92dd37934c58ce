"""The embedded backend's writers' queue (`broadsheet.core.sqlite`): a write transaction
waits its turn on the lock file beside the database, holds it until it commits, rolls
back or closes, and never waits past the busy timeout. Each test opens its own SQLite
file, so they hold in either mode of the suite."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from broadsheet.core.sqlite.base import DatabaseWrapper

HOLD_SECONDS = 0.4

# Another process: takes the writers' lock, says so, holds it for a while, lets go.
HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
fcntl.flock(fd, fcntl.LOCK_UN)
print("released", flush=True)
"""


def _connection(path: Path, alias: str, timeout: float = 5) -> DatabaseWrapper:
    handler = ConnectionHandler(
        {
            "default": {"ENGINE": "django.db.backends.dummy"},
            alias: {
                "ENGINE": "broadsheet.core.sqlite",
                "NAME": str(path),
                "OPTIONS": {
                    "init_command": "PRAGMA journal_mode=WAL;",
                    "transaction_mode": "IMMEDIATE",
                    "timeout": timeout,
                },
            },
        }
    )
    connection = handler[alias]
    assert isinstance(connection, DatabaseWrapper)
    return connection


@pytest.fixture(autouse=True)
def _own_connections(django_db_blocker: Any) -> Iterator[None]:
    # These connections are the tests' own, to files of their own.
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "queue.sqlite3"
    connection = _connection(path, "setup")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    connection.close()
    yield path


def _begin(connection: DatabaseWrapper) -> None:
    # What `transaction.atomic()` does first on SQLite.
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def _end(connection: DatabaseWrapper, *, commit: bool = True) -> None:
    if commit:
        connection.commit()
    else:
        connection.rollback()
    connection.set_autocommit(True)


def _lock_is_free(path: Path) -> bool:
    """Whether another open file (as another process has) can take the lock now."""
    fd = os.open(f"{path}-writers", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def _notes(path: Path) -> list[str]:
    connection = _connection(path, "reader")
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM note ORDER BY id")
        rows = [row[0] for row in cursor.fetchall()]
    connection.close()
    return rows


def test_a_write_waits_for_another_process_then_holds_the_lock_until_commit(
    database: Path,
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, f"{database}-writers", str(HOLD_SECONDS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "held"
        connection = _connection(database, "writer")
        started = time.monotonic()
        _begin(connection)
        waited = time.monotonic() - started
        # SQLite's own lock was free all along: only the queue made it wait.
        assert waited >= HOLD_SECONDS * 0.8
        assert holder.stdout.readline().strip() == "released"
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO note (body) VALUES ('after the wait')")
        assert not _lock_is_free(database)
        _end(connection)
        assert _lock_is_free(database)
        connection.close()
    finally:
        holder.wait(timeout=10)
    assert _notes(database) == ["after the wait"]


@pytest.mark.parametrize("ending", ["commit", "rollback", "close"])
def test_the_lock_is_let_go_however_the_transaction_ends(database: Path, ending: str) -> None:
    connection = _connection(database, "writer")
    _begin(connection)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO note (body) VALUES ('kept or not')")
    assert not _lock_is_free(database)
    if ending == "close":
        connection.close()
    else:
        _end(connection, commit=ending == "commit")
    assert _lock_is_free(database)
    # And the next transaction takes it again.
    connection = _connection(database, "writer")
    _begin(connection)
    assert not _lock_is_free(database)
    _end(connection)
    connection.close()
    assert _notes(database) == (["kept or not"] if ending == "commit" else [])


def test_a_lock_held_past_the_timeout_hands_over_to_sqlites_own_wait(database: Path) -> None:
    stuck = os.open(f"{database}-writers", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(stuck, fcntl.LOCK_EX)
    try:
        connection = _connection(database, "writer", timeout=0.3)
        started = time.monotonic()
        _begin(connection)  # SQLite's lock is free: the write goes ahead
        assert 0.25 <= time.monotonic() - started < 3
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO note (body) VALUES ('not stuck')")
        _end(connection)
        # The process's turn was given back: the next write waits its turn again.
        started = time.monotonic()
        _begin(connection)
        assert time.monotonic() - started >= 0.25
        _end(connection)
        connection.close()
    finally:
        os.close(stuck)
    assert _notes(database) == ["not stuck"]


def test_a_second_connection_of_the_process_meets_sqlites_lock_not_the_queue(
    database: Path,
) -> None:
    first = _connection(database, "first")
    _begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO note (body) VALUES ('first')")
    errors: list[Exception] = []
    timeout = 1.0

    def second_writes() -> None:
        # Another thread, as the development server's or a test's live server: it goes
        # straight to SQLite's wait, which ends in "locked" after one timeout; queued
        # behind the first (which waits for it here) it would take two.
        second = _connection(database, "second", timeout=timeout)
        try:
            _begin(second)
        except OperationalError as exc:
            errors.append(exc)
        finally:
            second.close()

    thread = threading.Thread(target=second_writes)
    started = time.monotonic()
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert time.monotonic() - started < timeout * 1.7
    assert len(errors) == 1 and "locked" in str(errors[0])
    # The second's refusal left the first's turn alone.
    assert not _lock_is_free(database)
    _end(first)
    assert _lock_is_free(database)
    first.close()
    assert _notes(database) == ["first"]


def test_an_in_memory_database_has_no_lock_file(tmp_path: Path) -> None:
    connection = _connection(Path(":memory:"), "memory")
    assert connection.writers_lock_path() is None
    _begin(connection)
    _end(connection)
    connection.close()


def test_a_forked_child_queues_on_a_file_of_its_own(database: Path) -> None:
    # `broadsheet serve` may open the connection before its workers fork: a child
    # sharing the parent's open file would share its lock, and not wait for it.
    connection = _connection(database, "parent")
    _begin(connection)
    assert not _lock_is_free(database)
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        try:
            os.close(reader)
            connection.settings_dict["OPTIONS"]["timeout"] = 0.3
            started = time.monotonic()
            got_turn = connection.writers_lock_acquire()
            os.write(writer, f"{got_turn} {time.monotonic() - started:.2f}".encode())
        finally:
            os._exit(0)
    os.close(writer)
    answer = os.read(reader, 100).decode()
    os.close(reader)
    os.waitpid(child, 0)
    got_turn, waited = answer.split()
    # The parent holds the lock: the child waited the whole timeout and went on without.
    assert got_turn == "False" and float(waited) >= 0.25
    _end(connection)
    connection.close()


def test_a_lock_file_that_cannot_be_opened_leaves_writes_to_sqlite(
    database: Path, caplog: pytest.LogCaptureFixture
) -> None:
    Path(f"{database}-writers").mkdir()  # not a file anyone can lock
    connection = _connection(database, "writer")
    for body in ("written all the same", "and again"):
        _begin(connection)
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO note (body) VALUES (%s)", [body])
        _end(connection)
    connection.close()
    assert _notes(database) == ["written all the same", "and again"]
    # Said once for the connection, not at every write.
    assert caplog.text.count("writers' queue off") == 1
