"""Turn what the user typed into an ordered stream of sources.

A source is a local file (found by walking files and directories) or an http(s) URL
(given on the command line or listed in a ``--urls`` file, one per line, ``#`` comments).
Each gets an ``index``: the order of the run's output, stable across runs and workers.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from newsclean.errors import NewscleanError
from newsclean.outcomes import ErrorReason, Stage
from newsclean.records import Failure, RawPage
from newsclean.scraper.limits import PAGE_MAX_BYTES, URL_LINE_MAX_BYTES, URL_LIST_MAX_BYTES
from newsclean.scraper.localfiles import (
    FileTooLarge,
    WalkProblem,
    open_stream,
    read_capped,
    walk_pages,
)

#: file name endings read as pages; ``.txt`` pages are already flattened to text
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz", ".txt", ".txt.gz")
TEXT_SUFFIXES = (".txt", ".txt.gz")


@dataclass(frozen=True, slots=True)
class SourceItem:
    index: int
    source: str
    kind: Literal["file", "url"]


def is_url(value: str) -> bool:
    return urlsplit(value).scheme.lower() in ("http", "https")


def is_page_file(path: Path) -> bool:
    return path.name.lower().endswith(PAGE_SUFFIXES)


def read_url_list(path: Path) -> Iterator[str]:
    """Yield URLs from a ``--urls`` file: one per line, blank lines and ``#`` comments
    skipped. The file may be a pipe; it is read up to :data:`URL_LIST_MAX_BYTES`, lines up
    to :data:`URL_LINE_MAX_BYTES` (:class:`FileTooLarge` past either)."""
    size = 0
    with open_stream(path, "URL list") as handle:
        for number, raw in enumerate(iter(lambda: handle.readline(URL_LINE_MAX_BYTES + 1), b""),
                                     start=1):
            size += len(raw)
            if len(raw) > URL_LINE_MAX_BYTES:
                raise FileTooLarge(f"URL list {path}: line {number} is longer than "
                                   f"{URL_LINE_MAX_BYTES} bytes (not a URL list?)")
            if size > URL_LIST_MAX_BYTES:
                raise FileTooLarge(f"URL list {path} is over the {URL_LIST_MAX_BYTES}-byte "
                                   "limit")
            line = raw.decode("utf-8", "replace").lstrip("\ufeff").strip()
            if line and not line.startswith("#"):
                yield line


def _walk(value: str, path: Path) -> Iterator[SourceItem | Failure]:
    """Items for one path: the path itself, or the page files under a folder in a stable
    (sorted) order with a Failure for each thing found there that cannot be read (index
    -1: numbered by the caller); a folder without page files is a Failure too."""
    if not path.is_dir():
        yield SourceItem(-1, value, "file")
        return
    found = False
    for entry in walk_pages(path, is_page_file):
        found = True
        if isinstance(entry, WalkProblem):
            yield Failure(-1, str(entry.path), Stage.SOURCES, ErrorReason.SOURCE_ERROR,
                          entry.message)
        else:
            yield SourceItem(-1, str(entry), "file")
    if not found:
        yield Failure(-1, value, Stage.SOURCES, ErrorReason.NO_PAGE_FILES,
                      f"no page files ({', '.join(PAGE_SUFFIXES)}) in this folder")


def expand_sources(inputs: Iterable[str], url_files: Iterable[Path] = ()) -> Iterator[
        SourceItem | Failure]:
    """Expand inputs lazily. A missing path or unreadable URL list becomes a ``Failure``."""
    index = 0

    def values() -> Iterator[str | Failure]:
        yield from inputs
        for url_file in url_files:
            try:
                yield from read_url_list(url_file)
            except NewscleanError as exc:
                yield Failure(-1, str(url_file), Stage.SOURCES, exc.reason, str(exc))

    for value in values():
        if isinstance(value, Failure):
            yield Failure(index, value.source, value.stage, value.reason, value.message)
            index += 1
        elif is_url(value):
            yield SourceItem(index, value, "url")
            index += 1
        elif "://" in value:
            yield Failure(index, value, Stage.SOURCES, "bad_url",
                          "only http and https URLs are fetched")
            index += 1
        else:
            path = Path(value)
            if not os.path.lexists(path):
                yield Failure(index, value, Stage.SOURCES, "missing_path",
                              "no such file or directory")
                index += 1
                continue
            for found in _walk(value, path):
                yield dataclasses.replace(found, index=index)
                index += 1


def read_file(item: SourceItem, max_bytes: int = PAGE_MAX_BYTES) -> RawPage:
    """Read a local page file (or pipe, FIFO, device) into a :class:`RawPage`, at most
    ``max_bytes`` (bytes only; decoding is later)."""
    path = Path(item.source)
    body = read_capped(path, max_bytes, "file")
    return RawPage(index=item.index, source=item.source, body=body, url=None,
                   is_text=path.name.lower().endswith(TEXT_SUFFIXES),
                   fetched_at=datetime.now(UTC))
