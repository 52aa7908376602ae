"""extract_metadata on whole (small) pages: priorities, origins, other fields."""

from __future__ import annotations

import lxml.html
import pytest

from newsclean.cleaners.meta import extract as extract_module
from newsclean.cleaners.meta.extract import extract_metadata
from newsclean.cleaners.meta.scan import is_home_or_section_link, scan_tree
from newsclean.outcomes import PageWarning
from newsclean.records import PageMetadata
from tests.cleaners.meta.conftest import ld_script, page

ARTICLE_LD = {
    "@context": "https://schema.org", "@type": "NewsArticle",
    "headline": "Storms escalate in Gauteng", "datePublished": "2024-07-17T11:21:03+01:00",
    "dateModified": "2024-07-17T18:39:23+01:00", "articleSection": "Weather",
    "keywords": ["storms", "Gauteng", "Storms"], "isAccessibleForFree": False,
    "author": [{"@type": "Person", "name": "Enkosi Selane"}],
    "publisher": {"@type": "Organization", "name": "The Citizen"},
}
OG_HEAD = (
    '<meta property="og:title" content="Storms escalate in Gauteng | The Citizen">'
    '<meta property="og:site_name" content="The Citizen">'
    '<meta property="article:published_time" content="2024-07-17T11:21:03Z">'
    '<meta property="og:image" content="/img/storm.jpg">'
    '<meta property="og:description" content="  Residents urged\n to avoid floods ">'
    '<meta name="author" content="Somebody Else">'
    '<link rel="canonical" href="/news/storms-gauteng">'
    '<meta property="og:url" content="https://www.citizen.co.za/news/storms-gauteng">'
)


def test_structured_data_first_with_origins() -> None:
    meta = extract_metadata(page(OG_HEAD + ld_script(ARTICLE_LD), lang="en-ZA"), strict=True)
    assert meta.title == "Storms escalate in Gauteng"
    assert meta.authors == ("Enkosi Selane",)
    assert meta.published == "2024-07-17T11:21:03+01:00"
    assert meta.modified == "2024-07-17T18:39:23+01:00"
    assert dict(meta.origins) == {
        "title": "json-ld", "authors": "json-ld", "published": "json-ld",
        "modified": "json-ld", "language": "html", "paywalled": "json-ld",
        "site_name": "opengraph"}
    assert meta.origin("published") == "json-ld"


def test_other_fields() -> None:
    meta = extract_metadata(page(OG_HEAD + ld_script(ARTICLE_LD), lang="en-ZA"), strict=True)
    assert meta.section == "Weather"
    assert meta.tags == ("storms", "Gauteng")
    assert meta.paywalled is True
    assert meta.language == "en"
    assert meta.site_name == "The Citizen"
    assert meta.description == "Residents urged to avoid floods"
    assert meta.canonical_url == "https://www.citizen.co.za/news/storms-gauteng"
    assert meta.image == "https://www.citizen.co.za/img/storm.jpg"


def test_og_z_time_does_not_beat_jsonld_offset_in_either_order() -> None:
    ld = ld_script({"@type": "NewsArticle", "datePublished": "2025-06-05T14:46:12+02:00"})
    og = '<meta property="article:published_time" content="2025-06-05T14:46:12Z">'
    for head in (ld + og, og + ld):
        assert extract_metadata(page(head), strict=True).published == "2025-06-05T14:46:12+02:00"


def test_meta_only_z_time_is_repaired_by_a_time_element_with_offset() -> None:
    og = '<meta property="article:published_time" content="2024-04-28T14:26:01Z">'
    body = '<time datetime="2024-04-28T14:26:01+02:00">28. April 2024, 14:26 Uhr</time>'
    meta = extract_metadata(page(og, body), strict=True)
    assert meta.published == "2024-04-28T14:26:01+02:00"
    assert meta.origin("published") == "time"


def test_dateline_day_month_resolved_by_url() -> None:
    body = '<div class="article-date">05/06/2025 10:15</div><p>text</p>'
    us = extract_metadata(page(body=body, lang="en-US"), "https://x.test/2025/06/05/a.html",
                          strict=True)
    assert us.published == "2025-06-05T10:15:00"
    plain = extract_metadata(page(body=body, lang="en-US"), strict=True)
    assert plain.published == "2025-05-06T10:15:00"
    assert plain.origin("published") == "dateline"


def test_url_date_is_the_last_resort() -> None:
    meta = extract_metadata(page(body="<p>no dates</p>"), "https://x.test/2024/03/08/story",
                            strict=True)
    assert (meta.published, meta.origin("published")) == ("2024-03-08", "url")


def test_authors_from_meta_then_byline() -> None:
    head = '<meta name="author" content="By Jane Doe and John Roe">'
    assert extract_metadata(page(head), strict=True).authors == ("Jane Doe", "John Roe")
    body = '<div class="byline">By <a rel="author" href="/p/a">Ann Lee</a></div>'
    meta = extract_metadata(page(body=body), strict=True)
    assert (meta.authors, meta.origin("authors")) == (("Ann Lee",), "byline")


def test_site_name_author_only_when_nothing_else() -> None:
    head = ('<meta property="og:site_name" content="mdr.de"><meta name="author" content="mdr.de">'
            '<link rel="canonical" href="https://www.mdr.de/a.html">')
    body = '<p class="author">von David Straub, MDR THÜRINGEN</p>'
    assert extract_metadata(page(head, body), strict=True).authors == ("David Straub",)
    assert extract_metadata(page(head), strict=True).authors == ("mdr.de",)


def test_title_from_title_tag_stripped() -> None:
    head = ('<title>Ein Titel mit Bindestrich-Wort | Börsen-Zeitung</title>'
            '<link rel="canonical" href="https://www.boersen-zeitung.de/x">')
    assert extract_metadata(page(head), strict=True).title == "Ein Titel mit Bindestrich-Wort"


@pytest.mark.parametrize(("flag", "expected"), [
    ('"isAccessibleForFree": "False"', True), ('"isAccessibleForFree": true', False),
    ('"headline": "x"', None)])
def test_paywall_flag(flag: str, expected: bool | None) -> None:
    head = ld_script("{\"@type\": \"NewsArticle\", " + flag + "}")
    assert extract_metadata(page(head), strict=True).paywalled is expected


def test_language_from_og_locale_and_content_language() -> None:
    locale = page('<meta property="og:locale" content="fr_FR">')
    assert extract_metadata(locale, strict=True).language == "fr"
    head = '<meta http-equiv="content-language" content="es-ES">'
    assert extract_metadata(page(head), strict=True).language == "es"


def test_tree_is_not_mutated() -> None:
    tree = page(OG_HEAD + ld_script(ARTICLE_LD),
                '<h1>Storms</h1><div class="byline">By Ann Lee</div><p>Body text</p>')
    before = lxml.html.tostring(tree)
    extract_metadata(tree, "https://www.citizen.co.za/news/storms-gauteng", strict=True)
    assert lxml.html.tostring(tree) == before


def test_empty_page_gives_empty_metadata() -> None:
    meta = extract_metadata(page("", "<p>x</p>"), strict=True)
    assert meta.title is None and meta.authors == () and meta.published is None
    assert meta.origins == ()


def test_page_level_jsonld_is_weaker_than_article_meta_tags() -> None:
    head = (ld_script({"@type": "WebPage", "datePublished": "2025-01-28T02:39:19+00:00",
                       "author": {"@type": "Person", "name": "Page Owner"}})
            + '<meta property="article:published_time" content="2025-01-28T11:30:00+00:00">'
            + '<meta name="author" content="Jacqui Housden">')
    meta = extract_metadata(page(head), strict=True)
    assert meta.published == "2025-01-28T11:30:00+00:00"
    assert meta.authors == ("Jacqui Housden",)


def test_fallback_paths_do_not_mutate_the_tree() -> None:
    tree = page("<title>Plain page | Example</title><style>p {}</style><script>var a;</script>",
                '<h1>Plain page</h1><div class="meta">Posted 12 March 2023</div>'
                '<p class="author">By Ann Lee</p><p>Body text written on 2021-05-04.</p>')
    before = lxml.html.tostring(tree)
    meta = extract_metadata(tree, strict=True)
    assert lxml.html.tostring(tree) == before
    assert meta.published == "2023-03-12" and meta.authors == ("Ann Lee",)


def test_htmldate_fallback_does_not_mutate_the_tree() -> None:
    tree = page("<style>p {}</style>", "<article><p>Some text, 2021-05-04.</p></article>")
    before = lxml.html.tostring(tree)
    meta = extract_metadata(tree, strict=True)
    assert lxml.html.tostring(tree) == before
    assert (meta.published, meta.origin("published")) == ("2021-05-04", "htmldate")


def test_twitter_misc_written_by_is_an_author_source() -> None:
    head = ('<meta name="author" content="d.kuckelkorn@example.de">'
            '<meta name="twitter:misc:Written by" content="Dieter Kuckelkorn">')
    body = '<p class="byline">ku Frankfurt</p>'
    meta = extract_metadata(page(head, body), strict=True)
    assert (meta.authors, meta.origin("authors")) == (("Dieter Kuckelkorn",), "meta")


@pytest.mark.parametrize("junk", ["Nachrichten", "News", "admin", "Noticias"])
def test_generic_words_are_not_authors(junk: str) -> None:
    tree = page(f'<meta name="author" content="{junk}">')
    assert extract_metadata(tree, strict=True).authors == ()


def test_site_only_jsonld_author_is_marked_publisher() -> None:
    head = ('<meta property="og:site_name" content="VnExpress">'
            '<link rel="canonical" href="https://vnexpress.net/a-1.html">'
            + ld_script({"@type": "NewsArticle", "headline": "Đau bụng",
                         "author": {"@type": "Organization", "name": "VnExpress"}}))
    meta = extract_metadata(page(head), strict=True)
    assert (meta.authors, meta.origin("authors")) == (("VnExpress",), "publisher")


@pytest.mark.parametrize("body", [
    # a category link in the author row
    '<div class="article_author"><a href="/news/category/29/misc/ar">Miscellaneous</a></div>',
    # the publisher's rel=author link in the copyright line
    '<p class="copyright"><a rel="author" href="https://example.jp/info">Nikkei Inc.</a></p>',
])
def test_listing_links_and_copyright_are_not_bylines(body: str) -> None:
    assert extract_metadata(page(body=body), strict=True).authors == ()


def _authors_raise(*args: object) -> None:
    raise RuntimeError("authors step exploded")


def test_strict_mode_raises_what_a_metadata_step_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "_authors", _authors_raise)
    with pytest.raises(RuntimeError, match="authors step exploded"):
        extract_metadata(page(OG_HEAD), strict=True)


def test_production_mode_logs_and_marks_the_metadata_failed(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(extract_module, "_authors", _authors_raise)
    meta = extract_metadata(page(OG_HEAD), "https://e.example/a")
    assert meta == PageMetadata(warnings=(PageWarning.METADATA_ERROR,))
    assert "metadata extraction failed for https://e.example/a" in caplog.text
    assert "authors step exploded" in caplog.text          # with its traceback


@pytest.mark.parametrize(("href", "listing"), [
    ("http://www.example.com", True), ("/", True), ("/national", True), ("/forums/", True),
    ("http://www.example.com/pages/world/asia/index.html", True),
    ("/2008/01/14/bush-expedites-deal/", False), ("/news/ferry-returns-after-repair", False),
    ("/story.php?id=123", False), ("/national/article-12345", False),
    ("javascript:void(0)", False), (None, False),
])
def test_home_or_section_links(href: str | None, listing: bool) -> None:
    assert is_home_or_section_link(href) is listing


def test_an_h1_linking_home_or_to_a_section_is_no_headline_candidate() -> None:
    tree = page(body='<h1><a href="/">Valley Voices</a></h1><a href="/forums/"><h1>Forums</h1>'
                     '</a><h1><a href="/sports">Sports</a> and more</h1>'
                     '<h1><a href="/2024/05/ferry-returns-after-repair">Ferry returns</a></h1>')
    assert scan_tree(tree).h1s == ["Sports and more", "Ferry returns"]
