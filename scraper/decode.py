"""Bytes to text: BOM, then valid UTF-8, then the HTTP header charset, then ``<meta
charset>``, then the code pages of the page's language (``<html lang>``), then a detector
(charset-normalizer). ftfy is not applied here: it belongs to extracted text.

Runs in worker processes (pure CPU, no I/O).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from newsclean.errors import DecodeError, FeedError, PageTooLarge
from newsclean.languages import normalize_language
from newsclean.records import DecodedPage, RawPage
from newsclean.scraper.boms import bom_of
from newsclean.scraper.gunzip import maybe_gunzip
from newsclean.scraper.limits import PAGE_MAX_BYTES

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
#: share of control bytes above which a "text" file is treated as binary
_BINARY_RATIO = 0.10
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
#: cap on a page after inflation (a gzip bomb is stopped there): the one page limit
MAX_INFLATED = PAGE_MAX_BYTES


#: labels read as their superset, as browsers do (WHATWG Encoding Standard)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "shift_jis": "cp932",
              "euc_kr": "cp949", "latin-1": "cp1252", "iso8859-1": "cp1252",
              "ascii": "cp1252", "iso8859-9": "cp1254", "tis-620": "cp874"}


def _lookup(name: str | None) -> str | None:
    """Python codec name for a charset label (superset for legacy labels), or None."""
    if not name:
        return None
    try:
        found = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    return _SUPERSETS.get(found, found)


def _declared(data: bytes, content_type: str | None) -> list[str]:
    """Encodings the page declares: HTTP header first, then ``<meta>``."""
    found: list[str | None] = []
    if content_type:
        header = _HEADER_CHARSET.search(content_type)
        found.append(_lookup(header.group(1)) if header else None)
    meta = _META_CHARSET.search(data[:4096])
    found.append(_lookup(meta.group(1).decode("ascii", "replace")) if meta else None)
    return [name for name in found if name]


def _strict(data: bytes, encoding: str) -> str | None:
    """``data`` decoded with ``encoding``, or None when a byte sequence is invalid."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_best(data: bytes, content_type: str | None) -> tuple[str, str]:
    """Return ``(text, encoding)``, decoding each candidate at most once.

    Order: a BOM; bytes that are valid UTF-8 beyond ASCII (a legacy-encoded page is almost
    never valid UTF-8 by chance, while mislabelled UTF-8 pages are common); the header
    charset, then ``<meta>``, when the bytes decode cleanly with it; then the detector.
    """
    if found := bom_of(data):
        bom, name = found
        return data[len(bom):].decode(name, errors="replace"), name
    if wide := _utf16_without_bom(data):
        return data.decode(wide, errors="replace"), wide
    ascii_only = data.isascii()
    if not ascii_only and (text := _strict(data, "utf-8")) is not None:
        return text, "utf-8"
    if not ascii_only and (text := _utf8_with_strays(data)) is not None:
        return text, "utf-8"
    declared = _declared(data, content_type)
    for name in declared:
        if (text := _strict(data, name)) is not None:
            return text, name
    if ascii_only:
        name = declared[0] if declared else "utf-8"
    elif hinted := _by_language(data):
        return hinted
    else:
        name = _detect(data) or (declared or ["cp1252"])[0]
    return data.decode(name, errors="replace"), name


#: a stray byte in UTF-8 (surrogateescape form) and a run of them
_STRAYS = re.compile("[\udc80-\udcff]+")


def _utf8_with_strays(data: bytes) -> str | None:
    """A page that is UTF-8 but for some stray bytes (a Latin-1 snippet pasted into a UTF-8
    template), decoded as UTF-8 with each stray byte read as windows-1252; None when the
    valid UTF-8 characters beyond ASCII are fewer than the stray bytes (a legacy page, whose
    bytes form valid UTF-8 only by chance)."""
    text = data.decode("utf-8", "surrogateescape")
    strays = sum(len(run) for run in _STRAYS.findall(text))
    wide = sum(1 for c in text if c > "\x7f") - strays
    if wide < 3 or strays > wide:
        return None
    return _STRAYS.sub(lambda m: m.group().encode("utf-8", "surrogateescape")
                       .decode("cp1252", "replace"), text)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 text without a BOM: in the first KiB,
    most bytes on one parity are NUL (ASCII-range text) and almost none on the other."""
    head = data[:1024]
    even, odd = head[0::2], head[1::2]
    if len(odd) < 8:
        return None
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.6 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.6 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


_LANG_ATTR = re.compile(
    rb"""<html\b[^>]*?\b(?:xml:)?lang\s*=\s*["']?\s*([a-z]{2,3})\b"""
    rb"""|<meta[^>]+content-language["']?\s+content\s*=\s*["']?\s*([a-z]{2,3})\b""", re.I)
#: legacy code pages by page language, commonest first: a short page without a declared
#: charset is too little for a detector to tell windows-1250 from windows-1252
_CODEPAGES_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("pl", "cs", "sk", "hu", "sl", "hr", "bs", "ro", "sq"),
                    ("cp1250", "iso8859_2")),
    **dict.fromkeys(("ru", "uk", "bg", "be", "mk", "sr"), ("cp1251", "koi8_r", "koi8_u",
                                                           "iso8859_5")),
    "el": ("cp1253", "iso8859_7"), "tr": ("cp1254", "iso8859_9"),
    "he": ("cp1255", "iso8859_8"),
    "ar": ("cp1256", "iso8859_6"), "fa": ("cp1256",),
    **dict.fromkeys(("lt", "lv", "et"), ("cp1257", "iso8859_13", "iso8859_4")),
    "vi": ("cp1258",), "th": ("cp874",),
}
# Western languages are left to the detector (which prefers windows-1252 anyway): site
# templates often say lang="en" whatever the language of the text, and windows-1252 reads
# any single-byte page as letters, so the hint would turn a Cyrillic page into mojibake.
#: share of the non-ASCII characters that must be letters for a hinted code page to win
_MIN_LETTER_SHARE = 0.9


def _letter_shares(text: str) -> tuple[float, float]:
    """Among the non-ASCII characters: the share that are letters (a wrong code page yields
    symbols, C1 controls and punctuation where the language has letters), and the share of
    those letters in lower case (KOI8-R read as windows-1251 is all letters, but in the
    wrong case: running text is mostly lower case)."""
    wide = [c for c in text if ord(c) > 127]
    letters = [c for c in wide if c.isalpha()]
    if not letters:
        return 0.0, 0.0
    return len(letters) / len(wide), sum(c.islower() for c in letters) / len(letters)


def _by_language(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` from the code pages of the page's declared language (``<html
    lang>``, ``Content-Language`` meta): of those whose non-ASCII characters are nearly all
    letters, the one with most letters, then most lower-case ones (ties: commonest code
    page). None without a known language or a convincing candidate."""
    found = _LANG_ATTR.search(data[:4096])
    if not found:
        return None
    lang = normalize_language((found.group(1) or found.group(2)).decode("ascii"))
    best: tuple[tuple[float, float], str, str] | None = None
    for name in _CODEPAGES_BY_LANGUAGE.get(lang or "", ()):
        text = _strict(data, name)
        if text is None:
            continue
        shares = _letter_shares(text)
        if shares[0] >= _MIN_LETTER_SHARE and (best is None or shares > best[0]):
            best = (shares, text, name)
    return (best[1], best[2]) if best else None


#: single-byte Latin code pages a detector confuses with windows-1252 on short samples
_LATIN_LOOKALIKES = frozenset({"cp1250", "cp1257", "cp775", "cp850", "mac_latin2", "mac_roman",
                               "iso8859_2", "iso8859_4", "iso8859_13", "iso8859_15", "latin_1"})
#: how much more "chaos" windows-1252 may show than the detector's pick and still win
_CP1252_TOLERANCE = 0.2


def _detect(data: bytes) -> str | None:
    """charset-normalizer's pick, with windows-1252 (the web's commonest legacy charset)
    preferred over a lookalike Latin code page that is barely better."""
    matches = list(from_bytes(data[:200_000]))
    if not matches:
        return None
    best = matches[0]
    if best.encoding in _LATIN_LOOKALIKES:
        for match in matches:
            if match.encoding == "cp1252" and match.chaos <= best.chaos + _CP1252_TOLERANCE:
                return "cp1252"
    return str(best.encoding)


#: how binary formats start (images, PDF, archives, compressed data, executables)
_BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04",
                 b"Rar!", b"7z\xbc\xaf", b"BZh", b"\xfd7zXZ", b"\x28\xb5\x2f\xfd", b"\x7fELF",
                 b"RIFF", b"OggS", b"fLaC", b"ID3", b"\x00\x00\x00\x18ftyp",
                 b"\x00\x00\x00\x20ftyp", b"\x1a\x45\xdf\xa3", b"wOFF", b"wOF2")
#: NULs in the first KiB above which it is binary (one stray NUL in a page is not)
_MAX_NULS = 8


def looks_binary(data: bytes) -> bool:
    """True for a known binary format, or when the first KiB has more than a few NULs or
    is mostly control bytes (images, PDFs, archives). UTF-16 without a BOM is text."""
    head = data[:1024]
    if bom_of(head) or _utf16_without_bom(head):
        return False
    if head.startswith(_BINARY_MAGIC) or head.count(0) > _MAX_NULS:
        return True
    controls = sum(head.count(bytes([b])) for b in _CONTROL)
    return bool(head) and controls / len(head) > _BINARY_RATIO



def decode_bytes(data: bytes, content_type: str | None = None, *,
                 max_inflated: int = MAX_INFLATED) -> tuple[str, str]:
    """Decode page bytes to ``(text, encoding)``; raise :class:`DecodeError` on binary or
    empty input, or gzip input that is corrupt, cut short or inflates past ``max_inflated``
    (:class:`PageTooLarge`), whether or not a Content-Encoding said it was gzip.
    Undecodable bytes in an otherwise textual page become U+FFFD."""
    try:
        data = maybe_gunzip(data, max(max_inflated, len(data)), complete=True)
    except FeedError as exc:
        if exc.reason == "too_large":
            raise PageTooLarge(str(exc)) from exc
        raise DecodeError(str(exc)) from exc
    if not data.strip():
        raise DecodeError("empty document")
    if looks_binary(data):
        raise DecodeError("binary content, not a text or HTML page")
    text, encoding = _decode_best(data, content_type)
    if text.count("\ufffd") > max(20, len(text) // 10):
        raise DecodeError(f"undecodable bytes: too many invalid {encoding} sequences")
    return text, encoding


def decode_page(page: RawPage) -> DecodedPage:
    """Decode a :class:`RawPage` into a :class:`DecodedPage`."""
    text, encoding = decode_bytes(page.body, page.content_type)
    return DecodedPage(index=page.index, source=page.source, text=text, url=page.url,
                       is_text=page.is_text, encoding=encoding, fetched_at=page.fetched_at)
