from __future__ import annotations

import reversion
from django.conf import settings
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from broadsheet.news.fields import SanitizedHTMLField


class Section(models.Model):
    name = models.CharField(pgettext_lazy("title", "name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("news:section", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(pgettext_lazy("title", "name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("news:tag", kwargs={"slug": self.slug})


class Author(models.Model):
    """A byline. May be linked to a desk account, but contributors need none."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    bio = models.TextField(_("short bio"), blank=True, max_length=1000)
    photo = models.ForeignKey(
        "photos.Photo",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("desk account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("news:author", kwargs={"slug": self.slug})


# The sitemap lists articles by id, this many to a file (the protocol's limit), each
# dated by the later of its last edit and its publication. The index
# `article_sitemap_page` is keyed by exactly these expressions, so a file's date and its
# URLs are read from the index alone (syndication/sitemaps.py).
ARTICLES_PER_SITEMAP = 50_000


def article_sitemap_page(per_page: int = ARTICLES_PER_SITEMAP) -> Func:
    """The sitemap file an article is listed in, counted from 0: its id ÷ `per_page`.
    A literal divisor, not a parameter: only the same text matches the index."""
    return Func(
        F("id"), template=f"(%(expressions)s / {int(per_page)})", output_field=models.IntegerField()
    )


def article_sitemap_date() -> Greatest:
    """An article's date in the sitemap: the later of its last edit and its publication
    (a scheduled article goes live without being touched)."""
    return Greatest("updated_at", Coalesce("published_at", "updated_at"))


class ArticleQuerySet(models.QuerySet["Article"]):
    def live(self, *, now: object | None = None) -> ArticleQuerySet:
        """Articles a reader may see now: published, or scheduled whose time has come.

        Scheduling needs no worker: a scheduled article simply becomes part of this set
        when its publication time passes.
        """
        moment = now or timezone.now()
        return self.filter(
            status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED],
            published_at__lte=moment,
        )


@reversion.register(follow=("sources", "bylines", "corrections"))
class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    headline = models.CharField(_("headline"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=250, unique=True, allow_unicode=True)
    standfirst = models.TextField(_("standfirst"), max_length=600, blank=True)
    body = SanitizedHTMLField(_("body"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    authors = models.ManyToManyField(
        Author, verbose_name=_("bylines"), through="Byline", related_name="articles"
    )
    lead_photo = models.ForeignKey(
        "photos.Photo",
        verbose_name=_("lead photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("In the site's time zone. A future time schedules the article."),
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles_created",
    )
    withdrawal_note = models.TextField(_("withdrawal notice"), blank=True)
    # A machine translation (the wire desk's drafts): the language it was translated from,
    # and whether an editor has reviewed it; article_publish refuses it until then.
    translated_from = models.CharField(_("machine-translated from"), max_length=8, blank=True)
    translation_reviewed = models.BooleanField(_("translation reviewed"), default=False)
    translations = models.ManyToManyField(
        "self",
        verbose_name=_("translations"),
        blank=True,
        symmetrical=True,
        help_text=_("The same article in other languages: shown as a language switcher."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # Reader lists walk one of these newest first and stop at the page size; `status`
        # comes after the order so the live check is read from the index, not the row. An
        # index led by `status` would tempt SQLite (no statistics) into sorting every live
        # article. `section` too: the related list's walk checks it for each candidate,
        # and read from the row it sits behind the body (overflow pages on SQLite).
        indexes = [
            models.Index(
                fields=["published_at", "id", "status", "section"], name="article_live_order"
            ),
            models.Index(
                fields=["section", "published_at", "id", "status"], name="article_section_order"
            ),
            # Sitemap files by id: a file's newest date is one step, its URLs one range.
            models.Index(
                article_sitemap_page(),
                article_sitemap_date(),
                F("status"),
                F("published_at"),
                F("updated_at"),
                name="article_sitemap_page",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "published"]) | Q(published_at__isnull=False),
                name="article_published_has_time",
            )
        ]
        permissions = [
            ("submit_article", "Can submit an article for review"),
            ("publish_article", "Can publish or schedule an article"),
            ("withdraw_article", "Can withdraw a published article"),
            ("change_any_article", "Can edit articles written by others"),
            ("add_correction_note", "Can append a public correction"),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("news:article", kwargs={"slug": self.slug})

    def is_live(self, *, now: object | None = None) -> bool:
        moment = now or timezone.now()
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.published_at is not None
            and self.published_at <= moment  # type: ignore[operator]
        )


@reversion.register()
class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="byline_unique")]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")

    def __str__(self) -> str:
        return self.author.name


@reversion.register()
class ArticleSource(models.Model):
    """An outlet the article is based on: shown as “Based on materials: …”."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    name = models.CharField(pgettext_lazy("title", "name"), max_length=200)
    url = models.URLField(_("URL"), max_length=1000)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.name


@reversion.register()
class Correction(models.Model):
    """A public correction note appended to a published article; never edited away."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField(_("text"), max_length=2000)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d}: {self.text[:60]}"
