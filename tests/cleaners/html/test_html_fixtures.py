"""One test per hand-made HTML fixture: prune the DOM, extract the body, compare."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsclean.cleaners.html.extract import extract_body
from newsclean.cleaners.html.parse import parse_html
from newsclean.cleaners.html.prune import prune_tree
from tests.conftest import FIXTURES

FIXTURE_DIR = FIXTURES / "html"
PAGES = sorted(FIXTURE_DIR.glob("*.html"))


def _expected(page: Path) -> dict[str, list[str]]:
    return json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))


def test_fixtures_present() -> None:
    assert len(PAGES) >= 3


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_fixture_prune_and_extract(page: Path) -> None:
    expected = _expected(page)
    tree = parse_html(page.read_text(encoding="utf-8"))
    removals = prune_tree(tree)
    text = "\n".join(extract_body(tree, None))
    for snippet in expected["text_contains"]:
        assert snippet in text, f"lost: {snippet!r}"
    for snippet in expected["text_excludes"]:
        assert snippet not in text, f"leaked: {snippet!r}"
    reasons = {r.reason for r in removals}
    missing = set(expected["removed_reasons"]) - reasons
    assert not missing, f"expected removals not recorded: {sorted(missing)}"
    assert all(r.line is None and r.text for r in removals)
