"""Normalise article text: repair mojibake, NFC, whitespace, one paragraph per line.

* :func:`repair_text` fixes characters and whitespace but keeps the line structure (blank
  lines included), so the text cleaners still see paragraph breaks.
* :func:`normalize_lines` drops empty lines (an empty table row, ``| | |``, is one) and a
  line equal to the line right before it
  (a stutter of the extractor), and reports those as ``duplicate_line`` removals. A line
  repeated further on is kept: structured articles (recipes, timetables, Q&A, lists with
  repeated labels) repeat lines on purpose. The headline repeated at the top is
  ``title_repeat`` (:mod:`newsclean.cleaners.page`). What is dropped further on is a
  ``repeated_block``: a run of lines equal, in order, to an earlier run, holding at least
  two long lines (a page that shows its story twice, for two layouts or a print copy).
  Two long paragraphs in a row, word for word, are not written twice by an author; one
  line repeated (a pull quote, a label, a refrain) is kept.
* :func:`normalize_text` does both and joins paragraphs with a single ``\\n``.

Choices: curly quotes and full-width characters are kept (ftfy's ``uncurl_quotes`` and
``fix_character_width`` are off: they would change correct CJK and typographic text);
HTML entities are not unescaped (extracted text is already unescaped, and unescaping twice
is not idempotent). Zero-width spaces, word joiners, BOMs, soft hyphens and bidi controls
are removed; ZWNJ/ZWJ (U+200C/U+200D) are kept because Persian, Indic scripts and emoji
sequences need them. All functions are idempotent and never raise on a ``str``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import ftfy
import ftfy.badness

from newsclean.records import Removal

_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False, uncurl_quotes=False, fix_character_width=False, explain=False,
    normalization="NFC",
)
#: ftfy only runs on text holding a character that mojibake, a C1 control, a ligature, a
#: terminal escape or a surrogate is made of: UTF-8 misread as Latin-1/cp1252/cp1250/cp1251/
#: MacRoman/cp437 always shows its lead byte as one of these. Plain English (ASCII plus
#: curly quotes and dashes) and CJK skip it: ftfy costs ~0.5 ms per KB.
_FTFY_SUSPECT = re.compile(
    "[\x1b\x80-\u024f\u0370-\u04ff\u2500-\u25ff\ud800-\udfff\ufb00-\ufb06\ufffd]"
)
#: ... and of those, only on text where ftfy would do more than this module does anyway:
#: mojibake by ftfy's own test (``is_bad``), or a character ftfy treats otherwise (C1
#: controls become cp1252, ligatures split, terminal escapes and surrogates repaired,
#: ``\x0b``/``\x1c``-``\x1f``/U+FFFC dropped). Accented letters alone no longer run it
#: (half the pages did, and it repaired nothing on the benchmark pages).
_FTFY_TRIGGER = re.compile(
    "[\x0b\x1b-\x1f\x80-\x9f\ud800-\udfff\ufb00-\ufb06\ufffc\ufffd]"
)


def _needs_ftfy(text: str) -> bool:
    """True when ftfy may change ``text`` beyond NFC and the control/line-break table."""
    if text.isascii() or not _FTFY_SUSPECT.search(text):
        return False
    return bool(_FTFY_TRIGGER.search(text)) or ftfy.badness.is_bad(text)
_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_INVISIBLE = (
    "\u00ad\u180e\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063"
    "\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\ufff9\ufffa"
    "\ufffb"
)


def _translation() -> dict[int, str | None]:
    """Line breaks -> ``\\n``, tabs -> space, other controls and invisibles -> removed."""
    table: dict[int, str | None] = {cp: None for cp in (*range(0x20), *range(0x7F, 0xA0))}
    table.update({ord(c): "\n" for c in _LINE_BREAKS + "\n"})
    table.update({ord("\t"): " ", ord("\x1f"): " "})
    table.update({ord(c): None for c in _INVISIBLE})
    return table


_TABLE = _translation()


def _fix_chars(text: str) -> str:
    """Mojibake repair, controls and invisibles removed, NFC."""
    text = text.replace("\r\n", "\n")
    if _needs_ftfy(text):
        text = ftfy.fix_text(text, _FTFY_CONFIG)
    text = text.translate(_TABLE)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def normalize_line(line: str) -> str:
    """One line: controls and invisibles removed, NFC, whitespace runs -> one space."""
    line = line.translate(_TABLE)
    if not line.isascii() and not unicodedata.is_normalized("NFC", line):
        line = unicodedata.normalize("NFC", line)
    return " ".join(line.split())


def _repair_once(text: str) -> str:
    fixed = _fix_chars(text)
    return "\n".join(" ".join(line.split()) for line in fixed.split("\n"))


def repair_text(text: str) -> str:
    """Fix characters and whitespace; keep the lines (blank ones too) where they are."""
    fixed = _repair_once(text)
    # ftfy is not always a fixpoint in one pass (stripping a space can reveal mojibake to
    # it): settle it. A text the first pass left unchanged is a fixpoint already.
    for _ in range(4 if fixed != text else 0):
        again = _repair_once(fixed)
        if again == fixed:
            break
        fixed = again
    return fixed


#: what is left of a table row whose cells are empty
_EMPTY_ROW = re.compile(r"[|\s]+")


def normalize_lines(lines: Iterable[str]) -> tuple[tuple[str, ...], tuple[Removal, ...]]:
    """Normalise each line, drop empty ones and drop (and report) a line equal to the
    kept line before it (blank lines between the two do not separate them) and the later
    copy of a repeated block (see :func:`_repeated_blocks`)."""
    kept: list[str] = []
    indexes: list[int] = []
    removals: list[Removal] = []
    for index, raw in enumerate(lines):
        line = normalize_line(raw)
        if not line or _EMPTY_ROW.fullmatch(line):
            continue
        if kept and line == kept[-1]:
            removals.append(Removal("duplicate_line", line, index))
            continue
        kept.append(line)
        indexes.append(index)
    # dropping a block can bring two equal lines together, or the rest of a block
    # closer to its first copy: settle both (a fixpoint in a few rounds)
    while repeated := _repeated_blocks(kept):
        removals.extend(Removal("repeated_block", kept[at], indexes[at]) for at in sorted(repeated))
        pairs = [(line, index) for at, (line, index) in enumerate(zip(kept, indexes, strict=True))
                 if at not in repeated]
        kept, indexes = [], []
        for line, index in pairs:
            if kept and line == kept[-1]:
                removals.append(Removal("duplicate_line", line, index))
                continue
            kept.append(line)
            indexes.append(index)
        removals.sort(key=lambda removal: removal.line or 0)
    return tuple(kept), tuple(removals)


#: a line this long (characters) is a paragraph, not a label or a heading
_LONG_LINE = 60


def _repeated_blocks(lines: list[str]) -> set[int]:
    """Positions of the lines in runs that repeat, in order, an earlier run of ``lines``
    (the earlier run ends before the later one starts) and hold two long lines or more."""
    first: dict[str, int] = {}
    repeated: set[int] = set()
    at = 0
    while at < len(lines):
        earlier = first.get(lines[at])
        if earlier is not None:
            length = 0
            while (at + length < len(lines) and earlier + length < at
                   and lines[earlier + length] == lines[at + length]):
                length += 1
            run = range(at, at + length)
            if sum(len(lines[i]) >= _LONG_LINE for i in run) >= 2:
                repeated.update(run)
                at += length
                continue
        first.setdefault(lines[at], at)
        at += 1
    return repeated


def normalize_text_audited(text: str) -> tuple[str, tuple[Removal, ...]]:
    """:func:`normalize_text` plus the duplicate lines it dropped."""
    kept, removals = normalize_lines(repair_text(text).split("\n"))
    return "\n".join(kept), removals


def normalize_text(text: str) -> str:
    """Clean body text: paragraphs joined by ``\\n``, no empty lines, no line twice in a row."""
    return normalize_text_audited(text)[0]
