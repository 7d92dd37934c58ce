"""Every read of the wire desk, prefetched so templates never query."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from broadsheet.wire.models import Item, ItemRevision, Poll, Source, TranslationModel

QUEUE_SIZE = 50
# A source with no new item for this many poll intervals (and at least a day) is "quiet".
QUIET_INTERVALS = 48


@dataclass(frozen=True)
class QueueFilters:
    source: int | None = None
    language: str = ""
    status: str = Item.Status.NEW
    cluster: int | None = None
    page: int = 1


@dataclass
class QueuePage:
    items: list[Item]
    more: bool


def item_page_queue(*, filters: QueueFilters, size: int = QUEUE_SIZE) -> QueuePage:
    """A page of the queue (`filters.page`, `size` items) and whether older ones follow."""
    rows = item_list_queue(filters=filters, limit=size + 1, page_size=size)
    return QueuePage(items=rows[:size], more=len(rows) > size)


def item_count_waiting() -> int:
    """How many items wait in the queue (new: neither drafted, dismissed nor duplicate)."""
    return Item.objects.filter(status=Item.Status.NEW).count()


def item_list_queue(
    *, filters: QueueFilters, limit: int = QUEUE_SIZE, page_size: int | None = None
) -> list[Item]:
    """The wire queue, newest first, each item with `other_sources` (how many other
    outlets carry its story) computed in the same query. Pages of `page_size` (default
    `limit`) items are counted by `filters.page`."""
    items: QuerySet[Item] = Item.objects.select_related("source", "editor", "article")
    if filters.status:
        items = items.filter(status=filters.status)
    if filters.source:
        items = items.filter(source_id=filters.source)
    if filters.language:
        items = items.filter(language=filters.language)
    if filters.cluster:
        items = items.filter(cluster_id=filters.cluster)
    start = (max(1, filters.page) - 1) * (page_size or limit)
    ordered = items.defer("signature", "summary").order_by("-first_seen_at", "-id")
    rows = list(ordered[start : start + limit])
    clusters = {item.cluster_id for item in rows if item.cluster_id}
    sources_in: dict[int, int] = dict(
        Item.objects.filter(cluster_id__in=clusters)
        .values("cluster_id")
        .annotate(n=Count("source_id", distinct=True))
        .values_list("cluster_id", "n")
    )
    for item in rows:
        item.other_sources = max(0, sources_in.get(item.cluster_id or 0, 1) - 1)  # type: ignore[attr-defined]
    return rows


def item_get(*, pk: int) -> Item:
    return Item.objects.select_related("source", "article", "editor").get(pk=pk)


def item_list(*, source: int | None = None, limit: int = 50) -> list[Item]:
    items = Item.objects.select_related("source").defer("signature")
    if source:
        items = items.filter(source_id=source)
    return list(items.order_by("-first_seen_at", "-id")[:limit])


def source_get(*, pk: int) -> Source:
    return Source.objects.get(pk=pk)


def source_list() -> list[Source]:
    return list(Source.objects.select_related("section").order_by("name", "pk"))


def source_list_due(*, now: dt.datetime | None = None, limit: int = 100) -> list[Source]:
    """Active sources whose next poll time has come, most overdue first."""
    moment = now or timezone.now()
    return list(
        Source.objects.filter(status=Source.Status.ACTIVE, next_poll_at__lte=moment).order_by(
            "next_poll_at", "pk"
        )[:limit]
    )


@dataclass(frozen=True)
class SourceHealth:
    source: Source
    items_24h: int
    quiet: bool
    last_poll: Poll | None


def source_list_health(*, now: dt.datetime | None = None) -> list[SourceHealth]:
    """Every source with its items of the last 24 hours, its last poll and a quiet flag."""
    moment = now or timezone.now()
    day_ago = moment - dt.timedelta(hours=24)
    sources = list(
        Source.objects.annotate(
            items_24h=Count("items", filter=Q(items__first_seen_at__gte=day_ago)),
            last_poll_id=Max("polls__id"),
        ).order_by("name", "pk")
    )
    polls = Poll.objects.in_bulk([s.last_poll_id for s in sources if s.last_poll_id])
    rows = []
    for source in sources:
        quiet_after = max(
            dt.timedelta(days=1), dt.timedelta(seconds=source.poll_interval) * QUIET_INTERVALS
        )
        since = source.last_new_item_at or source.created_at
        rows.append(
            SourceHealth(
                source=source,
                items_24h=source.items_24h,
                quiet=source.status == Source.Status.ACTIVE and moment - since > quiet_after,
                last_poll=polls.get(source.last_poll_id),
            )
        )
    return rows


def poll_list(*, source: int, limit: int = 20) -> list[Poll]:
    return list(Poll.objects.filter(source_id=source).order_by("-started_at", "-id")[:limit])


def translation_models() -> list[TranslationModel]:
    return list(TranslationModel.objects.order_by("from_code", "to_code"))


def item_list_translation_pending(*, limit: int = 20) -> list[int]:
    return list(
        Item.objects.filter(translation=Item.Translation.PENDING)
        .order_by("first_seen_at")
        .values_list("pk", flat=True)[:limit]
    )


@dataclass
class RevisionView:
    revision: ItemRevision
    # What changed from this revision to the next (or to the item as it is now), as
    # difflib's HTML table (it escapes the text).
    changes: str = ""


@dataclass
class ItemView:
    item: Item
    revisions: list[RevisionView] = field(default_factory=list)
    cluster: list[Item] = field(default_factory=list)


def _lines(html: str) -> list[str]:
    text = re.sub(r"(</(p|h\d|li|blockquote)>)", r"\1\n", html)
    return re.sub(r"<[^>]+>", "", text).splitlines() or [""]


def item_get_for_desk(*, pk: int) -> ItemView:
    """An item with its revisions (each with what changed after it) and its cluster."""
    item = (
        Item.objects.select_related("source", "article", "editor")
        .prefetch_related(
            Prefetch("revisions", queryset=ItemRevision.objects.order_by("created_at", "id"))
        )
        .get(pk=pk)
    )
    revisions = list(item.revisions.all())
    differ = difflib.HtmlDiff(wrapcolumn=70)
    views = []
    for n, revision in enumerate(revisions):
        after = revisions[n + 1] if n + 1 < len(revisions) else item
        views.append(
            RevisionView(
                revision,
                differ.make_table(
                    [revision.title, *_lines(revision.text)],
                    [after.title, *_lines(after.text)],
                    context=True,
                    numlines=1,
                ),
            )
        )
    cluster = []
    if item.cluster_id:
        cluster = list(
            Item.objects.filter(cluster_id=item.cluster_id)
            .exclude(pk=item.pk)
            .select_related("source")
            .defer("signature", "text", "translated_text")
        )
    return ItemView(item=item, revisions=views, cluster=cluster)
