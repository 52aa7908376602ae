"""Turn what the user typed into an ordered stream of sources.

A source is a local file (found by walking files and directories), ``-`` (one page on
standard input) or an http(s) URL (given on the command line or listed in a ``--urls``
file, one per line, ``#`` comments; ``--urls -`` reads the list from standard input).
Each gets an ``index``: the order of the run's output, stable across runs and workers.
:func:`check_sources` finds what cannot work before a run starts: a missing path (with
``did you mean https://...?`` when it looks like a URL without its scheme), stdin twice.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from newsclean import lazy_module
from newsclean.errors import ConfigError, NewscleanError
from newsclean.outcomes import ErrorReason, Stage
from newsclean.records import Failure, RawPage
from newsclean.scraper.limits import PAGE_MAX_BYTES, URL_LINE_MAX_BYTES, URL_LIST_MAX_BYTES
from newsclean.scraper.localfiles import (
    STDIN,
    FileTooLarge,
    WalkProblem,
    is_stdin,
    open_stream,
    read_capped,
    walk_pages,
)
from newsclean.scraper.warc import RecordFilter, is_warc_file, read_warc

if TYPE_CHECKING:
    import courlan
else:
    courlan = lazy_module("courlan")

#: file name endings read as pages; ``.txt`` pages are already flattened to text
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz", ".txt", ".txt.gz")
TEXT_SUFFIXES = (".txt", ".txt.gz")
#: ``host:port`` at the start of a value (``localhost:8000/feed``, ``127.0.0.1:8080``)
_HOST_PORT = re.compile(r"^[\w.-]+:\d{1,5}(?:/|$)")
#: how much of a page on stdin is looked at for markup (none: it is a text page)
_SNIFF_BYTES = 1024


@dataclass(frozen=True, slots=True)
class SourceItem:
    index: int
    source: str
    kind: Literal["file", "url", "warc"]


def is_url(value: str) -> bool:
    return urlsplit(value).scheme.lower() in ("http", "https")


def is_page_file(path: Path) -> bool:
    return path.name.lower().endswith(PAGE_SUFFIXES)


def scheme_hint(value: str) -> str | None:
    """The URL ``value`` probably means when it is a host name (and path) without its
    scheme (``example.org/feed.xml`` -> ``https://example.org/feed.xml``; ``host:port``
    -> ``http://``), else None. A bare file name (``story.html``) is no host."""
    if "://" in value or value.startswith((".", "/", "~")):
        return None
    if _HOST_PORT.match(value):
        return f"http://{value}"
    host = value.split("/", 1)[0]
    if is_page_file(Path(host)) or courlan.check_url(f"https://{value}") is None:
        return None
    return f"https://{value}"


def _missing(value: str) -> str:
    hint = scheme_hint(value)
    return f"no such file or directory{f': did you mean {hint}?' if hint else ''}"


def check_sources(inputs: Iterable[str], url_files: Iterable[Path] = ()) -> None:
    """Raise :class:`ConfigError` (exit 2, before any work) for inputs that cannot work:
    a path or ``--urls`` file that does not exist (with a ``did you mean`` for a URL
    without its scheme), or standard input (``-``) named more than once."""
    values = [*inputs, *(str(path) for path in url_files)]
    problems = [f"{value}: {_missing(value)}" for value in values
                if not is_url(value) and "://" not in value and not is_stdin(value)
                and not os.path.lexists(value)]
    if sum(map(is_stdin, values)) > 1:
        problems.append(f"{STDIN} (standard input) can be read once: give it as one source "
                        "or as --urls, not both")
    if problems:
        raise ConfigError("; ".join(problems))


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
        yield SourceItem(-1, value, "warc" if is_warc_file(path) else "file")
        return
    found = False
    for entry in walk_pages(path, lambda p: is_page_file(p) or is_warc_file(p)):
        found = True
        if isinstance(entry, WalkProblem):
            yield Failure(-1, str(entry.path), Stage.SOURCES, ErrorReason.SOURCE_ERROR,
                          entry.message)
        else:
            yield SourceItem(-1, str(entry), "warc" if is_warc_file(entry) else "file")
    if not found:
        yield Failure(-1, value, Stage.SOURCES, ErrorReason.NO_PAGE_FILES,
                      f"no page files ({', '.join(PAGE_SUFFIXES)}) in this folder")


def expand_sources(inputs: Iterable[str], url_files: Iterable[Path] = (), *,
                   records: RecordFilter | None = None, counts: Counter[str] | None = None
                   ) -> Iterator[SourceItem | RawPage | Failure]:
    """Expand inputs lazily. A missing path, a ``--urls`` line that is no http(s) URL or an
    unreadable URL list becomes a ``Failure``. A WARC file is read here, record by record:
    its pages come as RawPages (``records`` selects them; the records that are not pages
    are counted into ``counts``)."""
    index = 0
    for found in _expanded(inputs, url_files):
        items: Iterable[SourceItem | RawPage | Failure] = (
            read_warc(Path(found.source), selection=records, counts=counts)
            if isinstance(found, SourceItem) and found.kind == "warc" else (found,))
        for item in items:
            yield dataclasses.replace(item, index=index)
            index += 1


def _listed(url_files: Iterable[Path]) -> Iterator[str | Failure]:
    """The lines of the ``--urls`` files, a Failure for a list that cannot be read."""
    for url_file in url_files:
        try:
            yield from read_url_list(url_file)
        except NewscleanError as exc:
            yield Failure(-1, str(url_file), Stage.SOURCES, exc.reason, str(exc))


def _expanded(inputs: Iterable[str], url_files: Iterable[Path]
              ) -> Iterator[SourceItem | Failure]:
    """Items and Failures in input order, not yet numbered (index -1)."""
    for value in inputs:
        yield from _input(value)
    for line in _listed(url_files):
        if isinstance(line, Failure):
            yield line
        elif is_url(line):
            yield SourceItem(-1, line, "url")
        else:
            hint = scheme_hint(line)
            yield Failure(-1, line, Stage.SOURCES, ErrorReason.BAD_URL,
                          f"not an http(s) URL: did you mean {hint}?" if hint else
                          "not an http(s) URL (a --urls line is a page URL)")


def _input(value: str) -> Iterator[SourceItem | Failure]:
    """What one command-line input stands for (not yet numbered)."""
    if is_url(value):
        yield SourceItem(-1, value, "url")
    elif "://" in value:
        yield Failure(-1, value, Stage.SOURCES, ErrorReason.BAD_URL,
                      "only http and https URLs are fetched")
    elif is_stdin(value):
        yield SourceItem(-1, value, "file")
    elif not os.path.lexists(value):
        yield Failure(-1, value, Stage.SOURCES, ErrorReason.MISSING_PATH, _missing(value))
    else:
        yield from _walk(value, Path(value))


def read_file(item: SourceItem, max_bytes: int = PAGE_MAX_BYTES) -> RawPage:
    """Read a local page file (or pipe, FIFO, device, or ``-``: standard input) into a
    :class:`RawPage`, at most ``max_bytes`` (bytes only; decoding is later). A page on
    standard input is HTML, or text when its first KiB holds no ``<``."""
    path = Path(item.source)
    body = read_capped(path, max_bytes, "standard input" if is_stdin(path) else "file")
    is_text = (b"<" not in body[:_SNIFF_BYTES] if is_stdin(path)
               else path.name.lower().endswith(TEXT_SUFFIXES))
    return RawPage(index=item.index, source=item.source, body=body, url=None,
                   is_text=is_text, fetched_at=datetime.now(UTC))
