"""Inputs a user gives: ``-`` (one page on stdin), ``--urls -`` (a URL list on stdin), URLs
typed without their scheme (``did you mean https://...?``) and mistyped paths, which stop
the run with exit 2 before anything is written. Real processes with real pipes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from newsclean.corpus.export import read_csv
from newsclean.errors import ConfigError
from newsclean.records import Failure
from newsclean.scraper.sources import SourceItem, check_sources, expand_sources, scheme_hint
from tests.conftest import newsclean
from tests.scraper.fetch.server import Server, fixed
from tests.test_pipeline_cli import ARTICLE

TEXT_PAGE = "\n".join(f"Paragraph {i} of a plain text story about the harbour and the boats "
                      "that come and go every day." for i in range(6))


def _cli(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsclean", "run", *args, "--no-progress"],
                          input=stdin, cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize(("page", "is_text"), [(ARTICLE, False), (TEXT_PAGE, True)])
def test_a_page_on_stdin(tmp_path: Path, page: str, is_text: bool):
    proc = _cli(tmp_path, "-", "-o", "c.csv", "--no-state", stdin=page)
    assert proc.returncode == 0, proc.stderr
    frame = read_csv(tmp_path / "c.csv")         # the formula guard made the cell '-
    assert frame["source"].tolist() == ["-"]
    assert "Paragraph 5" in frame.loc[0, "text"]
    assert (frame.loc[0, "url"] == "https://www.example.org/news/rates") is not is_text
    assert not (tmp_path / "-").exists()


def test_a_url_list_on_stdin(tmp_path: Path, server: Server):
    server.routes["/robots.txt"] = fixed(404, b"", "text/plain")
    server.routes["/news/rates"] = fixed(body=ARTICLE.encode())
    lines = f"# list\n{server.url('/news/rates')}\nexample.org/feed.xml\n"
    proc = _cli(tmp_path, "--urls", "-", "-o", "c.csv", "--no-state", "--allow-host",
                "127.0.0.1", "--delay", "0", stdin=lines)
    assert proc.returncode == 1, proc.stderr           # the bare host line is a failure
    assert pd.read_csv(tmp_path / "c.csv")["source"].tolist() == [server.url("/news/rates")]
    errors = pd.read_csv(tmp_path / "c.errors.csv")
    assert errors[["source", "stage", "reason"]].values.tolist() == [
        ["example.org/feed.xml", "sources", "bad_url"]]
    assert "did you mean https://example.org/feed.xml?" in errors.loc[0, "message"]


@pytest.mark.parametrize(("args", "message"), [
    (("example.org/feed.xml",), "example.org/feed.xml: no such file or directory: did you "
                                "mean https://example.org/feed.xml?"),
    (("pages/nope/",), "pages/nope/: no such file or directory"),
    (("--urls", "urls.txt"), "urls.txt: no such file or directory"),
    (("-", "--urls", "-"), "- (standard input) can be read once"),
])
def test_inputs_that_cannot_work_exit_2_before_anything_is_written(tmp_path: Path,
                                                                   args: tuple[str, ...],
                                                                   message: str):
    (tmp_path / "pages").mkdir()
    proc = _cli(tmp_path, *args, "-o", "c.csv")
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages"]   # no state, no outputs


def test_in_process_cli_checks_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code, err = newsclean(capsys, "run", "www.example.org", str(tmp_path / "gone.html"),
                          "-o", str(tmp_path / "c.csv"))
    assert code == 2
    assert "did you mean https://www.example.org?" in err and "gone.html" in err
    assert not (tmp_path / "c.csv").exists() and not Path("newsclean.db").exists()


@pytest.mark.parametrize(("value", "hint"), [
    ("example.org/feed.xml", "https://example.org/feed.xml"),
    ("www.example.org", "https://www.example.org"),
    ("news.bbc.co.uk/x?y=1", "https://news.bbc.co.uk/x?y=1"),
    ("localhost:8000/feed", "http://localhost:8000/feed"),
    ("127.0.0.1:8080", "http://127.0.0.1:8080"),
    ("story.html", None),
    ("notes.txt", None),
    ("pages/missing.html", None),
    ("./example.org", None),
    ("/tmp/example.org", None),
    ("ftp://example.org/x", None),
])
def test_scheme_hint(value: str, hint: str | None):
    assert scheme_hint(value) == hint


def test_library_keeps_missing_paths_as_failures_with_the_hint(tmp_path: Path):
    urls = tmp_path / "urls.txt"
    urls.write_text("https://a.example/1\nnews.example.com/2\nnot a url\n")
    items = list(expand_sources(["example.org/feed.xml"], [urls]))
    assert [type(i) for i in items] == [Failure, SourceItem, Failure, Failure]
    assert items[0].reason == "missing_path" and "https://example.org/feed.xml?" in \
        items[0].message
    assert items[2].reason == "bad_url" and "did you mean https://news.example.com/2?" in \
        items[2].message
    assert items[3].reason == "bad_url" and "did you mean" not in items[3].message
    assert [i.index for i in items] == [0, 1, 2, 3]


def test_check_sources_passes_what_exists(tmp_path: Path):
    (tmp_path / "a.html").write_text("x")
    check_sources([str(tmp_path / "a.html"), str(tmp_path), "https://example.org/", "-"])
    with pytest.raises(ConfigError, match="can be read once"):
        check_sources(["-", "-"])


def test_read_file_of_stdin_is_capped(tmp_path: Path):
    page = tmp_path / "big.html"
    page.write_bytes(b"<p>" + b"x" * 5000)
    with page.open("rb") as handle:
        proc = subprocess.run(
            [sys.executable, "-c", "from newsclean.scraper.sources import SourceItem, read_file\n"
             "try:\n    read_file(SourceItem(0, '-', 'file'), max_bytes=1000)\n"
             "except Exception as exc:\n    print(type(exc).__name__, exc.reason, exc)"],
            stdin=handle, capture_output=True, text=True, timeout=60)
    assert proc.stdout.startswith("FileTooLarge too_large"), proc.stderr
    assert "standard input" in proc.stdout
