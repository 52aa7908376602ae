from pathlib import Path

import pandas as pd
import pytest

from newsclean.corpus.export import atomic_path, read_csv, write_csv, write_parquet
from newsclean.corpus.schema import COLUMNS, article_id, to_dataframe
from newsclean.errors import ExportError
from newsclean.records import Article, PageMetadata


def make_article(index: int, text: str, **meta) -> Article:
    meta.setdefault("published", "2020-09-16T02:51:00-04:00")
    return Article(index=index, source=f"p{index}.html", url=meta.pop("url", None), text=text,
                   meta=PageMetadata(**meta, origins=(("published", "dateline"),
                                                      ("title", "json-ld"),
                                                      ("authors", "byline"))),
                   language="en")


@pytest.fixture
def corpus() -> pd.DataFrame:
    return to_dataframe([
        make_article(0, 'First line, with "quotes"\nsecond; line', title="A, B",
                     authors=("Josh Horwitz", "Jane Doe"), url="https://www.example.org/a",
                     tags=("x", "y"), paywalled=True),
        make_article(1, "=cmd|' /C calc'!A0\nnaïve café 日本", title=None, published=None),
    ])


def test_columns_and_dtypes(corpus: pd.DataFrame):
    assert tuple(corpus.columns) == COLUMNS
    assert str(corpus["published"].dtype) == "datetime64[ns, UTC]"
    assert corpus["site"].dtype == "category" and corpus["language"].dtype == "category"
    assert corpus["word_count"].dtype == "int64"
    assert str(corpus["text"].dtype).startswith("string")
    assert corpus.loc[0, "published"] == pd.Timestamp("2020-09-16T06:51:00Z")
    assert corpus.loc[0, "authors"] == ["Josh Horwitz", "Jane Doe"]
    assert corpus.loc[0, "site"] == "example.org"
    assert corpus.loc[0, "date_source"] == "dateline"
    assert (corpus.loc[0, "title_source"], corpus.loc[0, "authors_source"]) == ("json-ld",
                                                                                "byline")
    assert corpus.loc[0, "word_count"] == 6


def test_csv_round_trip(tmp_path: Path, corpus: pd.DataFrame):
    target = tmp_path / "corpus.csv"
    write_csv(corpus, target)
    raw = target.read_bytes()
    assert raw.count(b"\r\n") >= 3 and raw.decode("utf-8")
    back = read_csv(target)
    pd.testing.assert_frame_equal(back, corpus, check_categorical=False)
    plain = pd.read_csv(target)
    assert list(plain.columns) == list(COLUMNS) and len(plain) == 2
    assert plain.loc[0, "authors"] == "Josh Horwitz; Jane Doe"
    assert plain.loc[0, "published"] == "2020-09-16T06:51:00Z"        # UTC, Z
    assert plain.loc[0, "published_local"] == "2020-09-16T02:51:00-04:00"


def test_parquet_keeps_dtypes(tmp_path: Path, corpus: pd.DataFrame):
    target = tmp_path / "corpus.parquet"
    write_parquet(corpus, target)
    back = pd.read_parquet(target)
    assert str(back["published"].dtype) == "datetime64[ns, UTC]"
    assert list(back.loc[0, "authors"]) == ["Josh Horwitz", "Jane Doe"]
    assert back["site"].dtype == "category"


def test_atomic_write_keeps_old_file_on_failure(tmp_path: Path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("crash mid-write")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_unwritable_target_is_export_error(tmp_path: Path, corpus: pd.DataFrame):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        write_csv(corpus, blocker / "sub" / "corpus.csv")


def test_ids_are_stable_and_prefer_url():
    assert article_id("https://a/x", "f.html") == article_id("https://a/x", "g.html")
    assert article_id(None, "f.html") != article_id(None, "g.html")
    assert len(article_id(None, "f.html")) == 16
