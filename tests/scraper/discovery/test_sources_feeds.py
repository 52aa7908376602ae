"""parse_feed: every format, relative links, dates, and refusal of unsafe XML."""

from __future__ import annotations

import gzip
import io
import time
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from newsclean.errors import FeedError
from newsclean.scraper.discovery.feeds import FeedEntry, parse_feed
from tests.conftest import FIXTURES

WEB = FIXTURES / "web"
BASE = "https://news.example.org/feed"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>https://news.example.org/a</link></item>
</channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title>
<item><title>&xxe;</title><link>https://news.example.org/a</link></item>
</channel></rss>"""

RSS091_NETSCAPE = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><link>http://old.example.com/</link>
<item><title>Caf\xe9 news</title><link>http://old.example.com/cafe</link></item>
</channel></rss>"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
 <channel rdf:about="http://rdf.example.com/"><title>RDF</title>
  <link>http://rdf.example.com/</link></channel>
 <item rdf:about="http://rdf.example.com/story/1"><title>Story one</title>
  <link>http://rdf.example.com/story/1</link><dc:date>2026-11-20T08:30:00+01:00</dc:date></item>
</rdf:RDF>"""


@pytest.mark.parametrize(
    ("name", "count", "first_url", "first_date"),
    [
        ("feed2.rss", 1, "http://www.example.com/blog/post/1", datetime(2009, 9, 6, 16, 20)),
        ("feed1.atom", 1, "http://example.org/2003/12/13/atom03",
         datetime(2003, 12, 13, 18, 30, 2)),
        ("feed.json", 25, "https://www.npr.org/2021/10/29/1050315385/keller-rinaudo-how-can-"
         "delivery-drones-save-lives?utm_medium=JSONFeed&utm_campaign=technology",
         datetime(2021, 10, 29, 14, 26)),
    ],
)
def test_fixture_feeds(name: str, count: int, first_url: str, first_date: datetime) -> None:
    entries = parse_feed((WEB / name).read_bytes(), BASE)
    assert len(entries) == count
    assert entries[0].url == first_url
    assert entries[0].published == first_date.replace(tzinfo=UTC)
    assert all(entry.published and entry.published.tzinfo == UTC for entry in entries)


def test_atom_self_link_is_not_an_article() -> None:
    urls = [entry.url for entry in parse_feed((WEB / "feed1.atom").read_bytes(), BASE)]
    assert "http://example.org/1000" not in urls


def test_rdf_feed() -> None:
    [entry] = parse_feed(RDF, BASE)
    assert entry == FeedEntry("http://rdf.example.com/story/1", "Story one",
                              datetime(2026, 11, 20, 7, 30, tzinfo=UTC))


def test_rss091_with_bare_netscape_doctype_is_accepted() -> None:
    [entry] = parse_feed(RSS091_NETSCAPE, BASE)
    assert entry.url == "http://old.example.com/cafe"
    assert entry.title == "Caf\u00e9 news"
    assert entry.published is None


def test_relative_links_resolve_against_base_and_junk_links_are_dropped() -> None:
    rss = b"""<rss version="2.0"><channel><title>t</title>
    <item><title>rel</title><link>/2026/11/story</link></item>
    <item><title>js</title><link>javascript:alert(1)</link></item>
    <item><title>dup</title><link>https://news.example.org/2026/11/story</link></item>
    <item><title>none</title></item></channel></rss>"""
    entries = parse_feed(rss, BASE)
    assert [entry.url for entry in entries] == ["https://news.example.org/2026/11/story"]


def test_gzipped_feed() -> None:
    entries = parse_feed(gzip.compress((WEB / "feed2.rss").read_bytes()), BASE)
    assert [entry.url for entry in entries] == ["http://www.example.com/blog/post/1"]


def test_json_feed_relative_urls_and_bad_items() -> None:
    doc = b"""{"version": "https://jsonfeed.org/version/1.1", "items": [
      {"id": "1", "url": "/a", "title": " A \\n title ", "date_modified": "2026-11-02T10:00:00Z"},
      {"id": "2"}, 7, {"id": "3", "url": "https://x.example/b", "date_published": "junk"}]}"""
    entries = parse_feed(doc, BASE)
    assert entries == [
        FeedEntry("https://news.example.org/a", "A title", datetime(2026, 11, 2, 10, tzinfo=UTC)),
        FeedEntry("https://x.example/b", None, None),
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<!doctype html><html><body><p>hello</p></body></html>", "not_a_feed"),
        (b'{"version": 1, "items": []}', "not_a_feed"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": {}}', "malformed"),
        (b"{" * 5 + b"nope", "malformed"),
        (b"[" * 200_000 + b"]" * 200_000, "not_a_feed"),
        (b"\x1f\x8b\x08\x00garbage", "malformed"),
    ],
)
def test_not_a_feed_is_a_typed_error(data: bytes, reason: str) -> None:
    with pytest.raises(FeedError) as info:
        parse_feed(data, BASE)
    assert info.value.reason == reason


def test_deeply_nested_json_object_is_a_typed_error() -> None:
    with pytest.raises(FeedError):
        parse_feed(b'{"a":' * 200_000 + b"1" + b"}" * 200_000, BASE)


@pytest.mark.parametrize(
    "data",
    [
        BILLION_LAUGHS,
        XXE,
        BILLION_LAUGHS.decode().encode("utf-16"),
        XXE.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="x-nope"?>'),
        XXE.replace(b'<?xml version="1.0"?>', b"<?xml broken"),
    ],
    ids=["billion-laughs", "xxe", "billion-laughs-utf16", "xxe-unknown-encoding",
         "xxe-broken-prolog"],
)
def test_entity_declarations_are_refused_quickly(data: bytes) -> None:
    start = time.perf_counter()
    with pytest.raises(FeedError) as info:
        parse_feed(data, BASE)
    assert info.value.reason == "unsafe_xml"
    assert time.perf_counter() - start < 5          # catches an expansion, not a slow parse


def test_oversized_feed_is_refused() -> None:
    with pytest.raises(FeedError) as info:
        parse_feed(b"<rss>" + b" " * 2000 + b"</rss>", BASE, max_bytes=1000)
    assert info.value.reason == "too_large"


def test_max_entries() -> None:
    items = b"".join(b"<item><link>https://e.example/%d</link></item>" % i for i in range(50))
    rss = b'<rss version="2.0"><channel>' + items + b"</channel></rss>"
    assert len(parse_feed(rss, BASE, max_entries=10)) == 10


def test_feed_of_many_tiny_tags_is_refused_quickly() -> None:
    start = time.perf_counter()
    with pytest.raises(FeedError) as info:
        parse_feed(b"<rss>" + b"<a>" * 2_000_000, BASE)
    assert info.value.reason == "too_large"
    assert time.perf_counter() - start < 10         # about 0.05 s: catches a hang only


def test_bare_external_doctype_is_never_loaded(tmp_path: Path) -> None:
    secret = tmp_path / "evil.dtd"
    secret.write_text('<!ENTITY leak "SECRET-FROM-DISK">')
    rss = (f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{secret.as_uri()}">'
           '<rss version="2.0"><channel><item><title>x &leak; y</title>'
           "<link>https://e.example/a</link></item></channel></rss>").encode()
    entries = parse_feed(rss, BASE)
    assert entries and all("SECRET" not in (entry.title or "") for entry in entries)


def test_feedparser_is_given_bytes_io_only(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []
    real = feedparser.parse

    def spy(source: object, *args: object, **kwargs: object) -> object:
        seen.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(feedparser, "parse", spy)
    for path_or_url in (b"/etc/passwd", b"https://evil.example/feed.xml"):
        with pytest.raises(FeedError):
            parse_feed(path_or_url, BASE)
    parse_feed((WEB / "feed2.rss").read_bytes(), BASE)
    assert seen and all(isinstance(source, io.BytesIO) for source in seen)
