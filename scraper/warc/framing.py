"""WARC (and ARC) record framing that survives bad files: one record at a time, memory flat.

A WARC file (plain, or gzip with one member per record or one for the whole file) is read
as a stream of decompressed bytes in chunks. Each record is its header block (``WARC/1.x``
and ``Name: value`` lines up to a blank line), ``Content-Length`` bytes of content and a
blank line. Readers that trust ``Content-Length`` lose the rest of the file to one lying
record (too long: it swallows the records after it; too short: the next header is junk).
Here a record whose content holds the start of another record, or that is not followed by
the blank line and the next record, is reported as a :class:`Problem` and reading resumes
at the next record start, so one bad record costs that record only. A record over the size
cap is passed over without being held in memory. ARC files (``filedesc://`` first: one
``URL IP DATE TYPE LENGTH`` line, the content, a newline) are framed the same way and their
records given the WARC fields the reader uses.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsclean.scraper.fetch.content_encoding import GZIP_MAGIC

CHUNK = 1 << 20
HEADER_MAX = 64 * 1024                     # a record header longer than this is junk
_BLANK = re.compile(rb"[\r\n]*")
_FIELD = re.compile(rb"^([!-9;-~]+):[ \t]*(.*?)[ \t]*$", re.M)
_ARC_LINE = rb"\S+ [0-9.]+ \d{14} \S* \d+\r?\n"


def _warc_fields(header: bytes) -> dict[str, str]:
    fields: dict[str, str] = {}
    for name, value in _FIELD.findall(header):
        fields.setdefault(name.decode("ascii").lower(),
                          value.decode("utf-8", "replace").strip())
    return fields


def _arc_fields(header: bytes) -> dict[str, str]:
    """An ARC record's header line ``URL IP DATE TYPE LENGTH`` as the WARC fields the
    reader uses (the ``filedesc://`` version block becomes a ``warcinfo`` record)."""
    url, _, date, _, length = header.decode("utf-8", "replace").split()
    iso = f"{date[:4]}-{date[4:6]}-{date[6:8]}T{date[8:10]}:{date[10:12]}:{date[12:14]}Z"
    return {"warc-target-uri": url, "warc-date": iso, "content-length": length,
            "warc-type": "warcinfo" if url.startswith("filedesc:") else "response"}


@dataclass(frozen=True, slots=True)
class _Format:
    """How one archive format frames records."""

    name: str
    start: re.Pattern[bytes]          # a record's first line (group 1), after a line end
    header_end: re.Pattern[bytes]     # the end of its header
    inner: re.Pattern[bytes]          # the end of a record and the next one's start
    trailer: tuple[bytes, ...]        # what follows a record's content
    fields: Callable[[bytes], dict[str, str]]


WARC = _Format("WARC", re.compile(rb"(?:\A|\r?\n)(WARC/1\.[01]\r?\n)"),
               re.compile(rb"\r?\n\r?\n"), re.compile(rb"\r\n\r\nWARC/1\.[01]\r\n"),
               (b"\r\n\r\n", b"\n\n"), _warc_fields)
ARC = _Format("ARC", re.compile(rb"(?:\A|\n)(" + _ARC_LINE + rb")"), re.compile(rb"\r?\n"),
              re.compile(rb"\n(?=" + _ARC_LINE + rb")"), (b"\n",), _arc_fields)


@dataclass(frozen=True, slots=True)
class Record:
    """One framed record: its offset in the decompressed stream, header fields, content."""

    offset: int
    fields: dict[str, str]          # header names lower-cased; the first of a repeated name
    content: bytes

    def get(self, name: str) -> str | None:
        return self.fields.get(name.lower())


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record passed over without reading its content (over the size cap)."""

    offset: int
    fields: dict[str, str]
    length: int


@dataclass(frozen=True, slots=True)
class Problem:
    """Bytes at ``offset`` that are not a good record: ``reason`` is a
    :class:`~newsclean.outcomes.ErrorReason` value, ``uri`` the record's target if known."""

    offset: int
    reason: str
    message: str
    uri: str | None = None


class GzipMembers(io.RawIOBase):
    """The inflated bytes of a gzip file, member after member, a chunk at a time. Unlike
    :class:`gzip.GzipFile` it hands out what it inflated before a cut or corrupt member
    and only then raises (:class:`EOFError` / :class:`zlib.error`), so the records before
    the damage are read."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._pending = b""            # bytes read past the last member's end: the next one's
        self._inflater = zlib.decompressobj(wbits=31)
        self._started = False          # the current member has input
        self._error: zlib.error | None = None

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._error is not None:
            raise self._error
        size = CHUNK if size is None or size < 0 else size
        out = bytearray()
        try:
            self._inflate(out, size)
        except zlib.error as exc:
            if not out:
                raise
            self._error = exc              # raised on the next call: first the good bytes
        return bytes(out)

    def _input(self) -> bytes:
        """The inflater's next input: what it left unread, bytes past a member's end, or
        the next chunk of the file."""
        if self._inflater.unconsumed_tail:
            return self._inflater.unconsumed_tail
        if self._pending:
            data, self._pending = self._pending, b""
            return data
        return self._raw.read(CHUNK)

    def _inflate(self, out: bytearray, size: int) -> None:
        while len(out) < size:
            data = self._input()
            if not data:
                if self._started and not self._inflater.eof and not out:
                    raise EOFError("the file ends inside a gzip member")
                return                             # (what came before a cut goes first)
            self._started = True
            out += self._inflater.decompress(data, size - len(out))
            if self._inflater.eof:
                self._pending = self._inflater.unused_data.lstrip(b"\0")
                self._inflater = zlib.decompressobj(wbits=31)
                self._started = False

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_warc(path: Path) -> BinaryIO:
    """``path`` opened for reading its decompressed bytes (gzip by its magic number)."""
    handle = open(path, "rb")
    if handle.read(2) == GZIP_MAGIC:
        handle.seek(0)
        return GzipMembers(handle)          # type: ignore[return-value]
    handle.seek(0)
    return handle


class _Buffer:
    """The decompressed stream with a window of unread bytes and its absolute offset."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.data = bytearray()
        self.offset = 0                  # stream offset of data[0]
        self.eof = False
        self.error: str | None = None    # why the stream ended early (corrupt gzip)

    def fill(self, size: int) -> bool:
        """Hold at least ``size`` bytes unless the stream ends; whether it holds them."""
        while len(self.data) < size and not self.eof:
            try:
                chunk = self.stream.read(max(CHUNK, size - len(self.data)))
            except (EOFError, OSError, zlib.error) as exc:
                self.eof, self.error = True, f"the compressed stream is cut or corrupt ({exc})"
                break
            if not chunk:
                self.eof = True
            self.data += chunk
        return len(self.data) >= size

    def drop(self, size: int) -> None:
        del self.data[:size]
        self.offset += size

    def skip(self, size: int) -> bool:
        """Pass over ``size`` bytes without holding them; whether they were all there."""
        while size > 0:
            if not self.data and not self.fill(1):
                return False
            step = min(size, len(self.data))
            self.drop(step)
            size -= step
        return True


def iter_records(stream: BinaryIO, max_bytes: int) -> Iterator[Record | Skipped | Problem]:
    """The records of a decompressed WARC (or ARC: it starts with ``filedesc://``) stream,
    in order, with a Problem for each stretch of bytes that is not a good record (see the
    module docstring)."""
    buffer = _Buffer(stream)
    buffer.fill(HEADER_MAX)
    form = ARC if bytes(buffer.data[:11]) == b"filedesc://" else WARC
    cut = False                          # the last record was cut by the end of the stream
    bad = False                          # the last record was bad: bytes after it are its own
    while True:
        at = buffer.offset
        found, junk = _to_next_start(buffer, form)
        if junk and not bad:
            yield Problem(at, "malformed_record",
                          f"{junk} bytes that are not a {form.name} record")
        if not found:
            break
        for item in _one_record(buffer, max_bytes, form):
            bad = isinstance(item, Problem)
            cut = isinstance(item, Problem) and item.reason == "truncated_record"
            yield item
    if buffer.error and not cut:
        yield Problem(buffer.offset, "truncated_record", buffer.error)


def _to_next_start(buffer: _Buffer, form: _Format) -> tuple[bool, int]:
    """Drop bytes up to the next record's first line: whether one was found, and how many
    bytes other than blank lines were dropped on the way."""
    junk = 0
    while True:
        buffer.fill(HEADER_MAX)
        buffer.drop(_BLANK.match(buffer.data).end())     # type: ignore[union-attr]
        if not buffer.data:
            return False, junk
        found = form.start.search(buffer.data)
        if found is not None:
            junk += len(buffer.data[:found.start(1)].strip(b"\r\n"))
            buffer.drop(found.start(1))
            return True, junk
        if buffer.eof:
            junk += len(buffer.data.strip(b"\r\n"))
            buffer.drop(len(buffer.data))
            return False, junk
        keep = 512                                       # a first line split across chunks
        junk += len(buffer.data) - keep
        buffer.drop(len(buffer.data) - keep)


def _one_record(buffer: _Buffer, max_bytes: int, form: _Format
                ) -> Iterator[Record | Skipped | Problem]:
    """Frame the record at the start of the buffer; leave the buffer after it."""
    start = buffer.offset
    end = form.header_end.search(buffer.data, 0, HEADER_MAX)
    if end is None:
        buffer.drop(1)
        yield Problem(start, "malformed_record", f"no end of the {form.name} header")
        return
    fields = form.fields(bytes(buffer.data[:end.start()]))
    uri = fields.get("warc-target-uri")
    length = _length(fields.get("content-length"))
    buffer.drop(end.end())
    if length is None:
        yield Problem(start, "malformed_record", "no valid Content-Length", uri)
        return
    if length > max_bytes:
        complete = buffer.skip(length)
        yield (Skipped(start, fields, length) if complete else
               Problem(start, "truncated_record", "the file ends inside this record", uri))
        return
    buffer.fill(length + 8)
    content = bytes(buffer.data[:length])
    inner = form.inner.search(content)
    if inner is not None:                # a longer length than the record: the next is inside
        buffer.drop(inner.start() + 1)
        yield Problem(start, "malformed_record", f"Content-Length {length} runs into the "
                      f"next record (the content ends after {inner.start()} bytes)", uri)
        return
    if len(content) < length:
        buffer.drop(len(content))
        yield Problem(start, "truncated_record", f"the file ends inside this record "
                      f"({len(content)} of {length} bytes)", uri)
        return
    buffer.drop(length)
    rest = bytes(buffer.data[:4])
    if not (rest.startswith(form.trailer) or (buffer.eof and not rest.strip(b"\r\n"))):
        yield Problem(start, "malformed_record", f"Content-Length {length} does not end "
                      "the record (no record end after it)", uri)
        return
    yield Record(start, fields, content)


def _length(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    return int(value.strip())
