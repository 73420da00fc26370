"""Language of an article body (ISO 639-1), or None when the text is too
short or too mixed to say with confidence."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import py3langid.langid as langid

# Below this many characters language identification is unreliable.
MIN_CHARS = 40
MIN_PROBABILITY = 0.80
# Identification is as sure on a thousand characters of prose as on the
# whole article, and its cost grows with the length.
SAMPLE_CHARS = 800


@lru_cache(maxsize=1)
def _identifier() -> langid.LanguageIdentifier:
    return langid.LanguageIdentifier.from_modelpath(Path(langid.__file__).parent / langid.MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    lang, prob = _identifier().classify(sample)
    return str(lang) if prob >= MIN_PROBABILITY else None
