"""Safety helpers shared by the source parsers (feeds, sitemaps, discovery).

Everything here works on bytes already in memory: no network, no disk.

- :func:`maybe_gunzip` inflates gzip payloads, every member of a multi-member stream
  (detected from the magic bytes, not from a file name), with a hard cap on the total
  inflated size, so a gzip bomb is stopped early.
- :func:`reject_unsafe_dtd` refuses XML whose prolog declares entities or an internal DTD
  subset (billion laughs, XXE). It runs expat over the prolog only, and falls back to a
  lexical scan when expat cannot read the document (unknown encoding, broken prolog), since
  feedparser's loose parser would still read such a document.
- :func:`absolute_url` resolves a link against a base and keeps only http(s) URLs.
"""

from __future__ import annotations

import re
import zlib
from urllib.parse import urljoin, urlsplit
from xml.parsers import expat

from newsclean.errors import FeedError
from newsclean.scraper.fetch.content_encoding import GZIP_MAGIC, STEP, Zlib

#: longest URL kept from a feed, sitemap or page; longer ones are dropped as junk
MAX_URL_LENGTH = 4096
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)


class _PrologDone(Exception):
    """Raised from the expat start-element handler: the prolog has been read."""


def maybe_gunzip(data: bytes, max_bytes: int) -> bytes:
    """Return ``data``, inflated first if it starts with the gzip magic bytes.

    Every member of a multi-member gzip stream (concatenated ``.gz`` files) is inflated
    and the results are joined; zero padding between members is skipped and trailing
    bytes that are not gzip are ignored. Raises :class:`FeedError` (``too_large``) if the
    input or the total inflated size across all members exceeds ``max_bytes``, or
    (``malformed``) if a gzip member is corrupt or nothing could be inflated from a
    truncated stream. A truncated stream otherwise yields what could be inflated.
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
    if not parts and not inflater.eof:
        raise FeedError("truncated gzip data", reason="malformed")
    return b"".join(parts)


def strip_bom(data: bytes) -> bytes:
    """Drop a UTF-8 BOM and leading ASCII whitespace (for sniffing, not for decoding)."""
    if data.startswith(_BOMS[0]):
        data = data[3:]
    return data.lstrip()


def reject_unsafe_dtd(data: bytes, *, allow_doctype: bool) -> None:
    """Raise :class:`FeedError` (``unsafe_xml``) if ``data`` declares entities.

    Refused: any ``<!ENTITY`` declaration and any DOCTYPE with an internal subset
    (``<!DOCTYPE x [ ... ]>``). A bare DOCTYPE with only an external identifier (RSS 0.91's
    Netscape DOCTYPE) is accepted when ``allow_doctype`` is true: nothing loads external
    DTDs here (expat does not, feedparser strips the DOCTYPE). With ``allow_doctype`` false,
    any DOCTYPE is refused.
    """
    parser = expat.ParserCreate()

    def on_doctype(name: str, sysid: str | None, pubid: str | None, subset: int) -> None:
        if subset or not allow_doctype:
            raise FeedError(f"DOCTYPE {name!r} refused (entity bombs, XXE)", reason="unsafe_xml")

    def on_entity(name: str, *args: object) -> None:
        raise FeedError(f"ENTITY declaration {name!r} refused", reason="unsafe_xml")

    def on_start(name: str, attrs: object) -> None:
        raise _PrologDone

    parser.StartDoctypeDeclHandler = on_doctype
    parser.EntityDeclHandler = on_entity
    parser.UnparsedEntityDeclHandler = on_entity
    parser.StartElementHandler = on_start
    try:
        parser.Parse(data, True)
    except _PrologDone:
        return
    except (expat.ExpatError, LookupError, ValueError):
        _lexical_dtd_check(data, allow_doctype=allow_doctype)


def _lexical_dtd_check(data: bytes, *, allow_doctype: bool) -> None:
    """Scan bytes expat could not read; NULs are dropped so UTF-16/32 text matches too."""
    text = data.replace(b"\x00", b"")
    if _ENTITY_DECL.search(text) or _DOCTYPE_SUBSET.search(text):
        raise FeedError("entity declaration or DTD subset refused", reason="unsafe_xml")
    if not allow_doctype and _DOCTYPE.search(text):
        raise FeedError("DOCTYPE refused", reason="unsafe_xml")


def absolute_url(raw: object, base_url: str) -> str | None:
    """Resolve ``raw`` against ``base_url``; return it if it is an http(s) URL, else None."""
    if not isinstance(raw, str):
        return None
    raw = raw.strip()
    if not raw or len(raw) > MAX_URL_LENGTH:
        return None
    try:
        # already absolute (the common case in sitemaps): skip urljoin, which is slow
        absolute = raw[:8].lower().startswith(("http://", "https://"))
        url = raw if absolute else urljoin(base_url, raw)
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def unique(urls: list[str]) -> list[str]:
    """Drop repeated strings, keeping the first occurrence and the order."""
    return list(dict.fromkeys(urls))
