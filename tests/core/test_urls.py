"""The one absolute_url (scraper links and cleaner metadata links) and unique.

Where the two former copies disagreed, the cases are marked: the scraper's copy
(discovery) and the cleaners' copy (``cleaners/meta/extract.py``) now give one answer.
"""

from __future__ import annotations

import pytest

from newsclean.urls import MAX_URL_LENGTH, absolute_url, canonical_url, unique

BASE = "https://news.example.org/world/story.html"


@pytest.mark.parametrize("raw, base, expected", [
    ("https://e.example/a", BASE, "https://e.example/a"),
    ("  https://e.example/a \n", BASE, "https://e.example/a"),
    ("/img/a.jpg", BASE, "https://news.example.org/img/a.jpg"),
    ("b.html", BASE, "https://news.example.org/world/b.html"),
    ("//cdn.example/a.jpg", BASE, "https://cdn.example/a.jpg"),
    ("https://e.example/a", None, "https://e.example/a"),
    ("/relative", None, None),
    ("mailto:desk@example.org", BASE, None),
    ("javascript:void(0)", BASE, None),
    ("data:image/png;base64,AAAA", BASE, None),
    ("", BASE, None),
    (None, BASE, None),
    (42, BASE, None),
    # the copies disagreed here; the scraper's stricter rules win:
    ("HTTPS://E.example/A", None, "HTTPS://E.example/A"),   # cleaners: None (case-blind)
    ("HTTPS://E.example/A", BASE, "HTTPS://E.example/A"),   # cleaners: https://E.example/A
    ("http://", BASE, None),                                # no host: cleaners kept it
    ("https:///path", BASE, None),                          # no host: cleaners kept it
    ("http://[::1/a", BASE, None),                          # broken IPv6: cleaners kept it
    ("//[::1/a", BASE, None),                               # cleaners raised ValueError
    ("https://e.example/" + "a" * MAX_URL_LENGTH, BASE, None),   # junk length: cleaners kept
])
def test_absolute_url(raw: object, base: str | None, expected: str | None) -> None:
    assert absolute_url(raw, base) == expected


def test_unique_keeps_first_occurrence_and_order() -> None:
    assert unique(["b", "a", "b", "c", "a"]) == ["b", "a", "c"]


@pytest.mark.parametrize(("url", "canonical"), [
    ("HTTPS://WWW.Example.org:443/News/a?utm_source=tw&id=3#top",
     "https://www.example.org/News/a?id=3"),
    ("http://example.org:80/a/?fbclid=xyz&p=12", "http://example.org/a/?p=12"),
    ("https://example.org/a?b=2&a=1", "https://example.org/a?a=1&b=2"),
    ("https://example.org/story?gclid=1", "https://example.org/story"),
])
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_a_tracking_link_gives_the_same_article_id() -> None:
    from newsclean.corpus.schema import article_id

    plain = article_id("https://news.example/2026/harbour-cranes", "x")
    assert article_id("https://NEWS.example/2026/harbour-cranes?utm_medium=rss#comments",
                      "y") == plain
    assert article_id("https://news.example/2026/other-story", "x") != plain
