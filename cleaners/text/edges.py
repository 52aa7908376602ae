"""Position-aware text rules: junk gathers at the edges of a story.

The end of a flattened article collects sign-offs (``Jane Doe``), agency tags (``(abc)``,
``dpa/AFP``, ``Mit Agenturmaterial``), author bios, newsletter/app/donation plugs and
subscription dialogs; its start collects one-word section kickers. Rules for those are too
loose for the middle of a story, so they are tried only on the run of lines at the edge:

* tail: walking back from the last kept line, each line that matches a tail rule is
  removed; one short unmatched line is tolerated between two matched ones (a dialog button)
  or, without a final stop, under a plug (a newsletter's tagline).
  The walk stops at the first body line, and at a name line under another one (a list of
  names, not a sign-off).
  A run that would leave less than two lines of text is dropped.
* author bio heading (``About the author``, ``Die Autorin``) near the end: it and the lines
  after it go.
* link teaser: the one or two lines after a closing prompt (``Mehr dazu in unserem Liveblog:``).
* paywall offer: the few short lines after a paywall teaser (``Subscribe to read on``).
* head: a lone one-word line before a sentence (``World``, ``Finanzmärkte``), or a run of
  three or more short list items (``- Home``, ``- Local``, ``- Berlin``): a breadcrumb trail.

Reasons: agency_tag, signature, author_bio, promo_plug, kicker, breadcrumb. Removing the run
leaves a body line at the edge that no tail rule matches, so cleaning stays idempotent.
"""

from __future__ import annotations

import re

from newsclean.cleaners.text.rules_edges import (
    AGENCY_TAG,
    AUTHOR_BIO,
    BIO_HEADING,
    CTA,
    END_CTA,
    PLUG_PRODUCT,
    PROMO_RULES,
    SIGNATURE,
)

_AGENCY_TAG = re.compile(AGENCY_TAG, re.IGNORECASE)
_MAX_TAIL_LINE = 300
_MAX_SIGNATURE = 60
_MAX_SIGNATURE_WORDS = 4
_END_CTA_TAIL = 60
_MAX_BIO_LINE = 700
_MAX_GAP_LINE = 120
_BIO_WINDOW = 6
_MAX_BIO_LINES = 3
_MAX_OFFER_LINES = 8
_MAX_TEASER_LINES = 2
_PROMPTS = frozenset({"related_prompt", "related_heading", "label_line"})
_MIN_KEPT = 3
_MIN_BODY_LINES = 2
_MIN_SENTENCE_WORDS = 5
_KICKER = re.compile(r"[^\W\d_][\w\-’']{0,30}:?")
#: a breadcrumb item an extractor kept as a list line: "- Local"
_CRUMB = re.compile(r"[-–•>›»]\s*(?:[^\W\d_][\w\-’'.&]*\s?){1,5}")
_MIN_CRUMBS = 3
_END_PUNCT = ".,;:!?\"”“»«)"


def tail_reason(line: str) -> str | None:
    """Why ``line`` is junk when it stands in the tail run, or None."""
    if END_CTA.search(line[-_END_CTA_TAIL:]):
        return "promo_plug"
    if len(line) > _MAX_BIO_LINE:
        return None
    if AUTHOR_BIO.match(line):
        return "author_bio"
    if len(line) > _MAX_TAIL_LINE:
        return None
    if len(line) <= 200 and _AGENCY_TAG.fullmatch(line):
        return "agency_tag"
    if _is_signature(line):
        return "signature"
    if _is_promo(line):
        return "promo_plug"
    return None


def _is_promo(line: str) -> bool:
    folded = line.casefold()
    for triggers, pattern in PROMO_RULES:
        if any(word in folded for word in triggers) and pattern.search(line):
            return True
    return PLUG_PRODUCT.search(line) is not None and CTA.search(line) is not None


def _is_signature(line: str) -> bool:
    words = line.split()
    return (len(line) <= _MAX_SIGNATURE and len(words) <= _MAX_SIGNATURE_WORDS
            and line[-1] not in _END_PUNCT and all(word[0].isupper() for word in words)
            and SIGNATURE.fullmatch(line) is not None)


def mark_head(lines: list[str], reasons: list[str | None]) -> None:
    """Set the reason of a kicker or a breadcrumb trail at the start of the text, in place."""
    _mark_head(lines, reasons, [i for i, line in enumerate(lines) if line and reasons[i] is None])


def mark_tail(lines: list[str], reasons: list[str | None]) -> None:
    """Set the reason of junk lines at the end of the text, in place.

    The rules run until nothing changes (removing a bio block can bare a sign-off above
    it), so cleaning the result again finds nothing more."""
    while True:
        kept = [i for i, line in enumerate(lines) if line and reasons[i] is None]
        if len(kept) < _MIN_KEPT:
            return
        _mark_bio_block(lines, reasons, kept)
        _mark_after_paywall(lines, reasons, kept)
        _mark_after_prompt(lines, reasons, kept)
        _mark_tail(lines, reasons, [i for i in kept if reasons[i] is None])
        if all(reasons[i] is None for i in kept):
            return


def _mark_bio_block(lines: list[str], reasons: list[str | None], kept: list[int]) -> None:
    """``About the author`` in the last lines, with the few lines after it."""
    window = kept[-_BIO_WINDOW:]
    for pos, index in enumerate(window):
        after = window[pos + 1:]
        if BIO_HEADING.fullmatch(lines[index]) and len(after) <= _MAX_BIO_LINES and pos > 0:
            for member in [index, *after]:
                reasons[member] = "author_bio"
            return


def _mark_after_paywall(lines: list[str], reasons: list[str | None], kept: list[int]) -> None:
    """The few short lines after a paywall teaser are the offer that goes with it."""
    teasers = [i for i, reason in enumerate(reasons) if reason == "paywall_prompt"]
    if not teasers:
        return
    after = [i for i in kept if i > teasers[-1] and reasons[i] is None]
    if len(after) <= _MAX_OFFER_LINES and all(len(lines[i]) <= _MAX_GAP_LINE for i in after):
        for index in after:
            reasons[index] = "paywall_prompt"


def _mark_after_prompt(lines: list[str], reasons: list[str | None], kept: list[int]) -> None:
    """``Read more on this in our live blog:`` near the end: the teaser after it goes too."""
    prompts = [i for i, reason in enumerate(reasons) if reason in _PROMPTS and lines[i][-1] == ":"]
    if not prompts:
        return
    after = [i for i in kept if i > prompts[-1] and reasons[i] is None]
    if 0 < len(after) <= _MAX_TEASER_LINES and all(len(lines[i]) <= _MAX_TAIL_LINE for i in after):
        for index in after:
            reasons[index] = "related_prompt"


def _mark_tail(lines: list[str], reasons: list[str | None], kept: list[int]) -> None:
    """The run of tail-rule lines at the end, unless it would leave less than two lines."""
    found: dict[int, str] = {}
    pos = len(kept) - 1
    while pos > 0:
        line = lines[kept[pos]]
        reason = tail_reason(line)
        if reason == "signature" and _is_signature(lines[kept[pos - 1]]):
            break  # a name under a name: a list, not a sign-off
        if reason is None:
            above = tail_reason(lines[kept[pos - 1]]) if pos > 1 else None
            # a gap between two junk lines, or a tagline (no final stop) under the last one
            gap = bool(found) or (line[-1] not in _END_PUNCT and above == "promo_plug")
            if not gap or above is None or len(line) > _MAX_GAP_LINE:
                break
            reason = "promo_plug"
        found[kept[pos]] = reason
        pos -= 1
    if len(kept) - len(found) >= _MIN_BODY_LINES:
        for index, reason in found.items():
            reasons[index] = reason


def _mark_head(lines: list[str], reasons: list[str | None], kept: list[int]) -> None:
    """A lone one-word kicker line before a sentence (a run of one-word lines is a list)."""
    if len(kept) < _MIN_KEPT - 1:
        return
    first, second = lines[kept[0]], lines[kept[1]]
    if _KICKER.fullmatch(first) and second.count(" ") >= _MIN_SENTENCE_WORDS - 1:
        reasons[kept[0]] = "kicker"
        return
    crumbs = 0
    while crumbs < len(kept) and _CRUMB.fullmatch(lines[kept[crumbs]]):
        crumbs += 1
    if _MIN_CRUMBS <= crumbs < len(kept) - 1:
        for index in kept[:crumbs]:
            reasons[index] = "breadcrumb"
