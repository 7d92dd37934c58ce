"""Public pages are valid HTML5 according to the Nu Html Checker (vnu.jar, run on Java)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from broadsheet.news.models import Article
from tests.support import factories
from tests.support.htmlcheck import html_errors

pytestmark = pytest.mark.django_db


def test_public_pages_have_no_html_errors(client, tmp_path):
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
    assert html_errors(pages, tmp_path) == []
