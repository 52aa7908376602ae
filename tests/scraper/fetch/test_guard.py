"""The SSRF guard: address classification, injected resolver, redirects to blocked hosts."""

from __future__ import annotations

import asyncio

import httpcore
import pytest

from newsclean.errors import BlockedAddressError
from newsclean.records import Failure, RawPage
from newsclean.scraper.fetch.guard import AddressGuard, GuardedBackend, is_blocked_ip
from newsclean.scraper.fetch.retry import RetryPolicy
from tests.scraper.fetch.server import Server, fixed

BLOCKED = [
    "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.1",
    "100.64.0.1", "100.127.255.254", "169.254.169.254", "127.0.0.1", "127.0.0.2",
    "0.0.0.0", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
    "198.18.0.1", "192.0.0.8", "::1", "::", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
    "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "64:ff9b:1::1",
    "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "2002:a9fe:a9fe::1", "2001:db8::1",
]
PUBLIC = ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111",
          "::ffff:93.184.216.34", "64:ff9b::808:808"]


def kind(result: RawPage | Failure) -> str:
    return "ok" if isinstance(result, RawPage) else result.reason


@pytest.mark.parametrize("address", BLOCKED)
def test_blocked_addresses(address: str) -> None:
    assert is_blocked_ip(address)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses(address: str) -> None:
    assert not is_blocked_ip(address)


class SpyBackend(httpcore.AsyncNetworkBackend):
    """Records connect attempts and refuses them all (nothing real is dialled)."""

    def __init__(self) -> None:
        self.connects: list[str] = []

    async def connect_tcp(self, host, port, timeout=None, local_address=None,
                          socket_options=None):
        self.connects.append(host)
        raise httpcore.ConnectError("spy backend never connects")


def stub_resolver(table: dict[str, list[str]]):
    def resolve(host: str, port: int) -> list[str]:
        return table[host]
    return resolve


@pytest.mark.parametrize("addresses", [["169.254.169.254"], ["93.184.216.34", "10.0.0.1"],
                                       ["::ffff:127.0.0.1"], ["64:ff9b::a9fe:a9fe"]])
def test_backend_refuses_before_connecting(addresses: list[str]) -> None:
    spy = SpyBackend()
    backend = GuardedBackend(AddressGuard((), stub_resolver({"evil.test": addresses})), spy)
    with pytest.raises(BlockedAddressError):
        asyncio.run(backend.connect_tcp("evil.test", 80, timeout=1))
    assert spy.connects == []


def test_backend_dials_the_vetted_ip() -> None:
    spy = SpyBackend()
    backend = GuardedBackend(AddressGuard((), stub_resolver({"news.test": ["93.184.216.34"]})),
                             spy)
    with pytest.raises(httpcore.ConnectError):
        asyncio.run(backend.connect_tcp("news.test", 443, timeout=1))
    assert spy.connects == ["93.184.216.34"]     # the IP, never the name again


def test_allow_hosts_by_name_and_ip() -> None:
    guard = AddressGuard({"intranet.test", "127.0.0.1"},
                         stub_resolver({"intranet.test": ["10.1.2.3"], "lo.test": ["127.0.0.1"]}))
    assert asyncio.run(guard.vet("intranet.test", 80)) == ["10.1.2.3"]
    assert asyncio.run(guard.vet("lo.test", 80)) == ["127.0.0.1"]
    with pytest.raises(BlockedAddressError):
        asyncio.run(guard.vet("127.0.0.2", 80))


def test_default_settings_refuse_loopback(server: Server, fetch_one) -> None:
    server.routes["/a"] = fixed()
    result, _ = fetch_one(server.url("/a"), allow_hosts=frozenset())
    assert kind(result) == "blocked_address"       # even robots.txt is not fetched
    assert "--allow-host 127.0.0.1" in result.message
    result, _ = fetch_one(server.url("/a"), allow_hosts=frozenset(), respect_robots=False)
    assert kind(result) == "blocked_address"
    assert server.connections == 0


def test_redirect_to_blocked_loopback_alias(server: Server, fetch_one) -> None:
    other = Server(host="127.0.0.2").start()      # loopback, but not in allow_hosts
    try:
        other.routes["/secret"] = fixed()
        server.routes["/r"] = fixed(302, b"", None, Location=other.url("/secret"))
        result, _ = fetch_one(server.url("/r"), respect_robots=False)
        assert kind(result) == "blocked_address" and "127.0.0.2" in result.message
        assert other.connections == 0
    finally:
        other.stop()


def test_redirect_to_metadata_name(server: Server, fetch_one) -> None:
    lookups: list[str] = []
    def resolver(host: str, port: int) -> list[str]:
        lookups.append(host)
        return {"metadata.test": ["169.254.169.254"]}[host]
    server.routes["/r"] = fixed(302, b"", None, Location="http://metadata.test/latest/")
    result, _ = fetch_one(server.url("/r"), resolver=resolver)
    # robots.txt of metadata.test is refused first, so the host is never crawled
    assert kind(result) == "blocked_address" and "blocked" in result.message
    result, _ = fetch_one(server.url("/r"), resolver=resolver, respect_robots=False)
    assert kind(result) == "blocked_address"
    assert lookups == ["metadata.test", "metadata.test"]


def test_unresolvable_host(fetch_one) -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")
    result, elapsed = fetch_one("http://nowhere.test/", resolver=resolver, respect_robots=False,
                                retry=RetryPolicy(retries=0))
    assert kind(result) == "network_error" and "resolve" in result.message and elapsed < 1


def test_host_header_keeps_the_name(server: Server, fetch_one) -> None:
    seen: list[str] = []
    async def echo_host(request, writer, srv) -> None:
        seen.append(request.headers["host"])
        await fixed()(request, writer, srv)
    server.routes["/a"] = echo_host
    result, _ = fetch_one(f"http://news.test:{server.port}/a", respect_robots=False,
                          resolver=lambda host, port: ["127.0.0.1"])   # 127.0.0.1 allowed
    assert kind(result) == "ok" and seen == [f"news.test:{server.port}"]


def test_proxy_env_ignored_by_default(server: Server, fetch_one, monkeypatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")     # would fail if used
    monkeypatch.setenv("NO_PROXY", "")
    server.routes["/a"] = fixed()
    result, _ = fetch_one(server.url("/a"))
    assert kind(result) == "ok"


def test_trust_env_still_vets_names(fetch_one, monkeypatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    result, _ = fetch_one("http://metadata.test/", trust_env=True, respect_robots=False,
                          resolver=lambda host, port: ["169.254.169.254"])
    assert kind(result) == "blocked_address"


@pytest.mark.parametrize("host", ["2130706433", "0x7f.1", "127.1", "017700000001"])
def test_numeric_host_forms_are_resolved_then_refused(host: str) -> None:
    """inet_aton-style spellings of 127.0.0.1 resolve (locally) to a blocked address."""
    with pytest.raises(BlockedAddressError):
        asyncio.run(AddressGuard().vet(host, 80))
