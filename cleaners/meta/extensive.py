"""htmldate's extensive date search, reading with newsclean's date parser instead of dateparser.

``htmldate.find_date(extensive_search=True)`` hands every string its own patterns cannot read
to dateparser: 10-50 ms a string, and 1-2 s of CPU to build its tables in each process on
first use. :func:`extensive_date` runs the same steps (on a copy of the tree, with htmldate's
own readers and gates) and gives those strings to :func:`newsclean.dates.find_date`; nothing
is patched, and dateparser is never imported.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from datetime import datetime, time

from htmldate import core as hd_core
from htmldate import extractors as hd_extractors
from htmldate.settings import CLEANING_LIST, MAX_SEGMENT_LEN, MIN_SEGMENT_LEN
from htmldate.utils import Extractor, clean_html
from htmldate.validators import get_max_date, get_min_date
from lxml import html as lxml_html

from newsclean.dates import MONTHS, ParsedDate, find_date, parse_date

log = logging.getLogger(__name__)

#: what htmldate is asked to write: parse_date reads it back with its zone
HTMLDATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def at_midnight_no_time(parsed: ParsedDate | None) -> ParsedDate | None:
    """htmldate writes a date without time of day as midnight."""
    if parsed is not None and parsed.has_time and parsed.value.time() == time(0, 0):
        return ParsedDate(parsed.value, False, parsed.source)
    return parsed


def extensive_date(tree: lxml_html.HtmlElement, language: str | None) -> ParsedDate | None:
    """htmldate's extensive search (``find_date(extensive_search=True)`` after the markup
    steps) in the same order: the text of every date-like element (class or id ``date``,
    ``time``, ``meta``...), the oldest date among the short text segments, then htmldate's
    patterns over the whole markup. A string htmldate's own readers cannot read goes to
    :func:`newsclean.dates.find_date` (where htmldate would ask dateparser: 10-50 ms a
    string, and 1-2 s to build its tables on first use); dateparser is never called.

    htmldate reports a month or a year found without a day (``May 2024``, a copyright
    line) as the first of the month: no publication day. A first of the month counts only
    where :func:`find_date` reads that day written in the same string."""
    options = Extractor(False, get_max_date(None), get_min_date(None), True, HTMLDATE_FORMAT)
    copy = deepcopy(tree)
    try:
        search_tree = hd_core.discard_unwanted(clean_html(copy, CLEANING_LIST))
    except ValueError as exc:       # NULL bytes or control characters, as htmldate does
        log.debug("lxml's cleaner refused the page (%s): searching it uncleaned", exc)
        search_tree = copy
    return (_in_elements(hd_core.date_candidates(search_tree, True), options, language)
            or _oldest_segment(search_tree, options, language)
            or _in_markup(hd_core.serialize(search_tree), options))


def _in_markup(markup: str, options: Extractor) -> ParsedDate | None:
    """htmldate's patterns over the whole markup; a first of the month only where the
    markup writes that day in full (``01.02.2022``, ``2022/02/01``, ``1 February 2022``)."""
    found = at_midnight_no_time(parse_date(hd_core.search_page(markup, options),
                                            source="htmldate"))
    if found is None or found.value.day != 1 or _writes_first(markup, found.value):
        return found
    return None


def _writes_first(markup: str, day: datetime) -> bool:
    """``markup`` writes the first of ``day``'s month as a full date."""
    y, m = day.year, day.month
    names = "|".join(name for name, number in MONTHS.items() if number == m)
    pattern = (rf"(?<!\d)0?1[./-]\s?0?{m}[./-]\s?{y}(?!\d)|(?<!\d){y}[./-]0?{m}[./-]0?1(?!\d)"
               rf"|(?<!\d)0?{m}/0?1/{y}(?!\d)|{y}\s?[年년]\s?0?{m}\s?[月월]\s?0?1\s?[日일]"
               rf"|(?<!\d)0?1(?:st|er|º)?\.?\s+(?:de\s+)?(?:{names})\.?,?\s+(?:de\s+)?{y}(?!\d)"
               rf"|\b(?:{names})\.?\s+0?1(?:st)?(?:,\s*|\s+){y}(?!\d)")
    return re.search(pattern, markup, re.IGNORECASE) is not None


def _with_a_day(found: ParsedDate | None, text: str = "",
                language: str | None = None) -> ParsedDate | None:
    """``found``, unless it is a first of the month that ``text`` does not write as a day."""
    if found is None or found.value.day != 1:
        return found
    written = find_date(text, language=language) if text else None
    return found if written is not None and written.value.date() == found.value.date() else None


def _read(text: str, options: Extractor, language: str | None) -> ParsedDate | None:
    """One string as htmldate's ``try_date_expr`` reads it, with :func:`find_date` in place
    of dateparser behind the same gates (4 to 18 digits, no price or phone-like parts)."""
    text = " ".join(text.split())[:MAX_SEGMENT_LEN]
    if not text or not 4 <= sum(map(str.isdigit, text)) <= 18:
        return None
    if hd_extractors.DISCARD_PATTERNS.search(text):
        return None
    found = hd_extractors.try_date_expr(text, options.format, False, options.min, options.max)
    if found is not None:
        return _with_a_day(at_midnight_no_time(parse_date(found, source="htmldate")), text,
                           language)
    if not hd_extractors.DAY_TOKEN.search(text):
        return None
    parsed = find_date(text, source="htmldate", language=language)
    if parsed is None or not options.min <= parsed.value.replace(tzinfo=None) <= options.max:
        return None
    return parsed


def _in_elements(elements: list[lxml_html.HtmlElement], options: Extractor,
                 language: str | None) -> ParsedDate | None:
    """The first date in the text (or the ``title``) of a date-like element."""
    if not hd_core.has_plausible_candidates(elements):
        return None
    for element in elements:
        for text in (element.text_content(), element.get("title", "")):
            text = " ".join(text.split())
            if len(text) > MIN_SEGMENT_LEN:
                found = _read(hd_core.NON_DIGITS_REGEX.sub("", text[:MAX_SEGMENT_LEN]), options,
                              language)
                if found is not None:
                    return found
    return None


def _oldest_segment(tree: lxml_html.HtmlElement, options: Extractor,
                    language: str | None) -> ParsedDate | None:
    """The oldest date (by wall clock) among the short text segments of the page."""
    oldest: ParsedDate | None = None
    for segment in hd_extractors.FREE_TEXT_EXPRESSIONS(tree):
        segment = str(segment).strip()
        if MIN_SEGMENT_LEN < len(segment) < MAX_SEGMENT_LEN:
            found = _read(segment, options, language)
            if found is not None and (oldest is None or found.value.replace(tzinfo=None)
                                      < oldest.value.replace(tzinfo=None)):
                oldest = found
    return oldest
