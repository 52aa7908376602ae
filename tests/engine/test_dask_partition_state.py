"""``--engine dask --parquet-dir DIR`` with a state file and ``--audit``, on a real
LocalCluster of 2 workers, against the local engine on the same pages: the same corpus,
counts and state file contents (articles, fingerprints and duplicates, fetch records,
per-site line statistics' decisions), a second run that finds every page unchanged, the
same audit rows, and the progress counts a local run shows."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from newsclean.cleaners.repeated import REASON as REPEATED
from newsclean.config import load_config
from newsclean.corpus.export import CorpusTargets
from newsclean.corpus.partitions import AUDIT, PENDING, read_parts, staging_for
from newsclean.engine.progress import RunProgress
from newsclean.errors import ExportError, StateError
from newsclean.pipeline import RunResult, export_state, run_detailed
from tests.conftest import BENCH, FIXTURES, ROOT, changes
from tests.engine.test_dask_partitions import _by_id, _crawl
from tests.scraper.warc.warcfiles import http_response, record, write

distributed = pytest.importorskip("distributed")


def _story(topic: str, outlet: str, n: int = 7) -> str:
    return ("<html><head><title>" + topic.title() + " | " + outlet + "</title></head><body>"
            "<article><h1>" + topic.title() + "</h1>"
            + "".join(f"<p>Paragraph {i} of a news story about {topic}, told in plain words "
                      f"for readers who follow {topic} closely every week.</p>"
                      for i in range(n))
            + "</article></body></html>")


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    """The fixture pages, a folder with a reprinted story (a duplicate), a WARC of one site
    (a same_url link, a page left too short) and a WARC of another whose pages share a line
    the per-site repeated-line pass removes."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for topic in ("rates", "rain", "rail"):
        (folder / f"{topic}.html").write_text(_story(topic, "Example Times"), encoding="utf-8")
    (folder / "zz_reprint.html").write_text(_story("rates", "Other Paper", n=6),
                                            encoding="utf-8")
    shared = ("The harbour ferry timetable changes with the tides, and the council posts "
              "each new one at the pier.")
    site = write(tmp_path / "site.warc.gz", [
        record(f"https://harbour.example/{topic}",
               http_response(_story(topic, "Harbour Post").replace(
                   "</article>", f"<p>{shared}</p></article>").encode()))
        for topic in ("ferries", "tides", "piers", "gulls", "boats")])
    return [str(FIXTURES / "html"), str(folder), str(_crawl(tmp_path / "crawl.warc.gz")),
            str(site)]


def _run(inputs: list[str], progress: RunProgress | None = None, **options: object
         ) -> RunResult:
    return run_detailed(load_config(None, {"inputs": tuple(inputs), **options}),
                        on_outcome=progress, on_planned=progress.planned if progress else None)


def _local(inputs: list[str], folder: Path, name: str, progress: RunProgress | None = None
           ) -> RunResult:
    return _run(inputs, progress, workers=1, state=folder / "local.db",
                audit=folder / f"local-{name}.audit.csv")


def _dask(inputs: list[str], cluster: distributed.LocalCluster, folder: Path, name: str,
          progress: RunProgress | None = None) -> RunResult:
    return _run(inputs, progress, workers=2, engine="dask",
                scheduler=cluster.scheduler_address, parquet_dir=folder / "parts",
                state=folder / "dask.db", audit=folder / f"dask-{name}.audit.csv")


#: what both state files must hold alike: (query, columns to drop before comparing)
STATE_QUERIES = {
    "articles": "SELECT id, version, content_hash, row_digest, json_extract(row, '$.source'),"
                " json_extract(row, '$.site'), json_extract(row, '$.word_count') "
                "FROM articles ORDER BY id, version",
    "fingerprints": "SELECT id, exact, size, minhash, duplicate_of FROM fingerprints "
                    "ORDER BY id",
    "urls": "SELECT url, body_hash, cleaned_with, last_outcome, failures FROM urls "
            "ORDER BY url",
    "fetches": "SELECT run_id, url, outcome, body_hash, bytes FROM fetches "
               "ORDER BY run_id, url, outcome",
    "failures": "SELECT run_id, source, stage, reason, message FROM failures "
                "ORDER BY run_id, source, reason",
    "removals": "SELECT run_id, reason, lines FROM removals ORDER BY run_id, reason",
    "host_texts": "SELECT ltrim(host, '#'), content_hash, refs FROM host_texts "
                  "ORDER BY 1, 2",
}


def _state(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as db:
        return {name: db.execute(sql).fetchall() for name, sql in STATE_QUERIES.items()}


def _audit(path: Path) -> list[tuple[str, ...]]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return [rows[0], *sorted(map(tuple, rows[1:]))]     # header first, then sorted rows


def test_two_runs_keep_the_local_engine_state_and_corpus(cluster: distributed.LocalCluster,
                                                          inputs: list[str],
                                                          tmp_path: Path) -> None:
    local = _local(inputs, tmp_path, "first")
    on_dask = _dask(inputs, cluster, tmp_path, "first")
    assert len(local.corpus) >= 15 and local.changes["duplicates"] >= 1
    assert local.counts["skip/same_url"] == 1 and local.counts["skip/too_short"] >= 1
    pd.testing.assert_frame_equal(_by_id(read_parts(tmp_path / "parts")), _by_id(local.corpus))
    pd.testing.assert_frame_equal(_by_id(on_dask.corpus), _by_id(local.corpus))
    assert on_dask.counts == local.counts            # outcomes and state/new, duplicates...
    assert [(s.source, s.reason, s.message) for s in on_dask.skips] == \
        [(s.source, s.reason, s.message) for s in local.skips]
    assert _state(tmp_path / "dask.db") == _state(tmp_path / "local.db")
    assert on_dask.state == tmp_path / "dask.db"

    pages = local.changes["new"] + len(local.skips)  # every page that was cleaned
    local_again = _local(inputs, tmp_path, "second")
    dask_again = _dask(inputs, cluster, tmp_path, "second")
    assert local_again.changes["unchanged"] == pages
    assert dask_again.changes == local_again.changes
    assert dask_again.counts == local_again.counts
    assert len(local_again.corpus) == 0 and len(read_parts(tmp_path / "parts")) == 0
    assert _state(tmp_path / "dask.db") == _state(tmp_path / "local.db")


def test_a_changed_page_is_a_new_version_as_locally(cluster: distributed.LocalCluster,
                                                    inputs: list[str], tmp_path: Path) -> None:
    _local(inputs, tmp_path, "first")
    _dask(inputs, cluster, tmp_path, "first")
    folder = Path(inputs[1])
    (folder / "rain.html").write_text(_story("rain", "Example Times", n=9), encoding="utf-8")
    (folder / "river.html").write_text(_story("river", "Example Times"), encoding="utf-8")
    (folder / "rail.html").write_text(_story("rail", "Example Times") + "<!-- cached -->",
                                      encoding="utf-8")      # new bytes, the same article
    local = _local(inputs, tmp_path, "second")
    on_dask = _dask(inputs, cluster, tmp_path, "second")
    assert (local.changes["new"], local.changes["changed"], local.changes["rechecked"]) == \
        (1, 1, 1)
    assert len(local.corpus) == 2                  # -o: this run's new and changed articles
    assert on_dask.changes == local.changes
    pd.testing.assert_frame_equal(_by_id(read_parts(tmp_path / "parts")), _by_id(local.corpus))
    assert _state(tmp_path / "dask.db") == _state(tmp_path / "local.db")


def test_the_audit_holds_the_local_rows(cluster: distributed.LocalCluster, inputs: list[str],
                                        tmp_path: Path) -> None:
    _local(inputs, tmp_path, "first")
    _dask(inputs, cluster, tmp_path, "first")
    local, on_dask = (_audit(tmp_path / f"{n}-first.audit.csv") for n in ("local", "dask"))
    assert local[0] == ["source", "reason", "text"]
    reasons = {row[1].split(":", 1)[0] for row in local[1:]}
    assert REPEATED in reasons and len(reasons) >= 3       # cleaners' and the pass's lines
    assert on_dask == local
    parts = tmp_path / "parts"                 # the audit parts are gone with the staging
    assert not (parts / AUDIT).exists() and not (parts / PENDING).exists()
    assert not staging_for(parts).exists()


def test_progress_counts_what_a_local_run_counts(cluster: distributed.LocalCluster,
                                                 inputs: list[str], tmp_path: Path) -> None:
    shown = {name: RunProgress() for name in ("local", "dask", "local2", "dask2")}
    _local(inputs, tmp_path, "first", shown["local"])
    _dask(inputs, cluster, tmp_path, "first", shown["dask"])
    assert shown["local"].counts["ok"] >= 15
    assert shown["dask"].counts == shown["local"].counts
    assert shown["dask"].done == shown["local"].done
    _local(inputs, tmp_path, "second", shown["local2"])
    _dask(inputs, cluster, tmp_path, "second", shown["dask2"])
    assert shown["dask2"].counts == shown["local2"].counts
    assert set(shown["dask2"].counts) == {"unchanged"}


def test_the_cli_keeps_state_and_writes_the_audit(cluster: distributed.LocalCluster,
                                                  inputs: list[str], tmp_path: Path) -> None:
    def cli(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "newsclean", "run", *inputs,
                               "--engine", "dask", "--scheduler", cluster.scheduler_address,
                               "--parquet-dir", "parts", "--no-progress", *extra],
                              cwd=tmp_path, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})

    first = cli("--audit", "audit.csv", "-o", "corpus.csv")
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "newsclean.db").is_file()           # the CLI's default state file
    new, _changed, _rechecked, _unchanged = changes(first.stderr)
    assert new >= 15 and len(_audit(tmp_path / "audit.csv")) > 10
    second = cli("-o", "again.csv")
    assert second.returncode == 0, second.stderr
    assert changes(second.stderr)[:3] == (0, 0, 0) and changes(second.stderr)[3] >= new
    assert len(read_parts(tmp_path / "parts")) == 0


def test_export_refuses_the_articles_it_holds_no_rows_of(cluster: distributed.LocalCluster,
                                                         inputs: list[str], tmp_path: Path
                                                         ) -> None:
    _dask(inputs, cluster, tmp_path, "first")
    config = load_config(None, {"state": tmp_path / "dask.db"})
    with pytest.raises(StateError, match="--parquet-dir run"):
        export_state(config, CorpusTargets(csv=tmp_path / "all.csv"))
    assert not (tmp_path / "all.csv").exists()


def test_a_run_that_fails_before_its_parts_are_in_place_stores_none_of_its_articles(
        cluster: distributed.LocalCluster, inputs: list[str], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ExportError):              # -o cannot be written: the run fails
        _run(inputs, workers=2, engine="dask", scheduler=cluster.scheduler_address,
             parquet_dir=tmp_path / "parts", state=tmp_path / "dask.db",
             output=blocker / "corpus.csv")
    assert not (tmp_path / "parts").exists() and not staging_for(tmp_path / "parts").exists()
    with sqlite3.connect(tmp_path / "dask.db") as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    local = _local(inputs, tmp_path, "first")
    again = _dask(inputs, cluster, tmp_path, "again")
    assert again.changes["new"] == local.changes["new"] >= 15   # cleaned again, not lost
    assert again.counts["ok"] == local.counts["ok"]
    # the pages skipped while cleaning were stored (unchanged now); the articles' own
    # skips (same_url, emptied by the repeated-line pass) come again with them
    assert again.changes["unchanged"] >= 1
    assert {(s.source, s.reason) for s in again.skips} < {(s.source, s.reason)
                                                          for s in local.skips}
    assert again.counts["skip/same_url"] == local.counts["skip/same_url"] == 1
    pd.testing.assert_frame_equal(_by_id(read_parts(tmp_path / "parts")), _by_id(local.corpus))


def test_state_and_audit_as_locally_on_a_bench_folder(cluster: distributed.LocalCluster,
                                                      tmp_path: Path) -> None:
    folder = BENCH / "l3s-dev" / "html"
    if not folder.is_dir():
        pytest.skip(f"no benchmark folder at {folder}")
    pages = [str(p) for p in sorted(folder.iterdir())[:40]]
    local = _local(pages, tmp_path, "first")
    on_dask = _dask(pages, cluster, tmp_path, "first")
    assert len(local.corpus) >= 30
    pd.testing.assert_frame_equal(_by_id(read_parts(tmp_path / "parts")), _by_id(local.corpus))
    assert on_dask.counts == local.counts
    assert _state(tmp_path / "dask.db") == _state(tmp_path / "local.db")
    audit = _audit(tmp_path / "local-first.audit.csv")
    assert len(audit) > 100                        # the cleaners removed lines on most pages
    assert _audit(tmp_path / "dask-first.audit.csv") == audit
