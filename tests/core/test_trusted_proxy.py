"""Behind a trusted proxy the reader's address comes from X-Real-IP; from anyone else the
header is ignored. Checked where it matters: the address a comment is stored with."""

from __future__ import annotations

import pytest

from broadsheet.discussion.models import Comment
from tests.support import factories
from tests.support.webclient import filled_form, parse_comment_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _open_comments(settings):
    settings.DISCUSSION_MIN_SUBMIT_SECONDS = 0
    settings.DISCUSSION_TRUST_THRESHOLD = 0
    settings.DISCUSSION_QUIET_HOURS = ""
    settings.DISCUSSION_POW_ENABLED = False
    settings.BROADSHEET_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]


def post_from(client, article, remote: str, real: str) -> Comment:
    page = client.get(article.get_absolute_url(), REMOTE_ADDR=remote, HTTP_X_REAL_IP=real)
    state = parse_comment_form(page.content.decode())
    client.post(
        state.action,
        filled_form(state, name="Olena", text=f"From {remote}"),
        REMOTE_ADDR=remote,
        HTTP_X_REAL_IP=real,
    )
    return Comment.objects.get(text=f"From {remote}")


def test_the_readers_address_comes_from_a_trusted_proxy(client):
    article = factories.article()
    assert post_from(client, article, "10.1.2.3", "203.0.113.9").ip == "203.0.113.9"


def test_anyone_else_cannot_choose_their_address(client):
    article = factories.article()
    assert post_from(client, article, "198.51.100.4", "203.0.113.9").ip == "198.51.100.4"


def test_a_malformed_header_keeps_the_proxys_address(client):
    article = factories.article()
    assert post_from(client, article, "127.0.0.1", "not-an-ip").ip == "127.0.0.1"
