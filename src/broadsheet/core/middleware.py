"""A strict Content-Security-Policy for public pages.

Every script, style, font and image comes from this site; nothing from a third-party
host. The desk (Django's admin and its editor widget) sets its own looser needs.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PUBLIC_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
DESK_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data: blob:",
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self'{import_maps}",
        "form-action 'self'",
        "frame-ancestors 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


IMPORT_MAP = re.compile(rb'<script type="importmap">(.*?)</script>', re.DOTALL)


def import_map_hashes(html: bytes) -> str:
    """CSP hash sources for the import maps in a page.

    The desk's editor widget loads its modules through an inline import map, which
    CSP treats as an inline script; allowing exactly its hash keeps every other inline
    script blocked.
    """
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
        for body in IMPORT_MAP.findall(html)
    ]
    return "".join(" " + h for h in hashes)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            if request.path.startswith("/desk/"):
                html = b""
                if response.get("Content-Type", "").startswith("text/html") and not getattr(
                    response, "streaming", False
                ):
                    html = response.content
                policy = DESK_POLICY.format(import_maps=import_map_hashes(html))
            else:
                policy = PUBLIC_POLICY
            response["Content-Security-Policy"] = policy
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


def trusted_proxies() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(p, strict=False) for p in settings.BROADSHEET_TRUSTED_PROXIES]


def reader_address(
    remote: str, real: str, proxies: list[ipaddress.IPv4Network | ipaddress.IPv6Network]
) -> str:
    """The reader's address: `real` (the proxy's `X-Real-IP`) when the request comes from
    one of `proxies`, else the connection's own `remote`. A malformed header keeps the
    proxy's address."""
    real = real.strip()
    if not (real and proxies):
        return remote
    try:
        if not any(ipaddress.ip_address(remote) in network for network in proxies):
            return remote
        return str(ipaddress.ip_address(real))
    except ValueError:
        return remote


class TrustedProxyMiddleware:
    """Behind a reverse proxy every request comes from the proxy's address: take the
    reader's address from `X-Real-IP`, but only when the request really comes from a
    proxy listed in BROADSHEET_TRUSTED_PROXIES (anyone else could write that header).
    Rate limits, bans and the moderation queue all read REMOTE_ADDR after this (and the
    comment posts' front, `discussion/front.py`, the same address before it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.proxies = trusted_proxies()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        real = meta.get("HTTP_X_REAL_IP", "")
        if real and self.proxies:
            meta["REMOTE_ADDR"] = reader_address(meta.get("REMOTE_ADDR", ""), real, self.proxies)
        return self.get_response(request)


def request_address(request: HttpRequest) -> str:
    """The address a request comes from, as TrustedProxyMiddleware left it (for the desk's
    login lockout, django-axes, so that it counts readers and not the proxy)."""
    return str(request.META.get("REMOTE_ADDR", ""))
