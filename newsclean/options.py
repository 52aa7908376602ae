"""The options of a run, by one table of names, and the command line built on it.

:data:`RUN_OPTIONS` is the one table of names: each long option of ``newsclean run`` is a
``[run]`` key of the TOML file and a keyword of :func:`newsclean.pipeline.run` and
:meth:`newsclean.config.RunConfig.from_options`, under the same name (``--per-host`` is
``per_host``, ``--allow-host`` is ``allow_host``). The file also takes the dashed form
(``per-host``) and the older plural names (``feeds``, ``allow_hosts``, ``inputs``, ...).
Tests check the parser, the README and :func:`newsclean.pipeline.run` against the table.
Defining no stage behaviour here, this module belongs to the core.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from newsclean import __version__
from newsclean.kinds import Kind


@dataclass(frozen=True, slots=True)
class Option:
    """One run option: the :class:`~newsclean.config.RunConfig` field it sets (``clean.``
    for a :class:`~newsclean.config.CleanOptions` one), the kind of its value, the other
    names it is known by, and ``group``: ``read`` and ``write`` options given on the command
    line replace the file's whole group (what the run reads, what it writes)."""

    field: str
    kind: Kind
    aliases: tuple[str, ...] = ()
    group: str = ""


#: The one table of names: CLI option (underscore form) = ``[run]`` key = library keyword.
RUN_OPTIONS: dict[str, Option] = {
    "sources": Option("inputs", Kind.TEXTS, ("inputs",), "read"),
    "urls": Option("url_files", Kind.PATHS, ("url_files",), "read"),
    "feed": Option("feeds", Kind.TEXTS, ("feeds",), "read"),
    "sitemap": Option("sitemaps", Kind.TEXTS, ("sitemaps",), "read"),
    "site": Option("sites", Kind.TEXTS, ("sites",), "read"),
    "since": Option("since", Kind.WHEN),
    "max_age": Option("since", Kind.DURATION),
    "output": Option("output", Kind.PATH, (), "write"),
    "parquet": Option("parquet", Kind.PATH, (), "write"),
    "parquet_dir": Option("parquet_dir", Kind.PATH, (), "write"),
    "jsonl": Option("jsonl", Kind.PATH, (), "write"),
    "errors": Option("errors", Kind.PATH, (), "write"),
    "audit": Option("audit", Kind.PATH, (), "write"),
    "report": Option("report", Kind.PATH, (), "write"),
    "export_all": Option("export_all", Kind.PATH, (), "write"),
    "state": Option("state", Kind.PATH),
    "no_state": Option("no_state", Kind.BOOL),
    "recheck_after": Option("recheck_after", Kind.DURATION),
    "raw_csv": Option("raw_csv", Kind.BOOL),
    "workers": Option("workers", Kind.INT),
    "page_timeout": Option("page_timeout", Kind.SECONDS),
    "min_words": Option("clean.min_words", Kind.INT),
    "delay": Option("delay", Kind.SECONDS),
    "per_host": Option("per_host", Kind.INT),
    "user_agent": Option("user_agent", Kind.TEXT),
    "allow_host": Option("allow_hosts", Kind.TEXTS, ("allow_hosts",)),
    "progress": Option("progress", Kind.BOOL),
    "engine": Option("engine", Kind.TEXT),
    "scheduler": Option("scheduler", Kind.TEXT),
    "url_filter": Option("url_filter", Kind.TEXT),
    "host": Option("hosts", Kind.TEXTS, ("hosts",)),
    "language": Option("clean.language", Kind.TEXTS),
    "excel": Option("excel", Kind.BOOL),
}

#: ``run`` flags that are no option of the run itself (they pick the file or the log)
CLI_ONLY = frozenset({"config", "no_config", "verbose", "quiet"})

DESCRIPTION = "newsclean: fetch noisy news pages, strip the junk, export a clean corpus."
DEFAULT_STATE = Path("newsclean.db")
DEFAULT_CONFIG = Path("newsclean.toml")     # read by `run` when no --config is given
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
                           "this run's new and changed articles. Every long option is also "
                           "a [run] key of the config file (--max-age: max_age); a flag that "
                           "names an output (or a source) replaces all of the file's outputs "
                           "(or sources). " + EXIT_CODES)
    run_p.add_argument("sources", nargs="*",
                       help="files, directories (recursive) or http(s) URLs (a URL is read "
                       "as a page, feed, sitemap or site home page, from what it returns)")
    run_p.add_argument("--urls", action="append", metavar="FILE",
                       help="file of URLs, one per line, # comments (repeatable)")
    run_p.add_argument("-o", "--output", type=Path, metavar="CSV",
                       help="CSV of this run's new and changed articles (- for stdout)")
    run_p.add_argument("--jsonl", type=Path, metavar="PATH", help="the same rows as JSON Lines")
    run_p.add_argument("--parquet", type=Path, metavar="PATH",
                       help="also write the corpus as Parquet")
    run_p.add_argument("--parquet-dir", type=Path, metavar="DIR",
                       help="--engine dask: the workers write the corpus into DIR as "
                       "part-NNNNN.parquet files, then _manifest.json and _SUCCESS "
                       "(--state and --audit as for other runs)")
    run_p.add_argument("--errors", type=Path, metavar="CSV",
                       help="errors CSV (default: <output>.errors.csv beside the output)")
    run_p.add_argument("--audit", type=Path, metavar="CSV",
                       help="CSV of every removed line: source,reason,text")
    run_p.add_argument("-w", "--workers", type=int, metavar="N",
                       help="worker processes (default: all cores)")
    config = run_p.add_mutually_exclusive_group()
    config.add_argument("--config", type=Path, metavar="TOML",
                        help="TOML config file: [run] keys are these options' long names "
                        "(allow_host, min_words, ...), [clean] and [fetch] tables; "
                        "default: ./newsclean.toml if there is one")
    config.add_argument("--no-config", action="store_true",
                        help="do not read ./newsclean.toml")
    run_p.add_argument("--allow-host", action="append", metavar="HOST",
                       help="let the fetcher reach this private/loopback host (tests, intranets)")
    run_p.add_argument("--user-agent", metavar="UA", help="User-Agent header for fetching")
    run_p.add_argument("--min-words", type=int, metavar="N",
                       help="skip pages with fewer words (default 10)")
    run_p.add_argument("--excel", action="store_true", default=None,
                       help="write the corpus CSV for spreadsheets: UTF-8 with a BOM, cells "
                       "over 32,767 characters cut and named in a last column, cut")
    run_p.add_argument("--language", metavar="CODES",
                       help="keep only articles in these languages (de,en); others are "
                       "skips counted as language")
    run_p.add_argument("--page-timeout", type=float, metavar="SECONDS",
                       help="CPU seconds one page may take to clean (default 60): a slower "
                       "page is a page_timeout failure and the run goes on")
    _add_source_arguments(run_p)
    _add_state_arguments(run_p)
    progress = run_p.add_mutually_exclusive_group()
    progress.add_argument("--progress", action="store_true", default=None,
                          help="show progress (the default): a live line on a terminal, "
                          "else a key=value line every 10 s on stderr")
    progress.add_argument("--no-progress", action="store_false", dest="progress",
                          help="no progress lines (the summary is still printed)")
    run_p.add_argument("-q", "--quiet", action="store_true",
                          help="print only warnings and errors: no progress, and the "
                          "summary only when some source failed (exit 1), so cron mails "
                          "only then")
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
    run_p.add_argument("--feed", action="append", metavar="URL",
                       help="RSS/Atom/JSON feed: fetch its entries (repeatable)")
    run_p.add_argument("--sitemap", action="append", metavar="URL",
                       help="sitemap or sitemap index (.xml, .xml.gz, news sitemaps): fetch "
                       "its URLs (repeatable)")
    run_p.add_argument("--site", action="append", metavar="URL",
                       help="site home page: fetch the articles of the feeds it links "
                       "(<link rel=alternate>) and of its robots.txt sitemaps (repeatable); "
                       "a SOURCE URL whose path is empty or / is read the same way")
    recent = run_p.add_mutually_exclusive_group()
    recent.add_argument("--since", metavar="WHEN",
                        help="only feed/sitemap entries dated on or after WHEN (2026-11-01, "
                        "2026-11-01T08:00Z, or a duration: 30m, 12h, 2d, 1w); entries "
                        "without a date are kept")
    recent.add_argument("--max-age", metavar="AGE",
                        help="only feed/sitemap entries at most AGE old (e.g. 2d); "
                        "same as --since AGE")
    run_p.add_argument("--engine", choices=("local", "dask"),
                       help="where pages are cleaned: local worker processes (default) or "
                       "a Dask cluster (pip install 'newsclean[dask]')")
    run_p.add_argument("--scheduler", metavar="ADDRESS",
                       help="--engine dask: the scheduler of a running cluster "
                       "(tcp://host:8786); without it a LocalCluster of --workers workers "
                       "is started for the run")
    run_p.add_argument("--url-filter", metavar="REGEX",
                       help="WARC input: only records whose target URI matches REGEX "
                       "(Python re.search), chosen before any extraction")
    run_p.add_argument("--host", action="append", metavar="HOST",
                       help="WARC input: only records of HOST (repeatable); --since also "
                       "selects records by their WARC-Date")
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


