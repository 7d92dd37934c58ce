"""Reader discussion: comments under articles, their moderation and their mail.

Every state change goes through `discussion.services`; nothing happens in `save()`.
"""

from __future__ import annotations

import ipaddress
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    OPEN = "open", _("Open: published at once, moderated after")
    PREMODERATED = "premoderated", _("Pre-moderated: nothing shows until approved")
    CLOSED = "closed", _("Closed")


class ArticleDiscussion(models.Model):
    """The per-article override of the site's discussion mode."""

    class Override(models.TextChoices):
        DEFAULT = "", _("Site default")
        OPEN = Mode.OPEN.value, Mode.OPEN.label
        PREMODERATED = Mode.PREMODERATED.value, Mode.PREMODERATED.label
        CLOSED = Mode.CLOSED.value, Mode.CLOSED.label

    article = models.OneToOneField(
        "news.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="discussion_settings",
    )
    mode = models.CharField(_("mode"), max_length=16, choices=Override.choices, blank=True)
    keep_open = models.BooleanField(
        _("keep open"),
        default=False,
        help_text=_("Do not close automatically after the configured number of days."),
    )

    class Meta:
        verbose_name = _("article discussion setting")
        verbose_name_plural = _("article discussion settings")

    def __str__(self) -> str:
        return str(self.article)


class Commenter(models.Model):
    """A reader known by a signed cookie; no account, no personal data."""

    key = models.UUIDField(_("key"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("first seen"), default=timezone.now)

    class Meta:
        verbose_name = _("commenter")
        verbose_name_plural = _("commenters")

    def __str__(self) -> str:
        return str(self.key)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REMOVED = "removed", _("Removed")

    article = models.ForeignKey(
        "news.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
    )
    # Thread order without recursion: `path` is the zero-padded ids from the root down,
    # so ordering by it lists each thread in reply order; `root_id` orders threads.
    root_id = models.PositiveBigIntegerField(_("thread"), default=0)
    path = models.CharField(_("thread path"), max_length=600, blank=True)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    name = models.CharField(_("name"), max_length=50)
    email = models.EmailField(_("e-mail"), blank=True)
    text = models.TextField(_("text"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    featured = models.BooleanField(_("featured"), default=False)
    reasons = models.JSONField(_("why held"), default=list, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    commenter = models.ForeignKey(
        Commenter,
        verbose_name=_("commenter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    form_token = models.CharField(_("form token"), max_length=64, unique=True)
    text_hash = models.CharField(_("text fingerprint"), max_length=64, db_index=True)
    report_count = models.PositiveIntegerField(_("open reports"), default=0)
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["path"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["article", "status", "path"], name="comment_thread_oldest"),
            models.Index(
                fields=["article", "status", "-root_id", "path"], name="comment_thread_newest"
            ),
            models.Index(fields=["article", "created_at"], name="comment_article_time"),
            models.Index(fields=["ip", "created_at"], name="comment_ip_time"),
            # The moderation queue walks it by time; `article` last makes it cover the
            # most-commented ranking, counted again after every comment (no row read).
            models.Index(fields=["status", "created_at", "article"], name="comment_queue"),
        ]
        permissions = [
            ("moderate_comment", "Can approve, remove, mark as spam and feature comments"),
            ("view_commenter_private", "Can see commenters' e-mail and IP addresses"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("discussion:permalink", kwargs={"pk": self.pk})

    @property
    def is_visible(self) -> bool:
        return self.status == self.Status.APPROVED


class CommentReport(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Abuse or hate")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports"
    )
    # The reporting reader: their commenter key, else a keyed hash of their IP address.
    reporter_key = models.CharField(_("reader"), max_length=64)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_key"], name="report_once_per_reader"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.comment_id}"


class Ban(models.Model):
    class Kind(models.TextChoices):
        IP = "ip", _("IP address or range")
        EMAIL = "email", _("E-mail")
        NAME = "name", _("Name")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    value = models.CharField(
        _("value"),
        max_length=200,
        help_text=_("An IP address, a range such as 203.0.113.0/24, an e-mail or a name."),
    )
    reason = models.CharField(_("reason"), max_length=300)
    expires_at = models.DateTimeField(
        _("expires"), null=True, blank=True, help_text=_("Empty: never.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ban")
        verbose_name_plural = _("bans")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self) -> None:
        if self.kind == self.Kind.IP:
            try:
                ipaddress.ip_network(self.value.strip(), strict=False)
            except ValueError as exc:
                raise ValidationError(
                    {"value": _("Enter an IP address or a range such as 203.0.113.0/24.")}
                ) from exc


class BannedWord(models.Model):
    word = models.CharField(
        _("word"),
        max_length=100,
        unique=True,
        help_text=_("Matched as a whole word, ignoring case, in any script."),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["word"]
        verbose_name = _("banned word")
        verbose_name_plural = _("banned words")

    def __str__(self) -> str:
        return self.word


class CaptchaQuestion(models.Model):
    """A question an editor adds to the captcha's pool beside the built-in arithmetic."""

    question = models.CharField(_("question"), max_length=200)
    answers = models.TextField(
        _("accepted answers"), help_text=_("One per line; compared ignoring case and spaces.")
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: every language."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["question"]
        verbose_name = _("captcha question")
        verbose_name_plural = _("captcha questions")

    def __str__(self) -> str:
        return self.question

    def answer_list(self) -> list[str]:
        return [line.strip() for line in self.answers.splitlines() if line.strip()]


class CaptchaChallenge(models.Model):
    """One answered captcha question: the shared single-use ledger.

    A question is issued as a signed token (no write on a page view); the row is written
    when the question is answered, and its unique key makes a second answer fail in any
    process.
    """

    key = models.CharField(_("key"), max_length=32, unique=True)
    form_token = models.CharField(_("form token"), max_length=64)
    question = models.CharField(_("question"), max_length=200)
    issued_at = models.DateTimeField(_("issued"))
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)
    correct = models.BooleanField(_("answered correctly"), default=False)

    class Meta:
        verbose_name = _("captcha challenge")
        verbose_name_plural = _("captcha challenges")

    def __str__(self) -> str:
        return self.question


class Subscription(models.Model):
    """A reader's request to be told of replies to one of their comments."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField(_("e-mail"))
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("reply subscription")
        verbose_name_plural = _("reply subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["comment", "email"], name="subscription_unique")
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.comment_id}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class OutboundMail(models.Model):
    """The mail outbox: written in the posting transaction, sent after it commits."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    dedupe_key = models.CharField(_("purpose"), max_length=200, unique=True)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("body"))
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class ModerationLog(models.Model):
    """Who did what to which comment, ban or word, and when: never edited."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REMOVE = "remove", _("Removed")
        SPAM = "spam", _("Marked as spam")
        FEATURE = "feature", _("Featured")
        UNFEATURE = "unfeature", _("Unfeatured")
        EDIT = "edit", _("Edited")
        BAN = "ban", _("Banned")
        UNBAN = "unban", _("Ban lifted")
        WORD_ADD = "word_add", _("Banned word added")
        WORD_REMOVE = "word_remove", _("Banned word removed")
        MODE = "mode", _("Discussion mode changed")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="log",
    )
    target = models.CharField(_("target"), max_length=250)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.target}"
