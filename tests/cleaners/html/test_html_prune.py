"""Unit tests for the DOM pruner: tokens, rules, the paragraph-share guard, link density,
and robustness on odd trees."""

from __future__ import annotations

import lxml.etree
import lxml.html
import pytest

from newsclean.cleaners.html import prune_rules as pat
from newsclean.cleaners.html.parse import parse_html
from newsclean.cleaners.html.prune import (
    TextSizes,
    class_tokens,
    element_tokens,
    holds_prose,
    is_link_sentence,
    link_density,
    match_rule,
    prune_blocks,
    prune_tree,
    token_rule,
)

PROSE = ("This paragraph is ordinary article prose, long enough to count as real text "
         "written by a reporter about an event that happened somewhere. ")


def _el(markup: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(markup)


def _page(body: str) -> lxml.html.HtmlElement:
    return parse_html(f"<html><head><title>t</title></head><body>{body}</body></html>")


@pytest.mark.parametrize(("value", "token"), [
    ("share-bar", "share"),
    ("shareBar", "sharebar"),
    ("read-more", "readmore"),
    ("read_more  x", "readmore"),
    ("AuthorBio", "authorbio"),
    ("ad-slot-3", "ad"),
])
def test_class_tokens_split_and_join(value: str, token: str) -> None:
    assert token in class_tokens(value)


@pytest.mark.parametrize("value", ["shadow", "loading", "bread-box", "download", "heading",
                                   "shareholders", "thread", "advantage", "navy", "biology"])
def test_token_rule_needs_whole_tokens(value: str) -> None:
    # "shadow", "loading" and "bread" contain "ad"; "navy" contains "nav": no match
    assert token_rule(class_tokens(value)) is None


def test_token_rule_takes_first_rule_in_order() -> None:
    assert token_rule(class_tokens("header-ads")) == "advert"
    assert token_rule(class_tokens("cookie-share")) == "cookie"


@pytest.mark.parametrize(("markup", "rule"), [
    ('<div class="social-share">x</div>', "share"),
    ('<div id="cookie-banner">x</div>', "cookie"),
    ('<div class="newsletter-box">x</div>', "newsletter"),
    ('<div class="stock-ticker">x</div>', "ticker"),
    ('<div class="author-bio">x</div>', "bio"),
    ('<section class="more-stories">x</section>', "related"),
    ('<div data-testid="outbrain-widget">x</div>', "related"),
    ("<figcaption>x</figcaption>", "caption"),
    ("<aside>x</aside>", "aside"),
    ('<div role="complementary">x</div>', "aside"),
    ('<div role="contentinfo">x</div>', "footer"),
    ("<div hidden>x</div>", "hidden_attr"),
    ('<form><input type="password"></form>', "login"),
    ('<form><input type="email"></form>', "login"),
    ('<span class="sr-only">opens in new tab</span>', "hidden"),
    ('<div class="widget-area">x</div>', "sidebar"),
    ('<h3 class="widget-title">Archives</h3>', "sidebar"),
])
def test_match_rule(markup: str, rule: str) -> None:
    assert match_rule(_el(markup)) == rule


@pytest.mark.parametrize("markup", [
    '<div class="article-body">x</div>',
    '<span class="stock-ticker">AAPL</span>',        # inline ticker inside prose
    '<form><input type="search"></form>',
    '<article class="share-enabled">x</article>',     # main-content wrapper
    "<p>plain</p>",
])
def test_match_rule_leaves_content(markup: str) -> None:
    assert match_rule(_el(markup)) is None


def test_header_rule_spares_article_header() -> None:
    tree = _page('<header class="site-header"><a href="/">Site</a></header>'
                 '<article><header><h1>Title</h1><p class="lede">Lede</p></header>'
                 f"<p>{PROSE}</p></article>")
    reasons = [r.reason for r in prune_tree(tree)]
    assert reasons == ["html_boilerplate:header", "html_boilerplate:title"]
    assert "Lede" in tree.text_content()


def test_title_heading_is_removed_from_body() -> None:
    tree = _page(f"<article><h1>The headline</h1><h2>A subhead</h2><p>{PROSE}</p></article>")
    removals = prune_tree(tree)
    assert [(r.reason, r.text) for r in removals] == [("html_boilerplate:title", "The headline")]
    assert "A subhead" in tree.text_content()


def test_prose_guard_keeps_long_prose_under_a_modifier_class() -> None:
    tree = _page(f'<p>{PROSE * 6}</p><section class="report__section--ads"><p>{PROSE * 5}</p>'
                 '<div class="ad-slot">Advertisement</div></section>')
    removals = prune_tree(tree)
    assert [r.text for r in removals] == ["Advertisement"]
    assert tree.xpath("//section")


def test_standfirst_is_kept_whatever_else_its_tokens_say() -> None:
    standfirst = ('<p class="stand-first" data-component="comp : Article : standfirst_cta">'
                  "Councillors back a cap of two ships a day.</p>")
    assert match_rule(_el(standfirst)) is None
    assert match_rule(_el('<div data-component="comp : Article : footer_cta">Support us</div>'
                          )) == "advert"
    tree = _page(f'<div class="promo-standfirst">{standfirst}<div class="ad-slot">Ad</div></div>'
                 f"<p>{PROSE}</p>")
    assert [r.text for r in prune_tree(tree)] == ["Ad"]     # its children are still searched
    assert "Councillors back a cap" in tree.text_content()


def test_short_all_link_paragraph_is_removed() -> None:
    teaser = '<a href="/x">Council delays the vote on the new budget until spring</a>'
    tree = _page(f"<p>{PROSE}</p><p>READ MORE: {teaser}</p>"
                 f'<p>{PROSE} <a href="/y">a link inside prose</a></p>')
    removals = prune_tree(tree)
    assert [r.reason for r in removals] == ["html_boilerplate:link_paragraph"]
    assert "a link inside prose" in tree.text_content()


def test_guard_keeps_block_holding_most_paragraph_text() -> None:
    tree = _page(f'<div class="article-body share-enabled"><p>{PROSE * 3}</p><p>{PROSE}</p></div>'
                 f'<div class="share-bar"><p>Share this</p></div>')
    removals = prune_tree(tree)
    assert [r.text for r in removals] == ["Share this"]
    assert PROSE.strip() in tree.text_content()


def test_guard_still_prunes_inside_guarded_block() -> None:
    tree = _page(f'<div class="social-wrapper"><p>{PROSE * 3}</p>'
                 f'<div class="share-buttons">Tweet Email</div></div>')
    removals = prune_tree(tree)
    assert [r.text for r in removals] == ["Tweet Email"]
    assert len(tree.xpath("//p")) == 1


def test_guard_share_boundary() -> None:
    # a block with just under the guard share of <p> text is removed
    small = "x" * 39
    tree = _page(f'<p>{"y" * 61}</p><div class="promo"><p>{small}</p></div>' + "<p></p>" * 2)
    assert pat.GUARD_SHARE == pytest.approx(0.4)
    assert [r.reason for r in prune_tree(tree)] == ["html_boilerplate:advert"]


def test_link_density_measure() -> None:
    density, links, chars = link_density(_el(
        '<div><a href="/a">aaaa</a> <a href="/b">bbbb</a> cc</div>'))
    assert links == 2
    assert chars == len("aaaabbbbcc")       # whitespace is not counted
    assert density == pytest.approx(8 / 10)


def test_link_list_removed_but_prose_with_links_kept() -> None:
    links = "".join(f'<li><a href="/{i}">Another headline number {i}</a></li>' for i in range(5))
    prose = (f'<div><p>{PROSE} <a href="/x">one link</a> {PROSE}</p></div>')
    tree = _page(f"<p>{PROSE}</p><ul>{links}</ul>{prose}")
    removals = prune_tree(tree)
    assert [r.reason for r in removals] == ["html_boilerplate:link_density"]
    assert "one link" in tree.text_content()


def test_removal_text_is_squashed_and_truncated() -> None:
    tree = _page(f"<p>{PROSE * 4}</p><aside>  a \n\n b  {'z' * 500}</aside>")
    (removal,) = prune_tree(tree)
    assert removal.text.startswith("a b z")
    assert len(removal.text) == pat.REMOVAL_TEXT_CHARS
    assert removal.line is None


def test_tail_text_survives_removal() -> None:
    tree = _page(f'<p>{PROSE}</p><div>before<div class="ad">AD</div>after</div>')
    prune_tree(tree)
    assert "beforeafter" in tree.text_content().replace(" ", "")


def test_pruning_is_idempotent() -> None:
    tree = _page(f'<p>{PROSE}</p><nav>a b c</nav><div class="related">r</div>')
    assert len(prune_tree(tree)) == 2
    assert prune_tree(tree) == []


def _deep(depth: int) -> lxml.html.HtmlElement:
    return _page('<div class="share">' * depth + "deep" + "</div>" * depth)


@pytest.mark.parametrize("build", [
    lambda: _page(""),
    lambda: parse_html("just some text, no markup at all"),
    lambda: _page('<div class="wrapper">' * 2000 + PROSE + "</div>" * 2000),
    lambda: _deep(500),
    lambda: _page(f"<!-- a comment --><p>{PROSE}<!-- inline --> more</p><?php echo 1; ?>"),
    lambda: parse_html("<html><frameset><frame src='a'></frameset></html>"),
    lambda: lxml.html.fromstring("<div><nav>x</nav><p>y</p></div>"),
    lambda: _page('a\x1f<div class="ad">x</div>b\x1fc<nav>n</nav>\x0bd'),
], ids=["empty-body", "text-only", "deep-nesting", "deep-matching", "comments-pi",
        "no-body", "fragment", "control-chars"])
def test_prune_never_raises_on_odd_trees(build) -> None:
    tree = build()
    removals = prune_tree(tree)
    assert isinstance(removals, list)
    assert not tree.xpath("//comment() | //processing-instruction()")


def test_comments_are_stripped_keeping_tail() -> None:
    tree = _page("<p>one<!-- c -->two</p>")
    prune_tree(tree)
    assert tree.xpath("//p")[0].text_content() == "onetwo"
    assert isinstance(tree, lxml.etree._Element)


def test_react_streamed_segments_are_not_hidden_content() -> None:
    assert match_rule(_el('<div hidden id="S:1"><p>streamed article text</p></div>')) is None
    assert match_rule(_el('<div hidden id="promo">x</div>')) == "hidden_attr"


def test_paywalled_paragraph_is_content_but_paywall_prompt_is_not() -> None:
    assert match_rule(_el('<p class="paywall">An article paragraph.</p>')) is None
    assert match_rule(_el('<div class="paywall-prompt">Subscribe to read</div>')) == "login"


def test_removal_text_leaves_out_scripts_and_styles() -> None:
    tree = _page(f'<p>{PROSE * 3}</p><div class="ad-slot">Anzeige<script>render("x")</script>'
                 "<style>.a{color:red}</style></div>")
    (removal,) = prune_tree(tree)
    assert removal.text == "Anzeige"


def test_modal_dialog_is_removed_whatever_its_share_of_text() -> None:
    tree = _page(f"<p>{PROSE}</p><div role='dialog'><p>{PROSE * 4}</p></div>")
    assert [r.reason for r in prune_tree(tree)] == ["html_boilerplate:dialog"]
    assert len(tree.xpath("//p")) == 1


def test_prune_blocks_keeps_the_full_text() -> None:
    long_menu = " ".join(f"Section {n}" for n in range(100))
    tree = _page(f"<p>{PROSE * 12}</p><nav><a href='/'>{long_menu}</a></nav>")
    assert prune_blocks(tree) == [("nav", long_menu)]


def _card(i: int, deck: str = "A one-sentence deck under the teaser headline.") -> str:
    return (f'<div class="c"><a href="/a/{i}"><img src="/i/{i}.jpg"></a><div>'
            f'<h2><span>Teaser headline number {i}</span> <a href="/a/{i}">Teaser headline '
            f'number {i}</a></h2><p>{deck}</p><p><a href="/authors/x">Jane Doe</a></p>'
            f'</div></div>')


def _article(extra: str, title: str = "The article") -> lxml.html.HtmlElement:
    return parse_html(f"<html><head><title>{title}</title></head><body><article>"
                      f"<p>{PROSE * 3}</p><p>{PROSE * 3}</p></article>{extra}</body></html>")


def test_grid_of_teaser_cards_is_removed_whatever_its_classes() -> None:
    grid = ('<section class="collections"><h2>More from us</h2><div class="row">'
            + "".join(_card(i) for i in range(6)) + "</div></section>")
    found = prune_blocks(_article(grid))
    assert [rule for rule, _ in found] == ["teaser_cards"]
    assert "More from us" in found[0][1] and "Teaser headline number 5" in found[0][1]


def test_linked_subheadings_with_prose_are_not_teasers() -> None:
    # a buying guide: each linked product heading is followed by real prose
    guide = "".join(f'<h3><a href="/p/{i}">Product number {i} reviewed</a></h3><p>{PROSE * 4}</p>'
                    for i in range(4))
    tree = parse_html(f"<html><head><title>Guide</title></head><body><div>{guide}</div>"
                      f"</body></html>")
    assert prune_blocks(tree) == []


def test_too_few_or_same_target_cards_are_kept() -> None:
    two = "".join(_card(i) for i in range(2))
    same = "".join(_card(1) for _ in range(4))
    for cards in (two, same):
        assert "teaser_cards" not in {r for r, _ in prune_blocks(_article(f"<div>{cards}</div>"))}


def test_list_holding_the_page_own_headline_is_kept() -> None:
    # "load more" pages render the current article as the first card of the list
    cards = "".join(_card(i) for i in range(4))
    tree = _article(f"<div>{cards}</div>", title="Teaser headline number 0 - Site")
    assert "teaser_cards" not in {r for r, _ in prune_blocks(tree)}


@pytest.mark.parametrize("title", [
    "Teaser headline number 0 - Site",
    "Téaser headline number 0 - Site",    # accents: the title key is accent-insensitive
    "Teaser headline number ０ | Site",    # a full-width digit: compatibility-normalised
])
def test_list_holding_the_page_own_headline_is_kept_whatever_its_accents(title: str) -> None:
    cards = "".join(_card(i) for i in range(4))
    assert "teaser_cards" not in {r for r, _ in prune_blocks(_article(f"<div>{cards}</div>",
                                                                      title=title))}


@pytest.mark.parametrize(("markup", "sentence"), [
    ("<p>The full findings are <a href='/j'>published in the latest issue of the journal"
     "</a>.</p>", True),
    ("<p>Read more: <a href='/x'>Hospital waiting lists grow for a third month</a></p>",
     False),
    ("<p>Also read | <a href='/x'>Hospital waiting lists grow for a third month</a></p>",
     False),
    ("<p><a href='/v'>Watch: the health minister on shift-work rules</a></p>", False),
    ("<p><a href='/a'>Health</a> | <a href='/b'>Science</a> | <a href='/c'>Work</a></p>",
     False),
    ("<p><b>Police</b> closed <a href='/b'>the bridge on the ring road</a> on Monday.</p>",
     True),
    ("<p>It also <a href='/n'>co-ordinates military plans and joint exercises</a>.</p>", True),
    ("<p>READ MORE <a href='/n'>Get three months of our royal newsletter free</a></p>", False),
])
def test_link_sentence(markup: str, sentence: bool) -> None:
    assert is_link_sentence(_el(markup)) is sentence


def test_sentence_holding_a_link_is_kept_but_link_lines_go() -> None:
    sentence = ("The full findings are <a href='/j'>published in the latest issue of the "
                "European Heart Journal this week</a>.")
    tree = _page(f"<p>{PROSE}</p><p>{sentence}</p>"
                 "<p>Read more: <a href='/x'>Hospital waiting lists grow again</a></p>")
    removals = prune_tree(tree)
    assert [(r.reason, r.text) for r in removals] == [
        ("html_boilerplate:link_paragraph", "Read more: Hospital waiting lists grow again")]
    assert "European Heart Journal" in tree.text_content()


def _related(n: int) -> str:
    return "<ul>" + "".join(f"<li><a href='/r{i}'>Related story number {i} about another "
                            "subject entirely</a></li>" for i in range(n)) + "</ul>"


def test_link_dense_block_holding_prose_loses_only_its_link_list() -> None:
    tree = _page(f"<div class='a'>{f'<p>{PROSE}</p>' * 6}</div>"
                 f"<div class='b'>{f'<p>{PROSE}</p>' * 3}{_related(16)}</div>")
    block = tree.find(".//div[@class='b']")
    sizes = TextSizes(tree)
    assert sizes.link_density(block)[0] >= pat.LINK_DENSITY_MIN
    assert holds_prose(block, sizes)
    removals = prune_tree(tree)
    assert [r.reason for r in removals] == ["html_boilerplate:link_density"]
    assert removals[0].text.startswith("Related story number 0")
    assert len(block.findall("p")) == 3 and block.find("ul") is None


def test_link_dense_block_without_prose_is_removed_whole() -> None:
    tree = _page(f"<div class='a'>{f'<p>{PROSE}</p>' * 4}</div>"
                 f"<div class='b'><p>Short deck.</p>{_related(6)}</div>")
    removals = prune_tree(tree)
    assert [r.reason for r in removals] == ["html_boilerplate:link_density"]
    assert removals[0].text.startswith("Short deck.Related story number 0")
    assert tree.find(".//div[@class='b']") is None


@pytest.mark.parametrize(("value", "rule"), [
    ("post-7 post type-post status-publish hentry tag-comments category-ads", None),
    ("post hentry tag-share", None),
    ("tag-comments", "comments"),            # no post-class marker: a class like any other
    ("widget tag-cloud", "tags"),
])
def test_wordpress_post_taxonomy_classes_are_not_tokens(value: str, rule: str | None) -> None:
    assert token_rule(element_tokens(_el(f"<div class='{value}'>x</div>"))) == rule


@pytest.mark.parametrize(("markup", "rule"), [
    ("<p>© 2024 Riverside Courier Ltd.</p>", "copyright"),
    ("<div>Copyright © 2019 the Example Group</div>", "copyright"),
    ("<p>Example Media Ltd. All rights reserved.</p>", "copyright"),
    ("<p>© Jane Doe/Example Agency</p>", None),         # a photo credit
    ("<div><figure><img src='a.jpg'><span>Talks in Geneva. Jane Doe/Copyright 2026 The Agency."
     " All rights reserved.</span></figure></div>", None),    # a photo's caption and credit
    ("<td><img src='logo.gif'> © 2008 Example TV. All Rights Reserved.</td>", "copyright"),
    ("<div class='copyright'>Example Media</div>", None),
    ("<p>Copyright law is being rewritten by the commission this year.</p>", None),
    (f"<p>{PROSE * 2} All rights reserved by nobody.</p>", None),       # long prose
])
def test_copyright_notice(markup: str, rule: str | None) -> None:
    assert match_rule(_el(markup)) == rule
