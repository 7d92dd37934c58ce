"""The article page in a real browser: every element of the reference page, in order."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support import factories

SMILEY_CODES = [
    ":D",
    ":lol:",
    ":-)",
    ";-)",
    "8)",
    ":-|",
    ":-*",
    ":oops:",
    ":sad:",
    ":cry:",
    ":o",
    ":-?",
    ":-x",
    ":eek:",
    ":zzz",
    ":P",
    ":roll:",
    ":sigh:",
]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_articles():
    policy = factories.section("Policy")
    writer = factories.author("Oksana Test")
    photo = factories.photo(credit="Олена Гнатюк / Broadsheet")
    first = factories.article(
        headline="Will the coalition hold?",
        section_obj=policy,
        published_at=dt.datetime(2025, 1, 8, 21, 41, tzinfo=dt.UTC),
        lead_photo=photo,
        authors=[writer],
        tags=["Diplomacy", "EU"],
        sources=[("kyiv-vedomosti.example", "https://kyiv-vedomosti.example/a")],
        body="<p>“It’s ‘a turning point’,” she said.</p><p>Second paragraph.</p>",
    )
    editor = factories.user_with_role("Editor")
    from broadsheet.news.services import article_add_correction

    article_add_correction(article=first, user=editor, text="A date was corrected.")
    second = factories.article(headline="Another story", section_obj=policy, tags=["EU"])
    return first, second


def body_font_size(page) -> float:
    return float(
        page.eval_on_selector(".article-body", "el => parseFloat(getComputedStyle(el).fontSize)")
    )


def test_article_page_shows_every_element_in_order(live_server, page, two_articles):
    first, _ = two_articles
    page.goto(live_server.url + first.get_absolute_url())
    assert page.title() == "Will the coalition hold?"
    assert page.inner_text("h1") == "Will the coalition hold?"
    assert page.inner_text(".article-header .meta") == "08 January 2025, 23:41 | Policy"
    assert page.get_attribute(".article-header .meta a", "href") == "/section/policy/"
    assert "photo Олена Гнатюк / Broadsheet" in page.inner_text(".lead-photo figcaption")
    assert page.inner_text("#text-size-label") == "Text Size:"
    assert "“It’s ‘a turning point’,” she said." in page.inner_text(".article-body")
    assert page.inner_text(".sources") == "Based on materials: kyiv-vedomosti.example"
    order = page.evaluate(
        """() => ['h1.headline', '.article-header .meta', '.lead-photo', '#text-size',
                  '.article-body', '.corrections', '.sources', '.tags', '.related',
                  '#add-comment-heading', '#comment-form', '#smiley-palette',
                  '#captcha-question'].map(s => {
            const el = document.querySelector(s);
            return el ? [...document.querySelectorAll('*')].indexOf(el) : -1; })"""
    )
    assert -1 not in order, order
    assert order == sorted(order)
    assert page.inner_text("#add-comment-heading") == "Add a comment"
    assert "Enter the correct answer" in page.inner_text("#comment-form")
    codes = page.eval_on_selector_all(".smiley-button img", "els => els.map(e => e.alt)")
    assert codes == SMILEY_CODES


def test_text_size_changes_body_survives_reload_and_follows_to_another_article(
    live_server, page, two_articles
):
    first, second = two_articles
    page.goto(live_server.url + first.get_absolute_url())
    assert page.is_visible("#text-size")
    base = body_font_size(page)
    page.click('[data-text-size="larger"]')
    page.click('[data-text-size="larger"]')
    larger = body_font_size(page)
    assert larger > base
    assert "percent" in page.inner_text("#text-size-status")
    page.reload()
    assert body_font_size(page) == larger
    page.goto(live_server.url + second.get_absolute_url())
    assert body_font_size(page) == larger
    page.click('[data-text-size="reset"]')
    assert body_font_size(page) == base
    page.click('[data-text-size="smaller"]')
    assert body_font_size(page) < base


def test_text_size_control_works_by_keyboard_with_visible_focus(live_server, page, two_articles):
    first, _ = two_articles
    page.goto(live_server.url + first.get_absolute_url())
    base = body_font_size(page)
    page.focus('[data-text-size="smaller"]')
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.dataset.textSize")
    assert focused == "larger"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert body_font_size(page) > base
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert body_font_size(page) == base
    assert page.get_attribute("#text-size-status", "aria-live") == "polite"


def test_page_works_without_javascript(live_server, browser, two_articles):
    first, _ = two_articles
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(live_server.url + first.get_absolute_url())
        assert page.inner_text("h1") == "Will the coalition hold?"
        assert "Second paragraph." in page.inner_text(".article-body")
        # Without the script the control would do nothing, so it stays hidden.
        assert not page.is_visible("#text-size")
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_front_and_article_pages_have_no_axe_violations(
    live_server, axe_violations, two_articles, width
):
    first, _ = two_articles
    for url in ["/", first.get_absolute_url(), "/section/policy/"]:
        violations = axe_violations(live_server.url + url, viewport_width=width)
        assert violations == [], [(v["id"], v["nodes"][0]["html"]) for v in violations]


def test_narrow_phone_has_no_horizontal_scroll(live_server, browser, two_articles):
    first, _ = two_articles
    ctx = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = ctx.new_page()
        for url in ["/", first.get_absolute_url()]:
            page.goto(live_server.url + url)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, url
    finally:
        ctx.close()


def test_no_request_leaves_the_site(live_server, page, two_articles):
    first, _ = two_articles
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(live_server.url + first.get_absolute_url())
    page.goto(live_server.url + "/")
    assert hosts == {live_server.url.split("/")[2]}


def test_text_size_reaches_200_percent_without_losing_content(live_server, page, two_articles):
    """WCAG 1.4.4: the article text can be doubled; the last step is 200% of the
    default, the control then says so and offers no larger, and nothing needs a
    sideways scroll (issue 22: it stopped at 170%)."""
    first, _ = two_articles
    page.goto(live_server.url + first.get_absolute_url())
    base = body_font_size(page)
    larger = '[data-text-size="larger"]'
    for _ in range(12):
        if page.get_attribute(larger, "aria-disabled") == "true":
            break
        page.click(larger)
    assert body_font_size(page) == pytest.approx(base * 2, rel=0.02)
    assert "200" in page.inner_text("#text-size-status")
    assert page.get_attribute(larger, "aria-disabled") == "true"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
