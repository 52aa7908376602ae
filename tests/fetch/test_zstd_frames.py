"""Multi-frame zstd bodies (concatenated frames, RFC 8878): all frames decoded, caps on the total.

Over the real loopback server, each test asserts the outcome and a bound; the
:class:`BodyLimiter` and :class:`Zstd` tests feed frame boundaries at many chunk sizes.
"""

from __future__ import annotations

import asyncio
import struct

import pytest
import zstandard

from newsclean.errors import FetchError
from newsclean.records import Failure, RawPage
from scraper.limits import STEP, BodyLimiter, Zstd
from tests.fetch.server import HTML, Request, Server, fixed, head_bytes, send

MAX = 1_000_000   # settings.max_bytes in these tests
SLICE_OUTPUT = 256 * 1024   # most one zstd input slice may decode to (see limits._ZSTD_SLICE)
FIRST, SECOND = HTML[:40], HTML[40:]           # the page is complete only with both frames
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def kind(result: RawPage | Failure) -> str:
    return "ok" if isinstance(result, RawPage) else result.kind


def frame(part: bytes, checksum: bool = False) -> bytes:
    """One zstd frame holding ``part`` (with its content size in the header)."""
    return zstandard.ZstdCompressor(write_checksum=checksum).compress(part)


def frames(*parts: bytes) -> bytes:
    """One zstd frame per part, concatenated."""
    return b"".join(frame(part) for part in parts)


def skippable(payload: bytes) -> bytes:
    """A skippable frame (magic 0x184D2A5?, little-endian size, payload)."""
    return struct.pack("<II", 0x184D2A53, len(payload)) + payload


TWO_FRAMES = frames(FIRST, SECOND)


async def split_at_magic(request: Request, writer: asyncio.StreamWriter,
                         server: Server) -> None:
    """Two frames, written so the second's magic number straddles two network writes."""
    cut = len(frame(FIRST)) + 2
    assert TWO_FRAMES[cut - 2:cut + 2] == ZSTD_MAGIC
    await send(writer, server, request.path, head_bytes(200, {
        "Content-Type": "text/html", "Content-Encoding": "zstd",
        "Content-Length": str(len(TWO_FRAMES))}) + TWO_FRAMES[:cut])
    await asyncio.sleep(0.05)
    await send(writer, server, request.path, TWO_FRAMES[cut:])


def test_two_frames_yield_the_whole_page(server: Server, fetch_one) -> None:
    server.routes["/two"] = fixed(body=TWO_FRAMES, Content_Encoding="zstd")
    result, elapsed = fetch_one(server.url("/two"))
    assert kind(result) == "ok" and result.body == HTML
    assert elapsed < 2 and server.hits["/two"] == 1


def test_frame_boundary_across_network_writes(server: Server, fetch_one) -> None:
    server.routes["/split"] = split_at_magic
    result, elapsed = fetch_one(server.url("/split"))
    assert kind(result) == "ok" and result.body == HTML
    assert elapsed < 2


def test_frames_over_the_cap_together_are_too_large(server: Server, fetch_one) -> None:
    part = b"<p>" + b"a" * (MAX // 2) + b"</p>"      # each frame alone is under the cap
    body = frames(part, part, part)
    assert len(body) < MAX // 100
    server.routes["/big"] = fixed(body=body, Content_Encoding="zstd")
    result, elapsed = fetch_one(server.url("/big"))
    assert kind(result) == "too_large" and "after decoding" in result.message
    assert elapsed < 2


def test_many_tiny_frames_stay_cheap(server: Server, fetch_one) -> None:
    """~110,000 empty frames (under the 1 MB wire cap) then the page: linear work."""
    empty = frame(b"")
    body = empty * ((MAX - 1000) // len(empty)) + frame(HTML)
    assert len(body) <= MAX
    server.routes["/tiny"] = fixed(body=body, Content_Encoding="zstd")
    result, elapsed = fetch_one(server.url("/tiny"))
    assert kind(result) == "ok" and result.body == HTML
    assert elapsed < 2


@pytest.mark.parametrize("second", [
    ZSTD_MAGIC + b"garbage" * 10,                                 # a frame header that is junk
    frame(SECOND, checksum=True)[:-1] + b"\x00",                  # a wrong content checksum
], ids=["bad-header", "bad-checksum"])
def test_corrupt_second_frame_is_a_decode_error(server: Server, fetch_one,
                                                second: bytes) -> None:
    assert zstandard.ZstdDecompressor().decompress(frame(SECOND, checksum=True)) == SECOND
    server.routes["/bad"] = fixed(body=frame(FIRST) + second, Content_Encoding="zstd")
    result, _ = fetch_one(server.url("/bad"))
    assert kind(result) == "decode_error"


def feed_in_chunks(limiter: BodyLimiter, data: bytes, size: int) -> bytes:
    for start in range(0, len(data), size):
        limiter.feed(data[start:start + size])
    return limiter.body()


CHUNK_SIZES = [1, 2, 3, 7, 8, 9, 64, 4096]


@pytest.mark.parametrize("size", CHUNK_SIZES)
def test_limiter_joins_frames_at_any_chunk_boundary(size: int) -> None:
    body = frames(FIRST, b"", SECOND)
    assert feed_in_chunks(BodyLimiter("u", "zstd", MAX), body, size) == HTML


@pytest.mark.parametrize("size", CHUNK_SIZES)
def test_limiter_passes_over_skippable_frames(size: int) -> None:
    body = skippable(b"meta") + frame(FIRST) + skippable(b"") + skippable(b"x" * 20) \
        + frame(SECOND)
    assert feed_in_chunks(BodyLimiter("u", "zstd", MAX), body, size) == HTML


@pytest.mark.parametrize("size", CHUNK_SIZES)
def test_decoder_reads_every_frame(size: int) -> None:
    """The :class:`Zstd` decoder alone, read after every chunk as the limiter does."""
    body = frames(FIRST, b"", SECOND, HTML)
    decoder, out = Zstd(), bytearray()
    for start in range(0, len(body), size):
        decoder.feed(body[start:start + size])
        while piece := decoder.read(STEP):
            out += piece
    assert bytes(out) == HTML + HTML and decoder.eof


def test_decoder_output_per_read_stays_bounded_across_frames() -> None:
    """Two 2 MB frames of zeros fed at once: every read stays near ``size``."""
    zeros = b"\0" * 2_000_000
    decoder = Zstd()
    decoder.feed(frames(zeros, zeros))
    reads = []
    while piece := decoder.read(STEP):
        reads.append(len(piece))
    assert sum(reads) == 2 * len(zeros)
    assert max(reads) < STEP + SLICE_OUTPUT


def test_limiter_caps_the_total_across_frames() -> None:
    part = b"\0" * 600_000
    limiter = BodyLimiter("u", "zstd", MAX)
    with pytest.raises(FetchError) as info:
        limiter.feed(frames(part, part))
    assert info.value.outcome == "too_large"
    assert limiter.decoded_bytes <= MAX + SLICE_OUTPUT


@pytest.mark.parametrize("size", [1, 7, 4096])
def test_bytes_after_the_last_frame_are_a_decode_error(size: int) -> None:
    """Junk that is not a frame is refused wherever it falls, as the zstd tool does."""
    limiter = BodyLimiter("u", "zstd", MAX)
    with pytest.raises(FetchError) as info:
        feed_in_chunks(limiter, TWO_FRAMES + b"<trailing junk>", size)
    assert info.value.outcome == "decode_error"


def test_stacked_multi_frame_zstd() -> None:
    """``Content-Encoding: zstd, zstd``: frames at both levels."""
    inner = frames(FIRST, SECOND)
    body = frames(inner[:10], inner[10:])
    assert feed_in_chunks(BodyLimiter("u", "zstd, zstd", MAX), body, 11) == HTML
