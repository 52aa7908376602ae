"""The cumulative export streams from a real state file into CSV and Parquet."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from newsclean.corpus.export import CorpusTargets, read_csv
from newsclean.corpus.schema import COLUMNS, STATE_COLUMNS, article_row
from newsclean.corpus.state import StateStore
from newsclean.corpus.state.export import Selection, export_cumulative
from newsclean.errors import ExportError
from newsclean.records import Article, PageMetadata


def out_to(path: Path) -> CorpusTargets:
    return CorpusTargets(csv=path)


T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


class Clock:
    now = T0

    def __call__(self) -> datetime:
        return self.now


def article(i: int, text: str | None = None, site: str = "a.example") -> dict[str, object]:
    meta = PageMetadata(title=f"=Story {i}", authors=("Ann Lee",),
                        published="2026-11-30T10:00:00+01:00", tags=("x",), paywalled=bool(i % 2))
    return article_row(Article(i, f"https://{site}/{i}", f"https://{site}/{i}",
                               text or f"Body of story {i}.", meta, "en"))


@pytest.fixture
def store(tmp_path: Path):
    clock = Clock()
    with StateStore.open(tmp_path / "state.db", clock=clock) as store:
        run = store.begin_run("cfg")
        with store.transaction():
            for i in range(2345):
                store.save_article(run, article(i, site="b.example" if i % 3 == 0 else
                                                "a.example"))
        clock.now = T0 + timedelta(days=1)
        store.save_article(run, article(7, "Corrected body of story 7."))
        yield store


def test_csv_and_parquet_hold_the_latest_version_of_each_article(store, tmp_path: Path) -> None:
    csv_path, parquet_path = tmp_path / "all.csv", tmp_path / "all.parquet"
    count = export_cumulative(store, CorpusTargets(csv=csv_path, parquet=parquet_path),
                              chunk=500)
    assert count == 2345
    from_csv = read_csv(csv_path)
    from_parquet = pd.read_parquet(parquet_path)
    for frame in (from_csv, from_parquet):
        assert tuple(frame.columns) == (*COLUMNS, *STATE_COLUMNS)
        assert len(frame) == 2345 and frame["id"].is_unique
        seven = frame[frame["source"] == "https://a.example/7"].iloc[0]
        assert seven["version"] == 2 and seven["text"] == "Corrected body of story 7."
        assert seven["first_seen"] == pd.Timestamp(T0)
        assert str(frame["published"].dtype) == "datetime64[ns, UTC]"
        assert frame["site"].dtype == "category" and frame["version"].dtype == "int64"
    assert from_csv["title"].iloc[0].startswith("=Story")          # guard undone on read
    assert csv_path.read_bytes().count(b"\r\nid,source,") == 0      # one header, at the top
    assert csv_path.read_bytes().startswith(b"id,source,")


def test_state_times_are_written_like_the_other_dates(store, tmp_path: Path) -> None:
    csv_path, jsonl_path = tmp_path / "all.csv", tmp_path / "all.jsonl"
    export_cumulative(store, CorpusTargets(csv=csv_path, jsonl=jsonl_path),
                      selection=Selection(site="a.example"))
    row = next(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    record = json.loads(jsonl_path.read_text(encoding="utf-8").splitlines()[0])
    for cells in (row, record):
        assert cells["first_seen"] == "2026-12-01T08:00:00Z"       # UTC, whole seconds, Z
        assert cells["published"] == "2026-11-30T09:00:00Z"        # the same form
        assert cells["last_seen"].endswith("Z") and "+" not in cells["last_seen"]


def test_selection_by_change_time_site_and_all_versions(store, tmp_path: Path) -> None:
    out = tmp_path / "sel.csv"
    assert export_cumulative(store, CorpusTargets(csv=out),
                             selection=Selection(changed_since=T0 + timedelta(hours=1))) == 1
    assert list(read_csv(out)["version"]) == [2]
    b_count = sum(1 for i in range(2345) if i % 3 == 0)
    assert export_cumulative(store, out_to(out), selection=Selection(site="b.example")) == b_count
    assert export_cumulative(store, out_to(out), selection=Selection(all_versions=True)) == 2346


def test_an_empty_selection_writes_the_header(store, tmp_path: Path) -> None:
    out = tmp_path / "none.csv"
    assert export_cumulative(store, out_to(out), selection=Selection(site="nowhere")) == 0
    assert out.read_bytes().decode("utf-8").split("\r\n") == [
        ",".join((*COLUMNS, *STATE_COLUMNS)), ""]


def test_a_failed_export_leaves_the_previous_file(store, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "keep.csv"
    out.write_text("previous complete export\n", encoding="utf-8")
    from newsclean.corpus.state import export as state_export

    def broken(*args, **kwargs):
        yield from ()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(state_export, "corpus_frames", broken)
    with pytest.raises(ExportError, match="No space left"):
        export_cumulative(store, CorpusTargets(csv=out))
    assert out.read_text(encoding="utf-8") == "previous complete export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".keep")] == []


def test_export_to_stdout_ends_quietly_when_the_reader_stops(store, tmp_path: Path) -> None:
    # `newsclean export -o - | head`: a real subprocess whose reader closes the pipe early
    proc = subprocess.Popen([sys.executable, "-m", "newsclean", "export", "--state",
                             str(store.path), "-o", "-"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=tmp_path)
    assert proc.stdout is not None and proc.stderr is not None
    head = proc.stdout.read(200)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 0, err
    assert head.startswith(b"id,source,url,title") and "error" not in err
