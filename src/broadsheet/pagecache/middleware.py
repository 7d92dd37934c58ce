"""Django's response compression, minus the pages the front stores."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware

from broadsheet.pagecache.pages import ENVIRON_KEY, PageInfo


class GZipMiddleware(DjangoGZipMiddleware):
    """A page rendered for the page cache goes back to the front whole: the front keeps
    it and its compressed forms, made once (`store.entry_build`). Compressing it here
    too would only be undone there."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        info = request.META.get(ENVIRON_KEY)
        if isinstance(info, PageInfo) and info.marked:
            return response
        return super().process_response(request, response)
