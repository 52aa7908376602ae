"""The one retry policy: what is retried, how often, how long to wait, and the counts.

Unit checks of :class:`RetryPolicy`, then the real loopback server: retries counted per
reason on the run (``FetchRun.retries``) and in the pipeline's run summary.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading

import pytest

from newsclean import pipeline
from newsclean.config import load_config
from newsclean.engine.summary import parse_summary
from newsclean.errors import BlockedAddressError, FetchError, HTTPStatusError
from newsclean.records import RawPage
from newsclean.scraper.fetch.retry import RetryPolicy
from newsclean.scraper.fetch.run import FetchRun
from newsclean.scraper.fetch.settings import FetchSettings
from tests.scraper.discovery.site import article
from tests.scraper.fetch.server import Handler, Request, Server, fixed

URL = "https://e.example/a"
POLICY = RetryPolicy(retries=2, backoff_base=0.1, retry_after_cap=5.0)


@pytest.mark.parametrize("exc, retried", [
    (HTTPStatusError(URL, 503), True),
    (HTTPStatusError(URL, 500), True),
    (HTTPStatusError(URL, 429), True),
    (HTTPStatusError(URL, 408), True),
    (HTTPStatusError(URL, 404), False),
    (HTTPStatusError(URL, 410), False),
    (FetchError(URL, "connect timeout", reason="timeout", retryable=True), True),
    (FetchError(URL, "read timeout", reason="timeout"), False),
    (FetchError(URL, "connect error", retryable=True), True),
    (FetchError(URL, "truncated body"), False),
    (BlockedAddressError(URL, "private address"), False),
])
def test_what_is_retried(exc: FetchError, retried: bool) -> None:
    assert POLICY.is_retried(exc) is retried
    assert (POLICY.delay(exc, 0) is not None) is retried


def test_retries_stop_after_the_last_attempt() -> None:
    exc = HTTPStatusError(URL, 503)
    assert [POLICY.delay(exc, attempt) is not None for attempt in range(4)] == [
        True, True, False, False]


@pytest.mark.parametrize("attempt", [0, 1, 2, 3])
def test_backoff_is_jittered_exponential(attempt: int) -> None:
    top = POLICY.backoff_base * 2 ** attempt
    waits = [POLICY.backoff(attempt) for _ in range(50)]
    assert all(top / 2 <= wait <= top for wait in waits)


def test_retry_after_is_a_floor_and_over_the_cap_is_final() -> None:
    assert POLICY.delay(HTTPStatusError(URL, 429, retry_after=3.0), 0) == 3.0
    over = HTTPStatusError(URL, 503, retry_after=3600.0)
    assert POLICY.delay(over, 0) is None and "over cap" in str(over)


@pytest.mark.parametrize("exc, key", [
    (HTTPStatusError(URL, 503), "retry/http_503"),
    (HTTPStatusError(URL, 429), "retry/http_429"),
    (FetchError(URL, "connect timeout", reason="timeout", retryable=True), "retry/timeout"),
    (FetchError(URL, "connect error", retryable=True), "retry/network_error"),
])
def test_count_keys(exc: FetchError, key: str) -> None:
    assert RetryPolicy.count_key(exc) == key


@pytest.mark.parametrize("exc, trouble", [
    (HTTPStatusError(URL, 503), True),
    (HTTPStatusError(URL, 404), False),
    (FetchError(URL, "read timeout", reason="timeout"), True),
    (FetchError(URL, "reset"), True),
    (FetchError(URL, "bad", reason="bad_content_type"), False),
])
def test_host_trouble(exc: FetchError, trouble: bool) -> None:
    assert POLICY.is_host_trouble(exc) is trouble


def flaky(failures: int, status: int = 503, body: bytes = b"") -> Handler:
    """A route answering ``status`` the first ``failures`` times, then 200 with ``body``."""
    ok, failing = fixed(body=body or article(1), content_type="text/html; charset=utf-8"), \
        fixed(status, b"", "text/plain")

    async def handler(request: Request, writer: asyncio.StreamWriter, server: Server) -> None:
        path = request.path.split("?", 1)[0]
        await (failing if server.hits[path] <= failures else ok)(request, writer, server)
    return handler


def test_retries_are_counted_per_reason_on_the_run(server: Server,
                                                   settings: FetchSettings) -> None:
    server.routes["/twice"] = flaky(2)
    server.routes["/busy"] = flaky(1, status=429)
    server.routes["/ok"] = fixed()
    with FetchRun(settings) as fetching:
        results = list(fetching.fetch_pages(enumerate(
            [server.url("/twice"), server.url("/busy"), server.url("/ok")])))
        assert isinstance(fetching.fetch_source(server.url("/ok")), RawPage)
    assert all(isinstance(result, RawPage) for result in results)
    assert fetching.retries == {"retry/http_503": 2, "retry/http_429": 1}
    assert server.hits["/twice"] == 3 and server.hits["/busy"] == 2


def test_refused_connections_count_as_network_error_retries(settings: FetchSettings) -> None:
    refusing = dataclasses.replace(settings, respect_robots=False,
                                   resolver=lambda host, port: ["127.0.0.1"],
                                   allow_hosts=frozenset({"refused.test"}))
    with FetchRun(refusing) as fetching:
        [result] = list(fetching.fetch_pages([(0, "http://refused.test:9/x")]))   # nothing on 9
    assert result.reason == "network_error"
    assert fetching.retries == {"retry/network_error": 2}


def test_retry_counts_reach_the_run_summary(server: Server) -> None:
    server.routes["/flaky"] = flaky(1)
    config = load_config(None, {"inputs": (server.url("/flaky"),), "workers": 1,
                                "allow_hosts": ("127.0.0.1",), "delay": 0.0})
    result = pipeline.run_detailed(config)
    assert server.hits["/flaky"] == 2 and not result.failures
    assert result.counts["retry/http_503"] == 1 and result.counts["ok"] == 1
    summary = parse_summary(pipeline._summary(result, config))
    assert summary["summary"]["retries"] == "1"
    assert summary["summary.retries"] == {"http_503": "1"}


def test_a_run_that_fetches_nothing_starts_nothing(settings: FetchSettings) -> None:
    with FetchRun(settings):
        names = {thread.name for thread in threading.enumerate()}
    assert "newsclean-fetch" not in names


def test_a_closed_run_refuses_work(server: Server, settings: FetchSettings) -> None:
    server.routes["/ok"] = fixed()
    with FetchRun(settings) as fetching:
        assert isinstance(fetching.fetch_source(server.url("/ok")), RawPage)
    with pytest.raises(RuntimeError, match="closed"):
        fetching.fetch_source(server.url("/ok"))
