"""Language of an article's text, as an ISO 639-1 code, with the bundled py3langid model
(nothing is downloaded). The model is loaded once per process, on first use; the worker
pool's forkserver loads it before it forks the workers (:mod:`newsclean.engine.preload`)."""

from __future__ import annotations

from functools import cache
from typing import Any

from newsclean.languages import normalize_language

#: below this many letters the page's declared language is trusted over the detector
MIN_LETTERS = 40
#: normalised probability the detector must reach to overrule a declared language
MIN_CONFIDENCE = 0.80
#: characters of the text the detector reads. 1,000 would cost a third as much and gave the
#: language of 3,000 on 2,003 of 2,004 bench articles, but the other one was wrong with it:
#: a Tagalog article that opens with long English quotes (htmldate-dev philstar.com_1)
_SAMPLE_CHARS = 3000


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, declared: str | None = None) -> str | None:
    """Detect the language of ``text``; fall back on ``declared`` for short or unsure text."""
    declared = normalize_language(declared)
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return declared
    detected, prob = _identifier().classify(sample)
    code = normalize_language(detected)
    if declared and declared != code and prob < MIN_CONFIDENCE:
        return declared
    return code or declared
