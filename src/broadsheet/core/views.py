"""Branded error pages (see core/errors.py): the handlers `urls.py` names, and the page
a failed CSRF check shows. They render without the database so they work when it is
down."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from broadsheet.core.errors import error_response, in_desk, wants_json

# Form fields never shown back on the CSRF page: secrets, and the machine's own tokens.
SECRET_FIELDS = ("csrfmiddlewaretoken", "password", "otp_token", "token")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request) or in_desk(request):
        return error_response(request, status=404)
    # The site's own 404 carries its navigation, so the reader can go on from there.
    context = {"site_name": settings.SITE_NAME, "site_tagline": settings.SITE_TAGLINE}
    body = loader.render_to_string("404.html", {**context, "nav_sections": []}, request)
    return HttpResponse(body, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_response(request, status=500)


def typed_text(request: HttpRequest) -> list[tuple[str, str]]:
    """What the reader typed into the refused form (name, text), for them to copy:
    every filled field but secrets and machine tokens (one word of 32 characters or
    more)."""
    kept = []
    for name, value in request.POST.items():
        text = str(value).strip()
        if not text or any(secret in name.lower() for secret in SECRET_FIELDS):
            continue
        if len(text) >= 32 and not any(c.isspace() for c in text):
            continue
        kept.append((name, text))
    return kept


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check: why it happens, what to do, and the text the
    reader typed, so nothing is lost (settings.CSRF_FAILURE_VIEW)."""
    message = _(
        "The form was sent without the security code this site gives each form, or with "
        "an expired one. This happens when a page stays open for a long time, after you "
        "log in or out in another tab, or when your browser blocks this site's cookies. "
        "Allow cookies for this site, go back, reload the page and send the form again."
    )
    return error_response(
        request,
        status=403,
        message=message,
        extra={"title": _("The form has expired"), "typed": typed_text(request)},
    )


def favicon(request: HttpRequest) -> HttpResponse:
    return redirect(static("core/favicon.svg"), permanent=True)
