"""Shared test helpers: paths to the project, its fixtures and ../shared/bench."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
BENCH = ROOT.parent / "shared" / "bench"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def bench_dir() -> Path:
    if not (BENCH / "score.py").exists():
        pytest.skip(f"benchmark folder not found at {BENCH}")
    return BENCH
