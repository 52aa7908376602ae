"""Boilerplate patterns for DOM pruning, kept as data.

:mod:`newsclean.cleaners.html.prune` applies these in order; the first rule that matches an element
names the removal (``html_boilerplate:<rule>``). Class/id values are split into lowercase
alphanumeric tokens (``"shareBar social-links"`` -> ``share bar social links``) and every
pair of neighbouring tokens is also joined (``"read-more"`` -> ``readmore``), so one
pattern entry covers ``readmore``, ``read-more``, ``read_more`` and ``readMore``.

All rules are general: they describe what a news engineer would strip on any site.
"""

from __future__ import annotations

import re
from types import MappingProxyType

#: attributes whose values are tokenised and matched against TOKEN_RULES
TOKEN_ATTRIBUTES: tuple[str, ...] = ("class", "id", "data-component", "data-testid", "data-module")

#: WordPress post classes (``post_class()``/``body_class()``: ``hentry type-post status-publish
#: category-news tag-comments``) name the post's categories and tags, not what the element is
#: (``tag-comments`` is a post tagged "comments", not a comment box). On an element that
#: carries the post-class markers, words matching ``POST_TAXONOMY_CLASS`` are not tokenised.
POST_CLASS_MARKER = re.compile(r"(?:^|\s)(?:hentry|type-[\w-]+|status-publish)(?:\s|$)")
POST_TAXONOMY_CLASS = re.compile(r"(?:^|\s)(?:tag|category)-\S+")

#: rule name -> exact tokens (single tokens or two joined neighbours) that mark boilerplate
TOKEN_RULES: MappingProxyType[str, frozenset[str]] = MappingProxyType({
    "hidden": frozenset({
        "sronly", "visuallyhidden", "screenreader", "screenreadertext",
    }),
    "cookie": frozenset({
        "cookie", "cookies", "cookiebanner", "cookienotice", "consent", "gdpr",
        "onetrust", "didomi", "privacybanner",
    }),
    "share": frozenset({
        "share", "shares", "sharing", "sharebar", "sharebuttons", "sharetools", "social",
        "socials", "socialshare", "sociallinks", "sharethis", "addthis", "shareaholic",
        "sharedaddy", "followus", "shariff",
    }),
    "ticker": frozenset({
        "ticker", "tickers", "stock", "stocks", "stockquote", "quotewidget", "marketdata",
    }),
    "newsletter": frozenset({
        "newsletter", "newsletters", "subscribe", "subscription", "subscribebox",
        "optin", "mailinglist",
    }),
    "login": frozenset({
        "login", "signin", "signup", "paywallprompt", "regwall", "registerwall",
        "loginbox", "userpanel",
    }),
    "related": frozenset({
        "related", "relatedposts", "relatedarticles", "recommended", "recommendations",
        "recommendation", "readmore", "morestories", "morenews", "alsoread", "readalso",
        "youmaylike", "mostread", "mostpopular", "popular", "trending", "outbrain",
        "taboola", "plista", "teaserlist", "morelink", "readnext",
    }),
    "comments": frozenset({"comments", "comment", "commentlist", "disqus", "respond"}),
    "bio": frozenset({
        "bio", "biography", "authorbio", "authorbox", "authorinfo", "aboutauthor",
        "authorprofile",
    }),
    "caption": frozenset({
        "caption", "captions", "figcaption", "imagecaption", "wpcaption", "photocredit",
        "imagecredit",
    }),
    "breadcrumb": frozenset({"breadcrumb", "breadcrumbs"}),
    "tags": frozenset({"tags", "taglist", "tagcloud", "articletags", "keywords"}),
    "advert": frozenset({
        "ad", "ads", "adslot", "adunit", "adcontainer", "advert", "adverts", "advertisement",
        "advertising", "anzeige", "promo", "promos", "promotion", "sponsored", "sponsor",
        "commercial", "cta", "disclosure", "disclaimer",
    }),
    "sidebar": frozenset({"sidebar", "rightrail", "siderail", "sidebox", "widgetarea",
                          "widgettitle"}),
    "nav": frozenset({"nav", "navbar", "navigation", "menu", "mainmenu", "skiplink",
                      "skiplinks", "pagination", "pager"}),
    "footer": frozenset({"footer", "sitefooter", "pagefooter"}),
    "header": frozenset({"header", "siteheader", "masthead", "topbar"}),
})

#: tags removed whatever their attributes (subject to the paragraph-share guard)
TAG_RULES: MappingProxyType[str, str] = MappingProxyType({
    "figcaption": "caption",
    "aside": "aside",
    "nav": "nav",
    "footer": "footer",
    "header": "header",
    "dialog": "dialog",
    "h1": "title",
})

#: ARIA roles -> rule name
ROLE_RULES: MappingProxyType[str, str] = MappingProxyType({
    "navigation": "nav",
    "complementary": "aside",
    "contentinfo": "footer",
    "banner": "header",
    "search": "nav",
    "menu": "nav",
    "menubar": "nav",
    "dialog": "dialog",
    "alertdialog": "dialog",
})

#: rules for page chrome only: they remove a block only when it links somewhere, holds no
#: <h1> and is not inside an <article>/<main> (the article's own header: title and lede)
PAGE_CHROME_RULES: frozenset[str] = frozenset({"header"})
#: ancestors that make an element part of the article rather than page chrome
CONTENT_ANCESTORS: frozenset[str] = frozenset({"article", "main"})

#: elements never removed by token/tag/role rules (the document and main-content wrappers;
#: only the ``hidden`` attribute applies to them)
NEVER_REMOVE: frozenset[str] = frozenset({"html", "body", "main", "article"})

#: inline elements: token rules only apply to them when they mark hidden text
INLINE_TAGS: frozenset[str] = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "font",
})

#: input types that make a <form> a login / newsletter box
FORM_INPUT_TYPES: frozenset[str] = frozenset({"password", "email"})

#: blocks checked for link density
LINK_DENSITY_TAGS: frozenset[str] = frozenset({"ul", "ol", "dl", "div", "section", "table",
                                               "menu"})
#: a short paragraph that is (nearly) all link text is an inline "Read more: <link>" teaser
LINK_PARAGRAPH_TAGS: frozenset[str] = frozenset({"p"})
LINK_PARAGRAPH_MIN: float = 0.75
LINK_PARAGRAPH_MAX_CHARS: int = 250
#: ... unless it is a sentence holding a link: at least this many words outside its links
#: (or LINK_SENTENCE_SHORT_WORDS and a sentence end after the last link: ``It also <a>...</a>.``),
#: and no label (``Read more:``, ``Also |``) ending the text before the first link
LINK_SENTENCE_MIN_WORDS: int = 3
LINK_SENTENCE_SHORT_WORDS: int = 2
SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)]*\s*$")
LINK_LABEL_END = re.compile(r"[:|»>›\-–—]\s*$")
WORD = re.compile(r"\w{2,}")

#: teaser cards ("More from ..." grids): headings that link to other pages, each with at
#: most a short deck, byline or date beside it; at least this many to different pages
TEASER_HEADINGS: tuple[str, ...] = ("h2", "h3", "h4")
TEASER_MIN_CARDS: int = 3
TEASER_MIN_HEADING_CHARS: int = 10
TEASER_HEADING_LINK_SHARE: float = 0.5
TEASER_MAX_CHARS_PER_CARD: int = 250
#: ... and no single block beside the headings longer than this (that is prose)
TEASER_MAX_BLOCK_CHARS: int = 400

#: a block whose share of link text is at least this is a link list
LINK_DENSITY_MIN: float = 0.6
#: ... when it has at least this many links and this many characters of text
LINK_DENSITY_MIN_LINKS: int = 3
LINK_DENSITY_MIN_CHARS: int = 20
#: ... unless it holds prose: at least this many characters outside links in children whose
#: own link density is at most LINK_PROSE_MAX_DENSITY; then only its link-heavy children go
LINK_PROSE_MIN_CHARS: int = 300
LINK_PROSE_MAX_DENSITY: float = 0.25

#: a short block whose text is a copyright notice (a footer left in the article's
#: container, or one the share guard kept): ``© 2024 ...``, ``Copyright (c) 2019 ...``,
#: ``... All rights reserved.``; a photo credit (``© Jane Doe/Agency``) is not one
COPYRIGHT_TAGS: frozenset[str] = frozenset({"p", "div", "li", "td", "section"})
#: ... that holds no figure and is not in one (a photo's credit is its caption's; a bare
#: ``<img>`` is allowed: footers carry the site's logo beside the notice)
MEDIA_TAGS: tuple[str, ...] = ("figure", "figcaption", "picture", "video")
COPYRIGHT_MAX_CHARS: int = 200
COPYRIGHT_NOTICE = re.compile(
    r"^\W*(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:19|20)\d\d\b|\ball rights reserved\b",
    re.IGNORECASE)

#: a block matched only by its class/id tokens is kept when it holds at least this many
#: characters of <p> text: long prose is content whatever a modifier class says
#: (``section--ads`` around a chapter of the article); its children are still searched
PROSE_GUARD_CHARS: int = 400

#: a block matched only by its class/id tokens is kept when its tokens also name it the
#: article's standfirst: the word is used for nothing else, while the other words of a
#: component name are often generic (``data-component="Article : standfirst_cta"`` is the
#: lede, not a call to action). Measured on the bench folders: every block pruned while
#: carrying it was article text. Its children are still searched.
STANDFIRST_TOKENS: frozenset[str] = frozenset({"standfirst"})

#: rules the share guard does not apply to: a modal overlay is never the article, however
#: much text it holds
UNGUARDED_RULES: frozenset[str] = frozenset({"dialog"})

#: never remove an element holding more than this share of the page's <p> text
GUARD_SHARE: float = 0.4
#: pages with less <p> text than this guard on all text instead (text in <div>/<br> pages)
GUARD_MIN_P_CHARS: int = 200

#: ids of hidden containers that are not hidden content: React streaming SSR parks
#: rendered segments in ``<div hidden id="S:1">`` and a script moves them into the page
HIDDEN_EXEMPT_ID = re.compile(r"^[SBP]:\d+$")

#: characters lxml refuses in text it is asked to set (the parser lets some through)
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: class/id tokeniser: split camelCase, then take lowercase alphanumeric runs
CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")
TOKEN = re.compile(r"[a-z0-9]+")

#: length of the block text kept in a Removal
REMOVAL_TEXT_CHARS: int = 300
