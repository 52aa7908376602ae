"""The metadata room: title, authors, dates and more from structured data and bylines.

- :mod:`.extract`  ``extract_metadata``: every source below, merged with origins
- :mod:`.scan`     one pass over the tree collecting meta tags, ``<time>`` and bylines
- :mod:`.jsonld`   JSON-LD articles
- :mod:`.titles`   choosing and trimming the headline
- :mod:`.authors`  raw bylines to person names
- :mod:`.dates`    publication dates with their offsets
"""
