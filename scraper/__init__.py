"""Fetchers: read local files and fetch URLs, then decode bytes to text.

``scraper`` never imports ``cleaners``: it hands :class:`~newsclean.records.RawPage`
and :class:`~newsclean.records.DecodedPage` records to the next stage.

- :mod:`.sources`    what the user typed (paths, URL lists) to items
- :mod:`.fetch`      fetching http(s) URLs politely and safely
- :mod:`.discovery`  feeds, sitemaps and sites to page URLs
- :mod:`.decode`     bytes to text (charset)
- :mod:`.gunzip`     gzip documents in memory, capped (pages, feeds, sitemaps)
- :mod:`.boms`       the byte order marks: decoding and sniffing
"""
