"""A guarded, polite fetcher kept open for a whole run: discovery, then the pages.

:func:`newsclean.scraper.fetch.api.fetch_urls` streams many pages in completion order. Discovery
needs the opposite: one document at a time, its bytes back before the next request is known (a
sitemap index lists its children). :class:`FetchClient` keeps one event loop thread, one
:class:`~newsclean.scraper.fetch.transport.HttpSession` and one
:class:`~newsclean.scraper.fetch.core.Fetcher` open for the run, so robots.txt is fetched once per
host and the per-host delay, Crawl-delay, failure count and give-up span every request of the run:
the discovery requests and, through :attr:`FetchClient.core`, the page fetching that follows. It
is the same core as ``fetch_urls``: SSRF guard, robots, politeness, retries, limits and the closed
set of outcomes. :meth:`~FetchClient.fetch` and :meth:`~FetchClient.robots_sitemaps` are
thread-safe (callers may resolve several sources in parallel threads)::

    with FetchClient(source_settings(settings)) as client:
        result = client.fetch(url)              # RawPage or Failure(stage="fetch")
        sitemaps = client.robots_sitemaps(url)  # Sitemap: lines of url's robots.txt
        for page in fetch_urls(pairs, settings, core=client.core):
            ...                                 # the same robots cache and host state
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from newsclean.errors import FetchError
from newsclean.records import Failure, RawPage
from newsclean.scraper.discovery.sourcekit import absolute_url, unique
from newsclean.scraper.fetch.api import FetchSettings, SharedCore
from newsclean.scraper.fetch.core import Fetcher
from newsclean.scraper.fetch.transport import HttpSession, origin_of, parse_url

T = TypeVar("T")

#: media types a feed or sitemap is served with, in the wild (HTML is always accepted)
SOURCE_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml",
    "application/feed+json", "application/json", "application/xml", "text/xml",
    "application/x-gzip", "application/gzip", "application/octet-stream", "text/plain",
})
#: cap on one feed or sitemap document (the sitemap protocol's own 50 MB limit)
SOURCE_MAX_BYTES = 50_000_000


def source_settings(settings: FetchSettings) -> FetchSettings:
    """``settings`` for feed, sitemap and home-page requests: the same politeness and
    safety, feed and sitemap content types accepted, documents up to 50 MB."""
    return dataclasses.replace(settings, accept_types=settings.accept_types | SOURCE_TYPES,
                               max_bytes=max(settings.max_bytes, SOURCE_MAX_BYTES))


class FetchClient:
    """The fetcher of one run; use as ``with FetchClient(settings) as c``."""

    def __init__(self, settings: FetchSettings) -> None:
        self._settings = settings
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever,
                                        name="newsclean-discover", daemon=True)
        self._session: HttpSession | None = None
        self._fetcher: Fetcher | None = None

    def __enter__(self) -> FetchClient:
        self._thread.start()
        try:
            self._call(self._open())
        except BaseException:
            self._stop_loop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            self._call(self._close())
        finally:
            self._stop_loop()

    def fetch(self, url: str) -> RawPage | Failure:
        """Fetch one URL: a RawPage (``url`` is the final URL) or Failure(stage="fetch",
        reason=<outcome>). Never raises for a per-URL problem."""
        return self._call(self._fetcher_or_fail().fetch(0, url))

    def robots_sitemaps(self, url: str) -> list[str]:
        """Absolute ``Sitemap:`` URLs of the robots.txt of ``url``'s origin (cached per run;
        empty when robots.txt is missing, unavailable or has none)."""
        try:
            origin = origin_of(parse_url(url))
        except FetchError:
            return []
        policy = self._call(self._fetcher_or_fail().robots.policy(origin))
        found = (absolute_url(raw, f"{origin}/robots.txt") for raw in policy.sitemaps())
        return unique([found_url for found_url in found if found_url])

    @property
    def core(self) -> SharedCore:
        """This client's loop and Fetcher, for ``fetch_urls(..., core=client.core)``: pages
        fetched with the run's robots cache and host state (keep the client open until
        that generator is exhausted or closed)."""
        return SharedCore(self._loop, self._fetcher_or_fail())

    def _fetcher_or_fail(self) -> Fetcher:
        if self._fetcher is None:
            raise RuntimeError("FetchClient used outside its 'with' block")
        return self._fetcher

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on the client's loop and wait for it (cancelled on interrupt)."""
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        try:
            return future.result()
        except BaseException:
            future.cancel()
            raise

    async def _open(self) -> None:
        self._session = HttpSession(self._settings.session_config())
        self._fetcher = Fetcher(self._settings, self._session)

    async def _close(self) -> None:
        if self._fetcher is not None:
            await self._fetcher.robots.aclose()
        if self._session is not None:
            await self._session.__aexit__(None, None, None)
        self._fetcher = self._session = None

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()
