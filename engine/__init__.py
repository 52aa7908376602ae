"""Running the per-page work: the worker boundary and the engines that drive it.

- :mod:`.worker`    one page, decode -> clean; nothing escapes it
- :mod:`.local`     the local engine: in-process for small runs, else the worker pool
- :mod:`.pool`      worker processes, one page at a time each
- :mod:`.preload`   the forkserver's warm-up (imported there only)
- :mod:`.deadline`  the per-page CPU deadline (``page_timeout``)
- :mod:`.stopping`  SIGTERM as an exception (the CLI), exit codes 130 and 143
- :mod:`.progress`  progress on stderr (rich on a terminal, plain lines under cron)
"""
