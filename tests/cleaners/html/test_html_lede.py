"""Tests for putting back the lede the extractor left out."""

from __future__ import annotations

import lxml.html
import pytest

from newsclean.cleaners.html.lede import find_lede, with_lede
from newsclean.cleaners.html.parse import parse_html

LEDE = "The city will spend twice as much on its schools next year, the council decided."
BODY = ("The council approved the budget after a long debate that lasted well into the "
        "night, with several members raising concerns about rising costs.")


def _page(body: str) -> lxml.html.HtmlElement:
    return parse_html(f"<html><head><title>t</title></head><body>{body}</body></html>")


@pytest.mark.parametrize("lede_markup", [
    f"<p class='article-lead'>{LEDE}</p>",
    f"<div class='teaser-text'><p>{LEDE}</p></div>",
    f"<h2 class='story__subtitle'>{LEDE}</h2>",
    f"<div id='intro'>{LEDE}</div>",
    f"<header class='entry-header'><p>{LEDE}</p></header>",
])
def test_lede_before_the_body_is_put_first(lede_markup: str) -> None:
    tree = _page(f"<article>{lede_markup}<div class='body'><p>{BODY}</p></div></article>")
    assert with_lede(tree, [BODY]) == [LEDE, BODY]


def test_lede_already_extracted_is_not_repeated() -> None:
    tree = _page(f"<article><p class='lead'>{LEDE}</p><p>{BODY}</p></article>")
    assert find_lede(tree, [LEDE, BODY]) is None


def test_lede_after_the_body_start_is_not_a_lede() -> None:
    tree = _page(f"<article><p>{BODY}</p><p class='summary'>{LEDE}</p></article>")
    assert find_lede(tree, [BODY]) is None


@pytest.mark.parametrize("markup", [
    f"<ul><li><a href='/x'><p class='teaser-text'>{LEDE}</p></a></li></ul>",  # menu teaser
    f"<p class='lead'><a href='/other'>{LEDE}</a></p>",  # all link
    "<p class='lead'>Too short to be a lede.</p>",
    f"<p class='excerpt'>{LEDE[:60]}...</p>",  # cut short: another article's teaser
    "<p class='intro'>(Photo illustration by the picture desk of this newspaper)</p>",
    f"<form><p class='summary'>{LEDE}</p></form>",
    f"<header id='site-header'><p>{LEDE}</p></header>",  # site header, not the article's
])
def test_not_a_lede(markup: str) -> None:
    tree = _page(f"{markup}<div><p>{BODY}</p></div>")
    assert find_lede(tree, [BODY]) is None


def test_picture_and_credit_inside_the_lede_block_are_left_out() -> None:
    tree = _page(f"<article><div class='intro'><span><img src='a.jpg'>"
                 "<em>Photo: the picture desk</em></span>"
                 f"<p>{LEDE}</p></div><p>{BODY}</p></article>")
    assert find_lede(tree, [BODY]) == LEDE


def test_no_blocks_no_lede() -> None:
    assert with_lede(_page(f"<p class='lead'>{LEDE}</p>"), []) == []


def test_no_lede_when_the_body_start_is_not_found() -> None:
    tree = _page(f"<article><p class='lead'>{LEDE}</p><p>{BODY}</p></article>")
    assert find_lede(tree, ["A paragraph that is nowhere in this page at all."]) is None


def test_wrapper_div_is_matched_by_its_own_leading_text() -> None:
    tree = _page(f"<div class='lead'><p>{LEDE}</p></div><div>{BODY}<br>more text</div>")
    assert find_lede(tree, [BODY]) == LEDE
