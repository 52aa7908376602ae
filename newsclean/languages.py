"""Language codes: one normaliser from the many ways pages and detectors write them.

``de-DE``, ``de_AT``, ``DEU``, ``deu`` -> ``de``; the withdrawn ISO 639 codes (``iw``,
``in``, ``ji``, ``jw``) -> their current ones; region and script suffixes are dropped
(``zh-Hans-CN`` -> ``zh``). Anything that is not a language tag -> ``None``.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"^\s*([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*\s*$")
#: withdrawn two-letter codes and common three-letter ones, to ISO 639-1
ALIASES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "ger": "de", "deu": "de",
           "eng": "en", "fra": "fr", "fre": "fr", "spa": "es", "ita": "it"}


def normalize_language(value: str | None) -> str | None:
    """The ISO 639-1 code of a language tag (``en-US`` -> ``en``, ``iw`` -> ``he``), or None."""
    m = _TAG.match(value or "")
    if not m:
        return None
    code = ALIASES.get(m[1].lower(), m[1].lower())
    return code if len(code) == 2 else None
