"""The one language-code normaliser, used by metadata, detection and decoding."""

from __future__ import annotations

import pytest

from newsclean.cleaners.language import detect_language
from newsclean.languages import normalize_language


@pytest.mark.parametrize(("value", "code"), [
    ("de-DE", "de"), ("de_AT", "de"), ("EN", "en"), (" en ", "en"), ("deu", "de"),
    ("iw", "he"), ("in", "id"), ("ji", "yi"), ("jw", "jv"), ("IW-IL", "he"),
    ("zh-Hans-CN", "zh"), ("sr-Latn", "sr"), ("x-default", None), ("", None), (None, None),
    ("english", None), ("en_US.UTF-8", None), ("zzz", None)])
def test_normalize_language(value: str | None, code: str | None) -> None:
    assert normalize_language(value) == code


@pytest.mark.parametrize(("declared", "code"), [("iw", "he"), ("deu", "de"), ("en-US", "en")])
def test_detection_falls_back_on_the_normalised_declared_code(declared: str,
                                                              code: str) -> None:
    assert detect_language("short", declared) == code
