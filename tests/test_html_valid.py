"""Public pages are valid HTML5 according to the Nu Html Checker (vnu.jar, run on Java)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from broadsheet.news.models import Article
from tests import factories

VNU = (
    Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)

pytestmark = pytest.mark.django_db


def validate(pages: dict[str, str], tmp_path: Path) -> list[str]:
    files = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]


def test_public_pages_have_no_html_errors(client, tmp_path):
    assert VNU.exists() and shutil.which("java"), "bin/test installs vnu.jar (npm) and Java"
    call_command("demo")
    # Times with microseconds, as the desk's "now" gives them.
    fresh = factories.article(headline="Fresh", tags=["Fresh"])
    article = Article.objects.live().exclude(lead_photo=None).first()
    assert article is not None
    urls = {
        "front": "/",
        "latest": "/latest/",
        "section": article.section.get_absolute_url(),
        "tag": article.tags.first().get_absolute_url(),
        "author": article.bylines.first().author.get_absolute_url(),
        "archive": "/archive/",
        "month": f"/archive/{article.published_at:%Y/%m}/",
        "article": article.get_absolute_url(),
        "missing": "/news/no-such-article/",
        "fresh": fresh.get_absolute_url(),
        "ukrainian": "/uk" + article.get_absolute_url(),
        "search": "/search/?q=parliament",
    }
    commented = Article.objects.filter(comments__isnull=False).distinct().first()
    urls["commented"] = commented.get_absolute_url()
    pages = {name: client.get(url).content.decode() for name, url in urls.items()}
    # The comment form sent back with its errors (no JavaScript: a plain POST).
    rejected = client.post(f"/comments/post/{commented.pk}/", {"name": "x", "text": ""})
    assert rejected.status_code == 400
    pages["rejected-comment"] = rejected.content.decode()
    assert validate(pages, tmp_path) == []
