"""Regression floor for the whole pipeline on ../shared/bench (skipped when absent).

Runs the pipeline as a user would (local files, no URLs given) over each benchmark folder,
writes the corpus CSV and scores it with the benchmark's own ``score.py``. The floors sit
a little below the figures measured when they were last raised (see the closing notes and
``python benchmarks/quality.py``); a change that drops below one fails here.
"""

from __future__ import annotations

import pytest

from benchmarks.quality import page_dated
from newsclean import pipeline
from newsclean.config import load_config
from tests.conftest import BENCH, load_bench_scorer

#: figure -> (bound, is_upper_bound). fundus-dev keeps issue 4's targets (title 0.899 so that
#: 117 of 130 pages, exactly 0.90, passes); the other folders sit just under the figures
#: measured on 2026-12-02 after the link-rule, copyright, repeated-block, byline, title and
#: date changes (benchmarks/quality.py --workers 1, trafilatura 2.3.1 alone beside it, same
#: run, idle machine, commit 41e36d4):
#: fundus-dev F1 0.977 P 0.970 R 0.983, title 0.900, authors 0.936, day 1.000, minute 0.984
#:   (trafilatura F1 0.952 P 0.930 R 0.974, title 0.623, authors 0.809, day 0.984);
#: leak-dev keep 0.948, leak 0.045 (trafilatura 0.942 / 0.104);
#: postlight-dev keep 0.980, title 0.897, authors 0.973, day 0.870, minute 0.361
#:   (trafilatura 0.980 / 0.862 / 0.532 / 0.870 / 0.000);
#: readability-dev F1 0.929 P 0.944 R 0.915, title 0.968, authors 1.000, day 1.000,
#:   minute 1.000 (trafilatura F1 0.942 P 0.943 R 0.940, title 0.806, authors 0.686);
#: l3s-dev F1 0.940 P 0.901 R 0.983, leak 0.113, title 0.874 (trafilatura F1 0.903 P 0.839
#:   R 0.979, leak 0.200, title 0.549); dragnet-dev keep 0.960, leak 0.000 (trafilatura
#:   0.968 / 0.024); htmldate-dev day 0.909 (trafilatura 0.900).
#: dragnet-dev keep raised after the standfirst veto of the token rules (same command,
#: 2026-12-02): keep 0.965, leak 0.000 (trafilatura 0.968 / 0.024); no other figure moved.
#: Raised after the title and date changes of commits a44985e..5cb5fc0 (same command, every
#: other figure unchanged): l3s-dev title 0.920, postlight-dev minute 0.417, htmldate-dev
#: day 0.911.
FLOORS: dict[str, dict[str, tuple[float, bool]]] = {
    "fundus-dev": {
        "body_f1": (0.970, False), "body_precision": (0.960, False),
        "body_recall": (0.975, False), "title_exact": (0.899, False),
        "authors_f1": (0.90, False), "date_day": (0.985, False), "date_minute": (0.90, False),
    },
    "leak-dev": {"keep_rate": (0.940, False), "leak_rate": (0.050, True)},
    "postlight-dev": {
        "keep_rate": (0.975, False), "title_exact": (0.890, False),
        "authors_f1": (0.965, False), "date_day": (0.865, False), "date_minute": (0.410, False),
    },
    "readability-dev": {
        "body_f1": (0.925, False), "body_precision": (0.940, False),
        "body_recall": (0.910, False), "title_exact": (0.960, False),
        "authors_f1": (0.995, False), "date_day": (0.995, False), "date_minute": (0.995, False),
    },
    "l3s-dev": {
        "body_f1": (0.935, False), "body_precision": (0.895, False),
        "body_recall": (0.979, False), "leak_rate": (0.118, True), "title_exact": (0.915, False),
    },
    "dragnet-dev": {"keep_rate": (0.962, False), "leak_rate": (0.005, True)},
    "htmldate-dev": {"date_day": (0.906, False)},
}
#: pages of a folder that may have no row (skipped as too short); every other page must
#: have one. htmldate-dev: 3 pages give fewer than min_words words of article text.
MISSING_ROWS: dict[str, int] = {"htmldate-dev": 3}

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
    scored = page_dated(out, out.with_name("page-dates.csv"))   # the scorer reads page dates
    return request.param, load_bench_scorer().score(dataset, scored)


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
    assert scores["rows_matched"] >= scores["pages"] - MISSING_ROWS.get(name, 0), name
