"""What a proxy in front is told after a change: the first pages of what the tags name,
in every language, and the feeds and sitemaps that show them."""

from __future__ import annotations

import pytest

from broadsheet.news.cachetags import tags_of_article
from broadsheet.public.purge import paths_for_tags
from tests.support import factories

pytestmark = pytest.mark.django_db


def test_a_published_article_names_its_page_lists_and_feeds():
    section = factories.section("Policy", "policy")
    article = factories.article(section_obj=section, tags=["Grain"])
    paths = paths_for_tags(tags_of_article(article))
    slug = article.slug
    for expected in [
        f"/news/{slug}/",
        f"/uk/news/{slug}/",
        f"/ru/news/{slug}/",
        "/",
        "/uk/",
        "/section/policy/",
        "/ru/section/policy/",
        "/tag/grain/",
        "/latest/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/section/policy/rss/",
        "/feeds/tag/grain/atom/",
        f"/feeds/news/{slug}/comments/rss/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/sitemap-articles.xml",
    ]:
        assert expected in paths, expected
    other = factories.section("Sport", "sport")
    assert other.get_absolute_url() not in paths


def test_a_comment_names_only_its_article_and_the_comment_feeds():
    article = factories.article()
    paths = paths_for_tags({f"a:{article.pk}", "comments"})
    assert "/" not in paths and "/feeds/comments/rss/" in paths
    assert article.get_absolute_url() in paths


def test_a_deleted_object_names_nothing():
    assert paths_for_tags({"a:999999", "section:999999"}) == []
