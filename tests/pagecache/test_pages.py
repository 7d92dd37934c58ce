"""The page cache through a real server: hits, per-reader form values, bypass, HTTP
caching and compression."""

from __future__ import annotations

import gzip
import re
import urllib.request

import brotli
import pytest

from broadsheet.readership.selectors import article_list_most_read
from broadsheet.readership.services import reads_flush
from tests import factories
from tests.discussion.webclient import Reader, filled_form, parse_comment_form

pytestmark = pytest.mark.django_db(transaction=True)


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def tokens(body: bytes) -> dict[str, str]:
    found = {}
    for name in ("csrfmiddlewaretoken", "form_token", "captcha"):
        match = re.search(rf'name="{name}" value="([^"]+)"'.encode(), body)
        assert match, name
        found[name] = match.group(1).decode()
    return found


def test_a_second_read_is_a_hit_with_the_same_page_and_fresh_form_values(front_url):
    article = factories.article(headline="Grain corridor reopens")
    url = front_url + article.get_absolute_url()
    status, first_headers, first = get(url)
    assert (status, first_headers["X-Page-Cache"]) == (200, "miss")
    status, headers, second = get(url)
    assert (status, headers["X-Page-Cache"]) == (200, "hit")
    assert b"Grain corridor reopens" in second and b"bs-hole-" not in second
    one, two = tokens(first), tokens(second)
    assert all(one[name] != two[name] for name in one), "every reader gets their own"
    # Apart from those values the page is the same bytes.
    strip = re.compile(rb'value="[^"]*"|data-pow="[^"]*"|id="captcha-question">[^<]*')
    assert strip.sub(b"", first) == strip.sub(b"", second)
    assert "csrftoken=" in headers["Set-Cookie"]
    assert headers["Cache-Control"] == "private, no-cache"


def test_a_reader_posts_from_a_cached_page(front_url):
    article = factories.article()
    Reader(front_url).request(article.get_absolute_url())  # someone else fills the cache
    reader = Reader(front_url)
    page = reader.request(article.get_absolute_url())
    assert page.headers["X-Page-Cache"] == "hit"
    state = parse_comment_form(page.body)
    assert state.pow and state.question
    answer = reader.post_comment(state, **filled_form(state, name="Olena", text="Posted :D"))
    assert answer.status == 303, answer.body[:500]
    # The poster skips the cache for a while, and everyone sees the comment at once.
    assert "bs_posted=" in answer.headers["Set-Cookie"]
    mine = reader.request(article.get_absolute_url())
    assert mine.headers["X-Page-Cache"] == "bypass" and "Posted" in mine.body
    theirs = Reader(front_url).request(article.get_absolute_url())
    assert theirs.headers["X-Page-Cache"] == "miss" and "Posted" in theirs.body


def test_a_reader_keeps_their_csrf_cookie_on_hits(front_url):
    article = factories.article()
    reader = Reader(front_url)
    reader.request(article.get_absolute_url())
    again = reader.request(article.get_absolute_url())
    assert again.headers["X-Page-Cache"] == "hit"
    assert "Set-Cookie" not in again.headers  # the cookie they have is used


def test_staff_with_a_session_bypass_the_cache(front_url, client):
    article = factories.article()
    get(front_url + article.get_absolute_url())
    status, headers, _ = get(front_url + article.get_absolute_url(), Cookie="sessionid=abc")
    assert (status, headers["X-Page-Cache"]) == (200, "bypass")


def test_pages_without_a_form_answer_304_and_come_compressed(front_url):
    factories.article(headline="Front page story")
    status, headers, body = get(front_url + "/")
    status, headers, body = get(front_url + "/")
    assert headers["X-Page-Cache"] == "hit" and b"Front page story" in body
    assert headers["ETag"].startswith('"') and "s-maxage=" in headers["Cache-Control"]
    status, _, empty = get(front_url + "/", **{"If-None-Match": headers["ETag"]})
    assert (status, empty) == (304, b"")
    _, zipped_headers, zipped = get(front_url + "/", **{"Accept-Encoding": "gzip"})
    assert zipped_headers["Content-Encoding"] == "gzip" and gzip.decompress(zipped) == body
    _, br_headers, squeezed = get(front_url + "/", **{"Accept-Encoding": "gzip, br"})
    assert br_headers["Content-Encoding"] == "br" and brotli.decompress(squeezed) == body


def test_an_article_page_comes_gzipped_with_its_form_filled(front_url):
    article = factories.article()
    get(front_url + article.get_absolute_url())
    _, headers, zipped = get(front_url + article.get_absolute_url(), **{"Accept-Encoding": "gzip"})
    assert headers["X-Page-Cache"] == "hit" and headers["Content-Encoding"] == "gzip"
    assert tokens(gzip.decompress(zipped))["form_token"]


def test_reads_served_from_the_cache_are_counted(front_url):
    article = factories.article()
    for _ in range(3):
        get(front_url + article.get_absolute_url())
    reads_flush()
    assert [a.pk for a in article_list_most_read()] == [article.pk]
    from broadsheet.readership.models import DailyReads

    assert sum(DailyReads.objects.values_list("count", flat=True)) == 3


def test_a_head_request_does_not_store_an_empty_page(front_url):
    article = factories.article(headline="Heads and bodies")
    request = urllib.request.Request(front_url + article.get_absolute_url(), method="HEAD")
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200 and response.read() == b""
    _, _, body = get(front_url + article.get_absolute_url())
    assert b"Heads and bodies" in body


def test_switched_off_it_stays_out_of_the_way(front_url, settings):
    from broadsheet.pagecache.front import PageCacheFront

    settings.BROADSHEET_PAGE_CACHE = False
    factories.article()
    front = PageCacheFront(lambda environ, start: start("200 OK", []) or [b"django"])
    seen = []
    body = front({"REQUEST_METHOD": "GET", "PATH_INFO": "/"}, lambda *a: seen.append(a))
    assert body == [b"django"] and seen == [("200 OK", [])]


def test_with_the_board_unreachable_pages_are_served_uncached(front_url, settings, caplog):
    """Redis down (scale mode's board): every read goes to Django, nothing stale."""
    from broadsheet.pagecache.pages import board

    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # the discard port: nothing listens
    board.cache_clear()
    article = factories.article(headline="Served without Redis")
    for _ in range(2):
        status, headers, body = get(front_url + article.get_absolute_url())
        assert (status, headers["X-Page-Cache"]) == (200, "miss")
        assert b"Served without Redis" in body and b"bs-hole-" not in body
    assert "Redis unreachable" in caplog.text


def test_a_conditional_request_on_a_cold_cache_still_stores_the_whole_feed(front_url):
    factories.article(headline="Feed item")
    later = "Wed, 01 Jan 2098 00:00:00 GMT"  # the feed itself would answer 304
    status, headers, body = get(front_url + "/feeds/rss/", **{"If-Modified-Since": later})
    assert (status, headers["X-Page-Cache"]) == (200, "miss") and b"Feed item" in body
    status, _, empty = get(front_url + "/feeds/rss/", **{"If-None-Match": headers["ETag"]})
    assert (status, empty) == (304, b"")


def test_static_files_pass_straight_through(front_url):
    from django.contrib.staticfiles import finders

    assert finders.find("discussion/discussion.js")
    status, headers, _ = get(front_url + "/static/discussion/discussion.js")
    assert status == 200 and "X-Page-Cache" not in headers
