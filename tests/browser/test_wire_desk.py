"""An editor takes a story from the wire in a real browser, with the keyboard alone."""

from __future__ import annotations

import pytest

from broadsheet.demo.wire import wire_demo_load
from broadsheet.news.models import Article
from broadsheet.wire.models import Item, ItemRevision
from tests.support import factories

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-1"


def test_editor_makes_a_draft_from_the_wire_queue_with_the_keyboard(live_server, page):
    factories.section("Policy")
    factories.user_with_role("Editor", username="wired", password=PASSWORD)
    wire_demo_load()
    item = Item.objects.get(title__startswith="Ночной поезд")

    page.goto(live_server.url + "/desk/login/")
    page.fill("#id_username", "wired")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/desk/")

    page.goto(live_server.url + "/desk/wire/")
    row = page.locator(f"#item-{item.pk}")
    assert "Северный курьер" in row.inner_text()
    assert page.locator(".wire-item").count() == 7
    assert "also in 1 source" in page.inner_text(".wire-queue")
    # Reach the item's button by Tab from its original's link, press Enter.
    row.get_by_role("link", name="Original").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Make a draft"
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk/news/article/*/change/")
    assert "Draft made" in page.inner_text(".messagelist")

    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT and article.language == "ru"
    assert [s.name for s in article.sources.all()] == ["Северный курьер"]
    assert page.input_value("#id_headline") == item.title
    item.refresh_from_db()
    assert item.status == Item.Status.DRAFTED and item.editor is not None

    page.goto(live_server.url + "/desk/wire/")
    assert page.locator(f"#item-{item.pk}").count() == 0  # no longer new


def test_wire_pages_have_no_axe_violations(live_server, browser):
    from axe_playwright_python.sync_playwright import Axe

    factories.section("Policy")
    factories.user_with_role("Editor", username="audited", password=PASSWORD)
    wire_demo_load()
    item = Item.objects.get(title__startswith="Ночной поезд")
    ctx = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(live_server.url + "/desk/login/")
        page.fill("#id_username", "audited")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(live_server.url + "/desk/")
        for path in ("/desk/wire/", "/desk/wire/sources/", f"/desk/wire/items/{item.pk}/"):
            page.goto(live_server.url + path)
            violations = Axe().run(page).response["violations"]
            assert violations == [], (path, [(v["id"], v["nodes"][0]["html"]) for v in violations])
    finally:
        ctx.close()


def test_wire_pages_are_valid_html(client, tmp_path):
    """The queue (filtered, and a later page), the sources and an item, through the Nu
    Html Checker."""
    from tests.support.htmlcheck import html_errors

    factories.section("Policy")
    client.force_login(factories.user_with_role("Editor"))
    wire_demo_load()
    item = Item.objects.get(title__startswith="Ночной поезд")
    ItemRevision.objects.create(
        item=item, title="Ночной поезд вернётся", text="<p>Раньше.</p>", changed=["title", "text"]
    )
    paths = {
        "queue": "/desk/wire/",
        "queue-filtered": "/desk/wire/?status=&language=uk&page=1",
        "sources": "/desk/wire/sources/",
        "item": f"/desk/wire/items/{item.pk}/",
        "item-uk": f"/uk/desk/wire/items/{item.pk}/",
    }
    pages = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, path
        pages[name] = response.content
    assert b'class="diff"' in pages["item"]  # the revision's changes are on the page
    errors = html_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
