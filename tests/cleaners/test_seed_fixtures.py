"""One test per hand-labelled text fixture (fixtures/seeds and fixtures/text).

Each ``<name>.txt`` has a ``<name>.expected.json`` written by reading the page as an
editor would: ``text`` (paragraphs joined by ``\\n``), ``title``, ``authors``,
``published`` and ``removed`` ({reason, text}); an optional ``lang`` is the page language.
The text path is the one the pipeline takes for a flattened page:
repair -> clean_text -> normalize_lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaners.normalize import normalize_lines, repair_text
from cleaners.text_rules import clean_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PAGES = sorted([*FIXTURES.glob("seeds/*.txt"), *FIXTURES.glob("text/*.txt")])
FIELDS = ("text", "title", "authors", "published", "removed")


def _run(raw: str, lang: str | None) -> dict[str, object]:
    result = clean_text(repair_text(raw), lang=lang)
    kept, duplicates = normalize_lines(result.lines)
    removed = {(r.reason, r.text) for r in (*result.removals, *duplicates)}
    return {
        "text": "\n".join(kept),
        "title": result.facts.title,
        "authors": list(result.facts.authors),
        "published": result.facts.published,
        "removed": removed,
    }


def test_fixtures_are_present() -> None:
    assert len([p for p in PAGES if p.parent.name == "seeds"]) == 3
    assert all(p.with_suffix(".expected.json").is_file() for p in PAGES)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(page: Path, field: str) -> None:
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    expected["removed"] = {(r["reason"], r["text"]) for r in expected["removed"]}
    actual = _run(page.read_text(encoding="utf-8"), expected.get("lang"))
    assert actual[field] == expected[field]
