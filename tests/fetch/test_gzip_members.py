"""Multi-member gzip bodies (concatenated members): all members decoded, caps on the total.

Over the real loopback server, each test asserts the outcome and a bound; the
:class:`BodyLimiter` tests feed member boundaries at every chunk offset.
"""

from __future__ import annotations

import asyncio
import gzip

import pytest

from newsclean.errors import FetchError
from newsclean.records import Failure, RawPage
from scraper.limits import BodyLimiter
from tests.fetch.server import HTML, Request, Server, fixed, head_bytes, send

MAX = 1_000_000   # settings.max_bytes in these tests
FIRST, SECOND = HTML[:40], HTML[40:]           # the page is complete only with both members
TWO_MEMBERS = gzip.compress(FIRST, mtime=0) + gzip.compress(SECOND, mtime=0)


def kind(result: RawPage | Failure) -> str:
    return "ok" if isinstance(result, RawPage) else result.kind


def members(*parts: bytes) -> bytes:
    """One gzip member per part, concatenated."""
    return b"".join(gzip.compress(part, mtime=0) for part in parts)


async def split_at_magic(request: Request, writer: asyncio.StreamWriter,
                         server: Server) -> None:
    """Two members, written so the second's magic bytes straddle two network writes."""
    cut = len(gzip.compress(FIRST, mtime=0)) + 1
    await send(writer, server, request.path, head_bytes(200, {
        "Content-Type": "text/html", "Content-Encoding": "gzip",
        "Content-Length": str(len(TWO_MEMBERS))}) + TWO_MEMBERS[:cut])
    await asyncio.sleep(0.05)
    await send(writer, server, request.path, TWO_MEMBERS[cut:])


def test_two_members_yield_the_whole_page(server: Server, fetch_one) -> None:
    server.routes["/two"] = fixed(body=TWO_MEMBERS, Content_Encoding="gzip")
    result, elapsed = fetch_one(server.url("/two"))
    assert kind(result) == "ok" and result.body == HTML
    assert elapsed < 2 and server.hits["/two"] == 1


def test_member_boundary_across_network_writes(server: Server, fetch_one) -> None:
    server.routes["/split"] = split_at_magic
    result, elapsed = fetch_one(server.url("/split"))
    assert kind(result) == "ok" and result.body == HTML
    assert elapsed < 2


def test_members_over_the_cap_together_are_too_large(server: Server, fetch_one) -> None:
    part = b"<p>" + b"a" * (MAX // 2) + b"</p>"      # each member alone is under the cap
    body = members(part, part, part)
    assert len(body) < MAX // 100
    server.routes["/big"] = fixed(body=body, Content_Encoding="gzip")
    result, elapsed = fetch_one(server.url("/big"))
    assert kind(result) == "too_large" and "after decoding" in result.message
    assert elapsed < 2


def test_many_tiny_members_stay_cheap(server: Server, fetch_one) -> None:
    """~45,000 empty members (under the 1 MB wire cap) then the page: linear work."""
    empty = gzip.compress(b"", mtime=0)
    body = empty * ((MAX - 1000) // len(empty)) + gzip.compress(HTML, mtime=0)
    assert len(body) <= MAX
    server.routes["/tiny"] = fixed(body=body, Content_Encoding="gzip")
    result, elapsed = fetch_one(server.url("/tiny"))
    assert kind(result) == "ok" and result.body == HTML
    assert elapsed < 2


def test_corrupt_second_member_is_a_decode_error(server: Server, fetch_one) -> None:
    body = gzip.compress(FIRST, mtime=0) + b"\x1f\x8b\x08\x00garbage" * 10
    server.routes["/bad"] = fixed(body=body, Content_Encoding="gzip")
    result, _ = fetch_one(server.url("/bad"))
    assert kind(result) == "decode_error"


def feed_in_chunks(limiter: BodyLimiter, data: bytes, size: int) -> bytes:
    for start in range(0, len(data), size):
        limiter.feed(data[start:start + size])
    return limiter.body()


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, 4096])
def test_limiter_joins_members_at_any_chunk_boundary(size: int) -> None:
    body = members(FIRST, b"", SECOND)
    assert feed_in_chunks(BodyLimiter("u", "gzip", MAX), body, size) == HTML


def test_limiter_skips_zero_padding_and_ignores_trailing_junk() -> None:
    body = gzip.compress(FIRST) + b"\0" * 10 + gzip.compress(SECOND) + b"<trailing junk>"
    limiter = BodyLimiter("u", "gzip", MAX)
    assert feed_in_chunks(limiter, body, 5) == HTML


def test_limiter_caps_the_total_across_members() -> None:
    part = b"\0" * 600_000
    limiter = BodyLimiter("u", "gzip", MAX)
    with pytest.raises(FetchError) as info:
        feed_in_chunks(limiter, members(part, part), 4096)
    assert info.value.outcome == "too_large"
    assert limiter.decoded_bytes <= MAX + 256 * 1024


def test_stacked_multi_member_gzip() -> None:
    """``Content-Encoding: gzip, gzip``: members at both levels."""
    body = members(members(FIRST, SECOND)[:30], members(FIRST, SECOND)[30:])
    assert feed_in_chunks(BodyLimiter("u", "gzip, gzip", MAX), body, 11) == HTML
