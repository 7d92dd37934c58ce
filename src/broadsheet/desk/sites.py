from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from broadsheet.desk import views
from broadsheet.desk.access import DeskAuthenticationForm


class DeskSite(admin.AdminSite):
    """The editorial desk: Django's admin, named and arranged for a newsroom."""

    site_url = "/"
    enable_nav_sidebar = True
    # Password, then a TOTP code for those who have one (desk/access.py).
    login_form = DeskAuthenticationForm
    login_template = "desk/login.html"

    @property
    def site_header(self) -> str:  # type: ignore[override]
        return _("%(site)s desk") % {"site": settings.SITE_NAME}

    @property
    def site_title(self) -> str:  # type: ignore[override]
        return _("%(site)s desk") % {"site": settings.SITE_NAME}

    index_title = _("Newsroom")

    def index(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """The home after login: what needs this person now (desk/views.py)."""
        request.current_app = self.name
        return views.home(request, context={**self.each_context(request), **(extra_context or {})})

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:
        """Every desk page in the language the user chose (their desk profile, kept in
        the session from login on), whatever the address's prefix."""
        inner = super().admin_view(view, cacheable)

        def in_chosen_language(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            views.language_activate(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(in_chosen_language, inner)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        response = super().login(request, extra_context)
        if request.method == "POST" and request.user.is_authenticated:
            views.language_remember(request)
        return response
