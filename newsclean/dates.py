"""Read dates written by people and machines into ``datetime`` values: the one date parser.

Forms: ISO 8601, RFC 2822, numeric (``05.06.2025``, ``09/16/2020``, two- or four-digit
years), year first (``2023/04/28``, ``2023.4.28``, Chinese and Japanese ``2023年4月28日``,
Korean ``2023년 4월 28일``) and textual (``3. März 2021``, ``Sept. 16, 2020``,
``Jan 15,2008``) in the languages of
:data:`MONTHS`, each with an optional time of day before or after it (``14:07``, ``10h30``,
``3:04 p.m.``) and a zone after the time (an abbreviation of :data:`ZONES`, a US generic
zone such as ``ET`` resolved with the US daylight-saving rule, or ``GMT+02:00``).

Values keep their own zone: ``2025-06-05T14:46:12+02:00`` stays as it is, a value without a
zone stays naive. Numeric dates whose day and month could be swapped are read month-first for
US English (or a US zone) and day-first otherwise; a ``hint`` (the date in the URL) wins.
Pure: no stage imports, no I/O.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime

from dateutil import parser as du_parser
from dateutil import tz as du_tz

from newsclean.errors import ConfigError

log = logging.getLogger(__name__)

MIN_YEAR = 1990
#: month names and abbreviations (en, de, fr, es, it, pt, nl, pl), one entry per month
_MONTH_NAMES = (
    "january jan januar jänner jän janvier janv enero ene gennaio gen janeiro januari stycznia",
    "february feb februar février fevrier févr fevr fev febrero febbraio fevereiro februari",
    "march mar märz mär maerz mars marzo março marco maart",
    "april apr avril avr abril aprile",
    "may mai mayo maggio mag maio mei",
    "june jun juni juin junio giugno giu junho",
    "july jul juli juillet juil julio luglio lug julho",
    "august aug août aout agosto ago augustus",
    "september sep sept septembre septiembre settembre set setembro",
    "october oct oktober okt octobre octubre ottobre ott outubro",
    "november nov novembre noviembre novembro",
    "december dec dezember dez décembre déc decembre diciembre dic dicembre dezembro",
)
MONTHS: dict[str, int] = {name: number for number, names in enumerate(_MONTH_NAMES, start=1)
                          for name in names.split()}
#: fixed UTC offsets in minutes (IST is India, CST is US Central: documented choices)
ZONES: dict[str, int] = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "CET": 60, "MEZ": 60,
    "CEST": 120, "MESZ": 120, "EET": 120, "EEST": 180, "MSK": 180, "IST": 330, "HKT": 480,
    "SGT": 480, "AWST": 480, "JST": 540, "KST": 540, "AEST": 600, "AEDT": 660, "NZST": 720,
    "NZDT": 780, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420,
    "MDT": -360, "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
}
#: US generic zones: standard offset in minutes, one hour more while US daylight saving runs
US_GENERIC: dict[str, int] = {"ET": -300, "CT": -360, "MT": -420, "PT": -480}
#: zones that say the page writes dates the US way (month first)
US_ZONES = frozenset(US_GENERIC) | {"EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT",
                                    "AKST", "AKDT", "HST"}
#: languages whose numeric dates put the month first when no other hint exists
MONTH_FIRST_LANGUAGES = ("en-us", "en-ph", "en-ca", "en")

_ISO = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}:\d{2}(?::\d{2})?)(\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{3})?$",
    re.I)
_ISO_IN_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?"
                          r"(?:Z|[+-]\d{2}:?\d{2})?)?")
#: the year may be glued to the next word (``08/08/2017durch``: ``text_content()`` of a
#: byline joins its parts without a space)
_NUMERIC = re.compile(r"\b(\d{1,2})[./-]\s?(\d{1,2})[./-]\s?(\d{4}|\d{2})(?!\d)")
#: year first: ``2023/04/28``, ``2023.4.28`` (one separator throughout), ``2023年4月28日``,
#: ``2023년 4월 28일``; ``2023-04-28`` is ISO 8601's
_YEAR_FIRST = re.compile(
    r"(?<!\d)((?:19|20)\d{2})(?:([/.])(\d{1,2})\2(\d{1,2})(?!\d)(?![/.]\d)"
    r"|\s?[年년]\s?(\d{1,2})\s?[月월]\s?(\d{1,2})\s?[日일])")
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})\.?\s+(?:de\s+)?({_MONTH_ALT})\.?,?\s+(?:de\s+)?(\d{{4}})", re.I)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)(\d{{4}})(?!\d)", re.I)
#: textual patterns with the groups holding (day, month name); the year is group 3
_TEXTUAL = ((_DAY_MONTH, (1, 2)), (_MONTH_DAY, (2, 1)))
#: a time of day: hour, minute, second, am/pm (``PMEdwards`` glued to a headline still counts)
_CLOCK = (r"(\d{1,2})(?:[:.]|\s?h\s?)(\d{2})(?::(\d{2}))?"
          r"(?:\s*((?i:[ap])(?i:\.\s?m\.|\.?m)(?![a-z])))?")
_CLOCK_BEFORE = re.compile(_CLOCK)
#: a clock after a date: how many non-digits may stand between (``| ``, ``, at ``, `` à ``)
_CLOCK_AFTER = {"numeric": re.compile(r"\D{0,12}?" + _CLOCK),
                "textual": re.compile(r"\D{0,16}?" + _CLOCK)}
_ZONE_AFTER = re.compile(r"\s*(?:Uhr\s*|h\s*)?\(?(?:(?:GMT|UTC)\s?([+-]\d{1,2})(?::?(\d{2}))?\b"
                         r"|\s([+-]\d{2}):?(\d{2})\b|([A-Z]{1,5})\b)")
#: what may stand between a clock and the date after it: separators and up to two words
_GAP_BEFORE = re.compile(r"[\W_]*(?:[^\W\d_]+\.?[\W_]+){0,2}")
_MAX_GAP_BEFORE = 20
_PAREN = re.compile(r"\([^)]*\)")
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-]\d{2}:?\d{2})\b")
_RFC2822 = re.compile(r"^[A-Za-z]{3},\s*\d{1,2}\s+[A-Za-z]{3}\s+\d{4}")


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A parsed value: the datetime, whether the text gave a time of day, and its source."""

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


@dataclass(frozen=True, slots=True)
class _Clock:
    hour: int
    minute: int
    second: int
    zone: str | None = None
    offset: timedelta | None = None


def month_first(language: str | None) -> bool:
    """True when ``language`` (``en-US``, ``en_CA``, ``en``) writes numeric dates month first."""
    return (language or "").lower().replace("_", "-") in MONTH_FIRST_LANGUAGES


def zone_offset(name: str, day: date) -> timedelta | None:
    """UTC offset of the zone abbreviation ``name`` (any case) on ``day``; None if unknown."""
    key = name.upper()
    if key in US_GENERIC:
        return timedelta(minutes=US_GENERIC[key] + (60 if _us_dst(day) else 0))
    minutes = ZONES.get(key)
    return None if minutes is None else timedelta(minutes=minutes)


def _us_dst(day: date) -> bool:
    """US daylight-saving time (day granularity): 2007 rule, and the 1987-2006 rule before."""
    if day.year >= 2007:
        start, end = _nth_sunday(day.year, 3, 2), _nth_sunday(day.year, 11, 1)
    else:
        start, end = _nth_sunday(day.year, 4, 1), _nth_sunday(day.year, 11, 1) - timedelta(7)
    return start <= day < end


def _nth_sunday(year: int, month: int, nth: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (nth - 1))


def _plausible(dt: datetime) -> bool:
    return MIN_YEAR <= dt.year <= datetime.now().year + 1


def _zone_at(text: str, pos: int) -> tuple[str | None, timedelta | None, int]:
    """The zone written at ``pos`` (after a clock): ``(name, offset, end)``."""
    m = _ZONE_AFTER.match(text, pos)
    if m is None:
        return None, None, pos
    sign_hours, minutes = (m[1], m[2]) if m[1] else (m[3], m[4])
    if sign_hours:
        hours = int(sign_hours)
        if abs(hours) > 14:
            return None, None, pos
        sign = -1 if sign_hours[0] == "-" else 1
        return None, timedelta(minutes=hours * 60 + sign * int(minutes or 0)), m.end()
    known = m[5] in ZONES or m[5] in US_GENERIC
    return (m[5], None, m.end()) if known else (None, None, pos)


def _clock(m: re.Match[str], first: int) -> tuple[_Clock, int] | None:
    """The clock in groups ``first..first+3`` of ``m`` with the zone after it, and its end."""
    hour, minute, ampm = int(m[first]), int(m[first + 1]), m[first + 3]
    if ampm:
        hour = hour % 12 + (12 if ampm[0].lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    zone, offset, end = _zone_at(m.string, m.end())
    return _Clock(hour, minute, int(m[first + 2] or 0), zone, offset), end


def _clock_near(text: str, start: int, end: int, form: str) -> _Clock | None:
    """The time of day written just after the date at ``start:end``, else just before it."""
    after = _CLOCK_AFTER[form].match(text, end)
    found = _clock(after, 1) if after else None
    if found is not None:
        return found[0]
    for before in reversed(list(_CLOCK_BEFORE.finditer(text, 0, start))):
        found = _clock(before, 1)
        if found is None:
            continue
        gap = text[found[1]:start]
        if len(gap) <= _MAX_GAP_BEFORE and _GAP_BEFORE.fullmatch(gap):
            return found[0]
        return None
    return None


def _at(day: datetime, clock: _Clock | None) -> ParsedDate:
    """``day`` at the time (and in the zone) of ``clock``."""
    if clock is None:
        return ParsedDate(day, False)
    value = day.replace(hour=clock.hour, minute=clock.minute, second=clock.second)
    offset = clock.offset
    if offset is None and clock.zone is not None:
        offset = zone_offset(clock.zone, day.date())
    if offset is not None:
        value = value.replace(tzinfo=timezone(offset))
    return ParsedDate(value, True)


def _iso(text: str) -> ParsedDate | None:
    m = _ISO.match(text)
    if not m:
        return None
    day, clock, frac, zone = m.groups()
    rebuilt = day + (f"T{clock.zfill(5) if len(clock) < 5 else clock}" if clock else "")
    rebuilt += (frac or "")[:7] if clock else ""
    if zone:
        zone = "+00:00" if zone.upper() == "Z" else zone
        if len(zone) == 4:      # ``-500``: an hour of one digit, ``-05:00``
            zone = f"{zone[0]}0{zone[1:]}"
        rebuilt += zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
    try:
        dt = datetime.fromisoformat(rebuilt)
    except ValueError:
        return None
    return ParsedDate(dt, bool(clock))


def _iso_in_text(text: str) -> ParsedDate | None:
    m = _ISO_IN_TEXT.search(text)
    found = _iso(m.group()) if m else None
    if m is None or found is None or not found.has_time or found.value.tzinfo is not None:
        return found
    zone, offset, _ = _zone_at(text, m.end())
    if offset is None and zone is not None:
        offset = zone_offset(zone, found.value.date())
    return ParsedDate(found.value.replace(tzinfo=timezone(offset)), True) if offset else found


def _readings(a: int, b: int, year: int, *, first_month: bool,
              hint: date | None) -> list[tuple[int, int]]:
    """Readings of ``a/b`` as (day, month), most likely first."""
    options = [(b, a), (a, b)] if first_month else [(a, b), (b, a)]
    options = [(d, mo) for d, mo in options if 1 <= mo <= 12 and 1 <= d <= 31]
    if hint is not None:
        options.sort(key=lambda dm: (hint.year, hint.month, hint.day) != (year, dm[1], dm[0]))
        options.sort(key=lambda dm: (hint.year, hint.month) != (year, dm[1]))
    return options


def _numeric(text: str, *, first_month: bool, hint: date | None) -> ParsedDate | None:
    m = _NUMERIC.search(text)
    if not m:
        return None
    year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
    clock = _clock_near(text, m.start(), m.end(), "numeric")
    first_month = first_month or (clock is not None and clock.zone in US_ZONES)
    for day, month in _readings(int(m[1]), int(m[2]), year, first_month=first_month,
                                hint=hint):
        try:
            return _at(datetime(year, month, day), clock)
        except ValueError:
            continue
    return None


def _year_first(text: str) -> ParsedDate | None:
    m = _YEAR_FIRST.search(text)
    if not m:
        return None
    month, day = (m[3], m[4]) if m[2] else (m[5], m[6])
    try:
        found = datetime(int(m[1]), int(month), int(day))
    except ValueError:
        return None
    return _at(found, _clock_near(text, m.start(), m.end(), "numeric"))


def _textual(text: str) -> ParsedDate | None:
    for pattern, (day_group, month_group) in _TEXTUAL:
        m = pattern.search(text)
        if not m:
            continue
        month = MONTHS.get(m[month_group].lower().rstrip("."), 0)
        try:
            found = datetime(int(m[3]), month, int(m[day_group]))
        except ValueError:
            continue
        return _at(found, _clock_near(text, m.start(), m.end(), "textual"))
    return None


def _dateutil_zone(name: str | None, offset: int | None) -> tzinfo | None:
    """dateutil's zone for ``name`` or, failing that, for a numeric ``offset`` (seconds)."""
    minutes = ZONES.get(name.upper()) if name else None
    if minutes is not None:
        return du_tz.tzoffset(name, minutes * 60)
    return None if offset is None else du_tz.tzoffset(name, offset)


def _without_comments(text: str) -> str:
    """``... GMT+0000 (Coordinated Universal Time)`` -> ``... +0000``."""
    return _GMT_OFFSET.sub(r"\1", _PAREN.sub(" ", text)).strip()


def _rfc2822(text: str) -> ParsedDate | None:
    text = _without_comments(text)
    if not _RFC2822.match(text):
        return None
    try:
        return ParsedDate(parsedate_to_datetime(text), True)
    except (TypeError, ValueError, IndexError):
        log.debug("not an RFC 2822 date: %r", text)
        return None


#: two defaults that differ in year, month and day: what dateutil fills in from them was
#: not written (``May 2024`` has no day; dateutil would give it today's)
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def _dateutil(text: str) -> ParsedDate | None:
    """The other forms dateutil reads (``Fri Apr 28 19:20:36 CEST 2023``), with a day,
    a month and a year written."""
    text = _without_comments(text)
    try:
        dt, other = (du_parser.parse(text, default=default, tzinfos=_dateutil_zone,
                                     fuzzy=False) for default in _DEFAULTS)
    except (ValueError, OverflowError, TypeError) as exc:
        log.debug("unparseable date %r: %s", text, exc)
        return None
    if dt.date() != other.date():
        log.debug("date without a day, month or year: %r", text)
        return None
    if isinstance(dt.tzinfo, du_tz.tzlocal):
        dt = dt.replace(tzinfo=None)
    return ParsedDate(dt, bool(re.search(r"\d:\d\d", text)))


def _checked(found: ParsedDate | None, source: str) -> ParsedDate | None:
    if found is None or not _plausible(found.value):
        return None
    return ParsedDate(found.value, found.has_time, source)


def parse_date(value: str | None, *, source: str = "", language: str | None = None,
               hint: date | None = None) -> ParsedDate | None:
    """Parse one date value (a meta tag, a feed field); ``None`` when it is no plausible date.

    ``language`` (an html ``lang`` value) and ``hint`` (the date found in the URL) decide
    between day-first and month-first readings of ambiguous numeric dates.
    """
    if not value:
        return None
    text = " ".join(str(value).split())[:120]
    if not text or not re.search(r"\d", text) or re.fullmatch(r"\d{9,}", text):
        return None
    parsed = _iso(text) or _year_first(text)
    if parsed is None and re.match(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}", text):
        parsed = _numeric(text, first_month=month_first(language), hint=hint)
    if parsed is None and re.search(r"[A-Za-z]{3}", text):
        parsed = _rfc2822(text)
        if parsed is None or parsed.value.tzinfo is None:
            parsed = _textual(text) or parsed or _dateutil(text)
    return _checked(parsed, source)


def find_date(text: str, *, source: str = "", language: str | None = None,
              hint: date | None = None) -> ParsedDate | None:
    """The first date written in a visible text (a dateline like ``Do 25.04.24 | 14:07``)."""
    text = " ".join(text.split())[:300]
    found = (_iso_in_text(text)
             or _year_first(text)
             or _numeric(text, first_month=month_first(language), hint=hint)
             or _textual(text))
    return _checked(found, source)


_DURATION = re.compile(r"^(\d{1,6})\s*([smhdw])$", re.IGNORECASE)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(value: str) -> timedelta:
    """``30m``, ``12h``, ``2d``, ``1w`` (a whole number and a unit) as a timedelta; a bad
    value raises :class:`~newsclean.errors.ConfigError`."""
    match = _DURATION.match(value.strip() if isinstance(value, str) else "")
    if not match:
        raise ConfigError(f"invalid duration {value!r}: expected a whole number and s, m, h, "
                          "d or w (30m, 12h, 2d, 1w)")
    try:
        return timedelta(**{_UNITS[match[2].lower()]: int(match[1])})
    except OverflowError as exc:
        raise ConfigError(f"duration {value!r} is too long") from exc


def as_utc(value: datetime) -> datetime:
    """Return ``value`` in UTC; a naive datetime is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_since(value: str, now: datetime) -> datetime:
    """Turn a ``--since`` / ``--max-age`` value into an aware UTC datetime.

    Accepted: an ISO date (``2026-11-01``, midnight UTC), an ISO datetime
    (``2026-11-01T08:00:00+01:00``; no zone means UTC), or a duration before ``now``:
    a whole number followed by ``s``, ``m``, ``h``, ``d`` or ``w`` (``30m``, ``12h``,
    ``2d``, ``1w``). Raises :class:`~newsclean.errors.ConfigError` otherwise.
    """
    text = value.strip() if isinstance(value, str) else ""
    match = _DURATION.match(text)
    if match:
        amount, unit = int(match[1]), match[2].lower()
        try:
            return as_utc(now) - timedelta(**{_UNITS[unit]: amount})
        except OverflowError as exc:
            raise ConfigError(f"--since/--max-age value {value!r} is too far back") from exc
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        return as_utc(datetime.fromisoformat(text))
    except ValueError as exc:
        raise ConfigError(
            f"invalid --since/--max-age value {value!r}: expected an ISO date (2026-11-01), "
            "an ISO datetime (2026-11-01T08:00:00Z) or a duration such as 30m, 12h, 2d, 1w"
        ) from exc
