"""Crude word stems, shared by the stages that compare wording across
articles (lineage, timeline estimates)."""

from __future__ import annotations

_SUFFIXES = ("ies", "ing", "ed", "es", "s")


def crude_stem(word: str, keep: int) -> str:
    """Plural and verb endings off, then the first `keep` letters. Crude on
    purpose: it survives inflection and machine-translation round trips
    ("troops"/"troop", "reported"/"reporting" meet), where a real stemmer's
    care buys nothing for overlap counts. Short words and numbers are kept
    whole."""
    if word[0].isdigit() or len(word) <= 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:keep]
