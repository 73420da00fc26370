"""Quotes and their speakers.

Direct quotes are found by pairing quotation marks within paragraphs, and the
glyphs alone are never trusted: scraped and machine-translated news is full of
closing marks used as opening ones, doubled marks, marks that never close and
marks left over from a lost quote. Each mark's role (opening, closing, either)
is read from what surrounds it. A quote outlives its paragraph only through
the news convention for long quotes (the paragraph is left open and the next
one opens with a quotation mark), and only up to `MAX_PARAGRAPHS` and
`MAX_CHARS`. So a damaged mark costs at most one paragraph, never the rest of
the article; a fragment a stray mark cuts off mid-phrase is dropped.

Not every quoted string is a quote. A phrase woven into the reporter's own
sentence ("called the plan "reckless" and ...") or a title ("Game of Thrones")
is not; a quotation opens a sentence, follows its attribution ("said:",
"told reporters,") or stands alone.

A quote is one attribution, as PolNeAR annotates and the quote scorer counts
it: the parts split by their attribution (`"...," he said. "..."`) and a
following quote with no attribution of its own make one Quote, spanning from
the first opening mark to the last closing mark. `quote_parts` gives back the
quoted pieces without the words between them.

Speakers come from the attribution: a speech verb ("said", "told", "added",
"shot back", ...) or "according to" next to the quote, in the same sentence
(on either side, or between the parts of a split quote), in an introduction
ending with a colon, in a short sentence of its own after the quote, or a
signature after a dash. The subject of that verb is the mention the speaker is
drawn from (`speaker_start`/`speaker_end`); `speaker` is the name it stands for:
a surname becomes the fullest form of the name in the article, a pronoun the
most recent compatible person (a speaker above all), a description that points
back ("the spokesman") the person introduced with that role or the fuller
description it repeats ("the official" after "a senior State Department
official"). A description that introduces someone ("a senior official") is
kept as written. An unresolvable pronoun leaves `speaker` None. A quote with
no attribution of its own goes on with the speaker of the quote before it.

Indirect quotes are the common forms of reported speech: the content clause
of a speech verb ("X said (that) ...", "..., X said") and the clause "according
to X" hangs on. Their span is the reported words, without a complementiser
and without quotation marks at its edges.

The work is a few passes over the marks, the paragraphs and the tokens, with
windows of bounded size around each quote and bisection for every lookup, so
the cost grows linearly with the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.attrs import IDX, LEMMA, LOWER
from spacy.strings import StringStore
from spacy.tokens import Doc, Token

from newsweave.model import EntityMention, Quote

__all__ = ["find_quotes", "quote_parts", "resolve_names", "SPEECH_VERBS"]

# Lemmas of verbs that introduce speech or writing in news prose.
SPEECH_VERBS = frozenset(
    """
    say tell add state write ask explain note argue warn insist declare announce continue claim reply
    respond answer comment remark recall acknowledge admit concede confirm deny suggest tweet post report
    quip joke predict promise vow pledge assert contend maintain observe emphasize emphasise stress
    complain lament caution urge boast scold shout yell cry whisper mutter testify conclude summarize
    retort counter recount muse wonder speculate charge allege proclaim exclaim chant read agree
    reiterate repeat reveal disclose inform brief describe mention indicate estimate tout surmise opine
    concur object protest plead demand question thunder snap fume rail gush marvel sneer scoff
    interject interrupt beg scream murmur mumble sigh laugh chuckle tease mock taunt brag crow seethe
    gripe grumble grouse bemoan confess guess propose recommend advise elaborate clarify reminisce
    underscore highlight inquire query swear forecast threaten blog text email message rave bark boom
    press growl snarl intone
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Verbs that are speech verbs only with a particle: "shot back", "went on", "pointed out".
_PHRASAL = {"shoot": {"back"}, "fire": {"back"}, "hit": {"back"}, "go": {"on"}, "point": {"out"},
            "lash": {"out"}, "chime": {"in"}, "weigh": {"in"}, "sum": {"up"}, "cry": {"out"},
            "speak": {"out", "up"}, "call": {"out"}, "write": {"back"}, "put": {"it"}}

_PRONOUNS_PLURAL = {"they", "them"}
_PRONOUNS_SELF = {"i", "we", "you", "me", "us"}
_PRONOUN_WORDS = {"he", "she", "him", "her", "it", "who", "this", "that"} | _PRONOUNS_PLURAL | _PRONOUNS_SELF

_TITLE = re.compile(
    r"^(?:(?:mr|mrs|ms|miss|dr|prof|sen|rep|gov|gen|lt|col|maj|capt|sgt|adm|cmdr|rev|sir|dame|"
    r"president|senator|representative|governor|general|secretary|minister|chairman|chairwoman|"
    r"judge|justice|mayor|ambassador|speaker|sheriff|pastor|father|gen\.|lt\.|col\.)\.?\s+)+",
    re.IGNORECASE,
)
_FEMALE_HINT = re.compile(r"\b(?:ms|mrs|miss)\.?\s*$|\b\w*woman\s*$", re.IGNORECASE)
_MALE_HINT = re.compile(r"\b(?:mr)\.?\s*$|\b\w*(?:spokes|chair|congress)man\s*$", re.IGNORECASE)

_NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE"}

Paras = list[tuple[int, int]]  # (start, end) of each paragraph

# Bounds that keep a damaged mark from running a quote on: a quote carried over
# paragraph breaks stops after this many paragraphs or characters.
MAX_PARAGRAPHS = 8
MAX_CHARS = 6000

_MARK = re.compile(r"'{2,3}|[\"“”«»„‟]")
_STYLE = {'"': "straight", "''": "straight", "“": "curly", "”": "curly", "„": "curly", "‟": "curly",
          "«": "guillemet", "»": "guillemet"}
_OPEN_GLYPHS = {"“", "«", "„", "‟"}
_CLOSE_GLYPHS = {"”", "»"}
_SENT_END = {".", "!", "?"}
# Forms that are speech verbs even when the tagger, confused by a quote next to
# them, calls them something else.
_SAID = {"said", "says", "told", "added", "asked", "wrote", "saying", "adding", "writing", "tweeted"}
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


# --------------------------------------------------------------------------
# Paragraphs and quotation marks


def _paragraphs(text: str) -> Paras:
    """Blocks separated by line breaks; a single break before a lower-case
    word is a hard wrap inside a paragraph, not a new paragraph."""
    spans: Paras = []
    pos = 0
    for m in re.finditer(r"[ \t]*\n\s*", text):
        if m.group().count("\n") == 1 and m.end() < len(text) and text[m.end()].islower():
            continue
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text) and text[pos:].strip():
        spans.append((pos, len(text.rstrip())))
    return spans


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    role: str  # "open", "close" or "either"
    style: str


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _is_punct(ch: str) -> bool:
    return not (ch.isalnum() or ch.isspace() or ch == "")


def _marks(text: str, start: int, end: int) -> list[_Mark]:
    """The quotation marks in text[start:end], each with the role its
    surroundings give it: a mark before a word and after a space opens, one
    after a word and before a space or punctuation closes."""
    marks: list[_Mark] = []
    for m in _MARK.finditer(text, start, end):
        s, e = m.start(), m.end()
        glyph = m.group()
        prev = text[s - 1] if s > 0 else ""
        nxt = text[e] if e < len(text) else ""
        if glyph == "'''":
            # Three apostrophes are a double mark and a nested single one; which is
            # which depends on whether they open or close.
            if _is_space(nxt) or _is_punct(nxt):
                s += 1
            else:
                e -= 1
            glyph = "''"
            prev = text[s - 1] if s > 0 else ""
            nxt = text[e] if e < len(text) else ""
        left = not _is_space(nxt) and (_is_space(prev) or _is_punct(prev))
        right = not _is_space(prev) and (_is_space(nxt) or _is_punct(nxt))
        if glyph in _OPEN_GLYPHS:
            # An opening glyph after a word and before a space is a closing mark
            # written with the wrong glyph.
            role = "close" if right and not left and not _is_punct(nxt) or (
                right and not left and prev in ".,!?") else "open"
        elif glyph in _CLOSE_GLYPHS:
            role = "open" if _is_space(prev) and not _is_space(nxt) and not _is_punct(nxt) else "close"
        elif left and not right:
            role = "open"
        elif right and not left:
            role = "close"
        else:
            role = "either"
        marks.append(_Mark(s, e, role, _STYLE[glyph]))
    return marks


@dataclass(slots=True)
class _Segment:
    start: int  # the opening mark
    end: int  # after the closing mark, or the end of the paragraph when never closed
    closed: bool
    para: int  # paragraph index where the quote opens
    last_para: int  # paragraph index where it ends


def _may_continue(text: str, para_start: int, open_at: int, para_end: int) -> bool:
    """A quote left open at a paragraph end carries on into the next paragraph
    only if it opened a quotation (at a paragraph or sentence start, or after a
    colon or comma) and the paragraph ends like a sentence; a stray mark inside
    running prose or parentheses does not."""
    before = text[para_start:open_at].rstrip()
    if before and before[-1] not in ".!?:,—–-…":
        return False
    tail = text[para_start:para_end].rstrip()
    return tail[-1:] in (".", "!", "?", "…", "—", "–", "-", ":", ",")


def _nested(marks: list[_Mark], i: int) -> bool:
    """An opening mark inside a quote of the same style is a quote within the
    quote when two closing marks follow before the next opening one; otherwise
    the quote before it lost its closing mark."""
    for closes, mark in enumerate(marks[i:i + 8], start=1):
        if mark.role == "open":
            return False
        if closes == 2:
            return True
    return False


def _segments(text: str, paras: Paras) -> list[_Segment]:
    """Pair the quotation marks of each paragraph into quoted segments."""
    out: list[_Segment] = []
    para_marks = [_marks(text, s, e) for s, e in paras]
    open_mark: _Mark | None = None
    open_para = 0
    inner: str | None = None  # the style of a nested quote of another style
    carried = 0
    for p, marks in enumerate(para_marks):
        i = 0
        if open_mark is not None:
            # Carried from the previous paragraph: its opening mark is the continuation.
            i = 1
        while i < len(marks):
            mark = marks[i]
            i += 1
            if open_mark is None:
                if mark.role != "close":
                    open_mark, open_para, inner, carried = mark, p, None, 0
                continue
            if inner is not None:
                if mark.role == "open":
                    continue
                if mark.style == inner or mark.style != open_mark.style:
                    inner = None
                    continue
            if mark.role in ("close", "either"):
                out.append(_Segment(open_mark.start, mark.end, True, open_para, p))
                open_mark = None
            elif mark.style != open_mark.style or _nested(marks, i):
                inner = mark.style
            else:
                # The same opening glyph again: the earlier quote lost its closing mark.
                end = _rtrim(text, open_mark.start, mark.start)
                out.append(_Segment(open_mark.start, end, False, open_para, p))
                open_mark, open_para, inner, carried = mark, p, None, 0
        if open_mark is None:
            continue
        nxt = para_marks[p + 1] if p + 1 < len(para_marks) else []
        continues = (
            bool(nxt)
            and nxt[0].start == paras[p + 1][0]
            and _may_continue(text, paras[open_para][0], open_mark.start, paras[p][1])
            and nxt[0].role != "close"
            and carried < MAX_PARAGRAPHS
            and paras[p + 1][1] - open_mark.start <= MAX_CHARS
        )
        if continues:
            carried += 1
            inner = None
            continue
        out.append(_Segment(open_mark.start, _rtrim(text, open_mark.start, paras[p][1]), False, open_para, p))
        open_mark = None
    return out


_SINGLE = re.compile(r"(?:^|(?<=:)[ \t]*)([‘'][^\s‘'][^\n]*?[^\s][’'])[.!?]?[ \t]*$", re.MULTILINE)


def _single_quoted(text: str, paras: Paras, segments: list[_Segment]) -> list[_Segment]:
    """Headline style `Name: ‘Quote.’`: single marks count as quotation marks only
    when they open a paragraph or follow a colon and close the paragraph, since
    elsewhere they are apostrophes or quotes within quotes."""
    out = list(segments)
    taken = {s.para for s in segments}
    for p, (ps, pe) in enumerate(paras):
        if p in taken or text[pe - 1] not in "’'.!?":
            continue
        m = _SINGLE.search(text, ps, pe)
        if m and (m.start() == ps or text[ps:m.start()].rstrip().endswith(":")):
            out.append(_Segment(m.start(1), m.end(1), True, p, p))
    out.sort(key=lambda s: s.start)
    return out


def _rtrim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _inside(text: str, seg: _Segment) -> str:
    """The quoted words without the marks."""
    body = text[seg.start:seg.end]
    return body.strip("\"'“”«»„‟ \n\t")


# --------------------------------------------------------------------------
# Names


def _strip_title(name: str) -> str:
    stripped = _TITLE.sub("", name).strip()
    return stripped or name


def _name_words(name: str) -> list[str]:
    return [w for w in _WORD.findall(name) if w[:1].isupper()]


class _Names:
    """The fullest form of each name seen so far in the article, by its last
    word: "Wallander" is "Celeste Wallander", "the Post" "The Washington Post".
    Titles ("Ms.", "Gen.") are dropped from people's names only."""

    def __init__(self, people: bool = True) -> None:
        self.by_last: dict[str, str] = {}
        self.people = people

    def see(self, name: str) -> str:
        full = self.resolve(name)
        words = _name_words(full)
        if len(words) >= 2:
            self.by_last[words[-1].lower()] = full
        return full

    def resolve(self, name: str) -> str:
        bare = _strip_title(name.strip()) if self.people else name.strip()
        words = _name_words(bare)
        if not words:
            return bare
        known = self.by_last.get(words[-1].lower())
        if known and len(_name_words(known)) > len(words):
            return known
        return bare


def resolve_names(doc: Doc) -> list[EntityMention]:
    """Entity mentions of the doc with `name` = the fullest form of the name
    seen up to that mention ("Wallander" after "Celeste Wallander")."""
    names = _Names()
    out: list[EntityMention] = []
    for ent in doc.ents:
        name = names.see(ent.text) if ent.label_ == "PERSON" else ent.text
        out.append(EntityMention(ent.start_char, ent.end_char, ent.text, ent.label_, name))
    return out


# --------------------------------------------------------------------------
# Attribution


@dataclass(slots=True)
class _Speaker:
    name: str | None
    start: int | None
    end: int | None
    kind: str  # "name" (a person), "org", "pronoun", "definite" or "description"
    cue: str | None = None
    head: str | None = None  # head noun lemma of a description


@dataclass(slots=True)
class _Referent:
    pos: int
    name: str
    kind: str  # "person", "org", "place" or "description"
    plural: bool = False
    gender: str | None = None
    roles: set[str] = field(default_factory=set)
    subject: bool = False


class _Context:
    """Token, entity and referent lookups for one article."""

    def __init__(self, text: str, doc: Doc, entities: list[EntityMention] | None) -> None:
        self.text = text
        self.doc = doc
        self.tok_starts: list[int] = doc.to_array(IDX).tolist() if len(doc) else []
        self.cues = _cue_tokens(doc)
        if entities is None:
            entities = resolve_names(doc)
        self.entities = sorted((e for e in entities if e.label in _NAME_LABELS), key=lambda e: e.start)
        self.ent_starts = [e.start for e in self.entities]
        self.referents: list[_Referent] = []
        self.ref_pos: list[int] = []
        self._collect_referents()

    # -- lookups
    def token_at(self, char: int) -> int:
        """Index of the token containing or starting after `char`."""
        i = bisect_right(self.tok_starts, char) - 1
        if i < 0:
            return 0
        tok = self.doc[i]
        if char >= tok.idx + len(tok.text):
            return i + 1
        return i

    def tokens_between(self, start: int, end: int) -> range:
        a = bisect_left(self.tok_starts, start)
        b = bisect_left(self.tok_starts, end)
        return range(a, b)

    def entity_of(self, tok: Token) -> EntityMention | None:
        i = bisect_right(self.ent_starts, tok.idx) - 1
        if i >= 0:
            ent = self.entities[i]
            if ent.start <= tok.idx < ent.end:
                return ent
        return None

    # -- referents: who could a pronoun or a description point to
    def _collect_referents(self) -> None:
        names = _Names()
        orgs = _Names(people=False)
        for ent in self.entities:
            i = min(self.token_at(max(ent.start, ent.end - 1)), len(self.doc) - 1)
            subject = self.doc[i].dep_ in ("nsubj", "nsubjpass")
            if ent.label == "PERSON":
                name = names.see(ent.name or ent.text)
                roles, gender = self._roles_of(ent)
                self.referents.append(
                    _Referent(ent.start, name, "person", gender=gender, roles=roles, subject=subject))
            elif ent.label == "ORG":
                name = orgs.see(ent.name or ent.text)
                self.referents.append(_Referent(ent.start, name, "org", plural=True, subject=subject))
            elif ent.label == "GPE":
                self.referents.append(_Referent(ent.start, ent.name or ent.text, "place", subject=subject))
        self.names = names
        self.orgs = orgs
        # Whoever speaks anywhere in the article (reported speech too) is a likely
        # antecedent for a later "he said" or "the official said".
        for i in self.cues:
            tok = self.doc[i]
            lo, hi = max(0, tok.i - 40), min(len(self.doc), tok.i + 6)
            subj = _subject_of(tok, lo, hi)
            if subj is None:
                continue
            s, _e, kind, surface, head = _mention(self, subj)
            if kind == "org":
                self.referents.append(_Referent(s, surface, "org", plural=True, subject=True))
            elif kind == "name":
                self.referents.append(_Referent(s, names.see(surface), "person", subject=True))
            elif kind == "description" and head and (_indefinite(self, s) or subj.tag_ in ("NNS", "NNPS")):
                self.referents.append(_Referent(s, surface, "description", roles={head}, subject=True,
                                                plural=subj.tag_ in ("NNS", "NNPS")))
        self.referents.sort(key=lambda r: r.pos)
        self.ref_pos = [r.pos for r in self.referents]

    def _roles_of(self, ent: EntityMention) -> tuple[set[str], str | None]:
        """Role nouns introducing a person: "CNSP spokesman Amadou X", "Amadou X,
        the spokesman for ...", "the spokesman, Amadou X"."""
        roles: set[str] = set()
        before = self.text[max(0, ent.start - 12):ent.start]
        gender = "f" if _FEMALE_HINT.search(before) else "m" if _MALE_HINT.search(before) else None
        i = self.token_at(ent.start)
        j = self.token_at(max(ent.start, ent.end - 1))
        if i >= len(self.doc):
            return roles, gender
        head = self.doc[min(j, len(self.doc) - 1)]
        # Nouns written before the name inside its noun phrase.
        k = i - 1
        while k >= 0 and i - k <= 5:
            t = self.doc[k]
            if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.head.i >= i and t.head.i <= j:
                if t.pos_ == "NOUN":
                    roles.add(t.lemma_.lower())
                k -= 1
                continue
            break
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                roles.add(child.lemma_.lower())
        if head.dep_ == "appos" and head.head.pos_ == "NOUN":
            roles.add(head.head.lemma_.lower())
        if gender is None:
            for r in roles:
                if r.endswith("woman"):
                    gender = "f"
                elif r.endswith("man") and r != "woman":
                    gender = "m"
        return roles, gender

    def add_referent(self, ref: _Referent) -> None:
        k = bisect_right(self.ref_pos, ref.pos)
        self.referents.insert(k, ref)
        self.ref_pos.insert(k, ref.pos)

    def before(self, pos: int) -> Iterable[_Referent]:
        k = bisect_left(self.ref_pos, pos)
        for i in range(k - 1, max(-1, k - 60), -1):
            yield self.referents[i]


def _cue_tokens(doc: Doc) -> list[int]:
    """Indices of the speech verbs and "according (to)" of a doc, found from the
    doc's attribute arrays rather than token by token, which is much slower."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    wanted = _cue_hashes(strings)
    according = strings["according"]
    arr = doc.to_array([LEMMA, LOWER])
    out = []
    for i, (lemma, lower) in enumerate(arr.tolist()):
        if lemma in wanted or lower == according:
            tok = doc[i]
            if _is_speech_verb(tok) or _is_according(tok):
                out.append(i)
    return out


_HASHES: dict[int, frozenset[int]] = {}


def _cue_hashes(strings: StringStore) -> frozenset[int]:
    key = id(strings)
    if key not in _HASHES:
        _HASHES[key] = frozenset(strings[w] for w in SPEECH_VERBS | set(_PHRASAL))
    return _HASHES[key]


def _is_speech_verb(tok: Token) -> bool:
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    lemma = tok.lemma_.lower()
    if lemma in SPEECH_VERBS:
        return True
    particles = _PHRASAL.get(lemma)
    return particles is not None and any(c.lower_ in particles for c in tok.children)


def _is_according(tok: Token) -> bool:
    return tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children)


_RELATIVE = {"who", "that", "which", "whom"}
# Clause links a speech verb without a subject of its own takes its subject through.
_CLIMB = {"conj", "xcomp", "advcl", "pcomp", "prep", "ccomp", "parataxis", "dep"}
_OBJECT_PRONOUNS = {"him", "her", "them", "me", "us", "it", "this", "that", "which", "what"}
_NON_PERSON_TIME = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}


def _subject_of(verb: Token, lo: int, hi: int) -> Token | None:
    """The grammatical subject of a speech verb, following the verb up through
    coordinated, subordinate and participial clauses ("..., adding", "asking")."""
    if _is_according(verb):
        for c in verb.children:
            if c.lower_ == "to":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        return None
    v = verb
    for _ in range(5):
        subjects = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and lo <= c.i < hi]
        if subjects:
            # Nearest to the verb, preferring one before it ("Smith, ..., said").
            before = [c for c in subjects if c.i < v.i]
            subj = before[-1] if before else subjects[0]
            if subj.lower_ in _RELATIVE and v.dep_ == "relcl":
                return v.head
            return _past_dateline(subj)
        if v.dep_ in ("relcl", "acl") and v.head.pos_ in ("NOUN", "PROPN") and lo <= v.head.i < hi:
            return v.head
        if v.dep_ in _CLIMB and v.head is not v:
            v = v.head
            continue
        break
    return None


def _past_dateline(subj: Token) -> Token:
    """A dateline ("PORT CITY, Country — Minister X said ...") is often parsed
    as the sentence's subject with the speaker in apposition to it; the
    speaker is the person in that apposition chain, not the place."""
    if subj.ent_type_ not in ("GPE", "LOC") or subj.i > 4:
        return subj
    for tok in subj.subtree:
        if tok.ent_type_ == "PERSON" and tok.dep_ in ("pobj", "appos", "compound", "nsubj"):
            # The last word of the person's name is its head token.
            while tok.head.ent_type_ == "PERSON" and tok.head is not tok and tok.head.i > tok.i:
                tok = tok.head
            return tok
    return subj


def _namey(tok: Token) -> bool:
    """A proper noun, or a capitalised word the tagger mistook for something else
    in the middle of a sentence ("said Skelly" with Skelly tagged as an adverb)."""
    if tok.pos_ == "PROPN":
        return True
    return (tok.is_title and tok.is_alpha and not tok.is_sent_start and tok.lower_ not in _PRONOUN_WORDS
            and tok.pos_ in ("ADV", "NOUN", "ADJ", "VERB", "X", "INTJ"))


def _nearby_subject(ctx: _Context, verb: Token, lo: int, hi: int) -> Token | None:
    """When the parse gives the verb no subject: the noun right before it
    ("Smith said"), else the noun right after an inverted "said Smith"."""
    doc = ctx.doc
    for k in range(verb.i - 1, max(lo - 1, verb.i - 3), -1):
        t = doc[k]
        if t.pos_ in ("PROPN", "PRON", "NOUN") and t.ent_type_ not in _NON_PERSON_TIME:
            return t if t.lower_ not in _OBJECT_PRONOUNS else None
        if t.pos_ not in ("ADV", "AUX", "PART"):
            break
    for k in range(verb.i + 1, min(hi, verb.i + 4)):
        t = doc[k]
        if t.ent_type_ in _NON_PERSON_TIME:
            break
        if _namey(t) or t.pos_ == "PRON" or (t.pos_ == "NOUN" and t.dep_ != "npadvmod"):
            return t if t.lower_ not in _OBJECT_PRONOUNS else None
        if t.pos_ not in ("DET", "ADJ"):
            break
    return None


# Head words of organisation names; a speaker tagged ORG without any is, more
# often than not, a person the small model mislabelled ("Marta Lindqvist said").
_ORG_WORDS = frozenset("""
    agency air airlines alliance association authority bank board bureau campaign center centre church
    city club coalition college commission committee company corp corporation council court department
    foundation fund group guard house inc institute league limited ltd media ministry movement network news
    office organization organisation paper party police post press project radio railways school senate
    service society team times today tv union university
    """.split())  # noqa: SIM905 - a word list reads better as text


def _looks_personal(name: str) -> bool:
    words = name.split()
    return (2 <= len(words) <= 3 and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words)
            and not any(w.lower() in _ORG_WORDS for w in words) and words[0].lower() != "the")


def _mention(ctx: _Context, subj: Token) -> tuple[int, int, str, str, str | None]:
    """(start, end, kind, surface, head lemma) of the speaker mention headed by `subj`."""
    text = ctx.text
    ent = ctx.entity_of(subj)
    if ent is not None and ent.label in _NAME_LABELS:
        name = ent.name or ent.text
        # The tagger often labels a lone surname ORG; a surname of a person named
        # in the article is that person.
        person = (ent.label == "PERSON" or ctx.names.resolve(name) != _strip_title(name)
                  or ent.label == "ORG" and _looks_personal(name))
        return ent.start, ent.end, "name" if person else "org", name, None
    if subj.pos_ == "PRON" or subj.lower_ in _PRONOUN_WORDS:
        return subj.idx, subj.idx + len(subj.text), "pronoun", subj.text, subj.lower_
    if _namey(subj):
        lo = subj.i
        while lo > 0 and _namey(ctx.doc[lo - 1]) and ctx.doc[lo - 1].head.i == subj.i and subj.i - lo < 4:
            lo -= 1
        s = ctx.doc[lo].idx
        e = subj.idx + len(subj.text)
        return s, e, "name", text[s:e], None
    # A description: its determiners, modifiers and an "of"/"for"/"at"/"in" phrase.
    lo = subj.i
    for c in subj.lefts:
        if c.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "advmod", "case"):
            lo = min(lo, c.left_edge.i)
    hi = subj.i
    for c in subj.rights:
        if c.dep_ == "prep" and c.lower_ in ("of", "for", "at", "in", "from", "with"):
            if c.right_edge.i - lo <= 10:
                hi = max(hi, c.right_edge.i)
            break
        if c.dep_ in ("appos", "relcl", "punct", "acl"):
            break
    s = ctx.doc[lo].idx
    e = ctx.doc[hi].idx + len(ctx.doc[hi].text)
    head = subj.lemma_.lower()
    return s, e, "description", text[s:e], head


def _appos_name(ctx: _Context, subj: Token) -> EntityMention | None:
    """`a spokeswoman, Anna White, said`: the name in apposition to a description."""
    for c in subj.rights:
        if c.dep_ == "appos":
            ent = ctx.entity_of(c)
            if ent is not None and ent.label == "PERSON":
                return ent
    return None


_INDEFINITE = {"a", "an", "one", "another", "some", "two", "three", "four", "several", "many", "other"}


def _indefinite(ctx: _Context, start: int) -> bool:
    i = bisect_left(ctx.tok_starts, start)
    return i < len(ctx.doc) and ctx.doc[i].lower_ in _INDEFINITE


def _speaker_from(ctx: _Context, verb: Token, lo: int, hi: int) -> _Speaker | None:
    """The speaker mention of a speech verb, looked for among tokens lo..hi."""
    subj = _subject_of(verb, lo, hi)
    if subj is None:
        subj = _nearby_subject(ctx, verb, lo, hi)
    if subj is None or subj.lower_ in _OBJECT_PRONOUNS - {"it"}:
        return None
    cue = "according to" if _is_according(verb) else verb.text
    s, e, kind, surface, head = _mention(ctx, subj)
    if kind == "name":
        return _Speaker(ctx.names.resolve(surface), s, e, "name", cue)
    if kind == "org":
        return _Speaker(ctx.orgs.resolve(surface), s, e, kind, cue, head)
    if kind == "pronoun":
        return _Speaker(surface, s, e, kind, cue, head)
    appos = _appos_name(ctx, subj)
    if appos is not None:
        return _Speaker(ctx.names.resolve(appos.name or appos.text), appos.start, appos.end, "name", cue)
    # Only a singular description that points back ("the spokesman", "the
    # Pentagon's spokesman", "CNSP spokesman") may stand for someone named
    # earlier; "a spokesman" introduces someone new, "officials" are many.
    first = ctx.doc[bisect_left(ctx.tok_starts, s)].lower_
    plural = subj.tag_ in ("NNS", "NNPS")
    points_back = not plural and first not in _INDEFINITE
    return _Speaker(surface, s, e, "definite" if points_back else "description", cue, head)


def _resolve(ctx: _Context, sp: _Speaker, pos: int) -> _Speaker:
    """Give a pronoun or a description that points back the name it stands for."""
    if sp.kind == "pronoun":
        ref = _antecedent(ctx, sp.head or "", pos)
        return _Speaker(ref.name if ref else None, sp.start, sp.end, "pronoun", sp.cue, sp.head)
    if sp.kind != "definite":
        return sp
    if sp.head:
        size = _content_words(sp.name or "")
        for ref in ctx.before(pos):
            if ref.plural or sp.head not in ref.roles:
                continue
            if ref.kind == "person":
                return _Speaker(ref.name, sp.start, sp.end, "description", sp.cue, sp.head)
            # "the official" repeats "a senior State Department official": keep the
            # fuller description, never a poorer one.
            if ref.kind == "description" and _content_words(ref.name) > size:
                return _Speaker(ref.name, sp.start, sp.end, "description", sp.cue, sp.head)
    return _Speaker(sp.name, sp.start, sp.end, "description", sp.cue, sp.head)


def _content_words(phrase: str) -> int:
    return sum(1 for w in _WORD.findall(phrase) if w.lower() not in ("a", "an", "the", "one", "this", "that"))


def _first_subject(refs: Iterable[_Referent]) -> _Referent | None:
    fallback = None
    for ref in refs:
        if ref.subject:
            return ref
        fallback = fallback or ref
    return fallback


def _antecedent(ctx: _Context, word: str, pos: int) -> _Referent | None:
    """The most recent compatible referent: for "he"/"she" a person who is the
    subject of a clause (a speaker above all), else the most recent person; for
    "they" a group; for "it" an organisation or place."""
    word = word.lower()
    if word in _PRONOUNS_SELF:
        return None
    if word in _PRONOUNS_PLURAL:
        return _first_subject(r for r in ctx.before(pos) if r.plural)
    if word == "it":
        return _first_subject(r for r in ctx.before(pos) if r.kind in ("org", "place"))
    gender = "f" if word in ("she", "her") else "m" if word in ("he", "him") else None
    fallback: _Referent | None = None
    for ref in ctx.before(pos):
        if ref.kind not in ("person", "description") or ref.plural:
            continue
        if gender and ref.gender and ref.gender != gender:
            continue
        if ref.subject:
            return ref
        if fallback is None and ref.kind == "person":
            fallback = ref
    return fallback


def _remember(ctx: _Context, sp: _Speaker) -> None:
    """An attributed speaker becomes a referent for later pronouns and descriptions."""
    if sp.name is None or sp.start is None:
        return
    if sp.kind in ("name", "pronoun"):
        # A "she" that resolved tells the person's gender for later pronouns.
        word = (sp.head or "").lower() if sp.kind == "pronoun" else ""
        gender = "f" if word in ("she", "her") else "m" if word in ("he", "him") else None
        ctx.add_referent(_Referent(sp.start, sp.name, "person", gender=gender, subject=True))
    elif sp.kind == "org":
        ctx.add_referent(_Referent(sp.start, sp.name, "org", plural=True, subject=True))
    elif sp.kind == "description":
        ctx.add_referent(_Referent(sp.start, sp.name, "description", roles={sp.head or ""}, subject=True))


# --------------------------------------------------------------------------
# Finding the attribution of one quote


# No sentence is looked for further than this many characters away, which keeps
# every window around a quote bounded even in a paragraph without full stops.
_MAX_SENTENCE = 1000


def _sentence_start(text: str, lo: int, pos: int) -> int:
    """Start of the sentence that `pos` is in, not before `lo`."""
    lo = max(lo, pos - _MAX_SENTENCE)
    k = pos - 1
    while k > lo:
        ch = text[k]
        if ch in ".!?" and k + 1 < len(text) and text[k + 1].isspace():
            # "Mr." and initials are not sentence ends.
            w = k - 1
            while w >= lo and text[w].isalpha():
                w -= 1
            if not _abbreviation(text[w + 1:k]):
                return k + 1
        elif ch == "\n":
            return k + 1
        k -= 1
    return lo


_ABBREV = {"mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "lt", "col", "jr", "sr", "u", "no",
           "vs", "maj", "sgt", "rev", "inc", "co", "corp", "ltd", "jan", "feb", "aug", "sept", "oct", "nov",
           "dec"}


def _abbreviation(word: str) -> bool:
    """"Mr", "Sen", an initial: a word whose full stop does not end a sentence."""
    return word[:1].isupper() and (len(word) == 1 or word.lower() in _ABBREV)


def _sentence_end(text: str, pos: int, hi: int) -> int:
    """End of the sentence running on from `pos` (a quotation mark ends it
    too), not after `hi`."""
    hi = min(hi, pos + _MAX_SENTENCE)
    k = pos
    while k < hi:
        ch = text[k]
        if ch in ".!?" and (k + 1 >= len(text) or text[k + 1].isspace()):
            w = k - 1
            while w >= 0 and text[w].isalpha():
                w -= 1
            if not _abbreviation(text[w + 1:k]):
                return k + 1
        elif ch == "\n" or ch in "\"“”«»":
            return k
        k += 1
    return hi


def _first_cue(ctx: _Context, toks: Sequence[int], reverse: bool = False) -> Token | None:
    order = reversed(toks) if reverse else toks
    for i in order:
        t = ctx.doc[i]
        if _is_speech_verb(t) or _is_according(t):
            return t
    return None


@dataclass(slots=True)
class _Group:
    start: int
    end: int
    parts: list[_Segment]
    para: int
    last_para: int
    speaker: _Speaker | None = None
    found_by: str = ""  # where the attribution was found: "gap", "after", ..., "carried"


def _speaker_behind(ctx: _Context, verb: Token, toks: range) -> _Speaker | None:
    """The speaker of a cue that follows a quote: the verb's subject, or, since
    the parser often loses that subject behind a quote ("...," Smith, an
    adviser, said), a name opening the attribution."""
    sp = _speaker_from(ctx, verb, toks.start, toks.stop)
    if sp is None:
        first = ctx.doc[toks.start]
        if _namey(first) or first.ent_type_ == "PERSON":
            s, e, kind, surface, _head = _mention(ctx, first)
            if kind == "name":
                sp = _Speaker(ctx.names.resolve(surface), s, e, "name", verb.text)
    return sp


def _cue_after(ctx: _Context, qend: int, para_end: int, ends_sentence: bool) -> _Speaker | None:
    """`"...," said Smith` / `"...," Smith, an adviser, said` / `"...?" she asked`,
    or a short sentence of its own after the quote (`"..." Smith said.`)."""
    text = ctx.text
    stop = min(_sentence_end(text, qend, para_end), qend + 250)
    toks = ctx.tokens_between(qend, stop)
    if not toks:
        return None
    verb = _first_cue(ctx, toks)
    if verb is None:
        return None
    if ends_sentence and text[qend:stop].lstrip()[:1].isupper():
        # A new sentence is an attribution only when it is nothing more ("Smith
        # said."); "Smith said the plan ..." reports something else.
        if len(toks) > 14 or any(c.dep_ in ("ccomp", "dobj") and c.i in toks for c in verb.children):
            return None
        return _speaker_from(ctx, verb, toks.start, toks.stop)
    if verb.i - toks.start > 30:
        # Far from the quote only behind a long apposition: "..., Smith, the ..., said".
        subj = _subject_of(verb, toks.start, toks.stop)
        if subj is None or subj.i - toks.start > 3:
            return None
    return _speaker_behind(ctx, verb, toks)


def _gap_cue(ctx: _Context, a: _Segment, b: _Segment) -> _Speaker | None:
    """The attribution between the parts of a split quote."""
    toks = ctx.tokens_between(a.end, b.start)
    verb = _first_cue(ctx, toks) if toks else None
    return _speaker_behind(ctx, verb, toks) if verb is not None else None


_DASH = re.compile(r"[ \t\u00a0]*[―—–-]{1,2}[ \t\u00a0]*")


def _dash_name(ctx: _Context, start: int, para_end: int) -> _Speaker | None:
    """`"..." ― Jane Roe`: a name after a dash that ends the paragraph signs the quote."""
    m = _DASH.match(ctx.text, start, para_end)
    if not m:
        return None
    toks = ctx.tokens_between(m.end(), para_end)
    if not toks or len(toks) > 12:
        return None
    first = ctx.doc[toks.start]
    ent = ctx.entity_of(first)
    if ent is not None and ent.label == "PERSON":
        return _Speaker(ctx.names.resolve(ent.name or ent.text), ent.start, ent.end, "name", "—")
    k = toks.start
    while k < toks.stop and ctx.doc[k].text[:1].isupper() and ctx.doc[k].pos_ in ("PROPN", "NOUN", "ADJ"):
        k += 1
    if k == toks.start:
        return None
    s, e = first.idx, ctx.doc[k - 1].idx + len(ctx.doc[k - 1].text)
    return _Speaker(ctx.names.resolve(ctx.text[s:e]), s, e, "name", "—")


def _cue_before(ctx: _Context, qstart: int, lo: int) -> _Speaker | None:
    """`Smith said: "..."`, `Smith told reporters, "..."`, `According to Smith, "..."`,
    and any introduction ending in a colon (`Smith put it this way: "..."`)."""
    text = ctx.text
    s = _sentence_start(text, lo, qstart)
    toks = ctx.tokens_between(s, qstart)
    if not toks:
        return None
    verb = _first_cue(ctx, toks, reverse=True)
    if verb is None and text[lo:qstart].rstrip().endswith(":"):
        verb = _main_verb(ctx, toks)
    return _speaker_from(ctx, verb, toks.start, toks.stop) if verb is not None else None


def _main_verb(ctx: _Context, toks: range) -> Token | None:
    """The last verb heading a clause among `toks` (the verb nearest the colon)."""
    for i in reversed(toks):
        tok = ctx.doc[i]
        if tok.pos_ == "VERB" and tok.dep_ in ("ROOT", "conj", "ccomp", "advcl", "dep"):
            return tok
    return None


def _label_colon(ctx: _Context, qstart: int, lo: int) -> _Speaker | None:
    """`Clinton: "..."`, a transcript or headline label: a short name, no verb,
    and a colon right before the quote."""
    text = ctx.text
    k = _rtrim(text, lo, qstart)
    if k <= lo or text[k - 1] != ":":
        return None
    s = _sentence_start(text, lo, k - 1)
    toks = ctx.tokens_between(s, k - 1)
    if not toks or len(toks) > 8 or any(ctx.doc[i].pos_ in ("VERB", "AUX") for i in toks):
        return None
    head = ctx.doc[toks.stop - 1]
    while head.i > toks.start and head.is_punct:
        head = ctx.doc[head.i - 1]
    if head.pos_ not in ("PROPN", "NOUN"):
        return None
    st, en, kind, surface, lemma = _mention(ctx, head)
    if kind == "name":
        return _Speaker(ctx.names.resolve(surface), st, en, "name", ":")
    if kind == "org":
        return _Speaker(ctx.orgs.resolve(surface), st, en, "org", ":")
    return _Speaker(surface, st, en, "description", ":", lemma)


def _cue_colon(ctx: _Context, paras: Paras, para: int) -> _Speaker | None:
    """`Caddell continued:` closing the paragraph before the quote."""
    if para == 0:
        return None
    ps, pe = paras[para - 1]
    if not ctx.text[ps:pe].rstrip().endswith(":"):
        return None
    toks = ctx.tokens_between(_sentence_start(ctx.text, ps, pe), pe)
    if not toks:
        return None
    verb = _first_cue(ctx, toks, reverse=True) or _main_verb(ctx, toks)
    return _speaker_from(ctx, verb, toks.start, toks.stop) if verb is not None else None


def _cue_previous_sentence(ctx: _Context, qstart: int, paras: Paras, para: int) -> _Speaker | None:
    """`..., said Roffman. "He turns like a light switch."`: a quote opening a
    sentence with no attribution of its own is the speaker's of the sentence
    just before, when that sentence is reported speech."""
    text = ctx.text
    ps = paras[para][0]
    end = _rtrim(text, ps, qstart)
    if end == ps:
        if para == 0:
            return None
        ps, end = paras[para - 1]
    if text[end - 1:end] not in (".", "!", "?", "”", '"', "'"):
        return None
    toks = ctx.tokens_between(_sentence_start(text, ps, end - 1), end)
    verb = _first_cue(ctx, toks, reverse=True) if toks else None
    return _speaker_from(ctx, verb, toks.start, toks.stop) if verb is not None else None


def _ends_sentence(text: str, seg: _Segment) -> bool:
    body = text[seg.start:seg.end].rstrip("\"'”»“ ")
    return body[-1:] in (".", "!", "?", "…")


def _has_letters(s: str) -> bool:
    return any(ch.isalpha() for ch in s)


def _words(s: str) -> int:
    return len(_WORD.findall(s))


# --------------------------------------------------------------------------
# Public API


def find_quotes(text: str, doc: Doc, entities: list[EntityMention] | None = None) -> list[Quote]:
    """Direct and indirect quotes of one article, each with its speaker.

    `doc` is the spaCy Doc of `text`; `entities`, when given, are the article's
    entity mentions with `name` set to the fullest form of each name.
    """
    ctx = _Context(text, doc, entities)
    paras = _paragraphs(text)
    segments = _single_quoted(text, paras, _segments(text, paras))
    segments = [_cut_at_attribution(ctx, s) for s in segments]
    segments = [s for s in segments if _sound(text, s)]
    placed = [(s, _opening(ctx, s, paras), _closing(ctx, s, paras)) for s in segments]
    groups = _group(ctx, [p for p in placed if _is_quote(text, *p)], paras)
    groups = _attribute(ctx, groups, paras)
    quotes: list[Quote] = []
    for g in groups:
        # A lone quoted word is a quote only with an attribution of its own.
        if _words(" ".join(_inside(text, p) for p in g.parts)) < 2 and g.found_by in ("", "carried"):
            continue
        sp = g.speaker
        quotes.append(
            Quote(
                start=g.start,
                end=g.end,
                text=text[g.start:g.end],
                speaker=sp.name if sp else None,
                speaker_start=sp.start if sp else None,
                speaker_end=sp.end if sp else None,
                kind="direct",
                cue=sp.cue if sp else None,
            )
        )
    quotes.extend(_indirect(ctx, quotes))
    quotes.sort(key=lambda q: q.start)
    return quotes


def _cut_at_attribution(ctx: _Context, seg: _Segment) -> _Segment:
    """A quote that lost its closing mark ends where its attribution begins:
    `"We expected more, said Oskar Brandt.` ends after "more,"."""
    if seg.closed or seg.para != seg.last_para:
        return seg
    doc = ctx.doc
    toks = ctx.tokens_between(seg.start + 1, seg.end)
    for i in toks:
        if doc[i].text != ",":
            continue
        for j in range(i + 1, min(i + 5, toks.stop)):
            tok = doc[j]
            if tok.is_punct:
                break
            # A bare attribution ("said Brandt", "he added"), not a clause that
            # reports something ("she was beginning to realise ...").
            bare = not any(c.dep_ in ("ccomp", "xcomp", "dobj") and c.i > tok.i for c in tok.children)
            named = j + 1 < toks.stop and _namey(doc[j + 1])
            if _is_speech_verb(tok) and bare and (named or _subject_of(tok, i + 1, toks.stop)):
                # The attribution closes the quote as surely as a mark would.
                return _Segment(seg.start, doc[i].idx + 1, True, seg.para, seg.para)
    return seg


def _sound(text: str, seg: _Segment) -> bool:
    """Words in the marks, and, for a quote whose closing mark was lost, an end
    like a sentence's: a fragment cut off mid-phrase by a stray mark is debris."""
    inner = _inside(text, seg)
    if not _has_letters(inner):
        return False
    return seg.closed or inner[-1] in ".!?…,;:—–-)]"


def _opening(ctx: _Context, seg: _Segment, paras: Paras) -> str:
    """Where a quoted segment starts: "start" of a sentence (or after a colon or
    another quote), right after a speech "cue", after some other "comma", after
    "that", or "inside" running prose."""
    text = ctx.text
    para_start = paras[seg.para][0]
    k = _rtrim(text, para_start, seg.start)
    if k == para_start:
        return "start"
    ch = text[k - 1]
    if ch in ".!?:…":
        return "start"
    if ch in "\"”»“'":
        # Right after another quote: a new quotation if that one ended a sentence,
        # else one more item of a list of titles or phrases.
        j = k - 1
        while j > para_start and text[j - 1] in "\"”»“'":
            j -= 1
        return "start" if j == para_start or text[j - 1] in ".!?…" else "inside"
    i = ctx.token_at(k - 1)
    comma = ch == ","
    if comma:
        i -= 1
    if 0 <= i < len(ctx.doc):
        tok = ctx.doc[i]
        if _is_speech_verb(tok) or tok.lower_ in _SAID:
            return "cue"
        if tok.lower_ == "that":
            return "that"
    if comma:
        # "According to X," or "X said on Tuesday," right before the quote.
        for j in range(max(0, i - 6), i + 1):
            if _is_speech_verb(ctx.doc[j]) or _is_according(ctx.doc[j]):
                return "cue"
        return "comma"
    return "inside"


def _closing(ctx: _Context, seg: _Segment, paras: Paras) -> str:
    """What follows a quoted segment: the paragraph "end", a sentence end ("."),
    an attribution ("cue"), a "comma", a "new" sentence, another "quote", or
    prose the quote is "inside"."""
    text = ctx.text
    para_end = paras[seg.last_para][1]
    after = text[seg.end:para_end].lstrip()
    if not after:
        return "end"
    if after[0] in ".;!?":
        return "."
    start = para_end - len(after)
    for n, j in enumerate(ctx.tokens_between(start, min(para_end, start + 80))):
        tok = ctx.doc[j]
        if n >= 5 or tok.text in _SENT_END or tok.text in ("\"", "“", "”"):
            break
        if _is_speech_verb(tok) or _is_according(tok):
            return "cue"
    if after[0] == ",":
        return "comma"
    if after[0] in "\"“”«»'":
        return "quote"
    if _ends_sentence(text, seg) and after[0].isupper():
        return "new"
    return "inside"


def _is_quote(text: str, seg: _Segment, opening: str, closing: str) -> bool:
    """A quotation, rather than a scare-quoted phrase, a title or a fragment
    woven into the reporter's own sentence."""
    if opening == "start":
        return not (closing in ("inside", "comma", "quote") and _title_like(_inside(text, seg)))
    if opening == "cue":
        return closing != "inside"
    if opening == "comma":
        return closing in ("end", ".", "new") and _words(_inside(text, seg)) >= 4
    return False


def _attribution_gap(ctx: _Context, toks: range) -> bool:
    """The words between two quoted parts are their attribution: one clause
    with a speech verb in it (a sentence may end only where the gap does)."""
    doc = ctx.doc
    stop = toks.stop
    while stop > toks.start and (doc[stop - 1].is_punct or doc[stop - 1].is_space):
        stop -= 1
    if stop - toks.start > 40:
        return False
    cue = False
    for i in range(toks.start, stop):
        tok = doc[i]
        if tok.text in _SENT_END:
            return False
        cue = cue or _is_speech_verb(tok) or _is_according(tok)
    return cue


def _title_like(words: str) -> bool:
    """`"Game of Thrones,"`: a short run of capitalised words names a work, a
    slogan or a programme rather than quoting anyone."""
    found = _WORD.findall(words)
    if not found or len(found) > 6:
        return False
    small = {"of", "the", "a", "an", "and", "or", "in", "on", "for", "to", "with", "at", "by", "from"}
    return all(w[0].isupper() or w.lower() in small or w[0].isdigit() for w in found)


def _group(ctx: _Context, placed: list[tuple[_Segment, str, str]], paras: Paras) -> list[_Group]:
    """Join the parts of a quote split by its attribution into one group."""
    text = ctx.text
    groups: list[_Group] = []
    for seg, _opening_at, closing in placed:
        if groups:
            g = groups[-1]
            last = g.parts[-1]
            if last.last_para == seg.para and last.closed and seg.start - last.end <= 300:
                gap = text[last.end:seg.start]
                joined = not _has_letters(gap)
                if not joined and not (closing == "cue" and _cue_after(
                        ctx, seg.end, paras[seg.last_para][1], _ends_sentence(text, seg))):
                    toks = ctx.tokens_between(last.end, seg.start)
                    joined = _attribution_gap(ctx, toks)
                if joined:
                    g.parts.append(seg)
                    g.end, g.last_para = seg.end, seg.last_para
                    continue
        groups.append(_Group(seg.start, seg.end, [seg], seg.para, seg.last_para))
    return groups


def _own_attribution(ctx: _Context, g: _Group, paras: Paras, lo: int) -> tuple[str, _Speaker | None]:
    """The attribution next to one quote, nearest evidence first; `lo` is where
    the sentence before the quote may start at the earliest."""
    text = ctx.text
    first, last = g.parts[0], g.parts[-1]
    para_start, para_end = paras[g.para][0], paras[g.last_para][1]
    for a, b in zip(g.parts, g.parts[1:], strict=False):
        sp = _gap_cue(ctx, a, b)
        if sp is not None:
            return "gap", sp
    sp = _cue_after(ctx, last.end, para_end, _ends_sentence(text, last))
    if sp is not None:
        return "after", sp
    sp = _dash_name(ctx, last.end, para_end)
    if sp is None and not text[last.end:para_end].strip() and g.last_para + 1 < len(paras):
        # The signature may stand on a line of its own under the quote.
        sp = _dash_name(ctx, *paras[g.last_para + 1])
    if sp is not None:
        return "dash", sp
    sp = _cue_before(ctx, first.start, lo)
    if sp is not None:
        return "before", sp
    sp = _label_colon(ctx, first.start, lo)
    if sp is not None:
        return "label", sp
    if first.start == para_start:
        sp = _cue_colon(ctx, paras, g.para)
        if sp is not None:
            return "colon", sp
    return "", None


def _attribute(ctx: _Context, groups: list[_Group], paras: Paras) -> list[_Group]:
    """Find each quote's speaker, then fold quotes with no attribution of their
    own into the attributed quote they continue."""
    prev: _Group | None = None
    for g in groups:
        para_start = paras[g.para][0]
        lo = prev.end if prev is not None and prev.end > para_start else para_start
        g.found_by, sp = _own_attribution(ctx, g, paras, lo)
        if sp is not None:
            sp = _resolve(ctx, sp, sp.start if sp.start is not None else g.start)
            _remember(ctx, sp)
        elif prev is not None and prev.speaker is not None and g.para - prev.last_para <= 1:
            # News convention: a quote with no attribution goes on with the
            # speaker of the quote just before it.
            sp, g.found_by = prev.speaker, "carried"
        else:
            sp = _cue_previous_sentence(ctx, g.start, paras, g.para)
            if sp is not None:
                g.found_by = "previous"
                sp = _resolve(ctx, sp, sp.start if sp.start is not None else g.start)
        g.speaker = sp
        prev = g
    merged: list[_Group] = []
    for g in groups:
        if g.found_by == "carried" and merged and _continues(ctx.text, paras, merged[-1], g):
            last_group = merged[-1]
            last_group.parts.extend(g.parts)
            last_group.end, last_group.last_para = g.end, g.last_para
            continue
        merged.append(g)
    return merged


def _continues(text: str, paras: Paras, prev: _Group, g: _Group) -> bool:
    """An unattributed quote is one attribution with the quote before it (as
    PolNeAR annotates and the scorer counts) when it follows in the same
    paragraph, or closes the next paragraph."""
    if g.para == prev.last_para:
        return True
    if g.para != prev.last_para + 1:
        return False
    return not text[g.end:paras[g.para][1]].strip()


def quote_parts(text: str, quote: Quote) -> list[Quote]:
    """The quoted pieces of one quote, without the attribution and narration
    between them (`"A," she said. "B."` gives `"A,"` and `"B."`), each with the
    quote's speaker. An indirect quote, or a direct one in one piece, comes
    back as it is."""
    if quote.kind != "direct":
        return [quote]
    paras = [(max(s, quote.start), min(e, quote.end))
             for s, e in _paragraphs(text) if s < quote.end and e > quote.start]
    pieces = [s for s in _segments(text, paras)
              if s.start >= quote.start and s.end <= quote.end and _sound(text, s)]
    if len(pieces) <= 1:
        return [quote]
    return [
        Quote(p.start, p.end, text[p.start:p.end], quote.speaker, quote.speaker_start, quote.speaker_end,
              "direct", quote.cue)
        for p in pieces
    ]


# --------------------------------------------------------------------------
# Indirect quotes


def _indirect(ctx: _Context, direct: list[Quote]) -> list[Quote]:
    """Reported speech: a speech verb's content clause ("X said (that) ...",
    "..., X said") and "according to X, ...", outside the direct quotes."""
    doc = ctx.doc
    taken = sorted((q.start, q.end) for q in direct)
    starts = [t[0] for t in taken]
    out: list[Quote] = []
    last_end = -1
    for i in ctx.cues:
        tok = doc[i]
        if _is_according(tok):
            span = _according_content(ctx, tok)
        elif not any(c.dep_ == "neg" for c in tok.children):
            span = _clause_content(ctx, tok)
        else:
            continue
        if span is None:
            continue
        start, end = span
        if start < last_end or _overlaps(starts, taken, start, end):
            continue
        sent_lo = max(0, tok.i - 60)
        sp = _speaker_from(ctx, tok, sent_lo, min(len(doc), tok.i + 12))
        if sp is None or sp.start is None or start <= sp.start < end:
            continue
        sp = _resolve(ctx, sp, sp.start)
        out.append(Quote(start, end, ctx.text[start:end], sp.name, sp.start, sp.end, "indirect", sp.cue))
        last_end = end
    return out


def _overlaps(starts: list[int], spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) meets one of the sorted, disjoint `spans`: only the
    last span starting before `end` can."""
    k = bisect_left(starts, end)
    return k > 0 and spans[k - 1][1] > start


_EDGE_PUNCT = "\"'“”‘’«»,;:—–- \n\t"


def _trimmed(ctx: _Context, lo: int, hi: int) -> tuple[int, int] | None:
    """Character span of tokens lo..hi (inclusive) without a leading "that" and
    without edge punctuation; None when fewer than three words remain."""
    doc = ctx.doc
    while lo <= hi and (doc[lo].is_punct or doc[lo].is_space or doc[lo].lower_ in ("that", "whether")
                        and doc[lo].dep_ == "mark"):
        lo += 1
    while hi >= lo and (doc[hi].is_punct or doc[hi].is_space) and doc[hi].text not in (".", "!", "?", ")"):
        hi -= 1
    if hi - lo < 2:
        return None
    start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    text = ctx.text
    while end > start and text[end - 1] in _EDGE_PUNCT + ".":
        end -= 1
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    if "\n" in text[start:end]:
        return None
    return start, end


def _clause_content(ctx: _Context, verb: Token) -> tuple[int, int] | None:
    for c in verb.children:
        if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
            return _trimmed(ctx, c.left_edge.i, c.right_edge.i)
    return None


def _according_content(ctx: _Context, tok: Token) -> tuple[int, int] | None:
    """The clause "according to X" hangs on, minus that phrase."""
    head = tok.head
    if head is tok:
        return None
    lo, hi = head.left_edge.i, head.right_edge.i
    a_lo, a_hi = tok.left_edge.i, tok.right_edge.i
    if a_lo - lo >= hi - a_hi:
        return _trimmed(ctx, lo, a_lo - 1)
    return _trimmed(ctx, a_hi + 1, hi)
