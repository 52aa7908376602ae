"""newsclean: fetch noisy news pages, strip the junk, export a clean corpus.

Everything installs under this one name. In the source tree the stage packages sit at
the top of the repository (``scraper/``, ``cleaners/``, ``corpus/``, ``engine/`` and
``pipeline.py``, the design card's layout); ``newsclean/`` links to them, so they import
as ``newsclean.scraper``, ``newsclean.cleaners`` and so on, in the tree and installed.

This module itself is the shared core's front door: the records passed between stages
(:mod:`newsclean.records`), the exception tree (:mod:`newsclean.errors`), the closed sets
of outcomes (:mod:`newsclean.outcomes`), the run configuration (:mod:`newsclean.config`)
and what more than one stage needs: dates (:mod:`newsclean.dates`), language codes
(:mod:`newsclean.languages`) and URLs (:mod:`newsclean.urls`). It imports no stage; :func:`run`,
:func:`run_detailed` and :func:`export` are loaded from :mod:`newsclean.pipeline` on
first use::

    import newsclean
    df = newsclean.run(["fixtures/"])          # typed pandas DataFrame
"""

from __future__ import annotations

import importlib
import types
from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "export", "load_config", "run", "run_detailed"]

_FROM_PIPELINE = {"run", "run_detailed", "export"}


def __getattr__(name: str) -> Any:
    if name in _FROM_PIPELINE:
        from newsclean import pipeline

        return getattr(pipeline, name)
    if name == "load_config":
        from newsclean.config import load_config

        return load_config
    raise AttributeError(f"module 'newsclean' has no attribute {name!r}")


class _LazyModule(types.ModuleType):
    """Stands for a module that is imported when one of its attributes is first read."""

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self.__name__), attr)


def lazy_module(name: str) -> Any:
    """The module ``name``, imported on first use rather than now: ``newsclean --help``, a
    usage error and a small run need no pandas, pyarrow, datasketch or trafilatura. Modules
    write ``pd = lazy_module("pandas")`` (and ``import pandas as pd`` under
    ``TYPE_CHECKING`` for the type checker)."""
    return _LazyModule(name)
