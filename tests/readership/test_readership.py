"""Most read: counted on the server, without cookies or trackers."""

import pytest
from django.db import connection

from broadsheet.news import services
from broadsheet.readership.selectors import article_list_most_read
from broadsheet.readership.services import reads_flush
from tests.support import factories

pytestmark = pytest.mark.django_db


def test_reads_are_counted_and_ranked(client):
    a, b, c = (factories.article(headline=f"Story {n}") for n in "ABC")
    reads_flush()
    for article, times in [(a, 1), (b, 3), (c, 2)]:
        for _ in range(times):
            assert client.get(article.get_absolute_url()).status_code == 200
    assert reads_flush() == 6
    assert [x.headline for x in article_list_most_read()] == ["Story B", "Story C", "Story A"]
    html = client.get("/").content.decode()
    section = html.split('id="most-read-heading"')[1].split("</section>")[0]
    assert section.index("Story B") < section.index("Story C") < section.index("Story A")


def test_withdrawn_articles_leave_the_most_read_list(client):
    editor = factories.user_with_role("Editor")
    popular = factories.article(headline="Popular")
    client.get(popular.get_absolute_url())
    reads_flush()
    services.article_withdraw(article=popular, user=editor)
    assert article_list_most_read() == []


def test_counting_a_read_sets_no_cookie(client):
    """The only cookie an article page may set is the comment form's CSRF token."""
    article = factories.article()
    response = client.get(article.get_absolute_url())
    assert set(response.cookies) <= {"csrftoken"}
    assert reads_flush() == 1


def test_the_buffer_flushes_itself_when_due(client, monkeypatch):
    from broadsheet.readership import services as readership

    article = factories.article()
    reads_flush()
    client.get(article.get_absolute_url())
    assert article_list_most_read() == []  # still in the buffer
    monkeypatch.setattr(readership, "FLUSH_EVERY_SECONDS", 0.0)
    client.get(article.get_absolute_url())
    assert [x.pk for x in article_list_most_read()] == [article.pk]
    assert reads_flush() == 0


def test_reads_count_on_the_site_days_day_and_turn_at_its_midnight(settings):
    """The day is worked out once and again when it ends (or the clock or the zone
    moves): a read just before the site's midnight and one just after land on two days,
    and a clock set back lands on its own day."""
    import datetime as dt
    import zoneinfo

    import time_machine

    from broadsheet.readership.models import DailyReads
    from broadsheet.readership.services import read_record

    settings.TIME_ZONE = "Europe/Kyiv"
    kyiv = zoneinfo.ZoneInfo("Europe/Kyiv")
    article = factories.article()
    reads_flush()
    DailyReads.objects.all().delete()
    moments = [
        dt.datetime(2026, 3, 10, 23, 59, 30, tzinfo=kyiv),
        dt.datetime(2026, 3, 11, 0, 0, 30, tzinfo=kyiv),
        dt.datetime(2026, 3, 9, 12, 0, tzinfo=kyiv),
    ]
    for moment in moments:
        with time_machine.travel(moment, tick=False):
            read_record(article_id=article.pk)
    reads_flush()
    days = dict(DailyReads.objects.values_list("day", "count"))
    assert days == {dt.date(2026, 3, 10): 1, dt.date(2026, 3, 11): 1, dt.date(2026, 3, 9): 1}


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="the plan checked is SQLite's (PostgreSQL's planner has statistics)",
)
def test_the_most_read_ranking_reads_only_the_windows_days():
    """Through `dailyreads_day`, not a walk of the whole table along the article index
    (which SQLite, without statistics, prefers for grouping without a sort)."""
    import datetime as dt

    from django.utils import timezone

    from broadsheet.readership.models import DailyReads
    from broadsheet.readership.selectors import _ranking

    article = factories.article()
    DailyReads.objects.create(article=article, day=timezone.localdate(), count=3)
    captured = []

    def keep(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    since = timezone.localdate() - dt.timedelta(days=1)
    with connection.execute_wrapper(keep):
        assert list(_ranking(since=since, limit=15)) == [(article.pk, 3)]
    ((sql, params),) = captured
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert "USING INDEX dailyreads_day (day>?)" in plan, plan
    assert "readership_dailyreads_article_id" not in plan, plan


def test_a_read_succeeds_and_its_count_is_kept_when_the_counts_cannot_be_written(monkeypatch):
    """The counts' table gone (as a stopped database or a full disk refuses the write):
    counting a read (what the page cache's front does on each hit) still returns and the
    reads wait in the buffer; once the table is back the next flush writes every one of
    them (issue 22: a stored page answered a bare 500 and the counts were dropped)."""
    from broadsheet.readership import services as readership
    from broadsheet.readership.models import DailyReads

    article = factories.article()
    reads_flush()
    table = DailyReads._meta.db_table
    monkeypatch.setattr(readership, "FLUSH_EVERY_SECONDS", 0.0)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO broken_reads")
    try:
        for _ in range(3):
            readership.read_record(article_id=article.pk)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE broken_reads RENAME TO {table}")
    assert DailyReads.objects.count() == 0
    assert reads_flush() == 3
    assert sum(DailyReads.objects.values_list("count", flat=True)) == 3
