"""Language of an article body (ISO 639-1), or None when the text is too
short or too mixed to say with confidence."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import py3langid.langid as langid

# Below this many characters language identification is unreliable.
MIN_CHARS = 40
MIN_PROBABILITY = 0.80
# Identification is as sure on a few hundred characters of prose as on the
# whole article, and its cost grows with the length (a walk over a 40 MB
# table, cache-cold between articles); a longer sample is read only when the
# short one leaves doubt.
SAMPLE_CHARS = 400
LONG_SAMPLE_CHARS = 1600

# English function words that are not words of other languages written in the
# Latin script ("in", "is", "a", "was", "will", "for", "to", "as", "on" are,
# in German, Dutch, French, Romance or Nordic languages). English prose has
# 12-20 % of its words among these; text in another language names them only
# in quoted titles ("The Times"), a few per cent at most.
_ENGLISH_ONLY = frozenset(
    (
        "the", "of", "and", "that", "with", "which", "said", "would", "could", "their", "they", "them", "this",
        "these", "been", "were", "have", "has", "had", "who", "whom", "whose", "but", "not", "its", "it's",
        "after", "about", "there", "than", "what", "when", "where", "while", "should",
    )
)
_ENGLISH_SHARE = 0.10
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|[^\W\d_]+")


@lru_cache(maxsize=1)
def _identifier() -> langid.LanguageIdentifier:
    return langid.LanguageIdentifier.from_modelpath(Path(langid.__file__).parent / langid.MODEL_FILE, norm_probs=True)


def warm_language_model() -> None:
    """Load the model now (before worker processes fork, so they share it)."""
    _identifier()


def _plainly_english(sample: str) -> bool:
    """A cheap test that settles most English articles without the model, which
    costs as much per page as a tenth of the whole ingest. Any word outside
    ASCII letters (accents, other scripts) leaves the decision to the model."""
    words = _WORD.findall(sample)
    if len(words) < 20 or any(not w.isascii() for w in words):
        return False
    return sum(1 for w in words if w.lower() in _ENGLISH_ONLY) >= _ENGLISH_SHARE * len(words)


def detect_language(text: str) -> str | None:
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    if _plainly_english(sample):
        return "en"
    lang, prob = _identifier().classify(sample)
    if prob < MIN_PROBABILITY and len(text) > SAMPLE_CHARS:
        lang, prob = _identifier().classify(text[:LONG_SAMPLE_CHARS])
    return str(lang) if prob >= MIN_PROBABILITY else None
