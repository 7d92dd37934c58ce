"""A commenter's own data (issue 22, privacy): asked for by e-mail, the link mailed
through a real SMTP server, the comments shown, downloaded and erased; the page showing
them forgets them at once; nothing tells a stranger who commented."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core import signing
from django.test import Client

from broadsheet.discussion import services
from broadsheet.discussion.models import Comment
from tests.support import factories
from tests.support.mail import body_of
from tests.support.posting import post

pytestmark = pytest.mark.django_db(transaction=True)


def mailed_link(inbox: Any) -> str:
    [message] = inbox.wait_for(1)
    match = re.search(r"(http://\S+/comments/my-data/\S+/)", body_of(message))
    assert match, body_of(message)
    return match.group(1)


def test_a_commenter_sees_downloads_and_erases_their_comments(live_server, settings, smtp):
    settings.BROADSHEET_BASE_URL = live_server.url
    article = factories.article(headline="Will the coalition hold?")
    mine = post(article, name="Olena", text="My own view", email="olena@example.org")
    other = post(article, name="Taras", text="Someone else", email="taras@example.org")
    client = Client()
    page = client.post("/comments/my-data/", {"email": "Olena@Example.org"})
    assert page.status_code == 200 and "on its way" in page.content.decode()
    url = mailed_link(smtp)
    path = url.removeprefix(live_server.url)

    shown = client.get(path).content.decode()
    assert "My own view" in shown and "Someone else" not in shown
    assert Comment.objects.get(pk=mine.pk).text == "My own view"  # a GET changes nothing

    download = client.post(path, {"action": "download"})
    assert download["Content-Disposition"].startswith("attachment")
    data = json.loads(download.content)["comments"]
    assert [c["text"] for c in data] == ["My own view"] and data[0]["ip"]

    assert "My own view" in client.get(article.get_absolute_url()).content.decode()
    erased = client.post(path, {"action": "erase"}).content.decode()
    assert "1 comment erased" in erased
    gone = Comment.objects.get(pk=mine.pk)
    assert (gone.text, gone.email, gone.ip, gone.status) == ("", "", None, "removed")
    assert "My own view" not in client.get(article.get_absolute_url()).content.decode()
    assert Comment.objects.get(pk=other.pk).text == "Someone else"


def test_asking_for_an_address_that_never_commented_looks_the_same_and_sends_nothing(
    live_server,
    settings,
    smtp,
):
    settings.BROADSHEET_BASE_URL = live_server.url
    factories.article()
    page = Client().post("/comments/my-data/", {"email": "nobody@example.org"})
    assert page.status_code == 200 and "on its way" in page.content.decode()
    assert smtp.wait_for(1, timeout=1) == []


def test_a_changed_or_expired_link_opens_nothing(client, db):
    article = factories.article()
    post(article, name="Olena", text="My own view", email="olena@example.org")
    token = signing.dumps({"e": "olena@example.org"}, salt="broadsheet.discussion.my-data")
    assert client.get(f"/comments/my-data/{token[:-2]}xx/").status_code == 404
    with pytest.raises(signing.SignatureExpired):
        signing.loads(token, salt="broadsheet.discussion.my-data", max_age=-1)
    assert services.commenter_email_from(token=token) == "olena@example.org"


def test_one_mail_an_hour_to_one_address(live_server, settings, smtp):
    settings.BROADSHEET_BASE_URL = live_server.url
    article = factories.article()
    post(article, name="Olena", text="My own view", email="olena@example.org")
    for _ in range(3):
        Client().post("/comments/my-data/", {"email": "olena@example.org"})
    assert len(smtp.wait_for(2, timeout=2)) == 1
