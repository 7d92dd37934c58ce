"""The wire desk's pages: the queue and the sources' health, and their actions (POST)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from broadsheet.wire import selectors, services, tasks
from broadsheet.wire.forms import QueueFilterForm
from broadsheet.wire.models import Item, Source
from broadsheet.wire.selectors import QUEUE_SIZE


def queue_page_query(request: HttpRequest, page: int) -> str:
    """The queue's query string with the same filters on another page."""
    query = request.GET.copy()
    query["page"] = str(page)
    return query.urlencode()


def queue(request: HttpRequest) -> HttpResponse:
    services.check_can_use_desk(user=request.user)
    form = QueueFilterForm(request.GET or None)
    filters = form.filters()
    page = selectors.item_page_queue(filters=filters, size=QUEUE_SIZE)
    context = {
        **admin.site.each_context(request),
        "title": _("Wire"),
        "form": form,
        "items": page.items,
        "models": selectors.translation_models(),
        "newer": queue_page_query(request, filters.page - 1) if filters.page > 1 else "",
        "older": queue_page_query(request, filters.page + 1) if page.more else "",
    }
    return render(request, "wire/queue.html", context)


def item(request: HttpRequest, pk: int) -> HttpResponse:
    services.check_can_use_desk(user=request.user)
    try:
        view = selectors.item_get_for_desk(pk=pk)
    except Item.DoesNotExist as exc:
        raise Http404 from exc
    context = {**admin.site.each_context(request), "title": view.item.title, "view": view}
    return render(request, "wire/item.html", context)


@require_POST
def item_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = get_object_or_404(Item, pk=pk)
    try:
        if action == "draft":
            article = services.item_draft_make(item=item, user=request.user)
            messages.success(request, _("Draft made: %(headline)s") % {"headline": article})
            return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))
        if action == "reviewed":
            services.item_translation_reviewed(item=item, user=request.user)
            messages.success(request, _("The translation is marked reviewed."))
            return HttpResponseRedirect(reverse("wire:item", args=[item.pk]))
        if action == "dismiss":
            services.item_dismiss(item=item, user=request.user)
        else:
            services.item_mark_duplicate(item=item, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
    return HttpResponseRedirect(request.POST.get("next") or reverse("wire:queue"))


def sources(request: HttpRequest) -> HttpResponse:
    services.check_can_use_desk(user=request.user)
    context = {
        **admin.site.each_context(request),
        "title": _("Wire sources"),
        "rows": selectors.source_list_health(),
    }
    return render(request, "wire/sources.html", context)


@require_POST
def source_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    if action == "pause":
        services.source_pause(source=source, reason=_("paused by an editor"), user=request.user)
    elif action == "resume":
        services.source_resume(source=source, user=request.user)
    else:
        services.source_poll_soon(source=source, user=request.user)
        tasks.wire_poll_source(source.pk)
    return HttpResponseRedirect(reverse("wire:sources"))
