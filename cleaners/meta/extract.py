"""Read a page's metadata from its parsed tree, structured data first, without mutating it.

Order of trust per field: JSON-LD (the article node), then OpenGraph and other meta tags, then
visible markup (``<h1>``, bylines, ``<time>``, datelines), then the URL; htmldate only when all of
these hold no date. ``PageMetadata.origins`` records which source won each field. The tree is
scanned once for the handful of tags read here (:mod:`newsclean.cleaners.meta.scan`); the DOM
pruner runs on the same tree afterwards, so nothing is changed.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from lxml import etree as lxml_etree
from lxml import html as lxml_html

from newsclean.cleaners.lexicon import is_agency
from newsclean.cleaners.meta import authors as au
from newsclean.cleaners.meta import dates as dt
from newsclean.cleaners.meta import titles as ti
from newsclean.cleaners.meta.headline import ShownHeadline, shown_headline
from newsclean.cleaners.meta.jsonld import JsonLdArticle, read_jsonld
from newsclean.cleaners.meta.scan import PageScan, scan_tree
from newsclean.cleaners.textkeys import alnum_key
from newsclean.dates import parse_date
from newsclean.languages import normalize_language
from newsclean.outcomes import PageWarning
from newsclean.records import PageMetadata
from newsclean.urls import absolute_url
from newsclean.words import count_words

log = logging.getLogger(__name__)

PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "article:published",
    "article:published:time", "datepublished", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dcterms.issued", "dcterms.created", "dc.date.created", "dc.date",
    "citation_publication_date", "citation_date", "pubdate", "publishdate", "publish-date",
    "publish_date", "published_at", "pub_date", "article_published_time", "date.available",
    "cxenseparse:recs:publishtime", "cxenseparse:publishtime", "og:published_time",
    "release_date", "original-publish-date", "date", "datecreated", "date.created",
)
MODIFIED_KEYS = (
    "article:modified_time", "og:article:modified_time", "article:modified:time",
    "og:updated_time", "datemodified", "dc.date.modified", "dcterms.modified",
    "last_updated_date", "article_modified_time", "date.modified", "lastmod",
)
AUTHOR_KEYS = (
    "article:author", "og:article:author", "author", "parsely-author", "sailthru.author",
    "dc.creator", "dcterms.creator", "byl", "citation_author", "cxenseparse:author",
    "article:author_name", "dcsext.author", "mrf:authors",
)
SITE_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title",
             "twitter:site", "publisher", "dc.publisher", "article:publisher")
OTHER_TITLE_KEYS = ("twitter:title", "title", "dc.title", "parsely-title", "sailthru.title",
                    "citation_title")
TAG_KEYS = ("article:tag", "keywords", "news_keywords", "parsely-tags")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_AUTHOR_LABEL = re.compile(r"written|author|verfasst|geschrieben|\bvon\b|\bpar\b|escrito|"
                           r"scritto|auteur|autor", re.I)
Found = tuple[str | None, str]
#: origin of authors that only name the site itself: a last resort, which a person named
#: in the text (a sign-off, a credit line) replaces
PUBLISHER_ONLY = "publisher"




def _language(scan: PageScan, ld: JsonLdArticle | None) -> Found:
    for value, origin in ((scan.lang, "html"), (scan.first("og:locale"), "opengraph"),
                          (scan.first("content-language", "language", "dc.language"), "meta"),
                          (ld.language if ld else None, "json-ld")):
        code = normalize_language(value)
        if code:
            return code, origin
    return None, ""


def _tags(scan: PageScan, ld: JsonLdArticle | None) -> tuple[str, ...]:
    raw = list(ld.keywords) if ld else []
    raw += [part for value in scan.values(*TAG_KEYS) for part in value.split(",")]
    seen: set[str] = set()
    tags: list[str] = []
    for tag in (ti.clean_text(t) for t in raw):
        if tag and not _UUID.match(tag) and tag.casefold() not in seen and len(tag) <= 80:
            seen.add(tag.casefold())
            tags.append(tag)
    return tuple(tags[:50])


def _paywalled(scan: PageScan, ld: JsonLdArticle | None) -> tuple[bool | None, str]:
    if ld is not None and ld.free is not None:
        return not ld.free, "json-ld"
    tier = (scan.first("article:content_tier") or "").lower()
    if tier in ("locked", "metered", "premium"):
        return True, "meta"
    return (False, "meta") if tier == "free" else (None, "")


def _published(scan: PageScan, ld: JsonLdArticle | None, url: str | None,
               tree: lxml_html.HtmlElement) -> Found:
    hint, lang = dt.url_date(url), scan.lang
    raw = [("json-ld", ld.published if ld and ld.is_article else None)]
    raw += [("meta", v) for v in scan.values(*PUBLISHED_KEYS)]
    raw += [("json-ld", ld.published if ld and not ld.is_article else None)]
    raw += [("time", v) for v, marked in scan.times if marked]
    raw += [("time", v) for v, marked in scan.times[:3] if not marked]
    parsed = [p for p in (parse_date(v, source=s, language=lang, hint=hint)
                          for s, v in raw) if p is not None]
    parsed = parsed or dt.dateline_dates(tree, lang, hint)
    if not parsed and hint is not None:
        return hint.isoformat(), "url"
    parsed = parsed or dt.htmldate_dates(tree, url)
    best = dt.choose(parsed)
    if best is not None and best.has_time and best.source != "dateline" and (
            best.value.tzinfo is None or not best.value.utcoffset()):
        # a clock without zone, or in UTC: a visible dateline may say it in the page's zone
        best = dt.choose([best, *dt.dateline_dates(tree, lang, hint)])
    return (best.iso, best.source) if best else (None, "")


def _modified(scan: PageScan, ld: JsonLdArticle | None) -> Found:
    raw = [("json-ld", ld.modified if ld else None)]
    raw += [("meta", v) for v in scan.values(*MODIFIED_KEYS)]
    best = dt.choose(p for p in (parse_date(v, source=s, language=scan.lang)
                                 for s, v in raw) if p is not None)
    return (best.iso, best.source) if best else (None, "")


def _labelled_authors(scan: PageScan) -> list[str]:
    """``twitter:data1`` values whose ``twitter:label1`` says "Written by" (Yoast SEO), and
    ``twitter:misc:Written by`` values (the same label carried in the key)."""
    labelled = [value for i in range(1, 5)
                if _AUTHOR_LABEL.search(scan.first(f"twitter:label{i}") or "")
                for value in scan.values(f"twitter:data{i}")]
    labelled += [value for key, values in scan.metas.items()
                 if key.startswith("twitter:misc:") and _AUTHOR_LABEL.search(key[13:])
                 for value in values if value.strip()]
    return labelled


def _authors(scan: PageScan, ld: JsonLdArticle | None, tree: lxml_html.HtmlElement,
             site: frozenset[str]) -> tuple[tuple[str, ...], str]:
    """JSON-LD article authors, else meta tags (then a page-level JSON-LD node), else the
    visible byline; a value that only names the site itself is kept as a last resort, with
    origin ``publisher``."""
    def is_site(name: str) -> bool:
        words = name.split()
        return ti.is_site_segment(name, site) or bool(words and alnum_key(words[0]) in site)

    ld_names: tuple[str, ...] = ()
    if ld is not None and ld.authors:
        people = [p for p in ld.authors if not p.is_org or is_agency(p.name)]
        ld_names = au.normalize_authors((p.name for p in people or ld.authors), is_site=is_site)
        if ld_names and ld.is_article and not all(is_site(n) for n in ld_names):
            return ld_names, "json-ld"
    weak: tuple[tuple[str, ...], str] = ((), "")
    sources = [("meta", scan.values(key)) for key in AUTHOR_KEYS]
    sources += [("meta", _labelled_authors(scan)), ("json-ld", list(ld_names))]
    for origin, values in sources:
        names = au.normalize_authors(values, is_site=is_site)
        if names and not all(is_site(n) for n in names):
            return names, origin
        if names and not weak[0]:
            weak = (names, origin)
    names = au.byline_names(tree, is_site)
    if names:
        return names, "byline"
    return (weak[0], PUBLISHER_ONLY) if weak[0] else weak


def _site_name(scan: PageScan, ld: JsonLdArticle | None) -> Found:
    name = scan.first("og:site_name")
    if name:
        return ti.clean_text(name), "opengraph"
    if ld is not None and ld.publisher:
        return ld.publisher, "json-ld"
    name = scan.first("application-name", "apple-mobile-web-app-title")
    return (ti.clean_text(name), "meta") if name else (None, "")


#: text a reader sees in the body: no script, style or template source
_VISIBLE_TEXT = lxml_etree.XPath(
    "descendant-or-self::text()[not(ancestor::script or ancestor::style"
    " or ancestor::noscript or ancestor::template)]")


def _shown_text(tree: lxml_html.HtmlElement) -> str:
    """The folded text the page body displays (scripts and styles left out)."""
    body = tree.find("body")
    return ti.shown_key("".join(_VISIBLE_TEXT(body))) if body is not None else ""


#: a ``<title>`` or ``<h1>`` of at most this many words may name the site or a section
MAX_LABEL_WORDS = 4


#: a byline's lead (``By Chris Wilson``), which a headline element may hold
_BYLINE_LEAD = re.compile(r"^(?i:by|von|par|por|door)\s+[A-ZÀ-Þ]")


def _names_a_part(title: str, found: ShownHeadline) -> bool:
    """A short ``<title>`` or ``<h1>`` (``Local Sports Wire``, ``Seattle Post-Intelligencer:
    Hockey``) on a page with no structured title, while the headline element the text
    follows is longer and not in it: the title names the site or a section. The element
    must read as a headline: no sentence (a caption ends with a full stop), no byline, no
    label repeated down the page (``What's Your Reaction?``)."""
    words, headline = count_words(title), found.text
    return (words <= MAX_LABEL_WORDS and count_words(headline) > words
            and alnum_key(headline) not in alnum_key(title)
            and not headline.endswith(".") and not _BYLINE_LEAD.match(headline)
            and found.candidates.count(headline) == 1)


def _title(scan: PageScan, ld: JsonLdArticle | None, site: frozenset[str],
           tree: lxml_html.HtmlElement) -> Found:
    candidates = ti.TitleCandidates(
        jsonld=ld.headline if ld is not None and ld.is_article else None,
        opengraph=scan.first("og:title"),
        h1=tuple(scan.h1s),
        title_tag=scan.title_tag,
        others=tuple(v for k in OTHER_TITLE_KEYS for v in scan.metas.get(k, ())[:1]),
    )
    title, origin = ti.choose_title(candidates, site) or (None, "")
    if origin not in ("title", "h1", ""):
        return title, origin
    found = shown_headline(tree)
    if title and found and _names_a_part(title, found):
        return found.text, "headline"
    if origin == "h1":
        return title, origin
    if title and found and ti.headline_within(title, [found.text], site):
        return found.text, "headline"      # the <title> adds site or section names to it
    if title and not ti.is_site_segment(title, site):
        shown = _shown_text(tree)
        if ti.shown_key(title) in shown:
            return title, origin
        part = ti.displayed_part(title, shown, site) if ti.has_parts(title) else None
        if part:
            return part, origin
    # a <title> naming only the site, or one the page does not display, names the site or
    # a section: the headline is an element of the body
    if found and not found.held_by(title):
        return found.text, "headline"
    return title, origin


def _extract(tree: lxml_html.HtmlElement, url: str | None) -> PageMetadata:
    scan = scan_tree(tree)
    ld = read_jsonld(scan.ld_blocks)
    base = url or absolute_url(scan.first("og:url"), None)
    canonical = (absolute_url(scan.links.get("canonical"), base)
                 or absolute_url(scan.first("og:url"), base)
                 or absolute_url(ld.url if ld else None, base))
    page_url = url or canonical
    site_name = _site_name(scan, ld)
    site = ti.site_keys([site_name[0], ld.publisher if ld else None,
                         *(scan.first(k) for k in SITE_KEYS)],
                        urlsplit(page_url).hostname if page_url else None)
    title, authors = _title(scan, ld, site, tree), _authors(scan, ld, tree, site)
    published, modified = _published(scan, ld, page_url, tree), _modified(scan, ld)
    language, paywalled = _language(scan, ld), _paywalled(scan, ld)
    found: dict[str, tuple[object, str]] = {
        "title": title, "authors": authors, "published": published, "modified": modified,
        "language": language, "paywalled": paywalled, "site_name": site_name}
    origins = tuple((name, origin) for name, (value, origin) in found.items()
                    if origin and value not in (None, "", ()))
    desc = scan.first("og:description", "description", "twitter:description")
    section = (ld.section if ld else None) or scan.first(
        "article:section", "parsely-section", "og:article:section", "section")
    image = scan.first("og:image", "og:image:url", "twitter:image") or (ld.image if ld else None)
    return PageMetadata(
        title=title[0], authors=authors[0], published=published[0], modified=modified[0],
        language=language[0], paywalled=paywalled[0], site_name=site_name[0],
        description=ti.clean_text(desc or (ld.description if ld else None)) or None,
        section=ti.clean_text(section) or None, tags=_tags(scan, ld),
        image=absolute_url(image, page_url), canonical_url=canonical, origins=origins,
    )


def extract_metadata(tree: lxml_html.HtmlElement, url: str | None = None, *,
                     strict: bool = False) -> PageMetadata:
    """Read title, authors, dates and the other metadata fields from a parsed page.

    Never changes ``tree``. On an unexpected error: with ``strict`` (tests) it raises;
    otherwise it logs the error and returns an empty :class:`PageMetadata` whose
    ``warnings`` say the metadata failed, so that the run counts it.
    """
    try:
        return _extract(tree, url)
    except Exception:
        if strict:
            raise
        log.exception("metadata extraction failed for %s", url or "<no url>")
        return PageMetadata(warnings=(PageWarning.METADATA_ERROR,))
