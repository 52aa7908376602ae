"""The one absolute_url (scraper links and cleaner metadata links) and unique.

Where the two former copies disagreed, the cases are marked: the scraper's copy
(discovery) and the cleaners' copy (``cleaners/meta/extract.py``) now give one answer.
"""

from __future__ import annotations

import pytest

from newsclean.urls import MAX_URL_LENGTH, absolute_url, unique

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
