"""Exports: the corpus as CSV (RFC 4180, UTF-8) and Parquet, plus the errors and audit
files. Every file is written atomically: a temp file in the same folder, flushed and
fsynced, then renamed over the target, so a reader sees the old file or the new one."""

from __future__ import annotations

import csv
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from newsclean import lazy_module
from newsclean.corpus.schema import (
    DATE_COLUMNS,
    LIST_COLUMNS,
    STATE_COLUMNS,
    apply_dtypes,
    apply_state_dtypes,
    printable,
    utc_cells,
)
from newsclean.corpus.spreadsheet import BOM, spreadsheet_cells
from newsclean.errors import ExportError

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")

LIST_SEPARATOR = "; "
#: a list cell's tokens: an escaped character, the separator, any other character
_LIST_TOKEN = re.compile(r"\\(.)|(; )|(.)", re.S)
#: a cell a spreadsheet may run as a formula: it starts with one of these (after any
#: quotes the guard itself put there, so guarding is reversible)
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
ERROR_COLUMNS = ("source", "stage", "reason", "message")
AUDIT_COLUMNS = ("source", "reason", "text")


def _new_file_mode() -> int:
    """The mode a new file gets under the process umask (``0o666 & ~umask``)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


class StagedFiles:
    """Temp files beside their targets, renamed over them together.

    :meth:`stage` makes each temp file; :meth:`commit` fsyncs them all, gives each the mode
    of the file it replaces (or the umask's for a new file) and only then renames them, so
    a run that fails while writing leaves every old file as it was. Used as a context
    manager it commits on success and removes the temp files on any error."""

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        try:
            if exc_type is None:
                self.commit()
        finally:
            self.discard()

    def stage(self, target: Path) -> Path:
        """A new empty temp file beside ``target``, to be renamed over it."""
        target = Path(target)
        folder = target.parent if str(target.parent) else Path(".")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                            dir=folder)
            os.close(fd)
        except OSError as exc:
            raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
        self._staged.append((Path(tmp_name), target))
        return Path(tmp_name)

    def commit(self) -> None:
        """fsync and chmod every temp file, then rename each over its target."""
        new_mode = _new_file_mode()
        for tmp, target in self._staged:
            try:
                with open(tmp, "rb+") as handle:
                    os.fsync(handle.fileno())
                mode = stat.S_IMODE(target.stat().st_mode) if target.is_file() else new_mode
                os.chmod(tmp, mode)
            except OSError as exc:
                raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
        for tmp, target in self._staged:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc

    def discard(self) -> None:
        """Remove the temp files not renamed (all of them before :meth:`commit`)."""
        for tmp, _target in self._staged:
            tmp.unlink(missing_ok=True)
        self._staged.clear()


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temp path beside ``target``; on success fsync it and rename it over
    (keeping the replaced file's mode)."""
    with StagedFiles() as files:
        tmp = files.stage(target)
        try:
            yield tmp
        except OSError as exc:
            raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc


@contextmanager
def _staged(target: Path, files: StagedFiles | None) -> Iterator[Path]:
    """A temp path for ``target``: in ``files`` (renamed with the set) or on its own."""
    if files is None:
        with atomic_path(target) as tmp:
            yield tmp
        return
    tmp = files.stage(target)
    try:
        yield tmp
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc


def _write_text(target: Path, write: Callable[[IO[str]], None],
                files: StagedFiles | None = None) -> None:
    with _staged(target, files) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        write(handle)


def join_list(items: Iterable[str]) -> str:
    """A list as one CSV cell: items ``; ``-joined, a ``;`` or ``\\`` inside an item
    escaped with ``\\`` (``alpha; beta`` as one keyword is ``alpha\\; beta``), so
    :func:`split_list` gives back exactly the items."""
    return LIST_SEPARATOR.join(i.replace("\\", "\\\\").replace(";", "\\;") for i in items)


def split_list(cell: str) -> list[str]:
    """The items of a :func:`join_list` cell (empty items dropped); a ``;`` not followed
    by a space is kept as a character."""
    items: list[str] = []
    current: list[str] = []
    for escaped, separator, char in _LIST_TOKEN.findall(cell):
        if separator:
            items.append("".join(current))
            current = []
        else:
            current.append(escaped or char)
    items.append("".join(current))
    return [item for item in items if item]


def csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The corpus as CSV cells: lists joined by :func:`join_list`, dates in UTC as
    ``2024-05-01T12:30:00Z`` (:func:`~newsclean.corpus.schema.utc_cells`; the page's own
    form of ``published`` is ``published_local``)."""
    out = df.copy()
    for col in LIST_COLUMNS:
        out[col] = out[col].map(join_list)
    for col in DATE_COLUMNS:
        out[col] = utc_cells(out[col])
    return out


def guard_cell(value: str) -> str:
    """``'`` in front of a cell a spreadsheet would run as a formula (``=``, ``+``, ``-``,
    ``@``, tab, CR); :func:`unguard_cell` takes it off again."""
    return f"'{value}" if _FORMULA.match(value) else value


def unguard_cell(value: str) -> str:
    return value[1:] if value.startswith("'") and _FORMULA.match(value) else value


def guard_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: guard_cell(v) if isinstance(v, str) else v)
    return out


def write_csv(df: pd.DataFrame, target: Path, *, guard: bool = True,
              files: StagedFiles | None = None, excel: bool = False) -> None:
    """Write the corpus as RFC 4180 CSV (CRLF rows, minimal quoting), atomically (or staged
    in ``files``). With ``guard`` (the default) formula-like cells get a leading ``'``
    (:func:`guard_cell`); with ``excel``, a BOM and cells cut to fit a spreadsheet
    (:mod:`newsclean.corpus.spreadsheet`)."""
    frame = csv_frame(df)
    if guard:
        frame = guard_frame(frame)
    if excel:
        frame = spreadsheet_cells(frame)

    def write(handle: IO[str]) -> None:
        handle.write(BOM if excel else "")
        frame.to_csv(handle, index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    _write_text(target, write, files)


def read_csv(path: Path, *, guarded: bool = True) -> pd.DataFrame:
    """Read a corpus CSV (of a run, or a cumulative export with its state columns) back into
    the typed DataFrame, undoing the formula guard unless written with ``guard=False``."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if guarded:
        df = df.map(unguard_cell)
    for col in LIST_COLUMNS:
        df[col] = df[col].map(lambda v: split_list(v) if v else [])
    df = df.replace({"": None})
    df["paywalled"] = df["paywalled"].map({"True": True, "False": False, None: None})
    if set(STATE_COLUMNS) <= set(df.columns):      # a cumulative export from the state
        return apply_state_dtypes(df)
    return apply_dtypes(df)


def read_parquet(path: Path) -> pd.DataFrame:
    """Read a corpus Parquet file (of a run, or a cumulative export) into the typed
    DataFrame, list columns as lists (``pd.read_parquet`` gives numpy arrays): the same
    frame :func:`read_csv` gives for the CSV of the same corpus."""
    df = pd.read_parquet(path)
    return apply_state_dtypes(df) if set(STATE_COLUMNS) <= set(df.columns) else apply_dtypes(df)


def write_parquet(df: pd.DataFrame, target: Path, *, files: StagedFiles | None = None) -> None:
    """Write the corpus as Parquet with its dtypes, atomically (or staged in ``files``)."""
    with _staged(target, files) as tmp:
        df.to_parquet(tmp, index=False, engine="pyarrow")


def write_rows(target: Path, header: Sequence[str], rows: Iterable[Sequence[str]], *,
               guard: bool = True, files: StagedFiles | None = None) -> None:
    """Write a small CSV (errors, audit) atomically (or staged in ``files``), formula-like
    cells guarded, file names made printable (:func:`~newsclean.corpus.schema.printable`)."""
    def write(handle: IO[str]) -> None:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        cells = ([printable(c) for c in row] for row in rows)
        writer.writerows([guard_cell(c) for c in row] if guard else row for row in cells)
    _write_text(target, write, files)
