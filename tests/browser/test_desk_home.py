"""The desk in a real browser (Debian's Chromium): its home, article list, article form,
comment queue and wire queue pass axe with no violation and the Nu checker with no
error, work with the keyboard alone, and fit a 360 px wide phone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from broadsheet.discussion.models import Comment
from broadsheet.news.models import Article
from broadsheet.readership.models import DailyReads
from tests.support import factories
from tests.support.htmlcheck import html_errors

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-1"


@pytest.fixture
def newsroom() -> dict[str, Any]:
    """A small outlet's desk with something in every panel of the chief's home."""
    chief = factories.user_with_role("Editor-in-chief", username="chief", password=PASSWORD)
    author = factories.user_with_role("Author")
    section = factories.section("Politics")
    writer = factories.author("Olena Kovalenko")
    live = factories.article(headline="Council votes on the budget", authors=[writer])
    factories.article(
        headline="Draft about the bridge", status=Article.Status.DRAFT, created_by=chief
    )
    factories.article(
        headline="Review the port story", status=Article.Status.REVIEW, created_by=author
    )
    factories.article(
        headline="Tonight's election preview",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + dt.timedelta(hours=6),
        section_obj=section,
    )
    today = timezone.localdate()
    for n in range(30):
        DailyReads.objects.create(article=live, day=today - dt.timedelta(days=n), count=5 + n % 7)
    comments = [
        Comment.objects.create(
            article=live,
            name=f"Reader {n}",
            text=f"Held comment number {n} about the budget.",
            form_token=f"token-{n}",
            text_hash=f"hash-{n}",
        )
        for n in range(3)
    ]
    return {"chief": chief, "article": live, "comments": comments}


def log_in(page: Any, base: str) -> None:
    page.goto(base + "/desk/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/desk/")


@pytest.fixture
def audit(browser: Any, live_server: Any, newsroom: dict[str, Any]) -> Iterator[Any]:
    """A logged-in page in a context that admits axe's script (bypass_csp), resizable."""
    ctx = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(15_000)
    page = ctx.new_page()
    log_in(page, live_server.url)
    yield page
    ctx.close()


def desk_pages(newsroom: dict[str, Any]) -> dict[str, str]:
    article = newsroom["article"]
    return {
        "home": "/desk/",
        "home-uk": "/uk/desk/",
        "article-list": "/desk/news/article/",
        "article-form": f"/desk/news/article/{article.pk}/change/",
        "article-add": "/desk/news/article/add/",
        "comment-queue": "/desk/discussion/comment/?status__exact=pending",
        "wire-queue": "/desk/wire/",
    }


def violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in found]


@pytest.mark.parametrize("width", [1280, 360])
def test_desk_pages_have_no_axe_violations(live_server, audit, newsroom, width):
    audit.set_viewport_size({"width": width, "height": 800})
    found = {}
    for name, path in desk_pages(newsroom).items():
        audit.goto(live_server.url + path)
        problems = violations(audit)
        if problems:
            found[name] = problems
    assert not found


def test_desk_pages_are_valid_html(live_server, audit, newsroom, tmp_path):
    pages = {}
    for name, path in desk_pages(newsroom).items():
        response = audit.request.get(live_server.url + path)
        assert response.status == 200, path
        pages[name] = response.body()
    errors = html_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("path", ["/desk/", "/desk/discussion/comment/?status__exact=pending"])
def test_home_and_comment_queue_fit_a_360_px_phone(live_server, audit, newsroom, path):
    audit.set_viewport_size({"width": 360, "height": 740})
    audit.goto(live_server.url + path)
    overflow = audit.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than the phone"


def test_comment_queue_shortcuts_approve_and_remove_with_the_keyboard(live_server, page, newsroom):
    first, second, third = newsroom["comments"]
    log_in(page, live_server.url)
    page.goto(live_server.url + "/desk/discussion/comment/?status__exact=pending")
    assert page.is_visible("#kb-help")
    # Newest first: j goes to the top row (the third comment), a approves it.
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.wait_for_selector(".messagelist")
    third.refresh_from_db()
    assert third.status == Comment.Status.APPROVED
    # Two rows left: j, j to the second (the first comment), r removes it.
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("r")
    page.wait_for_selector(".messagelist")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Comment.Status.REMOVED and second.status == Comment.Status.PENDING


def test_home_language_is_chosen_with_the_keyboard(live_server, page, newsroom):
    log_in(page, live_server.url)
    page.locator("#id_language_0").focus()
    page.keyboard.press("ArrowDown")  # English -> Українська
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    # The POST and its redirect take a moment: wait for the new page's heading, not for
    # the load state of the page still shown.
    page.locator("h1", has_text="Ваша редакція").wait_for(timeout=15000)
    assert page.inner_text("h1") == "Ваша редакція"
    assert "Ваші чернетки" in page.inner_text("#content-main")
    newsroom["chief"].refresh_from_db()
    assert newsroom["chief"].desk_profile.language == "uk"


def test_article_list_sorts_by_reads_with_the_keyboard(live_server, page, newsroom):
    log_in(page, live_server.url)
    page.goto(live_server.url + "/desk/news/article/")
    page.locator("th.column-read_count a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**o=*")
    first_row = page.locator("#result_list tbody tr").first.inner_text()
    assert "Council votes on the budget" not in first_row  # fewest reads first
    page.locator("th.column-read_count .text a").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**o=-*")
    assert "Council votes on the budget" in page.locator("#result_list tbody tr").first.inner_text()


def test_desk_error_page_has_no_axe_violations(live_server, audit):
    response = audit.goto(live_server.url + "/uk/desk/no-such-page/")
    assert response.status == 404
    assert "Сторінку не знайдено" in audit.inner_text("h1")
    assert violations(audit) == []
    audit.set_viewport_size({"width": 360, "height": 740})
    assert violations(audit) == []
