"""Every knob of the fetcher for one run, frozen: :class:`FetchSettings`.

The defaults suit crawling real news sites. :func:`source_settings` derives the settings
of feed, sitemap and home-page requests (the same politeness and safety, more content
types, bigger documents). Safety rules are described in :mod:`newsclean.scraper.fetch.run`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from newsclean.scraper.fetch.retry import RetryPolicy
from newsclean.scraper.fetch.transport import SessionConfig
from newsclean.scraper.limits import PAGE_MAX_BYTES

#: media types a feed or sitemap is served with, in the wild (HTML is always accepted)
SOURCE_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml",
    "application/feed+json", "application/json", "application/xml", "text/xml",
    "application/x-gzip", "application/gzip", "application/octet-stream", "text/plain",
})
#: cap on one feed or sitemap document (the sitemap protocol's own 50 MB limit)
SOURCE_MAX_BYTES = 50_000_000


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits and politeness for one run."""

    user_agent: str = "newsclean/0.1 (+https://github.com/newsclean/newsclean)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0          # hard deadline per request, incl. body
    max_bytes: int = PAGE_MAX_BYTES       # after decompression (scraper.limits)
    max_redirects: int = 5
    global_concurrency: int = 16
    per_host_concurrency: int = 1
    per_host_delay: float = 1.0           # seconds between requests to one host
    retry: RetryPolicy = RetryPolicy()    # which failures are retried, how, how often
    respect_robots: bool = True
    crawl_delay_cap: float = 30.0         # above this the host is skipped with a reason
    host_failure_limit: int = 5           # consecutive failures before a host is given up
    allow_hosts: frozenset[str] = frozenset()   # hosts/IPs exempt from the address guard
    accept_text_plain: bool = False
    accept_types: frozenset[str] = frozenset()  # more media types to accept (feeds,
    #                                             sitemaps: see source_settings)
    trust_env: bool = False               # proxies from env only when True
    resolver: Callable[[str, int], list[str]] | None = None  # injectable DNS (tests)
    #: incremental runs (the state store): whether a page URL is due for a check, and the
    #: (ETag, Last-Modified) of its last response, sent as If-None-Match / If-Modified-Since
    is_due: Callable[[str], bool] | None = None
    validators: Callable[[str], tuple[str | None, str | None] | None] | None = None

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


def source_settings(settings: FetchSettings) -> FetchSettings:
    """``settings`` for feed, sitemap and home-page requests: the same politeness and
    safety, feed and sitemap content types accepted, documents up to 50 MB."""
    return dataclasses.replace(settings, accept_types=settings.accept_types | SOURCE_TYPES,
                               max_bytes=max(settings.max_bytes, SOURCE_MAX_BYTES))
