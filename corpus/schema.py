"""The corpus schema: one row per article, columns in a fixed order, deliberate dtypes.

================== ======================= ====================================================
column             dtype                   meaning
================== ======================= ====================================================
id                 string                  stable id: hash of the article URL (or the source)
source             string                  the input as given (file path or URL)
url                string                  final URL (files: the page's canonical URL)
title              string                  headline, site-name suffixes removed
authors            object (list of str)    person or agency names; ``; ``-joined in CSV
published          datetime64[ns, UTC]     publication time (zone-less page times read as UTC, a
                                           date without time as midnight UTC); in CSV always
                                           ``YYYY-MM-DDTHH:MM:SSZ``
site               category                host name of ``url`` without ``www.``
language           category                ISO 639-1 code of the text
text               string                  clean body, paragraphs separated by ``\\n``
word_count         int64                   words in ``text`` (``newsclean.words.count_words``)
content_hash       string                  SHA-256 (first 16 hex) of ``text``
modified           datetime64[ns, UTC]     last modification time, when the page gives one (in
                                           CSV as ``published``)
description        string                  summary from the page's metadata
section            string                  section / category
tags               object (list of str)    keywords; ``; ``-joined in CSV
image              string                  lead image URL
canonical_url      string                  ``<link rel=canonical>`` or ``og:url``
paywalled          boolean                 True/False when the page says, else missing
date_source        string                  where ``published`` came from (json-ld, meta, ...)
published_local    string                  ``published`` as the page gave it: ISO 8601 with
                                           the page's own offset, or without a zone (or a
                                           time) when the page gives none
published_has_time boolean                 False when the page gave a date without a time
                                           of day (``published`` is then midnight UTC)
title_source       string                  where ``title`` came from (json-ld, opengraph, h1,
                                           title, meta, headline, title-line)
authors_source     string                  where ``authors`` came from (json-ld, meta, byline,
                                           credit, signature, contact, publisher, ...)
fetched_at         datetime64[ns, UTC]     when the page was fetched or the file read (seconds)
================== ======================= ====================================================
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newsclean import lazy_module
from newsclean.dates import as_utc
from newsclean.records import Article
from newsclean.urls import canonical_url
from newsclean.words import count_words

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")

COLUMNS = (
    "id", "source", "url", "title", "authors", "published", "site", "language", "text",
    "word_count", "content_hash", "modified", "description", "section", "tags", "image",
    "canonical_url", "paywalled", "date_source", "published_local", "published_has_time",
    "title_source", "authors_source", "fetched_at",
)
#: the columns a cumulative export (from the state store) adds after :data:`COLUMNS`
STATE_COLUMNS = ("version", "first_seen", "last_seen", "duplicate_of")
#: the state columns that are UTC times (written like :data:`DATE_COLUMNS`)
STATE_DATE_COLUMNS = ("first_seen", "last_seen")
STRING_COLUMNS = ("id", "source", "url", "title", "text", "content_hash", "description",
                  "section", "image", "canonical_url", "date_source", "published_local",
                  "title_source", "authors_source")
LIST_COLUMNS = ("authors", "tags")
DATE_COLUMNS = ("published", "modified", "fetched_at")
CATEGORY_COLUMNS = ("site", "language")
STRING_DTYPE = "string[pyarrow]"
#: how a date column is written in CSV: UTC, seconds, ``Z`` (one form, so plain
#: ``pd.to_datetime`` and ``read_csv(parse_dates=...)`` read it)
UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
#: length of a bare ISO date (``2024-05-01``): a ``published_local`` value with no time
_DATE_ONLY = 10

def article_id(url: str | None, source: str) -> str:
    """Stable across runs: the same URL (or, without one, the same source) gives the same id,
    and so does the same URL reached through a tracking link (its canonical form:
    :func:`newsclean.urls.canonical_url`). A file name that is not UTF-8 (``os.fsdecode``
    keeps its bytes as surrogates) is hashed as those bytes."""
    key = canonical_url(url) if url else source
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def printable(value: str) -> str:
    """``value`` as valid UTF-8 text: the bytes of a non-UTF-8 file name (surrogates from
    ``os.fsdecode``) become ``\\xNN`` escapes, as Python prints bytes (``bad\\xff.html``).
    Every output cell that can hold a file name goes through this."""
    if value.isascii():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = value.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:     # a surrogate that is no escaped byte
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
        return raw.decode("utf-8", "backslashreplace")
    return value


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def site_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def article_row(article: Article) -> dict[str, Any]:
    meta = article.meta
    return with_text({
        "id": article_id(article.url, article.source),
        "source": printable(article.source),
        "url": article.url and printable(article.url),
        "title": meta.title,
        "authors": list(meta.authors),
        "published": meta.published,
        "site": site_of(article.url),
        "language": article.language,
        "modified": meta.modified,
        "description": meta.description,
        "section": meta.section,
        "tags": list(meta.tags),
        "image": meta.image,
        "canonical_url": meta.canonical_url,
        "paywalled": meta.paywalled,
        "date_source": meta.origin("published"),
        "published_local": meta.published,
        "title_source": meta.origin("title"),
        "authors_source": meta.origin("authors"),
        "fetched_at": article.fetched_at and utc_text(article.fetched_at),
    }, article.text)


def with_text(row: dict[str, Any], text: str) -> dict[str, Any]:
    """``row`` with another ``text`` and the columns derived from it."""
    return {**row, "text": text, "word_count": count_words(text),
            "content_hash": content_hash(text)}


def utc_text(value: datetime) -> str:
    """``value`` as a CSV date cell: UTC, whole seconds, ``Z`` (naive values are UTC)."""
    return as_utc(value).strftime(UTC_FORMAT)


def utc_cells(values: pd.Series) -> pd.Series:
    """A ``datetime64[ns, UTC]`` column as CSV cells (:data:`UTC_FORMAT`); NaT is empty."""
    return values.map(lambda v: "" if pd.isna(v) else v.strftime(UTC_FORMAT)).astype(object)


def has_time(local: pd.Series) -> pd.Series:
    """``published_has_time`` from ``published_local``: False for a bare date, missing
    where there is no date."""
    text = local.astype("string")
    return (text.str.len() > _DATE_ONLY).astype("boolean")


def to_utc(values: pd.Series) -> pd.Series:
    """ISO 8601 strings (with or without offsets) to ``datetime64[ns, UTC]``; bad values NaT."""
    return pd.to_datetime(values, utc=True, errors="coerce", format="ISO8601").astype(
        "datetime64[ns, UTC]")


def apply_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    """Give a frame with the corpus columns (strings, lists or parsed) its deliberate dtypes."""
    df = df.reindex(columns=list(COLUMNS))
    for col in STRING_COLUMNS:
        df[col] = df[col].astype(STRING_DTYPE)
    for col in DATE_COLUMNS:
        df[col] = to_utc(df[col])
    for col in CATEGORY_COLUMNS:
        df[col] = df[col].astype("string").astype("category")
    df["word_count"] = df["word_count"].fillna(0).astype("int64")
    df["paywalled"] = df["paywalled"].astype("boolean")
    df["published_has_time"] = has_time(df["published_local"])
    for col in LIST_COLUMNS:
        df[col] = df[col].map(lambda v: list(v) if isinstance(v, (list, tuple, np.ndarray))
                              else [])
    return df


def empty_corpus() -> pd.DataFrame:
    """A typed corpus frame without rows."""
    return apply_dtypes(pd.DataFrame(columns=list(COLUMNS)))


def apply_state_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    """:func:`apply_dtypes`, then the state columns: ``version`` int64, ``first_seen`` and
    ``last_seen`` UTC times, ``duplicate_of`` string (missing when the article is no copy)."""
    state = df.reindex(columns=list(STATE_COLUMNS))
    out = apply_dtypes(df)
    out["version"] = state["version"].fillna(1).astype("int64").to_numpy()
    for col in STATE_DATE_COLUMNS:
        out[col] = to_utc(state[col]).to_numpy()
    out["duplicate_of"] = state["duplicate_of"].astype(STRING_DTYPE).to_numpy()
    return out


def to_dataframe(articles: Iterable[Article]) -> pd.DataFrame:
    """The typed corpus DataFrame for ``articles`` (in the order given)."""
    rows = [article_row(a) for a in articles]
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    return apply_dtypes(df).reset_index(drop=True)
