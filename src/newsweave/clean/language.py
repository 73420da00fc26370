"""Language of an article body (ISO 639-1), or None when the text is too
short or too mixed to say with confidence."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import py3langid.langid as langid

# Below this many characters language identification is unreliable.
MIN_CHARS = 40
MIN_PROBABILITY = 0.80
# Long texts gain nothing past a few thousand characters; cap for speed.
SAMPLE_CHARS = 4000


@lru_cache(maxsize=1)
def _identifier() -> langid.LanguageIdentifier:
    return langid.LanguageIdentifier.from_modelpath(Path(langid.__file__).parent / langid.MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    lang, prob = _identifier().classify(sample)
    return str(lang) if prob >= MIN_PROBABILITY else None
