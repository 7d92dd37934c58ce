"""Lists that stay fast at scale still show the right articles: live ones only, in order,
each once across the pages, whichever plan the list takes; and the plans walk an index."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from broadsheet.news import selectors, services
from broadsheet.news.models import Article
from tests.support import factories

pytestmark = pytest.mark.django_db

LIST_URLS = ["/", "/latest/", "/section/policy/", "/tag/eu/", "AUTHOR", "ARCHIVE"]


def _lists(client, writer, when):
    urls = [writer.get_absolute_url() if u == "AUTHOR" else u for u in LIST_URLS if u != "ARCHIVE"]
    local = timezone.localtime(when)
    urls.append(f"/archive/{local.year}/{local.month:02d}/")
    return {url: client.get(url).content.decode() for url in urls}


def _newest_first_fill(count, *, section, writer, base):
    return [
        factories.article(
            headline=f"Story number {i:02d}",
            section_obj=section,
            tags=["EU"],
            authors=[writer],
            published_at=base - dt.timedelta(minutes=i),
        )
        for i in range(count)
    ]


def test_scheduled_article_joins_every_list_at_its_time_with_no_worker(client):
    sec, writer = factories.section("Policy"), factories.author()
    _newest_first_fill(3, section=sec, writer=writer, base=timezone.now())
    _lists(client, writer, timezone.now())  # warm up, so the first look is quick
    at = timezone.now() + dt.timedelta(minutes=10)
    scheduled = factories.article(
        headline="Embargoed until its time",
        status=Article.Status.SCHEDULED,
        published_at=at,
        section_obj=sec,
        tags=["EU"],
        authors=[writer],
    )
    before = _lists(client, writer, at)
    assert [url for url, html in before.items() if scheduled.headline in html] == []
    # Nothing is saved in between: only the clock moves, to just after its time.
    with time_machine.travel(at + dt.timedelta(seconds=1), tick=True):
        after = _lists(client, writer, at)
        months = client.get("/archive/").content.decode()
    missing = [url for url, html in after.items() if scheduled.headline not in html]
    assert missing == []
    assert f"/archive/{timezone.localtime(at).year}/" in months


def test_withdrawn_article_leaves_every_list(client):
    sec, writer = factories.section("Policy"), factories.author()
    articles = _newest_first_fill(3, section=sec, writer=writer, base=timezone.now())
    editor = factories.user_with_role("Editor")
    services.article_withdraw(article=articles[0], user=editor, note="Withdrawn.")
    for url, html in _lists(client, writer, articles[0].published_at).items():
        assert articles[0].headline not in html, url
        assert articles[1].headline in html, url


@pytest.mark.parametrize("plan", ["seek links", "walk newest"])
@pytest.mark.parametrize("kind", ["latest", "section", "tag", "author", "archive"])
def test_pages_show_each_live_article_once_newest_first(client, settings, monkeypatch, kind, plan):
    """Following "Older" from the first page lists every live article exactly once, in
    order, with the page count exact once the count reaches the end of the list."""
    settings.BROADSHEET_PAGE_SIZE = 2
    monkeypatch.setattr(selectors, "PAGES_COUNTED_AHEAD", 1)
    if plan == "walk newest":
        monkeypatch.setattr(selectors, "SEEK_LINKS_BELOW", 1)
    sec, writer = factories.section("Policy"), factories.author()
    base = dt.datetime(2025, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
    live = _newest_first_fill(7, section=sec, writer=writer, base=base)
    # Not live, so on no page: a draft, a withdrawn one and one scheduled for later.
    factories.article(status=Article.Status.DRAFT, section_obj=sec, tags=["EU"], authors=[writer])
    factories.article(
        status=Article.Status.WITHDRAWN,
        published_at=base - dt.timedelta(seconds=30),
        section_obj=sec,
        tags=["EU"],
        authors=[writer],
    )
    factories.article(
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + dt.timedelta(days=1),
        section_obj=sec,
        tags=["EU"],
        authors=[writer],
    )
    url = {
        "latest": "/latest/",
        "section": "/section/policy/",
        "tag": "/tag/eu/",
        "author": writer.get_absolute_url(),
        "archive": "/archive/2025/03/",
    }[kind]
    seen, labels, page = [], [], 1
    while True:
        html = client.get(f"{url}?page={page}").content.decode()
        seen += re.findall(r"Story number \d\d", html)
        labels.append(re.search(r"Page \d+ of [\d+]+", html).group(0))
        if 'rel="next"' not in html:
            break
        page += 1
    assert seen == [a.headline for a in live]
    # Two a page, counted one page ahead: the total shows "+" until the count is exact.
    assert labels == ["Page 1 of 2+", "Page 2 of 3+", "Page 3 of 4", "Page 4 of 4"]


def test_a_page_past_the_end_gives_the_last_page(client, settings):
    settings.BROADSHEET_PAGE_SIZE = 2
    sec, writer = factories.section("Policy"), factories.author()
    _newest_first_fill(3, section=sec, writer=writer, base=timezone.now())
    # Django's rule, as before: not a number → the first page; out of range → the last.
    for asked, shown in [("99", "Page 2 of 2"), ("-1", "Page 2 of 2"), ("abc", "Page 1 of 2")]:
        assert shown in client.get(f"/section/policy/?page={asked}").content.decode(), asked


def test_front_page_blocks_hold_each_sections_newest_live_articles(client):
    policy, economy = factories.section("Policy", order=1), factories.section("Economy", order=2)
    factories.section("Empty", order=3)
    now = timezone.now()
    policy_articles = [
        factories.article(
            headline=f"Policy {i}", section_obj=policy, published_at=now - dt.timedelta(hours=i)
        )
        for i in range(1, 7)
    ]
    factories.article(
        headline="Policy later",
        section_obj=policy,
        status=Article.Status.SCHEDULED,
        published_at=now + dt.timedelta(hours=1),
    )
    factories.article(
        headline="Economy only", section_obj=economy, published_at=now - dt.timedelta(days=400)
    )
    front = selectors.front_page_get(per_section=4)
    blocks = {b.section.slug: [a.headline for a in b.articles] for b in front.blocks}
    assert blocks == {
        "policy": [a.headline for a in policy_articles[:4]],
        "economy": ["Economy only"],
    }
    html = client.get("/").content.decode()
    assert 'id="section-empty"' not in html and "Policy later" not in html


def test_archive_lists_months_with_live_articles_in_site_time(client):
    kyiv = ZoneInfo("Europe/Kyiv")
    # 23:30 on 31 January in Kyiv is still January there, February nowhere.
    factories.article(published_at=dt.datetime(2024, 1, 31, 23, 30, tzinfo=kyiv))
    factories.article(published_at=dt.datetime(2024, 4, 2, 9, 0, tzinfo=kyiv))
    factories.article(
        status=Article.Status.WITHDRAWN, published_at=dt.datetime(2024, 3, 5, 9, 0, tzinfo=kyiv)
    )
    factories.article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + dt.timedelta(days=40)
    )
    months = [(m.year, m.month) for m in selectors.archive_months()]
    assert months == [(2024, 4), (2024, 1)]


def test_archive_index_runs_two_queries_for_any_number_of_months(client):
    factories.article(published_at=timezone.now() - dt.timedelta(days=3))
    with CaptureQueriesContext(connection) as few:
        selectors.archive_months()
    factories.article(published_at=timezone.now() - dt.timedelta(days=900))
    with CaptureQueriesContext(connection) as many:
        assert len(selectors.archive_months()) >= 2
    assert len(few) == len(many) == 2


def test_related_articles_rank_shared_tags_among_the_newest_candidates(client, monkeypatch):
    sec, other = factories.section("Policy"), factories.section("Economy", order=2)
    article = factories.article(section_obj=sec, tags=["Sanctions", "EU"])
    # The factory publishes each article an hour before the one made before it.
    factories.article(headline="Unrelated", section_obj=other, tags=["Sport"])
    same_section = factories.article(headline="Same section", section_obj=sec)
    one = factories.article(headline="Shares one", section_obj=other, tags=["EU"])
    two = factories.article(headline="Shares two", section_obj=other, tags=["Sanctions", "EU"])
    related = [a.headline for a in selectors.article_list_related(article=article)]
    assert related == [two.headline, one.headline, same_section.headline]
    # Only the newest candidates are ranked: older, closer matches fall out of reach.
    monkeypatch.setattr(selectors, "RELATED_CANDIDATES", 1)
    related = [a.headline for a in selectors.article_list_related(article=article)]
    assert related == [same_section.headline]


def _explain(sql, params):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def _top_level(sql):
    """The SQL without what parentheses hold (subqueries, IN lists)."""
    depth, kept = 0, []
    for char in sql:
        depth += char == "("
        if depth == 0:
            kept.append(char)
        depth -= char == ")"
    return "".join(kept)


def _article_list_plans(client, url):
    """The plans of the page's queries that read articles in order, a page at a time,
    and of those whose subqueries do."""
    captured = []

    def keep(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        assert client.get(url).status_code == 200
    plans = []
    for sql, params in captured:
        if re.search(r'FROM "news_article".* ORDER BY .* LIMIT', _top_level(sql)):
            plans.append(("list", _explain(sql, params)))
        elif re.search(r'\(SELECT [^()]* FROM "news_article" U0 .* LIMIT', sql):
            plans.append(("subquery", _explain(sql, params)))
    return plans


@pytest.mark.parametrize("url", ["/", "/latest/", "/section/policy/", "/archive/2025/03/"])
def test_list_queries_walk_an_index_in_order(client, url):
    """No list sorts the articles it reads: each walks an index newest first (with
    PostgreSQL's sort and sequential scan disabled, so tiny tables still show it)."""
    sec = factories.section("Policy")
    base = dt.datetime(2025, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
    for i in range(5):
        factories.article(section_obj=sec, published_at=base - dt.timedelta(hours=i))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET enable_sort = off; SET enable_seqscan = off")
    plans = _article_list_plans(client, url)
    assert plans, "the page read no ordered list of articles"
    for kind, plan in plans:
        if connection.vendor == "postgresql":
            assert "using article_" in plan, plan
            article_sorts = re.findall(r"Sort Key: (?:news_article|u0)\.", plan, re.I)
            assert not article_sorts, plan
        else:
            reads = re.findall(r"^(?:SCAN|SEARCH) (?:news_article|U0)\b.*$", plan, re.M)
            assert reads and all(" INDEX article_" in line for line in reads), plan
            if kind == "list":
                assert "TEMP B-TREE FOR ORDER BY" not in plan, plan


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="PostgreSQL chooses an index-only scan from its visibility map, which only "
    "VACUUM sets, and VACUUM cannot run in a test's transaction",
)
def test_the_related_walk_reads_no_article_row():
    """The candidates' walk checks each one's status and section from the index: on
    SQLite the row's section sits behind the body, in overflow pages."""
    sec = factories.section("Policy")
    article = factories.article(section_obj=sec, tags=["Grain"])
    for _ in range(3):
        factories.article(section_obj=sec, body="<p>" + "Long text. " * 2000 + "</p>")
    captured = []

    def keep(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        assert len(selectors.article_ids_related(article=article)) == 3
    ((sql, params),) = [(q, p) for q, p in captured if " V0" in q]  # the tags read first
    walk = [line for line in _explain(sql, params).splitlines() if " V0 " in f" {line} "]
    assert walk and all("USING COVERING INDEX article_live_order" in w for w in walk), walk
