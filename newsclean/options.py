"""The command line's options, defined next to the configuration they set.

Each ``run`` flag names a :class:`~newsclean.config.RunConfig` field (``--per-host`` sets
``per_host``); the TOML file's ``[run]`` keys are the same names. Defining no stage
behaviour here, this module belongs to the core.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from newsclean import __version__

DESCRIPTION = "newsclean: fetch noisy news pages, strip the junk, export a clean corpus."
DEFAULT_STATE = Path("newsclean.db")
EXIT_CODES = ("Exit codes: 0 ok, 1 some sources failed, 2 usage error, 3 output not written, "
              "4 another run holds the state file, 130 interrupted (Ctrl-C), "
              "143 terminated (SIGTERM).")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsclean", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser("run", help="clean pages from files, directories and URLs",
                           description="Clean pages into a corpus CSV/Parquet. With a state "
                           "file (default ./newsclean.db) the run is incremental and -o holds "
                           "this run's new and changed articles. " + EXIT_CODES)
    run_p.add_argument("sources", nargs="*",
                       help="files, directories (recursive) or http(s) URLs (a URL is read "
                       "as a page, feed, sitemap or site home page, from what it returns)")
    run_p.add_argument("--urls", action="append", type=Path, metavar="FILE",
                       help="file of URLs, one per line, # comments (repeatable)")
    run_p.add_argument("-o", "--output", type=Path, metavar="CSV",
                       help="CSV of this run's new and changed articles (- for stdout)")
    run_p.add_argument("--jsonl", type=Path, metavar="PATH", help="the same rows as JSON Lines")
    run_p.add_argument("--parquet", type=Path, metavar="PATH",
                       help="also write the corpus as Parquet")
    run_p.add_argument("--errors", type=Path, metavar="CSV",
                       help="errors CSV (default: <output>.errors.csv beside the output)")
    run_p.add_argument("--audit", type=Path, metavar="CSV",
                       help="CSV of every removed line: source,reason,text")
    run_p.add_argument("-w", "--workers", type=int, metavar="N",
                       help="worker processes (default: all cores)")
    run_p.add_argument("--config", type=Path, metavar="TOML",
                       help="TOML config file ([run] and [clean] tables)")
    run_p.add_argument("--allow-host", action="append", dest="allow_hosts", metavar="HOST",
                       help="let the fetcher reach this private/loopback host (tests, intranets)")
    run_p.add_argument("--user-agent", metavar="UA", help="User-Agent header for fetching")
    run_p.add_argument("--min-words", type=int, metavar="N",
                       help="skip pages with fewer words (default 10)")
    run_p.add_argument("--page-timeout", type=float, metavar="SECONDS",
                       help="CPU seconds one page may take to clean (default 60): a slower "
                       "page is a page_timeout failure and the run goes on")
    _add_source_arguments(run_p)
    _add_state_arguments(run_p)
    progress = run_p.add_mutually_exclusive_group()
    progress.add_argument("--progress", action="store_true", default=None,
                          help="show a progress bar (default: when stderr is a terminal)")
    progress.add_argument("--no-progress", action="store_false", dest="progress",
                          help="never show the progress display")
    run_p.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    init_p = sub.add_parser("init", help="write a commented newsclean.toml to start from",
                            description="Write newsclean.toml (every key, commented) and an "
                            "example page into DIR; `newsclean run --config DIR/newsclean.toml` "
                            "then runs as written.")
    init_p.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="DIR",
                        help="where to write them (default: here)")
    _add_export_parser(sub)
    _add_status_parser(sub)
    _add_report_parser(sub)
    return parser


def _add_state_arguments(run_p: argparse.ArgumentParser) -> None:
    """The state file of incremental runs."""
    state = run_p.add_mutually_exclusive_group()
    state.add_argument("--state", type=Path, metavar="PATH",
                       help=f"state file of incremental runs (default: {DEFAULT_STATE}; "
                       "or state = ... in the config)")
    state.add_argument("--no-state", action="store_true", default=None,
                       help="a one-off run: keep no state, -o gets every article")
    run_p.add_argument("--export-all", type=Path, metavar="CSV",
                       help="also write the cumulative corpus (every article the state "
                       "holds, latest versions) to CSV at the end")
    run_p.add_argument("--recheck-after", metavar="DURATION",
                       help="do not request a page URL again within this time of its last "
                       "successful check (default 1d; 30m, 12h, 2d, 1w)")
    run_p.add_argument("--report", type=Path, metavar="HTML",
                       help="at the end, write the run report (one self-contained HTML "
                       "file, from the state file; not with --no-state)")


def _add_state_path(command: argparse.ArgumentParser) -> None:
    """``--state`` of the commands that read a state file."""
    command.add_argument("--state", type=Path, default=DEFAULT_STATE, metavar="PATH",
                         help=f"state file (default {DEFAULT_STATE})")


def _add_export_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export_p = sub.add_parser("export", help="write the cumulative corpus from a state file",
                              description="Write the cumulative corpus (the latest version "
                              "of every article) from a state file, with version, "
                              "first_seen, last_seen and duplicate_of columns.")
    _add_state_path(export_p)
    export_p.add_argument("-o", "--output", type=Path, metavar="CSV", help="CSV to write")
    export_p.add_argument("--parquet", type=Path, metavar="PATH", help="Parquet to write")
    export_p.add_argument("--jsonl", type=Path, metavar="PATH", help="JSON Lines to write")
    export_p.add_argument("--since", metavar="WHEN",
                          help="only articles new or changed since WHEN (2026-11-01, 12h, 2d)")
    export_p.add_argument("--site", metavar="SITE", help="only this site (host without www.)")
    export_p.add_argument("--all-versions", action="store_true",
                          help="every stored version, not only the latest")
    export_p.add_argument("--raw-csv", action="store_true", default=None,
                          help="no formula guard on CSV cells")


def _add_status_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    status_p = sub.add_parser("status", help="what a state file holds",
                              description="Sources, the last runs, article counts, outcomes "
                              "by reason, the worst hosts and the pages due for a check.")
    _add_state_path(status_p)
    status_p.add_argument("--json", action="store_true", help="print JSON for scripts")


def _add_report_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    report_p = sub.add_parser("report", help="write the run report of a state file (HTML)",
                              description="Write one self-contained HTML file (no network "
                              "needed to view it): the last run's summary, plots of the "
                              "last runs, the corpus and the fetches, the last run's failures.")
    _add_state_path(report_p)
    report_p.add_argument("-o", "--output", type=Path, required=True, metavar="HTML",
                          help="HTML file to write")
    report_p.add_argument("--runs", type=_positive, default=20, metavar="N",
                          help="how many of the last runs the plots cover (default 20)")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _add_source_arguments(run_p: argparse.ArgumentParser) -> None:
    """Feeds, sitemaps, sites, date selection and politeness options of ``run``."""
    run_p.add_argument("--feed", action="append", dest="feeds", metavar="URL",
                       help="RSS/Atom/JSON feed: fetch its entries (repeatable)")
    run_p.add_argument("--sitemap", action="append", dest="sitemaps", metavar="URL",
                       help="sitemap or sitemap index (.xml, .xml.gz, news sitemaps): fetch "
                       "its URLs (repeatable)")
    run_p.add_argument("--site", action="append", dest="sites", metavar="URL",
                       help="site home page: fetch the articles of the feeds it links "
                       "(<link rel=alternate>) and of its robots.txt sitemaps (repeatable); "
                       "a SOURCE URL whose path is empty or / is read the same way")
    recent = run_p.add_mutually_exclusive_group()
    recent.add_argument("--since", metavar="WHEN",
                        help="only feed/sitemap entries dated on or after WHEN (2026-11-01, "
                        "2026-11-01T08:00Z, or a duration: 30m, 12h, 2d, 1w); entries "
                        "without a date are kept")
    recent.add_argument("--max-age", dest="since", metavar="AGE",
                        help="only feed/sitemap entries at most AGE old (e.g. 2d); "
                        "same as --since AGE")
    run_p.add_argument("--delay", type=float, metavar="SECONDS",
                       help="minimum seconds between requests to one host (default 1; "
                       "robots.txt Crawl-delay may raise it)")
    run_p.add_argument("--per-host", type=int, metavar="N",
                       help="concurrent requests to one host (default 1)")
    run_p.add_argument("--raw-csv", action="store_true", default=None,
                       help="write CSV cells as they are: by default a cell starting with "
                       "=, +, -, @, tab or CR gets a leading ' so spreadsheets do not run it "
                       "as a formula (newsclean.corpus.export.read_csv takes it off; Parquet "
                       "is always raw)")


