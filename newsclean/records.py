"""Typed records passed between the stages of the pipeline.

    RawPage -> (decode) DecodedPage -> (clean/extract) Article | Skip | Failure

All records are small frozen dataclasses so they pickle cheaply to and from worker
processes and cannot be changed behind a stage's back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from newsclean.outcomes import PageWarning


@dataclass(frozen=True, slots=True)
class Removal:
    """One line or block a cleaner removed, and why.

    ``reason`` is ``"<cleaner>[:detail]"``, e.g. ``"share_counts"`` or
    ``"html_boilerplate:class=share"``. ``line`` is the 0-based line index in the text
    the cleaner saw, or ``None`` for blocks removed from the DOM.
    """

    reason: str
    text: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RawPage:
    """Bytes of one page as read from a file or fetched from a URL."""

    index: int                 # position of the source in the run: keeps output order stable
    source: str                # the input as the user gave it (path or URL)
    body: bytes
    url: str | None = None     # final URL after redirects (None for local files)
    content_type: str | None = None   # HTTP Content-Type header, if any
    is_text: bool = False      # already-flattened text page (.txt) rather than HTML
    etag: str | None = None           # validators of the response, for a conditional GET
    last_modified: str | None = None  # on the next run (HTTP ETag and Last-Modified)
    fetched_at: datetime | None = None  # when the body was fetched or the file read (UTC)
    #: wall seconds of the HTTP exchanges that gave the body (redirect hops added; the
    #: politeness waits and failed attempts before a retry not counted); None: not fetched
    fetch_seconds: float | None = None


@dataclass(frozen=True, slots=True)
class DecodedPage:
    index: int
    source: str
    text: str                  # decoded markup (or plain text when is_text)
    url: str | None = None
    is_text: bool = False
    encoding: str | None = None
    fetched_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """Metadata found on a page. ``origins`` maps a field name to where it came from
    (``"json-ld"``, ``"opengraph"``, ``"meta"``, ``"time"``, ``"byline"``, ``"dateline"``,
    ``"credit"``, ``"title-line"``, ...)."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None      # ISO 8601, with UTC offset when the page gives a zone
    modified: str | None = None
    description: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    image: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    language: str | None = None       # as declared by the page (html lang, og:locale)
    paywalled: bool | None = None
    origins: tuple[tuple[str, str], ...] = ()
    #: what went wrong while reading these fields without costing the page (counted in the
    #: run summary as ``warning/<value>``), e.g. the metadata reader raised: fields are empty
    warnings: tuple[PageWarning, ...] = ()

    def origin(self, name: str) -> str | None:
        return dict(self.origins).get(name)


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: one row of the corpus."""

    index: int
    source: str
    url: str | None
    text: str
    meta: PageMetadata
    language: str | None = None
    removals: tuple[Removal, ...] = ()
    fetched_at: datetime | None = None   # of the page it was cleaned from (UTC)


@dataclass(frozen=True, slots=True)
class Skip:
    """A page we decided not to keep (no article text, too short, not HTML...)."""

    index: int
    source: str
    stage: str                 # a newsclean.outcomes.Stage
    reason: str
    message: str = ""
    removals: tuple[Removal, ...] = ()


@dataclass(frozen=True, slots=True)
class Failure:
    """A source that could not be processed, where (``stage``) and why (``reason``: the
    error's :attr:`~newsclean.errors.NewscleanError.reason`, or a fetch outcome)."""

    index: int
    source: str
    stage: str                 # a newsclean.outcomes.Stage
    reason: str
    message: str


@dataclass(frozen=True, slots=True)
class TextCleanResult:
    """What the text cleaners return: kept lines, removals, and facts found in the junk."""

    lines: tuple[str, ...]
    removals: tuple[Removal, ...] = ()
    facts: PageMetadata = field(default_factory=PageMetadata)
