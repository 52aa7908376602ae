"""Parse markup once into an lxml tree that the metadata reader, the DOM pruner and the
extractor share. The one place lxml parse errors are mapped to :class:`ExtractError`.

libxml2's own limits (nesting 256 deep, a text node or attribute of 10 MB) are below ours:
a page within the page limit (10 MB, :mod:`newsclean.scraper.limits`) is parsed with
``huge_tree``, so nothing in it is cut; what is left to libxml2 is nesting deeper than
:data:`MAX_DEPTH`, and there the page fails (:class:`PageTooComplex`, ``too_large``)
instead of being kept cut short. A page with more than :data:`MAX_ELEMENTS` tags fails
the same way before it is parsed, so one pathological page cannot run for minutes.
"""

from __future__ import annotations

import re
from typing import TypeAlias

import lxml.etree
import lxml.html

from newsclean.errors import ExtractError, PageTooComplex

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


#: tags (``<name``) a page may have; real news pages have a few thousand
MAX_ELEMENTS = 100_000
#: libxml2's nesting limit with ``huge_tree`` (deeper elements would be dropped)
MAX_DEPTH = 2048
_TAG = re.compile(r"<[A-Za-z]")

#: every element is an :class:`lxml.html.HtmlElement` (comments, processing instructions
#: and entities their lxml.html classes), chosen in C: lxml.html's own parser picks the
#: class in a Python method (``HtmlElementClassLookup.lookup``) each time an element is
#: touched -- thousands of calls per page across metadata, pruning and trafilatura, which
#: copies the tree several times (measured: ~0.35 ms per walk of a 900-element page). The
#: only difference: ``<form>``, ``<input>``, ``<select>``, ``<textarea>`` and ``<label>``
#: are plain ``HtmlElement``\ s without lxml's form helpers, which nothing here uses.
_CLASSES = lxml.etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity)


def _count_tags(markup: str, limit: int) -> int:
    """Tags in ``markup``, counting stops just past ``limit``."""
    count = 0
    for count, _match in enumerate(_TAG.finditer(markup), start=1):
        if count > limit:
            break
    return count


def parse_html(markup: str, *, max_elements: int = MAX_ELEMENTS) -> HtmlTree:
    """Parse an HTML document; raise :class:`ExtractError` when nothing parseable is left,
    :class:`PageTooComplex` when it has more than ``max_elements`` tags or libxml2 stopped
    at its nesting limit."""
    if not markup or not markup.strip():
        raise ExtractError("empty document")
    # every tag starts with "<": counting them (in C) settles nearly every page at once
    if markup.count("<") > max_elements and _count_tags(markup, max_elements) > max_elements:
        raise PageTooComplex(f"page has more than {max_elements} elements (the limit)")
    markup = strip_xml_declarations(markup)
    parser = _parser()
    try:
        tree = lxml.html.document_fromstring(markup, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ExtractError(f"unparseable HTML: {exc}") from exc
    _check_limits(parser.error_log)
    if tree is None or len(tree) == 0:
        raise ExtractError("HTML has no elements")
    return tree


def _parser() -> lxml.html.HTMLParser:
    """A fresh parser (its error log is this page's) with the C class lookup."""
    parser = lxml.html.HTMLParser(huge_tree=True)
    parser.set_element_class_lookup(_CLASSES)
    return parser


def _check_limits(log: lxml.etree._ListErrorLog) -> None:
    """Raise :class:`PageTooComplex` when libxml2 hit one of its resource limits (it then
    drops the rest of the page)."""
    for entry in log:
        if entry.type == lxml.etree.ErrorTypes.ERR_RESOURCE_LIMIT:
            raise PageTooComplex(f"libxml2 stopped parsing the page: {entry.message.strip()}")
