"""No input makes the per-page stage crash: every page ends as an Article, a Skip or a
typed Failure, never an ``internal_error``."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean.config import CleanOptions
from newsclean.engine.worker import process_page
from newsclean.records import Article, Failure, RawPage, Skip

TAGS = ["p", "div", "article", "span", "script", "style", "h1", "a", "nav", "table", "td",
        "figure", "figcaption", "aside", "section", "br", "meta", "title", "head", "body"]

fragments = st.one_of(
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(['<meta charset="shift_jis">', '<script type="application/ld+json">{"@type":',
                     '<!-- c -->', "<![CDATA[", "&amp;", "&#0;", "\x00", "<?xml version='1.0'?>",
                     '<time datetime="2020-13-45">', '<a href="javascript:x">', "Share 12",
                     "Log in", "(Reporting by X; Editing by Y)"]),
    st.text(max_size=40),
)
markup = st.lists(fragments, max_size=60).map("".join)


def check(page: RawPage) -> None:
    outcome = process_page(page, CleanOptions(min_words=1))
    assert isinstance(outcome, (Article, Skip, Failure))
    if isinstance(outcome, Failure):
        assert outcome.reason != "internal_error", outcome.message
        assert outcome.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup, st.booleans())
def test_random_markup_never_crashes(text: str, is_text: bool) -> None:
    check(RawPage(index=0, source="x", body=text.encode("utf-8", "surrogatepass"),
                  is_text=is_text))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash(data: bytes) -> None:
    check(RawPage(index=0, source="x", body=data))
