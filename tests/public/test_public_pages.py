"""Public pages: what readers see, what they must not, and fixed query counts."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from broadsheet.news import selectors, services
from broadsheet.news.models import Article
from tests.support import factories

pytestmark = pytest.mark.django_db


def test_article_page_shows_meta_line_in_site_time_zone(client):
    policy = factories.section("Policy")
    at = dt.datetime(2025, 1, 8, 21, 41, tzinfo=dt.UTC)  # 23:41 in Kyiv
    article = factories.article(
        headline="Will the coalition hold?", section_obj=policy, published_at=at
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(
        r'<time datetime="[^"]+">08 January 2025, 23:41</time> \| '
        r'<a href="/section/policy/">Policy</a>',
        html,
    )
    assert "<title>Will the coalition hold?</title>" in html
    assert '<h1 class="headline">Will the coalition hold?</h1>' in html


def test_article_page_shows_photo_credit_sources_tags_and_corrections(client):
    editor = factories.user_with_role("Editor")
    photo = factories.photo(credit="Олена Гнатюк")
    article = factories.article(
        lead_photo=photo,
        tags=["Diplomacy"],
        sources=[
            ("kyiv-vedomosti.example", "https://kyiv-vedomosti.example/a"),
            ("dnipro.example", "https://dnipro.example/b"),
        ],
    )
    services.article_add_correction(article=article, user=editor, text="A date was wrong.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "photo Олена Гнатюк" in html
    assert 'alt="A blue test picture"' in html
    assert 'type="image/webp"' in html and " 640w" in html
    assert re.search(
        r'Based on materials: <a href="https://kyiv-vedomosti.example/a"[^>]*>'
        r'kyiv-vedomosti.example</a>, <a href="https://dnipro.example/b"',
        html,
    )
    assert 'rel="tag">Diplomacy</a>' in html
    assert "A date was wrong." in html


def test_draft_review_and_future_scheduled_articles_are_not_found(client):
    for status, when in [
        (Article.Status.DRAFT, None),
        (Article.Status.REVIEW, None),
        (Article.Status.SCHEDULED, timezone.now() + dt.timedelta(hours=1)),
    ]:
        article = factories.article(status=status, published_at=when)
        assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_article_is_served_once_its_time_has_passed(client):
    article = factories.article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.get(article.get_absolute_url()).status_code == 200
    assert article.headline in client.get("/").content.decode()


def test_withdrawn_article_answers_410_with_notice(client):
    editor = factories.user_with_role("Editor")
    article = factories.article()
    services.article_withdraw(
        article=article, user=editor, note="Withdrawn at the source’s request."
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    assert "Withdrawn at the source’s request." in response.content.decode()
    assert article.headline not in client.get("/").content.decode()


def test_unknown_page_gets_branded_404(client):
    response = client.get("/news/no-such-thing/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_front_page_has_lead_latest_and_section_blocks(client):
    policy, economy = factories.section("Policy", order=1), factories.section("Economy", order=2)
    lead = factories.article(
        headline="Lead with photo",
        lead_photo=factories.photo(),
        section_obj=policy,
        published_at=timezone.now(),
    )
    other = factories.article(headline="Economy story", section_obj=economy)
    html = client.get("/").content.decode()
    assert 'class="lead-story"' in html and lead.headline in html
    assert 'id="section-policy"' in html and 'id="section-economy"' in html
    assert other.headline in html


@pytest.mark.parametrize("url_name", ["section", "tag", "author", "latest", "archive"])
def test_list_pages_paginate(client, settings, url_name):
    settings.BROADSHEET_PAGE_SIZE = 3
    sec = factories.section("Policy")
    writer = factories.author()
    kyiv = ZoneInfo("Europe/Kyiv")
    base = dt.datetime(2025, 3, 10, 12, 0, tzinfo=kyiv)
    for i in range(7):
        factories.article(
            section_obj=sec,
            tags=["EU"],
            authors=[writer],
            published_at=base - dt.timedelta(hours=i),
        )
    url = {
        "section": "/section/policy/",
        "tag": "/tag/eu/",
        "author": writer.get_absolute_url(),
        "latest": "/latest/",
        "archive": "/archive/2025/03/",
    }[url_name]
    first = client.get(url).content.decode()
    third = client.get(url + "?page=3").content.decode()
    assert first.count('class="teaser"') == 3
    assert third.count('class="teaser"') == 1
    assert "Page 3 of 3" in third


def test_day_archive_uses_site_time_zone(client):
    # 23:30 in Kyiv on 8 January is 21:30 UTC: it belongs to 8 January, not the 9th.
    article = factories.article(published_at=dt.datetime(2025, 1, 8, 21, 30, tzinfo=dt.UTC))
    assert article.headline in client.get("/archive/2025/01/08/").content.decode()
    assert article.headline not in client.get("/archive/2025/01/09/").content.decode()


def test_related_articles_prefer_shared_tags(client):
    sec = factories.section("Policy")
    article = factories.article(section_obj=sec, tags=["Sanctions", "EU"])
    close = factories.article(headline="Shares two tags", section_obj=sec, tags=["Sanctions", "EU"])
    html = client.get(article.get_absolute_url()).content.decode()
    related = html.split('id="related-heading"')[1]
    assert close.headline in related


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _fill(section, writer, count):
    for _ in range(count):
        factories.article(
            section_obj=section,
            tags=["EU", "NATO"],
            authors=[writer],
            sources=[("a.example", "https://a.example")],
        )


@pytest.mark.parametrize("plan", ["seek links", "walk newest"])
def test_article_and_list_pages_run_a_fixed_number_of_queries(client, settings, monkeypatch, plan):
    """The count does not grow with the number of articles, tags, bylines, sources or
    months, on either plan a tag or author list may take; a list longer than the pages
    it counts ahead still costs the same."""
    settings.BROADSHEET_PAGE_SIZE = 2  # 27 articles are then longer than the count's reach
    if plan == "walk newest":
        monkeypatch.setattr(selectors, "SEEK_LINKS_BELOW", 1)
    sec = factories.section("Policy")
    writer = factories.author()
    _fill(sec, writer, 2)
    now = timezone.localtime()
    urls = [
        "/",
        "/section/policy/",
        "/section/policy/?page=3",
        "/tag/eu/",
        writer.get_absolute_url(),
        "/latest/",
        "/archive/",
        f"/archive/{now.year}/{now.month:02d}/",
    ]
    first = Article.objects.first()
    article_url = first.get_absolute_url()
    small = {url: _queries(client, url) for url in [*urls, article_url]}
    _fill(sec, writer, 25)
    # Its translations are links read with the article's relations: no query each.
    translated = [factories.article(language="uk"), factories.article(language="ru")]
    first.translations.add(*translated)
    factories.article(published_at=timezone.now() - dt.timedelta(days=400))
    factories.section("Economy", order=2)
    large = {url: _queries(client, url) for url in [*urls, article_url]}
    assert small == large
    assert max(large.values()) <= 16, large
    page = client.get(article_url).content.decode()
    assert all(f'href="{t.get_absolute_url()}"' in page for t in translated)


def test_public_pages_send_a_strict_content_security_policy(client):
    article = factories.article()
    csp = client.get(article.get_absolute_url())["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    assert "unsafe-inline" not in csp


def _related_by_the_rule(article: Article, *, candidates: int = 60, limit: int = 4) -> list[int]:
    """The related articles' rule, in Python over every article: the newest live ones
    sharing a tag or the section, ranked by tags shared, then the newest."""
    own = set(article.tags.values_list("pk", flat=True))
    now = timezone.now()
    live = [
        a
        for a in Article.objects.exclude(pk=article.pk).prefetch_related("tags")
        if a.is_live(now=now)
    ]
    near = [
        a for a in live if a.section_id == article.section_id or own & {t.pk for t in a.tags.all()}
    ]
    near.sort(key=lambda a: (a.published_at, a.pk), reverse=True)

    def rank(a: Article) -> tuple[int, dt.datetime, int]:
        return (-len(own & {t.pk for t in a.tags.all()}), -a.published_at.timestamp(), -a.pk)

    return [a.pk for a in sorted(near[:candidates], key=rank)][:limit]


def test_related_ids_from_the_kept_statement_follow_the_rule_for_every_shape():
    """The related query is compiled once per number of tags and run with each
    article's own values (its id, section, tags, the time now): every article here,
    with none to three tags in two sections, gets what the rule gives; a scheduled
    article counts once its time has come, not before, with the same statement."""
    policy, economy = factories.section("Policy"), factories.section("Economy", order=2)
    tags = [[], ["EU"], ["EU", "Trade"], ["Trade", "Farm", "EU"], ["Farm"], []]
    made = [
        factories.article(section_obj=(policy, economy)[n % 2], tags=tags[n % len(tags)])
        for n in range(14)
    ]
    factories.article(section_obj=policy, status=Article.Status.DRAFT, tags=["EU"])
    soon = factories.article(
        section_obj=economy,
        tags=["EU", "Farm"],
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + dt.timedelta(seconds=1),
    )
    for article in made:
        expected = _related_by_the_rule(article)
        assert selectors.article_ids_related(article=article) == expected, article.headline
        assert len(expected) == 4 and soon.pk not in expected
    Article.objects.filter(pk=soon.pk).update(published_at=timezone.now())
    found = [a for a in made if soon.pk in selectors.article_ids_related(article=a)]
    assert found and all(
        selectors.article_ids_related(article=a) == _related_by_the_rule(a) for a in made
    )
    teasers = selectors.article_list_related(article=made[0])
    assert [a.pk for a in teasers] == _related_by_the_rule(made[0])


@pytest.mark.parametrize(
    "path", ["/archive/9999/12/", "/archive/1/1/1/", "/archive/9999/12/31/", "/archive/1/1/"]
)
def test_archive_dates_at_the_calendars_ends_are_not_found_not_a_500(client, path):
    """The first and last years leave no room for a time zone or the next month."""
    assert client.get(path).status_code == 404
