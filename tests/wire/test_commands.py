"""`broadsheet wire …`: each subcommand on real files and the loopback server."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from broadsheet.wire.models import Item, Source
from tests.wire.conftest import Answer
from tests.wire.helpers import serve_outlet
from tests.wire.stories import BRIDGE_UK, HARVEST_RU, LIBRARY_EN, page_html, rss2


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("wire", *args, stdout=out)
    return out.getvalue()


def test_parse_a_file_reports_encoding_items_and_problems(tmp_path):
    feed = tmp_path / "feed.xml"
    text = rss2([(HARVEST_RU, "http://outlet.example/u")]).replace(' encoding="utf-8"', "")
    feed.write_bytes(text.replace("«", '"').replace("»", '"').replace("—", "-").encode("koi8-r"))
    data = json.loads(run("parse", str(feed), "--json"))
    assert data["encoding"] == "koi8-r"
    [item] = data["items"]
    assert item["title"] == HARVEST_RU.title and item["key"] == "guid:urozhai"
    assert item["date"] == "2026-12-06T11:00:00+00:00" and item["content_length"] > 500
    assert any("read as koi8-r" in p for p in data["problems"])
    assert HARVEST_RU.title in run("parse", str(feed))


def test_extract_a_file_with_its_url(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(page_html(BRIDGE_UK, url="https://outlet.example/mist"), encoding="utf-8")
    data = json.loads(run("extract", str(page), "--url", "https://outlet.example/mist", "--json"))
    assert data["title"] == BRIDGE_UK.title
    assert data["byline"] == BRIDGE_UK.author
    assert data["date"] == "2026-12-07"
    assert data["image"] == "https://outlet.example/images/lead.jpg"
    assert "сто років служби" in data["text"] and "Most read" not in data["text"]


def test_extract_a_url_through_the_safe_fetcher(web):
    web.routes["/p"] = Answer(200, page_html(LIBRARY_EN, url=f"{web.url}/p").encode())
    assert LIBRARY_EN.title in run("extract", f"{web.url}/p")


@pytest.mark.django_db
def test_add_source_poll_once_items_and_sources(web):
    feed = serve_outlet(web, "o", [LIBRARY_EN, HARVEST_RU])
    added = json.loads(run("add-source", "Outlet", f"{web.url}/o/", "--feed", feed, "--json"))
    assert Source.objects.get(pk=added["id"]).feed_url == feed
    polled = json.loads(run("poll", "--once", "--json"))
    assert polled[0]["new"] == 2 and polled[0]["outcome"] == "ok"
    items = json.loads(run("items", "--json"))
    assert {i["language"] for i in items} == {"en", "ru"}
    sources = json.loads(run("sources", "--json"))
    assert sources[0]["items_24h"] == 2 and sources[0]["status"] == "active"
    assert "Outlet" in run("sources")
    again = json.loads(run("poll", "--source", str(added["id"]), "--json"))
    assert again[0]["new"] == 0


@pytest.mark.django_db
def test_prune_is_a_dry_run_unless_told(web):
    feed = serve_outlet(web, "o", [LIBRARY_EN])
    run("add-source", "Outlet", f"{web.url}/o/", "--feed", feed)
    run("poll", "--once")
    Item.objects.update(first_seen_at=timezone.now() - dt.timedelta(days=90))
    assert "1 item(s) would be deleted" in run("prune", "--older-than", "30")
    assert Item.objects.count() == 1
    assert "1 item(s) deleted" in run("prune", "--older-than", "30", "--no-dry-run")
    assert Item.objects.count() == 0
