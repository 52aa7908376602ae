#!/usr/bin/env python3
"""Speed per core and start-up of newsclean beside trafilatura, in one run (issue 14).

    .venv/bin/python benchmarks/speed.py [--bench ../shared/bench] [--limit N]
                                         [--no-runs | --runs-only | --stages]

1. CPU per page (ms, warm, one process, every page of every ``<bench>/*/html`` folder):
   newsclean's per-page stage (decode -> clean: ``engine.worker.process_page``),
   trafilatura's ``bare_extraction`` with metadata (as ``<bench>/baseline.py`` calls it,
   URL from the truth) and without, resiliparse's main-content extraction (if installed)
   and a bare lxml parse, each with its ratio to newsclean.
2. Whole runs over all those pages at once (wall clock of a fresh process, start-up
   included): ``newsclean run`` with 1 and 2 workers, trafilatura alone with metadata (the
   baseline's loop), pages/s and ratios, and the CPU seconds of each run (the process and
   every process under it: workers, forkserver) with their ratios, which load on a shared
   machine changes far less than wall time; the peak RSS of the 1-worker run and of a run
   over an eighth of the pages.
3. Start-up: ``newsclean --help``, a usage error and a one-page run, wall seconds.

``--stages`` prints instead where newsclean's per-page CPU goes: each step of the stage
(decode, parse, metadata, pruning, trafilatura and the parts of its cascade, lede, text
rules, normalising, language), timed by a wrapper around the step's function, inclusive
(an indented step is part of the one above it), in ms per page over the same pages.

The pages are read from the bench folder (a temporary folder of links joins them);
nothing is copied into the repo. The machine may be shared: compare the ratios, which
are measured side by side in one run, more than the absolute figures.
"""

from __future__ import annotations

import argparse
import ctypes
import gzip
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsclean.cleaners.html.parse import strip_xml_declarations  # noqa: E402
from newsclean.config import CleanOptions  # noqa: E402
from newsclean.engine.worker import process_page, warm_up  # noqa: E402
from newsclean.records import RawPage  # noqa: E402
from newsclean.scraper.decode import decode_page  # noqa: E402

PY = sys.executable
#: the trafilatura-alone whole run: baseline.py's loop over a list of (path, url)
TRAFILATURA_RUN = """
import gzip, json, sys, trafilatura
for path, url in json.load(open(sys.argv[1])):
    raw = gzip.decompress(open(path, "rb").read())
    trafilatura.bare_extraction(raw, url=url, with_metadata=True)
"""


class Page:
    """One bench page: the file, the URL its truth gives, the raw and decoded markup."""

    def __init__(self, path: Path, url: str | None) -> None:
        self.path, self.url = path, url
        self.body = path.read_bytes()
        self.raw = gzip.decompress(self.body) if path.suffix == ".gz" else self.body
        self.text = decode_page(RawPage(0, str(path), self.body)).text


def load_pages(bench: Path, limit: int | None) -> dict[str, list[Page]]:
    folders: dict[str, list[Page]] = {}
    for folder in sorted(p for p in bench.iterdir() if (p / "truth.json").exists()):
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        paths = sorted((folder / "html").iterdir())[:limit]
        folders[folder.name] = [
            Page(p, (truth.get(re.sub(r"\.html?(\.gz)?$", "", p.name)) or {}).get("url"))
            for p in paths]
    return folders


def _resiliparse() -> Callable[[Page], object] | None:
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree
    except ImportError:
        return None
    return lambda page: extract_plain_text(HTMLTree.parse(page.text), main_content=True)


def methods() -> dict[str, Callable[[Page], object] | None]:
    import trafilatura

    options = CleanOptions()
    return {
        "newsclean": lambda p: process_page(RawPage(0, str(p.path), p.body), options),
        "traf+meta": lambda p: trafilatura.bare_extraction(p.raw, url=p.url,
                                                           with_metadata=True),
        "traf": lambda p: trafilatura.bare_extraction(p.raw, url=p.url, with_metadata=False),
        "resiliparse": _resiliparse(),
        "lxml parse": lambda p: lxml.html.document_fromstring(strip_xml_declarations(p.text)),
    }


def cpu_ms(method: Callable[[Page], object], pages: list[Page]) -> float:
    started = time.process_time()
    for page in pages:
        method(page)
    return (time.process_time() - started) * 1000 / len(pages)


def per_page_table(folders: dict[str, list[Page]]) -> None:
    """Print the CPU table, one line per folder as it is measured, then all pages."""
    found = methods()
    names = [n for n, m in found.items() if m is not None]
    for name in names:                                   # warm: imports, models, caches
        found[name](folders[next(iter(folders))][0])    # type: ignore[misc]
    print("## CPU per page (ms, one process, warm)")
    print(f"{'folder':<16}{'pages':>6}" + "".join(f"{n:>13}" for n in names)
          + "   traf+meta / newsclean, traf / newsclean")
    totals = dict.fromkeys(names, 0.0)
    for folder, pages in folders.items():
        ms = {n: cpu_ms(found[n], pages) for n in names}  # type: ignore[arg-type]
        for name in names:
            totals[name] += ms[name] * len(pages)
        print(_cpu_line(folder, len(pages), ms), flush=True)
    count = sum(len(p) for p in folders.values())
    print(_cpu_line("all", count, {n: t / count for n, t in totals.items()}))
    if found["resiliparse"] is None:
        print("resiliparse: not installed (pip install resiliparse)")


#: (module, function, depth) of the steps ``--stages`` times, in the order of the stage;
#: each is replaced where its caller looks it up
STEPS = (
    ("newsclean.scraper.decode", "decode_page", 0),
    ("newsclean.cleaners.page", "parse_html", 0),
    ("newsclean.cleaners.page", "extract_metadata", 0),
    ("newsclean.cleaners.page", "extract_article", 0),
    ("newsclean.cleaners.html.body", "paragraph_chars", 1),
    ("newsclean.cleaners.html.body", "prune_blocks", 1),
    ("newsclean.cleaners.html.body", "extract_body", 1),
    ("trafilatura.core", "copy", 2),
    ("trafilatura.core", "prune_unwanted_nodes", 2),
    ("trafilatura.core", "tree_cleaning", 2),
    ("trafilatura.core", "extract_content", 2),
    ("trafilatura.core", "compare_extraction", 2),
    ("trafilatura.external", "try_readability", 3),
    ("trafilatura.external", "justext_rescue", 3),
    ("trafilatura.core", "html2txt", 2),
    ("trafilatura.core", "_recall_retry", 2),
    ("trafilatura.core", "justext_rescue", 2),
    ("newsclean.cleaners.html.body", "with_lede", 1),
    ("newsclean.cleaners.page", "repair_text", 0),
    ("newsclean.cleaners.page", "clean_text", 0),
    ("newsclean.cleaners.page", "normalize_lines", 0),
    ("newsclean.cleaners.page", "detect_language", 0),
)


def stage_table(folders: dict[str, list[Page]]) -> None:
    """Print the CPU of each step of newsclean's per-page stage (see the docstring)."""
    import importlib

    spent: dict[tuple[str, str], list[float]] = {}

    def timed(key: tuple[str, str], step: Callable[..., object]) -> Callable[..., object]:
        def run(*args: object, **kwargs: object) -> object:
            started = time.process_time()
            try:
                return step(*args, **kwargs)
            finally:
                spent[key][0] += time.process_time() - started
                spent[key][1] += 1
        return run

    pages = [p for ps in folders.values() for p in ps]
    options = CleanOptions()
    warm_up()
    for module_name, name, _ in STEPS:
        module = importlib.import_module(module_name)
        spent[(module_name, name)] = [0.0, 0]
        setattr(module, name, timed((module_name, name), getattr(module, name)))
    started = time.process_time()
    for page in pages:
        process_page(RawPage(0, str(page.path), page.body), options)
    total = (time.process_time() - started) * 1000 / len(pages)
    print(f"## CPU per page by step (ms, one process, warm, {len(pages)} pages, inclusive)")
    print(f"{'whole stage (process_page)':<44}{total:8.2f}")
    for module_name, name, depth in STEPS:
        seconds, calls = spent[(module_name, name)]
        label = "  " * depth + f"{module_name.rsplit('.', 1)[-1]}.{name}"
        print(f"{label:<44}{seconds * 1000 / len(pages):8.2f}"
              f"   {calls / len(pages):5.2f} calls/page")


def _cpu_line(folder: str, pages: int, ms: dict[str, float]) -> str:
    return (f"{folder:<16}{pages:>6}" + "".join(f"{v:>13.1f}" for v in ms.values())
            + f"   {ms['traf+meta'] / ms['newsclean']:.2f}x, {ms['traf'] / ms['newsclean']:.2f}x")


#: run before the measured code in the child: its peak RSS (VmHWM: the high-water mark of
#: its own memory, not of the benchmark process it was forked from) on stderr at exit
_PEAK_RSS = ("import atexit, sys\natexit.register(lambda: print('VmHWM', open("
             "'/proc/self/status').read().split('VmHWM:')[1].split()[0], file=sys.stderr))\n")


_PR_SET_CHILD_SUBREAPER = 36


def _become_subreaper() -> None:
    """Make this process the one orphans of its children are given to (Linux): the pool's
    forkserver outlives the run's main process by a moment, and its CPU (with that of the
    workers it reaped) counts in RUSAGE_CHILDREN only once this process has reaped it."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1)


def _reap_orphans() -> None:
    while True:
        try:
            os.wait()
        except ChildProcessError:       # none left
            return


def timed_process(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system of the process and every process under it,
    once they ended: workers, forkserver) and peak RSS (MB, its own, not its workers') of
    one fresh process: ``args`` is ``[python, "-c", code, ...]`` or
    ``[python, "-m", module, ...]``."""
    if args[1] == "-m":
        code = (f"sys.argv = {[args[2], *args[3:]]!r}\nimport runpy\n"
                f"runpy.run_module({args[2]!r}, run_name='__main__')")
        args = [args[0], "-c", code]
    args = [args[0], "-c", _PEAK_RSS + args[2], *args[3:]]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          cwd=tempfile.gettempdir(), check=False)
    seconds = time.perf_counter() - started
    _reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak = re.findall(r"^VmHWM (\d+)$", done.stderr, re.MULTILINE)
    if done.returncode not in (0, 1, 2) or not peak:
        raise SystemExit(f"{args} failed: {done.stderr[-2000:]}")
    return seconds, cpu, int(peak[-1]) / 1024


def link_pages(pages: list[Page], folder: Path) -> Path:
    folder.mkdir()
    for i, page in enumerate(pages):
        (folder / f"{i:05d}-{page.path.name}").symlink_to(page.path)
    return folder


def newsclean_run(folder: Path, workers: int, out: Path) -> list[str]:
    return [PY, "-m", "newsclean", "run", str(folder), "-o", str(out), "--no-state",
            "--no-progress", "-w", str(workers)]


def whole_runs(folders: dict[str, list[Page]], tmp: Path) -> list[str]:
    pages = [p for ps in folders.values() for p in ps]
    everything = link_pages(pages, tmp / "all")
    eighth = link_pages(pages[::8], tmp / "eighth")
    listing = tmp / "pages.json"
    listing.write_text(json.dumps([(str(p.path), p.url) for p in pages]))
    traf_s, traf_cpu, traf_rss = timed_process([PY, "-c", TRAFILATURA_RUN, str(listing)])
    one_s, one_cpu, one_rss = timed_process(newsclean_run(everything, 1, tmp / "one.csv"))
    two_s, two_cpu, _ = timed_process(newsclean_run(everything, 2, tmp / "two.csv"))
    small_s, _, small_rss = timed_process(newsclean_run(eighth, 1, tmp / "small.csv"))
    n = len(pages)
    return [f"## Whole runs over {n} pages (wall clock and CPU, start-up included)",
            f"trafilatura alone, with metadata  {traf_s:7.1f} s {n / traf_s:7.1f} pages/s"
            f"  CPU {traf_cpu:7.1f} s",
            f"newsclean --workers 1             {one_s:7.1f} s {n / one_s:7.1f} pages/s"
            f"  CPU {one_cpu:7.1f} s   {traf_s / one_s:.2f}x trafilatura"
            f" (CPU {traf_cpu / one_cpu:.2f}x)",
            f"newsclean --workers 2             {two_s:7.1f} s {n / two_s:7.1f} pages/s"
            f"  CPU {two_cpu:7.1f} s   {one_s / two_s:.2f}x one worker"
            f" (CPU {two_cpu / one_cpu:.2f}x one worker's)",
            f"peak RSS, newsclean -w 1: {len(pages[::8])} pages {small_rss:.0f} MB, "
            f"{n} pages {one_rss:.0f} MB (trafilatura alone {traf_rss:.0f} MB)"]


def start_up(folders: dict[str, list[Page]], tmp: Path) -> list[str]:
    page = link_pages([next(iter(folders.values()))[0]], tmp / "one-page")
    runs = {"newsclean --help": [PY, "-m", "newsclean", "--help"],
            "a usage error": [PY, "-m", "newsclean", "run", "--workers", "none"],
            "a one-page run": newsclean_run(page, 1, tmp / "page.csv"),
            "python -c pass": [PY, "-c", "pass"]}
    return ["## Start-up (wall seconds, best of 3)"] + [
        f"{name:<20}{min(timed_process(args)[0] for _ in range(3)):6.2f} s"
        for name, args in runs.items()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--limit", type=int, help="pages per folder (default: all)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--no-runs", action="store_true",
                       help="CPU per page only (no whole runs, no start-up)")
    which.add_argument("--runs-only", action="store_true",
                       help="whole runs and start-up only (no CPU-per-page table)")
    which.add_argument("--stages", action="store_true",
                       help="only the CPU of each step of newsclean's per-page stage")
    args = parser.parse_args()
    if not (args.bench / "score.py").exists():
        print(f"no benchmark folder at {args.bench}: nothing to do")
        return 0
    folders = load_pages(args.bench, args.limit)
    if args.stages:
        stage_table(folders)
        return 0
    _become_subreaper()
    if not args.runs_only:
        warm_up()
        per_page_table(folders)
        print()
    if not args.no_runs:
        with tempfile.TemporaryDirectory() as tmp:
            print("\n".join(whole_runs(folders, Path(tmp))), end="\n\n", flush=True)
            print("\n".join(start_up(folders, Path(tmp))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
