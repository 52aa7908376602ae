"""The output set of a run: the corpus CSV, the Parquet copy, the errors and audit files.

:func:`check_output_paths` runs before any work: two outputs on one path, an output that
is one of the run's input files (a page, a ``--urls`` list, the config file) or a folder
is a :class:`~newsclean.errors.ConfigError` (exit 2), so a typo never overwrites data.
:func:`write_outputs` writes the set together: every temp file first, then the renames
(:class:`~newsclean.corpus.export.StagedFiles`), so a run that fails while writing leaves
the previous run's set and a good run leaves its own, never a mix of the two.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from newsclean import lazy_module
from newsclean.config import RunConfig
from newsclean.corpus.export import (
    AUDIT_COLUMNS,
    ERROR_COLUMNS,
    StagedFiles,
    write_csv,
    write_parquet,
    write_rows,
)
from newsclean.errors import ConfigError

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")


def output_paths(config: RunConfig) -> dict[str, Path]:
    """The outputs ``config`` asks for, by option name."""
    named = {"--output": config.output, "--parquet": config.parquet,
             "--errors": config.errors_path, "--audit": config.audit,
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
                  error_rows: Sequence[Sequence[str]],
                  audit_rows: Sequence[Sequence[str]]) -> list[Path]:
    """Write every output ``config`` asks for as one set; return the paths written.
    Raises ExportError (the previous files left as they were) when one cannot be written."""
    guard = not config.raw_csv
    with StagedFiles() as files:
        if config.output:
            write_csv(corpus, config.output, guard=guard, files=files, excel=config.excel)
        if config.parquet:
            write_parquet(corpus, config.parquet, files=files)
        if config.errors_path:
            write_rows(config.errors_path, ERROR_COLUMNS, error_rows, guard=guard, files=files)
        if config.audit:
            write_rows(config.audit, AUDIT_COLUMNS, audit_rows, guard=guard, files=files)
    return [path for name, path in output_paths(config).items()
            if name not in ("--export-all", "--report", "--state")]
