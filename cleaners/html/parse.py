"""Parse markup once into an lxml tree that the metadata reader, the DOM pruner and the
extractor share. The one place lxml parse errors are mapped to :class:`ExtractError`."""

from __future__ import annotations

import re
from typing import TypeAlias

import lxml.etree
import lxml.html

from newsclean.errors import ExtractError

HtmlTree: TypeAlias = lxml.html.HtmlElement

#: XML declarations (and other ``<?xml...?>`` instructions) at the start of a document,
#: with the whitespace around them: lxml refuses str input that starts with one that
#: names an encoding, and pages (or their concatenated templates) may carry several
_LEADING_DECLARATIONS = re.compile(r"(?:[\s\ufeff]*<\?xml[^>]*>)+\s*", re.IGNORECASE)


def strip_xml_declarations(markup: str) -> str:
    """``markup`` without the XML declarations it starts with: the text is decoded
    already, so their ``encoding`` is spent (and the HTML parser ignores the rest)."""
    found = _LEADING_DECLARATIONS.match(markup)
    return markup[found.end():] if found else markup


def parse_html(markup: str) -> HtmlTree:
    """Parse an HTML document; raise :class:`ExtractError` when nothing parseable is left."""
    if not markup or not markup.strip():
        raise ExtractError("empty document")
    markup = strip_xml_declarations(markup)
    try:
        tree = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ExtractError(f"unparseable HTML: {exc}") from exc
    if tree is None or len(tree) == 0:
        raise ExtractError("HTML has no elements")
    return tree
