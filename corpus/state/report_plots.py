"""The run report's plots as SVG text, to be inlined into the page.

matplotlib draws them on its own :class:`~matplotlib.figure.Figure` objects (no pyplot, no
global backend; imported only when a report is made). The SVG keeps text as text
(``svg.fonttype = none``: no embedded or external fonts), and every id (with the
references to it) is prefixed with the plot's name, so that several SVGs in one page never
share one. Labels are hostile input (host names come
from URLs): mathtext is off, and matplotlib escapes them for XML.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from newsclean.corpus.state.report_data import RunSummary

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: run outcome -> colour, in stacking order
RUN_COLOURS = {"new": "#2b8a3e", "changed": "#74b816", "rechecked": "#a9e34b",
               "unchanged": "#adb5bd", "skipped": "#f59f00", "failed": "#e03131"}
#: fetch outcomes that are no trouble; any other outcome gets a warm colour
FETCH_COLOURS = {"ok": "#2b8a3e", "unchanged": "#adb5bd", "not_modified": "#74c0fc"}
_TROUBLE = ("#e03131", "#f76707", "#f59f00", "#ae3ec9", "#7048e8", "#c2255c", "#862e9c")
BAR = "#1971c2"
P90 = "#0ca678"          # the fetch-time plot's 90th percentile bars


def _short(label: str, width: int = 40) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


#: an id, or a reference to one, in matplotlib's SVG
_ID = re.compile(r'(\sid="|xlink:href="#|href="#|url\(#)([^")]+)')


def _render(name: str, size: tuple[float, float], draw: Callable[[Figure], None]) -> str:
    """Draw one figure with ``draw`` and return its ``<svg>`` element."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "newsclean",
                                "text.parse_math": False, "font.size": 9,
                                "axes.spines.top": False, "axes.spines.right": False,
                                "font.family": "sans-serif"}):
        figure = Figure(figsize=size, layout="constrained")
        draw(figure)
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    return _ID.sub(lambda m: f"{m.group(1)}{name}-{m.group(2)}", text[text.index("<svg"):])


def _counts_axis(axis: Any) -> None:
    """Whole numbers on an axis of counts."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _height(rows: int) -> float:
    return 1.2 + 0.26 * rows


def outcomes_over_runs(runs: Sequence[RunSummary]) -> str:
    """Stacked bars, one per run (oldest left): what became of its pages."""
    series = {"new": [r.state("new") for r in runs],
              "changed": [r.state("changed") for r in runs],
              "rechecked": [r.state("rechecked") for r in runs],
              "unchanged": [r.unchanged for r in runs],
              "skipped": [sum(r.by_prefix("skip").values()) for r in runs],
              "failed": [sum(r.failed.values()) for r in runs]}
    labels = [f"#{r.id}" + ("" if r.status == "done" else f"\n{r.status}") for r in runs]

    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        bottom = [0] * len(runs)
        for key, values in series.items():
            axes.bar(labels, values, bottom=bottom, color=RUN_COLOURS[key], label=key)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        axes.set_xlim(-0.6, max(len(runs), 8) - 0.4)    # a few runs keep narrow bars
        _counts_axis(axes.yaxis)
        axes.set_ylabel("pages")
        axes.set_xlabel("run")
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return _render("runs", (max(5.0, 1.5 + 0.45 * len(runs)), 3.2), draw)


def _barh(name: str, pairs: Sequence[tuple[str, int]], xlabel: str) -> str:
    labels = [_short(label) for label, _ in pairs]
    values = [n for _, n in pairs]

    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        bars = axes.barh(labels, values, color=BAR)
        axes.bar_label(bars, padding=2)
        axes.invert_yaxis()
        _counts_axis(axes.xaxis)
        axes.set_xlabel(xlabel)
    return _render(name, (7.0, _height(len(pairs))), draw)


def _top(pairs: Sequence[tuple[str, int]], top: int, noun: str) -> list[tuple[str, int]]:
    """The first ``top`` pairs, the rest summed into one 'other' bar."""
    if len(pairs) <= top + 1:
        return list(pairs)
    head, rest = list(pairs[:top]), pairs[top:]
    if rest:
        head.append((f"other ({len(rest)} {noun})", sum(n for _, n in rest)))
    return head


def articles_per_site(sites: Sequence[tuple[str, int]], top: int = 15) -> str:
    return _barh("sites", _top(sites, top, "sites"), "articles in the store")


def removal_reasons(removals: Sequence[tuple[str, int]], top: int = 20) -> str:
    return _barh("removals", _top(removals, top, "reasons"), "lines removed")


def words_per_article(word_counts: Sequence[int]) -> str:
    """A histogram of article lengths, the median marked."""
    ordered = sorted(word_counts)
    median = ordered[len(ordered) // 2]

    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        axes.hist(ordered, bins=min(40, max(5, len(set(ordered)))), color=BAR)
        axes.axvline(median, color="#e03131", linestyle="--", label=f"median {median}")
        _counts_axis(axes.yaxis)
        axes.set_xlabel("words per article")
        axes.set_ylabel("articles")
        axes.legend(frameon=False)
    return _render("words", (7.0, 3.0), draw)


def _fetch_colour(outcome: str, trouble: list[str]) -> str:
    if outcome in FETCH_COLOURS:
        return FETCH_COLOURS[outcome]
    if outcome not in trouble:
        trouble.append(outcome)
    return _TROUBLE[trouble.index(outcome) % len(_TROUBLE)]


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} kB"


def fetches_per_host(host_outcomes: dict[str, Counter[str]], host_bytes: Counter[str],
                     top: int = 15) -> str:
    """Stacked horizontal bars: each host's fetch outcomes (most fetched hosts first)."""
    hosts = sorted(host_outcomes, key=lambda h: (-host_outcomes[h].total(), h))[:top]
    outcomes = sorted({o for h in hosts for o in host_outcomes[h]},
                      key=lambda o: (o not in FETCH_COLOURS, o))
    labels = [f"{_short(h)} ({_megabytes(host_bytes[h])})" for h in hosts]
    trouble: list[str] = []

    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        left = [0] * len(hosts)
        for outcome in outcomes:
            values = [host_outcomes[h][outcome] for h in hosts]
            axes.barh(labels, values, left=left, label=outcome,
                      color=_fetch_colour(outcome, trouble))
            left = [a + v for a, v in zip(left, values, strict=True)]
        axes.invert_yaxis()
        _counts_axis(axes.xaxis)
        axes.set_xlabel("fetches")
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return _render("hosts", (8.0, _height(len(hosts))), draw)


def quantile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile of ``values`` (linear between the closest ranks)."""
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def slowest_hosts(host_seconds: dict[str, list[float]], top: int = 15
                  ) -> list[tuple[str, float, float, int]]:
    """``(host, median, p90, fetches)`` of the ``top`` hosts with the highest p90."""
    rows = [(host, quantile(s, 0.5), quantile(s, 0.9), len(s))
            for host, s in host_seconds.items() if s]
    return sorted(rows, key=lambda r: (-r[2], r[0]))[:top]


def fetch_time_per_host(host_seconds: dict[str, list[float]], top: int = 15) -> str:
    """Paired horizontal bars per host: median and p90 seconds per page (slowest first)."""
    rows = slowest_hosts(host_seconds, top)
    labels = [f"{_short(host)} ({n})" for host, _m, _p, n in rows]
    positions = list(range(len(rows)))

    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        p90 = axes.barh([p - 0.2 for p in positions], [r[2] for r in rows], height=0.4,
                        color=P90, label="p90")
        median = axes.barh([p + 0.2 for p in positions], [r[1] for r in rows], height=0.4,
                           color=BAR, label="median")
        axes.bar_label(p90, fmt="%.2f", padding=2)
        axes.bar_label(median, fmt="%.2f", padding=2)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel("seconds per page fetched (fetches in brackets)")
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return _render("fetch-time", (8.0, _height(2 * len(rows))), draw)
