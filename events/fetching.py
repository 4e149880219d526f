"""Fetching a library's calendar from the internet without letting the portal be used against
its own network (SSRF): only http(s); the host is resolved here and every address it resolves
to must be public (no private, loopback, link-local, reserved, multicast addresses), and the
connection goes to the address checked, so a second DNS answer cannot swap it; redirects are
followed by hand and each target checked again; timeouts and a size cap; conditional GET.

`resolver` and `opener` are parameters so tests put a fake network in their place."""

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 10
TOTAL_SECONDS = 30
MAX_REDIRECTS = 5
USER_AGENT = "Verdensmaalsportalen-kalender/1.0 (+https://verdensmaalsportalen.dk)"


class FetchError(Exception):
    """A feed could not be read; the message is for the library's staff, in plain words."""


@dataclass
class FetchResult:
    status: int  # 200, or 304 when unchanged since the ETag/Last-Modified given
    body: bytes
    etag: str
    last_modified: str
    url: str  # after redirects


@dataclass
class RawResponse:
    status: int
    headers: dict  # lower-case names
    read: Callable[[int], bytes]
    close: Callable[[], None]


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(_("The address %(host)s could not be found.") % {"host": host}) from error
    return list(dict.fromkeys(info[4][0] for info in infos))


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or not ip.is_global
    )


def check_url(url: str, *, resolve: bool = True, resolver=None) -> tuple[str, int, str]:
    """(host, port, address to connect to) of `url` if it may be fetched; FetchError if not."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(_("Only web addresses starting with http:// or https:// can be read."))
    if not parts.hostname:
        raise FetchError(_("The address has no host name."))
    if parts.username or parts.password:
        raise FetchError(_("Addresses with a user name or password cannot be read."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchError(_("The address has an invalid port.")) from error
    if not resolve:
        return parts.hostname, port, ""
    addresses = (resolver or globals()["resolve"])(parts.hostname, port)
    if not addresses:
        raise FetchError(_("The address %(host)s could not be found.") % {"host": parts.hostname})
    for address in addresses:
        if not is_public_address(address):
            raise FetchError(
                _(
                    "The address %(host)s points into a private or local network; the portal "
                    "only reads calendars on the public internet."
                )
                % {"host": parts.hostname}
            )
    return parts.hostname, port, addresses[0]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a checked address, with the certificate checked for the host name."""

    def __init__(self, host, address, **kwargs):
        super().__init__(host, **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, address, **kwargs):
        super().__init__(host, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def open_url(url: str, address: str, headers: dict, timeout: float) -> RawResponse:
    """The real network: one GET to `address` (already checked) for `url`."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    if parts.scheme == "https":
        conn = _PinnedHTTPSConnection(
            parts.hostname,
            address,
            port=parts.port,
            timeout=timeout,
            context=ssl.create_default_context(),
        )
    else:
        conn = _PinnedHTTPConnection(parts.hostname, address, port=parts.port, timeout=timeout)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    return RawResponse(
        status=response.status,
        headers={name.lower(): value for name, value in response.getheaders()},
        read=response.read,
        close=conn.close,
    )


def safe_fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    resolver=None,
    opener=None,
    max_bytes: int = MAX_BYTES,
    timeout: float = TIMEOUT_SECONDS,
) -> FetchResult:
    opener = opener or open_url
    deadline = time.monotonic() + TOTAL_SECONDS
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, application/json, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _hop in range(MAX_REDIRECTS + 1):
        _host, _port, address = check_url(url, resolver=resolver)
        try:
            response = opener(url, address, headers, timeout)
        except (OSError, http.client.HTTPException) as error:
            raise FetchError(
                _("The calendar's server did not answer (%(error)s).") % {"error": error}
            ) from error
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    raise FetchError(_("The calendar's server sent a redirect without a target."))
                url = urljoin(url, location)
                continue
            if response.status == 304:
                return FetchResult(304, b"", etag, last_modified, url)
            if response.status != 200:
                raise FetchError(
                    _("The calendar's server answered with error %(status)s.")
                    % {"status": response.status}
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(_too_large(max_bytes))
            chunks, size = [], 0
            while True:
                if time.monotonic() > deadline:
                    raise FetchError(_("The calendar took too long to download."))
                chunk = response.read(64 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(_too_large(max_bytes))
                chunks.append(chunk)
            return FetchResult(
                200,
                b"".join(chunks),
                response.headers.get("etag", ""),
                response.headers.get("last-modified", ""),
                url,
            )
        except (OSError, http.client.HTTPException) as error:
            raise FetchError(
                _("The connection to the calendar's server broke off (%(error)s).")
                % {"error": error}
            ) from error
        finally:
            response.close()
    raise FetchError(_("The calendar's address redirects too many times."))


def _too_large(max_bytes: int) -> str:
    return _("The calendar is larger than %(mib)s MB, more than the portal reads.") % {
        "mib": max_bytes // (1024 * 1024)
    }
