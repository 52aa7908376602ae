"""Imported once by the worker pool's forkserver (never by anything else): it cleans one
small built-in page there, so the modules, the language model and the compiled patterns
are loaded before any worker is forked, and every worker starts warm instead of repeating
that second of warm-up (see :func:`newsclean.engine.worker.warm_up`)."""

from __future__ import annotations

from newsclean.engine.worker import warm_up

warm_up()
