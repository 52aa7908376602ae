"""What only multi-frame zstd bodies have: skippable frames, content checksums, junk after
the last frame, and the :class:`Zstd` decoder's own bounds.

The checks zstd shares with gzip (every frame decoded, caps on the total, boundaries across
network writes, many tiny frames, a corrupt frame) are in ``test_multipart_bodies.py``.
"""

from __future__ import annotations

import struct

import pytest
import zstandard

from newsclean.errors import FetchError
from newsclean.records import Failure, RawPage
from newsclean.scraper.fetch.content_encoding import STEP, BodyLimiter, Zstd
from tests.scraper.fetch.server import HTML, Server, fixed

MAX = 1_000_000   # settings.max_bytes in these tests
SLICE_OUTPUT = 256 * 1024   # most one zstd input slice may decode to (see limits._ZSTD_SLICE)
FIRST, SECOND = HTML[:40], HTML[40:]           # the page is complete only with both frames


def kind(result: RawPage | Failure) -> str:
    return "ok" if isinstance(result, RawPage) else result.reason


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


def test_wrong_checksum_in_second_frame_is_a_content_encoding_error(server: Server,
                                                                   fetch_one) -> None:
    second = frame(SECOND, checksum=True)[:-1] + b"\x00"
    assert zstandard.ZstdDecompressor().decompress(frame(SECOND, checksum=True)) == SECOND
    server.routes["/bad"] = fixed(body=frame(FIRST) + second, Content_Encoding="zstd")
    result, _ = fetch_one(server.url("/bad"))
    assert kind(result) == "content_encoding_error"


def feed_in_chunks(limiter: BodyLimiter, data: bytes, size: int) -> bytes:
    for start in range(0, len(data), size):
        limiter.feed(data[start:start + size])
    return limiter.body()


CHUNK_SIZES = [1, 2, 3, 7, 8, 9, 64, 4096]


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


@pytest.mark.parametrize("size", [1, 7, 4096])
def test_bytes_after_the_last_frame_are_a_content_encoding_error(size: int) -> None:
    """Junk that is not a frame is refused wherever it falls, as the zstd tool does."""
    limiter = BodyLimiter("u", "zstd", MAX)
    with pytest.raises(FetchError) as info:
        feed_in_chunks(limiter, TWO_FRAMES + b"<trailing junk>", size)
    assert info.value.reason == "content_encoding_error"
