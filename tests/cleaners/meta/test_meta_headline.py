"""The headline element of a page without title metadata (cleaners/meta/headline.py)."""

from __future__ import annotations

import pytest

from newsclean.cleaners.meta.extract import extract_metadata
from newsclean.cleaners.meta.headline import shown_headline
from tests.cleaners.meta.conftest import page

TEXT = ("<p>The harbour ferry ran again on Monday after crews spent the weekend repairing "
        "the pier that the storm had torn loose on Friday night.</p>"
        "<p>The operator said the timetable would be back to normal by Wednesday, once the "
        "second boat returns from the yard.</p>")
NAV = ('<div id="top"><h2>Search the archive</h2><a href="/a">News</a> <a href="/b">Sport</a>'
       "</div>")


@pytest.mark.parametrize("headline", [
    '<span class="news_story_title">Ferry service resumes after storm</span>',
    '<td class="ArticleHead">Ferry service resumes after storm</td>',
    "<h3>Ferry service resumes after storm</h3>",
    "<p><b>Ferry service resumes after storm</b></p>",
    # the innermost of nested candidates, not the wrapper holding the date too
    '<div class="storyHeader"><h2>Ferry service resumes after storm</h2>'
    "Posted: Monday 14 January 2008</div>",
])
def test_the_candidate_followed_by_the_article_text(headline: str) -> None:
    body = NAV + (f"<table><tr>{headline}</tr></table>" if headline.startswith("<td")
                  else headline) + TEXT + "<h2>More from the coast</h2><a href='/c'>Tides</a>"
    found = shown_headline(page(body=body))
    assert found is not None and found.text == "Ferry service resumes after storm"


@pytest.mark.parametrize("body", [
    TEXT,                                                         # no candidate at all
    "<h2>Ferry</h2>" + TEXT,                                      # too short for a headline
    "<ul><li><h3>Ferry service resumes after storm</h3></li></ul>" + TEXT,   # a list item
    "<nav><h2>Ferry service resumes after storm</h2></nav>" + TEXT,          # navigation
])
def test_no_headline(body: str) -> None:
    assert shown_headline(page(body=body)) is None


def test_a_title_tag_naming_only_the_site_gives_way_to_the_headline_element() -> None:
    meta = extract_metadata(page("<title>Harbour Post: Coast</title>", NAV + (
        '<div class="headline">Ferry service resumes after storm</div>') + TEXT), strict=True)
    assert (meta.title, meta.origin("title")) == ("Ferry service resumes after storm",
                                                  "headline")


def test_no_title_tag_at_all() -> None:
    meta = extract_metadata(page("", "<h3>Ferry service resumes after storm</h3>" + TEXT),
                            strict=True)
    assert (meta.title, meta.origin("title")) == ("Ferry service resumes after storm",
                                                  "headline")


@pytest.mark.parametrize(("title", "expected"), [
    ("The Feed - Ferry service resumes after storm", "Ferry service resumes after storm"),
    ("Coast : Ferry Service Resumes After Storm (from The Harbour Post)",
     "Ferry service resumes after storm"),          # the element's own casing
])
def test_a_title_tag_adding_site_or_section_to_the_headline_element(title: str,
                                                                    expected: str) -> None:
    body = NAV + "<h3>Ferry service resumes after storm</h3>" + TEXT
    meta = extract_metadata(page(f"<title>{title}</title>", body), strict=True)
    assert (meta.title, meta.origin("title")) == (expected, "headline")


def test_a_title_tag_naming_the_site_gives_way_even_when_displayed() -> None:
    body = ("<div class='logo'>Harbour Post</div>"
            "<h3>Ferry service resumes after storm</h3>" + TEXT)
    meta = extract_metadata(page("<title>Harbour Post</title>", body),
                            "https://www.harbourpost.example/news/1", strict=True)
    assert (meta.title, meta.origin("title")) == ("Ferry service resumes after storm",
                                                  "headline")
    # without the URL nothing says it is the site's name, but a <title> of a few words that
    # does not hold the longer headline element the text follows names the site or a section
    meta = extract_metadata(page("<title>Harbour Post</title>", body), strict=True)
    assert (meta.title, meta.origin("title")) == ("Ferry service resumes after storm",
                                                  "headline")


def test_a_section_h1_confirmed_by_the_title_tag_gives_way() -> None:
    # the <title> confirms the <h1>, but the <h1> is the section's label: the story's
    # headline is the element the text follows
    body = ("<h1>Local Sports Wire</h1><p>Thu, 10 Jan 2008</p>"
            "<h3>Ferry service resumes after storm</h3>" + TEXT)
    meta = extract_metadata(page("<title>Harbour Post - Local Sports Wire</title>", body),
                            strict=True)
    assert (meta.title, meta.origin("title")) == ("Ferry service resumes after storm",
                                                  "headline")


@pytest.mark.parametrize("element", [
    "By Chris Wilson 14/01/2008",                         # a byline
    "Crews check the ferry at the pier in Harbour Town.",  # a caption: a sentence
])
def test_a_short_title_stays_when_the_element_is_no_headline(element: str) -> None:
    body = f"<p>Ferry Back Soon</p><h3>{element}</h3>" + TEXT     # the <title> is displayed
    meta = extract_metadata(page("<title>Ferry Back Soon</title>", body), strict=True)
    assert meta.title == "Ferry Back Soon"


def test_a_short_title_stays_when_the_element_is_a_repeated_label() -> None:
    body = ("<h1>Ferry Back Soon</h1><p>Coast</p>" + "<h3>What's Your Reaction?</h3>" + TEXT
            + "<h3>What's Your Reaction?</h3><p>More</p>")
    meta = extract_metadata(page("<title>Ferry Back Soon</title>", body), strict=True)
    assert meta.title == "Ferry Back Soon"


@pytest.mark.parametrize("head", [
    # displayed: the <title> is the headline
    "<title>Crews worked through the weekend</title>",
    # not displayed, but it holds the headline element's text: kept whole
    "<title>Crews worked through the weekend--Coast--Harbour Post</title>",
])
def test_a_title_tag_that_is_the_headline_stays(head: str) -> None:
    body = NAV + "<h3>Crews worked through the weekend</h3>" + TEXT
    meta = extract_metadata(page(head, body), strict=True)
    assert meta.origin("title") == "title" and meta.title is not None
    assert meta.title.startswith("Crews worked through the weekend")


def test_a_title_tag_holding_any_candidate_stays() -> None:
    # the <h1> is followed by little text, the <h3> by the article; the <title> holds the <h1>
    body = ("<h1>Crews worked through the weekend</h1><p>Coast</p>"
            "<h3>Ferry service resumes after storm</h3>" + TEXT)
    meta = extract_metadata(page("<title>Crews worked through the weekend MOONPOST</title>",
                                 body), strict=True)
    assert meta.title == "Crews worked through the weekend MOONPOST"
    found = shown_headline(page(body=body))
    assert found is not None and found.text == "Ferry service resumes after storm"


@pytest.mark.parametrize("label", ["MAIL THIS STORY", "Last Updated: 6:10 PM Dec 31, 2007",
                                   "Post a comment on this article"])
def test_a_tool_label_or_date_line_followed_by_the_text_is_no_headline(label: str) -> None:
    found = shown_headline(page(body=NAV + (
        '<div class="storyhead">Ferry service resumes after storm</div>'
        f"<p>A first short line.</p><div><b>{label}</b></div>") + TEXT))
    assert found is not None
    assert found.text == "Ferry service resumes after storm"
    assert label not in found.candidates
