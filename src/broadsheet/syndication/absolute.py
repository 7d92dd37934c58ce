"""Absolute URLs for feeds, sitemaps and share metadata.

`BROADSHEET_BASE_URL` (e.g. `https://news.example`) wins when set, so that a site
reached through several host names or a proxy announces one canonical address; without
it the URL is built from the request.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def base_url(*, request: HttpRequest | None) -> str:
    """`scheme://host` of the site, without a trailing slash; "" when nothing tells it."""
    configured = str(getattr(settings, "BROADSHEET_BASE_URL", "") or "").rstrip("/")
    if configured:
        return configured
    if request is None:
        return ""
    return f"{request.scheme}://{request.get_host()}"


def absolute_url(*, request: HttpRequest | None, path: str) -> str:
    """`path` (a site-relative URL) made absolute; absolute URLs pass unchanged."""
    if path.startswith(("http://", "https://")):
        return path
    if path.startswith("//"):
        scheme = urlsplit(base_url(request=request)).scheme or "https"
        return f"{scheme}:{path}"
    return base_url(request=request) + path
