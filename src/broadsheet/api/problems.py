"""Errors as `application/problem+json` (RFC 9457): each has a stable `code`, which
clients branch on, and a `title` in the request's language (en, uk, ru).

The codes are part of the API's contract (docs/api.md): a code is never renamed or
removed within v1, only added."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PROBLEM_TYPE = "application/problem+json"

# code -> (HTTP status, title). The title is a short, fixed summary of the problem type.
PROBLEMS: dict[str, tuple[int, Promise]] = {
    "invalid_parameter": (400, _("A parameter of the request is not valid.")),
    "page_size_too_large": (400, _("The page size is over the limit.")),
    "invalid_cursor": (400, _("The page cursor is not valid.")),
    "comment_rejected": (400, _("The comment was not accepted.")),
    "not_found": (404, _("Nothing readers may see is found here.")),
    "method_not_allowed": (405, _("This method is not allowed here.")),
    "withdrawn": (410, _("The article was withdrawn.")),
    "discussion_closed": (409, _("The discussion is closed to new comments.")),
    "rate_limited": (429, _("Too many requests. Please wait and try again.")),
    "server_error": (500, _("The server could not answer. Please try again later.")),
    "search_timeout": (503, _("The search took too long. Please try a narrower query.")),
}


class ProblemError(Exception):
    """Raised by a view: the API answers with the problem `code`, its status and title,
    and `detail` (one sentence about this occurrence) when given."""

    def __init__(
        self,
        code: str,
        detail: str = "",
        *,
        errors: list[dict[str, Any]] | None = None,
        retry_after: int | None = None,
    ) -> None:
        if code not in PROBLEMS:
            raise ValueError(f"Unknown problem code {code!r}: add it to api.problems.PROBLEMS")
        super().__init__(code)
        self.code = code
        self.detail = detail
        self.errors = errors or []
        self.retry_after = retry_after


def reader_language(request: HttpRequest) -> str:
    """The request's language from Accept-Language (the API's paths carry none, so the
    site's LocaleMiddleware gives every one the default)."""
    return translation.get_language_from_request(request, check_path=False)


def problem_response(
    request: HttpRequest,
    code: str,
    detail: str = "",
    *,
    errors: list[dict[str, Any]] | None = None,
    retry_after: int | None = None,
) -> HttpResponse:
    status, title = PROBLEMS[code]
    language = reader_language(request)
    with translation.override(language):
        title_text = str(title)
    body: dict[str, Any] = {
        "type": f"urn:broadsheet:problem:{code}",
        "title": title_text,
        "status": status,
        "code": code,
        "instance": request.path,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_TYPE
    )
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
