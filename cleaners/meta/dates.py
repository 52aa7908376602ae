"""Parse publication dates into ISO 8601 and choose between competing sources.

Values keep their own zone: ``2025-06-05T14:46:12+02:00`` stays as it is, a value without a
zone stays naive. Numeric dates whose day and month could be swapped (``05/06/2025``) are
resolved with the date in the URL path when there is one, else with the page language.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from dateutil import parser as du_parser
from dateutil import tz as du_tz

log = logging.getLogger(__name__)

MIN_YEAR = 1990
_ISO = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}:\d{2}(?::\d{2})?)(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$",
    re.I)
_NUMERIC = re.compile(
    r"\b(\d{1,2})[./-]\s?(\d{1,2})[./-]\s?(\d{4}|\d{2})\b"
    r"(?:\D{0,12}?(\d{1,2})[:.h](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?", re.I)
_URL_DATE = (
    re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_]|$)"),
    re.compile(r"/((?:19|20)\d{2})/(\d{2})(\d{2})/"),
    re.compile(r"[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)"),
)
_ZONE_AFTER = re.compile(r"\s*(?:Uhr\s*|h\s*)?\(?([A-Z]{2,5})\b")
_PAREN = re.compile(r"\([^)]*\)")
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-]\d{2}:?\d{2})\b")
_RFC2822 = re.compile(r"^[A-Za-z]{3},\s*\d{1,2}\s+[A-Za-z]{3}\s+\d{4}")
_TZ_NAMES = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 3600, "BST": 3600, "IST": 19800,
    "CET": 3600, "CEST": 7200, "MEZ": 3600, "MESZ": 7200, "EET": 7200, "EEST": 10800,
    "EST": -18000, "EDT": -14400, "CST": -21600, "CDT": -18000, "MST": -25200,
    "MDT": -21600, "PST": -28800, "PDT": -25200, "JST": 32400, "KST": 32400,
    "AEST": 36000, "AEDT": 39600, "MSK": 10800,
}
_TZINFOS = {name: du_tz.tzoffset(name, off) for name, off in _TZ_NAMES.items()}
#: languages whose numeric dates put the month first when no other hint exists
_MONTH_FIRST = ("en-us", "en-ph", "en-ca", "en")


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A parsed value: the datetime, whether the source gave a time of day, and its source."""

    value: datetime
    has_time: bool
    source: str = ""

    @property
    def iso(self) -> str:
        """ISO 8601 text, seconds precision; an offset only when the source gave a zone.
        A value without time of day is written as a bare date."""
        if not self.has_time:
            return self.value.date().isoformat()
        return self.value.replace(microsecond=0).isoformat(timespec="seconds")


def _plausible(dt: datetime) -> bool:
    return MIN_YEAR <= dt.year <= datetime.now().year + 1


def _iso(text: str) -> ParsedDate | None:
    m = _ISO.match(text)
    if not m:
        return None
    day, clock, frac, zone = m.groups()
    rebuilt = day + (f"T{clock.zfill(5) if len(clock) < 5 else clock}" if clock else "")
    rebuilt += (frac or "")[:7] if clock else ""
    if zone:
        zone = "+00:00" if zone.upper() == "Z" else zone
        rebuilt += zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
    try:
        dt = datetime.fromisoformat(rebuilt)
    except ValueError:
        return None
    return ParsedDate(dt, bool(clock))


def _two_digit_year(year: int) -> int:
    return year + 2000 if year < 100 else year


def _order(a: int, b: int, year: int, *, month_first: bool,
           hint: date | None) -> list[tuple[int, int]]:
    """Readings of ``a/b`` as (day, month), most likely first."""
    options = [(b, a), (a, b)] if month_first else [(a, b), (b, a)]
    options = [(d, mo) for d, mo in options if 1 <= mo <= 12 and 1 <= d <= 31]
    if hint is not None:
        options.sort(key=lambda dm: (hint.year, hint.month, hint.day) != (year, dm[1], dm[0]))
        options.sort(key=lambda dm: (hint.year, hint.month) != (year, dm[1]))
    return options


def _with_time(dt: datetime, m: re.Match[str]) -> ParsedDate:
    if not m[4]:
        return ParsedDate(dt, False)
    hour = int(m[4])
    if m[7]:
        hour = hour % 12 + (12 if m[7][0].lower() == "p" else 0)
    try:
        dt = dt.replace(hour=hour, minute=int(m[5]), second=int(m[6] or 0))
    except ValueError:
        return ParsedDate(dt, False)
    zone = _ZONE_AFTER.match(m.string, m.end())
    if zone and zone[1] in _TZ_NAMES:
        dt = dt.replace(tzinfo=timezone(timedelta(seconds=_TZ_NAMES[zone[1]])))
    return ParsedDate(dt, True)


def _numeric(text: str, *, month_first: bool, hint: date | None) -> ParsedDate | None:
    m = _NUMERIC.search(text)
    if not m:
        return None
    year = _two_digit_year(int(m[3]))
    for d, mo in _order(int(m[1]), int(m[2]), year, month_first=month_first, hint=hint):
        try:
            return _with_time(datetime(year, mo, d), m)
        except ValueError:
            continue
    return None


def _fuzzy(text: str) -> ParsedDate | None:
    text = _GMT_OFFSET.sub(r"\1", _PAREN.sub(" ", text)).strip()
    if _RFC2822.match(text):
        try:
            return ParsedDate(parsedate_to_datetime(text), True)
        except (TypeError, ValueError, IndexError):
            log.debug("not an RFC 2822 date: %r", text)
    try:
        dt = du_parser.parse(text, tzinfos=_TZINFOS, fuzzy=False)
    except (ValueError, OverflowError, TypeError) as exc:
        log.debug("unparseable date %r: %s", text, exc)
        return None
    if isinstance(dt.tzinfo, du_tz.tzlocal):
        dt = dt.replace(tzinfo=None)
    return ParsedDate(dt, bool(re.search(r"\d:\d\d", text)))


def parse_date(value: str | None, *, source: str = "", language: str | None = None,
               hint: date | None = None) -> ParsedDate | None:
    """Parse one date string; ``None`` when it is not a plausible date.

    ``language`` (an html ``lang`` value) and ``hint`` (the date found in the URL) decide
    between day-first and month-first readings of ambiguous numeric dates.
    """
    if not value:
        return None
    text = " ".join(str(value).split())[:120]
    if not text or not re.search(r"\d", text) or re.fullmatch(r"\d{9,}", text):
        return None
    parsed = _iso(text)
    if parsed is None and re.match(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}", text):
        month_first = (language or "").lower().replace("_", "-") in _MONTH_FIRST
        parsed = _numeric(text, month_first=month_first, hint=hint)
    if parsed is None and re.search(r"[A-Za-z]{3}", text):
        parsed = _fuzzy(text)
    if parsed is None or not _plausible(parsed.value):
        return None
    return ParsedDate(parsed.value, parsed.has_time, source)


_MONTHS = {
    name: number
    for number, names in enumerate((
        "january jan januar janvier enero gennaio janeiro januari stycznia",
        "february feb februar février fevrier febrero febbraio fevereiro februari",
        "march mar märz maerz mars marzo março marco maart",
        "april apr avril abril aprile",
        "may mai mayo maggio maio mei",
        "june jun juni juin junio giugno junho",
        "july jul juli juillet julio luglio julho",
        "august aug août aout agosto augustus",
        "september sep sept septembre septiembre settembre setembro",
        "october oct oktober octobre octubre ottobre outubro",
        "november nov novembre noviembre novembro",
        "december dec dezember décembre decembre diciembre dicembre dezembro",
    ), start=1)
    for name in names.split()
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TIME_AFTER = r"(?:\D{0,16}?(\d{1,2})[:.h](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?"
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})\.?\s+(?:de\s+)?({_MONTH_ALT})\.?,?\s+(?:de\s+)?(\d{{4}})" + _TIME_AFTER,
    re.I)
_MONTH_DAY = re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})"
                        + _TIME_AFTER, re.I)
_ISO_IN_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?"
                          r"(?:Z|[+-]\d{2}:?\d{2})?)?")


def _textual(text: str) -> ParsedDate | None:
    for pattern, order in ((_DAY_MONTH, (1, 2)), (_MONTH_DAY, (2, 1))):
        m = pattern.search(text)
        if not m:
            continue
        day, month = int(m[order[0]]), _MONTHS.get(m[order[1]].lower().rstrip("."))
        try:
            found = datetime(int(m[3]), month or 0, day)
        except ValueError:
            continue
        return _with_time(found, m)
    return None


def find_in_text(text: str, *, source: str = "", language: str | None = None,
                 hint: date | None = None) -> ParsedDate | None:
    """The first date written in a visible text (a dateline like ``Do 25.04.24 | 14:07``)."""
    text = " ".join(text.split())[:300]
    month_first = (language or "").lower().replace("_", "-") in _MONTH_FIRST
    m = _ISO_IN_TEXT.search(text)
    found = _iso(m.group()) if m else None
    found = found or _numeric(text, month_first=month_first, hint=hint) or _textual(text)
    if found is None or not _plausible(found.value):
        return None
    return ParsedDate(found.value, found.has_time, source)


def url_date(url: str | None) -> date | None:
    """The date written in a URL path (``/2024/07/17/``, ``/2024-07-17-``, ``/20240717``)."""
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
    without time takes the time of a later candidate on the same calendar day.
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
    return chosen


def _day(parsed: ParsedDate) -> date:
    return parsed.value.date()
