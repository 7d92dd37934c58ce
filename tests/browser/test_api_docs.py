"""The API's documentation page works in a real browser under the site's strict
Content-Security-Policy, its assets served by the site itself (no CDN)."""

from __future__ import annotations

from typing import Any

from tests.support import factories


def test_the_api_docs_page_lists_every_operation_with_no_csp_error(
    page: Any, live_server: Any
) -> None:
    factories.article()
    messages: list[str] = []
    outside: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server.url) else outside.append(request.url)
        ),
    )
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() >= 10
    assert messages == []
    assert outside == []
