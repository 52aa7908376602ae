"""Bounded decoders, without a server: exact output, limits, bombs."""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest
import zstandard

from newsclean.errors import FetchError
from newsclean.scraper.fetch.content_encoding import BodyLimiter

DATA = b"<p>Some news text, some more news text.</p>\n" * 5_000


def encode(data: bytes, coding: str) -> bytes:
    return {
        "gzip": gzip.compress, "br": brotli.compress,
        "zstd": lambda d: zstandard.ZstdCompressor().compress(d),
        "deflate": zlib.compress,
        "identity": lambda d: d,
    }[coding](data)


def feed_in_chunks(limiter: BodyLimiter, data: bytes, size: int = 4096) -> bytes:
    for start in range(0, len(data), size):
        limiter.feed(data[start:start + size])
    return limiter.body()


@pytest.mark.parametrize("coding", ["gzip", "br", "zstd", "deflate", "identity"])
def test_roundtrip(coding: str) -> None:
    limiter = BodyLimiter("u", coding, 10 * len(DATA))
    assert feed_in_chunks(limiter, encode(DATA, coding)) == DATA


def test_raw_deflate() -> None:
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = comp.compress(DATA) + comp.flush()
    assert feed_in_chunks(BodyLimiter("u", "deflate", 10 * len(DATA)), raw) == DATA


@pytest.mark.parametrize("codings", [["gzip", "br"], ["br", "gzip"], ["zstd", "gzip", "br"]])
def test_stacked(codings: list[str]) -> None:
    body = DATA
    for coding in codings:
        body = encode(body, coding)
    limiter = BodyLimiter("u", ", ".join(codings), 10 * len(DATA))
    assert feed_in_chunks(limiter, body) == DATA


@pytest.mark.parametrize("coding", ["gzip", "br", "zstd", "identity"])
def test_limit_after_decoding(coding: str) -> None:
    limiter = BodyLimiter("u", coding, len(DATA) - 1)
    with pytest.raises(FetchError) as info:
        feed_in_chunks(limiter, encode(DATA, coding))
    assert info.value.reason == "too_large"
    assert limiter.decoded_bytes <= len(DATA) + 256 * 1024


@pytest.mark.parametrize("coding", ["gzip", "br", "zstd"])
def test_single_chunk_bomb_bounded(coding: str) -> None:
    """A whole bomb in one chunk still stops near the limit."""
    zeros = b"\0" * 50_000_000
    limiter = BodyLimiter("u", coding, 1_000_000)
    with pytest.raises(FetchError):
        limiter.feed(encode(zeros, coding))
    assert limiter.decoded_bytes < 1_000_000 + 512 * 1024


def test_unsupported_and_corrupt() -> None:
    with pytest.raises(FetchError) as info:
        BodyLimiter("u", "compress", 100)
    assert info.value.reason == "content_encoding_error"
    limiter = BodyLimiter("u", "br", 10_000)
    with pytest.raises(FetchError) as info:
        limiter.feed(b"not brotli at all" * 10)
    assert info.value.reason == "content_encoding_error"


def test_raw_deflate_inside_stack() -> None:
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = gzip.compress(comp.compress(DATA) + comp.flush())
    assert feed_in_chunks(BodyLimiter("u", "deflate, gzip", 10 * len(DATA)), body) == DATA
