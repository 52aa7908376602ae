"""A compressed body that ends before its stream does (gzip without its trailer, brotli or
zstd cut mid-frame) is a ``content_encoding_error``, not a shorter page; whole streams still
pass."""

from __future__ import annotations

import gzip

import brotli
import pytest
import zstandard

from newsclean.errors import FetchError
from newsclean.records import Failure, RawPage
from newsclean.scraper.fetch.content_encoding import ZSTD_MAX_WINDOW, BodyLimiter
from tests.scraper.fetch.server import HTML, Server, fixed

PAGE = HTML * 50
ENCODED = {
    "gzip": gzip.compress(PAGE, mtime=0),
    "br": brotli.compress(PAGE),
    "zstd": zstandard.ZstdCompressor().compress(PAGE),
}


def kind(result: RawPage | Failure) -> str:
    return "ok" if isinstance(result, RawPage) else result.reason


@pytest.mark.parametrize("coding", sorted(ENCODED))
def test_cut_stream_is_a_content_encoding_error(server: Server, fetch_one, coding: str) -> None:
    cut = ENCODED[coding][:-9]        # served with a matching Content-Length: no I/O error
    server.routes["/cut"] = fixed(body=cut, Content_Encoding=coding)
    result, elapsed = fetch_one(server.url("/cut"))
    assert kind(result) == "content_encoding_error", result
    assert isinstance(result, Failure) and "truncated compressed body" in result.message
    assert elapsed < 2


@pytest.mark.parametrize("coding", sorted(ENCODED))
def test_whole_stream_passes(server: Server, fetch_one, coding: str) -> None:
    server.routes["/whole"] = fixed(body=ENCODED[coding], Content_Encoding=coding)
    result, _ = fetch_one(server.url("/whole"))
    assert kind(result) == "ok" and isinstance(result, RawPage) and result.body == PAGE


def test_limiter_finish_checks_every_layer() -> None:
    inner = gzip.compress(PAGE, mtime=0)
    outer = gzip.compress(inner[:-9], mtime=0)     # outer layer whole, inner one cut
    limiter = BodyLimiter("u", "gzip, gzip", 10_000_000)
    limiter.feed(outer)
    with pytest.raises(FetchError, match="truncated compressed body"):
        limiter.finish()


def test_empty_body_with_an_encoding_is_not_truncated() -> None:
    limiter = BodyLimiter("u", "gzip", 1000)
    limiter.finish()
    assert limiter.body() == b""


def test_zstd_frame_asking_for_a_huge_window_is_refused() -> None:
    # a 128 MiB window (decoder memory) declared by a tiny frame: over RFC 9659's 8 MiB
    params = zstandard.ZstdCompressionParameters(window_log=27, write_content_size=False)
    writer = zstandard.ZstdCompressor(compression_params=params).compressobj()
    big = writer.compress(b"x" * 1000) + writer.flush()
    assert zstandard.get_frame_parameters(big).window_size > ZSTD_MAX_WINDOW
    limiter = BodyLimiter("u", "zstd", 10_000_000)
    with pytest.raises(FetchError, match="too much memory"):
        limiter.feed(big)
