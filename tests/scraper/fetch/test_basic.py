"""Ordinary routes: ok, content types, statuses, redirects, the public interface."""

from __future__ import annotations

import gzip
import itertools

import brotli
import pytest

from newsclean.outcomes import DESCRIPTIONS, FetchOutcome
from newsclean.records import Failure, RawPage
from newsclean.scraper.fetch.run import fetch_urls
from newsclean.scraper.fetch.settings import FetchSettings
from tests.scraper.fetch.server import HTML, Server, fetch_all, fixed


def kind(result: RawPage | Failure) -> str:
    return "ok" if isinstance(result, RawPage) else result.reason


def test_every_outcome_is_documented() -> None:
    assert set(DESCRIPTIONS) == set(FetchOutcome)
    assert all(outcome.description for outcome in FetchOutcome)


def test_ok_page(server: Server, fetch_one) -> None:
    server.routes["/a"] = fixed(content_type="text/html; charset=utf-8")
    result, elapsed = fetch_one(server.url("/a"))
    assert isinstance(result, RawPage)
    assert result.body == HTML and result.url == server.url("/a")
    assert result.content_type == "text/html; charset=utf-8" and not result.is_text
    assert elapsed < 2 and server.hits["/a"] == 1


@pytest.mark.parametrize("content_type, accept_plain, expected", [
    ("application/pdf", False, "bad_content_type"),
    ("image/png", False, "bad_content_type"),
    ("application/json", False, "bad_content_type"),
    ("text/plain", False, "bad_content_type"),
    ("text/plain; charset=utf-8", True, "ok"),
    ("application/xhtml+xml", False, "ok"),
    (None, False, "ok"),
])
def test_content_types(server: Server, fetch_one, content_type, accept_plain, expected) -> None:
    server.routes["/t"] = fixed(body=b"x" * 50_000, content_type=content_type)
    result, _ = fetch_one(server.url("/t"), accept_text_plain=accept_plain)
    assert kind(result) == expected
    if expected == "bad_content_type":
        assert server.sent["/t"] < 50_000 or server.hits["/t"] == 1   # body never needed
    if isinstance(result, RawPage):
        assert result.is_text == (content_type or "").startswith("text/plain")


@pytest.mark.parametrize("status, hits", [(404, 1), (410, 1), (500, 3), (503, 3), (408, 3)])
def test_status_retries(server: Server, fetch_one, status: int, hits: int) -> None:
    server.routes["/s"] = fixed(status)
    result, elapsed = fetch_one(server.url("/s"))
    assert kind(result) == "http_error" and str(status) in result.message
    assert server.hits["/s"] == hits and elapsed < 2


def test_redirect_followed(server: Server, fetch_one) -> None:
    server.routes["/from"] = fixed(301, b"", None, Location="/to")
    server.routes["/to"] = fixed()
    result, _ = fetch_one(server.url("/from"))
    assert isinstance(result, RawPage) and result.url == server.url("/to")
    assert result.source == server.url("/from")


def test_redirect_loop(server: Server, fetch_one) -> None:
    server.routes["/loop"] = fixed(302, b"", None, Location="/loop")
    result, elapsed = fetch_one(server.url("/loop"), max_redirects=3)
    assert kind(result) == "too_many_redirects"
    assert server.hits["/loop"] == 4 and elapsed < 2


@pytest.mark.parametrize("location", ["ftp://example.org/x", "file:///etc/passwd"])
def test_redirect_to_other_scheme(server: Server, fetch_one, location: str) -> None:
    server.routes["/r"] = fixed(302, b"", None, Location=location)
    result, _ = fetch_one(server.url("/r"))
    assert kind(result) == "bad_url"


@pytest.mark.parametrize("url", ["ftp://x.org/", "not a url", "/relative", "http://"])
def test_bad_urls(fetch_one, url: str) -> None:
    result, elapsed = fetch_one(url)
    assert kind(result) == "bad_url" and elapsed < 1


def test_stacked_encodings(server: Server, fetch_one) -> None:
    body = brotli.compress(gzip.compress(HTML * 100))
    server.routes["/z"] = fixed(body=body, Content_Encoding="gzip, br")
    result, _ = fetch_one(server.url("/z"))
    assert isinstance(result, RawPage) and result.body == HTML * 100


def test_unknown_encoding(server: Server, fetch_one) -> None:
    server.routes["/z"] = fixed(body=b"???", Content_Encoding="compress")
    result, _ = fetch_one(server.url("/z"))
    assert kind(result) == "content_encoding_error"


def test_many_urls_one_result_each(server: Server, settings: FetchSettings) -> None:
    server.routes["/a"] = fixed()
    urls = [server.url(f"/a?{i}") for i in range(40)] + ["bad"] + [server.url("/missing")]
    results = fetch_all(urls, settings)
    assert [kind(r) for r in results] == ["ok"] * 40 + ["bad_url", "http_error"]


def test_items_consumed_lazily(server: Server, settings: FetchSettings) -> None:
    server.routes["/a"] = fixed()
    pulled = itertools.count()
    def items():
        for i in range(10_000):
            next(pulled)
            yield i, server.url(f"/a?{i}")
    gen = fetch_urls(items(), settings)
    first = next(gen)
    gen.close()          # stops the background work; must not hang or warn
    assert isinstance(first, RawPage)
    assert next(pulled) < 2 * settings.window + 10


def test_on_result_callback(server: Server, settings: FetchSettings) -> None:
    server.routes["/a"] = fixed()
    seen: list[RawPage | Failure] = []
    results = list(fetch_urls([(7, server.url("/a"))], settings, on_result=seen.append))
    assert seen == results and results[0].index == 7
