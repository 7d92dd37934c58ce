"""Reader text never becomes markup: XSS vectors posted as name and as text.

The vectors are the suite's own (`tests.support.xss`, about a thousand, made by
combining tags, handlers, URL schemes and encodings). A payload list of one's own (a
file of one payload a line) may be added by naming it in BROADSHEET_EXTRA_XSS_PAYLOADS;
its lines are posted too. It is never required. Every vector goes through the posting service
with its checks, then the thread is opened in Chromium: no dialog may open, and the
discussion may hold no element or attribute but those its templates write.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from broadsheet.discussion.models import Comment
from tests.support import factories
from tests.support.posting import post
from tests.support.xss import xss_vectors

pytestmark = pytest.mark.django_db(transaction=True)
REPO = Path(__file__).resolve().parents[2]
EXTRA_PAYLOADS = Path(os.environ.get("BROADSHEET_EXTRA_XSS_PAYLOADS") or REPO / "no-extra-list")
# Bounds the time: posting takes about 1 ms a vector, the page a few seconds in all.
MAX_VECTORS = 2000


def extra_payloads() -> list[str]:
    """The lines of the payload list named in BROADSHEET_EXTRA_XSS_PAYLOADS, if any."""
    if not EXTRA_PAYLOADS.is_file():
        return []
    lines = EXTRA_PAYLOADS.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip()]


def as_posted(vector: str) -> str:
    # The comment form refuses NUL (Django's ProhibitNullCharactersValidator) and
    # PostgreSQL cannot store it; an HTML parser reads it as U+FFFD, so that stands in.
    return vector.replace("\x00", "\ufffd")


def vectors() -> list[str]:
    items = [as_posted(v) for v in xss_vectors()]
    return list(dict.fromkeys(items + [as_posted(v) for v in extra_payloads()]))[:MAX_VECTORS]


def name_of(vector: str) -> str:
    return vector[:50].strip() or "x"


def test_the_vectors_are_the_suites_own_and_an_extra_list_is_optional(monkeypatch):
    own = xss_vectors()
    assert len(own) >= 600 and len(set(own)) == len(own)
    assert own == xss_vectors()  # deterministic
    monkeypatch.setattr(
        "tests.browser.test_discussion_xss.EXTRA_PAYLOADS", REPO / "no" / "such" / "file"
    )
    assert vectors() == [as_posted(v) for v in own]


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
    settings.DISCUSSION_PAGE_SIZE = MAX_VECTORS
    items = vectors()
    assert len(items) >= 600
    article = factories.article()
    started = time.monotonic()
    for n, payload in enumerate(items):
        post(
            article,
            name=name_of(payload),
            text=f"{n}: {payload}",
            ip=f"10.{n // 250}.{n % 250}.1",
        )
    posting = time.monotonic() - started
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
    # The names were shown as the very text typed (the HTML parser reads CR as LF).
    expected = [name_of(p).replace("\r\n", "\n").replace("\r", "\n") for p in items]
    assert sorted(found["names"]) == sorted(expected)
    # Every script that runs is a file of ours (JSON-LD data blocks do not run).
    scripts = page.evaluate("""[...document.scripts].map(
        s => [s.getAttribute('src'), s.type, !!s.closest('#comments')])""")
    for src, kind, in_discussion in scripts:
        assert (src or "").startswith("/static/") or (
            kind == "application/ld+json" and not in_discussion
        ), scripts
    print(f"{len(items)} vectors posted in {posting:.1f} s")
