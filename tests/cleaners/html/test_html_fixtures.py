"""One test per hand-made HTML fixture and field, through the production path (``clean_page``).

Each ``fixtures/html/<name>.html`` has a ``<name>.expected.json`` written by reading the page
as an editor would: ``lang``, ``title``, ``authors``, ``published``, the full kept ``text``
(paragraphs joined by ``\\n``) and ``removed`` ({reason, text}, in page order). A field the
pipeline gets wrong today is listed under ``known_wrong`` with the value it gives now and a
note: the right value stays in the JSON, and the wrong one is pinned (a fix, or any other
change, fails the pin and is then written into the JSON). ``notes`` says what the fields
cannot show.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newsclean.cleaners.page import clean_page
from newsclean.config import CleanOptions
from newsclean.records import Article, DecodedPage
from tests.conftest import FIXTURES

PAGES = sorted((FIXTURES / "html").glob("*.html"))
FIELDS = ("lang", "title", "authors", "published", "text", "removed")


def _expected(page: Path) -> dict[str, Any]:
    expected: dict[str, Any] = json.loads(
        page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    expected["removed"] = [(r["reason"], r["text"]) for r in expected["removed"]]
    return expected


@cache
def _actual(page: Path) -> dict[str, object]:
    decoded = DecodedPage(index=0, source=page.name, text=page.read_text(encoding="utf-8"))
    article = clean_page(decoded, CleanOptions())
    assert isinstance(article, Article), article
    return {
        "lang": article.language,
        "title": article.meta.title,
        "authors": list(article.meta.authors),
        "published": article.meta.published,
        "text": article.text,
        "removed": [(r.reason, r.text) for r in article.removals],
    }


def _cases() -> list[Any]:
    """Every page and field, but the known-wrong ones: those are pinned at today's value
    by :func:`test_known_wrong_field_is_unchanged` (their right value is in the JSON)."""
    return [pytest.param(page, name, id=f"{page.stem}-{name}") for page in PAGES
            for name in FIELDS if name not in _expected(page).get("known_wrong", {})]


KNOWN_WRONG = [pytest.param(page, name, id=f"{page.stem}-{name}")
               for page in PAGES for name in _expected(page).get("known_wrong", {})]


def test_fixtures_are_present() -> None:
    assert len(PAGES) >= 4
    assert all(set(FIELDS) <= set(_expected(page)) for page in PAGES)


@pytest.mark.parametrize("page, name", _cases())
def test_fixture(page: Path, name: str) -> None:
    assert _actual(page)[name] == _expected(page)[name]


@pytest.mark.parametrize("page, name", KNOWN_WRONG)
def test_known_wrong_field_is_unchanged(page: Path, name: str) -> None:
    assert _actual(page)[name] == _expected(page)["known_wrong"][name]["value"]
