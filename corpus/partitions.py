"""A corpus written as partitions: ``DIR/part-NNNNN.parquet``, then ``_manifest.json``, then
``_SUCCESS``.

The workers of a distributed run each write their own parts (:func:`write_part`: the
columns and dtypes of the local engine's Parquet export, through the same writer,
:func:`~newsclean.corpus.export.write_corpus`); the client writes the manifest (every part
and its row count) and the ``_SUCCESS`` marker last (:func:`commit`). All of it goes into a
staging folder beside ``DIR`` (:func:`staging_for`) that is renamed to ``DIR`` only once
complete, so a run killed at any moment leaves the previous corpus or none, never a half
one that looks complete. A part is named by its batch's number and written atomically: a
task that Dask runs again after its worker died replaces the part, it does not add one.

Between a run's two passes, the cleaned rows of each batch wait in the staging folder as
JSON lines (:func:`save_pending`, :func:`load_pending`; the form the state store keeps
rows in, so the values are the local engine's), each with the lines the cleaners removed
from it when the run writes ``--audit``. The second pass writes each batch's removals
(``source, reason, text``) beside its part (:func:`write_audit_part`, in ``_audit``); the
client streams the audit file from them (:func:`iter_audit`) before :func:`publish`
removes them with the pending rows.

Readers go part by part (:func:`iter_parts`): :func:`export_parts` writes CSV, one Parquet
file or JSON Lines from them without holding more than one part in memory.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsclean import lazy_module
from newsclean.corpus.export import CorpusTargets, StagedFiles, atomic_path, write_corpus
from newsclean.corpus.schema import COLUMNS, apply_dtypes, empty_corpus
from newsclean.errors import ConfigError, ExportError

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")

MANIFEST = "_manifest.json"
SUCCESS = "_SUCCESS"
PENDING = "_pending"
AUDIT = "_audit"


def part_name(number: int) -> str:
    return f"part-{number:05d}.parquet"


def staging_for(target: Path) -> Path:
    """The staging folder of a corpus to be written at ``target`` (beside it)."""
    return target.parent / f".{target.name}.staging"


def check_target(target: Path) -> None:
    """Refuse (ConfigError) a ``parquet_dir`` that is a file, or a folder holding anything
    but an earlier partitioned corpus (it would be replaced)."""
    if target.exists() and not target.is_dir():
        raise ConfigError(f"--parquet-dir {target} is a file: give a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).is_file():
        raise ConfigError(f"--parquet-dir {target} is a folder with other files in it (no "
                          f"{MANIFEST}): give a new or empty folder, or an earlier corpus's")


def start(target: Path) -> Path:
    """A new, empty staging folder for ``target`` (an abandoned one is removed)."""
    staging = staging_for(target)
    shutil.rmtree(staging, ignore_errors=True)
    try:
        (staging / PENDING).mkdir(parents=True)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return staging


def _pending_path(staging: Path, number: int) -> Path:
    return staging / PENDING / f"batch-{number:05d}.jsonl"


Removed = list[tuple[str, str]]          # (reason, text) of each line a cleaner removed


def save_pending(staging: Path, number: int,
                 rows: Sequence[tuple[Mapping[str, Any], Removed]]) -> None:
    """Batch ``number``'s cleaned rows, each with its removals, kept until the second pass
    (written atomically)."""
    with atomic_path(_pending_path(staging, number)) as tmp, \
            open(tmp, "w", encoding="utf-8") as handle:
        for row, removed in rows:
            handle.write(json.dumps([row, removed], ensure_ascii=False, default=str) + "\n")


def load_pending(staging: Path, number: int) -> list[tuple[dict[str, Any], Removed]]:
    with open(_pending_path(staging, number), encoding="utf-8") as handle:
        return [(row, [(reason, text) for reason, text in removed])
                for row, removed in map(json.loads, handle)]


def _audit_path(staging: Path, number: int) -> Path:
    return staging / AUDIT / f"part-{number:05d}.jsonl"


def write_audit_part(staging: Path, number: int, rows: Sequence[tuple[str, str, str]]) -> None:
    """Batch ``number``'s audit rows (``source, reason, text``), written atomically (a task
    run again replaces them)."""
    path = _audit_path(staging, number)
    path.parent.mkdir(exist_ok=True)
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def iter_audit(staging: Path, numbers: Iterable[int]) -> Iterator[tuple[str, str, str]]:
    """The audit rows of batches ``numbers`` (in that order), a line at a time."""
    for number in numbers:
        with open(_audit_path(staging, number), encoding="utf-8") as handle:
            for line in handle:
                source, reason, text = json.loads(line)
                yield source, reason, text


def write_part(staging: Path, number: int, rows: Sequence[Mapping[str, Any]]) -> int:
    """Write ``rows`` (corpus rows) as part ``number``, typed as the local engine's
    Parquet export; return the row count."""
    frame = apply_dtypes(pd.DataFrame(list(rows), columns=list(COLUMNS)))
    return write_corpus([frame], frame.iloc[:0], CorpusTargets(parquet=staging / part_name(number)))


def commit(staging: Path, target: Path, rows: Mapping[int, int]) -> None:
    """:func:`seal` then :func:`publish`."""
    seal(staging, rows)
    publish(staging, target)


def seal(staging: Path, rows: Mapping[int, int]) -> None:
    """Write the manifest (``rows``: part number -> rows) and ``_SUCCESS`` in the staging
    folder (it reads as a complete corpus from here: :func:`iter_parts`)."""
    for stray in staging.glob(".*.tmp"):        # a killed task's unfinished part
        stray.unlink()
    parts = [{"file": part_name(n), "rows": rows[n]} for n in sorted(rows)]
    manifest = {"parts": parts, "rows": sum(rows.values()), "columns": list(COLUMNS)}
    with atomic_path(staging / MANIFEST) as tmp:
        tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    with atomic_path(staging / SUCCESS) as tmp:
        tmp.write_bytes(b"")


def publish(staging: Path, target: Path) -> None:
    """Put the sealed staging folder in ``target``'s place (an earlier corpus there is
    removed after), without the pending rows and audit parts."""
    shutil.rmtree(staging / PENDING, ignore_errors=True)
    shutil.rmtree(staging / AUDIT, ignore_errors=True)
    old = target.parent / f".{target.name}.old"
    try:
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
        os.replace(staging, target)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    shutil.rmtree(old, ignore_errors=True)


def manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a complete partitioned corpus (ExportError if not complete)."""
    if not (folder / SUCCESS).is_file():
        raise ExportError(f"{folder} is not a complete partitioned corpus (no {SUCCESS})")
    data: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return data


def iter_parts(folder: Path) -> Iterator[pd.DataFrame]:
    """The corpus at ``folder``, part by part in input order, typed."""
    from newsclean.corpus.export import read_parquet

    for part in manifest(folder)["parts"]:
        yield read_parquet(folder / part["file"])


def read_parts(folder: Path) -> pd.DataFrame:
    """The whole corpus at ``folder`` as one DataFrame (small corpora, tests)."""
    frames = list(iter_parts(folder))
    if not frames:
        return empty_corpus()
    return apply_dtypes(pd.concat(frames, ignore_index=True))


def export_parts(folder: Path, targets: CorpusTargets, *, guard: bool = True,
                 files: StagedFiles | None = None, excel: bool = False) -> int:
    """Write the corpus at ``folder`` to ``targets`` (CSV, Parquet, JSON Lines), one part
    at a time; return the row count."""
    return write_corpus(iter_parts(folder), empty_corpus(), targets, guard=guard,
                        files=files, excel=excel)
