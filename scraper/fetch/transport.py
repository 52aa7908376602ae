"""The httpx boundary: one guarded GET, bounded in time and size.

:class:`HttpSession` owns one ``httpx.AsyncClient`` whose transport connects through
:class:`newsclean.scraper.fetch.guard.GuardedBackend`. :meth:`HttpSession.get` performs a single
exchange (no redirects, no retries: :mod:`newsclean.scraper.fetch.core` follows redirects and
:mod:`newsclean.scraper.fetch.retry` decides retries) under a
total deadline and returns a :class:`Reply`. httpx and httpcore exceptions are mapped to
:mod:`newsclean.errors` here, once; no httpx type leaves this module.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import certifi
import httpcore
import httpx

from newsclean.errors import BodyTooLarge, FetchError
from newsclean.scraper.fetch.content_encoding import BodyLimiter
from newsclean.scraper.fetch.guard import AddressGuard, GuardedBackend

logger = logging.getLogger(__name__)

ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1"
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class Reply:
    """What one exchange returned. ``body`` is empty unless the status was 2xx."""

    url: str
    status: int
    content_type: str | None = None
    location: str | None = None
    retry_after: float | None = None
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    seconds: float = 0.0      # the exchange's wall time: request sent to body read


@dataclass(frozen=True, slots=True)
class SessionConfig:
    """The subset of FetchSettings the HTTP layer needs."""

    user_agent: str
    connect_timeout: float
    read_timeout: float
    total_timeout: float
    max_connections: int
    allow_hosts: frozenset[str] = frozenset()
    trust_env: bool = False
    resolver: Callable[[str, int], list[str]] | None = None


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx transport whose connection pool dials through the SSRF guard."""

    def __init__(self, guard: AddressGuard, max_connections: int) -> None:
        context = ssl.create_default_context(cafile=certifi.where())  # always verified
        super().__init__(verify=context, trust_env=False)
        # httpx has no public hook for the network backend: replace the pool it built.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=context, max_connections=max_connections,
            max_keepalive_connections=max_connections, keepalive_expiry=5.0,
            network_backend=GuardedBackend(guard))


def parse_url(url: str) -> str:
    """Normalise an absolute http(s) URL or raise FetchError(reason="bad_url")."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as exc:
        raise FetchError(url, f"invalid URL: {exc}", reason="bad_url") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchError(url, "only absolute http(s) URLs are fetched", reason="bad_url")
    return str(parsed.copy_with(fragment=None))


def join_url(base: str, location: str) -> str:
    """Resolve a redirect ``location`` against ``base``; raises FetchError(bad_url)."""
    try:
        joined = httpx.URL(base).join(location)
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(base, f"bad redirect location {location!r}", reason="bad_url") from exc
    return parse_url(str(joined))


def origin_of(url: str) -> str:
    """``scheme://host:port`` of an already parsed URL (the robots.txt and politeness key);
    an IPv6 literal keeps its brackets (``http://[::1]:8080``)."""
    parsed = httpx.URL(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    host = f"[{parsed.host}]" if ":" in parsed.host else parsed.host
    return f"{parsed.scheme}://{host}:{port}"


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date), None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def tls_error(exc: BaseException) -> ssl.SSLError | None:
    """The ``ssl`` exception behind ``exc`` (httpx and httpcore chain it as the cause),
    or None when TLS is not what failed."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def tls_message(error: ssl.SSLError) -> str:
    """A failure message naming the TLS problem, e.g. ``TLS certificate verification
    failed: self-signed certificate`` (certificates are always verified)."""
    if isinstance(error, ssl.SSLCertVerificationError):
        reason = error.verify_message or error.reason or "unknown reason"
        return f"TLS certificate verification failed: {reason}"
    return f"TLS handshake failed: {error.reason or error}"


def map_exception(url: str, exc: Exception) -> FetchError:
    """Map an httpx/transport exception to the newsclean tree (the one mapping point).

    ``retryable`` marks what is transient: failures while connecting (a timeout, a refused
    or reset connection, a dropped TLS handshake). Whether and how often they are retried
    is :class:`~newsclean.scraper.fetch.retry.RetryPolicy`'s decision."""
    if isinstance(exc, httpx.ConnectTimeout):
        return FetchError(url, f"connect timeout: {exc}", reason="timeout", retryable=True)
    if isinstance(exc, httpx.TimeoutException):
        return FetchError(url, f"{type(exc).__name__}: {exc}", reason="timeout")
    if isinstance(exc, httpx.ConnectError):
        tls = tls_error(exc)
        if tls is not None:
            # a dropped handshake may be transient; a refused certificate is not
            dropped = isinstance(tls, ssl.SSLEOFError | ssl.SSLZeroReturnError)
            return FetchError(url, tls_message(tls), retryable=dropped)
        return FetchError(url, f"connect error: {exc}", retryable=True)
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return FetchError(url, f"bad URL: {exc}", reason="bad_url")
    return FetchError(url, f"{type(exc).__name__}: {exc}")


class HttpSession:
    """One AsyncClient for a run; use as ``async with HttpSession(config) as session``."""

    def __init__(self, config: SessionConfig) -> None:
        self.config = config
        self._guard = guard = AddressGuard(config.allow_hosts, config.resolver)
        timeout = httpx.Timeout(connect=config.connect_timeout, read=config.read_timeout,
                                write=config.read_timeout, pool=None)
        self._client = httpx.AsyncClient(
            transport=GuardedTransport(guard, config.max_connections),
            timeout=timeout, follow_redirects=False, trust_env=config.trust_env,
            headers={"User-Agent": config.user_agent, "Accept": ACCEPT,
                     "Accept-Encoding": ACCEPT_ENCODING})

    async def __aenter__(self) -> HttpSession:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._client.aclose()

    async def get(self, url: str, *, max_bytes: int, truncate: bool = False,
                  accept: Callable[[str | None], bool] | None = None,
                  deadline: float | None = None,
                  headers: Mapping[str, str] | None = None) -> Reply:
        """GET ``url`` once. Body read only for 2xx (and ``accept(content_type)``).

        ``truncate`` keeps the first ``max_bytes`` instead of raising (robots.txt);
        ``headers`` are added to the request (conditional GET).
        The exchange ends within ``total_timeout``, and by ``deadline`` (event-loop time:
        the URL's deadline over all its redirect hops) when given.
        Raises FetchError for every per-URL problem, including the total deadline.
        """
        ends = asyncio.get_running_loop().time() + self.config.total_timeout
        try:
            async with asyncio.timeout_at(ends if deadline is None else min(ends, deadline)):
                return await self._exchange(url, max_bytes, truncate, accept, headers)
        except TimeoutError as exc:
            raise FetchError(url, f"total deadline of {self.config.total_timeout}s for the URL "
                             "(all its redirect hops) passed", reason="timeout") from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise map_exception(url, exc) from exc

    async def _exchange(self, url: str, max_bytes: int, truncate: bool,
                        accept: Callable[[str | None], bool] | None,
                        headers: Mapping[str, str] | None = None) -> Reply:
        request = self._client.build_request("GET", url, headers=headers)
        if self.config.trust_env:
            # a proxy from the environment dials the target itself: vet its name here
            # (best effort: the proxy resolves again, so rebinding is not excluded)
            await self._guard.vet(request.url.host, request.url.port or 443)
        response = await self._client.send(request, stream=True)
        try:
            headers = response.headers
            reply = Reply(url=url, status=response.status_code,
                          content_type=headers.get("content-type"),
                          location=headers.get("location"),
                          retry_after=parse_retry_after(headers.get("retry-after")))
            if not 200 <= reply.status < 300:
                return reply
            if accept is not None and not accept(reply.content_type):
                raise FetchError(url, f"content type {reply.content_type!r} not accepted",
                                 reason="bad_content_type")
            body = await self._read_body(response, url, max_bytes, truncate)
            return Reply(url, reply.status, reply.content_type, None, None, body,
                         etag=headers.get("etag"), last_modified=headers.get("last-modified"))
        finally:
            await response.aclose()

    @staticmethod
    async def _read_body(response: httpx.Response, url: str, max_bytes: int,
                         truncate: bool) -> bytes:
        length = response.headers.get("content-length", "")
        if not truncate and length.isdigit() and int(length) > max_bytes:
            raise BodyTooLarge(url, f"Content-Length {length} over {max_bytes} bytes")
        limiter = BodyLimiter(url, response.headers.get("content-encoding"), max_bytes)
        try:
            async for chunk in response.aiter_raw():
                limiter.feed(chunk)
        except BodyTooLarge:
            if not truncate:
                raise
            logger.info("%s truncated at %d bytes", url, max_bytes)
            return limiter.body()
        limiter.finish()
        return limiter.body()
