"""Holes found reviewing the memos of page-cache renders: each change here must show on
the next request of a page that shows it, whatever a memo kept. Requests go through the
page cache's front in this thread, as in test_memo.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from broadsheet.news import services as news
from broadsheet.pagecache import memo
from broadsheet.pagecache.board import BoardUnavailable, board
from broadsheet.pagecache.front import PageCacheFront
from broadsheet.pagecache.pages import pages_invalidate_now
from broadsheet.readership.services import read_record, reads_flush
from tests.support import factories
from tests.support.inprocess import front_read
from tests.support.posting import post as post_comment

pytestmark = pytest.mark.django_db(transaction=True)


def read(front: PageCacheFront, path: str) -> tuple[str, str]:
    """(X-Page-Cache, body) of one anonymous GET."""
    outcome, body, _ = front_read(front, path)
    return outcome, body


def block(body: str, css_class: str) -> str:
    """The markup of the `<section class="css_class">` of a page ("" when absent)."""
    start = body.find(f'class="{css_class}"')
    if start < 0:
        return ""
    return body[start : body.index("</section>", start)]


def test_a_renamed_section_shows_in_the_related_teasers_of_other_sections(front):
    """A related article found by a shared tag may sit in another section, whose name
    its teaser shows: renaming that section must reach the related block too."""
    policy = factories.section("Policy", "policy", 1)
    economy = factories.section("Economy", "economy", 2)
    story = factories.article(headline="Budget vote delayed", section_obj=policy, tags=["Budget"])
    factories.article(headline="Markets shrug at the budget", section_obj=economy, tags=["Budget"])
    url = story.get_absolute_url()
    related = block(read(front, url)[1], "related")
    assert "Markets shrug at the budget" in related and ">Economy</a>" in related

    economy.name = "Finance"
    economy.save()
    related = block(read(front, url)[1], "related")
    assert ">Finance</a>" in related and ">Economy</a>" not in related


def test_an_article_published_again_returns_to_most_read(front):
    """Withdrawn, an article leaves "Most read" but keeps its counts; published again
    it is back in the list at once (not at the next read-count flush)."""
    editor = factories.user_with_role("Editor")
    section = factories.section("Policy", "policy", 1)
    popular = factories.article(headline="The much read story", section_obj=section)
    other = factories.article(headline="A quieter story", section_obj=section)
    for _ in range(3):
        read_record(article_id=popular.pk)
    read_record(article_id=other.pk)
    reads_flush()
    assert "The much read story" in block(read(front, "/")[1], "most-read")

    news.article_withdraw(article=popular, user=editor)
    assert "The much read story" not in block(read(front, "/")[1], "most-read")

    popular.refresh_from_db()
    news.article_publish(article=popular, user=editor)
    assert "The much read story" in block(read(front, "/")[1], "most-read")


def test_an_article_published_again_returns_to_most_commented(front):
    editor = factories.user_with_role("Editor")
    section = factories.section("Policy", "policy", 1)
    talked = factories.article(headline="The much discussed story", section_obj=section)
    factories.article(headline="A quieter story", section_obj=section)
    post_comment(talked, name="Olha", text="A word on it")
    assert "The much discussed story" in block(read(front, "/")[1], "most-commented")

    news.article_withdraw(article=talked, user=editor)
    assert "The much discussed story" not in block(read(front, "/")[1], "most-commented")

    talked.refresh_from_db()
    news.article_publish(article=talked, user=editor)
    assert "The much discussed story" in block(read(front, "/")[1], "most-commented")


def test_most_commented_shows_a_listed_articles_new_headline_and_count_at_once(front):
    """The ranking's counts are read again after every comment, its articles only when
    one of them changes: a new headline of a listed article, and a new comment on it,
    each show on the next render, as a comment elsewhere leaves the block as it was."""
    section = factories.section("Policy", "policy", 1)
    talked = factories.article(headline="The much discussed story", section_obj=section)
    elsewhere = factories.article(headline="A quiet story", section_obj=section)
    post_comment(talked, name="Olha", text="A word on it")
    post_comment(talked, name="Taras", text="And another")
    listed = block(read(front, "/")[1], "most-commented")
    assert "The much discussed story" in listed and "2 comments" in listed

    talked.refresh_from_db()
    talked.headline = "The story everyone discusses"
    talked.save()
    listed = block(read(front, "/")[1], "most-commented")
    assert "The story everyone discusses" in listed and "much discussed" not in listed

    post_comment(talked, name="Iryna", text="A third word")
    assert "3 comments" in block(read(front, "/")[1], "most-commented")

    post_comment(elsewhere, name="Olha", text="Quiet here")
    listed = block(read(front, "/")[1], "most-commented")
    assert "3 comments" in listed and "A quiet story" in listed and "1 comment<" in listed


def test_most_commented_follows_its_window_on_the_next_render(front):
    """A comment older than the seven days no longer counts: a render after that (made
    for another reason: here a publication, which renders the front again) shows so."""
    import time_machine

    section = factories.section("Policy", "policy", 1)
    talked = factories.article(headline="The much discussed story", section_obj=section)
    post_comment(talked, name="Olha", text="A word on it")
    assert "The much discussed story" in block(read(front, "/")[1], "most-commented")

    with time_machine.travel(timezone.now() + dt.timedelta(days=8), tick=True):
        factories.article(headline="News of the week after", section_obj=section)
        outcome, body = read(front, "/")
        assert outcome == "miss" and "News of the week after" in body
        assert "The much discussed story" not in block(body, "most-commented")


def test_an_invalidation_the_board_refused_does_not_leave_memos_behind(front, monkeypatch):
    """When the board cannot be written (Redis down in scale mode) the process forgets
    what it stored; what its memos kept is as stale and must go too, or the first render
    once the board answers again stores the old article with the current versions."""
    policy = factories.section("Policy", "policy", 1)
    story = factories.article(headline="Budget vote delayed", section_obj=policy)
    url = story.get_absolute_url()
    assert "Budget vote delayed" in read(front, url)[1]

    the_board = board()
    working_bump = the_board.bump

    def refused(tags: Any) -> None:
        raise BoardUnavailable

    monkeypatch.setattr(the_board, "bump", refused)
    story.refresh_from_db()
    story.headline = "Budget vote held at last"
    story.save()  # committed; its invalidation is postponed
    monkeypatch.setattr(the_board, "bump", working_bump)  # the board answers again

    outcome, body = read(front, url)
    assert outcome == "miss"
    assert "Budget vote held at last" in body and "Budget vote delayed" not in body
    pages_invalidate_now(())  # the postponed bumps go out (nothing else to send)


def test_what_was_computed_across_a_clear_of_the_memos_is_not_kept(front):
    """A render under way when the board refused a bump (and the memos were cleared)
    read the old data: it must not put it back."""
    computed: list[int] = []

    def compute() -> tuple[int, set[str]]:
        computed.append(1)
        if len(computed) == 1:
            memo.memo_store().clear()  # another thread's invalidation failed meanwhile
        return len(computed), {"memo-review"}

    with memo.memos_active():
        assert memo.memoised(("memo-review",), compute) == 1
        assert memo.memoised(("memo-review",), compute) == 2  # not kept: computed again
        assert memo.memoised(("memo-review",), compute) == 2  # kept now


def test_a_deleted_lead_photo_leaves_the_article_page(front):
    """Deleting a photo sets the articles' lead photo to nothing (SET_NULL, no article
    signal): their pages must stop showing it."""
    picture = factories.photo(credit="Taras Photographer")
    story = factories.article(headline="Budget vote delayed", lead_photo=picture)
    url = story.get_absolute_url()
    assert "Taras Photographer" in read(front, url)[1]
    picture.delete()
    outcome, body = read(front, url)
    assert outcome == "miss" and "Taras Photographer" not in body


def test_a_stored_page_expires_when_a_counted_comment_leaves_the_window(front):
    """Nothing is saved when a comment turns eight days old, yet the most-commented block
    changes: the stored front page expires then, by itself."""
    import time_machine

    section = factories.section("Policy", "policy", 1)
    talked = factories.article(headline="The much discussed story", section_obj=section)
    post_comment(talked, name="Olha", text="A word on it")
    assert "The much discussed story" in block(read(front, "/")[1], "most-commented")
    assert read(front, "/")[0] == "hit"
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1), tick=True):
        outcome, body = read(front, "/")
    assert outcome == "miss"
    assert "The much discussed story" not in block(body, "most-commented")
