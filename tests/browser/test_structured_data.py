"""JSON-LD under the strict Content-Security-Policy, in a real Chromium.

`script-src 'self'` forbids inline scripts; a `<script type="application/ld+json">` is a
data block the browser never executes, so the policy must neither block nor report it,
and its text must read back as the JSON that was meant.
"""

from __future__ import annotations

import json

import pytest

from tests.support import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_json_ld_is_readable_and_raises_no_csp_violation_in_chromium(live_server, page):
    article = factories.article(
        headline="Quotes “survive” & </script> does not",
        authors=[factories.author()],
        tags=["EU"],
        sources=[("dnipro.example", "https://dnipro.example/b")],
    )
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    response = page.goto(live_server.url + article.get_absolute_url())
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")

    blocks = page.eval_on_selector_all(
        'head script[type="application/ld+json"]', "els => els.map(e => e.textContent)"
    )
    data = {item["@type"]: item for item in map(json.loads, blocks)}
    assert data["NewsArticle"]["headline"] == "Quotes “survive” & </script> does not"
    assert data["BreadcrumbList"]["itemListElement"][-1]["position"] == 3
    assert page.evaluate("window.__cspViolations") == []
    assert not [line for line in console if "Content Security Policy" in line]
