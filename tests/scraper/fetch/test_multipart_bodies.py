"""Bodies made of several compressed parts: gzip members and zstd frames (RFC 8878).

The same checks for both codings over the real loopback server (every part decoded, the
caps on the total, part boundaries split across network writes, linear cost for many tiny
parts, a corrupt later part) and through :class:`BodyLimiter` at many chunk sizes. What
only one coding has (gzip zero padding, zstd skippable frames and window limits) is in
``test_gzip_members.py`` and ``test_zstd_frames.py``.
"""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import zstandard

from newsclean.errors import FetchError
from newsclean.records import Failure, RawPage
from newsclean.scraper.fetch.content_encoding import BodyLimiter
from tests.scraper.fetch.server import HTML, Request, Server, fixed, head_bytes, send

MAX = 1_000_000   # settings.max_bytes in these tests
FIRST, SECOND = HTML[:40], HTML[40:]           # the page is complete only with both parts
SLICE_OUTPUT = 256 * 1024                      # most one decoder call may add past a cap


@dataclass(frozen=True)
class Coding:
    name: str                                  # the Content-Encoding value
    part: Callable[[bytes], bytes]             # one member / frame holding the bytes
    corrupt_part: bytes                        # a part with a valid magic and junk after it

    def parts(self, *payloads: bytes) -> bytes:
        return b"".join(self.part(p) for p in payloads)


CODINGS = [
    Coding("gzip", lambda data: gzip.compress(data, mtime=0), b"\x1f\x8b\x08\x00garbage" * 10),
    Coding("zstd", zstandard.ZstdCompressor().compress, b"\x28\xb5\x2f\xfd" + b"garbage" * 10),
]


@pytest.fixture(params=CODINGS, ids=[c.name for c in CODINGS])
def coding(request: pytest.FixtureRequest) -> Coding:
    return request.param


def kind(result: RawPage | Failure) -> str:
    return "ok" if isinstance(result, RawPage) else result.reason


def feed_in_chunks(limiter: BodyLimiter, data: bytes, size: int) -> bytes:
    for start in range(0, len(data), size):
        limiter.feed(data[start:start + size])
    return limiter.body()


def test_two_parts_yield_the_whole_page(server: Server, fetch_one, coding: Coding) -> None:
    server.routes["/two"] = fixed(body=coding.parts(FIRST, SECOND), Content_Encoding=coding.name)
    result, elapsed = fetch_one(server.url("/two"))
    assert kind(result) == "ok" and result.body == HTML
    assert elapsed < 2 and server.hits["/two"] == 1


def test_part_boundary_across_network_writes(server: Server, fetch_one,
                                             coding: Coding) -> None:
    body = coding.parts(FIRST, SECOND)
    cut = len(coding.part(FIRST)) + 1          # inside the second part's magic bytes

    async def split(request: Request, writer: asyncio.StreamWriter, srv: Server) -> None:
        await send(writer, srv, request.path, head_bytes(200, {
            "Content-Type": "text/html", "Content-Encoding": coding.name,
            "Content-Length": str(len(body))}) + body[:cut])
        await asyncio.sleep(0.05)
        await send(writer, srv, request.path, body[cut:])

    server.routes["/split"] = split
    result, elapsed = fetch_one(server.url("/split"))
    assert kind(result) == "ok" and result.body == HTML
    assert elapsed < 2


def test_parts_over_the_cap_together_are_too_large(server: Server, fetch_one,
                                                   coding: Coding) -> None:
    part = b"<p>" + b"a" * (MAX // 2) + b"</p>"      # each part alone is under the cap
    body = coding.parts(part, part, part)
    assert len(body) < MAX // 100
    server.routes["/big"] = fixed(body=body, Content_Encoding=coding.name)
    result, elapsed = fetch_one(server.url("/big"))
    assert kind(result) == "too_large" and "after decoding" in result.message
    assert elapsed < 2


def test_many_tiny_parts_stay_cheap(server: Server, fetch_one, coding: Coding) -> None:
    """Tens of thousands of empty parts (under the 1 MB wire cap), then the page."""
    empty = coding.part(b"")
    body = empty * ((MAX - 1000) // len(empty)) + coding.part(HTML)
    assert len(body) <= MAX
    server.routes["/tiny"] = fixed(body=body, Content_Encoding=coding.name)
    result, elapsed = fetch_one(server.url("/tiny"))
    assert kind(result) == "ok" and result.body == HTML
    assert elapsed < 2


def test_corrupt_second_part_is_a_content_encoding_error(server: Server, fetch_one,
                                               coding: Coding) -> None:
    body = coding.part(FIRST) + coding.corrupt_part
    server.routes["/bad"] = fixed(body=body, Content_Encoding=coding.name)
    result, _ = fetch_one(server.url("/bad"))
    assert kind(result) == "content_encoding_error"


@pytest.mark.parametrize("size", [1, 2, 3, 7, 8, 9, 64, 4096])
def test_limiter_joins_parts_at_any_chunk_boundary(coding: Coding, size: int) -> None:
    body = coding.parts(FIRST, b"", SECOND)
    assert feed_in_chunks(BodyLimiter("u", coding.name, MAX), body, size) == HTML


def test_limiter_caps_the_total_across_parts(coding: Coding) -> None:
    part = b"\0" * 600_000
    limiter = BodyLimiter("u", coding.name, MAX)
    with pytest.raises(FetchError) as info:
        feed_in_chunks(limiter, coding.parts(part, part), 4096)
    assert info.value.reason == "too_large"
    assert limiter.decoded_bytes <= MAX + SLICE_OUTPUT


def test_stacked_codings_with_parts_at_both_levels(coding: Coding) -> None:
    """``Content-Encoding: gzip, gzip`` (or zstd, zstd): several parts at both levels."""
    inner = coding.parts(FIRST, SECOND)
    body = coding.parts(inner[:10], inner[10:])
    encoding = f"{coding.name}, {coding.name}"
    assert feed_in_chunks(BodyLimiter("u", encoding, MAX), body, 11) == HTML
