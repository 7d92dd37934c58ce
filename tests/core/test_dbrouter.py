"""Read replica routing: anonymous public reads to the replica, the rest to the primary.

In these tests the `replica` alias is a second real connection to the test database
(Django's TEST MIRROR), so which connection ran a query tells where the router sent it.
The tests are transactional: a mirror connection cannot see the rows of another
connection's open transaction, exactly like a real replica.
"""

from __future__ import annotations

import copy
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.test.utils import CaptureQueriesContext

from broadsheet.core import dbrouter
from broadsheet.news.models import Article
from tests.support import factories

ROUTER = "broadsheet.core.dbrouter.PrimaryReplicaRouter"
MIDDLEWARE = "broadsheet.core.dbrouter.PrimaryPinMiddleware"


MIRROR = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, dbrouter.REPLICA])


def replica_settings(**overrides: object) -> dict:
    alias = copy.deepcopy(connections[DEFAULT_DB_ALIAS].settings_dict)
    alias["TEST"] = {**alias["TEST"], "MIRROR": DEFAULT_DB_ALIAS}
    alias.update(overrides)
    return alias


def replica_alias_set(alias: dict) -> None:
    if dbrouter.REPLICA in connections.settings:
        connections[dbrouter.REPLICA].close()
        del connections[dbrouter.REPLICA]
    connections.settings[dbrouter.REPLICA] = alias  # the same dict as settings.DATABASES


@pytest.fixture(scope="module")
def replica_alias(django_db_setup) -> Iterator[None]:
    """A `replica` alias mirroring the test database, for this module only.

    It must exist before each test's database set-up (which checks its aliases), hence a
    module fixture after the session's test databases, removed when the module is done.
    """
    replica_alias_set(replica_settings())
    yield
    connections[dbrouter.REPLICA].close()
    del connections[dbrouter.REPLICA]
    del connections.settings[dbrouter.REPLICA]


@pytest.fixture
def replica(replica_alias, settings) -> Iterator[None]:
    """The router and its middleware installed, as DATABASE_REPLICA_URL does."""
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.MIDDLEWARE = [MIDDLEWARE, *settings.MIDDLEWARE]
    dbrouter._down_until = 0.0
    yield
    dbrouter._down_until = 0.0


class Queries:
    """Queries each connection ran inside the block."""

    def __enter__(self) -> Queries:
        self.primary = CaptureQueriesContext(connections[DEFAULT_DB_ALIAS])
        self.replica = CaptureQueriesContext(connections[dbrouter.REPLICA])
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)


def public_article() -> Article:
    return factories.article(
        section_obj=factories.section(name="Replica desk", slug=f"replica-{os.getpid()}"),
        tags=["Replication"],
    )


@MIRROR
def test_anonymous_public_pages_read_from_the_replica(client, replica):
    story = public_article()
    for path in (story.get_absolute_url(), f"/section/{story.section.slug}/", "/uk/latest/"):
        with Queries() as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        assert len(queries.replica) > 0, path
        assert len(queries.primary) == 0, (path, [q["sql"] for q in queries.primary])
    assert dbrouter.PIN_COOKIE not in response.cookies  # only a write pins a reader


@MIRROR
def test_desk_requests_read_from_the_primary(client, replica):
    editor = factories.user_with_role("Editor")
    story = public_article()
    client.force_login(editor)
    for path in ("/desk/", f"/desk/news/article/{story.pk}/change/", "/uk/desk/"):
        with Queries() as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        assert len(queries.primary) > 0, path
        assert len(queries.replica) == 0, path


@MIRROR
def test_a_signed_in_editor_reads_public_pages_from_the_primary(client, replica):
    story = public_article()
    client.force_login(factories.user_with_role("Editor"))
    with Queries() as queries:
        assert client.get(story.get_absolute_url()).status_code == 200
    assert len(queries.primary) > 0
    assert len(queries.replica) == 0


@MIRROR
def test_a_post_reads_from_the_primary_and_pins_the_reader_for_a_while(client, replica):
    story = public_article()
    with Queries() as queries:
        response = client.post(f"/comments/post/{story.pk}/", {"text": ""})
    assert response.status_code < 500
    assert len(queries.primary) > 0
    assert len(queries.replica) == 0
    pin = response.cookies[dbrouter.PIN_COOKIE]
    assert int(pin["max-age"]) == dbrouter.PIN_SECONDS
    assert pin["httponly"]

    # The reader's next page reads their own writes; once the cookie expires, the replica.
    with Queries() as queries:
        assert client.get(story.get_absolute_url()).status_code == 200
    assert len(queries.replica) == 0
    del client.cookies[dbrouter.PIN_COOKIE]
    with Queries() as queries:
        assert client.get(story.get_absolute_url()).status_code == 200
    assert len(queries.replica) > 0


@MIRROR
def test_reads_in_atomic_blocks_and_after_a_write_use_the_primary(replica):
    token = dbrouter._use_replica.set(True)  # as the middleware does for a reader's GET
    try:
        assert router.db_for_read(Article) == dbrouter.REPLICA
        with transaction.atomic():
            assert router.db_for_read(Article) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Article) == dbrouter.REPLICA
        assert router.db_for_write(Article) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Article) == DEFAULT_DB_ALIAS
    finally:
        dbrouter._use_replica.reset(token)


@MIRROR
def test_reads_outside_a_request_use_the_primary(replica):
    """Management commands and background threads never see a lagging copy."""
    assert router.db_for_read(Article) == DEFAULT_DB_ALIAS
    with Queries() as queries:
        list(Article.objects.all())
    assert len(queries.replica) == 0


@MIRROR
def test_migrations_run_only_on_the_primary(replica):
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "news", model_name="article")
    assert not router.allow_migrate(dbrouter.REPLICA, "news", model_name="article")


@MIRROR
def test_reads_fall_back_to_the_primary_while_the_replica_is_down(client, replica, caplog):
    story = public_article()
    working = connections.settings[dbrouter.REPLICA]
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        replica_alias_set(replica_settings(HOST="127.0.0.1", PORT=str(closed_port())))
    else:
        replica_alias_set(replica_settings(NAME="/nonexistent-broadsheet-dir/replica.sqlite3"))
    try:
        with caplog.at_level(logging.WARNING, logger="broadsheet.dbrouter"):
            first = client.get(story.get_absolute_url())
            second = client.get(f"/section/{story.section.slug}/")
    finally:
        replica_alias_set(working)
    assert first.status_code == 200
    assert second.status_code == 200
    assert caplog.text.count("replica unreachable") == 1  # logged once, then skipped


@MIRROR
def test_replica_catch_up_is_immediate_when_the_replica_is_the_primary(replica):
    assert dbrouter.replica_catch_up(timeout=0.1) is True


def closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- settings: the alias, the router and the middleware exist only when asked for ------

ROOT = Path(__file__).resolve().parents[2]


def settings_of(tmp_path: Path, expression: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL", "DEBUG"}
    }
    environment.update({"BROADSHEET_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-c", f"import broadsheet.settings as s; print({expression})"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_a_replica_url_nothing_is_routed(tmp_path):
    shown = settings_of(
        tmp_path,
        f"sorted(s.DATABASES), getattr(s, 'DATABASE_ROUTERS', []), {MIDDLEWARE!r} in s.MIDDLEWARE",
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/db",
    )
    assert shown.stdout.strip() == "['default'] [] False"


def test_a_replica_url_adds_a_mirrored_alias_the_router_and_the_pin(tmp_path):
    shown = settings_of(
        tmp_path,
        "s.DATABASES['replica']['PORT'], s.DATABASES['replica']['TEST']['MIRROR'], "
        "s.DATABASE_ROUTERS, s.MIDDLEWARE[0]",
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/db",
        DATABASE_REPLICA_URL="postgres://u:p@127.0.0.1:5433/db",
    )
    assert shown.stdout.strip() == f"5433 default {[ROUTER]} {MIDDLEWARE}"


def test_a_replica_without_a_primary_url_is_refused(tmp_path):
    shown = settings_of(
        tmp_path, "s.DATABASES", DATABASE_REPLICA_URL="postgres://u:p@127.0.0.1:5433/db"
    )
    assert shown.returncode != 0
    assert "DATABASE_REPLICA_URL needs DATABASE_URL" in shown.stderr
