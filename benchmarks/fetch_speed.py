"""Fetch throughput and memory benchmark for newsclean.scraper.fetch.run (issue 5, "Speed").

Serves the decompressed pages of ``../shared/bench/*/html/*.html.gz`` (relative to the
project root, or ``--bench PATH``) from a keep-alive HTTP server on 127.0.0.1 in a separate
process, then, in this process:

1. fetches a 2,000-URL list with politeness off for 127.0.0.1 and prints pages/s
   (fetch only, and fetch + ``newsclean.scraper.decode.decode_page`` in the consuming thread);
2. fetches a 20,000-URL list (streamed from a generator) and prints peak RSS (VmHWM).

Targets: >= 300 pages/s, peak RSS < 300 MB.

    /work/venv/bin/python benchmarks/fetch_speed.py [--bench PATH] [--urls 2000] [--big 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import logging
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsclean.errors import NewscleanError  # noqa: E402
from newsclean.records import RawPage  # noqa: E402
from newsclean.scraper.fetch.run import fetch_urls  # noqa: E402
from newsclean.scraper.fetch.settings import FetchSettings  # noqa: E402

logger = logging.getLogger("fetch_speed")


def load_pages(bench: Path) -> list[bytes]:
    """Decompressed HTML of every bench page."""
    return [gzip.decompress(p.read_bytes()) for p in sorted(bench.glob("*/html/*.html.gz"))]


async def _serve(pages: list[bytes], port_out: multiprocessing.SimpleQueue) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1]
                number = int(path.rsplit(b"/", 1)[-1] or b"0")
                body = pages[number % len(pages)]
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                             b"Content-Length: %d\r\n\r\n" % len(body))
                writer.write(body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    port_out.put(server.sockets[0].getsockname()[1])
    async with server:
        await server.serve_forever()


def serve(bench: Path, port_out: multiprocessing.SimpleQueue) -> None:
    """Server process entry point."""
    asyncio.run(_serve(load_pages(bench), port_out))


def peak_rss_mb() -> float:
    """Peak resident set size of this process (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_settings() -> FetchSettings:
    # httpcore's pool does O(connections) work per request event, so on one fast loopback
    # host a few connections beat many.
    return FetchSettings(per_host_concurrency=8, global_concurrency=8, per_host_delay=0.0,
                         respect_robots=False, allow_hosts=frozenset({"127.0.0.1"}))


def consume_safely(consume: Callable[[RawPage], object], page: RawPage) -> None:
    """Decode a page, logging (not raising) a DecodeError like the pipeline would."""
    try:
        consume(page)
    except NewscleanError as exc:
        logger.info("%s: %s", page.source, exc)


def run(port: int, count: int, consume: Callable[[RawPage], object] | None = None
        ) -> tuple[float, int, int]:
    """Fetch ``count`` URLs; return (seconds, ok pages, bytes)."""
    def urls() -> Iterator[tuple[int, str]]:
        for i in range(count):
            yield i, f"http://127.0.0.1:{port}/page/{i}"
    ok = size = 0
    start = time.perf_counter()
    for result in fetch_urls(urls(), bench_settings()):
        if isinstance(result, RawPage):
            ok += 1
            size += len(result.body)
            if consume is not None:
                consume_safely(consume, result)
        else:
            logger.warning("%s: %s %s", result.source, result.reason, result.message)
    return time.perf_counter() - start, ok, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--urls", type=int, default=2_000)
    parser.add_argument("--big", type=int, default=20_000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if not any(args.bench.glob("*/html/*.html.gz")):
        print(f"no bench pages under {args.bench}: nothing to measure")
        return 0
    ports: multiprocessing.SimpleQueue = multiprocessing.SimpleQueue()
    server = multiprocessing.Process(target=serve, args=(args.bench, ports), daemon=True)
    server.start()
    try:
        return report(ports.get(), args.urls, args.big)
    finally:
        server.terminate()
        server.join()


def report(port: int, small: int, big: int) -> int:
    run(port, 50)                               # warm up imports and the server
    seconds, ok, size = run(port, small)
    print(f"fetch only      : {ok}/{small} pages in {seconds:.2f}s = {ok / seconds:.0f} pages/s"
          f" ({size / seconds / 1e6:.1f} MB/s)")
    try:
        from newsclean.scraper.decode import decode_page
    except ImportError:
        print("fetch + decode  : newsclean.scraper.decode not available, skipped")
    else:
        seconds, ok, _ = run(port, small, decode_page)
        print(f"fetch + decode  : {ok}/{small} pages in {seconds:.2f}s = "
              f"{ok / seconds:.0f} pages/s")
    seconds, ok, size = run(port, big)
    print(f"{big} URLs      : {ok} ok in {seconds:.1f}s = {ok / seconds:.0f} pages/s, "
          f"{size / 1e9:.2f} GB, peak RSS {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
