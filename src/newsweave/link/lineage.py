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

What the content says (`content_kind`): duplicate (same normalised text, or
nearly all of both texts in shared passages), near_duplicate (most of the
shorter text in passages, few edits), translation (sentence for sentence, in
order, few shared words: a machine round trip), rewrite (a long in-order chain
of closely matched sentences, or a long shared passage). Anything less is not
a copy on content alone; it links only as a citation, when the text credits
the other's outlet in a report credit ("the Ledger reported", not "told the
Ledger") and echoes its facts.

Who copied whom (`LineageIndex._direction`), first rule that decides: a credit
to the other's outlet; the earlier stated date; a credit to a third outlet
(both may come from there: same_origin); a dated text with an outlet against
an undated one (reposts lose their dates); a much shorter text with nothing of
its own was cut from the longer. Otherwise same_origin, undirected.

Limits: the thresholds were set on a few dozen articles (the sample corpus,
the seeds, the tests' invented articles). A summary that credits no one is not
told apart from independent coverage, since on content alone it is not; a
translation from another language (not a round trip) shares no stems and is
not found; an outlet that runs the same agency copy as another without credit
or date is only same_origin.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import itertools
import math
import re
import unicodedata
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsweave.clean.outlets import canonical_outlet, outlet_key
from newsweave.model import Article
from newsweave.sentences import sentence_spans as _sentence_spans
from newsweave.words import crude_stem

RELATIONS = ("duplicate", "near_duplicate", "rewrite", "translation", "cites", "same_origin")
# 1: texts only, every index rebuilt from them on loading; 2: no shingles in
# the keys (the articles so loaded are always aligned with newcomers).
STATE_VERSION = 3


@dataclass(slots=True)
class LineageItem:
    id: str
    text: str
    published: str | None  # ISO date/datetime or None
    outlet: str | None
    attributed_to: list[str]  # outlets the text cites as its source
    entities: list[str] = field(default_factory=list)  # resolved entity names in the article (may be empty)


def item_from_article(article: Article, entities: Iterable[str] = ()) -> LineageItem:
    """The lineage view of a stored article. Only a date the source states
    counts: an estimated date would let a guess decide who copied whom."""
    return LineageItem(
        id=article.id,
        text=article.text,
        published=article.published,
        outlet=article.outlet,
        attributed_to=list(article.attributed_to),
        entities=list(entities),
    )


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
    # (duplicate, near_duplicate, translation, rewrite, or summary for a text
    # that only echoes the other's facts).
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
    {
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "either",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "neither",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "s",
        "t",
        "d",
        "ll",
        "m",
        "re",
        "ve",
        "don",
        "didn",
        "doesn",
        "isn",
        "wasn",
        "weren",
        "won",
        "wouldn",
        "shouldn",
        "couldn",
        "hasn",
        "haven",
        "hadn",
        "said",
        "says",
        "say",
        "saying",
        "told",
        "tell",
        "tells",
        "according",
        "added",
        "adding",
        "mr",
        "ms",
        "mrs",
        "dr",
        "per",
        "cent",
        "percent",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "however",
        "still",
        "yet",
        "even",
        "may",
        "might",
        "must",
        "shall",
        "us",
        "another",
        "much",
        "many",
        "several",
        "since",
        "whether",
    }
)

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_THOUSANDS_RE = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
# Sentence ends: a stop, then (optionally) closing quotes, then space and a
# capital or an opening quote. Machine-translated text glues sentences
# ("television.She"), so a missing space before a capital splits too.

MIN_WORDS = 12  # a headline-length text is too short to show copying
SHINGLE = 5  # words per shingle for MinHash: long enough that topic words alone never match
SEED = 4  # words per alignment seed


def _fold(word: str) -> str:
    """Lower case without accents: "Baldé" and "Balde" are one spelling."""
    text = unicodedata.normalize("NFKD", word)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


# Tokens and stems repeat across the corpus (function words, names, the
# vocabulary of a beat): computing each once keeps `features` cheap.
@lru_cache(maxsize=1 << 18)
def _norm_token(raw: str) -> str:
    if raw[0].isdigit():
        # "1,200" and the European "1.200" are one number; "2.5" stays a decimal.
        return raw.replace(",", "").replace(".", "") if _THOUSANDS_RE.match(raw) else raw.replace(",", ".")
    return _fold(raw)


@lru_cache(maxsize=1 << 18)
def _stem(word: str) -> str:
    return crude_stem(word, 5)


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
        elif ch in '“„«‘"':
            mask[i] = True
            opener = ch
    return mask


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
    terms: frozenset[str]  # content stems, numbers and entity keys: the inverted index's keys
    numbers: frozenset[str]
    shingles: frozenset[int]
    text_hash: str
    _stem_sentences: dict[str, list[int]] | None = None

    @property
    def length(self) -> int:
        return len(self.words)

    @property
    def stem_sentences(self) -> dict[str, list[int]]:
        """Which sentences each content stem occurs in (built once per text)."""
        if self._stem_sentences is None:
            postings: dict[str, list[int]] = defaultdict(list)
            for k, sent in enumerate(self.sentences):
                for stem in sent.stems:
                    postings[stem].append(k)
            self._stem_sentences = dict(postings)
        return self._stem_sentences


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
    b_matched: int = 0  # tokens of b covered by shared seeds


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
            if di > 0 and 0 < dj <= max_gap and abs(di - dj) <= max_drift:
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
        covered_b: set[int] = set()
        for i, j in chain:
            covered.update(range(i, i + seed))
            covered_b.update(range(j, j + seed))
        if len(covered) < min_matched:
            continue
        quoted = sum(1 for i in covered if a.quoted[i])
        passages.append(
            Passage(
                chain[0][0], chain[-1][0] + seed, chain[0][1], chain[-1][1] + seed, len(covered), quoted, len(covered_b)
            )
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
    postings = b.stem_sentences
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


# --------------------------------------------------------------------------
# Evidence for one pair


@dataclass(slots=True)
class PairEvidence:
    """How two texts line up; `a` is the text being added, `b` one already indexed."""

    same_text: bool
    jaccard: float  # word-shingle Jaccard
    passages: list[Passage]
    cov_a: float  # share of each text's words inside shared passages
    cov_b: float
    unquoted: int  # shared passage words outside quotation marks
    pairs: list[SentencePair]  # every decently matched sentence pair
    chain: list[SentencePair]  # the in-order chain of well-matched pairs
    chain_cov_a: float  # share of each text's words in chained sentences
    chain_cov_b: float
    similarity: float

    def best(self, side: str) -> list[float]:
        """The best match of each sentence of one side, whatever the order."""
        best: dict[int, float] = {}
        for p in self.pairs:
            k = p.a if side == "a" else p.b
            best[k] = max(best.get(k, 0.0), p.score)
        return sorted(best.values(), reverse=True)

    @property
    def longest(self) -> Passage | None:
        return max(self.passages, key=lambda p: p.matched, default=None)


def _sentence_words(f: Features, indices: Iterable[int]) -> int:
    return sum(f.sentences[k].last - f.sentences[k].first for k in set(indices))


def compare(a: Features, b: Features, weight: dict[str, float] | None = None) -> PairEvidence:
    same = a.text_hash == b.text_hash
    union = len(a.shingles | b.shingles)
    jaccard = len(a.shingles & b.shingles) / union if union else float(same)
    # Passages are seeded on shared word n-grams: texts with no shingle in
    # common (translations, summaries) have none worth aligning.
    passages = align_passages(a, b) if not a.shingles.isdisjoint(b.shingles) else []
    covered_a = sum(p.matched for p in passages)
    covered_b = sum(p.b_matched for p in passages)
    pairs = sentence_pairs(a, b, weight, min_score=0.2)
    chain = best_chain([p for p in pairs if p.score >= STRONG_SENTENCE])
    chain_a = _sentence_words(a, (p.a for p in chain))
    chain_b = _sentence_words(b, (p.b for p in chain))
    total = max(1, a.length + b.length)
    # Each chained pair counts with its strength, so a loose paraphrase
    # weighs less than a sentence kept word for word.
    scored = {}
    for p in chain:
        mass = (a.sentences[p.a].last - a.sentences[p.a].first) + (b.sentences[p.b].last - b.sentences[p.b].first)
        scored[p.a] = max(scored.get(p.a, 0.0), p.score * mass)
    sentence_dice = sum(scored.values()) / total
    passage_dice = (covered_a + covered_b) / total
    return PairEvidence(
        same_text=same,
        jaccard=jaccard,
        passages=passages,
        # Passages may overlap where a text repeats itself; a share stays a share.
        cov_a=min(1.0, covered_a / max(1, a.length)),
        cov_b=min(1.0, covered_b / max(1, b.length)),
        unquoted=sum(p.matched - p.quoted for p in passages),
        pairs=pairs,
        chain=chain,
        chain_cov_a=chain_a / max(1, a.length),
        chain_cov_b=chain_b / max(1, b.length),
        similarity=1.0 if same else round(min(1.0, max(passage_dice, sentence_dice)), 3),
    )


# Thresholds, set on the bundled sample corpus, the seed articles and the
# invented articles of the tests (see the module docstring for what they
# separate). Independent reports of one event reach sentence scores of about
# 0.4 on a few sentences, in no particular order, and share passages of at
# most a quote's length; copies align in order over much of the text.
STRONG_SENTENCE = 0.3  # a sentence pair that counts towards an in-order chain
DUPLICATE_JACCARD = 0.8
NEAR_DUP_COVERAGE = 0.6
NEAR_DUP_JACCARD = 0.25
REWRITE_CHAIN = 4  # chained sentences, covering at least...
REWRITE_CHAIN_COVERAGE = 0.35  # ...this share of the shorter text
REWRITE_LONG_CHAIN = 8  # or this many chained sentences whatever the share
REWRITE_MEAN = 0.45  # mean score of the chained pairs: paraphrase, not shared topic
REUSE_UNQUOTED = 40  # shared words outside quotes that alone show reuse
REUSE_COVERAGE = 0.3
TRANSLATION_SENTENCES = 0.7  # share of both texts' sentences in the chain
TRANSLATION_COUNT_RATIO = 0.9  # sentence counts of the two texts
TRANSLATION_DIAGONAL = 0.9  # chain steps that advance both texts alike
TRANSLATION_JACCARD = 0.25  # above this the words themselves were kept
# A credited summary need only echo a few of its origin's facts: its best
# sentence must match well and its best three together clearly.
SUMMARY_TOP = 0.35
SUMMARY_TOP3 = 0.9
SUMMARY_PASSAGE = 12


def content_kind(ev: PairEvidence, a: Features, b: Features) -> str | None:
    """What the texts are to each other judged by content alone, or None when
    the content does not show copying (it may still back a citation)."""
    if ev.same_text or (ev.jaccard >= DUPLICATE_JACCARD and min(ev.cov_a, ev.cov_b) >= 0.9):
        return "duplicate"
    short_cov = ev.cov_a if a.length <= b.length else ev.cov_b
    long_cov = ev.cov_b if a.length <= b.length else ev.cov_a
    if short_cov >= NEAR_DUP_COVERAGE and long_cov >= 0.4 and ev.jaccard >= NEAR_DUP_JACCARD:
        return "near_duplicate"
    chain_short = ev.chain_cov_a if a.length <= b.length else ev.chain_cov_b
    long_chain = len(ev.chain) >= REWRITE_LONG_CHAIN
    close = bool(ev.chain) and sum(p.score for p in ev.chain) / len(ev.chain) >= REWRITE_MEAN
    if close and ((len(ev.chain) >= REWRITE_CHAIN and chain_short >= REWRITE_CHAIN_COVERAGE) or long_chain):
        if ev.jaccard < TRANSLATION_JACCARD and _sentence_for_sentence(ev.chain, a, b):
            return "translation"
        return "rewrite"
    if ev.unquoted >= REUSE_UNQUOTED or short_cov >= REUSE_COVERAGE:
        return "rewrite"
    return None


def _sentence_for_sentence(chain: list[SentencePair], a: Features, b: Features) -> bool:
    """Machine translation works sentence by sentence: both texts keep their
    sentence count and nearly every step of the chain is one sentence in each.
    A writer who rewrites merges, splits and drops sentences."""
    na, nb = len(a.sentences), len(b.sentences)
    if min(na, nb) < TRANSLATION_COUNT_RATIO * max(na, nb) or len(chain) < 2:
        return False
    covered_a = len({p.a for p in chain}) / max(1, na)
    covered_b = len({p.b for p in chain}) / max(1, nb)
    steps = list(zip(chain, chain[1:], strict=False))
    diagonal = sum(1 for p, q in steps if q.a - p.a == q.b - p.b) / len(steps)
    return min(covered_a, covered_b) >= TRANSLATION_SENTENCES and diagonal >= TRANSLATION_DIAGONAL


def _credited_support(
    ev: PairEvidence, side: str, item: LineageItem, f: Features, names: Sequence[str], *, at_least: int = 0
) -> bool:
    """Whether the sentences in which a text credits an outlet ("according to
    the Ledger") find their facts in the other text: at least two of them, or
    the only one there is. A follow-up that credits the outlet for one
    statement, or another article of that outlet, fails here."""
    forms = {n for name in names for n in (name, name.split()[-1]) if len(n) > 1}
    if not forms:
        return False
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(forms, key=len, reverse=True)) + r")\b")
    credited = {k for k, sent in enumerate(f.sentences) if pattern.search(item.text, sent.start, sent.end)}
    if not credited:
        # The credit sits in the metadata only; the facts must carry it.
        return True
    supported = {p.a if side == "a" else p.b for p in ev.pairs} & credited
    return len(supported) >= max(at_least, min(2, len(credited)))


def summary_support(best: Sequence[float], longest_unquoted: int = 0) -> bool:
    """Whether a text echoes enough of another's facts to back a credit to it."""
    if longest_unquoted >= SUMMARY_PASSAGE:
        return True
    return bool(best) and best[0] >= SUMMARY_TOP and sum(best[:3]) >= SUMMARY_TOP3


# --------------------------------------------------------------------------
# Outlets, credits and dates


def _initials(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z0-9&]+", name) if w.lower() not in {"the", "of", "and", "for"}]
    return "".join(w[0] for w in words).upper()


@lru_cache(maxsize=65536)
def outlet_matches(credited: str, outlet: str | None) -> bool:
    """Whether a credit ("the Ledger", "MW", "WaPo") names this outlet."""
    if not outlet or not credited:
        return False
    ck, ok = outlet_key(credited), outlet_key(outlet)
    if not ck or not ok:
        return False
    if ck == ok:
        return True
    canon = canonical_outlet(credited)
    if canon is not None and canon == (canonical_outlet(outlet) or outlet):
        return True
    compact = re.sub(r"[^A-Za-z]", "", credited)
    if compact.isupper() and 2 <= len(compact) <= 6 and compact == _initials(outlet):
        return True
    # A short form after the first mention: "the Ledger" for The Harbor Ledger.
    words = ok.split()
    return " " not in ck and len(words) > 1 and words[-1] == ck


_REPORT_VERBS = (
    r"(?:has\s+|had\s+|first\s+)?(?:reported|reports|said|says|wrote|writes|revealed|reveals|learned|found|"
    r"quoted|cited|published|broke)"
)


def citing_phrase(text: str, names: Sequence[str]) -> tuple[str, str] | None:
    """The phrase by which `text` credits one of `names`, and whether it credits
    a report ("The Ledger reported", "according to the Post", an agency's
    "(MW)") or only one statement ("told Meridian Wire")."""
    interview: str | None = None
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        esc = r"\s+".join(re.escape(part) for part in name.split())
        if name.lower().startswith("the "):
            esc = r"(?:[Tt]he\s+)?" + r"\s+".join(re.escape(part) for part in name.split()[1:])
        else:
            esc = r"(?:[Tt]he\s+)?" + esc
        for pattern in (
            rf"\b{esc}(?:[’']s)?(?:\s+\w+)?\s+{_REPORT_VERBS}\b",
            rf"\b(?:[Aa]ccording\s+to|[Cc]iting|[Aa]s\s+reported\s+by|[Rr]eported\s+by|[Pp]er|[Vv]ia|[Ss]ource:)\s+{esc}\b",
            rf"\((?:{esc})\)",
            rf"\b(?:[Ii]n\s+(?:a|an|its)\s+(?:report|article|story|dispatch)\s+(?:by|in|from|for))\s+{esc}\b",
            rf"\b{esc}(?:[’']s)?\s+(?:report|reporting|article|story|dispatch)\b",
        ):
            m = re.search(pattern, text)
            if m:
                return m.group().strip(), "report"
        if interview is None:
            m = re.search(
                rf"\b(?:told|telling|speaking\s+to|spoke\s+to|comments\s+to|interview\s+with)\s+{esc}\b", text
            )
            if m:
                interview = m.group().strip()
    return (interview, "interview") if interview else None


_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


@lru_cache(maxsize=1 << 14)
def _when(published: str | None) -> tuple[str, datetime | None] | None:
    """The day a text was published, and the moment when the source gives a time."""
    if not published or not _DATE_RE.match(published):
        return None
    moment = None
    if len(published) > 10:
        try:
            moment = datetime.fromisoformat(published.replace("Z", "+00:00"))
        except ValueError:
            moment = None
    return published[:10], moment


CITE_WINDOW_DAYS = 7


def _credit_window(source: str | None, target: str | None) -> bool:
    """Whether a text published at `target` may credit one published at
    `source`: not before it, and within the window (undated texts may)."""
    return earlier(target, source) >= 0 and _recent(source, target)


def _recent(source: str | None, target: str | None) -> bool:
    """Whether a credited article is recent enough to be the report a credit
    means: "the Ledger reported" names a report of the last few days, not an
    older article of the same outlet on the same subject."""
    ws, wt = _when(source), _when(target)
    if ws is None or wt is None:
        return True
    gap = datetime.fromisoformat(wt[0]) - datetime.fromisoformat(ws[0])
    return gap.days <= CITE_WINDOW_DAYS


def _numbers_contained(target: Features, source: Features) -> float:
    """The share of the target's figures (years aside: background years are
    shared by any two reports) that the source also gives."""
    figures = {n for n in target.numbers if not re.fullmatch(r"(?:19|20)\d\d", n)}
    if not figures:
        return 0.0
    return len(figures & source.numbers) / len(figures)


def earlier(x: str | None, y: str | None) -> int:
    """-1 when x was published before y, 1 when after, 0 when it cannot be told."""
    wx, wy = _when(x), _when(y)
    if wx is None or wy is None:
        return 0
    if wx[0] != wy[0]:
        return -1 if wx[0] < wy[0] else 1
    mx, my = wx[1], wy[1]
    if mx is not None and my is not None and (mx.tzinfo is None) == (my.tzinfo is None) and mx != my:
        return -1 if mx < my else 1
    return 0


# --------------------------------------------------------------------------
# Evidence text


MAX_EVIDENCE_CHARS = 400
_EVIDENCE_END_RE = re.compile(r"[.!?][\"”’»)]*(?=\s)")


def _clip(text: str, start: int, end: int) -> str:
    """A verbatim excerpt of text[start:end], cut at a sentence (or word)
    boundary when the passage is long: a whole duplicated article is no
    more telling as evidence than its first paragraph."""
    if end - start > MAX_EVIDENCE_CHARS:
        ends = [m.end() for m in _EVIDENCE_END_RE.finditer(text, start, start + MAX_EVIDENCE_CHARS)]
        if ends and ends[-1] > start + MAX_EVIDENCE_CHARS // 3:
            end = ends[-1]
        else:
            cut = text.rfind(" ", start, start + MAX_EVIDENCE_CHARS)
            end = cut if cut > start else start + MAX_EVIDENCE_CHARS
    return text[start:end].strip()


def _passage_text(text: str, f: Features, first: int, last: int) -> str:
    return _clip(text, f.spans[first][0], f.spans[last - 1][1])


def _sentence_text(text: str, f: Features, k: int) -> str:
    sent = f.sentences[k]
    return _clip(text, sent.start, sent.end)


def shared_evidence(
    ev: PairEvidence, target_side: str, target_text: str, target: Features, *, prefer_sentence: bool = False
) -> str:
    """The longest shared passage as it reads in the target, or, for texts that
    share facts rather than words, the target's best-aligned sentence."""
    longest = ev.longest
    if longest is not None and longest.matched >= SUMMARY_PASSAGE and not prefer_sentence:
        if target_side == "a":
            return _passage_text(target_text, target, longest.a_first, longest.a_last)
        return _passage_text(target_text, target, longest.b_first, longest.b_last)
    candidates = ev.chain or ev.pairs
    if candidates:

        def weight(p: SentencePair) -> float:
            k = p.a if target_side == "a" else p.b
            return p.score * math.sqrt(target.sentences[k].last - target.sentences[k].first)

        best = max(candidates, key=weight)
        return _sentence_text(target_text, target, best.a if target_side == "a" else best.b)
    if longest is not None:
        first, last = (longest.a_first, longest.a_last) if target_side == "a" else (longest.b_first, longest.b_last)
        return _passage_text(target_text, target, first, last)
    return ""


# --------------------------------------------------------------------------
# The index


# Drawing the permutations costs more than hashing a text's shingles; they
# depend only on the seed and size, so they are drawn once per size.
_PERMUTATIONS: dict[int, tuple[Any, str]] = {}


def _blank_minhash(num_perm: int, hashvalues: np.ndarray | None = None) -> MinHash:
    if num_perm not in _PERMUTATIONS:
        m = MinHash(num_perm=num_perm, seed=7, hashfunc=int)
        _PERMUTATIONS[num_perm] = (m.permutations, m.scheme)
    permutations, scheme = _PERMUTATIONS[num_perm]
    return MinHash(
        num_perm=num_perm, seed=7, hashfunc=int, permutations=permutations, scheme=scheme, hashvalues=hashvalues
    )


def _shingles32(f: Features) -> np.ndarray:
    """The text's shingle hashes cut to 32 bits, sorted: two texts whose cut
    hashes are disjoint share no shingle."""
    # datasketch's permutations expect 32-bit hash values, so these are also what MinHash takes.
    return np.unique(np.fromiter((h & 0xFFFFFFFF for h in f.shingles), dtype=np.uint32, count=len(f.shingles)))


def _minhash(shingles: np.ndarray, num_perm: int) -> MinHash:
    m = _blank_minhash(num_perm)
    if len(shingles):
        m.update_batch(shingles.astype(np.uint64))
    return m


def _overlaps(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two sorted arrays share a value."""
    if not len(a) or not len(b):
        return False
    at = np.searchsorted(b, a)
    return bool((b[np.minimum(at, len(b) - 1)] == a).any())


def _best(scores: np.ndarray, first: np.ndarray, k: int) -> np.ndarray:
    """The k highest scores' positions as Counter.most_common would give them:
    best first, ties in the order the walk met them. Only the scores that can
    be among the k are sorted: the walk meets thousands of articles."""
    if len(scores) > k:
        within = np.flatnonzero(scores >= np.partition(scores, len(scores) - k)[len(scores) - k])
    else:
        within = np.arange(len(scores))
    return within[np.lexsort((first[within], -scores[within]))][:k]


@dataclass(slots=True)
class _Probe:
    """What `LineageIndex._may_link` reads of a text being added, gathered
    once per arrival: the stems of each sentence that has at least three with
    their total weight, and the postings of those stems."""

    sentences: list[tuple[tuple[str, ...], float]]
    postings: dict[str, list[int]]
    weights: dict[str, float]


UNDATED = np.iinfo(np.int32).min


def _day_number(published: str | None) -> int:
    """The stated day as a number, for comparing many dates at once; UNDATED
    when `_when` finds none (or the day is no calendar day)."""
    when = _when(published)
    if when is None:
        return UNDATED
    try:
        return date.fromisoformat(when[0]).toordinal()
    except ValueError:
        return UNDATED


POSTINGS_WALK = 100
# datasketch keeps MinHash values as 32-bit integers; the saved shingle hashes are cut to 32 bits too.
_SIGNATURE_DTYPE = np.dtype("<u4")


def _encode_signature(values: np.ndarray) -> str:
    return base64.b64encode(values.astype(_SIGNATURE_DTYPE).tobytes()).decode("ascii")


def _decode_signature(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=_SIGNATURE_DTYPE).astype(np.uint32)


class LineageIndex:
    """Incremental duplicate and lineage detection over a growing corpus.

    `add` links a new article to those already added and never revisits other
    pairs. `derivations` is the authoritative view: it leaves out links that
    others explain (two reposts of one original are not also linked to each
    other, and a copy is linked to the original rather than to another copy),
    and a citation gives way when a better-matching article of the credited
    outlet arrives later.
    """

    def __init__(
        self,
        *,
        num_perm: int = 128,
        lsh_threshold: float = 0.3,
        max_candidates: int = 30,
        rare_term_candidates: int = 8,
        cache_size: int = 4096,
    ) -> None:
        self.num_perm = num_perm
        self.max_candidates = max_candidates
        # Rewrites and translations are found through shared rare terms; the
        # few best-scoring such neighbours suffice (a copy shares far more
        # rare terms than coverage of the same event), and comparing each
        # costs a sentence alignment, so this bound keeps arrivals flat.
        self.rare_term_candidates = rare_term_candidates
        self.cache_size = cache_size
        self._lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
        self._items: dict[str, LineageItem] = {}
        self._order: dict[str, int] = {}  # arrival number of each article
        self._signatures: dict[str, np.ndarray] = {}  # MinHash values, kept for the saved state
        self._cache: OrderedDict[str, Features] = OrderedDict()
        self._by_hash: dict[str, list[str]] = defaultdict(list)
        self._ids: list[str] = []  # by arrival number
        self._postings: dict[str, list[int]] = defaultdict(list)  # term -> arrival numbers
        # By arrival number, for the walk's hits: the outlet (a code) and whether the text credits any.
        self._outlet_codes: dict[str, int] = {}
        self._outlet_of = np.zeros(0, dtype=np.int32)
        self._credits = np.zeros(0, dtype=bool)
        self._day = np.zeros(0, dtype=np.int32)  # `_day_number` of the stated date
        # By arrival number: `_shingles32` of the text, or None when loaded
        # from a state that did not keep it. With the term postings, this
        # tells which candidates cannot link without tokenising their texts.
        self._shingles: list[np.ndarray | None] = []
        self._df: Counter[str] = Counter()
        self._by_outlet: dict[str, list[str]] = defaultdict(list)  # outlet as written -> ids
        self._crediting: dict[str, list[str]] = defaultdict(list)  # credit as written -> ids
        self._links: dict[tuple[str, str], Derivation] = {}
        # (target, outlet key) -> (source, strength): one citation per credited outlet
        self._cited: dict[tuple[str, str], tuple[str, float]] = {}

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._items

    # ------------------------------------------------------------ features
    def features(self, item_id: str) -> Features:
        f = self._cache.get(item_id)
        if f is None:
            item = self._items[item_id]
            f = features(item.text, item.entities)
            self._cache[item_id] = f
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(item_id)
        return f

    def _weights(self, terms: Iterable[str], new: frozenset[str] = frozenset()) -> dict[str, float]:
        """Rarity weights; `new` holds the terms of a text being added, which
        counts towards its terms' rarity as it will once added. A prior of 50
        unseen documents keeps a small corpus from treating every shared word
        as common: with two articles, every shared word has df 2."""
        n = len(self._items) + (1 if new else 0) + 50
        return {t: math.log(n / (self._df.get(t, 0) + (t in new) + 1)) for t in terms}

    # ------------------------------------------------------------ candidates
    def _candidates(self, item: LineageItem, f: Features, mh: MinHash) -> list[str]:
        found: dict[str, float] = {}
        # A syndicated text may have hundreds of copies; the earliest-dated few
        # suffice, since every copy links to the origin and the rest of the
        # family is explained through it.
        for group, limit in ((self._by_hash.get(f.text_hash, []), 5), (self._lsh.query(mh), self.max_candidates)):
            for other in sorted(group, key=self._age)[:limit]:
                found[other] = math.inf
        # Rare shared terms (names, numbers, unusual words) find rewrites and
        # translations, which share no shingles. Very common terms are skipped:
        # their postings are long and they say nothing about copying.
        cap = max(50, len(self._items) // 10)
        # Ties by the term itself: the terms are a set, whose order changes with the hash seed.
        rare = sorted((t for t in f.terms if 0 < self._df.get(t, 0) <= cap), key=lambda t: (self._df[t], t))[:150]
        weights = self._weights(rare)
        # Newest postings only: copies appear close in time, and a bounded
        # walk keeps the cost per arrival flat as postings grow.
        met, scores, first = self._walk(rare, weights)
        for k in _best(scores, first, self.rare_term_candidates):
            found.setdefault(self._ids[met[k]], float(scores[k]))
        # Articles of an outlet this one credits, and articles that credit this
        # one's outlet, if they share anything at all.
        # Only articles reached by the term walk can qualify, so they are the
        # ones checked: an outlet's whole list of articles grows with the
        # corpus, the walk's hits do not.
        credited = {w for w in self._by_outlet if any(outlet_matches(c, w) for c in item.attributed_to)}
        crediting = {w for w in self._crediting if outlet_matches(w, item.outlet)} if item.outlet else set()
        related: list[str] = []
        score_of: dict[str, float] = {}
        if (credited or crediting) and len(met):
            codes = [self._outlet_codes[w] for w in credited]
            maybe = np.isin(self._outlet_of[met], codes) if codes else np.zeros(len(met), dtype=bool)
            if crediting:
                maybe |= self._credits[met]
            maybe &= scores > 0
            day = _day_number(item.published)
            if day != UNDATED:
                # Either way a credit needs the two days at most CITE_WINDOW_DAYS
                # apart (or one undated), as `_credit_window` checks below; in
                # numpy first, since the walk meets the credited outlet's
                # articles of every week of the corpus.
                days = self._day[met].astype(np.int64)
                maybe &= (days == UNDATED) | (np.abs(days - day) <= CITE_WINDOW_DAYS)
            for k in np.flatnonzero(maybe):
                other = self._ids[met[k]]
                y = self._items[other]
                # A credit links only to a report of the last few days, never
                # to a later one (see `_judge`): older articles of the outlet
                # are not worth an alignment. Without this the credited
                # outlet's matches reach ever further back as the corpus grows.
                if (y.outlet in credited and _credit_window(y.published, item.published)) or (
                    y.attributed_to
                    and not crediting.isdisjoint(y.attributed_to)
                    and _credit_window(item.published, y.published)
                ):
                    related.append(other)
                    score_of[other] = float(scores[k])
        # Ties go to the newer article, the walk's own preference.
        related.sort(key=lambda r: (-score_of[r], -self._order[r]))
        for other in related[:10]:
            found.setdefault(other, score_of[other])
        return list(found)

    def _walk(self, terms: list[str], weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The articles met in the newest postings of `terms`: their arrival
        numbers, summed term weights, and where the walk first met each. In
        numpy: with many articles every rare term has a full walk, and this is
        most of the candidate search."""
        walks = [self._postings[t][-POSTINGS_WALK:] for t in terms]
        lengths = [len(w) for w in walks]
        total = sum(lengths)
        if not total:
            return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0, dtype=np.int64)
        hits = np.fromiter(itertools.chain.from_iterable(walks), dtype=np.int64, count=total)
        each = np.repeat(np.array([weights[t] for t in terms]), lengths)
        met, first, inverse = np.unique(hits, return_index=True, return_inverse=True)
        # bincount adds in walk order, as a running sum per article would.
        return met, np.bincount(inverse.ravel(), weights=each, minlength=len(met)), first

    def _age(self, item_id: str) -> tuple[int, str, int]:
        # Ties go to the earlier arrival: the LSH answers in set order, which changes with the hash seed.
        when = _when(self._items[item_id].published)
        return (0, when[0], self._order[item_id]) if when else (1, "", self._order[item_id])

    def _register(self, item: LineageItem, f: Features, shingles: np.ndarray, mh: MinHash) -> None:
        self._cache[item.id] = f
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        self._index(item, f.text_hash, f.terms, mh, shingles)

    def _index(
        self, item: LineageItem, text_hash: str, terms: Iterable[str], mh: MinHash, shingles: np.ndarray | None
    ) -> None:
        n = len(self._items)
        self._order[item.id] = n
        self._ids.append(item.id)
        self._items[item.id] = item
        self._by_hash[text_hash].append(item.id)
        self._lsh.insert(item.id, mh)
        self._signatures[item.id] = mh.hashvalues
        self._shingles.append(shingles)
        for t in terms:
            self._postings[t].append(n)
        self._df.update(terms)
        if n == len(self._outlet_of):
            self._outlet_of = np.concatenate([self._outlet_of, np.full(max(1024, n), -1, dtype=np.int32)])
            self._credits = np.concatenate([self._credits, np.zeros(max(1024, n), dtype=bool)])
            self._day = np.concatenate([self._day, np.full(max(1024, n), UNDATED, dtype=np.int32)])
        self._day[n] = _day_number(item.published)
        if item.outlet:
            self._outlet_of[n] = self._outlet_codes.setdefault(item.outlet, len(self._outlet_codes))
        self._credits[n] = bool(item.attributed_to)
        if item.outlet:
            self._by_outlet[item.outlet].append(item.id)
        for credited in item.attributed_to:
            self._crediting[credited].append(item.id)

    # ------------------------------------------------------------ adding
    def add(self, item: LineageItem) -> list[Derivation]:
        """Index one article and return its links to the articles already added."""
        if item.id in self._items:
            raise ValueError(f"article {item.id!r} is already in the lineage index")
        f = features(item.text, item.entities)
        shingles = _shingles32(f)
        mh = _minhash(shingles, self.num_perm)
        candidates = self._candidates(item, f, mh)
        # Most of the term walk's candidates share a few rare words by chance,
        # and the larger the corpus the further back they lie, beyond the
        # feature cache: judging them meant tokenising old texts again.
        # Only those that may link are judged (each term's weight is the same
        # whichever other candidates there are).
        probe = self._probe(f)
        candidates = [c for c in candidates if self._may_link(item, shingles, probe, c)]
        weights = self._weights(f.terms.union(*(self.features(c).terms for c in candidates)), f.terms)
        # The links' evidence is read from whichever text is the target.
        self._cache[item.id] = f
        new: list[Derivation] = []
        for other in candidates:
            y = self._items[other]
            judged = self._judge(item, f, y, self.features(other), weights)
            if judged is not None:
                link, strength = judged
                source_outlet = (item if link.source == item.id else y).outlet or ""
                if self._keep(link, strength, source_outlet):
                    new.append(link)
        self._register(item, f, shingles, mh)
        # A citation kept earlier in this loop may have given way to a better one.
        return [d for d in new if self._links.get((d.source, d.target)) is d]

    def register(self, item: LineageItem) -> None:
        """Index one article without looking for its links: for building an
        index over articles whose links are known already, or not wanted
        (a benchmark's prebuilt corpus). Later arrivals link to it as usual."""
        if item.id in self._items:
            raise ValueError(f"article {item.id!r} is already in the lineage index")
        f = features(item.text, item.entities)
        shingles = _shingles32(f)
        self._register(item, f, shingles, _minhash(shingles, self.num_perm))

    def _probe(self, f: Features) -> _Probe:
        weights = self._weights(f.terms, f.terms)
        sentences = [
            (tuple(sent.stems), sum(weights[stem] for stem in sent.stems))
            for sent in f.sentences
            if len(sent.stems) >= 3
        ]
        stems = {stem for sent, _ in sentences for stem in sent}
        postings = {stem: self._postings[stem] for stem in stems if stem in self._postings}
        return _Probe(sentences, postings, weights)

    def _may_link(self, x: LineageItem, shingles: np.ndarray, probe: _Probe, other: str) -> bool:
        """False only when `_judge` would find no link between x and the
        indexed article `other`, told from the index alone. Without a shared
        shingle there are no passages, so the content can show copying only
        through an in-order chain of at least REWRITE_CHAIN strong sentence
        pairs, and a credit can stand only on a sentence pair of at least
        SUMMARY_TOP. A pair's score is at most the weight of its x sentence's
        stems that the other text has at all, over the weight of all of them
        (weights are positive), so that bound settles it."""
        n = self._order[other]
        theirs = self._shingles[n]
        if theirs is None or _overlaps(shingles, theirs):
            return True
        present: set[str] = set()
        for stem, postings in probe.postings.items():
            at = bisect.bisect_left(postings, n)
            if at < len(postings) and postings[at] == n:
                present.add(stem)
        if len(present) < 3:
            return False
        cited = bool(x.attributed_to or self._items[other].attributed_to)
        weights = probe.weights
        strong = 0
        for stems, total in probe.sentences:
            shared = [stem for stem in stems if stem in present]
            if len(shared) < 3:
                continue
            # The margin covers rounding: the score sums the same weights in another order.
            bound = sum(weights[stem] for stem in shared) / total + 1e-9
            if cited and bound >= SUMMARY_TOP:
                return True
            if bound >= STRONG_SENTENCE:
                strong += 1
                if strong >= min(REWRITE_CHAIN, REWRITE_LONG_CHAIN):
                    return True
        return False

    def _keep(self, link: Derivation, strength: float, source_outlet: str) -> bool:
        """Record a link; a citation only when it is the best match among the
        credited outlet's articles, replacing a weaker one."""
        if link.relation == "cites":
            key = (link.target, outlet_key(source_outlet))
            held = self._cited.get(key)
            if held is not None:
                if held[1] >= strength:
                    return False
                self._links.pop((held[0], link.target), None)
            self._cited[key] = (link.source, strength)
        self._links[(link.source, link.target)] = link
        return True

    def _credit(self, target: LineageItem, source: LineageItem) -> tuple[str, str] | None:
        """Whether target credits source's outlet: (phrase, "report"|"interview")."""
        if not source.outlet:
            return None
        names = [c for c in target.attributed_to if outlet_matches(c, source.outlet)]
        if not names:
            return None
        words = outlet_key(source.outlet).split()
        extra = [source.outlet, *([words[-1].capitalize()] if len(words) > 1 else [])]
        canon = canonical_outlet(source.outlet)
        found = citing_phrase(target.text, [*names, *extra, *([canon] if canon else [])])
        # A credit in the metadata with no phrase in the body (a stripped
        # "Source:" line) still credits the report.
        return found or (names[0], "report")

    def _judge(
        self, x: LineageItem, fx: Features, y: LineageItem, fy: Features, weights: dict[str, float]
    ) -> tuple[Derivation, float] | None:
        """The link between the new article x and the indexed article y, if
        any, with its strength (which decides between two articles of one
        credited outlet)."""
        if min(fx.length, fy.length) < MIN_WORDS:
            return None
        ev = compare(fx, fy, weights)
        kind = content_kind(ev, fx, fy)
        credit_xy = self._credit(x, y)  # x credits y's outlet
        credit_yx = self._credit(y, x)
        # A credit to an outlet whose article is published after the crediting
        # one names some other article of that outlet.
        if credit_xy and earlier(x.published, y.published) < 0:
            credit_xy = None
        if credit_yx and earlier(y.published, x.published) < 0:
            credit_yx = None
        longest = ev.longest
        longest_unquoted = (longest.matched - longest.quoted) if longest else 0

        if kind is None:
            # Without copied text, only a credit together with shared facts links.
            for tgt, fs, src, fsrc, credit, side in ((x, fx, y, fy, credit_xy, "a"), (y, fy, x, fx, credit_yx, "b")):
                best = ev.best(side)
                if (
                    credit
                    and credit[1] == "report"
                    and summary_support(best, longest_unquoted)
                    and _recent(src.published, tgt.published)
                    and _credited_support(
                        ev, side, tgt, fs, [c for c in tgt.attributed_to if outlet_matches(c, src.outlet)]
                    )
                ):
                    strength = sum(best[:3]) + 0.5 * _numbers_contained(fs, fsrc)
                    return self._link(src, tgt, "cites", ev, "attribution", credit[0], kind="summary"), strength
            # A text crediting an outlet whose article is not in the corpus may
            # share it with a repost that names no outlet: one origin, direction
            # unknown (both may descend from the credited report).
            for tgt, fs, other, side in ((x, fx, y, "a"), (y, fy, x, "b")):
                if (
                    tgt.attributed_to
                    and not other.outlet
                    and summary_support(ev.best(side), longest_unquoted)
                    and _credited_support(ev, side, tgt, fs, tgt.attributed_to, at_least=2)
                    and (citing_phrase(tgt.text, tgt.attributed_to) or ("", "report"))[1] == "report"
                ):
                    return self._undirected(x, y, ev, "credit elsewhere", "summary"), 0.0
            return None

        direction = self._direction(x, fx, y, fy, kind, ev, credit_xy, credit_yx)
        if direction is None:
            return self._undirected(x, y, ev, "undecided", kind), 0.0
        source, by = direction
        if source is y:
            src, tgt, credit, side = y, x, credit_xy, "a"
        else:
            src, tgt, credit, side = x, y, credit_yx, "b"
        if kind == "translation":
            # A round trip through another language lengthens English; a
            # text much shorter than its origin was condensed by a writer.
            ft, fs = (fx, fy) if side == "a" else (fy, fx)
            if ft.length < 0.9 * fs.length:
                kind = "rewrite"
        relation = "cites" if kind == "rewrite" and credit and credit[1] == "report" else kind
        phrase = credit[0] if relation == "cites" and credit else ""
        # Copied text outranks any number of echoed facts as a citation's origin.
        return self._link(src, tgt, relation, ev, by, phrase, kind=kind, target_side=side), 10.0 + ev.similarity

    def _direction(
        self,
        x: LineageItem,
        fx: Features,
        y: LineageItem,
        fy: Features,
        kind: str,
        ev: PairEvidence,
        credit_xy: tuple[str, str] | None,
        credit_yx: tuple[str, str] | None,
    ) -> tuple[LineageItem, str] | None:
        """The origin of the pair and what showed it, or None when nothing does."""
        if credit_xy and not credit_yx:
            return y, "attribution"
        if credit_yx and not credit_xy:
            return x, "attribution"
        order = earlier(x.published, y.published)
        if order:
            return (x if order < 0 else y), "date"
        # A text that credits a third outlet took its content from there, and
        # so may the other: they share an origin whichever came first.
        if any(not outlet_matches(c, y.outlet) for c in x.attributed_to) or any(
            not outlet_matches(c, x.outlet) for c in y.attributed_to
        ):
            return None
        # One text carries its own provenance (outlet and date), the other was
        # stripped of its date: reposting removes dates, originals state them.
        dated_x, dated_y = _when(x.published) is not None, _when(y.published) is not None
        if dated_x != dated_y:
            dated = x if dated_x else y
            if dated.outlet:
                return dated, "provenance"
        # A text much shorter than the other and with nothing of its own was
        # cut from it. Translation is excluded: a round trip lengthens the
        # text it derives from.
        if kind != "translation":
            x_short = fx.length <= fy.length
            short, long_ = (fx, fy) if x_short else (fy, fx)
            covered = max(ev.cov_a, ev.chain_cov_a) if x_short else max(ev.cov_b, ev.chain_cov_b)
            if short.length <= 0.85 * long_.length and covered >= 0.8:
                return (y if x_short else x), "length"
        return None

    def _undirected(self, x: LineageItem, y: LineageItem, ev: PairEvidence, by: str, kind: str) -> Derivation:
        # Ordered by id, so the same pair reads the same whichever came first.
        if x.id < y.id:
            return self._link(x, y, "same_origin", ev, by, "", kind=kind, target_side="b")
        return self._link(y, x, "same_origin", ev, by, "", kind=kind, target_side="a")

    def _link(
        self,
        src: LineageItem,
        tgt: LineageItem,
        relation: str,
        ev: PairEvidence,
        by: str,
        phrase: str,
        *,
        kind: str,
        target_side: str = "a",
    ) -> Derivation:
        if phrase:
            evidence = phrase
        else:
            ft = self._cache.get(tgt.id) or features(tgt.text, tgt.entities)
            # Texts that share facts rather than words are best shown by their
            # closest sentences; a short shared passage would be a fragment.
            loose = kind in ("translation", "summary") or (
                kind == "rewrite" and (ev.longest is None or ev.longest.matched < 2 * SUMMARY_PASSAGE)
            )
            evidence = shared_evidence(ev, target_side, tgt.text, ft, prefer_sentence=loose)
        return Derivation(
            source=src.id,
            target=tgt.id,
            relation=relation,
            similarity=ev.similarity,
            evidence=evidence,
            directed=relation != "same_origin",
            kind=kind,
            direction_by=by,
        )

    # ------------------------------------------------------------ reading
    def derivations(self) -> list[Derivation]:
        """Every link, less those that other links explain."""
        links = list(self._links.values())
        parents: dict[str, dict[str, Derivation]] = defaultdict(dict)
        for d in links:
            if d.directed:
                parents[d.target][d.source] = d
        dropped: set[tuple[str, str]] = set()
        for target, incoming in parents.items():
            # target derives from s1 and from s2, and s2 from s1: one of the
            # two links is implied. Keep the closer match (the copy when the
            # target shares the copy's edits), the original when as close.
            for s1, d1 in incoming.items():
                for s2, d2 in incoming.items():
                    if s1 != s2 and s1 in parents.get(s2, {}):
                        if d1.similarity >= d2.similarity - 0.02:
                            dropped.add((s2, target))
                        else:
                            dropped.add((s1, target))
        out = []
        for d in links:
            if (d.source, d.target) in dropped:
                continue
            if not d.directed:
                # Two texts that each descend from a third are explained by it.
                common = set(parents.get(d.source, {})) & set(parents.get(d.target, {}))
                if common or d.source in parents.get(d.target, {}) or d.target in parents.get(d.source, {}):
                    continue
            out.append(d)
        return out

    def links_of(self, item_id: str) -> list[Derivation]:
        """The links in which one article is the derived text (its `derived_from`)."""
        return [d for d in self.derivations() if d.target == item_id or (not d.directed and d.source == item_id)]

    # ------------------------------------------------------------ state
    def to_state(self) -> dict[str, Any]:
        """Everything needed to resume: the articles in the order added, the
        links found, and each article's index keys (text hash, terms, MinHash
        values, shingle hashes), so that loading does not tokenise and hash
        every text again: that made each run of the link stage cost more as
        the corpus grew. Features for alignment are recomputed from the texts
        when needed."""
        terms_of: dict[str, list[str]] = defaultdict(list)
        for term, ns in self._postings.items():
            for n in ns:
                terms_of[self._ids[n]].append(term)
        hash_of = {i: h for h, ids in self._by_hash.items() for i in ids}
        return {
            "version": STATE_VERSION,
            "items": [asdict(item) for item in self._items.values()],
            "keys": [
                [
                    hash_of[i],
                    sorted(terms_of.get(i, ())),
                    _encode_signature(self._signatures[i]),
                    None if shingles is None else _encode_signature(shingles),
                ]
                for i, shingles in zip(self._items, self._shingles, strict=True)
            ],
            "num_perm": self.num_perm,
            "links": [asdict(d) for d in self._links.values()],
            "cited": [[t, o, s, w] for (t, o), (s, w) in self._cited.items()],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], **options: Any) -> LineageIndex:
        version = state.get("version")
        if version not in (1, 2, STATE_VERSION):
            raise ValueError(f"unknown lineage state version {state.get('version')!r}")
        index = cls(**options)
        keys = state.get("keys") if version in (2, STATE_VERSION) and state.get("num_perm") == index.num_perm else None
        for n, data in enumerate(state["items"]):
            item = LineageItem(**data)
            if keys is None:
                f = features(item.text, item.entities)
                shingles = _shingles32(f)
                index._register(item, f, shingles, _minhash(shingles, index.num_perm))
            else:
                # Version 2 kept no shingles: such an article is always aligned
                # with a newcomer, as before, rather than tokenised on loading.
                text_hash, terms, signature, *rest = keys[n]
                encoded = rest[0] if rest else None
                index._index(
                    item,
                    text_hash,
                    terms,
                    _blank_minhash(index.num_perm, _decode_signature(signature)),
                    None if encoded is None else _decode_signature(encoded),
                )
        for data in state["links"]:
            d = Derivation(**data)
            index._links[(d.source, d.target)] = d
        for t, o, s, w in state.get("cited", []):
            index._cited[(t, o)] = (s, float(w))
        return index
