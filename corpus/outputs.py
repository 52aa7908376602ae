"""The output set of a run: the corpus CSV, the Parquet copy, the errors and audit files.

:func:`check_output_paths` runs before any work: two outputs on one path, an output that
is one of the run's input files (a page, a ``--urls`` list, the config file) or a folder
is a :class:`~newsclean.errors.ConfigError` (exit 2), so a typo never overwrites data.
:func:`write_run_outputs` streams a run's rows from the state store (its TEMP spool, in
input order) through the repeated-line pass into the corpus files, then the errors and
audit files, as one set: every temp file first, then the renames
(:class:`~newsclean.corpus.export.StagedFiles`), so a run that fails while writing leaves
the previous run's set and a good run leaves its own, never a mix of the two.
:func:`write_outputs` writes the same set from a corpus already in memory.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsclean import lazy_module
from newsclean.config import RunConfig
from newsclean.corpus.export import (
    AUDIT_COLUMNS,
    ERROR_COLUMNS,
    CorpusTargets,
    StagedFiles,
    write_corpus,
    write_rows,
)
from newsclean.corpus.schema import COLUMNS, apply_dtypes, empty_corpus
from newsclean.corpus.state.spool import RunSpool
from newsclean.errors import ConfigError
from newsclean.outcomes import Stage

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")


def output_paths(config: RunConfig) -> dict[str, Path]:
    """The outputs ``config`` asks for, by option name."""
    named = {"--output": config.output, "--parquet": config.parquet,
             "--errors": config.errors_path, "--audit": config.audit, "--jsonl": config.jsonl,
             "--export-all": config.export_all, "--report": config.report,
             "--state": None if config.no_state else config.state}
    return {name: path for name, path in named.items() if path is not None}


def _same(a: Path, b: Path) -> bool:
    """Whether two paths name one file (an existing file by its inode, else by path)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _input_files(config: RunConfig, config_file: Path | None) -> Iterable[tuple[str, Path]]:
    for value in config.inputs:
        if "://" not in value and os.path.isfile(value):
            yield "an input file", Path(value)
    for url_file in config.url_files:
        yield "a --urls file", url_file
    if config_file is not None:
        yield "the --config file", config_file


def check_output_paths(config: RunConfig, config_file: Path | None = None) -> None:
    """Refuse (ConfigError) outputs that collide with each other or with an input, and
    outputs that are folders. Nothing is written or created."""
    outputs = list(output_paths(config).items())
    for i, (name, path) in enumerate(outputs):
        if path.is_dir():
            raise ConfigError(f"{name} {path} is a folder: give a file path")
        _check_writable(name, path)
        for other, other_path in outputs[:i]:
            if _same(path, other_path):
                raise ConfigError(f"{other} and {name} are the same file ({path}): each "
                                  "output needs its own path")
        for what, source in _input_files(config, config_file):
            if _same(path, source):
                raise ConfigError(f"{name} {path} is {what}: writing it would overwrite "
                                  "the input")


def _check_writable(name: str, path: Path) -> None:
    """Refuse a path whose folder cannot be made or written: its nearest existing
    ancestor must be a folder this process may write to (missing folders are created)."""
    folder = path.absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise ConfigError(f"{name} {path}: {folder} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(f"{name} {path}: the folder {folder} is not writable")


def write_outputs(config: RunConfig, corpus: pd.DataFrame,
                  error_rows: Iterable[Sequence[str]],
                  audit_rows: Iterable[Sequence[str]]) -> list[Path]:
    """Write every output ``config`` asks for from a corpus in memory, as one set; return
    the paths written. Raises ExportError (the previous files left as they were) when one
    cannot be written. A run streams its own set instead (:func:`write_run_outputs`)."""
    with StagedFiles() as files:
        write_corpus([corpus], corpus.iloc[:0], corpus_targets(config), guard=not config.raw_csv,
                     files=files, excel=config.excel)
        _write_side_files(config, error_rows, audit_rows, files)
    return [path for name, path in output_paths(config).items()
            if name not in ("--export-all", "--report", "--state")]


def corpus_targets(config: RunConfig) -> CorpusTargets:
    return CorpusTargets(csv=config.output, parquet=config.parquet, jsonl=config.jsonl)


def _write_side_files(config: RunConfig, error_rows: Iterable[Sequence[str]],
                      audit_rows: Iterable[Sequence[str]], files: StagedFiles) -> None:
    guard = not config.raw_csv
    if config.errors_path:
        write_rows(config.errors_path, ERROR_COLUMNS, error_rows, guard=guard, files=files)
    if config.audit:
        write_rows(config.audit, AUDIT_COLUMNS, audit_rows, guard=guard, files=files)


@dataclass(frozen=True, slots=True)
class Passed:
    """What the repeated-line pass made of one stored row: the row to write, or None when
    it left too little text (then a skip with ``reason`` and ``message``); the lines it
    removed, under ``removal``."""

    row: dict[str, Any] | None
    removed: list[str] = field(default_factory=list)
    removal: str = ""
    reason: str = ""
    message: str = ""


RowPass = Callable[[dict[str, Any]], Passed]


@dataclass
class RunRows:
    """What :func:`write_run_outputs` wrote: the row count per site and per language (None:
    a row without one), and the rows as a DataFrame when asked to keep them."""

    sites: Counter[str | None] = field(default_factory=Counter)
    languages: Counter[str | None] = field(default_factory=Counter)
    corpus: pd.DataFrame | None = None


def write_run_outputs(config: RunConfig, spool: RunSpool, row_pass: RowPass, *,
                      keep: bool = False) -> RunRows:
    """Stream this run's rows from the store (``spool``) through ``row_pass`` into the
    outputs ``config`` asks for (one set: all renamed or none); the pass's skips and
    removals go into the spool first, so ``--errors`` and ``--audit``, written after the
    corpus, hold them. With ``keep`` the rows are also returned as the typed corpus."""
    done = RunRows()
    kept: list[dict[str, Any]] | None = [] if keep else None
    with StagedFiles() as files:
        write_corpus(_run_frames(spool, row_pass, done, kept), empty_corpus(),
                     corpus_targets(config), guard=not config.raw_csv, files=files,
                     excel=config.excel)
        _write_side_files(config, spool.error_rows(), spool.audit_rows(), files)
    if kept is not None:
        done.corpus = apply_dtypes(pd.DataFrame(kept, columns=list(COLUMNS)))
    return done


def write_parts_outputs(config: RunConfig, folder: Path, spool: RunSpool,
                        audit_rows: Iterable[Sequence[str]] = ()) -> None:
    """The outputs of a ``--parquet-dir`` run, as one set: the corpus files ``config``
    asks for streamed from the parts at ``folder`` (one part at a time), the errors file
    from the run's spool, the audit file from the spool's skips then ``audit_rows`` (the
    workers' audit parts: the articles' removals)."""
    from itertools import chain

    from newsclean.corpus.partitions import export_parts

    with StagedFiles() as files:
        if corpus_targets(config):
            export_parts(folder, corpus_targets(config), guard=not config.raw_csv,
                         files=files, excel=config.excel)
        _write_side_files(config, spool.error_rows(),
                          chain(spool.audit_rows(), audit_rows), files)


def _run_frames(spool: RunSpool, row_pass: RowPass, done: RunRows,
                kept: list[dict[str, Any]] | None) -> Iterator[pd.DataFrame]:
    for chunk in spool.output_rows():
        rows = []
        with spool.store.transaction():
            for seq, stored in chunk:
                passed = row_pass(stored)
                if passed.removed:
                    spool.add_removed(seq, passed.removal, passed.removed)
                if passed.row is None:
                    spool.to_skip(seq, Stage.CLEAN, passed.reason, passed.message)
                    continue
                rows.append(passed.row)
                done.sites[passed.row["site"] or None] += 1
                done.languages[passed.row["language"] or None] += 1
        if kept is not None:
            kept.extend(rows)
        if rows:
            yield apply_dtypes(pd.DataFrame(rows, columns=list(COLUMNS)))
