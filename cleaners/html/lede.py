"""Put back the lede (standfirst, teaser, intro) that the extractor left out.

News and press pages print a summary paragraph between the headline and the body, often
inside the article's ``<header>`` or in a block marked ``lead``/``intro``/``teaser``/
``abstract``/``excerpt``. trafilatura often drops it with the header. :func:`find_lede`
looks for it in the pruned tree *before* the first extracted paragraph: the first block
that carries a lede token in its class/id (or a ``<p>`` inside a ``<header>``), holds
prose-length text that is not mostly links, and is not already part of the extraction.
"""

from __future__ import annotations

import copy

import lxml.etree
import lxml.html

from newsclean.cleaners.html import prune_rules as pat
from newsclean.cleaners.html.prune import element_tokens, link_density
from newsclean.cleaners.textkeys import squash

#: class/id tokens (or joined pairs) that mark a lede block
LEDE_TOKENS: frozenset[str] = frozenset({
    "lead", "lede", "intro", "teasertext", "abstract", "excerpt", "standfirst",
    "subheadline", "subtitle", "subhead", "summary", "deck", "dek", "articlelead",
    "articleintro", "entrysummary",
})
#: tags a lede can be
LEDE_TAGS: tuple[str, ...] = ("p", "div", "h2", "h3", "span", "section")
#: a lede is never inside one of these (menus, teaser links, forms, templates)
NOT_INSIDE: frozenset[str] = frozenset({
    "a", "nav", "li", "form", "template", "noscript", "button", "label", "figure", "aside",
})
#: a ``<p>`` in a ``<header>`` is a lede only when the header belongs to the article: it
#: sits in an ``<article>``/``<main>`` or carries one of these tokens
ARTICLE_HEADER_TOKENS: frozenset[str] = frozenset({
    "article", "entry", "post", "story", "content", "news",
})
#: tags whose text can be the first extracted paragraph
BODY_TAGS: tuple[str, ...] = ("p", "div", "li", "h2", "h3", "h4", "td", "blockquote", "pre")
#: a lede has at least this many and at most this many characters ...
LEDE_MIN_CHARS: int = 40
LEDE_MAX_CHARS: int = 1500
#: ... and less than this share of its text in links
LEDE_MAX_LINK_DENSITY: float = 0.5
#: characters of the first paragraph used to find it in the tree
PREFIX_CHARS: int = 40
#: endings of a teaser cut short (it belongs to another article)
TRUNCATION_MARKS: tuple[str, ...] = ("...", "\u2026", "[...]")

#: a child holding one of these is a picture with its caption, not lede text
MEDIA_TAGS: tuple[str, ...] = ("img", "picture", "figure", "figcaption", "video", "iframe")

_LEDE_TEXT = lxml.etree.XPath(
    "descendant-or-self::text()[not(ancestor::figure or ancestor::figcaption"
    " or ancestor::script or ancestor::style or ancestor::noscript)]", smart_strings=False)


def _in_article_header(el: lxml.html.HtmlElement) -> bool:
    """True for an element inside a ``<header>`` that belongs to the article."""
    ancestors = list(el.iterancestors())
    headers = [i for i, a in enumerate(ancestors) if a.tag == "header"]
    if not headers:
        return False
    header = ancestors[headers[0]]
    return (any(a.tag in pat.CONTENT_ANCESTORS for a in ancestors[headers[0]:])
            or not element_tokens(header).isdisjoint(ARTICLE_HEADER_TOKENS))


def _is_candidate(el: lxml.html.HtmlElement) -> bool:
    if el.tag not in LEDE_TAGS:
        return False
    if any(a.tag in NOT_INSIDE for a in el.iterancestors()):
        return False
    if el.tag == "p" and _in_article_header(el):
        return True
    return not element_tokens(el).isdisjoint(LEDE_TOKENS)


def _starts_with(el: lxml.html.HtmlElement, prefix: str) -> bool:
    """Whether the text of ``el`` starts with ``prefix``; a ``<div>`` is judged by its own
    leading text only (its full text is the whole page for an outer wrapper)."""
    text = (el.text or "") if el.tag == "div" else el.text_content()
    return squash(text).startswith(prefix)


def _before_body(tree: lxml.html.HtmlElement,
                 prefix: str) -> list[lxml.html.HtmlElement] | None:
    """Lede candidates in document order up to the element whose text starts the
    extraction; ``None`` when that element is not found (no safe place to look)."""
    candidates: list[lxml.html.HtmlElement] = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in BODY_TAGS and _starts_with(el, prefix):
            return candidates
        if _is_candidate(el):
            candidates.append(el)
    return None


def _lede_text(el: lxml.html.HtmlElement) -> str:
    """Visible text of ``el`` without pictures with their captions and credits, and
    without scripts."""
    if next(el.iter(*MEDIA_TAGS), None) is None:
        return squash("".join(_LEDE_TEXT(el)))
    el = copy.deepcopy(el)
    for child in list(el.iterdescendants()):
        if child.getparent() is not None and next(child.iter(*MEDIA_TAGS), None) is not None:
            child.drop_tree()
    return squash("".join(_LEDE_TEXT(el)))


def _acceptable(text: str, el: lxml.html.HtmlElement, extracted: str, prefix: str) -> bool:
    if not LEDE_MIN_CHARS <= len(text) <= LEDE_MAX_CHARS or prefix in text:
        return False
    if text.endswith(TRUNCATION_MARKS) or (text.startswith("(") and text.endswith(")")):
        return False  # a teaser cut short for another article; a photo credit
    if text[:PREFIX_CHARS] in extracted:
        return False
    return link_density(el)[0] < LEDE_MAX_LINK_DENSITY


def find_lede(tree: lxml.html.HtmlElement, blocks: list[str]) -> str | None:
    """The lede text missing from ``blocks`` (the extraction of ``tree``), or ``None``."""
    if not blocks:
        return None
    prefix = blocks[0][:PREFIX_CHARS]
    extracted = " ".join(blocks)
    for el in _before_body(tree, prefix) or ():
        text = _lede_text(el)
        if _acceptable(text, el, extracted, prefix):
            return text
    return None


def with_lede(tree: lxml.html.HtmlElement, blocks: list[str]) -> list[str]:
    """``blocks`` with the missing lede (if any) put first."""
    lede = find_lede(tree, blocks)
    return [lede, *blocks] if lede else blocks
