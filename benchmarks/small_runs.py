"""Wall time of small and larger CLI runs, in-process (``-w 1``) against the default workers.

A run of a few pages must not be slower with the default worker setting than with ``-w 1``
(a run of at most ``SMALL_RUN`` pages is cleaned in-process; a longer one goes to the
pool from its first page). Takes the first N pages of a benchmark folder (read where they
are, through symlinks in a temporary folder), runs ``python -m newsclean run``
``--repeat`` times per setting and prints the median and best wall time of each.

    .venv/bin/python benchmarks/small_runs.py [--bench ../shared/bench] [--counts 13,100]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pages_folder(source: Path, count: int, into: Path) -> Path:
    folder = into / f"pages{count}"
    folder.mkdir()
    pages = sorted(source.glob("*.html.gz"))[:count]
    if len(pages) < count:
        raise SystemExit(f"{source} has only {len(pages)} pages")
    for page in pages:
        (folder / page.name).symlink_to(page)
    return folder


def one_run(folder: Path, workers: str, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsclean", "run", str(folder), "-w", workers,
                    "--no-progress", "-o", str(out)], check=False, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--folder", default="fundus-dev", help="benchmark folder to read")
    parser.add_argument("--counts", default="13,100", help="run sizes (default 13,100)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per setting (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for count in (int(c) for c in args.counts.split(",")):
            folder = pages_folder(args.bench / args.folder / "html", count, Path(tmp))
            for workers, label in (("1", "-w 1"), ("0", "default (all cores)")):
                times = [one_run(folder, workers, Path(tmp) / "c.csv")
                         for _ in range(args.repeat)]
                print(f"{count:4d} pages  {label:20s} median {statistics.median(times):5.2f} s"
                      f"  best {min(times):5.2f} s", flush=True)


if __name__ == "__main__":
    main()
