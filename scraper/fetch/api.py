"""Fetch http(s) URLs politely and safely: the scraper's public entry point.

Public interface::

    settings = FetchSettings(allow_hosts=frozenset({"127.0.0.1"}))   # defaults are polite
    for result in fetch_urls(enumerate(urls), settings):
        ...   # RawPage (outcome ok) or Failure(stage="fetch", reason=<outcome>, message)

- :class:`FetchSettings`: every knob, frozen; defaults suit crawling real news sites.
- :func:`fetch_urls`: a synchronous generator over ``(index, url)`` pairs. It yields exactly
  one result per input, in completion order, and never raises for a per-URL problem. Results are
  RawPage (``url`` = final URL after redirects, ``content_type`` = header, ``body`` = decompressed
  bytes, ``is_text`` for text/plain) or Failure whose ``reason`` is a value of
  :class:`newsclean.outcomes.FetchOutcome` (the closed set, each value documented there).

Inside, one asyncio loop runs in a background thread with one ``httpx.AsyncClient``
(:mod:`newsclean.scraper.fetch.transport`), the SSRF guard in its transport
(:mod:`newsclean.scraper.fetch.guard`), bounded decoding
(:mod:`newsclean.scraper.fetch.content_encoding`), robots.txt
(:mod:`newsclean.scraper.fetch.robots`) and per-host politeness
(:mod:`newsclean.scraper.fetch.politeness`), orchestrated by :mod:`newsclean.scraper.fetch.core`.
``items`` is consumed lazily with a bounded number of URLs in flight and results go through a
bounded queue, so memory does not grow with the length of the list. Given a :class:`SharedCore`
(see :attr:`newsclean.scraper.fetch.client.FetchClient.core`), ``fetch_urls`` runs on that loop
instead, with the run's robots.txt cache and per-host state.

Safety: private, loopback, link-local, CGNAT, multicast and reserved addresses are
refused on every connection, including each redirect hop, unless the host or IP is in
``allow_hosts`` (tests and the benchmark use ``{"127.0.0.1"}``). TLS is always verified.
Proxy variables are ignored unless ``trust_env`` is set; through a proxy the guard vets
the proxy's address, not the target's, so keep ``trust_env`` off for untrusted URL lists.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import threading
from collections.abc import Callable, Coroutine, Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from newsclean.records import Failure, RawPage
from newsclean.scraper.fetch.core import Fetcher
from newsclean.scraper.fetch.transport import HttpSession, SessionConfig

logger = logging.getLogger(__name__)

Result = RawPage | Failure


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits and politeness for one run. See the module docstring for the safety rules."""

    user_agent: str = "newsclean/0.1 (+https://github.com/newsclean/newsclean)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0          # hard deadline per request, incl. body
    max_bytes: int = 10_000_000           # after decompression
    max_redirects: int = 5
    global_concurrency: int = 16
    per_host_concurrency: int = 1
    per_host_delay: float = 1.0           # seconds between requests to one host
    retries: int = 2
    backoff_base: float = 0.5
    retry_after_cap: float = 30.0
    respect_robots: bool = True
    crawl_delay_cap: float = 30.0         # above this the host is skipped with a reason
    host_failure_limit: int = 5           # consecutive failures before a host is given up
    allow_hosts: frozenset[str] = frozenset()   # hosts/IPs exempt from the address guard
    accept_text_plain: bool = False
    accept_types: frozenset[str] = frozenset()  # more media types to accept (feeds,
    #                                             sitemaps: see newsclean.scraper.fetch.client)
    trust_env: bool = False               # proxies from env only when True
    resolver: Callable[[str, int], list[str]] | None = None  # injectable DNS (tests)

    def session_config(self) -> SessionConfig:
        return SessionConfig(
            user_agent=self.user_agent, connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout, total_timeout=self.total_timeout,
            max_connections=self.global_concurrency, allow_hosts=self.allow_hosts,
            trust_env=self.trust_env, resolver=self.resolver)

    @property
    def window(self) -> int:
        """How many URLs may be in flight (fetching or waiting for their host)."""
        return max(64, self.global_concurrency * 8)


@dataclass(frozen=True, slots=True)
class SharedCore:
    """A run's fetching core, kept open by its owner: an event loop running in another
    thread and the :class:`Fetcher` bound to it (session, robots cache, host state)."""

    loop: asyncio.AbstractEventLoop
    fetcher: Fetcher


def fetch_urls(items: Iterable[tuple[int, str]], settings: FetchSettings, *,
               on_result: Callable[[Result], None] | None = None,
               core: SharedCore | None = None) -> Generator[Result, None, None]:
    """Fetch (index, url) pairs; yield one RawPage (ok) or Failure(stage="fetch",
    reason=<outcome>, message) per input, in completion order.

    Consumes ``items`` lazily (in the background thread) with a bounded number in flight.
    ``on_result`` is called with each result just before it is yielded. Closing the
    generator early stops the background work cleanly. Without ``core`` the call has its
    own loop, session, robots cache and host state; with it, pages are fetched on
    ``core``'s loop through ``core.fetcher.with_settings(settings)`` (the owner must keep
    the core open until this generator is exhausted or closed).
    """
    bridge = _Bridge(items, settings, core)
    bridge.start()
    try:
        for result in bridge.results():
            if on_result is not None:
                on_result(result)
            yield result
    finally:
        bridge.stop()


class _Done:
    """End of results; carries the error if the core itself failed."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error


class _Bridge:
    """Runs the asyncio core in a thread and hands results over a bounded queue."""

    def __init__(self, items: Iterable[tuple[int, str]], settings: FetchSettings,
                 core: SharedCore | None = None) -> None:
        self._items = items
        self._settings = settings
        self._core = core
        self._future: concurrent.futures.Future[None] | None = None
        self._out: queue.Queue[Result | _Done] = queue.Queue(maxsize=settings.window)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="newsclean-fetch", daemon=True)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._main: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._core is None:
            self._thread.start()
        else:
            fetcher = self._core.fetcher.with_settings(self._settings)
            self._future = asyncio.run_coroutine_threadsafe(self._serve(fetcher),
                                                            self._core.loop)

    def results(self) -> Iterator[Result]:
        while True:
            item = self._next()
            if isinstance(item, _Done):
                if item.error is not None:
                    raise RuntimeError("fetch core failed") from item.error
                return
            yield item

    def _next(self) -> Result | _Done:
        """The next queued item; on a shared loop, also notice a task that ended without
        handing over its end (cancelled by the loop's owner)."""
        if self._future is None:
            return self._out.get()
        while True:
            try:
                return self._out.get(timeout=0.1)
            except queue.Empty:
                if self._future.done() and self._out.empty():
                    if self._future.cancelled():
                        return _Done(RuntimeError("shared fetch core was closed"))
                    return _Done(self._future.exception())

    def stop(self) -> None:
        """Cancel outstanding work (if any) and wait for the thread to finish."""
        self._stop.set()
        loop, main = self._loop, self._main
        if loop is not None and main is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(main.cancel)
            except RuntimeError:
                logger.debug("fetch loop already closed")
        if self._future is not None:
            if self._core is not None and not self._core.loop.is_closed():
                concurrent.futures.wait([self._future])
        else:
            self._thread.join()

    def _run(self) -> None:
        try:
            asyncio.run(self._amain())
        except BaseException as exc:  # noqa: BLE001 - handed to the consuming thread
            self._put_blocking(_Done(exc))
            return
        self._put_blocking(_Done())

    async def _amain(self) -> None:
        """Own loop (this bridge's thread): own session, robots cache and host state."""
        await self._guarded(self._own_core())

    async def _own_core(self) -> None:
        async with HttpSession(self._settings.session_config()) as session:
            fetcher = Fetcher(self._settings, session)
            try:
                await self._pump(fetcher)
            finally:
                await fetcher.robots.aclose()

    async def _serve(self, fetcher: Fetcher) -> None:
        """Shared loop: pump through the run's ``fetcher``, then hand over the end."""
        error: BaseException | None = None
        try:
            await self._guarded(self._pump(fetcher))
        except Exception as exc:  # noqa: BLE001 - handed to the consuming thread
            error = exc
        await self._hand_over(_Done(error))

    async def _guarded(self, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` as the main task; a stop by the consumer ends it quietly."""
        self._loop = asyncio.get_running_loop()
        self._main = asyncio.current_task()
        if self._stop.is_set():
            work.close()
            return
        try:
            await work
        except asyncio.CancelledError:
            if not self._stop.is_set():
                raise
            logger.debug("fetching stopped early by the consumer")

    async def _pump(self, fetcher: Fetcher) -> None:
        window = asyncio.Semaphore(self._settings.window)
        tasks: set[asyncio.Task[None]] = set()
        try:
            for index, url in self._items:
                await window.acquire()
                task = asyncio.create_task(self._one(fetcher, index, url, window))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            while tasks:
                await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _one(self, fetcher: Fetcher, index: int, url: str,
                   window: asyncio.Semaphore) -> None:
        try:
            await self._hand_over(await fetcher.fetch(index, url))
        finally:
            window.release()

    async def _hand_over(self, item: Result | _Done) -> None:
        """Queue ``item`` for the consumer without blocking the loop."""
        try:
            self._out.put_nowait(item)
        except queue.Full:
            await asyncio.to_thread(self._put_blocking, item)

    def _put_blocking(self, item: Result | _Done) -> None:
        """Put, waiting for the consumer, unless it has gone away (then drop)."""
        while True:
            try:
                self._out.put(item, timeout=0.1)
                return
            except queue.Full:
                if self._stop.is_set():
                    return
