"""Imported once by the worker pool's forkserver (never by anything else): it cleans one
small built-in page there, so the modules, the language model and the compiled patterns
are loaded before any worker is forked, and every worker starts warm instead of repeating
that second of warm-up (see :func:`newsclean.engine.worker.warm_up`).

Ctrl-C reaches the whole process group, the forkserver too. The forkserver ignores SIGINT
only once its preloading is done, so one pressed during this warm-up would print a
KeyboardInterrupt traceback from it: it is ignored from here on (the main process stops
the run; workers, forked from here, ignore it too)."""

from __future__ import annotations

import signal

from newsclean.engine.worker import warm_up

signal.signal(signal.SIGINT, signal.SIG_IGN)
warm_up()
