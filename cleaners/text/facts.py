"""Facts found in junk lines: authors from credits, bylines and contact pairs.

Choices, documented here once:

* Credits: ``Reporting by``, ``Reported by``, ``Writing by``, ``Written by`` and
  ``Compiled by`` name authors. ``Editing by``, ``Additional reporting by``, ``Research by``
  and the like name helpers, not authors. ``in <City>`` after a name is dropped.
* Names are split and told apart by :mod:`newsclean.cleaners.meta.names`, agencies by
  :mod:`newsclean.cleaners.lexicon`.
* Bylines: ``By Jane Doe and John Roe, Reuters`` -> persons; an agency is kept as author
  only when the byline names no person (``By The Associated Press``); a role
  (``Staff Writer``, ``Chief Correspondent``) is skipped; a place after the names
  (``Von Anna Schmidt, Frankfurt``) is dropped.
* Sign-offs: a person's name alone at the end of the story (``Jane Doe``, see
  :mod:`newsclean.cleaners.text.edges`) is the author only when no credit or byline names one.
* Contacts: ``jdoe@example.com`` + ``Twitter: @Jane_Doe`` give ``Jane Doe`` only when the
  handle splits into capitalised name parts and the e-mail's local part is made of those
  parts (full first name or initial, with the surname). Otherwise no author.
"""

from __future__ import annotations

import re

from newsclean.cleaners.lexicon import is_agency
from newsclean.cleaners.meta.names import NAME_SEPARATOR, is_job_title, is_person_name
from newsclean.cleaners.text.rules_line import (
    AUTHOR_ROLES,
    BYLINE,
    CREDIT_SEGMENT,
    EMAIL,
    HANDLE,
)
from newsclean.records import Removal

_IN_PLACE = re.compile(r"\s+in\s+[A-Z].*$")
#: a byline piece that credits the newsroom, not a person (job titles: :func:`is_job_title`)
_STAFF = "staff"
_BYLINE_LINE = re.compile(BYLINE, re.IGNORECASE)
_EMAIL_RE = re.compile(EMAIL)
_HANDLE_RE = re.compile(HANDLE)
_HANDLE_PARTS = re.compile(r"[A-Z][a-z]+")
_PLACE = re.compile(r"[^\W\d_a-z][^\W\d_]+(?:[\s\-][^\W\d_a-z][^\W\d_]+)?")


def credit_authors(credit: str) -> list[str]:
    """Authors named in a credit line: ``(Reporting by X; Editing by Y)`` -> ``[X]``."""
    authors: list[str] = []
    for match in CREDIT_SEGMENT.finditer(credit):
        role = match.group("role").lower()
        if role not in AUTHOR_ROLES:
            continue
        for name in NAME_SEPARATOR.split(match.group("names").strip(" .)")):
            name = _IN_PLACE.sub("", name).strip()
            if is_person_name(name):
                authors.append(name)
    return authors


def byline_authors(names: str) -> list[str] | None:
    """Authors of a byline's name part, or None when it is not a byline at all."""
    persons: list[str] = []
    agencies: list[str] = []
    pieces = NAME_SEPARATOR.split(names.strip().rstrip("."))
    for position, piece in enumerate(pieces):
        if is_agency(piece):
            agencies.append(piece)
        elif piece.lower() == _STAFF or is_job_title(piece.split()):
            continue  # "By Jane Doe, Staff Writer": her role, not a second person
        elif is_person_name(piece):
            persons.append(piece)
        elif persons and position == len(pieces) - 1 and _PLACE.fullmatch(piece):
            continue  # "By Jane Doe, Frankfurt": the place the story was filed from
        else:
            return None
    return persons or agencies or None


def contact_author(lines: list[str]) -> str | None:
    """An author name corroborated by an e-mail and a social handle among ``lines``."""
    text = "\n".join(lines)
    locals_ = {m.group(0).split("@", 1)[0].lower() for m in _EMAIL_RE.finditer(text)}
    for handle in _HANDLE_RE.findall(_EMAIL_RE.sub(" ", text)):
        body = handle[1:]
        parts = _HANDLE_PARTS.findall(body)
        if len(parts) < 2 or "".join(parts) != re.sub(r"[_.\-\d]", "", body):
            continue
        if locals_ & _local_forms(parts):
            return " ".join(parts)
    return None


def _local_forms(parts: list[str]) -> set[str]:
    """E-mail local parts that corroborate a name split into ``parts``."""
    first, last = parts[0].lower(), parts[-1].lower()
    joined = "".join(p.lower() for p in parts)
    forms = {joined, first + last, first[0] + last, last + first, last + first[0]}
    forms |= {first + sep + last for sep in "._-"} | {first[0] + sep + last for sep in "._-"}
    return forms


def removal_authors(removals: tuple[Removal, ...]) -> tuple[tuple[str, ...], str]:
    """Authors from credits, then bylines, then a sign-off name, then a corroborated contact
    pair."""
    found: dict[str, str] = {}
    for removal in removals:
        if removal.reason == "credits":
            names, origin = credit_authors(removal.text), "credit"
        elif removal.reason == "byline":
            match = _BYLINE_LINE.fullmatch(removal.text)
            names, origin = (byline_authors(match.group("byline")) or []) if match else [], "byline"
        else:
            continue
        for name in names:
            found.setdefault(name, origin)
    if found:
        return tuple(found), next(iter(found.values()))
    signed = [r.text for r in removals if r.reason == "signature" and is_person_name(r.text)]
    if signed:
        return (signed[0],), "signature"
    contacts = [r.text for r in removals if r.reason == "author_contact"]
    author = contact_author(contacts) if contacts else None
    return ((author,), "contact") if author else ((), "")
