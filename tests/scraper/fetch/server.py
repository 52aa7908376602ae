"""A real HTTP server on 127.0.0.1:0, in a thread, and helpers for the fetcher tests.

It is a raw asyncio server, so routes can misbehave at the byte level (dribble, stall,
lie about lengths, reset). Every response closes its connection. The server records hits
per path, connections, bytes written per path and hit times, for the tests' bounds.
Given an ``ssl.SSLContext`` as ``tls`` it speaks HTTPS instead (see ``tests/fetch/certs``).
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import socket
import ssl
import struct
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from newsclean.records import Failure, RawPage
from newsclean.scraper.fetch.run import fetch_urls
from newsclean.scraper.fetch.settings import FetchSettings

HTML = b"<!doctype html><html><head><title>t</title></head><body><p>hello</p></body></html>"


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]


Handler = Callable[[Request, asyncio.StreamWriter, "Server"], Awaitable[None]]


@dataclass
class Server:
    """Raw asyncio HTTP/1.1 server running in its own thread."""

    host: str = "127.0.0.1"
    routes: dict[str, Handler] = field(default_factory=dict)
    hits: collections.Counter[str] = field(default_factory=collections.Counter)
    hit_times: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    sent: collections.Counter[str] = field(default_factory=collections.Counter)
    connections: int = 0
    aborted: int = 0
    port: int = 0
    tls: ssl.SSLContext | None = None   # server-side context: serve HTTPS

    def __post_init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._server: asyncio.Server | None = None
        self._handlers: set[asyncio.Task[None]] = set()

    def url(self, path: str) -> str:
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://{self.host}:{self.port}{path}"

    def start(self) -> Server:
        self._thread.start()
        self._ready.wait(5)
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.create_task, self._shutdown())
        self._thread.join(5)
        self._loop.close()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._connection, self.host, 0, ssl=self.tls))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _shutdown(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._handlers):
            task.cancel()
        await asyncio.gather(*self._handlers, return_exceptions=True)
        await self._server.wait_closed()
        self._loop.stop()

    async def _connection(self, reader: asyncio.StreamReader,
                          writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self.connections += 1
        try:
            request = await _read_request(reader)
            if request is not None:
                await self._dispatch(request, writer)
        except (ConnectionError, asyncio.CancelledError, asyncio.IncompleteReadError):
            self.aborted += 1   # the client went away or the server is shutting down
        finally:
            self._handlers.discard(task)
            writer.close()

    async def _dispatch(self, request: Request, writer: asyncio.StreamWriter) -> None:
        path = request.path.split("?", 1)[0]
        self.hits[path] += 1
        self.hit_times[path].append(time.monotonic())
        handler = self.routes.get(path, not_found)
        await handler(request, writer, self)


async def _read_request(reader: asyncio.StreamReader) -> Request | None:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _version = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return Request(method, path, headers)


def head_bytes(status: int, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in headers.items()]
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def send(writer: asyncio.StreamWriter, server: Server, path: str, data: bytes) -> None:
    writer.write(data)
    server.sent[path] += len(data)
    await writer.drain()


def fixed(status: int = 200, body: bytes = HTML, content_type: str | None = "text/html",
          **extra: str) -> Handler:
    """A route that answers ``status`` with ``body`` and a correct Content-Length."""
    async def handler(request: Request, writer: asyncio.StreamWriter, server: Server) -> None:
        headers = {"Content-Length": str(len(body))}
        if content_type:
            headers["Content-Type"] = content_type
        headers.update({k.replace("_", "-"): v for k, v in extra.items()})
        await send(writer, server, request.path, head_bytes(status, headers) + body)
    return handler


not_found = fixed(404, b"not found", "text/plain")


def reset_socket(writer: asyncio.StreamWriter) -> None:
    """Abort the connection with a TCP RST (SO_LINGER 0)."""
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def gaps(times: list[float]) -> list[float]:
    """Seconds between consecutive hit times."""
    return [b - a for a, b in itertools.pairwise(times)]


def fetch_all(urls: list[str], settings: FetchSettings) -> list[RawPage | Failure]:
    """Fetch ``urls`` and return the results in input order."""
    results = list(fetch_urls(enumerate(urls), settings))
    assert sorted(r.index for r in results) == list(range(len(urls)))
    return sorted(results, key=lambda r: r.index)
