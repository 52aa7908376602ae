"""Turn raw author strings (JSON-LD, meta tags, visible bylines) into clean person names.

``"By STEVE PEOPLES, THOMAS BEAUMONT and AMELIA THOMSON-DEVEAUX"`` becomes three names;
``"Von Anna Sleegers"`` loses its ``Von``; e-mails, URLs, handles, job titles, dates and UI
words are dropped. Staff/newsroom credits are kept only when no person is named; news
agencies (``AP``, ``dpa``) are kept whenever the page names them as an author. The names
themselves are parsed by :mod:`newsclean.cleaners.meta.names`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote

from lxml import etree as lxml_etree
from lxml import html as lxml_html

from newsclean.cleaners.lexicon import is_agency
from newsclean.cleaners.meta.names import is_prefix_only, split_names
from newsclean.cleaners.textkeys import name_key

BOILERPLATE = re.compile(
    r"(?:^|\b|-)(?:staff|redaktion|newsroom|newsdesk|desk|team|editorial|agencies|agenturen|"
    r"wires?|online|digital|admin|administrator|editors?)(?:\b|$)", re.I)


#: words of a publication's name (``NEW YORK DAILY NEWS``, ``The Riverton Gazette``): a
#: byline that names the paper beside its reporter credits the paper, not a person
PUBLICATION = re.compile(
    r"\b(?:news|daily|times|herald|tribune|gazette|journal|magazine|zeitung|courier|"
    r"chronicle|radio|tv|nachrichten|rundschau|anzeiger)\b", re.I)


def is_boilerplate(name: str) -> bool:
    """A staff/newsroom credit rather than a person (``Staff``, ``BR24 Redaktion``), or a
    publication's name (``New York Daily News``)."""
    return bool(BOILERPLATE.search(name) or PUBLICATION.search(name))


def normalize_authors(raws: Iterable[str], *,
                      is_site: Callable[[str], bool] | None = None) -> tuple[str, ...]:
    """Clean, split and dedupe author strings (case- and accent-insensitively, in order).

    Staff/newsroom credits and names of the site itself (``is_site``) are dropped when at
    least one person is named; news agencies are always kept.
    """
    seen: set[str] = set()
    names: list[str] = []
    for raw in raws:
        for name in split_names(raw):
            key = name_key(name)
            if key not in seen:
                seen.add(key)
                names.append(name)

    def org(name: str) -> bool:
        return is_boilerplate(name) or bool(is_site and is_site(name))

    persons = [n for n in names if not org(n) and not is_agency(n)]
    if persons:
        names = [n for n in names if is_agency(n) or not org(n)]
    return tuple(names)


BYLINE_XPATH = (
    "//*[not(self::meta or self::link or self::img or self::script or self::style or "
    "self::picture or self::svg or self::figure or self::figcaption or self::button or "
    "self::select or self::option or self::template or self::noscript)]"
    "[@rel='author' or contains(@itemprop,'author') or contains(@class,'byline') or "
    "contains(@class,'Byline') or contains(@class,'author') or contains(@class,'Author')]"
)
_SKIP_CLASS = re.compile(r"comment|avatar|image|photo|caption|bio|desc|teaser|"
                         r"related|recirc|footer|copyright|date|time", re.I)
MAX_BYLINE_NODES = 40
#: links to listing pages, not to a person
_LISTING_HREF = re.compile(r"/(?:category|categories|tag|tags|topics?|section|kategorie|rubrik|"
                           r"ressort|themen?|categoria|categorie)/", re.I)
AUTHOR_LINK_XPATH = (
    "//a[contains(@href,'/autor') or contains(@href,'/author') or contains(@href,'/journalist')"
    " or contains(@href,'/redakteur') or contains(@href,'/people/') or contains(@href,'/staff/')"
    " or contains(@href,'/reporter') or contains(@href,'/profile/')][not(ancestor::nav)"
    " and not(ancestor::footer) and not(ancestor::header[not(ancestor::article)])]"
)
MAX_AUTHOR_LINKS = 3


def _leaves(nodes: list[lxml_html.HtmlElement]) -> list[lxml_html.HtmlElement]:
    """Matched elements that contain no other matched element."""
    matched = set(nodes)
    return [n for n in nodes
            if not any(d in matched for d in n.iterdescendants() if d is not n)]


#: text a reader sees as the byline: no script or template source, no button labels
_SHOWN_TEXT = lxml_etree.XPath(
    "descendant-or-self::text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template or ancestor::button or ancestor::select or ancestor::svg)]",
    smart_strings=False)


def _chunks(node: lxml_html.HtmlElement) -> str:
    """The shown text of ``node``, one line per text node (whitespace inside one collapsed)."""
    return "\n".join(" ".join(t.split()) for t in _SHOWN_TEXT(node) if t and t.strip())


def _link_names(tree: lxml_html.HtmlElement,
                is_site: Callable[[str], bool] | None) -> tuple[str, ...]:
    """Names of the first links to author pages (``/autoren/max-kolter``) outside teasers
    of other stories, and of the links beside it in the same byline (``By <a>A</a>,
    <a>B</a> and <a>C</a>``)."""
    found = (a for a in tree.xpath(AUTHOR_LINK_XPATH)[:MAX_BYLINE_NODES] if not _in_teaser(a))
    links = [(a, text) for a in itertools.islice(found, MAX_AUTHOR_LINKS)
             if (text := _chunks(a))]
    if not links:
        return ()
    first = links[0][0]
    raws = [text for a, text in links if a is first or a.getparent() is first.getparent()]
    return normalize_authors(raws, is_site=is_site)


#: a teaser of another story: a link holding a headline (the whole card is the link), or a
#: short list item or ``<article>`` with a linked headline and no ``<h1>`` but a linked one
#: (the page's own article holds its ``<h1>`` or its text, a teaser only links to its story)
_CARD_LINK = lxml_etree.XPath(
    "ancestor::a[descendant::*[self::h1 or self::h2 or self::h3 or self::h4"
    " or contains(@class, 'title')]]")
_TEASER_BOX = lxml_etree.XPath(
    "ancestor::*[self::li or self::article][not(descendant::h1[not(descendant::a[@href])])]"
    "[descendant::*[self::h1 or self::h2 or self::h3 or self::h4]/descendant-or-self::a[@href]"
    " or descendant::a[@href]/descendant::*[self::h1 or self::h2 or self::h3 or self::h4]]")
MAX_TEASER_CHARS = 1000


def _in_teaser(node: lxml_html.HtmlElement) -> bool:
    return bool(_CARD_LINK(node)) or any(
        len(box.text_content()) <= MAX_TEASER_CHARS for box in _TEASER_BOX(node))


def _skipped(node: lxml_html.HtmlElement) -> bool:
    """In a comment, teaser, caption or bio block (the node or its parent says so, or it
    sits in a teaser of another story), or a link to a category/tag page that a template
    put in the author row."""
    parent = node.getparent()
    classes = (node.get("class") or "") + " " + (
        (parent.get("class") or "") if parent is not None else "")
    if _SKIP_CLASS.search(classes) or _in_teaser(node):
        return True
    links = node.xpath("descendant-or-self::a/@href")
    return bool(links) and all(_LISTING_HREF.search(unquote(h)) for h in links)


def _same_byline(leaf: lxml_html.HtmlElement, anchor: lxml_html.HtmlElement | None) -> bool:
    parent = leaf.getparent()
    grand = parent.getparent() if parent is not None else None
    return anchor is None or anchor is parent or anchor is grand


def byline_names(tree: lxml_html.HtmlElement,
                 is_site: Callable[[str], bool] | None = None) -> tuple[str, ...]:
    """Names from the first visible byline (rel/itemprop/class ``author``/``byline``),
    else from the first link to an author page."""
    # an empty element (an underline, an icon) is no leaf: the name is in the one around it
    nodes = [n for n in tree.xpath(BYLINE_XPATH)[:MAX_BYLINE_NODES]
             if not _skipped(n) and _chunks(n)]
    anchor = None
    raws: list[str] = []
    for leaf in _leaves(nodes):
        text = _chunks(leaf)
        parent = leaf.getparent()
        if is_prefix_only(text) and parent is not None:
            # ``<span class="byline-prefix">By</span>`` marks the element around it as the
            # byline: the names are its other children
            leaf, text = parent, _chunks(parent)
        if not text or len(text) > 300:
            continue
        if not _same_byline(leaf, anchor):
            break
        if split_names(text):
            raws.append(text)
            anchor = anchor if anchor is not None else leaf.getparent()
    return normalize_authors(raws, is_site=is_site) or _link_names(tree, is_site)
