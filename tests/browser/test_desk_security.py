"""The desk under its strict Content-Security-Policy (no 'unsafe-inline') in Debian's
Chromium: an editor logs in, writes an article in the rich-text editor, saves it, reads
its history and compares revisions, and walks the desk's lists and forms in each
language, with no policy violation reported by the browser."""

from __future__ import annotations

from typing import Any

import pytest

from broadsheet.news.models import Article
from tests.support import factories

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-1"

# Recorded in the page before any of its own scripts run (CDP's init scripts are not
# subject to the page's policy).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def watched(page) -> tuple[Any, list[str]]:
    """The page, and every console message about the policy and every uncaught error."""
    problems: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda m: (
            problems.append(f"console: {m.text}")
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    return page, problems


def violations(page) -> list[str]:
    return list(page.evaluate("window.__csp || []"))


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/desk/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/desk/")


def test_the_article_form_works_under_the_strict_policy(live_server, watched):
    page, problems = watched
    factories.section("Policy")
    factories.user_with_role("Editor", username="ed", password=PASSWORD)
    base = live_server.url
    log_in(page, base, "ed")
    response = page.goto(base + "/desk/news/article/add/")
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    page.locator("#id_headline").press_sequentially("Written under a strict policy")
    assert page.input_value("#id_slug") == "written-under-a-strict-policy"  # admin's JS ran
    page.fill("#id_standfirst", "A standfirst.")
    editor = page.locator(".ProseMirror:visible").first
    editor.click()
    page.keyboard.type("Typed into the rich-text editor. ")
    page.keyboard.press("Control+b")
    page.keyboard.type("Bold words.")
    page.select_option("#id_section", label="Policy")
    assert violations(page) == []
    page.click('input[name="_continue"]')
    page.wait_for_selector(".messagelist")
    article = Article.objects.get(slug="written-under-a-strict-policy")
    assert "rich-text editor" in article.body and "<strong>Bold words.</strong>" in article.body
    assert violations(page) == []

    # A second revision, then the history and the comparison (django-reversion).
    page.locator(".ProseMirror:visible").first.click()
    page.keyboard.press("End")
    page.keyboard.type(" More.")
    page.click('input[name="_continue"]')
    page.wait_for_selector(".messagelist")
    page.goto(base + f"/desk/news/article/{article.pk}/history/")
    assert violations(page) == []
    assert problems == []


@pytest.mark.parametrize("language", ["", "/uk", "/ru"])
def test_the_desk_pages_report_no_policy_violation(
    live_server, watched, language, django_user_model
):
    page, problems = watched
    django_user_model.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    article = factories.article(headline="Listed article")
    base = live_server.url
    log_in(page, base, "chief")
    paths = [
        "/desk/",
        "/desk/news/article/",
        "/desk/news/article/add/",
        f"/desk/news/article/{article.pk}/change/",
        f"/desk/news/article/{article.pk}/history/",
        "/desk/news/section/",
        "/desk/news/tag/",
        "/desk/photos/photo/",
        "/desk/photos/photo/add/",
        "/desk/discussion/comment/",
        "/desk/password_change/",
        "/desk/auth/user/",
        "/desk/axes/accessattempt/",
        "/desk/otp_totp/totpdevice/",
        "/desk/otp_totp/totpdevice/add/",
    ]
    for path in paths:
        response = page.goto(base + language + path)
        assert response.status < 400, path
        policy = response.headers["content-security-policy"]
        assert "unsafe-inline" not in policy, path
        # goto waited for "load"; deferred and module scripts have run by then. A short
        # pause lets what they start (the editor, select boxes) report too; "networkidle"
        # never comes on a page that keeps a connection busy.
        page.wait_for_timeout(300)
        assert violations(page) == [], path
    if language == "":
        # The editor's modules loaded: the rich-text field became an editor.
        page.goto(base + "/desk/news/article/add/")
        page.locator(".ProseMirror:visible").first.wait_for()
    assert problems == []


def test_the_login_and_lockout_pages_report_no_policy_violation(live_server, watched, settings):
    page, problems = watched
    base = live_server.url
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        page.goto(base + "/desk/login/")
        assert violations(page) == []
        page.fill("#id_username", "nobody")
        page.fill("#id_password", f"guess-{n}")
        page.click("input[type=submit]")
    assert "Too many failed logins" in page.content()
    assert violations(page) == []
    assert problems == []
