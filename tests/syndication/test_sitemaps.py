"""sitemap.xml (an index of paged sitemaps), the Google News sitemap and robots.txt."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from broadsheet.news import services
from broadsheet.news.models import Article
from broadsheet.syndication.sitemaps import ArticleSitemap, BaseSitemap
from tests import factories
from tests.syndication.xmlread import xml_root

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return xml_root(response.content)


def index_entries(client):
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{SM}sitemapindex"
    entries = [
        (s.findtext(f"{SM}loc"), s.findtext(f"{SM}lastmod")) for s in root.findall(f"{SM}sitemap")
    ]
    for _, lastmod in entries:
        assert W3C_DATETIME.match(lastmod), lastmod
    return entries


def locations(client, url):
    root = xml(client, url)
    assert root.tag == f"{SM}urlset"
    return [u.findtext(f"{SM}loc") for u in root.findall(f"{SM}url")]


def test_sitemap_index_lists_every_kind_of_page_with_lastmod(client, newsroom):
    entries = dict(index_entries(client))
    assert set(entries) == {
        f"http://testserver/sitemap-{kind}.xml"
        for kind in ("pages", "articles", "sections", "tags", "authors")
    }
    article = newsroom.article
    assert locations(client, "/sitemap-articles.xml") == [
        f"http://testserver{article.get_absolute_url()}"
    ]
    assert set(locations(client, "/sitemap-tags.xml")) == {
        "http://testserver/tag/diplomacy/",
        "http://testserver/tag/eu/",
    }
    assert set(locations(client, "/sitemap-authors.xml")) == {
        f"http://testserver{w.get_absolute_url()}" for w in newsroom.writers
    }
    assert locations(client, "/sitemap-pages.xml") == [
        "http://testserver/",
        "http://testserver/latest/",
        "http://testserver/archive/",
    ]
    lastmod = xml(client, "/sitemap-articles.xml").findtext(f"{SM}url/{SM}lastmod")
    assert W3C_DATETIME.match(lastmod)
    assert dt.datetime.fromisoformat(lastmod) == article.updated_at.replace(microsecond=0)


def test_sitemap_index_pages_a_sitemap_past_its_limit(client, monkeypatch, db):
    monkeypatch.setattr(BaseSitemap, "limit", 2)
    articles = sorted((factories.article() for _ in range(5)), key=lambda a: (a.published_at, a.pk))
    for a in articles:  # as if each was last edited when it was published
        Article.objects.filter(pk=a.pk).update(updated_at=a.published_at)
    loc = "http://testserver/sitemap-articles.xml"
    pages = [e for e in index_entries(client) if e[0].startswith(loc)]
    assert [p[0] for p in pages] == [loc, f"{loc}?p=2", f"{loc}?p=3"]
    # Oldest first: the first page keeps its date when newer articles arrive.
    assert pages[0][1] < pages[2][1]
    listed = [u for page in (1, 2, 3) for u in locations(client, f"/sitemap-articles.xml?p={page}")]
    assert listed == [f"http://testserver{a.get_absolute_url()}" for a in articles]
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


def test_sitemaps_default_to_the_protocol_limit_of_50000_urls(db):
    assert ArticleSitemap.limit == 50_000


def test_sitemaps_leave_out_unpublished_articles_and_empty_tags(client, db):
    editor = factories.user_with_role("Editor")
    factories.article(headline="Draft", status=Article.Status.DRAFT, tags=["Hidden"])
    withdrawn = factories.article(tags=["Gone"])
    services.article_withdraw(article=withdrawn, user=editor, note="Gone.")
    live = factories.article(tags=["Shown"])
    assert locations(client, "/sitemap-articles.xml") == [
        f"http://testserver{live.get_absolute_url()}"
    ]
    assert locations(client, "/sitemap-tags.xml") == ["http://testserver/tag/shown/"]


def test_news_sitemap_lists_the_last_48_hours_with_publication_language_and_date(
    client, settings, db
):
    settings.SITE_NAME = "Kyiv Ledger"
    fresh = factories.article(
        headline="Talks & “progress”",
        language="uk",
        published_at=timezone.now() - dt.timedelta(hours=47),
    )
    factories.article(headline="Old news", published_at=timezone.now() - dt.timedelta(hours=49))
    factories.article(
        headline="Later",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + dt.timedelta(hours=1),
    )
    root = xml(client, "/sitemap-news.xml")
    [url] = root.findall(f"{SM}url")
    assert url.findtext(f"{SM}loc") == f"http://testserver{fresh.get_absolute_url()}"
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Kyiv Ledger"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "uk"
    assert news.findtext(f"{NEWS}title") == "Talks & “progress”"
    published = news.findtext(f"{NEWS}publication_date")
    assert W3C_DATETIME.match(published)
    assert dt.datetime.fromisoformat(published) == fresh.published_at.replace(microsecond=0)


def test_robots_txt_points_at_both_sitemaps_on_the_requesting_host(client, db):
    response = client.get("/robots.txt", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines and "Disallow: /desk/" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Sitemap: http://localhost/sitemap-news.xml" in lines


def test_sitemaps_and_robots_honour_the_base_url_setting(client, settings, newsroom):
    settings.BROADSHEET_BASE_URL = "https://news.example"
    assert "Sitemap: https://news.example/sitemap.xml" in client.get("/robots.txt").content.decode()
    assert all(loc.startswith("https://news.example/sitemap-") for loc, _ in index_entries(client))
    assert locations(client, "/sitemap-articles.xml") == [
        f"https://news.example{newsroom.article.get_absolute_url()}"
    ]
    assert (
        xml(client, "/sitemap-news.xml")
        .findtext(f"{SM}url/{SM}loc")
        .startswith("https://news.example/news/")
    )


def test_sitemaps_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, db):
    for n in range(12):
        factories.article(tags=[f"Tag{n}"], authors=[factories.author()])
    with django_assert_max_num_queries(11):  # a count and a lastmod per sitemap, and one
        index_entries(client)
    for kind in ("articles", "sections", "tags", "authors", "pages"):
        with django_assert_max_num_queries(2):
            locations(client, f"/sitemap-{kind}.xml")
    with django_assert_max_num_queries(1):
        xml(client, "/sitemap-news.xml")
