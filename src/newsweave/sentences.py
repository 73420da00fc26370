"""Sentence boundaries in article text, shared by the stages that compare
articles sentence by sentence (lineage alignment, claim alignment, the
timeline)."""

from __future__ import annotations

import re

# A stop (and any closing quote or bracket) followed by a capital or digit.
SENT_END_RE = re.compile(r"[.!?…][\"”’»)]*(?:\s+|(?=[A-Z“\"«]))(?=[\"“«‘(]?[A-Z0-9])")
# A stop that ends an abbreviation or an initial ("U.S.") does not end the sentence.
ABBREV_RE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|St|Jr|Sr|Prof|No|Mt|Ft|Inc|Co|Corp|vs|[A-Z]))\.$"
    r"|\b[A-Z]\.[A-Z]\.$"
)


def split_spans(text: str, end_re: re.Pattern[str], abbrev_re: re.Pattern[str]) -> list[tuple[int, int]]:
    """Character ranges cut at line breaks, then at each `end_re` match whose
    text up to the stop does not end as `abbrev_re` says an abbreviation does.
    Spans keep their surrounding spaces; callers strip or filter them."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for m in end_re.finditer(para.group()):
            end = para.start() + m.end()
            head = text[start : para.start() + m.start() + 1].rstrip()
            if abbrev_re.search(head):
                continue
            spans.append((start, end))
            start = end
        if start < para.end():
            spans.append((start, para.end()))
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences: paragraph lines first, then stops."""
    return [(s, e) for s, e in split_spans(text, SENT_END_RE, ABBREV_RE) if text[s:e].strip()]
