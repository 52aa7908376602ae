"""JSON-LD reader: graphs, references, nesting, broken JSON, paywall flags."""

from __future__ import annotations

import json

import pytest

from newsclean.cleaners.meta.jsonld import Person, loads_lenient, read_jsonld


def test_graph_with_author_reference_is_resolved() -> None:
    block = json.dumps({"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": "#site", "name": "Example News"},
        {"@type": "NewsArticle", "@id": "#a", "headline": "Big &amp; bold",
         "author": [{"@id": "#p1"}], "datePublished": "2024-05-01T10:00:00+02:00",
         "publisher": {"@id": "#org"}},
        {"@type": "Person", "@id": "#p1", "name": "Jane Doe"},
        {"@type": "Organization", "@id": "#org", "name": "Example Media"},
    ]})
    art = read_jsonld([block])
    assert art is not None
    assert art.headline == "Big & bold"
    assert art.authors == (Person("Jane Doe"),)
    assert art.publisher == "Example Media"
    assert art.published == "2024-05-01T10:00:00+02:00"


def test_array_of_blocks_picks_the_article_not_the_breadcrumb() -> None:
    block = json.dumps([
        {"@type": "BreadcrumbList", "itemListElement": [{"name": "Home"}]},
        {"@type": ["NewsArticle", "ReportageNewsArticle"], "headline": "Real one",
         "author": {"@type": "Organization", "name": "AP"}},
    ])
    art = read_jsonld([block])
    assert art is not None and art.headline == "Real one"
    assert art.authors == (Person("AP", is_org=True),)


def test_shallowest_article_wins_over_nested_updates() -> None:
    block = json.dumps({"@type": "LiveBlogPosting", "headline": "Live: the main story",
                        "liveBlogUpdate": [{"@type": "BlogPosting", "headline": "update 1"}]})
    art = read_jsonld([block])
    assert art is not None and art.headline == "Live: the main story"


def test_article_nested_under_webpage_main_entity() -> None:
    block = json.dumps({"@type": "WebPage", "datePublished": "2020-01-01",
                        "mainEntity": {"@type": "Article", "headline": "Inner",
                                       "datePublished": "2024-02-03T04:05:06Z"}})
    art = read_jsonld([block])
    assert art is not None and art.is_article
    assert (art.headline, art.published) == ("Inner", "2024-02-03T04:05:06Z")


def test_webpage_only_is_a_fallback_node() -> None:
    art = read_jsonld([json.dumps({"@type": "WebPage", "datePublished": "2024-01-01"})])
    assert art is not None and not art.is_article and art.published == "2024-01-01"


@pytest.mark.parametrize("broken", [
    '{"@type": "NewsArticle", "headline": "Trailing", "keywords": ["a", "b",],}',
    '<!-- {"@type": "NewsArticle", "headline": "Trailing"} -->',
    '//<![CDATA[\n{"@type": "NewsArticle", "headline": "Trailing"}\n//]]>',
    '{"@type": "NewsArticle", "headline": "Trai\x01ling\tline"}',
])
def test_broken_json_is_repaired(broken: str) -> None:
    art = read_jsonld([broken])
    assert art is not None
    assert art.headline is not None and art.headline.startswith("Trai")


@pytest.mark.parametrize("hopeless", ["", "{", "not json at all", "[1, 2, 3]", "null",
                                      '{"a": ' * 5000])
def test_hopeless_json_gives_nothing(hopeless: str) -> None:
    assert read_jsonld([hopeless]) is None


@pytest.mark.parametrize(("value", "expected"), [
    (False, False), ("False", False), ("false", False), (True, True), ("true", True),
    ("maybe", None),
])
def test_is_accessible_for_free(value: object, expected: bool | None) -> None:
    art = read_jsonld([json.dumps({"@type": "NewsArticle", "isAccessibleForFree": value})])
    assert art is not None and art.free is expected


def test_paywall_flag_on_has_part() -> None:
    block = json.dumps({"@type": "NewsArticle", "hasPart": {
        "@type": "WebPageElement", "isAccessibleForFree": "False", "cssSelector": ".paid"}})
    art = read_jsonld([block])
    assert art is not None and art.free is False


def test_keywords_image_section_variants() -> None:
    block = json.dumps({"@type": "NewsArticle", "keywords": "Politik, Wahl ,  Berlin",
                        "image": [{"@type": "ImageObject", "url": "https://x.test/a.jpg"}],
                        "articleSection": ["Politik", "Inland"]})
    art = read_jsonld([block])
    assert art is not None
    assert art.keywords == ("Politik", "Wahl", "Berlin")
    assert art.image == "https://x.test/a.jpg"
    assert art.section == "Politik"


def test_loads_lenient_refuses_huge_blocks() -> None:
    assert loads_lenient('"' + "x" * 4_000_000 + '"') is None
