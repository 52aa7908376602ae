"""Byte-level faults: each asserts the outcome and a bound (time, bytes, hits, memory)."""

from __future__ import annotations

import asyncio
import dataclasses
import gzip
import time
import tracemalloc
import zlib

import brotli
import pytest
import zstandard

from newsclean.records import Failure, RawPage
from newsclean.scraper.fetch.retry import RetryPolicy
from newsclean.scraper.fetch.run import fetch_urls
from tests.scraper.fetch.server import (
    HTML,
    Request,
    Server,
    fetch_all,
    fixed,
    gaps,
    head_bytes,
    reset_socket,
    send,
)

MAX = 1_000_000   # settings.max_bytes in these tests


def kind(result: RawPage | Failure) -> str:
    return "ok" if isinstance(result, RawPage) else result.reason


async def slow_loris(request: Request, writer: asyncio.StreamWriter, server: Server) -> None:
    await send(writer, server, request.path,
               head_bytes(200, {"Content-Type": "text/html", "Content-Length": "1000"}))
    for _ in range(1000):
        await send(writer, server, request.path, b"x")
        await asyncio.sleep(0.25)     # each byte well inside read_timeout


async def endless(request: Request, writer: asyncio.StreamWriter, server: Server) -> None:
    await send(writer, server, request.path, head_bytes(200, {"Content-Type": "text/html"}))
    chunk = b"<p>" + b"a" * 65_536 + b"</p>"
    while True:
        await send(writer, server, request.path, chunk)


def huge(with_length: bool):
    async def handler(request: Request, writer: asyncio.StreamWriter, server: Server) -> None:
        size = 50 * MAX
        headers = {"Content-Type": "text/html"}
        if with_length:
            headers["Content-Length"] = str(size)
        await send(writer, server, request.path, head_bytes(200, headers))
        for _ in range(size // 65_536):
            await send(writer, server, request.path, b"b" * 65_536)
    return handler


async def truncated(request: Request, writer: asyncio.StreamWriter, server: Server) -> None:
    await send(writer, server, request.path,
               head_bytes(200, {"Content-Type": "text/html", "Content-Length": "5000"}) + HTML)


async def reset(request: Request, writer: asyncio.StreamWriter, server: Server) -> None:
    await send(writer, server, request.path,
               head_bytes(200, {"Content-Type": "text/html", "Content-Length": "5000"}) + HTML)
    await asyncio.sleep(0.05)
    reset_socket(writer)


def bomb(encoding: str, size: int = 300 * MAX) -> bytes:
    """``size`` zero bytes compressed with ``encoding``, made without holding them."""
    block = b"\0" * 1_000_000
    if encoding == "gzip":
        comp = zlib.compressobj(9, zlib.DEFLATED, 31)
        return b"".join(comp.compress(block) for _ in range(size // len(block))) + comp.flush()
    if encoding == "br":
        comp = brotli.Compressor(quality=5)
        parts = [comp.process(block) for _ in range(size // len(block))]
        return b"".join(parts) + comp.finish()
    comp = zstandard.ZstdCompressor(level=3).compressobj()
    return b"".join(comp.compress(block) for _ in range(size // len(block))) + comp.flush()


def test_slow_loris_hits_total_deadline(server: Server, fetch_one) -> None:
    server.routes["/slow"] = slow_loris
    result, elapsed = fetch_one(server.url("/slow"), total_timeout=1.5)
    assert kind(result) == "timeout" and "deadline" in result.message
    assert 1.4 < elapsed < 3.0
    assert server.hits["/slow"] == 1          # timeouts are not retried


def test_endless_stream_cut_at_max_bytes(server: Server, fetch_one) -> None:
    server.routes["/endless"] = endless
    result, elapsed = fetch_one(server.url("/endless"))
    assert kind(result) == "too_large" and elapsed < 2
    assert server.sent["/endless"] < 20 * MAX    # stopped reading soon after the limit


@pytest.mark.parametrize("with_length", [True, False])
def test_huge_body(server: Server, fetch_one, with_length: bool) -> None:
    server.routes["/huge"] = huge(with_length)
    result, elapsed = fetch_one(server.url("/huge"))
    assert kind(result) == "too_large" and elapsed < 2
    if with_length:
        assert "Content-Length" in result.message   # refused before reading the body
    assert server.sent["/huge"] < 20 * MAX


def test_truncated_body(server: Server, fetch_one) -> None:
    server.routes["/cut"] = truncated
    result, elapsed = fetch_one(server.url("/cut"))
    assert kind(result) == "network_error" and elapsed < 2
    assert server.hits["/cut"] == 1


def test_reset_connection(server: Server, fetch_one) -> None:
    server.routes["/reset"] = reset
    result, elapsed = fetch_one(server.url("/reset"))
    assert kind(result) == "network_error" and elapsed < 2
    assert server.hits["/reset"] == 1


def fetch_with_peak(fetch_one, url: str) -> tuple[object, float, int]:
    """Fetch ``url``; return (result, elapsed seconds, peak traced bytes)."""
    tracemalloc.start()
    try:
        result, elapsed = fetch_one(url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, elapsed, peak


@pytest.mark.parametrize("encoding", ["gzip", "br", "zstd"])
def test_compression_bomb(server: Server, fetch_one, encoding: str) -> None:
    body = bomb(encoding)
    assert len(body) < MAX                    # small on the wire, 300 MB inflated
    server.routes["/bomb"] = fixed(body=body, Content_Encoding=encoding)
    result, elapsed, peak = fetch_with_peak(fetch_one, server.url("/bomb"))
    assert kind(result) == "too_large" and "after decoding" in result.message
    assert peak < 8 * MAX and elapsed < 5


def test_stacked_bomb(server: Server, fetch_one) -> None:
    body = gzip.compress(bomb("gzip"))          # gzip of a gzip bomb
    server.routes["/bomb2"] = fixed(body=body, Content_Encoding="gzip, gzip")
    result, _, peak = fetch_with_peak(fetch_one, server.url("/bomb2"))
    assert kind(result) == "too_large" and peak < 8 * MAX


def test_corrupt_gzip(server: Server, fetch_one) -> None:
    server.routes["/bad"] = fixed(body=b"\x1f\x8b\x08\x00garbage" * 10, Content_Encoding="gzip")
    result, _ = fetch_one(server.url("/bad"))
    assert kind(result) == "content_encoding_error"


def test_429_with_retry_after_every_time(server: Server, fetch_one) -> None:
    server.routes["/busy"] = fixed(429, b"slow down", "text/plain", Retry_After="1")
    result, elapsed = fetch_one(server.url("/busy"))      # 2 retries
    assert kind(result) == "http_error" and "429" in result.message
    assert server.hits["/busy"] == 3               # 1 + retries
    assert all(gap >= 0.9 for gap in gaps(server.hit_times["/busy"]))        # Retry-After honoured
    assert elapsed < 4


def test_retry_after_over_cap_is_not_waited(server: Server, fetch_one) -> None:
    server.routes["/busy"] = fixed(503, b"", "text/plain", Retry_After="3600")
    result, elapsed = fetch_one(server.url("/busy"))
    assert kind(result) == "http_error" and "over cap" in result.message
    assert server.hits["/busy"] == 1 and elapsed < 1


def test_connect_refused_is_retried_then_fails(fetch_one) -> None:
    lookups: list[str] = []
    def resolver(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]
    result, elapsed = fetch_one("http://refused.test:9/x", resolver=resolver,   # nothing on 9
                                respect_robots=False, allow_hosts=frozenset({"refused.test"}))
    assert kind(result) == "network_error" and elapsed < 2
    assert lookups == ["refused.test"] * 3           # one connect attempt per try


def test_robots_unreachable_host(fetch_one) -> None:
    result, elapsed = fetch_one("http://127.0.0.1:9/x")
    assert kind(result) == "network_error" and elapsed < 2
    assert "http://127.0.0.1:9 could not be reached: connect error" in result.message


def test_failing_host_is_given_up(server: Server, settings) -> None:
    server.routes["/down"] = fixed(503, b"")
    urls = [server.url(f"/down?{i}") for i in range(8)]
    results = fetch_all(urls, dataclasses.replace(settings, retry=RetryPolicy(retries=0),
                                                  host_failure_limit=3))
    kinds = [kind(r) for r in results]
    assert kinds.count("http_error") == 3 and kinds.count("host_given_up") == 5
    assert server.hits["/down"] == 3


def test_closing_early_cancels_slow_requests(server: Server, settings) -> None:
    server.routes["/slow"] = slow_loris
    server.routes["/a"] = fixed()
    items = [(0, server.url("/a"))] + [(i, server.url(f"/slow?{i}")) for i in range(1, 4)]
    start = time.monotonic()
    gen = fetch_urls(items, dataclasses.replace(settings, per_host_concurrency=4,
                                                total_timeout=30.0, read_timeout=30.0))
    first = next(gen)
    gen.close()
    assert kind(first) == "ok" and time.monotonic() - start < 1.5
