"""Datelines: recognise a line that is only a date/time stamp and turn it into ISO 8601.

``09/16/2020 | 02:51am EDT`` -> ``2020-09-16T02:51:00-04:00``. Zone abbreviations come from
a small table; the US generic zones (``ET``, ``CT``, ``MT``, ``PT``) are resolved by the
date with the US daylight-saving rule. A line is a dateline only when every word in it is
date vocabulary (months, weekdays, am/pm, zones, a few connectors) after an optional label
such as ``Published`` or ``Updated:``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from dateutil import parser as date_parser

_LABEL = re.compile(
    r"(?i)(?P<label>(?:last\s+)?(?:updated|modified|published|posted|created|date|stand|"
    r"aktualisiert|ver[öo]ffentlicht|erschienen|publi[ée]|mis\s+[àa]\s+jour|publicado|"
    r"actualizado|pubblicato|aggiornato))(?:\s+(?:on|at|am|le|el|il))?\s*:?\s*"
)
_TOKEN = re.compile(r"\d++|[^\W\d_]++\.?|[^\s\w]")
_AMPM = re.compile(r"(?i)\b([ap])\.\s?m\.")
_TIME = re.compile(r"(?i)\d:\d{2}|\d\s?[ap]m\b")
_H_TIME = re.compile(r"\b(\d{1,2})\s?h\s?(\d{2})\b")
#: month names and abbreviations (en, de, fr, es, it), one entry per month
_MONTH_NAMES = (
    "jan january janv janvier januar jänner jän enero ene gennaio gen",
    "feb february fevr fev févr février februar febrero febbraio",
    "mar march mars märz mär marzo",
    "apr april avr avril abril aprile",
    "may mai mayo maggio mag",
    "jun june juin juni junio giugno giu",
    "jul july juil juillet juli julio luglio lug",
    "aug august aout août agosto ago",
    "sep sept september septembre septiembre settembre set",
    "oct october octobre oktober okt octubre ottobre ott",
    "nov november novembre noviembre",
    "dec december déc décembre dezember dez diciembre dic dicembre",
)
_MONTH_NUMBER = {w: n for n, names in enumerate(_MONTH_NAMES, 1) for w in names.split()}
_MONTHS = tuple(_MONTH_NUMBER)
_ENGLISH_MONTH = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                  "Nov", "Dec")
_ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_WORDS = frozenset(_MONTHS) | frozenset((
    "mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat "
    "saturday sun sunday montag dienstag mittwoch donnerstag freitag samstag sonntag lundi "
    "mardi mercredi jeudi vendredi samedi dimanche am pm at on um uhr h le à de del el of "
    "the t z th st nd rd lunes martes miércoles jueves viernes sábado domingo"
).split())

#: fixed UTC offsets in minutes (IST is India, CST is US Central: documented choices)
TZ_OFFSETS: dict[str, int] = {
    "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 60, "west": 60, "cet": 60, "mez": 60,
    "cest": 120, "mesz": 120, "eet": 120, "eest": 180, "msk": 180, "ist": 330, "hkt": 480,
    "sgt": 480, "awst": 480, "jst": 540, "kst": 540, "aest": 600, "aedt": 660, "nzst": 720,
    "nzdt": 780, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
    "mdt": -360, "pst": -480, "pdt": -420, "akst": -540, "akdt": -480, "hst": -600,
}
#: US generic zones: standard offset, one hour more while US daylight-saving time runs
US_GENERIC: dict[str, int] = {"et": -300, "ct": -360, "mt": -420, "pt": -480}
_ZONES = frozenset(TZ_OFFSETS) | frozenset(US_GENERIC)
_US_ZONES = frozenset(US_GENERIC) | {"est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt"}
_MAX_DATELINE = 80
#: post meta lines: "24. März 2004, 19:49 | Genesis", "3:59 PM | Letters"
_CLOCK = re.compile(r"(?i)\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|uhr|h)?(?:\s+\w+)?")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MAX_META_PARTS = 4
_MAX_META_WORDS = 4


def split_label(line: str) -> tuple[str | None, str]:
    """Split ``"Updated: 3 May 2021"`` into ``("updated", "3 May 2021")``."""
    match = _LABEL.match(line)
    if match is None:
        return None, line
    return match.group("label").lower(), line[match.end():]


def is_dateline(line: str) -> bool:
    """True when ``line`` is only a date/time stamp (with an optional label)."""
    label, rest = split_label(line.strip())
    if not rest or len(rest) > _MAX_DATELINE:
        return False
    numbers = months = 0
    for token in _TOKEN.findall(_AMPM.sub(r"\1m", rest)):
        if token.isdigit():
            numbers += 1
        elif token[0].isalpha():
            word = token.rstrip(".").lower()
            if word not in _WORDS and word not in _ZONES:
                return False
            months += word in _MONTHS
        elif token not in "/.:,|-–—()+":
            return False
    return numbers >= 3 or (months > 0 and numbers >= 2) or (label is not None and numbers >= 1)


def is_post_meta(line: str) -> bool:
    """``January 13, 2020 at 08:45 AM | categories: Python | View Comments``: a date (with a
    year) or a clock time among a few short labels, split by pipes."""
    parts = [part.strip() for part in line.split("|") if part.strip()]
    if not 2 <= len(parts) <= _MAX_META_PARTS:
        return False
    dated = [p for p in parts if _CLOCK.fullmatch(p) or (_YEAR.search(p) and is_dateline(p))]
    return bool(dated) and all(len(p.split()) <= _MAX_META_WORDS for p in parts
                               if p not in dated)


def is_bare_date(line: str) -> bool:
    """A dateline with neither a label nor a time of day (``Tuesday, 27 August 2024``).

    Such a line in the middle of an article is a section heading (live blogs, timelines),
    so the cleaner only removes it above the first body paragraph.
    """
    label, rest = split_label(line.strip())
    return label is None and _TIME.search(_H_TIME.sub(r"\1:\2", _AMPM.sub(r"\1m", rest))) is None


def _us_dst(day: date) -> bool:
    """US daylight-saving time (day granularity): 2007 rule, and the 1987-2006 rule before."""
    if day.year >= 2007:
        start = _nth_sunday(day.year, 3, 2)
        end = _nth_sunday(day.year, 11, 1)
    else:
        start = _nth_sunday(day.year, 4, 1)
        end = _nth_sunday(day.year, 11, 1) - timedelta(days=7)
    return start <= day < end


def _nth_sunday(year: int, month: int, nth: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (nth - 1))


def _zone_offset(zone: str, day: date) -> int:
    if zone in US_GENERIC:
        return US_GENERIC[zone] + (60 if _us_dst(day) else 0)
    return TZ_OFFSETS[zone]


def parse_dateline(line: str, *, lang: str | None = None) -> tuple[str | None, str | None]:
    """Return ``(label, iso)`` for a dateline; ``iso`` is None when it cannot be parsed.

    Numeric dates are month-first for English or US zones and day-first otherwise; a
    first number above 12 always wins. Only dates with a four-digit year are parsed.
    """
    label, rest = split_label(line.strip())
    rest = _H_TIME.sub(r"\1:\2", _AMPM.sub(r"\1m", rest))
    tokens = _TOKEN.findall(rest)
    zones = [t.lower() for t in tokens if t.lower() in _ZONES and t.lower() != "t"]
    if not any(t.isdigit() and len(t) == 4 for t in tokens):
        return label, None
    zone = zones[-1] if zones else None
    cleaned = " ".join(_english_words(rest))
    dayfirst = not (zone in _US_ZONES or lang in (None, "en") or _ISO_DATE.search(rest))
    try:
        parsed = date_parser.parse(cleaned, dayfirst=dayfirst, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return label, None
    return label, _to_iso(parsed, zone, has_time=":" in rest)


def _english_words(rest: str) -> list[str]:
    """Words of ``rest`` with zones and connectors dropped and month names in English."""
    words = []
    for word in re.split(r"[\s|]+", rest):
        key = word.lower().rstrip(".,")
        if key in _ZONES or key in {"at", "um", "uhr", "à", "h", "de", "del", "el", "le"}:
            continue
        number = _MONTH_NUMBER.get(key)
        words.append(_ENGLISH_MONTH[number] if number and not key.isdigit() else word)
    return words


def _to_iso(parsed: datetime, zone: str | None, *, has_time: bool) -> str:
    if not has_time and parsed.tzinfo is None:
        return parsed.date().isoformat()
    if parsed.tzinfo is None and zone is not None:
        offset = timedelta(minutes=_zone_offset(zone, parsed.date()))
        parsed = parsed.replace(tzinfo=timezone(offset))
    return parsed.isoformat(timespec="seconds")
