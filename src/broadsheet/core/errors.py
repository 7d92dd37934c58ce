"""Error answers, branded and in the reader's language, for the site and the desk.

One page (`error.html`) for every status; it renders without the database, so it still
answers when the database is down. A request that prefers JSON (`Accept:
application/json`) gets `{"ok": false, "error": {"status": …, "title": …, "message": …},
"errors": {"__all__": [message]}}` instead.
`ErrorPageMiddleware` dresses the answers Django and its apps give bare (405 from
`require_POST`, an empty 410 or 429), turns a lost database connection into a 503, and
answers a JSON client's HTML error page in JSON.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# status: (title, what happened and what to do)
MESSAGES: dict[int, tuple[Any, Any]] = {
    400: (
        _("Bad request"),
        _("The page could not understand what your browser sent. Go back and try again."),
    ),
    403: (
        _("Not allowed"),
        _(
            "Your account may not open this page. If you need it for your work, ask the "
            "person who runs the site to give your role this right."
        ),
    ),
    404: (
        _("Page not found"),
        _(
            "We could not find the page you asked for. It may have moved, or the address "
            "may be mistyped."
        ),
    ),
    405: (
        _("Not possible this way"),
        _("This address does not take that kind of request. Use the page's own links and buttons."),
    ),
    410: (
        _("Gone"),
        _("What was at this address has been removed on purpose and will not come back."),
    ),
    429: (
        _("Too many requests"),
        _("Too many requests came from your address in a short time. Wait a minute and try again."),
    ),
    500: (
        _("Something went wrong"),
        _(
            "The page could not be shown because of an error on our side. It has been "
            "logged; please try again in a minute."
        ),
    ),
    503: (
        _("Briefly unavailable"),
        _(
            "The site cannot answer for a moment (its database is busy or being restarted). "
            "Please try again in a minute."
        ),
    ),
}
# Statuses whose bare answers (no body) the middleware dresses.
DRESSED = frozenset({405, 410, 429, 503})
RETRY_AFTER_SECONDS = 30


def wants_json(request: HttpRequest) -> bool:
    """True when the client asks for JSON rather than HTML (its Accept header)."""
    if "application/json" not in request.headers.get("Accept", ""):
        return False
    return request.get_preferred_type(["application/json", "text/html"]) == "application/json"


def _reverse_in_path_language(request: HttpRequest, name: str) -> str | None:
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            return reverse(name)
    except NoReverseMatch:
        return None


def in_desk(request: HttpRequest) -> bool:
    """True for the desk's addresses (in any interface language)."""
    desk = _reverse_in_path_language(request, "admin:index")
    return desk is not None and request.path_info.startswith(desk)


def home_for(request: HttpRequest) -> tuple[str, Any]:
    """Where the error page sends the reader on, and the link's words: the desk's home
    for desk addresses, the front page otherwise (in the address's language)."""
    if in_desk(request):
        return _reverse_in_path_language(request, "admin:index") or "/", _("Go to the desk's home")
    return _reverse_in_path_language(request, "news:front") or "/", _("Go to the front page")


def error_response(
    request: HttpRequest,
    *,
    status: int,
    message: Any = None,
    extra: dict[str, Any] | None = None,
    template: str = "error.html",
) -> HttpResponse:
    """The branded answer for `status`, in the active language: HTML, or JSON for a
    client that prefers it. `message` replaces the status's usual text; `extra` adds to
    the template's context. Reads no database."""
    title, usual = MESSAGES[status]
    text = message or usual
    if wants_json(request):
        body = {
            "ok": False,
            "error": {"status": status, "title": str(title), "message": str(text)},
            # Django's non-field form errors, so a form sent by script (the comment
            # form) shows the message where it shows its own.
            "errors": {"__all__": [str(text)]},
        }
        response: HttpResponse = JsonResponse(body, status=status)
    else:
        home_url, home_label = home_for(request)
        context = {
            "site_name": settings.SITE_NAME,
            "status": status,
            "title": title,
            "message": text,
            "home_url": home_url,
            "home_label": home_label,
            "LANGUAGE_CODE": translation.get_language(),
            **(extra or {}),
        }
        body_html = loader.get_template(template).render(context)
        response = HttpResponse(body_html, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _is_bare(response: HttpResponse) -> bool:
    return not getattr(response, "streaming", False) and not response.content


def _is_html(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).startswith("text/html")


class ErrorPageMiddleware:
    """Dresses bare error answers, answers JSON clients in JSON, and answers 503 when the
    database cannot be reached (an OperationalError or InterfaceError escaping a view)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        status = response.status_code
        if status not in MESSAGES:
            return response
        if (status in DRESSED and _is_bare(response)) or (
            _is_html(response) and wants_json(request)
        ):
            dressed = error_response(request, status=status)
            for header in ("Allow", "Retry-After"):
                if header in response:
                    dressed[header] = response[header]
            return dressed
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("database unavailable: %s", exception, exc_info=exception)
            return error_response(request, status=503)
        return None
