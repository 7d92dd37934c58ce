"""The API's search, composed here on the composition layer: the `api` app may not
import its sibling `search` (ARCHITECTURE.md, the layers). The query is read by the
search page's own `SearchForm` and answered by the same selector, so the API finds
exactly what the page finds."""

from __future__ import annotations

from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from broadsheet.api import schemas
from broadsheet.api.problems import ProblemError
from broadsheet.api.site import Query, Router, api_v1
from broadsheet.api.views import article_summary
from broadsheet.search import selectors
from broadsheet.search.forms import SearchForm
from broadsheet.search.query import MAX_QUERY_LENGTH

router = Router(tags=["search"])


@router.get(
    "/search/",
    response={
        200: schemas.SearchPage,
        400: schemas.Problem,
        404: schemas.Problem,
        503: schemas.Problem,
    },
    summary="Live articles matching a query, best first",
)
def search(
    request: HttpRequest,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_LENGTH)],
    section: Annotated[str | None, Query(description="A section's slug.", max_length=80)] = None,
    language: Annotated[str | None, Query(max_length=8)] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Any:
    # A NUL is no character of any word (and Django's form refuses it): left out.
    q = q.replace("\x00", "")
    form = SearchForm({"q": q, "section": section or "", "language": language or ""})
    if not form.is_valid() and set(form.errors) <= {"section", "language"}:
        # No such section or language: nothing matches, as on /articles/.
        return {"items": [], "page": 1, "pages": 0, "more_than": None, "suggestion": ""}
    if not form.is_valid():
        errors = [
            {"field": field if field != "__all__" else "", "message": str(message)}
            for field, messages in form.errors.items()
            for message in messages
        ]
        raise ProblemError("invalid_parameter", errors=errors)
    data = form.cleaned_data
    outcome = selectors.search_results_page(
        request=selectors.search_request_build(
            text=data["q"], section=data["section"], language=data["language"]
        ),
        page_number=page,
        per_page=settings.BROADSHEET_PAGE_SIZE,
    )
    if outcome.timed_out:
        raise ProblemError("search_timeout")
    found = outcome.page
    if found is not None and found.number != page:
        raise ProblemError("not_found", _("No such page of results."))
    results = list(found.object_list) if found is not None else []
    return {
        "items": [
            {
                "article": article_summary(r.article),
                "headline_html": str(r.headline),
                "snippet_html": str(r.snippet),
                "score": r.score,
            }
            for r in results
        ],
        "page": found.number if found is not None else 1,
        "pages": found.paginator.num_pages if found is not None else 0,
        "more_than": outcome.more_than,
        "suggestion": outcome.suggestion,
    }


def api_search_register() -> None:
    """Add the search router to v1 (once: `broadsheet.public.api`)."""
    api_v1.add_router("", router)
