"""Claims aligned across the articles of a story: which figures, dates, named
values and statements the sources agree on, and where they conflict.

Every article's annotations give candidate claim mentions:

* figures: the annotated quantities, plus durations tied to a noun ("a
  25-year concession") or a deadline ("within six months"), each with the
  interval its qualifier allows ("about 1,000" is looser than "1,000");
* dates: resolved DATE time expressions with the event words of their clause;
* named values: two or more names coordinated after one frame ("ties with
  Iran and Russia", "operators from Turkey and India");
* statements: a request, agreement or signing whose object names a
  departure, troops or workers, denied in one article ("has not requested the
  departure of U.S. forces") and affirmed in another ("asked us to withdraw
  American troops").

Two mentions from different articles are one claim when they are about the
same kind of thing (the counted noun or its family of synonyms, the unit, the
frame, the event words) and their sentences say the same around them
(content words near the mention, weighted by their rarity in the story, and
the entities). Agreeing values need less evidence than conflicting ones: two
sources giving "$45 million" for a terminal extension almost surely mean the
same money, but "650" against "1,000" is shown as a conflict only when the
context leaves no doubt, and only between mentions that are each other's best
match in the other article.

Copies, translations and rewrites share an origin (`StoryArticle.origin`);
agreement and conflict are judged over distinct origins, so a value that
only copies of one report give is single_source however many copies there
are. A sentence that credits another outlet ("according to the Ledger")
counts as that outlet's report when the story holds it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal

from newsweave.annotate.quantities import quantity_bounds
from newsweave.model import EntityMention, Quantity, StoryArticle
from newsweave.sentences import sentence_spans as _sentence_spans

__all__ = ["align_claims"]

Kind = Literal["figure", "date", "named", "statement"]
Aside = Literal["scope", "vague"]

# --------------------------------------------------------------------------
# Thresholds. Two mentions are one claim when their similarity reaches AGREE
# (values compatible) or CONFLICT (values incompatible). The conflict bar is
# higher, and a conflict also needs some shared context beyond the counted
# thing, because a false conflict misleads a reader more than a missed
# agreement does.

AGREE = 0.42
CONFLICT = 0.58
CONFLICT_CONTEXT = 0.12
# Two amounts more than this factor apart are never one claim: "four soldiers
# killed" and "1,000 troops" share a unit, not a subject.
MAX_RATIO = 5.0
# Relative slack around a figure as written, by qualifier: round numbers in
# news are approximations, and "about" is looser than a bare figure.
SLACK = {"": 0.04, "exactly": 0.0, "about": 0.15, "nearly": 0.15, "more than": 0.04, "at least": 0.04,
         "up to": 0.04, "fewer than": 0.04, "between": 0.04}
VAGUE_SLACK = 0.25
# A word this many tokens from the mention weighs NEAR**(distance - 1): the
# clause around a figure says what it counts; the far end of a long sentence
# rarely does.
NEAR = 0.8
# A value repeated exactly (an uncommon number, the same day) is evidence in itself.
SAME_VALUE = 0.15

# --------------------------------------------------------------------------
# Words

def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS = _wordset("""
a about above across after again against ago all almost along also although am among an and another any
are around as at away back be became because been before being below between both but by can could did
do does doing done down during each either else even ever every few for from further had has have having
he her here hers him his how however i if in into is it its itself just last least less like made make
many may me might more most much must my near nearly neither next no nor not now of off often on once one
only onto or other others our ours out over own per perhaps rather same several she should since so some
still such than that the their theirs them then there these they this those though through thus to too
toward towards under until up upon us very via was we were what whatever when where whether which while
who whom whose why will with within without would yet you your
monday tuesday wednesday thursday friday saturday sunday january february march april june july august
september october november december today yesterday tomorrow week weeks weekend month months year years
day days earlier later recently currently
""")
# Reporting verbs say who said it, not what happened: never an event or a context word.
_REPORTING = _wordset("""
say said says saying tell told tells telling add added adds adding stated according reported reporting
quoted noted claimed
""")

# News-register synonyms that copies, rewrites and machine translations swap
# for one another. Each word maps to a class; only classes are compared.
_SYNONYM_GROUPS: dict[str, tuple[str, ...]] = {
    "~troops": ("troop", "troops", "soldier", "soldiers", "personnel", "servicemen", "servicemembers",
                "forces", "marines", "sailors", "airmen"),
    "~workers": ("worker", "workers", "dockworker", "dockworkers", "docker", "dockers", "employee",
                 "employees", "staff", "labourer", "labourers", "laborer", "laborers", "workforce",
                 "stevedore", "stevedores"),
    "~people": ("people", "person", "persons", "resident", "residents", "inhabitant", "inhabitants",
                "individual", "individuals", "civilian", "civilians", "villager", "villagers", "citizen",
                "citizens"),
    "~work": ("work", "works", "worked", "working", "employ", "employs", "employed", "employing"),
    "~ties": ("relation", "relations", "relationship", "relationships", "tie", "ties", "engagement",
              "partnership", "partnerships", "cooperation", "dealings", "alliance", "alliances"),
    "~depart": ("leave", "leaves", "leaving", "depart", "departs", "departed", "departure", "withdraw",
                "withdraws", "withdrew", "withdrawn", "withdrawing", "withdrawal", "exit", "pullout",
                "expel", "expelled", "expulsion", "evacuate", "evacuation"),
    "~request": ("ask", "asks", "asked", "asking", "request", "requests", "requested", "requesting",
                 "demand", "demands", "demanded", "demanding", "urge", "urged", "order", "ordered"),
    "~expand": ("extension", "extensions", "expansion", "expand", "expanded", "extend", "extended"),
    "~revoke": ("revoke", "revoked", "revokes", "revocation", "cancel", "cancelled", "canceled",
                "cancellation", "annul", "annulled", "terminate", "terminated", "terminating",
                "termination", "rescind", "rescinded", "scrap", "scrapped"),
    "~announce": ("announce", "announced", "announces", "announcement", "declare", "declared",
                  "declaration", "proclaim", "proclaimed"),
    "~agreement": ("agreement", "agreements", "deal", "deals", "accord", "accords", "pact", "settlement",
                   "treaty"),
    "~sign": ("sign", "signed", "signing"),
    "~hospital": ("hospital", "hospitals", "hospitalised", "hospitalized", "clinic"),
    "~treat": ("treat", "treated", "treating", "treatment", "admitted", "taken"),
    "~cost": ("cost", "costs", "costing", "price", "priced", "worth", "valued"),
    "~operator": ("operator", "operators", "company", "companies", "firm", "firms"),
    "~ship": ("ship", "ships", "vessel", "vessels", "boat", "boats"),
    "~usa": ("us", "u.s.", "usa", "u.s.a.", "american", "americans", "america", "united states"),
    "~talks": ("talks", "negotiation", "negotiations", "meeting", "meetings", "discussions"),
}
_SYNONYM: dict[str, str] = {w: cls for cls, words in _SYNONYM_GROUPS.items() for w in words}
# Counted things that may stand for one another ("troops", "soldiers", "personnel").
_FAMILIES = frozenset({"~troops", "~workers", "~people", "~ship"})
# Counts of people: a generic "people" may be the same as a specific group when the context agrees.
_HUMAN_UNITS = frozenset({"~troops", "~workers", "~people", "fishermen", "protesters", "victims", "patients",
                          "students", "children", "women", "men", "refugees", "migrants", "passengers",
                          "miners", "farmers", "officers", "police", "deaths", "dead", "casualties",
                          "survivors", "pilgrims", "voters", "officials"})
# Counted nouns too general to identify a claim by themselves.
_GENERIC_UNITS = frozenset({"~people", "time", "member", "case", "item", "unit", "thing"})
# Counted nouns that name no claim at all ("two sides", "both parts").
_NOT_CLAIMS = frozenset({"side", "part", "way", "thing", "one", "other", "hand", "respect", "front", "step",
                         "point", "question", "reason", "word", "work"})

_NEGATION_RE = re.compile(
    r"\b(?:not|never|no\s+longer|yet\s+to|n['’]t|has\s+yet|have\s+yet|had\s+yet|refused\s+to|declined\s+to)\b",
    re.IGNORECASE)
_HEDGE_RE = re.compile(r"\b(?:unclear|not\s+(?:yet\s+)?clear|whether|if|may|might|could|would)\b", re.IGNORECASE)
# A figure told as a change ("eight vessels, down from a dozen") is one point of a series: a
# different figure elsewhere may be another point, not a contradiction.
_CHANGE_RE = re.compile(
    r"\b(?:(?:down|up)\s+from|compared\s+(?:with|to)|(?:rose|risen|rising|fell|fallen|falling|increased|"
    r"decreased|dropped|climbed|grew|jumped|declined|doubled|halved)\s+(?:to|from|by)|from\s+\S+\s+to)\b",
    re.IGNORECASE)

_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|[^\w\s]")
_CLAUSE_BREAK = frozenset({",", ";", ":", "—", "–", "(", ")", "“", "”", '"'})
_LIST_SEP_RE = re.compile(r"^\s*(?:,|,?\s*(?:and|or|&|as\s+well\s+as))\s*(?:,?\s*(?:and|or)\s+)?$", re.IGNORECASE)
_OPEN_AFTER_RE = re.compile(r"^\s*,?\s*(?:(?:and|or)\s+(?:other|others|several|many)|among\s+others|etc)\b",
                            re.IGNORECASE)
_OPEN_BEFORE_RE = re.compile(r"\b(?:including|such\s+as|like|notably|among\s+them)\s*$", re.IGNORECASE)
_ATTRIBUTION_AFTER_RE = re.compile(
    r"^[\s,]*(?:who\s+)?(?:said|say|says|told|spoke|speaking|familiar|briefed|quoted|interviewed|cited)\b",
    re.IGNORECASE)
_NAME_LABELS = frozenset({"GPE", "LOC", "NORP", "ORG", "PERSON", "FAC"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_CATEGORY = {"GPE": "countries", "LOC": "places", "NORP": "groups", "ORG": "organisations", "PERSON": "people",
             "FAC": "places"}
_MEASURE_UNITS = frozenset({"km", "km2", "m", "m2", "m3", "cm", "mm", "miles", "sq miles", "nautical miles",
                            "feet", "inches", "tonnes", "kg", "g", "lb", "litres", "gallons", "hectares",
                            "acres", "°C", "°F", "degrees", "MW", "GW", "kW", "kWh", "MWh", "GWh", "km/h",
                            "mph"})
_TIME_UNITS = frozenset({"years", "months", "weeks", "days", "hours", "minutes", "seconds", "decades"})
_CURRENCY_NOUNS = frozenset({"dollar", "dollars", "euro", "euros", "pound", "pounds", "franc", "francs",
                             "shilling", "shillings", "naira", "rand", "yen", "yuan", "rupee", "rupees"})
_DURATION_RE = re.compile(r"^P(\d+(?:\.\d+)?)([YMWD])$")
_DURATION_UNIT = {"Y": "years", "M": "months", "W": "weeks", "D": "days"}
# Predicates whose denial in one source and affirmation in another is worth showing, and the
# object classes of which two must be present for a clause to be such a statement.
_PREDICATES = frozenset({"~request", "~agreement", "~sign"})
_OBJECT_CLASSES = frozenset({"~depart", "~troops", "~usa", "~workers", "~people", "~revoke", "~agreement"})
_STATEMENT_KEYS = _OBJECT_CLASSES | {"E:~usa"}
_AUXILIARIES = frozenset({"has", "have", "had", "is", "are", "was", "were", "will", "would", "did", "does", "said",
                          "says"})
_SUBORDINATORS = frozenset({"since", "when", "after", "before", "as", "while", "because", "that", "which", "who",
                            "where", "until", "once"})


# Pure functions of one word, called for every token of every article: a story repeats its
# vocabulary, so each distinct word is worked out once.
@lru_cache(maxsize=1 << 16)
def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1 << 16)
def _stem(raw: str) -> str:
    """The comparable form of a word: its synonym class, else a crude stem that
    survives inflection (plural and verb endings off)."""
    if raw in ("US", "U.S.", "USA", "U.S.A."):
        return "~usa"
    word = _fold(raw).replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word in _SYNONYM:
        return _SYNONYM[word]
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[: len(word) - len(suffix)] + repl
            return _SYNONYM.get(base, base)
    return word


@lru_cache(maxsize=1 << 16)
def _content(raw: str) -> bool:
    low = _fold(raw)
    return raw[:1].isalpha() and low not in _STOPWORDS and low not in _REPORTING and len(low) > 1


# --------------------------------------------------------------------------
# One article read once: tokens, sentences, entity keys.


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    raw: str
    stem: str
    content: bool
    entity: str | None = None  # the entity key when the token is part of a name


@dataclass(slots=True)
class _Sentence:
    start: int
    end: int
    first: int  # token range [first, last)
    last: int


@dataclass(slots=True)
class _Doc:
    index: int
    item: StoryArticle
    text: str
    tokens: list[_Token]
    sentences: list[_Sentence] = field(default_factory=list)
    places: dict[int, str] = field(default_factory=dict)  # start offset of a place name -> the name

    @property
    def id(self) -> str:
        return self.item.article.id

    def token_at(self, offset: int) -> int:
        """Index of the token covering or following a character offset."""
        lo, hi = 0, len(self.tokens)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.tokens[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def sentence_of(self, tok: int) -> _Sentence:
        for s in self.sentences:
            if s.first <= tok < s.last:
                return s
        return self.sentences[-1]

    def sentence_text(self, s: _Sentence) -> str:
        return " ".join(self.text[s.start:s.end].split())




def _entity_key(item: StoryArticle, mention: EntityMention) -> str:
    # The United States goes by more spellings than any other name in English news ("U.S.",
    # "US", "America", "American"), and the demonym is never resolved to the country: one key.
    if _stem(mention.name) == "~usa" or _stem(mention.text) == "~usa" or _fold(mention.name) == "united states":
        return "E:~usa"
    resolved = item.entity_ids.get(mention.name) or item.entity_ids.get(mention.text)
    return "E:" + (resolved or _fold(mention.name))


def _read(index: int, item: StoryArticle) -> _Doc:
    text = item.article.text
    tokens = [_Token(m.start(), m.end(), m.group(), _stem(m.group()), _content(m.group()))
              for m in _TOKEN_RE.finditer(text)]
    doc = _Doc(index, item, text, tokens)
    for ent in item.annotations.entities:
        if ent.label not in _NAME_LABELS:
            continue
        if ent.label in _PLACE_LABELS:
            doc.places[ent.start] = ent.name
        key = _entity_key(item, ent)
        for k in range(doc.token_at(ent.start), len(tokens)):
            if tokens[k].start >= ent.end:
                break
            tokens[k].entity = key
    for s, e in _sentence_spans(text):
        first, last = doc.token_at(s), doc.token_at(e)
        if last > first:
            doc.sentences.append(_Sentence(s, e, first, last))
    if not doc.sentences:
        doc.sentences.append(_Sentence(0, len(text), 0, len(tokens)))
    return doc


# --------------------------------------------------------------------------
# Mentions


@dataclass(slots=True)
class _Mention:
    kind: Kind
    doc: _Doc
    start: int
    end: int
    text: str
    sentence: _Sentence
    tok_first: int
    tok_last: int
    family: str  # only mentions of one family are ever compared
    value: Any  # a number, an ISO date, a frozenset of entity keys, or True/False (affirmed/denied)
    origin: str
    low: float | None = None  # figures and dates: the interval the value allows
    high: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    about: str | None = None  # the counted thing as written; for a list, its frame
    thing: frozenset[str] = frozenset()  # stems of the counted thing, the event, the frame or the object
    nations: frozenset[str] = frozenset()  # names that qualify the thing ("U.S." troops)
    aside: Aside | None = None  # a wider scope or a vague figure: a note on the claim, not a value
    # May agree but never conflict: a figure told as a change over time ("eight vessels, down from
    # a dozen": another figure elsewhere may be another point of the series), or a date that only
    # says when a figure was measured.
    agree_only: bool = False
    anchor: tuple[date, date] | None = None  # the time a figure is stated for
    names: tuple[str, ...] = ()  # named values as written
    open_list: bool = False  # "including Iran and Russia": other members allowed
    credited: str | None = None  # the outlet the sentence credits ("according to the Ledger")
    span: tuple[float, float] = (0.0, 0.0)  # the range a figure names, before slack and open ends
    display_from: int = 0  # where a subject phrase taken from the text starts
    vector: dict[str, float] = field(default_factory=dict)
    norm: float = 0.0

    @property
    def article(self) -> str:
        return self.doc.id


def _unit_class(unit: str) -> tuple[str, str]:
    """(kind, comparable unit): currencies, percent, measures, time units and counted nouns."""
    if re.fullmatch(r"[A-Z]{3}", unit):
        return "money", unit
    if unit in ("percent", "percentage points"):
        return "percent", unit
    if unit in _MEASURE_UNITS:
        return "measure", unit
    if unit in _TIME_UNITS:
        return "time", unit
    return "count", _stem(unit)


def _fixed_value(q: Quantity) -> Quantity:
    """'around 1.200 dockers' (a European thousands separator read as a decimal point) counts 1,200."""
    m = re.search(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d,]|\.\d)", q.text)
    if m and q.value != int(q.value) and q.unit and _unit_class(q.unit)[0] == "count":
        return replace(q, value=float(m.group().replace(".", "")))
    return q


def _vague(qualifier: str | None) -> bool:
    q = qualifier or ""
    return q.endswith(" of") or q in ("several", "a few", "many")


def _interval(q: Quantity) -> tuple[float | None, float | None]:
    low, high = quantity_bounds(q)
    qual = q.qualifier or ""
    slack = VAGUE_SLACK if _vague(qual) else SLACK.get(qual, 0.1)
    if low is not None:
        low *= 1 - slack
    if high is not None:
        high *= 1 + slack
    if qual == "nearly":
        low = q.value * (1 - slack)
    return low, high


def _about_parts(about: str | None) -> tuple[frozenset[str], frozenset[str], bool]:
    """The stems of the counted thing, the names qualifying it, and whether it coordinates a
    second kind of noun ('personnel and contractors': a wider scope than 'troops')."""
    if not about:
        return frozenset(), frozenset(), False
    words = _TOKEN_RE.findall(about)
    stems = frozenset(_stem(w) for w in words if _content(w) or _stem(w) == "~usa")
    nations = frozenset(_stem(w) for w in words
                        if _stem(w) == "~usa" or (w[:1].isupper() and _content(w) and not _stem(w).startswith("~")))
    wider = False
    m = re.search(r"\s(?:and|or|plus)\s+(?:other\s+)?([a-z]+)$", about)
    if m and len(words) >= 3:
        before = about[:m.start()].split()[-1]
        other, first = _stem(m.group(1)), _stem(before)
        # A coordinated plural noun of another kind; "terminal extension and withholding fees" is
        # a parse slip (a verb phrase), not a scope.
        wider = m.group(1).endswith("s") and not m.group(1).endswith("ings") and other != first and not (
            other in _FAMILIES and other == first)
    return stems, nations, wider


def _time_anchor(doc: _Doc, sentence: _Sentence, pos: int) -> tuple[date, date] | None:
    """The nearest dated expression in the sentence (day to month precision): the time a figure
    is stated for."""
    best: tuple[int, tuple[date, date]] | None = None
    for t in doc.item.annotations.timexes:
        if t.type != "DATE" or not (sentence.start <= t.start < sentence.end):
            continue
        span = _date_interval(t.value)
        if span is None or (span[1] - span[0]).days > 31:
            continue
        dist = abs(t.start - pos)
        if best is None or dist < best[0]:
            best = (dist, span)
    return best[1] if best else None


def _credited(doc: _Doc, sentence: _Sentence) -> str | None:
    """The outlet this sentence credits, among those the article names as its sources."""
    text = doc.text[sentence.start:sentence.end]
    for outlet in doc.item.article.attributed_to:
        words = [w for w in outlet.split() if w[:1].isupper() and w.lower() != "the"]
        if outlet in text or (words and re.search(rf"\b(?:the\s+)?{re.escape(words[-1])}\b", text)):
            return outlet
    return None


def _figures(doc: _Doc) -> list[_Mention]:
    out: list[_Mention] = []
    for q in doc.item.annotations.quantities:
        if not q.unit:
            continue  # nothing counted: nothing to line up
        after_at = q.end
        if q.about:
            k = doc.text.find(q.about, q.end, q.end + 40 + len(q.about))
            if k >= 0:
                after_at = k + len(q.about)
        if _ATTRIBUTION_AFTER_RE.match(doc.text[after_at:after_at + 40]) or \
                re.search(r"\baccording\s+to\s+(?:the\s+)?$", doc.text[max(0, q.start - 20):q.start], re.IGNORECASE):
            continue  # "three U.S. officials said", "according to two diplomats": who is talking
        q = _fixed_value(q)
        kind, unit = _unit_class(q.unit)
        if kind == "count" and (unit in _NOT_CLAIMS or re.fullmatch(r"(?:19|20)\d\d", q.text.strip())):
            continue  # "two sides"; "2023 works" is a year read as a count
        tok = doc.token_at(q.start)
        last = max(tok + 1, doc.token_at(q.end))
        sentence = doc.sentence_of(tok)
        about = q.about
        if about and kind != "count" and (_fold(about) in _CURRENCY_NOUNS or _stem(about) == _stem(q.unit)):
            # "millions of dollars", "thousands of litres": the unit, not the thing; the thing
            # may follow ("thousands of litres of the corrosive chemical").
            k = doc.text.find(about, q.start, q.end + 40)
            about = _of_phrase(doc.text, k + len(about)) if k >= 0 else None
            if about:
                after_at = doc.text.find(about, after_at) + len(about)
        stems, nations, wider = _about_parts(about)
        if kind == "count":
            thing = frozenset({unit}) | stems
            # Counts of people are compared across nouns ("people" may be "workers"); _thing decides.
            human = unit in _HUMAN_UNITS or q.unit.lower() in _HUMAN_UNITS
            family = "count:human" if human else "count:" + unit
        else:
            thing, family = stems, f"{kind}:{unit}"
        low, high = _interval(q)
        named_low, named_high = quantity_bounds(q) if q.qualifier == "between" or _vague(q.qualifier) else (0, 0)
        span = (named_low or q.value, named_high or q.value)
        window = doc.text[max(sentence.start, q.start - 50):min(sentence.end, after_at + 50)]
        aside: Aside | None = "vague" if _vague(q.qualifier) else ("scope" if wider and kind == "count" else None)
        out.append(_Mention(
            kind="figure", doc=doc, start=q.start, end=q.end, text=q.text, sentence=sentence, tok_first=tok,
            tok_last=last, family=family, value=q.value, origin=doc.item.origin, low=low, high=high,
            unit=q.unit, qualifier=q.qualifier, about=about, thing=thing, nations=nations, aside=aside,
            agree_only=bool(_CHANGE_RE.search(window)), anchor=_time_anchor(doc, sentence, q.start),
            credited=_credited(doc, sentence), display_from=after_at, span=span))
    return out


def _of_phrase(text: str, pos: int) -> str | None:
    """'… of the corrosive chemical into the river' at pos → 'corrosive chemical'."""
    m = re.match(r"\s+of\s+(?:the\s+|its\s+|their\s+|a\s+|an\s+)?((?:[^\W\d_][\w’'-]*\s*){1,4})", text[pos:pos + 80])
    if not m:
        return None
    words: list[str] = []
    for w in m.group(1).split():
        if _fold(w) in _STOPWORDS:
            break
        words.append(w)
    return " ".join(words) or None


def _durations(doc: _Doc) -> list[_Mention]:
    """'a 25-year concession', 'a concession of 25 years' (the length of a thing), 'within six
    months' (a deadline). Other durations ('for two days') rarely carry a claim."""
    out: list[_Mention] = []
    toks = doc.tokens
    for t in doc.item.annotations.timexes:
        m = _DURATION_RE.match(t.value or "") if t.type == "DURATION" else None
        if not m:
            continue
        value, unit = float(m.group(1)), _DURATION_UNIT[m.group(2)]
        tok = doc.token_at(t.start)
        last = max(tok + 1, doc.token_at(t.end))
        sentence = doc.sentence_of(tok)
        noun: str | None = None
        if "-" in t.text and last < len(toks) and toks[last].content:
            noun = toks[last].raw
        elif tok >= 2 and toks[tok - 1].raw.lower() == "of" and toks[tok - 2].content:
            noun = toks[tok - 2].raw
        elif not (tok >= 1 and toks[tok - 1].raw.lower() == "within"):
            continue
        if noun:
            thing = frozenset({_stem(noun)})
            low, high, qualifier = value * 0.99, value * 1.01, None
        else:
            # A deadline is known by what must happen before it.
            thing = frozenset(_clause_words(doc, sentence, tok - 1, last, before=6, after=0))
            low, high, qualifier = 0.0, value * 1.01, "within"
        out.append(_Mention(
            kind="figure", doc=doc, start=t.start, end=t.end, text=t.text, sentence=sentence, tok_first=tok,
            tok_last=last, family=f"duration:{unit}:{'length' if noun else 'deadline'}", value=value,
            origin=doc.item.origin, low=low, high=high, unit=unit, qualifier=qualifier, about=noun, thing=thing,
            credited=_credited(doc, sentence), display_from=t.start, span=(value, value)))
    return out


def _date_interval(value: str | None) -> tuple[date, date] | None:
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value or "")
    if not m:
        return None
    y = int(m.group(1))
    try:
        if m.group(3):
            d = date(y, int(m.group(2)), int(m.group(3)))
            return d, d
        if m.group(2):
            mo = int(m.group(2))
            return date(y, mo, 1), date(y + (mo == 12), mo % 12 + 1, 1) - timedelta(days=1)
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None


def _dates(doc: _Doc) -> list[_Mention]:
    out: list[_Mention] = []
    for t in doc.item.annotations.timexes:
        span = _date_interval(t.value) if t.type == "DATE" else None
        if span is None:
            continue
        tok = doc.token_at(t.start)
        last = max(tok + 1, doc.token_at(t.end))
        sentence = doc.sentence_of(tok)
        k = tok - 1
        while k >= sentence.first and _fold(doc.tokens[k].raw) in ("on", "at", "in", "late", "early"):
            k -= 1
        if (k >= sentence.first and _fold(doc.tokens[k].raw) in _REPORTING) or (
                last < sentence.last and _fold(doc.tokens[last].raw) in _REPORTING):
            continue  # "said on Friday": when someone spoke, not when the story's events happened
        # The event is told by the words of the clause around the date, mostly before it.
        event = _clause_words(doc, sentence, tok, last, before=8, after=4)
        if not event:
            continue
        clause_start = doc.tokens[max(sentence.first, tok - 8)].start
        clause = doc.text[clause_start:doc.tokens[min(last + 4, sentence.last) - 1].end]
        measured = any(clause_start <= q.start < t.start for q in doc.item.annotations.quantities) or \
            bool(_CHANGE_RE.search(clause))
        out.append(_Mention(
            kind="date", doc=doc, start=t.start, end=t.end, text=t.text, sentence=sentence, tok_first=tok,
            tok_last=last, family="date", value=t.value, origin=doc.item.origin, low=span[0].toordinal(),
            high=span[1].toordinal(), thing=frozenset(event), credited=_credited(doc, sentence),
            display_from=t.start, agree_only=measured))
    return out


def _clause_words(doc: _Doc, sentence: _Sentence, first: int, last: int, *, before: int, after: int) -> list[str]:
    """Content stems of the clause around tokens [first, last), nearest first."""
    out: list[str] = []
    k = first - 1
    while k >= sentence.first and first - k <= before + 6 and len(out) < before:
        t = doc.tokens[k]
        if t.raw in _CLAUSE_BREAK and out:
            break
        if t.content or t.entity:
            out.append(t.entity or t.stem)
        k -= 1
    got = 0
    k = last
    while k < sentence.last and got < after:
        t = doc.tokens[k]
        if t.raw in _CLAUSE_BREAK:
            break
        if t.content or t.entity:
            out.append(t.entity or t.stem)
            got += 1
        k += 1
    return out


def _category(label: str) -> str:
    return "place" if label in _PLACE_LABELS else label


def _named(doc: _Doc) -> list[_Mention]:
    """Two or more names coordinated after a frame: 'ties with Iran and Russia'."""
    ents = sorted((e for e in doc.item.annotations.entities if e.label in _NAME_LABELS), key=lambda e: e.start)
    out: list[_Mention] = []
    i = 0
    while i < len(ents):
        run = [ents[i]]
        j = i + 1
        while j < len(ents) and _LIST_SEP_RE.match(doc.text[run[-1].end:ents[j].start]) and \
                _category(ents[j].label) == _category(run[0].label):
            run.append(ents[j])
            j += 1
        i = j
        keys = [_entity_key(doc.item, e) for e in run]
        if len(set(keys)) < 2:
            continue
        tok = doc.token_at(run[0].start)
        last = max(tok + 1, doc.token_at(run[-1].end))
        sentence = doc.sentence_of(tok)
        frame, frame_at = _frame(doc, sentence, tok)
        if not frame:
            continue
        before = doc.text[max(sentence.start, run[0].start - 40):run[0].start]
        open_list = bool(_OPEN_BEFORE_RE.search(before) or _OPEN_AFTER_RE.match(doc.text[run[-1].end:]))
        out.append(_Mention(
            kind="named", doc=doc, start=run[0].start, end=run[-1].end, text=doc.text[run[0].start:run[-1].end],
            sentence=sentence, tok_first=tok, tok_last=last, family="named:" + _category(run[0].label),
            value=frozenset(keys), origin=doc.item.origin, thing=frozenset(frame),
            names=tuple(dict.fromkeys(e.name for e in run)), open_list=open_list,
            about=" ".join(doc.text[frame_at:run[0].start].split()), credited=_credited(doc, sentence),
            display_from=frame_at))
    return out


def _frame(doc: _Doc, sentence: _Sentence, first: int) -> tuple[list[str], int]:
    """The words that set up a list of names, and where they start: a preposition and up to three
    content words before it ('relations with countries including', 'terminal operators from')."""
    toks = doc.tokens
    words: list[str] = []
    k = first - 1
    while k >= sentence.first and _fold(toks[k].raw) in ("neighboring", "neighbouring", "the"):
        k -= 1
    if k > sentence.first and _fold(toks[k].raw) in ("including", "like", "notably") or (
            k > sentence.first + 1 and _fold(toks[k].raw) == "as" and _fold(toks[k - 1].raw) == "such"):
        # "relations with countries including Iran and Russia": the frame is before the examples.
        k -= 2 if _fold(toks[k].raw) == "as" else 1
        if k >= sentence.first and toks[k].content and toks[k].entity is None:
            words.append(toks[k].stem)
            k -= 1
    # "between X and Y" names the parties of a relation, not the values of a slot.
    if k < sentence.first or _fold(toks[k].raw) not in ("with", "to", "from", "in", "of", "by", "against"):
        return [], 0
    start = toks[k].start
    k -= 1
    while k >= sentence.first and len(words) < 3 and first - k <= 8:
        t = toks[k]
        if t.raw in _CLAUSE_BREAK:
            break
        if t.content and t.entity is None:
            words.append(t.stem)
            start = t.start
        k -= 1
    return words, start


def _statements(doc: _Doc) -> list[_Mention]:
    """Clauses with a request/agreement/signing predicate whose object names a departure, troops
    or workers, denied or affirmed."""
    out: list[_Mention] = []
    for sentence in doc.sentences:
        for k in range(sentence.first, sentence.last):
            t = doc.tokens[k]
            if t.stem not in _PREDICATES:
                continue
            obj: set[str] = set()
            j = k + 1
            while j < sentence.last and j - k <= 10:
                u = doc.tokens[j]
                if u.raw in (";", ":", "—") or (u.raw == "," and obj) or (
                        _fold(u.raw) in ("and", "but") and obj and j + 1 < sentence.last
                        and _fold(doc.tokens[j + 1].raw) in _AUXILIARIES):
                    break  # "... and has assured their safety": the next clause
                if u.content or u.entity:
                    obj.add(u.entity or u.stem)
                j += 1
            if len(obj & _OBJECT_CLASSES) < 2:
                continue
            # The clause's own head: a negation before a comma, "that" or "and" belongs to
            # another clause ("did not comment, and asked the troops to leave").
            h = k
            while h > sentence.first and k - h < 6 and doc.tokens[h - 1].raw not in _CLAUSE_BREAK and \
                    _fold(doc.tokens[h - 1].raw) not in _SUBORDINATORS | _REPORTING | {"and", "but"}:
                h -= 1
            clause_start = doc.tokens[h].start
            head = doc.text[clause_start:t.start]
            if _HEDGE_RE.search(head):
                continue  # "it is unclear whether the junta will ask": no statement either way
            end = doc.tokens[j - 1].end
            out.append(_Mention(
                kind="statement", doc=doc, start=clause_start, end=end, text=doc.text[clause_start:end],
                sentence=sentence, tok_first=k, tok_last=j, family="statement:" + t.stem,
                value=not _NEGATION_RE.search(head), origin=doc.item.origin, thing=frozenset(obj),
                nations=frozenset(o for o in obj if o.startswith("E:")), credited=_credited(doc, sentence),
                display_from=t.start))
    return out


# --------------------------------------------------------------------------
# Similarity


def _vectors(docs: Sequence[_Doc], mentions: Sequence[_Mention]) -> None:
    """Context vectors: the sentence's words weighted by rarity in the story and nearness."""
    df: Counter[str] = Counter()
    n = 0
    for d in docs:
        for s in d.sentences:
            n += 1
            df.update({t.entity or t.stem for t in d.tokens[s.first:s.last] if t.content or t.entity})
    for m in mentions:
        vec: dict[str, float] = {}
        toks = m.doc.tokens
        for k in range(m.sentence.first, m.sentence.last):
            t = toks[k]
            if m.tok_first <= k < m.tok_last or not (t.content or t.entity):
                continue
            key = t.entity or t.stem
            dist = m.tok_first - k if k < m.tok_first else k - m.tok_last + 1
            weight = math.log(1.0 + n / (1 + df[key])) * NEAR ** (dist - 1)
            vec[key] = max(vec.get(key, 0.0), weight)  # one weight per word or name, however often
        m.vector = vec
        m.norm = math.sqrt(sum(v * v for v in vec.values()))


def _cosine(a: _Mention, b: _Mention) -> float:
    if not a.norm or not b.norm:
        return 0.0
    small, big = (a.vector, b.vector) if len(a.vector) < len(b.vector) else (b.vector, a.vector)
    return sum(w * big[k] for k, w in small.items() if k in big) / (a.norm * b.norm)


def _containment(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _place_key(m: _Mention) -> str | None:
    """The place right after a figure's counted thing ('protesters in Lyon')."""
    hit = re.match(r"\s+(?:in|at)\s+(?:the\s+)?", m.doc.text[m.display_from:m.display_from + 12])
    return m.doc.places.get(m.display_from + hit.end()) if hit and m.kind == "figure" else None


def _thing(a: _Mention, b: _Mention) -> float | None:
    """How surely two mentions are about the same kind of thing; None when they never are."""
    if a.family != b.family:
        return None
    if a.nations and b.nations and not (a.nations & b.nations):
        return None  # "U.S. troops" and "Russian soldiers"; French troops asked to leave, not U.S. ones
    if a.kind == "figure":
        pa, pb = _place_key(a), _place_key(b)
        if pa and pb and pa != pb:
            return None  # "300 protesters in Lyon" and "500 protesters in Nantes"
        if a.family.startswith("count:"):
            ra, rb = (a.unit or "").lower(), (b.unit or "").lower()
            ua, ub = _stem(ra), _stem(rb)
            if ra == rb or (ua == ub and not ua.startswith("~")):
                return 0.7 if ua in _GENERIC_UNITS else 1.0
            if ua == ub:
                return 0.8  # one family: "troops" and "soldiers", "workers" and "dockers"
            if "~people" in (ua, ub):
                return 0.45  # "people" for "workers": possible, the context must say so
            return None
        if a.thing and b.thing:
            return 2 * len(a.thing & b.thing) / (len(a.thing) + len(b.thing))
        return 0.4
    if a.kind == "date":
        return _containment(a.thing, b.thing)
    if a.kind == "named":
        return 1.0 if a.thing & b.thing else 0.0
    return _containment(a.thing & _STATEMENT_KEYS, b.thing & _STATEMENT_KEYS)


def _distinctive(m: _Mention) -> bool:
    """A value unlikely to recur by chance: money, large or fractional numbers, a given day."""
    if m.kind == "date":
        return len(str(m.value)) == 10
    if m.kind != "figure":
        return False
    v = float(m.value)
    return m.family.startswith("money:") or v >= 20 or v != int(v)


def _similarity(a: _Mention, b: _Mention) -> tuple[float, float] | None:
    """(similarity, context similarity), or None when the two can never be one claim."""
    thing = _thing(a, b)
    if thing is None:
        return None
    ctx = _cosine(a, b)
    same = SAME_VALUE if a.value == b.value and _distinctive(a) else 0.0
    if a.kind == "figure":
        return 0.55 * thing + 0.45 * ctx + same, ctx
    if a.kind == "date":
        return 0.3 * thing + 0.7 * ctx + same, ctx
    if a.kind == "named":
        if not thing:
            return 0.0, ctx
        # Lists sharing a member fill the same slot more surely than lists with none in common.
        return 0.4 + (0.25 if a.value & b.value else 0.0) + 0.35 * ctx, ctx
    return 0.6 * thing + 0.4 * ctx, ctx


def _compatible(a: _Mention, b: _Mention) -> bool:
    if a.kind in ("figure", "date"):
        return _overlap(a.low, a.high, b.low, b.high)
    if a.kind == "named":
        if a.value == b.value or (a.open_list and b.open_list):
            return True
        if a.open_list or b.open_list:
            small, big = (a.value, b.value) if a.open_list else (b.value, a.value)
            return bool(small <= big)
        return False
    return bool(a.value == b.value)


def _overlap(al: float | None, ah: float | None, bl: float | None, bh: float | None) -> bool:
    lo = max((x for x in (al, bl) if x is not None), default=-math.inf)
    hi = min((x for x in (ah, bh) if x is not None), default=math.inf)
    return lo <= hi


def _apart(a: _Mention, b: _Mention) -> bool:
    """Different magnitudes, or stated for different times: never the same figure."""
    if a.kind != "figure":
        return False
    # The nearest ends of the ranges the two figures name: "thousands of litres" is not far
    # from "up to 30,000 litres", but "at least 14 people" is far from "1,200 people", however
    # compatible an open end makes them.
    (a0, a1), (b0, b1) = a.span, b.span
    if a1 < b0 and a1 > 0 and b0 / a1 > MAX_RATIO or b1 < a0 and b1 > 0 and a0 / b1 > MAX_RATIO:
        return True
    if a.anchor and b.anchor:
        gap = max(a.anchor[0], b.anchor[0]) - min(a.anchor[1], b.anchor[1])
        return gap.days > 1
    return False


# --------------------------------------------------------------------------
# Alignment


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# A story of copies, or of reports worded alike, holds many mentions identical in everything the
# similarity reads: comparing every pair is quadratic in the story's size. Mentions are compared
# once per "class" (identical in every attribute compared), and a class in articles holding the
# same classes of its family (a "type") meets the same best matches in every other article. So
# the per-article counterpart rule is decided once per ordered pair of types, and the links it
# accepts are expanded to the mentions without listing every pair. The result is the same as
# linking every pair: only the work is shared.


def _signature(m: _Mention) -> tuple[Any, ...]:
    """Every attribute of a mention that _apart, _similarity, _compatible and _accepted read."""
    return (m.family, m.kind, m.nations, _place_key(m), m.unit, m.thing, m.value, m.low, m.high, m.span,
            m.anchor, m.aside, m.agree_only, m.open_list, tuple(m.vector.items()), m.norm)


@dataclass(slots=True)
class _Type:
    index: int
    cls: int  # the mention standing for its class
    profile: frozenset[int]  # the classes of this family in the members' articles
    members: list[int] = field(default_factory=list)  # ascending, so their articles are in story order
    docs: list[int] = field(default_factory=list)  # each member's article index

    def first_after(self, doc: int) -> int | None:
        """The first member in an article after this one."""
        k = bisect_right(self.docs, doc)
        return self.members[k] if k < len(self.members) else None


class _Conflicts:
    """The mention pairs linked as conflicting, kept per ordered pair of types: a pair of mentions
    conflicts when the earlier article's type and the later one's do."""

    def __init__(self, type_of: dict[int, int]) -> None:
        self.type_of = type_of  # id(mention) -> type index
        self.pairs: set[tuple[int, int]] = set()

    def between(self, xs: Sequence[_Mention], ys: Sequence[_Mention]) -> bool:
        if not self.pairs:
            return False
        span_x, span_y = self._spans(xs), self._spans(ys)
        for tx, (x0, x1) in span_x.items():
            for ty, (y0, y1) in span_y.items():
                if ((tx, ty) in self.pairs and x0 < y1) or ((ty, tx) in self.pairs and y0 < x1):
                    return True
        return False

    def _spans(self, ms: Sequence[_Mention]) -> dict[int, tuple[int, int]]:
        """Per type, the first and the last article holding one of these mentions."""
        out: dict[int, tuple[int, int]] = {}
        for m in ms:
            t = self.type_of[id(m)]
            lo, hi = out.get(t, (m.doc.index, m.doc.index))
            out[t] = (min(lo, m.doc.index), max(hi, m.doc.index))
        return out


class _Aligner:
    """Scores and best matches per class, computed once and shared by every mention of the class."""

    def __init__(self, mentions: Sequence[_Mention]) -> None:
        self.mentions = mentions
        self.scores: dict[tuple[int, int], tuple[float, float, bool] | None] = {}
        self.bests: dict[tuple[int, frozenset[int], bool], float] = {}

    def link(self, x: int, y: int) -> tuple[float, float, bool] | None:
        """(score, context, compatible) of two classes, x's mention in the earlier article: the
        orientation the pairwise loop compares them in, so that every float is the same."""
        key = (x, y)
        if key not in self.scores:
            a, b = self.mentions[x], self.mentions[y]
            sim = None if _apart(a, b) else _similarity(a, b)
            self.scores[key] = None if sim is None else (sim[0], sim[1], _compatible(a, b))
        return self.scores[key]

    def best(self, cls: int, profile: frozenset[int], earlier: bool) -> float:
        """The best score of a class against any mention of an article holding these classes."""
        key = (cls, profile, earlier)
        if key not in self.bests:
            found = 0.0
            for other in profile:
                got = self.link(cls, other) if earlier else self.link(other, cls)
                if got is not None:
                    found = max(found, got[0])
            self.bests[key] = found
        return self.bests[key]

    def accepted(self, ta: _Type, tb: _Type) -> tuple[float, bool] | None:
        """(score, compatible) when a mention of type ta and one of tb in a later article are a
        claim's link. A mention has at most one counterpart in another article, its best match
        there; a conflict needs the two to be each other's best match, and neither may be an aside
        or a point of a series."""
        got = self.link(ta.cls, tb.cls)
        if got is None:
            return None
        score, context, compatible = got
        a, b = self.mentions[ta.cls], self.mentions[tb.cls]
        a_best = score >= self.best(ta.cls, tb.profile, True)
        b_best = score >= self.best(tb.cls, ta.profile, False)
        if compatible or a.aside or b.aside:
            # An aside only becomes a note on the claim, whatever its value: the agreement bar.
            if score >= AGREE and (a_best or b_best):
                return score, compatible
        elif score >= CONFLICT and a_best and b_best and not (a.agree_only or b.agree_only) and \
                (context >= CONFLICT_CONTEXT or a.kind not in ("figure", "date")) and \
                "vague" not in (a.aside, b.aside):
            return score, compatible
        return None


def _types(mentions: Sequence[_Mention], members: list[int]) -> list[_Type]:
    """One family's mentions as types, in the order of their first mention."""
    classes: dict[tuple[Any, ...], int] = {}
    cls_of: dict[int, int] = {}
    by_doc: dict[int, set[int]] = defaultdict(set)
    for i in members:
        c = classes.setdefault(_signature(mentions[i]), i)
        cls_of[i] = c
        by_doc[mentions[i].doc.index].add(c)
    profiles = {d: frozenset(cs) for d, cs in by_doc.items()}
    types: dict[tuple[int, frozenset[int]], _Type] = {}
    for i in members:
        d = mentions[i].doc.index
        key = (cls_of[i], profiles[d])
        t = types.get(key)
        if t is None:
            t = types[key] = _Type(len(types), cls_of[i], profiles[d])
        t.members.append(i)
        t.docs.append(d)
    return list(types.values())


def _expand(uf: _Union, ta: _Type, tb: _Type) -> None:
    """Joins every member of ta to every member of tb in a later article, as pairwise unions
    would, in one pass: each such pair meets at ta's first member and tb's last."""
    first_a, last_b = ta.members[0], tb.members[-1]
    for m, d in zip(ta.members, ta.docs, strict=True):
        if d >= tb.docs[-1]:
            break
        uf.union(m, last_b)
    for m, d in zip(tb.members, tb.docs, strict=True):
        if d > ta.docs[0]:
            uf.union(m, first_a)


def _claims(mentions: list[_Mention]) -> tuple[list[list[int]], _Conflicts]:
    """Groups of mentions, one per claim, and the pairs directly linked as conflicting."""
    by_family: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_family[m.family].append(i)
    aligner = _Aligner(mentions)
    uf = _Union(len(mentions))
    type_of: dict[int, int] = {}
    conflicts = _Conflicts(type_of)
    # Per family: its types and the accepted links between them, (earlier, later) -> score.
    families: list[tuple[list[_Type], dict[tuple[int, int], float]]] = []
    offset = 0
    for members in by_family.values():
        types = _types(mentions, members)
        for t in types:
            t.index += offset
            for i in t.members:
                type_of[id(mentions[i])] = t.index
        offset += len(types)
        links: dict[tuple[int, int], float] = {}
        for ta in types:
            for tb in types:
                if ta.docs[0] >= tb.docs[-1]:
                    continue  # no mention of tb in an article after one of ta's
                got = aligner.accepted(ta, tb)
                if got is None:
                    continue
                score, compatible = got
                links[(ta.index, tb.index)] = score
                if not compatible:
                    conflicts.pairs.add((ta.index, tb.index))
                # Values first: asides (a wider scope, a vague figure) join a claim but never make one.
                if (mentions[ta.cls].aside is None) == (mentions[tb.cls].aside is None):
                    _expand(uf, ta, tb)
        families.append((types, links))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(mentions)):
        groups[uf.find(i)].append(i)
    # A group of asides alone joins the claim it is most like, if any: the best-scoring link, the
    # first in pairwise order among equals; groups move in the order of their first link.
    moves: list[tuple[tuple[int, int, int], int, int]] = []
    for f, (types, links) in enumerate(families):
        best: dict[int, tuple[float, tuple[int, int], int]] = {}
        first: dict[int, tuple[int, int]] = {}
        by_index = {t.index: t for t in types}
        for (x, y), score in links.items():
            tx, ty = by_index[x], by_index[y]
            if mentions[tx.cls].aside and not mentions[ty.cls].aside:
                cands = [(a, ty.first_after(d)) for a, d in zip(tx.members, tx.docs, strict=True)]
                pairs = [(a, b, b) for a, b in cands if b is not None]
            elif mentions[ty.cls].aside and not mentions[tx.cls].aside:
                head = tx.members[0]
                pairs = [(head, a, head) for a, d in zip(ty.members, ty.docs, strict=True) if tx.docs[0] < d]
            else:
                continue
            for i, j, other in pairs:
                me = j if other == i else i
                root = uf.find(me)
                if not all(mentions[k].aside for k in groups[root]):
                    continue
                first[root] = min(first.get(root, (i, j)), (i, j))
                held = best.get(root)
                if held is None or score > held[0] or (score == held[0] and (i, j) < held[1]):
                    best[root] = (score, (i, j), uf.find(other))
        moves += [((f, *first[root]), root, into) for root, (_, _, into) in best.items()]
    for _, root, into in sorted(moves):
        groups[into] += groups.pop(root)
    return list(groups.values()), conflicts


def _opposed(values: list[_Value], conflicts: _Conflicts) -> list[list[_Value]]:
    """Values of one group stay one claim only when a direct conflict link joins them: a chain of
    agreements ('about 1,000' ~ 'more than 1,000' ~ 'about 5,000') is no evidence that the ends
    are about the same thing."""
    uf = _Union(len(values))
    for i, g in enumerate(values):
        for j in range(i + 1, len(values)):
            if conflicts.between(g.members, values[j].members):
                uf.union(i, j)
    parts: dict[int, list[_Value]] = defaultdict(list)
    for i, g in enumerate(values):
        parts[uf.find(i)].append(g)
    return list(parts.values())


# --------------------------------------------------------------------------
# Values, status, subjects


@dataclass(slots=True)
class _Value:
    members: list[_Mention]  # grown by _join only, after origins are credited: the sets below follow it
    low: float | None
    high: float | None
    # A value of a big story has many members, and these are read for each mention placed.
    member_origins: set[str] = field(default_factory=set)
    # Members by what _compatible reads of a named value or a statement: one of each is enough to test.
    alike: dict[tuple[Any, bool], _Mention] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for m in self.members:
            self.member_origins.add(m.origin)
            self.alike.setdefault((m.value, m.open_list), m)

    @property
    def origins(self) -> set[str]:
        return set(self.member_origins)

    @property
    def articles(self) -> list[str]:
        """In the order the articles were given."""
        return list(dict.fromkeys(m.article for m in sorted(self.members, key=lambda m: (m.doc.index, m.start))))


def _width(m: _Mention) -> float:
    if m.kind not in ("figure", "date"):
        return 0.0
    if m.low is None or m.high is None:
        return math.inf
    return (m.high - m.low) / max(abs(m.high), 1e-9)


def _value_groups(ms: list[_Mention]) -> list[_Value]:
    """A claim's mentions as values: mentions whose intervals all overlap give one value. Precise
    mentions go first, so they decide where the values are; looser ones join the best fit."""
    groups: list[_Value] = []
    for m in sorted(ms, key=lambda m: (_width(m), m.doc.index, m.start)):
        fits = [g for g in groups if _fits(g, m)]
        if fits:
            g = max(fits, key=lambda g: (len(g.origins), len(g.members)))
            _join(g, m)
        else:
            groups.append(_Value([m], m.low, m.high))
    return groups


def _join(g: _Value, m: _Mention) -> None:
    g.members.append(m)
    g.member_origins.add(m.origin)
    g.alike.setdefault((m.value, m.open_list), m)
    if m.kind in ("figure", "date"):
        g.low = max((x for x in (g.low, m.low) if x is not None), default=None)
        g.high = min((x for x in (g.high, m.high) if x is not None), default=None)


def _fits(g: _Value, m: _Mention) -> bool:
    if m.kind in ("figure", "date"):
        return _overlap(g.low, g.high, m.low, m.high)
    return all(_compatible(m, x) for x in g.alike.values())


def _wording(m: _Mention) -> str:
    return " ".join(m.text.split())


def _as_written(m: _Mention) -> str:
    """A figure with what it counts, as the article words it ('thousands of litres of the chemical')."""
    return " ".join(m.doc.text[m.start:max(m.end, m.display_from)].split())


def _representative(g: _Value) -> _Mention:
    """The wording most origins use; ties go to the earliest article. A date is shown at the
    best precision the sources give ('2025-03-16' rather than 'mid-March')."""
    plain = [m for m in g.members if not m.aside] or g.members
    if plain[0].kind == "date":
        return min(plain, key=lambda m: (_width(m), m.doc.index, m.start))
    count = Counter(_wording(m) if m.kind == "figure" else _display_value(m) for m in plain)
    top = max(count.values())
    return min((m for m in plain if count[_wording(m) if m.kind == "figure" else _display_value(m)] == top),
               key=lambda m: (m.doc.index, m.start))


def _display_value(m: _Mention) -> Any:
    if m.kind == "figure":
        v = float(m.value)
        return int(v) if v == int(v) else v
    if m.kind == "named":
        names = list(m.names)
        return " and ".join(names) if len(names) == 2 else ", ".join(names[:-1]) + " and " + names[-1]
    if m.kind == "statement":
        return "affirmed" if m.value else "denied"
    return m.value


def _sentence(m: _Mention) -> str:
    return m.doc.sentence_text(m.sentence)


def _value_entry(g: _Value) -> dict[str, Any]:
    rep = _representative(g)
    entry: dict[str, Any] = {
        "value": _display_value(rep),
        "unit": rep.unit if rep.kind == "figure" else None,
        "qualifier": rep.qualifier,
        "text": _wording(rep),
        "sentence": _sentence(rep),
        "articles": g.articles,
        "origins": len(g.origins),
    }
    # Each wording with the articles using it: "about 1,000 troops" here, "more than 1,000 US troops" there.
    variants: dict[str, dict[str, None]] = {}  # articles kept in order, each once
    for m in sorted(g.members, key=lambda m: (m.doc.index, m.start)):
        variants.setdefault(_as_written(m) if m.kind == "figure" else _wording(m), {})[m.article] = None
    if len(variants) > 1:
        entry["variants"] = [{"text": t, "articles": list(arts)} for t, arts in variants.items()]
    return entry


def _subject(ms: list[_Mention], rep: _Mention) -> tuple[str, str]:
    """A readable subject and a short attribute name."""
    if rep.kind == "figure":
        plain = [m for m in ms if not m.aside] or ms
        abouts = Counter(_clean(m.about) for m in plain if m.about)
        about = max(abouts, key=lambda a: (abouts[a], len(a))) if abouts else None
        where = _place(plain)
        kind, _ = _unit_class(rep.unit or "")
        if rep.family.startswith("duration:"):
            if about:
                return f"length of the {about}", "duration"
            return f"deadline: {_phrase_before(rep)}", "deadline"
        if kind == "money":
            return f"{about or _phrase_after(rep) or 'sum'}{where} ({rep.unit})", "amount"
        if kind == "percent":
            return f"{about or _phrase_after(rep) or 'share'}{where}", "percentage"
        if rep.unit == "years" and about:
            return f"age of the {about}", "age"
        if kind == "measure":
            return f"{about or _phrase_after(rep) or 'quantity'}{where} ({rep.unit})", "measure"
        return f"{about or rep.unit}{where}", f"number of {rep.unit}"
    if rep.kind == "date":
        return f"date: {_phrase_before(rep)}", "date"
    if rep.kind == "named":
        return f"{_CATEGORY.get(_label_of(rep), 'names')} named in “{rep.about} …”", "named values"
    denied = [m for m in ms if not m.value] or ms
    m = min(denied, key=lambda m: (m.end - m.display_from, m.doc.index))
    words = m.doc.text[m.display_from:m.end].split()
    cut = next((i for i, w in enumerate(words) if i >= 3 and _fold(w) in _SUBORDINATORS | {"after", "from"}),
               len(words))
    return " ".join(words[:cut]), "affirmed or denied"


def _label_of(m: _Mention) -> str:
    for e in m.doc.item.annotations.entities:
        if e.start == m.start:
            return e.label
    return ""


def _clean(about: str | None) -> str:
    about = " ".join((about or "").split())
    return re.sub(r"^(?:the|a|an|of)\s+", "", about, flags=re.IGNORECASE)


def _place(ms: Iterable[_Mention]) -> str:
    """' in Niger' when a mention says where the counted things are ('troops from Niger')."""
    for m in ms:
        hit = re.match(r"\s+(?:in|from|at)\s+(?:the\s+)?", m.doc.text[m.display_from:m.display_from + 12])
        name = m.doc.places.get(m.display_from + hit.end()) if hit else None
        if name:
            return f" in {name}"
    return ""


def _phrase_after(m: _Mention) -> str:
    """'$12 million for the crane and other equipment' → 'for the crane and other equipment'."""
    tail = m.doc.text[m.display_from:m.sentence.end]
    hit = re.match(r"\s+((?:for|of|in|on|to)\s+(?:the\s+|its\s+|their\s+)?[\w’'-]+(?:\s+(?:and\s+)?[\w’'-]+){0,4})",
                   tail)
    if not hit:
        return ""
    words = hit.group(1).split()
    if words[0] in ("in", "of"):
        words = words[1:]  # "millions of dollars in fees": fees
    while words and (_fold(words[-1]) in _STOPWORDS or not words[-1][0].isalpha()):
        words.pop()
    return " ".join(words)


def _phrase_before(m: _Mention) -> str:
    """The clause that leads up to a date or a deadline: what happened then."""
    toks = m.doc.tokens
    k = m.tok_first - 1
    start = None
    while k >= m.sentence.first and m.tok_first - k <= 14:
        t = toks[k]
        if t.raw in _CLAUSE_BREAK or _fold(t.raw) in _REPORTING or (_fold(t.raw) in _SUBORDINATORS and start):
            break  # a clause starts after "since", "when", "that": the event is told from there
        start = t.start
        k -= 1
    if start is None:
        return _sentence(m)
    words = m.doc.text[start:toks[m.tok_first - 1].end].split()
    while words and _fold(words[-1]) in ("on", "in", "at", "by", "since", "until", "during", "of", "the",
                                         "within", "before", "after"):
        words.pop()
    return " ".join(words) or _sentence(m)


def _status(values: list[_Value]) -> str:
    # Incompatible values are a conflict when more than one origin stands behind them.
    if len(values) > 1 and len(set().union(*(g.origins for g in values))) > 1:
        return "conflict"
    if len(values) == 1 and len(values[0].origins) >= 2:
        return "agreed"
    return "single_source"


def _outlet_key(outlet: str) -> str:
    """Outlet names match folded and without a leading 'the'."""
    return _fold(outlet).removeprefix("the ")


def _credit_origins(ms: list[_Mention]) -> None:
    """A sentence crediting an outlet the story holds counts as that outlet's report: its
    figure is not an independent source. The credited report is the one of that outlet giving
    the same value in this claim, else any of its reports in this claim."""
    by_outlet: dict[str, list[_Mention]] = defaultdict(list)  # in the claim's order
    for x in ms:
        if x.doc.item.article.outlet:
            by_outlet[_outlet_key(x.doc.item.article.outlet)].append(x)
    for m in ms:
        if not m.credited:
            continue
        theirs = [x for x in by_outlet.get(_outlet_key(m.credited), []) if x.doc is not m.doc]
        if not theirs:
            continue
        same = next((x for x in theirs if _compatible(m, x)), theirs[0])
        m.origin = same.doc.item.origin


def _notes(values: list[_Value], ms: list[_Mention], asides: list[_Mention]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in asides:
        consistent = any(_fits(g, m) for g in values)
        what = "counts a wider scope than" if m.aside == "scope" else "is vaguer than"
        out.append({"text": f"“{_as_written(m)}” {what} the values above, "
                    + ("and is consistent with them" if consistent else "so it is not counted as a conflict"),
                    "value": _display_value(m), "unit": m.unit, "sentence": _sentence(m), "articles": [m.article]})
    for g in values:
        for m in g.members:
            if m.aside == "scope" and any(not x.aside for x in g.members):
                out.append({"text": f"“{_as_written(m)}” counts a wider scope than the others",
                            "value": _display_value(m), "unit": m.unit, "sentence": _sentence(m),
                            "articles": [m.article]})
    if len(values) > 1:
        for g in values:
            for m in g.members:
                if m.credited and m.origin != m.doc.item.origin:
                    src = [x for x in ms if x.origin == m.origin and x.doc is not m.doc and not _fits(g, x)]
                    if src:
                        out.append({"text": f"{m.article} credits {m.credited} for “{_wording(m)}”, but "
                                    f"{m.credited}'s own report gives “{_wording(src[0])}”",
                                    "articles": [m.article, src[0].article]})
        sets = [g.member_origins for g in values]
        shared = [o for o in set().union(*sets) if sum(o in s for s in sets) > 1]
        by_origin: dict[str, list[_Mention]] = defaultdict(list)
        for m in ms:
            by_origin[m.origin].append(m)
        for origin in sorted(shared):
            arts = list(dict.fromkeys(m.article for m in by_origin[origin]))
            if all(m.origin == m.doc.item.origin for m in by_origin[origin]):
                out.append({"text": "copies of one report disagree on this value", "articles": arts})
        spans = [_written(g) for g in values]
        if all(spans) and len(spans) == 2:
            (a0, a1), (b0, b1) = spans  # type: ignore[misc]
            if a1 < b0 or b1 < a0:
                out.append({"text": "the sources giving each value were written at different times; the "
                            "figure may have changed in between", "articles": [a for g in values for a in g.articles]})
    return out


def _written(g: _Value) -> tuple[str, str] | None:
    dates = []
    for m in g.members:
        art = m.doc.item.article
        if art.published:
            dates.append(art.published[:10])
        elif art.published_estimated:
            dates += [art.published_estimated.earliest[:10], art.published_estimated.latest[:10]]
        else:
            return None
    return (min(dates), max(dates)) if dates else None


def _keep(kind: Kind, values: list[_Value], status: str) -> bool:
    """Figures are claims even from one source; dates, named values and statements only when
    they are compared (two origins at least), or they would repeat the timeline and the text."""
    if kind == "figure":
        return True
    origins = set().union(*(g.origins for g in values))
    if kind == "statement":
        return status == "conflict" or (len(origins) >= 2 and any(not m.value for g in values for m in g.members))
    return len(origins) >= 2


def _mentions(items: list[StoryArticle]) -> list[_Mention]:
    """Every candidate mention of the story, article by article, with its context vector."""
    docs = [_read(i, item) for i, item in enumerate(items)]
    mentions: list[_Mention] = []
    for d in docs:
        mentions += _figures(d) + _durations(d) + _dates(d) + _named(d) + _statements(d)
    _vectors(docs, mentions)
    return mentions


def align_claims(items: list[StoryArticle]) -> list[dict[str, Any]]:
    """The story's claims in the contract's form, most important first: conflicts, then agreed
    claims, then single-source ones, each by the number of distinct origins behind it."""
    mentions = _mentions(items)
    built: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    groups, conflicts = _claims(mentions)
    for group in groups:
        ms = [mentions[i] for i in group]
        _credit_origins(ms)
        plain = [m for m in ms if not m.aside]
        parts = _opposed(_value_groups(plain), conflicts) if plain else [_value_groups(ms)]
        asides: list[_Mention] = []
        for m in ms if plain else []:
            fit = [g for values in parts for g in values if _fits(g, m)]
            if m.aside == "scope" and fit:
                _join(max(fit, key=lambda g: len(g.origins)), m)
            elif m.aside:
                asides.append(m)
        # Notes go with the claim most sources back.
        parts.sort(key=lambda values: -len(set().union(*(g.origins for g in values))))
        for n, values in enumerate(parts):
            built += _built(values, asides if n == 0 else [])
    built.sort(key=lambda x: x[0])
    out = []
    for n, (_, claim) in enumerate(built, 1):
        claim["id"] = f"c{n}"
        out.append(claim)
    return out


def _built(values: list[_Value], asides: list[_Mention]) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """The contract entry of one claim with its rank key, or nothing when it is not kept."""
    ms = [m for g in values for m in g.members] + asides
    status = _status(values)
    kind = ms[0].kind
    if not _keep(kind, values, status):
        return []
    values.sort(key=lambda g: (-len(g.origins), -len(g.members), min(m.doc.index for m in g.members)))
    subject, attribute = _subject(ms, _representative(values[0]))
    claim: dict[str, Any] = {"id": "", "subject": subject, "attribute": attribute, "kind": kind,
                             "values": [_value_entry(g) for g in values], "status": status}
    notes = _notes(values, ms, asides)
    if notes:
        claim["notes"] = notes
    origins = len(set().union(*(g.origins for g in values)))
    rank = {"conflict": 0, "agreed": 1, "single_source": 2}[status]
    first = min((m.doc.index, m.start) for m in ms)
    return [((rank, -origins, -len({m.article for m in ms}), first, subject), claim)]
