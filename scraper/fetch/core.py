"""The async fetching core: robots, politeness, redirects and retries around one GET.

:class:`Fetcher` turns one ``(index, url)`` into a RawPage or a Failure whose ``reason`` is an
:class:`~newsclean.outcomes.FetchOutcome`. Every hop of a redirect chain is admitted
again (robots.txt of its origin, host state) and dialled through the SSRF guard again.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import logging
import time
from collections import Counter
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from newsclean.errors import FetchError, HTTPStatusError
from newsclean.outcomes import FetchOutcome, Stage
from newsclean.records import Failure, RawPage
from newsclean.scraper.fetch.politeness import Hosts, HostState
from newsclean.scraper.fetch.robots import (
    ALLOW_ALL,
    ROBOTS_MAX_BYTES,
    RobotsCache,
    RobotsPolicy,
    policy_from_error,
    policy_from_status,
)
from newsclean.scraper.fetch.transport import (
    REDIRECT_STATUSES,
    HttpSession,
    Reply,
    join_url,
    origin_of,
    parse_url,
)

if TYPE_CHECKING:
    from newsclean.scraper.fetch.settings import FetchSettings

logger = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
ROBOTS_MAX_REDIRECTS = 5


def media_type(content_type: str | None) -> str | None:
    """``text/html; charset=x`` -> ``text/html``; None when absent."""
    if content_type is None:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def accepts(content_type: str | None, settings: FetchSettings) -> bool:
    """Whether a reply with ``content_type`` is read: HTML, text/plain when asked, and
    ``settings.accept_types`` (feeds and sitemaps); no header lets the decoder sniff."""
    kind = media_type(content_type)
    if kind is None:
        return True
    return (kind in HTML_TYPES or kind in settings.accept_types
            or (settings.accept_text_plain and kind == "text/plain"))


class UrlDeadline:
    """One total deadline for every redirect hop of one URL: it starts with the URL's
    first request (not while the URL waits for its host) and again with a retry (whose
    wait the retry policy bounds)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._at: float | None = None

    def started(self) -> float:
        """The deadline (event-loop time), starting the clock on the first call."""
        if self._at is None:
            self._at = asyncio.get_running_loop().time() + self.seconds
        return self._at

    def restart(self) -> None:
        """Start the clock again at the next request (a retry)."""
        self._at = None


def robots_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched against (RFC 9309 2.2.1)."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"


class Fetcher:
    """Fetch URLs for one run with one :class:`HttpSession` (event loop thread only).

    Its :class:`~newsclean.scraper.fetch.robots.RobotsCache`,
    :class:`~newsclean.scraper.fetch.politeness.Hosts` and ``retries`` (retries per
    :meth:`~newsclean.scraper.fetch.retry.RetryPolicy.count_key`) are the run's: every
    request of the run goes through this Fetcher or one made by :meth:`with_settings`, on
    the one event loop they are bound to."""

    def __init__(self, settings: FetchSettings, session: HttpSession,
                 retries: Counter[str] | None = None) -> None:
        self.settings = settings
        self.session = session
        self.retry = settings.retry
        self.retries: Counter[str] = Counter() if retries is None else retries
        self.hosts = Hosts(settings.per_host_concurrency, settings.per_host_delay,
                           settings.host_failure_limit)
        self.robots = RobotsCache(self._load_robots)
        self._global = asyncio.Semaphore(max(1, settings.global_concurrency))
        self._token = robots_token(settings.user_agent)

    def with_settings(self, settings: FetchSettings) -> Fetcher:
        """A Fetcher reading with ``settings``' content rules (types, size) that shares this
        one's run state: session, robots.txt cache, per-host politeness and global limit.

        Politeness, retries and the session keep this Fetcher's settings: ``settings`` must
        differ only in what is read (see :func:`newsclean.scraper.fetch.settings.source_settings`).
        """
        shared = copy.copy(self)
        shared.settings = settings
        return shared

    async def fetch(self, index: int, source: str) -> RawPage | Failure:
        """One terminal result for one URL; never raises for a per-URL problem."""
        try:
            if self.settings.is_due is not None and not self.settings.is_due(source):
                raise FetchError(source, "checked recently; not due yet",
                                 reason=FetchOutcome.NOT_DUE)
            return await self._follow(index, source)
        except FetchError as exc:
            return Failure(index, source, Stage.FETCH, str(exc.reason), str(exc))
        except Exception as exc:  # the per-URL boundary: a bug must not stop the run
            logger.exception("unexpected error fetching %s", source)
            return Failure(index, source, Stage.FETCH, str(FetchOutcome.NETWORK_ERROR),
                           f"unexpected {type(exc).__name__}: {exc}")

    async def _follow(self, index: int, source: str) -> RawPage:
        url = parse_url(source)
        headers = self._conditional(source)
        deadline = UrlDeadline(self.settings.total_timeout)
        seconds = 0.0                  # of the exchanges that gave the page (all hops)
        for _hop in range(self.settings.max_redirects + 1):
            host = await self._admit(url)
            reply = await self._get(host, url, self.settings.max_bytes, page=True,
                                    deadline=deadline, headers=headers)
            seconds += reply.seconds
            if reply.status not in REDIRECT_STATUSES:
                return self._page(index, source, reply, seconds)
            if not reply.location:
                raise FetchError(url, f"HTTP {reply.status} without Location",
                                 reason=FetchOutcome.HTTP_ERROR)
            url = join_url(url, reply.location)
        raise FetchError(source, f"more than {self.settings.max_redirects} redirects",
                         reason=FetchOutcome.TOO_MANY_REDIRECTS)

    def _page(self, index: int, source: str, reply: Reply, seconds: float) -> RawPage:
        if not 200 <= reply.status < 300:
            raise HTTPStatusError(reply.url, reply.status)
        is_text = media_type(reply.content_type) == "text/plain"
        return RawPage(index=index, source=source, body=reply.body, url=reply.url,
                       content_type=reply.content_type, is_text=is_text, etag=reply.etag,
                       last_modified=reply.last_modified, fetched_at=datetime.now(UTC),
                       fetch_seconds=seconds)

    def _conditional(self, source: str) -> dict[str, str] | None:
        """If-None-Match / If-Modified-Since from the last response (incremental runs)."""
        found = self.settings.validators(source) if self.settings.validators else None
        if not found:
            return None
        etag, modified = found
        headers = {"If-None-Match": etag} if etag else {}
        if modified:
            headers["If-Modified-Since"] = modified
        return headers or None

    async def _admit(self, url: str) -> HostState:
        """Host state for ``url`` after the give-up and robots.txt checks."""
        host = self.hosts.get(origin_of(url))
        self._check_given_up(host, url)
        if not self.settings.respect_robots:
            return host
        policy = await self.robots.policy(host.origin)
        if policy.unavailable:
            raise FetchError(url, policy.unavailable, reason=policy.reason)
        delay = policy.crawl_delay(self._token)
        if delay is not None and delay > self.settings.crawl_delay_cap:
            cap = self.settings.crawl_delay_cap
            raise FetchError(url, f"Crawl-delay {delay}s over cap {cap}s",
                             reason=FetchOutcome.CRAWL_DELAY_TOO_LONG)
        host.set_crawl_delay(delay)
        if not policy.allows(url, self._token):
            raise FetchError(url, "disallowed by robots.txt", reason=FetchOutcome.ROBOTS_DENIED)
        return host

    @staticmethod
    def _check_given_up(host: HostState, url: str) -> None:
        if host.given_up:
            raise FetchError(url, f"host given up: {host.given_up}",
                             reason=FetchOutcome.HOST_GIVEN_UP)

    def _accept(self, content_type: str | None) -> bool:
        return accepts(content_type, self.settings)

    async def _get(self, host: HostState, url: str, max_bytes: int, *, page: bool,
                   deadline: UrlDeadline | None = None,
                   headers: dict[str, str] | None = None) -> Reply:
        """One URL hop with politeness and retries; 2xx/3xx reply or FetchError. With a
        ``deadline``, its requests end by it (one deadline for all hops of a URL)."""
        try:
            reply = await self._get_with_retries(host, url, max_bytes, page, deadline, headers)
        except FetchError as exc:
            if page and self.retry.is_host_trouble(exc):
                host.record_failure(str(exc))
            raise
        host.record_success()
        return reply

    async def _get_with_retries(self, host: HostState, url: str, max_bytes: int,
                                page: bool, deadline: UrlDeadline | None,
                                headers: dict[str, str] | None) -> Reply:
        attempt = 0
        while True:
            try:
                return await self._attempt(host, url, max_bytes, page, deadline, headers)
            except FetchError as exc:
                wait = self.retry.delay(exc, attempt)
                if wait is None:
                    raise
                self.retries[self.retry.count_key(exc)] += 1
                logger.info("retrying %s in %.2fs after: %s", url, wait, exc)
                host.defer(wait)
                if deadline is not None:
                    deadline.restart()
            attempt += 1

    async def _attempt(self, host: HostState, url: str, max_bytes: int, page: bool,
                       deadline: UrlDeadline | None,
                       headers: dict[str, str] | None = None) -> Reply:
        async with host.slot():
            if page:
                self._check_given_up(host, url)
            async with self._global:
                started = time.monotonic()      # after the politeness and global waits
                reply = await self.session.get(
                    url, max_bytes=max_bytes, truncate=not page,
                    accept=self._accept if page else None, headers=headers,
                    deadline=deadline.started() if deadline else None)
                reply = dataclasses.replace(reply, seconds=time.monotonic() - started)
        if reply.status == 304:
            raise FetchError(url, "304 Not Modified", reason=FetchOutcome.NOT_MODIFIED)
        if reply.status >= 400 or (300 <= reply.status < 400
                                   and reply.status not in REDIRECT_STATUSES):
            raise HTTPStatusError(url, reply.status, retry_after=reply.retry_after)
        return reply

    async def _load_robots(self, origin: str) -> RobotsPolicy:
        """Fetch and parse ``origin``/robots.txt; never raises (errors -> unavailable)."""
        url = f"{origin}/robots.txt"
        try:
            for _hop in range(ROBOTS_MAX_REDIRECTS + 1):
                host = self.hosts.get(origin_of(url))
                reply = await self._get(host, url, ROBOTS_MAX_BYTES, page=False)
                if reply.status not in REDIRECT_STATUSES or not reply.location:
                    return policy_from_status(reply.status, reply.body)
                url = join_url(url, reply.location)
        except HTTPStatusError as exc:
            return policy_from_status(exc.status, b"")
        except FetchError as exc:
            policy = policy_from_error(origin, exc)
            logger.warning("not crawling %s this run (%s): %s", origin, policy.reason,
                           policy.unavailable)
            return policy
        logger.info("robots.txt of %s redirects too often: allowing all", origin)
        return ALLOW_ALL
