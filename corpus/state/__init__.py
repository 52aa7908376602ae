"""The state store: one SQLite file that makes scheduled runs incremental and crash-safe.

- :mod:`.schema`  the tables, the schema version and its migrations
- :mod:`.lock`    one run at a time on a state file (a lock a killed run cannot leave stuck)
- :mod:`.store`   :class:`~.store.StateStore`: runs, fetch history, articles with versions
- :mod:`.export`  the cumulative corpus streamed into CSV and Parquet
- :mod:`.status`  what `newsclean status` shows
"""

from newsclean.corpus.state.store import ArticleChange, StateStore, Validators

__all__ = ["ArticleChange", "StateStore", "Validators"]
