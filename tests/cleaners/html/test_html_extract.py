"""Tests for main-text extraction on top of trafilatura."""

from __future__ import annotations

import pytest

from newsclean.cleaners.html import extract
from newsclean.cleaners.html.extract import extract_body, fallback_blocks, split_blocks
from newsclean.cleaners.html.parse import parse_html
from newsclean.errors import ExtractError

PROSE = ("The council approved the budget after a long debate that lasted well into the "
         "night, with several members raising concerns about rising costs. ")


def _page(body: str) -> str:
    return f"<html><head><title>t</title></head><body>{body}</body></html>"


def test_paragraphs_headings_and_list_items_are_separate_blocks() -> None:
    tree = parse_html(_page(f"<article><p>{PROSE}</p><h2>Costs rise</h2><p>{PROSE}again</p>"
                            "<ul><li>first point of the list</li><li>second point</li></ul>"
                            "</article>"))
    blocks = extract_body(tree, "https://example.org/a")
    assert blocks[0] == PROSE.strip()
    assert "Costs rise" in blocks
    assert any(b.endswith("first point of the list") for b in blocks)
    assert all(b == b.strip() and "\n" not in b for b in blocks)


def test_extract_does_not_mutate_tree() -> None:
    tree = parse_html(_page(f"<article><p>{PROSE}</p><p>{PROSE}</p></article>"))
    before = len(list(tree.iter()))
    extract_body(tree, None)
    assert len(list(tree.iter())) == before


def test_no_text_gives_empty_list() -> None:
    assert extract_body(parse_html(_page("<div></div>")), None) == []


def test_fallback_collects_blocks_when_trafilatura_finds_nothing(monkeypatch) -> None:
    monkeypatch.setattr(extract, "_trafilatura_text", lambda tree, url, recall: "")
    tree = parse_html(_page(f"<div><p>{PROSE}</p><p>short</p><ul><li>{PROSE}</li></ul></div>"))
    assert extract_body(tree, None) == [PROSE.strip(), PROSE.strip()]


def test_fallback_blocks_outermost_only() -> None:
    tree = parse_html(_page(f"<blockquote><p>{PROSE}</p></blockquote>"))
    assert fallback_blocks(tree) == [PROSE.strip()]


def test_trafilatura_errors_become_extract_error(monkeypatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise ValueError("broken tree")

    monkeypatch.setattr(extract.trafilatura, "bare_extraction", boom)
    with pytest.raises(ExtractError, match="broken tree"):
        extract_body(parse_html(_page(f"<p>{PROSE}</p>")), None)


@pytest.mark.parametrize(("text", "blocks"), [
    (None, []),
    ("", []),
    ("a\n\n  b  c \n", ["a", "b c"]),
])
def test_split_blocks(text: str | None, blocks: list[str]) -> None:
    assert split_blocks(text) == blocks


def test_reader_comments_are_not_extracted() -> None:
    comment = "First! Great article, totally agree with the council on this one."
    tree = parse_html(_page(
        f"<article><p>{PROSE}</p><p>{PROSE}again</p>"
        f'<div id="comments" class="comments"><h3>Comments</h3><ul>'
        f'<li class="comment"><p>{comment}</p></li></ul></div></article>'))
    blocks = extract_body(tree, "https://example.org/a")
    assert blocks and blocks[0] == PROSE.strip()
    assert not any(comment in b for b in blocks)


@pytest.mark.parametrize("markup", [
    "just text, no markup",
    "<html><body></body></html>",
    "<html><frameset><frame src='a'></frameset></html>",
    "<html><body>" + "<div>" * 2000 + PROSE + "</div>" * 2000 + "</body></html>",
    f"<html><body><p>{PROSE}\x1f</p><!-- c --><p>{PROSE}</p></body></html>",
], ids=["text-only", "empty-body", "frameset", "deep", "control-char"])
def test_extract_body_on_odd_trees(markup: str) -> None:
    blocks = extract_body(parse_html(markup), None)
    assert isinstance(blocks, list)
    assert all(isinstance(b, str) and b for b in blocks)
