"""Property test: pruning never raises on generated markup and leaves no comments."""

from __future__ import annotations

import lxml.etree
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.cleaners.html.parse import parse_html
from newsclean.cleaners.html.prune import (
    TextSizes,
    link_density,
    paragraph_chars,
    prune_tree,
    strip_comments,
    text_len,
)
from newsclean.errors import ExtractError

TAGS = ["div", "p", "span", "a", "ul", "li", "nav", "aside", "header", "footer", "figure",
        "figcaption", "form", "input", "h1", "h2", "section", "article", "main", "table", "td"]
CLASSES = ["share-bar", "article-body", "related", "cookie", "ad", "content", "bio", "x",
           "sr-only", "paywall-prompt", "", "readMore", "stock_ticker"]
ATTRS = ['', ' hidden', ' role="navigation"', ' type="password"', ' aria-hidden="true"',
         ' id="S:1" hidden', ' href="/x"']

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@st.composite
def markup(draw: st.DrawFn, depth: int = 0) -> str:
    """Random nested HTML with boilerplate-looking classes, comments and raw text."""
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        kind = draw(st.sampled_from(["el", "text", "comment"]))
        if kind == "text":
            parts.append(draw(texts).replace("<", " "))
        elif kind == "comment":
            parts.append(f"<!-- {draw(texts).replace('-', ' ')} -->")
        else:
            tag = draw(st.sampled_from(TAGS))
            cls, attr = draw(st.sampled_from(CLASSES)), draw(st.sampled_from(ATTRS))
            inner = draw(markup(depth + 1))
            parts.append(f'<{tag} class="{cls}"{attr}>{inner}</{tag}>')
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(markup())
def test_prune_never_raises(body: str) -> None:
    try:
        tree = parse_html(f"<html><body>{body}</body></html>")
    except ExtractError:
        return
    removals = prune_tree(tree)
    assert all(r.reason.startswith("html_boilerplate:") for r in removals)
    assert not tree.xpath("//comment()")
    prune_tree(tree)


@settings(max_examples=150, deadline=None)
@given(markup())
def test_text_sizes_match_the_measures_of_each_element(body: str) -> None:
    """The one-pass sizes equal text_len, paragraph_chars and link_density per element."""
    try:
        tree = parse_html(f"<html><body>{body}</body></html>")
    except ExtractError:
        return
    strip_comments(tree)
    sizes = TextSizes(tree)
    for el in tree.iter(lxml.etree.Element):
        assert sizes.text(el) == text_len(el)
        assert sizes.paragraphs(el) == paragraph_chars(el)
        assert sizes.link_density(el) == link_density(el)
