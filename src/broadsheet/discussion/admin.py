"""Moderation in the desk: the comment queue, bans, banned words and the log.

Every change made here calls the named service in `discussion.services`, which checks
the permission again and writes the moderation log. E-mail and IP addresses are shown
(and searchable) only for users with `discussion.view_commenter_private`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from broadsheet.discussion import policy, services
from broadsheet.discussion.models import (
    ArticleDiscussion,
    Ban,
    BannedWord,
    CaptchaQuestion,
    Comment,
    CommentReport,
    ModerationLog,
    OutboundMail,
    Subscription,
)

PRIVATE = "discussion.view_commenter_private"
# The queue's "why held" column: each stored `policy.Reason` code in words.
REASON_LABELS = {
    policy.Reason.HONEYPOT: _("honeypot filled in"),
    policy.Reason.NO_POW: _("no proof of work"),
    policy.Reason.PREMODERATED: _("pre-moderated thread"),
    policy.Reason.QUIET_HOURS: _("quiet hours"),
    policy.Reason.NEW_COMMENTER: _("new commenter"),
    policy.Reason.TOO_MANY_LINKS: _("too many links"),
    policy.Reason.DUPLICATE: _("duplicate text"),
    policy.Reason.BANNED_WORD: _("banned word"),
    policy.Reason.REPORTS: _("reported by readers"),
}


class ReportInline(admin.TabularInline):
    model = CommentReport
    extra = 0
    fields = ["created_at", "reason", "note"]
    readonly_fields = ["created_at", "reason", "note"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "short_text",
        "name",
        "article_link",
        "status",
        "featured",
        "why",
        "report_count",
        "created_at",
    ]
    list_filter = [
        "status",
        "featured",
        ("created_at", admin.DateFieldListFilter),
        ("article", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["article"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = [
        "approve_comments",
        "remove_comments",
        "spam_comments",
        "feature_comments",
        "unfeature_comments",
    ]
    inlines = [ReportInline]
    ordering = ["-created_at"]

    class Media:
        js = ["discussion/desk/queue.js"]
        css = {"all": ["discussion/desk/queue.css"]}

    @admin.display(description=_("comment"))
    def short_text(self, obj: Comment) -> str:
        return Truncator(obj.text).chars(90)

    @admin.display(description=_("article"), ordering="article__headline")
    def article_link(self, obj: Comment) -> str:
        return format_html(
            '<a href="{}#comment-{}">{}</a>',
            obj.article.get_absolute_url(),
            obj.pk,
            Truncator(obj.article.headline).chars(50),
        )

    @admin.display(description=_("why held"))
    def why(self, obj: Comment) -> str:
        return ", ".join(str(REASON_LABELS.get(code, code)) for code in obj.reasons)

    def get_search_fields(self, request: HttpRequest) -> list[str]:
        fields = ["text", "name"]
        if request.user.has_perm(PRIVATE):
            fields += ["email", "ip"]
        return fields

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:  # type: ignore[override]
        fields = [
            "article",
            "parent",
            "name",
            "status",
            "reasons",
            "report_count",
            "created_at",
            "edited_at",
            "moderated_by",
            "moderated_at",
            "featured",
            "text",
        ]
        if request.user.has_perm(PRIVATE):
            fields[3:3] = ["email", "ip"]
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f for f in self.get_fields(request, obj) if f not in ("text", "featured")]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a comment is removed (a status, logged), never deleted

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # The queue opens on what needs a decision: pending comments.
        if request.method == "GET" and not request.GET:
            return HttpResponseRedirect(f"{request.path}?status__exact=pending")
        return super().changelist_view(request, extra_context)

    def save_model(self, request: HttpRequest, obj: Comment, form: Any, change: bool) -> None:
        if "text" in form.changed_data:
            services.comment_edit(comment=obj, user=request.user, text=obj.text)
        if "featured" in form.changed_data:
            services.comment_set_featured(comment=obj, user=request.user, featured=obj.featured)

    def _bulk(
        self, request: HttpRequest, queryset: QuerySet[Comment], verb: str, action: Any
    ) -> None:
        for comment in queryset:
            action(comment)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(n)d comment %(verb)s.", "%(n)d comments %(verb)s.", count)
            % {"n": count, "verb": verb},
            messages.SUCCESS,
        )

    @admin.action(description=_("Approve (a)"), permissions=["moderate"])
    def approve_comments(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        site = request.build_absolute_uri("/")
        self._bulk(
            request,
            queryset,
            str(pgettext_lazy("comments were", "approved")),
            lambda c: services.comment_approve(comment=c, user=request.user, site_url=site),
        )

    @admin.action(description=_("Remove (r)"), permissions=["moderate"])
    def remove_comments(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._bulk(
            request,
            queryset,
            str(pgettext_lazy("comments were", "removed")),
            lambda c: services.comment_remove(comment=c, user=request.user),
        )

    @admin.action(description=_("Mark as spam (s)"), permissions=["moderate"])
    def spam_comments(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._bulk(
            request,
            queryset,
            str(pgettext_lazy("comments were", "marked as spam")),
            lambda c: services.comment_mark_spam(comment=c, user=request.user),
        )

    @admin.action(description=_("Feature (f)"), permissions=["moderate"])
    def feature_comments(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._bulk(
            request,
            queryset,
            str(pgettext_lazy("comments were", "featured")),
            lambda c: services.comment_set_featured(comment=c, user=request.user, featured=True),
        )

    @admin.action(description=_("Stop featuring"), permissions=["moderate"])
    def unfeature_comments(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._bulk(
            request,
            queryset,
            str(pgettext_lazy("comments were", "no longer featured")),
            lambda c: services.comment_set_featured(comment=c, user=request.user, featured=False),
        )

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(services.MODERATE)


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = ["kind", "value", "reason", "expires_at", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "reason"]
    fields = ["kind", "value", "reason", "expires_at"]

    def save_model(self, request: HttpRequest, obj: Ban, form: Any, change: bool) -> None:
        services.ban_save(ban=obj, user=request.user)

    def delete_model(self, request: HttpRequest, obj: Ban) -> None:
        services.ban_lift(ban=obj, user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Ban]) -> None:
        for ban in queryset:
            services.ban_lift(ban=ban, user=request.user)


@admin.register(BannedWord)
class BannedWordAdmin(admin.ModelAdmin):
    list_display = ["word", "created_by", "created_at"]
    search_fields = ["word"]
    fields = ["word"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: BannedWord, form: Any, change: bool) -> None:
        saved = services.banned_word_add(word=obj.word, user=request.user)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: BannedWord) -> None:
        services.banned_word_remove(word=obj, user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[BannedWord]) -> None:
        for word in queryset:
            services.banned_word_remove(word=word, user=request.user)


@admin.register(ArticleDiscussion)
class ArticleDiscussionAdmin(admin.ModelAdmin):
    list_display = ["article", "mode", "keep_open"]
    list_filter = ["mode"]
    autocomplete_fields = ["article"]
    search_fields = ["article__headline"]

    def save_model(
        self, request: HttpRequest, obj: ArticleDiscussion, form: Any, change: bool
    ) -> None:
        services.article_discussion_save(setting=obj, user=request.user)


@admin.register(CaptchaQuestion)
class CaptchaQuestionAdmin(admin.ModelAdmin):
    list_display = ["question", "language", "active"]
    list_filter = ["active", "language"]
    search_fields = ["question"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ModerationLog)
class ModerationLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "target", "before", "after"]
    list_filter = ["action", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["target", "actor__username"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["comment", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        base: list[Any] = list(self.list_display)
        return ["email", *base] if request.user.has_perm(PRIVATE) else base


@admin.register(OutboundMail)
class OutboundMailAdmin(ReadOnlyAdmin):
    list_display = ["subject", "status", "attempts", "next_attempt_at", "last_error", "sent_at"]
    list_filter = ["status"]
    actions = ["retry_now"]

    @admin.action(description=_("Retry now"), permissions=["view"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutboundMail]) -> None:
        count = services.outbox_retry_now(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(n)d message queued again.", "%(n)d messages queued again.", count)
            % {"n": count},
            messages.SUCCESS,
        )
