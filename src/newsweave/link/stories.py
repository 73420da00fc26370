"""Story clustering in one streaming pass, and threads within a story.

Each article is compared with a handful of candidate stories found through an
inverted index over every story's most informative words and entity names
(never with all stories), and joins the best one if the similarity clears a
threshold, or starts a story of its own. When an article is close to two
stories at once and the two stories' centroids agree, the stories merge: this
is how an early split, caused by the arrival order, heals later.

Similarity is the cosine between TF-IDF vectors, computed separately for words
(title words weigh more) and for entity names, then mixed and damped by the
time between the article and the story's span. Document frequencies grow with
the stream; story centroids keep raw term mass, and IDF is applied when they
are compared, so an old story is scored with today's statistics.

Threads split one story at gaps in time after which the vocabulary moves on
(the talks of March, the settlement of April).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

STATE_VERSION = 1

# Function words, and the reporting verbs every article uses.
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
""".split()
)

# Labels of names that identify a story; numbers and dates are counted as words.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})

_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_SPACE = re.compile(r"\s+")

DEFAULTS: dict[str, Any] = {
    # Join the best story when its similarity reaches this; otherwise start a story.
    "threshold": 0.2,
    # "average": mean cosine to the story's articles (the streaming form of average linkage);
    # "centroid": cosine to the story's centroid.
    "linkage": "average",
    # Two stories merge when an article reaches both and their centroids are this close.
    "merge_threshold": 0.2,
    # Title words count this many times over body words (a headline says what the story is).
    "title_weight": 2.0,
    # Term frequency: "binary" (presence; a long article repeating a word says little more) or "log".
    "tf": "binary",
    # Weight of a word written with a capital inside a sentence (a name, most of the time).
    "name_weight": 3.0,
    # Share of the similarity that comes from entity names when both sides have some.
    "entity_weight": 0.3,
    # Time decay: similarity is multiplied by exp(-gap / scale), the gap (days) measured from the
    # story's span, and the scale widening with that span (a long-running story tolerates longer gaps).
    "time_scale_days": 3.0,
    "time_span_factor": 0.5,
    # Memory and speed bounds, independent of corpus size.
    "centroid_terms": 200,  # terms kept per story centroid
    "index_terms": 20,  # a story's terms in the inverted index
    "query_terms": 20,  # an article's terms looked up in the index
    "posting_limit": 100,  # stories kept per index term (most recently updated)
    "candidates": 20,  # stories scored in full per article
    "article_terms": 16,  # terms kept per article (for threads)
    # Threads: a gap of at least `thread_gap_days` starts a new thread when the later articles'
    # vocabulary is novel (cosine to the thread so far below `thread_novelty`), or always past `thread_max_gap_days`.
    "thread_gap_days": 4.0,
    "thread_max_gap_days": 30.0,
    "thread_novelty": 0.5,
}


@dataclass(slots=True)
class StoryItem:
    id: str
    title: str | None
    text: str
    date: str | None  # ISO date or datetime of publication, or None
    entities: list[tuple[str, str]] = field(default_factory=list)  # (resolved name, label), may be empty


def stem(word: str) -> str:
    """A light plural/possessive stripper (Harman's S-stemmer): enough to make 'pirates' meet 'pirate'
    without the over-merging of a full stemmer."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) > 3 and word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and not word.endswith(("aes", "ees", "oes", "ses", "ues")):
        return word[:-1]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("us", "ss", "is")):
        return word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    return [term for term, _ in terms(text)]


# What may come between a sentence's end and the next word: a capital after it is no sign of a name.
_SENTENCE_BREAK = frozenset(".!?:;|\n\"“”‘'([—–-")


def terms(text: str) -> list[tuple[str, bool]]:
    """Index terms with a flag for a capitalised word inside a sentence: most such words are names,
    and names are what tell two stories of the same kind apart (two rehab check-ins, two earthquakes).
    In a headline written in title case capitals say nothing, so nothing is flagged there."""
    matches = list(_WORD.finditer(text))
    capitals = sum(1 for m in matches if m.group()[0].isupper())
    title_case = len(matches) >= 3 and capitals > 0.6 * len(matches)
    out = []
    last = 0
    for m in matches:
        raw = m.group()
        gap = text[last : m.start()]
        at_start = last == 0 or any(c in _SENTENCE_BREAK for c in gap)
        last = m.end()
        word = raw.lower().replace("’", "'").strip(".'-")
        if len(word) < 2 or word in STOPWORDS:
            continue
        out.append((stem(word), raw[0].isupper() and not at_start and not title_case))
    return out


def entity_key(name: str) -> str:
    return _SPACE.sub(" ", name.lower().replace("’", "'")).strip(" .,'\"")


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


def _sublinear1(count: float) -> float:
    return 1.0 + math.log(count) if count >= 1.0 else count


class _Story:
    __slots__ = ("id", "seq", "articles", "words", "ents", "t_min", "t_max", "indexed", "n")

    def __init__(self, sid: str, seq: int) -> None:
        self.id = sid
        self.seq = seq  # creation order: the older story's id survives a merge
        self.articles: list[str] = []
        self.words: dict[str, float] = {}  # raw term mass, summed over articles (each of unit length)
        self.ents: dict[str, float] = {}
        self.t_min: float | None = None
        self.t_max: float | None = None
        self.indexed: list[str] = []  # its keys in the inverted index
        self.n = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "seq": self.seq,
            "articles": self.articles,
            "words": self.words,
            "ents": self.ents,
            "t_min": self.t_min,
            "t_max": self.t_max,
            "indexed": self.indexed,
            "n": self.n,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> _Story:
        story = cls(data["id"], data["seq"])
        story.articles = list(data["articles"])
        story.words = dict(data["words"])
        story.ents = dict(data["ents"])
        story.t_min = data["t_min"]
        story.t_max = data["t_max"]
        story.indexed = list(data["indexed"])
        story.n = data["n"]
        return story


@dataclass(slots=True)
class _Vec:
    """An article as the clusterer sees it: sublinear term weights, not yet IDF-weighted."""

    words: dict[str, float]
    ents: dict[str, float]
    time: float | None


class StoryClusterer:
    """Assigns articles to stories as they arrive; see the module docstring."""

    def __init__(self, **params: Any) -> None:
        unknown = set(params) - set(DEFAULTS)
        if unknown:
            raise TypeError(f"unknown parameters: {', '.join(sorted(unknown))}")
        self.params: dict[str, Any] = {**DEFAULTS, **params}
        self._n_docs = 0
        self._df: dict[str, int] = {}  # words and entity keys ("\x00" prefix) share one table
        self._stories: dict[str, _Story] = {}
        self._alias: dict[str, str] = {}  # merged story id -> the story it went into
        self._story_of: dict[str, str] = {}
        self._postings: dict[str, OrderedDict[str, None]] = {}
        self._articles: dict[str, tuple[float | None, list[str]]] = {}
        self._seq = 0

    # ------------------------------------------------------------ features
    def _vectorize(self, item: StoryItem) -> _Vec:
        name_weight = float(self.params["name_weight"])
        binary = self.params["tf"] == "binary"
        body: dict[str, float] = {}
        boost: dict[str, float] = {}
        for term, is_name in terms(item.text or ""):
            body[term] = body.get(term, 0.0) + 1.0
            if is_name:
                boost[term] = name_weight
        words = {t: 1.0 if binary else _sublinear1(c) for t, c in body.items()}
        title_weight = float(self.params["title_weight"])
        for term, is_name in set(terms(item.title or "")):
            words[term] = words.get(term, 0.0) + title_weight
            if is_name:
                boost[term] = name_weight
        for term, factor in boost.items():
            words[term] *= factor
        ents: dict[str, float] = {}
        for name, label in item.entities:
            if label in ENTITY_LABELS:
                key = "\x00" + entity_key(name)
                if len(key) > 2:
                    ents[key] = ents.get(key, 0.0) + 1.0
        ents = {t: 1.0 if binary else _sublinear1(c) for t, c in ents.items()}
        return _Vec(words, ents, parse_time(item.date))

    def _idf(self, term: str) -> float:
        # Smoothed so that a term seen once in a small corpus is not infinitely informative.
        return math.log((self._n_docs + 1.0) / (self._df.get(term, 0) + 1.0)) + 1.0

    def _weighted(self, vec: dict[str, float]) -> dict[str, float]:
        """The vector with today's IDF, of unit length."""
        out = {t: w * self._idf(t) for t, w in vec.items()}
        norm = math.sqrt(sum(w * w for w in out.values()))
        return {t: w / norm for t, w in out.items()} if norm else {}

    # ------------------------------------------------------------ similarity
    def _time_factor(self, t: float | None, story: _Story) -> float:
        if t is None or story.t_min is None or story.t_max is None:
            return 1.0
        gap = max(0.0, story.t_min - t, t - story.t_max)
        if gap == 0.0:
            return 1.0
        span = story.t_max - story.t_min
        scale = float(self.params["time_scale_days"]) + float(self.params["time_span_factor"]) * span
        return math.exp(-gap / scale)

    def _mix(self, word_sim: float, ent_sim: float | None) -> float:
        if ent_sim is None:
            return word_sim
        share = float(self.params["entity_weight"])
        return (1.0 - share) * word_sim + share * ent_sim

    def _link(self, query: dict[str, float], mass: dict[str, float], n: int) -> float:
        """Similarity of a unit vector to a story's term mass (the sum of its articles' unit vectors
        without IDF, so that today's IDF can be applied): the mean cosine to the story's articles
        ("average"), as average-linkage clustering would use, or the cosine to the centroid."""
        if not query or not mass:
            return 0.0
        idf = self._idf
        dot = 0.0
        for t, w in query.items():
            m = mass.get(t)
            if m is not None:
                dot += w * m * idf(t)
        if dot == 0.0:
            return 0.0
        if self.params["linkage"] == "average":
            return dot / n
        return dot / math.sqrt(sum((m * idf(t)) ** 2 for t, m in mass.items()))

    def _score(self, wq: dict[str, float], eq: dict[str, float], t: float | None, story: _Story) -> float:
        word_sim = self._link(wq, story.words, story.n)
        ent_sim = self._link(eq, story.ents, story.n) if eq and story.ents else None
        return self._mix(word_sim, ent_sim) * self._time_factor(t, story)

    def _story_similarity(self, a: _Story, b: _Story) -> float:
        word_sim = self._link(self._weighted_mass(a.words), b.words, b.n)
        ent_sim = None
        if a.ents and b.ents:
            ent_sim = self._link(self._weighted_mass(a.ents), b.ents, b.n)
        if self.params["linkage"] == "average":
            word_sim /= a.n
            ent_sim = None if ent_sim is None else ent_sim / a.n
        gap_factor = 1.0
        if a.t_min is not None and b.t_min is not None and a.t_max is not None and b.t_max is not None:
            gap_factor = min(self._time_factor(a.t_min, b), self._time_factor(a.t_max, b))
        return self._mix(word_sim, ent_sim) * gap_factor

    def _weighted_mass(self, mass: dict[str, float]) -> dict[str, float]:
        out = {t: m * self._idf(t) for t, m in mass.items()}
        if self.params["linkage"] == "average":
            return out
        norm = math.sqrt(sum(w * w for w in out.values()))
        return {t: w / norm for t, w in out.items()} if norm else {}

    # ------------------------------------------------------------ candidates
    def _candidates(self, wq: dict[str, float], eq: dict[str, float]) -> list[_Story]:
        query = heapq.nlargest(int(self.params["query_terms"]), {**wq, **eq}.items(), key=lambda kv: kv[1])
        votes: dict[str, float] = {}
        for term, weight in query:
            for sid in self._postings.get(term, ()):
                votes[sid] = votes.get(sid, 0.0) + weight
        best = heapq.nlargest(int(self.params["candidates"]), votes.items(), key=lambda kv: kv[1])
        return [self._stories[sid] for sid, _ in best if sid in self._stories]

    def _reindex(self, story: _Story) -> None:
        limit = int(self.params["index_terms"])
        words = heapq.nlargest(limit, story.words.items(), key=lambda kv: kv[1] * self._idf(kv[0]))
        ents = heapq.nlargest(max(1, limit // 2), story.ents.items(), key=lambda kv: kv[1] * self._idf(kv[0]))
        keys = [t for t, _ in words] + [t for t, _ in ents]
        for old in set(story.indexed) - set(keys):
            posting = self._postings.get(old)
            if posting is not None:
                posting.pop(story.id, None)
                if not posting:
                    del self._postings[old]
        cap = int(self.params["posting_limit"])
        for key in keys:
            posting = self._postings.setdefault(key, OrderedDict())
            posting[story.id] = None
            posting.move_to_end(story.id)
            while len(posting) > cap:
                posting.popitem(last=False)
        story.indexed = keys

    def _unindex(self, story: _Story) -> None:
        for key in story.indexed:
            posting = self._postings.get(key)
            if posting is not None:
                posting.pop(story.id, None)
                if not posting:
                    del self._postings[key]
        story.indexed = []

    # ------------------------------------------------------------ updates
    def _absorb(self, story: _Story, vec: _Vec, wq: dict[str, float], eq: dict[str, float]) -> None:
        # Mass is the article's unit vector with the IDF taken out again, so that the story can be
        # compared with today's IDF later.
        for t, w in wq.items():
            story.words[t] = story.words.get(t, 0.0) + w / self._idf(t)
        for t, w in eq.items():
            story.ents[t] = story.ents.get(t, 0.0) + w / self._idf(t)
        if vec.time is not None:
            story.t_min = vec.time if story.t_min is None else min(story.t_min, vec.time)
            story.t_max = vec.time if story.t_max is None else max(story.t_max, vec.time)
        story.n += 1
        self._truncate(story)

    def _truncate(self, story: _Story) -> None:
        # Pruned only when twice over the bound, so the cost is amortised.
        k = int(self.params["centroid_terms"])
        if len(story.words) > 2 * k:
            story.words = dict(heapq.nlargest(k, story.words.items(), key=lambda kv: kv[1] * self._idf(kv[0])))
        if len(story.ents) > k:
            keep = k // 2
            story.ents = dict(heapq.nlargest(keep, story.ents.items(), key=lambda kv: kv[1] * self._idf(kv[0])))

    def _merge(self, a: _Story, b: _Story) -> _Story:
        keep, gone = (a, b) if a.seq < b.seq else (b, a)
        for t, w in gone.words.items():
            keep.words[t] = keep.words.get(t, 0.0) + w
        for t, w in gone.ents.items():
            keep.ents[t] = keep.ents.get(t, 0.0) + w
        keep.articles.extend(gone.articles)
        keep.n += gone.n
        for bound in (gone.t_min, gone.t_max):
            if bound is not None:
                keep.t_min = bound if keep.t_min is None else min(keep.t_min, bound)
                keep.t_max = bound if keep.t_max is None else max(keep.t_max, bound)
        self._unindex(gone)
        del self._stories[gone.id]
        self._alias[gone.id] = keep.id
        self._truncate(keep)
        self._reindex(keep)
        return keep

    def add(self, item: StoryItem) -> str:
        """Assign the article to the best story or start one; returns the story id."""
        if item.id in self._story_of:
            return self.story_of(item.id)
        vec = self._vectorize(item)
        # Document frequencies include the article itself, as a batch TF-IDF would.
        self._n_docs += 1
        for t in vec.words:
            self._df[t] = self._df.get(t, 0) + 1
        for t in vec.ents:
            self._df[t] = self._df.get(t, 0) + 1
        wq = self._weighted(vec.words)
        eq = self._weighted(vec.ents)
        scored = sorted(
            ((self._score(wq, eq, vec.time, s), s.seq, s) for s in self._candidates(wq, eq)),
            key=lambda x: (-x[0], x[1]),
        )
        threshold = float(self.params["threshold"])
        if scored and scored[0][0] >= threshold:
            story = scored[0][2]
        else:
            self._seq += 1
            story = _Story(f"s{self._seq}", self._seq)
            self._stories[story.id] = story
        story.articles.append(item.id)
        self._story_of[item.id] = story.id
        self._absorb(story, vec, wq, eq)
        # The article may bridge its story with another one it also resembles.
        merge_threshold = float(self.params["merge_threshold"])
        for score, _, other in scored[1:]:
            if score < threshold:
                break
            if other.id not in self._stories or other.id == story.id:
                continue
            if self._story_similarity(story, other) >= merge_threshold:
                story = self._merge(story, other)
        self._reindex(story)
        top = heapq.nlargest(int(self.params["article_terms"]), {**wq, **eq}.items(), key=lambda kv: kv[1])
        self._articles[item.id] = (vec.time, [t for t, _ in top])
        return story.id

    # ------------------------------------------------------------ queries
    def _resolve(self, sid: str) -> str:
        root = sid
        while root in self._alias:
            root = self._alias[root]
        while sid != root:  # path compression keeps later look-ups short
            nxt = self._alias[sid]
            self._alias[sid] = root
            sid = nxt
        return root

    def story_of(self, article_id: str) -> str:
        return self._resolve(self._story_of[article_id])

    def stories(self) -> dict[str, list[str]]:
        return {sid: list(s.articles) for sid, s in self._stories.items()}

    def __len__(self) -> int:
        return len(self._story_of)

    # ------------------------------------------------------------ threads
    def threads(self, story_id: str) -> list[list[str]]:
        """Article ids per thread, threads and articles in time order.

        Dated articles are cut into bursts at gaps of `thread_gap_days`; a burst starts a new thread
        when its vocabulary is novel against the thread so far (a new development brings new facts,
        a follow-up repeats the old ones), or when the gap exceeds `thread_max_gap_days`. Undated
        articles join the thread whose vocabulary they share most, next to their closest article."""
        story = self._stories[self._resolve(story_id)]
        dated = sorted(
            ((self._articles[a][0], a) for a in story.articles if self._articles[a][0] is not None),
            key=lambda x: (x[0], x[1]),
        )
        undated = [a for a in story.articles if self._articles[a][0] is None]
        if not dated:
            return [list(story.articles)]
        gap = float(self.params["thread_gap_days"])
        max_gap = float(self.params["thread_max_gap_days"])
        bursts: list[list[tuple[float, str]]] = [[dated[0]]]
        for prev, cur in zip(dated, dated[1:]):
            if cur[0] - prev[0] >= gap:
                bursts.append([])
            bursts[-1].append(cur)
        threads: list[list[tuple[float, str]]] = [bursts[0]]
        for burst in bursts[1:]:
            pause = burst[0][0] - threads[-1][-1][0]
            overlap = _term_cosine(self._terms(a for _, a in burst), self._terms(a for _, a in threads[-1]))
            if pause > max_gap or overlap < float(self.params["thread_novelty"]):
                threads.append(burst)
            else:
                threads[-1].extend(burst)
        for aid in undated:
            terms = self._terms([aid])
            best = max(
                ((_term_cosine(terms, self._terms([a])), i, t) for i, th in enumerate(threads) for t, a in th),
                key=lambda x: x[0],
            )
            threads[best[1]].append((best[2], aid))
        return [[a for _, a in sorted(th, key=lambda x: x[0])] for th in threads]

    def _terms(self, ids: Any) -> dict[str, float]:
        # Rank weights: an article's first term counts most, as its stored terms carry no weights.
        out: dict[str, float] = {}
        for aid in ids:
            terms = self._articles[aid][1]
            for rank, t in enumerate(terms):
                out[t] = out.get(t, 0.0) + 1.0 / (1.0 + rank) ** 0.5
        return out

    # ------------------------------------------------------------ persistence
    def to_state(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "params": dict(self.params),
            "n_docs": self._n_docs,
            "df": self._df,
            "seq": self._seq,
            "stories": [s.to_json() for s in self._stories.values()],
            "alias": self._alias,
            "story_of": self._story_of,
            "postings": {k: list(v) for k, v in self._postings.items()},
            "articles": {k: [t, terms] for k, (t, terms) in self._articles.items()},
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> StoryClusterer:
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unsupported story state version {state.get('version')!r}")
        self = cls(**{k: v for k, v in state["params"].items() if k in DEFAULTS})
        self._n_docs = int(state["n_docs"])
        self._df = {k: int(v) for k, v in state["df"].items()}
        self._seq = int(state["seq"])
        self._stories = {s["id"]: _Story.from_json(s) for s in state["stories"]}
        self._alias = dict(state["alias"])
        self._story_of = dict(state["story_of"])
        self._postings = {k: OrderedDict.fromkeys(v) for k, v in state["postings"].items()}
        self._articles = {k: (v[0], list(v[1])) for k, v in state["articles"].items()}
        return self


def _term_cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    return dot / (math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values())))
