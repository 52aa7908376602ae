"""The shared word lists: one agency list gives both the name set and the pattern."""

from __future__ import annotations

import re

import pytest

from newsclean.cleaners.lexicon import (
    AGENCY,
    AGENCY_GROUP_WORDS,
    NEWS_AGENCIES,
    alternation,
    is_agency,
)

_AGENCY = re.compile(AGENCY, re.IGNORECASE)


def test_alternation_tries_the_longest_word_first() -> None:
    assert alternation("ap", "apa", "a") == "(?:apa|ap|a)"
    assert [m.group(0) for m in re.finditer(alternation("ap", "apa"), "apa ap")] == ["apa", "ap"]


@pytest.mark.parametrize("name", [*NEWS_AGENCIES, *AGENCY_GROUP_WORDS])
def test_every_agency_is_in_the_pattern(name: str) -> None:
    assert _AGENCY.fullmatch(name.upper())


@pytest.mark.parametrize(("name", "agency"), [
    ("AP", True), ("dpa", True), ("Reuters.", True), ("ČTK", True),
    ("The Associated Press", True),       # was only known to the text facts
    ("PA", True),                         # was only known to the text facts
    ("SID", True), ("Keystone-SDA", True),  # were only known to the author cleaner
    ("dpa/AFP", True), ("AP / dpa", True),  # any agencies joined by "/"
    ("Agenturen", False),                 # the agencies as a group: a newsroom credit
    ("Anna Schmidt", False), ("dpa/Anna Schmidt", False),
])
def test_is_agency(name: str, agency: bool) -> None:
    assert is_agency(name) is agency
