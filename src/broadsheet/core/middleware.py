"""Security headers on every response: a strict Content-Security-Policy for the public
pages and for the desk, a Permissions-Policy, and the reader's address behind a proxy.

Every script, style, font and image comes from this site; nothing from a third-party
host, and no inline script or style runs, on the site or in the desk. The desk (Django's
admin, django-prose-editor, django-reversion) needs exactly three inline pieces, each
allowed by its hash and nothing else: the editor's import map, the editor's base CSS
(TIPTAP_BASE_STYLE), and the one `<style>` block of Django's change list
(DESK_INLINE_STYLES).
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
# The rich-text editor (Tiptap, inside django-prose-editor) adds one <style> element of
# its own at run time: its base CSS, a constant of the editor's script. Allowed by its
# hash; tests/security/test_headers.py checks it against the installed editor.js.
TIPTAP_BASE_STYLE = "sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA="
DESK_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data: blob:",
        f"style-src 'self' '{TIPTAP_BASE_STYLE}'{{inline_styles}}",
        "script-src 'self'{import_maps}",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)

# Uploaded files: shown as images, never run. Opened on their own, an HTML or SVG file
# that got there would load nothing and run no script (sandbox: a unique origin).
MEDIA_POLICY = "default-src 'none'; img-src 'self'; sandbox"


IMPORT_MAP = re.compile(rb'<script type="importmap">(.*?)</script>', re.DOTALL)
INLINE_STYLE = re.compile(rb"<style>(.*?)</style>", re.DOTALL)
# The only inline style the desk's pages carry: Django's change list, on a list without
# actions (admin/change_list.html). Allowed by its hash when its text is exactly this.
DESK_INLINE_STYLES = frozenset({b"#changelist table thead th:first-child {width: inherit}"})
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "display-capture",
        "screen-wake-lock",
    )
)


def csp_hash(body: bytes) -> str:
    return " 'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"


def import_map_hashes(html: bytes) -> str:
    """CSP hash sources for the import maps in a page.

    The desk's editor widget loads its modules through an inline import map, which
    CSP treats as an inline script; allowing exactly its hash keeps every other inline
    script blocked.
    """
    return "".join(csp_hash(body) for body in IMPORT_MAP.findall(html))


def known_style_hashes(html: bytes) -> str:
    """CSP hash sources for the page's `<style>` blocks that are one of
    DESK_INLINE_STYLES word for word; any other inline style stays blocked."""
    return "".join(
        csp_hash(body) for body in INLINE_STYLE.findall(html) if body.strip() in DESK_INLINE_STYLES
    )


class ContentSecurityPolicyMiddleware:
    """Content-Security-Policy on every response (MEDIA_POLICY for uploads, DESK_POLICY
    for the desk in any language, PUBLIC_POLICY for the rest) unless a view set one,
    and a Permissions-Policy that turns off what a news site never asks for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
        self.desk_path = re.compile(rf"^/(?:(?:{languages})/)?desk/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(settings.MEDIA_URL):
            response["Content-Security-Policy"] = MEDIA_POLICY
        elif "Content-Security-Policy" not in response:
            if self.desk_path.match(request.path):
                html = b""
                if response.get("Content-Type", "").startswith("text/html") and not getattr(
                    response, "streaming", False
                ):
                    html = response.content
                policy = DESK_POLICY.format(
                    import_maps=import_map_hashes(html), inline_styles=known_style_hashes(html)
                )
            else:
                policy = PUBLIC_POLICY
            response["Content-Security-Policy"] = policy
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
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
