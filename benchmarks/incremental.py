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
4. peak RSS of the main process, and of the largest worker, for a ``--big``-page run
   against the ``--pages`` run (target: under 1.5x), each on a fresh state (``--big 0``
   skips it). The main process reports its own peak (``getrusage``) as it exits; the
   workers' is sampled from ``/proc`` (``VmHWM``) four times a second.
Figures print as a table; the pages are read from the bench at run time, never copied.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import multiprocessing
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


#: runs newsclean's CLI, then reports the process's own peak RSS (exact, from the kernel)
_MAIN = ("import resource, sys\n"
         "from newsclean.pipeline import main\n"
         "try:\n"
         "    code = main(sys.argv[1:])\n"
         "finally:\n"
         "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
         "    print(f'peak_rss_kib={peak}', file=sys.stderr)\n"
         "sys.exit(code)\n")


def _descendants(pid: int) -> list[int]:
    """Every live process below ``pid`` (the forkserver and the workers it forks)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _hwm_kib(pid: int) -> int:
    """A process's peak RSS so far (VmHWM), 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) if match else 0


def run_once(urls: Path, state: Path, workers: int, work: Path) -> tuple[float, str, int, int]:
    """One newsclean run as a subprocess: (seconds, summary line, peak RSS of the main
    process and the largest peak RSS of any worker, in KiB). The main process reports its
    own peak as it exits; the workers' (steady once warm) is sampled from /proc."""
    cmd = [sys.executable, "-c", _MAIN, "run", "--urls", str(urls), "-o",
           str(work / "out.csv"), "--state", str(state), "--allow-host", "127.0.0.1",
           "--delay", "0", "--per-host", "16", "--recheck-after", "0s", "-w", str(workers),
           "--no-progress"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    worker_peak = 0
    while proc.poll() is None:
        for pid in _descendants(proc.pid):
            worker_peak = max(worker_peak, _hwm_kib(pid))
        time.sleep(0.25)
    seconds = time.perf_counter() - started
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"newsclean failed ({proc.returncode}): {err[-2000:]}")
    lines = err.strip().splitlines()
    main_peak = int(next(x for x in lines if x.startswith("peak_rss_kib=")).split("=")[1])
    summary = next((x for x in lines if " event=summary " in x),
                   [x for x in lines if not x.startswith("peak_rss_kib=")][-1])
    return seconds, summary, main_peak, worker_peak


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
            seconds, summary, rss, worker = run_once(urls, state, args.workers, work)
            rows.append((label, seconds, (sent.value - before) / 1e6, rss / 1024,
                         worker / 1024, summary))
        if args.big:
            for i in range(size):
                changed[i] = 0
            big = work / "big.txt"
            big.write_text("".join(f"http://127.0.0.1:{port}/{i}\n" for i in range(args.big)))
            before = sent.value
            _s, summary, rss, worker = run_once(big, work / "big.db", args.workers, work)
            rows.append((f"{args.big} pages", _s, (sent.value - before) / 1e6, rss / 1024,
                         worker / 1024, summary))
    server.terminate()
    _print_table(rows, args)
    return 0


def _print_table(rows: list[tuple[str, float, float, float, float, str]],
                 args: argparse.Namespace) -> None:
    first = rows[0][1]
    print(f"{'run':<18}{'seconds':>9}{'x first':>9}{'body MB':>9}{'main MB':>9}"
          f"{'worker MB':>10}  summary")
    for label, seconds, mb, rss, worker, summary in rows:
        print(f"{label:<18}{seconds:>9.1f}{seconds / first:>9.2f}{mb:>9.1f}{rss:>9.0f}"
              f"{worker:>10.0f}  {summary}")
    if args.big:
        big, small = rows[-1], rows[0]
        print(f"peak RSS {args.big} pages / {args.pages} pages (fresh state each): "
              f"main {big[3] / small[3]:.2f}x, workers {big[4] / max(small[4], 1):.2f}x "
              "(target < 1.5x)")


if __name__ == "__main__":
    sys.exit(main())
