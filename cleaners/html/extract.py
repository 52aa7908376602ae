"""Main-text extraction from a (pruned) lxml tree, with trafilatura underneath.

:func:`extract_body` returns the article's paragraphs in order, one string per block
(paragraph, heading, list item). trafilatura gets the tree itself, so the page is not
parsed twice; it copies the tree before its own cleaning, so the caller's tree is left
as it was. Metadata is not extracted here (see :mod:`newsclean.cleaners.meta.extract`).
When trafilatura finds nothing, a recall-oriented second pass runs, then a plain
collection of the page's ``<p>``/heading/list text.
"""

from __future__ import annotations

import logging

import lxml.etree
import lxml.html
import trafilatura

from newsclean.errors import ExtractError

logger = logging.getLogger(__name__)

#: Comments are never article text (measured: no change on the benchmarks with them on,
#: since the pruner already drops comment sections). Tables stay: news pages put data
#: tables (results, figures) in the body, and dropping them lost `with` snippets.
INCLUDE_COMMENTS = False
INCLUDE_TABLES = True

#: blocks collected by the last-resort fallback
FALLBACK_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
#: fallback blocks shorter than this (in characters) are dropped (menus, labels)
FALLBACK_MIN_CHARS = 25

#: errors trafilatura or lxml may raise on odd input, mapped to ExtractError
_THIRD_PARTY_ERRORS = (ValueError, TypeError, AttributeError, IndexError, KeyError,
                       RecursionError, lxml.etree.LxmlError)


def split_blocks(text: str | None) -> list[str]:
    """Split extracted text into non-empty, whitespace-normalised blocks."""
    if not text:
        return []
    blocks = (" ".join(line.split()) for line in text.split("\n"))
    return [b for b in blocks if b]


def _trafilatura_text(tree: lxml.html.HtmlElement, url: str | None, *, recall: bool) -> str:
    """Run trafilatura on ``tree`` and return its plain text ('' when it finds nothing)."""
    try:
        doc = trafilatura.bare_extraction(
            tree, url=url, favor_recall=recall, with_metadata=False,
            include_comments=INCLUDE_COMMENTS, include_tables=INCLUDE_TABLES,
            include_images=False, include_links=False, include_formatting=False)
    except _THIRD_PARTY_ERRORS as exc:
        raise ExtractError(f"trafilatura failed: {exc!r}") from exc
    return (getattr(doc, "text", None) or "") if doc is not None else ""


def fallback_blocks(tree: lxml.html.HtmlElement) -> list[str]:
    """Collect block text straight from the tree (outermost matching blocks only)."""
    body = tree.find("body")
    root = body if body is not None else tree
    blocks: list[str] = []
    for el in root.iter(*FALLBACK_BLOCKS):
        if any(a.tag in FALLBACK_BLOCKS for a in el.iterancestors()):
            continue
        text = " ".join(el.text_content().split())
        if len(text) >= FALLBACK_MIN_CHARS:
            blocks.append(text)
    return blocks


def extract_body(tree: lxml.html.HtmlElement, url: str | None) -> list[str]:
    """Return the main text of ``tree`` as paragraph strings, in document order.

    Returns ``[]`` when the page has no text worth keeping (the caller turns that into a
    ``Skip``); raises :class:`ExtractError` when trafilatura or lxml fails on the tree.
    """
    blocks = split_blocks(_trafilatura_text(tree, url, recall=False))
    if blocks:
        return blocks
    logger.debug("trafilatura found nothing in %s, retrying with favor_recall", url)
    blocks = split_blocks(_trafilatura_text(tree, url, recall=True))
    if blocks:
        return blocks
    logger.debug("trafilatura found nothing in %s, collecting blocks from the tree", url)
    return fallback_blocks(tree)
