"""Counting words in any script: the one count behind ``word_count`` and ``min_words``.

Scripts written with spaces count their words: a run of letters or digits is one word
(``state-of-the-art`` is four, ``don't`` two, ``2024`` one; Korean is spaced, so it counts
this way too). Chinese and Japanese are written without spaces, so a run of Han, kana or
CJK-compatibility characters would count as one word, and a whole article as a handful:
those characters count as half a word each (a word of Chinese or Japanese news text is
about two characters long), rounded up. Other unspaced scripts (Thai, Lao, Khmer, Burmese)
are still counted by their spaces, which separate phrases there: a low count, never a
high one.
"""

from __future__ import annotations

import re

#: Han (with extensions A-F and compatibility ideographs), hiragana, katakana (full and
#: half width, phonetic extensions) and the iteration mark
_UNSPACED = (
    "\u3005\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
#: a run of word characters, the unspaced scripts left out
_SPACED_WORD = re.compile(f"[^\\W{_UNSPACED}]+")
#: characters of an unspaced script per word
CHARS_PER_WORD = 2


def count_words(text: str) -> int:
    """Words in ``text``: spaced words plus unspaced (CJK) characters / 2, rounded up."""
    spaced = len(_SPACED_WORD.findall(text))
    unspaced = len(_UNSPACED_CHAR.findall(text))
    return spaced + -(-unspaced // CHARS_PER_WORD)
