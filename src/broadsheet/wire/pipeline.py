"""The wire's pipeline: `source_poll` is the whole of it for one source (robots, polite
fetch, parse, page extraction, exact and near duplicates, language, revisions), run inline
by `broadsheet wire poll` and by the worker's tasks alike. Network and parsing happen
outside database transactions; each item is written in its own short transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import random
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.news.sanitize import sanitize_article_html
from broadsheet.wire import similar
from broadsheet.wire.extract import Extracted, extract_page, html_text, quality_of
from broadsheet.wire.fetch import BlockedAddress, FetchError, fetch, spacing
from broadsheet.wire.language import language_detect
from broadsheet.wire.models import Cluster, Item, ItemRevision, Poll, Source, TranslationModel
from broadsheet.wire.parse import Entry, decode_page, parse_feed
from broadsheet.wire.robots import robots_rules

log = logging.getLogger(__name__)
Actor = User | AnonymousUser

MIN_HOST_SPACING = 1.0


# A poll never sleeps longer than this for one host's turn. A robots Crawl-delay above it
# is honoured by fetching no pages from that host and polling its feed no more often.
MAX_HOST_WAIT = 30.0


MAX_BACKOFF = dt.timedelta(hours=24)


# Failures in a row after which a 4xx (other than 429) is taken as permanent.
PERMANENT_AFTER = 5


CLUSTER_WINDOW = dt.timedelta(days=3)


CLAIM_LEASE = dt.timedelta(minutes=10)


def sources_claim_due(*, limit: int = 100) -> list[Source]:
    """The active sources due now, each pushed a lease ahead so the next round does not
    queue it again while its poll runs (the poll sets the real next time)."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            Source.objects.select_for_update()
            .filter(status=Source.Status.ACTIVE, next_poll_at__lte=now)
            .order_by("next_poll_at", "pk")[:limit]
        )
        Source.objects.filter(pk__in=[s.pk for s in due]).update(next_poll_at=now + CLAIM_LEASE)
    return due


def backoff_delay(*, interval: int, failures: int, rng: random.Random | None = None) -> float:
    """Seconds before the next try after `failures` failures in a row: the interval
    doubled per failure, capped at a day, times a random 0.5-1.0 (jitter)."""
    base = min(MAX_BACKOFF.total_seconds(), interval * (2 ** max(0, failures - 1)))
    return base * (rng or random).uniform(0.5, 1.0)


def retry_after_seconds(value: str, *, now: dt.datetime) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


@dataclass
class PollResult:
    poll: Poll
    items: list[Item] = field(default_factory=list)


def _finish(
    source: Source, poll: Poll, *, started: float, fields: list[str], next_in: float
) -> Poll:
    now = timezone.now()
    source.last_polled_at = now
    source.next_poll_at = now + dt.timedelta(seconds=next_in)
    poll.duration_ms = int((time.monotonic() - started) * 1000)
    with transaction.atomic():
        source.save(update_fields=[*fields, "last_polled_at", "next_poll_at"])
        poll.save()
    return poll


def _fail(
    source: Source,
    poll: Poll,
    *,
    started: float,
    reason: str,
    permanent: bool,
    fields: list[str] | None = None,
) -> Poll:
    source.failures += 1
    source.last_error = reason
    poll.error = reason
    fields = [*(fields or []), "failures", "last_error"]
    if permanent:
        source.status = Source.Status.PAUSED
        source.paused_reason = reason
        fields += ["status", "paused_reason"]
    delay = backoff_delay(interval=source.poll_interval, failures=source.failures)
    return _finish(source, poll, started=started, fields=fields, next_in=delay)


def source_poll(*, source: Source, index: similar.NearDuplicates | None = None) -> PollResult:
    """Poll one source's feed and ingest what it holds. Always logs a Poll; never raises
    for the network's or the feed's faults (they are the poll's outcome)."""
    started = time.monotonic()
    poll = Poll(source=source, url=source.feed_url, started_at=timezone.now())
    if source.status == Source.Status.PAUSED:
        poll.outcome = Poll.Outcome.ERROR
        poll.error = _("paused: %(reason)s") % {"reason": source.paused_reason}
        poll.save()
        return PollResult(poll)
    agent = settings.WIRE_USER_AGENT
    try:
        rules = robots_rules(source.feed_url)
    except BlockedAddress as exc:
        poll.outcome = Poll.Outcome.BLOCKED
        return PollResult(_fail(source, poll, started=started, reason=exc.reason, permanent=True))
    if not rules.allows(source.feed_url, agent):
        poll.outcome = Poll.Outcome.ROBOTS
        reason = rules.problem or _("robots.txt does not allow reading the feed")
        source.last_error = poll.error = reason
        return PollResult(
            _finish(
                source, poll, started=started, fields=["last_error"], next_in=source.poll_interval
            )
        )
    host = urlsplit(source.feed_url).netloc
    crawl_delay = rules.crawl_delay(agent)
    spacing.wait(host, min(MAX_HOST_WAIT, max(MIN_HOST_SPACING, crawl_delay)))
    interval = max(source.poll_interval, crawl_delay)
    headers = {}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    try:
        response = fetch(source.feed_url, headers=headers)
    except BlockedAddress as exc:
        poll.outcome = Poll.Outcome.BLOCKED
        return PollResult(_fail(source, poll, started=started, reason=exc.reason, permanent=True))
    except FetchError as exc:
        poll.outcome = Poll.Outcome.ERROR
        return PollResult(
            _fail(source, poll, started=started, reason=exc.reason, permanent=exc.permanent)
        )
    poll.status_code = response.status
    fields: list[str] = []
    if response.moved_to and response.moved_to != source.feed_url:
        poll.problems = [f"moved permanently to {response.moved_to}"]
        source.feed_url = response.moved_to
        fields.append("feed_url")
    if response.status == 304:
        poll.outcome = Poll.Outcome.NOT_MODIFIED
        source.failures = 0
        return PollResult(
            _finish(
                source,
                poll,
                started=started,
                fields=[*fields, "failures"],
                next_in=interval,
            )
        )
    if response.status == 410:
        poll.outcome = Poll.Outcome.GONE
        reason = _("the feed is gone for good (410 Gone)")
        return PollResult(
            _fail(source, poll, started=started, reason=reason, permanent=True, fields=fields)
        )
    if response.status in (429, 503) or response.status >= 400:
        poll.outcome = Poll.Outcome.ERROR
        reason = _("the feed answered %(status)s") % {"status": response.status}
        permanent = response.status in (401, 403, 404) and source.failures + 1 >= PERMANENT_AFTER
        result = _fail(
            source, poll, started=started, reason=reason, permanent=permanent, fields=fields
        )
        wait = retry_after_seconds(response.headers.get("retry-after", ""), now=timezone.now())
        if wait is not None and response.status in (429, 503):
            # Never sooner than asked; the backoff may ask for longer still.
            later = timezone.now() + dt.timedelta(seconds=min(wait, MAX_BACKOFF.total_seconds()))
            if later > source.next_poll_at:
                source.next_poll_at = later
                source.save(update_fields=["next_poll_at"])
        return PollResult(result)
    parsed = parse_feed(response.body, http_charset=response.charset, base_url=response.url)
    poll.problems = [*poll.problems, *parsed.problems][:50]
    index = index or near_duplicates_index()
    items: list[Item] = []
    for entry in parsed.entries:
        try:
            item, change = _ingest_entry(source, entry, index=index, agent=agent)
        except Exception:
            # One bad entry (or page) never stops the others; the poll records it.
            log.exception("wire: entry %s of source %s failed", entry.key, source.pk)
            poll.problems.append(f"entry {entry.key} could not be ingested")
            continue
        if change == "new":
            poll.items_new += 1
            items.append(item)
        elif change == "updated":
            poll.items_updated += 1
            items.append(item)
    poll.outcome = Poll.Outcome.OK
    source.failures = 0
    # A feed that yields nothing but problems (an HTML page, a broken file) says so.
    source.last_error = "" if parsed.entries or not parsed.problems else parsed.problems[0]
    source.etag = response.headers.get("etag", "")[:300]
    source.last_modified = response.headers.get("last-modified", "")[:100]
    fields += ["failures", "last_error", "etag", "last_modified"]
    if poll.items_new:
        source.last_new_item_at = timezone.now()
        fields.append("last_new_item_at")
    finished = _finish(source, poll, started=started, fields=fields, next_in=interval)
    return PollResult(finished, items)


def _page(source: Source, entry: Entry, agent: str) -> Extracted | None:
    if not (source.fetch_full_text and entry.link):
        return None
    try:
        rules = robots_rules(entry.link)
    except BlockedAddress:
        return None  # a link to a forbidden host: the feed's own text is used
    if not rules.allows(entry.link, agent) or rules.crawl_delay(agent) > MAX_HOST_WAIT:
        return None
    spacing.wait(urlsplit(entry.link).netloc, max(MIN_HOST_SPACING, rules.crawl_delay(agent)))
    try:
        response = fetch(entry.link)
    except FetchError:
        return None
    if response.status != 200:
        return None
    return extract_page(decode_page(response.body, http_charset=response.charset), url=response.url)


def _ingest_entry(
    source: Source, entry: Entry, *, index: similar.NearDuplicates, agent: str
) -> tuple[Item, str]:
    entry.link = web_url(entry.link)
    existing = Item.objects.filter(source=source, key=entry.key).first()
    if existing is not None and _guid_reused(existing, entry):
        entry.key = f"{entry.key}#{hashlib.sha256(entry.link.encode()).hexdigest()[:12]}"[:300]
        existing = Item.objects.filter(source=source, key=entry.key).first()
    if existing is not None and not _feed_changed(existing, entry):
        return existing, "same"
    page = _page(source, entry, agent)
    return item_ingest(source=source, entry=entry, page=page, index=index)


def _guid_reused(item: Item, entry: Entry) -> bool:
    """A GUID seen before on a different link and a different headline: a new story."""
    return bool(
        entry.guid
        and entry.link
        and item.url != entry.link
        and similar.text_hash(item.title) != similar.text_hash(entry.title)
    )


def _feed_changed(item: Item, entry: Entry) -> bool:
    return item.title != entry.title[:500] or item.summary != entry.summary


def near_duplicates_index(*, since: dt.datetime | None = None) -> similar.NearDuplicates:
    """An LSH index of the items first seen in the cluster window."""
    index = similar.NearDuplicates()
    since = since or timezone.now() - CLUSTER_WINDOW
    rows = Item.objects.filter(first_seen_at__gte=since).exclude(signature=b"")
    for pk, stored in rows.values_list("pk", "signature").iterator():
        index.add(pk, bytes(stored))
    return index


def web_url(value: str) -> str:
    """`value` when it is an http(s) address, else "": links from feeds and pages end up
    in the desk's and the article's hrefs, where a javascript: or data: URL would run."""
    parts = urlsplit(value.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return value.strip()
    return ""


def _body(entry: Entry, page: Extracted | None) -> tuple[str, float]:
    feed_html = sanitize_article_html(entry.content) if entry.content else ""
    feed_quality = quality_of(html_text(feed_html), feed_html.count("<p"))
    if page is not None and page.quality >= feed_quality:
        return page.html, page.quality
    return feed_html, feed_quality


def item_ingest(
    *,
    source: Source,
    entry: Entry,
    page: Extracted | None = None,
    index: similar.NearDuplicates | None = None,
) -> tuple[Item, str]:
    """Store one entry: a new item, a revision of an existing one, or nothing for an
    exact duplicate (same key, URL or text). Returns (item, "new" | "updated" | "same")."""
    body, quality = _body(entry, page)
    text = html_text(body) if body else ""
    entry.link = web_url(entry.link)
    canonical = web_url(page.canonical_url if page else "")
    if urlsplit(canonical).path in ("", "/"):
        canonical = ""  # some sites name their homepage canonical on every page
    canonical = canonical or entry.link
    digest = similar.text_hash(text) if len(text) > 200 else ""
    with transaction.atomic():
        existing = Item.objects.select_for_update().filter(source=source, key=entry.key).first()
        if existing is not None:
            return _revise(existing, entry, body=body, text=text, quality=quality), "updated"
        found = (
            Item.objects.filter(Q(canonical_url=canonical) | Q(url=entry.link))
            .order_by("pk")
            .first()
        )
        if found is None and digest:
            # The same text under a headline that shares nothing is a boilerplate page (a
            # paywall, a cookie wall) extracted alike, not the same story; a copy with
            # another headline in another outlet still joins its cluster below.
            found = next(
                (
                    other
                    for other in Item.objects.filter(text_hash=digest).order_by("pk")[:5]
                    if _titles_alike(other.title, entry.title)
                ),
                None,
            )
        if found is not None:
            return found, "same"
        language = language_detect(f"{entry.title}\n{text or html_text(entry.summary)}")
        item = Item(
            source=source,
            key=entry.key,
            url=entry.link or source.homepage,
            canonical_url=canonical or source.homepage,
            title=entry.title[:500],
            summary=entry.summary,
            text=body,
            text_hash=digest,
            byline=((page.byline if page else "") or entry.author)[:300],
            lead_image_url=web_url(entry.image_url or (page.image_url if page else ""))[:1000],
            image_credit=source.name[:200],
            language=language or source.language or entry.language[:2],
            extraction_quality=quality,
            published_at=entry.published or _page_date(page),
            signature=similar.signature(f"{entry.title} {text}") if text else b"",
        )
        item.translation = _translation_wanted(item, source)
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:
            return Item.objects.get(source=source, key=entry.key), "same"
        if index is not None and item.signature:
            _cluster(item, index)
    return item, "new"


def _titles_alike(a: str, b: str) -> bool:
    first, second = set(similar.WORD.findall(a.lower())), set(similar.WORD.findall(b.lower()))
    if not first or not second:
        return True
    return len(first & second) / min(len(first), len(second)) >= 0.3


def _page_date(page: Extracted | None) -> dt.datetime | None:
    """The page's own date (no time of day) when the feed gave none: noon UTC that day."""
    if page is None or page.date is None:
        return None
    return dt.datetime.combine(page.date, dt.time(12), tzinfo=dt.UTC)


def _translation_wanted(item: Item, source: Source) -> str:
    target = source.target_language or settings.LANGUAGE_CODE
    if not item.language or item.language == target:
        return Item.Translation.NONE
    installed = TranslationModel.objects.filter(from_code=item.language, to_code=target).exists()
    return Item.Translation.PENDING if installed else Item.Translation.NONE


def _cluster(item: Item, index: similar.NearDuplicates) -> None:
    matches = [(pk, score) for pk, score in index.matches(bytes(item.signature)) if pk != item.pk]
    index.add(item.pk, bytes(item.signature))
    if not matches:
        return
    # One outlet's pages alike under unrelated headlines share boilerplate, not a story.
    others = [
        other
        for other in Item.objects.filter(pk__in=[pk for pk, _ in matches]).defer("text")
        if other.source_id != item.source_id or _titles_alike(other.title, item.title)
    ]
    if not others:
        return
    cluster_id = next((other.cluster_id for other in others if other.cluster_id), None)
    if cluster_id is None:
        cluster_id = Cluster.objects.create().pk
    ids = [item.pk, *(other.pk for other in others if other.cluster_id is None)]
    Item.objects.filter(pk__in=ids).update(cluster_id=cluster_id)
    item.cluster_id = cluster_id


def _revise(item: Item, entry: Entry, *, body: str, text: str, quality: float) -> Item:
    changed = []
    if item.title != entry.title[:500]:
        changed.append("title")
    # A text much thinner than the one kept is a page that failed this time (the feed's
    # summary standing in), not an edit at the source.
    if body and item.text != body and quality >= item.extraction_quality / 2:
        changed.append("text")
    if item.summary != entry.summary:
        changed.append("summary")
    if not changed:
        return item
    ItemRevision.objects.create(item=item, title=item.title, text=item.text, changed=changed)
    item.title = entry.title[:500]
    item.summary = entry.summary
    if "text" in changed:
        item.text = body
        item.extraction_quality = quality
        item.text_hash = similar.text_hash(text) if len(text) > 200 else ""
        item.signature = similar.signature(f"{entry.title} {text}") if text else b""
    if item.translation == Item.Translation.DONE and {"title", "text"} & set(changed):
        item.translation = _translation_wanted(item, item.source)  # translated again
    item.updated_at = timezone.now()
    # A draft already made from the item is the editor's: it is not touched.
    item.save(
        update_fields=[
            "title",
            "summary",
            "text",
            "extraction_quality",
            "text_hash",
            "signature",
            "translation",
            "updated_at",
        ]
    )
    return item
