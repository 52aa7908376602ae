"""The closed set of terminal outcomes of fetching one URL.

Every URL given to :func:`newsclean.scraper.fetch.api.fetch_urls` ends in exactly one of these.
``ok`` becomes a :class:`~newsclean.records.RawPage`; every other value becomes
``Failure(stage="fetch", kind=<value>, message=...)`` and is counted per reason in the run
summary.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
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
    DECODE_ERROR = "decode_error"

    @property
    def description(self) -> str:
        """What this outcome means and when it is produced."""
        return DESCRIPTIONS[self]


#: One line per outcome: what it means and when it is produced.
DESCRIPTIONS: dict[Outcome, str] = {
    Outcome.OK: "a 2xx response with an accepted content type, body read completely "
    "within the size limit",
    Outcome.NOT_MODIFIED: "304 Not Modified (reserved for conditional GET; any 304 maps here)",
    Outcome.ROBOTS_DENIED: "robots.txt of the URL's host (or of a redirect hop) disallows "
    "our User-Agent",
    Outcome.ROBOTS_UNAVAILABLE: "robots.txt answered 5xx/429 or could not be fetched "
    "(network error, timeout, blocked): the host is not crawled this run (RFC 9309)",
    Outcome.CRAWL_DELAY_TOO_LONG: "robots.txt asks for a Crawl-delay above "
    "FetchSettings.crawl_delay_cap: the host is skipped",
    Outcome.TIMEOUT: "connect/read timeout, or the total per-request deadline passed",
    Outcome.TOO_LARGE: "body larger than max_bytes (Content-Length, raw bytes or bytes "
    "after decompression)",
    Outcome.BAD_CONTENT_TYPE: "Content-Type is not text/html or application/xhtml+xml "
    "(or text/plain when accepted; feed and sitemap types for feed and sitemap requests)",
    Outcome.HTTP_ERROR: "final status 4xx/5xx after retries, or a redirect without Location",
    Outcome.TOO_MANY_REDIRECTS: "more than max_redirects redirects",
    Outcome.BLOCKED_ADDRESS: "the host resolves to a loopback/private/link-local/multicast/"
    "CGNAT/reserved address not in allow_hosts (checked on every connection)",
    Outcome.BAD_URL: "not an absolute http(s) URL, or a redirect to one",
    Outcome.NETWORK_ERROR: "DNS failure, refused/reset connection, truncated body, "
    "protocol or TLS error",
    Outcome.HOST_GIVEN_UP: "the host failed host_failure_limit times in a row; its "
    "remaining URLs are not tried this run",
    Outcome.DECODE_ERROR: "Content-Encoding unsupported, or the compressed stream is corrupt "
    "or cut short (a zstd window over 8 MiB counts as corrupt)",
}
