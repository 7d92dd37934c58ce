"""Every read of the desk's own pages: the home after login (what needs each person now,
by role), the readership charts, and the article list's figures. Each panel is read only
for a user whose role may see it; `None` means the panel is not theirs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, QuerySet
from django.db.models.expressions import OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.desk.charts import BarChart, bar_chart
from broadsheet.desk.models import DeskProfile
from broadsheet.discussion.models import Comment, CommentReport
from broadsheet.news.models import Article, Byline, Correction
from broadsheet.readership import selectors as readership
from broadsheet.wire import selectors as wire
from broadsheet.wire import services as wire_services
from broadsheet.wire.models import Item, Source

PANEL_SIZE = 8
CHART_DAYS = 30


@dataclass(frozen=True)
class CommentsWaiting:
    pending: int
    oldest_pending_at: dt.datetime | None
    reported: int
    oldest_report_at: dt.datetime | None


@dataclass(frozen=True)
class TroubledSource:
    source: Source
    # What is wrong, in words: paused, failures in a row, quiet for too long.
    paused: bool
    failures: int
    quiet: bool


@dataclass(frozen=True)
class WireWaiting:
    waiting: int
    newest: list[Item]
    troubled: list[TroubledSource]


@dataclass(frozen=True)
class Readership:
    reads: BarChart
    comments: BarChart
    today: list[tuple[Article, int]]
    week: list[tuple[Article, int]]


@dataclass(frozen=True)
class Home:
    drafts: list[Article] | None
    in_review: list[Article] | None
    scheduled: list[Article] | None
    comments: CommentsWaiting | None
    wire: WireWaiting | None
    corrections: list[Correction] | None
    readership: Readership | None


def _articles() -> QuerySet[Article]:
    return Article.objects.select_related("section").only(
        "id", "headline", "status", "published_at", "updated_at", "section__name"
    )


def article_list_drafts(*, user: Any, limit: int = PANEL_SIZE) -> list[Article]:
    """The user's own drafts, last edited first."""
    drafts = _articles().filter(created_by=user, status=Article.Status.DRAFT)
    return list(drafts.order_by("-updated_at", "-id")[:limit])


def article_list_in_review(*, limit: int = PANEL_SIZE) -> list[Article]:
    """Articles submitted for review, the longest waiting first."""
    return list(
        _articles().filter(status=Article.Status.REVIEW).order_by("updated_at", "id")[:limit]
    )


def article_list_scheduled_soon(
    *, user: Any, hours: int = 24, now: dt.datetime | None = None, limit: int = PANEL_SIZE
) -> list[Article]:
    """Scheduled articles going live in the next `hours`, soonest first; an author's own
    only, unless they may edit others' articles."""
    moment = now or timezone.now()
    scheduled = _articles().filter(
        status=Article.Status.SCHEDULED,
        published_at__gt=moment,
        published_at__lte=moment + dt.timedelta(hours=hours),
    )
    if not user.has_perm("news.change_any_article"):
        scheduled = scheduled.filter(created_by=user)
    return list(scheduled.order_by("published_at", "id")[:limit])


def comments_waiting() -> CommentsWaiting:
    """Comments waiting for moderation and comments readers reported, each with the
    oldest wait. Two queries, one on the queue's index and one on the reports."""
    pending = Comment.objects.filter(status=Comment.Status.PENDING).aggregate(
        n=Count("*"), oldest=Min("created_at")
    )
    reports = CommentReport.objects.filter(
        comment__report_count__gt=0,
        comment__status__in=[Comment.Status.PENDING, Comment.Status.APPROVED],
    ).aggregate(n=Count("comment_id", distinct=True), oldest=Min("created_at"))
    return CommentsWaiting(
        pending=pending["n"],
        oldest_pending_at=pending["oldest"],
        reported=reports["n"],
        oldest_report_at=reports["oldest"],
    )


def wire_waiting(*, limit: int = 5) -> WireWaiting:
    """The newest wire items waiting in the queue, and the sources in trouble: paused,
    failing, or quiet for longer than their rhythm allows."""
    troubled = [
        TroubledSource(
            source=row.source,
            paused=row.source.status == Source.Status.PAUSED,
            failures=row.source.failures,
            quiet=row.quiet,
        )
        for row in wire.source_list_health()
        if row.quiet or row.source.failures or row.source.status == Source.Status.PAUSED
    ]
    return WireWaiting(
        waiting=wire.item_count_waiting(),
        newest=wire.item_list_queue(filters=wire.QueueFilters(), limit=limit),
        troubled=troubled,
    )


def correction_list_latest(*, limit: int = 5) -> list[Correction]:
    return list(Correction.objects.select_related("article").order_by("-created_at", "-id")[:limit])


def comments_per_day(*, days: int = CHART_DAYS) -> list[tuple[dt.date, int]]:
    """Comments received on each of the last `days` days (spam left out), today last."""
    today = timezone.localdate()
    since = today - dt.timedelta(days=days - 1)
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    counts = dict(
        Comment.objects.filter(created_at__gte=start)
        .exclude(status=Comment.Status.SPAM)
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("*"))
        .order_by()
    )
    return [(day, counts.get(day, 0)) for day in (since + dt.timedelta(n) for n in range(days))]


def readership_get() -> Readership:
    """The site's reads and comments per day over 30 days as charts, and the articles
    read most today and over the last seven days."""
    return Readership(
        reads=bar_chart(
            slug="reads",
            title=_("Reads per day, last 30 days"),
            series=readership.reads_per_day(days=CHART_DAYS),
        ),
        comments=bar_chart(
            slug="comments",
            title=_("Comments per day, last 30 days"),
            series=comments_per_day(),
        ),
        today=readership.article_list_most_read_counted(days=1),
        week=readership.article_list_most_read_counted(days=7),
    )


def article_reads_chart(*, article: Article) -> BarChart:
    """One article's reads per day over 30 days."""
    return bar_chart(
        slug=f"reads-{article.pk}",
        title=_("Reads per day, last 30 days"),
        series=readership.reads_per_day(days=CHART_DAYS, article_id=article.pk),
    )


def desk_home_get(*, user: Any) -> Home:
    """What needs `user` now, by their role's permissions."""
    return Home(
        drafts=article_list_drafts(user=user) if user.has_perm("news.add_article") else None,
        in_review=article_list_in_review() if user.has_perm("news.publish_article") else None,
        scheduled=(
            article_list_scheduled_soon(user=user) if user.has_perm("news.add_article") else None
        ),
        comments=comments_waiting() if user.has_perm("discussion.moderate_comment") else None,
        wire=wire_waiting() if user.has_perm(wire_services.USE) else None,
        corrections=correction_list_latest() if user.has_perm("news.view_correction") else None,
        readership=readership_get() if user.has_perm("news.change_any_article") else None,
    )


def article_list_annotated(*, queryset: QuerySet[Article]) -> QuerySet[Article]:
    """The desk's article list: each article with `reads_total` (all time),
    `comments_total` (visible ones) and `first_byline` (the first author's name, to sort
    by), as subqueries of the same query, so each column sorts and no row asks again."""
    comments = (
        Comment.objects.filter(article_id=OuterRef("pk"), status=Comment.Status.APPROVED)
        .values("article_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    first_byline = Byline.objects.filter(article_id=OuterRef("pk")).order_by("position", "id")
    return queryset.annotate(
        reads_total=readership.reads_total_expression(),
        comments_total=Coalesce(Subquery(comments), 0),
        first_byline=Subquery(first_byline.values("author__name")[:1]),
    )


def language_for(*, user: Any) -> str:
    """The desk language the user chose ("" for none)."""
    profile = DeskProfile.objects.filter(user_id=user.pk).values_list("language", flat=True)
    return profile.first() or ""
