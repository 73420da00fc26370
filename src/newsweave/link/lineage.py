"""Duplicates and lineage: which articles copy, translate, rewrite or cite which.

Copying leaves two kinds of traces, and independent coverage of one event leaves
neither. Verbatim reposts share long word-for-word passages; paraphrases and
round trips through machine translation keep the facts but not the words, and
still follow their origin sentence by sentence, in the same order. Independent
reports of the same event share names, numbers and perhaps a quote or two, but
not long passages and not a long run of aligned sentences. So the decision
rests on alignment (passages seeded on shared n-grams and extended over small
gaps, as passim does; sentences aligned by weighted content-word overlap and
chained in order), never on whole-text topical similarity.

The index is incremental: `add` finds candidates through an exact-text hash,
MinHash LSH over word shingles and an inverted index of rare terms, then aligns
only those few pairs, so the cost of adding one article does not grow with
the number of pairs in the corpus.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsweave.clean.outlets import canonical_outlet, outlet_key

RELATIONS = ("duplicate", "near_duplicate", "rewrite", "translation", "cites", "same_origin")
STATE_VERSION = 1


@dataclass(slots=True)
class LineageItem:
    id: str
    text: str
    published: str | None  # ISO date/datetime or None
    outlet: str | None
    attributed_to: list[str]  # outlets the text cites as its source
    entities: list[str] = field(default_factory=list)  # resolved entity names in the article (may be empty)


@dataclass(slots=True)
class Derivation:
    source: str  # article id of the origin
    target: str  # article id of the derived text
    relation: str  # duplicate | near_duplicate | rewrite | translation | cites | same_origin
    similarity: float  # 0..1
    evidence: str  # the longest shared passage (verbatim from the target), or the citing phrase
    directed: bool  # False for same_origin
    # What the texts look like to each other whatever the direction: for a
    # same_origin pair this keeps whether they are duplicates, rewrites, ...
    kind: str = ""
    # Why the direction was chosen (or why none could be): "attribution", "date", ...
    direction_by: str = ""

    def to_contract(self) -> dict[str, Any]:
        """The dossier's `derived_from` entry of the target article."""
        return {"id": self.source, "relation": self.relation, "similarity": self.similarity, "evidence": self.evidence}


# --------------------------------------------------------------------------
# Text features

# Words that carry no fact. News verbs of saying are here too: every article
# has "said" in most sentences, so they would align unrelated sentences.
STOPWORDS = frozenset(
    """
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each either few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself neither no nor not
now of off on once only or other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was we were what when
where which while who whom why will with would you your yours yourself yourselves s t d ll m re ve don didn doesn
isn wasn weren won wouldn shouldn couldn hasn haven hadn said says say saying told tell tells according added adding
mr ms mrs dr per cent percent one two three four five six seven eight nine ten however also still yet even just
may might must shall us another much many several since while whether
""".split()
)

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_THOUSANDS_RE = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
# Sentence ends: a stop, then (optionally) closing quotes, then space and a
# capital or an opening quote. Machine-translated text glues sentences
# ("television.She"), so a missing space before a capital splits too.
_SENT_END_RE = re.compile(r"[.!?…][\"”’»)]*(?:\s+|(?=[A-Z“\"«]))(?=[\"“«‘(]?[A-Z0-9])")
_ABBREV_RE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|St|Jr|Sr|Prof|No|Mt|Ft|Inc|Co|Corp|vs|[A-Z]))\.$"
)

SHINGLE = 5  # words per shingle for MinHash: long enough that topic words alone never match
SEED = 4  # words per alignment seed


def _fold(word: str) -> str:
    """Lower case without accents: "Baldé" and "Balde" are one spelling."""
    text = unicodedata.normalize("NFKD", word)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _norm_token(raw: str) -> str:
    if raw[0].isdigit():
        # "1,200" and the European "1.200" are one number; "2.5" stays a decimal.
        return raw.replace(",", "").replace(".", "") if _THOUSANDS_RE.match(raw) else raw.replace(",", ".")
    return _fold(raw)


def _stem(word: str) -> str:
    """A crude stem that survives inflection and translation round trips:
    plural and verb endings off, then the first five letters."""
    if word[0].isdigit() or len(word) <= 4:
        return word
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:5]


def _quoted_mask(text: str) -> list[bool]:
    """For each character, whether it lies inside quotation marks. Quotes are
    shared by independent reports of the same speech, so words inside them
    count for less as evidence of copying."""
    mask = [False] * len(text)
    opener = ""
    for i, ch in enumerate(text):
        if opener:
            mask[i] = True
            closes = (
                (opener in "“„" and ch == "”")
                or (opener == "«" and ch == "»")
                or (opener == '"' and ch == '"')
                # An apostrophe inside a word ("Niger’s") does not close a ‘quote’.
                or (opener == "‘" and ch == "’" and not text[i + 1 : i + 2].isalpha())
            )
            if closes or (ch == "\n" and text[i + 1 : i + 2] == "\n"):
                # A quote never spans a paragraph break without reopening.
                opener = ""
        elif ch in "“„«‘\"":
            mask[i] = True
            opener = ch
    return mask


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for m in _SENT_END_RE.finditer(para.group()):
            end = para.start() + m.end()
            head = text[start : para.start() + m.start() + 1].rstrip()
            if _ABBREV_RE.search(head) or re.search(r"\b[A-Z]\.[A-Z]\.$", head):
                continue
            spans.append((start, end))
            start = end
        if start < para.end():
            spans.append((start, para.end()))
    return [(s, e) for s, e in spans if text[s:e].strip()]


@dataclass(slots=True)
class _Sentence:
    first: int  # token index range [first, last)
    last: int
    start: int  # character range in the text
    end: int
    stems: frozenset[str]


@dataclass(slots=True)
class Features:
    """What alignment needs of one text, computed once per text."""

    words: list[str]  # normalised tokens, stopwords included (verbatim passages need them)
    spans: list[tuple[int, int]]  # character range of each token
    quoted: list[bool]
    sentences: list[_Sentence]
    content: int  # number of content tokens
    terms: frozenset[str]  # content stems, numbers and entity keys: the inverted index's keys
    numbers: frozenset[str]
    shingles: frozenset[int]
    text_hash: str

    @property
    def length(self) -> int:
        return len(self.words)


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def features(text: str, entities: Iterable[str] = ()) -> Features:
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _TOKEN_RE.finditer(text):
        words.append(_norm_token(m.group()))
        spans.append((m.start(), m.end()))
    mask = _quoted_mask(text)
    quoted = [mask[s] for s, _ in spans]
    starts = [s for s, _ in spans]
    sentences: list[_Sentence] = []
    for s, e in _sentence_spans(text):
        first = bisect.bisect_left(starts, s)
        last = bisect.bisect_left(starts, e)
        stems = frozenset(_stem(w) for w in words[first:last] if w not in STOPWORDS and len(w) > 1)
        if last > first:
            sentences.append(_Sentence(first, last, s, e, stems))
    content_words = [w for w in words if w not in STOPWORDS and len(w) > 1]
    numbers = frozenset(w for w in content_words if w[0].isdigit() and w not in {"1", "2"})
    entity_keys = {"ent:" + " ".join(_fold(t) for t in _TOKEN_RE.findall(name)) for name in entities if name.strip()}
    terms = frozenset({_stem(w) for w in content_words} | entity_keys)
    shingles = frozenset(_hash64(" ".join(words[i : i + SHINGLE])) for i in range(max(0, len(words) - SHINGLE + 1)))
    return Features(
        words=words,
        spans=spans,
        quoted=quoted,
        sentences=sentences,
        content=len(content_words),
        terms=terms,
        numbers=numbers,
        shingles=shingles,
        text_hash=hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest(),
    )


# --------------------------------------------------------------------------
# Alignment


@dataclass(slots=True)
class Passage:
    """A stretch of text two articles share, allowing small edits inside."""

    a_first: int  # token range in text a
    a_last: int
    b_first: int  # token range in text b
    b_last: int
    matched: int  # tokens of a covered by shared seeds
    quoted: int  # of those, how many lie inside quotation marks


def align_passages(
    a: Features, b: Features, *, seed: int = SEED, max_gap: int = 12, max_drift: int = 8, min_matched: int = 8
) -> list[Passage]:
    """Passages shared by a and b: seeds are word n-grams that occur in both
    (rarely, in b), chained when they follow each other in both texts with
    small gaps, so an edited word or a dropped clause does not break a passage.
    """
    if len(a.words) < seed or len(b.words) < seed:
        return []
    where: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j in range(len(b.words) - seed + 1):
        where[tuple(b.words[j : j + seed])].append(j)
    matches: list[tuple[int, int]] = []
    for i in range(len(a.words) - seed + 1):
        js = where.get(tuple(a.words[i : i + seed]))
        # A seed that repeats within b ("the national port administration"
        # said ...) cannot place itself; boilerplate-like repeats are skipped.
        if js and len(js) <= 3:
            matches.extend((i, j) for j in js)
    chains: list[list[tuple[int, int]]] = []
    open_chains: list[list[tuple[int, int]]] = []
    for i, j in matches:
        best: list[tuple[int, int]] | None = None
        best_cost = 0
        still_open = []
        for chain in open_chains:
            li, lj = chain[-1]
            if i - li > max_gap:
                continue
            still_open.append(chain)
            di, dj = i - li, j - lj
            if 0 < di and 0 < dj <= max_gap and abs(di - dj) <= max_drift:
                cost = di + dj + abs(di - dj)
                if best is None or cost < best_cost:
                    best, best_cost = chain, cost
        open_chains = still_open
        if best is None:
            chain = [(i, j)]
            chains.append(chain)
            open_chains.append(chain)
        else:
            best.append((i, j))
    passages: list[Passage] = []
    for chain in chains:
        covered: set[int] = set()
        for i, _ in chain:
            covered.update(range(i, i + seed))
        if len(covered) < min_matched:
            continue
        quoted = sum(1 for i in covered if a.quoted[i])
        passages.append(
            Passage(chain[0][0], chain[-1][0] + seed, chain[0][1], chain[-1][1] + seed, len(covered), quoted)
        )
    return passages


@dataclass(slots=True)
class SentencePair:
    a: int  # sentence index in a
    b: int  # sentence index in b
    score: float


def sentence_pairs(
    a: Features, b: Features, weight: dict[str, float] | None = None, *, min_score: float = 0.2, min_shared: int = 3
) -> list[SentencePair]:
    """Every pair of sentences whose content words overlap by at least
    `min_score` (Jaccard weighted by rarity, so shared names and numbers count
    for more than shared topic words)."""
    w = weight or {}
    postings: dict[str, list[int]] = defaultdict(list)
    for k, sent in enumerate(b.sentences):
        for stem in sent.stems:
            postings[stem].append(k)
    b_mass = [sum(w.get(s, 1.0) for s in sent.stems) for sent in b.sentences]
    pairs: list[SentencePair] = []
    for k, sent in enumerate(a.sentences):
        if len(sent.stems) < min_shared:
            continue
        overlap: dict[int, float] = defaultdict(float)
        count: Counter[int] = Counter()
        for stem in sent.stems:
            ws = w.get(stem, 1.0)
            for other in postings.get(stem, ()):
                overlap[other] += ws
                count[other] += 1
        a_mass = sum(w.get(s, 1.0) for s in sent.stems)
        for other, shared in overlap.items():
            if count[other] < min_shared:
                continue
            score = shared / (a_mass + b_mass[other] - shared)
            if score >= min_score:
                pairs.append(SentencePair(k, other, score))
    return pairs


def best_chain(pairs: list[SentencePair], *, limit: int = 600) -> list[SentencePair]:
    """Heaviest chain increasing in both texts (a weighted longest increasing
    subsequence). Copies keep their origin's order; the shared sentences of two
    independent reports come in each report's own order, so the chain is what
    separates them. A sentence of b may pair with two consecutive sentences of
    a, since rewrites split sentences."""
    if not pairs:
        return []
    if len(pairs) > limit:
        # Quadratic below; only texts with many near-identical sentences get here.
        pairs = sorted(pairs, key=lambda p: -p.score)[:limit]
    pairs = sorted(pairs, key=lambda p: (p.a, p.b))
    best = [p.score for p in pairs]
    back = [-1] * len(pairs)
    for x, p in enumerate(pairs):
        for y in range(x):
            q = pairs[y]
            if q.a < p.a and (q.b < p.b or (q.b == p.b and p.a == q.a + 1)) and best[y] + p.score > best[x]:
                best[x] = best[y] + p.score
                back[x] = y
    x = max(range(len(pairs)), key=best.__getitem__)
    chain = []
    while x >= 0:
        chain.append(pairs[x])
        x = back[x]
    return chain[::-1]


def align_sentences(
    a: Features, b: Features, weight: dict[str, float] | None = None, *, min_score: float = 0.3
) -> list[SentencePair]:
    """The in-order chain of well-matched sentence pairs."""
    return best_chain(sentence_pairs(a, b, weight, min_score=min_score))
