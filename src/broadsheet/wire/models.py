"""The wire desk's records: the outlets followed, every poll, the items and their clusters.

The schedule lives here (`Source.next_poll_at`), not in the task queue: losing the queue
loses nothing, the periodic task finds the due sources again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Source(models.Model):
    """An outlet the desk follows. Its `name` is what “Based on materials:” prints."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")

    name = models.CharField(pgettext_lazy("title", "name"), max_length=200)
    homepage = models.URLField(_("homepage"), max_length=1000)
    feed_url = models.URLField(_("feed URL"), max_length=1000)
    language = models.CharField(_("language hint"), max_length=8, blank=True)
    poll_interval = models.PositiveIntegerField(_("poll interval (seconds)"), default=900)
    section = models.ForeignKey(
        "news.Section",
        verbose_name=_("default section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fetch_full_text = models.BooleanField(_("fetch full text"), default=True)
    target_language = models.CharField(_("translate into"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    paused_reason = models.TextField(_("why paused"), blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_polled_at = models.DateTimeField(_("last poll"), null=True, blank=True)
    last_new_item_at = models.DateTimeField(_("last new item"), null=True, blank=True)
    next_poll_at = models.DateTimeField(_("next poll"), default=timezone.now, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("wire source")
        verbose_name_plural = _("wire sources")

    def __str__(self) -> str:
        return self.name


class Poll(models.Model):
    """One poll of a source's feed: what was asked, what came back, what it made."""

    class Outcome(models.TextChoices):
        OK = "ok", _("New content")
        NOT_MODIFIED = "not_modified", _("Not modified")
        ERROR = "error", _("Error")
        BLOCKED = "blocked", _("Blocked")
        ROBOTS = "robots", _("Refused by robots.txt")
        GONE = "gone", _("Gone")

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="polls")
    started_at = models.DateTimeField(default=timezone.now)
    duration_ms = models.PositiveIntegerField(default=0)
    url = models.URLField(max_length=1000)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    items_new = models.PositiveIntegerField(default=0)
    items_updated = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["source", "-started_at"], name="wire_poll_recent")]

    def __str__(self) -> str:
        return f"{self.source_id} {self.started_at:%Y-%m-%d %H:%M} {self.outcome}"


class Cluster(models.Model):
    """Items of several outlets telling the same story (near-duplicate text)."""

    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"cluster {self.pk}"


class Item(models.Model):
    """One story of one source, as its feed and its page give it."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        DRAFTED = "drafted", _("Drafted")
        DISMISSED = "dismissed", _("Dismissed")
        DUPLICATE = "duplicate", _("Duplicate")

    class Translation(models.TextChoices):
        NONE = "", _("Not translated")
        PENDING = "pending", _("Translation pending")
        DONE = "done", _("Translated")
        FAILED = "failed", _("Translation failed")

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=300)
    # Indexed: the same link from any source is the same item (item_ingest looks it up).
    url = models.URLField(max_length=1000, db_index=True)
    canonical_url = models.URLField(max_length=1000, db_index=True)
    title = models.CharField(_("headline"), max_length=500)
    summary = models.TextField(blank=True)
    text = models.TextField(_("text"), blank=True)
    text_hash = models.CharField(max_length=64, blank=True, db_index=True)
    byline = models.CharField(max_length=300, blank=True)
    lead_image_url = models.URLField(max_length=1000, blank=True)
    image_credit = models.CharField(max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    extraction_quality = models.FloatField(default=0.0)
    published_at = models.DateTimeField(_("published at the source"), null=True, blank=True)
    first_seen_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    signature = models.BinaryField(blank=True, default=b"")
    article = models.ForeignKey(
        "news.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    translation = models.CharField(
        max_length=8, choices=Translation.choices, default=Translation.NONE, blank=True
    )
    translated_title = models.CharField(max_length=1000, blank=True)
    translated_text = models.TextField(blank=True)
    translation_language = models.CharField(max_length=8, blank=True)
    translation_flags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-first_seen_at", "-id"]
        # The desk's index lists the queue under this name (admin.py).
        verbose_name = _("Wire")
        verbose_name_plural = _("Wire")
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="wire_item_source_key")
        ]
        indexes = [
            models.Index(fields=["status", "-first_seen_at"], name="wire_item_queue"),
        ]

    def __str__(self) -> str:
        return self.title


class ItemRevision(models.Model):
    """What an item looked like before its source changed it."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    created_at = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=500)
    text = models.TextField(blank=True)
    changed = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.created_at:%Y-%m-%d %H:%M}"


class TranslationModel(models.Model):
    """An installed offline translation model (an unpacked .argosmodel package)."""

    from_code = models.CharField(max_length=8)
    to_code = models.CharField(max_length=8)
    name = models.CharField(max_length=200, blank=True)
    path = models.CharField(max_length=1000)
    installed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_code", "to_code"], name="wire_model_pair")
        ]

    def __str__(self) -> str:
        return f"{self.from_code}→{self.to_code}"
