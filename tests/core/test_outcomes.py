"""The closed sets of outcomes: stages, fetch outcomes, and the error tree's reasons."""

from __future__ import annotations

import pytest

from newsclean.errors import FetchError, HTTPStatusError, NewscleanError, SourceError
from newsclean.outcomes import DESCRIPTIONS, FetchOutcome, Stage


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
