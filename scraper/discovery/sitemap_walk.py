"""Walk a sitemap index and its children with caps, through a caller-given fetch function.

Pure logic: the caller passes ``get(url) -> bytes`` (the real fetcher, with its own
politeness, size and SSRF limits, or a dict lookup in tests). The walk is breadth-first
and bounded by nesting depth, number of sitemaps read and total URLs; a visited set stops
cycles (an index that lists itself). With ``since`` set, an index's children whose
``<lastmod>`` is before ``since`` are not read: nothing in them changed after the cutoff,
so none of their URLs could be selected (children without a lastmod are read). Every
sitemap that is not read says why, and the result says why the walk stopped.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urldefrag

from newsclean.dates import as_utc
from newsclean.errors import FeedError, NewscleanError
from newsclean.scraper.discovery.sitemaps import (
    MAX_SITEMAP_BYTES,
    SitemapChild,
    SitemapUrl,
    parse_sitemap,
)

#: why a walk stopped
STOP_DONE = "done"                    # every reachable sitemap was read or skipped
STOP_MAX_URLS = "max_urls"            # the total URL cap was reached
STOP_MAX_SITEMAPS = "max_sitemaps"    # the cap on sitemaps read was reached
#: why one sitemap was not read (or read only in part)
SKIP_VISITED = "visited"              # already read in this walk: a cycle or a repeat
SKIP_MAX_DEPTH = "max_depth"          # nested deeper than ``max_depth`` below the root
SKIP_NOT_READ = "not_read"            # still queued when a cap stopped the walk
SKIP_FETCH_ERROR = "fetch_error"      # ``get`` raised a NewscleanError (e.g. FetchError)
SKIP_UNCHANGED = "unchanged"          # index lastmod before ``since``: nothing new in it


@dataclass(frozen=True, slots=True)
class SkippedSitemap:
    """A sitemap the walk did not read. ``reason`` is a ``SKIP_*`` value or a FeedError
    reason (``unsafe_xml``, ``too_large``, ``malformed``, ``not_a_sitemap``)."""

    url: str
    reason: str
    message: str = ""


@dataclass(frozen=True, slots=True)
class WalkResult:
    """URLs found (in walk order, without repeats), sitemaps read and skipped, and why
    the walk stopped (``STOP_*``)."""

    urls: list[SitemapUrl] = field(default_factory=list)
    read: list[str] = field(default_factory=list)
    skipped: list[SkippedSitemap] = field(default_factory=list)
    stop_reason: str = STOP_DONE

    def reason_counts(self) -> dict[str, int]:
        """Skipped sitemaps counted per reason, for the run summary."""
        return dict(Counter(skip.reason for skip in self.skipped))


@dataclass(slots=True)
class SitemapWalker:
    """Breadth-first walk of a sitemap (index) tree.

    ``max_depth`` is how many index levels may sit below the root (0: read the root only).
    ``since`` (None: read every child) skips children whose index lastmod is before it.
    """

    get: Callable[[str], bytes]
    max_depth: int = 3
    max_sitemaps: int = 1_000
    max_urls: int = 500_000
    max_bytes: int = MAX_SITEMAP_BYTES
    since: datetime | None = None

    def walk(self, root_url: str) -> WalkResult:
        """Read ``root_url`` and every child it leads to, within the caps.

        Only :class:`~newsclean.errors.NewscleanError` from ``get`` is caught (and recorded
        as ``fetch_error``); any other exception is a bug and propagates.
        """
        state = _WalkState()
        queue: deque[tuple[str, int]] = deque([(root_url, 0)])
        stop = STOP_DONE
        while queue:
            url, depth = queue.popleft()
            key = urldefrag(url).url
            if key in state.visited:
                state.skipped.append(SkippedSitemap(url, SKIP_VISITED, "already read"))
                continue
            if len(state.read) >= self.max_sitemaps:
                stop = STOP_MAX_SITEMAPS
                queue.appendleft((url, depth))
                break
            state.visited.add(key)
            queue.extend((child, depth + 1) for child in self._read_one(url, depth, state))
            if len(state.urls) >= self.max_urls:
                stop = STOP_MAX_URLS
                break
        state.skipped.extend(SkippedSitemap(url, SKIP_NOT_READ, stop) for url, _ in queue)
        return WalkResult(list(state.urls.values()), state.read, state.skipped, stop)

    def _read_one(self, url: str, depth: int, state: _WalkState) -> list[str]:
        """Fetch and parse one sitemap; add its URLs; return the children to queue."""
        try:
            data = self.get(url)
        except NewscleanError as exc:
            state.skipped.append(SkippedSitemap(url, SKIP_FETCH_ERROR, str(exc)))
            return []
        remaining = self.max_urls - len(state.urls)
        try:
            sitemap = parse_sitemap(data, url, max_urls=remaining, max_bytes=self.max_bytes)
        except FeedError as exc:
            state.skipped.append(SkippedSitemap(url, exc.reason, str(exc)))
            return []
        state.read.append(url)
        for entry in sitemap.urls:
            state.urls.setdefault(entry.url, entry)
        children, unchanged = split_unchanged(sitemap.children, self.since)
        state.skipped.extend(unchanged)
        if children and depth >= self.max_depth:
            state.skipped.extend(
                SkippedSitemap(child, SKIP_MAX_DEPTH, f"deeper than {self.max_depth}")
                for child in children)
            return []
        return children


def split_unchanged(children: list[SitemapChild], since: datetime | None
                    ) -> tuple[list[str], list[SkippedSitemap]]:
    """Split an index's children into the URLs to read and the ones skipped because their
    lastmod is strictly before ``since`` (naive: UTC). A child without a lastmod, or any
    child when ``since`` is None, is read. Order is preserved."""
    if since is None:
        return [child.url for child in children], []
    cutoff = as_utc(since)
    keep: list[str] = []
    skipped: list[SkippedSitemap] = []
    for child in children:
        if child.lastmod is not None and as_utc(child.lastmod) < cutoff:
            skipped.append(SkippedSitemap(
                child.url, SKIP_UNCHANGED,
                f"lastmod {child.lastmod.isoformat()} before since {cutoff.isoformat()}"))
        else:
            keep.append(child.url)
    return keep, skipped


@dataclass(slots=True)
class _WalkState:
    """What one walk has gathered so far."""

    urls: dict[str, SitemapUrl] = field(default_factory=dict)
    read: list[str] = field(default_factory=list)
    skipped: list[SkippedSitemap] = field(default_factory=list)
    visited: set[str] = field(default_factory=set)
