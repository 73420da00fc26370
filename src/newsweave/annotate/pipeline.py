"""The annotate stage as pure functions: text (+ date) in, Annotations out.

These are the functions the CLI, the store-backed pipeline and the batch job
all call; spaCy runs once per text and every extractor reads the same Doc."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from newsweave.annotate.entities import find_entities
from newsweave.annotate.nlp import load_nlp
from newsweave.annotate.quantities import find_quantities
from newsweave.annotate.quotes import find_quotes
from newsweave.annotate.timex import find_timexes
from newsweave.model import Annotations

#: bump when any extractor changes what it finds, so stored results are redone
VERSION = "1"

# spaCy's parser needs memory in proportion to the text; very long inputs are
# cut at paragraph breaks into pieces of about this size.
CHUNK_CHARS = 100_000


def annotate_doc(ident: str, doc: Doc, date: str | None) -> Annotations:
    text = doc.text
    entities = find_entities(doc)
    return Annotations(
        id=ident,
        entities=entities,
        quotes=find_quotes(text, doc, entities),
        quantities=find_quantities(text, doc),
        timexes=find_timexes(text, date, doc),
    )


def annotate_text(ident: str, text: str, date: str | None = None, *, nlp: Language | None = None) -> Annotations:
    nlp = nlp or load_nlp()
    pieces = list(_chunks(text))
    if len(pieces) == 1:
        return annotate_doc(ident, nlp(text), date)
    merged = Annotations(id=ident)
    for offset, piece in pieces:
        part = annotate_doc(ident, nlp(piece), date)
        _shift_into(merged, part, offset)
    return merged


def annotate_many(
    items: Iterable[tuple[str, str, str | None]], *, nlp: Language | None = None, batch_size: int = 32
) -> Iterator[Annotations]:
    """(id, text, date) triples, in order; nlp.pipe batches the model work."""
    nlp = nlp or load_nlp()
    short: list[tuple[str, str, str | None]] = []

    def flush() -> Iterator[Annotations]:
        docs = nlp.pipe((t for _, t, _ in short), batch_size=batch_size)
        for (ident, _, date), doc in zip(short, docs, strict=True):
            yield annotate_doc(ident, doc, date)
        short.clear()

    for ident, text, date in items:
        if len(text) > CHUNK_CHARS:
            yield from flush()
            yield annotate_text(ident, text, date, nlp=nlp)
            continue
        short.append((ident, text, date))
        if len(short) >= batch_size:
            yield from flush()
    yield from flush()


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    if len(text) <= CHUNK_CHARS:
        yield 0, text
        return
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            brk = [m.end() for m in re.finditer(r"\n\s*\n", text[start:end])]
            if brk:
                end = start + brk[-1]
        yield start, text[start:end]
        start = end


def _shift_into(into: Annotations, part: Annotations, offset: int) -> None:
    for e in part.entities:
        into.entities.append(replace(e, start=e.start + offset, end=e.end + offset))
    for q in part.quotes:
        into.quotes.append(replace(
            q, start=q.start + offset, end=q.end + offset,
            speaker_start=None if q.speaker_start is None else q.speaker_start + offset,
            speaker_end=None if q.speaker_end is None else q.speaker_end + offset))
    for n in part.quantities:
        into.quantities.append(replace(n, start=n.start + offset, end=n.end + offset))
    for t in part.timexes:
        into.timexes.append(replace(t, start=t.start + offset, end=t.end + offset))
