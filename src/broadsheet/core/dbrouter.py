"""Reads to the PostgreSQL replica where a little lag is harmless; everything else to the primary.

Installed by settings.py only when DATABASE_REPLICA_URL is set: without it there is one
database and nothing here runs.

The replica follows the primary asynchronously (streaming replication, usually a few
milliseconds behind), so a read goes to it only when nobody can tell: inside an
anonymous GET or HEAD of a public page (`PrimaryPinMiddleware` decides). Everything else
reads from the primary: management commands and background threads (the default), the
desk, POSTs, any request carrying a session (staff) or the short-lived cookie set after a
POST (a reader who just commented sees their own comment), any read inside
`transaction.atomic` on the primary, and the rest of a request after its first write.
A replica that stops answering is skipped for a few seconds: reads fall back to the
primary instead of failing. Migrations run only on the primary.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("broadsheet.dbrouter")

REPLICA = "replica"
# Set on the response to a POST: the reader's next requests read from the primary for
# this long, far above any replication lag worth the name.
PIN_COOKIE = "broadsheet_primary"
PIN_SECONDS = 10
# After a failed connection the replica is left alone this long.
RETRY_SECONDS = 5.0
SAFE_METHODS = frozenset({"GET", "HEAD"})

_use_replica: ContextVar[bool] = ContextVar("broadsheet_use_replica", default=False)
_down_until = 0.0
_down_lock = threading.Lock()


def replica_available() -> bool:
    """True when the replica answers; marks it down for RETRY_SECONDS when it does not.

    Connecting happens once per process (connections are persistent); later calls cost a
    dictionary look-up, plus Django's health check once per request.
    """
    global _down_until
    if time.monotonic() < _down_until:
        return False
    connection = connections[REPLICA]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as exc:
        with _down_lock:
            first = time.monotonic() >= _down_until
            _down_until = time.monotonic() + RETRY_SECONDS
        if first:
            logger.warning(
                "Database replica unreachable (%s): reading from the primary for %.0f s.",
                exc,
                RETRY_SECONDS,
            )
        return False
    return True


class PrimaryReplicaRouter:
    """Django database router: see the module docstring for which reads go where."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        if (
            _use_replica.get()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
            and replica_available()
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str:
        # The rest of this request reads what it wrote.
        _use_replica.set(False)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def request_may_read_replica(request: HttpRequest) -> bool:
    """True for an anonymous reader's GET/HEAD of a public page who has not just posted."""
    return (
        request.method in SAFE_METHODS
        and not _desk_path(request.path_info)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and PIN_COOKIE not in request.COOKIES
    )


def _desk_path(path: str) -> bool:
    languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    return re.match(rf"^/(?:(?:{languages})/)?desk/", path) is not None


class PrimaryPinMiddleware:
    """Decide per request whether its reads may go to the replica (first in MIDDLEWARE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _use_replica.set(request_may_read_replica(request))
        try:
            response = self.get_response(request)
        finally:
            _use_replica.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def replica_catch_up(*, timeout: float = 1.0) -> bool:
    """Wait until the replica has replayed everything committed on the primary so far.

    Call it after a commit and before dropping cached pages: a page re-rendered from a
    replica that is a few milliseconds behind would otherwise be cached stale until the
    next change. Returns True at once when there is no replica (or it is the primary
    itself, as in tests); False when it did not catch up within `timeout` seconds or
    could not be asked. Never raises.
    """
    if REPLICA not in settings.DATABASES:
        return True
    primary, replica = connections[DEFAULT_DB_ALIAS], connections[REPLICA]
    if primary.vendor != "postgresql":
        return True
    if not replica_available():
        return False
    deadline = time.monotonic() + timeout
    try:
        with primary.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            target = cursor.fetchone()[0]
        with replica.cursor() as cursor:
            while True:
                cursor.execute(
                    "SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= %s::pg_lsn",
                    [target],
                )
                if cursor.fetchone()[0]:
                    return True
                if time.monotonic() >= deadline:
                    logger.warning("Database replica still behind after %.1f s.", timeout)
                    return False
                time.sleep(0.005)
    except DatabaseError as exc:
        logger.warning("Could not compare the replica with the primary: %s", exc)
        return False
