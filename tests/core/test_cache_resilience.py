"""The Redis cache of the scale mode, and what happens while Redis is down."""

from __future__ import annotations

import logging
import os
import socket

import pytest
from django.core.cache import caches
from django.test import override_settings

from broadsheet.core.cache import ResilientRedisCache
from tests.support import factories


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again when the block ends


def test_unreachable_redis_behaves_like_a_miss_and_logs_once(caplog):
    cache = ResilientRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    with caplog.at_level(logging.WARNING, logger="broadsheet.cache"):
        cache.set("k", "v")
        assert cache.get("k", "fallback") == "fallback"
        assert cache.add("k", "v") is False
        assert cache.incr("hits") == 1
        cache.delete("k")
    warnings = [r for r in caplog.records if "Redis is unreachable" in r.getMessage()]
    assert len(warnings) == 1


@pytest.mark.django_db
def test_site_keeps_serving_while_redis_is_down(client, caplog):
    article = factories.article()
    down = {
        "default": {
            "BACKEND": "broadsheet.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    with override_settings(CACHES=down), caplog.at_level(logging.WARNING):
        assert isinstance(caches["default"], ResilientRedisCache)
        assert client.get("/").status_code == 200
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="scale mode only (bin/test runs it)")
def test_scale_mode_cache_is_the_shared_redis():
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    cache.set("broadsheet-test", "shared", 30)
    other = ResilientRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "broadsheet"})
    assert other.get("broadsheet-test") == "shared"
