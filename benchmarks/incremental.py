#!/usr/bin/env python3
"""Incremental runs over pages served from loopback: what a second and third run cost.

    python benchmarks/incremental.py [--bench ../shared/bench] [--pages 2000] [--big 20000]
                                     [--workers 2]

A server process on 127.0.0.1 serves ``/<n>`` as the n-th bench page (``*/html/*.html.gz``
decompressed), with an ETag, and answers ``If-None-Match`` with 304. newsclean runs as a
subprocess, as cron would run it, with a state file:

1. the first run over ``--pages`` URLs (everything fetched and cleaned);
2. a second run with nothing changed (target: at most 10% of the first run's time, and
   almost no body bytes: every page answers 304);
3. a third run after 5% of the pages changed their bytes (a paragraph added before
   ``</body>``): only those are fetched in full and cleaned again ("changed" where the
   article changed, "rechecked" where the paragraph was boilerplate to the cleaners);
4. peak RSS of the main process for a ``--big``-page run against the ``--pages`` run
   (target: under 1.5x), each on a fresh state (``--big 0`` skips it).
Figures print as a table; the pages are read from the bench at run time, never copied.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _serve(bench: Path, port_out, sent, changed) -> None:
    pages = [gzip.decompress(p.read_bytes()) for p in sorted(bench.glob("*/html/*.html.gz"))]

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                if path == "/robots.txt":
                    writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                    await writer.drain()
                    continue
                number = int(path.rsplit("/", 1)[-1] or 0)
                body = pages[number % len(pages)]
                if changed[number]:    # the bytes change; the article may or may not
                    body = body.replace(b"</body>", b"<p>Update: a correction was added to "
                                        b"this story later in the day.</p></body>", 1)
                etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
                match = re.search(rb"(?i)if-none-match: *([^\r]+)", head)
                if match and match.group(1).decode() == etag:
                    writer.write(b"HTTP/1.1 304 Not Modified\r\nETag: %s\r\n\r\n"
                                 % etag.encode())
                else:
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nETag: %s\r\n"
                                 b"Content-Length: %d\r\n\r\n" % (etag.encode(), len(body)))
                    writer.write(body)
                    with sent.get_lock():
                        sent.value += len(body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        port_out.put(server.sockets[0].getsockname()[1])
        await server.serve_forever()

    asyncio.run(main())


def run_once(urls: Path, state: Path, workers: int, work: Path) -> tuple[float, str, int]:
    """One newsclean run as a subprocess: (seconds, summary line, peak RSS in KiB)."""
    cmd = [sys.executable, "-m", "newsclean", "run", "--urls", str(urls), "-o",
           str(work / "out.csv"), "--state", str(state), "--allow-host", "127.0.0.1",
           "--delay", "0", "--per-host", "16", "--recheck-after", "0s", "-w", str(workers),
           "--no-progress"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    err = proc.stderr.read() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"newsclean failed ({status}): {err[-2000:]}")
    return seconds, err.strip().splitlines()[-1], usage.ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--big", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not any(args.bench.glob("*/html/*.html.gz")):
        print(f"no benchmark pages under {args.bench}: nothing to do")
        return 0
    size = max(args.pages, args.big)
    sent = multiprocessing.Value("q", 0)
    changed = multiprocessing.Array("b", size)
    ports: multiprocessing.SimpleQueue = multiprocessing.SimpleQueue()
    server = multiprocessing.Process(target=_serve, args=(args.bench, ports, sent, changed),
                                     daemon=True)
    server.start()
    port = ports.get()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        urls = work / "urls.txt"
        urls.write_text("".join(f"http://127.0.0.1:{port}/{i}\n" for i in range(args.pages)))
        state = work / "state.db"
        for label in ("first run", "nothing changed", "5% changed"):
            if label == "5% changed":
                for i in range(0, args.pages, 20):
                    changed[i] = 1
            before = sent.value
            seconds, summary, rss = run_once(urls, state, args.workers, work)
            rows.append((label, seconds, (sent.value - before) / 1e6, rss / 1024, summary))
        if args.big:
            big = work / "big.txt"
            big.write_text("".join(f"http://127.0.0.1:{port}/{i}\n" for i in range(args.big)))
            _s, summary, rss = run_once(big, work / "big.db", args.workers, work)
            rows.append((f"{args.big} pages", _s, 0.0, rss / 1024, summary))
    server.terminate()
    first = rows[0][1]
    print(f"{'run':<18}{'seconds':>9}{'x first':>9}{'body MB':>9}{'peak MB':>9}  summary")
    for label, seconds, mb, rss, summary in rows:
        print(f"{label:<18}{seconds:>9.1f}{seconds / first:>9.2f}{mb:>9.1f}{rss:>9.0f}  "
              f"{summary}")
    if args.big:
        print(f"peak RSS {args.big} pages / {args.pages} pages: {rows[-1][3] / rows[0][3]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
