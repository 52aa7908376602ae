"""Language codes: one normaliser from the many ways pages and detectors write them.

``de-DE``, ``de_AT``, ``DEU``, ``deu`` -> ``de``; the withdrawn ISO 639 codes (``iw``,
``in``, ``ji``, ``jw``) -> their current ones; region and script suffixes are dropped
(``zh-Hans-CN`` -> ``zh``). Anything that is not a language tag -> ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsclean.errors import ConfigError

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


def language_list(value: str | Iterable[str]) -> tuple[str, ...]:
    """The languages of ``--language de,en`` (or ``language = ["de", "en"]``) as ISO 639-1
    codes, in the order given; :class:`~newsclean.errors.ConfigError` for a value that is
    no language tag."""
    items = [part for item in ([value] if isinstance(value, str) else list(value))
             for part in (item.split(",") if isinstance(item, str) else [item])]
    codes: list[str] = []
    for item in items:
        code = normalize_language(item) if isinstance(item, str) else None
        if code is None:
            raise ConfigError(f"language: {item!r} is not a language code (de, en, pt-BR)")
        if code not in codes:
            codes.append(code)
    return tuple(codes)
