"""Fetching http(s) URLs politely and safely.

- :mod:`.api`               ``fetch_urls`` and ``FetchSettings``: the entry point
- :mod:`.client`            a fetcher kept open for a run (discovery, then the pages)
- :mod:`.core`              the async core: robots, politeness, redirects, retries
- :mod:`.transport`         the httpx boundary: one guarded, bounded GET
- :mod:`.guard`             the SSRF guard
- :mod:`.content_encoding`  bounded Content-Encoding decoders (gzip, deflate, br, zstd)
- :mod:`.robots`            robots.txt per RFC 9309
- :mod:`.politeness`        per-host delays, concurrency and backoff
"""
