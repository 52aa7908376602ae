"""Cleaners: pure functions from markup or text to a clean article and its metadata.

No network, no disk: everything here runs unchanged in a worker process or a Dask task.
Every removal is a :class:`~newsclean.records.Removal` carrying its reason.

- :mod:`cleaners.page`        one page start to finish (``clean_page``)
- :mod:`cleaners.html_doc`    the one shared lxml parse
- :mod:`cleaners.metadata`    title, authors, dates and more from structured data and bylines
- :mod:`cleaners.html_prune`  boilerplate blocks removed from the DOM before extraction
- :mod:`cleaners.extract`     main text (trafilatura underneath)
- :mod:`cleaners.text_rules`  line rules for junk that survives (share counts, tickers, credits)
- :mod:`cleaners.normalize`   mojibake, NFC, whitespace, repeated lines
- :mod:`cleaners.language`    ISO 639-1 language of the text
- :mod:`cleaners.repeated`    per-host repeated-line mining across a batch
"""
