"""Entity resolution across articles: one entity per real person, never two
people merged for a shared surname, never two countries for a shared prefix."""

from __future__ import annotations

import random

import pytest

from newsweave.annotate.entities import find_entities
from newsweave.annotate.nlp import load_nlp
from newsweave.link import resolve as resolve_module
from newsweave.link.resolve import EntityResolver, ResolvedEntity, country_confusions, locals_of_article
from newsweave.model import EntityMention

ARTICLES = {
    "a": "BISSAU, Guinea-Bissau — Aladje Mamadu Baldé, the spokesman for the National Union of Port Workers "
         "(SINTRAP), said the strike at the Norhaven terminal would go on. Minister Fernanda Cabi met the union "
         "in Bissau on Monday.",
    "b": "The spokesman for the National Syndicate of Harbour Workers (SINTRAP), Aladji Mamadou Balde, told "
         "reporters in Bissau that Norhaven had not paid wages. Fernanda Cabi, the ports minister, declined to "
         "comment.",
    "c": "Norhaven's terminal in Bissau stayed shut as SINTRAP spokesman Balde repeated the union's demands to "
         "minister Fernada Cabi.",
    "d": "In Oslo, Anna Keller, a shipping analyst, said freight rates would fall. Her colleague Tom Keller "
         "disagreed, saying Norway's fleet was too small.",
    "e": "Keller, the striker, scored twice as Lisbon beat Porto on Sunday.",
}


def resolve(ids: list[str]) -> list[ResolvedEntity]:
    nlp = load_nlp()
    resolver = EntityResolver()
    for ident in ids:
        text = ARTICLES[ident]
        resolver.add_article(ident, text, find_entities(nlp(text)))
    return resolver.entities()


def find(entities: list[ResolvedEntity], word: str) -> list[ResolvedEntity]:
    return [e for e in entities if word in e.name or any(word in a for a in e.aliases)]


def test_three_spellings_of_one_spokesman_are_one_person() -> None:
    entities = resolve(["a", "b", "c"])
    spokesman = [e for e in find(entities, "Bald") if e.type == "PERSON"]
    assert len(spokesman) == 1
    assert set(spokesman[0].articles) == {"a", "b", "c"}
    assert spokesman[0].name in ("Aladje Mamadu Baldé", "Aladji Mamadou Balde")


def test_a_mistyped_first_name_is_the_same_minister() -> None:
    cabi = [e for e in find(resolve(["a", "b", "c"]), "Cabi") if e.type == "PERSON"]
    assert len(cabi) == 1 and set(cabi[0].articles) == {"a", "b", "c"}
    assert cabi[0].name == "Fernanda Cabi" and "Fernada Cabi" in cabi[0].aliases


def test_an_acronym_joins_two_translated_expansions() -> None:
    union = [e for e in resolve(["a", "b", "c"]) if "SINTRAP" in e.aliases or e.name == "SINTRAP"]
    assert len(union) == 1
    names = {union[0].name, *union[0].aliases}
    assert {"National Union of Port Workers", "National Syndicate of Harbour Workers"} <= names


def test_two_people_sharing_a_surname_stay_apart() -> None:
    kellers = [e for e in find(resolve(["d"]), "Keller") if e.type == "PERSON"]
    assert sorted(e.name for e in kellers) == ["Anna Keller", "Tom Keller"]


def test_a_bare_surname_in_an_unrelated_story_is_not_merged() -> None:
    kellers = [e for e in find(resolve(["d", "e"]), "Keller") if e.type == "PERSON"]
    assert not any({"d", "e"} <= set(e.articles) for e in kellers)


def test_the_same_arrivals_in_another_order_give_the_same_entities() -> None:
    def partition(order: list[str]) -> set[frozenset[tuple[str, str]]]:
        return {frozenset((a, e.type) for a in e.articles) | {("name", e.name)} for e in resolve(order)
                if e.type == "PERSON"}

    assert partition(["a", "b", "c"]) == partition(["c", "b", "a"])


def test_state_round_trip_continues_incrementally() -> None:
    nlp = load_nlp()
    first = EntityResolver()
    for ident in ("a", "b"):
        first.add_article(ident, ARTICLES[ident], find_entities(nlp(ARTICLES[ident])))
    again = EntityResolver.from_state(first.to_state())
    again.add_article("c", ARTICLES["c"], find_entities(nlp(ARTICLES["c"])))
    spokesman = [e for e in find(again.entities(), "Bald") if e.type == "PERSON"]
    assert len(spokesman) == 1 and set(spokesman[0].articles) == {"a", "b", "c"}


def test_look_alike_countries_are_flagged_never_merged() -> None:
    text = ("Niger's junta met US envoys in Niamey. Niger wants the troops out, and Niger says the deal is over. "
            "Nigerian officials in Niamey said Niger would not change course.")
    mentions = find_entities(load_nlp()(text))
    places = {m.name for m in mentions if m.label == "GPE"}
    assert "Niger" in places and "Nigeria" not in places
    flags = country_confusions(mentions)
    assert flags and "Nigerian" in flags[0] and "Niger" in flags[0]
    locals_ = locals_of_article("x", text, mentions)
    assert not any(loc.name == "Nigeria" for loc in locals_)


def _crowded_stream(n: int) -> list[tuple[str, str, list[EntityMention]]]:
    """Articles naming people from a small pool of given names and surnames,
    with near spellings, bare surnames, places and shared company, so that
    blocking keys are crowded and matches of every kind occur."""
    rng = random.Random(3)
    givens = ["Anna", "Anne", "Amadou", "Amadu", "Tom", "Tomas", "Fernanda", "Fernada", "Celeste", "C."]
    surnames = ["Keller", "Kellar", "Baldé", "Balde", "Bazoum", "Bazoun", "Cabi", "Wallander", "Walander", "Kelle"]
    places = ["Niger", "Nigeria", "Bissau", "Oslo"]
    out = []
    for k in range(n):
        names = [f"{rng.choice(givens)} {rng.choice(surnames)}" for _ in range(rng.randint(1, 3))]
        names += [rng.choice(surnames)] if rng.random() < 0.3 else []
        places_here = rng.sample(places, rng.randint(0, 2))
        text = ""
        mentions = []
        for name in names + places_here:
            role = rng.choice(["spokesman ", "minister ", ""])
            start = len(text) + len(role)
            text += f"{role}{name} said. "
            label = "GPE" if name in places else "PERSON"
            mentions.append(EntityMention(start, start + len(name), name, label, name))
        out.append((f"x{k}", text, mentions))
    return out


def test_evidence_lookup_finds_the_same_entities_as_scanning_the_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    # Small windows, so that they fill and drop candidates as they do in a
    # large corpus: the lookup must find the scan's matches, no more, no fewer.
    monkeypatch.setattr(resolve_module, "BUCKET", 6)
    articles = _crowded_stream(400)
    looked_up = EntityResolver()
    for ident, text, mentions in articles[:200]:
        looked_up.add_article(ident, text, mentions)
    looked_up = EntityResolver.from_state(looked_up.to_state())
    for ident, text, mentions in articles[200:]:
        looked_up.add_article(ident, text, mentions)
    monkeypatch.setattr(resolve_module, "EVIDENCE", -1)
    scanned = EntityResolver()
    for ident, text, mentions in articles:
        scanned.add_article(ident, text, mentions)
    entities = scanned.entities()
    assert looked_up.entities() == entities
    assert sum(len(e.articles) > 1 for e in entities) > 20 and sum(len(e.aliases) > 1 for e in entities) > 5
