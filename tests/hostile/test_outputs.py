"""The outputs of a run: colliding paths refused before any work (exit 2), the files
written as a set (a failed run leaves the old set), modes kept, list cells lossless."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from newsclean import pipeline
from newsclean.config import load_config
from newsclean.corpus.export import StagedFiles, join_list, read_csv, split_list, write_csv
from newsclean.corpus.outputs import write_outputs
from newsclean.corpus.schema import apply_dtypes
from newsclean.errors import ExportError
from tests.test_pipeline_cli import ARTICLE


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_text(ARTICLE)
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = pipeline.main(["run", *args, "-w", "1", "--no-progress"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("clash", [
    ["-o", "{page}"],
    ["-o", "{d}/c.csv", "--errors", "{d}/c.csv"],
    ["-o", "{d}/c.csv", "--audit", "{d}/./c.csv"],
    ["-o", "{d}/c.csv", "--parquet", "{d}/c.csv"],
    ["-o", "{d}/c.csv", "--urls", "{d}/c.csv"],
    ["-o", "{d}/c.csv", "--errors", "{page}"],
    ["-o", "{d}"],
], ids=["output-is-input", "errors", "audit", "parquet", "urls-file", "errors-is-input",
        "folder"])
def test_colliding_output_paths_are_refused_before_any_work(
        clash: list[str], page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    if "--urls" in clash:
        (tmp_path / "c.csv").write_text("# no URLs\n")
    before = {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    args = [a.format(page=page, d=tmp_path) for a in clash]
    code, err = _run(capsys, str(page), *args)
    assert code == 2, err
    assert "newsclean: error:" in err
    assert {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_the_config_file_is_not_an_output(page: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]):
    config = tmp_path / "run.toml"
    config.write_text(f'[run]\noutput = "{tmp_path / "c.csv"}"\naudit = "{config}"\n')
    code, err = _run(capsys, str(page), "--config", str(config))
    assert code == 2 and "is the --config file" in err


def _corpus(rows: int = 1) -> pd.DataFrame:
    frame = pd.DataFrame({"id": [f"i{i}" for i in range(rows)], "text": ["t"] * rows,
                          "tags": [["alpha; beta", "gamma\\delta", ";"]] * rows,
                          "authors": [["Ann Lee"]] * rows})
    return apply_dtypes(frame)


def test_a_failed_run_leaves_the_old_set(tmp_path: Path):
    config = load_config(None, {"output": tmp_path / "c.csv", "audit": tmp_path / "out" / "a.csv"})
    write_outputs(config, _corpus(1), [("s", "read", "too_large", "m")], [])
    old = {p: p.read_bytes() for p in [tmp_path / "c.csv", tmp_path / "c.errors.csv"]}
    (tmp_path / "out" / "a.csv").unlink()
    (tmp_path / "out").rmdir()
    (tmp_path / "out").write_text("a file where the audit folder should be")
    with pytest.raises(ExportError):
        write_outputs(config, _corpus(3), [], [])
    assert {p: p.read_bytes() for p in old} == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.csv", "c.errors.csv", "out"]


def test_outputs_keep_the_mode_of_the_file_they_replace(tmp_path: Path):
    shared = tmp_path / "shared.csv"
    write_csv(_corpus(), shared)
    os.chmod(shared, 0o664)
    write_csv(_corpus(2), shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664


def test_new_outputs_honour_the_umask(tmp_path: Path):
    old = os.umask(0o027)
    try:
        with StagedFiles() as files:
            files.stage(tmp_path / "new.csv").write_text("x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o640


@pytest.mark.parametrize("items", [["alpha; beta", "gamma"], ["a\\b;", "c"], [";", "\\"],
                                   ["x"], [], ["trailing;"], ["back\\; slash"]])
def test_list_cells_round_trip(items: list[str]):
    assert split_list(join_list(items)) == items


def test_lists_read_back_from_csv_equal_parquet(tmp_path: Path):
    corpus = _corpus(2)
    write_csv(corpus, tmp_path / "c.csv")
    corpus.to_parquet(tmp_path / "c.parquet")
    from_csv, from_parquet = read_csv(tmp_path / "c.csv"), pd.read_parquet(tmp_path / "c.parquet")
    assert list(from_csv["tags"]) == [list(t) for t in from_parquet["tags"]]
    assert from_csv["tags"][0] == ["alpha; beta", "gamma\\delta", ";"]
