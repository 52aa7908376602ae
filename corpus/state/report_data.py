"""What the run report shows, read from a state file: the last run's summary, the recent
runs' outcomes, the corpus by site and length, removals, fetches per host and failures.

Everything here is plain data (no HTML, no plots), so :mod:`.report` renders it and tests
can assert on it. The window of "recent runs" is the last ``runs`` runs; the header and
the failures table are about the newest run of that window.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from newsclean.corpus.state.store import StateStore
from newsclean.outcomes import SkipReason

#: count prefixes that are no failure
_NOT_FAILURES = {"skip", "retry", "state", "warning"}
#: a source without a host (a local file)
LOCAL = "(local files)"
_SKIP_REASONS = frozenset(str(r) for r in SkipReason)


@dataclass(frozen=True, slots=True)
class RunSummary:
    """One run as its ``runs`` row tells it."""

    id: int
    started: str
    ended: str | None
    status: str
    counts: dict[str, int]

    @property
    def seconds(self) -> float | None:
        if self.ended is None:
            return None
        return (datetime.fromisoformat(self.ended)
                - datetime.fromisoformat(self.started)).total_seconds()

    def state(self, key: str) -> int:
        return self.counts.get(f"state/{key}", 0)

    @property
    def unchanged(self) -> int:
        """Pages whose stored article stands: same bytes, 304, or not due for a check."""
        return self.state("unchanged") + self.state("not_modified") + self.state("not_due")

    def by_prefix(self, prefix: str) -> dict[str, int]:
        """``skip`` -> {reason: n}; the counts under ``<prefix>/``."""
        return {k.split("/", 1)[1]: v for k, v in sorted(self.counts.items())
                if k.startswith(f"{prefix}/")}

    @property
    def failed(self) -> dict[str, int]:
        """``<stage>/<reason>`` -> n, for every failure count of the run."""
        return {k: v for k, v in sorted(self.counts.items())
                if "/" in k and k.split("/", 1)[0] not in _NOT_FAILURES}


@dataclass(frozen=True, slots=True)
class FailureRow:
    """One row of the last run's failures table (skips included, marked as such)."""

    source: str
    stage: str
    reason: str
    message: str

    @property
    def kind(self) -> str:
        return "skipped" if self.reason in _SKIP_REASONS else "failed"


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the report shows. ``runs`` is oldest first; ``last`` is the newest."""

    state: str
    generated: str
    runs: list[RunSummary]
    articles: int = 0                 # articles in the store (distinct ids)
    duplicates: int = 0               # the last run's new articles that copy an earlier one
    sites: list[tuple[str, int]] = field(default_factory=list)        # most articles first
    word_counts: list[int] = field(default_factory=list)              # latest versions
    removals: list[tuple[str, int]] = field(default_factory=list)     # lines, most first
    host_outcomes: dict[str, Counter[str]] = field(default_factory=dict)
    host_bytes: Counter[str] = field(default_factory=Counter)
    host_seconds: dict[str, list[float]] = field(default_factory=dict)   # per page fetched
    failures: list[FailureRow] = field(default_factory=list)
    failures_total: int = 0           # the last run's rows, of which ``failures`` shows some

    @property
    def last(self) -> RunSummary | None:
        return self.runs[-1] if self.runs else None


def _counts(raw: str | None) -> dict[str, int]:
    counts: dict[str, int] = json.loads(raw) if raw else {}
    return {k: int(v) for k, v in counts.items()}


def host_of(url: str) -> str:
    """The host of a fetched URL; local files share one label."""
    host = urlsplit(url).hostname if "://" in url else None
    return host or LOCAL


_LATEST = "version = (SELECT max(version) FROM articles m WHERE m.id = articles.id)"


def _fetches_by_host(store: StateStore, first_run: int
                     ) -> tuple[dict[str, Counter[str]], Counter[str], dict[str, list[float]]]:
    """host -> fetch outcome -> n, host -> bytes read, and host -> the seconds of each
    timed fetch, over the runs from ``first_run``."""
    hosts: dict[str, Counter[str]] = {}
    host_bytes: Counter[str] = Counter()
    seconds: dict[str, list[float]] = {}
    for row in store.db.execute("SELECT url, outcome, bytes, seconds FROM fetches "
                                "WHERE run_id >= ?", (first_run,)):
        host = host_of(row["url"])
        hosts.setdefault(host, Counter())[row["outcome"]] += 1
        host_bytes[host] += row["bytes"] or 0
        if row["seconds"] is not None:
            seconds.setdefault(host, []).append(float(row["seconds"]))
    return hosts, host_bytes, seconds


def gather(store: StateStore, *, runs: int = 20, failures: int = 500) -> ReportData:
    """Read the report's data from ``store``: the last ``runs`` runs, and at most
    ``failures`` rows of the last run's failures table."""
    db = store.db
    window = [RunSummary(r["id"], r["started"], r["ended"], r["status"], _counts(r["counts"]))
              for r in reversed(store.runs(runs))]
    data = ReportData(state=str(store.path), generated=store.now(), runs=window)
    if not window:
        return data
    first, last = window[0].id, window[-1].id     # run ids only grow: the window is id >= first
    hosts, host_bytes, host_seconds = _fetches_by_host(store, first)
    sites = db.execute("SELECT json_extract(row, '$.site') AS site, count(*) AS n FROM articles "
                       f"WHERE {_LATEST} GROUP BY site ORDER BY n DESC, site").fetchall()
    return ReportData(
        state=data.state, generated=data.generated, runs=window,
        articles=db.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0],
        duplicates=db.execute(
            "SELECT count(*) FROM fingerprints f JOIN articles a ON a.id = f.id "
            "AND a.version = 1 WHERE a.run_id = ? AND f.duplicate_of IS NOT NULL",
            (last,)).fetchone()[0],
        sites=[(r["site"] or LOCAL, r["n"]) for r in sites],
        word_counts=[int(r[0] or 0) for r in db.execute(
            f"SELECT json_extract(row, '$.word_count') FROM articles WHERE {_LATEST}")],
        removals=[(r["reason"], r["n"]) for r in db.execute(
            "SELECT reason, sum(lines) AS n FROM removals WHERE run_id >= ? "
            "GROUP BY reason ORDER BY n DESC, reason", (first,))],
        host_outcomes=hosts, host_bytes=host_bytes, host_seconds=host_seconds,
        failures=[FailureRow(r["source"], r["stage"], r["reason"], r["message"])
                  for r in db.execute("SELECT source, stage, reason, message FROM failures "
                                      "WHERE run_id = ? ORDER BY id LIMIT ?",
                                      (last, failures))],
        failures_total=db.execute("SELECT count(*) FROM failures WHERE run_id = ?",
                                  (last,)).fetchone()[0])
