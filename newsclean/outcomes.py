"""The closed sets of a run's outcomes: the stages a page goes through, how a fetch ends, why
a page is skipped or fails otherwise, and what can go wrong on a page that is kept.

A :class:`~newsclean.records.Failure` or :class:`~newsclean.records.Skip` says where it
happened (a :class:`Stage`) and why (its ``reason``). Every URL given to
:meth:`newsclean.scraper.fetch.run.FetchRun.fetch_pages` ends in exactly one :class:`FetchOutcome`:
``ok`` becomes a :class:`~newsclean.records.RawPage`; every other value becomes
``Failure(stage=Stage.FETCH, reason=<value>, message=...)`` and is counted per reason in the
run summary. A :class:`SkipReason` is why the cleaners did not keep a page, an
:class:`ErrorReason` any other kind in the errors file, and a :class:`PageWarning` is counted
(``warning/<value>``) but the page is kept. All are ``StrEnum``: the values are what the errors
file and the counts show, and each value has a one-line ``description`` (README.md's tables
list exactly these; ``tests/core/test_outcomes.py`` checks them).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any


class Stage(StrEnum):
    """Where a source stopped: the stage that failed it or decided to skip it."""

    SOURCES = "sources"      # reading what the user typed: paths, URL lists
    READ = "read"            # reading a local file
    DISCOVER = "discover"    # feeds, sitemaps and sites to page URLs
    FETCH = "fetch"          # one http(s) GET with its redirects and retries
    DECODE = "decode"        # bytes to text (charset)
    EXTRACT = "extract"      # parsing and main-text extraction
    CLEAN = "clean"          # the cleaners decided not to keep it (a Skip)


class Described(StrEnum):
    """An outcome enum whose values each have a one-line description (in :data:`TABLES`)."""

    @property
    def description(self) -> str:
        """What this value means and when it is produced."""
        return TABLES[type(self)][self]


class FetchOutcome(Described):
    """Terminal outcome of one URL. See :data:`DESCRIPTIONS` for the meaning of each."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    NOT_DUE = "not_due"
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


#: One line per outcome: what it means and when it is produced.
DESCRIPTIONS: dict[FetchOutcome, str] = {
    FetchOutcome.OK: "a 2xx response with an accepted content type, body read completely "
    "within the size limit",
    FetchOutcome.NOT_MODIFIED: "304 Not Modified to a conditional GET (If-None-Match / "
    "If-Modified-Since from the state): the stored article stands; any 304 maps here",
    FetchOutcome.NOT_DUE: "not requested: the state says the URL was checked less than "
    "recheck_after ago, or is backing off after failures; the stored article stands",
    FetchOutcome.ROBOTS_DENIED: "robots.txt of the URL's host (or of a redirect hop) disallows "
    "our User-Agent",
    FetchOutcome.ROBOTS_UNAVAILABLE: "robots.txt answered 5xx/429 (or failed otherwise, not "
    "by the host being unreachable or blocked: those pages say network_error, timeout or "
    "blocked_address): the host is not crawled this run (RFC 9309)",
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
    "CGNAT/reserved address not allowed by --allow-host (checked on every connection, "
    "robots.txt's first)",
    FetchOutcome.BAD_URL: "not an absolute http(s) URL, or a redirect to one",
    FetchOutcome.NETWORK_ERROR: "DNS failure, refused/reset connection (the message says the "
    "host could not be reached when robots.txt, its first request, failed so), truncated "
    "body, protocol or TLS error",
    FetchOutcome.HOST_GIVEN_UP: "the host failed host_failure_limit times in a row; its "
    "remaining URLs are not tried this run",
    FetchOutcome.CONTENT_ENCODING_ERROR: "Content-Encoding unsupported, or the compressed "
    "stream is corrupt or cut short (a zstd window over 8 MiB counts as corrupt)",
}


class SkipReason(Described):
    """Why the cleaners decided not to keep a page: ``Skip(stage=Stage.CLEAN, reason=...)``."""

    NO_ARTICLE_TEXT = "no_article_text"
    TOO_SHORT = "too_short"
    SAME_URL = "same_url"
    LANGUAGE = "language"


class ErrorReason(Described):
    """The other kinds of the errors file: sources, discovery, decoding and extraction."""

    MISSING_PATH = "missing_path"
    BAD_URL = "bad_url"
    SOURCE_ERROR = "source_error"
    UNSAFE_XML = "unsafe_xml"
    TOO_LARGE = "too_large"
    MALFORMED = "malformed"
    NOT_A_FEED = "not_a_feed"
    NOT_A_SITEMAP = "not_a_sitemap"
    NO_SOURCES = "no_sources"
    NO_PAGE_FILES = "no_page_files"
    SITEMAP_CAP = "sitemap_cap"
    DECODE_ERROR = "decode_error"
    EXTRACT_ERROR = "extract_error"
    WORKER_CRASHED = "worker_crashed"
    PAGE_TIMEOUT = "page_timeout"
    INTERNAL_ERROR = "internal_error"
    TRUNCATED_RECORD = "truncated_record"
    MALFORMED_RECORD = "malformed_record"


class RecordSkip(Described):
    """Why a WARC record is not a page: counted per run as ``record/<reason>``, no row."""

    NOT_RESPONSE = "not_response"
    REVISIT = "revisit"
    NOT_HTTP = "not_http"
    NOT_SELECTED = "not_selected"
    HTTP_STATUS = "http_status"
    NOT_HTML = "not_html"


class PageWarning(Described):
    """Something that went wrong on a page that is still kept (``PageMetadata.warnings``)."""

    METADATA_ERROR = "metadata_error"


SKIP_DESCRIPTIONS: dict[SkipReason, str] = {
    SkipReason.NO_ARTICLE_TEXT: "stage clean: no word of article text was left after cleaning",
    SkipReason.SAME_URL: "stage clean: a fetched URL that gave the same text as an earlier "
    "link to the same URL in the run (tracking parameters, case, fragment)",
    SkipReason.TOO_SHORT: "stage clean: fewer words of article text than min_words "
    "(default 10)",
    SkipReason.LANGUAGE: "stage clean: the article's language is not one of --language "
    "(language under [clean])",
}

ERROR_DESCRIPTIONS: dict[ErrorReason, str] = {
    ErrorReason.MISSING_PATH: "stage sources: a path that does not exist",
    ErrorReason.BAD_URL: "stage sources: a URL that is not http(s)",
    ErrorReason.SOURCE_ERROR: "stage sources/read: a URL list or a file that cannot be read; "
    "in a walked folder a FIFO or device with a page name, a dangling or looping symlink, an "
    "unreadable folder",
    ErrorReason.UNSAFE_XML: "stage discover: feed or sitemap XML with a DOCTYPE subset or an "
    "ENTITY declaration (entity bombs, XXE)",
    ErrorReason.TOO_LARGE: "stage sources/read/discover/decode/extract: a URL list, file, feed, "
    "sitemap or page over its byte, tag or element limit (also after gzip decompression)",
    ErrorReason.MALFORMED: "stage discover: a feed or sitemap that cannot be parsed at all",
    ErrorReason.NOT_A_FEED: "stage discover: parseable, but not an RSS, RDF, Atom or JSON feed",
    ErrorReason.NOT_A_SITEMAP: "stage discover: parseable, but not a sitemap",
    ErrorReason.NO_SOURCES: "stage discover: a site's home page links no feed and names no "
    "sitemap",
    ErrorReason.NO_PAGE_FILES: "stage sources: a folder given as a source holds no page "
    "files",
    ErrorReason.SITEMAP_CAP: "stage discover: a sitemap tree with more child sitemaps than "
    "its caps (sitemaps read, index levels): one row counting the children not read",
    ErrorReason.DECODE_ERROR: "stage decode: empty, binary or undecodable bytes",
    ErrorReason.EXTRACT_ERROR: "stage extract: the markup cannot be parsed or yields nothing "
    "to extract from",
    ErrorReason.WORKER_CRASHED: "stage extract: the worker process died while cleaning the "
    "page (out of memory or a crash in a parser)",
    ErrorReason.PAGE_TIMEOUT: "stage extract: cleaning the page used more than page_timeout "
    "seconds of CPU time (default 60); a worker that does not stop is killed and replaced",
    ErrorReason.INTERNAL_ERROR: "stage extract: a bug: an unexpected exception while "
    "cleaning the page (logged with its traceback)",
    ErrorReason.TRUNCATED_RECORD: "stage read: a WARC record (or the file's compressed "
    "stream) that ends before its Content-Length; the records before it are read",
    ErrorReason.MALFORMED_RECORD: "stage read: bytes in a WARC file that are not a good record "
    "(no header end, no or a lying Content-Length, content that is not an HTTP response, a "
    "file with no record); reading resumes at the next record",
}

RECORD_DESCRIPTIONS: dict[RecordSkip, str] = {
    RecordSkip.NOT_RESPONSE: "a WARC record that is not a response (request, metadata, "
    "warcinfo, resource, conversion)",
    RecordSkip.REVISIT: "a revisit record (the crawler saw the same content again)",
    RecordSkip.NOT_HTTP: "a response whose target URI is not http(s) (dns:, ftp:)",
    RecordSkip.NOT_SELECTED: "left out by --url-filter, --host or --since (by its WARC "
    "header, before its content is read)",
    RecordSkip.HTTP_STATUS: "an HTTP reply that is not 2xx (redirects, errors)",
    RecordSkip.NOT_HTML: "an HTTP reply whose Content-Type is not HTML (images, scripts, "
    "PDF, feeds)",
}

WARNING_DESCRIPTIONS: dict[PageWarning, str] = {
    PageWarning.METADATA_ERROR: "reading the page's metadata raised (logged with its "
    "traceback): its metadata fields are empty, its text is kept",
}

#: the description table of each outcome enum
TABLES: dict[type[Described], Mapping[Any, str]] = {
    FetchOutcome: DESCRIPTIONS, SkipReason: SKIP_DESCRIPTIONS, ErrorReason: ERROR_DESCRIPTIONS,
    PageWarning: WARNING_DESCRIPTIONS, RecordSkip: RECORD_DESCRIPTIONS,
}
