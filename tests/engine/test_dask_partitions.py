"""``--engine dask --parquet-dir DIR`` on a real LocalCluster of 2 workers: the workers
write the corpus as parts, the client the manifest and ``_SUCCESS``; the rows and values
are the local engine's, with the per-site repeated-line pass and the same-URL duplicates
decided as locally."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pandas as pd
import pytest

from newsclean.cleaners.repeated import text_line_keys
from newsclean.config import CleanOptions, load_config
from newsclean.corpus.export import read_csv, read_parquet
from newsclean.corpus.partition_pass import (
    PartDone,
    clean_batch,
    hold_notes,
    plan_parts,
    write_batch_part,
)
from newsclean.corpus.partitions import (
    MANIFEST,
    PENDING,
    SUCCESS,
    check_target,
    commit,
    iter_parts,
    read_parts,
    staging_for,
    start,
    write_part,
)
from newsclean.corpus.schema import COLUMNS
from newsclean.corpus.state.recorder import RunRecorder
from newsclean.corpus.state.store import StateStore
from newsclean.engine.dask_engine import run_dask_passes
from newsclean.engine.local import run_local
from newsclean.engine.worker import PageResult
from newsclean.errors import ConfigError
from newsclean.pipeline import RunResult, _hashed_row_pass, run_detailed
from newsclean.records import Article, Failure, RawPage
from tests.conftest import BENCH, FIXTURES, ROOT
from tests.engine.crashy import slow_batch
from tests.scraper.warc.warcfiles import http_response, record, write

distributed = pytest.importorskip("distributed")


def _run(inputs: list[str], **options: object) -> RunResult:
    return run_detailed(load_config(None, {"inputs": tuple(inputs), **options}))


def _by_id(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` sorted by id, without ``fetched_at`` (when each page was read)."""
    return frame.drop(columns="fetched_at").sort_values("id").reset_index(drop=True)


def _both(inputs: list[str], cluster: distributed.LocalCluster, folder: Path
          ) -> tuple[RunResult, RunResult]:
    local = _run(inputs, workers=1)
    on_dask = _run(inputs, workers=2, engine="dask", scheduler=cluster.scheduler_address,
                   parquet_dir=folder)
    return local, on_dask


def test_the_parts_hold_the_local_corpus_on_the_fixtures(cluster: distributed.LocalCluster,
                                                         tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    local, on_dask = _both([str(FIXTURES / "html"), str(FIXTURES / "seeds")], cluster, folder)
    parts = json.loads((folder / MANIFEST).read_text())["parts"]
    assert len(parts) >= 2                   # several tasks wrote a part each
    assert [p["rows"] for p in parts] == [len(read_parquet(folder / p["file"])) for p in parts]
    assert (folder / SUCCESS).is_file() and not staging_for(folder).exists()
    assert len(local.corpus) >= 10
    pd.testing.assert_frame_equal(_by_id(read_parts(folder)), _by_id(local.corpus))
    pd.testing.assert_frame_equal(_by_id(on_dask.corpus), _by_id(local.corpus))
    assert on_dask.counts == local.counts
    assert [(s.source, s.reason) for s in on_dask.skips] == \
        [(s.source, s.reason) for s in local.skips]


def test_the_parts_are_typed_as_the_local_parquet_export(cluster: distributed.LocalCluster,
                                                         tmp_path: Path) -> None:
    _run([str(FIXTURES / "html")], workers=1, parquet=tmp_path / "local.parquet")
    _run([str(FIXTURES / "html")], workers=2, engine="dask",
         scheduler=cluster.scheduler_address, parquet_dir=tmp_path / "parts")
    import pyarrow.parquet as pq

    local_schema = pq.read_schema(tmp_path / "local.parquet")
    for part in iter_parts(tmp_path / "parts"):
        assert list(part.columns) == list(COLUMNS)
    first = json.loads((tmp_path / "parts" / MANIFEST).read_text())["parts"][0]["file"]
    assert pq.read_schema(tmp_path / "parts" / first).remove_metadata() == \
        local_schema.remove_metadata()


def _crawl(path: Path) -> Path:
    """Six articles of one site sharing a newsletter line (repeated-line pass), the first
    also reached again through a tracking-parameter URL (same_url), and one page whose
    only text beside the shared line is too short once that line goes."""
    shared = ("Sign up for our morning newsletter to get the best of the newsroom in your "
              "inbox every single day of the week.")
    stories = [f"Story {n} about the council budget, the bridge works and the library, "
               f"told with details only story {n} has: {'word ' * (8 + n)}." for n in range(6)]

    def body(title: str, paragraphs: list[str]) -> bytes:
        ps = "".join(f"<p>{p}</p>" for p in paragraphs)
        return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
                f"{ps}</article></body></html>").encode()

    records = [record(f"https://news.example/story-{n}",
                      http_response(body(f"Story {n}", [text, shared])))
               for n, text in enumerate(stories)]
    records.append(record("https://news.example/story-0?utm_source=feed",
                          http_response(body("Story 0", [stories[0], shared]))))
    records.append(record("https://news.example/brief",
                          http_response(body("Brief", ["Short note.", shared]))))
    return write(path, records)


def test_repeated_lines_and_same_url_as_the_local_engine(cluster: distributed.LocalCluster,
                                                         tmp_path: Path) -> None:
    warc = _crawl(tmp_path / "crawl.warc.gz")
    local, on_dask = _both([str(warc)], cluster, tmp_path / "corpus")
    assert local.counts["skip/same_url"] == 1
    assert not any("newsletter" in text for text in local.corpus["text"])   # the pass ran
    pd.testing.assert_frame_equal(_by_id(on_dask.corpus), _by_id(local.corpus))
    assert on_dask.counts == local.counts
    assert [(s.source, s.reason, s.message) for s in on_dask.skips] == \
        [(s.source, s.reason, s.message) for s in local.skips]


def test_dask_gives_the_local_parts_on_a_bench_folder(cluster: distributed.LocalCluster,
                                                      tmp_path: Path) -> None:
    folder = BENCH / "l3s-dev" / "html"
    if not folder.is_dir():
        pytest.skip(f"no benchmark folder at {folder}")
    pages = [str(p) for p in sorted(folder.iterdir())[:40]]
    local, on_dask = _both(pages, cluster, tmp_path / "corpus")
    assert len(local.corpus) >= 30
    pd.testing.assert_frame_equal(_by_id(read_parts(tmp_path / "corpus")), _by_id(local.corpus))
    assert on_dask.counts == local.counts


def test_the_cli_streams_its_csv_from_the_parts(cluster: distributed.LocalCluster,
                                                tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "newsclean", "run", str(FIXTURES / "html"),
                           "--engine", "dask", "--scheduler", cluster.scheduler_address,
                           "--parquet-dir", "parts",
                           "-o", "corpus.csv", "--no-progress"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "newsclean.db").is_file()         # it keeps state, as other CLI runs
    from_csv = read_csv(tmp_path / "corpus.csv")
    pd.testing.assert_frame_equal(from_csv, read_parts(tmp_path / "parts"))
    assert (tmp_path / "corpus.errors.csv").is_file()


def test_an_unfinished_corpus_is_never_in_place(tmp_path: Path) -> None:
    target = tmp_path / "corpus"
    staging = start(target)
    write_part(staging, 0, [])
    assert not target.exists()             # killed here: nothing looks like a corpus
    commit(staging, target, {0: 0})
    assert (target / SUCCESS).is_file() and not staging.exists()
    again = start(target)                  # a second run replaces the first only at commit
    assert (target / SUCCESS).is_file()
    commit(again, target, {})
    assert json.loads((target / MANIFEST).read_text())["parts"] == []


def test_a_folder_that_is_no_corpus_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ConfigError, match="other files"):
        check_target(tmp_path)
    with pytest.raises(ConfigError, match="is a file"):
        check_target(tmp_path / "notes.txt")


def test_parquet_dir_needs_the_dask_engine() -> None:
    with pytest.raises(ConfigError, match="--engine dask"):
        load_config(None, {"inputs": ("x",), "parquet_dir": "parts"})


def _parts_run(pages: list[RawPage], scheduler: str, target: Path,
               on_started: Callable[[Path], None] | None = None, state: Path | None = None
               ) -> list[PageResult]:
    """The pipeline's two passes on ``pages`` (the slowed task of :mod:`.crashy`, batches of
    2) into ``target``, recorded in the state file ``state`` (or a run's ephemeral store);
    returns the skips and failures. ``on_started`` gets the staging folder once the run
    has begun."""
    staging = start(target)
    if on_started is not None:
        on_started(staging)
    others: list[PageResult] = []
    with (StateStore.ephemeral_store(line_keys=text_line_keys) if state is None else
          StateStore.open(state, line_keys=text_line_keys)) as store:
        recorder = RunRecorder(store, store.begin_run("test"), "test")
        admitted = (page for page in pages if recorder.admit(page))
        done: list[PartDone] = []
        run_dask_passes(admitted, 2, others.append, scheduler=scheduler, batch=2,
                        first=partial(clean_batch, options=CleanOptions(),
                                      staging=str(staging), task=slow_batch,
                                      line_keys=text_line_keys, fingerprints=not store.ephemeral),
                        keep=partial(hold_notes, recorder=recorder),
                        plan=partial(plan_parts, CleanOptions(), recorder),
                        second=partial(write_batch_part, staging=str(staging),
                                       finish=_hashed_row_pass),
                        on_done=lambda _plan, part: done.append(part))
        others.extend(recorder.spool.skips())
    commit(staging, target, {part.number: part.rows for part in done if part.rows})
    return others


@pytest.mark.parametrize("keep_state", [False, True])
def test_a_worker_killed_mid_task_leaves_every_article_once(tmp_path: Path,
                                                           keep_state: bool) -> None:
    files = sorted((FIXTURES / "html").glob("*.html"))[:8]
    pages = [RawPage(index=i, source=f"{path}#{i}", body=path.read_bytes())
             for i, path in enumerate(files * 2)]
    expected: list[PageResult] = []
    run_local(pages, CleanOptions(), 1, expected.append)
    articles = sorted(r.source for r in expected if isinstance(r, Article))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as local_cluster, \
            distributed.Client(local_cluster) as client:
        pids = list(client.run(os.getpid).values())

        def kill_when_busy(staging: Path) -> None:
            def kill() -> None:      # once the first batch is kept, others are in flight
                deadline = time.monotonic() + 60
                while not any((staging / PENDING).glob("batch-*")):
                    assert time.monotonic() < deadline
                    time.sleep(0.02)
                os.kill(pids[0], signal.SIGKILL)
            threading.Thread(target=kill, daemon=True).start()

        killed = tmp_path / "killed"
        state = tmp_path / "state.db" if keep_state else None
        others = _parts_run(pages, local_cluster.scheduler_address, killed, kill_when_busy,
                            state)
        assert pids[0] not in client.run(os.getpid).values()     # it was killed for real
    got = read_parts(killed)
    assert sorted(got["source"]) == articles                      # each article once
    assert list(got["source"]) == [s for s in (p.source for p in pages) if s in articles]
    assert not [r for r in others if isinstance(r, Failure)]
    if state is not None:              # the state file holds each article and page once
        with StateStore.open(state, lock=False) as store:
            stored = store.db.execute("SELECT json_extract(row, '$.source'), version "
                                      "FROM articles").fetchall()
            fetched = store.db.execute("SELECT url FROM fetches WHERE outcome = 'ok'"
                                       ).fetchall()
        assert sorted(source for source, _version in stored) == articles
        assert {version for _source, version in stored} == {1}
        assert sorted(url for (url,) in fetched) == sorted(
            r.source for r in expected if not isinstance(r, Failure))
