"""A run streams its outputs from the store: the same rows as the in-memory pass gave.

The oracle is computed here from the results themselves (``on_outcome``): the articles in
input order, :func:`remove_repeated` over them, :func:`to_dataframe`; the run instead
stores each result as it comes (an ephemeral store without state), drops it, and writes
``-o``, ``--jsonl``, ``--errors`` and ``--audit`` from the store at the end.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from newsclean import pipeline
from newsclean.cleaners.repeated import remove_repeated
from newsclean.config import RunConfig, load_config
from newsclean.corpus import export as corpus_export
from newsclean.corpus.export import read_csv
from newsclean.corpus.schema import COLUMNS, printable, site_of, to_dataframe
from newsclean.records import Article, Failure, Skip
from tests.conftest import FIXTURES, newsclean

MORE = "Read more of our coverage of the city council and its budget on the city page."
PLUG = "Sign up for our daily brief and get the top stories in your inbox every morning."
STORY = ["The council voted on Tuesday to close the old bridge for repairs that will take "
         "most of the coming year, the mayor said.",
         "Traffic will be sent over the new ring road, which opened in the spring."]


def _page(folder: Path, name: str, url: str, paragraphs: list[str]) -> None:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    (folder / name).write_text(
        f'<html><head><title>Story {name}</title><link rel="canonical" href="{url}"></head>'
        f"<body><article>{body}</article></body></html>", encoding="utf-8")


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """Stories of one site sharing a newsletter line; two pages that claim one canonical
    link with other texts; a page that is nothing but the plug; a page that is no article;
    an empty file; and pages of another site."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(3):
        _page(folder, f"a{i}.html", f"https://a.example/story{i}",
              [f"Story {i}: {STORY[0]}", STORY[1].replace("spring", f"month {i}"), PLUG,
               *([MORE] if i < 2 else [])])
    # MORE is on 3 of the site's 6 page texts: repeated, but on 2 of 5 were the first of
    # these two counted only as an old version of the second (the same id)
    _page(folder, "b_wrong0.html", "https://a.example/same", [f"First of two. {STORY[0]}",
                                                               PLUG, MORE])
    _page(folder, "b_wrong1.html", "https://a.example/same", [f"Second of two. {STORY[0]}",
                                                               PLUG])
    _page(folder, "c_plug.html", "https://a.example/newsletter", [PLUG])
    (folder / "d_nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body>"
                                       "</html>", encoding="utf-8")
    (folder / "e_empty.html").write_bytes(b"")
    for i in range(2):
        _page(folder, f"f{i}.html", f"https://b.example/{i}", [f"Elsewhere {i}. {STORY[1]}"])
    return folder


def _config(pages: Path, out: Path, **more: Any) -> RunConfig:
    return load_config(None, {"inputs": (str(pages),), "workers": 1, "progress": False,
                              "output": out / "c.csv", "audit": out / "audit.csv",
                              "jsonl": out / "c.jsonl", **more})


def _expected(seen: list[Any], config: RunConfig) -> tuple[pd.DataFrame, list[list[str]],
                                                            list[list[str]]]:
    """The corpus, errors and audit rows as the in-memory pass computes them."""
    articles = sorted((o for o in seen if isinstance(o, Article)), key=lambda a: a.index)
    kept, emptied = remove_repeated(articles, lambda a: site_of(a.url),
                                    min_pages=config.clean.repeated_min_pages,
                                    min_share=config.clean.repeated_min_share,
                                    min_words=config.clean.min_words)
    skips = sorted([*(o for o in seen if isinstance(o, Skip)), *emptied], key=lambda s: s.index)
    failures = sorted((o for o in seen if isinstance(o, Failure)), key=lambda f: f.index)
    errors = sorted([(f.index, f.source, f.stage, f.reason, f.message) for f in failures]
                    + [(s.index, s.source, s.stage, s.reason, s.message) for s in skips],
                    key=lambda r: r[0])
    items: list[Article | Skip] = sorted([*kept, *skips], key=lambda a: a.index)
    audit = [[printable(i.source), r.reason, r.text] for i in items for r in i.removals]
    return (to_dataframe(kept), [[printable(c) for c in r[1:]] for r in errors], audit)


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[1:]


def test_a_run_writes_the_rows_the_in_memory_pass_gives(pages: Path, tmp_path: Path) -> None:
    config = _config(pages, tmp_path)
    seen: list[Any] = []
    result = pipeline.run_detailed(config, seen.append)
    corpus, errors, audit = _expected(seen, config)
    assert len(corpus) == 7                                       # the pass ran ...
    assert [str(pages / "a2.html"), "repeated_on_host", PLUG] in audit
    assert [str(pages / "a0.html"), "repeated_on_host", MORE] in audit      # ... at the edge
    assert ["clean", "no_article_text"] in [r[1:3] for r in errors]          # and emptied one
    pd.testing.assert_frame_equal(result.corpus, corpus)
    pd.testing.assert_frame_equal(read_csv(tmp_path / "c.csv"), corpus, check_categorical=False)
    assert _rows(tmp_path / "c.errors.csv") == errors
    assert _rows(tmp_path / "audit.csv") == audit
    assert result.counts["ok"] == 7 and len(result.skips) + len(result.failures) == len(errors)


def test_the_library_counts_the_rows_per_site_and_language(pages: Path, tmp_path: Path) -> None:
    result = pipeline.run_detailed(_config(pages, tmp_path))
    assert result.sites == {"a.example": 5, "b.example": 2}
    assert result.languages == result.corpus["language"].value_counts().to_dict()
    assert sum(result.languages.values()) == 7


def test_jsonl_holds_the_csv_rows_with_lists_and_iso_dates(tmp_path: Path) -> None:
    config = _config(FIXTURES / "seeds", tmp_path)
    pipeline.run_detailed(config, keep=False)
    lines = (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    with open(tmp_path / "c.csv", encoding="utf-8", newline="") as handle:
        cells = list(csv.DictReader(handle))
    assert len(records) == len(cells) > 0
    for record, row in zip(records, cells, strict=True):
        assert list(record) == list(COLUMNS)
        assert isinstance(record["authors"], list) and isinstance(record["word_count"], int)
        assert "; ".join(record["authors"]) == row["authors"]
        for name in ("id", "source", "title", "text", "published", "modified", "site"):
            assert (record[name] or "") == row[name].removeprefix("'"), name
    assert any(r["published"] and "T" in r["published"] for r in records)
    assert all(r[c] != "" for r in records for c in ("published", "modified"))   # null


def test_a_cli_run_keeps_no_corpus_and_leaves_no_temp_store(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    result = pipeline.run_detailed(_config(FIXTURES / "seeds", tmp_path, no_state=True),
                                   keep=False)
    assert result.corpus.empty and list(result.corpus.columns) == list(COLUMNS)
    assert result.counts["ok"] == len(_rows(tmp_path / "c.csv")) > 0
    assert result.state is None and not result.changes
    assert list(temp.iterdir()) == []              # the ephemeral store is gone


def test_dash_o_writes_the_csv_to_stdout_and_logs_to_stderr(tmp_path: Path) -> None:
    to_file = tmp_path / "c.csv"
    common = [sys.executable, "-m", "newsclean", "run", str(FIXTURES / "seeds"), "--no-state",
              "-w", "1"]
    subprocess.run([*common, "-o", str(to_file)], check=True, capture_output=True, cwd=tmp_path)
    piped = subprocess.run([*common, "-o", "-"], check=True, capture_output=True, cwd=tmp_path)
    def without_fetched_at(data: bytes) -> bytes:       # the last column: when read
        return re.sub(rb",\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\r\n", b",T\r\n", data)
    assert without_fetched_at(piped.stdout) == without_fetched_at(to_file.read_bytes())
    assert piped.stdout.count(b"\r\n") > 2
    assert b"articles" in piped.stderr and not (tmp_path / "-").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.csv", "c.errors.csv"]


def test_run_and_export_write_the_same_cells_through_one_writer(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
        ) -> None:
    calls: list[tuple[Path | None, Path | None, Path | None]] = []
    real = corpus_export._open_sinks

    def counted(targets: corpus_export.CorpusTargets, *args: Any) -> Any:
        calls.append((targets.csv, targets.parquet, targets.jsonl))
        return real(targets, *args)

    monkeypatch.setattr(corpus_export, "_open_sinks", counted)
    run_csv, export_csv, state = tmp_path / "run.csv", tmp_path / "export.csv", tmp_path / "s.db"
    code, err = newsclean(capsys, "run", str(FIXTURES / "seeds"), "-o", str(run_csv),
                          "--state", str(state), "-w", "1")
    assert code == 0, err
    code, err = newsclean(capsys, "export", "--state", str(state), "-o", str(export_csv),
                          "--jsonl", str(tmp_path / "export.jsonl"))
    assert code == 0, err
    assert calls == [(run_csv, None, None), (export_csv, None, tmp_path / "export.jsonl")]
    ran = sorted(_rows(run_csv))
    exported = sorted(r[:len(COLUMNS)] for r in _rows(export_csv))
    assert ran == exported and len(ran) > 0
    jsonl = (tmp_path / "export.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["id"] for line in jsonl) == sorted(r[0] for r in ran)
