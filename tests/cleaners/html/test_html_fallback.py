"""Tests for the unpruned-page fallback when the pruned extraction looks truncated."""

from __future__ import annotations

import lxml.html
import pytest

from newsclean.cleaners.html import body as fb
from newsclean.cleaners.html.parse import parse_html
from newsclean.cleaners.html.prune import prune_tree

PROSE = ("The council approved the budget after a long debate that lasted well into the "
         "night, with several members raising concerns about rising costs. ")
MENU = "Home News Sport Weather Contact Imprint"


def _page(body: str) -> lxml.html.HtmlElement:
    return parse_html(f"<html><head><title>t</title></head><body>{body}</body></html>")


def _fake_extractor(pruned: list[str], unpruned: list[str]):
    """An extract_body stand-in: the unpruned tree still has its <nav>."""
    calls: list[bool] = []

    def extract(tree: lxml.html.HtmlElement, url: str | None) -> list[str]:
        has_nav = next(tree.iter("nav"), None) is not None
        calls.append(has_nav)
        return list(unpruned if has_nav else pruned)

    return extract, calls


@pytest.mark.parametrize(("blocks", "page_p_chars", "truncated"), [
    ([], 0, False),
    ([], 100, True),
    (["x" * 100], 0, False),
    (["x" * 2000], 3000, False),
    (["x" * 2000], 5000, True),
])
def test_looks_truncated(blocks: list[str], page_p_chars: int, truncated: bool) -> None:
    assert fb.looks_truncated(blocks, page_p_chars) is truncated


def test_drop_pruned_lines_keeps_lines_outside_pruned_blocks() -> None:
    blocks = [PROSE.strip(), "Home News", "Sport  Weather"]
    assert fb.drop_pruned_lines(blocks, [MENU]) == [PROSE.strip()]


def test_long_pruned_extraction_is_kept_without_second_pass(monkeypatch) -> None:
    extract, calls = _fake_extractor([PROSE * 20], ["other"])
    monkeypatch.setattr(fb, "extract_body", extract)
    tree = _page(f"<nav><a href='/'>{MENU}</a></nav><p>{PROSE * 20}</p>")
    blocks, _ = fb.extract_article(tree, None)
    assert blocks == [PROSE * 20]
    assert calls == [False]


def test_truncated_extraction_falls_back_to_unpruned_page(monkeypatch) -> None:
    long_text = [PROSE.strip()] * 12
    extract, calls = _fake_extractor([PROSE.strip()], [MENU, *long_text])
    monkeypatch.setattr(fb, "extract_body", extract)
    tree = _page(f"<nav><a href='/'>{MENU}</a></nav><div>{f'<p>{PROSE}</p>' * 12}</div>")
    blocks, removals = fb.extract_article(tree, None)
    assert calls == [False, True]
    assert blocks == long_text  # the menu line lies inside a pruned block
    assert [r.reason for r in removals] == ["html_boilerplate:nav"]


def test_fallback_needs_a_clear_gain(monkeypatch) -> None:
    extract, calls = _fake_extractor([PROSE.strip()], [PROSE.strip(), "a few more words"])
    monkeypatch.setattr(fb, "extract_body", extract)
    tree = _page(f"<nav><a href='/'>{MENU}</a></nav>{f'<p>{PROSE}</p>' * 3}")
    blocks, _ = fb.extract_article(tree, None)
    assert calls == [False, True]
    assert blocks == [PROSE.strip()]


def test_removals_match_prune_tree() -> None:
    markup = (f"<nav><a href='/'>{MENU}</a></nav><article><h1>Budget</h1><p>{PROSE}</p>"
              "<div class='share-bar'>Share this</div></article>")
    _, removals = fb.extract_article(_page(markup), None)
    assert removals == prune_tree(_page(markup))


def test_real_extraction_of_a_plain_article() -> None:
    paragraphs = [f"Part {n}: {PROSE.strip()}" for n in range(3)]
    tree = _page(f"<nav><a href='/'>{MENU}</a></nav><article>"
                 + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>")
    blocks, _ = fb.extract_article(tree, "https://example.org/a")
    assert blocks == paragraphs
    assert next(tree.iter("nav"), None) is None  # pruned in place


@pytest.mark.parametrize("markup", [
    "just text, no markup",
    "<html><body></body></html>",
    "<html><frameset><frame src='a'></frameset></html>",
    "<html><body>" + "<div class='lead'>" * 1500 + PROSE + "</div>" * 1500 + "</body></html>",
    f"<html><body><nav>{MENU}</nav><p>{PROSE}\x1f</p><!-- c --><p>{PROSE}</p></body></html>",
    f"<html><body><header><p>{PROSE}</p></header><p class='intro'>{PROSE}</p></body></html>",
], ids=["text-only", "empty-body", "frameset", "deep", "control-char", "all-lede"])
def test_extract_article_on_odd_trees(markup: str) -> None:
    blocks, removals = fb.extract_article(parse_html(markup), None)
    assert all(isinstance(b, str) and b for b in blocks)
    assert all(r.reason.startswith("html_boilerplate:") for r in removals)


def test_link_rules_that_left_too_little_are_undone(monkeypatch) -> None:
    lead = PROSE.strip()
    timeline = [f"Step {n}: the plan was approved and built." for n in range(6)]

    def extract(tree: lxml.html.HtmlElement, url: str | None) -> list[str]:
        if next(tree.iter("nav"), None) is None:
            return [lead]
        return [MENU, lead, *timeline]

    monkeypatch.setattr(fb, "extract_body", extract)
    links = "".join(f"<p><a href='/s{n}'>Step {n}: the plan was approved</a> and built.</p>"
                    for n in range(6))
    tree = _page(f"<nav><a href='/'>{MENU}</a></nav><p>{PROSE}</p>"
                 f"<div>{links[: len(links) // 2]}</div><div>{links[len(links) // 2:]}</div>")
    blocks, removals = fb.extract_article(tree, None)
    assert blocks == [lead, *timeline]      # the menu stays out: the nav rule still holds
    assert [r.reason for r in removals] == ["html_boilerplate:nav"]
