"""One exception tree for newsclean.

An exception means "could not do it"; a :class:`~newsclean.records.Skip` value means
"decided not to keep it". Third-party errors are mapped to these once, at the module
boundary that wraps the library (``raise ... from exc``).
"""

from __future__ import annotations

from newsclean.outcomes import FetchOutcome


class NewscleanError(Exception):
    """Base of every error newsclean raises on purpose."""

    #: short machine-readable cause, written to the errors file (``Failure.reason``)
    reason: str = "error"


class ConfigError(NewscleanError):
    """Bad configuration or command-line usage (exit code 2)."""

    reason = "config_error"


class SourceError(NewscleanError):
    """A source (path or URL) could not be read at all."""

    reason = "source_error"


class FetchError(NewscleanError):
    """Fetching a URL failed. ``reason`` is one of the documented terminal outcomes (a
    :class:`~newsclean.outcomes.FetchOutcome`; a value outside that closed set is a bug and
    raises ``ValueError`` here, where it is made). ``retryable`` marks a transient failure
    (set where the error is mapped); whether it is retried is the fetcher's retry policy's
    decision."""

    reason: FetchOutcome

    def __init__(self, url: str, message: str, *,
                 reason: FetchOutcome | str = FetchOutcome.NETWORK_ERROR,
                 retryable: bool = False) -> None:
        super().__init__(message)
        self.url = url
        self.reason = FetchOutcome(reason)
        self.retryable = retryable


class DecodeError(NewscleanError):
    """Bytes could not be turned into text (binary, empty, undecodable)."""

    reason = "decode_error"


class ExtractError(NewscleanError):
    """HTML could not be parsed or yielded nothing to extract from."""

    reason = "extract_error"


class ExportError(NewscleanError):
    """Writing an output file failed."""

    reason = "export_error"


class StateWriteError(ExportError):
    """The state file could not be written (disk full, an I/O error, read-only): the run
    stops (exit 3); the transaction in progress is rolled back, what was committed stays."""

    reason = "state_write_error"


class StateError(NewscleanError):
    """The state file cannot be used: a newer schema, not a state file, corrupt, or locked."""

    reason = "state_error"


class StateLockedError(StateError):
    """Another run holds the state file's lock."""

    reason = "state_locked"


class HTTPStatusError(FetchError):
    """The server answered with an error status (outcome ``http_error``).

    ``retry_after`` is the parsed ``Retry-After`` delay in seconds, if the server sent one.
    Whether a status is retried is decided by the fetcher's retry policy, from ``status``.
    """

    def __init__(self, url: str, status: int, *, retry_after: float | None = None) -> None:
        super().__init__(url, f"HTTP {status}", reason="http_error")
        self.status = status
        self.retry_after = retry_after


class BlockedAddressError(FetchError):
    """A host resolved to an address the SSRF guard refuses (outcome ``blocked_address``).

    Raised before any connection to that address is made.
    """

    def __init__(self, url: str, message: str) -> None:
        super().__init__(url, message, reason="blocked_address", retryable=False)


class FeedError(NewscleanError):
    """A feed, sitemap or other source list could not be parsed safely.

    ``reason`` is a short machine-readable cause: ``"unsafe_xml"`` (DOCTYPE internal
    subset or ENTITY declaration: entity bombs, XXE), ``"too_large"`` (over a byte cap,
    also after gzip decompression), ``"malformed"`` (not parseable at all) or
    ``"not_a_feed"`` / ``"not_a_sitemap"`` (parseable, but not that kind of document).
    """

    reason = "feed_error"

    def __init__(self, message: str, *, reason: str = "malformed") -> None:
        super().__init__(message)
        self.reason = reason


# -- limits: a source, body or page over one of newsclean's caps (README "Limits")

class FileTooLarge(SourceError):
    """A local file (or what a pipe or device gave) is over its cap."""

    reason = "too_large"


class BodyTooLarge(FetchError):
    """Decoded body passed the size limit (outcome ``too_large``)."""

    def __init__(self, url: str, message: str) -> None:
        super().__init__(url, message, reason="too_large")


class BadEncoding(FetchError):
    """Unsupported Content-Encoding or a corrupt compressed stream
    (``content_encoding_error``)."""

    def __init__(self, url: str, message: str) -> None:
        super().__init__(url, message, reason=FetchOutcome.CONTENT_ENCODING_ERROR)


class PageTooLarge(DecodeError):
    """A page over the page limit once inflated (``newsclean.scraper.limits.PAGE_MAX_BYTES``)."""

    reason = "too_large"


class PageTooComplex(ExtractError):
    """The page is over a structural limit: too many elements, or nested too deep."""

    reason = "too_large"


class WarcRecordError(SourceError):
    """A WARC record whose content is not a readable HTTP response (``malformed_record``)."""

    reason = "malformed_record"
