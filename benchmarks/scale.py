"""Scaling figures, all in one run on the same pages: local engine with 1 and 2 workers,
the Dask engine against it per core, and peak RSS while reading a WARC file ten times
larger than a memory limit.

    .venv/bin/python benchmarks/scale.py [--bench ../shared/bench] [--pages 600]
                                         [--limit-mb 256] [--skip-big]
                                         [--local-only] [--repeat N] [--state]
                                         [--marginal]

1. The benchmark folders' pages (every folder, round robin, ``--pages`` in all) are written
   into one WARC file (a gzip member per record), then cleaned by ``newsclean run`` as a
   user would run it (a subprocess, ``--no-state``): ``--engine local -w 1``, ``-w 2``, and
   ``--engine dask -w 1`` / ``-w 2`` (a LocalCluster started by the run; its start-up is
   printed apart, and pages/s are given with and without it). Beside each: the CPU
   milliseconds per page of the main process and of the others (workers, forkserver),
   which load on a shared machine changes far less than pages/s. ``dask -w 2 parts`` is
   ``--parquet-dir`` (the workers write the corpus, two passes). Last, each Dask setting's
   pages/s per core against the local engine's with as many workers (the issue's target:
   within 15%), and the same by CPU: pages per CPU second of the processes that clean
   (the workers; local -w 1: the run's own process, its reading too), which load on the
   machine changes little. These whole-run figures include start-up (cluster start, warm-up, output
   files): on a few hundred pages it weighs, most on the -w 2 / -w 1 ratio.
   ``--marginal`` adds the rate past start-up beside them (each setting also runs half
   the pages; the other half over the difference in seconds): what measures the engines,
   and what a long run sees.
   ``--repeat N`` runs each setting N times; ``--local-only`` leaves out Dask; ``--state``
   gives each run a fresh state file (as a user's run has: duplicate marking on).
2. Memory: a WARC file of ``10 x --limit-mb`` (the pages again, between large image
   records that are counted and passed over) and the page WARC of step 1 are run with
   ``-w 2``; the peak RSS of the main process and of the largest worker (sampled every
   0.1 s) are printed for both, with their ratio (flat: about 1x) and against the limit.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


def bench_pages(bench: Path, count: int) -> list[tuple[str, bytes]]:
    """``count`` pages taken round robin from every benchmark folder: (URI, HTML bytes)."""
    folders = sorted(p for p in bench.glob("*/html") if p.is_dir())
    lists = [sorted(folder.iterdir()) for folder in folders]
    pages: list[tuple[str, bytes]] = []
    for i in range(max(len(files) for files in lists)):
        for folder, files in zip(folders, lists, strict=True):
            if i < len(files) and len(pages) < count:
                data = files[i].read_bytes()
                body = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
                pages.append((f"https://{folder.parent.name}.example/{files[i].stem}", body))
    return pages


def record(uri: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> bytes:
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2024-05-01T10:00:00Z\r\nContent-Length: {len(http)}\r\n\r\n")
    return head.encode() + http + b"\r\n\r\n"


def write_warc(path: Path, records: Iterator[bytes], *, compress: bool) -> int:
    size = 0
    with open(path, "wb") as out:
        for rec in records:
            data = gzip.compress(rec, compresslevel=1) if compress else rec
            out.write(data)
            size += len(data)
    return size


def big_records(pages: list[tuple[str, bytes]], total: int) -> Iterator[bytes]:
    """The pages with 8 MB image records between them, until ``total`` bytes."""
    blob = os.urandom(1 << 20) * 8
    written, i = 0, 0
    while written < total:
        uri, body = pages[i % len(pages)]
        rec = record(f"{uri}?copy={i}", body)
        picture = record(f"{uri}.jpg", blob, "image/jpeg")
        written += len(rec) + len(picture)
        i += 1
        yield rec
        yield picture


class ProcessMeter:
    """Peak RSS and CPU seconds of a process and of each of its descendants, sampled in a
    thread every 0.05 s. A process is ``main`` (the run), ``helper`` (a child of the run:
    the forkserver, the resource tracker, a Dask nanny) or ``worker`` (a grandchild: the
    pool's workers, forked by the forkserver). CPU seconds are user + system as last seen,
    so a process that ends between two samples loses at most 0.05 s."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peaks: dict[int, tuple[str, int]] = {}
        self.cpu: dict[int, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _role(self, proc: psutil.Process) -> str:
        if proc.pid == self.root.pid:
            return "main"
        return "helper" if proc.ppid() == self.root.pid else "worker"

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for proc in procs:
                try:
                    with proc.oneshot():
                        rss, times = proc.memory_info().rss, proc.cpu_times()
                        role = self._role(proc)
                        name = "main" if role == "main" else " ".join(proc.cmdline()[1:3])
                except psutil.Error:
                    continue
                self.cpu[proc.pid] = (role, times.user + times.system)
                if rss > self.peaks.get(proc.pid, ("", 0))[1]:
                    self.peaks[proc.pid] = (name, rss)

    def stop(self) -> ProcessMeter:
        self._stop.set()
        self._thread.join()
        return self

    def cpu_seconds(self, role: str) -> float:
        return sum(seconds for name, seconds in self.cpu.values() if name == role)


def run(source: Path, out: Path, *flags: str, state: bool = False
        ) -> tuple[float, str, ProcessMeter]:
    """One ``newsclean run``: without a state file, or (``state``) with a fresh one."""
    db = out.with_suffix(".db")
    for old in out.parent.glob(f"{db.name}*"):
        old.unlink()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "newsclean", "run", str(source), "-o",
                             str(out), *(("--state", str(db)) if state else ("--no-state",)),
                             "--no-progress", "-v", *flags],
                            stderr=subprocess.PIPE, text=True, cwd=out.parent)
    meter = ProcessMeter(proc.pid)
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"newsclean run {' '.join(flags)} failed:\n{err[-2000:]}")
    return seconds, err, meter.stop()


def startup(err: str) -> float | None:
    """Seconds from the run's first log line to the LocalCluster's start line."""
    lines = [line for line in err.splitlines() if line[:4].isdigit()]
    started = [line for line in lines if "started a LocalCluster" in line]
    if not lines or not started:
        return None
    from datetime import datetime

    def at(line: str) -> datetime:
        return datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")
    return (at(started[0]) - at(lines[0])).total_seconds()


#: label, workers (cores used), flags
ENGINES = (("local -w 1", 1, ("-w", "1")), ("local -w 2", 2, ("-w", "2")),
           ("dask -w 1", 1, ("--engine", "dask", "-w", "1")),
           ("dask -w 2", 2, ("--engine", "dask", "-w", "2")),
           ("dask -w 2 parts", 2, ("--engine", "dask", "-w", "2", "--parquet-dir", "parts")))


def engine_runs(warc: Path, pages: int, out: Path, *, local_only: bool, repeat: int,
                state: bool, half: Path | None = None) -> None:
    """Each engine setting ``repeat`` times over the page WARC: wall seconds, pages/s, its
    ratio to the first setting, pages/s per core, and the CPU milliseconds per page of the
    main process and of the other processes (workers, forkserver; load-independent,
    unlike pages/s). With ``half`` (the WARC of the first half of the pages) each setting
    also runs it, and the rate past start-up (the other half over the difference in
    seconds) is printed beside the whole run's, with its own ratio."""
    marginal = half is not None
    print(f"{'engine':16s} {'seconds':>8s} {'pages/s':>8s} {'ratio':>6s} {'per core':>8s} "
          + (f"{'past start':>10s} {'ratio':>6s} " if marginal else "")
          + f"{'main ms/page':>13s} {'others ms/page':>15s}")
    base: dict[str, float] = {}
    per_core: dict[str, dict[str, list[float]]] = {"whole run": {}, "past start-up": {}}
    cleaning: dict[str, list[float]] = {}       # pages per CPU second of the cleaners
    for label, cores, flags in ENGINES[:2] if local_only else ENGINES:
        for _ in range(repeat):
            seconds, err, meter = run(warc, out, *flags, state=state)
            rates = {"whole run": pages / seconds}
            if half is not None:         # the rate past start-up: full run less half a run
                half_seconds = run(half, out, *flags, state=state)[0]
                rates["past start-up"] = (pages - pages // 2) / max(seconds - half_seconds,
                                                                    1e-9)
            for kind, rate in rates.items():
                base.setdefault(kind, rate)
                per_core[kind].setdefault(label, []).append(rate / cores)
            main_ms = 1000 * meter.cpu_seconds("main") / pages
            others_ms = 1000 * (meter.cpu_seconds("worker") + meter.cpu_seconds("helper")) / pages
            # the CPU a page of the processes that clean (-w 1 local: this one, reading too)
            cleaning[label] = [*cleaning.get(label, []), 1000 / (others_ms or main_ms)]
            extra = ""
            if (boot := startup(err)) is not None:
                extra = (f"  (cluster start {boot:.1f} s; without it "
                         f"{pages / (seconds - boot):.1f} pages/s)")
            whole = rates["whole run"]
            past = (f"{rates['past start-up']:10.1f} "
                    f"{rates['past start-up'] / base['past start-up']:5.2f}x "
                    if marginal else "")
            print(f"{label:16s} {seconds:8.1f} {whole:8.1f} {whole / base['whole run']:5.2f}x "
                  f"{whole / cores:8.1f} {past}{main_ms:13.1f} {others_ms:15.1f}{extra}",
                  flush=True)
    for kind, figures in per_core.items():
        if figures:
            _per_core_summary(kind, figures)
    _per_core_summary("by CPU (pages per CPU second of the cleaning processes)", cleaning)


def _per_core_summary(kind: str, per_core: dict[str, list[float]]) -> None:
    """Each Dask setting's pages/s per core (mean of its runs) against the local engine's
    with as many workers (target: within 15%)."""
    def mean(label: str) -> float:
        return sum(per_core[label]) / len(per_core[label])
    for label in (name for name in per_core if name.startswith("dask")):
        local = f"local {label.split()[1]} {label.split()[2]}"
        if local in per_core:
            print(f"per core, {kind}: {label} {mean(label):.1f} pages/s against {local} "
                  f"{mean(local):.1f}: {mean(label) / mean(local):.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--limit-mb", type=int, default=512,
                        help="the memory limit: the big WARC is 10x this (default 512)")
    parser.add_argument("--skip-big", action="store_true", help="no memory run")
    parser.add_argument("--local-only", action="store_true", help="no Dask runs")
    parser.add_argument("--repeat", type=int, default=1, help="runs per engine setting")
    parser.add_argument("--marginal", action="store_true",
                        help="also pages/s past start-up, beside the whole run's: each "
                        "setting also runs the first half of the pages, and the rate is the "
                        "other half over the difference in seconds (start-up, warm-up and "
                        "the output files cancel out). The whole run's figure is what a "
                        "user's run of --pages sees, start-up included, which weighs on a "
                        "few hundred pages (the -w 2 / -w 1 ratio most); the rate past "
                        "start-up measures the engines, what a long run sees")
    parser.add_argument("--state", action="store_true",
                        help="engine runs with a fresh state file (duplicate marking on) "
                        "instead of --no-state")
    args = parser.parse_args()
    pages = bench_pages(args.bench, args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "pages.warc.gz"
        size = write_warc(warc, (record(u, b) for u, b in pages), compress=True)
        print(f"{len(pages)} pages from {args.bench} in one WARC ({size / 2**20:.1f} MiB)\n")
        half = None
        if args.marginal:
            half = Path(tmp) / "half.warc.gz"
            write_warc(half, (record(u, b) for u, b in pages[:len(pages) // 2]), compress=True)
        engine_runs(warc, len(pages), Path(tmp) / "out.csv", local_only=args.local_only,
                    repeat=args.repeat, state=args.state, half=half)
        if args.skip_big:
            return
        limit = args.limit_mb << 20
        big = Path(tmp) / "big.warc"
        size = write_warc(big, big_records(pages, 10 * limit), compress=False)
        _, _, small = run(warc, Path(tmp) / "small.csv", "-w", "2")
        seconds, _, large = run(big, Path(tmp) / "big.csv", "-w", "2")
        print(f"\nmemory, -w 2: the {warc.stat().st_size / 2**20:.1f} MiB page WARC against a "
              f"{size / 2**20:.0f} MiB WARC (10x the {args.limit_mb} MiB limit; {seconds:.0f} s)")
        print(f"{'process':12s} {'small':>10s} {'big':>10s} {'ratio':>6s}  under the limit")
        for role in ("main", "worker"):
            small_peak, large_peak = _peak(small.peaks, role), _peak(large.peaks, role)
            print(f"{role:12s} {small_peak / 2**20:7.1f} MiB {large_peak / 2**20:7.1f} MiB "
                  f"{large_peak / small_peak:5.2f}x  {'yes' if large_peak < limit else 'NO'}")


def _peak(peaks: dict[int, tuple[str, int]], role: str) -> int:
    """The highest peak RSS of the main process, or of any other (worker) process."""
    values = [rss for name, rss in peaks.values() if (name == "main") == (role == "main")]
    return max(values, default=0)


if __name__ == "__main__":
    main()
