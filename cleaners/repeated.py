"""Per-host repeated-line mining across a batch.

A line that recurs on many pages of one host in the same run is boilerplate (a footer,
a newsletter plug, a "follow us" line that no selector caught). The decision depends only
on the set of pages, never on their order or on how they were split across workers: it is
a pure function of ``{host: [lines of each page]}``.

Identical documents count once: the same article reached through several URLs (tracking
parameters, a syndicated copy, a republication) is one document, so its own lines are not
"repeated" on the host. An article the removal leaves empty, or under ``min_words``, is a
:class:`~newsclean.records.Skip` like any article cleaned to nothing, never a row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace

from newsclean.cleaners.textkeys import line_key
from newsclean.outcomes import SkipReason, Stage
from newsclean.records import Article, Removal, Skip
from newsclean.words import count_words

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


def split_repeated(lines: Sequence[str], repeated: AbstractSet[object],
                   key: Callable[[str], object] = line_key) -> tuple[list[str], list[str]]:
    """Split ``lines`` into (kept, removed) by membership of their ``key`` in ``repeated``
    (a distributed run's client knows the keys by their hashes: it gives that ``key``)."""
    kept: list[str] = []
    removed: list[str] = []
    for line in lines:
        (removed if key(line) in repeated else kept).append(line)
    return kept, removed


def _documents_by_host(articles: Sequence[Article], host_of: Callable[[Article], str | None]
                       ) -> dict[str, list[list[str]]]:
    """The lines of each distinct document text, per host (a text seen twice counts once)."""
    texts: dict[str, dict[str, None]] = defaultdict(dict)
    for article in articles:
        host = host_of(article)
        if host:
            texts[host].setdefault(article.text, None)
    return {host: [text.split("\n") for text in docs] for host, docs in texts.items()}


def emptied_reason(words: int, min_words: int) -> tuple[SkipReason, str]:
    """The skip reason and message of an article the pass left with ``words`` words."""
    reason = SkipReason.NO_ARTICLE_TEXT if words == 0 else SkipReason.TOO_SHORT
    return reason, (f"{words} words of article text left after removing lines repeated on "
                    f"its host (minimum {min_words})")


def too_short(words: int, min_words: int) -> bool:
    """Whether the pass left too little text (under ``min_words``, and at least one)."""
    return words < max(min_words, 1)


def _emptied(article: Article, words: int, min_words: int) -> Skip:
    return Skip(article.index, article.source, Stage.CLEAN,
                *emptied_reason(words, min_words), article.removals)


def remove_repeated(articles: Sequence[Article], host_of: Callable[[Article], str | None], *,
                    min_pages: int = 3, min_share: float = 0.5, min_words: int = 1
                    ) -> tuple[list[Article], list[Skip]]:
    """Drop per-host repeated lines from every article, recording each removal. Returns
    the articles kept and a Skip for each one left under ``min_words`` (at least one)."""
    repeated = repeated_lines(_documents_by_host(articles, host_of), min_pages=min_pages,
                              min_share=min_share)
    if not repeated:
        return list(articles), []
    return apply_repeated(articles, host_of, lambda host: repeated.get(host or "", frozenset()),
                          min_words=min_words)


def apply_repeated(articles: Sequence[Article], host_of: Callable[[Article], str | None],
                   repeated_for: Callable[[str | None], frozenset[str]], *,
                   min_words: int = 1) -> tuple[list[Article], list[Skip]]:
    """Drop from each article the lines ``repeated_for(its host)`` names, recording each
    removal (the repeated lines come from this batch or from the state store's history);
    an article left empty or under ``min_words`` becomes a Skip."""
    kept_articles: list[Article] = []
    skips: list[Skip] = []
    for article in articles:
        kept, removed = split_repeated(article.text.split("\n"), repeated_for(host_of(article)))
        if not removed:
            kept_articles.append(article)
            continue
        extra = tuple(Removal(REASON, line) for line in removed)
        article = replace(article, text="\n".join(kept), removals=article.removals + extra)
        words = count_words(article.text)
        if too_short(words, min_words):
            skips.append(_emptied(article, words, min_words))
        else:
            kept_articles.append(article)
    return kept_articles, skips
