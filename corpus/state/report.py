"""The run report: one self-contained HTML file drawn from a state file.

    write_report(Path("newsclean.db"), Path("report.html"))      # what `newsclean report` does

A header with the last run's summary (new, changed, unchanged, skipped and failed by reason,
duplicates, seconds), six plots as inline SVG (:mod:`.report_plots`: outcomes over the
last runs, articles per site, removal reasons, words per article, fetch outcomes per host,
fetch time per host)
and the last run's failures. The page needs no network and runs no script: a Content
Security Policy forbids both, so a browser refuses anything that would reach out. Every
string from the store (sources, messages, reasons) is escaped: it is hostile input.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from newsclean import __version__
from newsclean.corpus.export import atomic_path
from newsclean.corpus.state import report_plots as plots
from newsclean.corpus.state.report_data import ReportData, RunSummary, gather
from newsclean.corpus.state.store import StateStore
from newsclean.errors import ConfigError

#: nothing leaves the page: no script, font, stylesheet or image from anywhere
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
#: the plot sections, by their element id
PLOT_IDS = ("outcomes", "sites", "removals", "words", "hosts", "fetch-time")

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; color: #212529; margin: 0 auto;
       max-width: 1100px; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin: 2rem 0 .3rem; }
.meta, .note, .empty { color: #495057; margin: .2rem 0; }
.tiles { display: flex; flex-wrap: wrap; gap: .6rem; margin: 1rem 0; padding: 0; }
.tiles div { border: 1px solid #dee2e6; border-radius: 6px; padding: .4rem .9rem; min-width: 6rem; }
.tiles dt { color: #495057; font-size: .85rem; } .tiles dd { margin: 0; font-size: 1.4rem; }
.tiles .bad dd { color: #c92a2a; }
figure { margin: .5rem 0; } figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid #dee2e6; padding: .25rem .5rem; text-align: left;
         vertical-align: top; }
td.source, td.message { word-break: break-all; } td.n { text-align: right; }
table.reasons { width: auto; min-width: 22rem; margin: .6rem 0; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
footer { margin-top: 2.5rem; }
"""


def write_report(state: Path, target: Path, *, runs: int = 20) -> None:
    """Write the report of the state file ``state`` to ``target`` (atomically)."""
    if not Path(state).is_file():
        raise ConfigError(f"no state file at {state}: run `newsclean run` first")
    with StateStore.open(state, lock=False) as store:
        page = render(gather(store, runs=runs))
    with atomic_path(target) as tmp:
        tmp.write_text(page, encoding="utf-8")


def render(data: ReportData) -> str:
    """The whole page as one string."""
    last = data.last
    title = f"newsclean run #{last.id}" if last else "newsclean: no runs yet"
    body = [_header(data, last)]
    if last is not None:
        body += [_plots(data), _failures(data, last)]
    body.append(f"<footer><p class='meta'>newsclean {escape(__version__)}, report made "
                f"{escape(data.generated)} from {escape(data.state)}</p></footer>")
    return ("<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def _tile(name: str, value: object, *, bad: bool = False) -> str:
    return (f"<div{' class=bad' if bad else ''}><dt>{escape(name)}</dt>"
            f"<dd>{escape(str(value))}</dd></div>")


def _header(data: ReportData, last: RunSummary | None) -> str:
    if last is None:
        return (f"<header><h1>newsclean: no runs yet</h1><p class='meta'>state file "
                f"{escape(data.state)} holds no run.</p></header>")
    seconds = f"{last.seconds:.0f}" if last.seconds is not None else "-"
    skipped, failed = last.by_prefix("skip"), last.failed
    tiles = [_tile("new", last.state("new")), _tile("changed", last.state("changed")),
             _tile("rechecked", last.state("rechecked")), _tile("unchanged", last.unchanged),
             _tile("skipped", sum(skipped.values())),
             _tile("failed", sum(failed.values()), bad=bool(failed)),
             _tile("duplicates", data.duplicates), _tile("seconds", seconds),
             _tile("articles in the store", data.articles)]
    return (f"<header><h1>newsclean run #{last.id}: {escape(last.status)}</h1>"
            f"<p class='meta'>started {escape(last.started)}, ended "
            f"{escape(last.ended or 'not yet')}; state file {escape(data.state)}</p>"
            f"<dl class='tiles'>{''.join(tiles)}</dl>"
            + _reasons("Failed by reason", failed) + _reasons("Skipped by reason", skipped)
            + "</header>")


def _reasons(caption: str, counts: dict[str, int]) -> str:
    if not counts:
        return ""
    rows = "".join(f"<tr><td>{escape(k)}</td><td class='n'>{v}</td></tr>"
                   for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return (f"<table class='reasons'><caption>{escape(caption)}</caption>"
            f"<tr><th>reason</th><th>pages</th></tr>{rows}</table>")


def _section(plot_id: str, title: str, note: str, svg: str | None, empty: str) -> str:
    content = f"<figure>{svg}</figure>" if svg else f"<p class='empty'>{escape(empty)}</p>"
    return (f"<section class='plot' id='{plot_id}'><h2>{escape(title)}</h2>"
            f"<p class='note'>{escape(note)}</p>{content}</section>")


def _plots(data: ReportData) -> str:
    first, last = data.runs[0].id, data.runs[-1].id
    window = f"runs #{first} to #{last}" if first != last else f"run #{last}"
    return "\n".join([
        _section("outcomes", "Outcomes over the last runs",
                 f"What became of each run's pages ({window}).",
                 plots.outcomes_over_runs(data.runs), "No runs."),
        _section("sites", "Articles per site",
                 "Every article in the store, by site (latest versions).",
                 plots.articles_per_site(data.sites) if data.sites else None,
                 "The store holds no article yet."),
        _section("removals", "Removal reasons", f"Lines the cleaners removed ({window}).",
                 plots.removal_reasons(data.removals) if data.removals else None,
                 "The cleaners removed no line in these runs."),
        _section("words", "Words per article",
                 "Length of every article in the store (latest versions).",
                 plots.words_per_article(data.word_counts) if data.word_counts else None,
                 "The store holds no article yet."),
        _section("hosts", "Fetch outcomes per host",
                 f"Each host's fetches and reads of local files ({window}); the label "
                 "gives the bytes each host sent.",
                 plots.fetches_per_host(data.host_outcomes, data.host_bytes)
                 if data.host_outcomes else None,
                 "Nothing was fetched or read in these runs."),
        _section("fetch-time", "Fetch time per host",
                 f"Seconds per page fetched, median and 90th percentile, slowest hosts "
                 f"first ({window}; from request to the last byte, redirects included, "
                 "politeness waits not).",
                 plots.fetch_time_per_host(data.host_seconds) if data.host_seconds else None,
                 "No page was fetched over HTTP in these runs (or the fetches predate "
                 "newsclean's timing of them)."),
    ])


def _failures(data: ReportData, last: RunSummary) -> str:
    title = f"Failures and skips of run #{last.id}"
    if not data.failures:
        return (f"<section id='failures'><h2>{escape(title)}</h2>"
                "<p class='empty'>None: every page gave an article or was unchanged.</p>"
                "</section>")
    shown = (f"The first {len(data.failures)} of {data.failures_total} rows."
             if data.failures_total > len(data.failures) else
             f"{data.failures_total} rows.")
    rows = "".join(
        f"<tr><td>{escape(f.kind)}</td><td>{escape(f.stage)}</td><td>{escape(f.reason)}</td>"
        f"<td class='source'>{escape(f.source)}</td><td class='message'>{escape(f.message)}</td>"
        "</tr>" for f in data.failures)
    return (f"<section id='failures'><h2>{escape(title)}</h2><p class='note'>{shown}</p>"
            "<table><tr><th>kind</th><th>stage</th><th>reason</th><th>source</th>"
            f"<th>message</th></tr>{rows}</table></section>")
