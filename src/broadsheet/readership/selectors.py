from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from broadsheet.news.models import Article
from broadsheet.news.selectors import article_map_ranked
from broadsheet.readership.models import DailyReads


def _ranking(*, since: dt.date, limit: int) -> QuerySet[DailyReads, Any]:
    """The articles read most since a day, most first: `limit` of them."""
    return (
        DailyReads.objects.filter(day__gte=since)
        # Grouped by `article_id + 0`, not the column: SQLite (no statistics) would
        # walk the whole table along the article index to group without sorting,
        # 84 ms at a year of reads (365,000 rows) against 0.7 ms through
        # `dailyreads_day` for the window's rows.
        .annotate(read_article=F("article_id") + 0)
        .values_list("read_article")
        .annotate(total=Sum("count"))
        .order_by("-total", "-read_article")[:limit]
    )


def article_list_most_read(*, days: int = 2, limit: int = 5) -> list[Article]:
    """Live articles read most over the last `days` days (today included), most first."""
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    # Withdrawn or rescheduled articles may still have counts: take a few spare.
    ranked = list(_ranking(since=since, limit=limit * 3))
    articles = article_map_ranked(pks=[pk for pk, _ in ranked])
    return [articles[pk] for pk, _ in ranked if pk in articles][:limit]


def reads_per_day(*, days: int = 30, article_id: int | None = None) -> list[tuple[dt.date, int]]:
    """Reads of each of the last `days` days, today last (site time zone), a day without
    reads as 0; of one article, or of the whole site. One query."""
    today = timezone.localdate()
    since = today - dt.timedelta(days=days - 1)
    rows = DailyReads.objects.filter(day__gte=since)
    if article_id is not None:
        rows = rows.filter(article_id=article_id)
    counts = dict(rows.values_list("day").annotate(n=Sum("count")).order_by())
    return [(day, counts.get(day, 0)) for day in (since + dt.timedelta(n) for n in range(days))]


def article_list_most_read_counted(*, days: int, limit: int = 5) -> list[tuple[Article, int]]:
    """Live articles read most over the last `days` days (today included), most first,
    each with its reads in that time."""
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    ranked = list(_ranking(since=since, limit=limit * 3))
    articles = article_map_ranked(pks=[pk for pk, _ in ranked])
    return [(articles[pk], total) for pk, total in ranked if pk in articles][:limit]


def reads_total_expression() -> Coalesce:
    """An article's reads of all time, for annotating an Article queryset (a subquery
    that sorts and filters like a column)."""
    reads = (
        DailyReads.objects.filter(article_id=OuterRef("pk"))
        .values("article_id")
        .annotate(n=Sum("count"))
        .values("n")
    )
    return Coalesce(Subquery(reads), 0)
