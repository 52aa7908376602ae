"""Text cleaners: strip the junk generic extractors leave in flattened news text.

:func:`clean_text` is pure: text in, :class:`~newsclean.records.TextCleanResult` out. It works on
whole stripped lines (rules in :mod:`newsclean.cleaners.text.rules_line` and
:mod:`newsclean.cleaners.text.rules_anywhere`), then on blocks (ticker widgets, person-bio
sidebars), finds a title line, and last looks at the edges of the text, where sign-offs, agency
tags and plugs gather (:mod:`newsclean.cleaners.text.edges`). Every removed line or block is a
:class:`~newsclean.records.Removal` with its reason; facts in the junk (credits, bylines,
datelines, the title, a corroborated contact pair) become ``facts``.

Reasons, anywhere: share_counts, share_prompt, login_prompt, author_contact, photo_caption,
bio_sidebar (block), ticker_widget (block), dateline, credits (whole line or glued to the
end of a paragraph), byline, related_heading, related_prompt, comment_prompt, copyright,
embed_placeholder, paywall_prompt, advert_label, newsroom_plug, origin_note, label_line,
video_teaser, code_artifact, book_info, download_link, newsletter_form, separator,
ui_message, post_meta, title_line. At the edges only: agency_tag, signature, author_bio, promo_plug,
kicker, breadcrumb (and the offer after a paywall teaser, the teaser after a closing
"read more" prompt).

Kept lines are stripped and blank lines are dropped, so cleaning is idempotent: the kept
lines joined by ``\\n`` clean to themselves with no removals. Datelines without label or
time found after the first body paragraph are kept (live-blog and timeline headings).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newsclean.cleaners.text.dates import (
    is_bare_date,
    is_dateline,
    is_post_meta,
    parse_dateline,
    split_label,
)
from newsclean.cleaners.text.edges import mark_head, mark_tail
from newsclean.cleaners.text.facts import byline_authors, removal_authors
from newsclean.cleaners.text.rules_anywhere import CAPTION_CREDIT_END, CONTAINS_RULES
from newsclean.cleaners.text.rules_line import (
    BIO_WEAK_LINE,
    BYLINE,
    CAPTION_CREDIT_TAIL,
    DATE_LABEL_PREFIX,
    LONG_LINE_RULES,
    MAX_RULE_LINE,
    NAME_LINE,
    SHARE_STRONG,
    SHORT_LINE,
    TICKER_CONTEXT_LINE,
    TRAILING_CREDIT,
    compile_line_rules,
)
from newsclean.records import PageMetadata, Removal, TextCleanResult

_LINE_RULES = compile_line_rules()
_LONG_LINE_RULES = compile_line_rules(LONG_LINE_RULES)
_CONTAINS = tuple((reason, triggers, re.compile(pattern, re.IGNORECASE), longest)
                  for reason, triggers, pattern, longest in CONTAINS_RULES)

_BYLINE = re.compile(BYLINE, re.IGNORECASE)
_LABEL_DATE = re.compile(DATE_LABEL_PREFIX, re.IGNORECASE)
_DIGIT = re.compile(r"\d")
#: flattened table cells wrap lines in pipes: "| Related articles |"
_TABLE_EDGE = "| \t"
_MAX_DATELINE = 120
_MAX_TITLE_WORDS = 20
_MIN_BODY_WORDS = 12
_MAX_NAME_WORDS = 5
#: what may follow a title line (besides a blank line)
_AFTER_TITLE = frozenset({"dateline", "bio_sidebar", "photo_caption", "byline"})
_MODIFIED_LABELS = ("updated", "last updated", "modified", "last modified", "aktualisiert",
                    "stand", "mis à jour", "mis a jour", "actualizado", "aggiornato")


def _whole_line_reason(line: str) -> str | None:
    """The reason of the first whole-line rule (:data:`LINE_RULES`) the line matches; a
    share_counts match needs a share word, or the line goes on to the next rules."""
    rules = _LINE_RULES if len(line) <= SHORT_LINE else _LONG_LINE_RULES
    match = rules.fullmatch(line)
    if match is not None and (match.lastgroup != "share_counts" or SHARE_STRONG.search(line)):
        return match.lastgroup
    return None


def _is_caption_credit(line: str) -> bool:
    """A caption that ends with its credit (``... REUTERS/Aly Song``, ``... Bild: X``)."""
    return ("/" in line and CAPTION_CREDIT_TAIL.search(line) is not None) or (
        (":" in line or "©" in line) and CAPTION_CREDIT_END.search(line) is not None)


def _contains_reason(line: str) -> str | None:
    """The reason of the first CONTAINS rule whose trigger word and phrase are in ``line``."""
    folded = line.casefold()
    size = len(line)
    for reason, triggers, pattern, longest in _CONTAINS:
        if size > longest:
            continue
        for word in triggers:
            if word in folded:
                if pattern.search(line):
                    return reason
                break
    return None


def _is_dateline(line: str) -> bool:
    return len(line) <= _MAX_DATELINE and _DIGIT.search(line) is not None and is_dateline(line)


def _is_byline(line: str) -> bool:
    byline = _BYLINE.fullmatch(line)
    return byline is not None and byline_authors(byline.group("byline")) is not None


def _is_post_meta(line: str) -> bool:
    return "|" in line and len(line) <= _MAX_DATELINE and is_post_meta(line)


def _reason_if(reason: str, test: Callable[[str], bool]) -> Callable[[str], str | None]:
    return lambda line: reason if test(line) else None


#: (name, rule) in the order :func:`classify_line` tries them; the first reason wins. The
#: two rule sets give their own reasons; every other rule gives its name as the reason.
LINE_CLASSIFIERS: tuple[tuple[str, Callable[[str], str | None]], ...] = (
    ("whole_line_rules", _whole_line_reason),
    ("photo_caption", _reason_if("photo_caption", _is_caption_credit)),
    ("contains_rules", _contains_reason),
    ("dateline", _reason_if("dateline", _is_dateline)),
    ("byline", _reason_if("byline", _is_byline)),
    ("post_meta", _reason_if("post_meta", _is_post_meta)),
)


def classify_line(line: str) -> str | None:
    """The reason a stripped line is junk on its own, or None when it is kept."""
    line = line.strip(_TABLE_EDGE)
    if not line or len(line) > MAX_RULE_LINE:
        return None
    for _name, rule in LINE_CLASSIFIERS:
        reason = rule(line)
        if reason is not None:
            return reason
    return None


def clean_text(text: str, *, lang: str | None = None, detect_title: bool = True
               ) -> TextCleanResult:
    """Remove junk lines and blocks from ``text`` and collect the facts they carry.

    ``lang`` (ISO 639-1, optional) decides day-first dates. ``detect_title=False`` keeps a
    leading heading-like line: use it on text from an HTML extractor, whose title is known.
    """
    lines = [line.strip() for line in text.splitlines()]
    reasons: list[str | None] = [None] * len(lines)
    inline: list[Removal] = []
    for index, line in enumerate(lines):
        if line.endswith((")", ").")) and "by" in line.lower():
            lines[index] = line = _strip_trailing_credit(line, index, inline)
        reasons[index] = classify_line(line)
    _keep_body_dates(lines, reasons)
    _keep_lone_sentence(lines, reasons)
    blocks = _ticker_blocks(lines, reasons) + _bio_blocks(lines, reasons)
    mark_head(lines, reasons)
    if detect_title:
        _mark_title(lines, reasons)
        mark_head(lines, reasons)  # a kicker may stand between the title and the body
    mark_tail(lines, reasons)
    kept = tuple(line for line, reason in zip(lines, reasons, strict=True)
                 if line and reason is None)
    removals = _removals(lines, reasons, blocks, inline)
    return TextCleanResult(lines=kept, removals=removals, facts=_facts(removals, lang))


def _strip_trailing_credit(line: str, index: int, inline: list[Removal]) -> str:
    """Cut ``(Reporting by X)`` glued to the end of a paragraph; record it."""
    match = TRAILING_CREDIT.search(line)
    if match is None:
        return line
    inline.append(Removal("credits", line[match.start():].strip(), index))
    return line[:match.start()].rstrip()


def _keep_body_dates(lines: list[str], reasons: list[str | None]) -> None:
    """Keep bare dates (no label, no time) that come after the first body paragraph."""
    body_started = False
    for index, line in enumerate(lines):
        if reasons[index] is None and line.count(" ") >= _MIN_BODY_WORDS - 1:
            body_started = True
        elif body_started and reasons[index] == "dateline" and is_bare_date(line):
            reasons[index] = None


def _keep_lone_sentence(lines: list[str], reasons: list[str | None]) -> None:
    """A text that is one sentence of body length is kept whole, whatever it looks like:
    the line rules never empty a page on their own."""
    nonblank = [i for i, line in enumerate(lines) if line]
    if len(nonblank) == 1 and lines[nonblank[0]].count(" ") >= _MIN_BODY_WORDS - 1:
        reasons[nonblank[0]] = None


def _next_nonblank(lines: list[str], start: int, step: int = 1) -> int | None:
    index = start
    while 0 <= index < len(lines):
        if lines[index]:
            return index
        index += step
    return None


def _ticker_blocks(lines: list[str], reasons: list[str | None]) -> list[list[int]]:
    """A ticker line and the column/quote lines after it form one block."""
    blocks: list[list[int]] = []
    index = 0
    while index < len(lines):
        if reasons[index] != "ticker_widget":
            index += 1
            continue
        block = [index]
        nxt = _next_nonblank(lines, index + 1)
        while nxt is not None and (reasons[nxt] == "ticker_widget" or (
                reasons[nxt] is None and TICKER_CONTEXT_LINE.fullmatch(lines[nxt]))):
            reasons[nxt] = "ticker_widget"
            block.append(nxt)
            nxt = _next_nonblank(lines, nxt + 1)
        blocks.append(block)
        index = block[-1] + 1
    return blocks


def _bio_blocks(lines: list[str], reasons: list[str | None]) -> list[list[int]]:
    """Consecutive bio lines (at least one strong) plus the name line right before them."""
    blocks: list[list[int]] = []
    index = 0
    while index < len(lines):
        if reasons[index] != "bio_sidebar":
            index += 1
            continue
        start = index
        while start > 0 and reasons[start - 1] is None and BIO_WEAK_LINE.fullmatch(
                lines[start - 1]):
            start -= 1
        end = index + 1
        while end < len(lines) and lines[end] and (reasons[end] == "bio_sidebar" or (
                reasons[end] is None and BIO_WEAK_LINE.fullmatch(lines[end]))):
            end += 1
        block = list(range(start, end))
        name = _next_nonblank(lines, start - 1, step=-1)
        if name is not None and start - name <= 2 and _is_name_line(lines[name], reasons[name]):
            block.insert(0, name)
        for member in block:
            reasons[member] = "bio_sidebar"
        blocks.append(block)
        index = end
    return blocks


def _is_name_line(line: str, reason: str | None) -> bool:
    words = line.split()
    return (reason is None and len(words) <= _MAX_NAME_WORDS and NAME_LINE.fullmatch(line)
            is not None and all(word[0].isupper() for word in words))


def _mark_title(lines: list[str], reasons: list[str | None]) -> None:
    """The first kept line is the title when it looks like a heading (2-19 words, no final
    period, not lower-case) and stands apart: a blank line, a dateline, a byline, a caption
    or a bio block follows it. One-word lines are section labels, not titles."""
    kept = [i for i, line in enumerate(lines) if line and reasons[i] is None]
    if len(kept) < 2:
        return
    first = kept[0]
    line = lines[first]
    words = len(line.split())
    if (not 2 <= words < _MAX_TITLE_WORDS or line[-1] in ".,;:" or line[0].islower()
            or first + 1 >= len(lines)):
        return
    after = _next_nonblank(lines, first + 1)
    if not lines[first + 1] or (after is not None and reasons[after] in _AFTER_TITLE):
        reasons[first] = "title_line"


def _removals(lines: list[str], reasons: list[str | None], blocks: list[list[int]],
              inline: list[Removal]) -> tuple[Removal, ...]:
    """One removal per junk line, one per block, plus the inline credits, in line order."""
    in_block = {member for block in blocks for member in block}
    found = list(inline)
    found += [Removal(reasons[b[0]] or "", "\n".join(lines[i] for i in b), b[0]) for b in blocks]
    found += [Removal(reason, lines[i], i) for i, reason in enumerate(reasons)
              if reason is not None and i not in in_block]
    return tuple(sorted(found, key=lambda r: (r.line or 0)))


def _facts(removals: tuple[Removal, ...], lang: str | None) -> PageMetadata:
    """Metadata carried by the removed junk, with where each field came from."""
    titles = [r.text for r in removals if r.reason == "title_line"]
    authors, author_origin = removal_authors(removals)
    dates = _dates(removals, lang)
    origins = [("title", "title-line")] if titles else []
    origins += [("authors", author_origin)] if authors else []
    origins += [(name, "dateline") for name in dates]
    return PageMetadata(title=titles[0] if titles else None, authors=authors,
                        published=dates.get("published"), modified=dates.get("modified"),
                        origins=tuple(origins))


def _dates(removals: tuple[Removal, ...], lang: str | None) -> dict[str, str]:
    """``published``/``modified`` from datelines; a full timestamp beats a bare date, and a
    date glued to a login prompt is only a fallback."""
    found: dict[str, str] = {}
    candidates = [r.text for r in removals if r.reason == "dateline"]
    candidates += [m.group("labeldate") for r in removals if r.reason == "login_prompt"
                   and (m := _LABEL_DATE.search(r.text))]
    for text in candidates:
        name = "modified" if split_label(text)[0] in _MODIFIED_LABELS else "published"
        if "T" in found.get(name, ""):
            continue
        iso = parse_dateline(text, lang=lang)[1]
        if iso and (name not in found or ("T" in iso and "T" not in found[name])):
            found[name] = iso
    return found
