"""The size limits of local and fetched input, one per kind of input (README "Limits").

A page is at most :data:`PAGE_MAX_BYTES`, however it arrives: a local file (also after
gunzip), a command-line URL, a ``--urls`` line, a feed or sitemap entry; over HTTP the
limit holds after every Content-Encoding and after a gzip body sent without one.
"""

from __future__ import annotations

#: one page, in bytes, after any decompression (the default of FetchSettings.max_bytes)
PAGE_MAX_BYTES = 10_000_000
#: a ``--urls`` file (or pipe)
URL_LIST_MAX_BYTES = 100_000_000
#: one line of a ``--urls`` file
URL_LINE_MAX_BYTES = 65_536
