"""What only multi-member gzip has: zero padding between members and trailing junk.

The checks gzip shares with zstd (every member decoded, caps on the total, boundaries
across network writes, many tiny members, a corrupt member) are in
``test_multipart_bodies.py``.
"""

from __future__ import annotations

import gzip

from newsclean.scraper.fetch.content_encoding import BodyLimiter
from tests.scraper.fetch.server import HTML

MAX = 1_000_000
FIRST, SECOND = HTML[:40], HTML[40:]


def test_limiter_skips_zero_padding_and_ignores_trailing_junk() -> None:
    body = gzip.compress(FIRST) + b"\0" * 10 + gzip.compress(SECOND) + b"<trailing junk>"
    limiter = BodyLimiter("u", "gzip", MAX)
    for start in range(0, len(body), 5):
        limiter.feed(body[start:start + 5])
    assert limiter.body() == HTML
