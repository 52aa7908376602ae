"""`newsclean run crawl.warc.gz`: the pages of a WARC file become the corpus, as files do."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsclean.corpus.export import read_csv
from newsclean.engine.summary import parse_summary
from tests.conftest import FIXTURES, newsclean
from tests.scraper.warc.warcfiles import http_response, page, record, write

PAGES = sorted((FIXTURES / "html").glob("*.html"))[:4]


def crawl(path: Path, *, extra: list[bytes] | None = None) -> Path:
    records = [record(f"https://news.example/{p.stem}", http_response(p.read_bytes()))
               for p in PAGES]
    return write(path, [*records[:2], *(extra or []), *records[2:]])


def test_a_warc_file_runs_like_the_pages_it_holds(capsys: pytest.CaptureFixture[str]) -> None:
    warc = crawl(Path("crawl.warc.gz"), extra=[
        record("https://news.example/a.css", http_response(b"p{}", content_type="text/css")),
        page("https://news.example/liar", "Liar", length=99999)])
    code, err = newsclean(capsys, "run", str(warc), "-o", "warc.csv", "--no-state", "-w", "1",
                          "--no-progress")
    folder = Path("pages")
    folder.mkdir()
    for p in PAGES:
        (folder / p.name).write_bytes(p.read_bytes())
    newsclean(capsys, "run", str(folder), "-o", "files.csv", "--no-state", "-w", "1",
              "--no-progress")
    from_warc, from_files = read_csv(Path("warc.csv")), read_csv(Path("files.csv"))
    assert code == 1                                 # the lying record is a failure row
    kept = [Path(source).stem for source in from_files["source"]]
    assert kept and list(from_warc["url"]) == [f"https://news.example/{stem}" for stem in kept]
    assert list(from_warc["text"]) == list(from_files["text"])
    assert list(from_warc["title"]) == list(from_files["title"])
    summary = parse_summary(err)
    assert summary["summary.records"] == {"not_html": "1"}
    assert summary["summary"]["failed"] == "1"
    errors = Path("warc.errors.csv").read_text()
    assert "malformed_record" in errors and "crawl.warc.gz@" in errors


def test_a_folder_of_warc_files_and_the_url_filter(capsys: pytest.CaptureFixture[str]) -> None:
    folder = Path("crawls")
    folder.mkdir()
    crawl(folder / "one.warc.gz")
    crawl(folder / "two.warc")
    code, err = newsclean(capsys, "run", str(folder), "-o", "out.csv", "--no-state", "-w", "1",
                          "--no-progress", "--url-filter", PAGES[0].stem)
    rows = read_csv(Path("out.csv"))
    assert code == 0, err
    assert len(rows) <= 2 and set(rows["url"]) <= {f"https://news.example/{PAGES[0].stem}"}
    assert parse_summary(err)["summary.records"] == {"not_selected": str(2 * (len(PAGES) - 1))}


def test_a_warc_run_again_on_the_state_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    warc = crawl(Path("crawl.warc"))
    first_code, first = newsclean(capsys, "run", str(warc), "-o", "a.csv", "-w", "1",
                                  "--no-progress")
    second_code, second = newsclean(capsys, "run", str(warc), "-o", "b.csv", "-w", "1",
                                    "--no-progress")
    assert (first_code, second_code) == (0, 0), first + second
    kept = len(read_csv(Path("a.csv")))
    assert kept >= 1 and parse_summary(first)["summary"]["new"] == str(kept)
    again = parse_summary(second)["summary"]
    assert (again["new"], again["changed"]) == ("0", "0")
    assert len(read_csv(Path("b.csv"))) == 0


def test_a_bad_url_filter_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = newsclean(capsys, "run", "x.warc", "--url-filter", "([", "--no-state")
    assert code == 2 and "url_filter" in err and "regular expression" in err
