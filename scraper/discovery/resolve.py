"""Resolve one discovery source (a sniffed URL, a feed, a sitemap or a site) into page URLs.

A :class:`Resolver` turns one source into an :class:`Expansion`: the page URLs it leads
to (feed and sitemap entry order, recent ones only when ``since`` is set; a sitemap
index's children whose lastmod is before ``since`` are not even fetched), the page
itself when a sniffed URL turned out to be a page (its bytes are reused, not fetched
again), and one :class:`~newsclean.records.Failure` per feed or sitemap that could not be
read. Every request goes through the run's :class:`~newsclean.scraper.fetch.run.FetchRun`. Indices
are assigned later (``-1`` here) by :mod:`newsclean.scraper.discovery.expand`.

What a URL is:

- ``auto`` (a command-line URL): sniffed from content and Content-Type
  (:func:`newsclean.scraper.discovery.links.sniff_kind`). A feed or sitemap is expanded; a page
  whose path is empty or ``/`` (no query) is a site's home page, any other page is itself a page.
- ``feed`` / ``sitemap``: read as that, whatever the sniffing says.
- ``site``: the home page's ``<link rel="alternate">`` feeds and ``<link rel="sitemap">``
  sitemaps plus the ``Sitemap:`` lines of the host's robots.txt; the articles come from
  all of them (the home page itself is not an article).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal
from urllib.parse import urlsplit

from newsclean.errors import DecodeError, FeedError, FetchError
from newsclean.outcomes import ErrorReason, Stage
from newsclean.records import Failure, RawPage
from newsclean.scraper.decode import decode_bytes
from newsclean.scraper.discovery.feeds import parse_feed
from newsclean.scraper.discovery.links import discover_links, sniff_kind
from newsclean.scraper.discovery.selection import select_recent
from newsclean.scraper.discovery.sitemap_walk import (
    SKIP_FETCH_ERROR,
    SKIP_MAX_DEPTH,
    SKIP_NOT_READ,
    SKIP_UNCHANGED,
    SKIP_VISITED,
    SitemapWalker,
    WalkResult,
)
from newsclean.scraper.fetch.core import accepts, media_type
from newsclean.scraper.fetch.run import FetchRun
from newsclean.urls import unique

logger = logging.getLogger(__name__)

Hint = Literal["auto", "feed", "sitemap", "site"]
STAGE = Stage.DISCOVER


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps per discovery source (on top of the parsers' own byte and entry caps)."""

    max_pages: int = 50_000          # page URLs taken from one feed, sitemap tree or site
    max_sitemaps: int = 200          # sitemap documents read per sitemap tree
    max_depth: int = 3               # index levels below a root sitemap
    max_site_sources: int = 10       # feeds (and, separately, sitemaps) used per site


@dataclass(frozen=True, slots=True)
class PageRef:
    """A page URL found by a source; ``found_by`` is the feed or sitemap that listed it."""

    url: str
    found_by: str


@dataclass(frozen=True, slots=True)
class Expansion:
    """What one source resolved to: page URLs, a page to reuse, failures (index -1)."""

    pages: tuple[PageRef, ...] = ()
    page: RawPage | None = None
    failures: tuple[Failure, ...] = ()

    def __add__(self, other: Expansion) -> Expansion:
        return Expansion(self.pages + other.pages, self.page or other.page,
                         self.failures + other.failures)


def is_home_url(url: str) -> bool:
    """A site's home page: path empty or ``/`` and no query string."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def _failure(source: str, kind: str, message: str, stage: Stage = STAGE) -> Expansion:
    return Expansion(failures=(Failure(-1, source, stage, kind, message),))


@dataclass
class Resolver:
    """Resolves sources through ``fetching``; its page settings decide if a sniffed page
    would have been accepted by the page fetcher (content type, size)."""

    fetching: FetchRun
    since: datetime | None = None
    limits: Limits = field(default_factory=Limits)

    def resolve(self, url: str, hint: Hint) -> Expansion:
        """Fetch ``url`` and expand it as ``hint`` says; never raises for a per-URL problem."""
        result = self.fetching.fetch_source(url)
        if isinstance(result, Failure):
            stage = Stage.FETCH if hint == "auto" and not is_home_url(url) else STAGE
            return _failure(url, result.reason, result.message, stage)
        if hint == "feed":
            return self._feed(url, result)
        if hint == "sitemap":
            return self._sitemap(url, result)
        if hint == "site":
            return self._site(url, result)
        return self._auto(url, result)

    def _auto(self, url: str, page: RawPage) -> Expansion:
        kind = sniff_kind(page.body, page.content_type)
        logger.info("%s is a %s", url, kind)
        if kind == "feed":
            return self._feed(url, page)
        if kind in ("sitemap", "sitemap_index"):
            return self._sitemap(url, page)
        if kind == "page" and is_home_url(url):
            return self._site(url, page)
        return self._as_page(url, page)

    def _as_page(self, url: str, page: RawPage) -> Expansion:
        """Reuse the sniffed bytes as the page, if the page fetcher would have taken them."""
        if not accepts(page.content_type, self.fetching.settings):
            return _failure(url, "bad_content_type", f"content type {page.content_type!r} "
                            "is neither a page, a feed nor a sitemap", stage=Stage.FETCH)
        if len(page.body) > self.fetching.settings.max_bytes:
            return _failure(url, "too_large", f"page over {self.fetching.settings.max_bytes} "
                            "bytes", stage=Stage.FETCH)
        is_text = media_type(page.content_type) == "text/plain"
        return Expansion(page=replace(page, source=url, is_text=is_text))

    def _feed(self, url: str, page: RawPage) -> Expansion:
        base = page.url or url
        try:
            entries = parse_feed(page.body, base, max_entries=self.limits.max_pages)
        except FeedError as exc:
            return _failure(url, exc.reason, f"feed: {exc}")
        selected = select_recent(entries, self.since) if self.since else entries
        logger.info("feed %s: %d entries, %d selected", url, len(entries), len(selected))
        return Expansion(pages=tuple(PageRef(entry.url, url) for entry in selected))

    def _sitemap(self, url: str, page: RawPage) -> Expansion:
        fetched = _SitemapGetter(self.fetching, {url: page.body})
        walker = SitemapWalker(fetched.get, max_depth=self.limits.max_depth,
                               max_sitemaps=self.limits.max_sitemaps,
                               max_urls=self.limits.max_pages, since=self.since)
        walk = walker.walk(url)
        selected = select_recent(walk.urls, self.since) if self.since else walk.urls
        unchanged = walk.reason_counts().get(SKIP_UNCHANGED, 0)
        logger.info("sitemap %s: %d sitemaps read, %d unchanged since the cutoff not read, "
                    "%d URLs, %d selected (%s)", url, len(walk.read), unchanged,
                    len(walk.urls), len(selected), walk.stop_reason)
        pages = tuple(PageRef(entry.url, url) for entry in selected)
        return Expansion(pages=pages, failures=_walk_failures(url, walk, fetched.outcomes))

    def _site(self, url: str, page: RawPage) -> Expansion:
        base = page.url or url
        try:
            html, _encoding = decode_bytes(page.body, page.content_type)
        except DecodeError as exc:
            logger.info("home page %s not decoded (%s): robots.txt sitemaps only", url, exc)
            html = ""
        links = discover_links(html, base)
        cap = self.limits.max_site_sources
        feeds = links.feeds[:cap]
        sitemaps = unique(links.sitemaps + self.fetching.robots_sitemaps(base))[:cap]
        logger.info("site %s: feeds %s, sitemaps %s", url, feeds, sitemaps)
        if not feeds and not sitemaps:
            return _failure(url, "no_sources", "no <link rel=alternate> feed and no sitemap "
                            "(page links or robots.txt Sitemap: lines) found")
        expansion = Expansion()
        for source in feeds:
            expansion += self.resolve(source, "feed")
        for source in sitemaps:
            expansion += self.resolve(source, "sitemap")
        return expansion


@dataclass
class _SitemapGetter:
    """The walker's ``get``: bytes already fetched first, then the run's fetcher; a failed fetch
    raises FetchError and its outcome is kept for the Failure row."""

    fetching: FetchRun
    ready: dict[str, bytes]
    outcomes: dict[str, str] = field(default_factory=dict)

    def get(self, url: str) -> bytes:
        if url in self.ready:
            return self.ready.pop(url)
        result = self.fetching.fetch_source(url)
        if isinstance(result, Failure):
            self.outcomes[url] = result.reason
            raise FetchError(url, result.message, reason=result.reason)
        return result.body


def _walk_failures(root: str, walk: WalkResult, outcomes: dict[str, str]
                   ) -> tuple[Failure, ...]:
    """One Failure per sitemap that could not be read, and one counted Failure for the
    children left unread by the caps (cycles and children unchanged since the cutoff are
    only logged)."""
    failures = []
    capped = [s for s in walk.skipped if s.reason in (SKIP_MAX_DEPTH, SKIP_NOT_READ)]
    if capped:
        reasons = ", ".join(sorted({f"{s.reason} {s.message}" for s in capped}))
        message = (f"sitemap: {len(capped)} child sitemaps not read, over the walk's caps "
                   f"({reasons}); first: {capped[0].url}")
        logger.warning("%s: %s", root, message)
        failures.append(Failure(-1, root, STAGE, ErrorReason.SITEMAP_CAP, message))
    for skipped in walk.skipped:
        if skipped.reason == SKIP_VISITED:
            logger.debug("sitemap %s listed again: not read twice", skipped.url)
        elif skipped.reason == SKIP_UNCHANGED:
            logger.debug("sitemap %s not read: %s", skipped.url, skipped.message)
        elif skipped.reason == SKIP_FETCH_ERROR:
            kind = outcomes.get(skipped.url, "network_error")
            failures.append(Failure(-1, skipped.url, STAGE, kind, f"sitemap: {skipped.message}"))
        elif skipped.reason not in (SKIP_MAX_DEPTH, SKIP_NOT_READ):
            failures.append(Failure(-1, skipped.url, STAGE, skipped.reason,
                                    f"sitemap: {skipped.message}"))
    return tuple(failures)
