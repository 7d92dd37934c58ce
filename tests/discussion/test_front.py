"""The comment posts' front (`discussion/front.py`): every post counted once against its
address's attempt budget, a flood refused before Django, the reader's address taken as
the proxy middleware takes it. Requests go through the front and Django's own WSGI
handler (every middleware, the view, the database), in the test's thread."""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.utils import translation

from broadsheet.discussion import services
from broadsheet.discussion.front import AttemptBudgetFront
from tests.support import factories

# Transactional: Django closes its connections at the end of each request it handles.
pytestmark = pytest.mark.django_db(transaction=True)
CSRF = "a" * 32  # a CSRF secret: the cookie and the form's token, as a browser has them


@pytest.fixture
def front(settings) -> AttemptBudgetFront:
    settings.DISCUSSION_ATTEMPTS_PER_IP = "2/86400"  # one window for the whole test
    settings.BROADSHEET_TRUSTED_PROXIES = ["10.0.0.0/8"]
    cache.clear()  # the counts of earlier tests' addresses
    return AttemptBudgetFront(WSGIHandler())


@pytest.fixture
def django_calls():
    """How many requests reached Django (its `request_started` signal)."""
    seen: list[int] = []

    def started(**kwargs: Any) -> None:
        seen.append(1)

    request_started.connect(started)
    yield seen
    request_started.disconnect(started)


def _post(
    front: AttemptBudgetFront,
    path: str,
    *,
    ip: str = "203.0.113.5",
    real_ip: str = "",
    csrf: bool = True,
    inputs: list[io.BytesIO] | None = None,
) -> tuple[int, dict[str, str], str]:
    body = b"name=Olena&text=Half+a+comment"
    if csrf:
        body += f"&csrfmiddlewaretoken={CSRF}".encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": ip,
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
    }
    if csrf:
        environ["HTTP_COOKIE"] = f"csrftoken={CSRF}"
    if real_ip:
        environ["HTTP_X_REAL_IP"] = real_ip
    if inputs is not None:
        inputs.append(environ["wsgi.input"])
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc: Any = None) -> None:
        seen["status"], seen["headers"] = int(status.split()[0]), dict(headers)

    text = b"".join(front(environ, start_response)).decode()
    return seen["status"], seen["headers"], text


def test_each_post_counts_once_and_a_flood_is_refused_before_django(front, django_calls):
    article = factories.article()
    path = f"/comments/post/{article.pk}/"
    statuses = [_post(front, path)[0] for _ in range(4)]
    # Two within the budget (the half-filled form back, 400), two just over it (the
    # form back with the reader's text, 429): the view counted none of them again.
    assert statuses == [400, 400, 429, 429]
    assert len(django_calls) == 4
    inputs: list[io.BytesIO] = []
    status, headers, text = _post(front, path, inputs=inputs)
    assert status == 429 and len(django_calls) == 4  # Django never saw it
    # Its body read all the same: on a kept-alive connection it would be taken for the
    # next request.
    assert inputs[0].tell() == len(inputs[0].getvalue()) > 0
    assert int(headers["Retry-After"]) > 0 and headers["Cache-Control"] == "no-store"
    assert text == services.retry_message(int(headers["Retry-After"]))
    # Another address is not held back by this one.
    assert _post(front, path, ip="203.0.113.6")[0] == 400
    assert len(django_calls) == 5


def test_posts_without_a_csrf_token_count_too(front, django_calls):
    article = factories.article()
    path = f"/comments/post/{article.pk}/"
    assert [_post(front, path, csrf=False)[0] for _ in range(4)] == [403] * 4
    assert _post(front, path, csrf=False)[0] == 429 and len(django_calls) == 4
    # The form's first step (no CSRF token needed there) counts against the same budget.
    assert _post(front, f"/comments/start/{article.pk}/", csrf=False)[0] == 429


def test_the_refusal_speaks_the_posts_language(front):
    article = factories.article()
    for _ in range(4):
        _post(front, f"/uk/comments/post/{article.pk}/")
    status, headers, text = _post(front, f"/uk/comments/post/{article.pk}/")
    assert status == 429
    with translation.override("uk"):
        assert text == services.retry_message(int(headers["Retry-After"]))
    with translation.override("en"):
        assert text != services.retry_message(int(headers["Retry-After"]))


def test_the_address_is_the_proxys_reader_only_behind_a_trusted_proxy(front, django_calls):
    article = factories.article()
    path = f"/comments/post/{article.pk}/"
    for _ in range(4):
        _post(front, path, ip="10.1.2.3", real_ip="198.51.100.9")
    assert _post(front, path, ip="10.1.2.3", real_ip="198.51.100.9")[0] == 429
    # Another reader behind the same proxy, and the same header from anyone else.
    assert _post(front, path, ip="10.1.2.3", real_ip="198.51.100.10")[0] == 400
    assert _post(front, path, ip="192.0.2.1", real_ip="198.51.100.9")[0] == 400
    assert len(django_calls) == 6


def test_other_requests_pass_uncounted(front, django_calls):
    article = factories.article()
    for _ in range(6):
        _post(front, f"/comments/{article.pk}/report/")  # not a comment post
        _post(front, f"/comments/post/{article.pk}/extra/")
    assert len(django_calls) == 12
    assert [_post(front, f"/comments/post/{article.pk}/")[0] for _ in range(2)] == [400, 400]
