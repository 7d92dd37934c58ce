"""A poll of a source: the whole pipeline against a real HTTP server on loopback."""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest
from django.utils import timezone

from broadsheet.wire import pipeline, selectors, services
from broadsheet.wire.models import Item, ItemRevision, Poll, Source
from tests.wire.conftest import Answer
from tests.wire.helpers import add_source, serve_outlet
from tests.wire.stories import (
    BRIDGE_UK,
    BRIDGE_UK_OTHER,
    HARVEST_RU,
    LIBRARY_EN,
    STORIES,
    page_html,
    rss2,
)

pytestmark = pytest.mark.django_db


def poll(source: Source) -> Poll:
    source.refresh_from_db()
    return pipeline.source_poll(source=source).poll


def test_poll_makes_items_with_extracted_text_language_and_credit(web):
    source = add_source(serve_outlet(web, "o", list(STORIES)), name="Поділля сьогодні")
    result = poll(source)
    assert result.outcome == Poll.Outcome.OK and result.items_new == 3
    items = {item.title: item for item in Item.objects.all()}
    bridge = items[BRIDGE_UK.title]
    assert bridge.language == "uk"
    assert items[HARVEST_RU.title].language == "ru"
    assert items[LIBRARY_EN.title].language == "en"
    assert "розрахована на сто років" in bridge.text
    assert "Most read" not in bridge.text and "All rights reserved" not in bridge.text
    assert bridge.text.count("<p>") >= 4
    assert bridge.byline == BRIDGE_UK.author
    assert bridge.canonical_url == f"{web.url}/o/mist"
    assert bridge.lead_image_url == f"{web.url}/o/mist/lead.jpg"
    assert bridge.image_credit == "Поділля сьогодні"
    assert bridge.published_at == dt.datetime(2026, 12, 7, 7, 30, tzinfo=dt.UTC)
    assert bridge.extraction_quality > 0.3
    source.refresh_from_db()
    assert source.last_new_item_at is not None and source.failures == 0


def test_second_poll_is_conditional_and_304_changes_nothing(web):
    feed = serve_outlet(
        web, "o", [BRIDGE_UK], ETag='"v1"', **{"Last-Modified": "Mon, 07 Dec 2026 08:00:00 GMT"}
    )
    source = add_source(feed)
    poll(source)

    def conditional(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return Answer(304, b"")
        return Answer(500, b"asked without the ETag")

    web.routes["/o/feed"] = conditional
    second = poll(source)
    assert second.outcome == Poll.Outcome.NOT_MODIFIED
    headers = web.requests[-1][1]
    assert headers["if-modified-since"] == "Mon, 07 Dec 2026 08:00:00 GMT"
    assert Item.objects.count() == 1
    assert Poll.objects.filter(source=source).count() == 2


def test_429_with_retry_after_waits_at_least_as_asked(web):
    web.routes["/o/feed"] = Answer(429, b"slow down", {"Retry-After": "7200"})
    source = add_source(f"{web.url}/o/feed", poll_interval=300)
    result = poll(source)
    source.refresh_from_db()
    assert result.outcome == Poll.Outcome.ERROR and result.status_code == 429
    assert source.next_poll_at >= timezone.now() + dt.timedelta(seconds=7100)
    assert source.status == Source.Status.ACTIVE


def test_5xx_backs_off_exponentially_with_jitter(web):
    web.routes["/o/feed"] = Answer(503, b"down")
    source = add_source(f"{web.url}/o/feed", poll_interval=600)
    waits = []
    for _ in range(3):
        before = timezone.now()
        poll(source)
        source.refresh_from_db()
        waits.append((source.next_poll_at - before).total_seconds())
    assert source.failures == 3
    assert 290 <= waits[0] <= 610 and 590 <= waits[1] <= 1210 and 1190 <= waits[2] <= 2410
    assert "503" in source.last_error


def test_backoff_is_capped_and_jittered():
    rng = random.Random(1)
    delays = {round(pipeline.backoff_delay(interval=900, failures=4, rng=rng)) for _ in range(20)}
    assert len(delays) > 10 and all(3600 <= d <= 7200 for d in delays)
    assert pipeline.backoff_delay(interval=900, failures=40) <= 24 * 3600


def test_410_pauses_the_source_with_the_reason(web):
    web.routes["/o/feed"] = Answer(410, b"gone")
    source = add_source(f"{web.url}/o/feed")
    assert poll(source).outcome == Poll.Outcome.GONE
    source.refresh_from_db()
    assert source.status == Source.Status.PAUSED and "410" in source.paused_reason
    assert poll(source).outcome == Poll.Outcome.ERROR  # a paused source is not fetched
    assert web.paths_requested().count("/o/feed") == 1


def test_permanent_redirect_updates_the_stored_feed_url(web):
    serve_outlet(web, "new", [LIBRARY_EN])
    web.routes["/old/feed"] = Answer(301, headers={"Location": "/new/feed"})
    source = add_source(f"{web.url}/old/feed")
    assert poll(source).items_new == 1
    source.refresh_from_db()
    assert source.feed_url == f"{web.url}/new/feed"


def test_temporary_redirect_keeps_the_stored_feed_url(web):
    serve_outlet(web, "new", [LIBRARY_EN])
    web.routes["/old/feed"] = Answer(302, headers={"Location": "/new/feed"})
    source = add_source(f"{web.url}/old/feed")
    poll(source)
    source.refresh_from_db()
    assert source.feed_url == f"{web.url}/old/feed"


def test_blocked_address_pauses_the_source(web, settings):
    web.routes["/o/feed"] = Answer(302, headers={"Location": "http://169.254.169.254/latest"})
    source = add_source(f"{web.url}/o/feed")
    assert poll(source).outcome == Poll.Outcome.BLOCKED
    source.refresh_from_db()
    assert source.status == Source.Status.PAUSED and "169.254.169.254" in source.paused_reason


def test_robots_disallowing_the_feed_is_obeyed(web):
    serve_outlet(web, "o", [LIBRARY_EN])
    web.routes["/robots.txt"] = Answer(200, b"User-agent: *\nDisallow: /o/\n")
    source = add_source(f"{web.url}/o/feed")
    result = poll(source)
    assert result.outcome == Poll.Outcome.ROBOTS
    assert "/o/feed" not in web.paths_requested()


def test_robots_wildcards_keep_pages_out_and_the_feed_text_is_used(web):
    serve_outlet(web, "o", [LIBRARY_EN])
    web.routes["/robots.txt"] = Answer(200, b"User-agent: *\nDisallow: /o/*ry$\nAllow: /o/feed\n")
    source = add_source(f"{web.url}/o/feed")
    assert poll(source).items_new == 1
    assert "/o/library" not in web.paths_requested()
    assert "night opening" in Item.objects.get().text  # from content:encoded


def test_robots_crawl_delay_spaces_requests_to_the_host(web):
    serve_outlet(web, "o", [LIBRARY_EN])
    web.routes["/robots.txt"] = Answer(200, b"User-agent: *\nCrawl-delay: 0.6\n")
    source = add_source(f"{web.url}/o/feed")
    started = time.monotonic()
    poll(source)
    assert time.monotonic() - started >= 0.6
    assert web.paths_requested()[-2:] == ["/o/feed", "/o/library"]


def test_robots_server_errors_disallow_everything(web):
    serve_outlet(web, "o", [LIBRARY_EN])
    web.routes["/robots.txt"] = Answer(503, b"")
    source = add_source(f"{web.url}/o/feed")
    assert poll(source).outcome == Poll.Outcome.ROBOTS


def test_a_reused_guid_on_a_new_story_makes_a_new_item(web):
    feed = serve_outlet(web, "o", [LIBRARY_EN])
    source = add_source(feed, fetch_full_text=False)
    poll(source)
    reused = rss2([(HARVEST_RU, f"{web.url}/o/urozhai")]).replace(
        '<guid isPermaLink="false">urozhai</guid>', '<guid isPermaLink="false">library</guid>'
    )
    web.routes["/o/feed"] = Answer(200, reused.encode())
    assert poll(source).items_new == 1
    assert sorted(Item.objects.values_list("title", flat=True)) == sorted(
        [LIBRARY_EN.title, HARVEST_RU.title]
    )


def test_a_story_changed_at_its_source_keeps_its_revision(web):
    feed = serve_outlet(web, "o", [LIBRARY_EN])
    source = add_source(feed)
    poll(source)
    item = Item.objects.get()
    changed = LIBRARY_EN.__class__(
        **{**LIBRARY_EN.__dict__, "title": "Town library stays open at night all winter"}
    )
    url = f"{web.url}/o/library"
    web.routes["/o/library"] = Answer(200, page_html(changed, url=url).encode())
    web.routes["/o/feed"] = Answer(200, rss2([(changed, url)]).encode())
    result = poll(source)
    assert result.items_updated == 1 and result.items_new == 0
    item.refresh_from_db()
    assert item.title == changed.title
    revision = ItemRevision.objects.get(item=item)
    assert revision.title == LIBRARY_EN.title and "title" in revision.changed


def test_the_same_story_twice_is_one_item(web):
    feed = serve_outlet(web, "o", [LIBRARY_EN])
    first = add_source(feed, name="First")
    second = add_source(feed, name="Second")
    poll(first)
    assert poll(second).items_new == 0
    assert Item.objects.count() == 1


def test_near_duplicates_across_sources_form_a_cluster(web):
    a = add_source(serve_outlet(web, "a", [BRIDGE_UK, LIBRARY_EN]), name="A")
    b = add_source(serve_outlet(web, "b", [BRIDGE_UK_OTHER, HARVEST_RU]), name="B")
    poll(a)
    poll(b)
    first = Item.objects.get(title=BRIDGE_UK.title)
    other = Item.objects.get(title=BRIDGE_UK_OTHER.title)
    assert first.cluster_id is not None and first.cluster_id == other.cluster_id
    assert Item.objects.get(title=HARVEST_RU.title).cluster_id is None
    assert Item.objects.get(title=LIBRARY_EN.title).cluster_id is None
    queue = {
        item.title: item for item in selectors.item_list_queue(filters=selectors.QueueFilters())
    }
    assert queue[BRIDGE_UK.title].other_sources == 1
    assert queue[LIBRARY_EN.title].other_sources == 0


def test_ill_formed_feed_still_gives_its_items_and_the_poll_records_why(web):
    pairs = [(s, f"{web.url}/o/{s.slug}") for s in STORIES]
    broken = rss2(pairs).replace("</description>", "</descripton>", 1)
    web.routes["/o/feed"] = Answer(200, broken.encode())
    source = add_source(f"{web.url}/o/feed", fetch_full_text=False)
    result = poll(source)
    assert result.items_new == 3
    assert any("ill-formed" in problem for problem in result.problems)


def test_every_poll_is_logged(web):
    web.routes["/o/feed"] = Answer(500, b"")
    source = add_source(f"{web.url}/o/feed")
    poll(source)
    logged = Poll.objects.get(source=source)
    assert logged.status_code == 500 and logged.error and logged.duration_ms >= 0


def test_feed_is_discovered_from_the_homepage(web):
    serve_outlet(web, "o", [LIBRARY_EN])
    web.routes["/o/"] = Answer(
        200,
        b'<html><head><link rel="alternate" type="application/rss+xml" href="/o/feed">'
        b"</head><body>Home</body></html>",
    )
    source = services.source_add(name="Found", homepage=f"{web.url}/o/")
    assert source.feed_url == f"{web.url}/o/feed"


def test_claimed_sources_are_not_due_again_while_polled(web):
    source = add_source(f"{web.url}/o/feed")
    assert [s.pk for s in pipeline.sources_claim_due()] == [source.pk]
    assert pipeline.sources_claim_due() == []


def test_a_feed_on_a_private_address_is_blocked_and_paused_without_a_packet(_offline):
    source = add_source("http://10.20.30.40/feed")
    assert poll(source).outcome == Poll.Outcome.BLOCKED
    source.refresh_from_db()
    assert source.status == Source.Status.PAUSED and "10.20.30.40" in source.paused_reason
    assert _offline == []


def test_an_entry_linking_to_a_private_address_keeps_the_feed_text(web, _offline):
    pairs = [(LIBRARY_EN, "http://192.168.1.10/library")]
    web.routes["/o/feed"] = Answer(200, rss2(pairs).encode())
    source = add_source(f"{web.url}/o/feed")
    assert poll(source).items_new == 1
    assert "night opening" in Item.objects.get().text
    assert all(address[0] == "127.0.0.1" for address in _offline)


def test_a_page_failing_on_a_later_poll_does_not_replace_the_full_text(web):
    feed = serve_outlet(web, "o", [LIBRARY_EN])
    source = add_source(feed)
    poll(source)
    full = Item.objects.get().text
    changed = LIBRARY_EN.__class__(**{**LIBRARY_EN.__dict__, "title": "Library open at night"})
    url = f"{web.url}/o/library"
    web.routes["/o/library"] = Answer(503, b"")
    web.routes["/o/feed"] = Answer(
        200,
        rss2([(changed, url)])
        .replace("<content:encoded>", "<x>")
        .replace("</content:encoded>", "</x>")
        .encode(),
    )
    assert poll(source).items_updated == 1
    item = Item.objects.get()
    assert item.title == "Library open at night" and item.text == full
    assert ItemRevision.objects.get().changed == ["title"]


def test_a_long_crawl_delay_means_no_page_fetches_and_a_longer_interval(web):
    serve_outlet(web, "o", [LIBRARY_EN])
    web.routes["/robots.txt"] = Answer(200, b"User-agent: *\nCrawl-delay: 3600\n")
    source = add_source(f"{web.url}/o/feed", poll_interval=900)
    started = time.monotonic()
    assert poll(source).items_new == 1
    assert time.monotonic() - started < 5
    assert "/o/library" not in web.paths_requested()
    source.refresh_from_db()
    assert source.next_poll_at >= timezone.now() + dt.timedelta(seconds=3500)


def test_a_page_instead_of_a_feed_is_reported_in_the_sources_last_error(web):
    web.routes["/o/feed"] = Answer(200, b"<html><body><p>Welcome</p></body></html>")
    source = add_source(f"{web.url}/o/feed")
    assert poll(source).items_new == 0
    source.refresh_from_db()
    assert "not a feed" in source.last_error or "ill-formed" in source.last_error


def test_an_entry_without_a_date_takes_its_pages(web):
    pairs = [(LIBRARY_EN, f"{web.url}/o/library")]
    serve_outlet(web, "o", [LIBRARY_EN])
    undated = rss2(pairs)
    start = undated.index("<pubDate>")
    undated = undated[:start] + undated[undated.index("</pubDate>") + len("</pubDate>") :]
    web.routes["/o/feed"] = Answer(200, undated.encode())
    source = add_source(f"{web.url}/o/feed")
    poll(source)
    assert Item.objects.get().published_at == dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC)


def test_links_that_are_not_web_addresses_never_reach_an_href(web):
    good = f"{web.url}/o/library"
    page = page_html(LIBRARY_EN, url="javascript:alert(1)", image="data:image/svg+xml,<svg/>")
    web.routes["/o/library"] = Answer(200, page.encode())
    feed = rss2([(LIBRARY_EN, good), (HARVEST_RU, "javascript:alert(2)")])
    feed = feed.replace(f'url="{good}/lead.jpg"', 'url="javascript:alert(3)"')
    web.routes["/o/feed"] = Answer(200, feed.encode())
    source = add_source(f"{web.url}/o/feed")
    poll(source)
    for item in Item.objects.all():
        for value in (item.url, item.canonical_url, item.lead_image_url):
            assert value == "" or value.startswith("http"), value
    assert Item.objects.get(title=LIBRARY_EN.title).canonical_url == good


def test_retry_after_as_an_http_date_or_seconds():
    now = dt.datetime(2026, 12, 8, 10, 0, tzinfo=dt.UTC)
    assert pipeline.retry_after_seconds("120", now=now) == 120
    assert pipeline.retry_after_seconds("Tue, 08 Dec 2026 10:30:00 GMT", now=now) == 1800
    assert pipeline.retry_after_seconds("Tue, 08 Dec 2026 09:00:00 GMT", now=now) == 0
    assert pipeline.retry_after_seconds("soon", now=now) is None


def test_503_with_a_retry_after_date_is_honoured(web):
    later = (timezone.now() + dt.timedelta(hours=3)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    web.routes["/o/feed"] = Answer(503, b"", {"Retry-After": later})
    source = add_source(f"{web.url}/o/feed", poll_interval=300)
    poll(source)
    source.refresh_from_db()
    assert source.next_poll_at >= timezone.now() + dt.timedelta(hours=2, minutes=58)


def test_a_homepage_given_as_every_pages_canonical_link_merges_nothing(web):
    stories = [LIBRARY_EN, HARVEST_RU]
    serve_outlet(web, "o", stories)
    for story in stories:
        html = page_html(story, url=f"{web.url}/")
        web.routes[f"/o/{story.slug}"] = Answer(200, html.encode())
    source = add_source(f"{web.url}/o/feed")
    assert poll(source).items_new == 2
    assert Item.objects.get(title=HARVEST_RU.title).canonical_url == f"{web.url}/o/urozhai"


def test_the_same_boilerplate_text_under_unrelated_headlines_is_not_one_story(web):
    wall = "<p>" + "Subscribe to keep reading our journalism every day of the week. " * 6 + "</p>"
    stories = [LIBRARY_EN, HARVEST_RU]
    pairs = [(s, f"{web.url}/o/{s.slug}") for s in stories]
    feed = rss2(pairs)
    for story in stories:
        start = feed.index("<content:encoded>", feed.index(story.title))
        end = feed.index("</content:encoded>", start)
        feed = feed[:start] + f"<content:encoded><![CDATA[{wall}]]>" + feed[end:]
    web.routes["/o/feed"] = Answer(200, feed.encode())
    source = add_source(f"{web.url}/o/feed", fetch_full_text=False)
    assert poll(source).items_new == 2
    assert not Item.objects.filter(cluster__isnull=False).exists()


def test_the_same_text_and_headline_from_another_outlet_is_one_item(web):
    feed = serve_outlet(web, "a", [LIBRARY_EN])
    copy = rss2([(LIBRARY_EN, f"{web.url}/b/elsewhere")])
    web.routes["/b/feed"] = Answer(200, copy.encode())
    first = add_source(feed, name="A", fetch_full_text=False)
    second = add_source(f"{web.url}/b/feed", name="B", fetch_full_text=False)
    poll(first)
    assert poll(second).items_new == 0
