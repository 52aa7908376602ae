"""Small WARC files written by the tests themselves: records built byte by byte, so a test
can cut one short or make its Content-Length lie."""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from pathlib import Path


def http_response(body: bytes, *, status: str = "200 OK",
                  content_type: str | None = "text/html; charset=utf-8",
                  headers: Sequence[str] = ()) -> bytes:
    lines = [f"HTTP/1.1 {status}"]
    if content_type is not None:
        lines.append(f"Content-Type: {content_type}")
    lines += [*headers, f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def record(uri: str, content: bytes, *, kind: str = "response",
           date: str = "2024-05-01T10:00:00Z", length: int | None = None) -> bytes:
    """One WARC record; ``length`` overrides the true Content-Length (a lying header)."""
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: {date}\r\nWARC-Record-ID: <urn:uuid:{abs(hash((uri, kind)))}>\r\n"
            f"Content-Type: application/http; msgtype={kind}\r\n"
            f"Content-Length: {len(content) if length is None else length}\r\n\r\n")
    return head.encode() + content + b"\r\n\r\n"


def page(uri: str, text: str, **kwargs: object) -> bytes:
    """A response record holding a small HTML article."""
    body = (f"<html><head><title>{text}</title></head><body><article><h1>{text}</h1>"
            f"<p>{text} is the story of the day, told in more than ten words so that it "
            "is kept as an article by the cleaners.</p></article></body></html>").encode()
    return record(uri, http_response(body), **kwargs)  # type: ignore[arg-type]


def write(path: Path, records: Sequence[bytes], *, gzip_members: bool | None = None) -> Path:
    """Write ``records`` to ``path``: one gzip member per record for a ``.gz`` name
    (``gzip_members=False``: one member for the whole file), else uncompressed."""
    members = path.name.endswith(".gz") if gzip_members is None else gzip_members
    if path.name.endswith(".gz"):
        data = (b"".join(gzip.compress(r) for r in records) if members
                else gzip.compress(b"".join(records)))
    else:
        data = b"".join(records)
    path.write_bytes(data)
    return path


def arc_record(url: str, content: bytes, *, date: str = "20240501100000",
               length: int | None = None) -> bytes:
    """One ARC (v1) record: a ``URL IP DATE TYPE LENGTH`` line, the content, a newline."""
    size = len(content) if length is None else length
    return f"{url} 192.0.2.1 {date} text/html {size}\n".encode() + content + b"\n"


def arc_file(records: Sequence[bytes]) -> list[bytes]:
    """``records`` after the ``filedesc://`` version block an ARC file starts with."""
    block = b"1 0 test\nURL IP-address Archive-date Content-type Archive-length\n"
    return [arc_record("filedesc://test.arc", block, date="20240501100000"), *records]
