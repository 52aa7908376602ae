"""One test per hand-labelled text fixture (fixtures/seeds and fixtures/text).

Each ``<name>.txt`` has a ``<name>.expected.json`` written by reading the page as an
editor would: ``text`` (paragraphs joined by ``\\n``), ``title``, ``authors``,
``published`` and ``removed`` ({reason, text}); an optional ``lang`` is the page language.
Each page goes through the pipeline's own per-page function (``clean_page``) as a
flattened text page; the language is detected, as the pipeline does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsclean.cleaners.page import clean_page
from newsclean.config import CleanOptions
from newsclean.records import Article, DecodedPage
from tests.conftest import FIXTURES

PAGES = sorted([*FIXTURES.glob("seeds/*.txt"), *FIXTURES.glob("text/*.txt")])
FIELDS = ("text", "title", "authors", "published", "removed", "lang")


def _run(raw: str) -> dict[str, object]:
    article = clean_page(DecodedPage(index=0, source="page.txt", text=raw, is_text=True),
                         CleanOptions())
    assert isinstance(article, Article)
    return {
        "text": article.text,
        "title": article.meta.title,
        "authors": list(article.meta.authors),
        "published": article.meta.published,
        "removed": {(r.reason, r.text) for r in article.removals},
        "lang": article.language,
    }


def test_fixtures_are_present() -> None:
    assert len([p for p in PAGES if p.parent.name == "seeds"]) == 3
    assert all(p.with_suffix(".expected.json").is_file() for p in PAGES)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(page: Path, field: str) -> None:
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    expected["removed"] = {(r["reason"], r["text"]) for r in expected["removed"]}
    expected.setdefault("lang", "en")
    actual = _run(page.read_text(encoding="utf-8"))
    assert actual[field] == expected[field]
