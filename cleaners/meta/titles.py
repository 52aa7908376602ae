"""Choose a page title and strip the site name around it.

``"Wero besteht Praxistest | Börsen-Zeitung"`` loses ``| Börsen-Zeitung`` because that
segment matches the site name (``og:site_name``, the publisher, the host name). Separators
only count with spaces around them (`` - ``, `` | ``) or in their full-width CJK forms, so
hyphenated words are never cut. Candidates (JSON-LD headline, ``og:title``, ``<h1>``,
``<title>``) are compared on a folded key to see which agree.

Kickers: ``"Iranischer Angriff auf Israel: «X»"`` (og:title) and ``"Eskalation im Nahen Osten
- «X»"`` (``<h1>``) put different kickers in front of the same headline, so the headline is
``«X»``. A kicker the sources agree on is kept, and when JSON-LD leaves out a kicker that
og:title shows, the majority of the title sources decides.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from newsclean.cleaners.text.dates import DATE_WORDS
from newsclean.cleaners.textkeys import alnum_key
from newsclean.words import count_words

_SEPARATORS = r"|\-\u2013\u2014\u00b7\u2022\u01c0\u2502\u22c6/"
_SEPARATOR = re.compile(
    rf"\s+(?:[{_SEPARATORS}@]|::?|--)\s+|\s*[\uff5c\uff1a\u2502]\s*")
#: "»" separates segments only in titles that do not quote with « »
_SEPARATOR_GUILLEMET = re.compile(
    rf"\s+(?:[{_SEPARATORS}@\u00bb]|::?|--)\s+|\s*[\uff5c\uff1a\u2502]\s*")
#: a colon with spaces on both sides joins breadcrumb parts: ``Site : Section : Headline``
_BREADCRUMB = " : "
_TRAILING_SEPARATOR = re.compile(rf"\s+[{_SEPARATORS}:]+$")
_COLON_TAIL = re.compile(r":\s+([^:]{1,60})$")
#: where a ``<title>`` may join its headline to site and section names: the separators,
#: a colon, a bare pipe, a breadcrumb arrow, a dash glued to the word before, `` , ``
_PART_BOUNDARY = re.compile(
    rf"{_SEPARATOR.pattern}|:\s+|\s*\|\s*|\s+[>»]\s+|(?<=\w)-\s+|\s+,\s+|\s*_(?=[^\W\d_])"
    r"|\s*[(\uff08]")
#: a displayed part must have this many words (not a site name, a kicker, "Home")
MIN_DISPLAYED_TOKENS = 3
_TOKEN = re.compile(r"\w+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200f\u2060\ufeff]")
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ø": "oe", "æ": "ae",
                           "å": "aa"})
#: words a site-name segment may carry besides the name itself
GENERIC = frozenset("""
news nachrichten online digital the de com net org at ch uk co es fr it www web media tv
today live noticias notizie actualites la le el die der das les il lo los las edition
""".split())
MAX_SITE_TOKENS = 5
#: ``Kicker: headline`` / ``Kicker - headline`` boundaries
_KICKER_SEPARATOR = re.compile(r"\s*:\s+|\s+[-\u2013\u2014|/]\s+")
MAX_KICKER_TOKENS = 8
MIN_HEADLINE_TOKENS = 3
_SECOND_LEVEL = frozenset(("co", "com", "org", "net", "gov", "ac", "or", "ne", "go", "edu"))


#: a button or link label that a heading-like element carries (``MAIL THIS STORY``, ``Save
#: & Share this Article``, ``Post a comment on this article``, ``Email To Friend``)
_UI_PHRASE = re.compile(
    r"^(?:e-?mail|mail|send|share|save|print|post|write|leave|add|read|view|see|show|"
    r"bookmark|recommend|comment|rate|report)\b.{0,40}?\b(?:story|stories|article|articles|"
    r"page|friends?|comments?|reply|replies|editor|post)\b\W*$"
    r"|^(?:back to top|top of page|skip to (?:main )?content)\W*$", re.I)
MAX_UI_WORDS = 8
#: the text cleaner's date words, and the labels and clock words a headline slot adds
_DATE_WORDS = DATE_WORDS | frozenset((
    "a.m", "p.m", "hrs", "last", "updated", "update", "posted", "published", "online",
    "aktualisiert", "stand"))
_DATE_TOKEN = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*|\d+")


def is_dateline(text: str) -> bool:
    """A date or time line (``Last Updated: 6:10 PM Dec 31, 2007``, ``Thu, 10 Jan 2008
    01:40:05``, ``Tuesday January 15``): a number, and no word but month and day names,
    clock and zone words and date labels (an upper-case tag of up to four letters, a wire's
    or a zone's, allowed once)."""
    tokens = _DATE_TOKEN.findall(text)
    if not any(t.isdigit() for t in tokens):
        return False
    others = [t for t in tokens if not t.isdigit() and t.casefold() not in _DATE_WORDS]
    return not others or (len(others) == 1 and others[0].isupper() and len(others[0]) <= 4)


def not_a_headline(text: str) -> bool:
    """A UI phrase (:data:`_UI_PHRASE`) or a date line (:func:`is_dateline`) is never a
    headline, whatever element holds it."""
    return bool(count_words(text) <= MAX_UI_WORDS and _UI_PHRASE.match(text)) or is_dateline(
        text)


def clean_text(value: str | None) -> str:
    """Unescape entities, drop zero-width characters and collapse whitespace."""
    if not value:
        return ""
    text = str(value)
    if "&" in text:
        text = html.unescape(html.unescape(text))
    return " ".join(_ZERO_WIDTH.sub("", text).split())


@lru_cache(maxsize=8192)
def _keys(name: str) -> frozenset[str]:
    """Folded keys of a name, with and without German-style transliteration."""
    low = unicodedata.normalize("NFKC", name).casefold()
    keys = (alnum_key(low), alnum_key(low.translate(_TRANSLIT)))
    return frozenset(k for k in keys if len(k) >= 2)


def host_label(host: str | None) -> str | None:
    """The registered name of a host: ``www.boersen-zeitung.de`` -> ``boersen-zeitung``."""
    if not host:
        return None
    labels = [x for x in host.lower().split(".") if x and x != "www"]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else (labels[0] if labels else None)


def site_keys(names: Iterable[str | None], host: str | None = None) -> frozenset[str]:
    """Folded keys of every name the site goes by, plus its host label."""
    keys: set[str] = set()
    for name in [*names, host_label(host)]:
        if name:
            keys |= _keys(name) | _keys(" ".join(_core_tokens(name)))
    return frozenset(keys)


def _core_tokens(name: str) -> list[str]:
    """The words of a site name without generic ones at its ends: ``The Riverton Gazette``
    is also ``Riverton Gazette``, ``Gazette Online`` also ``Gazette``."""
    tokens = _TOKEN.findall(unicodedata.normalize("NFKC", name).casefold())
    while tokens and tokens[0] in GENERIC:
        tokens.pop(0)
    while tokens and tokens[-1] in GENERIC:
        tokens.pop()
    return tokens


def is_site_segment(segment: str, keys: frozenset[str]) -> bool:
    """Does this title segment name the site (``Börsen-Zeitung``, ``news.ORF.at``)?"""
    tokens = _TOKEN.findall(unicodedata.normalize("NFKC", segment).casefold())
    if not tokens or len(tokens) > MAX_SITE_TOKENS or not keys:
        return False
    if _keys(segment) & keys:
        return True
    for i in range(len(tokens)):
        for j in range(i + 1, len(tokens) + 1):
            run = "".join(tokens[i:j])
            if _keys(run) & keys and all(t in GENERIC for t in tokens[:i] + tokens[j:]):
                return True
    return False


def _segments(title: str) -> tuple[list[str], list[str]]:
    parts: list[str] = []
    seps: list[str] = []
    last = 0
    pattern = _SEPARATOR if "\u00ab" in title else _SEPARATOR_GUILLEMET
    for m in pattern.finditer(title):
        parts.append(title[last:m.start()])
        seps.append(m.group())
        last = m.end()
    parts.append(title[last:])
    return parts, seps


def _join(parts: Sequence[str], seps: Sequence[str]) -> str:
    out = parts[0]
    for sep, part in zip(seps, parts[1:], strict=False):
        out += sep + part
    return out.strip()


def _around_reference(parts: Sequence[str], seps: Sequence[str], strong: set[str],
                      weak: set[str]) -> str | None:
    """The part of a split title equal to another candidate. A weak reference (an ``<h1>``,
    which may be the site's own name) only counts when it is the longer side."""
    for i in range(1, len(parts)):
        head, tail = _join(parts[:i], seps[:i - 1]), _join(parts[i:], seps[i:])
        for part, rest in ((head, tail), (tail, head)):
            key = alnum_key(part)
            if key in strong or (key in weak and len(part) >= len(rest)):
                return part
    return None


def strip_site_name(title: str, keys: frozenset[str], references: Iterable[str] = (),
                    weak_references: Iterable[str] = ()) -> str:
    """Remove leading/trailing segments naming the site, or around a known other title."""
    title = _TRAILING_SEPARATOR.sub("", clean_text(title))
    colon = _COLON_TAIL.search(title)
    if colon and is_site_segment(colon[1], keys):
        title = title[:colon.start()].strip()
    parts, seps = _segments(title)
    if len(parts) < 2:
        return title
    found = _around_reference(parts, seps, {alnum_key(r) for r in references if r},
                              {alnum_key(r) for r in weak_references if r})
    if found:
        return found
    breadcrumb = (len(parts) > 2 or is_site_segment(parts[0], keys)) and all(
        sep == _BREADCRUMB for sep in seps)
    while len(parts) > 1 and _affix(parts[-1], keys):
        parts, seps = parts[:-1], seps[:-1]
    while len(parts) > 1 and _affix(parts[0], keys):
        parts, seps = parts[1:], seps[1:]
    # ``The Hindu : National : Headline``: the site (or the first of three parts and more)
    # comes first, then its sections, then the story
    return parts[-1].strip() if breadcrumb else _join(parts, seps)


def _affix(segment: str, keys: frozenset[str]) -> bool:
    """A title segment that is no part of the headline: the site's name or its initials
    (``AHN``), a date (``January 15, 2008``) or a number without words (a version, ``6.0``)."""
    text = segment.strip()
    return (is_site_segment(text, keys) or is_site_initials(text, keys) or is_dateline(text)
            or (bool(text) and not any(c.isalpha() for c in text)))


_INITIALS = re.compile(r"[A-Z]{2,5}")


def is_site_initials(segment: str, keys: frozenset[str]) -> bool:
    """An upper-case abbreviation whose letters start a site key and follow in it in order
    (``AHN`` for ``allheadlinenews``)."""
    if not _INITIALS.fullmatch(segment):
        return False
    letters = segment.lower()
    for key in keys:
        if key[:1] == letters[0] and len(key) > len(letters):
            rest = iter(key[1:])
            if all(c in rest for c in letters[1:]):
                return True
    return False


_NOT_ALNUM = re.compile(r"[\W_]+")


def shown_key(text: str) -> str:
    """The fold :func:`displayed_part` compares on: casefolded letters and digits only (no
    accent stripping: the body text is long, and both sides are folded alike)."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


def has_parts(title: str) -> bool:
    """Does ``title`` have a boundary :func:`displayed_part` could cut at?"""
    return _PART_BOUNDARY.search(title) is not None


def displayed_part(title: str, shown: str, keys: frozenset[str] = frozenset()) -> str | None:
    """The part of a ``<title>`` the page shows, when the whole of it is not shown.

    ``shown`` is the folded text (:func:`shown_key`) of the page body. A ``<title>`` like
    ``"CANOE -- SLAM! Sports - Columnists - Unkle: Home woes for Flyers"`` joins the
    headline to site and section names; the headline is the longest run of parts between
    boundaries (separator, colon, pipe, breadcrumb arrow) that the body displays, of at least
    :data:`MIN_DISPLAYED_TOKENS` words and not naming the site (``keys``). ``None`` when
    the whole title is displayed, or no part is."""
    title = clean_text(title)
    if not title or shown_key(title) in shown:
        return None
    cuts = [(0, 0), *((m.start(), m.end()) for m in _PART_BOUNDARY.finditer(title)),
            (len(title), len(title))]
    found: list[str] = []
    for i, (_, start) in enumerate(cuts[:-1]):
        for end, _ in cuts[i + 1:]:
            part = title[start:end].strip()
            if (part != title and count_words(part) >= MIN_DISPLAYED_TOKENS
                    and shown_key(part) in shown and not is_site_segment(part, keys)):
                found.append(part)
    return max(found, key=lambda part: len(alnum_key(part))) if found else None


@dataclass(frozen=True, slots=True)
class TitleCandidates:
    """Raw title texts found on a page, by source."""

    jsonld: str | None = None
    opengraph: str | None = None
    h1: tuple[str, ...] = ()
    title_tag: str | None = None
    others: tuple[str, ...] = ()


def _kicker_splits(title: str) -> dict[str, tuple[str, str]]:
    """``{folded headline: (kicker, headline)}`` for each kicker boundary in ``title``."""
    out: dict[str, tuple[str, str]] = {}
    for m in _KICKER_SEPARATOR.finditer(title):
        kicker, headline = title[:m.start()].strip(), title[m.end():].strip()
        if (kicker and len(_TOKEN.findall(kicker)) <= MAX_KICKER_TOKENS
                and len(_TOKEN.findall(headline)) >= MIN_HEADLINE_TOKENS):
            out[alnum_key(headline)] = (kicker, headline)
    return out


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def shared_headline(a: str, b: str) -> str | None:
    """The headline two titles share behind *different* kickers, else ``None``.

    The shared part must be all they have in common at the end, so ``"Kultur : X: Y"`` and
    ``"X: Y"`` (one kicker, not two) or ``"I sell Walt Disney ..."`` and ``"I sell Disney ..."``
    (a reworded headline) do not count.
    """
    splits_a, splits_b = _kicker_splits(a), _kicker_splits(b)
    if not splits_a or not splits_b:
        return None
    common = _common_suffix(alnum_key(a), alnum_key(b))
    for key, (_, headline) in splits_a.items():
        if len(key) == common and key in splits_b:
            return headline
    return None


def _kicker_by_majority(jsonld: str, opengraph: str, shown: Sequence[str]) -> bool:
    """og:title is the JSON-LD headline with a kicker in front (``"Nationale Demo / Der 9.
    Juli naht"`` against ``"Der 9. Juli naht"``) and more of the page's title sources
    (JSON-LD, og:title, ``<h1>``, ``<title>``) show the kicker than leave it out: it is part of
    the headline. A tie keeps the JSON-LD form."""
    ld, og = alnum_key(jsonld), alnum_key(opengraph)
    if not ld or not og or ld == og or not og.endswith(ld):
        return False
    keys = [alnum_key(text) for text in shown if text]
    return keys.count(og) > keys.count(ld)


def agrees(h1: str, other: str) -> bool:
    """Same headline, allowing a kicker line in front of the ``<h1>`` text."""
    a, b = alnum_key(h1), alnum_key(other)
    return bool(b) and (a == b or (a.endswith(b) and len(b) >= 0.5 * len(a)))


def _seo_headline(jsonld: str, opengraph: str, title_tag: str, h1s: Sequence[str]) -> bool:
    """The JSON-LD headline only repeats the ``<title>`` (an SEO title) while og:title and
    the visible ``<h1>`` agree on another headline: the editorial one should win."""
    if not (jsonld and opengraph and title_tag) or alnum_key(jsonld) == alnum_key(opengraph):
        return False
    return (alnum_key(jsonld) == alnum_key(title_tag)
            and any(agrees(h, opengraph) for h in h1s)
            and not any(agrees(h, jsonld) for h in h1s))


def headline_within(title: str, headlines: Sequence[str], keys: frozenset[str],
                    leading_only: bool = False) -> str | None:
    """The displayed headline (an ``<h1>``, a headline element) that is a run of parts of
    ``title`` and less than all of it, else ``None``: the reader sees the headline, the rest
    names the site, section, author or adds a subtitle (``"Headline | Eleanor Roy | The
    Guardian"``, ``"Headline（CNET Japan）"``, ``"Site > National > Headline"``). It must be
    a headline (:data:`MIN_DISPLAYED_TOKENS` words, not the site name) and longer than each
    other part (a site, section, date or byline; not a blog's name before its post's
    headline, nor a section ``<h1>`` after the headline). The parts are cut where
    :data:`_PART_BOUNDARY` allows, an opening parenthesis too (``"Headline (from The
    Gazette)"``). With ``leading_only`` it must start the title (a
    structured headline's kicker is the publisher's choice, not a section label)."""
    key = alnum_key(title)
    wanted = {alnum_key(h): h for h in headlines
              if count_words(h) >= MIN_DISPLAYED_TOKENS and not is_site_segment(h, keys)}
    wanted = {k: h for k, h in wanted.items() if k and k != key and k in key}
    if not wanted:
        return None
    cuts = [(0, 0), *((m.start(), m.end()) for m in _PART_BOUNDARY.finditer(title)),
            (len(title), len(title))]
    parts = [count_words(title[a:b]) for (_, a), (b, _) in pairwise(cuts)]
    for i, (_, start) in enumerate(cuts[:1] if leading_only else cuts[:-1]):
        for j, (end, _) in enumerate(cuts[i + 1:], start=i + 1):
            found = wanted.get(alnum_key(title[start:end]))
            if found and all(words < count_words(found) for words in parts[:i] + parts[j:]):
                return found
    return None


def choose_title(c: TitleCandidates, keys: frozenset[str]) -> tuple[str, str] | None:
    """Pick ``(title, origin)``: :func:`_choose`, or the ``<h1>`` it holds
    (:func:`headline_within`)."""
    h1s = [text for h in c.h1 if (text := clean_text(h)) and not not_a_headline(text)]
    chosen = _choose(c, keys, h1s)
    if chosen is None:
        return None
    inner = headline_within(chosen[0], h1s, keys, leading_only=chosen[1] != "title")
    return (inner, "h1") if inner else chosen


def _choose(c: TitleCandidates, keys: frozenset[str],
            h1s: Sequence[str]) -> tuple[str, str] | None:
    """Pick ``(title, origin)`` (``h1s``: the page's ``<h1>`` texts, cleaned).

    A headline that JSON-LD, og:title or the ``<h1>`` show behind different kickers comes
    first; og:title wins over a JSON-LD headline that only repeats an SEO ``<title>`` or
    that leaves out a kicker most sources show; otherwise the JSON-LD headline, else
    og:title, else an ``<h1>`` the ``<title>`` (or another title meta) confirms (in the
    ``<h1>``'s own punctuation when only that differs: it is what is shown), else the
    one ``<h1>`` of the page when it is a headline (three words or more, not the site's
    name) that the ``<title>`` does not hold (an SEO title: the reader sees the ``<h1>``),
    else the ``<title>``.
    """
    refs = [r for r in (c.jsonld, c.opengraph) if r]
    cleaned = {
        "json-ld": strip_site_name(c.jsonld or "", keys),
        "opengraph": strip_site_name(c.opengraph or "", keys),
        "title": strip_site_name(c.title_tag or "", keys, refs, h1s),
    }
    others = [strip_site_name(o, keys, refs, h1s) for o in c.others if o]
    # <title> takes no part in the kicker comparison: it often puts a section name in
    # front of the headline ("Politik - ..."), which is not a kicker of the story
    headlines = [("json-ld", cleaned["json-ld"]), ("opengraph", cleaned["opengraph"]),
                 *(("h1", h) for h in h1s[:1])]
    for i, (origin, first) in enumerate(headlines):
        for _, second in headlines[i + 1:]:
            shared = first and second and shared_headline(first, second)
            if shared:
                return shared, origin
    if _seo_headline(cleaned["json-ld"], cleaned["opengraph"], cleaned["title"], h1s):
        return cleaned["opengraph"], "opengraph"
    if _kicker_by_majority(cleaned["json-ld"], cleaned["opengraph"],
                           [text for _, text in headlines] + [cleaned["title"]]):
        return cleaned["opengraph"], "opengraph"
    for origin in ("json-ld", "opengraph"):
        if cleaned[origin]:
            return cleaned[origin], origin
    support = [cleaned["title"], *others]
    for h in h1s:
        match = next((s for s in support if s and agrees(h, s)), None)
        if match:
            return (h if alnum_key(h) == alnum_key(match) else match), "h1"
    shown_h1 = next((h for h in h1s if count_words(h) >= MIN_DISPLAYED_TOKENS
                     and not is_site_segment(h, keys)), None)
    if shown_h1 and len(h1s) == 1 and alnum_key(shown_h1) not in alnum_key(cleaned["title"]):
        return shown_h1, "h1"
    if cleaned["title"]:
        return cleaned["title"], "title"
    if h1s:
        return h1s[0], "h1"
    return (others[0], "meta") if others else None
