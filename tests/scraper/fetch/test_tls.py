"""TLS is always verified: a self-signed server fails fast as ``network_error``, run goes on.

The server uses the committed self-signed certificate in ``tests/fetch/certs`` (see its
README). Its ``sni_callback`` runs once per ClientHello, so ``handshakes`` counts TLS
connection attempts even though no HTTP request ever gets through.
"""

from __future__ import annotations

import dataclasses
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from newsclean.records import Failure, RawPage
from newsclean.scraper.fetch.settings import FetchSettings
from tests.scraper.fetch.server import HTML, Server, fetch_all, fixed

CERTS = Path(__file__).parent / "certs"
CERT = CERTS / "selfsigned.crt"
KEY = CERTS / "selfsigned.key"


@dataclasses.dataclass
class TlsServer:
    """An HTTPS :class:`Server` and the number of TLS handshakes it was offered."""

    server: Server
    handshakes: list[str | None]


def server_context(handshakes: list[str | None]) -> ssl.SSLContext:
    """Server-side context with the self-signed certificate; records each ClientHello."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(CERT, KEY)

    def on_hello(sock: ssl.SSLObject, name: str | None, ctx: ssl.SSLContext) -> None:
        handshakes.append(name)

    context.sni_callback = on_hello
    return context


@pytest.fixture
def tls_server() -> Iterator[TlsServer]:
    handshakes: list[str | None] = []
    srv = Server(tls=server_context(handshakes)).start()
    srv.routes["/"] = fixed()
    srv.routes["/robots.txt"] = fixed(body=b"User-agent: *\nAllow: /\n", content_type="text/plain")
    try:
        yield TlsServer(srv, handshakes)
    finally:
        srv.stop()


def fetch_batch(urls: list[str], settings: FetchSettings) -> tuple[list[RawPage | Failure],
                                                                     float]:
    """Fetch ``urls`` in one run; return (results in input order, elapsed seconds)."""
    start = time.monotonic()
    results = fetch_all(urls, settings)
    return results, time.monotonic() - start


def test_certificate_is_trusted_when_asked(tls_server: TlsServer) -> None:
    """Control: the HTTPS server works for a client that trusts its certificate, so the
    failures below come from verification, not from a broken server."""
    trusting = ssl.create_default_context(cafile=str(CERT))
    response = httpx.get(tls_server.server.url("/"), verify=trusting, timeout=2.0)
    assert response.status_code == 200 and response.content == HTML


def test_self_signed_certificate_is_refused(tls_server: TlsServer, server: Server,
                                            settings: FetchSettings) -> None:
    server.routes["/"] = fixed()
    urls = [tls_server.server.url("/"), server.url("/")]
    results, elapsed = fetch_batch(urls, dataclasses.replace(settings, respect_robots=False))
    refused, plain = results
    assert isinstance(refused, Failure) and refused.reason == "network_error"
    assert refused.message.startswith("TLS certificate verification failed")
    assert "self-signed certificate" in refused.message
    assert isinstance(plain, RawPage) and plain.body == HTML      # the run went on
    assert elapsed < 1.5
    assert len(tls_server.handshakes) == 1       # a refused certificate is not retried
    assert tls_server.server.hits["/"] == 0      # no request over the unverified connection


def test_robots_over_unverified_tls_names_the_certificate(tls_server: TlsServer,
                                                          server: Server,
                                                          settings: FetchSettings) -> None:
    """With robots.txt on (the default), its fetch meets the certificate first."""
    server.routes["/"] = fixed()
    results, elapsed = fetch_batch([tls_server.server.url("/"), server.url("/")], settings)
    refused, plain = results
    assert isinstance(refused, Failure) and refused.reason == "network_error"
    assert "TLS certificate verification failed: self-signed certificate" in refused.message
    assert isinstance(plain, RawPage) and plain.body == HTML
    assert elapsed < 1.5 and len(tls_server.handshakes) == 1
    assert sum(tls_server.server.hits.values()) == 0
