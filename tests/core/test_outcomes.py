"""The closed sets of outcomes: stages, fetch outcomes, the error tree's reasons, skips and
warnings, and the README tables that list them."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from newsclean.errors import FetchError, HTTPStatusError, NewscleanError, SourceError
from newsclean.outcomes import (
    DESCRIPTIONS,
    TABLES,
    Described,
    ErrorReason,
    FetchOutcome,
    PageWarning,
    RecordSkip,
    SkipReason,
    Stage,
)


def test_every_fetch_outcome_is_described() -> None:
    assert set(DESCRIPTIONS) == set(FetchOutcome)
    assert all(FetchOutcome(o).description for o in FetchOutcome)


def test_fetch_error_reason_is_a_typed_outcome() -> None:
    exc = FetchError("https://e.example/", "slow", reason="timeout")
    assert exc.reason is FetchOutcome.TIMEOUT
    assert HTTPStatusError("https://e.example/", 503).reason is FetchOutcome.HTTP_ERROR


def test_an_undocumented_fetch_reason_fails_where_it_is_made() -> None:
    with pytest.raises(ValueError, match="fetch_exploded"):
        FetchError("https://e.example/", "boom", reason="fetch_exploded")


def test_the_two_decode_failures_have_different_names() -> None:
    from newsclean.errors import DecodeError

    assert DecodeError.reason == "decode_error"
    assert FetchOutcome.CONTENT_ENCODING_ERROR == "content_encoding_error"
    assert "decode_error" not in {str(o) for o in FetchOutcome}


def test_error_reasons_are_words_of_the_errors_file() -> None:
    assert NewscleanError.reason == "error" and SourceError.reason == "source_error"
    assert {str(s) for s in Stage} == {"sources", "read", "discover", "fetch", "decode",
                                       "extract", "clean"}


# ---------------------------------------------------------- the README lists the code's values

README = Path(__file__).resolve().parents[2] / "README.md"
#: the first column's heading of each README outcome table, and the enum it documents
README_TABLES: dict[str, type[Described]] = {
    "outcome": FetchOutcome, "reason": ErrorReason, "skip reason": SkipReason,
    "warning": PageWarning, "record skip": RecordSkip,
}
_ROW = re.compile(r"^\| `(?P<value>[a-z_]+)` \| (?P<meaning>.+) \|$")


def readme_table(heading: str) -> dict[str, str]:
    """The rows of the README table whose header is ``| <heading> | meaning |``."""
    lines = README.read_text(encoding="utf-8").splitlines()
    headers = [i for i, line in enumerate(lines) if line == f"| {heading} | meaning |"]
    assert len(headers) == 1, f"README.md needs exactly one '| {heading} | meaning |' table"
    rows: dict[str, str] = {}
    for line in itertools.takewhile(lambda x: x.startswith("|"), lines[headers[0] + 2:]):
        match = _ROW.match(line)
        assert match, f"README.md row not in the form | `value` | meaning |: {line!r}"
        assert match["value"] not in rows, f"README.md lists {match['value']} twice"
        rows[match["value"]] = match["meaning"]
    return rows


@pytest.mark.parametrize("heading", sorted(README_TABLES))
def test_readme_table_lists_exactly_the_code_values(heading: str) -> None:
    enum = README_TABLES[heading]
    assert readme_table(heading) == {str(m): m.description for m in enum}


@pytest.mark.parametrize("enum", [FetchOutcome, ErrorReason, SkipReason, PageWarning,
                                  RecordSkip],
                         ids=lambda e: e.__name__)
def test_every_value_is_described(enum: type[Described]) -> None:
    assert set(TABLES[enum]) == set(enum)
    assert all(m.description.strip() for m in enum)


def test_the_error_tree_reasons_of_the_errors_file_are_enumerated() -> None:
    from newsclean.errors import DecodeError, ExtractError

    for error in (SourceError, DecodeError, ExtractError):
        assert ErrorReason(error.reason)


@pytest.mark.parametrize("text, reason", [("", SkipReason.NO_ARTICLE_TEXT),
                                          ("Just three words.", SkipReason.TOO_SHORT)])
def test_clean_page_skips_with_a_typed_reason(text: str, reason: SkipReason) -> None:
    from newsclean.cleaners.page import clean_page
    from newsclean.records import DecodedPage, Skip

    skip = clean_page(DecodedPage(0, "p.txt", text, is_text=True))
    assert isinstance(skip, Skip) and skip.reason is reason and skip.stage == Stage.CLEAN
