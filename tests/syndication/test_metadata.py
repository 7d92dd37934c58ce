"""Canonical URLs, descriptions, OpenGraph/Twitter tags and JSON-LD, read back with extruct."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser

import extruct
import pytest
from django.utils import timezone

from broadsheet.news import selectors as news_selectors
from broadsheet.syndication import metadata
from tests.support import factories

pytestmark = pytest.mark.django_db


class HeadReader(HTMLParser):
    """Collects <link> and <meta> tags of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.metas: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "link":
            self.links.append(dict(attrs))
        elif tag == "meta":
            self.metas.append(dict(attrs))


def head(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    html = response.content.decode()
    reader = HeadReader()
    reader.feed(html)
    return html, reader


def meta(reader, key):
    return [m["content"] for m in reader.metas if m.get("property") == key or m.get("name") == key]


def links(reader, rel, type_=None):
    return [
        link["href"]
        for link in reader.links
        if link.get("rel") == rel and (type_ is None or link.get("type") == type_)
    ]


def structured(html, url="http://testserver/"):
    """JSON-LD objects by type, and the OpenGraph properties (first value of each)."""
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph"])
    [opengraph] = data["opengraph"]
    properties: dict[str, str] = {}
    for key, value in opengraph["properties"]:
        properties.setdefault(key, value)
    return {item["@type"]: item for item in data["json-ld"]}, properties


def test_article_page_has_canonical_description_opengraph_and_twitter_tags(client, newsroom):
    article = newsroom.article
    url = f"http://testserver{article.get_absolute_url()}"
    html, reader = head(client, article.get_absolute_url() + "?utm_source=x")
    assert links(reader, "canonical") == [url]
    assert meta(reader, "description") == ["A standfirst for the test."]
    _, og = structured(html, url)
    assert og["og:type"] == "article"
    assert og["og:title"] == "Will the coalition hold?"
    assert og["og:description"] == "A standfirst for the test."
    assert og["og:url"] == url
    assert og["og:site_name"] == "Broadsheet"
    assert re.fullmatch(
        r"http://testserver/media/renditions/\d+/test-\d+-1280\.jpg", og["og:image"]
    )
    assert meta(reader, "og:image:width") == ["1280"]
    assert meta(reader, "og:image:alt") == ["A blue test picture"]
    assert meta(reader, "twitter:card") == ["summary_large_image"]
    assert meta(reader, "twitter:title") == ["Will the coalition hold?"]
    assert meta(reader, "twitter:description") == ["A standfirst for the test."]
    assert meta(reader, "twitter:image") == [og["og:image"]]
    assert meta(reader, "article:section") == ["Policy"]
    assert meta(reader, "article:tag") == ["Diplomacy", "EU"]
    assert dt.datetime.fromisoformat(meta(reader, "article:published_time")[0]) == (
        article.published_at.replace(microsecond=0)
    )


def test_article_page_carries_news_article_json_ld(client, newsroom):
    article = newsroom.article
    url = f"http://testserver{article.get_absolute_url()}"
    html, _ = head(client, article.get_absolute_url())
    items, _ = structured(html, url)
    news = items["NewsArticle"]
    assert news["@context"] in ("https://schema.org", "http://schema.org")
    assert news["headline"] == "Will the coalition hold?"
    assert dt.datetime.fromisoformat(news["datePublished"]) == (
        article.published_at.replace(microsecond=0)
    )
    assert dt.datetime.fromisoformat(news["dateModified"]) >= (
        dt.datetime.fromisoformat(news["datePublished"])
    )
    assert news["author"] == [
        {"@type": "Person", "name": w.name, "url": f"http://testserver{w.get_absolute_url()}"}
        for w in newsroom.writers
    ]
    [image] = news["image"]
    assert image["url"].startswith("http://testserver/media/renditions/")
    assert image["width"] == 1280 and image["height"] == 720
    # The photo's credit, in any script, as the page prints it (issue 22).
    assert image["creditText"] == "Олена Гнатюк" and image["caption"] == "Test caption"
    publisher = news["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == "Broadsheet"
    assert publisher["logo"]["url"] == "http://testserver/static/core/logo.png"
    assert news["articleSection"] == "Policy"
    assert news["keywords"] == ["Diplomacy", "EU"]
    assert news["inLanguage"] == "en"
    assert news["isBasedOn"] == [
        {
            "@type": "CreativeWork",
            "name": "kyiv-vedomosti.example",
            "url": "https://kyiv-vedomosti.example/a",
        },
        {
            "@type": "CreativeWork",
            "name": "dnipro.example",
            "url": "https://dnipro.example/b?x=1&y=2",
        },
    ]
    assert news["mainEntityOfPage"]["@id"] == url


def test_publisher_logo_is_a_png_served_from_core_static(client):
    from django.contrib.staticfiles import finders
    from PIL import Image

    path = finders.find("core/logo.png")
    assert path is not None
    with Image.open(path) as logo:
        assert logo.format == "PNG" and logo.size == (512, 512)


def test_article_page_carries_a_breadcrumb_list(client, newsroom):
    article = newsroom.article
    html, _ = head(client, article.get_absolute_url())
    items, _ = structured(html)
    trail = [
        (e["position"], e["name"], e["item"]) for e in items["BreadcrumbList"]["itemListElement"]
    ]
    assert trail == [
        (1, "Broadsheet", "http://testserver/"),
        (2, "Policy", "http://testserver/section/policy/"),
        (3, "Will the coalition hold?", f"http://testserver{article.get_absolute_url()}"),
    ]


def test_article_without_byline_or_photo_names_the_publisher_and_a_summary_card(client, db):
    article = factories.article(authors=[], lead_photo=None)
    html, reader = head(client, article.get_absolute_url())
    items, _ = structured(html)
    assert items["NewsArticle"]["author"][0]["@type"] == "Organization"
    assert "image" not in items["NewsArticle"]
    assert meta(reader, "twitter:card") == ["summary"]
    assert meta(reader, "og:image") == ["http://testserver/static/core/logo.png"]


def test_json_ld_cannot_be_closed_by_a_headline(client, db):
    headline = 'Ends here </script><script>alert("x")</script> & more'
    article = factories.article(headline=headline)
    html, _ = head(client, article.get_absolute_url())
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 2
    assert "</script" not in blocks[0] and "<script" not in blocks[0]
    assert json.loads(blocks[0])["headline"] == headline


def test_front_page_carries_website_with_search_action(client, db):
    factories.article()
    html, reader = head(client, "/")
    items, og = structured(html)
    site = items["WebSite"]
    assert site["name"] == "Broadsheet" and site["url"] == "http://testserver/"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    assert og["og:type"] == "website" and og["og:url"] == "http://testserver/"
    assert links(reader, "canonical") == ["http://testserver/"]


@pytest.mark.parametrize("kind", ["section", "tag", "author"])
def test_list_pages_link_their_own_feeds_besides_the_site_feeds(client, newsroom, kind):
    slug = {"section": "policy", "tag": "eu", "author": newsroom.writers[0].slug}[kind]
    page = {
        "section": "/section/policy/",
        "tag": "/tag/eu/",
        "author": newsroom.writers[0].get_absolute_url(),
    }[kind]
    _, reader = head(client, page)
    assert links(reader, "alternate", "application/rss+xml") == [
        "http://testserver/feeds/rss/",
        f"http://testserver/feeds/{kind}/{slug}/rss/",
    ]
    assert links(reader, "alternate", "application/atom+xml") == [
        "http://testserver/feeds/atom/",
        f"http://testserver/feeds/{kind}/{slug}/atom/",
    ]
    for href in links(reader, "alternate"):
        assert client.get(href.removeprefix("http://testserver")).status_code == 200


def test_section_page_description_comes_from_the_section(client, newsroom):
    _, reader = head(client, "/section/policy/")
    assert meta(reader, "description") == ["Politics at home and abroad."]
    assert meta(reader, "og:description") == ["Politics at home and abroad."]


def test_paginated_list_pages_are_each_their_own_canonical_page(client, settings, db):
    settings.BROADSHEET_PAGE_SIZE = 2
    for _ in range(5):
        factories.article()
    _, first = head(client, "/latest/?utm_campaign=x")
    _, second = head(client, "/latest/?page=2")
    assert links(first, "canonical") == ["http://testserver/latest/"]
    assert links(second, "canonical") == ["http://testserver/latest/?page=2"]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/latest/",
        "/section/policy/",
        "/tag/eu/",
        "/archive/",
        "/archive/2025/01/",
        "ARTICLE",
        "AUTHOR",
    ],
)
def test_every_public_page_has_canonical_description_social_tags_and_site_feeds(
    client, newsroom, url
):
    url = {
        "ARTICLE": newsroom.article.get_absolute_url(),
        "AUTHOR": newsroom.writers[0].get_absolute_url(),
    }.get(url, url)
    _, reader = head(client, url)
    assert links(reader, "canonical") == [f"http://testserver{url}"]
    assert meta(reader, "description")[0].strip()
    for key in (
        "og:title",
        "og:description",
        "og:url",
        "og:type",
        "og:image",
        "twitter:card",
        "twitter:title",
    ):
        assert meta(reader, key), key
    assert "http://testserver/feeds/rss/" in links(reader, "alternate", "application/rss+xml")
    assert "http://testserver/feeds/atom/" in links(reader, "alternate", "application/atom+xml")


def test_not_found_page_still_links_the_site_feeds(client, db):
    response = client.get("/news/no-such-thing/")
    assert response.status_code == 404
    reader = HeadReader()
    reader.feed(response.content.decode())
    assert "http://testserver/feeds/rss/" in links(reader, "alternate", "application/rss+xml")


def test_canonical_and_share_urls_honour_the_base_url_setting(client, settings, newsroom):
    settings.BROADSHEET_BASE_URL = "https://news.example"
    article = newsroom.article
    html, reader = head(client, article.get_absolute_url(), HTTP_HOST="localhost")
    assert links(reader, "canonical") == [f"https://news.example{article.get_absolute_url()}"]
    assert meta(reader, "og:image")[0].startswith("https://news.example/media/")
    items, _ = structured(html)
    assert items["NewsArticle"]["publisher"]["logo"]["url"] == (
        "https://news.example/static/core/logo.png"
    )


def test_canonical_is_built_from_the_request_host_without_a_base_url(client, newsroom):
    _, reader = head(client, "/", HTTP_HOST="localhost")
    assert links(reader, "canonical") == ["http://localhost/"]


def test_page_metadata_reads_only_what_the_page_selector_loaded(
    rf, django_assert_num_queries, newsroom
):
    article = news_selectors.article_get_for_reader(slug=newsroom.article.slug)
    request = rf.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        metadata.page_meta_article(request=request, article=article)
        metadata.page_meta_front(request=request)
        metadata.page_meta_section(request=request, section=newsroom.section, page_number=2)
        metadata.page_meta_default(request=request)
        metadata.page_meta_default(request=None)


def test_scheduled_article_is_dated_by_its_publication_not_its_last_save(client, db):
    article = factories.article(
        status="scheduled", published_at=timezone.now() - dt.timedelta(seconds=5)
    )
    type(article).objects.filter(pk=article.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=1)
    )
    html, _ = head(client, article.get_absolute_url())
    news = structured(html)[0]["NewsArticle"]
    assert news["dateModified"] == news["datePublished"]


# What `syndication/head.html` was (less its file's last newline) before `PageMeta.html`
# wrote the same markup.
HEAD_TEMPLATE = (
    '{% for link in page_meta.links %}<link rel="{{ link.rel }}" href="{{ link.href }}"'
    '{% if link.type %} type="{{ link.type }}"{% endif %}'
    '{% if link.title %} title="{{ link.title }}"{% endif %}>\n'
    "{% endfor %}{% for tag in page_meta.meta_tags %}"
    '<meta {{ tag.attribute }}="{{ tag.key }}" content="{{ tag.content }}">\n'
    "{% endfor %}{{ page_meta.json_ld }}"
)


@pytest.mark.parametrize("language", ["en", "uk"])
def test_head_markup_is_the_templates_byte_for_byte(rf, newsroom, language):
    """`PageMeta.html` escapes every value as a template variable is, for each kind of
    page, with values that need escaping (quotes, ampersands, angle brackets)."""
    from django.template import engines
    from django.utils import translation

    from broadsheet.news.models import Article, Author, Section, Tag

    article = factories.article(
        headline='A "quoted" <b>headline</b> & more',
        tags=["Q&A <tag>"],
        authors=[factories.author(name='O\'Neil & "Co"')],
        sources=[("Source <one> & co", "https://example.org/a?b=1&c=2")],
        lead_photo=factories.photo(),
    )
    Article.objects.filter(pk=article.pk).update(standfirst="Stand <first> & 'quotes'")
    request = rf.get("/news/x/")
    template = engines["django"].from_string(HEAD_TEMPLATE)
    with translation.override(language):
        metas = [
            metadata.page_meta_article(
                request=request, article=news_selectors.article_get_for_reader(slug=article.slug)
            ),
            metadata.page_meta_front(request=request),
            metadata.page_meta_section(request=request, section=Section.objects.first()),
            metadata.page_meta_tag(request=request, tag=Tag.objects.first(), page_number=2),
            metadata.page_meta_author(request=request, author=Author.objects.first()),
            metadata.page_meta_listing(request=request, title='Latest <news> & "more"'),
            metadata.page_meta_default(request=request),
        ]
        for meta in metas:
            assert meta.meta_tags and meta.links
            assert meta.html == template.render({"page_meta": meta})
    assert "&lt;b&gt;headline&lt;/b&gt; &amp; more" in metas[0].html


@pytest.mark.parametrize(
    ("prefix", "phrase"),
    [
        ("", "Translated from Ukrainian"),
        ("/uk", "Перекладено з української"),
        ("/ru", "Переведено с украинского"),
    ],
)
def test_a_machine_translation_says_so_names_its_original_and_carries_it_as_data(
    client, db, prefix, phrase
):
    """A wire desk draft translated from Ukrainian, reviewed and published: the page says
    "Translated from Ukrainian" (in the reader's language) linking the original, and the
    JSON-LD names it as `translationOfWork` besides `isBasedOn` (issue 19)."""
    article = factories.article(
        headline="Grain corridor reopens",
        sources=[("focus.example", "https://focus.example/news/grain")],
        translated_from="uk",
        translation_reviewed=True,
    )
    url = f"http://testserver{prefix}{article.get_absolute_url()}"
    html = client.get(prefix + article.get_absolute_url()).content.decode()
    note = re.search(r'<p class="translated-from">(.*?)</p>', html, re.S)
    assert note is not None and phrase in note.group(1)
    assert 'href="https://focus.example/news/grain"' in note.group(1)
    news = structured(html, url)[0]["NewsArticle"]
    assert news["translationOfWork"]["url"] == "https://focus.example/news/grain"
    assert news["translationOfWork"]["inLanguage"] == "uk"
    assert news["isBasedOn"][0]["url"] == "https://focus.example/news/grain"


def test_an_article_written_here_claims_no_translation(client, db):
    article = factories.article(sources=[("focus.example", "https://focus.example/a")])
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="translated-from"' not in html
    assert "translationOfWork" not in html
