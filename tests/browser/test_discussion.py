"""The discussion in a real browser: palette, posting with and without JavaScript,
errors that keep the text, and an accessibility audit of the form and palette."""

from __future__ import annotations

import urllib.request
from typing import Any

import pytest

from broadsheet.discussion.models import Comment
from tests.support import factories
from tests.support.webclient import solve_question

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.DISCUSSION_MIN_SUBMIT_SECONDS = 0
    settings.DISCUSSION_TRUST_THRESHOLD = 0
    settings.DISCUSSION_QUIET_HOURS = ""
    settings.DISCUSSION_DEFAULT_MODE = "open"
    settings.DISCUSSION_POW_MAX_NUMBER = 20000
    settings.DISCUSSION_MAIL_IN_THREAD = False


@pytest.fixture
def article_url(front_url: str) -> str:
    """The article as readers get it in production: through the page cache, already
    stored by an earlier reader, so the browser gets a stored copy with its own form."""
    url = front_url + factories.article(headline="Will the coalition hold?").get_absolute_url()
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.headers["X-Page-Cache"] == "miss"
    return url


def fill(page: Any, *, name: str = "Olena", text: str = "", answer: str | None = None) -> None:
    """Fill the form as a reader does. On a stored page the question shows once the
    script has fetched this reader's values, which turning to the form starts."""
    page.fill("#id_name", name)
    if text:
        page.fill("#id_text", text)
    page.locator("#id_answer").wait_for(state="visible")
    question = page.text_content("#captcha-question") or ""
    page.fill("#id_answer", answer if answer is not None else solve_question(question))


def test_palette_inserts_the_code_at_the_cursor_and_returns_focus(page, article_url):
    page.goto(article_url)
    buttons = page.locator("#smiley-palette .smiley-button")
    assert buttons.count() == 18
    assert page.get_by_role("button", name=":lol:").count() == 1
    page.fill("#id_text", "Hello world")
    page.evaluate(
        "() => { const t = document.getElementById('id_text');"
        " t.focus(); t.setSelectionRange(5, 5); }"
    )
    page.get_by_role("button", name=":lol:").click()
    assert page.input_value("#id_text") == "Hello :lol: world"
    assert page.evaluate("document.activeElement.id") == "id_text"
    caret = page.evaluate("document.getElementById('id_text').selectionStart")
    assert caret == len("Hello :lol:")
    # From the keyboard: Enter and Space on a smiley insert it too.
    page.get_by_role("button", name=":-?").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="8)").focus()
    page.keyboard.press(" ")
    assert page.input_value("#id_text") == "Hello :lol: :-? 8) world"


def test_comment_posted_with_javascript_appears_without_reload(page, article_url):
    assert page.goto(article_url).headers["x-page-cache"] == "hit"
    page.evaluate("window.__sameDocument = true")
    # The stored page asks nothing: this reader's question is fetched by the script.
    fill(page, text="Great piece :D and 12:30 stays")
    first_question = page.text_content("#captcha-question")
    assert first_question
    page.click("button.comment-submit")
    item = page.locator("#comment-list li.comment")
    item.first.wait_for()
    assert item.count() == 1
    assert item.first.locator('img.smiley[alt=":D"]').count() == 1
    assert "12:30 stays" in item.first.inner_text()
    assert page.evaluate("window.__sameDocument") is True  # no reload
    assert page.text_content("#comment-count") == "1"
    assert page.input_value("#id_text") == ""
    assert page.input_value("#id_name") == "Olena"
    assert "published" in (page.text_content("#comment-form-status") or "")
    assert Comment.objects.get().status == Comment.Status.APPROVED  # proof of work solved
    # The question is spent: hidden until the reader turns to the form again, which
    # fetches a new one; a second comment from the same page posts with it.
    first_token = page.input_value("input[name=form_token]")
    assert page.locator("#id_answer").is_hidden()
    fill(page, text="Second one")
    assert page.input_value("input[name=form_token]") != first_token
    page.click("button.comment-submit")
    page.wait_for_function("() => document.getElementById('comment-count').textContent === '2'")
    assert Comment.objects.count() == 2


def test_wrong_answer_keeps_the_text_and_explains_next_to_the_field(page, article_url):
    page.goto(article_url)
    fill(page, text="My long considered view", answer="-1")
    page.click("button.comment-submit")
    error = page.locator("#id_answer_error")
    error.wait_for()
    assert "not right" in error.inner_text()
    assert page.get_attribute("#id_answer", "aria-invalid") == "true"
    assert "id_answer_error" in (page.get_attribute("#id_answer", "aria-describedby") or "")
    assert page.input_value("#id_text") == "My long considered view"
    assert page.input_value("#id_name") == "Olena"
    assert page.evaluate("document.activeElement.id") == "id_answer"
    assert not Comment.objects.exists()
    fill(page, text="")
    page.click("button.comment-submit")
    page.locator("#comment-list li.comment").first.wait_for()
    assert Comment.objects.get().text == "My long considered view"


def test_posting_works_without_javascript(browser, article_url, settings):
    """The stored page's form sends the text to a first step, which asks the question
    on a page of its own with every word kept; answering it posts."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()

        def first_step(text: str) -> None:
            page.goto(article_url)
            assert page.locator("#id_answer").is_hidden()
            assert "next page" in page.inner_text("#captcha-next")
            page.fill("#id_name", "Olena")
            page.fill("#id_text", text)
            page.click("button.comment-submit")
            assert "/comments/start/" in page.url
            assert page.input_value("#id_text") == text
            assert page.input_value("#id_name") == "Olena"

        first_step("No script here :-)")
        assert page.locator("#smiley-palette").is_hidden()
        fill(page)
        page.click("button.comment-submit")
        # No proof of work without JavaScript: held for a moderator, and told so.
        assert "/held/" in page.url
        assert "approved" in page.inner_text("main")
        comment = Comment.objects.get()
        assert comment.reasons == ["no_proof_of_work"]
        # Having posted, the reader skips the page cache for a while: their own render
        # of the page asks the question at once, in one step.
        settings.DISCUSSION_POW_ENABLED = False
        page.goto(article_url)
        fill(page, text="Straight in :-)")
        page.click("button.comment-submit")
        assert "#comment-" in page.url
        shown = page.locator("#comment-list li.comment")
        assert shown.count() == 1 and shown.locator('img[alt=":-)"]').count() == 1
        # A wrong answer brings the form back with the text intact, in either step.
        context.clear_cookies()
        first_step("Keep me")
        fill(page, answer="nonsense")
        page.click("button.comment-submit")
        assert page.input_value("#id_text") == "Keep me"
        assert "not right" in page.inner_text("#id_answer_error")
    finally:
        context.close()


def test_form_and_palette_pass_axe(browser, article_url, axe_violations):
    violations = axe_violations(article_url)
    inside = [
        v
        for v in violations
        if any(
            "#comments" in str(node.get("target")) or "comment" in str(node.get("html"))
            for node in v["nodes"]
        )
    ]
    assert inside == [], inside
    # Audit the discussion section alone, also in its error state.
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(article_url)
        fill(page, name="Olena", text="x", answer="-1")
        page.click("button.comment-submit")
        page.locator(".field-error").first.wait_for()
        result = Axe().run(page, context="#comments").response["violations"]
        assert result == [], result
    finally:
        context.close()


def test_focus_is_visible_on_palette_buttons(page, article_url):
    page.goto(article_url)
    page.get_by_role("button", name=":D").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
