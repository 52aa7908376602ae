"""Byte order marks: the one table of them, and what the readers do with one.

:data:`BOMS` maps each BOM to the codec it announces, longest first (the UTF-32-LE BOM
starts with the UTF-16-LE one). Charset decoding (:mod:`newsclean.scraper.decode`) decodes
with it; the source sniffers (feeds, sitemaps, discovery) drop it before looking at the
first bytes. Text-level BOM characters are :mod:`newsclean.cleaners.normalize`'s business.
"""

from __future__ import annotations

import codecs

#: (BOM, Python codec) pairs, longest BOM first
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def bom_of(data: bytes) -> tuple[bytes, str] | None:
    """The ``(BOM, codec)`` that ``data`` starts with, or None."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return bom, codec
    return None


def strip_bom(data: bytes) -> bytes:
    """``data`` without the BOM it starts with (any in :data:`BOMS`)."""
    found = bom_of(data)
    return data[len(found[0]):] if found else data


def sniff_head(data: bytes, size: int = 8192) -> bytes:
    """The first ``size`` bytes as ASCII for sniffing: the BOM dropped, NULs dropped (so
    UTF-16 and UTF-32 markup reads like ASCII), leading whitespace stripped."""
    return strip_bom(data[:size]).replace(b"\x00", b"").lstrip()
