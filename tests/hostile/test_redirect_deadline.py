"""The total deadline covers a whole URL: five slow redirect hops do not get five
deadlines."""

from __future__ import annotations

import asyncio
import dataclasses
import time

from newsclean.records import Failure
from newsclean.scraper.fetch.retry import RetryPolicy
from newsclean.scraper.fetch.settings import FetchSettings
from tests.scraper.fetch.server import Request, Server, fetch_all, fixed, head_bytes, send

HOP_SECONDS = 0.8


def _slow_redirect(to: str):
    async def handler(request: Request, writer: asyncio.StreamWriter, server: Server) -> None:
        await asyncio.sleep(HOP_SECONDS)
        await send(writer, server, request.path,
                   head_bytes(302, {"Location": to, "Content-Length": "0"}))
    return handler


def test_the_deadline_covers_every_redirect_hop(server: Server):
    for hop in range(5):
        server.routes[f"/hop{hop}"] = _slow_redirect(f"/hop{hop + 1}")
    server.routes["/hop5"] = fixed()
    settings = FetchSettings(connect_timeout=1.0, read_timeout=1.5, total_timeout=2.0,
                             per_host_delay=0.0, retry=RetryPolicy(retries=0),
                             allow_hosts=frozenset({"127.0.0.1"}))
    started = time.monotonic()
    [result] = fetch_all([server.url("/hop0")], settings)
    elapsed = time.monotonic() - started
    assert isinstance(result, Failure), result
    assert result.reason == "timeout" and "all its redirect hops" in result.message
    assert elapsed < settings.total_timeout + 1.0       # not 5 x 0.8 s
    assert server.hits["/hop5"] == 0
    # each hop alone is well within the deadline: the old per-request deadline let it pass
    quick = dataclasses.replace(settings, total_timeout=5 * HOP_SECONDS + 2)
    [whole] = fetch_all([server.url("/hop0")], quick)
    assert not isinstance(whole, Failure), whole
