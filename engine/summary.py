"""The end-of-run summary: one block of timestamped ``key=value`` lines, in the format of
the plain progress lines (:func:`newsclean.engine.progress.plain_line`)::

    time=2026-12-02T03:15:04Z event=summary articles=14 new=3 changed=1 unchanged=10 ...
    time=2026-12-02T03:15:04Z event=summary.failed fetch/http_error=1 extract/page_timeout=1
    time=2026-12-02T03:15:04Z event=summary.skipped too_short=2
    time=2026-12-02T03:15:04Z event=summary.retries http_503=2
    time=2026-12-02T03:15:04Z event=summary.records not_html=120 not_response=240
    time=2026-12-02T03:15:04Z event=summary.files output=corpus.csv errors=corpus.errors.csv
    time=2026-12-02T03:15:04Z event=summary.sites example.org=10 news.example=4 other_sites=3
    time=2026-12-02T03:15:04Z event=summary.languages en=12 de=2

The first line always comes; the others only when they have something to say. The counts
are those of :attr:`newsclean.pipeline.RunResult.counts` (``<stage>/<reason>`` for
failures, ``skip/<reason>``, ``warning/<value>``, ``retry/<reason>``, ``state/<change>``,
``record/<reason>`` for WARC records that are no page);
sites and languages count this run's output rows.
"""

from __future__ import annotations

import shlex
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from newsclean.engine.progress import plain_line
from newsclean.outcomes import Stage

_STAGES = frozenset(Stage)
#: how many sites the summary names; the rest are summed as ``other_sites``
TOP_SITES = 10
#: a site or language the rows do not have (local files, undetected language)
NONE_LABEL = "none"


class RunTotals(Protocol):
    """What the summary reads of a run (:class:`newsclean.pipeline.RunResult` is one)."""

    @property
    def counts(self) -> Counter[str]: ...

    seconds: float
    state: Path | None
    sites: Counter[str | None]
    languages: Counter[str | None]


def _under(counts: Mapping[str, int], prefix: str) -> dict[str, int]:
    return {k.split("/", 1)[1]: v for k, v in sorted(counts.items())
            if k.startswith(f"{prefix}/") and v}


def _failed(counts: Mapping[str, int]) -> dict[str, int]:
    """The failure counts: ``<stage>/<reason>`` (skips, retries, warnings, state changes
    and WARC records have prefixes of their own)."""
    return {k: v for k, v in sorted(counts.items())
            if k.split("/", 1)[0] in _STAGES and v}


def headline(result: RunTotals) -> dict[str, str]:
    """The first line's fields: articles, the state's changes, skipped, failed, seconds."""
    counts = result.counts
    state = _under(counts, "state")
    out = {"articles": counts["ok"]}
    if result.state is not None:
        out |= {"new": state.get("new", 0), "changed": state.get("changed", 0),
                "rechecked": state.get("rechecked", 0),
                "unchanged": sum(state.get(k, 0) for k in ("unchanged", "not_modified",
                                                           "not_due")),
                "duplicates": state.get("duplicates", 0)}
    out |= {"skipped": sum(_under(counts, "skip").values()),
            "failed": sum(_failed(counts).values()),
            "retries": sum(_under(counts, "retry").values())}
    return {**{k: str(v) for k, v in out.items()}, "seconds": f"{result.seconds:.1f}"}


def _by_count(counter: Counter[str | None], top: int | None = None) -> dict[str, str]:
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0] or ""))
    shown = ranked if top is None else ranked[:top]
    out = {(key or NONE_LABEL): str(n) for key, n in shown}
    rest = sum(n for _key, n in ranked[len(shown):])
    if rest:
        out["other_sites"] = str(rest)
    return out


def summary_lines(result: RunTotals, files: Mapping[str, Path]) -> list[str]:
    """The summary block; ``files`` names each file written (``output``, ``errors``...)."""
    counts = result.counts
    groups = [("summary", headline(result)),
              ("summary.failed", {k: str(v) for k, v in _failed(counts).items()}),
              ("summary.skipped", {k: str(v) for k, v in _under(counts, "skip").items()}),
              ("summary.warnings", {k: str(v) for k, v in _under(counts, "warning").items()}),
              ("summary.retries", {k: str(v) for k, v in _under(counts, "retry").items()}),
              ("summary.records", {k: str(v) for k, v in _under(counts, "record").items()}),
              ("summary.files", {k: str(v) for k, v in files.items()}),
              ("summary.sites", _by_count(result.sites, TOP_SITES)),
              ("summary.languages", _by_count(result.languages))]
    return [plain_line(event, fields) for event, fields in groups
            if fields or event == "summary"]


def parse_summary(text: str) -> dict[str, dict[str, str]]:
    """The summary lines found in ``text`` (e.g. a cron mail) by event, for scripts:
    ``parse_summary(err)["summary"]["new"]``, quoted values unquoted."""
    found: dict[str, dict[str, str]] = {}
    for line in text.splitlines():
        if not line.startswith("time="):
            continue
        fields = dict(item.split("=", 1) for item in shlex.split(line) if "=" in item)
        event = fields.pop("event", "")
        if event.startswith("summary"):
            fields.pop("time", None)
            found[event] = fields
    return found
