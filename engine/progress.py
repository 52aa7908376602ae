"""Progress display for long runs: a live rich line on a terminal (pages, rate, outcome
counts); under cron (no TTY) a plain, parseable log line every few seconds."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from newsclean.records import Article, Failure, Skip

LOG_EVERY_SECONDS = 10.0


def _kind(outcome: Article | Skip | Failure) -> str:
    if isinstance(outcome, Article):
        return "ok"
    return "skipped" if isinstance(outcome, Skip) else "failed"


@contextmanager
def progress_reporter(enabled: bool | None) -> Iterator[Callable[[Article | Skip | Failure],
                                                                 None]]:
    """Yield a callback to call once per page outcome."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    counts: Counter[str] = Counter()
    started = time.monotonic()
    if not enabled:
        last = [started]

        def plain(outcome: Article | Skip | Failure) -> None:
            counts[_kind(outcome)] += 1
            now = time.monotonic()
            if now - last[0] >= LOG_EVERY_SECONDS:
                last[0] = now
                done = sum(counts.values())
                print(f"newsclean: progress pages={done} ok={counts['ok']} "
                      f"skipped={counts['skipped']} failed={counts['failed']} "
                      f"rate={done / (now - started):.1f}/s", file=sys.stderr, flush=True)
        yield plain
        return

    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.completed} pages"),
               TextColumn("{task.fields[rate]:.1f}/s"), TextColumn("{task.fields[outcomes]}"),
               TimeElapsedColumn())
    with Progress(*columns, transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("cleaning", total=None, rate=0.0, outcomes="")

        def live(outcome: Article | Skip | Failure) -> None:
            counts[_kind(outcome)] += 1
            done = sum(counts.values())
            outcomes = " ".join(f"{k}={v}" for k, v in sorted(counts.items()))
            bar.update(task, completed=done, outcomes=outcomes,
                       rate=done / max(time.monotonic() - started, 1e-6))
        yield live
