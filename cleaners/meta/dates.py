"""Choose a page's publication date among competing candidates.

Candidates come from structured data (parsed with :func:`newsclean.dates.parse_date`), from
visible dateline elements (:func:`dateline_dates`), from the URL path (:func:`url_date`, also
the hint that settles day/month order) and, last, from htmldate (:func:`htmldate_dates`, its
extensive search in :mod:`newsclean.cleaners.meta.extensive`).
:func:`choose` takes the first one and repairs its zone or time from the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone

import htmldate
from lxml import html as lxml_html

from newsclean.cleaners.meta.extensive import HTMLDATE_FORMAT, at_midnight_no_time, extensive_date
from newsclean.dates import MIN_YEAR, ParsedDate, find_date, parse_date

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
    of :func:`newsclean.cleaners.meta.extensive.extensive_date`. Both work on copies of the
    tree; the extensive search costs more and runs only on pages without any other date."""
    found = _htmldate(tree, url) or extensive_date(tree, tree.get("lang"))
    return [found] if found is not None else []


def _htmldate(tree: lxml_html.HtmlElement, url: str | None) -> ParsedDate | None:
    found = htmldate.find_date(tree, original_date=True, url=url, extensive_search=False,
                               outputformat=HTMLDATE_FORMAT)
    return at_midnight_no_time(parse_date(found, source="htmldate"))


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
        elif chosen.has_time and _utc_without_zone(chosen, other):
            chosen = ParsedDate(chosen.value.replace(tzinfo=UTC).astimezone(other.value.tzinfo),
                                True, chosen.source)
        elif not chosen.has_time and other.has_time and _day(other) == _day(chosen):
            chosen = other
    if chosen.has_time and _is_utc(chosen.value):
        for other in items[1:]:
            offset = _local_offset(chosen.value, other)
            if offset is not None:
                return ParsedDate(chosen.value.astimezone(timezone(offset)), True,
                                  chosen.source)
    return chosen


def _utc_without_zone(chosen: ParsedDate, other: ParsedDate) -> bool:
    """``chosen`` gives no zone and its clock is the UTC time of ``other``, which names a
    real offset (``<time datetime="2016-11-29T15:00:19">`` beside ``10:00am EST``): it is
    that instant written in UTC without its ``Z``; ``other`` says it the page's way."""
    if chosen.value.tzinfo is not None or not other.has_time or other.value.tzinfo is None:
        return False
    if _is_utc(other.value):
        return False
    utc = other.value.astimezone(UTC).replace(tzinfo=None)
    return abs(chosen.value - utc) <= timedelta(seconds=60)


_MAX_OFFSET = timedelta(hours=14)
_OFFSET_STEP = timedelta(minutes=15)
_HOUR = timedelta(hours=1)
_NO_ZONE = timedelta(hours=-12)


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
    # -12:00 is no inhabited zone: a clock twelve hours behind is one read as a.m. for p.m.
    if (not difference or abs(difference) > _MAX_OFFSET or difference % step
            or difference == _NO_ZONE):
        return None
    return difference


def _day(parsed: ParsedDate) -> date:
    return parsed.value.date()
