"""The corpus CSV for spreadsheets (``--excel``): Excel keeps at most 32,767 characters of
a cell, cutting the rest in silence, and reads a CSV as UTF-8 only when the file starts
with a byte-order mark.

:func:`spreadsheet_cells` takes the corpus as CSV cells (what
:func:`~newsclean.corpus.export.csv_frame` gives) and returns them with every longer cell
cut to fit, at the last line break near the limit where there is one, ending in a marker
that says how much was cut, and a last column ``cut`` naming the columns cut in that row
(empty when none was). Nothing is lost in silence: the Parquet file and a CSV written
without ``--excel`` hold every character. The writer puts :data:`BOM` first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsclean import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")

#: the most characters (UTF-16 code units, as Excel counts them) a cell holds
EXCEL_CELL_MAX = 32_767
#: what the file starts with, so Excel reads it as UTF-8
BOM = "\ufeff"
#: the column that names a row's cut cells (``text``, ``text; description``)
CUT_COLUMN = "cut"
_MARK = "\n[cut at Excel's cell limit: {n} more characters in the Parquet file]"
#: a cut goes back to a line break when one is within this share of the limit
_BREAK_WINDOW = 0.2


def excel_length(value: str) -> int:
    """The length of ``value`` as Excel counts it (UTF-16 code units: an emoji is two)."""
    return len(value.encode("utf-16-le")) // 2


def fits(value: object) -> bool:
    """Whether a cell holds ``value`` whole (anything but a long string does)."""
    if not isinstance(value, str) or len(value) * 2 <= EXCEL_CELL_MAX:
        return True
    return excel_length(value) <= EXCEL_CELL_MAX


def cut_cell(value: str) -> str:
    """``value`` if it fits in a cell, else its start (at a line break near the limit
    when there is one) and a marker saying how many characters were cut."""
    if fits(value):
        return value
    budget = EXCEL_CELL_MAX - excel_length(_MARK.format(n=len(value)))
    head = value.encode("utf-16-le")[:budget * 2].decode("utf-16-le", "ignore")
    line_end = head.rfind("\n")
    if line_end >= len(head) * (1 - _BREAK_WINDOW):
        head = head[:line_end]
    return head + _MARK.format(n=len(value) - len(head))


def spreadsheet_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """The CSV cells ``cells`` made to fit a spreadsheet: long cells cut by
    :func:`cut_cell`, and a last column :data:`CUT_COLUMN` naming the cut ones per row."""
    out = cells.copy()
    cut = pd.Series([""] * len(out), index=out.index, dtype=object)
    for col in out.columns:
        values = out[col].to_numpy(dtype=object)
        changed = [not fits(v) for v in values]
        if any(changed):
            out[col] = pd.Series([cut_cell(v) if long else v for v, long in
                                  zip(values, changed, strict=True)], index=out.index,
                                 dtype=object)
            cut[changed] = [f"{c}; {col}" if c else col for c in cut[changed]]
    out[CUT_COLUMN] = cut
    return out
