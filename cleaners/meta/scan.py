"""One read-only pass over a parsed page collecting what metadata is read from.

:func:`scan_tree` walks the tree once (lxml filters the tags in C) and keeps meta values by
name, ``<link rel>`` targets, JSON-LD texts, ``<title>``, the first ``<h1>`` texts and
``<time datetime>`` values. The slower date fallbacks (dateline elements, htmldate) are in
:mod:`newsclean.cleaners.meta.dates`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

_SCANNED = ("meta", "link", "script", "title", "h1", "time")
MAX_H1 = 5
MAX_TIME = 20
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass
class PageScan:
    """What one pass over the tree found: meta values, JSON-LD texts, titles, times."""

    metas: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    ld_blocks: list[str] = field(default_factory=list)
    title_tag: str | None = None
    h1s: list[str] = field(default_factory=list)
    times: list[tuple[str, bool]] = field(default_factory=list)
    lang: str | None = None

    def first(self, *keys: str) -> str | None:
        """The first non-empty meta value among ``keys`` (lower-case), in the order given."""
        for key in keys:
            for value in self.metas.get(key, ()):
                if value.strip():
                    return value.strip()
        return None

    def values(self, *keys: str) -> list[str]:
        """Every non-empty meta value of ``keys``, in key order."""
        return [v for k in keys for v in self.metas.get(k, ()) if v.strip()]


def _add_meta(scan: PageScan, el: lxml_html.HtmlElement) -> None:
    content = el.get("content")
    if content is None:
        return
    for attr in ("property", "name", "itemprop", "http-equiv"):
        key = el.get(attr)
        if key:
            scan.metas.setdefault(key.strip().lower(), []).append(content)


def _add_time(scan: PageScan, el: lxml_html.HtmlElement) -> None:
    value = el.get("datetime")
    if value and len(scan.times) < MAX_TIME:
        marked = el.get("pubdate") is not None or "datepublished" in (
            el.get("itemprop") or "").lower()
        scan.times.append((value, marked))


#: punctuation that is written against the word before (after) it
_CLOSING = frozenset(",.:;!?)]}\u2019\u201d\u00bb%")
_OPENING = frozenset("([{\u2018\u201c\u00ab")


def shown_text(el: lxml_html.HtmlElement) -> str:
    """An element's text as shown: its pieces joined by one space where the markup has
    whitespace or where one element ends and the next begins (``<span>Kicker</span><span>
    Headline</span>``), but not before closing or after opening punctuation (``\u2018<em>Title
    </em>\u2019: more``)."""
    out, gap = "", False
    for piece in el.itertext():
        text = piece.strip()
        if text and out and (gap or piece[0].isspace()
                             or not (text[0] in _CLOSING or out[-1] in _OPENING)):
            out += " "
        out += text
        gap = piece[-1].isspace() if text else (gap or bool(piece))
    return out


#: the last part of a link's path that names a listing: ``index.html``, ``default.aspx``
_INDEX_PAGE = re.compile(r"(?:index|default|home|main)\.\w+", re.I)
#: a story's slug or id: digits, or words joined by two hyphens or more
_STORY_SLUG = re.compile(r"\d|-[^-]*-")


def is_home_or_section_link(href: str | None) -> bool:
    """Does ``href`` lead to the site's home page or a section (``/``, ``/national``,
    ``/forums/``, ``/pages/world/asia/index.html``), not to a story?"""
    if href is None:
        return False
    parts = urlsplit(href.strip())
    if parts.query or parts.scheme not in ("", "http", "https"):
        return False
    path = parts.path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    return (not path or bool(_INDEX_PAGE.fullmatch(last))
            or (path.count("/") <= 1 and not _STORY_SLUG.search(last)))


def _links_home(el: lxml_html.HtmlElement) -> bool:
    """An ``<h1>`` that is the whole of a link to the home page or a section (inside it,
    or inside one): the site's logo or a section's heading, not the headline."""
    parent = el.getparent()
    if parent is not None and parent.tag == "a":
        return is_home_or_section_link(parent.get("href"))
    links = el.findall(".//a")
    text = " ".join(el.text_content().split())
    return (len(links) == 1 and " ".join(links[0].text_content().split()) == text
            and is_home_or_section_link(links[0].get("href")))


def _add_element(scan: PageScan, el: lxml_html.HtmlElement) -> None:
    tag = el.tag
    if tag == "meta":
        _add_meta(scan, el)
    elif tag == "link":
        rel, href = (el.get("rel") or "").strip().lower(), el.get("href")
        if href and rel and rel not in scan.links:
            scan.links[rel] = href.strip()
    elif tag == "script":
        if "ld+json" in (el.get("type") or "").lower() and el.text:
            scan.ld_blocks.append(el.text)
    elif tag == "title":
        if scan.title_tag is None:
            scan.title_tag = el.text_content()
    elif tag == "h1":
        if len(scan.h1s) < MAX_H1 and not _links_home(el):
            scan.h1s.append(shown_text(el))
    elif tag == "time":
        _add_time(scan, el)


def scan_tree(tree: lxml_html.HtmlElement) -> PageScan:
    """Collect the tags metadata is read from, in one pass, without changing the tree."""
    scan = PageScan(lang=tree.get("lang") or tree.get(_XML_LANG))
    for el in tree.iter(*_SCANNED):
        _add_element(scan, el)
    for el in _MICRODATA(tree):
        scan.metas.setdefault(el.get("itemprop").strip().lower(), []).append(el.get("content"))
    return scan


#: schema.org microdata on elements other than ``<meta>`` (which :func:`_add_meta` reads):
#: ``<span itemprop="datePublished" content="2018-10-29T10:15-500">October 29, 2018</span>``
_MICRODATA = etree.XPath("//*[@itemprop and @content and not(self::meta)]")
