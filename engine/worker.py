"""The CPU stage a worker process runs for one page: decode -> clean -> Article | Skip,
or a Failure naming the stage and kind. No exception escapes this boundary: one bad page
never stops the run, and a page that runs past its CPU deadline becomes ``page_timeout``."""

from __future__ import annotations

import logging
from collections.abc import Callable

from newsclean.config import CleanOptions
from newsclean.engine.deadline import PageTimeout, cpu_deadline, kill_after
from newsclean.errors import DecodeError, NewscleanError
from newsclean.outcomes import ErrorReason, Stage
from newsclean.records import Article, Failure, RawPage, Skip

log = logging.getLogger(__name__)

PageResult = Article | Skip | Failure
#: what a worker runs for a batch of pages (``process_batch``; tests pass their own)
Task = Callable[[list[RawPage], CleanOptions], list[PageResult]]


def process_page(page: RawPage, options: CleanOptions) -> PageResult:
    """Decode and clean one page. The cleaners are imported on the first page, not with
    this module: the CLI's start-up (``--help``, usage errors) does not pay for them."""
    from newsclean.cleaners.page import clean_page
    from newsclean.scraper.decode import decode_page

    try:
        decoded = decode_page(page)
    except DecodeError as exc:
        return Failure(page.index, page.source, Stage.DECODE, exc.reason, str(exc))
    try:
        return clean_page(decoded, options)
    except NewscleanError as exc:
        return Failure(page.index, page.source, Stage.EXTRACT, exc.reason, str(exc))
    except Exception as exc:  # noqa: BLE001 - the per-page boundary: record, never crash the run
        log.exception("internal error while cleaning %s", page.source)
        return Failure(page.index, page.source, Stage.EXTRACT, ErrorReason.INTERNAL_ERROR,
                       f"{type(exc).__name__}: {exc}")


def process_batch(pages: list[RawPage], options: CleanOptions) -> list[PageResult]:
    """Process several pages in one task (fewer round trips to the worker)."""
    return [process_page(page, options) for page in pages]


def process_bounded(page: RawPage, options: CleanOptions, page_timeout: float, task: Task,
                    *, hard: bool) -> list[PageResult]:
    """``task`` on one page under the CPU deadline (see :mod:`newsclean.engine.deadline`)."""
    try:
        with cpu_deadline(page_timeout, hard=hard):
            return task([page], options)
    except PageTimeout:
        log.warning("page_timeout: %s still running after %g s of CPU", page.source,
                    page_timeout)
        return [Failure(page.index, page.source, Stage.EXTRACT, ErrorReason.PAGE_TIMEOUT,
                        f"cleaning took more than {page_timeout:g} s of CPU time "
                        "(page_timeout); stopped")]


#: a page that runs every step of the HTML path once: metadata, pruning, trafilatura, the
#: text rules, the language model (the date stage's extensive search reads with
#: newsclean's own parser: no dateparser tables to build)
_WARM_UP_PAGES = (
    b"<html lang='en'><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
    b"<p>By Jane Doe, 2 January 2024</p><p>" + b"The council met on Tuesday to talk. " * 20
    + b"</p></article><nav><a href='/a'>A</a> <a href='/b'>B</a></nav></body></html>",
)


def warm_up(options: CleanOptions | None = None) -> None:
    """Clean the built-in page: imports, the language model and the compiled patterns
    are loaded after this (what a worker's first pages would
    otherwise pay for)."""
    for body in _WARM_UP_PAGES:
        process_page(RawPage(0, "<warm-up>", body), options or CleanOptions())


def killed_for_time(page: RawPage, page_timeout: float) -> Failure:
    """The failure of a page whose worker the kernel killed at the hard CPU bound."""
    return Failure(page.index, page.source, Stage.EXTRACT, ErrorReason.PAGE_TIMEOUT,
                   f"cleaning did not stop at page_timeout ({page_timeout:g} s of CPU "
                   f"time): the worker was killed at {kill_after(page_timeout):g} s and "
                   "replaced")


def worker_crashed(page: RawPage, exitcode: int | None) -> Failure:
    """The failure of a page whose worker died for any other reason."""
    return Failure(page.index, page.source, Stage.EXTRACT, ErrorReason.WORKER_CRASHED,
                   f"the worker process died while cleaning this page (exit code {exitcode}: "
                   "out of memory or a crash in a parser)")
