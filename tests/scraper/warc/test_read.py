"""WARC files in, pages out: every kind of record, bad records, selection, memory."""

from __future__ import annotations

import gzip
import io
import re
import tracemalloc
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsclean.errors import WarcRecordError
from newsclean.records import Failure, RawPage
from newsclean.scraper.warc import RecordFilter, read_warc
from newsclean.scraper.warc.framing import Problem, Skipped, iter_records
from newsclean.scraper.warc.read import dechunk
from tests.scraper.warc.warcfiles import arc_file, arc_record, http_response, page, record, write

GOOD = [page(f"https://news.example/story-{i}", f"Story {i}") for i in range(3)]


def read(path: Path, **kwargs: object) -> tuple[list[RawPage], list[Failure], Counter[str]]:
    counts: Counter[str] = Counter()
    results = list(read_warc(path, counts=counts, **kwargs))  # type: ignore[arg-type]
    pages = [r for r in results if isinstance(r, RawPage)]
    failures = [r for r in results if isinstance(r, Failure)]
    assert len(pages) + len(failures) == len(results)
    return pages, failures, counts


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_html_responses_become_pages_and_the_rest_is_counted(tmp_path: Path, name: str) -> None:
    records = [
        record("https://news.example/story-0", b"GET /story-0 HTTP/1.1\r\n\r\n", kind="request"),
        GOOD[0],
        record("https://news.example/logo.png",
               http_response(b"\x89PNG....", content_type="image/png")),
        record("https://news.example/gone", http_response(b"<p>nope</p>",
                                                           status="404 Not Found")),
        record("https://news.example/story-0", b"", kind="revisit"),
        record("urn:uuid:1", b"software: test", kind="warcinfo"),
        record("dns:news.example", b"203.0.113.9", kind="response"),
        GOOD[1], GOOD[2],
    ]
    pages, failures, counts = read(write(tmp_path / name, records))
    assert failures == []
    assert [p.source for p in pages] == [f"https://news.example/story-{i}" for i in range(3)]
    assert all(p.url == p.source and p.index == -1 for p in pages)
    assert pages[0].content_type == "text/html; charset=utf-8"
    assert pages[0].fetched_at == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)   # its WARC-Date
    assert b"<h1>Story 0</h1>" in pages[0].body and pages[0].body.endswith(b"</html>")
    assert counts == Counter({"record/not_response": 2, "record/not_html": 1,
                              "record/http_status": 1, "record/revisit": 1,
                              "record/not_http": 1})


def test_content_encoding_and_chunked_transfer_are_undone(tmp_path: Path) -> None:
    html = b"<html><body><p>Un article en fran\xc3\xa7ais.</p></body></html>"
    chunked = b"10\r\n" + html[:16] + b"\r\n" + f"{len(html) - 16:x}".encode() + b"\r\n" + \
        html[16:] + b"\r\n0\r\n\r\n"
    records = [
        record("https://e.example/gz", http_response(gzip.compress(html),
                                                     headers=["Content-Encoding: gzip"])),
        record("https://e.example/chunked", http_response(
            chunked, content_type="text/html; charset=utf-8",
            headers=["Transfer-Encoding: chunked"])),
    ]
    pages, failures, _ = read(write(tmp_path / "enc.warc.gz", records))
    assert failures == []
    assert [p.body for p in pages] == [html, html]


def test_a_bad_chunked_body_is_a_malformed_record_error() -> None:
    with pytest.raises(WarcRecordError, match="chunk"):
        dechunk(b"zz\r\nabc\r\n0\r\n\r\n")
    with pytest.raises(WarcRecordError, match="cut short"):
        dechunk(b"ff\r\nabc")


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_a_truncated_last_record_costs_that_record_only(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, GOOD)
    data = path.read_bytes()
    path.write_bytes(data[:-40])              # cut inside the last record (or gzip member)
    pages, failures, _ = read(path)
    assert [p.source for p in pages] == GOOD_URIS[:2]
    assert len(failures) == 1
    assert failures[0].reason == "truncated_record"
    assert failures[0].source.startswith(f"{path}@")
    assert "story-2" in failures[0].message or "gzip" in failures[0].message


GOOD_URIS = [f"https://news.example/story-{i}" for i in range(3)]


@pytest.mark.parametrize("name,lie", [("long.warc", 5000), ("short.warc", 30),
                                      ("long.warc.gz", 5000), ("short.warc.gz", 30)])
def test_a_lying_content_length_costs_that_record_only(tmp_path: Path, name: str,
                                                       lie: int) -> None:
    liar = page("https://news.example/liar", "Liar", length=lie)
    path = write(tmp_path / name, [GOOD[0], liar, GOOD[1], GOOD[2]])
    pages, failures, _ = read(path)
    assert [p.source for p in pages] == GOOD_URIS
    assert [f.reason for f in failures] == ["malformed_record"]
    assert "Content-Length" in failures[0].message and "liar" in failures[0].message


def test_garbage_between_records_and_a_header_without_length(tmp_path: Path) -> None:
    no_length = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://e.example/x\r\n\r\n"
    path = write(tmp_path / "junk.warc", [GOOD[0], b"\x00\xffjunk bytes\r\n", no_length,
                                          GOOD[1]])
    pages, failures, _ = read(path)
    assert [p.source for p in pages] == GOOD_URIS[:2]
    assert [f.reason for f in failures] == ["malformed_record", "malformed_record"]
    assert "not a WARC record" in failures[0].message
    assert "Content-Length" in failures[1].message


def test_a_file_that_is_no_warc_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("just some text, not an archive\n")
    pages, failures, _ = read(path)
    assert pages == []
    assert [(f.source, f.reason) for f in failures] == [(f"{path}@0", "malformed_record")]
    assert "not a WARC record" in failures[0].message
    path.write_bytes(b"")
    assert [(f.source, f.reason) for f in read(path)[1]] == [(str(path), "malformed_record")]


def test_a_record_over_the_size_limit_is_passed_over(tmp_path: Path) -> None:
    big = page("https://news.example/big", "Big " * 5000)
    path = write(tmp_path / "big.warc.gz", [GOOD[0], big, GOOD[1]])
    pages, failures, _ = read(path, max_bytes=4096)
    assert [p.source for p in pages] == GOOD_URIS[:2]
    assert [f.reason for f in failures] == ["too_large"]
    assert "news.example/big" in failures[0].message


def test_selection_by_url_host_and_date_before_the_content_is_read(tmp_path: Path) -> None:
    records = [page("https://news.example/politics/a", "A", date="2024-05-01T10:00:00Z"),
               page("https://news.example/sport/b", "B", date="2024-05-03T10:00:00Z"),
               page("https://other.example/politics/c", "C", date="2024-05-03T10:00:00Z"),
               # content that is no HTTP reply at all: selecting it out never looks at it
               record("https://other.example/x", b"not http")]
    path = write(tmp_path / "sel.warc", records)
    chosen = RecordFilter(url_pattern=re.compile("/politics/"),
                          hosts=frozenset({"news.example", "other.example"}))
    pages, failures, counts = read(path, selection=chosen)
    assert [p.source for p in pages] == ["https://news.example/politics/a",
                                         "https://other.example/politics/c"]
    assert counts["record/not_selected"] == 2 and failures == []
    recent = RecordFilter(since=datetime(2024, 5, 2, tzinfo=UTC),
                          hosts=frozenset({"news.example"}))
    pages, _, counts = read(path, selection=recent)
    assert [p.source for p in pages] == ["https://news.example/sport/b"]
    assert counts["record/not_selected"] == 3


class _Endless(io.RawIOBase):
    """A 60 MB record made on the fly: the test never holds it either."""

    def __init__(self, size: int) -> None:
        head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://e.example/huge"
                f"\r\nContent-Length: {size}\r\n\r\n").encode()
        self._parts = [head]
        self._left = size
        self._tail = b"\r\n\r\n" + page("https://e.example/after", "After")

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._parts:
            return self._parts.pop()
        if self._left > 0:
            step = min(self._left, size if size > 0 else 1 << 20, 1 << 20)
            self._left -= step
            return b"x" * step
        out, self._tail = self._tail, b""
        return out


def test_memory_stays_flat_over_a_record_larger_than_the_limit() -> None:
    tracemalloc.start()
    try:
        items = list(iter_records(_Endless(60 << 20), max_bytes=1 << 20))  # type: ignore[arg-type]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [type(i) for i in items][:1] == [Skipped]
    assert items[0].length == 60 << 20
    assert len(items) == 2 and not isinstance(items[1], Problem)
    assert peak < 8 << 20, f"peak {peak / 2**20:.1f} MiB while passing over a 60 MiB record"


def test_a_corrupt_gzip_member_ends_the_file_with_a_failure(tmp_path: Path) -> None:
    members = [gzip.compress(r) for r in GOOD]
    broken = bytearray(members[1])
    broken[20:40] = b"\x00" * 20
    path = tmp_path / "corrupt.warc.gz"
    path.write_bytes(members[0] + bytes(broken) + members[2])
    pages, failures, _ = read(path)
    assert [p.source for p in pages] == GOOD_URIS[:1]
    assert [f.reason for f in failures] == ["truncated_record"]
    assert "corrupt" in failures[0].message


@pytest.mark.parametrize("name", ["old.arc", "old.arc.gz"])
def test_arc_files_are_read_like_warc(tmp_path: Path, name: str) -> None:
    body = b"<html><body><p>An older crawl.</p></body></html>"
    records = arc_file([
        arc_record("http://old.example/a", http_response(body), date="19990101120000"),
        arc_record("http://old.example/liar", http_response(body), length=9000),
        arc_record("http://old.example/b", http_response(body)),
        arc_record("http://old.example/pic.gif",
                   http_response(b"GIF89a", content_type="image/gif")),
    ])
    pages, failures, counts = read(write(tmp_path / name, records))
    assert [p.source for p in pages] == ["http://old.example/a", "http://old.example/b"]
    assert pages[0].body == body
    assert [f.reason for f in failures] == ["malformed_record"]
    assert counts == Counter({"record/not_response": 1, "record/not_html": 1})
    since = RecordFilter(since=datetime(2000, 1, 1, tzinfo=UTC))
    assert [p.source for p in read(tmp_path / name, selection=since)[0]] == [
        "http://old.example/b"]


def test_a_gzip_file_of_many_members_reads_to_its_end(tmp_path: Path) -> None:
    # one gzip member per record, as crawlers write them: thousands in one file
    records = [page(f"https://news.example/{i}", f"Story {i}") for i in range(5000)]
    pages, failures, _ = read(write(tmp_path / "many.warc.gz", records))
    assert failures == []
    assert [p.source for p in pages[-2:]] == ["https://news.example/4998",
                                              "https://news.example/4999"]
    assert len(pages) == 5000
