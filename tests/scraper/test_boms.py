"""The one BOM table: decoding, and sniffing feeds and sitemaps in any Unicode encoding.

The sniffers used to know only some BOMs (feeds: UTF-8 only; sitemaps: any ``FF``/``FE``
bytes, but not leading whitespace after a UTF-16 BOM); they now share :data:`BOMS`.
"""

from __future__ import annotations

import codecs

import pytest

from newsclean.scraper.boms import BOMS, bom_of, sniff_head, strip_bom
from newsclean.scraper.decode import decode_bytes
from newsclean.scraper.discovery.feeds import parse_feed
from newsclean.scraper.discovery.links import sniff_kind
from newsclean.scraper.discovery.sitemaps import parse_sitemap

BASE = "https://news.example.org/source"
JSON_FEED = ('{"version": "https://jsonfeed.org/version/1.1", "title": "News", '
             '"items": [{"id": "1", "url": "https://news.example.org/1"}]}')
SITEMAP = ('\n  <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           "<url><loc>https://news.example.org/a1</loc></url></urlset>")
CODECS = [codec for _, codec in BOMS]


def with_bom(text: str, codec: str) -> bytes:
    bom = next(bom for bom, name in BOMS if name == codec)
    return bom + text.encode(codec)


@pytest.mark.parametrize("codec", CODECS)
def test_bom_of_names_the_codec_and_strip_bom_drops_it(codec: str) -> None:
    data = with_bom("<p>café</p>", codec)
    bom, found = bom_of(data) or (b"", "")
    assert found == codec and strip_bom(data) == "<p>café</p>".encode(codec)
    assert decode_bytes(data) == ("<p>café</p>", codec)


def test_utf32_le_is_not_read_as_utf16_le() -> None:
    assert codecs.BOM_UTF32_LE.startswith(codecs.BOM_UTF16_LE)
    assert bom_of(with_bom("x", "utf-32-le")) == (codecs.BOM_UTF32_LE, "utf-32-le")


@pytest.mark.parametrize("codec", CODECS)
def test_sniff_head_reads_markup_in_any_unicode_encoding(codec: str) -> None:
    assert sniff_head(with_bom("  \n<rss version='2.0'>", codec)).startswith(b"<rss")
    assert sniff_kind(with_bom("  <rss version='2.0'><channel/></rss>", codec), None) == "feed"


def test_no_bom_is_left_alone() -> None:
    assert bom_of(b"<html>") is None and strip_bom(b"\xff<html>") == b"\xff<html>"


@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le", "utf-16-be"])
def test_json_feed_with_a_bom_is_read_as_json(codec: str) -> None:
    """Formerly only a UTF-8 BOM was dropped: a UTF-16 JSON Feed went to the XML parser."""
    entries = parse_feed(with_bom(JSON_FEED, codec), BASE)
    assert [entry.url for entry in entries] == ["https://news.example.org/1"]


@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le", "utf-16-be"])
def test_sitemap_with_a_bom_and_leading_whitespace_is_xml(codec: str) -> None:
    """Formerly a UTF-16 sitemap with whitespace before ``<urlset>`` was read as text."""
    data = with_bom(SITEMAP, codec)
    assert [entry.url for entry in parse_sitemap(data, BASE).urls] == [
        "https://news.example.org/a1"]
