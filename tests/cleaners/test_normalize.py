"""newsclean.cleaners.normalize: examples plus hypothesis properties."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean.cleaners import normalize
from newsclean.cleaners.normalize import normalize_lines, normalize_text, repair_text
from newsclean.records import Removal

SETTINGS = settings(max_examples=300, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
texts = st.one_of(
    st.text(),
    st.lists(st.sampled_from(["Café", "CafÃ©", "a\u00a0 b", "x\u200by", "\r\n", "\n", " ",
                              "e\u0301", "\x00", "\t", "\u2028", "same line", "â€™",
                              "\ufb01", "\x85", "\ufeff"]), max_size=30).map("".join),
)


@pytest.mark.parametrize(("raw", "clean"), [
    ("CafÃ© au lait", "Café au lait"),                 # mojibake repaired
    ("don\u00e2\u20ac\u2122t", "don’t"),              # cp1252 mojibake of a curly quote
    ("e\u0301t\u00e9", "\u00e9t\u00e9"),              # NFC
    ("a\u00a0\u2009b\t c  ", "a b c"),                 # odd spaces collapse, ends stripped
    ("one\r\ntwo\rthree", "one\ntwo\nthree"),           # CRLF and CR -> LF
    ("one\n\n\n  \ntwo", "one\ntwo"),                   # no empty lines
    ("x\u200by\ufeff\u00adz\u2060", "xyz"),             # zero-width and invisible chars
    ("a\x00b\x07c\x9d", "abc"),                         # control chars
    ("one\none\n\ntwo", "one\ntwo"),                    # a line twice in a row dropped
    ("one\ntwo\none", "one\ntwo\none"),                 # a repeat further on is kept
    ("one\n| |\n| | |\n|\ntwo | three", "one\ntwo | three"),   # empty table rows go
    ("“Quoted” — text’s fine", "“Quoted” — text’s fine"),   # typography kept
    ("全角，中文。", "全角，中文。"),                         # CJK punctuation kept
    ("\u0645\u06cc\u200c\u0634\u0648\u062f", "\u0645\u06cc\u200c\u0634\u0648\u062f"),  # ZWNJ
])
def test_normalize_text_examples(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean


def test_repair_text_keeps_blank_lines() -> None:
    assert repair_text("Title \n\n\u00a0Body  text\r\n") == "Title\n\nBody text\n"


def test_normalize_lines_reports_adjacent_duplicates() -> None:
    kept, removals = normalize_lines(["Share", "", "Share ", "Body", "", "Body", "Share"])
    assert kept == ("Share", "Body", "Share")
    assert removals == (Removal("duplicate_line", "Share", 2),
                        Removal("duplicate_line", "Body", 5))


def test_structured_article_keeps_its_repeated_labels() -> None:
    # a meal plan: every day repeats the same labels, which are article text
    days = [line for day in ("Monday", "Tuesday", "Wednesday")
            for line in (day, "Breakfast:", f"Oats on {day}", "Lunch:", f"Soup on {day}")]
    kept, removals = normalize_lines(days)
    assert kept == tuple(days)
    assert kept.count("Breakfast:") == 3 and kept.count("Lunch:") == 3
    assert removals == ()


@SETTINGS
@given(text=texts)
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@SETTINGS
@given(text=texts)
def test_repair_text_is_idempotent(text: str) -> None:
    once = repair_text(text)
    assert repair_text(once) == once


@SETTINGS
@given(text=texts)
def test_normalize_text_output_shape(text: str) -> None:
    out = normalize_text(text)
    lines = out.split("\n") if out else []
    assert all(line and line == line.strip() and "  " not in line for line in lines)
    assert all(a != b for a, b in zip(lines, lines[1:], strict=False))
    assert unicodedata.is_normalized("NFC", out)
    assert not any(unicodedata.category(c) == "Cc" for c in out if c != "\n")
    assert "\u200b" not in out and "\ufeff" not in out


@pytest.mark.parametrize(("text", "needs"), [
    ("Crème brûlée à Paris, Größe, Łódź", False),        # accented letters are not mojibake
    ("Жители Москвы и Ελλάδα", False),
    ("CafÃ© au lait", True),
    ("don\u00e2\u20ac\u2122t", True),
    ("é with a ligature \ufb01", True),
    ("é and a C1 control \x85", True),
    ("plain ASCII \x0b", False),
])
def test_ftfy_runs_on_mojibake_signatures_only(text: str, needs: bool) -> None:
    assert normalize._needs_ftfy(text) is needs


@SETTINGS
@given(texts)
def test_ftfy_gate_changes_no_result(text: str) -> None:
    """Skipping ftfy where the gate says so gives what running it on every non-ASCII text
    with a suspect character (the old gate) gave."""
    gated = repair_text(text)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(normalize, "_needs_ftfy", lambda t: not t.isascii()
                   and bool(normalize._FTFY_SUSPECT.search(t)))
        assert repair_text(text) == gated


STORY = ["Ministers met on Monday to agree a budget that had been delayed for three months.",
         "The plan cuts spending on roads and raises it for schools, officials said on Monday.",
         "Opposition parties said they would vote against it."]


def test_story_shown_twice_keeps_its_first_copy() -> None:
    # a page that prints the story twice (one copy per layout), a heading between
    lines = ["Budget agreed", *STORY, "Related", *STORY, "Comments"]
    kept, removals = normalize_lines(lines)
    assert kept == ("Budget agreed", *STORY, "Related", "Comments")
    assert removals == tuple(Removal("repeated_block", line, 5 + at)
                             for at, line in enumerate(STORY))


def test_one_repeated_paragraph_is_kept() -> None:
    # a pull quote, or a refrain: one long line seen twice is the author's
    quote = STORY[1]
    lines = [STORY[0], quote, STORY[2], "Later that day", quote, "The end of the story."]
    kept, removals = normalize_lines(lines)
    assert kept == tuple(lines)
    assert removals == ()


def test_repeated_short_lines_are_not_a_block() -> None:
    # a timetable: the same two short rows under each heading
    lines = ["Monday", "Doors open 9:00", "Talks 10:00", "Tuesday", "Doors open 9:00",
             "Talks 10:00"]
    kept, removals = normalize_lines(lines)
    assert kept == tuple(lines) and removals == ()


def test_dropping_a_block_settles_the_lines_it_brings_together() -> None:
    # the second copy of the story sits between two equal lines: once it is gone they are
    # adjacent, and the stutter is dropped too, so a second pass changes nothing
    lines = [*STORY[:2], "More on this", "Share", *STORY[:2], "Share"]
    kept, removals = normalize_lines(lines)
    assert kept == (*STORY[:2], "More on this", "Share")
    assert [(r.reason, r.line) for r in removals] == [
        ("repeated_block", 4), ("repeated_block", 5), ("duplicate_line", 6)]
    assert normalize_lines(kept) == (kept, ())
