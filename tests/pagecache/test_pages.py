"""The page cache through a real server: hits, the comment form's per-reader values
(fetched apart from the stored page), bypass, HTTP caching and compression."""

from __future__ import annotations

import gzip
import io
import re
import sys
import urllib.request
from collections.abc import Iterator

import brotli
import pytest

from broadsheet.readership.selectors import article_list_most_read
from broadsheet.readership.services import reads_flush
from tests.support import factories
from tests.support.webclient import Reader, filled_form, parse_comment_form

pytestmark = pytest.mark.django_db(transaction=True)


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def tokens(body: bytes) -> dict[str, str]:
    """The comment form's per-reader fields and their values ("" when none)."""
    fields = parse_comment_form(body.decode()).fields
    return {name: fields[name] for name in ("csrfmiddlewaretoken", "form_token", "captcha")}


def test_a_second_read_is_a_hit_with_the_same_bytes_and_no_reader_values(front_url):
    article = factories.article(headline="Grain corridor reopens")
    url = front_url + article.get_absolute_url()
    status, first_headers, first = get(url)
    assert (status, first_headers["X-Page-Cache"]) == (200, "miss")
    status, headers, second = get(url)
    assert (status, headers["X-Page-Cache"]) == (200, "hit")
    assert b"Grain corridor reopens" in second and first == second
    # No reader's values in the stored page: they come from the form-values endpoint.
    assert set(tokens(second).values()) == {""}
    assert b'data-values="/comments/form/"' in second
    assert "Set-Cookie" not in headers
    assert headers["ETag"].startswith('"') and "s-maxage=" in headers["Cache-Control"]


def test_every_reader_gets_their_own_form_values_never_stored(front_url):
    article = factories.article()
    get(front_url + article.get_absolute_url())
    one, two = Reader(front_url), Reader(front_url)
    first = one.request("/comments/form/", json_reply=True)
    second = two.request("/comments/form/", json_reply=True)
    assert first.status == second.status == 200
    assert first.headers["Cache-Control"] == "no-store"
    assert "csrftoken=" in first.headers["Set-Cookie"]
    a, b = first.json(), second.json()
    assert all(a[name] != b[name] for name in ("csrf", "form_token", "captcha"))
    assert a["question"] and a["pow"]["challenge"]
    # In the page's language: the Ukrainian page's form asks in Ukrainian.
    asked = {Reader(front_url).request("/uk/comments/form/").json()["question"] for _ in range(6)}
    assert any("Скільки" in question for question in asked), asked


def test_a_reader_posts_from_a_cached_page(front_url):
    article = factories.article()
    Reader(front_url).request(article.get_absolute_url())  # someone else fills the cache
    reader = Reader(front_url)
    page = reader.request(article.get_absolute_url())
    assert page.headers["X-Page-Cache"] == "hit"
    state = reader.form(article.get_absolute_url())  # the values fetched as the script does
    assert state.pow and state.question and state.action.startswith("/comments/post/")
    answer = reader.post_comment(state, **filled_form(state, name="Olena", text="Posted :D"))
    assert answer.status == 303, answer.body[:500]
    # The poster skips the cache for a while, and everyone sees the comment at once.
    assert "bs_posted=" in answer.headers["Set-Cookie"]
    mine = reader.request(article.get_absolute_url())
    assert mine.headers["X-Page-Cache"] == "bypass" and "Posted" in mine.body
    theirs = Reader(front_url).request(article.get_absolute_url())
    assert theirs.headers["X-Page-Cache"] == "miss" and "Posted" in theirs.body


def test_a_reader_without_a_script_posts_in_two_steps(front_url):
    """The stored form goes to a first step that keeps every word and asks the
    question on a page of its own; the second step is the ordinary, checked post."""
    article = factories.article()
    reader = Reader(front_url)
    Reader(front_url).request(article.get_absolute_url())
    page = reader.request(article.get_absolute_url())
    assert page.headers["X-Page-Cache"] == "hit"
    stored = parse_comment_form(page.body)
    assert stored.action.startswith("/comments/start/") and not stored.question
    fields = dict(stored.fields, name="Taras", text="Two steps <b>keep</b> my words")
    step = reader.request(stored.action, fields)
    assert step.status == 200 and "Two steps &lt;b&gt;keep&lt;/b&gt; my words" in step.body
    assert "Answer the question to post your comment." in step.body
    form = parse_comment_form(step.body)
    assert form.question and form.action.startswith("/comments/post/")
    answer = reader.post_comment(form, **filled_form(form, name="Taras", text=fields["text"]))
    assert answer.status == 303, answer.body[:500]
    from broadsheet.discussion.models import Comment

    assert Comment.objects.get(article=article).text == "Two steps <b>keep</b> my words"


def test_a_reader_keeps_their_csrf_cookie(front_url):
    article = factories.article()
    reader = Reader(front_url)
    first = reader.form(article.get_absolute_url())
    again = reader.form(article.get_absolute_url())
    cookies = {c.name: c.value for c in reader.jar}
    assert first.fields["csrfmiddlewaretoken"] != again.fields["csrfmiddlewaretoken"]  # masked
    # Both pair with the one cookie the reader has: the second form posts.
    answer = reader.post_comment(again, **filled_form(again, name="Iryna", text="Still me"))
    assert (
        answer.status == 303
        and {c.name: c.value for c in reader.jar}["csrftoken"] == (cookies["csrftoken"])
    )


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


def test_an_article_page_answers_304_and_comes_compressed(front_url):
    article = factories.article()
    url = front_url + article.get_absolute_url()
    get(url)
    _, headers, body = get(url)
    status, _, empty = get(url, **{"If-None-Match": headers["ETag"]})
    assert (status, empty) == (304, b"")
    _, headers, zipped = get(url, **{"Accept-Encoding": "gzip"})
    assert headers["X-Page-Cache"] == "hit" and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped) == body


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
    from broadsheet.pagecache.board import board

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


def test_the_stored_article_page_and_the_first_step_are_valid_html(front_url, tmp_path):
    from tests.support.htmlcheck import html_errors

    article = factories.article()
    get(front_url + article.get_absolute_url())
    _, headers, stored = get(front_url + article.get_absolute_url())
    assert headers["X-Page-Cache"] == "hit"
    step = Reader(front_url).request(
        f"/comments/start/{article.pk}/", {"name": "Ola", "text": "Hi", "parent": ""}
    )
    assert html_errors({"stored": stored, "first-step": step.body}, tmp_path) == []


def test_the_first_step_writes_nothing_and_needs_no_token(front_url):
    from broadsheet.discussion.models import CaptchaChallenge, Comment

    article = factories.article()
    reader = Reader(front_url)
    assert reader.request(f"/comments/start/{article.pk}/").status == 405  # a GET
    step = reader.request(
        f"/comments/start/{article.pk}/", {"name": "Ola", "text": "Hi", "notify": "on"}
    )
    assert step.status == 200 and "Set-Cookie" in step.headers  # the CSRF cookie, for step 2
    form = parse_comment_form(step.body)
    assert form.fields["csrfmiddlewaretoken"] and form.fields["form_token"] and form.question
    assert re.search(r'<input[^>]*name="notify"[^>]*checked', step.body)  # kept too
    assert not Comment.objects.exists() and not CaptchaChallenge.objects.exists()
    # A post straight to the real endpoint without a token is still refused.
    assert Reader(front_url).request(f"/comments/post/{article.pk}/", {"text": "x"}).status == 403


@pytest.fixture
def fresh_counters() -> Iterator[None]:
    """The attempt counters live in a cache that outlives a test (Redis in scale mode)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_first_steps_count_against_the_attempt_budget(front_url, settings, fresh_counters):
    """A flood of first steps is refused like a flood of posts: past the budget the form
    comes back with the text and a 429, past twice it a bare 429."""
    settings.DISCUSSION_ATTEMPTS_PER_IP = "2/86400"
    article = factories.article()
    reader = Reader(front_url)
    step = f"/comments/start/{article.pk}/"
    assert [reader.request(step, {"text": "Hi"}).status for _ in range(2)] == [200, 200]
    over = reader.request(step, {"name": "Ola", "text": "Keep these words"})
    assert over.status == 429 and "Keep these words" in over.body
    assert int(over.headers["Retry-After"]) > 0
    reader.request(step, {"text": "Flood"})
    bare = reader.request(step, {"text": "Flood"})
    assert bare.status == 429 and "<form" not in bare.body


def test_every_hit_gets_headers_of_its_own(front, db):
    """A hit's headers are built once per page and coding (`Entry.hit_response`), and
    the server is handed a copy each time: PEP 3333 lets a server change the list it
    is given in any way (this one adds its Date), which must not reach the next hit."""
    article = factories.article()
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": article.get_absolute_url(),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    sent: list[list[tuple[str, str]]] = []

    def server(status: str, headers: list[tuple[str, str]], exc: object = None) -> None:
        headers.append(("Date", f"response {len(sent)}"))
        sent.append(list(headers))

    for _ in range(3):
        body = b"".join(front(dict(environ), server))
    hits = [dict(h) for h in sent[1:]]
    assert [h["X-Page-Cache"] for h in hits] == ["hit", "hit"]
    assert [h["Date"] for h in hits] == ["response 1", "response 2"]
    assert all(len(h) == len(sent[2]) for h in sent[1:]), sent
    assert hits[1]["Content-Length"] == str(len(body))
    assert hits[1]["Content-Encoding"] == "gzip" and gzip.decompress(body)
