"""Per-host repeated-line mining across a batch.

A line that recurs on many pages of one host in the same run is boilerplate (a footer,
a newsletter plug, a "follow us" line that no selector caught). The decision depends only
on the set of pages, never on their order or on how they were split across workers: it is
a pure function of ``{host: [lines of each page]}``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

from newsclean.cleaners.textkeys import line_key
from newsclean.records import Article, Removal

REASON = "repeated_on_host"


def keys_of_lines(lines: Iterable[str]) -> set[str]:
    """The comparison keys of a page's non-empty lines (each once)."""
    return {line_key(line) for line in lines if line.strip()}


def text_line_keys(text: str) -> set[str]:
    """:func:`keys_of_lines` of a text (one paragraph per line): what the state store keeps
    per site to find repeated lines across runs."""
    return keys_of_lines(text.split("\n"))


def repeated_lines(pages_by_host: Mapping[str, Sequence[Iterable[str]]], *,
                   min_pages: int = 3, min_share: float = 0.5) -> dict[str, frozenset[str]]:
    """Return, per host, the normalised lines found on at least ``min_pages`` pages and on
    at least ``min_share`` of that host's pages. Hosts with fewer pages than ``min_pages``
    get nothing: one page cannot tell boilerplate from content."""
    found: dict[str, frozenset[str]] = {}
    for host, pages in pages_by_host.items():
        if len(pages) < min_pages:
            continue
        counts: Counter[str] = Counter()
        for lines in pages:
            counts.update(keys_of_lines(lines))
        needed = max(min_pages, min_share * len(pages))
        common = frozenset(line for line, n in counts.items() if n >= needed)
        if common:
            found[host] = common
    return found


def split_repeated(lines: Sequence[str], repeated: frozenset[str]) -> tuple[list[str], list[str]]:
    """Split ``lines`` into (kept, removed) by membership in ``repeated``."""
    kept: list[str] = []
    removed: list[str] = []
    for line in lines:
        (removed if line_key(line) in repeated else kept).append(line)
    return kept, removed


def remove_repeated(articles: Sequence[Article], host_of: Callable[[Article], str | None], *,
                    min_pages: int = 3, min_share: float = 0.5) -> list[Article]:
    """Drop per-host repeated lines from every article, recording each removal."""
    by_host: dict[str, list[list[str]]] = defaultdict(list)
    for article in articles:
        host = host_of(article)
        if host:
            by_host[host].append(article.text.split("\n"))
    repeated = repeated_lines(by_host, min_pages=min_pages, min_share=min_share)
    if not repeated:
        return list(articles)
    return apply_repeated(articles, host_of, lambda host: repeated.get(host or "", frozenset()))


def apply_repeated(articles: Sequence[Article], host_of: Callable[[Article], str | None],
                   repeated_for: Callable[[str | None], frozenset[str]]) -> list[Article]:
    """Drop from each article the lines ``repeated_for(its host)`` names, recording each
    removal (the repeated lines come from this batch or from the state store's history)."""
    result = []
    for article in articles:
        kept, removed = split_repeated(article.text.split("\n"), repeated_for(host_of(article)))
        if removed:
            extra = tuple(Removal(REASON, line) for line in removed)
            article = replace(article, text="\n".join(kept), removals=article.removals + extra)
        result.append(article)
    return result
