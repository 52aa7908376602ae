"""Shared test helpers: paths to the project, its fixtures and ../shared/bench."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.scraper.fetch.server import Server

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


def load_bench_scorer() -> ModuleType:
    """The benchmark's own ``score.py`` as a module (call only when ``BENCH`` exists)."""
    spec = importlib.util.spec_from_file_location("bench_score", BENCH / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _own_working_directory(tmp_path_factory: pytest.TempPathFactory,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in a fresh working directory: a CLI run keeps its state file
    (./newsclean.db) there, never in the repository, and no test sees another's state."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


def restore_sigint() -> None:
    """``preexec_fn`` for a child a test sends Ctrl-C to. A shell without job control starts
    background commands with SIGINT ignored (CI may run the suite so), the child inherits
    that, and Python then installs no KeyboardInterrupt handler; a terminal's Ctrl-C would
    reach the child, so the test gives it the default disposition back."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def server() -> Iterator[Server]:
    """A real HTTP server on 127.0.0.1 for one test (routes are set by the test)."""
    srv = Server().start()
    try:
        yield srv
    finally:
        srv.stop()


def newsclean(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the CLI in process: ``(exit code, stderr)``."""
    from newsclean import pipeline

    code = pipeline.main(list(args))
    return code, capsys.readouterr().err


def changes(err: str) -> tuple[int, int, int, int]:
    """``(new, changed, rechecked, unchanged)`` from the summary a CLI run printed."""
    from newsclean.engine.summary import parse_summary

    head = parse_summary(err)["summary"]
    new, changed, rechecked, unchanged = (int(head[k]) for k in (
        "new", "changed", "rechecked", "unchanged"))
    return new, changed, rechecked, unchanged
