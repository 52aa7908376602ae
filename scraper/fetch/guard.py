"""SSRF guard: refuse non-public addresses on every connection.

:func:`is_blocked_ip` decides on one address; :class:`AddressGuard` resolves a host and
vets every address it gets; :class:`GuardedBackend` is an httpcore network backend that
resolves through the guard and then connects to the *vetted IP* itself, so a DNS answer
that changes between the check and the connect (rebinding) cannot slip through. httpcore
still sends the hostname as TLS SNI and httpx keeps it in the ``Host`` header, because only
the TCP connect sees the IP.

Hosts (names or IP literals) in ``allow_hosts`` are exempt; the default exempts nothing.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Callable, Iterable

import anyio
import httpcore

from newsclean.errors import BlockedAddressError

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

#: Networks refused in addition to what the ipaddress flags say.
_EXTRA_BLOCKED = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8",          # "this network"
    "100.64.0.0/10",      # CGNAT shared address space (RFC 6598)
    "192.0.0.0/24",       # IETF protocol assignments
    "198.18.0.0/15",      # benchmarking
    "240.0.0.0/4",        # reserved, incl. 255.255.255.255
    "64:ff9b:1::/48",     # local-use NAT64 (RFC 8215)
    "fc00::/7",           # unique local
    "fe80::/10",          # link-local
    "ff00::/8",           # multicast
))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def unwrap(ip: IPAddress) -> IPAddress:
    """Return the IPv4 address embedded in an IPv4-mapped, NAT64 or 6to4 IPv6 address."""
    if isinstance(ip, ipaddress.IPv4Address):
        return ip
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    return ip


def is_blocked_ip(address: str | IPAddress) -> bool:
    """True when ``address`` is not a public unicast address we may connect to."""
    ip = unwrap(ipaddress.ip_address(address))
    flagged = (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast
               or ip.is_reserved or ip.is_unspecified or not ip.is_global)
    return flagged or any(ip in net for net in _EXTRA_BLOCKED if net.version == ip.version)


def system_resolver(host: str, port: int) -> list[str]:
    """Resolve ``host`` with ``socket.getaddrinfo``; unique addresses, in order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _ip_literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


class AddressGuard:
    """Resolve hosts and refuse those with any non-public address (unless allowed)."""

    def __init__(self, allow_hosts: Iterable[str] = (), resolver: Resolver | None = None):
        self.allow_hosts = frozenset(h.lower().strip("[]") for h in allow_hosts)
        self.resolver = resolver or system_resolver

    async def vet(self, host: str, port: int) -> list[str]:
        """Return the addresses of ``host`` we may connect to, or raise BlockedAddressError.

        Raises ``httpcore.ConnectError`` when the name does not resolve.
        """
        literal = _ip_literal(host)
        if literal is not None:
            addresses = [literal]
        else:
            addresses = await self._resolve(host, port)
        return self.check(host, addresses)

    def check(self, host: str, addresses: list[str]) -> list[str]:
        """Vet already-resolved ``addresses``: any blocked one refuses the whole host."""
        if host.lower() in self.allow_hosts:
            return addresses
        for address in addresses:
            if address not in self.allow_hosts and is_blocked_ip(address):
                logger.warning("refusing %s: resolves to non-public address %s", host, address)
                raise BlockedAddressError(host, f"{host} resolves to blocked address "
                                          f"{address} (loopback, private or reserved): "
                                          f"--allow-host {host} (allow_host in the config) "
                                          "lets the fetcher reach it")
        return addresses

    async def _resolve(self, host: str, port: int) -> list[str]:
        try:
            addresses = await asyncio.to_thread(self.resolver, host, port)
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}: no addresses")
        return addresses


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend: vet through :class:`AddressGuard`, connect to the IP."""

    def __init__(self, guard: AddressGuard,
                 inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self.guard = guard
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
                          ) -> httpcore.AsyncNetworkStream:
        try:
            with anyio.fail_after(timeout):
                addresses = await self.guard.vet(host, port)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
        last: Exception = httpcore.ConnectError(f"no address to connect to for {host}")
        for address in addresses:
            try:
                return await self.inner.connect_tcp(address, port, timeout, local_address,
                                                    socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
                                  ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddressError(path, "unix sockets are never used by the fetcher")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)
