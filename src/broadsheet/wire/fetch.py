"""The wire's only way onto the network: a fetcher that cannot be turned against the host.

Every connection is made to an address checked after DNS resolution (each redirect hop is
a new connection, checked again), and the socket's peer is checked once more after the
handshake. Loopback, private, link-local, carrier-grade NAT, multicast, reserved and
cloud-metadata addresses are refused, as are IPv4-mapped/compatible IPv6 forms of them.
Bodies, time, redirects and decompression are capped. urllib3 (maintained, already a
dependency of the stack) does HTTP, TLS and decoding; only the connect step is ours.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import HTTPError as Urllib3Error

MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_SECONDS = 20.0
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
CHUNK = 64 * 1024
PERMANENT_REDIRECTS = {301, 308}
REDIRECTS = {301, 302, 303, 307, 308}
# Cloud metadata endpoints that are not covered by the link-local range.
METADATA_ADDRESSES = {
    ipaddress.ip_address("fd00:ec2::254"),
    ipaddress.ip_address("100.100.100.200"),
}


class FetchError(Exception):
    """A fetch that could not complete; `reason` is plain words for the desk."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class BlockedAddress(FetchError):
    """The host resolves to an address the fetcher must never reach."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, permanent=True)


class TooLarge(FetchError):
    pass


class TooSlow(FetchError):
    pass


def loopback_allowed() -> bool:
    """Loopback is reachable only when the setting says so and this is development or a
    test run; settings.py refuses the setting at start in production."""
    if not getattr(settings, "WIRE_ALLOW_LOOPBACK", False):
        return False
    return bool(settings.DEBUG or os.environ.get("PYTEST_CURRENT_TEST"))


def address_refusal(address: str) -> str | None:
    """Why `address` (an IP literal) must not be reached, or None when it may."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"not an IP address: {address}"
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is None and ip.packed[:12] == bytes(12) and int(ip) > 1:
            mapped = ipaddress.IPv4Address(ip.packed[12:])  # IPv4-compatible ::a.b.c.d
        if mapped is not None:
            return address_refusal(str(mapped))
        if ip.teredo:
            return address_refusal(str(ip.teredo[1]))
    if ip in METADATA_ADDRESSES:
        return f"{ip} is a cloud metadata address"
    if ip.is_loopback:
        return None if loopback_allowed() else f"{ip} is a loopback address"
    if ip.is_link_local:
        return f"{ip} is a link-local (or metadata) address"
    if ip.is_private or ip.is_reserved or ip.is_multicast or ip.is_unspecified:
        return f"{ip} is a private or reserved address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.ip_network("100.64.0.0/10"):
        return f"{ip} is a carrier-grade NAT address"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return None


def _checked_connect(host: str, port: int, timeout: float | None) -> socket.socket:
    """Resolve `host`, refuse the lot if any address is forbidden, connect to a vetted
    address (so DNS cannot change between the check and the connect), check the peer."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"the name {host} does not resolve ({exc.strerror})") from exc
    for info in infos:
        refusal = address_refusal(str(info[4][0]))
        if refusal:
            raise BlockedAddress(f"{host} resolves to a forbidden address: {refusal}")
    last: OSError | None = None
    for family, kind, proto, _name, sockaddr in infos:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            sock.connect(sockaddr)
            peer = sock.getpeername()[0]
            refusal = address_refusal(str(peer))
            if refusal:
                raise BlockedAddress(f"connected to a forbidden address: {refusal}")
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock
        except BlockedAddress:
            sock.close()
            raise
        except OSError as exc:
            sock.close()
            last = exc
    raise FetchError(f"could not connect to {host}: {last}")


class _SafeConnectionMixin:
    host: str
    port: int
    timeout: Any

    def _new_conn(self) -> socket.socket:
        timeout = self.timeout if isinstance(self.timeout, int | float) else CONNECT_TIMEOUT
        return _checked_connect(self.host, self.port, timeout)


class SafeHTTPConnection(_SafeConnectionMixin, HTTPConnection):
    pass


class SafeHTTPSConnection(_SafeConnectionMixin, HTTPSConnection):
    pass


class SafeHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = SafeHTTPConnection


class SafeHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = SafeHTTPSConnection


_pool_lock = threading.Lock()
_pool: urllib3.PoolManager | None = None


def _manager() -> urllib3.PoolManager:
    global _pool
    with _pool_lock:
        if _pool is None:
            manager = urllib3.PoolManager(num_pools=50, maxsize=2, block=False, retries=False)
            manager.pool_classes_by_scheme = {
                "http": SafeHTTPConnectionPool,
                "https": SafeHTTPSConnectionPool,
            }
            _pool = manager
        return _pool


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    # The URL a permanent redirect chain (301/308 only) ends at, when it moved.
    moved_to: str = ""
    redirects: list[str] = field(default_factory=list)

    @property
    def charset(self) -> str:
        content_type = self.headers.get("content-type", "")
        for part in content_type.split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset":
                return value.strip().strip('"').lower()
        return ""


def fetch(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    max_bytes: int = MAX_BODY_BYTES,
    max_seconds: float = MAX_SECONDS,
    max_redirects: int = MAX_REDIRECTS,
) -> Response:
    """GET `url` within the caps, following redirects by hand (each hop checked).

    Returns the last response whatever its status (304, 429, 5xx are the caller's to
    interpret). Raises BlockedAddress, TooLarge, TooSlow or FetchError.
    """
    deadline = time.monotonic() + max_seconds
    sent = {"user-agent": settings.WIRE_USER_AGENT, "accept-encoding": "gzip, deflate"}
    sent.update({k.lower(): v for k, v in (headers or {}).items()})
    current, chain, permanent = url, [], True
    for _hop in range(max_redirects + 1):
        scheme = urlsplit(current).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"only http and https are fetched, not {scheme or 'this'}: {current}")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TooSlow(f"no answer within {max_seconds:g} seconds")
        timeout = urllib3.Timeout(
            connect=min(CONNECT_TIMEOUT, remaining), read=min(READ_TIMEOUT, remaining)
        )
        try:
            raw = _manager().request(
                "GET",
                current,
                headers=sent,
                redirect=False,
                retries=False,
                preload_content=False,
                decode_content=True,
                timeout=timeout,
            )
        except FetchError:
            raise
        except Urllib3Error as exc:
            inner = exc.__context__ if isinstance(exc.__context__, FetchError) else None
            if inner is not None:
                raise inner from exc
            raise FetchError(f"could not fetch {current}: {exc}") from exc
        try:
            if raw.status in REDIRECTS and raw.headers.get("location"):
                target = urljoin(current, raw.headers["location"])
                permanent = permanent and raw.status in PERMANENT_REDIRECTS
                chain.append(target)
                raw.close()  # never read a redirect's body
                current = target
                continue
            body = _read_capped(raw, max_bytes=max_bytes, deadline=deadline, limit=max_seconds)
        finally:
            raw.release_conn()
        return Response(
            url=current,
            status=raw.status,
            headers={k.lower(): v for k, v in raw.headers.items()},
            body=body,
            moved_to=current if chain and permanent else "",
            redirects=chain,
        )
    raise FetchError(f"more than {max_redirects} redirects from {url}")


def _read_capped(raw: Any, *, max_bytes: int, deadline: float, limit: float) -> bytes:
    declared = raw.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(f"the answer is {int(declared)} bytes, more than {max_bytes}")
    parts: list[bytes] = []
    total = 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise TooSlow(f"the answer took longer than {limit:g} seconds")
            # read1 returns what has arrived (bounded decompression per call in
            # urllib3 2.x), so a trickling body still meets the deadline check.
            chunk = raw.read1(CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise TooLarge(f"the answer is larger than {max_bytes} bytes (after decoding)")
            parts.append(chunk)
    except Urllib3Error as exc:
        raise FetchError(f"the answer broke off: {exc}") from exc
    return b"".join(parts)


class HostSpacing:
    """At most one request per host every `seconds` in this process (robots' Crawl-delay
    may ask for more); callers wait their turn rather than being refused."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, host: str, seconds: float) -> float:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + seconds
        delay = start - now
        if delay > 0:
            time.sleep(delay)
        return delay

    def clear(self) -> None:
        with self._lock:
            self._next.clear()


spacing = HostSpacing()
