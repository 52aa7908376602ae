#!/usr/bin/env python3
"""Quality and speed of newsclean against trafilatura alone, side by side, in one run.

    python benchmarks/quality.py [--bench ../shared/bench] [--workers 1]
                                  [--datasets fundus-dev leak-dev] [--keep DIR]

For each benchmark folder (``<bench>/<dataset>/html`` + ``truth.json``) it runs the
pipeline over the pages and ``<bench>/baseline.py`` over the same pages, scores both CSVs
with ``<bench>/score.py`` and prints the figures and pages/s next to each other.
The pages are read from the bench folder at run time; nothing is copied into the repo.
``--keep DIR`` keeps both CSVs and newsclean's audit file (``<dataset>.newsclean.audit.csv``,
for ``<bench>/rules.py``) in DIR.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsclean import pipeline  # noqa: E402
from newsclean.config import load_config  # noqa: E402

LOWER_IS_BETTER = {"leak_rate"}


def load_scorer(bench: Path):
    spec = importlib.util.spec_from_file_location("bench_score", bench / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_ours(dataset: Path, out: Path, workers: int, audit: Path | None = None
             ) -> tuple[float, int]:
    config = load_config(None, {"inputs": (str(dataset / "html"),), "output": out,
                                "workers": workers, "audit": audit})
    started = time.perf_counter()
    result = pipeline.run_detailed(config)
    seconds = time.perf_counter() - started
    pipeline.export(result, config)
    pages = result.counts["ok"] + len(result.skips) + len(result.failures)
    return seconds, pages


def page_dated(corpus_csv: Path, target: Path) -> Path:
    """A copy of ``corpus_csv`` (written to ``target``) whose ``published`` is the page's own form,
    ``published_local``, for the scorer: its truth is written as the page gives the date
    (the page's offset, no zone, or a bare date) and it compares calendar days and clocks
    in that form, while the corpus's ``published`` is UTC."""
    import pandas as pd

    frame = pd.read_csv(corpus_csv, dtype=str, keep_default_na=False)
    frame["published"] = frame["published_local"]
    frame.to_csv(target, index=False)
    return target


def run_baseline(bench: Path, dataset: Path, out: Path) -> tuple[float, int]:
    proc = subprocess.run([sys.executable, str(bench / "baseline.py"), str(dataset), str(out)],
                          capture_output=True, text=True, check=True)
    match = re.search(r"(\d+) pages in ([\d.]+) s", proc.stdout)
    if not match:
        raise SystemExit(f"cannot read baseline timing from: {proc.stdout!r}")
    return float(match.group(2)), int(match.group(1))


def warm_up() -> None:
    """Load models and lazy imports once so they are not timed as page work."""
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "warm.html"
        page.write_text("<html><body><article><p>" + "Warm up text for the model. " * 20
                        + "</p></article></body></html>")
        pipeline.run([str(page)], workers=1)


def compare(bench: Path, name: str, workers: int, keep: Path | None) -> list[str]:
    dataset = bench / name
    scorer = load_scorer(bench)
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep or Path(tmp)
        ours_csv, base_csv = folder / f"{name}.newsclean.csv", folder / f"{name}.trafilatura.csv"
        audit = folder / f"{name}.newsclean.audit.csv" if keep else None
        ours_s, pages = run_ours(dataset, ours_csv, workers, audit)
        base_s, base_pages = run_baseline(bench, dataset, base_csv)
        ours = scorer.score(dataset, page_dated(ours_csv, Path(tmp) / "page-dates.csv"))
        base = scorer.score(dataset, base_csv)
    lines = [f"## {name}: {pages} pages", f"{'figure':<16}{'newsclean':>11}{'trafilatura':>13}"
             f"{'delta':>9}"]
    for key, value in ours.items():
        if not isinstance(value, float):
            continue
        ref = base.get(key, float("nan"))
        better = value <= ref if key in LOWER_IS_BETTER else value >= ref
        lines.append(f"{key:<16}{value:>11.3f}{ref:>13.3f}{value - ref:>+9.3f}"
                     f"{'' if better else '  <- below baseline'}")
    ours_rate, base_rate = pages / ours_s, base_pages / base_s
    lines.append(f"{'pages/s':<16}{ours_rate:>11.1f}{base_rate:>13.1f}"
                 f"{'':>9}  ratio {ours_rate / base_rate:.2f}x ({workers} worker"
                 f"{'s' if workers != 1 else ''})")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--datasets", nargs="*", help="folder names (default: all)")
    parser.add_argument("--keep", type=Path, help="keep the CSVs in this folder")
    args = parser.parse_args()
    if not (args.bench / "score.py").exists():
        print(f"no benchmark folder at {args.bench}: nothing to do")
        return 0
    names = args.datasets or sorted(p.name for p in args.bench.iterdir()
                                    if (p / "truth.json").exists())
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    warm_up()
    for name in names:
        print("\n".join(compare(args.bench, name, args.workers, args.keep)), end="\n\n",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
