"""Per-host politeness: concurrency, minimum delay between requests, deferral, giving up.

A :class:`HostState` exists per origin for one run. :meth:`HostState.slot` admits at most
``per_host_concurrency`` requests at a time and spaces their *starts* at least ``delay``
seconds apart (the larger of ``per_host_delay`` and robots.txt's Crawl-delay).
:meth:`HostState.defer` pushes the next start back (the wait before a retry, decided by
:mod:`newsclean.scraper.fetch.retry`), and
consecutive failures past ``failure_limit`` give the host up for the run.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

logger = logging.getLogger(__name__)


class HostState:
    """Politeness bookkeeping of one origin (used from the event loop thread only)."""

    def __init__(self, origin: str, concurrency: int, delay: float, failure_limit: int):
        self.origin = origin
        self.delay = delay
        self.failure_limit = failure_limit
        self.failures = 0
        self.given_up: str | None = None
        self._semaphore = asyncio.Semaphore(max(1, concurrency))
        self._next_start = 0.0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the host's request slots, after waiting for its turn."""
        async with self._semaphore:
            await self._wait_turn()
            yield

    async def _wait_turn(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            start = max(now, self._next_start)
            if start <= now:
                self._next_start = now + self.delay
                return
            await asyncio.sleep(start - now)   # may have been deferred meanwhile: re-check

    def defer(self, seconds: float) -> None:
        """Start no request to this host for ``seconds`` from now."""
        now = asyncio.get_running_loop().time()
        self._next_start = max(self._next_start, now + seconds)

    def set_crawl_delay(self, seconds: float | None) -> None:
        if seconds is not None and seconds > self.delay:
            logger.info("%s: honouring Crawl-delay %.1fs", self.origin, seconds)
            self.delay = seconds

    def record_success(self) -> None:
        self.failures = 0

    def record_failure(self, message: str) -> None:
        """Count a failure; the ``failure_limit``-th in a row gives the host up."""
        self.failures += 1
        if self.failures >= self.failure_limit and self.given_up is None:
            self.given_up = f"{self.failures} consecutive failures, last: {message}"
            logger.warning("giving up %s for this run: %s", self.origin, self.given_up)


class Hosts:
    """The HostState of every origin seen in the run, created on first use."""

    def __init__(self, concurrency: int, delay: float, failure_limit: int) -> None:
        self._concurrency = concurrency
        self._delay = delay
        self._failure_limit = failure_limit
        self._states: dict[str, HostState] = {}

    def get(self, origin: str) -> HostState:
        state = self._states.get(origin)
        if state is None:
            state = HostState(origin, self._concurrency, self._delay, self._failure_limit)
            self._states[origin] = state
        return state

