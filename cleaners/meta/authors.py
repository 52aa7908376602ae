"""Turn raw author strings (JSON-LD, meta tags, visible bylines) into clean person names.

``"By STEVE PEOPLES, THOMAS BEAUMONT and AMELIA THOMSON-DEVEAUX"`` becomes three names;
``"Von Anna Sleegers"`` loses its ``Von``; e-mails, URLs, handles, job titles, dates and UI
words are dropped. Staff/newsroom credits are kept only when no person is named; news
agencies (``AP``, ``dpa``) are kept whenever the page names them as an author.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import unquote

from lxml import html as lxml_html

_SPLIT = re.compile(
    r"\s*(?:[;|\n\u3001\uff0c\u00b7\u2022]|,|\s(?:and|und|et|y|e|og|och|en|ja|i|a|&|\+)\s)\s*",
    re.I)
_PREFIX = re.compile(
    r"^(?:(?:ein(?:e[rn]?)?\s+)?(?:kommentar|gastbeitrag|gastkommentar|analyse|interview|essay|"
    r"reportage|glosse|kolumne)\s+)?(?:(?:additional\s+)?(?:written|reported|reporting|writing|"
    r"posted|published|created|text|story|"
    r"words|geschrieben|verfasst|veröffentlicht|erstellt|publiziert|publié|publicado)\s+)?"
    r"(?:by|von|vom|par|por|door|av|af|from|autor(?:in|en)?|authors?|text|texte|reporting)\b"
    r"(?!\s+(?:der|dem|den|und|zu)\b)[:\s]*"
    r"|^(?:interview|text|texte|fotos?|photos?|bild|recherche|mitarbeit|quelle|source)\s*:\s*",
    re.I)
_NOT_AUTHOR = re.compile(r"^(?:editing|edited|translated|translation|translating|photos?|"
                         r"graphics?|illustrations?|compiled|fact-checked)\s+by\b", re.I)
_LOWER_PREFIX = re.compile(r"^(?:di|da|de|del|por|pelo|pela)\s+(?=[A-ZÀ-Þ])")
_MID_BY = re.compile(r"\b(?:by|von|par|por)\s+(?!der\b|dem\b|den\b|und\b|zu\b)", re.I)
_EMAIL = re.compile(r"\S+@\S+\.\w+|\[email[^\]]*\]")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*", re.I)
_HANDLE = re.compile(r"(?<!\w)@\w+")
_PAREN = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00a9]")
_DATEISH = re.compile(r"\d[.:/-]\d|(?<![\w])\d+(?![\w])")
_EDGE = " \t.,:;|/\\-\u2013\u2014\u00b7\u2022*\"'()[]"


def _fold(text: str) -> str:
    """Casefolded, accents removed: the key names are compared and deduped on."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


JOB_WORDS = frozenset(_fold(w) for w in """
reporter reporterin correspondent korrespondent korrespondentin editor editors redakteur
redakteurin journalist journalistin writer columnist kolumnist kolumnistin producer analyst
photographer fotograf fotografin contributor contributing freelance freelancer senior chief
bureau professor director directeur directrice directora intern anchor moderator moderatorin
presenter host researcher economist commentator chefredakteur herausgeber publisher
leiter leiterin ressortleiter ressortleiterin volontär volontärin gastautor gastautorin
ceo cto cfo coo founder co-founder gründer gründerin geschäftsführer geschäftsführerin
präsident präsidentin president vorsitzender vorsitzende sprecher sprecherin spokesperson
expert experte expertin berater beraterin consultant
nachrichtenagentur correspondant correspondante rédacteur rédactrice redactor redactora
enviado enviada especial periodista giornalista inviato
""".split())
#: word parts that mark a job title inside longer (compound) words
JOB_ROOTS = ("redakteur", "korrespondent", "reporter", "journalist", "universit", "profes",
             "editor", "columnist")
UI_WORDS = frozenset(_fold(w) for w in """
share follow twitter facebook linkedin instagram email e-mail mail bookmark comments comment
more menu print subscribe login log sign updated published posted aktualisiert veröffentlicht
stand photo foto image bild video audio listen hören teilen folgen profile profil about
mehr weiterlesen read uncategorized allgemein kommentar kommentare antworten reply
""".split())
#: values some CMSs put into author fields that never name anyone (the user names of
#: WordPress & co., and the word "news" that section-driven templates put there)
JUNK_NAMES = frozenset(("admin", "administrator", "super user", "superuser", "no author",
                        "unknown", "user", "guest", "webmaster", "wordpress", "default",
                        "news", "nachrichten", "noticias", "notizie", "nieuws", "nyheter",
                        "nyheder", "uutiset", "actualites", "wiadomosci", "noticies", "haber",
                        "haberler", "novosti", "новости", "zpravy", "hirek"))
#: country names that trail author fields ("Frankfurt, Germany")
COUNTRIES = frozenset(("germany", "deutschland", "austria", "osterreich", "switzerland",
                       "schweiz", "suisse", "france", "usa", "uk", "united states",
                       "united kingdom", "italy", "italia", "spain", "espana"))
BOILERPLATE = re.compile(
    r"(?:^|\b|-)(?:staff|redaktion|newsroom|newsdesk|desk|team|editorial|agencies|agenturen|"
    r"wires?|online|digital|admin|administrator|editors?)(?:\b|$)", re.I)
AGENCIES = frozenset((
    "ap", "afp", "dpa", "reuters", "sid", "kna", "epd", "apa", "efe", "ansa", "ddp", "ap/dpa",
    "dpa/ap", "afp/dpa", "dpa-afx", "ritzau", "ntb", "tt", "anp", "belga", "pap", "ctk", "čtk",
    "tass", "ria", "xinhua", "kyodo", "yonhap", "pti", "ians", "aap", "upi", "bloomberg", "sda",
    "associated press", "agence france-presse", "deutsche presse-agentur", "europa press",
    "keystone-sda", "press association", "pa media",
))
MAX_WORDS = 5
MAX_CHARS = 60


def is_agency(name: str) -> bool:
    """A news agency credited as author (``AP``, ``dpa``, ``Reuters``...)."""
    return _fold(name).strip(" .") in AGENCIES


def is_boilerplate(name: str) -> bool:
    """A staff/newsroom credit rather than a person (``Staff``, ``BR24 Redaktion``)."""
    return bool(BOILERPLATE.search(name))


def _is_job_title(words: Sequence[str]) -> bool:
    for word in words:
        w = _fold(word).strip(_EDGE)
        if w in JOB_WORDS or (len(w) > 8 and any(root in w for root in JOB_ROOTS)):
            return True
    return False


def _strip_noise(text: str) -> str:
    text = _ZERO_WIDTH.sub("", html.unescape(text)).strip()
    if text[:1] in "([" and text[-1:] in ")]" and text.count("(") + text.count("[") == 1:
        text = text[1:-1]
    text = _EMAIL.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    return " ".join(_PAREN.sub(" ", text).split())


def clean_name(part: str) -> str | None:
    """One candidate name: stripped of prefixes and noise; ``None`` when it is no name."""
    text = _strip_noise(part).strip(_EDGE)
    if _NOT_AUTHOR.match(text):
        return None
    for _ in range(2):
        text = _PREFIX.sub("", text).strip(_EDGE)
    text = _LOWER_PREFIX.sub("", text).strip(_EDGE)
    if not text or len(text) > MAX_CHARS or _DATEISH.search(text):
        return None
    words = text.split()
    if len(words) > MAX_WORDS or _is_job_title(words):
        return None
    folded = _fold(text)
    if folded in JUNK_NAMES or folded in COUNTRIES or not re.search(r"\w", text):
        return None
    if any(_fold(w).strip(_EDGE) in UI_WORDS for w in words):
        return None
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        text = " ".join(words[:half])
    return text


def split_names(raw: str) -> list[str]:
    """Split a joined byline (``A, B and C``) into cleaned names, in order."""
    text = _strip_noise(raw)
    if re.search(r"\d", text):
        tail = _MID_BY.split(text)
        if len(tail) > 1:
            text = tail[-1]
    names = []
    for part in _SPLIT.split(text):
        name = clean_name(part)
        if name:
            names.append(name)
    return names


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
            key = _fold(name)
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
    "self::picture or self::svg or self::figure or self::figcaption)]"
    "[@rel='author' or contains(@itemprop,'author') or contains(@class,'byline') or "
    "contains(@class,'Byline') or contains(@class,'author') or contains(@class,'Author')]"
)
_SKIP_CLASS = re.compile(r"comment|avatar|image|photo|caption|bio|desc|social|card|teaser|"
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


def _chunks(node: lxml_html.HtmlElement) -> str:
    return "\n".join(t.strip() for t in node.itertext() if t and t.strip())


def _link_names(tree: lxml_html.HtmlElement,
                is_site: Callable[[str], bool] | None) -> tuple[str, ...]:
    """Names of the first links to author pages (``/autoren/max-kolter``)."""
    raws = [_chunks(a) for a in tree.xpath(AUTHOR_LINK_XPATH)[:MAX_AUTHOR_LINKS]]
    return normalize_authors([r for r in raws if r][:1], is_site=is_site)


def _skipped(node: lxml_html.HtmlElement) -> bool:
    """In a comment, teaser, caption or bio block (the node or its parent says so), or a
    link to a category/tag page that a template put in the author row."""
    parent = node.getparent()
    classes = (node.get("class") or "") + " " + (
        (parent.get("class") or "") if parent is not None else "")
    if _SKIP_CLASS.search(classes):
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
    nodes = [n for n in tree.xpath(BYLINE_XPATH)[:MAX_BYLINE_NODES] if not _skipped(n)]
    anchor = None
    raws: list[str] = []
    for leaf in _leaves(nodes):
        text = _chunks(leaf)
        if not text or len(text) > 300:
            continue
        if not _same_byline(leaf, anchor):
            break
        if split_names(text):
            raws.append(text)
            anchor = anchor if anchor is not None else leaf.getparent()
    return normalize_authors(raws, is_site=is_site) or _link_names(tree, is_site)
