"""``--excel``: the corpus CSV for spreadsheets. A BOM first (Excel then reads UTF-8), every
cell within Excel's 32,767 characters (UTF-16 code units), a cut cell ends in a marker and
is named in the last column, ``cut``; the Parquet file keeps the whole text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from newsclean.corpus.export import read_csv, write_csv
from newsclean.corpus.schema import COLUMNS, to_dataframe
from newsclean.corpus.spreadsheet import (
    CUT_COLUMN,
    EXCEL_CELL_MAX,
    cut_cell,
    excel_length,
    spreadsheet_cells,
)
from newsclean.records import Article, PageMetadata
from tests.conftest import newsclean

PARAGRAPH = "A paragraph of a very long report on the budget, line by line, café. " * 8
LONG_TEXT = "\n".join([PARAGRAPH] * 80)            # about 44,000 characters


def _corpus() -> pd.DataFrame:
    long = Article(0, "long.html", "https://example.org/long", LONG_TEXT,
                   PageMetadata(title="Long", description="😀" * 20_000), "en")
    short = Article(1, "short.html", "https://example.org/short", "short text here",
                    PageMetadata(title="=1+1"), "en")
    return to_dataframe([long, short])


def test_excel_csv_has_a_bom_and_cells_that_fit(tmp_path: Path):
    target = tmp_path / "c.csv"
    write_csv(_corpus(), target, excel=True)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,source,")
    plain = pd.read_csv(target, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert tuple(plain.columns) == (*COLUMNS, CUT_COLUMN)
    assert plain[CUT_COLUMN].tolist() == ["text; description", ""]
    for col in plain.columns:
        assert plain[col].map(excel_length).max() <= EXCEL_CELL_MAX, col
    text = plain.loc[0, "text"]
    assert text.startswith(PARAGRAPH) and text.endswith("more characters in the Parquet file]")
    assert text.split("\n")[-2] == PARAGRAPH                    # cut at a line break
    assert plain.loc[1, "text"] == "short text here" and plain.loc[1, "title"] == "'=1+1"


def test_newsclean_reads_an_excel_csv_back(tmp_path: Path):
    target = tmp_path / "c.csv"
    corpus = _corpus()
    write_csv(corpus, target, excel=True)
    back = read_csv(target)
    assert tuple(back.columns) == COLUMNS
    assert back.loc[1, "title"] == "=1+1" and back.loc[1, "text"] == "short text here"
    assert back.loc[0, "text"].startswith(PARAGRAPH) and len(back.loc[0, "text"]) < len(
        LONG_TEXT)


def test_without_excel_nothing_is_cut(tmp_path: Path):
    target = tmp_path / "c.csv"
    write_csv(_corpus(), target)
    assert not target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_csv(target).loc[0, "text"] == LONG_TEXT


@pytest.mark.parametrize("value", ["x" * EXCEL_CELL_MAX, "😀" * (EXCEL_CELL_MAX // 2), "", "é"])
def test_cells_that_fit_are_kept(value: str):
    assert cut_cell(value) is value


@pytest.mark.parametrize("value", ["x" * (EXCEL_CELL_MAX + 1), "😀" * (EXCEL_CELL_MAX // 2 + 1),
                                   "a😀" * 20_000, ("word " * 100 + "\n") * 100])
def test_long_cells_are_cut_to_fit_with_a_marker(value: str):
    cut = cut_cell(value)
    assert excel_length(cut) <= EXCEL_CELL_MAX
    head, mark = cut.rsplit("\n[cut at Excel's cell limit: ", 1)
    assert value.startswith(head) and "\ud83d" not in head[-1:]   # no half of a pair
    assert mark == f"{len(value) - len(head)} more characters in the Parquet file]"


def test_cells_frame_keeps_non_text_columns():
    cells = pd.DataFrame({"n": [1, 2], "text": ["x" * 40_000, None]})
    out = spreadsheet_cells(cells)
    assert out["n"].tolist() == [1, 2] and pd.isna(out.loc[1, "text"])
    assert out[CUT_COLUMN].tolist() == ["text", ""]


def test_cli_excel_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    page = tmp_path / "long.txt"
    page.write_text("\n".join(f"{i}. {PARAGRAPH}" for i in range(80)), encoding="utf-8")
    out, parquet = tmp_path / "c.csv", tmp_path / "c.parquet"
    code, err = newsclean(capsys, "run", str(page), "-o", str(out), "--parquet", str(parquet),
                          "--excel", "--no-state", "-w", "1")
    assert code == 0, err
    plain = pd.read_csv(out, encoding="utf-8-sig")
    assert plain.loc[0, CUT_COLUMN] == "text"
    assert excel_length(plain.loc[0, "text"]) <= EXCEL_CELL_MAX
    assert len(pd.read_parquet(parquet).loc[0, "text"]) > EXCEL_CELL_MAX   # the whole text
