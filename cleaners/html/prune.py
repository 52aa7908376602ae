"""Prune boilerplate blocks from a parsed HTML tree before main-text extraction.

:func:`prune_tree` walks the tree top-down once. An element is removed when the first rule in
:mod:`newsclean.cleaners.html.prune_rules` matches it (hidden markers, tag, ARIA role, class/id
tokens, login forms, copyright notices, link density), unless it holds more than
:data:`~newsclean.cleaners.html.prune_rules.GUARD_SHARE` of the page's paragraph text: a ``<div
class="article-body share-enabled">`` is the article, not a share bar (modal dialogs are exempt
from that guard: see :data:`~newsclean.cleaners.html.prune_rules.UNGUARDED_RULES`). Each removal
is recorded as ``Removal(reason="html_boilerplate:<rule>", text=..., line=None)``.

The tree is changed in place: read metadata (bylines, ``<h1>``, captions) from it *before*
pruning. The ``<h1>`` is removed too (rule ``title``): the title belongs in its own column,
not in the body text.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator, Set
from typing import Any

import lxml.etree
import lxml.html

from newsclean.cleaners.html import prune_rules as pat
from newsclean.cleaners.textkeys import alnum_key, squash
from newsclean.records import Removal

logger = logging.getLogger(__name__)

REASON_PREFIX = "html_boilerplate"

#: text nodes inside links (one XPath call instead of text_content() per link)
_LINK_TEXT = lxml.etree.XPath("descendant-or-self::a//text()", smart_strings=False)
#: text nodes with their places (parent, tail or not)
_ALL_TEXT = lxml.etree.XPath("descendant-or-self::text()")
#: text nodes outside links
_UNLINKED_TEXT = lxml.etree.XPath("descendant-or-self::text()[not(ancestor::a)]",
                                  smart_strings=False)
#: text a reader would see: no script, style or template source in the audit
_VISIBLE_TEXT = lxml.etree.XPath(
    "descendant-or-self::text()[not(ancestor::script or ancestor::style"
    " or ancestor::noscript or ancestor::template)]", smart_strings=False)


@functools.lru_cache(maxsize=8192)
def class_tokens(value: str) -> frozenset[str]:
    """Split a class/id value into lowercase tokens plus joined neighbour pairs.

    ``"shareBar read-more"`` -> ``{"share", "bar", "read", "more", "sharebar", "barread",
    "readmore"}``. Pairs are joined within one attribute value only. Cached: class
    strings repeat on a page and across the pages of a site.
    """
    words = pat.TOKEN.findall(pat.CAMEL_BOUNDARY.sub(" ", value).lower())
    pairs = (a + b for a, b in zip(words, words[1:], strict=False))
    return frozenset((*words, *pairs))


@functools.cache
def _token_index() -> dict[str, tuple[int, str]]:
    """token -> (position of its rule in TOKEN_RULES, rule name); first rule wins."""
    index: dict[str, tuple[int, str]] = {}
    for order, (rule, words) in enumerate(pat.TOKEN_RULES.items()):
        for word in words:
            index.setdefault(word, (order, rule))
    return index


def token_rule(tokens: Set[str]) -> str | None:
    """Name of the first token rule (in TOKEN_RULES order) any of ``tokens`` belongs to."""
    index = _token_index()
    hits = [index[t] for t in tokens if t in index]
    return min(hits)[1] if hits else None


def _chars(text: str) -> int:
    """Number of non-whitespace characters in ``text``."""
    return (len(text) - text.count(" ") - text.count("\n") - text.count("\t")
            - text.count("\r") - text.count("\xa0"))


def text_len(el: lxml.html.HtmlElement) -> int:
    """Number of non-whitespace characters in an element's text."""
    return _chars(el.text_content())


def paragraph_chars(el: lxml.html.HtmlElement) -> int:
    """Characters of ``<p>`` text under (or in) ``el``."""
    if el.tag == "p":
        return text_len(el)
    return sum(text_len(p) for p in el.iter("p"))


def link_density(el: lxml.html.HtmlElement) -> tuple[float, int, int]:
    """Return (share of text inside links, number of links, text length) for ``el``."""
    total = text_len(el)
    links = 1 if el.tag == "a" else 0
    links += sum(1 for _ in el.iterdescendants("a"))
    if not total or not links:
        return 0.0, links, total
    linked = _chars("".join(_LINK_TEXT(el)))
    return min(linked / total, 1.0), links, total


class TextSizes:
    """:func:`text_len`, :func:`paragraph_chars` and :func:`link_density` of every element
    under ``root``, measured in one bottom-up pass (each text node is counted once, not
    once per enclosing candidate). Pruning reads them for an element before anything in
    its subtree is removed, and a removal elsewhere moves no text into it, so the sizes
    measured up front are the ones the on-demand functions would return then."""

    __slots__ = ("_of",)

    def __init__(self, root: lxml.html.HtmlElement) -> None:
        #: element -> (characters, characters inside links, links, <p> characters)
        self._of: dict[lxml.html.HtmlElement, tuple[int, int, int, int]] = {}
        for el in reversed(list(root.iter())):      # children before their parents
            if isinstance(el.tag, str):
                self._of[el] = self._measure(el)

    def _measure(self, el: lxml.html.HtmlElement) -> tuple[int, int, int, int]:
        chars = _chars(el.text) if el.text else 0
        linked = paragraphs = 0
        links = 1 if el.tag == "a" else 0
        for child in el:
            if isinstance(child.tag, str):
                c_chars, c_linked, c_links, c_paragraphs = self._of[child]
                chars, linked = chars + c_chars, linked + c_linked
                links, paragraphs = links + c_links, paragraphs + c_paragraphs
            if child.tail:
                chars += _chars(child.tail)
        if el.tag == "a":
            linked = chars
        elif el.tag == "p":
            paragraphs += chars
        return chars, linked, links, paragraphs

    def text(self, el: lxml.html.HtmlElement) -> int:
        """:func:`text_len` of ``el``."""
        return self._of[el][0]

    def paragraphs(self, el: lxml.html.HtmlElement) -> int:
        """:func:`paragraph_chars` of ``el``."""
        chars, _, _, paragraphs = self._of[el]
        return chars if el.tag == "p" else paragraphs

    def unlinked(self, el: lxml.html.HtmlElement) -> int:
        """Characters of ``el``'s text outside links."""
        total, linked, _, _ = self._of[el]
        return total - linked

    def link_density(self, el: lxml.html.HtmlElement) -> tuple[float, int, int]:
        """:func:`link_density` of ``el``."""
        total, linked, links, _ = self._of[el]
        if not total or not links:
            return 0.0, links, total
        return min(linked / total, 1.0), links, total


def element_tokens(el: lxml.html.HtmlElement) -> set[str]:
    """Tokens of all attributes listed in TOKEN_ATTRIBUTES (WordPress post classes naming
    the post's tags and categories left out: see :data:`prune_rules.POST_CLASS_MARKER`)."""
    tokens: set[str] = set()
    for attr in pat.TOKEN_ATTRIBUTES:
        value = el.get(attr)
        if value:
            tokens |= class_tokens(_without_post_taxonomy(value) if attr == "class" else value)
    return tokens


def _without_post_taxonomy(value: str) -> str:
    """``value`` without ``tag-*``/``category-*`` words when it is a WordPress post class."""
    if "-" not in value or not pat.POST_CLASS_MARKER.search(value):
        return value
    return pat.POST_TAXONOMY_CLASS.sub(" ", value)


def _is_hidden(el: lxml.html.HtmlElement) -> str | None:
    """``hidden_attr`` for the HTML ``hidden`` attribute. Inline ``display:none`` is not a
    rule: galleries, accordions and tabs hide article text that scripts reveal."""
    if el.get("hidden") is not None and not pat.HIDDEN_EXEMPT_ID.match(el.get("id") or ""):
        return "hidden_attr"
    return None


def _is_login_form(el: lxml.html.HtmlElement) -> bool:
    """True for a form that asks for a password or an e-mail address."""
    return any((i.get("type") or "").lower() in pat.FORM_INPUT_TYPES for i in el.iter("input"))


def is_link_sentence(el: lxml.html.HtmlElement) -> bool:
    """A sentence holding a link (prose around it), not a link-only line or a labelled
    teaser: ``LINK_SENTENCE_MIN_WORDS`` words outside links (``LINK_SENTENCE_SHORT_WORDS``
    when a sentence end follows the last link), and the text before the first link does
    not end in a label mark (``Read more:``)."""
    words = len(pat.WORD.findall(" ".join(_UNLINKED_TEXT(el))))
    if words < pat.LINK_SENTENCE_SHORT_WORDS or (
            words < pat.LINK_SENTENCE_MIN_WORDS and not _ends_after_last_link(el)):
        return False
    return not pat.LINK_LABEL_END.search(_text_before_first_link(el))


def _ends_after_last_link(el: lxml.html.HtmlElement) -> bool:
    """True when the text after ``el``'s last link ends a sentence (``... </a>.``)."""
    after: list[str] = []
    for text in reversed(_ALL_TEXT(el)):
        if _in_link(text):
            break
        after.append(str(text))
    return bool(pat.SENTENCE_END.search("".join(reversed(after))))


def _in_link(text: Any) -> bool:
    """True for a text node (from :data:`_ALL_TEXT`) inside a link."""
    holder = text.getparent()
    if holder is not None and text.is_tail:
        holder = holder.getparent()
    return holder is not None and (holder.tag == "a" or any(
        a.tag == "a" for a in holder.iterancestors()))


def _text_before_first_link(el: lxml.html.HtmlElement) -> str:
    """Text of ``el`` before its first link's text, in document order."""
    parts: list[str] = []
    for text in _ALL_TEXT(el):
        if _in_link(text):
            break
        parts.append(str(text))
    return "".join(parts)


def holds_prose(el: lxml.html.HtmlElement, sizes: TextSizes) -> bool:
    """True when ``el``'s children with little link text hold ``LINK_PROSE_MIN_CHARS``
    characters outside links: article text beside a link list, not a link list."""
    prose = 0
    for child in _children(el):
        density, _, _ = sizes.link_density(child)
        if density <= pat.LINK_PROSE_MAX_DENSITY:
            prose += sizes.unlinked(child)
            if prose >= pat.LINK_PROSE_MIN_CHARS:
                return True
    return False


def _link_rule(el: lxml.html.HtmlElement, sizes: TextSizes) -> str | None:
    """``link_density`` for link lists, ``link_paragraph`` for short all-link paragraphs
    (a sentence holding a link is kept); a link-dense block holding prose is searched
    further down instead."""
    if el.tag in pat.LINK_PARAGRAPH_TAGS:
        density, links, chars = sizes.link_density(el)
        if (links and density >= pat.LINK_PARAGRAPH_MIN
                and chars <= pat.LINK_PARAGRAPH_MAX_CHARS and not is_link_sentence(el)):
            return "link_paragraph"
        return None
    if el.tag not in pat.LINK_DENSITY_TAGS:
        return None
    density, links, chars = sizes.link_density(el)
    if (density >= pat.LINK_DENSITY_MIN and links >= pat.LINK_DENSITY_MIN_LINKS
            and chars >= pat.LINK_DENSITY_MIN_CHARS and not holds_prose(el, sizes)):
        return "link_density"
    return None


def _copyright_rule(el: lxml.html.HtmlElement, sizes: TextSizes) -> str | None:
    """``copyright`` for a short block that is a copyright notice."""
    if el.tag not in pat.COPYRIGHT_TAGS or sizes.text(el) > pat.COPYRIGHT_MAX_CHARS:
        return None
    if not pat.COPYRIGHT_NOTICE.search(squash(el.text_content())):
        return None
    if next(el.iter(*pat.MEDIA_TAGS), None) is not None or next(
            el.iterancestors("figure"), None) is not None:
        return None
    return "copyright"


def _is_page_chrome(el: lxml.html.HtmlElement) -> bool:
    """True for a site header: it links somewhere (logo, menu), holds no ``<h1>`` and does
    not sit inside an ``<article>``/``<main>`` (whose header carries title and lede)."""
    if next(el.iter("a"), None) is None or next(el.iter("h1"), None) is not None:
        return False
    return not any(a.tag in pat.CONTENT_ANCESTORS for a in el.iterancestors())


def match_rule(el: lxml.html.HtmlElement, sizes: TextSizes | None = None) -> str | None:
    """Name of the boilerplate rule ``el`` matches, or ``None`` (no guard applied here).
    ``sizes`` holds ``el``'s text sizes (measured here when not given)."""
    tag = el.tag
    hidden = _is_hidden(el)
    if hidden:
        return hidden
    if tag in pat.NEVER_REMOVE:
        return None
    if tag in pat.INLINE_TAGS:
        return "hidden" if token_rule(element_tokens(el)) == "hidden" else None
    sizes = sizes or TextSizes(el)
    rule = pat.TAG_RULES.get(tag) or pat.ROLE_RULES.get((el.get("role") or "").lower())
    if rule is None:
        tokens = element_tokens(el)
        rule = token_rule(tokens)
        if rule is not None and (sizes.paragraphs(el) >= pat.PROSE_GUARD_CHARS
                                 or not tokens.isdisjoint(pat.STANDFIRST_TOKENS)):
            return None
    if rule is None and tag == "form" and _is_login_form(el):
        rule = "login"
    if rule in pat.PAGE_CHROME_RULES and not _is_page_chrome(el):
        return None
    if rule is not None:
        return rule
    return _copyright_rule(el, sizes) or _link_rule(el, sizes)


def _is_linked_heading(h: lxml.html.HtmlElement, sizes: TextSizes) -> bool:
    """A heading that is a link to another page: the title of a teaser card."""
    chars = sizes.text(h)
    if chars < pat.TEASER_MIN_HEADING_CHARS:
        return False
    up = [h.getparent()]
    up.append(up[0].getparent() if up[0] is not None else None)
    if any(a is not None and a.tag == "a" and a.get("href") for a in up):
        return True
    if not any(a.get("href") for a in h.iter("a")):
        return False
    return _chars("".join(_LINK_TEXT(h))) >= pat.TEASER_HEADING_LINK_SHARE * chars


def linked_headings(tree: lxml.html.HtmlElement, sizes: TextSizes | None = None
                    ) -> frozenset[lxml.html.HtmlElement]:
    """Every teaser-card title on the page (see :func:`teaser_rule`)."""
    sizes = sizes or TextSizes(tree)
    return frozenset(h for h in tree.iter(*pat.TEASER_HEADINGS)
                     if _is_linked_heading(h, sizes))


def page_title_key(tree: lxml.html.HtmlElement) -> str:
    """The page's ``<title>``, folded for containment tests (see :func:`teaser_rule`)."""
    title = next(tree.getroottree().getroot().iter("title"), None)
    return alnum_key(title.text_content()) if title is not None else ""


def _long_block_beside(el: lxml.html.HtmlElement, cards: list[lxml.html.HtmlElement],
                       sizes: TextSizes) -> bool:
    """Is there a block of more than ``TEASER_MAX_BLOCK_CHARS`` under ``el`` outside the
    cards' headings (article prose rather than a deck)? Each subtree is measured once."""
    holders: set[lxml.html.HtmlElement] = {el, *cards}
    for h in cards:
        for up in h.iterancestors():
            if up is el or up in holders:
                break
            holders.add(up)
    for node in holders:
        if node in cards:
            continue
        for child in _children(node):
            if child not in holders and sizes.text(child) > pat.TEASER_MAX_BLOCK_CHARS:
                return True
    return False


def teaser_rule(el: lxml.html.HtmlElement, linked: frozenset[lxml.html.HtmlElement],
                own: str = "", sizes: TextSizes | None = None) -> str | None:
    """``teaser_cards`` for a grid or list of teaser cards ("More from ...": at least
    ``TEASER_MIN_CARDS`` linked headings to different pages, each with no more than a short
    deck, byline or date beside it, and no ``<h1>``), whatever its classes are called.
    ``linked`` is :func:`linked_headings` of the page and ``own`` its
    :func:`page_title_key`: a card repeating the page's own title vetoes the list.
    ``sizes`` holds ``el``'s text sizes (measured here when not given)."""
    if el.tag not in pat.LINK_DENSITY_TAGS or len(linked) < pat.TEASER_MIN_CARDS:
        return None
    cards = [h for h in el.iter(*pat.TEASER_HEADINGS) if h in linked]
    if len(cards) < pat.TEASER_MIN_CARDS or next(el.iter("h1"), None) is not None:
        return None
    if own and any(key and key in own for h in cards
                   for key in (alnum_key(h.text_content()), alnum_key("".join(_LINK_TEXT(h))))):
        return None     # the page's own headline as a card: this list holds the article
    targets = {a.get("href") for h in cards for a in (*h.iter("a"), *h.iterancestors("a"))}
    if len(targets) < pat.TEASER_MIN_CARDS:
        return None
    sizes = sizes or TextSizes(el)
    beside = sizes.text(el) - sum(sizes.text(h) for h in cards)
    if (beside > pat.TEASER_MAX_CHARS_PER_CARD * len(cards)
            or _long_block_beside(el, cards, sizes)):
        return None
    return "teaser_cards"


def _children(el: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    """Element children of ``el`` (comments and processing instructions skipped)."""
    return (c for c in el if isinstance(c.tag, str))


def _guard_measure(tree: lxml.html.HtmlElement, sizes: TextSizes
                   ) -> Callable[[lxml.html.HtmlElement], int]:
    """What the guard compares: ``<p>`` text, or all text on pages with little ``<p>`` text."""
    if sizes.paragraphs(tree) >= pat.GUARD_MIN_P_CHARS:
        return sizes.paragraphs
    return sizes.text


def strip_comments(tree: lxml.html.HtmlElement) -> None:
    """Remove HTML comments and processing instructions (keeping their tail text).

    trafilatura's own parser drops them; left in a tree handed to it they split text
    nodes and whole paragraphs get lost.
    """
    lxml.etree.strip_elements(tree, lxml.etree.Comment, lxml.etree.ProcessingInstruction,
                              with_tail=False)


def prune_tree(tree: lxml.html.HtmlElement) -> list[Removal]:
    """Remove boilerplate blocks from ``tree`` in place and return what was removed.

    Comments and processing instructions are stripped first (see :func:`strip_comments`).

    Never raises on odd trees (no body, text only, deep nesting, comments, processing
    instructions). Elements that hold more than ``GUARD_SHARE`` of the page's ``<p>``
    text are kept (and searched further down).
    """
    return [as_removal(rule, text) for rule, text in prune_blocks(tree)]


def as_removal(rule: str, text: str) -> Removal:
    """The audit record of one pruned block (text truncated)."""
    return Removal(reason=f"{REASON_PREFIX}:{rule}", text=text[: pat.REMOVAL_TEXT_CHARS])


def prune_blocks(tree: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """:func:`prune_tree`, returning ``(rule, full squashed text)`` per pruned block with
    text (blocks without visible text are removed but not listed)."""
    strip_comments(tree)
    body = tree.find("body")
    scope = body if body is not None else tree
    sizes = TextSizes(tree)
    measure = _guard_measure(scope, sizes)
    limit = pat.GUARD_SHARE * measure(scope)
    removals: list[tuple[str, str]] = []
    linked, own = linked_headings(scope, sizes), page_title_key(tree)
    stack = list(reversed(list(_children(tree))))
    while stack:
        el = stack.pop()
        rule = match_rule(el, sizes) or teaser_rule(el, linked, own, sizes)
        if rule is not None and (rule in pat.UNGUARDED_RULES or measure(el) <= limit):
            removals.extend(_remove(el, rule))
            continue
        stack.extend(reversed(list(_children(el))))
    return removals


def _remove(el: lxml.html.HtmlElement, rule: str) -> list[tuple[str, str]]:
    """Drop ``el`` (keeping its tail text) and describe it; blocks without text are not
    recorded."""
    text = squash("".join(_VISIBLE_TEXT(el)))
    if el.getparent() is not None:
        _drop(el)
    if not text:
        return []
    logger.debug("pruned %s block: %.60s", rule, text)
    return [(rule, text)]


def _drop(el: lxml.html.HtmlElement) -> None:
    """``drop_tree`` that survives control characters: lxml parses them into text nodes but
    refuses to set them again when the tail is joined to the preceding text."""
    try:
        el.drop_tree()
    except ValueError:
        el.tail = _xml_safe(el.tail)
        prev, parent = el.getprevious(), el.getparent()
        if prev is not None:
            prev.tail = _xml_safe(prev.tail)
        elif parent is not None:
            parent.text = _xml_safe(parent.text)
        el.drop_tree()


def _xml_safe(text: str | None) -> str | None:
    """``text`` without characters lxml refuses to store."""
    return pat.XML_INVALID.sub("", text) if text else text
