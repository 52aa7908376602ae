"""End to end: the CLI writes a corpus CSV, an errors file and an audit file.

Most tests call :func:`newsclean.pipeline.main` in this process (exit codes, output files,
argument errors); two start real processes: ``python -m newsclean`` and the installed
``newsclean`` console script.
"""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from newsclean import pipeline
from newsclean.cleaners.meta import extract
from newsclean.config import load_config
from newsclean.corpus.schema import COLUMNS
from newsclean.engine.summary import parse_summary
from tests.conftest import FIXTURES, changes, newsclean
from tests.scraper.fetch.server import Server, fixed

ARTICLE = ("<html><head><title>Rates rise again | Example Times</title>"
           '<link rel="canonical" href="https://www.example.org/news/rates"></head><body>'
           "<article><h1>Rates rise again</h1>"
           + "".join(f"<p>Paragraph {i} of a real news story about interest rates and the "
                     f"people who pay them, told in plain words.</p>" for i in range(6))
           + "</article></body></html>")


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


def test_seeds_to_csv_and_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "corpus.csv"
    audit = tmp_path / "removed.csv"
    code, err = newsclean(capsys, "run", str(FIXTURES / "seeds"), "-o", str(out),
                          "--audit", str(audit), "--workers", "1")
    assert code == 0, err
    summary = parse_summary(err)["summary"]
    assert changes(err) == (3, 0, 0, 0) and summary["articles"] == "3"
    assert summary["skipped"] == summary["failed"] == "0"
    df = pd.read_csv(out)
    assert list(df.columns) == list(COLUMNS)
    assert len(df) == 3
    assert df["source"].str.endswith(".txt").all()
    row = df[df["source"].str.contains("002_")].iloc[0]
    assert row["authors"] == "Josh Horwitz"
    assert row["published"] == "2020-09-16T06:51:00Z"
    assert row["published_local"] == "2020-09-16T02:51:00-04:00"
    assert "Delayed Quote" not in row["text"] and "LINKEDIN" not in " ".join(df["text"])
    removed = pd.read_csv(audit)
    assert list(removed.columns) == ["source", "reason", "text"]
    assert {"share_counts", "ticker_widget", "credits"} <= set(removed["reason"].str.split(":")
                                                               .str[0])


def test_bad_inputs_are_recorded_and_the_run_goes_on(tmp_path: Path, mixed_inputs: Path,
                                                     capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "corpus.csv"
    code, err = newsclean(capsys, "run", str(mixed_inputs), "-o", str(out), "--workers", "1")
    assert code == 1, err
    df = pd.read_csv(out)
    assert sorted(Path(s).name for s in df["source"]) == ["a_good.html", "f_gz.html.gz"]
    assert set(df["url"]) == {"https://www.example.org/news/rates",
                              "https://www.example.org/news/taxes"}
    errors = pd.read_csv(tmp_path / "corpus.errors.csv")
    assert list(errors.columns) == ["source", "stage", "reason", "message"]
    by_name = {Path(s).name: k for s, k in zip(errors["source"], errors["reason"], strict=True)}
    assert by_name["b_empty.html"] == "decode_error"
    assert by_name["c_binary.html"] == "decode_error"
    assert by_name["e_nav_only.html"] in {"no_article_text", "too_short", "extract_error"}
    assert "d_broken.html" in by_name
    assert errors["message"].str.len().min() > 0


def test_workers_do_not_change_output(tmp_path: Path, mixed_inputs: Path,
                                      capsys: pytest.CaptureFixture[str]):
    frames = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}.csv"
        newsclean(capsys, "run", str(FIXTURES), str(mixed_inputs), "-o", str(out),
                  "--workers", workers, "--no-state")
        # every byte the same but the last column, fetched_at (when each file was read)
        frames.append(re.sub(rb",\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\r\n", b",T\r\n",
                             out.read_bytes()))
    assert frames[0] == frames[1] and frames[0].count(b",T\r\n") > 10


def test_parquet_and_library_call_agree(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    parquet = tmp_path / "c.parquet"
    code, err = newsclean(capsys, "run", str(FIXTURES / "seeds"), "-o", str(tmp_path / "c.csv"),
                          "--parquet", str(parquet), "--workers", "1")
    assert code == 0, err
    from_file = pd.read_parquet(parquet)
    in_memory = pipeline.run([str(FIXTURES / "seeds")], workers=1)
    assert str(from_file["published"].dtype) == "datetime64[ns, UTC]"
    assert list(from_file["id"]) == list(in_memory["id"])
    assert list(from_file["text"]) == list(in_memory["text"])


def test_a_metadata_error_is_counted_and_the_text_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    def explode(*args: object) -> None:
        raise RuntimeError("authors step exploded")

    monkeypatch.setattr(extract, "_authors", explode)     # workers 1: cleaned in this process
    (tmp_path / "a.html").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "corpus.csv"
    code, err = newsclean(capsys, "run", str(tmp_path / "a.html"), "-o", str(out),
                          "--workers", "1")
    assert code == 0, err                      # a warning, not a failure
    summary = parse_summary(err)
    assert summary["summary"]["articles"] == "1" and summary["summary"]["failed"] == "0"
    assert summary["summary.warnings"] == {"metadata_error": "1"}
    [row] = pd.read_csv(out).itertuples()
    assert "Paragraph 5 of a real news story" in row.text
    assert pd.isna(row.title)
    result = pipeline.run_detailed(load_config(None, {"inputs": (str(tmp_path / "a.html"),),
                                                      "workers": 1}))
    assert result.counts == {"ok": 1, "warning/metadata_error": 1}


@pytest.mark.parametrize("args, message", [
    (["run"], "nothing to do"),
    (["run", "x", "--workers", "-3"], "workers"),
])
def test_usage_errors_exit_2(args: list[str], message: str,
                             capsys: pytest.CaptureFixture[str]):
    code, err = newsclean(capsys, *args)
    assert code == 2
    assert message in err


def test_an_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exc:
        pipeline.main(["bogus"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_an_output_below_a_file_exits_2_before_any_work(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, err = newsclean(capsys, "run", str(FIXTURES / "seeds"),
                          "-o", str(blocker / "corpus.csv"), "--workers", "1")
    assert code == 2                  # checked before the run (tests/test_disk_full.py)
    assert "is a file, not a folder" in err and not Path("newsclean.db").exists()


# ------------------------------------------------------------- real processes

def test_python_m_newsclean_runs_and_exits(tmp_path: Path):
    out = tmp_path / "corpus.csv"
    proc = subprocess.run([sys.executable, "-m", "newsclean", "run", str(FIXTURES / "seeds"),
                           "-o", str(out), "--workers", "1"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert len(pd.read_csv(out)) == 3
    assert (tmp_path / "newsclean.db").is_file()        # the CLI keeps its state in the cwd


def test_installed_console_script_passes_the_exit_code_on() -> None:
    script = Path(sys.executable).with_name("newsclean")
    if not script.is_file():
        pytest.skip(f"console script not installed beside {sys.executable}")
    proc = subprocess.run([str(script), "run"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "nothing to do" in proc.stderr


def test_one_article_fetched_through_a_tracking_link_is_one_row(tmp_path: Path, capsys,
                                                                 server: Server):
    server.routes["/news/rates"] = fixed(body=ARTICLE.encode())
    server.routes["/robots.txt"] = fixed(404, b"", "text/plain")
    plain = server.url("/news/rates")
    tracked = server.url("/news/rates?utm_source=rss")
    server.routes["/news/rates?utm_source=rss"] = fixed(body=ARTICLE.encode())
    out = tmp_path / "c.csv"
    code, err = newsclean(capsys, "run", plain, tracked, "-o", str(out), "--no-state",
                          "--allow-host", "127.0.0.1", "--delay", "0", "-w", "1")
    assert code == 0, err
    assert list(pd.read_csv(out)["source"]) == [plain]
    errors = pd.read_csv(tmp_path / "c.errors.csv")
    assert errors[["source", "stage", "reason"]].values.tolist() == [
        [tracked, "clean", "same_url"]]


def test_two_different_pages_with_one_canonical_link_keep_both_rows(tmp_path: Path, capsys):
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "a.html").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.html").write_text(ARTICLE.replace("interest rates", "train fares"),
                                   encoding="utf-8")
    out = tmp_path / "c.csv"
    code, err = newsclean(capsys, "run", str(folder), "-o", str(out), "--no-state", "-w", "1")
    assert code == 0, err
    assert len(pd.read_csv(out)) == 2
