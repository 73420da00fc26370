"""The story's timeline (what happened and when) and publication-date
estimates for the articles that state none.

An event date is a normalised time expression (a DATE, or a TIME's day) at
day, month or year precision, anchored to the sentence it stands in. Every
sentence that names a date is a reference to it; references from all the
story's articles are merged into one entry per date, which cites them all.
How much a date matters follows DATEWISE (Ghalandari & Ifrim 2020): the
number of independent sources that refer to it, counted more fully when the
source was written soon after the date (a report written days after an event
names its date because the date matters; a retrospective names many dates in
passing), with the publication dates themselves as a faint extra signal.

An undated article is placed by what it shares with the dated ones: when one
of its relative expressions ("on Saturday", "last week") sits in a sentence
that reports what another article's sentence reports with a known time, both
name that time, and only a run of publication dates makes the undated
article's expression resolve to it (found by re-running the time rules with
trial dates). Independent reports of one news moment word the same event far
apart, so in a story whose dated articles were written within two weeks, an
expression is also paired loosely with the times of its kind the story names
("on Thursday" with the one Thursday it dates, "last month" with a day,
"last year" with a month or year), each pairing weighted by the words the
sentences share; one such pairing alone places nothing. The dates that
satisfy the most constraints by weight are the estimate; the dates the
article names absolutely bound it from below (it cannot report an event
before the event), and so does the lineage: no earlier than a dated article
it derives from, no later than a dated article derived from it. Left out as evidence: expressions
in quotes (the speaker's day, not the writer's), deadlines ("until Friday"
reads forward to one writer and back to another), "today" across independent
reports (the same day only if both were written on it) and bare month names
(their year is the rules' guess). An article with a short estimate (a week at
most) has its relative expressions re-valued from the earliest date it can
have been written (news is written soon after what it reports); with a longer
one, only those that come out the same anywhere in the window are kept. Such
entries are marked as estimated.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from newsweave.annotate.timex import find_timexes, parse_dct
from newsweave.model import DateRange, StoryArticle, Timex
from newsweave.sentences import split_spans
from newsweave.words import crude_stem

__all__ = ["build_timeline", "estimate_publication", "sentence_spans"]

# --------------------------------------------------------------------------
# Parameters. Few on purpose: the same settings must hold on stories never
# seen while tuning.

#: Sentences kept per entry (the caller trims further if it wants).
SENTENCES_PER_ENTRY = 5
#: Longer sentences are run-on scraps more often than summaries.
MAX_SENTENCE_WORDS = 80
#: A sentence this close (cosine) to one already chosen for the entry repeats it.
REDUNDANT = 0.5
#: Days after a date within which a report counts as a first-hand witness of it.
NEWS_LAG_DAYS = 3
#: Weight of one article's publication on a date, beside one source's reference.
PUBLICATION_WEIGHT = 0.1
#: A date still to come when the source was written is a plan, not yet an event; so is the current month or year.
FUTURE_WEIGHT = 0.25
#: Importance is scaled by precision: a month or a year says less than a day.
PRECISION_WEIGHT = {"day": 1.0, "month": 0.5, "year": 0.25}
#: Dates outside the span the story's articles were written in are background or outlook, not its events.
OUTSIDE_SPAN_WEIGHT = 0.5
#: Estimates no wider than this (in days) fix an anchor for relative expressions.
SHORT_WINDOW_DAYS = 7

Precision = str  # "day" | "month" | "year"

# --------------------------------------------------------------------------
# Sentences


_SENT_END = re.compile(r"[.!?…][\"”’»)\]]*(?:\s+|(?=[A-Z“\"«]))(?=[\"“«‘(\[]?[A-Z0-9])")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|St|Jr|Sr|Prof|No|Mt|Ft|Inc|Co|Corp|vs|Jan|Feb|Mar"
    r"|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z])\.|\b[A-Z]\.[A-Z]\.)$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences of `text`, without their spaces: lines
    first (news bodies and tokenised corpora put one paragraph or sentence a
    line), then stops followed by a capital, unless the stop ends an
    abbreviation (month names included, which dates are full of)."""
    out = []
    for s, e in split_spans(text, _SENT_END, _ABBREV):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


# --------------------------------------------------------------------------
# Time values as intervals of days


@dataclass(frozen=True, slots=True)
class EventDate:
    key: str  # ISO at its precision: "2024-03-16", "2024-03", "2024"
    precision: Precision
    first: date
    last: date


_DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR_RE = re.compile(r"^(\d{4})$")


def _month_end(y: int, m: int) -> date:
    return (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1))


def event_date(value: str | None) -> EventDate | None:
    """The calendar date a TimeML value names at day, month or year
    precision; None for weeks, seasons, quarters, references and the like."""
    if not value:
        return None
    try:
        if m := _DAY_RE.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return EventDate(d.isoformat(), "day", d, d)
        if m := _MONTH_RE.match(value):
            y, mo = int(m[1]), int(m[2])
            return EventDate(value, "month", date(y, mo, 1), _month_end(y, mo))
        if m := _YEAR_RE.match(value):
            y = int(m[1])
            return EventDate(value, "year", date(y, 1, 1), date(y, 12, 31))
    except ValueError:
        return None
    return None


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def value_interval(value: str | None) -> tuple[date, date] | None:
    """The days any TimeML date value covers (weeks, weekends, quarters,
    halves, seasons and decades too), for telling whether two values can name
    the same time."""
    ev = event_date(value)
    if ev is not None:
        return ev.first, ev.last
    if not value:
        return None
    try:
        if m := re.match(r"^(\d{4})-W(\d{2})(-WE)?$", value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return (monday + timedelta(days=5), monday + timedelta(days=6)) if m[3] else (
                monday, monday + timedelta(days=6))
        if m := re.match(r"^(\d{4})-([QH])(\d)$", value):
            y, size, n = int(m[1]), 3 if m[2] == "Q" else 6, int(m[3])
            return date(y, (n - 1) * size + 1, 1), _month_end(y, n * size)
        if m := re.match(r"^(\d{4})-(SP|SU|FA|WI)$", value):
            y, (a, b) = int(m[1]), _SEASON_MONTHS[m[2]]
            return date(y, a, 1), _month_end(y + (b > 12), (b - 1) % 12 + 1)
        if m := re.match(r"^(\d{3})$", value):
            y = int(m[1]) * 10
            return date(y, 1, 1), date(y + 9, 12, 31)
    except ValueError:
        return None
    return None


def _published(item: StoryArticle) -> date | None:
    return parse_dct(item.article.published)


# --------------------------------------------------------------------------
# References: a sentence naming a date


@dataclass(slots=True)
class _Ref:
    item: int  # index into the story's items
    sentence: int  # index into that item's sentences
    when: EventDate
    estimated: bool


@dataclass(slots=True)
class _Doc:
    """One article as the timeline reads it."""

    item: StoryArticle
    published: date | None
    sentences: list[tuple[int, int]]
    timexes: list[Timex]
    estimated: set[int] = field(default_factory=set)  # indexes of timexes valued by an estimate
    anchor: date | None = None  # the date an estimate fixes for an undated article

    @property
    def written(self) -> date | None:
        return self.published or self.anchor

    def sentence_of(self, pos: int) -> int:
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sentences[mid][1] <= pos:
                lo = mid + 1
            else:
                hi = mid
        return min(lo, len(self.sentences) - 1)

    def text(self, k: int) -> str:
        s, e = self.sentences[k]
        return self.item.article.text[s:e]


def _is_event_timex(t: Timex) -> bool:
    # Durations and sets are not points in time; a TIME carries its day.
    return t.type in ("DATE", "TIME") and t.value is not None


def _references(docs: list[_Doc]) -> list[_Ref]:
    refs = []
    for i, doc in enumerate(docs):
        if not doc.sentences:
            continue
        seen: set[tuple[int, str]] = set()
        for j, t in enumerate(doc.timexes):
            if not _is_event_timex(t):
                continue
            when = event_date(t.value)
            if when is None:
                continue
            k = doc.sentence_of(t.start)
            if (k, when.key) in seen:
                continue  # one sentence naming a date twice is one reference
            seen.add((k, when.key))
            refs.append(_Ref(i, k, when, j in doc.estimated))
    return refs


# --------------------------------------------------------------------------
# Words, for comparing sentences

_STOP = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "is", "are", "was", "were", "be",
    "been", "being", "by", "with", "from", "as", "that", "this", "these", "those", "it", "its", "he", "she", "they",
    "his", "her", "their", "them", "him", "i", "we", "you", "our", "your", "us", "me", "my", "not", "no", "nor",
    "than", "then", "there", "here", "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "will",
    "would", "shall", "should", "can", "could", "may", "might", "must", "has", "have", "had", "do", "does", "did",
    "said", "says", "say", "told", "also", "after", "before", "over", "under", "about", "into", "out", "up", "down",
    "more", "most", "less", "least", "some", "any", "all", "each", "other", "such", "only", "very", "just", "so",
    "if", "while", "since", "until", "because", "though", "although", "new", "one", "two", "three", "first", "last",
    "next", "year", "years", "month", "months", "week", "weeks", "day", "days", "today", "yesterday", "tomorrow",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "june", "july", "august", "september", "october", "november", "december", "time", "mr", "mrs",
    "ms", "lrb", "rrb", "lsb", "rsb", "s", "t", "n", "re", "ve", "ll", "d", "m",
})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=1 << 16)  # every token of every article passes here; a story repeats its words
def _stem(word: str) -> str:
    return crude_stem(word, 6)


def _terms(text: str) -> list[str]:
    return [_stem(w) for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in _STOP]


# --------------------------------------------------------------------------
# Publication estimates

_FUTURE_CONTEXT = re.compile(
    r"\b(?:will|would|shall|'ll|going\s+to|expected|expects?|scheduled|plans?|planned|due|until|till|by"
    r"|before|deadline|upcoming|set\s+to|aims?|hopes?|target)\b", re.IGNORECASE)
_ANAPHORIC = re.compile(r"\b(?:that|same|following|previous|preceding|earlier|later|before|after|prior)\b",
                        re.IGNORECASE)
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
_RELATIVE_WORD = re.compile(r"\b(?:last|this|next|past|coming|ago)\b")
_WRITING_DAY = frozenset({"today", "tonight", "yesterday", "tomorrow"})
# "until Thursday", "by Friday": a deadline is read forward by one writer and back by another.
_DEADLINE_BEFORE = re.compile(r"\b(?:until|till|by|before|through)(?:\s+at\s+(?:least|the\s+latest))?\s*$", re.I)
_LAST_WEEKDAY = re.compile(r"\blast\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_NEXT_WEEKDAY = re.compile(r"\bnext\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
#: Two sentences report the same thing when their words, weighted by rarity, match this well (cosine).
SAME_REPORT = 0.3
#: Independent reports of one story word the same event far apart (paraphrase, translation): a pairing
#: this loose counts only when the time named is of the kind the expression names, and only by its weight.
WEAK_REPORT = 0.1
#: Loose pairing needs a story of one news moment: over weeks, "on Saturday" or "last month" names
#: different times in different reports.
COMPACT_STORY_DAYS = 14
#: Alternatives kept per expression in loose pairing (the best matching times it may name).
WEAK_ALTERNATIVES = 4


_CALENDAR = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tomorrow",
    "tonight", "day", "week", "weekend", "month", "year", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "spring", "summer", "autumn", "fall", "winter",
    "quarter", "decade",
})


def _calendar_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} & _CALENDAR


@dataclass(slots=True)
class _Constraint:
    """The undated article's expression `timex` names the time `target`."""

    timex: Timex
    sentence: tuple[int, int]
    target: tuple[date, date]
    weight: float = 1.0  # how surely the two expressions name one time
    loose: bool = False  # a pairing of independent reports by a time of the right kind (`_weak_matches`)


def _content_floor(doc: _Doc) -> date | None:
    """The latest day the article reports as past by an absolute date: it
    cannot have been written before it. Dates in plans and deadlines ("will
    vote on May 5", "by the end of 2023") say nothing of the writing date."""
    text = doc.item.article.text
    floor: date | None = None
    for t in doc.timexes:
        if t.type != "DATE" or t.value is None:
            continue
        ev = event_date(t.value)
        if ev is None:
            continue
        s, e = doc.sentences[doc.sentence_of(t.start)] if doc.sentences else (0, len(text))
        if _FUTURE_CONTEXT.search(text, s, e) or _deadline(doc, t):
            continue
        if floor is None or ev.first > floor:
            floor = ev.first
    return floor


@dataclass(slots=True)
class _Target:
    """A time expression with a known value in some article, with the words of its sentence."""

    doc: int
    timex: Timex
    interval: tuple[date, date]
    sentence: set[str]
    calendar: set[str]
    alone: bool  # the only valued expression of its sentence
    key: str  # what the expression says, for telling "last week" from "the past week"


def _sentence_idf(docs: list[_Doc]) -> dict[str, float]:
    """Rarity of each word among the story's sentences: sharing a rare word
    (a name, "uranium", "overturned") says more that two sentences report one
    thing than sharing the story's own vocabulary does."""
    df: Counter[str] = Counter()
    n = 0
    for doc in docs:
        for k in range(len(doc.sentences)):
            df.update(set(_terms(doc.text(k))))
            n += 1
    return {t: math.log((n + 1) / c) for t, c in df.items()}


def _similarity(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    """Cosine of two sentences' word sets, each word weighted by its rarity."""
    if not a or not b:
        return 0.0
    weight = lambda t: idf.get(t, 1.0) ** 2  # noqa: E731 - a one-line helper reads best here
    shared = sum(weight(t) for t in a & b)
    return shared / math.sqrt(sum(weight(t) for t in a) * sum(weight(t) for t in b))


class _WordSets:
    """Sentences' word sets, one object per distinct sequence of words, and their similarities computed
    once per pair: undated articles are matched against every valued expression of the story, and in a
    story of copies most of those sentences recur word for word. A set built from the same sequence
    iterates in the same order, so every similarity is the float the pairwise computation gives."""

    def __init__(self) -> None:
        self.sets: dict[tuple[str, ...], set[str]] = {}
        self.sims: dict[tuple[int, int], float] = {}

    def of(self, text: str) -> set[str]:
        terms = tuple(_terms(text))
        found = self.sets.get(terms)
        if found is None:
            found = self.sets[terms] = set(terms)
        return found

    def similarity(self, a: set[str], b: set[str], idf: dict[str, float]) -> float:
        key = (id(a), id(b))  # both interned by `of`, alive as long as this object
        found = self.sims.get(key)
        if found is None:
            found = self.sims[key] = _similarity(a, b, idf)
        return found


def _targets(docs: list[_Doc], words: _WordSets) -> list[_Target]:
    out = []
    for i, doc in enumerate(docs):
        valued = [(t, value_interval(t.value)) for t in doc.timexes if t.type in ("DATE", "TIME")]
        per_sentence = Counter(doc.sentence_of(t.start) for t, iv in valued if iv is not None)
        for t, interval in valued:
            if interval is None or _in_quotes(doc, t.start) or _deadline(doc, t):
                continue
            k = doc.sentence_of(t.start)
            out.append(_Target(i, t, interval, words.of(doc.text(k)), _calendar_words(t.text),
                               per_sentence[k] == 1, _expression_key(t.text)))
    return out


def _deadline(doc: _Doc, t: Timex) -> bool:
    s = doc.sentences[doc.sentence_of(t.start)][0] if doc.sentences else 0
    return _DEADLINE_BEFORE.search(doc.item.article.text, max(s, t.start - 30), t.start) is not None


def _expression_key(text: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(text) if w.lower() not in ("the", "a", "an", "on", "in"))


def _independent_match(a: Timex, b: _Target | _TargetGroup) -> bool:
    """Whether two independent reports' expressions can name one time: the same weekday ("on Saturday",
    "Saturday night"), or the same relative phrase ("last week", "last July"). A bare month or date
    ("25 June") is left out: its year is the rules' guess, nearest to the writing date."""
    if _calendar_words(a.text) & b.calendar & _WEEKDAYS:
        return True
    key = _expression_key(a.text)
    return key == b.key and bool(_RELATIVE_WORD.search(key))


def _in_quotes(doc: _Doc, pos: int) -> bool:
    """Whether `pos` lies inside quoted words: "today" in a quote is the
    speaker's day, not the writer's, so it says nothing of the writing date."""
    if any(q.start <= pos < q.end for q in doc.item.annotations.quotes if q.kind == "direct"):
        return True
    text = doc.item.article.text
    start = text.rfind("\n", 0, pos) + 1
    before = text[start:pos]
    # Curly quotes, straight ones, and the ``tokenised'' form of treebank-style corpora.
    return (before.count("“") > before.count("”") or before.count("``") > before.count("''")
            or before.count('"') % 2 == 1)


@dataclass(slots=True)
class _Evidence:
    """What undated articles are matched against: every valued expression of the story, found by its
    calendar words and by its article's origin, and the rarity of words among the story's sentences."""

    targets: list[_Target]
    idf: dict[str, float]
    compact: bool = True  # the dated articles were written within `COMPACT_STORY_DAYS` of each other
    by_word: dict[str, list[_Target]] = field(default_factory=dict)
    # The targets under each calendar word, those alike in everything an independent match and its
    # similarity read taken together: in a story of copies the lists grow with the story, the groups don't.
    groups_by_word: dict[str, list[_TargetGroup]] = field(default_factory=dict)
    by_origin: dict[str, list[_Target]] = field(default_factory=dict)
    words: _WordSets = field(default_factory=_WordSets)

    @classmethod
    def of(cls, docs: list[_Doc]) -> _Evidence:
        written = [d.published for d in docs if d.published is not None]
        compact = not written or (max(written) - min(written)).days <= COMPACT_STORY_DAYS
        words = _WordSets()
        ev = cls(_targets(docs, words), _sentence_idf(docs), compact, words=words)
        groups: dict[tuple[Any, ...], _TargetGroup] = {}
        for x in ev.targets:
            ev.by_origin.setdefault(docs[x.doc].item.origin, []).append(x)
            for w in x.calendar:
                ev.by_word.setdefault(w, []).append(x)
                key = (w, frozenset(x.calendar), x.key, id(x.sentence), x.interval)
                g = groups.get(key)
                if g is None:
                    g = groups[key] = _TargetGroup(x.calendar, x.key, x.sentence, x.interval)
                    ev.groups_by_word.setdefault(w, []).append(g)
                if len(g.docs) < 2 and x.doc not in g.docs:
                    g.docs.append(x.doc)
        return ev


@dataclass(slots=True)
class _TargetGroup:
    """Targets alike in their calendar words, expression, sentence and value, and the first two of their
    articles (enough to tell whether any is another article than a given one)."""

    calendar: set[str]
    key: str
    sentence: set[str]
    interval: tuple[date, date]
    docs: list[int] = field(default_factory=list)


def _constraints(i: int, docs: list[_Doc], evidence: _Evidence) -> list[list[_Constraint]]:
    """For each relative expression of an undated article, what it may name: an expression of known
    value in another article's sentence that reports the same thing, naming the time with the same
    calendar word ("Saturday" and "on Saturday night"), or in a copy, the one time its sentence names;
    failing that, the looser alternatives of `_weak_matches`, of which at most one holds."""
    doc = docs[i]
    copies = [x for x in evidence.by_origin.get(doc.item.origin, []) if x.doc != i]
    out = []
    for t in doc.timexes:
        # Only deictic expressions the article could not value on its own.
        if t.type not in ("DATE", "TIME") or t.value is not None or _ANAPHORIC.search(t.text):
            continue
        words = _calendar_words(t.text)
        if not words or _in_quotes(doc, t.start):
            continue
        if _deadline(doc, t):
            continue
        k = doc.sentence_of(t.start)
        own = evidence.words.of(doc.text(k))
        # In a copy the words drift (translation, edits) but the sentence stays; its one time is the same.
        # Candidates alike in sentence and value give one match: only distinct (similarity, time) count.
        candidates = {(id(x.sentence), x.interval): x.sentence for x in copies if x.alone or x.calendar & words}
        if not words & _WRITING_DAY:
            # "Today" in two independent reports is the same day only if both were written on it.
            candidates.update({(id(g.sentence), g.interval): g.sentence for w in words
                               for g in evidence.groups_by_word.get(w, [])
                               if g.docs != [i] and _independent_match(t, g)})
        similarity = evidence.words.similarity
        matches = sorted(((sim, interval) for (_, interval), sentence in candidates.items()
                          if (sim := similarity(own, sentence, evidence.idf)) >= SAME_REPORT), reverse=True)
        if not matches:
            weak = [_Constraint(t, doc.sentences[k], iv, w, loose=True)
                    for w, iv in _weak_matches(t, own, i, docs, evidence)]
            if weak:
                out.append(weak)
            continue
        best_sim, target = matches[0]
        # A sentence that matches sentences naming different times (a programme note repeated every
        # day, "Today is broadcast live") is boilerplate, not a report of one event.
        if any(sim >= best_sim - SAME_REPORT / 3 and not (iv[0] <= target[1] and target[0] <= iv[1])
               for sim, iv in matches[1:]):
            continue
        out.append([_Constraint(t, doc.sentences[k], target, best_sim)])
    return out


def _unit(t: Timex) -> str | None:
    """The calendar unit a relative expression counts in ("on Thursday": a weekday, "last month": a month),
    or None for expressions left out of loose pairing (bare months and seasons: their year is the rules'
    guess; today and the like: the same day only if both were written on it)."""
    words = _calendar_words(t.text)
    if words & _WEEKDAYS:
        return "weekday"
    if not _RELATIVE_WORD.search(t.text.lower()):
        return None
    for unit in ("week", "weekend", "month", "year"):
        if unit in words:
            return "week" if unit == "weekend" else unit
    return None


def _compatible(t: Timex, unit: str, x: _Target) -> bool:
    """Whether a time of `x`'s extent can be what the expression names: a weekday names a day that is
    that weekday; a week or a month contains the day, week or month named; "last year" the month or
    year named. A year is never paired with a single day: a loose pairing there would move the
    estimate by a whole year."""
    first, last = x.interval
    days = (last - first).days + 1
    if unit == "weekday":
        names = _calendar_words(t.text) & _WEEKDAYS
        return days == 1 and first.strftime("%A").lower() in names
    if unit == "week":
        return days <= 7
    if unit == "month":
        return days <= 31
    return 28 <= days <= 366


def _weak_matches(t: Timex, own: set[str], i: int, docs: list[_Doc], evidence: _Evidence
                  ) -> list[tuple[float, tuple[date, date]]]:
    """Looser pairings for independent reports of one story, whose wording drifts far more than a
    copy's: the times of the kind the expression names (`_compatible`) that other sources name in
    sentences sharing some rare words with its own, each weighted by that similarity. They are
    alternatives: the estimate keeps the publication dates under which the article's expressions
    together agree best with the times the story names. A weekday that the story's sources name on one
    day only is most likely that day (a story spanning many weeks names several, and this stays out)."""
    unit = _unit(t)
    if unit is None or not evidence.compact:
        return []
    best: dict[tuple[date, date], float] = {}
    for x in evidence.targets:
        if x.doc == i or not _compatible(t, unit, x) or not _past_for_writer(docs[x.doc], x):
            continue
        sim = evidence.words.similarity(own, x.sentence, evidence.idf)
        if sim > best.get(x.interval, -1.0):
            best[x.interval] = sim
    if unit == "weekday" and len(best) == 1:
        ((interval, sim),) = best.items()
        return [(max(sim, WEAK_REPORT), interval)]
    ranked = sorted(((sim, iv) for iv, sim in best.items() if sim >= WEAK_REPORT / 3), reverse=True)
    return ranked[:WEAK_ALTERNATIVES]


def _past_for_writer(doc: _Doc, x: _Target) -> bool:
    """A time its writer reports as past (plans and outlooks name days the undated writer may not have
    seen yet); undated writers' absolute dates count."""
    written = doc.written
    return written is None or x.interval[1] <= written


def _resolve_in_sentence(text: str, sentence: tuple[int, int], timex: Timex, anchor: date) -> str | None:
    s, e = sentence
    offset = timex.start - s
    for start, value in _sentence_values(text[s:e], anchor.isoformat()):
        if start == offset:
            return value
    return None


@lru_cache(maxsize=1 << 14)
def _sentence_values(sentence: str, anchor: str) -> tuple[tuple[int, str | None], ...]:
    """The expressions of a sentence valued against a writing date: the search for a publication date
    tries many dates for each expression, and copies of one sentence try the same ones."""
    return tuple((x.start, x.value) for x in find_timexes(sentence, anchor))


#: Where to look first for a publication date that makes an expression name its target (days from it).
_PROBES = (0, 1, 2, 3, 4, 5, 6, 7, 10, 14, 21, 31, 45, 62, 92, 183, 366, 731, -1, -2, -3, -7, -14, -31, -92, -366)
_MAX_REACH = 1100  # days: nothing deictic reaches further than "the year before last"


def _anchor_window(text: str, c: _Constraint) -> tuple[date, date] | None:
    """The publication dates for which the expression names a time that
    overlaps the target. A relative expression's value moves forward with
    its anchor, so these dates form one run: find one, then its two ends."""
    lo_t, hi_t = c.target

    def ok(day: date) -> bool:
        got = value_interval(_resolve_in_sentence(text, c.sentence, c.timex, day))
        return got is not None and got[0] <= hi_t and lo_t <= got[1]

    seed = next((lo_t + timedelta(days=k) for k in _PROBES if ok(lo_t + timedelta(days=k))), None)
    if seed is None:
        return None

    def edge(direction: int) -> date:
        good, step = 0, 1
        while step <= _MAX_REACH and ok(seed + timedelta(days=direction * step)):
            good, step = step, step * 2
        bad = min(step, _MAX_REACH + 1)
        while bad - good > 1:  # binary search between the last good and the first bad offset
            mid = (good + bad) // 2
            if ok(seed + timedelta(days=direction * mid)):
                good = mid
            else:
                bad = mid
        return seed + timedelta(days=direction * good)

    lo, hi = edge(-1), edge(1)
    # "last Friday" is the Friday of last week to some writers and the latest Friday to others (and "next
    # Friday" likewise): the rules take one reading, the window allows both.
    if _LAST_WEEKDAY.search(c.timex.text):
        hi += timedelta(days=7)
    elif _NEXT_WEEKDAY.search(c.timex.text):
        lo -= timedelta(days=7)
    return lo, hi


def _estimate(i: int, docs: list[_Doc], evidence: _Evidence,
              bounds: tuple[date | None, date | None] = (None, None)) -> DateRange | None:
    doc = docs[i]
    text = doc.item.article.text
    floors = [d for d in (_content_floor(doc), bounds[0]) if d is not None]
    floor = max(floors) if floors else None
    ceiling = bounds[1]
    # Each expression votes once for a day: with the weight of the best of its alternatives that the
    # day satisfies.
    votes: list[list[tuple[date, date, float]]] = []
    constraints = _constraints(i, docs, evidence)
    # Loose pairings only speak when no report of the same thing in close wording does.
    loose = all(c.loose for alternatives in constraints for c in alternatives)
    for alternatives in constraints:
        if not loose and alternatives[0].loose:
            continue
        windows = []
        for c in alternatives:
            w = _anchor_window(text, c)
            if w is None:
                continue
            lo = max(w[0], floor) if floor is not None else w[0]
            hi = min(w[1], ceiling) if ceiling is not None else w[1]
            if lo <= hi:
                windows.append((lo, hi, c.weight))
        if windows:
            votes.append(windows)
    if not votes:
        if floor is not None and ceiling is not None and floor <= ceiling:
            return DateRange(floor.isoformat(), ceiling.isoformat())
        return None
    # Every constraint should hold, but a wrong pairing of sentences (or a misread expression in the
    # other article) breaks one now and then: the dates that satisfy the most of them, by weight, stand.
    cuts = sorted({d for windows in votes for lo, hi, _ in windows for d in (lo, hi + timedelta(days=1))})
    segments = []
    for lo, nxt in itertools.pairwise(cuts):
        held = [max((w for a, b, w in windows if a <= lo <= b), default=0.0) for windows in votes]
        segments.append((sum(held), sum(w > 0 for w in held), lo, nxt - timedelta(days=1)))
    best = max(score for score, _, _, _ in segments)
    spans = [(lo, hi, n) for score, n, lo, hi in segments if score >= best - 1e-9]
    # One loose pairing alone is as likely a coincidence of calendar words as a shared event.
    if best < WEAK_REPORT or (loose and min(n for _, _, n in spans) < 2):
        return None
    return DateRange(spans[0][0].isoformat(), spans[-1][1].isoformat())


def _doc(item: StoryArticle) -> _Doc:
    text = item.article.text
    return _Doc(item=item, published=_published(item), sentences=sentence_spans(text),
                timexes=list(item.annotations.timexes))


def _lineage_bounds(docs: list[_Doc], derivations: Iterable[dict[str, Any]]) -> dict[str, tuple[date | None,
                                                                                                date | None]]:
    """{article id: (floor, ceiling)} from the lineage: an article is no earlier than a dated article it
    derives from (copies, rewrites, translations, citations), and no later than the first dated article
    that derives from it. Links whose direction is unknown bound nothing."""
    written = {d.item.article.id: d.published for d in docs}
    floor: dict[str, date] = {}
    ceiling: dict[str, date] = {}
    for d in derivations:
        if not d.get("directed", True):
            continue
        src, dst = str(d["source"]), str(d["target"])
        if src not in written or dst not in written:
            continue
        if written[dst] is None and (day := written[src]) is not None:
            floor[dst] = max(floor.get(dst, day), day)
        if written[src] is None and (day := written[dst]) is not None:
            ceiling[src] = min(ceiling.get(src, day), day)
    return {a: (floor.get(a), ceiling.get(a)) for a in {*floor, *ceiling}}


def estimate_publication(items: list[StoryArticle],
                         derivations: Iterable[dict[str, Any]] = ()) -> dict[str, DateRange]:
    """{article id: {earliest, latest}} for the articles without a publication
    date, where the story, the article's own content and its lineage (the
    store's derivations: `source`, `target`, `directed`) bound it."""
    docs = [_doc(item) for item in items]
    undated = [i for i, d in enumerate(docs) if d.published is None]
    if not undated:
        return {}
    evidence = _Evidence.of(docs)
    bounds = _lineage_bounds(docs, derivations)
    out = {}
    for i in undated:
        est = _estimate(i, docs, evidence, bounds.get(docs[i].item.article.id, (None, None)))
        if est is not None:
            out[docs[i].item.article.id] = est
    return out


def _window_days(r: DateRange) -> int:
    return (date.fromisoformat(r.latest[:10]) - date.fromisoformat(r.earliest[:10])).days


def _apply_estimate(doc: _Doc, est: DateRange) -> None:
    """Values the relative expressions of an undated article from its
    estimate: from the earliest date it can have been written when the window
    is short; otherwise only those that come out the same anywhere in the
    window (a relative expression moves monotonically with its anchor, so the
    two ends decide)."""
    text = doc.item.article.text
    first = find_timexes(text, est.earliest[:10])
    if _window_days(est) < SHORT_WINDOW_DAYS:
        resolved = first
        doc.anchor = date.fromisoformat(est.earliest[:10])
    else:
        last = {(t.start, t.end): t.value for t in find_timexes(text, est.latest[:10])}
        resolved = [t for t in first if last.get((t.start, t.end)) == t.value]
    stored = {(t.start, t.end): t for t in doc.timexes}
    merged = list(doc.timexes)
    for t in resolved:
        old = stored.get((t.start, t.end))
        if t.value is None or (old is not None and old.value is not None):
            continue  # absolute expressions keep their own value
        if old is not None:
            merged[merged.index(old)] = t
        else:
            merged.append(t)
    merged.sort(key=lambda t: t.start)
    fresh = {(t.start, t.end) for t in resolved if t.value is not None}
    doc.timexes = merged
    doc.estimated = {j for j, t in enumerate(merged) if (t.start, t.end) in fresh
                     and (stored.get((t.start, t.end)) is None or stored[(t.start, t.end)].value is None)}


# --------------------------------------------------------------------------
# Importance


def _witness(published: date | None, when: EventDate) -> float:
    """How much one source's reference says that a date matters: fully when
    written within a few days after it, less the further away (a look back
    names many dates in passing), and little for a date still to come."""
    if published is None:
        return 0.5
    lag = (published - when.last).days
    if lag < 0:
        # Still to come, or the month or year the source is written in ("earlier this year"): a plan or
        # the present, not yet an event the story can date.
        return FUTURE_WEIGHT
    return 1.0 if lag <= NEWS_LAG_DAYS else NEWS_LAG_DAYS / lag


def _importance(docs: list[_Doc], refs: list[_Ref]) -> dict[str, float]:
    best: dict[tuple[str, str], float] = {}
    for r in refs:
        doc = docs[r.item]
        key = (r.when.key, doc.item.origin)
        w = _witness(doc.written, r.when)
        if w > best.get(key, 0.0):
            best[key] = w
    score: dict[str, float] = defaultdict(float)
    for (key, _), w in best.items():
        score[key] += w
    published = Counter(d.published.isoformat() for d in docs if d.published is not None)
    for key in score:
        score[key] += PUBLICATION_WEIGHT * published.get(key, 0)
    return score


# --------------------------------------------------------------------------
# Sentences for an entry


def _pick_sentences(candidates: list[tuple[str, list[str], float]], idf: dict[str, float], n: int) -> list[str]:
    """The sentences nearest the centroid of what is said about the date,
    skipping any that repeat one already taken."""
    vectors = []
    centroid: Counter[str] = Counter()
    for _, terms, _ in candidates:
        tf = Counter(terms)
        vec = {t: c * idf.get(t, 1.0) for t, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vec = {t: v / norm for t, v in vec.items()}
        vectors.append(vec)
        centroid.update(vec)
    cnorm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    scored = []
    for (text, _, prior), vec in zip(candidates, vectors, strict=True):
        sim = prior * sum(v * centroid.get(t, 0.0) for t, v in vec.items()) / cnorm
        length = len(text.split())
        if length < 5 or length > MAX_SENTENCE_WORDS:
            sim *= 0.5  # fragments and run-on scraps make poor summaries
        scored.append((sim, text, vec))
    scored.sort(key=lambda x: -x[0])
    chosen: list[tuple[str, dict[str, float]]] = []
    for _, text, vec in scored:
        if any(sum(v * other.get(t, 0.0) for t, v in vec.items()) > REDUNDANT for _, other in chosen):
            continue
        chosen.append((text, vec))
        if len(chosen) >= n:
            break
    return [t for t, _ in chosen]


def _clean(sentence: str) -> str:
    return " ".join(sentence.split())


# --------------------------------------------------------------------------
# The timeline


def _docs_for_timeline(items: list[StoryArticle], estimates: dict[str, DateRange]) -> list[_Doc]:
    docs = [_doc(item) for item in items]
    for doc in docs:
        est = estimates.get(doc.item.article.id)
        if doc.published is None and est is not None:
            _apply_estimate(doc, est)
    return docs


def _iter_dates(refs: Iterable[_Ref]) -> Iterator[EventDate]:
    seen = set()
    for r in refs:
        if r.when.key not in seen:
            seen.add(r.when.key)
            yield r.when


def build_timeline(items: list[StoryArticle], *, max_dates: int | None = None,
                   estimates: dict[str, DateRange] | None = None) -> list[dict[str, Any]]:
    """[{"date", "precision", "text", "sentences", "articles", "estimated"}] in date order: one entry per
    date the story's sentences name, citing every article that names it. With `max_dates` only the most
    important dates are kept."""
    if estimates is None:
        estimates = estimate_publication(items)
    docs = _docs_for_timeline(items, estimates)
    refs = _references(docs)
    if not refs:
        return []
    score = _importance(docs, refs)
    dates = {d.key: d for d in _iter_dates(refs)}
    spans = [d.published for d in docs if d.published is not None]
    lo, hi = (min(spans), max(spans)) if spans else (None, None)

    def rank(key: str) -> float:
        ev = dates[key]
        weight = PRECISION_WEIGHT[ev.precision]
        if lo is not None and hi is not None and (ev.last < lo - timedelta(days=NEWS_LAG_DAYS) or ev.first > hi):
            weight *= OUTSIDE_SPAN_WEIGHT
        return score[key] * weight

    keys = sorted(dates, key=lambda k: (-rank(k), k))
    if max_dates is not None:
        keys = keys[:max_dates]
    keep = set(keys)
    by_date: dict[str, list[_Ref]] = defaultdict(list)
    for r in refs:
        if r.when.key in keep:
            by_date[r.when.key].append(r)

    idf = _idf(docs)
    entries = []
    for key in keys:
        group = by_date[key]
        ev = dates[key]
        seen: set[str] = set()
        candidates: list[tuple[str, list[str], float]] = []
        articles: list[str] = []
        for r in group:
            doc = docs[r.item]
            aid = doc.item.article.id
            if aid not in articles:
                articles.append(aid)
            text = _clean(doc.text(r.sentence))
            norm = " ".join(_WORD.findall(text.lower()))
            if norm in seen:
                continue
            seen.add(norm)
            # A witness's sentence (written just after the date) tells what happened on it.
            candidates.append((text, _terms(text), _witness(doc.written, ev)))
        sentences = _pick_sentences(candidates, idf, SENTENCES_PER_ENTRY)
        entries.append({
            "date": key,
            "precision": ev.precision,
            "text": sentences[0] if sentences else "",
            "sentences": sentences,
            "articles": articles,
            "estimated": all(r.estimated for r in group),
        })
    entries.sort(key=lambda e: (dates[e["date"]].first, dates[e["date"]].last))
    return entries


def _idf(docs: list[_Doc]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(_terms(doc.item.article.text)))
    n = len(docs)
    return {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
