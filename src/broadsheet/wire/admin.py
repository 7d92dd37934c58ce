"""The wire in the desk's own navigation: its two pages listed as the app's models.

The pages are the wire's views (`/desk/wire/`, `/desk/wire/sources/`); these entries
only put them in the desk's index and sidebar for whoever may use the wire, and send
their list pages there. Nothing is edited through the admin: every write is a service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from broadsheet.wire import services
from broadsheet.wire.models import Item, Source


class _WirePage(admin.ModelAdmin):
    page = ""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(services.USE)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(services.USE)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return HttpResponseRedirect(reverse(self.page))


@admin.register(Item)
class ItemAdmin(_WirePage):
    page = "wire:queue"


@admin.register(Source)
class SourceAdmin(_WirePage):
    page = "wire:sources"
