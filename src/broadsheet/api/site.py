"""The v1 API object: django-ninja (BENCHMARKS.md "API framework" says why), confined
to this app. Views are added by `views` (the reads of content) and, for what needs a
sibling app, by the composition layer (`broadsheet.public.api`: the discussion's and
the search's routers); `broadsheet.urls` mounts the composed API.

Every answer of a read carries a strong ETag and answers a matching If-None-Match with
304. A read the page cache stores (`page_cache_mark`) gets both from the cache's front,
which answers a 304 with no query at all; one it does not store gets them here, from
its body.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query, Router, Status
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import Swagger

from broadsheet.api.problems import (
    PROBLEM_TYPE,
    ProblemError,
    problem_response,
    reader_language,
)
from broadsheet.api.schemas import Problem
from broadsheet.api.selectors import PAGE_SIZE_MAX
from broadsheet.api.views import router as content_router

logger = logging.getLogger(__name__)

# What a module composing endpoints onto v1 declares them with: the framework is named
# in this app only (a later switch rewrites it and the `public/api_*.py` modules).
__all__ = ["Path", "Query", "Router", "Status", "api_v1"]

DESCRIPTION = f"""Everything a reader of the site may see, as JSON. Anonymous; no key.

* Lists are pages of at most {PAGE_SIZE_MAX} items (`limit`); a larger `limit` is refused
  with 400 `page_size_too_large`, never silently cut. Follow `next_cursor` (keyset
  pagination: page 500 costs what page 1 costs).
* Reads carry a strong `ETag`: send it back in `If-None-Match` to get 304.
* Errors are `application/problem+json` (RFC 9457) with a stable `code`; the `title`
  follows `Accept-Language` (en, uk, ru).
* v1 only grows: no field, operation or enum value is removed or narrowed.
"""


class BroadsheetAPI(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        # A view that set its own Cache-Control (a challenge: no-store) is left as it is.
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and "Cache-Control" not in response
        ):
            return _conditional(request, response)
        return response

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        problem = {"$ref": "#/components/schemas/Problem"}
        schema["components"]["schemas"].setdefault("Problem", Problem.model_json_schema())
        # Errors are problem documents: say so, so a client (and the fuzzer) expects it.
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                if operation.get("parameters") or "requestBody" in operation:
                    # Any parameter out of its schema (a path's id too) answers 400.
                    responses.setdefault(
                        400,
                        {
                            "description": "A parameter is not valid",
                            "content": {"application/json": {"schema": problem}},
                        },
                    )
                for code, answer in responses.items():
                    content = answer.get("content", {})
                    if int(code) >= 400 and "application/json" in content:
                        answer["content"] = {PROBLEM_TYPE: content.pop("application/json")}
        return schema


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
    etag = f'"{digest}"'
    response["ETag"] = etag
    max_age = settings.BROADSHEET_PAGE_CACHE_SHARED_MAX_AGE
    response["Cache-Control"] = (
        f"public, max-age=0, s-maxage={max_age}, stale-while-revalidate={max_age * 10}"
    )
    asked = request.META.get("HTTP_IF_NONE_MATCH", "")
    if asked and (asked.strip() == "*" or etag in [t.strip() for t in asked.split(",")]):
        not_modified = HttpResponse(status=304)
        for name in ("ETag", "Cache-Control"):
            not_modified[name] = response[name]
        return not_modified
    return response


api_v1 = BroadsheetAPI(
    title="Broadsheet API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs/",
    openapi_url="/openapi.json",
)


def _in_reader_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Each operation runs in the request's language (Accept-Language): the messages of
    a refused comment, the challenge's question."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(reader_language(request)):
            return view(request, *args, **kwargs)

    return wrapped


api_v1.add_decorator(_in_reader_language, mode="view")


def _on_problem(request: HttpRequest, exc: ProblemError) -> HttpResponse:
    return problem_response(
        request, exc.code, exc.detail, errors=exc.errors, retry_after=exc.retry_after
    )


def _on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", ())[1:]), "message": str(e.get("msg"))}
        for e in exc.errors
    ]
    if any(
        e.get("loc", ())[-1:] == ("limit",) and e.get("type") == "less_than_equal"
        for e in exc.errors
    ):
        return problem_response(
            request,
            "page_size_too_large",
            _("At most %(limit)d items a page.") % {"limit": PAGE_SIZE_MAX},
            errors=errors,
        )
    if any(e.get("loc", ())[-1:] == ("cursor",) for e in exc.errors):
        return problem_response(request, "invalid_cursor", errors=errors)
    return problem_response(request, "invalid_parameter", errors=errors)


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {404: "not_found", 405: "method_not_allowed", 429: "rate_limited"}.get(
        exc.status_code, "invalid_parameter"
    )
    return problem_response(request, code)


def _on_server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if settings.DEBUG:
        raise exc
    logger.exception("API error at %s", request.path, exc_info=exc)
    return problem_response(request, "server_error")


_HANDLERS: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
    (ProblemError, _on_problem),
    (ValidationError, _on_invalid),
    (HttpError, _on_http_error),
    (Exception, _on_server_error),
]
for exc_class, handler in _HANDLERS:
    api_v1.add_exception_handler(exc_class, handler)

api_v1.add_router("", content_router)
