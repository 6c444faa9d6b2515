"""The one fetcher for pages and feeds: polite (robots.txt, a pause between requests to one
host, a User-Agent that names the site) and safe (size, time and redirect limits; no request
to a loopback, private, link-local, multicast or reserved address, checked on every
connection, so after DNS and again on every redirect).

httpx does the HTTP; its connections go through `GuardedBackend`, which resolves the host
itself and connects only to an address it has checked (no second lookup an attacker's DNS
could answer differently). Plain Python, no Django imports: `articles.web.fetcher()` builds
one from the settings.

Every failure is a `FetchFailed` whose reason is in words an editor understands.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.robotparser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

CONNECT_SECONDS = 5.0
TOTAL_SECONDS = 20.0
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
TRIES = 3  # for timeouts and server errors (5xx); the waits between grow (BACKOFF_SECONDS)
BACKOFF_SECONDS = 1.0
ROBOTS_AGENT = "SpaceflightIncidentsBot"
ALLOW_SWITCH = "IMPORT_ALLOW_PRIVATE_ADDRESSES=1"

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
)
_REDIRECTS = (301, 302, 303, 307, 308)


class FetchFailed(Exception):
    """A page that could not be fetched; `reason` says why, in words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class BlockedAddress(FetchFailed):
    """A host that resolves to an address the fetcher must not reach."""


@dataclass(frozen=True)
class Page:
    address: str  # as asked for
    final_address: str  # after redirects
    status: int  # 200, or 304 for a conditional request whose answer has not changed
    content_type: str
    charset: str | None
    content: bytes
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        """The content decoded as the server says (its header wins over a <meta> in the page,
        as browsers do); else UTF-8, replacing what does not decode."""
        encoding = self.charset if self.charset and _known_codec(self.charset) else "utf-8"
        return self.content.decode(encoding, errors="replace")


def _known_codec(name: str) -> bool:
    import codecs

    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def refusal(address: str, host: str) -> str:
    return (
        f"refused: {host} is {address}, a private or reserved address, which the importer does "
        f"not fetch from (set {ALLOW_SWITCH} to allow it in development)"
    )


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchFailed(f"no such host ({host})") from error
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's own backend, connecting only to checked addresses."""

    def __init__(
        self,
        *,
        allow_private: bool,
        resolver: Resolver = resolve,
        address_allowed: Callable[[str], bool] = is_public,
    ):
        self.allow_private = allow_private
        self.resolver = resolver
        self.address_allowed = address_allowed
        self.inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.resolver(host, port)
        if not self.allow_private:
            for address in addresses:
                if not self.address_allowed(address):
                    raise BlockedAddress(refusal(address, host))
        error: Exception | None = None
        for address in addresses:
            try:
                return self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failed:
                error = failed
        assert error is not None
        raise error

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise BlockedAddress("refused: local sockets are never fetched from")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    def __init__(self, *, backend: GuardedBackend):
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=20,
            max_keepalive_connections=10,
            keepalive_expiry=5.0,
            network_backend=backend,
        )


ROBOTS_SECONDS = 6 * 3600  # how long a host's robots.txt is kept (RFC 9309: at most a day)


class RobotsCache:
    """Each host's robots.txt rules, kept for ROBOTS_SECONDS by every fetcher of the process
    (so a feed checked every half hour costs one request, not two)."""

    def __init__(self) -> None:
        self.rules: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = {}

    def get(self, host: str, now: float) -> urllib.robotparser.RobotFileParser | None:
        kept = self.rules.get(host)
        return kept[1] if kept and kept[0] > now else None

    def put(self, host: str, rules: urllib.robotparser.RobotFileParser, now: float) -> None:
        self.rules[host] = (now + ROBOTS_SECONDS, rules)

    def clear(self) -> None:
        self.rules.clear()


SHARED_ROBOTS = RobotsCache()


@dataclass
class Fetcher:
    """Fetch pages one at a time, politely: robots.txt rules are shared by the process (see
    RobotsCache); the time of the last request to each host is kept for as long as the
    fetcher lives (one import run, one round of feeds)."""

    user_agent: str
    allow_private: bool = False
    host_interval: float = 1.0
    tries: int = TRIES
    backoff: float = BACKOFF_SECONDS
    max_bytes: int = MAX_BYTES
    total_seconds: float = TOTAL_SECONDS
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    resolver: Resolver = resolve
    address_allowed: Callable[[str], bool] = is_public
    robots: RobotsCache = field(default_factory=lambda: SHARED_ROBOTS)
    _last_request: dict[str, float] = field(default_factory=dict)
    _client: httpx.Client | None = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                transport=GuardedTransport(
                    backend=GuardedBackend(
                        allow_private=self.allow_private,
                        resolver=self.resolver,
                        address_allowed=self.address_allowed,
                    )
                ),
                headers={"User-Agent": self.user_agent},
                follow_redirects=False,
                trust_env=False,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(
        self,
        address: str,
        *,
        accept: tuple[str, ...] = HTML_TYPES,
        etag: str = "",
        last_modified: str = "",
    ) -> Page:
        """The page at `address` if it is one of the `accept`ed types; raises FetchFailed."""
        deadline = self.clock() + self.total_seconds
        headers = {"Accept": ", ".join((*accept, "*/*;q=0.1"))}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = address
        for _ in range(MAX_REDIRECTS + 1):
            check_scheme(current)
            self.check_robots(current, deadline)
            status, response_headers, content = self._get_with_retries(current, headers, deadline)
            if status in _REDIRECTS and response_headers.get("location"):
                current = urljoin(current, response_headers["location"])
                continue
            return self._page(address, current, status, response_headers, content, accept)
        raise FetchFailed(f"too many redirects (more than {MAX_REDIRECTS})")

    def _page(
        self,
        address: str,
        final: str,
        status: int,
        headers: httpx.Headers,
        content: bytes,
        accept: tuple[str, ...],
    ) -> Page:
        if status != 304:
            check_status(status)
        content_type, charset = parse_content_type(headers.get("content-type", ""))
        if status != 304 and not acceptable(content_type, content, accept):
            raise FetchFailed(not_acceptable(content_type, accept))
        return Page(
            address=address,
            final_address=final,
            status=status,
            content_type=content_type,
            charset=charset,
            content=content,
            etag=headers.get("etag", ""),
            last_modified=headers.get("last-modified", ""),
        )

    def _get_with_retries(
        self, address: str, headers: dict[str, str], deadline: float
    ) -> tuple[int, httpx.Headers, bytes]:
        for attempt in range(1, self.tries + 1):
            last = attempt == self.tries
            try:
                status, response_headers, content = self._get(address, headers, deadline)
            except httpx.TimeoutException as error:
                if last or self._out_of_time(deadline, attempt):
                    raise FetchFailed(timed_out(attempt)) from error
            else:
                if status < 500:
                    return status, response_headers, content
                if last or self._out_of_time(deadline, attempt):
                    raise FetchFailed(f"server error after {attempt} tries (HTTP {status})")
            self.sleep(self.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    def _out_of_time(self, deadline: float, attempt: int) -> bool:
        return self.clock() + self.backoff * 2 ** (attempt - 1) >= deadline

    def _get(
        self, address: str, headers: dict[str, str], deadline: float
    ) -> tuple[int, httpx.Headers, bytes]:
        self._pause_for_host(address)
        remaining = deadline - self.clock()
        if remaining <= 0:
            raise httpx.ReadTimeout("out of time")
        timeout = httpx.Timeout(remaining, connect=min(CONNECT_SECONDS, remaining))
        try:
            with self.client.stream("GET", address, headers=headers, timeout=timeout) as response:
                if response.status_code in _REDIRECTS or response.status_code == 304:
                    return response.status_code, response.headers, b""
                return response.status_code, response.headers, self._read(response, deadline)
        except FetchFailed:
            raise
        except httpx.TimeoutException:
            raise
        except httpx.ConnectError as error:
            raise FetchFailed(could_not_connect(address, error)) from error
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            raise FetchFailed(f"the server's answer could not be read ({error})") from error
        finally:
            self._last_request[host_key(address)] = self.clock()

    def _read(self, response: httpx.Response, deadline: float) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchFailed(too_big(self.max_bytes))
        chunks, size = [], 0
        for chunk in response.iter_bytes():  # decompressed: a gzip bomb stops at the limit too
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchFailed(too_big(self.max_bytes))
            if self.clock() > deadline:
                raise httpx.ReadTimeout("out of time")
            chunks.append(chunk)
        return b"".join(chunks)

    def _pause_for_host(self, address: str) -> None:
        last = self._last_request.get(host_key(address))
        if last is None:
            return
        wait = last + self.host_interval - self.clock()
        if wait > 0:
            self.sleep(wait)

    def check_robots(self, address: str, deadline: float) -> None:
        host = host_key(address)
        rules = self.robots.get(host, time.monotonic())
        if rules is None:
            rules = self._read_robots(address, deadline)
            self.robots.put(host, rules, time.monotonic())
        if not rules.can_fetch(ROBOTS_AGENT, address):
            raise FetchFailed("forbidden by the site's robots.txt")

    def _read_robots(self, address: str, deadline: float) -> urllib.robotparser.RobotFileParser:
        """The host's robots.txt; none (or a 4xx) allows all, a server error forbids all
        (RFC 9309)."""
        rules = urllib.robotparser.RobotFileParser()
        robots_address = urljoin(host_key(address), "/robots.txt")
        try:
            status, _, content = self._get_with_retries(robots_address, {}, deadline)
        except FetchFailed as failed:
            if failed.reason.startswith("server error"):
                raise FetchFailed(
                    f"the site's robots.txt answered with a {failed.reason}; a site in that "
                    "state is not fetched from"
                ) from failed
            raise
        if status >= 400 or status in _REDIRECTS:
            rules.allow_all = True  # type: ignore[attr-defined]
        else:
            rules.parse(content.decode("utf-8", errors="replace").splitlines())
        return rules


def host_key(address: str) -> str:
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc}".lower()


def check_scheme(address: str) -> None:
    try:
        parts = urlsplit(address)
    except ValueError as error:
        raise FetchFailed("not a web address") from error
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchFailed("refused: only http and https addresses are fetched")
    if not parts.hostname:
        raise FetchFailed("not a web address: it names no host")


def check_status(status: int) -> None:
    if status == 404 or status == 410:
        raise FetchFailed(f"not found (HTTP {status})")
    if status in (401, 403):
        raise FetchFailed(f"the site refused access (HTTP {status})")
    if status == 429:
        raise FetchFailed("the site asks us to slow down (HTTP 429); try again later")
    if status >= 400 or status < 200 or status >= 300:
        raise FetchFailed(f"the site answered HTTP {status}")


def parse_content_type(header: str) -> tuple[str, str | None]:
    message = Message()
    message["content-type"] = header or "application/octet-stream"
    charset = message.get_param("charset")
    return message.get_content_type(), str(charset) if isinstance(charset, str) else None


def acceptable(content_type: str, content: bytes, accept: tuple[str, ...]) -> bool:
    if content_type in accept:
        return True
    # Feeds are often served as text/html or text/plain; their first bytes tell.
    if accept is FEED_TYPES and content_type in ("text/html", "text/plain"):
        head = content[:500].lstrip().lower()
        return head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head
    return False


def not_acceptable(content_type: str, accept: tuple[str, ...]) -> str:
    wanted = "an HTML page" if accept is HTML_TYPES else "a news feed"
    return f"not {wanted} (the server sent {content_type})"


def too_big(limit: int) -> str:
    return f"too big: more than {limit // (1024 * 1024)} MB"


def timed_out(tries: int) -> str:
    return f"timed out ({tries} {'try' if tries == 1 else 'tries'})"


def could_not_connect(address: str, error: Exception) -> str:
    host = urlsplit(address).hostname or address
    words = str(error) or type(error).__name__
    if "refused" in words.lower():
        return f"could not connect to {host} (connection refused)"
    return f"could not connect to {host} ({words})"
