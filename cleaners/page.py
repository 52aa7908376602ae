"""One page, start to finish, inside a worker: markup or text in, an Article or a Skip out.

HTML:  parse once -> read metadata (read-only) -> prune boilerplate blocks in the DOM ->
       extract the main text -> text cleaners (junk survives DOM pruning inline) ->
       normalise -> language.
Text:  text cleaners (with title-line detection) -> normalise -> language.

Pure: no network, no disk. Every removal is kept with its reason for the audit file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import fields, replace

from newsclean.cleaners.html.body import extract_article
from newsclean.cleaners.html.parse import parse_html
from newsclean.cleaners.language import detect_language
from newsclean.cleaners.meta.extract import PUBLISHER_ONLY, extract_metadata
from newsclean.cleaners.normalize import normalize_lines, repair_text
from newsclean.cleaners.text.rules import clean_text
from newsclean.cleaners.textkeys import line_key
from newsclean.config import CleanOptions
from newsclean.outcomes import SkipReason, Stage
from newsclean.records import Article, DecodedPage, PageMetadata, Removal, Skip
from newsclean.words import count_words

_WORD = re.compile(r"\w+")


def merge_metadata(primary: PageMetadata, fallback: PageMetadata) -> PageMetadata:
    """Fields of ``primary`` where set, else those of ``fallback``; origins follow."""
    values = {}
    origins = dict(fallback.origins)
    primary_origins = dict(primary.origins)
    for f in fields(PageMetadata):
        if f.name == "origins":
            continue
        mine = getattr(primary, f.name)
        if mine not in (None, (), ""):
            values[f.name] = mine
            if f.name in primary_origins:
                origins[f.name] = primary_origins[f.name]
        else:
            values[f.name] = getattr(fallback, f.name)
    return PageMetadata(**values, origins=tuple(sorted(origins.items())))


#: share of words a first line must share with the title to count as a headline variant
TITLE_OVERLAP = 0.6


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def is_title_variant(line: str, title: str | None) -> bool:
    """True when ``line`` is the headline again: the same text, or a variant with a kicker
    or other punctuation (``"49-Euro-Ticket Pendler sparen ..."`` for ``"49-Euro-Ticket:
    Pendler sparen ..."``): most words shared, not much longer, no sentence end."""
    if not title:
        return False
    if line_key(line) == line_key(title):
        return True
    if len(line) > 2 * len(title) or line.rstrip().endswith((".", "!", "?", "。")):
        return False
    mine, theirs = _words(line), _words(title)
    return bool(mine) and len(mine & theirs) / len(mine | theirs) >= TITLE_OVERLAP


def _drop_title_repeat(lines: list[str], title: str | None) -> tuple[list[str], list[Removal]]:
    """Extractors often keep the headline (or a variant of it) as the first line: it
    belongs in ``title``."""
    if lines and is_title_variant(lines[0], title):
        return lines[1:], [Removal("title_repeat", lines[0], 0)]
    return lines, []


def _html_lines(page: DecodedPage) -> tuple[list[str], PageMetadata, list[Removal]]:
    tree = parse_html(page.text)
    meta = extract_metadata(tree, page.url)
    paragraphs, removals = extract_article(tree, page.url or meta.canonical_url,
                                           functools.partial(parse_html, page.text))
    cleaned = clean_text(repair_text("\n".join(paragraphs)), lang=meta.language,
                         detect_title=False)
    removals.extend(cleaned.removals)
    lines, dropped = _drop_title_repeat(list(cleaned.lines), meta.title)
    removals.extend(dropped)
    if meta.origin("authors") == PUBLISHER_ONLY and cleaned.facts.authors:
        meta = replace(meta, authors=())    # merge_metadata then takes the text's, origin too
    return lines, merge_metadata(meta, cleaned.facts), removals


def _with_teaser_paywall(meta: PageMetadata, removals: list[Removal]) -> PageMetadata:
    """A paywall teaser ("Il vous reste 57% de cet article à lire") marks the page
    paywalled when its metadata does not say either way."""
    if meta.paywalled is None and any(r.reason == "paywall_prompt" for r in removals):
        return merge_metadata(PageMetadata(paywalled=True, origins=(("paywalled", "teaser"),)),
                              meta)
    return meta


def _text_lines(page: DecodedPage, detect: bool = True
                ) -> tuple[list[str], PageMetadata, list[Removal]]:
    text = repair_text(page.text)
    # a flattened page declares nothing: its language (for day-first dates) is detected
    language = detect_language(text) if detect else None
    cleaned = clean_text(text, lang=language, detect_title=True)
    facts = cleaned.facts
    if language and not facts.language:
        facts = merge_metadata(facts, PageMetadata(language=language))
    return list(cleaned.lines), facts, list(cleaned.removals)


def clean_page(page: DecodedPage, options: CleanOptions | None = None) -> Article | Skip:
    """Clean one decoded page. Raises :class:`~newsclean.errors.ExtractError` when the
    markup cannot be parsed; returns a :class:`Skip` when there is no article to keep."""
    options = options or CleanOptions()
    lines, meta, removals = (_text_lines(page, options.detect_language) if page.is_text
                             else _html_lines(page))
    meta = _with_teaser_paywall(meta, removals)
    kept, dropped = normalize_lines(lines)
    removals.extend(dropped)
    text = "\n".join(kept)
    words = count_words(text)
    if words < max(options.min_words, 1):
        reason = SkipReason.NO_ARTICLE_TEXT if words == 0 else SkipReason.TOO_SHORT
        return Skip(page.index, page.source, Stage.CLEAN, reason,
                    f"{words} words of article text (minimum {options.min_words})",
                    tuple(removals))
    language = (detect_language(text, meta.language) if options.detect_language
                else meta.language)
    if options.language and language not in options.language:
        return Skip(page.index, page.source, Stage.CLEAN, SkipReason.LANGUAGE,
                    f"language {language or 'unknown'}, not one of "
                    f"{', '.join(options.language)} (--language)", tuple(removals))
    url = page.url or meta.canonical_url
    return Article(index=page.index, source=page.source, url=url, text=text,
                   meta=meta, language=language, removals=tuple(removals),
                   fetched_at=page.fetched_at)

