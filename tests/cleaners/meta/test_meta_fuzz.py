"""Property tests: no input makes the metadata readers raise."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean.cleaners.html.parse import parse_html
from newsclean.cleaners.meta.authors import normalize_authors
from newsclean.cleaners.meta.dates import url_date
from newsclean.cleaners.meta.extract import extract_metadata
from newsclean.cleaners.meta.jsonld import read_jsonld
from newsclean.cleaners.meta.names import split_names
from newsclean.cleaners.meta.titles import TitleCandidates, choose_title, site_keys, strip_site_name
from newsclean.dates import find_date, parse_date
from newsclean.errors import ExtractError
from newsclean.records import PageMetadata
from tests.cleaners.meta.conftest import ld_script

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
META_NAMES = st.sampled_from([
    "og:title", "author", "article:published_time", "article:author", "og:site_name",
    "og:locale", "keywords", "article:tag", "og:image", "date", "twitter:label1",
    "twitter:data1", "article:content_tier", "byl", "datePublished"])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["@type", "@id", "@graph", "headline", "author", "name",
                                       "datePublished", "keywords", "image", "publisher",
                                       "isAccessibleForFree", "hasPart", "mainEntity"]),
                      children, max_size=5),
    max_leaves=25)


def _extract(markup: str, url: str | None = None) -> PageMetadata | None:
    try:
        tree = parse_html(markup)
    except ExtractError:
        return None
    meta = extract_metadata(tree, url, strict=True)
    assert isinstance(meta, PageMetadata)
    return meta


@SETTINGS
@given(st.text(max_size=400))
def test_garbage_markup_never_raises(markup: str) -> None:
    _extract(markup)


@SETTINGS
@given(st.lists(st.tuples(META_NAMES, st.text(max_size=60)), max_size=8),
       st.text(max_size=80), st.one_of(st.none(), st.text(max_size=60)))
def test_arbitrary_meta_values_never_raise(metas: list[tuple[str, str]], body: str,
                                           url: str | None) -> None:
    head = "".join(f'<meta name="{n}" content="{json.dumps(v)[1:-1]}">' for n, v in metas)
    _extract(f"<html><head>{head}</head><body><h1>{body}</h1>"
             f'<div class="byline">{body}</div><time datetime="{body}">x</time></body></html>',
             url)


@SETTINGS
@given(JSON_VALUES)
def test_arbitrary_jsonld_never_raises(data: object) -> None:
    read_jsonld([json.dumps(data)])
    _extract(f"<html><head>{ld_script(data)}</head><body><p>x</p></body></html>")


@SETTINGS
@given(st.text(max_size=300))
def test_broken_jsonld_text_never_raises(text: str) -> None:
    read_jsonld([text, "{" + text, text + ",}"])


@SETTINGS
@given(st.text(max_size=120), st.one_of(st.none(), st.sampled_from(["en-US", "de", "fr"])))
def test_string_readers_never_raise(text: str, lang: str | None) -> None:
    parse_date(text, language=lang)
    find_date(text, language=lang)
    url_date(text)
    split_names(text)
    normalize_authors([text, text.upper()])
    keys = site_keys([text], text)
    strip_site_name(text, keys, [text[:10]])
    choose_title(TitleCandidates(jsonld=text, opengraph=text[::-1], h1=(text,),
                                 title_tag=text, others=(text,)), keys)


def test_huge_jsonld_does_not_raise() -> None:
    data = {"@type": "NewsArticle", "headline": "Big", "articleBody": "word " * 400_000,
            "author": [{"@type": "Person", "name": f"Person {i}"} for i in range(2000)]}
    meta = _extract(f"<html><head>{ld_script(data)}</head><body><p>x</p></body></html>")
    assert meta is not None and meta.title == "Big"


def test_deeply_nested_jsonld_does_not_raise() -> None:
    text = '{"@type": "NewsArticle", "author": ' + "[" * 3000 + "]" * 3000 + "}"
    _extract(f'<html><head><script type="application/ld+json">{text}</script></head>'
             "<body><p>x</p></body></html>")
