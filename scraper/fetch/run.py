"""The synchronous face of the fetcher: one run, one event-loop thread, one session.

Public interface::

    with FetchRun(settings) as fetching:             # nothing starts before first use
        doc = fetching.fetch_source(feed_url)        # one feed, sitemap or home page
        sitemaps = fetching.robots_sitemaps(url)     # Sitemap: lines of url's robots.txt
        for result in fetching.fetch_pages(enumerate(urls)):
            ...   # RawPage (outcome ok) or Failure(stage="fetch", reason=<outcome>, message)

    for result in fetch_urls(enumerate(urls), settings):   # a run that only fetches pages
        ...

A :class:`FetchRun` starts, on first use, one asyncio loop in a background thread with one
``httpx.AsyncClient`` (:mod:`newsclean.scraper.fetch.transport`) and one
:class:`~newsclean.scraper.fetch.core.Fetcher`: the SSRF guard in its transport
(:mod:`newsclean.scraper.fetch.guard`), bounded decoding
(:mod:`newsclean.scraper.fetch.content_encoding`), robots.txt
(:mod:`newsclean.scraper.fetch.robots`), per-host politeness
(:mod:`newsclean.scraper.fetch.politeness`) and retries (:mod:`newsclean.scraper.fetch.retry`).
Every request of the run goes through that Fetcher, so robots.txt is fetched once per host
and the per-host delay, Crawl-delay, failure count and give-up span the whole run: the
discovery requests and the pages that follow. Retries are counted per reason in
:attr:`FetchRun.retries` (``retry/timeout``, ``retry/http_503``, ...).

- :meth:`FetchRun.fetch_source`: one document, its bytes back before the next request is
  known (a sitemap index lists its children), read with
  :func:`~newsclean.scraper.fetch.settings.source_settings` (feed and sitemap types,
  50 MB). Thread-safe, like :meth:`FetchRun.robots_sitemaps`: callers may resolve several
  sources in parallel threads.
- :meth:`FetchRun.fetch_pages`: a generator over ``(index, url)`` pairs read with the page
  rules of ``settings``. It yields exactly one result per input, in completion order, and
  never raises for a per-URL problem. ``items`` is consumed lazily (in the loop thread) with
  at most ``settings.window`` URLs in flight, and results go through a bounded queue, so
  memory does not grow with the length of the list. Closing it early stops its work
  cleanly and leaves the run usable.
- :meth:`FetchRun.cancel` (an interrupt: Ctrl-C, SIGTERM): cancels every request in flight
  on the loop, whichever thread waits for it, and refuses new ones. A thread waiting in
  ``fetch_source`` or ``robots_sitemaps`` gets :class:`FetchCancelled` at once, page streams
  stop; the run then only closes. :meth:`FetchRun.close` does the same for what is still in
  flight, so no thread is left waiting on a stopped loop.

Results are RawPage (``url`` = final URL after redirects, ``content_type`` = header,
``body`` = decompressed bytes, ``is_text`` for text/plain) or Failure whose ``reason`` is a
value of :class:`newsclean.outcomes.FetchOutcome` (the closed set, each value documented
there).

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
from collections import Counter
from collections.abc import Callable, Coroutine, Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from newsclean.errors import FetchError
from newsclean.records import Failure, RawPage
from newsclean.scraper.fetch.core import Fetcher
from newsclean.scraper.fetch.settings import FetchSettings, source_settings
from newsclean.scraper.fetch.transport import HttpSession, origin_of, parse_url
from newsclean.urls import absolute_url, unique

logger = logging.getLogger(__name__)

Result = RawPage | Failure
T = TypeVar("T")
THREAD_NAME = "newsclean-fetch"


class FetchCancelled(BaseException):  # noqa: N818 - named like asyncio.CancelledError
    """The run was cancelled (:meth:`FetchRun.cancel`, an interrupt) while this call waited
    or before it began. A BaseException, like ``asyncio.CancelledError``, so that no per-source
    boundary (``except Exception``) turns the stop into a failure row."""


def fetch_urls(items: Iterable[tuple[int, str]], settings: FetchSettings, *,
               on_result: Callable[[Result], None] | None = None
               ) -> Generator[Result, None, None]:
    """A run that only fetches pages: :meth:`FetchRun.fetch_pages` of a run of its own."""
    with FetchRun(settings) as fetching:
        yield from fetching.fetch_pages(items, on_result=on_result)


class FetchRun:
    """The fetcher of one run; use as ``with FetchRun(settings) as fetching``."""

    def __init__(self, settings: FetchSettings, *, retries: Counter[str] | None = None) -> None:
        self.settings = settings
        #: retries of this run per reason (``retry/<reason>``), updated as they happen
        self.retries: Counter[str] = Counter() if retries is None else retries
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._session: HttpSession | None = None
        self._pages: Fetcher | None = None
        self._sources: Fetcher | None = None
        self._streams: set[_PageStream] = set()
        self._calls: set[concurrent.futures.Future[Any]] = set()   # _call's, in flight
        self._cancelled = False
        self._closed = False

    def __enter__(self) -> FetchRun:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def fetch_source(self, url: str) -> Result:
        """Fetch one feed, sitemap or home page: a RawPage (``url`` is the final URL) or
        Failure(stage="fetch", reason=<outcome>). Never raises for a per-URL problem."""
        return self._call(self._started().sources.fetch(0, url))

    def robots_sitemaps(self, url: str) -> list[str]:
        """Absolute ``Sitemap:`` URLs of the robots.txt of ``url``'s origin (cached per run;
        empty when robots.txt is missing, unavailable or has none)."""
        try:
            origin = origin_of(parse_url(url))
        except FetchError:
            return []
        policy = self._call(self._started().pages.robots.policy(origin))
        found = (absolute_url(raw, f"{origin}/robots.txt") for raw in policy.sitemaps())
        return unique([found_url for found_url in found if found_url])

    def fetch_pages(self, items: Iterable[tuple[int, str]], *,
                    on_result: Callable[[Result], None] | None = None
                    ) -> Generator[Result, None, None]:
        """Fetch (index, url) pairs; yield one RawPage (ok) or Failure(stage="fetch",
        reason=<outcome>, message) per input, in completion order (see the module).
        ``on_result`` is called with each result just before it is yielded."""
        started = self._started()
        stream = _PageStream(items, self.settings.window, started.loop)
        self._streams.add(stream)
        stream.start(started.pages)
        try:
            for result in stream.results():
                if on_result is not None:
                    on_result(result)
                yield result
        finally:
            stream.stop()
            self._streams.discard(stream)

    def cancel(self) -> None:
        """Cancel every request in flight, from any thread, and refuse new ones: waiting
        callers get :class:`FetchCancelled` at once and page streams stop (see the module).
        For an interrupt; :meth:`close` still follows."""
        with self._lock:
            self._cancelled = True
            calls = list(self._calls)
        for future in calls:
            future.cancel()
        for stream in list(self._streams):
            stream.stop()

    def close(self) -> None:
        """Cancel what is still in flight, close the session and stop the loop thread (if
        the run ever started)."""
        self.cancel()
        with self._lock:
            self._closed = True
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._aclose(loop), loop).result()
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()

    def _started(self) -> _Started:
        """The run's loop and Fetchers, starting the loop thread on first use."""
        with self._lock:
            if self._closed:
                raise RuntimeError("FetchRun used after it was closed")
            if self._loop is None:
                self._start()
            if self._loop is None or self._pages is None or self._sources is None:
                raise RuntimeError("FetchRun did not start")
            return _Started(self._loop, self._pages, self._sources)

    def _start(self) -> None:
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name=THREAD_NAME, daemon=True)
        thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self._open(), loop).result()
        except BaseException:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()
            raise
        self._loop, self._thread = loop, thread

    async def _open(self) -> None:
        self._session = HttpSession(self.settings.session_config())
        self._pages = Fetcher(self.settings, self._session, self.retries)
        self._sources = self._pages.with_settings(source_settings(self.settings))

    async def _aclose(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._pages is not None:
            await self._pages.robots.aclose()
        if self._session is not None:
            await self._session.__aexit__(None, None, None)
        self._pages = self._sources = self._session = None
        await loop.shutdown_default_executor()

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on the run's loop and wait for it; FetchCancelled when the run is
        cancelled meanwhile; cancelled itself when this thread is interrupted."""
        with self._lock:
            if self._cancelled or self._loop is None:
                coro.close()
                raise FetchCancelled("the fetch run was cancelled")
            future = asyncio.run_coroutine_threadsafe(coro, self._loop)
            self._calls.add(future)
        try:
            return future.result()
        except concurrent.futures.CancelledError:
            if self._cancelled:
                raise FetchCancelled("the fetch run was cancelled") from None
            raise
        except BaseException:
            future.cancel()
            raise
        finally:
            with self._lock:
                self._calls.discard(future)


@dataclass(frozen=True, slots=True)
class _Started:
    """A started run: its loop, and its Fetchers for pages and for sources (one run
    state: ``sources`` is ``pages.with_settings(source_settings(...))``)."""

    loop: asyncio.AbstractEventLoop
    pages: Fetcher
    sources: Fetcher


class _Done:
    """End of results; carries the error if the pump itself failed."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error


class _PageStream:
    """One :meth:`FetchRun.fetch_pages` call: a pump task on the run's loop feeding a
    bounded queue that the consuming thread reads."""

    def __init__(self, items: Iterable[tuple[int, str]], window: int,
                 loop: asyncio.AbstractEventLoop) -> None:
        self._items = items
        self._window = window
        self._loop = loop
        self._out: queue.Queue[Result | _Done] = queue.Queue(maxsize=window)
        self._stop = threading.Event()
        self._main: asyncio.Task[None] | None = None
        self._future: concurrent.futures.Future[None] | None = None

    def start(self, fetcher: Fetcher) -> None:
        self._future = asyncio.run_coroutine_threadsafe(self._serve(fetcher), self._loop)

    def results(self) -> Iterator[Result]:
        while True:
            item = self._next()
            if isinstance(item, _Done):
                if item.error is not None:
                    raise RuntimeError("fetch core failed") from item.error
                return
            yield item

    def _next(self) -> Result | _Done:
        """The next queued item; also notice a pump that ended without handing over its
        end (its loop was stopped under it)."""
        assert self._future is not None
        while True:
            try:
                return self._out.get(timeout=0.1)
            except queue.Empty:
                if self._future.done() and self._out.empty():
                    if self._future.cancelled():
                        return _Done(RuntimeError("the fetch run was closed"))
                    return _Done(self._future.exception())

    def stop(self) -> None:
        """Cancel outstanding work (if any) and wait until the pump has finished."""
        self._stop.set()
        if self._loop.is_closed() or self._future is None:
            return
        self._loop.call_soon_threadsafe(self._cancel)
        concurrent.futures.wait([self._future])

    def _cancel(self) -> None:
        if self._main is not None:
            self._main.cancel()

    async def _serve(self, fetcher: Fetcher) -> None:
        """Pump through ``fetcher``, then hand over the end; a stop ends it quietly."""
        self._main = asyncio.current_task()
        error: BaseException | None = None
        if self._stop.is_set():
            return
        try:
            await self._pump(fetcher)
        except asyncio.CancelledError:
            if not self._stop.is_set():
                raise
            logger.debug("fetching stopped early by the consumer")
            return
        except Exception as exc:  # noqa: BLE001 - handed to the consuming thread
            error = exc
        await self._hand_over(_Done(error))

    async def _pump(self, fetcher: Fetcher) -> None:
        window = asyncio.Semaphore(self._window)
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
