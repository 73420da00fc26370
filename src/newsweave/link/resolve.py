"""Entity resolution across articles: one entity per real person,
organisation or place, whatever the spelling in each copy.

Evidence, from strongest to weakest: the same normalised name; an acronym
shared by two expansions ("CNSP" for two translated wordings); a country's
canonical name; for people, a surname that is the same or a near spelling
(Jaro-Winkler, phonetic key) with compatible given names, backed by shared
context (the entities the articles name around them, the role words beside
the name) when the spelling is not identical. Two people who only share a
surname are never merged without such evidence, and two countries are never
merged because their names look alike (Niger, Nigeria): a likely mix-up of
their names or demonyms is flagged instead.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Any

import jellyfish
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from newsweave.annotate.entities import TITLE_WORDS
from newsweave.annotate.gazetteer import COUNTRY_NAMES, DEMONYMS
from newsweave.model import EntityMention

TYPE_OF_LABEL = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "NORP": "NORP",
    "FAC": "FAC",
    "EVENT": "EVENT",
    "LAW": "LAW",
    "PRODUCT": "PRODUCT",
    "WORK_OF_ART": "WORK_OF_ART",
}
# Near spellings of a surname count only this close (transliterations and
# typos: Abdoulamane/Abdullahmane 0.94, Mohamed/Mohamen 0.94) ...
SURNAME_SIMILAR = 0.88
# ... and only with this much shared context, unless the spelling is exact.
CONTEXT_NEEDED = 0.12
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")
# Candidates looked at per blocking key, newest first, and names compared per
# candidate entity: both bounded so the cost per article stays flat.
BUCKET = 64
REPRESENTATIVES = 24
# Entities looked up per arrival through the evidence postings (below); past
# this the arrival is matched by scanning the blocking windows instead, which
# finds the same entities, so the bound costs time, never a match.
EVIDENCE = 64

# A posting key: what two locals must share for a match to be possible at all.
Evidence = tuple[str, ...]


# Every comparison normalises both names; the same few thousand names come
# back again and again, so the work is done once per distinct name.
@lru_cache(maxsize=1 << 17)
def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


@dataclass(slots=True)
class Local:
    """What one article says about one entity: its fullest name there, the
    surface forms, how often, and the context around it."""

    article: str
    name: str
    label: str
    surfaces: set[str] = field(default_factory=set)
    mentions: int = 0
    roles: set[str] = field(default_factory=set)
    context: set[str] = field(default_factory=set)


@dataclass(slots=True)
class ResolvedEntity:
    id: str
    name: str
    type: str
    aliases: list[str]
    articles: list[str]
    mentions: int
    flags: list[str] = field(default_factory=list)


def locals_of_article(article: str, text: str, mentions: Iterable[EntityMention]) -> list[Local]:
    by_key: dict[tuple[str, str], Local] = {}
    names_in_article: set[str] = set()
    for m in mentions:
        kind = TYPE_OF_LABEL.get(m.label)
        if kind is None or kind == "NORP":
            continue
        name = _place_name(m.name) if kind == "PLACE" else m.name
        key = (kind, normalise(name))
        if not key[1]:
            continue
        local = by_key.setdefault(key, Local(article, name, m.label))
        local.surfaces.add(" ".join(m.text.split()))
        local.mentions += 1
        local.roles |= _roles_near(text, m.start, m.end)
        names_in_article.add(normalise(name))
    for local in by_key.values():
        local.context = names_in_article - {normalise(local.name)}
    return list(by_key.values())


def _place_name(name: str) -> str:
    return COUNTRY_NAMES.get(name.removeprefix("the ").removeprefix("The "), name)


_WORD = re.compile(r"[A-Za-z]+")


def _roles_near(text: str, start: int, end: int) -> set[str]:
    """Role words right before or after a name ("spokesman Amadou X", "X, the
    spokesman for ..."): evidence that two spellings are one person."""
    before = text[max(0, start - 60) : start]
    after = text[end : end + 60]
    words = _WORD.findall(before)[-4:] + _WORD.findall(after)[:5]
    return {w.lower() for w in words if w.lower() in TITLE_WORDS or w.lower() in _ROLE_WORDS}


_ROLE_WORDS = {
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "president",
    "commander",
    "researcher",
    "analyst",
    "envoy",
    "ambassador",
    "official",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "secretary",
    "leader",
    "resident",
    "professor",
    "mayor",
    "governor",
    "senator",
    "editor",
    "reporter",
    "correspondent",
    "ceo",
}


class EntityResolver:
    """Incremental: each article's entities are matched against an index of
    the entities seen so far (blocking keys, never all pairs)."""

    def __init__(self) -> None:
        self.locals: list[Local] = []
        self.parent: list[int] = []
        self.index: dict[str, list[int]] = defaultdict(list)
        self.article_locals: dict[str, list[int]] = defaultdict(list)
        self.members: dict[int, list[int]] = {}
        self.names: dict[int, dict[str, int]] = {}  # root -> distinct normalised name -> a local with it
        # The blocking windows fill up as the corpus grows (64 candidates per
        # key at 100,000 articles against a handful at 1,000), and nearly all
        # of them share nothing that a match needs. So the entities worth
        # comparing are looked up by evidence (same name, same surname and
        # initial, a shared context name beside a close surname), and the
        # windows only decide whether an entity is a candidate at all, as
        # they always have: the matches are those of the windows, found
        # without comparing every entity in them.
        self.evidence: dict[Evidence, list[int]] = defaultdict(list)
        # root -> blocking key -> its newest local under that key, for
        # clusters of more than one local (a single local is its own newest):
        # whether a cluster is in a key's window without scanning its members.
        self.newest: dict[int, dict[str, int]] = {}

    # ------------------------------------------------------------ building
    def add_article(self, article: str, text: str, mentions: Iterable[EntityMention]) -> None:
        if article in self.article_locals:
            return
        new = locals_of_article(article, text, mentions)
        if not new:
            self.article_locals[article] = []
        for local in new:
            self._add_local(local)

    def _add_local(self, local: Local) -> None:
        i = len(self.locals)
        self.locals.append(local)
        self.parent.append(i)
        self.members[i] = [i]
        self.names[i] = {normalise(local.name): i}
        self.article_locals[local.article].append(i)
        kind = TYPE_OF_LABEL[local.label]
        keys = self._keys(local, kind)
        evidence = _evidence(local, kind)
        roots = None if evidence is None else self._by_evidence(evidence)
        if roots is None:
            matches = self._scan(local, kind, keys)
        else:
            windows = self._windows(keys)
            matches = {r for r in roots if self._in_windows(r, windows) and self._same(local, kind, r)}
        for key in keys:
            self.index[key].append(i)
        for root in sorted(matches):
            # A new spelling that matches two clusters joins them only when
            # they do not contradict each other (two different given names).
            if self._compatible(self._find(i), root):
                self._union(i, root)
        if evidence is not None:
            self._post(i, evidence)

    def _scan(self, local: Local, kind: str, keys: list[str]) -> set[int]:
        matches = set()
        tried: set[int] = set()
        for key in keys:
            # Newest first, and a bounded number: a key shared by thousands of
            # names (a common surname) must not make each arrival cost more.
            for j in reversed(self.index.get(key, [])[-BUCKET:]):
                root = self._find(j)
                if root in tried:
                    continue
                tried.add(root)
                if self._same(local, kind, root):
                    matches.add(root)
        return matches

    def _by_evidence(self, evidence: list[Evidence]) -> set[int] | None:
        """Every entity that could match, or None when too many could (a name
        in thousands of articles, a context word beside many near surnames)."""
        postings = [p for p in map(self.evidence.get, evidence) if p]
        if sum(map(len, postings)) > EVIDENCE:
            return None
        return {self._find(j) for p in postings for j in p}

    def _post(self, i: int, evidence: list[Evidence]) -> None:
        root = self._find(i)
        for key in evidence:
            posting = self.evidence[key]
            # A posting past the bound sends its arrivals to the scan, so it
            # need not grow; one local per cluster in a row is enough, since
            # clusters only ever join (a name in every article stays one entry).
            if len(posting) > EVIDENCE or posting and self._find(posting[-1]) == root:
                continue
            posting.append(i)

    def _windows(self, keys: list[str]) -> list[tuple[str, list[int], int]]:
        out = []
        for key in keys:
            bucket = self.index.get(key)
            if bucket:
                out.append((key, bucket, max(0, len(bucket) - BUCKET)))
        return out

    def _in_windows(self, root: int, windows: list[tuple[str, list[int], int]]) -> bool:
        """Whether the scan would have reached this cluster: one of its locals
        among the newest BUCKET under one of the arrival's keys. Buckets are in
        arrival order, so that is its newest local under the key being recent
        enough."""
        newest = self.newest.get(root)
        if newest is None:
            for _, bucket, start in windows:
                if root >= bucket[start]:
                    at = bisect_left(bucket, root, start)
                    if at < len(bucket) and bucket[at] == root:
                        return True
            return False
        return any(newest.get(key, -1) >= bucket[start] for key, bucket, start in windows)

    def _newest_by_key(self, root: int) -> dict[str, int]:
        newest = self.newest.get(root)
        if newest is None:
            local = self.locals[root]
            newest = dict.fromkeys(self._keys(local, TYPE_OF_LABEL[local.label]), root)
        return newest

    def _keys(self, local: Local, kind: str) -> list[str]:
        norm = normalise(local.name)
        keys = [f"{kind}:n:{norm}"]
        if kind == "PERSON":
            surname = norm.split()[-1]
            keys += [f"P:s:{jellyfish.metaphone(surname)}", f"P:p:{surname[:3]}"]
        elif kind == "ORG":
            for surface in local.surfaces | {local.name}:
                if _ACRONYM.match(surface):
                    keys.append(f"O:a:{surface}")
            acronym = _initials(local.name)
            if len(acronym) >= 2:
                keys.append(f"O:i:{acronym}")
        return keys

    # ------------------------------------------------------------ matching
    def _same(self, local: Local, kind: str, root: int) -> bool:
        # One representative per distinct name: a cluster of a thousand
        # mentions of "United States" is compared once, not a thousand times.
        members = [self.locals[k] for k in islice(self.names[root].values(), REPRESENTATIVES)]
        if kind == "PERSON":
            return any(_same_person(local, other) for other in members)
        if kind == "ORG":
            return any(_same_org(local, other) for other in members)
        return any(normalise(local.name) == normalise(other.name) for other in members)

    def _compatible(self, a: int, b: int) -> bool:
        if a == b:
            return True
        if TYPE_OF_LABEL[self.locals[a].label] != "PERSON":
            return True
        # A given name depends only on the normalised name, so the cluster's
        # distinct names say as much as all its members (a person named in
        # thousands of articles has a handful of spellings).
        givens_a = {_given(n) for n in self.names[a]} - {None}
        givens_b = {_given(n) for n in self.names[b]} - {None}
        return all(_given_compatible(x, y) for x in givens_a for y in givens_b)

    # ---------------------------------------------------------- union-find
    def _find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def _union(self, a: int, b: int) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            # The older cluster keeps its identity: ids stay stable as articles arrive.
            keep, gone = min(ra, rb), max(ra, rb)
            self.parent[gone] = keep
            into, other = self._newest_by_key(keep), self._newest_by_key(gone)
            # The smaller table goes into the larger: an entity named in every
            # article costs its few keys per arrival, not its whole table.
            if len(into) < len(other):
                into, other = other, into
            for key, k in other.items():
                if into.get(key, -1) < k:
                    into[key] = k
            self.newest.pop(gone, None)
            self.newest[keep] = into
            self.members[keep].extend(self.members.pop(gone))
            for norm, k in self.names.pop(gone).items():
                self.names[keep].setdefault(norm, k)

    def _members(self, root: int) -> list[int]:
        return self.members[root]

    # ------------------------------------------------------------- reading
    def entities(self) -> list[ResolvedEntity]:
        out = []
        for root, members in sorted(self.members.items()):
            locs = [self.locals[k] for k in members]
            out.append(_summarise(f"e{root}", locs))
        return out

    def entity_id(self, article: str, name: str) -> str | None:
        norm = normalise(name)
        for k in self.article_locals.get(article, []):
            if normalise(self.locals[k].name) == norm or any(normalise(s) == norm for s in self.locals[k].surfaces):
                return f"e{self._find(k)}"
        return None

    # --------------------------------------------------------- persistence
    def to_state(self) -> dict[str, Any]:
        return {
            "locals": [
                [x.article, x.name, x.label, sorted(x.surfaces), x.mentions, sorted(x.roles), sorted(x.context)]
                for x in self.locals
            ],
            "parent": [self._find(i) for i in range(len(self.locals))],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> EntityResolver:
        resolver = cls()
        keys_of: list[list[str]] = []
        for article, name, label, surfaces, mentions, roles, context in state.get("locals", []):
            local = Local(article, name, label, set(surfaces), mentions, set(roles), set(context))
            i = len(resolver.locals)
            resolver.locals.append(local)
            resolver.parent.append(i)
            resolver.article_locals[article].append(i)
            keys_of.append(resolver._keys(local, TYPE_OF_LABEL[label]))
            for key in keys_of[-1]:
                resolver.index[key].append(i)
        resolver.parent = list(state.get("parent", resolver.parent))
        resolver.members = defaultdict(list)
        for i in range(len(resolver.locals)):
            resolver.members[resolver._find(i)].append(i)
        resolver.members = dict(resolver.members)
        resolver.names = {root: {} for root in resolver.members}
        for root, members in resolver.members.items():
            for k in members:
                resolver.names[root].setdefault(normalise(resolver.locals[k].name), k)
            if len(members) > 1:
                # Members are in arrival order: the last under a key is its newest.
                resolver.newest[root] = {key: k for k in members for key in keys_of[k]}
        for i, local in enumerate(resolver.locals):
            evidence = _evidence(local, TYPE_OF_LABEL[local.label])
            if evidence is not None:
                resolver._post(i, evidence)
        return resolver


def _evidence(local: Local, kind: str) -> list[Evidence] | None:
    """What another local must share with this one for `_same` to hold, as
    posting keys, the same on both sides; None for organisations, whose
    fuzzy wording match has no such key (they are matched by the scan).

    A person matches only with the same name; or the same surname and given
    names starting alike; or a close surname (same first three letters or
    metaphone opening) and some shared context, which the role bonus alone
    (0.1) never reaches (CONTEXT_NEEDED)."""
    norm = normalise(local.name)
    if kind == "ORG":
        return None
    keys: list[Evidence] = [("n", kind, norm)]
    words = norm.split()
    if kind == "PERSON" and words:
        surname = words[-1]
        if len(words) > 1:
            keys.append(("g", surname, words[0][0]))
        sound, start = jellyfish.metaphone(surname)[:3], surname[:3]
        for name in local.context:
            keys += [("m", name, sound), ("p", name, start)]
    return keys


def _initials(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def _given(name: str) -> str | None:
    words = [w for w in normalise(name).split() if len(w) > 1]
    return words[0] if len(words) >= 2 else None


def _given_compatible(a: str, b: str) -> bool:
    return a == b or a[0] == b[0] and (len(a) == 1 or len(b) == 1 or JaroWinkler.similarity(a, b) >= 0.9)


def _context_overlap(a: Local, b: Local) -> float:
    if not a.context or not b.context:
        return 0.0
    return len(a.context & b.context) / len(a.context | b.context)


def _same_person(a: Local, b: Local) -> bool:
    na, nb = normalise(a.name).split(), normalise(b.name).split()
    if not na or not nb:
        return False
    if na == nb:
        return True
    sa, sb = na[-1], nb[-1]
    ga, gb = (na[0] if len(na) > 1 else None), (nb[0] if len(nb) > 1 else None)
    if ga and gb and not _given_compatible(ga, gb):
        return False
    exact = sa == sb
    close = exact or (
        JaroWinkler.similarity(sa, sb) >= SURNAME_SIMILAR
        and (jellyfish.metaphone(sa)[:3] == jellyfish.metaphone(sb)[:3] or sa[:3] == sb[:3])
    )
    if not close:
        return False
    context = _context_overlap(a, b) + (0.1 if a.roles & b.roles else 0.0)
    if exact and ga and gb:
        return True
    # A bare surname, or a near spelling, is one person only when the articles
    # talk about the same things around it.
    return context >= CONTEXT_NEEDED


def _same_org(a: Local, b: Local) -> bool:
    na, nb = normalise(a.name), normalise(b.name)
    if na == nb:
        return True
    acr_a = {s for s in a.surfaces | {a.name} if _ACRONYM.match(s)}
    acr_b = {s for s in b.surfaces | {b.name} if _ACRONYM.match(s)}
    if acr_a & acr_b:
        return True
    if acr_a and _initials(b.name) in acr_a or acr_b and _initials(a.name) in acr_b:
        return True
    return fuzz.token_set_ratio(na, nb) >= 92 and _context_overlap(a, b) >= CONTEXT_NEEDED


def _summarise(ident: str, locs: list[Local]) -> ResolvedEntity:
    kind = TYPE_OF_LABEL[locs[0].label]
    label = Counter(x.label for x in locs).most_common(1)[0][0]
    articles = sorted({x.article for x in locs})
    by_name: Counter[str] = Counter()
    for x in locs:
        by_name[x.name] += 1
    full = [n for n in by_name if len(n.split()) > 1 or kind != "PERSON"]
    pool = full or list(by_name)
    # The spelling most articles use; then the longest (the fullest form).
    name = max(pool, key=lambda n: (by_name[n], not _ACRONYM.match(n), len(n)))
    aliases = sorted({n for n in by_name if n != name} | {s for x in locs for s in x.surfaces if s != name})
    return ResolvedEntity(
        id=ident,
        name=name,
        type=label,
        aliases=aliases,
        articles=articles,
        mentions=sum(x.mentions for x in locs),
    )


# --------------------------------------------------------------- flags
def confusable(a: str, b: str) -> bool:
    """Two country names one letter-run apart: one a prefix of the other
    (Niger/Nigeria, Guinea/Guinea-Bissau, Sudan/South Sudan) or sharing a long
    opening. Such pairs are confused by translation and typos."""
    x, y = normalise(a).replace(" ", ""), normalise(b).replace(" ", "")
    if x == y:
        return False
    return x.startswith(y) or y.startswith(x) or x.endswith(y) or y.endswith(x) or x[:5] == y[:5]


def country_confusions(mentions: Iterable[EntityMention]) -> list[str]:
    """A country named far less often than a look-alike country in the same
    article, or a demonym of a look-alike: likely a mix-up, flagged for a
    reader to check, never silently merged."""
    counts: Counter[str] = Counter()
    demonyms: Counter[tuple[str, str]] = Counter()
    for m in mentions:
        if m.label == "GPE" and m.name in COUNTRY_NAMES.values():
            counts[m.name] += 1
        elif m.label == "NORP" and m.text in DEMONYMS:
            demonyms[(m.text, DEMONYMS[m.text])] += 1
    flags = []
    for country, n in counts.items():
        for other, m in counts.items():
            if other != country and confusable(country, other) and n * 3 <= m:
                flags.append(f"'{country}' named {n}x in an article naming {other} {m}x: possible mix-up")
    for (word, country), n in demonyms.items():
        for other, m in counts.items():
            # The demonym of a look-alike country that the article itself
            # hardly names, beside the country it is really about.
            if other != country and confusable(country, other) and counts.get(country, 0) * 3 <= m:
                flags.append(f"'{word}' (of {country}) used {n}x in an article naming {other} {m}x: possible mix-up")
    return flags
