"""An editor works the desk in a real browser; an author cannot publish."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from broadsheet.news.models import Article
from tests.support import factories

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-1"


def log_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/desk/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base_url + "/desk/")


def test_editor_writes_and_schedules_an_article_that_appears_when_due(live_server, page):
    factories.section("Policy")
    factories.user_with_role("Editor", username="ed", password=PASSWORD)
    log_in(page, live_server.url, "ed")
    page.goto(live_server.url + "/desk/news/article/add/")
    page.locator("#id_headline").press_sequentially("Scheduled from the browser")
    assert page.input_value("#id_slug") == "scheduled-from-the-browser"
    page.fill("#id_standfirst", "A standfirst typed by an editor.")
    editor = page.locator(".ProseMirror:visible").first
    editor.click()
    page.keyboard.type("A paragraph typed into the rich-text editor.")
    page.select_option("#id_section", label="Policy")
    # Far enough ahead that a slow machine cannot reach it while the editor types; the
    # clock is then moved to it (the server runs in this process), nothing else touched.
    due = timezone.localtime(timezone.now() + dt.timedelta(minutes=10)).replace(microsecond=0)
    page.fill("#id_published_at", due.strftime("%Y-%m-%dT%H:%M:%S"))
    page.click('input[name="_publish"]')
    page.wait_for_selector(".messagelist")
    assert "Scheduled for" in page.inner_text(".messagelist")

    article = Article.objects.get(slug="scheduled-from-the-browser")
    assert article.status == Article.Status.SCHEDULED
    assert "rich-text editor" in article.body

    page.goto(live_server.url + "/")
    assert "Scheduled from the browser" not in page.content()
    assert page.goto(live_server.url + article.get_absolute_url()).status == 404

    with time_machine.travel(due + dt.timedelta(seconds=1), tick=True):
        page.goto(live_server.url + "/")
        assert "Scheduled from the browser" in page.content()
        assert page.goto(live_server.url + article.get_absolute_url()).status == 200
    assert Article.objects.get(pk=article.pk).status == Article.Status.SCHEDULED  # no worker


def test_author_has_no_way_to_publish(live_server, page):
    section = factories.section("Policy")
    user = factories.user_with_role("Author", username="au", password=PASSWORD)
    draft = factories.article(
        headline="Author draft",
        status=Article.Status.DRAFT,
        published_at=None,
        created_by=user,
        section_obj=section,
    )
    log_in(page, live_server.url, "au")
    page.goto(live_server.url + f"/desk/news/article/{draft.pk}/change/")
    assert page.locator('input[name="_publish"]').count() == 0
    assert page.locator("#id_published_at").count() == 0
    page.click('input[name="_submit"]')
    page.wait_for_selector(".messagelist")
    assert Article.objects.get(pk=draft.pk).status == Article.Status.REVIEW
    page.goto(live_server.url + draft.get_absolute_url())
    assert "Author draft" not in page.inner_text("main")
