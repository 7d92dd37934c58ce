"""Comment feeds: approved comments only, per article and site-wide."""

from __future__ import annotations

import datetime as dt
import email.utils

import pytest
from django.utils import timezone

from broadsheet.discussion import services as discussion
from broadsheet.discussion.models import Comment
from broadsheet.news import services
from tests.support import factories
from tests.support.posting import post
from tests.support.settings import open_discussion
from tests.support.xmlread import fetch, parse, xml_root

pytestmark = pytest.mark.django_db

DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


@pytest.fixture(autouse=True)
def _open_discussion(settings):
    open_discussion(settings)


@pytest.fixture
def moderator():
    return factories.user_with_role("Moderator")


def test_article_comment_feed_lists_only_its_approved_comments(client, moderator):
    article = factories.article(headline="Will the coalition hold?")
    other = factories.article()
    kept = post(article, name="Olena", text="First line <b>not bold</b>\nSecond line")
    removed = post(article, name="Troll", text="Something rude.")
    discussion.comment_remove(comment=removed, user=moderator)
    post(other, name="Elsewhere", text="On another article.")
    assert kept.status == Comment.Status.APPROVED

    for fmt in ("rss", "atom"):
        feed = parse(fetch(client, f"/feeds/news/{article.slug}/comments/{fmt}/"))
        assert [e.title for e in feed.entries] == ["Olena on “Will the coalition hold?”"]
        entry = feed.entries[0]
        assert entry.link == f"http://testserver{kept.get_absolute_url()}"
        assert "&lt;b&gt;not bold&lt;/b&gt;" in entry.summary
        assert "<br>" in entry.summary or "<br />" in entry.summary
        assert entry.author == "Olena"
        assert feed.feed.link == f"http://testserver{article.get_absolute_url()}#discussion"


def test_site_comment_feed_lists_approved_comments_of_live_articles_newest_first(client, moderator):
    editor = factories.user_with_role("Editor")
    first, second = factories.article(), factories.article()
    gone = factories.article()
    post(first, name="A", text="Older.")
    post(second, name="B", text="Newer.")
    post(gone, name="C", text="On a withdrawn article.")
    services.article_withdraw(article=gone, user=editor, note="Gone.")
    feed = parse(fetch(client, "/feeds/comments/rss/"))
    assert [e.author for e in feed.entries] == ["B", "A"]
    raw = xml_root(fetch(client, "/feeds/comments/rss/").content)
    assert [c.text for c in raw.iter(DC_CREATOR)] == ["B", "A"]
    assert parse(fetch(client, "/feeds/comments/atom/")).entries[0].author == "B"


def test_comment_feed_of_unpublished_article_is_not_found(client):
    draft = factories.article(status="draft", published_at=None)
    assert client.get(f"/feeds/news/{draft.slug}/comments/rss/").status_code == 404


def test_comment_feed_etag_changes_when_a_comment_is_posted_or_removed(client, moderator):
    article = factories.article()
    url = f"/feeds/news/{article.slug}/comments/rss/"
    empty = fetch(client, url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=empty).status_code == 304
    comment = post(article)
    with_comment = fetch(client, url)["ETag"]
    assert with_comment != empty
    discussion.comment_remove(comment=comment, user=moderator)
    assert fetch(client, url)["ETag"] not in {empty, with_comment}


def test_article_and_front_pages_link_the_comment_feeds(client):
    article = factories.article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="http://testserver/feeds/news/{article.slug}/comments/rss/"' in html
    assert f'href="http://testserver/feeds/news/{article.slug}/comments/atom/"' in html
    front = client.get("/").content.decode()
    assert 'href="http://testserver/feeds/comments/rss/"' in front


def test_removing_a_comment_moves_last_modified_forward(client, moderator, settings):
    settings.BROADSHEET_FEED_SIZE = 2
    article = factories.article()
    url = f"/feeds/news/{article.slug}/comments/rss/"
    comments = [post(article, name=f"R{n}", text=f"T{n}") for n in range(3)]
    Comment.objects.update(created_at=timezone.now() - dt.timedelta(days=1), moderated_at=None)
    first = fetch(client, url)
    discussion.comment_remove(comment=comments[-1], user=moderator)
    second = fetch(client, url)
    assert second["ETag"] != first["ETag"]
    was = email.utils.parsedate_to_datetime(first["Last-Modified"])
    assert email.utils.parsedate_to_datetime(second["Last-Modified"]) > was
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200


def test_site_comment_feed_etag_changes_when_an_article_is_withdrawn(client, moderator):
    editor = factories.user_with_role("Editor")
    kept, gone = factories.article(), factories.article()
    post(kept, name="A", text="Stays.")
    post(gone, name="B", text="Leaves with its article.")
    before = fetch(client, "/feeds/comments/rss/")["ETag"]
    services.article_withdraw(article=gone, user=editor, note="Gone.")
    after = fetch(client, "/feeds/comments/rss/")
    assert after["ETag"] != before
    assert [e.author for e in parse(after).entries] == ["A"]


@pytest.mark.parametrize("scope", ["site", "article"])
def test_comment_feeds_run_a_fixed_number_of_queries_whatever_the_data_size(
    client, django_assert_num_queries, settings, scope
):
    settings.BROADSHEET_FEED_SIZE = 10
    article = factories.article()
    url = "/feeds/comments/rss/" if scope == "site" else f"/feeds/news/{article.slug}/comments/rss/"
    scope_queries = 0 if scope == "site" else 1  # the article
    for rounds in (1, 3):  # fewer comments than the feed holds, then more
        for n in range(6 * rounds):
            post(factories.article() if scope == "site" else article, name=f"R{n}", text=f"T{n}")
        with django_assert_num_queries(scope_queries + 2):  # comments, what left the window
            response = fetch(client, url)
            parse(response)
        with django_assert_num_queries(scope_queries + 2):
            assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_comments_and_headlines_xml_cannot_hold_leave_every_feed_well_formed(client):
    """A form feed, U+FFFE or another character XML 1.0 forbids, in a comment or an
    editor's headline, is dropped from the feeds: they never answer 500 nor ill-formed
    XML (issue 22: one hostile comment took every comment feed down)."""
    article = factories.article(headline="Budget\x0c vote\ufffe")
    texts = ["Page\x0cbreak", "<svg\x0conload=alert(1)>", "odd \ufffe\uffff end", "bell\x07"]
    for n, text in enumerate(texts):
        comment = post(article, name=f"Reader\x0b{n}", text=text, ip=f"198.51.100.{n + 1}")
        assert comment.status == Comment.Status.APPROVED
    urls = [f"/feeds/news/{article.slug}/comments/{fmt}/" for fmt in ("rss", "atom")] + [
        "/feeds/comments/rss/",
        "/feeds/comments/atom/",
        "/feeds/rss/",
        "/feeds/atom/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        xml_root(response.content)  # a strict parser: raises on ill-formed XML
        body = response.content.decode()
        for bad in ("\x0c", "\ufffe", "\uffff", "\x07", "\x0b"):
            assert bad not in body, (url, bad)
    feed = parse(fetch(client, f"/feeds/news/{article.slug}/comments/rss/"))
    assert "Pagebreak" in " ".join(e.summary for e in feed.entries)
