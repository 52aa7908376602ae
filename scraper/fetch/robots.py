"""robots.txt per RFC 9309, parsed with protego, cached per origin for one run.

Status handling: 2xx parses the file (first 500 KiB only); 4xx other than 429 allows
everything; 5xx and 429 mean "do not crawl this host this run" (outcome
``robots_unavailable``). A host that cannot be reached (a network error, a timeout) or is
refused by the address guard is not crawled either, and its pages say why: ``network_error``
or ``timeout`` ("could not be reached"), ``blocked_address`` (with the ``--allow-host``
hint). Redirects are followed by the caller (up to five hops, each one guarded).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from protego import Protego

from newsclean.errors import FetchError
from newsclean.outcomes import FetchOutcome

logger = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 500 * 1024


@dataclass(frozen=True, slots=True)
class RobotsPolicy:
    """What robots.txt says about one origin. ``unavailable`` is set when we may not crawl,
    and ``reason`` is then the outcome of the origin's pages."""

    rules: Protego | None = None
    unavailable: str | None = None
    reason: FetchOutcome = FetchOutcome.ROBOTS_UNAVAILABLE

    def allows(self, url: str, user_agent: str) -> bool:
        return self.rules is None or bool(self.rules.can_fetch(url, user_agent))

    def sitemaps(self) -> list[str]:
        """The ``Sitemap:`` values of the file, as written (may be relative)."""
        return [] if self.rules is None else [str(url) for url in self.rules.sitemaps]

    def crawl_delay(self, user_agent: str) -> float | None:
        if self.rules is None:
            return None
        delay = self.rules.crawl_delay(user_agent)
        return None if delay is None else float(delay)


ALLOW_ALL = RobotsPolicy()


def policy_from_status(status: int, body: bytes) -> RobotsPolicy:
    """Turn the final robots.txt response into a policy (RFC 9309 section 2.3.1)."""
    if 200 <= status < 300:
        text = body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        return RobotsPolicy(rules=Protego.parse(text))
    if status == 429 or status >= 500:
        return RobotsPolicy(unavailable=f"robots.txt answered HTTP {status}")
    if 400 <= status < 500:
        return ALLOW_ALL
    return RobotsPolicy(unavailable=f"robots.txt answered unexpected HTTP {status}")


#: robots.txt errors that are the host's, not robots.txt's: its pages carry that outcome
_HOST_TROUBLE = frozenset({FetchOutcome.BLOCKED_ADDRESS, FetchOutcome.NETWORK_ERROR,
                           FetchOutcome.TIMEOUT})


def policy_from_error(origin: str, exc: FetchError) -> RobotsPolicy:
    """The policy when robots.txt could not be fetched at all: a blocked or unreachable
    host is reported as such, anything else as ``robots_unavailable``."""
    if exc.reason is FetchOutcome.BLOCKED_ADDRESS:
        return RobotsPolicy(unavailable=str(exc), reason=exc.reason)
    if exc.reason in _HOST_TROUBLE:
        return RobotsPolicy(unavailable=f"{origin} could not be reached: {exc}",
                            reason=exc.reason)
    return RobotsPolicy(unavailable=f"robots.txt unavailable ({exc.reason}): {exc}")


RobotsLoader = Callable[[str], Coroutine[Any, Any, RobotsPolicy]]


class RobotsCache:
    """One policy per origin per run; concurrent callers share a single fetch."""

    def __init__(self, loader: RobotsLoader) -> None:
        self._loader = loader
        self._tasks: dict[str, asyncio.Task[RobotsPolicy]] = {}

    async def policy(self, origin: str) -> RobotsPolicy:
        task = self._tasks.get(origin)
        if task is None:
            task = asyncio.create_task(self._loader(origin), name=f"robots {origin}")
            self._tasks[origin] = task
        return await asyncio.shield(task)

    async def aclose(self) -> None:
        """Cancel robots fetches still running (early shutdown)."""
        pending = [t for t in self._tasks.values() if not t.done()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
