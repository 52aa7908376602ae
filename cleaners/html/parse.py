"""Parse markup once into an lxml tree that the metadata reader, the DOM pruner and the
extractor share. The one place lxml parse errors are mapped to :class:`ExtractError`."""

from __future__ import annotations

from typing import TypeAlias

import lxml.etree
import lxml.html

from newsclean.errors import ExtractError

HtmlTree: TypeAlias = lxml.html.HtmlElement


def parse_html(markup: str) -> HtmlTree:
    """Parse an HTML document; raise :class:`ExtractError` when nothing parseable is left."""
    if not markup or not markup.strip():
        raise ExtractError("empty document")
    # lxml refuses str input that carries an XML encoding declaration
    if markup.lstrip().startswith("<?xml"):
        markup = markup.split("?>", 1)[-1]
    try:
        tree = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ExtractError(f"unparseable HTML: {exc}") from exc
    if tree is None or len(tree) == 0:
        raise ExtractError("HTML has no elements")
    return tree
