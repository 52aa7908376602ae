"""Fixtures for the discovery tests: the fetcher tests' real server, with a news site."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.scraper.discovery.site import serve_site
from tests.scraper.fetch.conftest import fetch_one, settings  # noqa: F401  (fixtures)
from tests.scraper.fetch.server import Server


@pytest.fixture
def site(server: Server) -> Iterator[Server]:  # noqa: F811
    """The loopback server with the news site of :mod:`tests.scraper.discovery.site` installed."""
    yield serve_site(server)
