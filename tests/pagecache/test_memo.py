"""Memos: a page-cache miss redoes only what the change touched, and never shows what
the change replaced. Requests go through the page cache's front in this thread (the
WSGI application `broadsheet serve` runs), so the queries of each render are seen."""

from __future__ import annotations

import re
from typing import Any

import pytest

from broadsheet.discussion import services as discussion
from broadsheet.news.models import Article
from broadsheet.pagecache import memo
from broadsheet.pagecache.board import EPOCH, board
from broadsheet.pagecache.front import PageCacheFront
from broadsheet.readership.services import read_record, reads_flush
from tests.support import factories
from tests.support.inprocess import front_read
from tests.support.posting import post as post_comment

pytestmark = pytest.mark.django_db(transaction=True)


def read(front: PageCacheFront, path: str) -> tuple[str, str, list[str]]:
    return front_read(front, path)


def touching(sql: list[str], table: str) -> int:
    return sum(f'"{table}"' in q for q in sql)


@pytest.fixture
def story(settings: Any) -> Article:
    settings.DISCUSSION_DEFAULT_MODE = "open"
    settings.DISCUSSION_MIN_SUBMIT_SECONDS = 0
    settings.DISCUSSION_TRUST_THRESHOLD = 0
    settings.DISCUSSION_QUIET_HOURS = ""
    settings.DISCUSSION_POW_MAX_NUMBER = 2000
    settings.DISCUSSION_MAIL_IN_THREAD = False
    policy = factories.section("Policy", "policy", 1)
    story = factories.article(headline="Budget vote delayed", section_obj=policy)
    factories.article(headline="Coalition talks resume", section_obj=policy)
    post_comment(story, name="Olha", text="The first word")
    return story


def test_a_new_comment_renders_the_thread_not_the_article(front, story):
    url = story.get_absolute_url()
    outcome, _, cold = read(front, url)
    assert outcome == "miss" and touching(cold, "news_byline")
    assert read(front, url)[0] == "hit"

    post_comment(story, name="Petro", text="A second word")
    outcome, body, after = read(front, url)
    assert outcome == "miss"
    assert "A second word" in body and "The first word" in body
    # The article, its related articles and the navigation come from their memos.
    assert not touching(after, "news_byline") and not touching(after, "news_section")
    assert touching(after, "discussion_comment")
    # Two: the most-commented counts and the thread; the ranked articles' headlines
    # come from their memo (was three before they were memoised apart from the counts).
    assert len(after) == 2 < len(cold)


def test_an_edit_of_the_article_is_shown_on_the_next_miss(front, story):
    url = story.get_absolute_url()
    read(front, url)
    story.refresh_from_db()
    story.headline = "Budget vote held at last"
    story.body = "<p>The vote was held on Tuesday.</p>"
    story.save()
    outcome, body, sql = read(front, url)
    assert outcome == "miss" and touching(sql, "news_byline")
    assert "Budget vote held at last" in body and "held on Tuesday" in body
    assert "Budget vote delayed" not in body
    # The page's metadata in <head> (kept as markup with the article) too.
    head = body.split("</head>")[0]
    assert '<meta property="og:title" content="Budget vote held at last">' in head


def test_a_renamed_section_is_shown_in_the_article_and_the_navigation(front, story):
    url = story.get_absolute_url()
    read(front, url)
    section = story.section
    section.name = "Politics"
    section.save()
    body = read(front, url)[1]
    assert body.count(">Politics</a>") >= 2  # the meta line and the navigation
    assert ">Policy</a>" not in body


def test_the_navigation_follows_a_new_section_and_a_new_slug_on_the_next_page(front, story):
    """The navigation's markup is kept by the sections it lists: a section added or a
    slug changed shows on the next render of any page, in each language."""
    url = story.get_absolute_url()
    for path in (url, "/", "/uk/"):
        read(front, path)
    pages = ((url, ""), ("/", ""), ("/uk/", "/uk"))

    def nav(path: str) -> str:
        return read(front, path)[1].split('class="site-nav"')[1].split("</nav>")[0]

    factories.section("Culture", "culture", 2)
    for path, prefix in pages:
        assert f'href="{prefix}/section/culture/">Culture</a>' in nav(path)
    section = story.section
    section.slug = "politics"
    section.save()
    for path, prefix in pages:
        shown = nav(path)
        assert f'href="{prefix}/section/politics/">Policy</a>' in shown
        assert f'href="{prefix}/section/culture/">Culture</a>' in shown
        assert "/section/policy/" not in shown


def test_most_read_is_not_recomputed_for_a_comment_but_is_for_a_headline(front, story):
    read_record(article_id=story.pk)
    reads_flush()
    url = story.get_absolute_url()
    assert 'class="most-read"' in read(front, url)[1]
    post_comment(story, name="Petro", text="Another word")
    assert not touching(read(front, url)[2], "readership_dailyreads")

    story.refresh_from_db()
    story.headline = "Budget vote held at last"
    story.save()
    _, body, sql = read(front, url)
    assert touching(sql, "readership_dailyreads")
    most_read = body[body.index('class="most-read"') :]
    assert "Budget vote held at last" in most_read[: most_read.index("</section>")]


def test_an_edited_comment_is_rendered_again(front, story, settings):
    moderator = factories.user_with_role("Moderator")
    url = story.get_absolute_url()
    assert "The first word" in read(front, url)[1]
    comment = story.comments.get()
    discussion.comment_edit(comment=comment, user=moderator, text="Words changed by the desk")
    body = read(front, url)[1]
    assert "Words changed by the desk" in body and "The first word" not in body


def test_what_was_computed_while_a_change_committed_is_not_kept():
    computed: list[int] = []

    def compute() -> tuple[int, set[str]]:
        computed.append(1)
        board().bump([EPOCH, "memo-test"])  # a change commits meanwhile
        return len(computed), {"memo-test"}

    with memo.memos_active():
        assert memo.memoised(("memo-test",), compute) == 1
        assert memo.memoised(("memo-test",), compute) == 2  # not kept: computed again

    def steady() -> tuple[int, set[str]]:
        computed.append(1)
        return len(computed), {"memo-test"}

    with memo.memos_active():
        first = memo.memoised(("memo-steady",), steady)
        assert memo.memoised(("memo-steady",), steady) == first
        board().bump([EPOCH, "memo-test"])
        assert memo.memoised(("memo-steady",), steady) == first + 1


def test_outside_a_page_cache_render_nothing_is_memoised():
    calls: list[int] = []

    def compute() -> tuple[int, set[str]]:
        calls.append(1)
        return len(calls), set()

    assert memo.memoised(("memo-outside",), compute) == 1
    assert memo.memoised(("memo-outside",), compute) == 2


def test_a_publication_in_its_section_reloads_the_related_list_not_the_article(front, story):
    url = story.get_absolute_url()
    read(front, url)
    factories.article(headline="Recount ordered in the capital", section_obj=story.section)
    outcome, body, sql = read(front, url)
    assert outcome == "miss"
    related = body[body.index('class="related"') :]
    assert "Recount ordered in the capital" in related
    assert not touching(sql, "news_articlesource")  # the article itself: from its memo


def test_a_translation_going_live_is_linked_from_the_original(front, story):
    url = story.get_absolute_url()
    ukrainian = factories.article(
        headline="Голосування щодо бюджету відкладено",
        language="uk",
        status=Article.Status.DRAFT,
        section_obj=factories.section("Спорт", "sport-uk", 5),
    )
    story.translations.add(ukrainian)
    assert '<link rel="alternate" hreflang="uk"' not in read(front, url)[1]
    ukrainian.refresh_from_db()
    ukrainian.status = Article.Status.PUBLISHED
    ukrainian.published_at = story.published_at
    ukrainian.save()
    alternate = f'<link rel="alternate" hreflang="uk" href="{ukrainian.get_absolute_url()}">'
    assert alternate in read(front, url)[1]


def test_renamed_tags_and_authors_are_shown_on_the_next_miss(front, settings):
    settings.DISCUSSION_DEFAULT_MODE = "open"
    writer = factories.author("Iryna Koval")
    story = factories.article(tags=["Budget"], authors=[writer])
    url = story.get_absolute_url()
    read(front, url)
    tag = story.tags.get()
    tag.name = "State budget"
    tag.save()
    writer.name = "Iryna Koval-Shevchenko"
    writer.save()
    body = read(front, url)[1]
    assert ">State budget</a>" in body and ">Iryna Koval-Shevchenko</a>" in body


def test_a_thread_closes_by_itself_behind_its_memo(front, story, settings):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    settings.DISCUSSION_CLOSE_AFTER_DAYS = 3
    story.published_at = timezone.now() - dt.timedelta(days=3) + dt.timedelta(minutes=5)
    story.save()
    url = story.get_absolute_url()
    assert "Add a comment" in read(front, url)[1]
    assert read(front, url)[0] == "hit"
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=6), tick=True):
        outcome, body, _ = read(front, url)
    assert outcome == "miss"
    assert "This discussion is closed to new comments." in body and "Add a comment" not in body


def test_featuring_a_comment_shows_on_the_next_miss(front, story):
    moderator = factories.user_with_role("Moderator")
    url = story.get_absolute_url()
    assert "Featured comments" not in read(front, url)[1]
    discussion.comment_set_featured(comment=story.comments.get(), user=moderator, featured=True)
    body = read(front, url)[1]
    assert "Featured comments" in body and 'id="featured-' in body


def test_with_debug_on_nothing_is_memoised(settings):
    """A developer editing templates sees each edit on the next request."""
    settings.DEBUG = True
    renders: list[int] = []

    def render() -> str:
        renders.append(1)
        return f"<p>{len(renders)}</p>"

    assert memo.fragment(("memo-debug",), render) == "<p>1</p>"
    assert memo.fragment(("memo-debug",), render) == "<p>2</p>"
    computed: list[int] = []

    def compute() -> tuple[int, set[str]]:
        computed.append(1)
        return len(computed), set()

    with memo.memos_active():
        assert memo.memoised(("memo-debug",), compute) == 1
        assert memo.memoised(("memo-debug",), compute) == 2


def read_as_poster(front: PageCacheFront, path: str) -> tuple[str, str, list[str]]:
    """A GET from a reader who has just posted: the front lets it through to Django."""
    return front_read(front, path, cookie="bs_posted=1")


def test_a_reader_who_bypasses_the_cache_gets_their_own_form_and_the_shared_thread(front, story):
    url = story.get_absolute_url()
    read(front, url)  # the shared parts, as the page cache made them
    post_comment(story, name="Petro", text="Fresh from the poster")
    outcome, body, sql = read_as_poster(front, url)
    assert outcome == "bypass"
    assert "Fresh from the poster" in body and "The first word" in body
    start = body.index('id="comment-form"')
    form = body[start : body.index("</form>", start)]
    assert 'name="form_token"' in form
    assert 'name="csrfmiddlewaretoken" value=""' not in form  # this reader's own token
    assert 'class="captcha-question" id="captcha-question"></p>' not in form  # a question
    assert not touching(sql, "news_byline")  # the article came from its memo
    again = read_as_poster(front, url)
    assert again[0] == "bypass" and not touching(again[2], "discussion_comment")
    # The form's markup is made once; each render gets values of its own all the same.
    tokens = [
        re.findall(r'name="(?:form_token|captcha)" value="([^"]+)"', b) for b in (body, again[1])
    ]
    assert len(tokens[0]) == 2 and not set(tokens[0]) & set(tokens[1])


def _form_urls(body: str) -> tuple[str, ...]:
    start = body.index('id="comment-form"')
    tag = body[body.rindex("<form", 0, start) : body.index(">", start)]
    return tuple(re.findall(r'(?:action|data-post)="([^"]+)"', tag))


def test_each_articles_form_posts_to_its_own_article(front, story):
    """The form's markup is made once per language for every article (its id put in
    its URLs): the second article's page, shared and per reader, posts to itself."""
    other = Article.objects.exclude(pk=story.pk).get()
    for reader in (read, read_as_poster):
        seen = {}
        for article in (story, other, story):
            outcome, body, _ = reader(front, article.get_absolute_url())
            assert outcome in ("miss", "hit", "bypass")
            seen[article.pk] = _form_urls(body)
        shared = reader is read
        for pk, urls in seen.items():
            post = f"/comments/post/{pk}/"
            assert urls == ((f"/comments/start/{pk}/", post) if shared else (post,))


def test_a_kept_form_follows_the_script_prefix(story):
    """The shared form's markup, made once under `/`, is not given to a site mounted
    under a prefix: there its URLs carry the prefix."""
    from django.urls import clear_script_prefix, set_script_prefix

    from broadsheet.discussion.forms import CommentForm
    from broadsheet.discussion.templatetags.discussion import shared_comment_form

    plain = shared_comment_form(CommentForm.shared(), story)
    assert f'action="/comments/start/{story.pk}/"' in plain
    set_script_prefix("/mounted/")
    try:
        mounted = shared_comment_form(CommentForm.shared(), story)
    finally:
        clear_script_prefix()
    assert f'action="/mounted/comments/start/{story.pk}/"' in mounted
    assert f'data-post="/mounted/comments/post/{story.pk}/"' in mounted
