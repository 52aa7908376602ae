"""Fetchers: read local files and fetch URLs, then decode bytes to text.

``scraper`` never imports ``cleaners``: it hands :class:`~newsclean.records.RawPage`
and :class:`~newsclean.records.DecodedPage` records to the next stage.
"""
