"""Choose a page's publication date among competing candidates.

Candidates come from structured data (parsed with :func:`newsclean.dates.parse_date`), from
visible dateline elements (:func:`dateline_dates`), from the URL path (:func:`url_date`, also
the hint that settles day/month order) and, last, from htmldate (:func:`htmldate_dates`).
:func:`choose` takes the first one and repairs its zone or time from the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from copy import deepcopy
from datetime import date, datetime, time, timedelta, timezone

import htmldate
from htmldate import core as hd_core
from htmldate import extractors as hd_extractors
from htmldate.settings import CLEANING_LIST, MAX_SEGMENT_LEN, MIN_SEGMENT_LEN
from htmldate.utils import Extractor, clean_html
from htmldate.validators import get_max_date, get_min_date
from lxml import html as lxml_html

from newsclean.dates import MIN_YEAR, MONTHS, ParsedDate, find_date, parse_date

_URL_DATE = (
    re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_]|$)"),
    re.compile(r"/((?:19|20)\d{2})/(\d{2})(\d{2})/"),
    # after a separator or a word (``/alert20190402.html``), never after a digit
    re.compile(r"(?:[/_-]|(?<=[^\W\d_]{2}))((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)"),
)
MAX_DATELINES = 15
_MAX_DATELINE_CHARS = 300
DATELINE_XPATH = (
    "//body//*[self::div or self::p or self::span or self::time or self::li or self::small]"
    "[contains(@class,'date') or contains(@class,'Date') or contains(@class,'time') or "
    "contains(@class,'Time') or contains(@class,'datum') or contains(@class,'meta') or "
    "contains(@class,'byline') or contains(@class,'publish') or contains(@class,'lineinfo') or "
    "contains(@class,'tarih') or contains(@class,'fecha') or contains(@class,'data')]"
)


def url_date(url: str | None) -> date | None:
    """The date written in a URL path (``/2024/07/17/``, ``/2024-07-17-``, ``/20240717``,
    ``/alert20240717.html``)."""
    if not url:
        return None
    for pattern in _URL_DATE:
        m = pattern.search(url)
        if m:
            try:
                found = date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
            if MIN_YEAR <= found.year <= datetime.now().year + 1:
                return found
    return None


def dateline_dates(tree: lxml_html.HtmlElement, language: str | None,
                   hint: date | None) -> list[ParsedDate]:
    """The first date in a visible dateline element (class ``date``, ``meta``, ``byline``...)."""
    for node in tree.xpath(DATELINE_XPATH)[:MAX_DATELINES]:
        text = node.text_content()
        if len(text) <= _MAX_DATELINE_CHARS:
            found = find_date(text, source="dateline", language=language, hint=hint)
            if found is not None:
                return [found]
    return []


def htmldate_dates(tree: lxml_html.HtmlElement, url: str | None) -> list[ParsedDate]:
    """Last resort, when neither metadata, ``<time>``, a dateline nor the URL gave a date:
    htmldate on the page's markup, then the extensive search (dates in the page's text)
    of :func:`extensive_date`. Both work on copies of the tree; the extensive search costs
    more and runs only on pages without any other date."""
    found = _htmldate(tree, url) or extensive_date(tree, tree.get("lang"))
    return [found] if found is not None else []


_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def _htmldate(tree: lxml_html.HtmlElement, url: str | None) -> ParsedDate | None:
    found = htmldate.find_date(tree, original_date=True, url=url, extensive_search=False,
                               outputformat=_FORMAT)
    return _at_midnight_no_time(parse_date(found, source="htmldate"))


def _at_midnight_no_time(parsed: ParsedDate | None) -> ParsedDate | None:
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
    options = Extractor(False, get_max_date(None), get_min_date(None), True, _FORMAT)
    try:
        search_tree = hd_core.discard_unwanted(clean_html(deepcopy(tree), CLEANING_LIST))
    except ValueError:      # libxml2 refuses NULL bytes or control characters in the cleaner
        return None
    return (_in_elements(hd_core.date_candidates(search_tree, True), options, language)
            or _oldest_segment(search_tree, options, language)
            or _in_markup(hd_core.serialize(search_tree), options))


def _in_markup(markup: str, options: Extractor) -> ParsedDate | None:
    """htmldate's patterns over the whole markup; a first of the month only where the
    markup writes that day in full (``01.02.2022``, ``2022/02/01``, ``1 February 2022``)."""
    found = _at_midnight_no_time(parse_date(hd_core.search_page(markup, options),
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
    return found if written is not None and _day(written) == _day(found) else None


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
        return _with_a_day(_at_midnight_no_time(parse_date(found, source="htmldate")), text,
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


def _same_wall_clock(a: datetime, b: datetime) -> bool:
    return abs(a.replace(tzinfo=None) - b.replace(tzinfo=None)) <= timedelta(seconds=60)


def _is_utc(dt: datetime) -> bool:
    return dt.tzinfo is not None and dt.utcoffset() == timedelta(0)


def _better_zone(chosen: ParsedDate, other: ParsedDate) -> bool:
    """``other`` states the same wall-clock time as ``chosen`` with a more trustworthy zone."""
    if not other.has_time or other.value.tzinfo is None:
        return False
    if not _same_wall_clock(chosen.value, other.value):
        return False
    if chosen.value.tzinfo is None:
        return True
    return _is_utc(chosen.value) and not _is_utc(other.value)


def choose(candidates: Iterable[ParsedDate]) -> ParsedDate | None:
    """Pick the first (highest priority) candidate, then repair its zone or time from others.

    A time labelled ``Z`` (or given without zone) whose wall clock equals another source's
    time with a real offset is a local time mislabelled: the offset version wins. A date
    without time takes the time of a later candidate on the same calendar day. A UTC time
    that another source writes as the page's local time (:func:`_local_offset`) is given in
    that offset: the same instant, on the day a reader of the page sees.
    """
    items = list(candidates)
    if not items:
        return None
    chosen = items[0]
    for other in items[1:]:
        if chosen.has_time and _better_zone(chosen, other):
            chosen = other
        elif not chosen.has_time and other.has_time and _day(other) == _day(chosen):
            chosen = other
    if chosen.has_time and _is_utc(chosen.value):
        for other in items[1:]:
            offset = _local_offset(chosen.value, other)
            if offset is not None:
                return ParsedDate(chosen.value.astimezone(timezone(offset)), True,
                                  chosen.source)
    return chosen


_MAX_OFFSET = timedelta(hours=14)
_OFFSET_STEP = timedelta(minutes=15)
_HOUR = timedelta(hours=1)


def _local_offset(utc: datetime, other: ParsedDate) -> timedelta | None:
    """The non-zero UTC offset in which ``other`` writes the instant ``utc``: its own offset
    when it names one for the same instant, or, for a time without zone, the difference of
    the wall clocks when that is at most 14 hours and a whole number of hours (of quarter
    hours, ``+05:30``, when ``other`` gives seconds and they agree: a clock to the minute
    matches a quarter-hour shift too often by chance)."""
    if not other.has_time:
        return None
    if other.value.tzinfo is not None:
        offset = other.value.utcoffset()
        same = abs(other.value - utc) <= timedelta(seconds=60)
        return offset if same and offset else None
    wall = utc.replace(tzinfo=None, microsecond=0)
    step = _OFFSET_STEP if other.value.second else _HOUR
    if not other.value.second:
        wall = wall.replace(second=0)
    difference = other.value - wall
    if not difference or abs(difference) > _MAX_OFFSET or difference % step:
        return None
    return difference


def _day(parsed: ParsedDate) -> date:
    return parsed.value.date()
