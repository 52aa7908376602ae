"""The Dask engine on a real LocalCluster: the same corpus as the local engine, and a
worker killed mid-task loses and doubles nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from newsclean import config as config_module
from newsclean.config import CleanOptions, load_config
from newsclean.corpus.export import read_csv
from newsclean.engine.dask_engine import run_dask
from newsclean.engine.engines import ENGINES
from newsclean.engine.local import run_local
from newsclean.engine.worker import PageResult
from newsclean.pipeline import run_detailed
from newsclean.records import Article, RawPage
from tests.conftest import BENCH, FIXTURES, ROOT
from tests.engine.crashy import slow_batch

distributed = pytest.importorskip("distributed")


def corpus(inputs: list[str], **options: object) -> pd.DataFrame:
    """The corpus of ``inputs``, by id, without ``fetched_at`` (when each file was read)."""
    config = load_config(None, {"inputs": tuple(inputs), **options})
    frame = run_detailed(config).corpus
    assert frame["fetched_at"].notna().all()
    return frame.drop(columns="fetched_at").sort_values("id").reset_index(drop=True)


def test_the_engine_names_are_the_ones_the_config_accepts() -> None:
    assert tuple(ENGINES) == config_module.ENGINES


def test_dask_gives_the_local_corpus_on_the_fixtures(cluster: distributed.LocalCluster) -> None:
    inputs = [str(FIXTURES / "html"), str(FIXTURES / "seeds")]
    local = corpus(inputs, workers=1)
    on_dask = corpus(inputs, workers=2, engine="dask", scheduler=cluster.scheduler_address)
    assert len(local) >= 10
    pd.testing.assert_frame_equal(on_dask, local)


def test_dask_gives_the_local_corpus_on_a_bench_folder(cluster: distributed.LocalCluster
                                                        ) -> None:
    folder = BENCH / "l3s-dev" / "html"
    if not folder.is_dir():
        pytest.skip(f"no benchmark folder at {folder}")
    pages = [str(p) for p in sorted(folder.iterdir())[:60]]
    local = corpus(pages, workers=1)
    on_dask = corpus(pages, workers=2, engine="dask", scheduler=cluster.scheduler_address)
    assert len(local) >= 40
    pd.testing.assert_frame_equal(on_dask, local)


def _pages() -> list[RawPage]:
    files = sorted((FIXTURES / "html").glob("*.html")) * 2
    return [RawPage(index=i, source=f"{path}#{i}", body=path.read_bytes())
            for i, path in enumerate(files)]


def test_a_worker_killed_mid_run_loses_and_doubles_nothing() -> None:
    pages = _pages()
    expected: list[PageResult] = []
    run_local(pages, CleanOptions(), 1, expected.append)
    got: list[PageResult] = []
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as local_cluster, \
            distributed.Client(local_cluster) as client:
        pids = list(client.run(os.getpid).values())

        def kill_once(result: PageResult) -> None:
            got.append(result)
            if len(got) == 2:               # batches are in flight on both workers
                os.kill(pids[0], signal.SIGKILL)

        run_dask(pages, CleanOptions(), 2, kill_once, scheduler=local_cluster.scheduler_address,
                 batch=2, task=slow_batch)
        assert pids[0] not in client.run(os.getpid).values()     # it was killed for real
    assert sorted(r.index for r in got) == list(range(len(pages)))
    assert sorted(got, key=lambda r: r.index) == sorted(expected, key=lambda r: r.index)
    assert sum(isinstance(r, Article) for r in got) >= len(pages) // 2


def test_the_cli_runs_on_dask_and_writes_the_local_csv(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "newsclean", "run", str(FIXTURES / "html"),
                           "-o", "dask.csv", "--no-state", "--no-progress", "--engine", "dask",
                           "-w", "2"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    from_cli = read_csv(tmp_path / "dask.csv").sort_values("id").reset_index(drop=True)
    local = corpus([str(FIXTURES / "html")], workers=1)
    assert list(from_cli["id"]) == list(local["id"])
    assert list(from_cli["text"]) == list(local["text"])


def test_an_unknown_engine_is_a_usage_error() -> None:
    from newsclean.errors import ConfigError

    with pytest.raises(ConfigError, match="engine 'spark' is not one of local, dask"):
        load_config(None, {"inputs": ("x",), "engine": "spark"})
