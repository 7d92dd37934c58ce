"""The fetcher: forbidden addresses refused before any packet, caps on size and time."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from broadsheet.wire import fetch as fetch_module
from broadsheet.wire.fetch import (
    BlockedAddress,
    FetchError,
    TooLarge,
    TooSlow,
    address_refusal,
    fetch,
)
from tests.wire.conftest import Answer

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # the cloud metadata address
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104 - an address refused, not one bound
        "fe80::1",
        "fc00::1",
        "::ffff:10.0.0.1",  # IPv4-mapped
        "::ffff:169.254.169.254",
        "::10.0.0.1",  # IPv4-compatible
        "2002:a00:1::",  # 6to4 of 10.0.0.1
        "fd00:ec2::254",
        "224.0.0.1",
    ],
)
def test_forbidden_addresses_are_refused(address):
    assert address_refusal(address)


def test_loopback_is_refused_unless_the_test_setting_admits_it(settings):
    assert address_refusal("127.0.0.1") is None
    settings.WIRE_ALLOW_LOOPBACK = False
    assert address_refusal("127.0.0.1")
    assert address_refusal("::ffff:127.0.0.1")
    assert address_refusal("::1")
    assert address_refusal("93.184.216.34") is None


def test_loopback_setting_is_ignored_outside_tests_and_debug(settings, monkeypatch):
    monkeypatch.delenv("PYTEST_CURRENT_TEST")
    settings.DEBUG = False
    assert address_refusal("127.0.0.1")


def test_production_settings_refuse_the_loopback_setting(tmp_path):
    env = {
        **os.environ,
        "BROADSHEET_WIRE_ALLOW_LOOPBACK": "1",
        "BROADSHEET_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "broadsheet.settings",
    }
    env.pop("DEBUG", None)
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode != 0
    assert "BROADSHEET_WIRE_ALLOW_LOOPBACK" in run.stderr
    env["DEBUG"] = "1"
    ok = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, check=False
    )
    assert ok.returncode == 0


def test_numeric_tricks_resolve_to_what_they_are(settings, _offline):
    settings.WIRE_ALLOW_LOOPBACK = False
    for url in ("http://2130706433/", "http://0x7f.1/", "http://127.1/", "http://localhost/"):
        with pytest.raises(BlockedAddress):
            fetch(url)
    assert _offline == []  # refused after resolving, before any connect


def test_redirect_to_a_private_address_is_blocked_before_any_packet(web, _offline):
    web.routes["/feed"] = Answer(302, headers={"Location": "http://10.0.0.7/feed"})
    with pytest.raises(BlockedAddress, match=r"10\.0\.0\.7"):
        fetch(f"{web.url}/feed")
    assert all(address[0] == "127.0.0.1" for address in _offline)
    assert len(_offline) == 1


def test_redirect_to_an_ipv4_mapped_private_address_is_blocked(web, _offline):
    web.routes["/feed"] = Answer(301, headers={"Location": "http://[::ffff:192.168.0.1]:8080/"})
    with pytest.raises(BlockedAddress, match=r"192\.168\.0\.1"):
        fetch(f"{web.url}/feed")
    assert len(_offline) == 1


def test_peer_address_is_checked_after_connecting(monkeypatch, web):
    """Even if resolution were fooled, the connected peer is checked again."""
    checked: list[str] = []
    real = fetch_module.address_refusal

    def spy(address: str) -> str | None:
        checked.append(address)
        return real(address)

    monkeypatch.setattr(fetch_module, "address_refusal", spy)
    web.routes["/x"] = Answer(200, b"ok")
    assert fetch(f"{web.url}/x").body == b"ok"
    assert checked == ["127.0.0.1", "127.0.0.1"]  # resolved, then connected


def test_redirects_are_capped_and_permanent_moves_reported(web):
    web.routes["/a"] = Answer(301, headers={"Location": "/b"})
    web.routes["/b"] = Answer(308, headers={"Location": "/c"})
    web.routes["/c"] = Answer(200, b"here")
    response = fetch(f"{web.url}/a")
    assert response.body == b"here" and response.moved_to == f"{web.url}/c"
    web.routes["/t"] = Answer(302, headers={"Location": "/c"})
    assert fetch(f"{web.url}/t").moved_to == ""
    web.routes["/loop"] = Answer(302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="redirects"):
        fetch(f"{web.url}/loop")


def test_only_http_is_fetched(web):
    web.routes["/f"] = Answer(302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError, match="only http"):
        fetch(f"{web.url}/f")


def test_huge_bodies_are_cut_off(web):
    web.routes["/big"] = Answer(200, b"x" * 300_000)
    with pytest.raises(TooLarge):
        fetch(f"{web.url}/big", max_bytes=100_000)


def test_huge_bodies_without_length_are_cut_off(web):
    def chunked(handler):
        return Answer(200, b"y" * 300_000, headers={"Content-Length": "300000"})

    web.routes["/big"] = chunked
    with pytest.raises(TooLarge):
        fetch(f"{web.url}/big", max_bytes=100_000)


def test_decompression_bombs_are_cut_off(web):
    bomb = gzip.compress(b"\0" * 50_000_000)
    assert len(bomb) < 100_000
    web.routes["/bomb"] = Answer(200, bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(TooLarge, match="after decoding"):
        fetch(f"{web.url}/bomb", max_bytes=1_000_000)


def test_gzip_bodies_are_decoded(web):
    web.routes["/z"] = Answer(
        200, gzip.compress(b"hello" * 10), headers={"Content-Encoding": "gzip"}
    )
    assert fetch(f"{web.url}/z").body == b"hello" * 10


def test_slow_bodies_are_cut_off_at_the_time_cap(web):
    web.routes["/slow"] = Answer(200, b"z" * 4000, trickle=0.05)
    started = time.monotonic()
    with pytest.raises(TooSlow):
        fetch(f"{web.url}/slow", max_seconds=1.0)
    assert time.monotonic() - started < 3


def test_host_spacing_waits_between_requests():
    spacing = fetch_module.HostSpacing()
    started = time.monotonic()
    spacing.wait("a.example", 0.2)
    spacing.wait("b.example", 0.2)
    spacing.wait("a.example", 0.2)
    assert 0.18 < time.monotonic() - started < 1
