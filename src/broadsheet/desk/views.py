"""Desk views beyond the admin's own: the home after login, the user's language, the
staff-only preview and the revision diff."""

from __future__ import annotations

import difflib
import re
from typing import Any

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db.models import Field
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from reversion.models import Version

from broadsheet.desk import selectors as desk_selectors
from broadsheet.desk import services as desk_services
from broadsheet.desk.forms import LanguageForm
from broadsheet.news import selectors
from broadsheet.news.models import Article

# The session's copy of the user's desk language (their DeskProfile), set at login.
LANGUAGE_KEY = "desk_language"

COMPARED_FIELDS = [
    "headline",
    "slug",
    "standfirst",
    "body",
    "section",
    "tags",
    "language",
    "lead_photo",
    "published_at",
    "status",
    "withdrawal_note",
]


def home(request: HttpRequest, *, context: dict[str, Any]) -> HttpResponse:
    """The desk's home: this person's panels (desk/selectors.py `desk_home_get`)."""
    home = desk_selectors.desk_home_get(user=request.user)
    context = {
        **context,
        "title": _("Your desk"),
        "home": home,
        "language_form": LanguageForm(initial={"language": translation.get_language()}),
    }
    return TemplateResponse(request, "desk/home.html", context)


def language_activate(request: HttpRequest) -> None:
    """Show this request in the user's chosen desk language, if they chose one."""
    language = request.session.get(LANGUAGE_KEY, "") if hasattr(request, "session") else ""
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language


def language_remember(request: HttpRequest) -> None:
    """Copy the user's stored desk language into their session (at login)."""
    request.session[LANGUAGE_KEY] = desk_selectors.language_for(user=request.user)
    language_activate(request)


@require_POST
def language_choose(request: HttpRequest) -> HttpResponse:
    """Store the desk language the user picks on the home (POST), then show the home in it."""
    form = LanguageForm(request.POST)
    if form.is_valid():
        language = form.cleaned_data["language"]
        desk_services.profile_set_language(user=request.user, language=language)
        request.session[LANGUAGE_KEY] = language
        language_activate(request)
        messages.success(request, _("The desk now speaks your chosen language."))
    return HttpResponseRedirect(reverse("admin:index"))


@staff_member_required
def article_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Any article as readers will see it; staff only, and authors only their own."""
    try:
        article = selectors.article_get_for_preview(pk=pk)
    except Article.DoesNotExist as exc:
        raise Http404("No such article") from exc
    user = request.user
    if not user.has_perm("news.change_any_article") and article.created_by_id != user.pk:
        raise PermissionDenied
    context = {
        "article": article,
        # Made by the template, which escapes (Jinja2's render gives a plain str).
        "article_html": mark_safe(render_to_string("news/_article.html", {"article": article})),  # noqa: S308
        "preview": True,
    }
    response = render(request, "news/article.html", context)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _lines(value: Any) -> list[str]:
    text = "" if value is None else str(value)
    # Put block-level tags on their own lines so a body diff reads paragraph by paragraph.
    text = re.sub(r"(</(p|h2|h3|h4|li|blockquote)>)", r"\1\n", text)
    return text.splitlines() or [""]


def _field_label(name: str) -> Any:
    """The field's name as the desk shows it, in the editor's language."""
    field = Article._meta.get_field(name)
    return field.verbose_name if isinstance(field, Field) else name


def article_compare(
    request: HttpRequest, *, article: Article, context: dict[str, Any]
) -> HttpResponse:
    """Side-by-side diff of two revisions (?a=<version id>&b=<version id>)."""
    versions = Version.objects.get_for_object(article).select_related("revision__user")
    try:
        old = versions.get(pk=int(request.GET.get("a", "")))
        new = versions.get(pk=int(request.GET.get("b", "")))
    except (ValueError, Version.DoesNotExist) as exc:
        raise Http404(_("Choose two revisions of this article to compare.")) from exc
    if old.revision.date_created > new.revision.date_created:
        old, new = new, old
    differ = difflib.HtmlDiff(wrapcolumn=70)
    changes = []
    for field in COMPARED_FIELDS:
        before, after = old.field_dict.get(field), new.field_dict.get(field)
        if before != after:
            changes.append(
                {
                    "field": _field_label(field),
                    "table": differ.make_table(
                        _lines(before),
                        _lines(after),
                        _("before"),
                        _("after"),
                        context=True,
                        numlines=2,
                    ),
                }
            )
    return render(
        request,
        "desk/article_compare.html",
        {
            **context,
            "article": article,
            "old": old,
            "new": new,
            "changes": changes,
            "opts": Article._meta,
            "title": _("Compare revisions of “%(headline)s”") % {"headline": article.headline},
        },
    )
