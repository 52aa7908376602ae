"""A task for the engine test: kills its worker process on a page named ``crash``."""

import os

from newsclean.config import CleanOptions
from newsclean.engine.worker import PageResult, process_batch
from newsclean.records import RawPage


def crash_on_marker(batch: list[RawPage], options: CleanOptions) -> list[PageResult]:
    if any(page.source == "crash" for page in batch):
        os._exit(1)
    return process_batch(batch, options)
