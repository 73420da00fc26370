"""Sentence boundaries in article text, shared by the stages that compare
articles sentence by sentence (lineage alignment, claim alignment)."""

from __future__ import annotations

import re

# A stop (and any closing quote or bracket) followed by a capital or digit.
SENT_END_RE = re.compile(r"[.!?…][\"”’»)]*(?:\s+|(?=[A-Z“\"«]))(?=[\"“«‘(]?[A-Z0-9])")
# A stop that ends an abbreviation or an initial does not end the sentence.
ABBREV_RE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|St|Jr|Sr|Prof|No|Mt|Ft|Inc|Co|Corp|vs|[A-Z]))\.$"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences: paragraph lines first, then stops."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for m in SENT_END_RE.finditer(para.group()):
            end = para.start() + m.end()
            head = text[start : para.start() + m.start() + 1].rstrip()
            if ABBREV_RE.search(head) or re.search(r"\b[A-Z]\.[A-Z]\.$", head):
                continue
            spans.append((start, end))
            start = end
        if start < para.end():
            spans.append((start, para.end()))
    return [(s, e) for s, e in spans if text[s:e].strip()]
