"""The search page: parses the query string, calls one selector, renders."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from broadsheet.search import selectors
from broadsheet.search.forms import SearchForm


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    outcome = None
    if form.is_valid():
        data = form.cleaned_data
        outcome = selectors.search_results_page(
            request=selectors.search_request_build(
                text=data["q"],
                section=data["section"],
                language=data["language"],
                date_from=data["from"],
                date_to=data["to"],
            ),
            page_number=request.GET.get("page"),
            per_page=settings.BROADSHEET_PAGE_SIZE,
        )
    response = render(request, "search/results.html", {"form": form, "outcome": outcome})
    # Result pages are endless and thin: keep them out of search engines' indexes.
    response["X-Robots-Tag"] = "noindex"
    return response
