"""File names that are not UTF-8 (a Latin-1 name copied from an old disk) are data: the run
keeps them, ``\\xNN``-escaped, in every output, and never crashes on them."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from newsclean import pipeline
from newsclean.corpus.export import read_csv
from newsclean.corpus.schema import article_id, printable
from tests.test_pipeline_cli import ARTICLE


def _write(folder: Path, name: bytes, data: bytes) -> str:
    path = os.path.join(os.fsencode(folder), name)
    with open(path, "wb") as handle:
        handle.write(data)
    return os.fsdecode(path)


@pytest.fixture
def bad_names(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, b"a_bad\xff\xfe.html", ARTICLE.encode())
    _write(folder, b"b_binary\xe9.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return folder


def test_printable_escapes_the_bytes_of_a_non_utf8_name():
    name = os.fsdecode(b"bad\xff\xfe.html")
    assert printable(name) == "bad\\xff\\xfe.html"
    assert printable("Zürich.html") == "Zürich.html"
    assert article_id(None, name) != article_id(None, os.fsdecode(b"bad\xff\xfd.html"))


def test_non_utf8_names_reach_every_output(bad_names: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]):
    out, errors, audit = tmp_path / "c.csv", tmp_path / "e.csv", tmp_path / "a.csv"
    parquet = tmp_path / "c.parquet"
    code = pipeline.main(["run", str(bad_names), "-o", str(out), "--errors", str(errors),
                          "--audit", str(audit), "--parquet", str(parquet), "-w", "1"])
    assert code == 1, capsys.readouterr().err
    corpus = read_csv(out)
    assert list(corpus["source"]) == [f"{bad_names}/a_bad\\xff\\xfe.html"]
    assert list(pd.read_parquet(parquet)["source"]) == list(corpus["source"])
    failed = pd.read_csv(errors, dtype=str)
    assert list(failed["source"]) == [f"{bad_names}/b_binary\\xe9.html"]
    assert list(failed["reason"]) == ["decode_error"]
    assert set(pd.read_csv(audit, dtype=str)["source"]) <= set(corpus["source"])


def test_a_non_utf8_name_given_directly(bad_names: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "c.csv"
    source = os.fsdecode(os.path.join(os.fsencode(bad_names), b"a_bad\xff\xfe.html"))
    assert pipeline.main(["run", source, "-o", str(out), "-w", "1"]) == 0, capsys.readouterr()
    corpus = read_csv(out)
    assert corpus["source"][0].endswith("a_bad\\xff\\xfe.html")
