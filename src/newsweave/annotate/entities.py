"""Named entities with exact offsets and the fullest name within the article.

The statistical NER of the small model is good at finding spans and weak at
labels and edges, so the spans are repaired with evidence from the article
itself: a surname tagged ORG is a PERSON when the article names the person in
full; "National Council ... (CNSP" is two mentions, the expansion and its
acronym; titles ("Gen.", "Ms.") are not part of a name; a span never crosses
a paragraph break."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable

from spacy.tokens import Doc

from newsweave.annotate.gazetteer import COUNTRY_NAMES, DEMONYMS
from newsweave.clean.outlets import looks_like_outlet
from newsweave.model import EntityMention

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW"}

# Honorifics and ranks written before a name; never part of the name itself.
TITLE_WORDS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rev", "reverend",
    "gen", "general", "lt", "lieutenant", "col", "colonel", "maj", "major", "capt", "captain", "sgt", "sergeant",
    "adm", "admiral", "cmdr", "commander", "brig", "brigadier", "cpl", "corporal", "pvt", "private", "marshal",
    "sen", "senator", "rep", "representative", "gov", "governor", "pres", "president", "vice", "premier",
    "minister", "secretary", "chancellor", "mayor", "judge", "justice", "king", "queen", "prince", "princess",
    "sheikh", "imam", "pope", "cardinal", "bishop", "father", "sister", "brother", "ambassador", "spokesman",
    "spokeswoman", "spokesperson", "chief", "deputy", "assistant", "acting", "former", "prime", "emir", "sultan",
    "ayatollah", "rabbi", "st", "gen.", "lt.", "col.",
}
PRONOUN_LIKE = {"he", "she", "they", "it", "we", "i", "you", "his", "her", "their"}

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,9}$")
_EDGE = " \t\n\"'“”‘’()[]{}«»,;:–—-./"


def find_entities(doc: Doc) -> list[EntityMention]:
    text = doc.text
    spans: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        for start, end in _split_lines(text, ent.start_char, ent.end_char):
            spans.extend(_split_acronym(text, start, end, ent.label_))
    spans = [s for s in (_trim(text, *span) for span in spans) if s is not None]
    spans = [_strip_title(text, *s) if s[2] == "PERSON" else s for s in spans]
    spans.extend(_missed_acronyms(doc, spans))
    spans = _relabel(text, spans)
    spans = _people_by_role(doc, spans)
    spans = _one_label_per_name(text, spans)
    spans = _extend_known_surnames(doc, spans)
    spans.sort()
    return _name_mentions(text, spans)


def _split_lines(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    pos = start
    for match in re.finditer(r"\n+", text[start:end]):
        yield pos, start + match.start()
        pos = start + match.end()
    yield pos, end


def _split_acronym(text: str, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
    """'National Council for the Defense of the Homeland (CNSP' → expansion + acronym."""
    chunk = text[start:end]
    m = re.search(r"\s*\(([A-Z][A-Za-z0-9&\-]{1,9})\)?$", chunk)
    if not m or m.start() == 0:
        return [(start, end, label)]
    acr_start = start + m.start(1)
    return [(start, start + m.start(), label), (acr_start, acr_start + len(m.group(1)), "ORG")]


def _trim(text: str, start: int, end: int, label: str) -> tuple[int, int, str] | None:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE and not _keeps_final_dot(text, start, end):
        end -= 1
    # A possessive is not part of the name.
    for suffix in ("'s", "’s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    # "the State Department": the article's lower-case "the" is not part of
    # the name; "The Washington Post" keeps its capital The.
    if text[start:end].startswith("the ") and label != "WORK_OF_ART":
        start += 4
    if end - start < 2 or not any(ch.isalpha() for ch in text[start:end]):
        return None
    return start, end, label


def _keeps_final_dot(text: str, start: int, end: int) -> bool:
    # "U.S." and "Michael E." keep their dots: an abbreviation ends the span.
    return text[end - 1] == "." and bool(re.search(r"(\b[A-Z]\.|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St))\.?$",
                                                 text[start:end]))


def _strip_title(text: str, start: int, end: int, label: str) -> tuple[int, int, str]:
    words = list(re.finditer(r"\S+", text[start:end]))
    i = 0
    while i < len(words) - 1 and words[i].group().lower().rstrip(".") in TITLE_WORDS:
        i += 1
    # "Secretary of Defense Celeste Wallander": the "of X" part of a title
    # goes too; a name is what remains, its last two words at most.
    if 0 < i < len(words) - 2 and words[i].group().lower() in ("of", "for"):
        i = len(words) - 2
    if i == 0:
        return start, end, label
    return start + words[i].start(), end, label


def _missed_acronyms(doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """All-caps organisation acronyms the model missed, where the article
    itself vouches for them: an acronym already tagged elsewhere in the
    article, or one defined in parentheses."""
    known = {doc.text[s:e] for s, e, label in spans if label == "ORG" and _ACRONYM.match(doc.text[s:e])}
    if not known:
        return []
    covered = [(s, e) for s, e, _ in spans]
    out = []
    for token in doc:
        if token.text in known and not any(s <= token.idx < e for s, e in covered):
            out.append((token.idx, token.idx + len(token.text), "ORG"))
    return out


def _relabel(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Labels from the article's own evidence and the gazetteer."""
    surnames = set()
    for s, e, label in spans:
        words = text[s:e].split()
        if label == "PERSON" and len(words) >= 2:
            surnames.add(words[-1])
    out = []
    for s, e, label in spans:
        surface = text[s:e]
        if surface in COUNTRY_NAMES and label != "GPE":
            label = "GPE"
        elif surface in DEMONYMS and label in ("PERSON", "ORG", "GPE"):
            label = "NORP"
        elif label in ("ORG", "GPE", "NORP", "LOC") and " " not in surface and surface in surnames:
            # "Langley said" tagged ORG in an article naming "Michael E. Langley".
            label = "PERSON"
        if label == "PERSON" and surface.lower() in PRONOUN_LIKE:
            continue
        out.append((s, e, label))
    # Overlaps can only arise from our own additions: keep the longest span.
    out.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    kept: list[tuple[int, int, str]] = []
    for span in out:
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


# Words that make a name an institution's, whatever stands around it.
_INSTITUTION_WORDS = {
    "union", "council", "ministry", "department", "company", "corporation", "inc", "ltd", "party", "group",
    "bank", "agency", "committee", "association", "university", "institute", "army", "force", "forces",
    "command", "court", "parliament", "assembly", "commission", "authority", "board", "office", "service",
    "syndicate", "federation", "front", "movement", "holdings", "port", "terminal", "airport", "school",
    "hospital", "church", "club", "team", "news", "times", "post", "press", "foundation",
}
_PERSON_ROLES = {
    "spokesman", "spokeswoman", "spokesperson", "minister", "president", "mr", "mrs", "ms", "dr", "gen",
    "general", "colonel", "col", "sen", "senator", "rep", "governor", "mayor", "ambassador", "envoy",
    "secretary", "chairman", "chairwoman", "prime", "premier", "king", "queen", "prince", "judge", "lawyer",
    "researcher", "analyst", "professor", "prof", "commander", "chief", "director", "official", "leader",
}
_ROLE_BEFORE = re.compile(r"(?:^|\W)(" + "|".join(sorted(_PERSON_ROLES)) + r")\.?\s*$", re.IGNORECASE)
_ROLE_AFTER = re.compile(r"^,\s+(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,2}?(" + "|".join(sorted(_PERSON_ROLES))
                         + r")\b", re.IGNORECASE)


def _people_by_role(doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A name introduced by a person's role ("spokesman Aladje Balde", "Aladje
    Balde, the spokesman for ...", "The spokesman for X, Aladje Balde, said")
    is a person, whatever label the model gave it, unless the name itself
    says institution."""
    text = doc.text
    out = []
    for s, e, label in spans:
        surface = text[s:e]
        words = surface.split()
        if (label in ("ORG", "FAC", "PRODUCT", "WORK_OF_ART", "NORP", "EVENT") and 2 <= len(words) <= 4
                and all(w[:1].isupper() for w in words)
                and not {w.lower().strip(".,") for w in words} & _INSTITUTION_WORDS
                and (_ROLE_BEFORE.search(text[max(0, s - 40):s]) or _ROLE_AFTER.match(text[e:e + 60])
                     or _apposed_to_role(doc, s, e))):
            label = "PERSON"
        out.append((s, e, label))
    return out


def _apposed_to_role(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ == "appos" and root.head.lemma_.lower() in _PERSON_ROLES:
        return True
    return any(child.dep_ == "appos" and child.lemma_.lower() in _PERSON_ROLES for child in root.children)


def _one_label_per_name(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """One sense per discourse: the same name is one kind of thing throughout
    an article, so the label most of its mentions carry wins (gazetteer places
    excepted, their label is already certain)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for s, e, label in spans:
        votes[text[s:e]][label] += 1
    out = []
    for s, e, label in spans:
        surface = text[s:e]
        counts = votes[surface]
        if surface not in COUNTRY_NAMES and surface not in DEMONYMS and len(counts) > 1:
            (top, n), *rest = counts.most_common()
            if n > rest[0][1]:
                label = top
        out.append((s, e, label))
    return out


def _extend_known_surnames(doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A surname the article uses for a person, found elsewhere outside any
    mention ("... Defense Celeste A. Wallander stated"), is that person too;
    the given names and initials just before it belong to the mention."""
    text = doc.text
    surnames = {text[s:e].split()[-1] for s, e, label in spans if label == "PERSON"}
    surnames = {w for w in surnames if len(w) > 2 and w[0].isupper()}
    if not surnames:
        return spans
    covered = sorted((s, e) for s, e, _ in spans)
    starts = [s for s, _ in covered]

    def is_covered(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and covered[i][0] <= pos < covered[i][1]

    added = []
    for token in doc:
        if token.text not in surnames or is_covered(token.idx):
            continue
        first = token.i
        while first - 1 >= 0 and token.i - first < 3:
            prev = doc[first - 1]
            if (not prev.text[:1].isupper() or prev.text.lower().rstrip(".") in TITLE_WORDS
                    or is_covered(prev.idx) or prev.is_sent_start or "\n" in prev.whitespace_):
                break
            # "Secretary of Defense Celeste": a capitalised word after "of" or
            # "for" ends an institution's name, not a person's.
            if first - 2 >= 0 and doc[first - 2].lower_ in ("of", "for", "the", "and", "at"):
                break
            first -= 1
        added.append((doc[first].idx, token.idx + len(token.text), "PERSON"))
    return sorted(spans + added)


def _name_mentions(text: str, spans: list[tuple[int, int, str]]) -> list[EntityMention]:
    persons = [text[s:e] for s, e, label in spans if label == "PERSON"]
    orgs = [_without_article(" ".join(text[s:e].split()), "ORG") for s, e, label in spans if label == "ORG"]
    expansions = _acronym_expansions(text, spans)
    mentions = []
    for s, e, label in spans:
        surface = text[s:e]
        name = _without_article(" ".join(surface.split()), label)
        if label == "PERSON":
            name = fullest_name(name, persons)
        elif label == "ORG" and surface in expansions:
            name = expansions[surface]
        elif label == "ORG":
            name = _unique_longer(name, orgs)
        elif label == "GPE":
            name = COUNTRY_NAMES.get(name, name)
        mentions.append(EntityMention(start=s, end=e, text=surface, label=label, name=name))
    return mentions


def fullest_name(name: str, candidates: Iterable[str]) -> str:
    """The longest name in the article that contains this one's words in
    order and ends with its last word ("Wallander" → "Celeste A. Wallander")."""
    words = name.split()
    best = name
    for cand in candidates:
        cw = " ".join(cand.split()).split()
        if len(cw) <= len(words) or cw[-1] != words[-1]:
            continue
        it = iter(cw)
        if all(w in it for w in words) and len(cw) > len(best.split()):
            best = " ".join(cw)
    return best


def _unique_longer(name: str, candidates: Iterable[str]) -> str:
    """'the Post' → 'The Washington Post' when the article names only one
    longer organisation ending with that word."""
    words = name.split()
    longer = {" ".join(c.split()) for c in candidates}
    longer = {c for c in longer if len(c.split()) > len(words) and c.split()[-1] == words[-1]}
    return longer.pop() if len(longer) == 1 else name


def _acronym_expansions(text: str, spans: list[tuple[int, int, str]]) -> dict[str, str]:
    """Acronym → expansion, from "Long Name (ACR)" in the text."""
    out: dict[str, str] = {}
    for i, (s, e, label) in enumerate(spans):
        surface = text[s:e]
        if label != "ORG" or not _ACRONYM.match(surface) or i == 0:
            continue
        ps, pe, plabel = spans[i - 1]
        between = text[pe:s]
        if plabel in ("ORG", "GPE", "FAC", "LAW") and re.fullmatch(r"\s*\(\s*", between):
            out.setdefault(surface, _without_article(" ".join(text[ps:pe].split()), plabel))
    return out


def _without_article(name: str, label: str) -> str:
    """A sentence-initial "The" is not part of an institution's name, but it
    is part of a newspaper's ("The Washington Post")."""
    if label in ("ORG", "FAC", "GPE", "LOC") and name.startswith("The ") and len(name) > 4 \
            and not looks_like_outlet(name):
        return name[4:]
    return name
