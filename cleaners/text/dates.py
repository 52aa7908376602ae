"""Datelines: recognise a line that is only a date/time stamp and read its date.

A line is a dateline only when every word in it is date vocabulary (months, weekdays, am/pm,
zones, a few connectors) after an optional label such as ``Published`` or ``Updated:``.
The date itself is read by the one date parser, :func:`newsclean.dates.find_date`:
``09/16/2020 | 02:51am EDT`` -> ``2020-09-16T02:51:00-04:00``.
"""

from __future__ import annotations

import re

from newsclean.dates import MONTHS, US_GENERIC, ZONES, find_date

_LABEL = re.compile(
    r"(?i)(?P<label>(?:last\s+)?(?:updated|modified|published|posted|created|date|stand|"
    r"aktualisiert|ver[öo]ffentlicht|erschienen|publi[ée]|mis\s+[àa]\s+jour|publicado|"
    r"actualizado|pubblicato|aggiornato))(?:\s+(?:on|at|am|le|el|il))?\s*:?\s*"
)
_TOKEN = re.compile(r"\d++|[^\W\d_]++\.?|[^\s\w]")
_AMPM = re.compile(r"(?i)\b([ap])\.\s?m\.")
_TIME = re.compile(r"(?i)\d:\d{2}|\d\s?[ap]m\b")
_H_TIME = re.compile(r"\b(\d{1,2})\s?h\s?(\d{2})\b")
_ZONES = frozenset(name.lower() for name in (*ZONES, *US_GENERIC))
_WORDS = frozenset(MONTHS) | frozenset((
    "mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat "
    "saturday sun sunday montag dienstag mittwoch donnerstag freitag samstag sonntag lundi "
    "mardi mercredi jeudi vendredi samedi dimanche am pm at on um uhr h le à de del el of "
    "the t z th st nd rd lunes martes miércoles jueves viernes sábado domingo"
).split())
#: the words a date or time stamp is made of (months, weekdays, clock and zone words)
DATE_WORDS: frozenset[str] = _WORDS | _ZONES
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
            months += word in MONTHS
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


def parse_dateline(line: str, *, lang: str | None = None) -> tuple[str | None, str | None]:
    """Return ``(label, iso)`` for a dateline; ``iso`` is None when it holds no date."""
    label, rest = split_label(line.strip())
    found = find_date(rest, language=lang)
    return label, found.iso if found else None
