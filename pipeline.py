"""newsclean: fetch noisy news pages, strip the junk, export a clean corpus.

Library::

    from newsclean import pipeline
    df = pipeline.run(["fixtures/"])                   # typed pandas DataFrame
    result = pipeline.run_detailed(config)             # corpus + failures + removals

CLI::

    newsclean run fixtures/ -o corpus.csv [--parquet corpus.parquet] [--audit removed.csv]

Exit codes: 0 every source gave an article or a deliberate skip; 1 some sources failed;
2 usage or configuration error; 3 an output file could not be written; 130 interrupted.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newsclean import __version__
from newsclean.cleaners.repeated import remove_repeated
from newsclean.config import RunConfig, load_config
from newsclean.corpus.outputs import check_output_paths, write_outputs
from newsclean.corpus.schema import site_of, to_dataframe
from newsclean.engine.local import run_local
from newsclean.engine.worker import PageResult
from newsclean.errors import ConfigError, ExportError
from newsclean.records import Article, Failure, RawPage, Skip
from newsclean.scraper.sources import SourceItem, expand_sources, is_url

log = logging.getLogger("newsclean")

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_OUTPUT, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


@dataclass
class RunResult:
    """Everything a run produced. ``corpus`` is in input order."""

    corpus: pd.DataFrame
    articles: list[Article]
    skips: list[Skip] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    retries: Counter[str] = field(default_factory=Counter)   # fetch retries, retry/<reason>

    @property
    def counts(self) -> Counter[str]:
        """Outcome counts: ``ok``, ``skip/<reason>``, ``<stage>/<reason>``,
        ``warning/<value>`` for kept articles with a PageWarning (e.g. metadata_error), and
        the fetch retries: ``retry/<reason>``."""
        counts: Counter[str] = Counter(ok=len(self.articles))
        counts.update(f"warning/{w}" for a in self.articles for w in a.meta.warnings)
        counts.update(f"skip/{s.reason}" for s in self.skips)
        counts.update(f"{f.stage}/{f.reason}" for f in self.failures)
        counts.update(self.retries)
        return counts

    def error_rows(self) -> list[tuple[str, str, str, str]]:
        rows = [(f.index, f.source, f.stage, f.reason, f.message) for f in self.failures]
        rows += [(s.index, s.source, s.stage, s.reason, s.message) for s in self.skips]
        return [r[1:] for r in sorted(rows, key=lambda r: r[0])]

    def audit_rows(self) -> list[tuple[str, str, str]]:
        items: list[Article | Skip] = sorted([*self.articles, *self.skips], key=lambda a: a.index)
        return [(item.source, r.reason, r.text) for item in items for r in item.removals]


def _raw_pages(items: Iterable[SourceItem | Failure], config: RunConfig,
               retries: Counter[str]) -> Iterator[RawPage | Failure]:
    """Read files; resolve feeds, sitemaps and sites; fetch the pages (discovery.expand),
    counting the fetch retries into ``retries``."""
    from newsclean.scraper.discovery.expand import SourcePlan, expand_pages
    from newsclean.scraper.fetch.settings import FetchSettings

    default = FetchSettings()
    settings = FetchSettings(
        allow_hosts=frozenset(config.allow_hosts),
        user_agent=config.user_agent or default.user_agent,
        per_host_delay=default.per_host_delay if config.delay is None else config.delay,
        per_host_concurrency=config.per_host or default.per_host_concurrency)
    plan = SourcePlan(sniffed=sum(1 for value in config.inputs if is_url(value)),
                      feeds=config.feeds, sitemaps=config.sitemaps, sites=config.sites,
                      since=config.since)
    yield from expand_pages(items, plan, settings, retries=retries)


def run_detailed(config: RunConfig, on_outcome: Callable[[PageResult], None] | None = None
                 ) -> RunResult:
    """Run the pipeline for ``config`` and return the corpus with failures and removals."""
    started = time.perf_counter()
    articles: list[Article] = []
    skips: list[Skip] = []
    failures: list[Failure] = []
    retries: Counter[str] = Counter()

    def collect(outcome: PageResult) -> None:
        if isinstance(outcome, Article):
            articles.append(outcome)
        elif isinstance(outcome, Skip):
            skips.append(outcome)
        else:
            failures.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    items = expand_sources(config.inputs, config.url_files)
    run_local(_raw_pages(items, config, retries), config.clean, config.worker_count, collect)
    articles.sort(key=lambda a: a.index)
    articles = remove_repeated(articles, lambda a: site_of(a.url),
                               min_pages=config.clean.repeated_min_pages,
                               min_share=config.clean.repeated_min_share)
    return RunResult(corpus=to_dataframe(articles), articles=articles,
                     skips=sorted(skips, key=lambda s: s.index),
                     failures=sorted(failures, key=lambda f: f.index),
                     seconds=time.perf_counter() - started, retries=retries)


def run(sources: Sequence[str] | str, *, urls_file: str | Path | None = None,
        workers: int = 0, allow_hosts: Sequence[str] = ()) -> pd.DataFrame:
    """Library entry point: clean ``sources`` (paths and/or URLs) into the corpus DataFrame."""
    inputs = (sources,) if isinstance(sources, str) else tuple(sources)
    config = load_config(None, {
        "inputs": inputs, "workers": workers, "allow_hosts": tuple(allow_hosts),
        "url_files": (Path(urls_file),) if urls_file else None})
    return run_detailed(config).corpus


def export(result: RunResult, config: RunConfig) -> None:
    """Write the outputs the config asks for, as one set (all or none replaced)."""
    write_outputs(config, result.corpus, result.error_rows(), result.audit_rows())


# ----------------------------------------------------------------------------- CLI

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsclean", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser("run", help="clean pages from files, directories and URLs",
                           description="Clean pages into a corpus CSV/Parquet. "
                           "Exit codes: 0 ok, 1 some sources failed, 2 usage error, "
                           "3 output not written, 130 interrupted.")
    run_p.add_argument("sources", nargs="*",
                       help="files, directories (recursive) or http(s) URLs (a URL is read "
                       "as a page, feed, sitemap or site home page, from what it returns)")
    run_p.add_argument("--urls", action="append", type=Path, metavar="FILE",
                       help="file of URLs, one per line, # comments (repeatable)")
    run_p.add_argument("-o", "--output", type=Path, metavar="CSV", help="corpus CSV to write")
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
    _add_source_arguments(run_p)
    progress = run_p.add_mutually_exclusive_group()
    progress.add_argument("--progress", action="store_true", default=None,
                          help="show a progress bar (default: when stderr is a terminal)")
    progress.add_argument("--no-progress", action="store_false", dest="progress",
                          help="never show the progress display")
    run_p.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    return parser


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


def _config_from_args(args: argparse.Namespace) -> RunConfig:
    overrides = {
        "inputs": tuple(args.sources) or None, "url_files": tuple(args.urls or ()) or None,
        "output": args.output, "parquet": args.parquet, "errors": args.errors,
        "audit": args.audit, "workers": args.workers, "progress": args.progress,
        "allow_hosts": tuple(args.allow_hosts) if args.allow_hosts else None,
        "user_agent": args.user_agent,
        "clean": {"min_words": args.min_words} if args.min_words is not None else {},
        "feeds": tuple(args.feeds or ()) or None, "sitemaps": tuple(args.sitemaps or ()) or None,
        "sites": tuple(args.sites or ()) or None, "since": args.since,
        "delay": args.delay, "per_host": args.per_host, "raw_csv": args.raw_csv,
    }
    config = load_config(args.config, overrides)
    if not (config.inputs or config.url_files or config.feeds or config.sitemaps
            or config.sites):
        raise ConfigError("nothing to do: give files, directories or URLs (or --urls FILE, "
                          "--feed, --sitemap, --site)")
    return config


def _summary(result: RunResult) -> str:
    counts = result.counts
    bad = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if k != "ok")
    return (f"{counts['ok']} articles, {len(result.skips)} skipped, {len(result.failures)} "
            f"failed in {result.seconds:.1f} s" + (f" ({bad})" if bad else ""))


def command_run(args: argparse.Namespace) -> int:
    config = _config_from_args(args)
    check_output_paths(config, args.config)
    from newsclean.engine.progress import progress_reporter

    with progress_reporter(config.progress) as report:
        result = run_detailed(config, on_outcome=report)
    export(result, config)
    print(_summary(result), file=sys.stderr)
    if config.output is None:
        log.warning("no --output given: nothing written (see --help)")
    return EXIT_FAILURES if result.failures else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(getattr(args, "verbose", 0), 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return command_run(args)
    except ConfigError as exc:
        print(f"newsclean: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ExportError as exc:
        print(f"newsclean: error: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        print("newsclean: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
