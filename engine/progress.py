"""What a run shows while it works: a live rich line on a terminal, plain ``key=value`` lines
under cron (no terminal), or nothing.

    with progress_reporter(config.progress) as progress:
        run_detailed(config, on_outcome=progress, on_planned=progress.planned)

The total is the number of pages planned so far (:meth:`RunProgress.planned`, from
discovery as feeds and sitemaps expand, and :meth:`RunProgress.count_in_background` for the
URL lists and folders); it only grows. Until the first page is planned the line says
``discovering``, then ``fetching`` until the first result. ``None`` as an outcome is a
page whose stored article stands (not due, 304, the same bytes): it counts as
``unchanged``. A ``--parquet-dir`` run's articles come as the notes its workers send
back instead of their rows (:class:`~newsclean.corpus.state.recorder.StubNote`): they
count as ``ok``, as each batch's notes come back.

- Live (a terminal): spinner, bar, ``done/total pages``, percentage, rate, ETA and the
  outcome counts; the last state stays on screen when the run ends.
- Plain: one line every :data:`LOG_EVERY_SECONDS`, ``time=<UTC> event=progress`` then
  ``key=value`` fields (:func:`plain_line`), no control characters.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from newsclean.outcomes import FetchOutcome, Stage
from newsclean.records import Failure, Skip

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


LOG_EVERY_SECONDS = 10.0
#: fetch "failures" that only say the stored article stands
_UNCHANGED = frozenset({FetchOutcome.NOT_MODIFIED, FetchOutcome.NOT_DUE})
KINDS = ("ok", "skipped", "failed", "unchanged")


class Display(Enum):
    """How progress is shown."""

    LIVE = "live"        # a rich line on a terminal
    PLAIN = "plain"      # key=value log lines
    NONE = "none"


def choose_display(progress: bool | None, *, quiet: bool = False,
                   terminal: bool | None = None) -> Display:
    """``progress`` None or True: live on a terminal, plain lines otherwise; False or
    ``quiet``: none. ``terminal`` defaults to whether stderr is one."""
    if quiet or progress is False:
        return Display.NONE
    if terminal is None:
        terminal = sys.stderr.isatty()
    return Display.LIVE if terminal else Display.PLAIN


def timestamp() -> str:
    """Now in UTC, to the second, as the plain lines and the summary show it."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def kind_of(outcome: object) -> str:
    """``unchanged``, ``skipped``, ``failed`` or ``ok`` (an :class:`Article`, or the note of
    one a ``--parquet-dir`` worker sent instead of its row: the engine does not know the
    corpus side's type)."""
    if outcome is None:
        return "unchanged"
    if isinstance(outcome, Skip):
        return "skipped"
    if isinstance(outcome, Failure):
        return ("unchanged" if outcome.stage == Stage.FETCH and outcome.reason in _UNCHANGED
                else "failed")
    return "ok"                         # an article, or a --parquet-dir worker's note of one


@dataclass
class RunProgress:
    """The counts a progress display shows; call it once per page outcome and
    :meth:`planned` as the planned total grows (from any thread)."""

    started: float = field(default_factory=time.monotonic)
    total: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __call__(self, outcome: object) -> None:
        """Count one page's outcome (see :func:`kind_of`)."""
        with self._lock:
            self.counts[kind_of(outcome)] += 1
        self.changed()

    def planned(self, total: int) -> None:
        with self._lock:
            self.total = max(self.total, total)
        self.changed()

    def changed(self) -> None:
        """Called after every update; displays override it."""

    @property
    def shown(self) -> bool:
        """Whether anything shows this progress (the base class shows nothing)."""
        return type(self) is not RunProgress

    def count_in_background(self, count: Callable[[], int]) -> None:
        """Raise the total to ``count()`` (e.g. the items of the URL lists and folders,
        counted by a second, cheap pass) from a daemon thread, so the run need not wait
        for it; the planned count overtakes it when feeds and sitemaps expand."""
        if self.shown:
            threading.Thread(target=lambda: self.planned(count()), daemon=True,
                             name="newsclean-count").start()

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    @property
    def phase(self) -> str:
        if self.done:
            return "running"
        return "fetching" if self.total else "discovering"

    def rate(self, now: float | None = None) -> float:
        elapsed = (time.monotonic() if now is None else now) - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def eta_seconds(self, now: float | None = None) -> float | None:
        rate, left = self.rate(now), self.total - self.done
        return left / rate if rate > 0 and left >= 0 and self.total else None

    def fields(self, now: float | None = None) -> dict[str, str]:
        """The progress as ``key=value`` fields (the plain line's, in order)."""
        done, total = self.done, max(self.total, self.done)
        out = {"phase": self.phase, "pages": str(done), "total": str(total)}
        if total:
            out["percent"] = f"{100 * done / total:.0f}"
        out["rate"] = f"{self.rate(now):.1f}"
        eta = self.eta_seconds(now)
        if eta is not None:
            out["eta_s"] = f"{eta:.0f}"
        out.update({kind: str(self.counts[kind]) for kind in KINDS})
        return out


def plain_line(event: str, fields: dict[str, str]) -> str:
    """``time=<UTC> event=<event> key=value ...``: one line, no control characters."""
    items = {"time": timestamp(), "event": event, **fields}
    return " ".join(f"{key}={_value(value)}" for key, value in items.items())


def _value(text: str) -> str:
    """A logfmt value: quoted when it has spaces, quotes or '='; control characters go."""
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    if text and not any(ch in text for ch in ' "='):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Plain(RunProgress):
    """A plain line every :data:`LOG_EVERY_SECONDS` (the first after that long too)."""

    def __init__(self) -> None:
        super().__init__()
        self._last = self.started

    def changed(self) -> None:
        now = time.monotonic()
        if now - self._last < LOG_EVERY_SECONDS:
            return
        self._last = now
        print(plain_line("progress", self.fields(now)), file=sys.stderr, flush=True)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"


class _Live(RunProgress):
    """Feeds a rich Progress task; the bar refreshes itself from its own thread."""

    def __init__(self, bar: Progress, task: TaskID) -> None:
        super().__init__()
        self._bar, self._task = bar, task

    def changed(self) -> None:
        bar = self._bar
        done = self.done
        outcomes = " ".join(f"{k}={self.counts[k]}" for k in KINDS if self.counts[k])
        eta = self.eta_seconds()
        bar.update(self._task, completed=done,
                   total=max(self.total, done) or None, description=self.phase,
                   rate=self.rate(), outcomes=outcomes,
                   eta="-:--:--" if eta is None else _clock(eta))

    def end(self, word: str) -> None:
        """The last state, to stay on screen: ``done`` (every planned page is done: the
        total is what was done) or ``stopped``."""
        self.changed()
        total = self.done if word == "done" else max(self.total, self.done)
        self._bar.update(self._task, description=word, total=total)


@contextmanager
def progress_reporter(progress: bool | None, *, quiet: bool = False) -> Iterator[RunProgress]:
    """Yield the run's :class:`RunProgress`, shown as :func:`choose_display` says."""
    display = choose_display(progress, quiet=quiet)
    if display is Display.NONE:
        yield RunProgress()
    elif display is Display.PLAIN:
        yield _Plain()
    else:
        with _live() as live:
            yield live


@contextmanager
def _live() -> Iterator[_Live]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               MofNCompleteColumn(), TextColumn("pages"), TaskProgressColumn(),
               TextColumn("{task.fields[rate]:.1f}/s ETA {task.fields[eta]}"),
               TextColumn("{task.fields[outcomes]}"),
               TimeElapsedColumn())
    with Progress(*columns, transient=False, console=Console(stderr=True)) as bar:
        live = _Live(bar, bar.add_task("discovering", total=None, rate=0.0, outcomes="",
                                        eta="-:--:--"))
        end = "stopped"
        try:
            yield live
            end = "done"
        finally:
            live.end(end)
