"""Turn a run's sources into pages: resolve feeds, sitemaps and sites first, then fetch.

    plan = SourcePlan(sniffed=1, feeds=("https://e.example/rss",), since=cutoff)
    for result in expand_pages(expand_sources(inputs, url_files), plan, settings):
        ...   # RawPage (read or fetched) or Failure, with its final ``index``

Which URL is what:

- The first ``plan.sniffed`` URL items (the command-line URLs; ``expand_sources`` yields
  them before any ``--urls`` line) are fetched once and sniffed: a feed or sitemap is
  expanded, a home page (path empty or ``/``) is a site, a page is kept as it is (its
  bytes are reused, never fetched twice). See :mod:`newsclean.scraper.discovery.resolve`.
- ``plan.feeds``, ``plan.sitemaps`` and ``plan.sites`` are read as that kind.
- URLs of ``--urls`` files are pages: streamed straight to the page fetcher, never sniffed,
  so a 20,000-URL list stays flat in memory.

Order and indices: every discovery source is resolved (in parallel threads, through the
run's one guarded, polite :class:`~newsclean.scraper.fetch.run.FetchRun`) before any page is
fetched (Ctrl-C or SIGTERM meanwhile cancels the requests in flight,
:meth:`~newsclean.scraper.fetch.run.FetchRun.cancel`, so the run stops at once, not at
their deadline). The pages are then fetched through that same run (``FetchRun.fetch_pages``), so
robots.txt is read once per host per run and the per-host delay, Crawl-delay and give-up
hold across discovery and page fetching. A run that fetches nothing starts no fetcher.
Then indices are handed out in this order, independent of network timing: the
command-line sources in input order (a feed or sitemap contributing its entries in
document order, then a Failure row per feed or sitemap that could not be read), then the
``--feed``, ``--sitemap`` and ``--site`` sources in that order, then the ``--urls`` lines.
A page URL is fetched once per run: expanded URLs already taken (by the command line or
an earlier feed or sitemap) are dropped, keeping the first; ``--urls`` lines are checked
against the expanded URLs only (a set that does not grow with the list).

Planned pages: ``on_planned(n)`` is called with the number of indices handed out so far
(pages to read or fetch, and failure rows) each time it grows: the discovery part as it
is numbered (before its pages are fetched), then one by one as ``--urls`` lines and
folder entries are read (the total a progress display shows; it grows while the run goes
on).
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urldefrag

from newsclean.errors import NewscleanError
from newsclean.outcomes import ErrorReason, Stage
from newsclean.records import Failure, RawPage
from newsclean.scraper.discovery.resolve import Expansion, Hint, Limits, Resolver
from newsclean.scraper.fetch.run import FetchRun
from newsclean.scraper.fetch.settings import FetchSettings
from newsclean.scraper.sources import SourceItem, read_file

logger = logging.getLogger(__name__)

Item = SourceItem | RawPage | Failure
Result = RawPage | Failure


@dataclass(frozen=True, slots=True)
class SourcePlan:
    """Discovery sources of a run and how to read them (see the module docstring)."""

    sniffed: int = 0                   # the first N URL items are sniffed, not pages
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    since: datetime | None = None      # keep feed/sitemap entries dated on or after this
    limits: Limits = field(default_factory=Limits)
    threads: int = 4                   # discovery sources resolved at the same time

    def option_sources(self) -> list[tuple[str, Hint]]:
        hints: list[tuple[tuple[str, ...], Hint]] = [
            (self.feeds, "feed"), (self.sitemaps, "sitemap"), (self.sites, "site")]
        return [(url, hint) for urls, hint in hints for url in urls]


def expand_pages(items: Iterable[Item], plan: SourcePlan, settings: FetchSettings, *,
                 retries: Counter[str] | None = None,
                 on_planned: Callable[[int], None] | None = None) -> Iterator[Result]:
    """Yield one RawPage or Failure per page and per failed source, renumbered in the
    deterministic order described in the module docstring (yield order is not index
    order: sort by ``index``). The run's retries are counted into ``retries`` per reason
    (``retry/<reason>``), when given; ``on_planned`` gets the planned count as it grows."""
    stream = iter(items)
    head = _take_head(stream, plan.sniffed)
    sources: list[tuple[str, Hint]] = [(item.source, "auto") for item in head
                                       if _is_url(item)]
    sources += plan.option_sources()
    with FetchRun(settings, retries=retries) as fetching:     # the run's one fetcher
        expansions = resolve_all(sources, plan, fetching) if sources else []
        yield from _emit(head, expansions, stream, fetching, on_planned)


def _emit(head: list[Item], expansions: list[Expansion], stream: Iterator[Item],
          fetching: FetchRun, on_planned: Callable[[int], None] | None) -> Iterator[Result]:
    """Number the command-line part and the expansions, then fetch the pages."""
    pending = iter(expansions)
    out = _Numbering(on_planned=on_planned)
    for item in head:
        if _is_url(item):
            yield from out.expansion(next(pending))
        else:
            yield out.read(out.number(item))
    for expansion in pending:
        yield from out.expansion(expansion)
    yield from _fetch_rest(stream, out, fetching)


def resolve_all(sources: list[tuple[str, Hint]], plan: SourcePlan,
                fetching: FetchRun) -> list[Expansion]:
    """Resolve ``(url, hint)`` sources in parallel through ``fetching``; one Expansion per
    source, in order."""
    distinct = list(dict.fromkeys(sources))     # a source given twice is fetched once
    resolver = Resolver(fetching, plan.since, plan.limits)
    workers = max(1, min(plan.threads, len(distinct)))
    with ThreadPoolExecutor(workers, thread_name_prefix="newsclean-resolve") as pool:
        try:
            done = dict(zip(distinct, pool.map(lambda s: _resolve_one(resolver, *s),
                                               distinct), strict=True))
        except BaseException:        # Ctrl-C, SIGTERM: free the threads before joining them
            fetching.cancel()
            raise
    return [done[source] for source in sources]


def _resolve_one(resolver: Resolver, url: str, hint: Hint) -> Expansion:
    """The per-source boundary: a bug while resolving one source must not stop the run."""
    try:
        return resolver.resolve(url, hint)
    except Exception as exc:
        logger.exception("unexpected error resolving %s", url)
        failure = Failure(-1, url, Stage.DISCOVER, ErrorReason.INTERNAL_ERROR,
                          f"unexpected {type(exc).__name__}: {exc}")
        return Expansion(failures=(failure,))


def _take_head(stream: Iterator[Item], sniffed: int) -> list[Item]:
    """Items up to and including the ``sniffed``-th URL item (the command-line part)."""
    head: list[Item] = []
    urls = 0
    while urls < sniffed:
        item = next(stream, None)
        if item is None:
            break
        head.append(item)
        urls += _is_url(item)
    return head


def _is_url(item: Item) -> bool:
    return isinstance(item, SourceItem) and item.kind == "url"


def _key(url: str) -> str:
    """Dedupe key of a page URL: the URL without its fragment."""
    return urldefrag(url).url


@dataclass
class _Numbering:
    """Hands out final indices and remembers the page URLs already taken."""

    on_planned: Callable[[int], None] | None = None
    planned: int = 0                   # indices handed out
    seen: set[str] = field(default_factory=set)
    urls: list[tuple[int, str]] = field(default_factory=list)   # expanded, to fetch
    dropped: int = 0

    def next_index(self) -> int:
        """The next index (one more planned page or failure row)."""
        index, self.planned = self.planned, self.planned + 1
        if self.on_planned is not None:
            self.on_planned(self.planned)
        return index

    def number(self, item: Item) -> Item:
        """The item with the next index."""
        return dataclasses.replace(item, index=self.next_index())

    @staticmethod
    def read(item: Item) -> Result:
        """A numbered Failure or RawPage (a WARC record) as it is, or a numbered file item
        read into a RawPage."""
        if not isinstance(item, SourceItem):
            return item
        try:
            return read_file(item)
        except NewscleanError as exc:
            return Failure(item.index, item.source, Stage.READ, exc.reason, str(exc))

    def expansion(self, expansion: Expansion) -> Iterator[Result]:
        """The reused page, then page URLs to fetch (new ones only), then failures."""
        page = expansion.page
        if page is not None and self.is_new(page.source):
            self.seen.update(_key(url) for url in (page.url,) if url)
            yield dataclasses.replace(page, index=self.next_index())
        for ref in expansion.pages:
            if self.is_new(ref.url):
                self.urls.append((self.next_index(), ref.url))
                logger.debug("page %s found by %s", ref.url, ref.found_by)
        for failure in expansion.failures:
            yield dataclasses.replace(failure, index=self.next_index())

    def is_new(self, url: str) -> bool:
        key = _key(url)
        if key in self.seen:
            self.dropped += 1
            return False
        self.seen.add(key)
        return True


def _fetch_rest(stream: Iterator[Item], out: _Numbering, fetching: FetchRun
                ) -> Iterator[Result]:
    """Fetch the expanded URLs, then the remaining items (``--urls`` lines) as they stream,
    through the run's ``fetching``.

    Items before the first URL to fetch are read here, so a file-only run starts no
    fetcher. After that the fetcher's thread consumes the stream: it numbers every item
    in stream order and hands files and failures back through a deque, read here.
    """
    head_seen = frozenset(out.seen)
    side: deque[Item] = deque()

    def repeated(url: str) -> bool:
        if head_seen and _key(url) in head_seen:
            out.dropped += 1
            return True
        return False

    def rest() -> Iterator[tuple[int, str]]:
        for item in stream:
            if not _is_url(item):
                side.append(out.number(item))
            elif not repeated(item.source):
                yield out.next_index(), item.source

    pending, out.urls = out.urls, []
    while not pending and (item := next(stream, None)) is not None:
        if not _is_url(item):
            yield out.read(out.number(item))
        elif not repeated(item.source):
            pending.append((out.next_index(), item.source))
    if pending:
        with closing(fetching.fetch_pages(itertools.chain(pending, rest()))) as results:
            for result in results:
                while side:
                    yield out.read(side.popleft())
                yield result
        while side:
            yield out.read(side.popleft())
    if out.dropped:
        logger.info("%d repeated page URLs not fetched again", out.dropped)
