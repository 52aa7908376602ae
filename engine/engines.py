"""The engines of the CPU stage behind one signature, chosen by name (``engine = ...``).

An engine takes the run's pages (and failures, handed through), cleans every page and
calls ``on_outcome`` in this process once per result. ``local`` is the process pool of
:mod:`newsclean.engine.local` (the default); ``dask`` runs batches on a Dask cluster
(:mod:`newsclean.engine.dask_engine`). Another engine (e.g. Ray) is one more module and one
more entry in :data:`ENGINES`; the names are also listed in :data:`newsclean.config.ENGINES`
for validating the configuration (a test keeps the two lists equal).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from newsclean.config import CleanOptions
from newsclean.engine.local import OnOutcome, run_local
from newsclean.errors import ConfigError
from newsclean.records import Failure, RawPage


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """What every engine is told besides the pages: how many workers, the CPU deadline
    per page, and a cluster's scheduler address (``dask``; None: start a local one)."""

    workers: int
    page_timeout: float
    scheduler: str | None = None


Engine = Callable[[Iterable[RawPage | Failure], CleanOptions, OnOutcome, EngineSettings], None]


def _local(items: Iterable[RawPage | Failure], options: CleanOptions, on_outcome: OnOutcome,
           settings: EngineSettings) -> None:
    run_local(items, options, settings.workers, on_outcome, page_timeout=settings.page_timeout)


def _dask(items: Iterable[RawPage | Failure], options: CleanOptions, on_outcome: OnOutcome,
          settings: EngineSettings) -> None:
    try:
        from newsclean.engine.dask_engine import run_dask
    except ImportError as exc:
        raise _no_dask(exc) from exc
    run_dask(items, options, settings.workers, on_outcome, scheduler=settings.scheduler,
             page_timeout=settings.page_timeout)


def require_dask() -> None:
    """A ConfigError saying what to install when Dask's distributed is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise _no_dask(exc) from exc


def _no_dask(exc: ImportError) -> ConfigError:
    return ConfigError(f"engine dask needs Dask's distributed package ({exc.name} is not "
                       "installed): pip install 'newsclean[dask]'")


ENGINES: dict[str, Engine] = {"local": _local, "dask": _dask}


def run_engine(name: str, items: Iterable[RawPage | Failure], options: CleanOptions,
               on_outcome: OnOutcome, settings: EngineSettings) -> None:
    """Clean ``items`` on the engine called ``name``."""
    ENGINES[name](items, options, on_outcome, settings)
