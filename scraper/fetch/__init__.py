"""Fetching http(s) URLs politely and safely.

- :mod:`.run`               the sync facade: ``FetchRun`` (one run: discovery, then the
                            pages) and ``fetch_urls`` (a run that only fetches pages)
- :mod:`.settings`          ``FetchSettings``: every knob of a run, frozen
- :mod:`.core`              the async core: robots, politeness, redirects, retries
- :mod:`.retry`             the retry policy: what is retried, how often, how long to wait
- :mod:`.transport`         the httpx boundary: one guarded, bounded GET
- :mod:`.guard`             the SSRF guard
- :mod:`.content_encoding`  bounded Content-Encoding decoders (gzip, deflate, br, zstd)
- :mod:`.robots`            robots.txt per RFC 9309
- :mod:`.politeness`        per-host delays, concurrency and giving up
"""
