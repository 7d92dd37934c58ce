"""Exact invalidation, path by path: the change shows on the next request, through a
real server, and a page that does not show it stays stored (`X-Page-Cache: hit`)."""

from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request

import pytest
import time_machine
from django.utils import timezone

from broadsheet.discussion import services as discussion
from broadsheet.discussion.models import ArticleDiscussion, Comment
from broadsheet.news import services as news
from broadsheet.news.models import Article
from tests.support import factories
from tests.support.posting import post as post_comment

pytestmark = pytest.mark.django_db(transaction=True)


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers["X-Page-Cache"], response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("X-Page-Cache", ""), err.read().decode()


class Site:
    """Two sections with an article each; every page read once, so all are stored."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.editor = factories.user_with_role("Editor")
        self.moderator = factories.user_with_role("Moderator")
        self.policy = factories.section("Policy", "policy", 1)
        self.sport = factories.section("Sport", "sport", 2)
        self.story = factories.article(headline="Budget vote delayed", section_obj=self.policy)
        self.other = factories.article(headline="Derby ends level", section_obj=self.sport)
        for path in self.pages():
            assert get(base + path)[0] == 200
            assert get(base + path)[1] == "hit", path

    def pages(self) -> list[str]:
        return [
            "/",
            "/section/policy/",
            "/section/sport/",
            self.story.get_absolute_url(),
            self.other.get_absolute_url(),
            "/feeds/rss/",
            "/feeds/section/sport/rss/",
            "/sitemap.xml",
            "/sitemap-articles.xml",
        ]

    def read(self, path: str) -> tuple[int, str, str]:
        return get(self.base + path)

    def still_stored(self, path: str) -> bool:
        return self.read(path)[1] == "hit"


@pytest.fixture
def site(front_url):
    return Site(front_url)


def test_publishing_shows_the_article_and_leaves_other_sections_stored(site):
    draft = factories.article(
        headline="Coalition talks resume", section_obj=site.policy, status=Article.Status.DRAFT
    )
    assert site.still_stored("/")  # a draft touches nothing
    news.article_publish(article=draft, user=site.editor)
    for path in ["/", "/section/policy/", "/feeds/rss/", "/sitemap-articles.xml"]:
        _status, outcome, body = site.read(path)
        assert outcome == "miss" and draft.get_absolute_url() in body, path
    assert site.read("/sitemap.xml")[1] == "miss"  # its lastmod moved
    assert site.read(draft.get_absolute_url())[0] == 200
    assert site.still_stored("/section/sport/")
    assert site.still_stored("/feeds/section/sport/rss/")
    assert site.still_stored(site.other.get_absolute_url())


def test_editing_a_headline_updates_every_page_that_shows_it(site):
    site.story.headline = "Budget vote delayed again"
    site.story.save()
    for path in ["/", "/section/policy/", site.story.get_absolute_url(), "/feeds/rss/"]:
        status, outcome, body = site.read(path)
        assert (status, outcome) == (200, "miss") and "Budget vote delayed again" in body, path
    assert site.still_stored("/section/sport/")
    assert site.still_stored(site.other.get_absolute_url())


def test_a_scheduled_article_appears_by_itself_at_its_time(site):
    due = timezone.now() + dt.timedelta(minutes=10)
    draft = factories.article(
        headline="Midnight decree", section_obj=site.policy, status=Article.Status.DRAFT
    )
    news.article_schedule(article=draft, user=site.editor, at=due)
    assert "Midnight decree" not in site.read("/")[2]
    assert site.read("/")[1] == "hit"  # stored again, until the decree's time
    # The server runs in this process: move the clock to just after the time.
    with time_machine.travel(due + dt.timedelta(seconds=1), tick=True):
        _status, outcome, body = site.read("/")  # nobody saved anything since
        assert outcome == "miss" and "Midnight decree" in body
        assert "Midnight decree" in site.read("/section/policy/")[2]


def test_withdrawing_answers_410_and_leaves_the_lists(site):
    news.article_withdraw(article=site.story, user=site.editor, note="Legal request")
    assert site.read(site.story.get_absolute_url())[0] == 410
    assert "Budget vote delayed" not in site.read("/")[2]
    assert "Budget vote delayed" not in site.read("/section/policy/")[2]
    assert site.still_stored("/section/sport/")


def test_a_correction_shows_on_the_article(site):
    news.article_add_correction(article=site.story, user=site.editor, text="The vote is on Friday.")
    assert "The vote is on Friday." in site.read(site.story.get_absolute_url())[2]
    assert site.still_stored("/section/sport/")


def test_approving_editing_and_removing_a_comment(site):
    ArticleDiscussion.objects.create(article=site.story, mode="premoderated")
    held = post_comment(site.story, name="Taras", text="Held until a moderator looks")
    assert held.status == Comment.Status.PENDING
    url = site.story.get_absolute_url()
    assert site.read(url)[1] in ("hit", "miss")  # the override itself re-rendered it once
    assert "Held until" not in site.read(url)[2]
    assert site.still_stored(url)  # a pending comment touches nothing

    discussion.comment_approve(comment=held, user=site.moderator)
    _status, outcome, body = site.read(url)
    assert outcome == "miss" and "Held until a moderator looks" in body
    assert site.still_stored("/section/sport/")

    held.refresh_from_db()
    discussion.comment_edit(comment=held, user=site.moderator, text="Edited by the desk")
    body = site.read(url)[2]
    assert "Edited by the desk" in body and "Held until" not in body

    discussion.comment_remove(comment=held, user=site.moderator)
    assert "Edited by the desk" not in site.read(url)[2]
    assert site.still_stored("/section/sport/")


def test_a_comment_count_on_a_list_follows_the_comment(site):
    assert "1 comment<" not in site.read("/section/policy/")[2]
    post_comment(site.story, name="Iryna", text="Counted")
    _status, outcome, body = site.read("/section/policy/")
    assert outcome == "miss" and "1 comment<" in body
    assert site.still_stored("/section/sport/")


def test_an_article_stored_as_published_with_a_time_to_come_appears_at_its_time(site):
    """An import or the shell may write a published article dated later: it goes live by
    itself then (`live()`), and the stored pages expire then too."""
    due = timezone.now() + dt.timedelta(minutes=10)
    factories.article(headline="Imported for later", section_obj=site.policy, published_at=due)
    assert "Imported for later" not in site.read("/")[2]
    assert site.read("/")[1] == "hit"
    with time_machine.travel(due + dt.timedelta(seconds=1), tick=True):
        _status, outcome, body = site.read("/")
        assert outcome == "miss" and "Imported for later" in body
