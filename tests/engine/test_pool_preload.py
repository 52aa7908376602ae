"""The pool's forkserver warms up once: workers fork with the modules and the language
model loaded, before their first page (real worker processes). dateparser's per-language
tables are not built, there or on any page: the date stage never calls dateparser."""

from __future__ import annotations

import sys

import pytest
from dateparser.languages.dictionary import Dictionary

from newsclean.cleaners import language
from newsclean.config import CleanOptions
from newsclean.engine.pool import WorkerPool
from newsclean.engine.worker import _WARM_UP_PAGES, PageResult, process_page, warm_up
from newsclean.records import Article, Failure, RawPage


def _date_tables() -> int:
    """How many languages' split patterns dateparser has built (its own cache)."""
    return sum(len(tables) for tables in Dictionary._split_regex_cache.values())


def report_warmth(batch: list[RawPage], options: CleanOptions) -> list[PageResult]:
    """What the worker had loaded before this page: the model, trafilatura, dateparser's
    tables for (nearly) every language (as a message)."""
    model = language._identifier.cache_info().currsize
    state = (f"model={model} trafilatura={'trafilatura' in sys.modules} "
             f"dates={_date_tables() > 100}")
    return [Failure(page.index, page.source, "extract", "internal_error", state)
            for page in batch]


def test_workers_fork_with_the_model_loaded() -> None:
    results: list[PageResult] = []
    pages = iter([RawPage(i, f"p{i}", b"<p>x</p>") for i in range(4)])
    with WorkerPool(2, CleanOptions(), 60.0, report_warmth) as pool:
        pool.run(pages, results.append)
    assert sorted(r.source for r in results) == ["p0", "p1", "p2", "p3"]
    assert {r.message for r in results if isinstance(r, Failure)} == {
        "model=1 trafilatura=True dates=False"}


def test_warm_up_loads_the_model_and_builds_no_date_tables() -> None:
    before = _date_tables()
    warm_up()
    assert language._identifier.cache_info().currsize == 1
    assert _date_tables() == before


@pytest.mark.parametrize("body", _WARM_UP_PAGES)
def test_each_warm_up_page_is_an_article(body: bytes) -> None:
    assert isinstance(process_page(RawPage(0, "w", body), CleanOptions()), Article)


def test_the_forkserver_ignores_ctrl_c_while_it_warms_up() -> None:
    # Ctrl-C goes to the whole process group; the forkserver ignores SIGINT only after
    # its preloading, so a Ctrl-C during the warm-up printed a traceback from it
    import subprocess

    probe = ("import signal\n"
             "import newsclean.engine.worker as worker\n"
             "worker.warm_up = lambda: print(signal.getsignal(signal.SIGINT) is signal.SIG_IGN)\n"
             "import newsclean.engine.preload\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "True", done.stderr
