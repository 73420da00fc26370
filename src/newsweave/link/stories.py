"""Story clustering in one streaming pass, and threads within a story.

An arriving article is compared with a handful of candidate stories found
through an inverted index over every story's most informative terms (never
with all stories). If none is close, it starts a story of its own. Otherwise
the article and the close stories are re-clustered together by average
linkage, the batch method, on a small pool: each story enters as its settled
core plus its most recent articles one by one. So a recent article can leave a
story when a better home turns up, two stories merge when an article bridges
them, and the result depends little on the arrival order. After each arrival
the stories it changed are checked once more against their neighbours, since
a grown time span or a matured IDF may now put two of them together. Stories
of one or two articles that reach no story are shown with the closest story
when they are near it (a looser test, made when the partition is read).

Similarity is the cosine of TF-IDF vectors over words (presence, not counts;
title words and capitalised names weigh more) and entity names, averaged over
the pairs of articles of two groups. The similarity needed grows with text
length (headlines share fewer words than articles), relaxes for stories whose
own articles are loosely alike, and rises as a power of the time between two
groups, measured against the story's own span plus the typical span of the
corpus's stories (a minute in a crawl of bursts, days in a file of long-running
stories); within one burst it falls below the base. Document frequencies grow with
the stream; articles keep raw weights and are weighed with the IDF of the day
they are compared, so early articles do not keep the skew of a small corpus.

Threads split one story where a pause in the coverage is followed by new
vocabulary (the talks of March, the settlement of April).
"""

from __future__ import annotations

import heapq
import math
import re
import sys
from collections import OrderedDict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

STATE_VERSION = 1

# Function words, and the reporting words every article uses.
STOPWORDS = frozenset(
    """
a about above after again against ago all almost also although always am among an and another any are aren't around
as at away back be became because become been before being below between both but by can cannot could couldn't did
didn't do does doesn't doing don't down during each either else even ever every few for from further get gets got had
hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how how's however
i i'd i'll i'm i've if in into is isn't it it's its itself just last least less let's like made make many may me might
more most much must mustn't my myself near neither never new next no nor not now of off often on once one only onto or
other others otherwise ought our ours ourselves out over own per perhaps quite rather really said same say saying says
see seen shall shan't she she'd she'll she's should shouldn't since so some such than that that's the their theirs them
themselves then there there's these they they'd they'll they're they've this those though through thus to told too
toward towards under until up upon us very via was wasn't we we'd we'll we're we've were weren't what what's when
when's where where's whether which while who who's whom whose why why's will with within without won't would wouldn't
yet you you'd you'll you're you've your yours yourself yourselves mr mrs ms dr according
""".split()  # noqa: SIM905 - a word list reads better as text
)

# Labels of names that identify a story; numbers and dates are counted as words.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})

_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_SPACE = re.compile(r"\s+")
# What may stand between a sentence's end and the next word: a capital after it is no sign of a name.
_SENTENCE_BREAK = frozenset(".!?:;|\n\"“”‘'([—–-")
_ENTITY = "\x00"  # prefix of entity keys, so words and names share one vector space

DEFAULTS: dict[str, Any] = {
    # Two groups of articles are one story when the mean similarity between their articles reaches
    #   threshold * m / (m + length_half) * ((1 + gap / scale) / 2) ** time_penalty,
    #   scale = typical + time_span_factor * (the longer of the two time spans),
    # typical being the corpus's typical story span (see _time_scale), time_scale_days before any is seen.
    # m is the groups' typical number of distinct terms: short texts share fewer words, so their
    # similarities run lower (length_half was fitted on news texts cut to 8..80 words). The time term
    # is 1 for a gap (days, between the groups' spans) of one scale, less for articles of one burst,
    # and grows as a power of the gap beyond it: time_penalty 0.3 asks 0.81 times the base within a
    # burst, twice the base at 20 scales, four times at 200.
    # See _required for the coherence (`relative`) part.
    "threshold": 0.28,
    "length_half": 13.0,
    "time_scale_days": 1.0,
    "time_scale_prior": 10.0,  # weight of time_scale_days, in observed story spans
    "time_span_factor": 1.0,
    "time_penalty": 0.3,
    # A loose story needs only this fraction of its own coherence, never less than this fraction of
    # the base threshold above (0: off); coherence_prior is the weight, in pairs of articles, of the
    # coherence expected for the length before a story has shown its own.
    "relative": 0.6,
    "coherence_prior": 3.0,
    # A story of at most orphan_size articles is shown with the closest larger story when their
    # similarity reaches orphan_factor times the need: a lone report is rarely a story of its own.
    "orphan_factor": 0.65,
    "orphan_size": 2,
    # IDF as if the corpus held this many more documents without the term: a small corpus says little
    # about which words are rare, and in a corpus of one story its own names are in every document.
    "idf_prior": 30.0,
    # Title words weigh 1 + this; a word written with a capital inside a sentence (a name, mostly) this much more.
    "title_weight": 1.0,
    "name_weight": 3.0,
    # Share of the similarity that comes from entity names when the items carry them. Small, because
    # names already weigh more among the words; what resolved names add is agreement across spellings
    # (on ECB+ with spaCy names, 0.3 cost 0.015 BCubed F1 and 0.1 gained a little).
    "entity_weight": 0.1,
    # Bounds that keep memory and the cost per article independent of the corpus size.
    "centroid_terms": 150,  # terms kept per story
    "article_terms": 100,  # terms kept per article while it can still move
    "free_articles": 16,  # a story's most recent articles, re-clustered one by one
    "free_window": 10000,  # ... if among the last free_window arrivals (older ones settle: bounded memory)
    "pool_stories": 6,  # stories re-clustered with an article
    "pool_factor": 0.5,  # ... those whose similarity reaches this fraction of what joining needs
    "index_terms": 24,  # a story's terms in the inverted index
    "query_terms": 24,  # an article's terms looked up in the index
    # Stories kept per index term (the most recently updated). A term common enough to fill its list
    # says little about which story an article belongs to, and a longer list would make the look-up
    # grow with the corpus (100 and 8 gave the same UCI and ECB+ partitions, give or take a story).
    "posting_limit": 16,
    "candidates": 20,  # stories scored in full per article
    "thread_terms": 32,  # terms remembered per article for threads
    # Threads: see StoryClusterer.threads.
    "thread_gap_days": 7.0,
    "thread_pace": 2.0,
    "thread_novelty": 0.3,
}


@dataclass(slots=True)
class StoryItem:
    id: str
    title: str | None
    text: str
    date: str | None  # ISO date or datetime of publication, or None
    entities: list[tuple[str, str]] = field(default_factory=list)  # (resolved name, label), may be empty


# ---------------------------------------------------------------- text


def stem(word: str) -> str:
    """A light plural/possessive stripper (after Harman's S-stemmer): enough to make 'pirates' meet
    'pirate' without the over-merging of a full stemmer."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and not word.endswith(("aes", "ees", "oes", "ses", "ues")):
        return word[:-1]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("us", "ss", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[tuple[str, bool]]:
    """Index terms, each with a flag for a capitalised word inside a sentence: most such words are
    names, and names are what tell two stories of one kind apart (two rehab check-ins, two
    earthquakes). In a headline written in title case capitals say nothing, so none is flagged."""
    matches = list(_WORD.finditer(text))
    capitals = sum(1 for m in matches if m.group()[0].isupper())
    title_case = len(matches) >= 3 and capitals > 0.6 * len(matches)
    out = []
    last = 0
    for m in matches:
        raw = m.group()
        at_start = last == 0 or any(c in _SENTENCE_BREAK for c in text[last : m.start()])
        last = m.end()
        word = raw.lower().replace("’", "'").strip(".'-")
        if len(word) < 2 or word in STOPWORDS:
            continue
        # Interned: the same few thousand terms are held by many articles, stories and the index.
        out.append((sys.intern(stem(word)), raw[0].isupper() and not at_start and not title_case))
    return out


def tokenize(text: str) -> list[str]:
    return [term for term, _ in terms(text)]


def entity_key(name: str) -> str:
    return sys.intern(_ENTITY + _SPACE.sub(" ", name.lower().replace("’", "'")).strip(" .,'\""))


def time_resolution(value: str | None) -> float:
    """The precision of a time stamp, in days: a date alone says nothing finer than its day."""
    text = (value or "").strip()
    return 1.0 if len(text) <= 10 else 1.0 / 86400.0


def parse_time(value: str | None) -> float | None:
    """Days since the epoch (UTC) of an ISO date or datetime, or None."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = datetime.fromisoformat(text[:10])
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp() / 86400.0


# ---------------------------------------------------------------- stories


def _span_union(a: tuple[float, float] | None, b: tuple[float, float] | None) -> tuple[float, float] | None:
    if a is None:
        return b
    if b is None:
        return a
    return (min(a[0], b[0]), max(a[1], b[1]))


class _Story:
    """A story: a settled core (its older articles, kept only as summed term mass) and its most recent
    articles, which keep their own vectors so that they can still move to another story."""

    __slots__ = (
        "id",
        "seq",
        "core",
        "core_span",
        "core_terms",
        "free",
        "mass",
        "n",
        "terms",
        "span",
        "indexed",
        "norm2",
    )

    def __init__(self, sid: str, seq: int) -> None:
        self.id = sid
        self.seq = seq  # creation order: the oldest story's id survives a merge
        self.core: list[str] = []
        self.core_span: tuple[float, float] | None = None
        self.core_terms = 0.0
        self.free: list[str] = []  # in arrival order
        self.mass: dict[str, float] = {}  # summed term mass of all its articles
        self.n = 0
        self.terms = 0.0  # summed numbers of distinct terms of its articles
        self.span: tuple[float, float] | None = None
        self.indexed: list[str] = []  # its keys in the inverted index
        self.norm2 = 0.0  # squared norm of the IDF-weighted mass, as of its last change

    @property
    def articles(self) -> list[str]:
        return self.core + self.free

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "seq": self.seq,
            "core": self.core,
            "core_span": self.core_span,
            "core_terms": self.core_terms,
            "free": self.free,
            "mass": self.mass,
            "n": self.n,
            "terms": self.terms,
            "span": self.span,
            "indexed": self.indexed,
            "norm2": self.norm2,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> _Story:
        story = cls(data["id"], int(data["seq"]))
        story.core = list(data["core"])
        story.core_span = tuple(data["core_span"]) if data["core_span"] else None  # type: ignore[assignment]
        story.core_terms = float(data["core_terms"])
        story.free = list(data["free"])
        story.mass = {k: float(v) for k, v in data["mass"].items()}
        story.n = int(data["n"])
        story.terms = float(data["terms"])
        story.span = tuple(data["span"]) if data["span"] else None  # type: ignore[assignment]
        story.indexed = list(data["indexed"])
        story.norm2 = float(data["norm2"])
        return story


@dataclass(slots=True)
class _Node:
    """A unit of the pool re-clustered with an arriving article: one article, or a story's core."""

    mass: dict[str, float]
    n: int
    terms: float
    span: tuple[float, float] | None
    article: str | None = None  # the article, for an article node
    story: str | None = None  # the story it came from (None for the arriving article)


@dataclass(slots=True)
class _Groups:
    """Sizes, summed term counts, self products of the summed vectors and time spans of some groups
    of articles, as arrays (NaN span: undated)."""

    n: np.ndarray
    terms: np.ndarray
    self: np.ndarray
    lo: np.ndarray
    hi: np.ndarray

    def take(self, i: int) -> _Groups:
        return _Groups(
            self.n[i : i + 1], self.terms[i : i + 1], self.self[i : i + 1], self.lo[i : i + 1], self.hi[i : i + 1]
        )


class StoryClusterer:
    """Assigns articles to stories as they arrive; see the module docstring."""

    def __init__(self, **params: Any) -> None:
        unknown = set(params) - set(DEFAULTS)
        if unknown:
            raise TypeError(f"unknown parameters: {', '.join(sorted(unknown))}")
        self.params: dict[str, Any] = {**DEFAULTS, **params}
        self._n_docs = 0
        self._df: dict[str, int] = {}
        self._seq = 0  # stories created
        self._arrivals = 0  # articles added
        self._stories: dict[str, _Story] = {}
        self._alias: dict[str, str] = {}  # merged story id -> the story it went into
        self._story_of: dict[str, str] = {}
        self._postings: dict[str, OrderedDict[str, None]] = {}
        self._vec: dict[str, dict[str, float]] = {}  # raw term weights of articles that can still move
        # Every article: (days since epoch or None, arrival number, top terms for threads, number of terms).
        self._meta: dict[str, tuple[float | None, int, list[str], float]] = {}
        self._orphans: dict[str, str] = {}  # small story id -> the story it is shown with (cache)
        self._view: dict[str, list[str]] | None = None  # stories() until the next arrival (cache)
        self._dirty: set[str] = set()  # stories changed by the arrival in progress, to check for merges
        self._idf_cache: dict[str, float] = {}
        self._mass_cache: dict[str, tuple[int, dict[str, float]]] = {}
        self._free_order: deque[tuple[int, str]] = deque()  # (arrival, article) of articles not yet settled
        self._span_logs = [0.0, 0.0]  # sum and count of ln(span in days) of the stories articles joined

    def _time_scale(self) -> float:
        """The corpus's typical story span (days): the geometric mean of the spans of the stories that
        articles have joined, drawn towards time_scale_days while few are seen. What counts as a long
        pause depends on how long stories run in this corpus: a minute in a crawl of bursts, weeks in a
        file of long-running stories."""
        prior = float(self.params["time_scale_prior"])
        total, count = self._span_logs
        return math.exp((prior * math.log(float(self.params["time_scale_days"])) + total) / (prior + count))

    def _observe_span(self, aid: str, resolution: float) -> None:
        story = self._stories.get(self._resolve(self._story_of[aid]))
        if story is None or story.n < 2 or story.span is None or self._meta[aid][0] is None:
            return
        self._span_logs[0] += math.log(max(story.span[1] - story.span[0], resolution))
        self._span_logs[1] += 1.0

    # ------------------------------------------------------------ features
    def _idf(self, term: str) -> float:
        # Smoothed, and with idf_prior documents assumed to lack the term. Cached until the next
        # article changes the counts: one arrival looks up the same terms many times.
        value = self._idf_cache.get(term)
        if value is None:
            prior = float(self.params["idf_prior"])
            value = math.log((self._n_docs + prior + 1.0) / (self._df.get(term, 0) + 1.0)) + 1.0
            self._idf_cache[term] = value
        return value

    def _vectorize(self, item: StoryItem) -> tuple[dict[str, float], dict[str, float]]:
        """Raw weights of words and entity keys (presence, scaled by title and name weights)."""
        name_weight = float(self.params["name_weight"])
        words: dict[str, float] = {}
        names: set[str] = set()
        for term, is_name in terms(item.text or ""):
            words[term] = 1.0
            if is_name:
                names.add(term)
        title_weight = float(self.params["title_weight"])
        for term, is_name in set(terms(item.title or "")):
            words[term] = words.get(term, 0.0) + title_weight
            if is_name:
                names.add(term)
        for term in names:
            words[term] *= name_weight
        ents = {entity_key(name): 1.0 for name, label in item.entities if label in ENTITY_LABELS}
        ents.pop(_ENTITY, None)
        return words, ents

    def _unit(self, words: dict[str, float], ents: dict[str, float]) -> dict[str, float]:
        """One unit vector with today's IDF: words and names each of unit length, mixed by entity_weight."""
        w = {t: v * self._idf(t) for t, v in words.items()}
        e = {t: v * self._idf(t) for t, v in ents.items()}
        wn = math.sqrt(sum(v * v for v in w.values()))
        en = math.sqrt(sum(v * v for v in e.values()))
        share = float(self.params["entity_weight"]) if en and wn else (1.0 if en else 0.0)
        out: dict[str, float] = {}
        if wn:
            scale = math.sqrt(1.0 - share) / wn
            out.update((t, v * scale) for t, v in w.items())
        if en:
            scale = math.sqrt(share) / en
            out.update((t, v * scale) for t, v in e.items())
        return out

    def _weighted(self, mass: dict[str, float]) -> dict[str, float]:
        return {t: m * self._idf(t) for t, m in mass.items()}

    # ------------------------------------------------------------ similarity
    def _required(self, a: _Groups, b: _Groups) -> np.ndarray:
        """The mean similarity groups a[i] and b[j] need to be one story (broadcast over i, j).

        Short texts share fewer words, so their similarities run lower: the base threshold grows with
        the groups' typical number of terms m. A group of two or more articles also shows how alike
        its own articles are; a loose story (one told from many angles, or in headlines) needs only
        the fraction `relative` of the two groups' coherence (their mean internal similarity, drawn
        towards what the base expects while there are few pairs to judge by), within [relative, 1]
        times the base. Time raises the need as a power of the gap between the groups' spans,
        measured against the corpus's typical story span plus the longer of the two spans: a story
        that has run for weeks tolerates a longer pause than one told within a day."""
        m_a, c_a = self._stats(a)
        m_b, c_b = self._stats(b)
        dated = not (np.isnan(a.lo).all() or np.isnan(b.lo).all())
        return self._need(
            m_a[:, None], c_a[:, None], a.lo[:, None], a.hi[:, None], m_b[None, :], c_b[None, :], b.lo, b.hi, dated
        )

    def _need_row(self, g: _Groups, i: int, m: np.ndarray, coh: np.ndarray, dated: bool) -> np.ndarray:
        """_required of group i against all of g, from their _stats, for the hot loop."""
        return self._need(m[i], coh[i], g.lo[i], g.hi[i], m, coh, g.lo, g.hi, dated and not math.isnan(g.lo[i]))

    def _need(
        self,
        m_a: Any,
        c_a: Any,
        lo_a: Any,
        hi_a: Any,
        m_b: np.ndarray,
        c_b: np.ndarray,
        lo_b: np.ndarray,
        hi_b: np.ndarray,
        dated: bool,
    ) -> np.ndarray:
        """The need of _required from typical lengths m, coherences c and spans [lo, hi] of two sides
        that broadcast against each other; `dated` False when one side has no dates at all."""
        mm = np.sqrt(m_a * m_b)
        need = float(self.params["threshold"]) * mm / (mm + float(self.params["length_half"]))
        fraction = float(self.params["relative"])
        if fraction > 0.0:
            need = np.clip(fraction * np.sqrt(c_a * c_b), fraction * need, need)
        penalty = float(self.params["time_penalty"])
        if not dated or penalty == 0.0:
            return need
        gap = np.maximum(0.0, np.maximum(lo_a - hi_b, lo_b - hi_a))
        duration = np.fmax(hi_a - lo_a, hi_b - lo_b)
        scale = self._time_scale() + float(self.params["time_span_factor"]) * duration
        factor = ((1.0 + gap / scale) / 2.0) ** penalty
        return need * np.where(np.isnan(factor), 1.0, factor)

    def _stats(self, g: _Groups) -> tuple[np.ndarray, np.ndarray]:
        """Typical number of terms, and coherence (shrunk towards what that length leads to expect)."""
        m = np.maximum(g.terms / g.n, 1.0)
        fraction = float(self.params["relative"])
        if fraction <= 0.0:
            return m, m
        expected = float(self.params["threshold"]) * m / (m + float(self.params["length_half"])) / fraction
        pairs = g.n * (g.n - 1.0) / 2.0
        inner = (g.self - g.n) / np.maximum(g.n * (g.n - 1.0), 1.0)
        prior = float(self.params["coherence_prior"])
        return m, np.maximum((pairs * inner + prior * expected) / (pairs + prior), 0.0)

    def _dots(self, query: dict[str, float], masses: list[dict[str, float]]) -> np.ndarray:
        """Dot products of an IDF-weighted vector with term masses weighted now (IDF applied once to
        the query side; only shared terms are visited)."""
        weighted = {t: w * self._idf(t) for t, w in query.items()}
        keys = weighted.keys()
        return np.array([sum(weighted[t] * mass[t] for t in keys & mass.keys()) for mass in masses])

    def _story_groups(self, stories: list[_Story]) -> _Groups:
        return _Groups(
            n=np.array([s.n for s in stories], dtype=float),
            terms=np.array([s.terms for s in stories], dtype=float),
            self=np.array([s.norm2 for s in stories]),
            lo=np.array([s.span[0] if s.span else np.nan for s in stories]),
            hi=np.array([s.span[1] if s.span else np.nan for s in stories]),
        )

    def _scores(self, query: dict[str, float], group: _Groups, stories: list[_Story]) -> np.ndarray:
        """Mean similarity between the group summed in `query` and each story, as a multiple of the
        similarity they need (1 or more: the same story)."""
        if not stories:
            return np.zeros(0)
        dots = self._dots(query, [s.mass for s in stories])
        others = self._story_groups(stories)
        return dots / (group.n[0] * others.n) / self._required(group, others)[0]

    # ------------------------------------------------------------ candidates
    def _candidates(self, query: dict[str, float], exclude: str | None = None) -> list[_Story]:
        top = heapq.nlargest(int(self.params["query_terms"]), query.items(), key=lambda kv: kv[1])
        votes: dict[str, float] = {}
        for term, weight in top:
            for sid in self._postings.get(term, ()):
                votes[sid] = votes.get(sid, 0.0) + weight
        votes.pop(exclude or "", None)
        best = heapq.nlargest(int(self.params["candidates"]), votes.items(), key=lambda kv: (kv[1], kv[0]))
        return [self._stories[sid] for sid, _ in best if sid in self._stories]

    def _reindex(self, story: _Story) -> None:
        limit = int(self.params["index_terms"])
        keys = [t for t, _ in heapq.nlargest(limit, story.mass.items(), key=lambda kv: kv[1] * self._idf(kv[0]))]
        for old in set(story.indexed) - set(keys):
            self._unpost(old, story.id)
        cap = int(self.params["posting_limit"])
        for key in keys:
            posting = self._postings.setdefault(key, OrderedDict())
            posting[story.id] = None
            posting.move_to_end(story.id)
            while len(posting) > cap:
                posting.popitem(last=False)
        story.indexed = keys

    def _unpost(self, key: str, sid: str) -> None:
        posting = self._postings.get(key)
        if posting is not None:
            posting.pop(sid, None)
            if not posting:
                del self._postings[key]

    def _drop(self, story: _Story) -> None:
        for key in story.indexed:
            self._unpost(key, story.id)
        del self._stories[story.id]

    # ------------------------------------------------------------ adding
    def add(self, item: StoryItem) -> str:
        """Assign the article to the best story or start one; returns the story id."""
        if item.id in self._story_of:
            return self.story_of(item.id)
        self._orphans, self._view = {}, None
        words, ents = self._vectorize(item)
        # Document frequencies include the article itself, as a batch TF-IDF would.
        self._n_docs += 1
        for t in (*words, *ents):
            self._df[t] = self._df.get(t, 0) + 1
        self._idf_cache = {}
        query = self._unit(words, ents)
        # Raw weights are stored, not the vector: it is weighed (and made unit length) with the IDF of
        # the day it is compared, so early articles do not keep the skew of an early, small corpus.
        keep = heapq.nlargest(int(self.params["article_terms"]), query.items(), key=lambda kv: kv[1])
        raw = {t: words[t] if t in words else ents[t] for t, _ in keep}
        time = parse_time(item.date)
        self._arrivals += 1
        top = [t for t, _ in keep[: int(self.params["thread_terms"])]]
        self._meta[item.id] = (time, self._arrivals, top, float(len(words) or len(ents)))
        self._vec[item.id] = raw
        self._free_order.append((self._arrivals, item.id))

        floor = float(self.params["pool_factor"])
        candidates = self._candidates(query)
        alone = self._article_groups([item.id])
        scores = self._scores(query, alone, candidates).tolist()
        scored = zip(scores, [-s.seq for s in candidates], candidates, strict=True)
        pool = [s for score, _, s in sorted(scored, key=lambda x: x[:2], reverse=True) if score >= floor]
        pool = pool[: int(self.params["pool_stories"])]
        if not pool:
            story = self._new_story()
            self._place(story, [], [item.id], None)
        elif len(pool) == 1 and scores[candidates.index(pool[0])] >= 1.0 and pool[0].core:
            # One clear home and nothing to weigh it against: join without re-clustering. (Stories
            # still small enough to be all free articles are re-clustered, so early errors mend.)
            story = pool[0]
            self._place(story, [], [*story.free, item.id], self._nodes(story))
        else:
            self._recluster(item.id, pool)
        self._settle()
        self._age()
        self._observe_span(item.id, time_resolution(item.date))
        return self.story_of(item.id)

    def _age(self) -> None:
        """Settle articles that arrived more than free_window arrivals ago into their story's core, so
        that the vectors kept for articles that can still move stay bounded however long the stream."""
        horizon = self._arrivals - int(self.params["free_window"])
        while self._free_order and self._free_order[0][0] <= horizon:
            _, aid = self._free_order.popleft()
            if aid not in self._vec:
                continue  # settled already
            story = self._stories[self._resolve(self._story_of[aid])]
            story.free.remove(aid)
            story.core.append(aid)
            t, _, _, n_terms = self._meta[aid]
            story.core_span = _span_union(story.core_span, (t, t) if t is not None else None)
            story.core_terms += n_terms
            del self._vec[aid]
            self._mass_cache.pop(aid, None)

    def _new_story(self) -> _Story:
        self._seq += 1
        story = _Story(f"s{self._seq}", self._seq)
        self._stories[story.id] = story
        return story

    def _mass(self, aid: str) -> dict[str, float]:
        """An article's unit vector under today's IDF, with the IDF taken out again (term mass). Cached
        until the corpus has grown by a twentieth: IDF moves slowly once there is some history."""
        cached = self._mass_cache.get(aid)
        if cached is not None and self._n_docs <= cached[0] * 1.05:
            return cached[1]
        raw = self._vec[aid]
        unit = self._unit(
            {t: w for t, w in raw.items() if t[0] != _ENTITY}, {t: w for t, w in raw.items() if t[0] == _ENTITY}
        )
        mass = {t: w / self._idf(t) for t, w in unit.items()}
        self._mass_cache[aid] = (self._n_docs, mass)
        return mass

    def _article_groups(self, ids: list[str]) -> _Groups:
        times = [self._meta[a][0] for a in ids]
        return _Groups(
            n=np.ones(len(ids)),
            terms=np.array([self._meta[a][3] for a in ids]),
            self=np.ones(len(ids)),
            lo=np.array([np.nan if t is None else t for t in times]),
            hi=np.array([np.nan if t is None else t for t in times]),
        )

    def _article_node(self, aid: str, story: str | None) -> _Node:
        t, _, _, n_terms = self._meta[aid]
        return _Node(self._mass(aid), 1, n_terms, (t, t) if t is not None else None, article=aid, story=story)

    def _nodes(self, story: _Story) -> list[_Node]:
        """A story as pool nodes: each free article, and the core as one node."""
        nodes = [self._article_node(fid, story.id) for fid in story.free]
        if story.core:
            core_mass = dict(story.mass)
            for node in nodes:
                for t, m in node.mass.items():
                    if t in core_mass:
                        core_mass[t] -= m
            core_mass = {t: m for t, m in core_mass.items() if m > 1e-9}
            nodes.append(_Node(core_mass, len(story.core), story.core_terms, story.core_span, story=story.id))
        return nodes

    def _recluster(self, aid: str, pool: list[_Story]) -> None:
        nodes = [self._article_node(aid, None)]
        for story in pool:
            nodes.extend(self._nodes(story))
        groups = self._agglomerate(nodes)

        # Give each group a story: the oldest story whose core it holds, else the story most of its
        # articles came from (if no other group holds that story's core or claimed it first), else a new one.
        claimed: set[str] = set()
        assigned: list[tuple[_Story, list[_Node]]] = []
        pending: list[list[_Node]] = []
        for group in groups:
            cores = sorted(
                (self._stories[nd.story] for nd in group if nd.article is None and nd.story), key=lambda s: s.seq
            )
            if cores:
                claimed.add(cores[0].id)
                assigned.append((cores[0], group))
            else:
                pending.append(group)
        for group in pending:
            counts: dict[str, int] = {}
            for nd in group:
                if nd.story is not None and not self._stories[nd.story].core:
                    counts[nd.story] = counts.get(nd.story, 0) + 1
            choice = None
            for sid, _ in sorted(counts.items(), key=lambda kv: (-kv[1], self._stories[kv[0]].seq)):
                if sid not in claimed:
                    choice = self._stories[sid]
                    break
            if choice is None:
                choice = self._new_story()
            claimed.add(choice.id)
            assigned.append((choice, group))

        for story, group in assigned:
            merged = [
                self._stories[nd.story] for nd in group if nd.article is None and nd.story and nd.story != story.id
            ]
            self._place(story, merged, [nd.article for nd in group if nd.article is not None], group)
        for story in pool:  # stories whose every article went elsewhere
            if story.id not in claimed and story.id in self._stories:
                self._drop(story)

    def _agglomerate(self, nodes: list[_Node]) -> list[list[_Node]]:
        """Average linkage over the pool, from the nodes' summed vectors: the mean similarity of two
        groups is the dot product of their sums over the product of their sizes. The pair merged
        first is the one furthest above its threshold."""
        vocab: dict[str, int] = {}
        rows, cols, masses = [], [], []
        for i, nd in enumerate(nodes):
            rows.extend([i] * len(nd.mass))
            cols.extend(vocab.setdefault(t, len(vocab)) for t in nd.mass)
            masses.extend(nd.mass.values())
        idf = np.array([self._idf(t) for t in vocab])
        matrix = np.zeros((len(nodes), len(vocab)))
        matrix[rows, cols] = masses
        matrix *= idf
        gram = matrix @ matrix.T
        g = _Groups(
            n=np.array([nd.n for nd in nodes], dtype=float),
            terms=np.array([nd.terms for nd in nodes], dtype=float),
            self=np.diag(gram).copy(),
            lo=np.array([nd.span[0] if nd.span else np.nan for nd in nodes]),
            hi=np.array([nd.span[1] if nd.span else np.nan for nd in nodes]),
        )
        members = [[nd] for nd in nodes]
        m, coh = self._stats(g)
        score = gram / np.outer(g.n, g.n) / self._required(g, g)
        np.fill_diagonal(score, -np.inf)
        dated = not np.isnan(g.lo).all()
        while True:
            i, j = np.unravel_index(int(np.argmax(score)), score.shape)
            if score[i, j] < 1.0:
                break
            i, j = (int(i), int(j)) if i < j else (int(j), int(i))
            gram[i, :] += gram[j, :]
            gram[:, i] += gram[:, j]
            g.n[i] += g.n[j]
            g.terms[i] += g.terms[j]
            g.self[i] = gram[i, i]
            g.lo[i], g.hi[i] = np.fmin(g.lo[i], g.lo[j]), np.fmax(g.hi[i], g.hi[j])
            members[i].extend(members[j])
            members[j] = []
            # Only the merged group's similarities change.
            m[i : i + 1], coh[i : i + 1] = self._stats(g.take(i))
            need = self._need_row(g, i, m, coh, dated)
            row = gram[i] / (g.n[i] * g.n) / need
            row[[k for k, group in enumerate(members) if not group]] = -np.inf
            row[i] = -np.inf
            score[i, :] = score[:, i] = row
            score[j, :] = score[:, j] = -np.inf
        return [group for group in members if group]

    def _place(self, story: _Story, merged: list[_Story], free: list[str], group: list[_Node] | None) -> None:
        """Rebuild a story from its core, the cores merged into it and its free articles."""
        own_core = next((nd for nd in group or [] if nd.article is None and nd.story == story.id), None)
        mass: dict[str, float] = dict(own_core.mass) if own_core else {}
        if own_core is None:
            story.core, story.core_span, story.core_terms = [], None, 0.0
        for other in merged:
            core_node = next((nd for nd in group or [] if nd.article is None and nd.story == other.id), None)
            for t, m in core_node.mass.items() if core_node else ():
                mass[t] = mass.get(t, 0.0) + m
            story.core.extend(other.core)
            story.core_span = _span_union(story.core_span, other.core_span)
            story.core_terms += other.core_terms
            self._alias[other.id] = story.id
            self._drop(other)
        free = sorted(set(free), key=lambda a: self._meta[a][1])
        limit = int(self.params["free_articles"])
        while len(free) > limit:  # the oldest settle into the core and give up their own vectors
            settled = free.pop(0)
            for t, m in self._mass(settled).items():
                mass[t] = mass.get(t, 0.0) + m
            del self._vec[settled]
            self._mass_cache.pop(settled, None)
            story.core.append(settled)
            self._story_of[settled] = story.id
            t, _, _, n_terms = self._meta[settled]
            story.core_span = _span_union(story.core_span, (t, t) if t is not None else None)
            story.core_terms += n_terms
        story.free = free
        span = story.core_span
        terms_total = story.core_terms
        for aid in free:
            for t, m in self._mass(aid).items():
                mass[t] = mass.get(t, 0.0) + m
            self._story_of[aid] = story.id
            t, _, _, n_terms = self._meta[aid]
            span = _span_union(span, (t, t) if t is not None else None)
            terms_total += n_terms
        k = int(self.params["centroid_terms"])
        if len(mass) > k:
            mass = dict(heapq.nlargest(k, mass.items(), key=lambda kv: kv[1] * self._idf(kv[0])))
        story.mass = mass
        story.norm2 = sum((m * self._idf(t)) ** 2 for t, m in mass.items())
        self._dirty.add(story.id)
        story.span = span
        story.terms = terms_total
        story.n = len(story.core) + len(story.free)
        self._reindex(story)

    # ------------------------------------------------------------ reading
    def _resolve(self, sid: str) -> str:
        root = sid
        while root in self._alias:
            root = self._alias[root]
        while sid != root:  # path compression keeps later look-ups short
            nxt = self._alias[sid]
            self._alias[sid] = root
            sid = nxt
        return root

    def _settle(self) -> None:
        """Merge stories that the evidence now puts together: a story's time span or the IDF may have
        moved since two stories last met in a pool (in another arrival order they would have). Only
        the stories the last arrival changed are checked, so the cost follows the changes."""
        rounds = 0
        while self._dirty and rounds < 3:  # merges can enable merges; a few rounds settle all but chains
            rounds += 1
            dirty = sorted((self._stories[sid] for sid in self._dirty if sid in self._stories), key=lambda s: s.seq)
            self._dirty = set()
            for story in dirty:
                if story.id not in self._stories:
                    continue
                query = self._weighted(story.mass)
                others = self._candidates(query, exclude=story.id)
                scores = self._scores(query, self._story_groups([story]), others)
                if len(scores) and scores.max() >= 1.0:
                    other = others[int(np.argmax(scores))]
                    keep, gone = (story, other) if story.seq < other.seq else (other, story)
                    group = self._nodes(keep) + self._nodes(gone)
                    self._place(keep, [gone], [nd.article for nd in group if nd.article], group)
        self._dirty = set()

    def _shown_with(self, story: _Story) -> str:
        """The story a small story is shown with: the closest larger story if near enough, else itself.
        Decided on the current state (so not on the arrival order), and a looser test than joining,
        for reports that never found company. Cached until the next arrival."""
        if story.n > int(self.params["orphan_size"]):
            return story.id
        target = self._orphans.get(story.id)
        if target is None:
            query = self._weighted(story.mass)
            others = [o for o in self._candidates(query, exclude=story.id) if o.n > int(self.params["orphan_size"])]
            scores = self._scores(query, self._story_groups([story]), others)
            target = story.id
            if len(scores) and scores.max() >= float(self.params["orphan_factor"]):
                target = others[int(np.argmax(scores))].id
            self._orphans[story.id] = target
        return target

    def story_of(self, article_id: str) -> str:
        return self._shown_with(self._stories[self._resolve(self._story_of[article_id])])

    def stories(self) -> dict[str, list[str]]:
        """Story id -> article ids in arrival order."""
        return {sid: list(ids) for sid, ids in self._story_view().items()}

    def _story_view(self) -> dict[str, list[str]]:
        if self._view is None:
            out: dict[str, list[str]] = {}
            for story in self._stories.values():
                out.setdefault(self._shown_with(story), []).extend(story.articles)
            self._view = {sid: sorted(ids, key=lambda a: self._meta[a][1]) for sid, ids in out.items()}
        return self._view

    def __len__(self) -> int:
        return len(self._story_of)

    # ------------------------------------------------------------ threads
    def threads(self, story_id: str, estimated: Mapping[str, str] | None = None) -> list[list[str]]:
        """Article ids per thread, threads and articles in time order.

        A new development shows as a pause in the coverage followed by new vocabulary. Dated articles
        are read in time order; a new thread starts after a pause of at least thread_gap_days that is
        also long against the thread's own pace (thread_pace times its span so far), when the articles
        after it bring new words: at least thread_novelty of their terms' weight (IDF) unseen in the
        thread. A late repost after a pause brings nothing new and stays in its thread. Undated
        articles join the thread of the article they share most vocabulary with, next to it, unless
        `estimated` gives them a date (the middle of a publication estimate from the compare stage):
        an undated report of a later development is then read at its place in time."""
        sid = self._resolve(story_id)
        ids = self._story_view()[self._shown_with(self._stories[sid]) if sid in self._stories else sid]
        when = {a: self._meta[a][0] for a in ids}
        for a, date in (estimated or {}).items():
            if a in when and when[a] is None:
                when[a] = parse_time(date)
        dated = sorted((t, self._meta[a][1], a) for a, t in when.items() if t is not None)
        undated = [a for a in ids if when[a] is None]
        if not dated:
            return [ids]
        min_gap = float(self.params["thread_gap_days"])
        pace = float(self.params["thread_pace"])
        bursts: list[list[tuple[float, int, str]]] = [[dated[0]]]
        for prev, cur in zip(dated, dated[1:], strict=False):
            if cur[0] - prev[0] >= min_gap:
                bursts.append([])
            bursts[-1].append(cur)
        threads: list[list[tuple[float, int, str]]] = [bursts[0]]
        for burst in bursts[1:]:
            thread = threads[-1]
            pause = burst[0][0] - thread[-1][0]
            seen = {t for *_, a in thread for t in self._meta[a][2]}
            new = {t for *_, a in burst for t in self._meta[a][2]}
            weight = sum(self._idf(t) for t in new)
            novelty = sum(self._idf(t) for t in new - seen) / weight if weight else 0.0
            if pause >= pace * (thread[-1][0] - thread[0][0]) and novelty >= float(self.params["thread_novelty"]):
                threads.append(burst)
            else:
                thread.extend(burst)
        for aid in undated:
            own = self._terms([aid])
            _, which, near = max(
                ((_cosine(own, self._terms([entry[2]])), -i, entry) for i, th in enumerate(threads) for entry in th),
                key=lambda x: x[:2],
            )
            threads[-which].append((near[0], self._meta[aid][1], aid))
        return [[a for *_, a in sorted(th)] for th in threads]

    def _terms(self, ids: Iterable[str]) -> dict[str, float]:
        """Summed unit term vectors of articles: the full vector while an article can still move,
        else its stored top terms, weighted by IDF and discounted by rank (the order of the stored
        terms is all that is kept of their weights)."""
        out: dict[str, float] = {}
        for aid in ids:
            if aid in self._vec:
                vec = self._weighted(self._mass(aid))
            else:
                vec = {t: self._idf(t) / math.sqrt(1.0 + rank) for rank, t in enumerate(self._meta[aid][2])}
                norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
                vec = {t: w / norm for t, w in vec.items()}
            for t, w in vec.items():
                out[t] = out.get(t, 0.0) + w
        return out

    # ------------------------------------------------------------ persistence
    def to_state(self) -> dict[str, Any]:
        """Everything needed to continue later, as plain JSON types."""
        return {
            "version": STATE_VERSION,
            "params": dict(self.params),
            "n_docs": self._n_docs,
            "df": dict(self._df),
            "seq": self._seq,
            "arrivals": self._arrivals,
            "stories": [s.to_json() for s in self._stories.values()],
            "alias": dict(self._alias),
            "story_of": dict(self._story_of),
            "postings": {k: list(v) for k, v in self._postings.items()},
            "vectors": {k: dict(v) for k, v in self._vec.items()},
            "meta": {k: list(v) for k, v in self._meta.items()},
            # Cached masses are part of the state: they were computed with the IDF of their day, and a
            # continued run must see the same numbers to make the same decisions.
            "masses": {k: [n, dict(m)] for k, (n, m) in self._mass_cache.items()},
            "free_order": [[n, aid] for n, aid in self._free_order if aid in self._vec],
            "span_logs": list(self._span_logs),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> StoryClusterer:
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unsupported story state version {state.get('version')!r}")
        self = cls(**{k: v for k, v in state["params"].items() if k in DEFAULTS})
        self._n_docs = int(state["n_docs"])
        self._df = {k: int(v) for k, v in state["df"].items()}
        self._seq = int(state["seq"])
        self._arrivals = int(state["arrivals"])
        self._stories = {s["id"]: _Story.from_json(s) for s in state["stories"]}
        self._alias = dict(state["alias"])
        self._story_of = dict(state["story_of"])
        self._postings = {k: OrderedDict.fromkeys(v) for k, v in state["postings"].items()}
        self._vec = {k: {t: float(m) for t, m in v.items()} for k, v in state["vectors"].items()}
        self._meta = {k: (v[0], int(v[1]), list(v[2]), float(v[3])) for k, v in state["meta"].items()}
        self._free_order = deque((int(n), aid) for n, aid in state["free_order"])
        self._span_logs = [float(v) for v in state.get("span_logs", [0.0, 0.0])]
        self._mass_cache = {k: (int(v[0]), {t: float(m) for t, m in v[1].items()}) for k, v in state["masses"].items()}
        return self


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    return dot / (math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values())))
