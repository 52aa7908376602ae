"""The one person-name parser, shared by the author cleaner and the text facts.

Where the two old parsers disagreed, the cases below pin the behaviour that won."""

from __future__ import annotations

import pytest

from newsclean.cleaners.meta.names import NAME_SEPARATOR, is_person_name, split_names
from newsclean.cleaners.text.facts import byline_authors, credit_authors


@pytest.mark.parametrize(("text", "pieces"), [
    ("Jane Doe, John Roe and Ann Poe", ["Jane Doe", "John Roe", "Ann Poe"]),
    ("Anna Schmidt und Max Muster", ["Anna Schmidt", "Max Muster"]),
    ("Juan Pérez y María López", ["Juan Pérez", "María López"]),
    # the text facts used to split only on lower-case words and never on ";" or "·"
    ("JANE DOE AND JOHN ROE", ["JANE DOE", "JOHN ROE"]),
    ("Jane Doe; John Roe", ["Jane Doe", "John Roe"]),
    ("Jane Doe · John Roe", ["Jane Doe", "John Roe"]),
    ("Per Hansen og Kari Nordmann", ["Per Hansen", "Kari Nordmann"]),
    # the author cleaner used to split on an upper-case initial as on a conjunction
    ("John A Smith", ["John A Smith"]),
    ("Mary E Jones and John I Roe", ["Mary E Jones", "John I Roe"]),
    # "&" and "and" only split between spaces
    ("Johnson&Johnson", ["Johnson&Johnson"]),
])
def test_name_separator(text: str, pieces: list[str]) -> None:
    assert NAME_SEPARATOR.split(text) == pieces


@pytest.mark.parametrize(("raw", "names"), [
    ("By John A Smith", ["John A Smith"]),
    ("Von Anna Sleegers", ["Anna Sleegers"]),
    ("Jane Doe a Petr Novák", ["Jane Doe", "Petr Novák"]),
])
def test_split_names(raw: str, names: list[str]) -> None:
    assert split_names(raw) == names


@pytest.mark.parametrize(("text", "person"), [
    ("Jane Doe", True), ("Ursula von der Leyen", True), ("J. R. R. Tolkien", True),
    ("Jane", False), ("jane doe", False), ("Jane Doe 2", False), ("von Jane", False),
    ("One Two Three Four Five Six", False),
])
def test_is_person_name(text: str, person: bool) -> None:
    assert is_person_name(text) is person


@pytest.mark.parametrize(("names", "authors"), [
    ("Jane Doe; John Roe", ["Jane Doe", "John Roe"]),
    ("JANE DOE AND JOHN ROE", ["JANE DOE", "JOHN ROE"]),
    # a role after the name is skipped, capitalised or not (it used to count as a person,
    # or, in lower case, to make the line no byline at all)
    ("Jane Doe, Staff Writer", ["Jane Doe"]),
    ("Jane Doe, Chief Correspondent", ["Jane Doe"]),
    ("Jane Doe, economics correspondent", ["Jane Doe"]),
    ("Staff", None),
    # agencies come from the one lexicon list
    ("The Associated Press", ["The Associated Press"]),
    ("AP/dpa", ["AP/dpa"]),
    ("Jane Doe and John Roe, Reuters", ["Jane Doe", "John Roe"]),
])
def test_byline_authors(names: str, authors: list[str] | None) -> None:
    assert byline_authors(names) == authors


def test_credit_authors_split_like_bylines() -> None:
    assert credit_authors("(Reporting by JANE DOE AND JOHN ROE in Berlin; Editing by Ann Poe)") \
        == ["JANE DOE", "JOHN ROE"]
