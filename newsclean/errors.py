"""One exception tree for newsclean.

An exception means "could not do it"; a :class:`~newsclean.records.Skip` value means
"decided not to keep it". Third-party errors are mapped to these once, at the module
boundary that wraps the library (``raise ... from exc``).
"""

from __future__ import annotations


class NewscleanError(Exception):
    """Base of every error newsclean raises on purpose."""

    #: short machine-readable kind, written to the errors file
    kind = "error"


class ConfigError(NewscleanError):
    """Bad configuration or command-line usage (exit code 2)."""

    kind = "config_error"


class SourceError(NewscleanError):
    """A source (path or URL) could not be read at all."""

    kind = "source_error"


class FetchError(NewscleanError):
    """Fetching a URL failed. ``outcome`` is one of the documented terminal outcomes."""

    kind = "fetch_error"

    def __init__(self, url: str, message: str, *, outcome: str = "network_error",
                 retryable: bool = False) -> None:
        super().__init__(message)
        self.url = url
        self.outcome = outcome
        self.retryable = retryable


class DecodeError(NewscleanError):
    """Bytes could not be turned into text (binary, empty, undecodable)."""

    kind = "decode_error"


class ExtractError(NewscleanError):
    """HTML could not be parsed or yielded nothing to extract from."""

    kind = "extract_error"


class ExportError(NewscleanError):
    """Writing an output file failed."""

    kind = "export_error"
