"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

The browser is never downloaded: BROADSHEET_CHROMIUM (default /usr/bin/chromium) is used.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# tests in between are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("BROADSHEET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(bypass_csp=False, viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


@pytest.fixture
def axe_violations(browser: Any, live_server: Any) -> Any:
    """Return axe-core's violations for a URL, audited in a context that admits the script."""
    from axe_playwright_python.sync_playwright import Axe

    def run(url: str, viewport_width: int = 1280) -> list[dict[str, Any]]:
        ctx = browser.new_context(
            bypass_csp=True, viewport={"width": viewport_width, "height": 900}
        )
        try:
            audit_page = ctx.new_page()
            audit_page.goto(url)
            return list(Axe().run(audit_page).response["violations"])
        finally:
            ctx.close()

    return run
