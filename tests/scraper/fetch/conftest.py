"""Fixtures for the fetcher tests: a real server per test and fast settings."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import pytest

from newsclean.records import Failure, RawPage
from newsclean.scraper.fetch.retry import RetryPolicy
from newsclean.scraper.fetch.settings import FetchSettings
from tests.scraper.fetch.server import fetch_all


@pytest.fixture
def settings() -> FetchSettings:
    """Small timeouts and limits so fault tests finish fast; loopback allowed."""
    return FetchSettings(
        connect_timeout=1.0, read_timeout=1.0, total_timeout=2.0, max_bytes=1_000_000,
        max_redirects=3, per_host_delay=0.0, crawl_delay_cap=2.0,
        retry=RetryPolicy(retries=2, backoff_base=0.05, retry_after_cap=2.0),
        allow_hosts=frozenset({"127.0.0.1"}))


@pytest.fixture
def fetch_one(settings: FetchSettings) -> Callable[..., tuple[RawPage | Failure, float]]:
    """Fetch one URL; return (result, elapsed seconds). Keyword args override settings."""
    def run(url: str, **overrides: object) -> tuple[RawPage | Failure, float]:
        start = time.monotonic()
        [result] = fetch_all([url], dataclasses.replace(settings, **overrides))
        return result, time.monotonic() - start
    return run
