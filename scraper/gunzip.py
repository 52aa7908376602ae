"""Inflate gzip bytes already in memory, every member, never past a cap.

:func:`maybe_gunzip` is the one gzip reader for whole documents: local ``.gz`` pages
(:mod:`newsclean.scraper.decode`), feeds and sitemaps (:mod:`newsclean.scraper.discovery`).
Gzip is detected from the magic bytes, not from a file name; inflation goes step by step
through the bounded decoder of :mod:`newsclean.scraper.fetch.content_encoding`, so a gzip
bomb is stopped as soon as the inflated size passes the cap.
"""

from __future__ import annotations

import zlib

from newsclean.errors import FeedError
from newsclean.scraper.fetch.content_encoding import GZIP_MAGIC, STEP, Zlib


def maybe_gunzip(data: bytes, max_bytes: int, *, complete: bool = False) -> bytes:
    """Return ``data``, inflated first if it starts with the gzip magic bytes.

    Every member of a multi-member gzip stream (concatenated ``.gz`` files) is inflated
    and the results are joined; zero padding between members is skipped and trailing
    bytes that are not gzip are ignored. Raises :class:`FeedError` (``too_large``) if the
    input or the total inflated size across all members exceeds ``max_bytes``, or
    (``malformed``) if a gzip member is corrupt or nothing could be inflated from a
    truncated stream. A truncated stream otherwise yields what could be inflated, unless
    ``complete`` (pages: a page cut short is an error, as on the HTTP path).
    """
    if len(data) > max_bytes:
        raise FeedError(f"document is {len(data)} bytes, over the {max_bytes} cap",
                        reason="too_large")
    if not data.startswith(GZIP_MAGIC):
        return data
    inflater = Zlib(gzip=True)
    inflater.feed(data)
    parts: list[bytes] = []
    size = 0
    try:
        while chunk := inflater.read(STEP):
            size += len(chunk)
            if size > max_bytes:
                raise FeedError(f"gzip data inflates beyond {max_bytes} bytes (gzip bomb?)",
                                reason="too_large")
            parts.append(chunk)
    except zlib.error as exc:
        raise FeedError(f"corrupt gzip data: {exc}", reason="malformed") from exc
    if not inflater.eof and (complete or not parts):
        raise FeedError(f"truncated gzip data (cut short after {size} inflated bytes)",
                        reason="malformed")
    return b"".join(parts)

