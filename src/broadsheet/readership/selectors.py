from __future__ import annotations

import datetime as dt

from django.db.models import Sum
from django.utils import timezone

from broadsheet.news.models import Article
from broadsheet.news.selectors import RANKED_FIELDS
from broadsheet.readership.models import DailyReads


def article_list_most_read(*, days: int = 2, limit: int = 5) -> list[Article]:
    """Live articles read most over the last `days` days (today included), most first."""
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    top = (
        DailyReads.objects.filter(day__gte=since)
        .values("article_id")
        .annotate(total=Sum("count"))
        .order_by("-total", "-article_id")
    )
    # Withdrawn or rescheduled articles may still have counts: take a few spare.
    ranked = list(top.values_list("article_id", "total")[: limit * 3])
    shown = Article.objects.live().filter(pk__in=[pk for pk, _ in ranked])
    articles = {a.pk: a for a in shown.only(*RANKED_FIELDS)}
    return [articles[pk] for pk, _ in ranked if pk in articles][:limit]
