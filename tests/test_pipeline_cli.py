"""End to end: the CLI writes a corpus CSV, an errors file and an audit file."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from newsclean import pipeline
from newsclean.corpus.schema import COLUMNS
from tests.conftest import FIXTURES, ROOT

ARTICLE = ("<html><head><title>Rates rise again | Example Times</title>"
           '<link rel="canonical" href="https://www.example.org/news/rates"></head><body>'
           "<article><h1>Rates rise again</h1>"
           + "".join(f"<p>Paragraph {i} of a real news story about interest rates and the "
                     f"people who pay them, told in plain words.</p>" for i in range(6))
           + "</article></body></html>")


def newsclean(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsclean", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def mixed_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.html").write_text(ARTICLE, encoding="utf-8")
    (folder / "b_empty.html").write_bytes(b"")
    (folder / "c_binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 4)
    (folder / "d_broken.html").write_bytes(b"<html><body><p>unclosed <div><<<>>>\x00\x00")
    (folder / "e_nav_only.html").write_text("<html><body><nav><a href='/'>Home</a></nav>"
                                            "</body></html>")
    (folder / "f_gz.html.gz").write_bytes(gzip.compress(ARTICLE.replace("rates", "taxes")
                                                        .encode()))
    return folder


def test_seeds_to_csv_and_back(tmp_path: Path):
    out = tmp_path / "corpus.csv"
    audit = tmp_path / "removed.csv"
    proc = newsclean("run", str(FIXTURES / "seeds"), "-o", str(out), "--audit", str(audit),
                     "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    df = pd.read_csv(out)
    assert list(df.columns) == list(COLUMNS)
    assert len(df) == 3
    assert df["source"].str.endswith(".txt").all()
    row = df[df["source"].str.contains("002_")].iloc[0]
    assert row["authors"] == "Josh Horwitz"
    assert row["published"] == "2020-09-16T02:51:00-04:00"
    assert "Delayed Quote" not in row["text"] and "LINKEDIN" not in " ".join(df["text"])
    removed = pd.read_csv(audit)
    assert list(removed.columns) == ["source", "reason", "text"]
    assert {"share_counts", "ticker_widget", "credits"} <= set(removed["reason"].str.split(":")
                                                               .str[0])


def test_bad_inputs_are_recorded_and_the_run_goes_on(tmp_path: Path, mixed_inputs: Path):
    out = tmp_path / "corpus.csv"
    proc = newsclean("run", str(mixed_inputs), str(tmp_path / "missing.html"), "-o", str(out),
                     "--workers", "1")
    assert proc.returncode == 1, proc.stderr
    df = pd.read_csv(out)
    assert sorted(Path(s).name for s in df["source"]) == ["a_good.html", "f_gz.html.gz"]
    assert set(df["url"]) == {"https://www.example.org/news/rates",
                              "https://www.example.org/news/taxes"}
    errors = pd.read_csv(tmp_path / "corpus.errors.csv")
    assert list(errors.columns) == ["source", "stage", "kind", "message"]
    by_name = {Path(s).name: k for s, k in zip(errors["source"], errors["kind"], strict=True)}
    assert by_name["b_empty.html"] == "decode_error"
    assert by_name["c_binary.html"] == "decode_error"
    assert by_name["missing.html"] == "missing_path"
    assert by_name["e_nav_only.html"] in {"no_article_text", "too_short", "extract_error"}
    assert "d_broken.html" in by_name
    assert errors["message"].str.len().min() > 0


def test_workers_do_not_change_output(tmp_path: Path, mixed_inputs: Path):
    frames = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}.csv"
        newsclean("run", str(FIXTURES), str(mixed_inputs), "-o", str(out), "--workers", workers)
        frames.append(out.read_bytes())
    assert frames[0] == frames[1]


def test_parquet_and_library_call_agree(tmp_path: Path):
    parquet = tmp_path / "c.parquet"
    proc = newsclean("run", str(FIXTURES / "seeds"), "-o", str(tmp_path / "c.csv"),
                     "--parquet", str(parquet), "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    from_file = pd.read_parquet(parquet)
    in_memory = pipeline.run([str(FIXTURES / "seeds")], workers=1)
    assert str(from_file["published"].dtype) == "datetime64[ns, UTC]"
    assert list(from_file["id"]) == list(in_memory["id"])
    assert list(from_file["text"]) == list(in_memory["text"])


@pytest.mark.parametrize("args, code, message", [
    (["run"], 2, "nothing to do"),
    (["run", "x", "--workers", "-3"], 2, "workers"),
    (["bogus"], 2, "invalid choice"),
])
def test_usage_errors_exit_2(args: list[str], code: int, message: str):
    proc = newsclean(*args)
    assert proc.returncode == code
    assert message in proc.stderr


def test_unwritable_output_exits_3(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = newsclean("run", str(FIXTURES / "seeds"), "-o", str(blocker / "corpus.csv"),
                     "--workers", "1")
    assert proc.returncode == 3
    assert "cannot write" in proc.stderr
