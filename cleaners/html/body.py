"""Prune, extract, and extract once more from the unpruned page when pruning cost text.

Pruning boilerplate blocks usually makes trafilatura's choice of the main container
better and faster. On some pages it does the opposite: with the site header, a call to
action or the ``<h1>`` gone, trafilatura settles on a smaller container (landing pages
built from many sibling modules, articles split into several cards). So when the pruned
extraction *looks truncated* -- shorter than :data:`TRUNCATED_SHARE` of the page's ``<p>``
text -- trafilatura runs once more on an unpruned copy of the page. Lines of that second
extraction that lie inside a pruned block are dropped (the pruning decisions still hold,
line by line), and the result replaces the pruned extraction when it is at least
:data:`MIN_GAIN` times longer.

A pruning that leaves no text at all (a short news item whose one block has many links,
next to a long consent dialog) is never the answer: then the unpruned page is extracted
with only the markup decisions kept (tags, roles, classes: a ``<footer>`` stays out) and
the link heuristics (:data:`HEURISTIC_RULES`) undone, and their removals leave the audit.
The same undoing is tried when the extraction looks truncated and the unpruned page with
every pruned line dropped gains nothing: the link rules took too much of the article (a
timeline whose every sentence links to earlier reporting).

The check is cheap (character counts) and the extra pass runs on about one page in ten.
The page's lede, when the extraction lacks it, is put back first
(:mod:`newsclean.cleaners.html.lede`).
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable

import lxml.html

from newsclean.cleaners.html.extract import extract_body
from newsclean.cleaners.html.lede import with_lede
from newsclean.cleaners.html.prune import as_removal, paragraph_chars, prune_blocks
from newsclean.cleaners.textkeys import squash
from newsclean.records import Removal

logger = logging.getLogger(__name__)

#: the pruned extraction looks truncated below this share of the page's <p> characters
#: (measured: an absolute floor such as 1500 characters also caught pages with little <p>
#: text, where the second pass found as much boilerplate as text)
TRUNCATED_SHARE: float = 0.5
#: the unpruned extraction (pruned lines dropped) must be this many times longer to win
MIN_GAIN: float = 1.3
#: pruning rules judged by text shape alone, undone when pruning leaves no text
HEURISTIC_RULES: frozenset[str] = frozenset({"link_density", "link_paragraph", "teaser_cards"})


def _chars(blocks: list[str]) -> int:
    """Non-whitespace characters in ``blocks``."""
    return sum(len(b) - b.count(" ") for b in blocks)


def _body(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    body = tree.find("body")
    return body if body is not None else tree


def looks_truncated(blocks: list[str], page_p_chars: int) -> bool:
    """True when an extraction is short for its page (see module docstring)."""
    return _chars(blocks) < TRUNCATED_SHARE * page_p_chars


def drop_pruned_lines(blocks: list[str], pruned_texts: list[str]) -> list[str]:
    """``blocks`` without those that lie inside the text of a pruned block."""
    removed = "\n".join(pruned_texts)
    return [b for b in blocks if squash(b) not in removed]


def _unpruned(unpruned: list[str], pruned: list[tuple[str, str]]) -> list[str]:
    """The unpruned page's extraction without the lines of ``pruned`` blocks."""
    return drop_pruned_lines(unpruned, [t for _, t in pruned])


def _markup_only(pruned: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The removals of ``pruned`` made by markup (tags, roles, classes), the link
    heuristics' (:data:`HEURISTIC_RULES`) left out."""
    return [(rule, text) for rule, text in pruned if rule not in HEURISTIC_RULES]


def _copy_of(tree: lxml.html.HtmlElement) -> Callable[[], lxml.html.HtmlElement]:
    """``tree`` as it is now, for later."""
    original = copy.deepcopy(tree)
    return lambda: original


def extract_article(tree: lxml.html.HtmlElement, url: str | None,
                    reparse: Callable[[], lxml.html.HtmlElement] | None = None
                    ) -> tuple[list[str], list[Removal]]:
    """Prune ``tree`` in place, extract its main text and return ``(paragraphs, removals)``.

    Falls back to an extraction of the unpruned page when the pruned one looks truncated
    and the other is clearly longer, or when it is empty (see the module docstring).
    ``reparse`` parses the page again for that (only then); without it the tree is copied
    before pruning. Raises :class:`~newsclean.errors.ExtractError` like
    :func:`~newsclean.cleaners.html.extract.extract_body`.
    """
    if reparse is None:
        reparse = _copy_of(tree)
    page_p_chars = paragraph_chars(_body(tree))
    pruned = prune_blocks(tree)
    blocks = extract_body(tree, url)
    if not _chars(blocks) and pruned:
        pruned = _markup_only(pruned)
        logger.debug("pruning left no text in %s, using the unpruned page", url)
        blocks = _unpruned(extract_body(reparse(), url), pruned)
    elif looks_truncated(blocks, page_p_chars):
        unpruned = extract_body(reparse(), url)
        markup = _markup_only(pruned)
        # every pruned block's lines dropped from the unpruned page; if that gains too
        # little, only the markup decisions' (the link rules took too much)
        for kept in [pruned] + ([markup] if len(markup) < len(pruned) else []):
            alternative = _unpruned(unpruned, kept)
            if _chars(alternative) >= MIN_GAIN * max(_chars(blocks), 1):
                logger.debug("pruned extraction of %s looks truncated: the unpruned page, "
                             "%d of %d removals kept", url, len(kept), len(pruned))
                blocks, pruned = alternative, kept
                break
    removals = [as_removal(rule, text) for rule, text in pruned]
    return with_lede(tree, blocks), removals
