"""robots.txt per RFC 9309, parsed with protego, cached per origin for one run.

Status handling: 2xx parses the file (first 500 KiB only); 4xx other than 429 allows
everything; 5xx, 429, a network error, a timeout or a blocked address mean "do not crawl
this host this run" (outcome ``robots_unavailable``). Redirects are followed by the caller
(up to five hops, each one guarded).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from protego import Protego

logger = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 500 * 1024


@dataclass(frozen=True, slots=True)
class RobotsPolicy:
    """What robots.txt says about one origin. ``unavailable`` is set when we may not crawl."""

    rules: Protego | None = None
    unavailable: str | None = None

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
