"""Comparison keys: the folded forms texts are compared, deduped and looked up on.

Four strengths, built from the same steps (spaces squashed, casefold, accents off,
punctuation off):

* :func:`squash`     text compared as shown, spacing aside (a pruned block and its extraction)
* :func:`line_key`   lines compared as wholes (a repeated footer, a headline shown again)
* :func:`name_key`   words and names compared letter by letter, whatever their accents
* :func:`alnum_key`  titles and headings compared on their letters and digits alone
"""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[\W_]+")


def _strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def squash(text: str) -> str:
    """Whitespace runs collapsed to one space, ends stripped; nothing else changed."""
    return " ".join(text.split())


def line_key(text: str) -> str:
    """Casefolded, whitespace runs collapsed to one space: the key of a whole line."""
    return squash(text).casefold()


def name_key(text: str) -> str:
    """Casefolded, accents removed, spaces and punctuation kept: the key of a word or name."""
    return _strip_accents(text.casefold())


def alnum_key(text: str) -> str:
    """Compatibility-normalised, casefolded, accents, spaces and punctuation removed."""
    return _NOT_ALNUM.sub("", name_key(unicodedata.normalize("NFKC", text)))
