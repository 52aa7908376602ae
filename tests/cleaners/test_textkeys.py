"""The comparison keys: what each one folds away and what it keeps."""

from __future__ import annotations

import pytest

from newsclean.cleaners.textkeys import alnum_key, line_key, name_key, squash


@pytest.mark.parametrize(("text", "key"), [
    ("  Follow   us\ton X ", "follow us on x"),
    ("STRASSE Straße", "strasse strasse"),
    ("Café", "café"),                     # accents are kept: a line is compared as shown
])
def test_line_key(text: str, key: str) -> None:
    assert line_key(text) == key


@pytest.mark.parametrize(("text", "key"), [
    ("José Núñez", "jose nunez"),
    ("Veröffentlicht", "veroffentlicht"),
    ("Co-Founder", "co-founder"),         # punctuation and spaces are kept
    ("ČTK", "ctk"),
])
def test_name_key(text: str, key: str) -> None:
    assert name_key(text) == key


@pytest.mark.parametrize(("text", "key"), [
    ("Wero besteht „Praxistest“ – Börsen-Zeitung", "werobestehtpraxistestborsenzeitung"),
    ("«Ｘ» ﬁnal", "xfinal"),               # compatibility forms: full-width letters, ligatures
    ("snake_case 2²", "snakecase22"),
])
def test_alnum_key(text: str, key: str) -> None:
    assert alnum_key(text) == key


@pytest.mark.parametrize("text", ["Ünïcödé  Tëxt", "Ｆｕｌｌ　ｗｉｄｔｈ", "a_b-c"])
def test_keys_are_idempotent(text: str) -> None:
    for key in (line_key, name_key, alnum_key):
        assert key(key(text)) == key(text)


@pytest.mark.parametrize(("text", "squashed"), [
    ("  Two\n\tlines  here ", "Two lines here"), ("Café  AU lait", "Café AU lait"), ("", "")])
def test_squash_only_touches_spacing(text: str, squashed: str) -> None:
    assert squash(text) == squashed
    assert line_key(text) == squashed.casefold()
