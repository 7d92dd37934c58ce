"""The moderation policy: which mode a thread is in and what holds a comment.

Read-only decisions, kept apart from the services that write, so each rule can be
tested on its own. Every setting is read when a decision is made, never at import.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from broadsheet.core.statements import STAND_IN_ID, KeptQuery
from broadsheet.discussion.models import ArticleDiscussion, Ban, BannedWord, Comment, Mode
from broadsheet.news.models import Article


class Reason:
    """Why a comment was held or marked as spam: stored on the comment for moderators."""

    HONEYPOT = "honeypot"
    NO_POW = "no_proof_of_work"
    PREMODERATED = "premoderated"
    QUIET_HOURS = "quiet_hours"
    NEW_COMMENTER = "new_commenter"
    TOO_MANY_LINKS = "too_many_links"
    DUPLICATE = "duplicate_text"
    BANNED_WORD = "banned_word"
    REPORTS = "reports"


def thread_mode(
    *, article: Article, override: ArticleDiscussion | None, now: dt.datetime | None = None
) -> str:
    """The effective mode of an article's thread: the override, else the site default;
    closed once the configured number of days after publication has passed."""
    now = now or timezone.now()
    mode = (override.mode if override and override.mode else "") or (
        settings.DISCUSSION_DEFAULT_MODE
    )
    if mode not in Mode.values:
        raise ImproperlyConfigured(
            f"DISCUSSION_DEFAULT_MODE must be one of {', '.join(Mode.values)}, not {mode!r}."
        )
    days = settings.DISCUSSION_CLOSE_AFTER_DAYS
    keep_open = bool(override and override.keep_open)
    if (
        mode != Mode.CLOSED
        and days > 0
        and not keep_open
        and article.published_at
        and article.published_at + dt.timedelta(days=days) < now
    ):
        return Mode.CLOSED
    return mode


# What posting a comment reads of its article: whether it is live, its thread's mode.
def override_of(article: Article) -> ArticleDiscussion | None:
    """The article's discussion override: the one read with it when it was
    (`posting.article_get_for_posting`) or asked before, else one query."""
    relation = Article.discussion_settings.related
    if relation.is_cached(article):
        cached = relation.get_cached_value(article)
        return cached if isinstance(cached, ArticleDiscussion) else None
    found = _OVERRIDE.models(pk=article.pk)
    override = found[0] if found else None
    relation.set_cached_value(article, override)  # asked once per article object
    return override


# `ArticleDiscussion.objects.filter(article=article).first()`, kept compiled: every
# first render of an article asks it.
_OVERRIDE = KeptQuery(
    lambda pk: ArticleDiscussion.objects.filter(article_id=pk).order_by("pk")[:1],
    pk=STAND_IN_ID,
)


def parse_quiet_hours(raw: str) -> tuple[dt.time, dt.time] | None:
    """'23:00-07:00' → (23:00, 07:00); empty → None."""
    if not raw.strip():
        return None
    try:
        start, end = (dt.time.fromisoformat(part.strip()) for part in raw.split("-", 1))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DISCUSSION_QUIET_HOURS must look like 23:00-07:00, not {raw!r}."
        ) from exc
    return start, end


def in_quiet_hours(*, now: dt.datetime | None = None) -> bool:
    """True inside the quiet-hours window, read in the site's time zone."""
    window = parse_quiet_hours(settings.DISCUSSION_QUIET_HOURS)
    if window is None:
        return False
    start, end = window
    local = timezone.localtime(now or timezone.now()).time()
    if start <= end:
        return start <= local < end
    return local >= start or local < end  # the window crosses midnight


def parse_rate(raw: str, *, name: str) -> tuple[int, int]:
    """'5/60' → (5 posts, 60 seconds). '0/…' turns the limit off."""
    try:
        count, seconds = (int(part) for part in raw.split("/", 1))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must look like 5/60 (posts/seconds).") from exc
    return count, seconds


def _matches_ip(value: str, ip: str | None) -> bool:
    if not ip:
        return False
    try:
        return ipaddress.ip_address(ip) in ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return False


def _ban_matches(kind: str, value: str, *, ip: str | None, email: str, name: str) -> bool:
    if kind == Ban.Kind.IP:
        return _matches_ip(value, ip)
    if kind == Ban.Kind.EMAIL:
        return bool(email) and value.strip().casefold() == email.strip().casefold()
    if kind == Ban.Kind.NAME:
        return value.strip().casefold() == name.strip().casefold()
    return False


def matching_ban(
    *, ip: str | None, email: str, name: str, now: dt.datetime | None = None
) -> Ban | None:
    """The first active ban matching this IP (address or range), e-mail or name."""
    now = now or timezone.now()
    active = Ban.objects.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    for ban in active:
        if _ban_matches(ban.kind, ban.value, ip=ip, email=email, name=name):
            return ban
    return None


@dataclass(frozen=True)
class ModerationLists:
    """The bans in force (id, kind, value; newest first) and the banned words, as one
    post is checked against them."""

    bans: tuple[tuple[int, str, str], ...]
    words: tuple[str, ...]

    def matching_ban(self, *, ip: str | None, email: str, name: str) -> int | None:
        """The id of the first ban matching this IP (address or range), e-mail or name."""
        for pk, kind, value in self.bans:
            if _ban_matches(kind, value, ip=ip, email=email, name=name):
                return pk
        return None

    def contains_banned_word(self, text: str) -> bool:
        pattern = banned_words_pattern(self.words)
        return bool(pattern and pattern.search(text))


def moderation_lists_current(*, now: dt.datetime | None = None) -> ModerationLists:
    """Both lists read again for every post (a ban counts from the moment it is saved),
    in one statement written out: the ORM took several times longer to build the two
    queries than the database to answer them, on a path every comment takes."""
    ops = connection.ops
    bans, words = (ops.quote_name(m._meta.db_table) for m in (Ban, BannedWord))
    now = now or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            # Table names from the models, the time a parameter; words have no kind and
            # come last.
            f"SELECT id, kind, value, created_at FROM {bans}"  # noqa: S608
            " WHERE expires_at IS NULL OR expires_at > %s"
            f" UNION ALL SELECT id, '', word, NULL FROM {words}"
            " ORDER BY 4 DESC",
            [ops.adapt_datetimefield_value(now)],
        )
        rows = cursor.fetchall()
    return ModerationLists(
        bans=tuple((pk, kind, value) for pk, kind, value, _created in rows if kind),
        words=tuple(value for _pk, kind, value, _created in rows if not kind),
    )


def banned_words_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for every banned word, whole words only, ignoring case in any script.

    Python's `\\w` is Unicode-aware, so the word boundaries hold for Cyrillic too.
    """
    cleaned = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    alternatives = "|".join(re.escape(w) for w in cleaned)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def contains_banned_word(text: str) -> bool:
    pattern = banned_words_pattern(BannedWord.objects.values_list("word", flat=True))
    return bool(pattern and pattern.search(text))


def approved_count_for(*, commenter_id: int | None, verified_email: str) -> int:
    """Approved comments of this reader: by their cookie, and by their e-mail once verified."""
    if not commenter_id and not verified_email:
        return 0  # a reader not known by either has none, and no query says so
    match = Q(pk__in=[])
    if commenter_id:
        match |= Q(commenter_id=commenter_id)
    if verified_email:
        match |= Q(email__iexact=verified_email)
    return Comment.objects.filter(match, status=Comment.Status.APPROVED).count()


def thread_closes_at(article: Article) -> float | None:
    """When the article's thread closes by itself (DISCUSSION_CLOSE_AFTER_DAYS)."""
    days = settings.DISCUSSION_CLOSE_AFTER_DAYS
    if days <= 0 or article.published_at is None:
        return None
    closes = article.published_at + dt.timedelta(days=days)
    return closes.timestamp() if closes > timezone.now() else None
