"""Cleaners: pure functions from markup or text to a clean article and its metadata.

No network, no disk: everything here runs unchanged in a worker process or a Dask task.
Every removal is a :class:`~newsclean.records.Removal` carrying its reason.

- :mod:`.page`       one page start to finish (``clean_page``)
- :mod:`.html`       parse, prune, extract the body, put back the lede
- :mod:`.meta`       title, authors, dates and more from structured data and bylines
- :mod:`.text`       line rules for junk that survives (share counts, tickers, credits)
- :mod:`.normalize`  mojibake, NFC, whitespace, repeated lines
- :mod:`.language`   ISO 639-1 language of the text
- :mod:`.repeated`   per-host repeated-line mining across a batch
"""
