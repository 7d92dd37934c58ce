"""Django's SQLite backend, with the processes' write transactions taking turns on a
file lock instead of sleeping in SQLite's busy handler.

SQLite has one write lock. A writer that finds it taken sleeps and tries again on a
fixed schedule (1 ms, then 2, 5, 10 ms...), however soon the lock is released: with two
workers posting comments, each spent a fifth of its time asleep while the lock was free
(BENCHMARKS.md, "Comment posting throughput"). So before `BEGIN IMMEDIATE` a
connection takes an `flock` on a file beside the database (`<name>-writers`), trying
again every 50 µs (every millisecond after the first 5 ms): the next writer starts
within a tenth of a millisecond of the last one's commit. The file lock only orders
the writers that take it; SQLite's own lock and busy timeout stay in force for
everything else (another program, a write outside a transaction) and decide as
before. The wait is bounded by the same timeout, after which the transaction goes
ahead to SQLite's own wait (so, behind a transaction that holds the lock longer than
the timeout, a writer gives up after twice the timeout instead of once).

Only one connection of a process queues on the file lock at a time; another one in the
same process (a thread of the development server, a test's live server) goes straight
to SQLite's own wait, as before, so a thread holding a transaction can never keep one
it waits for from reaching its answer. An in-memory database has no file to lock.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from typing import Any

from django.db.backends.sqlite3 import base

logger = logging.getLogger(__name__)

# How long a writer sleeps between tries: short while the lock is held as long as a
# comment's transaction holds it (well under a millisecond), longer after that.
FIRST_TRIES_SECONDS = 0.005
SHORT_SLEEP = 0.00005
LONG_SLEEP = 0.001

# One connection per process in the queue at a time (see the module's docstring).
_queue_turn = threading.Lock()


def _queue_turn_renew() -> None:
    # A forked child starts with no transaction of its own, whatever its parent held.
    global _queue_turn
    _queue_turn = threading.Lock()


os.register_at_fork(after_in_child=_queue_turn_renew)


class DatabaseWrapper(base.DatabaseWrapper):
    # (django-stubs leave out the private methods overridden here: hence the ignores.)
    _writers_file: int | None = None
    _writers_pid = 0
    _writers_holding = False
    _writers_off = False  # the lock file could not be opened (said once, in the log)

    def writers_lock_path(self) -> str | None:
        """The lock file beside the database, or None for an in-memory one."""
        name = self.settings_dict["NAME"]
        if self.is_in_memory_db() or str(name).startswith("file:"):
            return None
        return f"{name}-writers"

    def _writers_fd(self) -> int | None:
        path = self.writers_lock_path()
        if path is None or self._writers_off:
            return None
        if self._writers_file is not None and self._writers_pid != os.getpid():
            # Opened before a fork: the parent's file description (and its lock) is
            # shared with the child, so the child opens its own. Closing the child's
            # copy leaves the parent's lock as it is.
            os.close(self._writers_file)
            self._writers_file = None
        if self._writers_file is None:
            try:
                self._writers_file = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            except OSError as exc:
                # Not ours to open (another user's file, say): SQLite's own wait, as
                # before the queue, rather than a write refused.
                logger.warning("writers' queue off, %s cannot be opened: %s", path, exc)
                self._writers_off = True
                return None
            self._writers_pid = os.getpid()
        return self._writers_file

    def writers_lock_acquire(self) -> bool:
        """Wait for this process's turn to write (bounded by the busy timeout); False
        when the connection goes to SQLite's own wait instead."""
        fd = self._writers_fd()
        if fd is None or not _queue_turn.acquire(blocking=False):
            return False
        timeout = float(self.settings_dict["OPTIONS"].get("timeout", 5.0))
        started = time.monotonic()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                waited = time.monotonic() - started
                if waited >= timeout:
                    _queue_turn.release()
                    return False
                time.sleep(SHORT_SLEEP if waited < FIRST_TRIES_SECONDS else LONG_SLEEP)
                continue
            self._writers_holding = True
            return True

    def writers_lock_release(self) -> None:
        if not self._writers_holding:
            return
        self._writers_holding = False
        if self._writers_file is None or self._writers_pid != os.getpid():
            return  # taken by the parent before a fork: the lock and the turn are its
        try:
            fcntl.flock(self._writers_file, fcntl.LOCK_UN)
        finally:
            _queue_turn.release()

    def _start_transaction_under_autocommit(self) -> None:
        self.writers_lock_acquire()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self.writers_lock_release()
            raise

    def _commit(self) -> Any:
        try:
            return super()._commit()  # type: ignore[misc]
        finally:
            self.writers_lock_release()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]
        finally:
            self.writers_lock_release()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]
        finally:
            self.writers_lock_release()
            if self._writers_file is not None and self._writers_pid == os.getpid():
                os.close(self._writers_file)
            self._writers_file = None
