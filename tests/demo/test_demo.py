"""`broadsheet demo`: the sample content, loaded twice without harm."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from broadsheet.demo import content
from broadsheet.discussion.models import Comment
from broadsheet.news.models import Article, Correction, Section
from broadsheet.photos.models import Photo

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[\u0400-\u04ff]")


def test_demo_loads_the_sample_site_and_is_safe_to_run_twice(client):
    call_command("demo")
    models = (Article, Photo, Correction, Comment)
    counts = [m.objects.count() for m in models]
    call_command("demo")
    assert [m.objects.count() for m in models] == counts
    assert Comment.objects.filter(status=Comment.Status.APPROVED).count() == len(content.COMMENTS)
    assert Comment.objects.filter(depth__gt=0).exists()
    assert Article.objects.count() >= 12
    assert Article.objects.live().count() >= 12
    assert Section.objects.count() >= 4
    assert Section.objects.filter(name="Policy").exists()
    assert (
        Article.objects.filter(status=Article.Status.SCHEDULED)
        .exclude(pk__in=Article.objects.live())
        .count()
        == 1
    )
    assert Correction.objects.exists()
    assert any(CYRILLIC.search(p.credit) for p in Photo.objects.all())
    assert all(p.renditions and p.alt_text for p in Photo.objects.all())
    for article in Article.objects.all():
        assert article.bylines.exists(), article.slug
        assert article.sources.exists(), article.slug
        assert article.tags.exists(), article.slug
    for article in Article.objects.live():
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200, article.slug


def test_sample_content_is_our_own_with_fictional_sources():
    # Sources must be fictional outlets: the text is written for Broadsheet.
    for spec in content.ARTICLES:
        for _name, url in spec["sources"]:
            assert ".example" in url, (spec["slug"], url)
