"""newsclean: fetch noisy news pages, strip the junk, export a clean corpus.

Library::

    from newsclean import pipeline
    df = pipeline.run(["fixtures/"])                   # typed pandas DataFrame
    result = pipeline.run_detailed(config)             # writes config's files; corpus + counts

CLI::

    newsclean run fixtures/ -o corpus.csv [--parquet corpus.parquet] [--audit removed.csv]

Exit codes: 0 every source gave an article or a deliberate skip; 1 some sources failed;
2 usage or configuration error; 3 an output file could not be written; 4 another run holds
the state file; 130 interrupted (Ctrl-C); 143 terminated (SIGTERM).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from newsclean import __version__
from newsclean.cleaners.repeated import REASON as REPEATED
from newsclean.cleaners.repeated import (
    emptied_reason,
    split_repeated,
    text_line_keys,
    too_short,
)
from newsclean.config import RunConfig, load_config
from newsclean.corpus.export import CorpusTargets
from newsclean.corpus.outputs import (
    Passed,
    RowPass,
    check_output_paths,
    empty_corpus,
    write_run_outputs,
)
from newsclean.corpus.schema import printable, with_text
from newsclean.corpus.state.export import Selection, export_cumulative
from newsclean.corpus.state.recorder import RunRecorder
from newsclean.corpus.state.report import write_report
from newsclean.corpus.state.status import format_status
from newsclean.corpus.state.status import status as state_status
from newsclean.corpus.state.store import Schedule, StateStore
from newsclean.dates import parse_since
from newsclean.engine.local import run_local
from newsclean.engine.stopping import EXIT_TERMINATED, Terminated, sigterm_raises
from newsclean.engine.worker import PageResult
from newsclean.errors import ConfigError, ExportError, StateError, StateLockedError
from newsclean.options import DEFAULT_STATE, build_parser
from newsclean.outcomes import SkipReason, Stage
from newsclean.records import Failure, RawPage, Skip
from newsclean.scraper.sources import SourceItem, expand_sources, is_url
from newsclean.starter import write_starter

if TYPE_CHECKING:
    from newsclean.scraper.fetch.settings import FetchSettings

log = logging.getLogger("newsclean")

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_OUTPUT, EXIT_LOCKED, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130


@dataclass
class RunResult:
    """What a run produced. ``corpus`` is this run's output rows in input order, read back
    from the store at the end (empty for a run told not to keep it: the CLI streams its
    rows to the files instead). ``skips`` and ``failures`` are small records in input order
    (a skip's removals are in the ``--audit`` file, not here)."""

    corpus: pd.DataFrame
    skips: list[Skip] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    retries: Counter[str] = field(default_factory=Counter)   # fetch retries, retry/<reason>
    #: with a state file: new / changed / rechecked articles, unchanged pages,
    #: not_modified / not_due URLs (see :class:`~newsclean.corpus.state.recorder.RunRecorder`)
    changes: Counter[str] = field(default_factory=Counter)
    state: Path | None = None        # the state file of an incremental run
    #: ``ok`` (rows written), ``warning/<value>``, ``skip/<reason>``, ``<stage>/<reason>``
    outcomes: Counter[str] = field(default_factory=Counter)
    sites: Counter[str] = field(default_factory=Counter)       # rows of the output per site
    languages: Counter[str] = field(default_factory=Counter)   # ... and per language

    @property
    def counts(self) -> Counter[str]:
        """Outcome counts: ``ok``, ``skip/<reason>``, ``<stage>/<reason>``,
        ``warning/<value>`` for kept articles with a PageWarning (e.g. metadata_error), and
        the fetch retries: ``retry/<reason>``."""
        counts: Counter[str] = Counter(ok=0)
        counts.update(self.outcomes)
        counts.update(self.retries)
        counts.update({f"state/{k}": v for k, v in self.changes.items()})
        return counts


def _raw_pages(items: Iterable[SourceItem | Failure], config: RunConfig,
               retries: Counter[str], recorder: RunRecorder | None = None
               ) -> Iterator[RawPage | Failure]:
    """Read files; resolve feeds, sitemaps and sites; fetch the pages (discovery.expand),
    counting the fetch retries into ``retries``."""
    from newsclean.scraper.discovery.expand import SourcePlan, expand_pages

    settings = fetch_settings(config)
    if recorder is not None:
        settings = dataclasses.replace(settings, is_due=recorder.is_due,
                                       validators=recorder.validators)
    plan = SourcePlan(sniffed=sum(1 for value in config.inputs if is_url(value)),
                      feeds=config.feeds, sitemaps=config.sitemaps, sites=config.sites,
                      since=config.since)
    for page in expand_pages(items, plan, settings, retries=retries):
        if recorder is None or not isinstance(page, RawPage) or recorder.admit(page):
            yield page


def fetch_settings(config: RunConfig) -> FetchSettings:
    """The fetcher's settings: its defaults, then the ``[fetch]`` table, then ``[run]``'s
    (and the flags') ``delay``, ``per_host``, ``user_agent`` and ``allow_hosts``."""
    from newsclean.scraper.fetch.retry import RetryPolicy
    from newsclean.scraper.fetch.settings import FetchSettings

    given = config.fetch.given()
    retry = {k: given.pop(k) for k in ("retries", "backoff_base", "retry_after_cap")
             if k in given}
    if "allow_hosts" in given:
        given["allow_hosts"] = frozenset(given["allow_hosts"])
    settings = dataclasses.replace(FetchSettings(), **given,
                                   retry=dataclasses.replace(RetryPolicy(), **retry))
    overrides: dict[str, Any] = {}
    if config.allow_hosts:
        overrides["allow_hosts"] = settings.allow_hosts | frozenset(config.allow_hosts)
    if config.user_agent:
        overrides["user_agent"] = config.user_agent
    if config.delay is not None:
        overrides["per_host_delay"] = config.delay
    if config.per_host:
        overrides["per_host_concurrency"] = config.per_host
    return dataclasses.replace(settings, **overrides)


def run_detailed(config: RunConfig, on_outcome: Callable[[PageResult], None] | None = None,
                 *, keep: bool = True) -> RunResult:
    """Run the pipeline for ``config``, write the outputs it names (``output``,
    ``parquet``, ``jsonl``, ``errors``, ``audit``: one set, streamed from the store) and
    return the counts, with the corpus as a DataFrame unless ``keep`` is False.

    Every result goes into a state store as it comes and is dropped, so a run holds no
    articles in memory. With ``config.state`` (and not ``no_state``) the run is
    incremental: it takes the state file's lock, skips what is unchanged since the last
    run (conditional GET, same bytes), and its output holds this run's new and changed
    articles only (``newsclean export`` writes the cumulative one). Without, the store is
    an ephemeral file removed at the end, and the output holds every article."""
    ephemeral = config.state is None or config.no_state
    with _open_store(config) as store:
        run_id = store.begin_run(_digest(config))
        with store.transaction():
            for source, kind in _sources(config):
                store.note_source(source, kind)
        recorder = RunRecorder(store, run_id, _digest(config.clean))
        status = "failed"
        try:
            result = _run(config, on_outcome, recorder, keep=keep)
            status = "done"
        except (KeyboardInterrupt, Terminated):
            status = "interrupted"
            raise
        finally:
            store.end_run(run_id, status, result.counts if status == "done" else
                          {f"state/{k}": v for k, v in recorder.changes.items()})
        if ephemeral:
            result.changes, result.state = Counter(), None
        return result


def _open_store(config: RunConfig) -> contextlib.AbstractContextManager[StateStore]:
    if config.state is None or config.no_state:
        return StateStore.ephemeral_store(line_keys=text_line_keys)
    return StateStore.open(config.state, line_keys=text_line_keys,
                           schedule=Schedule(recheck_after=config.recheck_after))


def _sources(config: RunConfig) -> Iterator[tuple[str, str]]:
    """What the run was asked to read, and as what (the state's ``sources`` table)."""
    for value in config.inputs:
        yield printable(value), "url" if is_url(value) else "path"
    yield from ((str(path), "url_list") for path in config.url_files)
    yield from ((url, "feed") for url in config.feeds)
    yield from ((url, "sitemap") for url in config.sitemaps)
    yield from ((url, "site") for url in config.sites)


def _digest(options: object) -> str:
    """What a run's results depend on: the options and the newsclean version."""
    return hashlib.sha256(f"{__version__} {options!r}".encode()).hexdigest()[:16]


def _site_lines(store: StateStore, config: RunConfig) -> Callable[[str | None], frozenset[str]]:
    """The repeated lines of a site by the store's statistics (cached per site)."""
    cache: dict[str | None, frozenset[str]] = {}
    lines = store.host_lines
    if lines is None:                      # a store opened without line keys keeps none
        return lambda site: frozenset()

    def repeated_for(site: str | None) -> frozenset[str]:
        if site not in cache:
            cache[site] = lines.repeated(site, min_pages=config.clean.repeated_min_pages,
                                         min_share=config.clean.repeated_min_share)
        return cache[site]
    return repeated_for


def _row_pass(store: StateStore, config: RunConfig) -> RowPass:
    """The repeated-line pass on a stored row, from its site's statistics in the store:
    what ``run -o`` and ``export`` write (a row left under min_words becomes a skip)."""
    repeated_for = _site_lines(store, config)
    min_words = config.clean.min_words

    def finish(row: dict[str, Any]) -> Passed:
        kept, removed = split_repeated(row["text"].split("\n"), repeated_for(row["site"]))
        if not removed:
            return Passed(row)
        row = with_text(row, "\n".join(kept))
        if not too_short(row["word_count"], min_words):
            return Passed(row, removed, REPEATED)
        reason, message = emptied_reason(row["word_count"], min_words)
        return Passed(None, removed, REPEATED, reason, message)
    return finish


def _run(config: RunConfig, on_outcome: Callable[[PageResult], None] | None,
         recorder: RunRecorder, *, keep: bool) -> RunResult:
    started = time.perf_counter()
    retries: Counter[str] = Counter()

    def collect(outcome: PageResult) -> None:
        recorder.record(outcome)
        if isinstance(outcome, Failure) and recorder.is_unchanged(outcome):
            return
        if on_outcome:
            on_outcome(outcome)

    items = expand_sources(config.inputs, config.url_files)
    run_local(_raw_pages(items, config, retries, recorder), config.clean, config.worker_count,
              collect, page_timeout=config.page_timeout)
    spool = recorder.spool
    spool.mark_same_url(Stage.CLEAN, SkipReason.SAME_URL)
    rows = write_run_outputs(config, spool, _row_pass(recorder.store, config), keep=keep)
    return RunResult(corpus=rows.corpus if rows.corpus is not None else empty_corpus(),
                     skips=spool.skips(), failures=spool.failures(),
                     seconds=time.perf_counter() - started, retries=retries,
                     changes=recorder.changes, state=recorder.store.path,
                     outcomes=spool.counts(), sites=rows.sites, languages=rows.languages)


def run(sources: Sequence[str] | str, *, urls_file: str | Path | None = None,
        workers: int = 0, allow_hosts: Sequence[str] = ()) -> pd.DataFrame:
    """Library entry point: clean ``sources`` (paths and/or URLs) into the corpus DataFrame."""
    inputs = (sources,) if isinstance(sources, str) else tuple(sources)
    config = load_config(None, {
        "inputs": inputs, "workers": workers, "allow_hosts": tuple(allow_hosts),
        "url_files": (Path(urls_file),) if urls_file else None})
    return run_detailed(config).corpus


def export(result: RunResult, config: RunConfig) -> None:
    """What is left to write after a run: ``--export-all``'s cumulative corpus (the run
    wrote its own outputs from the store as it ended)."""
    if config.export_all and config.state and not config.no_state:
        export_state(config, CorpusTargets(csv=config.export_all))


def export_state(config: RunConfig, targets: CorpusTargets,
                 selection: Selection | None = None) -> int:
    """Write the cumulative corpus of ``config.state`` (the latest version of every article,
    the repeated-line pass applied from each site's history) to ``targets``; return the
    row count."""
    if config.state is None or not config.state.is_file():
        raise ConfigError(f"no state file at {config.state}: run `newsclean run` first")
    with StateStore.open(config.state, lock=False, line_keys=text_line_keys) as store:
        row_pass = _row_pass(store, config)
        return export_cumulative(store, targets, selection=selection or Selection(),
                                 guard=not config.raw_csv,
                                 finish=lambda row: row_pass(row).row)


# ----------------------------------------------------------------------------- CLI

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
        "state": args.state, "no_state": args.no_state, "export_all": args.export_all,
        "recheck_after": args.recheck_after, "page_timeout": args.page_timeout,
        "report": args.report,
        "jsonl": args.jsonl,
    }
    config = load_config(args.config, overrides)
    if config.state is None and not config.no_state:      # the CLI keeps state by default
        config = replace(config, state=DEFAULT_STATE)
    if not (config.inputs or config.url_files or config.feeds or config.sitemaps
            or config.sites):
        raise ConfigError("nothing to do: give files, directories or URLs (or --urls FILE, "
                          "--feed, --sitemap, --site)")
    return config


def _summary(result: RunResult) -> str:
    counts = result.counts
    bad = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())
                    if k != "ok" and not k.startswith("state/"))
    changes = result.changes
    same = changes["unchanged"] + changes["not_modified"] + changes["not_due"]
    rechecked = f"{changes['rechecked']} rechecked, " if changes["rechecked"] else ""
    state = (f"{changes['new']} new, {changes['changed']} changed, {rechecked}{same} "
             "unchanged; " if result.state is not None else "")
    return (f"{state}{counts['ok']} articles, {len(result.skips)} skipped, "
            f"{len(result.failures)} failed in {result.seconds:.1f} s"
            + (f" ({bad})" if bad else ""))


def command_run(args: argparse.Namespace) -> int:
    config = _config_from_args(args)
    check_output_paths(config, args.config)
    from newsclean.engine.progress import progress_reporter

    with progress_reporter(config.progress) as report:
        result = run_detailed(config, on_outcome=report, keep=False)
    export(result, config)
    if config.report is not None and config.state is not None:
        write_report(config.state, config.report)
    print(_summary(result), file=sys.stderr)
    if config.output is None and config.jsonl is None and config.parquet is None:
        log.warning("no --output given: nothing written (see --help)")
    return EXIT_FAILURES if result.failures else EXIT_OK


def command_export(args: argparse.Namespace) -> int:
    if args.output is None and args.parquet is None and args.jsonl is None:
        raise ConfigError("export: give -o CSV, --parquet PATH and/or --jsonl PATH")
    config = RunConfig(state=args.state, raw_csv=bool(args.raw_csv))
    since = parse_since(args.since, datetime.now(UTC)) if args.since else None
    targets = CorpusTargets(csv=args.output, parquet=args.parquet, jsonl=args.jsonl)
    count = export_state(config, targets, Selection(changed_since=since, site=args.site,
                                                    all_versions=args.all_versions))
    written = ", ".join(str(p) for p in (args.output, args.parquet, args.jsonl) if p)
    print(f"{count} articles written to {written}", file=sys.stderr)
    return EXIT_OK


def command_init(args: argparse.Namespace) -> int:
    for path in write_starter(args.folder):
        print(f"wrote {path}", file=sys.stderr)
    print(f"next: newsclean run --config {args.folder / 'newsclean.toml'}", file=sys.stderr)
    return EXIT_OK


def command_status(args: argparse.Namespace) -> int:
    if not args.state.is_file():
        raise ConfigError(f"no state file at {args.state}: run `newsclean run` first")
    with StateStore.open(args.state, lock=False) as store:
        data = state_status(store)
    print(json.dumps(data, indent=2) if args.json else format_status(data))
    return EXIT_OK


def command_report(args: argparse.Namespace) -> int:
    write_report(args.state, args.output, runs=args.runs)
    print(f"report written to {args.output}", file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(getattr(args, "verbose", 0), 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    commands = {"run": command_run, "init": command_init, "export": command_export,
                "status": command_status, "report": command_report}
    try:
        with sigterm_raises():
            return commands[args.command](args)
    except StateLockedError as exc:
        print(f"newsclean: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except (ConfigError, StateError) as exc:
        print(f"newsclean: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ExportError as exc:
        print(f"newsclean: error: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    except BrokenPipeError:            # `newsclean status | head`: the reader had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("newsclean: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("newsclean: terminated", file=sys.stderr)
        return EXIT_TERMINATED


if __name__ == "__main__":
    sys.exit(main())
