"""RSS 2.0 and Atom 1.0 feeds, read back with feedparser and checked element by element."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from broadsheet.news import services
from broadsheet.news.models import Article, Author
from tests.support import factories
from tests.support.xmlread import fetch, parse, xml_root

pytestmark = pytest.mark.django_db

ATOM_NS = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def assert_rfc822(value: str) -> dt.datetime:
    parsed = email.utils.parsedate_to_datetime(value)
    assert parsed.tzinfo is not None, value
    assert re.match(
        r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$", value
    ), value
    return parsed


def assert_rfc3339(value: str) -> dt.datetime:
    assert RFC3339.match(value), value
    return dt.datetime.fromisoformat(value)


def test_site_rss_feed_carries_full_content_authors_categories_and_photo(client, newsroom):
    article = newsroom.article
    response = fetch(client, "/feeds/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = parse(response)
    assert feed.version == "rss20"
    assert feed.feed.title == "Broadsheet"
    assert feed.feed.link == "http://testserver/"
    entry = feed.entries[0]
    assert entry.title == "Will the coalition hold?"
    assert entry.link == f"http://testserver{article.get_absolute_url()}"
    assert entry.id == entry.link
    assert entry.summary == "A standfirst for the test."
    content = entry.content[0].value
    assert "“Nobody expected it,” said the minister." in content
    assert (
        'Based on materials: <a href="https://kyiv-vedomosti.example/a">'
        'kyiv-vedomosti.example</a>, <a href="https://dnipro.example/b?x=1&amp;y=2">'
        "dnipro.example</a>"
    ) in content
    assert [t.term for t in entry.tags] == ["Policy", "Diplomacy", "EU"]
    assert entry.comments == entry.link + "#discussion"

    # Raw elements: feedparser forgives what RSS 2.0 requires, so read them directly.
    channel = xml_root(response.content).find("channel")
    for required in ("title", "link", "description", "language", "lastBuildDate"):
        assert channel.findtext(required), required
    assert_rfc822(channel.findtext("lastBuildDate"))
    item = channel.find("item")
    assert item.find(CONTENT_ENCODED) is not None
    assert [c.text for c in item.findall(DC_CREATOR)] == [w.name for w in newsroom.writers]
    assert item.find("author") is None  # RSS's <author> must be an e-mail address
    published = assert_rfc822(item.findtext("pubDate"))
    assert published == article.published_at.replace(microsecond=0)
    assert item.find("guid").get("isPermaLink") == "true"


def test_feed_enclosure_is_a_jpeg_rendition_with_its_real_byte_size(client, newsroom):
    response = fetch(client, "/feeds/rss/")
    enclosure = xml_root(response.content).find("channel/item/enclosure")
    assert enclosure.get("type") == "image/jpeg"
    url = enclosure.get("url")
    assert url.startswith("http://testserver/media/renditions/") and url.endswith(".jpg")
    name = url.removeprefix("http://testserver/media/")
    assert int(enclosure.get("length")) == default_storage.size(name) > 0
    with default_storage.open(name, "rb") as handle:
        assert int(enclosure.get("length")) == len(handle.read())

    atom = parse(fetch(client, "/feeds/atom/"))
    [link] = [link for link in atom.entries[0].links if link.rel == "enclosure"]
    assert link.href == url and link.length == enclosure.get("length")


def test_site_atom_feed_has_required_elements_and_rfc3339_dates(client, newsroom):
    article = newsroom.article
    response = fetch(client, "/feeds/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response)
    assert feed.version == "atom10"
    entry = feed.entries[0]
    assert entry.title == article.headline
    assert [a.name for a in entry.authors] == [w.name for w in newsroom.writers]
    assert entry.authors[0].href == f"http://testserver{newsroom.writers[0].get_absolute_url()}"
    assert "Based on materials:" in entry.content[0].value
    assert entry.content[0].type == "text/html"
    assert [t.term for t in entry.tags] == ["Policy", "Diplomacy", "EU"]

    root = xml_root(response.content)
    for required in ("title", "id", "updated", "author/name"):
        assert root.findtext("/".join(ATOM_NS + part for part in required.split("/"))), required
    assert root.find(f"{ATOM_NS}link[@rel='self']").get("href") == "http://testserver/feeds/atom/"
    assert_rfc3339(root.findtext(f"{ATOM_NS}updated"))
    item = root.find(f"{ATOM_NS}entry")
    for required in ("id", "title", "updated", "published"):
        assert item.findtext(ATOM_NS + required), required
    published = assert_rfc3339(item.findtext(f"{ATOM_NS}published"))
    assert published == article.published_at
    assert assert_rfc3339(item.findtext(f"{ATOM_NS}updated")) >= published


def test_atom_entry_without_byline_is_still_valid_through_the_feed_author(client, db):
    factories.article(headline="No byline here", authors=[])
    response = fetch(client, "/feeds/atom/")
    root = xml_root(response.content)
    assert root.findtext(f"{ATOM_NS}author/{ATOM_NS}name") == "Broadsheet"
    assert parse(response).entries[0].title == "No byline here"


@pytest.mark.parametrize("kind", ["section", "tag", "author"])
@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_scoped_feeds_list_only_their_own_articles(client, newsroom, kind, fmt):
    other = factories.article(
        headline="Elsewhere",
        section_obj=factories.section("Economy"),
        tags=["Markets"],
        authors=[factories.author()],
    )
    slug = {
        "section": newsroom.section.slug,
        "tag": "diplomacy",
        "author": newsroom.writers[1].slug,
    }[kind]
    feed = parse(fetch(client, f"/feeds/{kind}/{slug}/{fmt}/"))
    titles = [e.title for e in feed.entries]
    assert titles == [newsroom.article.headline]
    assert other.headline not in titles
    assert feed.feed.title.startswith("Broadsheet: ")
    assert feed.feed.link.startswith("http://testserver/")


def test_feeds_of_unknown_section_tag_or_author_are_not_found(client, db):
    for url in ("/feeds/section/nope/rss/", "/feeds/tag/nope/atom/", "/feeds/author/nope/rss/"):
        assert client.get(url).status_code == 404


def test_feeds_leave_out_drafts_future_scheduled_and_withdrawn_articles(client, db):
    editor = factories.user_with_role("Editor")
    live = factories.article(headline="Live")
    factories.article(headline="Draft", status=Article.Status.DRAFT)
    factories.article(
        headline="Later",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + dt.timedelta(hours=1),
    )
    withdrawn = factories.article(headline="Withdrawn")
    services.article_withdraw(article=withdrawn, user=editor, note="Gone.")
    for url in ("/feeds/rss/", "/feeds/atom/"):
        assert [e.title for e in parse(fetch(client, url)).entries] == [live.headline]


def test_feed_content_is_sanitized_even_when_the_row_bypassed_the_model(client, db):
    article = factories.article()
    Article.objects.filter(pk=article.pk).update(
        body='<p onclick="steal()">Text<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">x</a>'
    )
    response = fetch(client, "/feeds/rss/")
    content = xml_root(response.content).find("channel/item").findtext(CONTENT_ENCODED)
    assert "<script" not in content and "onclick" not in content
    assert "javascript:" not in content
    assert "<p>Text</p>" in content


def test_headline_with_markup_characters_reads_back_unchanged(client, db):
    factories.article(headline="Bread & butter <or> “guns”?")
    for url in ("/feeds/rss/", "/feeds/atom/"):
        assert parse(fetch(client, url)).entries[0].title == "Bread & butter <or> “guns”?"


def test_feed_answers_conditional_requests_with_304(client, newsroom):
    first = fetch(client, "/feeds/rss/")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag and last_modified

    by_etag = client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=etag)
    assert by_etag.status_code == 304
    assert by_etag["ETag"] == etag
    assert by_etag.content == b""
    by_date = client.get("/feeds/rss/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert by_date.status_code == 304

    # Another feed's tag does not match this one.
    atom = fetch(client, "/feeds/atom/")
    assert atom["ETag"] != etag
    assert client.get("/feeds/atom/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_feed_validators_change_when_an_article_is_published_edited_or_withdrawn(client, newsroom):
    editor = factories.user_with_role("Editor")

    def validators():
        response = fetch(client, "/feeds/rss/")
        return response["ETag"], response["Last-Modified"]

    seen = [validators()]
    draft = factories.article(headline="Fresh", status=Article.Status.DRAFT, published_at=None)
    assert validators() == seen[-1]  # a draft changes nothing readers see... yet
    services.article_publish(article=draft, user=editor)
    seen.append(validators())
    assert seen[-1][0] != seen[-2][0]
    assert client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=seen[-2][0]).status_code == 200

    services.article_withdraw(article=draft, user=editor, note="Gone.")
    seen.append(validators())
    assert seen[-1][0] not in {s[0] for s in seen[:-1]}


def test_scheduled_article_going_live_changes_the_feed_etag(client, db):
    article = factories.article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + dt.timedelta(hours=1)
    )
    before = fetch(client, "/feeds/rss/")["ETag"]
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - dt.timedelta(seconds=1)
    )  # time passes
    assert fetch(client, "/feeds/rss/")["ETag"] != before


def test_feed_urls_honour_the_base_url_setting(client, settings, newsroom):
    settings.BROADSHEET_BASE_URL = "https://news.example"
    feed = parse(fetch(client, "/feeds/atom/"))
    assert feed.feed.link == "https://news.example/"
    assert feed.entries[0].link.startswith("https://news.example/news/")
    root = xml_root(fetch(client, "/feeds/atom/").content)
    assert root.find(f"{ATOM_NS}link[@rel='self']").get("href") == (
        "https://news.example/feeds/atom/"
    )


@pytest.mark.parametrize(
    ("url", "scope_queries"),
    [
        ("/feeds/rss/", 0),
        ("/feeds/atom/", 0),
        ("/feeds/section/policy/rss/", 1),  # the section
        ("/feeds/tag/eu/atom/", 2),  # the tag, and a bounded count of its links
        ("/feeds/author/writer/rss/", 2),
    ],
)
def test_feeds_run_a_fixed_number_of_queries_whatever_the_data_size(
    client, django_assert_num_queries, settings, url, scope_queries
):
    settings.BROADSHEET_FEED_SIZE = 10
    section = factories.section("Policy")
    writer = Author.objects.create(name="Writer", slug="writer")
    for rounds in (1, 3):  # fewer items than the feed holds, then more
        for _ in range(6 * rounds):
            factories.article(
                section_obj=section,
                tags=["EU", "NATO"],
                authors=[writer, factories.author()],
                sources=[("a.example", "https://a.example")],
                lead_photo=factories.photo(width=400, height=300),
            )
        # the items, what left the window, then bylines, tags, sources
        with django_assert_num_queries(scope_queries + 5):
            response = fetch(client, url)
            parse(response)
        with django_assert_num_queries(scope_queries + 2):  # a 304 renders nothing
            assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_withdrawing_an_item_moves_last_modified_forward(client, newsroom):
    editor = factories.user_with_role("Editor")
    newer = factories.article(headline="Newer")
    Article.objects.update(updated_at=timezone.now() - dt.timedelta(days=3))
    first = fetch(client, "/feeds/rss/")
    services.article_withdraw(article=newer, user=editor, note="Gone.")
    second = fetch(client, "/feeds/rss/")
    assert [e.title for e in parse(second).entries] == [newsroom.article.headline]
    assert second["ETag"] != first["ETag"]
    was = email.utils.parsedate_to_datetime(first["Last-Modified"])
    assert email.utils.parsedate_to_datetime(second["Last-Modified"]) > was
    # A client that only knows the date gets the new feed, not a 304.
    retry = client.get("/feeds/rss/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert retry.status_code == 200


def test_withdrawal_older_than_a_full_feed_leaves_its_validators_alone(client, settings, db):
    settings.BROADSHEET_FEED_SIZE = 2
    editor = factories.user_with_role("Editor")
    old = factories.article(published_at=timezone.now() - dt.timedelta(days=30))
    # Newer than `old` whatever the factory's sequence has reached in this process.
    for hours in range(1, 3):
        factories.article(published_at=timezone.now() - dt.timedelta(hours=hours))
    before = fetch(client, "/feeds/rss/")
    services.article_withdraw(article=old, user=editor, note="Gone.")
    after = fetch(client, "/feeds/rss/")
    assert (after["ETag"], after["Last-Modified"]) == (before["ETag"], before["Last-Modified"])


def test_editing_an_item_changes_the_validators_and_an_article_outside_does_not(
    client, settings, db
):
    settings.BROADSHEET_FEED_SIZE = 2
    outside = factories.article(published_at=timezone.now() - dt.timedelta(days=30))
    inside = [
        factories.article(published_at=timezone.now() - dt.timedelta(hours=hours))
        for hours in range(1, 3)
    ]
    Article.objects.update(updated_at=timezone.now() - dt.timedelta(days=3))
    before = fetch(client, "/feeds/rss/")["ETag"]
    Article.objects.filter(pk=outside.pk).update(updated_at=timezone.now())
    assert fetch(client, "/feeds/rss/")["ETag"] == before
    Article.objects.filter(pk=inside[1].pk).update(updated_at=timezone.now())
    assert fetch(client, "/feeds/rss/")["ETag"] != before


@pytest.mark.parametrize("kind", ["section", "tag", "author"])
def test_scoped_feed_validators_follow_their_own_articles(client, newsroom, kind):
    editor = factories.user_with_role("Editor")
    slug = {"section": "policy", "tag": "eu", "author": newsroom.writers[0].slug}[kind]
    url = f"/feeds/{kind}/{slug}/rss/"
    before = fetch(client, url)["ETag"]
    factories.article(section_obj=factories.section("Sport"), tags=["Football"])
    assert fetch(client, url)["ETag"] == before  # another scope's article
    mine = factories.article(
        section_obj=newsroom.section, tags=["EU"], authors=[newsroom.writers[0]]
    )
    published = fetch(client, url)["ETag"]
    assert published != before
    services.article_withdraw(article=mine, user=editor, note="Gone.")
    assert fetch(client, url)["ETag"] not in {before, published}


def test_feed_carries_at_most_the_configured_number_of_items(client, settings, db):
    settings.BROADSHEET_FEED_SIZE = 3
    for _ in range(5):
        factories.article()
    assert len(parse(fetch(client, "/feeds/rss/")).entries) == 3
