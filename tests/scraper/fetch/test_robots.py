"""robots.txt: 404 allows, 5xx/timeout skip the host, huge is capped, Crawl-delay."""

from __future__ import annotations

import asyncio
import dataclasses

from newsclean.records import Failure, RawPage
from newsclean.scraper.fetch.robots import ROBOTS_MAX_BYTES, policy_from_status
from tests.scraper.fetch.server import Request, Server, fetch_all, fixed, gaps, head_bytes, send


def kind(result: RawPage | Failure) -> str:
    return "ok" if isinstance(result, RawPage) else result.reason


def robots(text: str, status: int = 200):
    return fixed(status, text.encode(), "text/plain")


def test_robots_404_allows_all(server: Server, fetch_one) -> None:
    server.routes["/a"] = fixed()
    result, _ = fetch_one(server.url("/a"))
    assert kind(result) == "ok" and server.hits["/robots.txt"] == 1


def test_robots_disallow(server: Server, settings) -> None:
    server.routes["/robots.txt"] = robots("User-agent: *\nDisallow: /private\n")
    server.routes["/a"] = server.routes["/private/x"] = fixed()
    results = fetch_all([server.url("/a"), server.url("/private/x"), server.url("/a?2")],
                        settings)
    assert [kind(r) for r in results] == ["ok", "robots_denied", "ok"]
    assert server.hits["/private/x"] == 0
    assert server.hits["/robots.txt"] == 1          # cached per host per run


def test_robots_group_for_newsclean(server: Server, fetch_one) -> None:
    server.routes["/robots.txt"] = robots("User-agent: newsclean\nDisallow: /\n\n"
                                          "User-agent: *\nAllow: /\n")
    server.routes["/a"] = fixed()
    result, _ = fetch_one(server.url("/a"))
    assert kind(result) == "robots_denied"


def test_robots_500_skips_host(server: Server, settings) -> None:
    server.routes["/robots.txt"] = robots("oops", status=500)
    server.routes["/a"] = fixed()
    results = fetch_all([server.url(f"/a?{i}") for i in range(5)], settings)
    assert {kind(r) for r in results} == {"robots_unavailable"}
    assert server.hits["/a"] == 0
    assert server.hits["/robots.txt"] == 3          # 1 + retries, once for the whole run


def test_robots_timeout_skips_host(server: Server, fetch_one) -> None:
    async def stall(request: Request, writer: asyncio.StreamWriter, srv: Server) -> None:
        await asyncio.sleep(30)
    server.routes["/robots.txt"] = stall
    server.routes["/a"] = fixed()
    result, elapsed = fetch_one(server.url("/a"))
    assert kind(result) == "timeout" and "could not be reached" in result.message
    assert elapsed < 2.5 and server.hits["/a"] == 0


def test_robots_huge_is_capped(server: Server, settings) -> None:
    async def huge(request: Request, writer: asyncio.StreamWriter, srv: Server) -> None:
        await send(writer, srv, request.path, head_bytes(200, {"Content-Type": "text/plain"}))
        await send(writer, srv, request.path, b"User-agent: *\nDisallow: /early\n")
        for _ in range(200):      # 13 MB of comments, then a rule past the cap
            await send(writer, srv, request.path, b"# " + b"x" * 65_534 + b"\n")
        await send(writer, srv, request.path, b"Disallow: /late\n")
    server.routes["/robots.txt"] = huge
    server.routes["/early"] = server.routes["/late"] = fixed()
    results = fetch_all([server.url("/early"), server.url("/late")], settings)
    assert [kind(r) for r in results] == ["robots_denied", "ok"]
    assert server.sent["/robots.txt"] < 20 * ROBOTS_MAX_BYTES


def test_crawl_delay_over_cap(server: Server, fetch_one) -> None:
    server.routes["/robots.txt"] = robots("User-agent: *\nCrawl-delay: 60\n")
    server.routes["/a"] = fixed()
    result, elapsed = fetch_one(server.url("/a"))
    assert kind(result) == "crawl_delay_too_long" and elapsed < 1
    assert server.hits["/a"] == 0


def test_crawl_delay_observed(server: Server, settings) -> None:
    server.routes["/robots.txt"] = robots("User-agent: *\nCrawl-delay: 0.4\n")
    server.routes["/a"] = fixed()
    results = fetch_all([server.url(f"/a?{i}") for i in range(3)], settings)
    assert {kind(r) for r in results} == {"ok"}
    assert all(gap >= 0.3 for gap in gaps(server.hit_times["/a"]))


def test_per_host_delay_observed(server: Server, settings) -> None:
    server.routes["/a"] = fixed()
    polite = dataclasses.replace(settings, per_host_delay=0.2, respect_robots=False)
    results = fetch_all([server.url(f"/a?{i}") for i in range(4)], polite)
    assert {kind(r) for r in results} == {"ok"}
    assert all(gap >= 0.15 for gap in gaps(server.hit_times["/a"]))


def test_policy_from_status() -> None:
    assert policy_from_status(404, b"").allows("http://x/a", "newsclean")
    assert policy_from_status(403, b"").unavailable is None
    assert policy_from_status(503, b"").unavailable
    assert policy_from_status(429, b"").unavailable
