"""Claims aligned across the articles of a story: which figures, dates, named
values and statements the sources agree on, and where they conflict.

Every article's annotations give candidate claim mentions:

* figures (the annotated quantities, plus durations tied to a noun, "a 25-year
  concession"), each with the interval its qualifier allows;
* dates: resolved DATE time expressions with the event words around them;
* named values: two or more names coordinated in one frame ("ties with Iran
  and Russia", "operators from Turkey and India");
* statements denied in one article and affirmed in another ("has not
  requested the departure of U.S. forces" / "asked us to withdraw American
  troops").

Two mentions from different articles are the same claim when they count the
same kind of thing (unit, counted noun, family of synonyms) and their
sentences say the same around them (content words near the figure, weighted
by how rare they are in the story, and the entities). Agreeing values need
less evidence than conflicting ones: two sources giving "$45 million" for a
terminal extension are almost surely talking about the same money, but "650"
against "1,000" is only shown as a conflict when the context leaves no doubt.

Copies, translations and rewrites share an origin (`StoryArticle.origin`);
agreement and conflict are judged over distinct origins, so a figure that
only copies of one report give stays single_source however many copies
there are.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Literal

from newsweave.annotate.quantities import quantity_bounds
from newsweave.model import EntityMention, Quantity, StoryArticle, Timex

__all__ = ["align_claims"]

Kind = Literal["figure", "date", "named", "statement"]

# --------------------------------------------------------------------------
# Thresholds. A pair of mentions is linked as one claim when its similarity
# reaches AGREE (values compatible) or CONFLICT (values incompatible); the
# conflict bar is higher because a false conflict misleads more than a
# missed agreement.

AGREE = 0.42
CONFLICT = 0.58
# Two different amounts more than this factor apart are never one claim:
# "four soldiers killed" and "1,000 troops" share a unit, not a subject.
MAX_RATIO = 5.0
# Relative slack around a figure as written, by qualifier: round numbers in
# news are approximations, and "about" is looser than a bare figure.
SLACK = {"": 0.04, "exactly": 0.0, "about": 0.15, "nearly": 0.15, "more than": 0.04, "at least": 0.04,
         "up to": 0.04, "fewer than": 0.04, "between": 0.04}
VAGUE_SLACK = 0.25  # "hundreds of", "several": the widest

# --------------------------------------------------------------------------
# Words

_STOPWORDS = frozenset("""
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
""".split())
# Reporting verbs say who said it, not what happened: never an event or a context word.
_REPORTING = frozenset("""
say said says saying tell told tells telling add added adds adding state stated states according
report reported reports reporting quote quoted note noted notes claim claimed
""".split())

# News-register synonyms that copies, rewrites and translations swap for one
# another. Each word maps to a class name; only the class is compared.
_SYNONYM_GROUPS: dict[str, tuple[str, ...]] = {
    "~troops": ("troop", "troops", "soldier", "soldiers", "personnel", "servicemen", "servicemembers",
                "forces", "marines", "sailors", "airmen", "members"),
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
    "~sign": ("sign", "signed", "signs", "signing"),
    "~hospital": ("hospital", "hospitals", "hospitalised", "hospitalized", "clinic"),
    "~cost": ("cost", "costs", "costing", "price", "priced", "worth", "valued"),
    "~operator": ("operator", "operators", "company", "companies", "firm", "firms"),
    "~ship": ("ship", "ships", "vessel", "vessels", "boat", "boats"),
    "~usa": ("us", "u.s.", "usa", "u.s.a.", "american", "americans", "america", "united states"),
    "~talks": ("talks", "negotiation", "negotiations", "meeting", "meetings", "discussions"),
}
_SYNONYM: dict[str, str] = {w: cls for cls, words in _SYNONYM_GROUPS.items() for w in words}
# Families of counted things whose members may stand for one another.
_FAMILY = {"~troops": "~troops", "~workers": "~workers", "~people": "~people", "~ship": "~ship"}
# A generic human count ("people") may be the same as a specific one when the context agrees.
_HUMAN_FAMILIES = frozenset({"~troops", "~workers", "~people"})
_HUMAN_UNITS = frozenset({"fishermen", "protesters", "victims", "patients", "students", "children", "women",
                          "men", "refugees", "migrants", "passengers", "miners", "farmers", "officers",
                          "police", "deaths", "dead", "casualties", "survivors", "pilgrims", "voters"})

_NEGATION = re.compile(
    r"\b(?:not|never|no\s+longer|yet\s+to|n['’]t|has\s+yet|have\s+yet|had\s+yet|refused\s+to|declined\s+to)\b",
    re.IGNORECASE)
_HEDGE = re.compile(r"\b(?:unclear|not\s+(?:yet\s+)?clear|whether|if|may|might|could|would)\b", re.IGNORECASE)

_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|[^\w\s]")
_SENT_END_RE = re.compile(r"[.!?…][\"”’»)]*(?:\s+|(?=[A-Z“\"«]))(?=[\"“«‘(]?[A-Z0-9])")
_ABBREV_RE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|St|Jr|Sr|Prof|No|Mt|Ft|Inc|Co|"
                        r"Corp|vs|[A-Z]))\.$")
_CLAUSE_BREAK = frozenset({",", ";", ":", "—", "–", "(", ")", "“", "”", '"'})
_LIST_SEP_RE = re.compile(r"^\s*(?:,|,?\s*(?:and|or|&|as\s+well\s+as))\s*(?:,?\s*(?:and|or)\s+)?$", re.IGNORECASE)
_OPEN_AFTER_RE = re.compile(r"^\s*,?\s*(?:(?:and|or)\s+(?:other|others|several|many)|among\s+others|etc)\b",
                            re.IGNORECASE)
_OPEN_BEFORE_RE = re.compile(r"\b(?:including|such\s+as|like|notably|among\s+them)\s*$", re.IGNORECASE)
_ATTRIBUTION_AFTER_RE = re.compile(
    r"^[\s,]*(?:who\s+)?(?:said|say|says|told|spoke|speaking|familiar|briefed|quoted|interviewed|cited)\b",
    re.IGNORECASE)
_NAME_LABELS = frozenset({"GPE", "LOC", "NORP", "ORG", "PERSON", "FAC"})
_CATEGORY = {"GPE": "countries", "LOC": "places", "NORP": "groups", "ORG": "organisations", "PERSON": "people",
             "FAC": "places"}
_MEASURE_UNITS = frozenset({"km", "km2", "m", "m2", "m3", "cm", "mm", "miles", "sq miles", "nautical miles",
                            "feet", "inches", "tonnes", "kg", "g", "lb", "litres", "gallons", "hectares",
                            "acres", "°C", "°F", "degrees", "MW", "GW", "kW", "kWh", "MWh", "GWh", "km/h",
                            "mph"})
_TIME_UNITS = frozenset({"years", "months", "weeks", "days", "hours", "minutes", "seconds", "decades"})
_DURATION_RE = re.compile(r"^P(\d+(?:\.\d+)?)([YMWD])$")
_DURATION_UNIT = {"Y": "years", "M": "months", "W": "weeks", "D": "days"}


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()


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


def _content(raw: str) -> bool:
    low = _fold(raw)
    return bool(raw) and raw[0].isalpha() and low not in _STOPWORDS and low not in _REPORTING and len(low) > 1


# --------------------------------------------------------------------------
# One article read once: tokens, sentences, entity keys.


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    raw: str
    stem: str
    content: bool
    entity: str | None = None  # entity key when the token is part of a name


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
    sentences: list[_Sentence]
    starts: list[int]  # token start offsets, for bisection

    @property
    def id(self) -> str:
        return self.item.article.id

    @property
    def origin(self) -> str:
        return self.item.origin

    def token_at(self, offset: int) -> int:
        """Index of the token covering or following a character offset."""
        lo, hi = 0, len(self.starts)
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


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for m in _SENT_END_RE.finditer(para.group()):
            end = para.start() + m.end()
            head = text[start:para.start() + m.start() + 1].rstrip()
            if _ABBREV_RE.search(head) or re.search(r"\b[A-Z]\.[A-Z]\.$", head):
                continue
            spans.append((start, end))
            start = end
        if start < para.end():
            spans.append((start, para.end()))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _entity_key(item: StoryArticle, mention: EntityMention) -> str:
    resolved = item.entity_ids.get(mention.name) or item.entity_ids.get(mention.text)
    if resolved:
        return "E:" + resolved
    name = _fold(mention.name)
    return "E:~usa" if _stem(mention.name) == "~usa" or name in ("united states", "america") else "E:" + name


def _read(index: int, item: StoryArticle) -> _Doc:
    text = item.article.text
    tokens = [_Token(m.start(), m.end(), m.group(), _stem(m.group()), _content(m.group()))
              for m in _TOKEN_RE.finditer(text)]
    doc = _Doc(index, item, text, tokens, [], [t.start for t in tokens])
    for ent in item.annotations.entities:
        if ent.label not in _NAME_LABELS:
            continue
        key = _entity_key(item, ent)
        for k in range(doc.token_at(ent.start), len(tokens)):
            if tokens[k].start >= ent.end:
                break
            tokens[k].entity = key
    for s, e in _sentence_spans(text):
        first = doc.token_at(s)
        last = doc.token_at(e)
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
    family: str  # what must be equal for two mentions to be comparable at all
    value: Any  # float, ISO date string, frozenset of entity keys, or bool (affirmed)
    low: float | None = None  # figures and dates: the interval the value allows
    high: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    about: str | None = None  # the counted or named thing as written
    thing: frozenset[str] = frozenset()  # stems of the counted thing / the frame / the predicate
    nations: frozenset[str] = frozenset()  # names modifying the counted thing ("U.S." troops)
    scope: str | None = None  # a wider scope than the family's plain noun ("personnel and contractors")
    anchor: tuple[date, date] | None = None  # the date the figure is stated for
    names: tuple[str, ...] = ()  # named values as written
    open_list: bool = False  # "including Iran and Russia": other members allowed
    label: str = ""
    vector: dict[str, float] = field(default_factory=dict)
    norm: float = 0.0

    @property
    def article(self) -> str:
        return self.doc.id

    @property
    def origin(self) -> str:
        return self.doc.origin


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


def _interval(q: Quantity) -> tuple[float | None, float | None]:
    low, high = quantity_bounds(q)
    qual = q.qualifier or ""
    slack = VAGUE_SLACK if qual.endswith(" of") or qual in ("several", "a few", "many") else SLACK.get(qual, 0.1)
    if low is not None:
        low *= 1 - slack
    if high is not None:
        high *= 1 + slack
    if qual == "nearly" and high is not None:
        low = q.value * (1 - slack)
    return low, high


def _about_head(doc: _Doc, about: str | None) -> tuple[frozenset[str], frozenset[str], str | None]:
    """The stems of the counted thing, the nations modifying it, and a wider scope when it
    coordinates a second noun of another kind ('personnel and contractors')."""
    if not about:
        return frozenset(), frozenset(), None
    words = _TOKEN_RE.findall(about)
    stems = frozenset(_stem(w) for w in words if _content(w) or _stem(w) == "~usa")
    nations = frozenset(s for s in stems if s == "~usa") | frozenset(
        _stem(w) for w in words if w[:1].isupper() and _content(w) and _stem(w) not in _SYNONYM.values())
    scope = None
    m = re.search(r"\b(?:and|or|plus|including)\s+(\w+)", about)
    if m:
        first = _stem(words[-1]) if words else ""
        other = _stem(m.group(1))
        head_before = _stem(about[:m.start()].split()[-1]) if about[:m.start()].split() else ""
        if other != head_before and _FAMILY.get(other) != _FAMILY.get(head_before, head_before) and first:
            scope = about
    return stems, nations, scope


def _time_anchor(doc: _Doc, sentence: _Sentence, pos: int) -> tuple[date, date] | None:
    """The nearest dated expression in the sentence: a figure is stated for that time."""
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


def _figures(doc: _Doc) -> list[_Mention]:
    out: list[_Mention] = []
    for q in doc.item.annotations.quantities:
        if not q.unit:
            continue  # nothing counted: nothing to line up
        after = doc.text[q.end:q.end + 80]
        if q.about:
            k = after.find(q.about)
            if 0 <= k < 30:
                after = after[k + len(q.about):]
        if _ATTRIBUTION_AFTER_RE.match(after):
            continue  # "three U.S. officials said": who is talking, not what happened
        q = _fixed_value(q)
        kind, unit = _unit_class(q.unit)
        tok = doc.token_at(q.start)
        last = max(tok + 1, doc.token_at(q.end))
        sentence = doc.sentence_of(tok)
        stems, nations, scope = _about_head(doc, q.about)
        if kind == "count":
            thing = frozenset({unit}) | stems
            family = "count:" + _FAMILY.get(unit, unit)
            if unit in _HUMAN_FAMILIES or unit in _HUMAN_UNITS or _stem(q.unit) in _HUMAN_UNITS:
                family = "count:human"
        else:
            thing = stems
            family = f"{kind}:{unit}"
        low, high = _interval(q)
        out.append(_Mention(
            kind="figure", doc=doc, start=q.start, end=q.end, text=q.text, sentence=sentence, tok_first=tok,
            tok_last=last, family=family, value=q.value, low=low, high=high, unit=q.unit,
            qualifier=q.qualifier, about=q.about, thing=thing, nations=nations, scope=scope,
            anchor=_time_anchor(doc, sentence, q.start), label=unit if kind == "count" else kind))
    return out


def _durations(doc: _Doc) -> list[_Mention]:
    """'a 25-year concession', 'a concession of 25 years', 'within six months': a length of something."""
    out: list[_Mention] = []
    for t in doc.item.annotations.timexes:
        m = _DURATION_RE.match(t.value or "") if t.type == "DURATION" else None
        if not m:
            continue
        value, unit = float(m.group(1)), _DURATION_UNIT[m.group(2)]
        tok = doc.token_at(t.start)
        last = max(tok + 1, doc.token_at(t.end))
        toks = doc.tokens
        noun: str | None = None
        qualifier = None
        if "-" in t.text and last < len(toks) and toks[last].content:
            noun = toks[last].raw  # "25-year concession"
        elif tok >= 2 and toks[tok - 1].raw.lower() == "of" and toks[tok - 2].content:
            noun = toks[tok - 2].raw  # "a concession of 25 years"
        elif tok >= 1 and toks[tok - 1].raw.lower() == "within":
            qualifier = "up to"  # "within six months": a deadline
        else:
            continue
        sentence = doc.sentence_of(tok)
        thing = frozenset({_stem(noun)}) if noun else frozenset()
        out.append(_Mention(
            kind="figure", doc=doc, start=t.start, end=t.end, text=t.text, sentence=sentence, tok_first=tok,
            tok_last=last, family=f"time:{unit}", value=value, low=0.0 if qualifier else value * 0.99,
            high=value * 1.01, unit=unit, qualifier=qualifier, about=noun, thing=thing, label="duration"))
    return out


def _date_interval(value: str | None) -> tuple[date, date] | None:
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return None
    y = int(m.group(1))
    try:
        if m.group(3):
            d = date(y, int(m.group(2)), int(m.group(3)))
            return d, d
        if m.group(2):
            mo = int(m.group(2))
            first = date(y, mo, 1)
            nxt = date(y + (mo == 12), mo % 12 + 1, 1)
            return first, nxt - timedelta(days=1)
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
        # The event is told by the words of the clause around the date, mostly before it.
        event = _clause_words(doc, sentence, tok, last, before=8, after=4)
        if not event:
            continue
        out.append(_Mention(
            kind="date", doc=doc, start=t.start, end=t.end, text=t.text, sentence=sentence, tok_first=tok,
            tok_last=last, family="date", value=t.value, low=span[0].toordinal(), high=span[1].toordinal(),
            thing=frozenset(event), label="date"))
    return out


def _clause_words(doc: _Doc, sentence: _Sentence, first: int, last: int, *, before: int, after: int) -> list[str]:
    """Content stems of the clause around tokens [first, last), nearest first."""
    out: list[str] = []
    k = first - 1
    while k >= sentence.first and first - k <= before + 6 and len(out) < before:
        t = doc.tokens[k]
        if t.raw in _CLAUSE_BREAK and out:
            break
        if t.content and not t.raw[0].isdigit():
            out.append(t.entity or t.stem)
        k -= 1
    got = 0
    k = last
    while k < sentence.last and got < after:
        t = doc.tokens[k]
        if t.raw in _CLAUSE_BREAK:
            break
        if t.content and not t.raw[0].isdigit():
            out.append(t.entity or t.stem)
            got += 1
        k += 1
    return out


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
        before = doc.text[max(sentence.start, run[0].start - 40):run[0].start]
        open_list = bool(_OPEN_BEFORE_RE.search(before) or _OPEN_AFTER_RE.match(doc.text[run[-1].end:]))
        frame = _frame(doc, sentence, tok)
        if not frame:
            continue
        out.append(_Mention(
            kind="named", doc=doc, start=run[0].start, end=run[-1].end, text=doc.text[run[0].start:run[-1].end],
            sentence=sentence, tok_first=tok, tok_last=last, family="named:" + _category(run[0].label),
            value=frozenset(keys), thing=frozenset(frame), names=tuple(dict.fromkeys(e.name for e in run)),
            open_list=open_list, about=" ".join(frame), label=_CATEGORY.get(run[0].label, "names")))
    return out


def _category(label: str) -> str:
    return "place" if label in ("GPE", "LOC", "FAC") else label


def _frame(doc: _Doc, sentence: _Sentence, first: int) -> list[str]:
    """The words that set up a list of names: a preposition and the content words before it
    ('relations with countries including', 'operators from'), up to a clause break."""
    toks = doc.tokens
    k = first - 1
    while k >= sentence.first and _fold(toks[k].raw) in ("including", "such", "as", "like", "notably",
                                                          "neighboring", "neighbouring", "both", "the"):
        k -= 1
    if k < sentence.first or _fold(toks[k].raw) not in ("with", "to", "from", "in", "between", "of", "by",
                                                         "and", "against", "including"):
        return []
    words: list[str] = []
    k -= 1
    while k >= sentence.first and len(words) < 3 and first - k <= 8:
        t = toks[k]
        if t.raw in _CLAUSE_BREAK:
            break
        if t.content and t.entity is None:
            words.append(t.stem)
        k -= 1
    return words


def _statements(doc: _Doc) -> list[_Mention]:
    """Clauses with a request/departure-style predicate, denied or affirmed: 'has not asked the
    troops to leave' against 'asked the troops to leave'."""
    out: list[_Mention] = []
    for sentence in doc.sentences:
        for k in range(sentence.first, sentence.last):
            t = doc.tokens[k]
            if t.stem not in _PREDICATES:
                continue
            # The object: the content words that follow within the clause.
            obj: set[str] = set()
            j = k + 1
            while j < sentence.last and j - k <= 10:
                u = doc.tokens[j]
                if u.raw in (";", ":", "—") or (u.raw == "," and obj):
                    break
                if u.content or u.entity:
                    obj.add(u.entity or u.stem)
                j += 1
            if len(obj & _OBJECT_CLASSES) < 2:
                continue
            clause_start = doc.tokens[max(sentence.first, k - 6)].start
            head = doc.text[clause_start:t.start]
            if _HEDGE.search(head):
                continue  # "it is unclear whether the junta will ask": no statement either way
            negated = bool(_NEGATION.search(head))
            end = doc.tokens[j - 1].end
            out.append(_Mention(
                kind="statement", doc=doc, start=clause_start, end=end, text=doc.text[clause_start:end],
                sentence=sentence, tok_first=k, tok_last=j, family="statement:" + t.stem, value=not negated,
                thing=frozenset(obj), label="statement"))
    return out


# Predicates whose denial in one source and affirmation in another is worth showing,
# and the object classes that must match for two clauses to be the same statement.
_PREDICATES = frozenset({"~request", "~agreement", "~sign"})
_OBJECT_CLASSES = frozenset({"~depart", "~troops", "~usa", "~workers", "~people", "~revoke", "~agreement"})


# --------------------------------------------------------------------------
# Similarity


def _vectors(docs: Sequence[_Doc], mentions: Sequence[_Mention]) -> None:
    """Context vectors: sentence words weighted by rarity in the story and nearness to the mention."""
    df: Counter[str] = Counter()
    n = 0
    for d in docs:
        for s in d.sentences:
            n += 1
            df.update({t.entity or t.stem for t in d.tokens[s.first:s.last] if t.content or t.entity})
    for m in mentions:
        vec: dict[str, float] = defaultdict(float)
        toks = m.doc.tokens
        for k in range(m.sentence.first, m.sentence.last):
            if m.tok_first <= k < m.tok_last:
                continue
            t = toks[k]
            if not (t.content or t.entity) or t.raw[0].isdigit():
                continue
            key = t.entity or t.stem
            if t.entity and k > m.sentence.first and toks[k - 1].entity == t.entity:
                continue  # one weight per name, however many words it has
            dist = m.tok_first - k if k < m.tok_first else k - m.tok_last + 1
            near = 1.0 / (1.0 + max(0, dist - 1) / 4.0)
            idf = math.log(1.0 + n / (1 + df[key]))
            vec[key] = max(vec[key], idf * near)
        m.vector = dict(vec)
        m.norm = math.sqrt(sum(v * v for v in vec.values()))


def _cosine(a: _Mention, b: _Mention) -> float:
    if not a.norm or not b.norm:
        return 0.0
    small, big = (a.vector, b.vector) if len(a.vector) < len(b.vector) else (b.vector, a.vector)
    return sum(w * big[k] for k, w in small.items() if k in big) / (a.norm * b.norm)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _thing(a: _Mention, b: _Mention) -> float | None:
    """How surely two mentions are about the same kind of thing; None when they never are."""
    if a.family != b.family:
        return None
    if a.kind == "figure":
        if a.nations and b.nations and not (a.nations & b.nations):
            return None  # "U.S. troops" and "Russian soldiers"
        ua, ub = _stem(a.unit or ""), _stem(b.unit or "")
        if a.family.startswith("count:"):
            if ua == ub:
                return 1.0
            if _FAMILY.get(ua) and _FAMILY.get(ua) == _FAMILY.get(ub):
                return 0.8
            if "~people" in (ua, ub) or a.family == "count:human":
                return 0.45  # "people" for "workers": possible, the context must say so
            return None
        if a.thing and b.thing:
            overlap = len(a.thing & b.thing)
            return 1.0 if overlap else 0.0
        return 0.4
    if a.kind == "date":
        return _jaccard(a.thing, b.thing)
    if a.kind == "named":
        return 1.0 if a.thing & b.thing else 0.0
    return _jaccard(a.thing, b.thing)


def _similarity(a: _Mention, b: _Mention) -> float | None:
    thing = _thing(a, b)
    if thing is None:
        return None
    ctx = _cosine(a, b)
    if a.kind == "figure":
        return 0.4 * thing + 0.6 * ctx
    if a.kind == "date":
        return 0.3 * thing + 0.7 * ctx
    if a.kind == "named":
        return 0.0 if not thing else 0.4 + 0.6 * ctx
    return 0.3 * thing + 0.7 * ctx


def _compatible(a: _Mention, b: _Mention) -> bool:
    if a.kind in ("figure", "date"):
        return _overlap(a.low, a.high, b.low, b.high)
    if a.kind == "named":
        va, vb = a.value, b.value
        if va == vb:
            return True
        if a.open_list and b.open_list:
            return True
        if a.open_list:
            return bool(va <= vb)
        if b.open_list:
            return bool(vb <= va)
        return False
    return bool(a.value == b.value)


def _overlap(al: float | None, ah: float | None, bl: float | None, bh: float | None) -> bool:
    lo = max(x for x in (al, bl, -math.inf) if x is not None)
    hi = min(x for x in (ah, bh, math.inf) if x is not None)
    return lo <= hi


def _far_apart(a: _Mention, b: _Mention) -> bool:
    """Different magnitudes, or stated for different times: never the same figure."""
    if a.kind != "figure":
        return False
    va, vb = abs(float(a.value)), abs(float(b.value))
    if va and vb and max(va, vb) / min(va, vb) > MAX_RATIO:
        return True
    if a.anchor and b.anchor:
        gap = max(a.anchor[0], b.anchor[0]) - min(a.anchor[1], b.anchor[1])
        if gap.days > 1:
            return True
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


@dataclass(slots=True)
class _Link:
    a: int
    b: int
    score: float
    compatible: bool


def _links(mentions: Sequence[_Mention]) -> list[_Link]:
    by_family: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_family[m.family].append(i)
    out: list[_Link] = []
    for members in by_family.values():
        for x, i in enumerate(members):
            a = mentions[i]
            for j in members[x + 1:]:
                b = mentions[j]
                if a.doc is b.doc or _far_apart(a, b):
                    continue
                score = _similarity(a, b)
                if score is None:
                    continue
                compatible = _compatible(a, b)
                out.append(_Link(i, j, score, compatible))
    return out


def _threshold(a: _Mention, b: _Mention, compatible: bool) -> float:
    if compatible:
        return AGREE
    if a.scope or b.scope:
        return math.inf  # a wider count never conflicts with a narrower one: it becomes a note
    return CONFLICT


def _claims(mentions: list[_Mention]) -> list[list[int]]:
    links = _links(mentions)
    uf = _Union(len(mentions))
    for link in sorted(links, key=lambda k: -k.score):
        a, b = mentions[link.a], mentions[link.b]
        if link.score >= _threshold(a, b, link.compatible):
            uf.union(link.a, link.b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(mentions)):
        groups[uf.find(i)].append(i)
    # A wider-scope count stays alone unless its value matches; attach it to the claim it is nearest to.
    best_note: dict[int, tuple[float, int]] = {}
    for link in links:
        for s, o in ((link.a, link.b), (link.b, link.a)):
            if mentions[s].scope and not mentions[o].scope and not link.compatible and link.score >= CONFLICT:
                root = uf.find(o)
                if uf.find(s) != root and len(groups[uf.find(s)]) == 1 and \
                        (s not in best_note or best_note[s][0] < link.score):
                    best_note[s] = (link.score, root)
    for s, (_, root) in best_note.items():
        groups.pop(uf.find(s), None)
        groups[root].append(s)
    return list(groups.values())


# --------------------------------------------------------------------------
# Values, status, subjects


@dataclass(slots=True)
class _Value:
    members: list[_Mention]
    low: float | None
    high: float | None

    @property
    def origins(self) -> set[str]:
        return {m.origin for m in self.members}

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(m.article for m in self.members))


def _value_groups(ms: list[_Mention]) -> list[_Value]:
    """Split a claim's mentions into values: mentions whose intervals all overlap give one value."""
    groups: list[_Value] = []
    # Precise mentions first: they decide where the values are; vague ones then join the best fit.
    def width(m: _Mention) -> float:
        if m.kind not in ("figure", "date"):
            return 0.0
        if m.low is None or m.high is None:
            return math.inf
        return (m.high - m.low) / max(abs(m.high), 1e-9)

    for m in sorted(ms, key=lambda m: (width(m), m.doc.index, m.start)):
        fits = [g for g in groups if _fits(g, m)]
        if fits:
            g = max(fits, key=lambda g: (len(g.origins), len(g.members)))
            g.members.append(m)
            if m.kind in ("figure", "date"):
                g.low = max((x for x in (g.low, m.low) if x is not None), default=None)
                g.high = min((x for x in (g.high, m.high) if x is not None), default=None)
        else:
            groups.append(_Value([m], m.low, m.high))
    return groups


def _fits(g: _Value, m: _Mention) -> bool:
    if m.kind in ("figure", "date"):
        return _overlap(g.low, g.high, m.low, m.high)
    return all(_compatible(m, x) for x in g.members)


def _representative(g: _Value) -> _Mention:
    """The wording most origins use; ties go to the earliest article."""
    count = Counter(_display_value(m) for m in g.members if not m.scope)
    if not count:
        count = Counter(_display_value(m) for m in g.members)
    top = max(count.values())
    return next(m for m in g.members if count.get(_display_value(m)) == top)


def _display_value(m: _Mention) -> Any:
    if m.kind == "figure":
        v = float(m.value)
        return int(v) if v == int(v) else v
    if m.kind == "named":
        return " and ".join(m.names) if len(m.names) == 2 else ", ".join(m.names[:-1]) + " and " + m.names[-1]
    if m.kind == "statement":
        return "affirmed" if m.value else "denied"
    return m.value


def _sentence(m: _Mention) -> str:
    return m.doc.sentence_text(m.sentence)


def _value_entry(g: _Value) -> dict[str, Any]:
    rep = _representative(g)
    variants: dict[tuple[str, str | None], list[str]] = {}
    for m in g.members:
        variants.setdefault((" ".join(m.text.split()), m.about), [])
        if m.article not in variants[(" ".join(m.text.split()), m.about)]:
            variants[(" ".join(m.text.split()), m.about)].append(m.article)
    entry: dict[str, Any] = {
        "value": _display_value(rep),
        "unit": rep.unit if rep.kind == "figure" else None,
        "qualifier": rep.qualifier,
        "text": " ".join(rep.text.split()),
        "sentence": _sentence(rep),
        "articles": g.articles,
        "origins": len(g.origins),
    }
    if len(variants) > 1:
        entry["variants"] = [{"text": t, "about": about, "articles": arts} for (t, about), arts in variants.items()]
    return entry


def _subject(ms: list[_Mention], rep: _Mention) -> tuple[str, str]:
    """A readable subject and a short attribute name."""
    if rep.kind == "figure":
        abouts = Counter(_clean_about(m.about) for m in ms if m.about and not m.scope)
        about = max(abouts, key=lambda a: (abouts[a], len(a))) if abouts else None
        where = _place(ms)
        kind, _ = _unit_class(rep.unit or "")
        if rep.label == "duration":
            thing = about or _phrase_after(rep)
            return (f"length of the {thing}" if thing else "time limit"), "duration"
        if kind == "money":
            thing = about or _phrase_after(rep) or "sum"
            return f"{thing}{where} ({rep.unit})", "amount"
        if kind == "percent":
            return f"{about or _phrase_after(rep) or 'share'}{where} (percent)", "percentage"
        if rep.unit == "years" and about:
            return f"age of the {about}", "age"
        if kind == "measure":
            return f"{about or 'amount'}{where} ({rep.unit})", rep.unit or "measure"
        return f"{about or rep.unit}{where}", f"number of {rep.unit}"
    if rep.kind == "date":
        return f"date: {_event_phrase(rep)}", "date"
    if rep.kind == "named":
        words = _frame_text(rep)
        return f"{rep.label} named in “{words} …”", f"named {rep.label}"
    return f"whether {_statement_text(ms)}", "affirmed or denied"


def _clean_about(about: str | None) -> str:
    about = " ".join((about or "").split())
    return re.sub(r"^(?:the|a|an|of)\s+", "", about, flags=re.IGNORECASE)


def _place(ms: Iterable[_Mention]) -> str:
    """' in Niger' when a mention says where the counted things are ('troops from Niger')."""
    for m in ms:
        tail = m.doc.text[m.end:m.sentence.end]
        if m.about:
            k = tail.find(m.about)
            if 0 <= k < 20:
                tail = tail[k + len(m.about):]
        hit = re.match(r"\s+(?:in|from|at)\s+(?:the\s+)?([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)", tail)
        if hit and any(e.start == m.end + (len(m.doc.text[m.end:]) - len(tail)) + hit.start(1)
                       for e in m.doc.item.annotations.entities):
            return " in " + hit.group(1)
    return ""


def _phrase_after(m: _Mention) -> str:
    """'$12 million for the crane and other equipment' → 'for the crane and other equipment'."""
    tail = m.doc.text[m.end:m.sentence.end]
    hit = re.match(r"\s+((?:for|of|in|on|to)\s+(?:the\s+|its\s+|their\s+)?[\w’'-]+(?:\s+(?:and\s+)?[\w’'-]+){0,4})",
                   tail)
    if not hit:
        return ""
    words = hit.group(1).split()
    while words and (_fold(words[-1]) in _STOPWORDS or not words[-1][0].isalpha()):
        words.pop()
    return " ".join(words)


def _event_phrase(m: _Mention) -> str:
    toks = m.doc.tokens
    k = m.tok_first - 1
    words: list[str] = []
    while k >= m.sentence.first and len(words) < 9:
        t = toks[k]
        if t.raw in _CLAUSE_BREAK or (words and _fold(t.raw) in _REPORTING):
            break
        words.append(t.raw)
        k -= 1
    words.reverse()
    while words and _fold(words[-1]) in ("on", "in", "at", "by", "since", "until", "during", "of", "the"):
        words.pop()
    text = " ".join(words).strip()
    if not text:
        return m.doc.sentence_text(m.sentence)[:80]
    return text


def _frame_text(m: _Mention) -> str:
    return " ".join(m.doc.text[max(m.sentence.start, m.start - 60):m.start].split()[-4:])


def _statement_text(ms: list[_Mention]) -> str:
    affirmed = [m for m in ms if m.value]
    m = (affirmed or ms)[0]
    return " ".join(m.doc.text[m.doc.tokens[m.tok_first].start:m.end].split())


def _status(values: list[_Value]) -> str:
    if len(values) > 1:
        # Incompatible values: a conflict when they come from different origins.
        for i, a in enumerate(values):
            for b in values[i + 1:]:
                if a.origins != b.origins or len(a.origins | b.origins) > 1:
                    return "conflict"
    if len(values) == 1 and len(values[0].origins) >= 2:
        return "agreed"
    return "single_source"


def _notes(values: list[_Value], ms: list[_Mention], notes_only: list[_Mention]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in notes_only:
        out.append({"text": f"“{' '.join(m.text.split())} {m.about}” counts a different scope", "value":
                    _display_value(m), "unit": m.unit, "sentence": _sentence(m), "articles": [m.article]})
    for g in values:
        for m in g.members:
            if m.scope:
                out.append({"text": f"“{' '.join(m.text.split())} {m.about}” counts a wider scope than the others",
                            "value": _display_value(m), "unit": m.unit, "sentence": _sentence(m),
                            "articles": [m.article]})
    if len(values) > 1:
        for g in values:
            same_origin = [o for o in g.origins if any(o in h.origins for h in values if h is not g)]
            if same_origin:
                out.append({"text": "copies of one report disagree on this value", "articles": g.articles})
                break
    return out


def _keep(kind: Kind, values: list[_Value], status: str) -> bool:
    """Figures are claims even from one source; dates, named values and statements only when
    they are compared (two origins at least), or they would repeat the timeline and the text."""
    if kind == "figure":
        return True
    origins = set().union(*(g.origins for g in values))
    if kind == "statement":
        return status == "conflict" or (len(origins) >= 2 and any(not m.value for g in values for m in g.members))
    return len(origins) >= 2


def align_claims(items: list[StoryArticle]) -> list[dict[str, Any]]:
    """The story's claims in the contract's form, most important first: conflicts, then agreed
    claims, then single-source ones, each by the number of distinct origins behind it."""
    docs = [_read(i, item) for i, item in enumerate(items)]
    mentions: list[_Mention] = []
    for d in docs:
        mentions += _figures(d) + _durations(d) + _dates(d) + _named(d) + _statements(d)
    _vectors(docs, mentions)
    built: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for group in _claims(mentions):
        ms = [mentions[i] for i in group]
        counted = [m for m in ms if not m.scope]
        scoped = [m for m in ms if m.scope]
        values = _value_groups(counted) if counted else _value_groups(scoped)
        notes_only: list[_Mention] = []
        if counted:
            for m in scoped:
                fit = [g for g in values if _fits(g, m)]
                if fit:
                    max(fit, key=lambda g: len(g.origins)).members.append(m)
                else:
                    notes_only.append(m)
        status = _status(values)
        kind = ms[0].kind
        if not _keep(kind, values, status):
            continue
        values.sort(key=lambda g: (-len(g.origins), -len(g.members), min(m.doc.index for m in g.members)))
        rep = _representative(values[0])
        subject, attribute = _subject(ms, rep)
        claim: dict[str, Any] = {
            "id": "",
            "subject": subject,
            "attribute": attribute,
            "kind": kind,
            "values": [_value_entry(g) for g in values],
            "status": status,
        }
        notes = _notes(values, ms, notes_only)
        if notes:
            claim["notes"] = notes
        origins = len(set().union(*(g.origins for g in values)))
        rank = {"conflict": 0, "agreed": 1, "single_source": 2}[status]
        first = min((m.doc.index, m.start) for m in ms)
        built.append(((rank, -origins, -len({m.article for m in ms}), first, subject), claim))
    built.sort(key=lambda x: x[0])
    out = []
    for n, (_, claim) in enumerate(built, 1):
        claim["id"] = f"c{n}"
        out.append(claim)
    return out
