"""Running the per-page work: the worker boundary and the engines that drive it.

- :mod:`.worker`    one page, decode -> clean; nothing escapes it
- :mod:`.local`     the local process pool
- :mod:`.progress`  progress on stderr (rich on a terminal, plain lines under cron)
"""
