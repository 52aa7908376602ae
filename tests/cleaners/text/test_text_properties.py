"""Property tests: clean_text never raises and is idempotent, on any input."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean.cleaners.text.rules import clean_text
from newsclean.records import TextCleanResult

JUNK = [
    "25 LINKEDIN 1 COMMENTMORE", "Share", "Tweet", "12 Comments", "Log in", "Sign up",
    " date 2020-09-16 Log in", "Read or Share this story: http://x.y/z", "jdoe@example.org",
    "Twitter: @Jane_Doe", "FILE PHOTO: a logo", "Jack Ma", "Birthday : 10/31/1964",
    "Biography : a bio", "Age: 45", "09/16/2020 | 02:51am EDT",
    "Published 3:04 p.m. ET Jan. 11, 2018",
    "(Reporting by Jane Doe; Editing by John Roe)", "Stocks mentioned in the article",
    "ChangeLast1st jan.", "ACME 1.41% 277.96 Delayed Quote.31.05%", "By Jane Doe",
    "A short heading", "Body text that ends with a period.", "", "  ", "Change",
    "A paragraph. (Reporting by Jane Doe)", "Share (Reporting by Jane Doe)",
    "| Related articles |", "Anzeige", "Read also: x", "Tuesday, 27 August 2024",
    "A paragraph that is long enough to count as the start of the article body text.",
    "(abc)", "Jane Doe", "World", "- Local", "- Home", "Mit Agenturmaterial.", "Die Autorin",
    "Il vous reste 57% de cet article à lire.", "Jane Doe is a reporter at X covering Y.",
    "Newsletter: Sport", "Every Monday", "Sign up for our newsletter here", "___",
    "Read also: x", "This is a breaking news story", "Jetzt unterstützen",
    "24. März 2004, 19:49 | Genesis", "Tu suscripción", "- Accès illimité", "Hinweis:",
]
SETTINGS = settings(max_examples=300, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
LANGS = st.sampled_from([None, "en", "de", "fr"])
junk_texts = st.lists(st.one_of(st.sampled_from(JUNK), st.text(max_size=40)), max_size=25).map(
    "\n".join)
any_texts = st.one_of(st.text(), junk_texts)


@SETTINGS
@given(text=any_texts, lang=LANGS, detect_title=st.booleans())
def test_clean_text_never_raises(text: str, lang: str | None, detect_title: bool) -> None:
    result = clean_text(text, lang=lang, detect_title=detect_title)
    assert isinstance(result, TextCleanResult)
    assert all(line and line == line.strip() for line in result.lines)


@SETTINGS
@given(text=any_texts, lang=LANGS, detect_title=st.booleans())
def test_clean_text_is_idempotent(text: str, lang: str | None, detect_title: bool) -> None:
    first = clean_text(text, lang=lang, detect_title=detect_title)
    second = clean_text("\n".join(first.lines), lang=lang, detect_title=detect_title)
    assert second.lines == first.lines
    assert second.removals == ()


@pytest.mark.parametrize("text", [
    "1" * 20_000,
    "share " * 3_000,
    "1 share 2 " * 2_000,
    "(Reporting by " + "Jane Doe and " * 2_000 + ")",
    "x (Reporting by " + "a;" * 5_000,
    "@" * 10_000 + "a",
    "a@" + "b." * 5_000,
    "REUTERS/" * 2_000,
    "Photo: " + "x" * 10_000,
    ("ACME 1.41% " * 40 + "\n") * 100,
    "09/16/2020 " * 1_000,
    "| " * 5_000 + "Related articles",
    "Anzeige - " * 2_000,
    "Read also: " * 2_000,
    "© " * 5_000,
    "\n".join(["Birthday : x"] * 3_000),
    "a " * 5_000 + "| 3:18 min",
    "Jane " * 3_000 + "is a reporter",
    "x. Bild: " + "y" * 10_000,
    "weitere Informationen " * 1_000,
    "\n".join(["(abc)"] * 3_000),
    "\n".join(["Il vous reste 5% de cet article à lire.", *["- x"] * 3_000]),
    "1 | " * 3_000,
    "2025年1月" * 2_000,
    "\n".join(["Stocks mentioned in the article", *["ACME 1.41% 277.96"] * 3_000]),
])
def test_adversarial_input_is_cleaned_quickly(text: str) -> None:
    """No catastrophic backtracking: each takes well under 0.1 s; the bound only catches a
    hang (the speed itself is measured by benchmarks/text_speed.py)."""
    start = time.perf_counter()
    clean_text(text)
    assert time.perf_counter() - start < 5
