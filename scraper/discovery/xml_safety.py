"""XML safety for the source parsers: refuse entity declarations and DTD subsets.

:func:`reject_unsafe_dtd` refuses XML whose prolog declares entities or an internal DTD
subset (billion laughs, XXE). It runs expat over the prolog only, and falls back to a
lexical scan when expat cannot read the document (unknown encoding, broken prolog), since
feedparser's loose parser would still read such a document. Bytes in memory only.
"""

from __future__ import annotations

import re
from xml.parsers import expat

from newsclean.errors import FeedError

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)


class _PrologDone(Exception):
    """Raised from the expat start-element handler: the prolog has been read."""


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
