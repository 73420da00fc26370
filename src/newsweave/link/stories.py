"""Story clustering in one streaming pass, and threads within a story.

An arriving article is compared with a handful of candidate stories found
through an inverted index over every story's most informative words and entity
names (never with all stories). If none is close, it starts a story of its
own. Otherwise the article and the close stories are re-clustered together by
average linkage, the batch method, on a small pool: each story enters as its
settled core plus its most recent articles one by one. So a recent article can
leave a story when a better one turns up, two stories merge when an article
bridges them, and the result depends little on the arrival order. Stories of
one or two articles that reach no story are reported with the closest story
when they are near it (a looser test, made when the partition is read).

Similarity is the cosine of TF-IDF vectors over words (presence, names and
title words weigh more) and entity names, damped by time: the threshold rises
with the log of the gap between two groups' time spans. Document frequencies
grow with the stream; stored vectors keep term mass without IDF, and IDF is
applied when they are compared, so old stories are weighed with today's
statistics.

Threads split one story at gaps in time after which the vocabulary moves on
(the talks of March, the settlement of April).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import OrderedDict
from collections.abc import Iterable
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
    # Two groups belong to one story when the mean similarity of their articles reaches
    #   threshold * m / (m + length_half) * (1 + time_penalty * ln(1 + gap / scale)),
    #   scale = time_scale_days + time_span_factor * span;
    # m: the groups' typical number of distinct terms (geometric mean); short texts share fewer words,
    # so their similarities run lower. gap (days) between the groups' time spans, span the longer
    # span: a story that has run for weeks tolerates a longer pause than one told within a day.
    "threshold": 0.28,
    "length_half": 13.0,
    "time_scale_days": 1.0,
    "time_span_factor": 1.0,
    "time_penalty": 0.05,
    # A story of at most orphan_size articles is shown with the closest larger story when their
    # similarity reaches orphan_factor times the threshold: a lone report is rarely a story of its own.
    "orphan_factor": 0.5,
    "orphan_size": 2,
    # Need only this fraction of the groups' own coherence where that is lower (0: off), but never less
    # than this fraction of the base threshold.
    "relative": 0.6,
    "coherence_prior": 3.0,  # pairs' worth of weight of the expected coherence
    # Title words weigh 1 + this; a word written with a capital inside a sentence (a name, mostly) this much more.
    "title_weight": 1.0,
    "name_weight": 3.0,
    # Share of the similarity that comes from entity names when the items carry them.
    "entity_weight": 0.3,
    # Bounds that keep memory and the cost per article independent of the corpus size.
    "centroid_terms": 300,  # terms kept per story
    "article_terms": 200,  # terms kept per article while it can still move
    "free_articles": 16,  # a story's most recent articles, re-clustered one by one
    "pool_stories": 6,  # stories re-clustered with an article
    "pool_factor": 0.5,  # ... those whose similarity reaches pool_factor times the threshold
    "index_terms": 24,  # a story's terms in the inverted index
    "query_terms": 24,  # an article's terms looked up in the index
    "posting_limit": 100,  # stories kept per index term (the most recently updated)
    "candidates": 20,  # stories scored in full per article
    "thread_terms": 16,  # terms remembered per article for threads
    # Threads: a gap of at least thread_gap_days starts a new thread when the later articles' vocabulary
    # is novel (cosine to the thread so far below thread_novelty), or always past thread_max_gap_days.
    "thread_gap_days": 4.0,
    "thread_max_gap_days": 60.0,
    "thread_novelty": 0.5,
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
        out.append((stem(word), raw[0].isupper() and not at_start and not title_case))
    return out


def tokenize(text: str) -> list[str]:
    return [term for term, _ in terms(text)]


def entity_key(name: str) -> str:
    return _ENTITY + _SPACE.sub(" ", name.lower().replace("’", "'")).strip(" .,'\"")


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
        self._vec: dict[str, dict[str, float]] = {}  # term mass of articles that can still move
        # Every article: (days since epoch or None, arrival number, top terms for threads, number of terms).
        self._meta: dict[str, tuple[float | None, int, list[str], float]] = {}
        self._orphans: dict[str, str] | None = None  # cached: small story id -> story shown with
        self._dirty: set[str] = set()  # stories changed since the last read, to check for merges
        self._idf_cache: dict[str, float] = {}
        self._mass_cache: dict[str, tuple[int, dict[str, float]]] = {}

    # ------------------------------------------------------------ features
    def _idf(self, term: str) -> float:
        # Smoothed so that a term seen once in a small corpus is not infinitely informative. Cached
        # until the next article changes the counts: one arrival looks up the same terms many times.
        value = self._idf_cache.get(term)
        if value is None:
            value = self._idf_cache[term] = math.log((self._n_docs + 1.0) / (self._df.get(term, 0) + 1.0)) + 1.0
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
        its own articles are; when `relative` is set the need is that fraction of the two groups'
        coherence (their mean internal similarity, drawn towards what the base expects while there
        are few pairs to judge by). Time raises the need with the log of the gap between the groups'
        spans, measured against the longer span: a story that has run for weeks tolerates a longer
        pause than one told within a day."""
        half = float(self.params["length_half"])
        theta = float(self.params["threshold"])
        m_a, m_b = np.maximum(a.terms / a.n, 1.0), np.maximum(b.terms / b.n, 1.0)
        m = np.sqrt(m_a[:, None] * m_b[None, :])
        need = theta * m / (m + half)
        fraction = float(self.params["relative"])
        if fraction > 0.0:
            prior = float(self.params["coherence_prior"])

            def coherence(g: _Groups, m: np.ndarray) -> np.ndarray:
                pairs = g.n * (g.n - 1.0) / 2.0
                inner = np.where(g.n > 1, (g.self - g.n) / np.maximum(g.n * (g.n - 1.0), 1.0), 0.0)
                expected = theta * m / (m + half) / fraction
                return (pairs * inner + prior * expected) / (pairs + prior)

            relative = fraction * np.sqrt(np.maximum(coherence(a, m_a)[:, None] * coherence(b, m_b)[None, :], 0.0))
            need = np.clip(relative, fraction * need, need)
        gap = np.maximum(0.0, np.maximum(a.lo[:, None] - b.hi[None, :], b.lo[None, :] - a.hi[:, None]))
        duration = np.fmax((a.hi - a.lo)[:, None], (b.hi - b.lo)[None, :])
        scale = float(self.params["time_scale_days"]) + float(self.params["time_span_factor"]) * duration
        factor = 1.0 + float(self.params["time_penalty"]) * np.log1p(gap / scale)
        return need * np.where(np.isnan(factor), 1.0, factor)

    def _dot(self, query: dict[str, float], mass: dict[str, float]) -> float:
        """Dot product of an IDF-weighted vector with term mass weighted now."""
        idf = self._idf
        dot = 0.0
        for t, w in query.items():
            m = mass.get(t)
            if m is not None:
                dot += w * m * idf(t)
        return dot

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
        dots = np.array([self._dot(query, s.mass) for s in stories])
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
        self._orphans = None
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
            return story.id
        return self._recluster(item.id, pool)

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

    def _recluster(self, aid: str, pool: list[_Story]) -> str:
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

        result = ""
        for story, group in assigned:
            merged = [
                self._stories[nd.story] for nd in group if nd.article is None and nd.story and nd.story != story.id
            ]
            free = [nd.article for nd in group if nd.article is not None]
            self._place(story, merged, free, group)
            if aid in free:
                result = story.id
        for story in pool:
            if story.id not in claimed and story.id in self._stories:
                self._drop(story)
        return result

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
        score = gram / np.outer(g.n, g.n) / self._required(g, g)
        np.fill_diagonal(score, -np.inf)
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
            row = gram[i] / (g.n[i] * g.n) / self._required(g.take(i), g)[0]
            score[i, :] = score[:, i] = row
            score[j, :] = score[:, j] = -np.inf
            score[i, i] = -np.inf
            score[[k for k in range(len(nodes)) if not members[k]], i] = -np.inf
            score[i, [k for k in range(len(nodes)) if not members[k]]] = -np.inf
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
        stories changed since the last read are checked, so the cost follows the changes."""
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
                    self._orphans = None
        self._dirty = set()

    def _orphan_map(self) -> dict[str, str]:
        """Small stories shown with the closest larger story, decided on the current state (so not on
        the arrival order): a looser test than joining, for reports that never found company."""
        self._settle()
        if self._orphans is not None:
            return self._orphans
        small = int(self.params["orphan_size"])
        factor = float(self.params["orphan_factor"])
        out: dict[str, str] = {}
        for story in self._stories.values():
            if story.n > small:
                continue
            query = self._weighted(story.mass)
            others = [o for o in self._candidates(query, exclude=story.id) if o.n > small]
            scores = self._scores(query, self._story_groups([story]), others)
            if len(scores) and scores.max() >= factor:
                out[story.id] = others[int(np.argmax(scores))].id
        self._orphans = out
        return out

    def story_of(self, article_id: str) -> str:
        sid = self._resolve(self._story_of[article_id])
        return self._orphan_map().get(sid, sid)

    def stories(self) -> dict[str, list[str]]:
        """Story id -> article ids in arrival order."""
        orphans = self._orphan_map()
        out: dict[str, list[str]] = {}
        for sid, story in self._stories.items():
            out.setdefault(orphans.get(sid, sid), []).extend(story.articles)
        return {sid: sorted(ids, key=lambda a: self._meta[a][1]) for sid, ids in out.items()}

    def __len__(self) -> int:
        return len(self._story_of)

    # ------------------------------------------------------------ threads
    def threads(self, story_id: str) -> list[list[str]]:
        """Article ids per thread, threads and articles in time order.

        Dated articles are cut into bursts at gaps of thread_gap_days; a burst starts a new thread when
        its vocabulary is novel against the thread so far (a new development brings new facts, a
        follow-up repeats the old ones), or when the gap exceeds thread_max_gap_days. Undated articles
        join the thread of the article they share most vocabulary with, next to it."""
        ids = self.stories()[self._resolve(story_id)]
        dated = sorted((self._meta[a][0], self._meta[a][1], a) for a in ids if self._meta[a][0] is not None)
        undated = [a for a in ids if self._meta[a][0] is None]
        if not dated:
            return [ids]
        gap = float(self.params["thread_gap_days"])
        max_gap = float(self.params["thread_max_gap_days"])
        bursts: list[list[tuple[float, int, str]]] = [[dated[0]]]
        for prev, cur in zip(dated, dated[1:], strict=False):
            if cur[0] - prev[0] >= gap:
                bursts.append([])
            bursts[-1].append(cur)
        threads: list[list[tuple[float, int, str]]] = [bursts[0]]
        for burst in bursts[1:]:
            pause = burst[0][0] - threads[-1][-1][0]
            overlap = _cosine(self._terms(a for *_, a in burst), self._terms(a for *_, a in threads[-1]))
            if pause > max_gap or overlap < float(self.params["thread_novelty"]):
                threads.append(burst)
            else:
                threads[-1].extend(burst)
        for aid in undated:
            own = self._terms([aid])
            _, which, near = max(
                ((_cosine(own, self._terms([entry[2]])), i, entry) for i, th in enumerate(threads) for entry in th),
                key=lambda x: x[0],
            )
            threads[which].append((near[0], self._meta[aid][1], aid))
        return [[a for *_, a in sorted(th)] for th in threads]

    def _terms(self, ids: Iterable[str]) -> dict[str, float]:
        # Rank weights: the stored terms of an article carry no weights, its first term counts most.
        out: dict[str, float] = {}
        for aid in ids:
            for rank, t in enumerate(self._meta[aid][2]):
                out[t] = out.get(t, 0.0) + 1.0 / math.sqrt(1.0 + rank)
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
            "dirty": sorted(self._dirty),
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
        self._dirty = set(state.get("dirty", ()))
        return self


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    return dot / (math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values())))
