"""Branded error pages. They render without the database so they work when it is down."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader


def _plain_context() -> dict[str, object]:
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "nav_sections": [],
    }


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    body = loader.render_to_string("404.html", _plain_context(), request)
    return HttpResponse(body, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    body = loader.get_template("500.html").render(_plain_context())
    return HttpResponseServerError(body)


def favicon(request: HttpRequest) -> HttpResponse:
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("core/favicon.svg"), permanent=True)
