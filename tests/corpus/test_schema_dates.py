"""Dates in the corpus files: ``published`` (and ``modified``, ``fetched_at``) in UTC with
``Z`` in the CSV, so plain pandas and spreadsheets read them; the page's own form in
``published_local``; ``published_has_time`` says which values had no time of day. The CSV
(read back by ``read_csv``) and the Parquet file give the same frame."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

from newsclean.corpus.export import read_csv, read_parquet, write_csv, write_parquet
from newsclean.corpus.schema import DATE_COLUMNS, apply_state_dtypes, to_dataframe
from newsclean.records import Article, PageMetadata

#: (the page's own form, the UTC instant, whether it has a time)
FORMS = [
    ("2020-09-16T02:51:00-04:00", "2020-09-16T06:51:00Z", True),    # an offset
    ("2024-05-01T23:30:00+02:00", "2024-05-01T21:30:00Z", True),
    ("2024-05-01T12:30:00", "2024-05-01T12:30:00Z", True),          # no zone: read as UTC
    ("2024-05-01", "2024-05-01T00:00:00Z", False),                  # no time: midnight UTC
    (None, "", None),                                               # no date at all
]
FETCHED = datetime(2026, 12, 1, 8, 0, 5, 123456, tzinfo=timezone(timedelta(hours=1)))


def _article(index: int, published: str | None) -> Article:
    meta = PageMetadata(title=f"t{index}", published=published, modified=published,
                        authors=("A B", "C; D"), tags=("x",),
                        origins=(("published", "meta"),) if published else ())
    return Article(index, f"p{index}.html", f"https://example.org/{index}", "word " * 5,
                   meta, "en", fetched_at=FETCHED)


@pytest.fixture
def corpus() -> pd.DataFrame:
    return to_dataframe([_article(i, local) for i, (local, _, _) in enumerate(FORMS)])


@pytest.fixture
def csv_file(tmp_path: Path, corpus: pd.DataFrame) -> Path:
    target = tmp_path / "corpus.csv"
    write_csv(corpus, target)
    return target


def test_csv_dates_are_utc_with_z(csv_file: Path):
    plain = pd.read_csv(csv_file, dtype=str, keep_default_na=False)
    assert plain["published"].tolist() == [utc for _, utc, _ in FORMS]
    assert plain["modified"].tolist() == [utc for _, utc, _ in FORMS]
    assert plain["published_local"].tolist() == [local or "" for local, _, _ in FORMS]
    assert plain["published_has_time"].tolist() == ["True", "True", "True", "False", ""]
    assert set(plain["fetched_at"]) == {"2026-12-01T07:00:05Z"}


def test_plain_pandas_reads_the_dates(csv_file: Path, corpus: pd.DataFrame):
    parsed = pd.read_csv(csv_file, parse_dates=list(DATE_COLUMNS))
    for col in DATE_COLUMNS:
        assert isinstance(parsed[col].dtype, pd.DatetimeTZDtype), col
        assert str(parsed[col].dtype.tz) == "UTC", col
        assert parsed[col].tolist() == corpus[col].tolist(), col
    plain = pd.read_csv(csv_file)
    converted = pd.to_datetime(plain["published"])
    assert converted.tolist() == corpus["published"].tolist()
    assert converted.iloc[1] == pd.Timestamp("2024-05-01T21:30:00Z")


def test_typed_frame_has_time_flag(corpus: pd.DataFrame):
    assert str(corpus["published_has_time"].dtype) == "boolean"
    assert corpus["published_has_time"].tolist() == [True, True, True, False, pd.NA]
    assert corpus.loc[3, "published"] == pd.Timestamp("2024-05-01T00:00:00Z")
    assert corpus.loc[0, "fetched_at"] == pd.Timestamp("2026-12-01T07:00:05Z")


def test_csv_and_parquet_give_the_same_frame(tmp_path: Path, csv_file: Path,
                                             corpus: pd.DataFrame):
    parquet = tmp_path / "corpus.parquet"
    write_parquet(corpus, parquet)
    from_parquet, from_csv = pd.read_parquet(parquet), read_csv(csv_file)
    pd.testing.assert_frame_equal(from_csv, corpus, check_categorical=False)
    for col in ("authors", "tags"):
        assert [list(v) for v in from_parquet[col]] == from_csv[col].tolist()
        assert from_csv.loc[0, col] == list(corpus.loc[0, col])
    assert from_csv.loc[0, "authors"] == ["A B", "C; D"]
    scalar = [c for c in corpus.columns if c not in ("authors", "tags")]
    pd.testing.assert_frame_equal(from_parquet[scalar], from_csv[scalar],
                                  check_categorical=False)
    typed = read_parquet(parquet)
    pd.testing.assert_frame_equal(typed, from_csv, check_categorical=False)
    assert typed.loc[0, "authors"] == ["A B", "C; D"] and type(typed.loc[0, "tags"]) is list


def test_a_naive_fetch_time_is_utc():
    article = _article(0, None)
    naive = Article(0, "p.html", None, "word " * 5, article.meta,
                    fetched_at=datetime(2026, 12, 1, 8, 0, 5))
    frame = to_dataframe([naive])
    assert frame.loc[0, "fetched_at"] == pd.Timestamp("2026-12-01T08:00:05Z")
    assert frame.loc[0, "fetched_at"].tzinfo is not None
    assert datetime(2026, 12, 1, 8, 0, 5, tzinfo=UTC) == frame.loc[0, "fetched_at"]


def test_read_parquet_of_a_cumulative_export(tmp_path: Path, corpus: pd.DataFrame):
    state = corpus.assign(version=2, first_seen="2026-11-01T08:00:00Z",
                          last_seen="2026-12-01T08:00:00Z", duplicate_of=None)
    typed = apply_state_dtypes(state)
    write_parquet(typed, tmp_path / "all.parquet")
    back = read_parquet(tmp_path / "all.parquet")
    pd.testing.assert_frame_equal(back, typed, check_categorical=False)
    assert back.loc[0, "version"] == 2 and back.loc[0, "authors"] == ["A B", "C; D"]
