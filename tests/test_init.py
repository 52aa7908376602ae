"""``newsclean init`` writes a config that runs as written, from any working directory."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from newsclean import pipeline
from newsclean.config import load_config
from newsclean.corpus.export import read_csv


def test_init_writes_a_config_that_runs_as_written(tmp_path: Path, monkeypatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    job = tmp_path / "job"
    assert pipeline.main(["init", str(job)]) == 0
    config = job / "newsclean.toml"
    assert config.is_file() and (job / "pages" / "example.html").is_file()
    monkeypatch.chdir(tmp_path)                 # as cron would: not the job's folder
    code = pipeline.main(["run", "--config", str(config), "--no-progress", "-w", "1"])
    err = capsys.readouterr().err
    assert code == 0, err
    corpus = read_csv(job / "new.csv")
    assert list(corpus["title"]) == ["Harbour cranes return after the storm"]
    assert list(corpus["authors"]) == [["Ana Ruiz"]]
    assert "LINKEDIN" not in corpus["text"].iloc[0] and "Dock workers" in corpus["text"].iloc[0]
    assert len(read_csv(job / "corpus.csv")) == 1 and (job / "newsclean.db").is_file()


def test_every_commented_key_is_a_real_one(tmp_path: Path) -> None:
    from newsclean.starter import CONFIG

    uncommented = "\n".join(line.replace("# ", "", 1) if line.startswith("# ") and " = " in line
                            else line for line in CONFIG.splitlines())
    path = tmp_path / "all.toml"
    path.write_text(uncommented.replace("no_state = true", ""), encoding="utf-8")
    tomllib.loads(path.read_text(encoding="utf-8"))
    load_config(path)                            # unknown keys and bad values would raise


def test_init_does_not_overwrite_a_config(tmp_path: Path, capsys) -> None:
    (tmp_path / "newsclean.toml").write_text("[run]\n", encoding="utf-8")
    assert pipeline.main(["init", str(tmp_path)]) == 2
    assert "not overwritten" in capsys.readouterr().err
    assert (tmp_path / "newsclean.toml").read_text(encoding="utf-8") == "[run]\n"
