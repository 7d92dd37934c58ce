"""Accessibility of the pages readers use most: axe-core finds no violation (WCAG 2.2 AA
rules included) and everything works from the keyboard alone."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from broadsheet.discussion.models import Comment
from broadsheet.news.models import Article
from tests.support.webclient import solve_question

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.DISCUSSION_MIN_SUBMIT_SECONDS = 0
    settings.DISCUSSION_TRUST_THRESHOLD = 0
    settings.DISCUSSION_QUIET_HOURS = ""
    settings.DISCUSSION_POW_MAX_NUMBER = 20000
    settings.DISCUSSION_MAIL_IN_THREAD = False


@pytest.fixture
def commented_article() -> Article:
    call_command("demo")
    article = Article.objects.filter(comments__isnull=False).distinct().first()
    assert article is not None
    return article


@pytest.mark.parametrize("width", [320, 1280])
def test_reader_pages_have_no_axe_violations(live_server, axe_violations, commented_article, width):
    pages = [
        "/",
        commented_article.section.get_absolute_url(),
        commented_article.get_absolute_url(),
        "/search/?q=parliament",
        "/search/?q=zzzzqqq",
        "/uk" + commented_article.get_absolute_url(),
    ]
    for url in pages:
        violations = axe_violations(live_server.url + url, viewport_width=width)
        assert violations == [], (url, [(v["id"], v["nodes"][0]["html"]) for v in violations])


def tab_to(page: Any, selector: str, limit: int = 250) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focus_is_visible(page: Any) -> bool:
    return bool(
        page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; }"
        )
    )


def test_keyboard_only_reader_resizes_text_and_posts_a_comment_with_a_smiley(
    live_server, page, commented_article
):
    page.goto(live_server.url + commented_article.get_absolute_url())
    body_size = "parseFloat(getComputedStyle(document.querySelector('.article-body')).fontSize)"
    before = page.evaluate(body_size)

    # The skip link comes first and takes the reader to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    assert focus_is_visible(page)

    tab_to(page, '[data-text-size="larger"]')
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate(body_size) > before
    assert "percent" in page.inner_text("#text-size-status")

    tab_to(page, "#id_name")
    page.keyboard.type("Keyboard reader")
    tab_to(page, "#id_text")
    page.keyboard.type("Read it twice ")
    tab_to(page, '.smiley-button[data-code=":-)"]')
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    # The code goes in at the cursor and the focus returns to the text.
    assert page.evaluate("document.activeElement.id") == "id_text"
    assert page.input_value("#id_text") == "Read it twice :-)"

    tab_to(page, "#id_answer")
    question = page.text_content("#captcha-question") or ""
    page.keyboard.type(solve_question(question))
    tab_to(page, "button.comment-submit")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.locator("#comment-list li.comment", has_text="Read it twice").wait_for()
    comment = Comment.objects.get(name="Keyboard reader")
    assert comment.text == "Read it twice :-)"
