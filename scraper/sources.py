"""Turn what the user typed into an ordered stream of sources.

A source is a local file (found by walking files and directories) or an http(s) URL
(given on the command line or listed in a ``--urls`` file, one per line, ``#`` comments).
Each gets an ``index``: the order of the run's output, stable across runs and workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from newsclean.errors import NewscleanError, SourceError
from newsclean.outcomes import Stage
from newsclean.records import Failure, RawPage

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
    """Yield URLs from a ``--urls`` file: one per line, blank lines and ``#`` comments skipped."""
    try:
        handle = path.open(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        raise SourceError(f"cannot read URL list {path}: {exc.strerror or exc}") from exc
    with handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("#"):
                yield line


def _walk(path: Path) -> Iterator[Path]:
    """Page files under ``path`` in a stable (sorted) order."""
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and is_page_file(child):
                yield child
    else:
        yield path


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
            if not path.exists():
                yield Failure(index, value, Stage.SOURCES, "missing_path",
                              "no such file or directory")
                index += 1
                continue
            for found in _walk(path):
                source = value if found == path else str(found)
                yield SourceItem(index, source, "file")
                index += 1


def read_file(item: SourceItem, max_bytes: int = 50_000_000) -> RawPage:
    """Read a local page file into a :class:`RawPage` (bytes only; decoding is later)."""
    path = Path(item.source)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(f"file is {size} bytes, over the {max_bytes}-byte limit")
        body = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return RawPage(index=item.index, source=item.source, body=body, url=None,
                   is_text=path.name.lower().endswith(TEXT_SUFFIXES))
