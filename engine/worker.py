"""The CPU stage a worker process runs for one page: decode -> clean -> Article | Skip,
or a Failure naming the stage and kind. No exception escapes this boundary: one bad page
never stops the run."""

from __future__ import annotations

import logging

from newsclean.cleaners.page import clean_page
from newsclean.config import CleanOptions
from newsclean.errors import DecodeError, NewscleanError
from newsclean.outcomes import ErrorReason, Stage
from newsclean.records import Article, Failure, RawPage, Skip
from newsclean.scraper.decode import decode_page

log = logging.getLogger(__name__)

PageResult = Article | Skip | Failure


def process_page(page: RawPage, options: CleanOptions) -> PageResult:
    """Decode and clean one page."""
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
