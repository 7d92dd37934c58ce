"""The desk: Django's admin arranged for a newsroom.

Content edits go through the admin's forms; every workflow step (submit, publish,
schedule, withdraw, correct) calls the named service in `news.services`, which checks
the role's permission again. Authors see and edit only their own drafts.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from broadsheet.desk import selectors as desk_selectors
from broadsheet.desk import views as desk_views
from broadsheet.news import services
from broadsheet.news.models import Article, ArticleSource, Author, Byline, Correction, Section, Tag
from broadsheet.photos.models import Photo
from broadsheet.photos.services import photo_make_renditions


class DateTimePickerInput(forms.DateTimeInput):
    """The browser's own date-time picker (`<input type="datetime-local">`)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M:%S")


class LabelledAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select, its empty choice labelled: an empty <option> without
    a label is invalid HTML (the Nu checker)."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        if option["value"] == "":
            option["attrs"]["label"] = "—"
        return option


class LabelledInlineMixin:
    """A tabular inline's inputs sit under a column header, not beside a <label>: each
    gets its field's name as aria-label, so it is named for a screen reader."""

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None:
            field.widget.attrs.setdefault("aria-label", str(db_field.verbose_name))
        return field


class BylineInline(LabelledInlineMixin, admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = _("byline")
    verbose_name_plural = _("bylines")


class SourceInline(LabelledInlineMixin, admin.TabularInline):
    model = ArticleSource
    extra = 1
    fields = ["name", "url", "position"]


class CorrectionInline(LabelledInlineMixin, admin.TabularInline):
    """Corrections are appended through the form's correction field, never edited here."""

    model = Correction
    extra = 0
    fields = ["created_at", "text", "created_by"]
    readonly_fields = ["created_at", "text", "created_by"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ArticleAdminForm(forms.ModelForm):
    new_correction = forms.CharField(
        label=_("Add a correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Appended under the article with the current time. Cannot be undone."),
    )

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body",
            "section",
            "tags",
            "language",
            "translations",
            "lead_photo",
            "published_at",
            "withdrawal_note",
        ]
        widgets = {"published_at": DateTimePickerInput()}


WORKFLOW_ACTIONS = {
    "_submit": "submit",
    "_publish": "publish",
    "_withdraw": "withdraw",
    "_to_draft": "to_draft",
}


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    change_form_template = "desk/article_change_form.html"
    object_history_template = "desk/article_history.html"
    list_display = [
        "headline",
        "status_label",
        "section",
        "byline_names",
        "published_at",
        "read_count",
        "comment_count",
        "updated_at",
    ]
    list_filter = ["status", "section", "authors", "language", "published_at"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "body", "authors__name", "tags__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["tags", "lead_photo", "translations"]
    inlines = [BylineInline, SourceInline, CorrectionInline]
    readonly_fields = ["status", "updated_at", "created_by"]
    list_per_page = 50

    class Media:
        js = ["desk/a11y.js"]

    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (_("Placement"), {"fields": ["section", "tags", "language", "translations", "lead_photo"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "withdrawal_note",
                    "new_correction",
                    "updated_at",
                    "created_by",
                ]
            },
        ),
    ]

    # ----- what each role sees -------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        qs = desk_selectors.article_list_annotated(
            queryset=super().get_queryset(request).prefetch_related("bylines__author")
        )
        if request.user.has_perm("news.change_any_article"):
            return qs
        return qs.filter(created_by_id=request.user.pk)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        try:
            services.check_can_edit(user=request.user, article=obj)
        except PermissionDenied:
            return False
        return True

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        editor = request.user.has_perm("news.publish_article")
        if editor and obj is not None:
            return fieldsets
        hidden = {"withdrawal_note", "new_correction"}
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for name, opts in fieldsets
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("news.publish_article"):
            readonly.append("published_at")
        return readonly

    def formfield_for_dbfield(
        self, db_field: models.Field, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "published_at":
            # The admin's default is a split date/time pair; a single native picker is simpler.
            return db_field.formfield(
                form_class=forms.DateTimeField, widget=DateTimePickerInput(attrs={"step": 1})
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in self.autocomplete_fields:
            kwargs.setdefault(
                "widget",
                LabelledAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # ----- list columns --------------------------------------------------------------

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj: Article) -> str:
        if obj.status == Article.Status.SCHEDULED and obj.is_live():
            return str(_("Published (was scheduled)"))
        return obj.get_status_display()

    @admin.display(description=_("bylines"), ordering="first_byline")
    def byline_names(self, obj: Article) -> str:
        return ", ".join(b.author.name for b in obj.bylines.all())

    @admin.display(description=_("reads"), ordering="reads_total")
    def read_count(self, obj: Article) -> int:
        return obj.reads_total  # type: ignore[attr-defined]

    # Not named `comments`: the admin would take that for the reverse relation and sort
    # by a join, one row per comment.
    @admin.display(description=_("comments"), ordering="comments_total")
    def comment_count(self, obj: Article) -> int:
        return obj.comments_total  # type: ignore[attr-defined]

    # ----- saving and the workflow buttons ---------------------------------------------

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        """One write: the edit with the workflow button's step (`article_update`)."""
        step = next(
            (services.Step(v) for k, v in WORKFLOW_ACTIONS.items() if k in request.POST), None
        )
        refused = services.article_update(article=obj, user=request.user, step=step)
        if refused:
            messages.error(request, refused)
        elif step is not None:
            messages.success(request, self._step_done(step, obj))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        note = form.cleaned_data.get("new_correction", "").strip()
        if note:
            try:
                services.article_add_correction(article=form.instance, user=request.user, text=note)
            except (PermissionDenied, ValidationError) as exc:
                text = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
                messages.error(request, text)

    @staticmethod
    def _step_done(step: services.Step, article: Article) -> str:
        if step == services.Step.PUBLISH and article.status == Article.Status.SCHEDULED:
            when = timezone.localtime(article.published_at)
            return _("Scheduled for %(when)s.") % {"when": date_format(when, "d E Y, H:i")}
        return str(
            {
                services.Step.SUBMIT: _("Submitted for review."),
                services.Step.PUBLISH: _("Published."),
                services.Step.WITHDRAW: _("Withdrawn: its page now answers 410 Gone."),
                services.Step.TO_DRAFT: _("Returned to draft."),
            }[step]
        )

    def response_change(self, request: HttpRequest, obj: Article) -> HttpResponse:
        if any(k in request.POST for k in WORKFLOW_ACTIONS):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(
        self, request: HttpRequest, obj: Article, post_url_continue: str | None = None
    ) -> HttpResponse:
        if any(k in request.POST for k in WORKFLOW_ACTIONS):
            return HttpResponseRedirect(reverse("admin:news_article_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        obj: Article | None = context.get("original")
        user = request.user
        status = obj.status if obj else Article.Status.DRAFT
        context.update(
            can_submit=user.has_perm("news.submit_article") and status == Article.Status.DRAFT,
            can_publish=user.has_perm("news.publish_article")
            and status != Article.Status.PUBLISHED,
            can_withdraw=user.has_perm("news.withdraw_article")
            and obj is not None
            and status in (Article.Status.PUBLISHED, Article.Status.SCHEDULED),
            can_return=user.has_perm("news.publish_article")
            and obj is not None
            and status in (Article.Status.REVIEW, Article.Status.SCHEDULED)
            and not obj.is_live(),
            preview_url=reverse("desk:preview", args=[obj.pk]) if obj else None,
            reads_chart=desk_selectors.article_reads_chart(article=obj) if obj else None,
        )
        return super().render_change_form(request, context, *args, **kwargs)

    def view_on_site(self, obj: Article) -> str:
        if obj.is_live():
            return obj.get_absolute_url()
        return reverse("desk:preview", args=[obj.pk])

    # ----- history diff --------------------------------------------------------------

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Reversion's history list, with version ids so two can be compared."""
        article = self.get_object(request, object_id)
        if article is None:
            return super().history_view(request, object_id, extra_context)
        actions = [
            {
                "revision": version.revision,
                "version_id": version.pk,
                "url": reverse("admin:news_article_revision", args=[article.pk, version.pk]),
            }
            for version in Version.objects.get_for_object(article).select_related("revision__user")
        ]
        return super().history_view(
            request, object_id, {**(extra_context or {}), "action_list": actions}
        )

    def get_urls(self) -> list[Any]:
        custom = [
            path(
                "<int:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="news_article_compare",
            ),
        ]
        return custom + super().get_urls()

    def compare_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = self.get_object(request, str(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return desk_views.article_compare(
            request, article=article, context=self.admin_site.each_context(request)
        )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]
    raw_id_fields = ["user"]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "alt_text", "credit", "created_at"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["width", "height"]

    @admin.display(description=_("photo"))
    def thumbnail(self, obj: Photo) -> str:
        return format_html('<img src="{}" alt="" width="80">', obj.image.url)

    def save_model(self, request: HttpRequest, obj: Photo, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if "image" in form.changed_data or not obj.renditions:
            photo_make_renditions(photo=obj)
