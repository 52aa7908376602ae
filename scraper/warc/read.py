"""WARC files in, pages out: the HTML responses of a crawl as :class:`RawPage` records.

    counts = Counter()
    for result in read_warc(Path("crawl.warc.gz"), selection=RecordFilter(hosts={"e.org"}),
                            counts=counts):
        ...   # RawPage (index -1: numbered by the caller) or Failure

Each record is framed by :mod:`newsclean.scraper.warc.framing` (one bad record costs that
record only; memory flat however large the file). A ``response`` record whose HTTP reply is
a 2xx HTML page becomes a RawPage: its ``WARC-Target-URI`` is the page's source and URL,
its HTTP ``Content-Type`` (charset) goes to the decoder, its ``WARC-Date`` is
``fetched_at``; its ``Transfer-Encoding: chunked`` and ``Content-Encoding`` are undone with
the fetcher's bounded decoders. Everything else is counted, not listed, as
``record/<reason>`` (:class:`~newsclean.outcomes.RecordSkip`). The selection
(``--url-filter``, ``--host``, ``--since``) is applied to the WARC header before the
record's content is looked at. A record that is cut, malformed or too large is a Failure
row ``<file>@<offset>``.

Why not fastwarc or warcio alone: both trust ``Content-Length``, so one record with a lying
length loses the rest of an uncompressed file (tested); the framing here resynchronises.
"""

from __future__ import annotations

import http.client
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from newsclean.dates import as_utc, parse_date
from newsclean.errors import NewscleanError, WarcRecordError
from newsclean.outcomes import ErrorReason, RecordSkip, Stage
from newsclean.records import Failure, RawPage
from newsclean.scraper.fetch.content_encoding import BodyLimiter
from newsclean.scraper.fetch.core import HTML_TYPES, media_type
from newsclean.scraper.limits import PAGE_MAX_BYTES
from newsclean.scraper.warc.framing import Problem, Record, Skipped, iter_records, open_warc

#: file name endings read as web archives (WARC, and the older ARC)
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_STATUS = re.compile(rb"^HTTP/\d(?:\.\d)?\s+(\d{3})")


def is_warc_file(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


@dataclass(frozen=True, slots=True)
class RecordFilter:
    """Which records of a WARC file are read: a URL regex, hosts, a WARC-Date cut-off."""

    url_pattern: re.Pattern[str] | None = None
    hosts: frozenset[str] = field(default_factory=frozenset)
    since: datetime | None = None

    def admits(self, uri: str, date: datetime | None) -> bool:
        if self.url_pattern is not None and not self.url_pattern.search(uri):
            return False
        if self.hosts and (urlsplit(uri).hostname or "") not in self.hosts:
            return False
        return self.since is None or date is None or date >= self.since


def read_warc(path: Path, *, selection: RecordFilter | None = None,
              max_bytes: int = PAGE_MAX_BYTES, counts: Counter[str] | None = None
              ) -> Iterator[RawPage | Failure]:
    """The pages of the WARC file ``path``, in file order (see the module docstring)."""
    selection = selection or RecordFilter()
    counts = counts if counts is not None else Counter()
    seen = 0
    try:
        stream = open_warc(path)
    except OSError as exc:
        yield Failure(-1, str(path), Stage.READ, ErrorReason.SOURCE_ERROR,
                      f"cannot read WARC file: {exc.strerror or exc}")
        return
    with stream:
        for item in iter_records(stream, max_bytes):
            seen += 1
            where = f"{path}@{item.offset}"
            if isinstance(item, Problem):
                about = f" ({item.uri})" if item.uri else ""
                yield Failure(-1, where, Stage.READ, item.reason, item.message + about)
            elif isinstance(item, Skipped):
                uri = item.fields.get("warc-target-uri", "")
                yield Failure(-1, where, Stage.READ, ErrorReason.TOO_LARGE,
                              f"record of {item.length} bytes is over the {max_bytes}-byte "
                              f"limit ({uri})")
            else:
                page = _page(item, where, selection, max_bytes, counts)
                if page is not None:
                    yield page
    if seen == 0:
        yield Failure(-1, str(path), Stage.READ, ErrorReason.MALFORMED_RECORD,
                      "no WARC record in this file")


def _page(record: Record, where: str, selection: RecordFilter, max_bytes: int,
          counts: Counter[str]) -> RawPage | Failure | None:
    """The record as a page, a Failure, or None when it is counted as a RecordSkip."""
    kind = (record.get("warc-type") or "").lower()
    uri = (record.get("warc-target-uri") or "").strip().strip("<>")
    skip: RecordSkip | None = None
    date = _date(record.get("warc-date"))
    if kind == "revisit":
        skip = RecordSkip.REVISIT
    elif kind != "response":
        skip = RecordSkip.NOT_RESPONSE
    elif not uri.lower().startswith(("http://", "https://")):
        skip = RecordSkip.NOT_HTTP
    elif not selection.admits(uri, date):
        skip = RecordSkip.NOT_SELECTED
    if skip is not None:
        counts[f"record/{skip}"] += 1
        return None
    try:
        return _http_page(record.content, uri, max_bytes, counts, date)
    except NewscleanError as exc:
        return Failure(-1, where, Stage.READ, exc.reason, f"{exc} ({uri})")


def _http_page(content: bytes, uri: str, max_bytes: int, counts: Counter[str],
               fetched_at: datetime | None) -> RawPage | None:
    """The HTML page inside an HTTP response, or None (counted) for any other reply."""
    status = _STATUS.match(content)
    head_end = content.find(b"\r\n\r\n")
    if status is None or head_end < 0:
        raise WarcRecordError("the record's content is not an HTTP response")
    headers = http.client.parse_headers(io.BytesIO(content[content.index(b"\n") + 1:
                                                           head_end + 4]))
    code = int(status.group(1))
    content_type = headers.get("Content-Type")
    skip = (RecordSkip.HTTP_STATUS if not 200 <= code < 300 else
            RecordSkip.NOT_HTML if media_type(content_type) not in (*HTML_TYPES, None) else
            None)
    if skip is not None:
        counts[f"record/{skip}"] += 1
        return None
    payload = content[head_end + 4:]
    if "chunked" in (headers.get("Transfer-Encoding") or "").lower():
        payload = dechunk(payload)
    limiter = BodyLimiter(uri, headers.get("Content-Encoding"), max_bytes)
    limiter.feed(payload)
    limiter.finish()
    return RawPage(index=-1, source=uri, body=limiter.body(), url=uri,
                   content_type=content_type, etag=headers.get("ETag"),
                   last_modified=headers.get("Last-Modified"), fetched_at=fetched_at)


def dechunk(payload: bytes) -> bytes:
    """Undo HTTP chunked transfer coding (as crawlers store it); :class:`WarcRecordError`
    when the chunk sizes do not add up."""
    out, at = bytearray(), 0
    while True:
        line_end = payload.find(b"\r\n", at)
        size_text = payload[at:line_end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise WarcRecordError(f"bad chunk size {size_text[:20]!r} in a chunked "
                                  "body") from None
        if size == 0:
            return bytes(out)
        start = line_end + 2
        if line_end < 0 or start + size > len(payload):
            raise WarcRecordError("a chunked body is cut short")
        out += payload[start:start + size]
        at = start + size + 2


def _date(value: str | None) -> datetime | None:
    """A ``WARC-Date`` (ISO 8601, UTC) as an aware datetime, by the one date parser."""
    parsed = parse_date(value, source="warc")
    return as_utc(parsed.value) if parsed is not None else None
