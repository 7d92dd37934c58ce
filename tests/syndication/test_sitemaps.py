"""sitemap.xml (an index of paged sitemaps), the Google News sitemap and robots.txt."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from broadsheet.news import services
from broadsheet.news.models import ARTICLES_PER_SITEMAP, Article, Tag
from broadsheet.syndication import sitemaps
from broadsheet.syndication.sitemaps import ArticleSitemap, BaseSitemap
from tests.support import factories
from tests.support.xmlread import xml_root

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


def dated(client, url):
    root = xml(client, url)
    return [
        (u.findtext(f"{SM}loc"), dt.datetime.fromisoformat(u.findtext(f"{SM}lastmod")))
        for u in root.findall(f"{SM}url")
    ]


def article_files(client):
    """The index's article files as {number: lastmod}."""
    loc = "http://testserver/sitemap-articles.xml"
    files = {}
    for location, lastmod in index_entries(client):
        if location == loc:
            files[1] = lastmod
        elif location.startswith(loc + "?p="):
            files[int(location.rpartition("=")[2])] = lastmod
    return files


def expected_files(limit):
    """What the article files must hold, from a plain reading of every live article:
    file N has the live articles whose id ÷ limit is N − 1, by id, each dated by the
    later of its last edit and its publication."""
    files: dict[int, list] = {}
    for a in Article.objects.live().order_by("pk"):
        when = max(a.updated_at, a.published_at).replace(microsecond=0)
        files.setdefault(a.pk // limit + 1, []).append(
            (f"http://testserver{a.get_absolute_url()}", when)
        )
    return files


def test_article_sitemap_files_are_id_ranges_each_url_listed_once(client, monkeypatch, db):
    monkeypatch.setattr(BaseSitemap, "limit", 2)
    for n in range(7):
        factories.article(status=Article.Status.DRAFT if n == 3 else Article.Status.PUBLISHED)
    expected = expected_files(2)
    files = article_files(client)
    assert sorted(files) == sorted(expected)
    listed = []
    for number, urls in expected.items():
        got = dated(client, f"/sitemap-articles.xml?p={number}")
        assert got == urls
        assert 1 <= len(got) <= 2
        # A file is dated by its newest URL.
        assert dt.datetime.fromisoformat(files[number]) == max(when for _, when in got)
        listed += [loc for loc, _ in got]
    assert len(listed) == len(set(listed)) == Article.objects.live().count()
    last = max(expected)
    for missing in (str(last + 1), "0", "-1", "abc", "1.5"):
        assert client.get(f"/sitemap-articles.xml?p={missing}").status_code == 404, missing


def test_new_article_lands_in_the_last_file_and_older_files_keep_their_dates(
    client, monkeypatch, db
):
    monkeypatch.setattr(BaseSitemap, "limit", 2)
    articles = [factories.article() for _ in range(4)]
    for a in articles:  # as if each was last edited when it was published
        Article.objects.filter(pk=a.pk).update(updated_at=a.published_at)
    before = article_files(client)
    newest = factories.article()
    after = article_files(client)
    assert max(after) == newest.pk // 2 + 1
    unchanged = {n: d for n, d in before.items() if n != newest.pk // 2 + 1}
    assert {n: after[n] for n in unchanged} == unchanged


def test_edit_and_withdrawal_move_only_their_own_files_date(client, monkeypatch, db):
    monkeypatch.setattr(BaseSitemap, "limit", 2)
    editor = factories.user_with_role("Editor")
    articles = [factories.article() for _ in range(6)]
    old = timezone.now() - dt.timedelta(days=30)
    Article.objects.update(updated_at=old)
    before = article_files(client)
    edited = articles[0]
    # One whose file keeps another live article, away from the edited one's.
    withdrawn = next(
        a
        for a in articles
        if a.pk // 2 != edited.pk // 2 and sum(1 for b in articles if b.pk // 2 == a.pk // 2) == 2
    )
    services.article_withdraw(article=withdrawn, user=editor, note="Gone.")
    Article.objects.filter(pk=edited.pk).update(updated_at=timezone.now())
    after = article_files(client)
    moved = {n for n in before if after.get(n) != before[n]}
    assert moved == {edited.pk // 2 + 1, withdrawn.pk // 2 + 1}
    # The withdrawn article is gone from its file; the file's date says it changed.
    file = withdrawn.pk // 2 + 1
    urls = [loc for loc, _ in dated(client, f"/sitemap-articles.xml?p={file}")]
    assert f"http://testserver{withdrawn.get_absolute_url()}" not in urls
    assert dt.datetime.fromisoformat(after[file]) > dt.datetime.fromisoformat(before[file])


def test_file_holding_only_drafts_and_withdrawn_articles_is_left_out(client, monkeypatch, db):
    monkeypatch.setattr(BaseSitemap, "limit", 2)
    editor = factories.user_with_role("Editor")
    articles = [factories.article() for _ in range(6)]
    middle = articles[2].pk // 2
    for a in articles:
        if a.pk // 2 == middle:
            services.article_withdraw(article=a, user=editor, note="Gone.")
    files = article_files(client)
    assert middle + 1 not in files and files
    assert client.get(f"/sitemap-articles.xml?p={middle + 1}").status_code == 404


def test_scheduled_article_enters_the_sitemap_when_its_time_comes(client, db):
    later = factories.article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + dt.timedelta(hours=1)
    )
    factories.article()
    url = f"http://testserver{later.get_absolute_url()}"
    assert url not in locations(client, "/sitemap-articles.xml")
    went_live = timezone.now() - dt.timedelta(seconds=5)
    Article.objects.filter(pk=later.pk).update(  # time passes; it was saved long before
        published_at=went_live, updated_at=went_live - dt.timedelta(days=1)
    )
    assert (url, went_live.replace(microsecond=0)) in dated(client, "/sitemap-articles.xml")


def test_article_sitemap_locations_are_the_article_urls_whatever_the_slug(client, db):
    slugs = ["київ-і-львів", "a.b_c~d", "100%-true", "q?x&y=1", "naïve café"]
    articles = [factories.article() for _ in slugs]
    for article, slug in zip(articles, slugs, strict=True):  # past the form's validation
        Article.objects.filter(pk=article.pk).update(slug=slug)
        article.slug = slug
    assert sorted(locations(client, "/sitemap-articles.xml")) == sorted(
        f"http://testserver{a.get_absolute_url()}" for a in articles
    )


def newest_live(articles):
    times = [a.published_at for a in articles if a.is_live()]
    return max(times).replace(microsecond=0) if times else None


@pytest.mark.parametrize(
    ("walk_from", "window"),
    [(1000, 20_000), (2, 20_000), (2, 3)],
    ids=["through-links", "walk", "walk-then-links"],
)
def test_tag_and_author_sitemaps_date_each_item_by_its_newest_live_article(
    client, monkeypatch, db, walk_from, window
):
    monkeypatch.setattr(sitemaps, "WALK_FROM_LINKS", walk_from)
    monkeypatch.setattr(sitemaps, "WALK_WINDOW", window)
    writers = [factories.author() for _ in range(3)]
    made = []
    for n in range(9):
        made.append(
            factories.article(
                tags=[f"T{n % 3}", "Everywhere"] if n != 4 else ["Lonely"],
                authors=[writers[n % 2]],
                status=Article.Status.DRAFT if n == 4 else Article.Status.PUBLISHED,
            )
        )
    # An old article of T2 edited now: lastmod follows publication, not the edit.
    Article.objects.filter(pk=made[8].pk).update(updated_at=timezone.now())

    expected_tags = {}
    for tag in Tag.objects.all():
        newest = newest_live([a for a in made if tag in a.tags.all()])
        if newest is not None:
            expected_tags[f"http://testserver{tag.get_absolute_url()}"] = newest
    assert dict(dated(client, "/sitemap-tags.xml")) == expected_tags
    assert "http://testserver/tag/lonely/" not in expected_tags  # only a draft has it

    expected_authors = {
        f"http://testserver{w.get_absolute_url()}": newest_live(
            [a for a in made if w in a.authors.all()]
        )
        for w in writers
    }
    del expected_authors[f"http://testserver{writers[2].get_absolute_url()}"]  # no article
    assert dict(dated(client, "/sitemap-authors.xml")) == expected_authors

    for kind, expected in (("tags", expected_tags), ("authors", expected_authors)):
        [(_loc, lastmod)] = [e for e in index_entries(client) if f"sitemap-{kind}" in e[0]]
        assert dt.datetime.fromisoformat(lastmod) == max(expected.values())


def test_tag_sitemap_files_are_id_ranges_too(client, monkeypatch, db):
    monkeypatch.setattr(BaseSitemap, "limit", 2)
    for n in range(5):
        factories.article(tags=[f"Topic{n}"])
    loc = "http://testserver/sitemap-tags.xml"
    expected: dict[int, list[str]] = {}
    for tag in Tag.objects.order_by("pk"):
        expected.setdefault(tag.pk // 2 + 1, []).append(
            f"http://testserver{tag.get_absolute_url()}"
        )
    files = [e[0] for e in index_entries(client) if e[0].startswith(loc)]
    assert files == [loc if n == 1 else f"{loc}?p={n}" for n in sorted(expected)]
    for number, urls in expected.items():
        assert locations(client, f"/sitemap-tags.xml?p={number}") == urls


def test_section_sitemap_lists_every_section_dated_by_its_newest_live_article(client, db):
    busy, quiet = factories.section("Busy"), factories.section("Quiet")
    made = [factories.article(section_obj=busy) for _ in range(3)]
    assert dated_or_none(client, "/sitemap-sections.xml") == {
        f"http://testserver{busy.get_absolute_url()}": newest_live(made),
        f"http://testserver{quiet.get_absolute_url()}": None,
    }


def dated_or_none(client, url):
    root = xml(client, url)
    return {
        u.findtext(f"{SM}loc"): (
            dt.datetime.fromisoformat(u.findtext(f"{SM}lastmod"))
            if u.findtext(f"{SM}lastmod")
            else None
        )
        for u in root.findall(f"{SM}url")
    }


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


# Ids from 1: with files of 4 rows, PostgreSQL's ids (sequences run on across tests)
# would otherwise make hundreds of files, asked in more than one group of columns.
@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_sitemaps_run_a_fixed_number_of_queries_whatever_the_data_size(
    client, django_assert_num_queries, monkeypatch
):
    """Counted exactly on a small site, then on one with three times the rows and
    files: the counts must not move."""
    monkeypatch.setattr(BaseSitemap, "limit", 4)
    budget = {"index": 9, "articles": 1, "sections": 1, "tags": 1, "authors": 1, "pages": 1}
    for rounds in (1, 3):
        for n in range(6 * rounds):
            factories.article(tags=[f"Tag{n}"], authors=[factories.author()])
        with django_assert_num_queries(budget["index"]):  # pages: one; the others: two
            entries = index_entries(client)
        files = [loc.removeprefix("http://testserver") for loc, _ in entries]
        assert len(files) > 5  # several files of articles, tags and authors
        for url in files:
            kind = url.removeprefix("/sitemap-").partition(".")[0]
            with django_assert_num_queries(budget[kind]):
                assert locations(client, url)
        with django_assert_num_queries(1):
            xml(client, "/sitemap-news.xml")


def test_article_sitemap_reads_its_files_from_the_sitemap_index(db):
    """The file number in the queries is the very expression the index is keyed by (a
    different divisor, or a parameter instead of a literal, would not match it)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; docs/query-plans.md has PostgreSQL's")
    assert ArticleSitemap.limit == ARTICLES_PER_SITEMAP
    factories.article()
    query = ArticleSitemap()._in_file(1).filter(status=Article.Status.PUBLISHED)
    sql, params = query.values_list("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(row[-1] for row in cursor.fetchall())
    assert "article_sitemap_page" in plan, plan


def test_an_index_of_more_files_than_a_query_has_columns(client, monkeypatch, db):
    """PostgreSQL allows 1,664 columns in a result: high ids and small files must not
    need more in one query."""
    monkeypatch.setattr(BaseSitemap, "limit", 2)
    article = factories.article(tags=["Low"])
    high = Tag.objects.create(pk=4001, name="High", slug="high")
    article.tags.add(high)
    loc = "http://testserver/sitemap-tags.xml"
    files = [e[0] for e in index_entries(client) if e[0].startswith(loc)]
    assert f"{loc}?p={4001 // 2 + 1}" in files
