"""The closed sets of a run's outcomes: the stages a page goes through, and how a fetch ends.

A :class:`~newsclean.records.Failure` or :class:`~newsclean.records.Skip` says where it
happened (a :class:`Stage`) and why (its ``reason``). Every URL given to
:meth:`newsclean.scraper.fetch.run.FetchRun.fetch_pages` ends in exactly one :class:`FetchOutcome`:
``ok`` becomes a :class:`~newsclean.records.RawPage`; every other value becomes
``Failure(stage=Stage.FETCH, reason=<value>, message=...)`` and is counted per reason in the
run summary. Both are ``StrEnum``: the values are what the errors file and the counts show.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """Where a source stopped: the stage that failed it or decided to skip it."""

    SOURCES = "sources"      # reading what the user typed: paths, URL lists
    READ = "read"            # reading a local file
    DISCOVER = "discover"    # feeds, sitemaps and sites to page URLs
    FETCH = "fetch"          # one http(s) GET with its redirects and retries
    DECODE = "decode"        # bytes to text (charset)
    EXTRACT = "extract"      # parsing and main-text extraction
    CLEAN = "clean"          # the cleaners decided not to keep it (a Skip)


class FetchOutcome(StrEnum):
    """Terminal outcome of one URL. See :data:`DESCRIPTIONS` for the meaning of each."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    ROBOTS_DENIED = "robots_denied"
    ROBOTS_UNAVAILABLE = "robots_unavailable"
    CRAWL_DELAY_TOO_LONG = "crawl_delay_too_long"
    TIMEOUT = "timeout"
    TOO_LARGE = "too_large"
    BAD_CONTENT_TYPE = "bad_content_type"
    HTTP_ERROR = "http_error"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    BLOCKED_ADDRESS = "blocked_address"
    BAD_URL = "bad_url"
    NETWORK_ERROR = "network_error"
    HOST_GIVEN_UP = "host_given_up"
    CONTENT_ENCODING_ERROR = "content_encoding_error"

    @property
    def description(self) -> str:
        """What this outcome means and when it is produced."""
        return DESCRIPTIONS[self]


#: One line per outcome: what it means and when it is produced.
DESCRIPTIONS: dict[FetchOutcome, str] = {
    FetchOutcome.OK: "a 2xx response with an accepted content type, body read completely "
    "within the size limit",
    FetchOutcome.NOT_MODIFIED: "304 Not Modified (reserved for conditional GET; any 304 maps here)",
    FetchOutcome.ROBOTS_DENIED: "robots.txt of the URL's host (or of a redirect hop) disallows "
    "our User-Agent",
    FetchOutcome.ROBOTS_UNAVAILABLE: "robots.txt answered 5xx/429 or could not be fetched "
    "(network error, timeout, blocked): the host is not crawled this run (RFC 9309)",
    FetchOutcome.CRAWL_DELAY_TOO_LONG: "robots.txt asks for a Crawl-delay above "
    "FetchSettings.crawl_delay_cap: the host is skipped",
    FetchOutcome.TIMEOUT: "connect/read timeout, or the total per-request deadline passed",
    FetchOutcome.TOO_LARGE: "body larger than max_bytes (Content-Length, raw bytes or bytes "
    "after decompression)",
    FetchOutcome.BAD_CONTENT_TYPE: "Content-Type is not text/html or application/xhtml+xml "
    "(or text/plain when accepted; feed and sitemap types for feed and sitemap requests)",
    FetchOutcome.HTTP_ERROR: "final status 4xx/5xx after retries, or a redirect without Location",
    FetchOutcome.TOO_MANY_REDIRECTS: "more than max_redirects redirects",
    FetchOutcome.BLOCKED_ADDRESS: "the host resolves to a loopback/private/link-local/multicast/"
    "CGNAT/reserved address not in allow_hosts (checked on every connection)",
    FetchOutcome.BAD_URL: "not an absolute http(s) URL, or a redirect to one",
    FetchOutcome.NETWORK_ERROR: "DNS failure, refused/reset connection, truncated body, "
    "protocol or TLS error",
    FetchOutcome.HOST_GIVEN_UP: "the host failed host_failure_limit times in a row; its "
    "remaining URLs are not tried this run",
    FetchOutcome.CONTENT_ENCODING_ERROR: "Content-Encoding unsupported, or the compressed "
    "stream is corrupt or cut short (a zstd window over 8 MiB counts as corrupt)",
}
