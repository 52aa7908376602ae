"""libxml2's limits and pathological DOMs: nothing is cut in silence. Deep nesting and big
nodes within our page limit parse whole; past the limits the page is a ``too_large``
failure (not a skip, not a shortened article), and it fails fast."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from newsclean import pipeline
from newsclean.cleaners.html.parse import MAX_DEPTH, MAX_ELEMENTS, parse_html
from newsclean.errors import PageTooComplex
from newsclean.scraper.limits import PAGE_MAX_BYTES

WORDS = "of a real news story about the town council and the new bridge over the river"


def _nested(depth: int) -> str:
    return ("<html><body>" + "<div>" * depth + f"<p>Deep inside {WORDS}.</p>"
            + "</div>" * depth + f"<p>After the nest {WORDS}.</p></body></html>")


def test_nesting_past_libxml2s_default_256_parses_whole():
    tree = parse_html(_nested(300))
    assert "After the nest" in tree.text_content()


def test_nesting_past_the_huge_tree_limit_fails():
    with pytest.raises(PageTooComplex, match="Excessive depth") as caught:
        parse_html(_nested(MAX_DEPTH + 10))
    assert caught.value.reason == "too_large"


def test_an_attribute_of_nearly_the_page_limit_parses_whole():
    big = "a" * (PAGE_MAX_BYTES - 1000)
    tree = parse_html(f"<html><body><p title='{big}'>x</p><p>tail</p></body></html>")
    assert tree.text_content().endswith("tail")
    assert len(tree.xpath("//p/@title")[0]) == len(big)


def test_four_hundred_unclosed_font_p_keep_every_paragraph():
    markup = "<html><body>" + "".join(f"<font><p>Paragraph {i} {WORDS}."
                                      for i in range(400)) + "</body></html>"
    text = parse_html(markup).text_content()
    assert all(f"Paragraph {i} " in text for i in (0, 127, 128, 399))


def test_more_elements_than_the_limit_fail_before_parsing():
    with pytest.raises(PageTooComplex, match=f"more than {MAX_ELEMENTS} elements"):
        parse_html("<html><body>" + "<p>x" * (MAX_ELEMENTS + 1))
    parse_html("<html><body>" + "<p>x" * (MAX_ELEMENTS - 10))


def _run(capsys: pytest.CaptureFixture[str], folder: Path, out: Path) -> tuple[int, float]:
    started = time.monotonic()
    code = pipeline.main(["run", str(folder), "-o", str(out), "-w", "1", "--no-progress"])
    capsys.readouterr()
    return code, time.monotonic() - started


def test_pathological_pages_are_failures_and_the_run_goes_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_million_p.html").write_text("<html><body>" + "<p>x" * 1_000_000)
    (folder / "b_deep.html").write_text(_nested(MAX_DEPTH + 10))
    (folder / "c_huge_text.html").write_text("<html><body><p>" + "a " * (PAGE_MAX_BYTES // 2)
                                             + "</p></body></html>")
    (folder / "d_font.html").write_text("<html><body>" + "".join(
        f"<font><p>Paragraph {i} {WORDS}." for i in range(400)) + "</body></html>")
    out = tmp_path / "c.csv"
    code, seconds = _run(capsys, folder, out)
    assert code == 1
    assert seconds < 60          # a hang bound: the million-<p> page used to run minutes
    errors = pd.read_csv(tmp_path / "c.errors.csv", dtype=str)
    assert list(errors[["stage", "reason"]].itertuples(index=False, name=None)) == [
        ("extract", "too_large"), ("extract", "too_large"), ("read", "too_large")]
    [text] = pd.read_csv(out)["text"]
    assert "Paragraph 0 " in text and "Paragraph 399 " in text
