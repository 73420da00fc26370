"""An extractive summary of a story, and its direct quotes grouped by speaker.

Summary. Copies of one report must not outvote independent reporting, so the
unit of evidence is the origin (`StoryArticle.origin`), not the article: each
origin contributes the sentences of one representative text (the member most
like the others, i.e. the original rather than a damaged translation), plus
any sentence a member adds that the representative lacks. Sentences that
independent origins share are merged into one node that remembers how many
origins carry it. Centrality is continuous LexRank (TF-IDF cosine graph, power
iteration with a personalised jump), where the jump favours lead sentences,
sentences several origins carry, and penalises quote-only, context-dependent
and boilerplate-like sentences. Maximal marginal relevance then picks
non-redundant sentences (preferring threads not yet covered), which are shown
in story order (date, then position). Every chosen sentence cites every
article carrying it or a near-identical one, judged by content-word overlap.

Quotes. One utterance reaches a story in many wordings: copies keep it
verbatim, translations garble it, other outlets quote only part of it. Direct
quotes are grouped when their speakers are compatible (one resolved entity,
one surname, or an unnamed "official" on one side) and their words overlap
strongly; reported speech joins a group only as a further wording, because on
its own it is the reporter's words, not a quote. The most widely carried
wording is the quote's text; the others are its variants.

Tokens and stems are lineage's, so "near-identical" means the same thing in
linking and in comparing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from newsweave.annotate.quotes import quote_parts
from newsweave.link.lineage import _TOKEN_RE, STOPWORDS, _norm_token, _quoted_mask, _sentence_spans, _stem
from newsweave.model import Quote, StoryArticle

# --------------------------------------------------------------------------
# Shared text helpers


def _stems(text: str) -> frozenset[str]:
    words = (_norm_token(m.group()) for m in _TOKEN_RE.finditer(text))
    return frozenset(_stem(w) for w in words if w not in STOPWORDS and len(w) > 1)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Ochiai (set cosine): symmetric, and kinder than Jaccard to a sentence
    that a copy shortened by a clause."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def _containment(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _date_key(item: StoryArticle) -> str:
    art = item.article
    if art.published:
        return art.published[:10]
    if art.published_estimated:
        return art.published_estimated.earliest[:10]
    return ""


# --------------------------------------------------------------------------
# Summary

# Sentences that are page furniture rather than reporting; the cleaner removes
# most, but scraped text leaks some and a summary must never lead with them.
_BOILERPLATE_RE = re.compile(
    r"^\W*(read more|see also|related|share this|share on|sign up|subscribe|follow us|click here|photo|image|"
    r"video|watch|listen|copyright|all rights reserved|advertisement|sponsored|source link|original article|"
    r"leave a (reply|comment)|comments?\b|download our|get the latest|this (article|story) (was|has been))",
    re.IGNORECASE,
)
_URLISH_RE = re.compile(r"https?://|www\.|@\w|\.com\b", re.IGNORECASE)
# A sentence opening on a pronoun or a bare demonstrative leans on the one
# before it; lifted out of context it misleads.
_DANGLING_RE = re.compile(r"^\W*(he|she|it|they|this|these|those|that|his|her|its|their|but|and|also)\b",
                          re.IGNORECASE)
# "BISSAU, Guinea-Bissau — " or "LONDON (Reuters) - ": the dateline is metadata.
_DATELINE_RE = re.compile(
    r"^[A-ZÀ-Þ][A-ZÀ-Þ .'’-]{1,40}(?:,[^—–\n]{1,40}?)?(?:\s*\([^)]{1,30}\))?\s*[—–-]{1,2}\s+"
)

DAMPING = 0.85  # LexRank's: the share of rank that follows similarity edges
EDGE_MIN = 0.1  # cosines below this are topical noise, not shared content
NEAR_IDENTICAL = 0.6  # content-word overlap at which two sentences say the same
SAME_ORIGIN_MATCH = 0.4  # within known copies, a translated sentence still counts as the same
MMR_LAMBDA = 0.65
REDUNDANT = 0.4  # a candidate this close to a chosen sentence adds nothing
# Bounds that keep a story of hundreds of articles to a second or two; the
# lead prior means sentences past these rarely win anyway.
MAX_SENTENCES = 40  # per article, as summary candidates (all are still searched for citations)
MAX_NODES = 400  # graph size, the best by prior kept
COMMON_STEM = 200  # postings longer than this are not used to find twins
TWIN_CANDIDATES = 50
RARE_STEMS = 8  # the sentence's rarest stems that are looked up to find twins


@dataclass(slots=True)
class _Sentence:
    item: int  # index into items
    pos: int  # sentence index in the article
    text: str
    stems: frozenset[str]
    quote_share: float


@dataclass(slots=True)
class _Node:
    """One thing the story says: a sentence, with the other origins' sentences
    that say the same thing merged in."""

    rep: _Sentence
    anchor: frozenset[str]  # the stems of the sentence that founded the node: what twins are matched against
    members: list[_Sentence] = field(default_factory=list)
    origins: set[str] = field(default_factory=set)
    threads: set[int] = field(default_factory=set)


def split_sentences(text: str) -> list[str]:
    """The text's sentences, whitespace-normalised and with a leading dateline removed."""
    out = []
    for s, e in _sentence_spans(text):
        sent = " ".join(text[s:e].split())
        if not out:
            sent = _DATELINE_RE.sub("", sent, count=1)
        if sent:
            out.append(sent)
    return out


def _sentences_of(items: Sequence[StoryArticle], k: int) -> list[_Sentence]:
    text = items[k].article.text or ""
    letters = [c.isalpha() for c in text]
    # Running counts of letters, and of letters inside quotation marks, give
    # each sentence's quoted share in constant time.
    quoted = list(accumulate((m and a for m, a in zip(_quoted_mask(text), letters, strict=True)), initial=0))
    alpha = list(accumulate(letters, initial=0))
    out: list[_Sentence] = []
    for s, e in _sentence_spans(text):
        sent = " ".join(text[s:e].split())
        if not out:
            sent = _DATELINE_RE.sub("", sent, count=1)
        stems = _stems(sent)
        if not stems:
            continue
        n = alpha[e] - alpha[s]
        out.append(_Sentence(k, len(out), sent, stems, (quoted[e] - quoted[s]) / n if n else 0.0))
    return out


def _quality(sent: _Sentence) -> float:
    """How fit a sentence is to stand alone in a summary (1 = fully)."""
    text = sent.text
    words = text.split()
    q = 1.0
    if _BOILERPLATE_RE.search(text) or _URLISH_RE.search(text):
        q *= 0.1
    if len(words) < 6:
        q *= 0.3
    elif len(words) > 60:
        q *= 0.6
    if text[-1:] not in '.!?"”’»)':
        q *= 0.5  # headline, caption or a cut-off fragment
    if sent.quote_share > 0.6:
        q *= 0.35  # a quote alone says how someone put it, not what happened
    elif sent.quote_share > 0.3:
        q *= 0.8
    if _DANGLING_RE.search(text):
        q *= 0.7
    return q


def _lead_weight(pos: int) -> float:
    # News is written lead-first; the weight decays slowly so that a strong
    # late sentence can still win.
    return 1.0 + 1.0 / (1.0 + pos)


def _representative(members: list[int], sents: dict[int, list[_Sentence]], items: Sequence[StoryArticle]) -> int:
    """The member most like the others: the original a copy, a cut and a
    translation all resemble more than they resemble each other."""
    if len(members) == 1:
        return members[0]
    bags = {k: frozenset().union(*(s.stems for s in sents[k])) if sents[k] else frozenset() for k in members}

    def key(k: int) -> tuple[float, int, int, int]:
        likeness = sum(_overlap(bags[k], bags[o]) for o in members if o != k)
        art = items[k].article
        return (round(likeness, 3), int(bool(art.published)), int(bool(art.outlet)), len(sents[k]))

    return max(members, key=key)


def _best_match(sent: _Sentence, pool: Iterable[_Sentence]) -> float:
    return max((_overlap(sent.stems, other.stems) for other in pool), default=0.0)


def _build_nodes(items: Sequence[StoryArticle]) -> tuple[list[_Node], dict[int, list[_Sentence]]]:
    sents = {k: _sentences_of(items, k) for k in range(len(items))}
    by_origin: dict[str, list[int]] = defaultdict(list)
    for k, it in enumerate(items):
        by_origin[it.origin or it.article.id].append(k)

    nodes: list[_Node] = []
    # Candidate twins come from shared stems; a stem most sentences share
    # ("bridge" in a bridge story) cannot tell a twin from a neighbour, so it
    # is not looked up, which keeps the search near linear in the sentences.
    postings: dict[str, list[int]] = defaultdict(list)

    def twin_of(s: _Sentence, origin: str) -> _Node | None:
        # A twin shares most stems, so it shares some of the rarest few.
        rare = sorted((len(postings[t]), t) for t in s.stems if t in postings)[:RARE_STEMS]
        shared: Counter[int] = Counter()
        for size, stem in rare:
            if size <= COMMON_STEM:
                shared.update(postings[stem])
        twin, best = None, NEAR_IDENTICAL
        for idx, _ in shared.most_common(TWIN_CANDIDATES):
            node = nodes[idx]
            if origin in node.origins:
                continue
            sim = _overlap(s.stems, node.anchor)
            if sim >= best:
                twin, best = node, sim
        return twin

    for origin, members in by_origin.items():
        rep = _representative(members, sents, items)
        chosen = list(sents[rep][:MAX_SENTENCES])
        for k in members:
            if k != rep:
                # What a member adds beyond its representative (an update, an
                # added paragraph) is reporting too; its reworded copies are not.
                chosen.extend(s for s in sents[k][:MAX_SENTENCES] if _best_match(s, sents[rep]) < SAME_ORIGIN_MATCH)
        for s in chosen:
            # Independent origins saying the same thing make one node that
            # counts each origin once.
            twin = twin_of(s, origin)
            if twin is None:
                for stem in s.stems:
                    postings[stem].append(len(nodes))
                nodes.append(_Node(rep=s, anchor=s.stems, members=[s], origins={origin},
                                   threads={items[s.item].thread}))
            else:
                twin.members.append(s)
                twin.origins.add(origin)
                twin.threads.add(items[s.item].thread)
                if (_date_key(items[s.item]) or "9999", s.pos) < (_date_key(items[twin.rep.item]) or "9999",
                                                                  twin.rep.pos):
                    twin.rep = s
    return nodes, sents


def _tfidf(docs: list[frozenset[str]]) -> np.ndarray:
    vocab = {t: i for i, t in enumerate(sorted(set().union(*docs)))} if docs else {}
    mat = np.zeros((len(docs), max(1, len(vocab))), dtype=np.float32)
    df = Counter(t for d in docs for t in d)
    n = len(docs)
    for r, d in enumerate(docs):
        for t in d:
            mat[r, vocab[t]] = math.log((n + 1) / (df[t] + 1)) + 1.0
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return mat / norms


def _lexrank(sim: np.ndarray, prior: np.ndarray, iterations: int = 100) -> np.ndarray:
    n = len(prior)
    weights = np.where(sim >= EDGE_MIN, sim, 0.0)
    np.fill_diagonal(weights, 0.0)
    rows = weights.sum(axis=1, keepdims=True)
    # A sentence like no other passes its rank on by the jump alone.
    trans = np.divide(weights, rows, out=np.tile(prior, (n, 1)), where=rows > 0)
    rank = np.full(n, 1.0 / n)
    for _ in range(iterations):
        new = (1 - DAMPING) * prior + DAMPING * (rank @ trans)
        if np.abs(new - rank).sum() < 1e-9:
            return new
        rank = new
    return rank


def _cite(chosen: _Node, items: Sequence[StoryArticle], sents: dict[int, list[_Sentence]]) -> list[str]:
    origins = {items[s.item].origin for s in chosen.members}
    carriers = {s.item for s in chosen.members}
    wordings = {s.stems for s in chosen.members}  # copies repeat one wording many times
    cited = []
    for k, it in enumerate(items):
        if k in carriers:
            cited.append(it.article.id)
            continue
        # A copy of an origin already carrying the sentence may word it
        # differently (a translation round trip); a looser match suffices there.
        need = SAME_ORIGIN_MATCH if it.origin in origins else NEAR_IDENTICAL
        if any(_overlap(w, s.stems) >= need for s in sents[k] for w in wordings):
            cited.append(it.article.id)
    return cited


def summarize(items: list[StoryArticle], *, sentences: int = 5) -> list[dict[str, Any]]:
    """The story in `sentences` extracted sentences: [{"text", "articles"}]."""
    if not items or sentences <= 0:
        return []
    nodes, sents = _build_nodes(items)
    if not nodes:
        return []
    quality = np.array([_quality(n.rep) for n in nodes])
    lead = np.array([max(_lead_weight(m.pos) for m in n.members) for n in nodes])
    support = np.array([1.0 + 0.5 * (len(n.origins) - 1) for n in nodes])
    prior = quality * lead * support
    if len(nodes) > MAX_NODES:
        keep = np.sort(np.argsort(-prior, kind="stable")[:MAX_NODES])
        nodes = [nodes[i] for i in keep]
        quality, lead, support, prior = quality[keep], lead[keep], support[keep], prior[keep]
    vecs = _tfidf([n.rep.stems | frozenset().union(*(m.stems for m in n.members)) for n in nodes])
    sim = vecs @ vecs.T
    prior = prior / prior.sum() if prior.sum() > 0 else np.full(len(nodes), 1.0 / len(nodes))
    rank = _lexrank(sim, prior)
    # Centrality says what the story is about; the prior's factors also say
    # whether the sentence is fit to be shown, so they weigh in again here.
    score = rank * quality * np.sqrt(lead * support)
    score = score / score.max() if score.max() > 0 else score

    picked: list[int] = []
    covered: set[int] = set()
    voiced: set[str] = set()
    candidates = set(range(len(nodes)))

    def same_thread(i: int, j: int) -> bool:
        return bool(nodes[i].threads & nodes[j].threads)

    def mmr(i: int, covered: set[int], voiced: set[str]) -> float:
        # A story that moves names the same actors in each phase, so words
        # shared across threads are weaker evidence of repetition.
        redundancy = max((float(sim[i, j]) * (1.0 if same_thread(i, j) else 0.5) for j in picked), default=0.0)
        fresh = 0.1 if nodes[i].threads - covered else 0.0
        if nodes[i].origins - voiced:
            fresh += 0.05  # across distinct origins, not one outlet's account
        return MMR_LAMBDA * float(score[i]) - (1 - MMR_LAMBDA) * redundancy + fresh

    while candidates and len(picked) < sentences:
        best = max(sorted(candidates), key=lambda i: mmr(i, covered, voiced))
        candidates.discard(best)
        if score[best] <= 0.02 and picked:
            break
        if any(same_thread(best, j) and _overlap(nodes[best].rep.stems, nodes[j].rep.stems) >= REDUNDANT
               for j in picked):
            continue
        picked.append(best)
        covered |= nodes[best].threads
        voiced |= nodes[best].origins

    def order(i: int) -> tuple[str, int, int]:
        node = nodes[i]
        dated = [(_date_key(items[m.item]), m.pos) for m in node.members if _date_key(items[m.item])]
        if dated:
            day, pos = min(dated)
        else:
            # An undated article sits with its thread's earliest known date.
            thread = items[node.rep.item].thread
            days = [_date_key(it) for it in items if it.thread == thread and _date_key(it)]
            day, pos = (min(days) if days else ""), node.rep.pos
        return (day, pos, i)

    return [{"text": nodes[i].rep.text, "articles": _cite(nodes[i], items, sents)} for i in sorted(picked, key=order)]


def summarize_threads(items: list[StoryArticle], *, sentences: int = 3) -> dict[int, list[dict[str, Any]]]:
    """A summary per thread, keyed by `StoryArticle.thread`."""
    threads: dict[int, list[StoryArticle]] = defaultdict(list)
    for it in items:
        threads[it.thread].append(it)
    return {t: summarize(members, sentences=sentences) for t, members in sorted(threads.items())}


# --------------------------------------------------------------------------
# Quotes by speaker

_OPENERS = "“„«‘\"'"
_CLOSERS = "”»’\"'"
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them"}
# Words that make a speaker a description, not a name, even when capitalised.
_ROLE_WORDS = {
    "minister", "ministry", "official", "officials", "spokesman", "spokeswoman", "spokesperson", "president",
    "agents", "police", "source", "sources", "witness", "witnesses", "residents", "government", "company",
    "statement", "both", "neither", "people", "authorities", "analysts", "experts", "sides", "side", "union",
}

SAME_SPEAKER_MATCH = 0.5
UNKNOWN_SPEAKER_MATCH = 0.7
# The same words under two names: a misattribution worth showing as one quote.
CONFLICTING_SPEAKER_MATCH = 0.85


@dataclass(slots=True)
class _QuoteRec:
    item: int
    order: tuple[str, int, int]  # date, article order, offset: the first to say it comes first
    text: str  # the quoted words, parts joined by an ellipsis
    key: str  # the wording, normalised: one key, one variant
    stems: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    direct: bool
    speaker: str | None
    named: bool
    entity: str | None
    origin: str


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _words(text: str) -> list[str]:
    return [_norm_token(m.group()) for m in _TOKEN_RE.finditer(text)]


def _strip_marks(piece: str) -> str:
    piece = piece.strip()
    piece = piece.lstrip(_OPENERS).rstrip(_CLOSERS).strip()
    return piece.rstrip(",;: ").strip()


def _quoted_words(item: StoryArticle, q: Quote) -> str:
    text = item.article.text or ""
    if q.kind != "direct":
        return " ".join(q.text.split())
    # Offsets are only trusted when they still point at the quote.
    pieces = [p.text for p in quote_parts(text, q)] if text[q.start:q.end] == q.text else [q.text]
    return " … ".join(p for p in (" ".join(_strip_marks(x).split()) for x in pieces) if p)


def _is_named(speaker: str | None) -> bool:
    if not speaker:
        return False
    words = speaker.split()
    if speaker[0].islower() or words[0].lower() in {"a", "an", "the", *_PRONOUNS}:
        return False
    if any(w.lower().strip(".,") in _ROLE_WORDS for w in words):
        return False
    return any(w[:1].isupper() for w in words)


def _entity_of(item: StoryArticle, speaker: str | None) -> str | None:
    if not speaker:
        return None
    if speaker in item.entity_ids:
        return item.entity_ids[speaker]
    folded = {_fold(k): v for k, v in item.entity_ids.items()}
    if _fold(speaker) in folded:
        return folded[_fold(speaker)]
    # "President Cabi": the surname is what resolution keyed the person by.
    last = speaker.split()[-1]
    return folded.get(_fold(last)) if _is_named(speaker) else None


def _speakers_agree(a: _QuoteRec, b: _QuoteRec) -> str:
    """"same", "unknown" (one side unnamed) or "conflict"."""
    if not (a.named and b.named):
        return "unknown"
    if a.entity and a.entity == b.entity:
        return "same"
    fa, fb = _fold(a.speaker or ""), _fold(b.speaker or "")
    if fa == fb or fa.split()[-1] == fb.split()[-1] or fuzz.ratio(fa, fb) >= 85:
        return "same"
    return "conflict"


def _quote_similarity(a: _QuoteRec, b: _QuoteRec) -> float:
    sim = _overlap(a.stems, b.stems)
    # A partial quote ("it is an orderly ending") sits inside the full one:
    # containment catches it, but only when the shorter has enough words for
    # containment to mean anything.
    if min(len(a.bigrams), len(b.bigrams)) >= 3:
        sim = max(sim, len(a.bigrams & b.bigrams) / min(len(a.bigrams), len(b.bigrams)))
    if min(len(a.stems), len(b.stems)) >= 4:
        sim = max(sim, 0.95 * _containment(a.stems, b.stems))
    return sim


def _joins(rec: _QuoteRec, group: list[_QuoteRec]) -> float:
    """How well `rec` fits `group` (0 when it does not)."""
    best = 0.0
    for other in group:
        agreement = _speakers_agree(rec, other)
        need = {"same": SAME_SPEAKER_MATCH, "unknown": UNKNOWN_SPEAKER_MATCH,
                "conflict": CONFLICTING_SPEAKER_MATCH}[agreement]
        sim = _quote_similarity(rec, other)
        if sim >= need:
            best = max(best, sim)
    return best


def _records(items: Sequence[StoryArticle]) -> list[_QuoteRec]:
    recs: list[_QuoteRec] = []
    for k, it in enumerate(items):
        seen: set[str] = set()
        for q in sorted(it.annotations.quotes, key=lambda q: q.start):
            text = _quoted_words(it, q)
            words = _words(text)
            key = " ".join(words)
            if not key or key in seen:
                continue
            seen.add(key)
            stems = _stems(text)
            if not stems:
                continue
            recs.append(_QuoteRec(
                item=k, order=(_date_key(it) or "9999", k, q.start), text=text, key=key, stems=stems,
                bigrams=frozenset(zip(words, words[1:], strict=False)), direct=q.kind == "direct",
                speaker=q.speaker, named=_is_named(q.speaker), entity=_entity_of(it, q.speaker),
                origin=it.origin or it.article.id,
            ))
    return recs


def quotes_by_speaker(items: list[StoryArticle]) -> list[dict[str, Any]]:
    """The dossier's quotes: [{"text", "speaker", "speaker_entity", "articles",
    "variants": [{"text", "speaker", "articles", "speaker_conflict"}]}], grouped
    by speaker. A variant's speaker is the name as its articles give it;
    `speaker_conflict` is true when that names someone else."""
    recs = _records(items)
    groups: list[list[_QuoteRec]] = []
    # A group is compared through one record per wording and speaker (copies
    # repeat both), and only groups sharing a stem with the quote are tried.
    distinct: list[dict[tuple[str, str | None], _QuoteRec]] = []
    postings: dict[str, set[int]] = defaultdict(set)
    # Direct quotes found groups; reported speech only joins them.
    for rec in sorted(recs, key=lambda r: (not r.direct, r.order)):
        candidates = set().union(*(postings.get(stem, set()) for stem in rec.stems))
        fit, n = max(((_joins(rec, list(distinct[g].values())), g) for g in sorted(candidates)), default=(0.0, -1))
        if fit <= 0:
            if not rec.direct:
                continue
            n = len(groups)
            groups.append([])
            distinct.append({})
        groups[n].append(rec)
        distinct[n].setdefault((rec.key, rec.speaker), rec)
        for stem in rec.stems:
            postings[stem].add(n)

    ids = [it.article.id for it in items]
    # One name per person across the story: the fullest, most used spelling
    # ("Marta Kovalenko", not the bare "Kovalenko" one article quotes).
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for rec in recs:
        if rec.entity and rec.named and rec.speaker:
            spellings[rec.entity][rec.speaker] += 1

    def full_name(entity: str) -> str | None:
        names = spellings.get(entity)
        return max(names, key=lambda n: (len(n.split()) > 1, names[n], len(n))) if names else None

    entries = []
    for group in groups:
        named = Counter(r.speaker for r in group if r.named and r.speaker)
        described = Counter(r.speaker for r in group if r.speaker and not r.named)
        voted = (named or described).most_common(1)[0][0] if (named or described) else None
        lead = next((r for r in group if r.named and r.speaker == voted), None)

        def clash(rec: _QuoteRec, lead: _QuoteRec | None = lead) -> bool:
            # Another person named for these words, not another spelling of
            # the same one: a misattribution the reader should see.
            return lead is not None and _speakers_agree(rec, lead) == "conflict"

        # One variant per wording and attribution: the same words under
        # another name are a finding, not a duplicate.
        wordings: dict[tuple[str, bool], list[_QuoteRec]] = defaultdict(list)
        for rec in group:
            wordings[(rec.key, clash(rec))].append(rec)

        def weight(recs: list[_QuoteRec]) -> tuple[int, int, int, int, int]:
            return (int(not clash(recs[0])), len({r.origin for r in recs}), len({r.item for r in recs}),
                    int(any(r.direct for r in recs)), len(recs[0].text))

        ranked = sorted(wordings.values(), key=weight, reverse=True)
        entity_votes = Counter(r.entity for r in group if r.entity and r.named and not clash(r))
        entity = entity_votes.most_common(1)[0][0] if entity_votes else None
        speaker = (full_name(entity) if entity else None) or voted

        def articles(recs: Iterable[_QuoteRec]) -> list[str]:
            return [ids[k] for k in sorted({r.item for r in recs})]

        def voice(recs: list[_QuoteRec]) -> str | None:
            votes = Counter(r.speaker for r in recs if r.speaker)
            return votes.most_common(1)[0][0] if votes else None

        main = ranked[0]
        entries.append({
            "text": min(main, key=lambda r: r.order).text,
            "speaker": speaker,
            "speaker_entity": entity,
            "articles": articles(group),
            "variants": [{"text": min(w, key=lambda r: r.order).text, "speaker": voice(w), "articles": articles(w),
                          "speaker_conflict": clash(w[0])}
                         for w in ranked[1:]],
            "_first": min(r.order for r in group),
            "_origins": len({r.origin for r in group}),
        })

    # Speakers in order of how widely they are quoted; each speaker's quotes
    # by how many independent origins carry them, then by first appearance.
    reach: Counter[str] = Counter()
    for e in entries:
        reach[e["speaker_entity"] or e["speaker"] or ""] += len(e["articles"])
    entries.sort(key=lambda e: (-reach[e["speaker_entity"] or e["speaker"] or ""],
                                e["speaker_entity"] or e["speaker"] or "", -e["_origins"], e["_first"]))
    for e in entries:
        del e["_first"], e["_origins"]
    return entries
