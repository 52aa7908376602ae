"""Regression floor for the whole pipeline on ../shared/bench (skipped when absent).

Runs the pipeline as a user would (local files, no URLs given) over each benchmark folder,
writes the corpus CSV and scores it with the benchmark's own ``score.py``. The floors sit
a little below the figures measured when they were last raised (see the closing notes and
``python benchmarks/quality.py``); a change that drops below one fails here.
"""

from __future__ import annotations

import pytest

from newsclean import pipeline
from newsclean.config import load_config
from tests.conftest import BENCH, load_bench_scorer

#: figure -> (bound, is_upper_bound). The floors are issue 4's targets (title 0.899 so that
#: 117 of 130 pages, exactly 0.90, passes). Measured 2026-11-25 (benchmarks/quality.py):
#: fundus-dev body F1 0.976, P 0.970, R 0.982, title 0.900, authors 0.936, day 1.000,
#: minute 0.984; leak-dev keep 0.945, leak 0.045. trafilatura alone: F1 0.952, P 0.930,
#: R 0.974, title 0.623, authors 0.809, day 0.984, minute 0.000, keep 0.942, leak 0.104.
FLOORS: dict[str, dict[str, tuple[float, bool]]] = {
    "fundus-dev": {
        "body_f1": (0.970, False), "body_precision": (0.960, False),
        "body_recall": (0.975, False), "title_exact": (0.899, False),
        "authors_f1": (0.90, False), "date_day": (0.985, False), "date_minute": (0.90, False),
    },
    "leak-dev": {"keep_rate": (0.940, False), "leak_rate": (0.050, True)},
}

pytestmark = pytest.mark.bench


@pytest.fixture(scope="module", params=sorted(FLOORS))
def figures(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[str, dict[str, float]]:
    dataset = BENCH / request.param
    if not (dataset / "truth.json").is_file() or not (BENCH / "score.py").is_file():
        pytest.skip(f"benchmark folder not found at {dataset}")
    out = tmp_path_factory.mktemp(request.param) / "corpus.csv"
    config = load_config(None, {"inputs": (str(dataset / "html"),), "output": out,
                                "workers": 2, "progress": False})
    result = pipeline.run_detailed(config)
    pipeline.export(result, config)
    return request.param, load_bench_scorer().score(dataset, out)


def test_quality_floors(figures: tuple[str, dict[str, float]]) -> None:
    name, scores = figures
    misses = []
    for key, (floor, upper) in FLOORS[name].items():
        value = scores[key]
        if (value > floor) if upper else (value < floor):
            misses.append(f"{key} {value:.3f} {'above' if upper else 'below'} {floor:.3f}")
    assert not misses, f"{name}: " + "; ".join(misses)


def test_every_page_has_a_row(figures: tuple[str, dict[str, float]]) -> None:
    name, scores = figures
    assert scores["rows_matched"] == scores["pages"], name
