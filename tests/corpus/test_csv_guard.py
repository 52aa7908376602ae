"""Formula-like CSV cells are guarded by default, read back exactly, and raw on request."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from newsclean import pipeline
from newsclean.corpus.export import guard_cell, read_csv, unguard_cell, write_csv, write_rows
from newsclean.corpus.schema import to_dataframe
from newsclean.records import Article, PageMetadata

RISKY = ["=HYPERLINK(\"http://x\")", "+1 555", "-5 degrees", "@SUM(A1)", "\tTab", "\rCR",
         "'=already quoted", "''+twice"]
SAFE = ["plain", "", "2020-01-01", "a=b", " =leading space", "'quoted but harmless"]


@pytest.mark.parametrize("value", RISKY)
def test_risky_cells_get_a_quote_and_lose_it_again(value: str) -> None:
    guarded = guard_cell(value)
    assert guarded == "'" + value
    assert unguard_cell(guarded) == value


@pytest.mark.parametrize("value", SAFE)
def test_safe_cells_are_left_alone(value: str) -> None:
    assert guard_cell(value) == value and unguard_cell(value) == value


def _corpus():
    articles = [Article(i, f"p{i}.html", None, text, PageMetadata(title=text, authors=("=x",)),
                        "en") for i, text in enumerate(RISKY + SAFE[:1])]
    return to_dataframe(articles)


def _cells(path: Path, column: str) -> list[str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def test_the_corpus_csv_is_guarded_and_reads_back_raw(tmp_path: Path) -> None:
    corpus = _corpus()
    write_csv(corpus, tmp_path / "c.csv")
    titles = _cells(tmp_path / "c.csv", "title")
    assert all(t.startswith("'") for t in titles[:len(RISKY)]) and titles[-1] == "plain"
    assert _cells(tmp_path / "c.csv", "authors")[0] == "'=x"
    back = read_csv(tmp_path / "c.csv")
    assert list(back["title"]) == list(corpus["title"])
    assert list(back["authors"]) == list(corpus["authors"])


def test_raw_csv_writes_cells_as_they_are(tmp_path: Path) -> None:
    write_csv(_corpus(), tmp_path / "raw.csv", guard=False)
    assert _cells(tmp_path / "raw.csv", "title")[0] == RISKY[0]
    assert read_csv(tmp_path / "raw.csv", guarded=False)["title"][0] == RISKY[0]


def test_errors_and_audit_files_are_guarded(tmp_path: Path) -> None:
    write_rows(tmp_path / "e.csv", ("source", "message"), [("=evil.html", "-x"), ("ok", "ok")])
    assert (tmp_path / "e.csv").read_text(encoding="utf-8").splitlines() == [
        "source,message", "'=evil.html,'-x", "ok,ok"]


def test_the_cli_guards_by_default_and_raw_csv_turns_it_off(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>=1+1</title></head><body><article><h1>=1+1</h1>"
                    + "<p>-- A paragraph of a news story with enough words in it to keep. </p>"
                    * 4 + "</article></body></html>", encoding="utf-8")
    for flag, expected in (([], "'=1+1"), (["--raw-csv"], "=1+1")):
        out = tmp_path / f"out{len(flag)}.csv"
        code = pipeline.main(["run", str(page), "-o", str(out), "--no-progress",
                              "-w", "1", "--no-state", *flag])
        assert code == 0 and _cells(out, "title") == [expected]
