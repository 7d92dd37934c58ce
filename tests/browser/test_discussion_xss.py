"""Reader text never becomes markup: 632 XSS payloads posted as name and as text.

Payload list: /work/shared/data/xss-payloads.txt, 632 cross-site-scripting payloads
from the "XSS Injection" folder of swisskyrepo/PayloadsAllTheThings (MIT licence), see
../shared/data/README.md. Every payload goes through the posting service with its
checks, then the thread is opened in Chromium: no dialog may open, and the discussion
may hold no element or attribute but those its templates write.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from broadsheet.discussion.models import Comment
from tests.support import factories
from tests.support.posting import post

pytestmark = pytest.mark.django_db(transaction=True)
REPO = Path(__file__).resolve().parents[2]
PAYLOADS = REPO.parent / "shared" / "data" / "xss-payloads.txt"
ALLOWED_IN_TEXT = {"P", "BR", "A", "IMG"}


def payloads() -> list[str]:
    assert PAYLOADS.exists(), f"{PAYLOADS} is missing: ../shared must lie beside the repository"
    return [line for line in PAYLOADS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_xss_payloads_as_name_and_text_stay_text_in_the_browser(
    page: Any, live_server: Any, settings: Any
):
    settings.DISCUSSION_MIN_SUBMIT_SECONDS = 0
    settings.DISCUSSION_TRUST_THRESHOLD = 0
    settings.DISCUSSION_QUIET_HOURS = ""
    settings.DISCUSSION_POW_ENABLED = False
    settings.DISCUSSION_RATE_PER_IP = "0/60"
    settings.DISCUSSION_RATE_PER_ARTICLE = "0/60"
    settings.DISCUSSION_MAX_LINKS = 1000
    settings.DISCUSSION_DUPLICATE_WINDOW = 0
    settings.DISCUSSION_PAGE_SIZE = 2000
    items = payloads()
    assert len(items) >= 600
    article = factories.article()
    for n, payload in enumerate(items):
        post(
            article,
            name=payload[:50].strip() or "x",
            text=f"{n}: {payload}",
            ip=f"10.{n // 250}.{n % 250}.1",
        )
    assert Comment.objects.filter(status=Comment.Status.APPROVED).count() == len(items)

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + article.get_absolute_url())
    page.wait_for_timeout(1500)  # let any timer or load handler a payload set run
    assert dialogs == []
    found = page.evaluate("""() => {
        const out = {bad: [], texts: 0, names: []};
        for (const li of document.querySelectorAll('#comment-list > li')) {
            for (const el of li.querySelectorAll('*')) {
                for (const attr of el.attributes) {
                    const url = ['href', 'src', 'action', 'formaction', 'xlink:href']
                        .includes(attr.name);
                    if (/^on/i.test(attr.name) || (url && !/^(https?:|\\/)/i.test(attr.value))
                        || attr.name === 'style' || attr.name === 'srcdoc') {
                        out.bad.push(el.outerHTML.slice(0, 120));
                    }
                }
            }
            for (const el of li.querySelectorAll('.comment-text *')) {
                const ok = (el.tagName === 'P' || el.tagName === 'BR')
                    || (el.tagName === 'A' && el.getAttribute('rel') === 'nofollow ugc noopener'
                        && /^https?:/.test(el.getAttribute('href')))
                    || (el.tagName === 'IMG' && el.classList.contains('smiley')
                        && el.getAttribute('src').startsWith('/static/discussion/smilies/'));
                if (!ok) { out.bad.push(el.outerHTML.slice(0, 120)); }
            }
            if (li.querySelector('.comment-author').children.length) {
                out.bad.push(li.querySelector('.comment-author').outerHTML.slice(0, 120));
            }
            out.texts += 1;
            out.names.push(li.querySelector('.comment-author').textContent);
        }
        return out;
    }""")
    assert found["bad"] == [], found["bad"][:10]
    assert found["texts"] == len(items)
    # The names were shown as the very text typed.
    expected = [p[:50].strip() or "x" for p in items]
    assert sorted(found["names"]) == sorted(expected)
    # Every script that runs is a file of ours (JSON-LD data blocks do not run).
    scripts = page.evaluate("""[...document.scripts].map(
        s => [s.getAttribute('src'), s.type, !!s.closest('#comments')])""")
    for src, kind, in_discussion in scripts:
        assert (src or "").startswith("/static/") or (
            kind == "application/ld+json" and not in_discussion
        ), scripts
