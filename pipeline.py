"""newsclean: fetch noisy news pages, strip the junk, export a clean corpus.

Library::

    from newsclean import pipeline
    df = pipeline.run(["fixtures/"], since="2d")       # options by the CLI's names
    config = RunConfig.from_options(sources=["fixtures/"], workers=1)
    result = pipeline.run_detailed(config)             # corpus + failures + removals

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
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsclean import __version__, lazy_module
from newsclean.cleaners.repeated import REASON as REPEATED
from newsclean.cleaners.repeated import (
    emptied_reason,
    line_key,
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
    write_run_outputs,
)
from newsclean.corpus.schema import empty_corpus, printable, with_text
from newsclean.corpus.state.export import Selection, export_cumulative
from newsclean.corpus.state.hostlines import line_hash
from newsclean.corpus.state.recorder import RunRecorder
from newsclean.corpus.state.report import write_report
from newsclean.corpus.state.status import format_status
from newsclean.corpus.state.status import status as state_status
from newsclean.corpus.state.store import Schedule, StateStore
from newsclean.dates import parse_since
from newsclean.engine.engines import EngineSettings, run_engine
from newsclean.engine.stopping import EXIT_TERMINATED, Terminated, sigterm_raises
from newsclean.engine.worker import PageResult
from newsclean.errors import ConfigError, ExportError, StateError, StateLockedError
from newsclean.options import DEFAULT_CONFIG, DEFAULT_STATE, RUN_OPTIONS, build_parser
from newsclean.outcomes import SkipReason, Stage
from newsclean.records import Failure, RawPage, Skip
from newsclean.scraper.sources import SourceItem, check_sources, expand_sources, is_url
from newsclean.scraper.warc import RecordFilter
from newsclean.starter import write_starter

if TYPE_CHECKING:
    import pandas as pd

    from newsclean.corpus.partition_pass import Cleaned, PartPlan
    from newsclean.scraper.fetch.settings import FetchSettings
else:
    pd = lazy_module("pandas")

log = logging.getLogger("newsclean")

PathLike = str | os.PathLike[str]
#: hears of each planned page's result; None: the stored article stands (a
#: ``--parquet-dir`` run's articles come as the notes of their rows, which stay on the workers)
OnOutcome = Callable[["PageResult | Cleaned | None"], None]

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
    #: rows of the output per site and per language (None: a row without one)
    sites: Counter[str | None] = field(default_factory=Counter)
    languages: Counter[str | None] = field(default_factory=Counter)

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


def _raw_pages(items: Iterable[SourceItem | RawPage | Failure], config: RunConfig,
               retries: Counter[str], recorder: RunRecorder | None = None,
               on_planned: Callable[[int], None] | None = None,
               on_outcome: OnOutcome | None = None) -> Iterator[RawPage | Failure]:
    """Read files; resolve feeds, sitemaps and sites; fetch the pages (discovery.expand),
    counting the fetch retries into ``retries``. ``on_planned`` gets the planned count as
    it grows, ``on_outcome`` None for a page whose bytes are those already stored."""
    from newsclean.scraper.discovery.expand import SourcePlan, expand_pages

    settings = fetch_settings(config)
    if recorder is not None:
        settings = dataclasses.replace(settings, is_due=recorder.is_due,
                                       validators=recorder.validators)
    plan = SourcePlan(sniffed=sum(1 for value in config.inputs if is_url(value)),
                      feeds=config.feeds, sitemaps=config.sitemaps, sites=config.sites,
                      since=config.since)
    for page in expand_pages(items, plan, settings, retries=retries,
                             on_planned=on_planned):
        if recorder is None or not isinstance(page, RawPage) or recorder.admit(page):
            yield page
        elif on_outcome:
            on_outcome(None)                   # the same bytes: the stored article stands


def _record_filter(config: RunConfig) -> RecordFilter:
    """Which WARC records the run reads (``url_filter``, ``hosts``, ``since``)."""
    return RecordFilter(url_pattern=re.compile(config.url_filter) if config.url_filter else None,
                        hosts=frozenset(h.lower() for h in config.hosts), since=config.since)


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


def run_detailed(config: RunConfig, on_outcome: OnOutcome | None = None, *,
                 on_planned: Callable[[int], None] | None = None, keep: bool = True
                 ) -> RunResult:
    """Run the pipeline for ``config``, write the outputs it names (``output``,
    ``parquet``, ``jsonl``, ``errors``, ``audit``: one set, streamed from the store) and
    return the counts, with the corpus as a DataFrame unless ``keep`` is False.

    ``on_outcome`` is called once per planned page with its result, or with None where the
    stored article stands (not due, 304, the same bytes); ``on_planned`` with the number
    of pages planned so far, as it grows (both for a progress display).

    Every result goes into a state store as it comes and is dropped, so a run holds no
    articles in memory. With ``config.state`` (and not ``no_state``) the run is
    incremental: it takes the state file's lock, skips what is unchanged since the last
    run (conditional GET, same bytes), and its output holds this run's new and changed
    articles only (``newsclean export`` writes the cumulative one). Without, the store is
    an ephemeral file removed at the end, and the output holds every article."""
    on_outcome = _logging_outcomes(on_outcome)
    ephemeral = config.state is None or config.no_state
    with _open_store(config) as store:
        run_id = store.begin_run(_digest(config))
        with store.transaction():
            for source, kind in _sources(config):
                store.note_source(source, kind)
        recorder = RunRecorder(store, run_id, _digest(config.clean))
        status = "failed"
        try:
            result = _run(config, on_outcome, recorder, on_planned, keep=keep)
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


def _logging_outcomes(on_outcome: OnOutcome | None) -> OnOutcome:
    """``on_outcome`` that first logs each failure (INFO, shown at ``-v``: one line with
    the source, stage/reason and message) and each skip (DEBUG, ``-vv``)."""
    def logged(outcome: PageResult | Cleaned | None) -> None:
        if isinstance(outcome, Failure):
            log.info("failed: %s: %s/%s: %s", outcome.source, outcome.stage, outcome.reason,
                     outcome.message)
        elif isinstance(outcome, Skip):
            log.debug("skipped: %s: %s: %s", outcome.source, outcome.reason, outcome.message)
        if on_outcome is not None:
            on_outcome(outcome)
    return logged


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
        return _passed(row, *split_repeated(row["text"].split("\n"), repeated_for(row["site"])),
                       min_words)
    return finish


def _hashed_row_pass(row: dict[str, Any], repeated: frozenset[int], min_words: int) -> Passed:
    """The same pass on a row of a ``--parquet-dir`` run, whose client knows the site's
    repeated lines by their hashes (:func:`~newsclean.corpus.state.hostlines.line_hash`)."""
    return _passed(row, *split_repeated(row["text"].split("\n"), repeated,
                                        key=lambda line: line_hash(line_key(line))), min_words)


def _passed(row: dict[str, Any], kept: list[str], removed: list[str], min_words: int
            ) -> Passed:
    if not removed:
        return Passed(row)
    row = with_text(row, "\n".join(kept))
    if not too_short(row["word_count"], min_words):
        return Passed(row, removed, REPEATED)
    reason, message = emptied_reason(row["word_count"], min_words)
    return Passed(None, removed, REPEATED, reason, message)


def _run(config: RunConfig, on_outcome: OnOutcome, recorder: RunRecorder,
         on_planned: Callable[[int], None] | None = None, *, keep: bool) -> RunResult:
    if config.parquet_dir is not None:
        return _run_partitioned(config, on_outcome, recorder, on_planned, keep=keep)
    started = time.perf_counter()
    retries: Counter[str] = Counter()

    def collect(outcome: PageResult) -> None:
        recorder.record(outcome)
        if isinstance(outcome, Failure) and recorder.is_unchanged(outcome):
            on_outcome(None)
            return
        on_outcome(outcome)

    items = expand_sources(config.inputs, config.url_files, records=_record_filter(config),
                           counts=retries)
    run_engine(config.engine, _raw_pages(items, config, retries, recorder, on_planned,
                                         on_outcome),
               config.clean, collect,
               EngineSettings(config.worker_count, config.page_timeout, config.scheduler))
    spool = recorder.spool
    spool.mark_same_url(Stage.CLEAN, SkipReason.SAME_URL)
    rows = write_run_outputs(config, spool, _row_pass(recorder.store, config), keep=keep)
    return RunResult(corpus=rows.corpus if rows.corpus is not None else empty_corpus(),
                     skips=spool.skips(), failures=spool.failures(),
                     seconds=time.perf_counter() - started, retries=retries,
                     changes=recorder.changes, state=recorder.store.path,
                     outcomes=spool.counts(), sites=rows.sites, languages=rows.languages)


def _run_partitioned(config: RunConfig, on_outcome: OnOutcome, recorder: RunRecorder,
                     on_planned: Callable[[int], None] | None = None, *, keep: bool
                     ) -> RunResult:
    """A run whose workers write the corpus into ``config.parquet_dir`` (engine dask;
    :mod:`newsclean.corpus.partition_pass`). The state store gets what a local run stores
    of each page (its outcome, fetch record, article digest and fingerprint), but the rows
    stay in the parts; the CSV, Parquet and JSON Lines outputs are then written from the
    parts, one part at a time, the errors file from the run's spool and the audit file
    from the spool's skips and the workers' audit parts. The parquet folder is put in
    place only once all of that is written."""
    from newsclean.corpus.outputs import write_parts_outputs
    from newsclean.corpus.partition_pass import (
        PartDone,
        apply_parts,
        clean_batch,
        hold_notes,
        plan_parts,
        write_batch_part,
    )
    from newsclean.corpus.partitions import check_target, iter_audit, publish, read_parts, seal
    from newsclean.corpus.partitions import start as start_parts
    from newsclean.engine.dask_engine import bounded_batch, run_dask_passes
    from newsclean.engine.engines import require_dask
    from newsclean.engine.worker import process_batch

    assert config.parquet_dir is not None
    target = config.parquet_dir.absolute()        # the workers' working folder is not ours
    check_target(target)
    require_dask()
    started = time.perf_counter()
    retries: Counter[str] = Counter()
    numbers: list[int] = []                       # the batches whose parts were written
    rows: dict[int, int] = {}                     # and the rows of those that have any
    sites: Counter[str | None] = Counter()
    languages: Counter[str | None] = Counter()
    stored = contextlib.ExitStack()               # the articles' transaction: see plan()

    def collect(outcome: Skip | Failure) -> None:
        seq = (recorder.spool.article_seq(outcome.index) if isinstance(outcome, Failure)
               else None)
        if isinstance(outcome, Failure) and seq is not None:
            recorder.lose(seq, outcome)                    # its part was not written
            return
        recorder.record(outcome)
        unchanged = isinstance(outcome, Failure) and recorder.is_unchanged(outcome)
        on_outcome(None if unchanged else outcome)

    def keep_notes(number: int, notes: list[Cleaned]) -> None:
        hold_notes(number, notes, recorder)
        for note in notes:
            on_outcome(note)

    def plan() -> Iterator[PartPlan]:
        # the articles' records commit only once their parts are in place: a run that
        # fails or is stopped from here leaves them unknown, so the next run cleans them
        stored.enter_context(recorder.store.transaction())
        return plan_parts(config.clean, recorder, audit=config.audit is not None)

    def written(_plan: PartPlan, part: PartDone) -> None:
        apply_parts((part,), recorder.spool)
        numbers.append(part.number)
        if part.rows:
            rows[part.number] = part.rows
        sites.update(part.sites)
        languages.update(part.languages)

    items = expand_sources(config.inputs, config.url_files, records=_record_filter(config),
                           counts=retries)
    staging = start_parts(target)
    try:
        with stored:
            run_dask_passes(
                _raw_pages(items, config, retries, recorder, on_planned, on_outcome),
                config.worker_count, collect, scheduler=config.scheduler, keep=keep_notes,
                first=partial(clean_batch, options=config.clean, staging=str(staging),
                              task=partial(bounded_batch, page_timeout=config.page_timeout,
                                           task=process_batch),
                              line_keys=text_line_keys, fingerprints=not recorder.store.ephemeral,
                              audit=config.audit is not None),
                plan=plan, second=partial(write_batch_part, staging=str(staging),
                                          finish=_hashed_row_pass), on_done=written)
            seal(staging, rows)
            write_parts_outputs(config, staging, recorder.spool,
                                iter_audit(staging, sorted(numbers)) if config.audit else ())
            publish(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    spool = recorder.spool
    result = RunResult(corpus=read_parts(target) if keep else empty_corpus(),
                       skips=spool.skips(), failures=spool.failures(),
                       seconds=time.perf_counter() - started, retries=retries,
                       changes=recorder.changes, state=recorder.store.path,
                       outcomes=spool.counts())
    result.sites.update(sites)
    result.languages.update(languages)
    return result


def run(sources: Sequence[str | os.PathLike[str]] | str | os.PathLike[str] = (), *,
        urls: Sequence[PathLike] | PathLike | None = None,
        feed: Sequence[str] | str | None = None,
        sitemap: Sequence[str] | str | None = None,
        site: Sequence[str] | str | None = None,
        since: str | date | datetime | None = None,
        max_age: str | timedelta | None = None,
        output: PathLike | None = None, parquet: PathLike | None = None,
        parquet_dir: PathLike | None = None,
        jsonl: PathLike | None = None,
        errors: PathLike | None = None, audit: PathLike | None = None,
        report: PathLike | None = None, export_all: PathLike | None = None,
        state: PathLike | None = None, no_state: bool | None = None,
        recheck_after: str | timedelta | None = None, raw_csv: bool | None = None,
        workers: int | None = None, page_timeout: float | None = None,
        min_words: int | None = None, delay: float | None = None,
        per_host: int | None = None, user_agent: str | None = None,
        allow_host: Sequence[str] | str | None = None, progress: bool | None = None,
        engine: str | None = None, scheduler: str | None = None,
        url_filter: str | None = None, host: Sequence[str] | str | None = None,
        language: Sequence[str] | str | None = None, excel: bool | None = None,
        clean: Mapping[str, Any] | None = None, fetch: Mapping[str, Any] | None = None,
        ) -> pd.DataFrame:
    """Clean ``sources`` (files, folders, http(s) URLs) into the corpus DataFrame.

    Every keyword is the ``newsclean run`` option of that name (``--max-age`` is
    ``max_age``) and the config file's ``[run]`` key, checked the same way (a wrong kind
    raises :class:`~newsclean.errors.ConfigError`); ``None`` means the default. ``clean``
    and ``fetch`` take the file's ``[clean]`` and ``[fetch]`` tables as mappings. Lists
    take one string too. With ``output``, ``parquet``, ``errors``, ``audit`` or
    ``export_all`` the files are written as by the CLI; with ``state`` the run is
    incremental (the library keeps no state file unless given one).

    >>> df = run(["fixtures/seeds"], workers=1, min_words=20)     # doctest: +SKIP
    >>> df = run(feed="https://example.org/rss.xml", since="2d")  # doctest: +SKIP
    """
    options = {key: value for key, value in locals().items() if value is not None}
    config = RunConfig.from_options(**options)
    result = run_detailed(config)          # writes the outputs the config names
    export(result, config)                 # and export_all
    if config.report is not None and config.state is not None and not config.no_state:
        write_report(config.state, config.report)
    return result.corpus


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
    """The run's config: defaults < the config file < the flags, by the option table."""
    given = {name: getattr(args, name) for name in RUN_OPTIONS if hasattr(args, name)}
    given = {k: v for k, v in given.items() if v not in (None, [])}
    args.config = _config_path(args)       # the file read, also for check_output_paths
    config = load_config(args.config, given)
    if config.state is None and not config.no_state:
        config = replace(config, state=DEFAULT_STATE)      # the CLI keeps state by default
    if not (config.inputs or config.url_files or config.feeds or config.sitemaps
            or config.sites):
        raise ConfigError("nothing to do: give files, directories or URLs (or --urls FILE, "
                          "--feed, --sitemap, --site, or a config file with sources)")
    return config


def _config_path(args: argparse.Namespace) -> Path | None:
    """``--config``; else ``./newsclean.toml`` when there is one (and not ``--no-config``)."""
    if args.config is not None or args.no_config:
        return args.config
    if DEFAULT_CONFIG.is_file():
        log.warning("reading %s (no --config given; --no-config ignores it)", DEFAULT_CONFIG)
        return DEFAULT_CONFIG
    return None


def _summary(result: RunResult, config: RunConfig) -> str:
    """The end-of-run summary block (:mod:`newsclean.engine.summary`)."""
    from newsclean.corpus.outputs import output_paths
    from newsclean.engine.summary import summary_lines

    files = {name.removeprefix("--"): path for name, path in output_paths(config).items()}
    return "\n".join(summary_lines(result, files))


def command_run(args: argparse.Namespace) -> int:
    config = _config_from_args(args)
    check_sources(config.inputs, config.url_files)
    check_output_paths(config, args.config)
    from newsclean.engine.progress import progress_reporter

    with progress_reporter(config.progress, quiet=args.quiet) as progress:
        progress.count_in_background(lambda: sum(
            1 for _ in expand_sources(config.inputs, config.url_files)))
        result = run_detailed(config, on_outcome=progress, on_planned=progress.planned,
                              keep=False)
    export(result, config)
    if config.report is not None and config.state is not None:
        write_report(config.state, config.report)
    if result.failures or not args.quiet:        # --quiet: a summary only if some failed
        print(_summary(result, config), file=sys.stderr)
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
    logging.getLogger("trafilatura").setLevel(max(level, logging.ERROR))  # its page chatter
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
