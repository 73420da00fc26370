"""Duplicate and lineage detection: which articles copy, translate, rewrite or
cite which, and which merely report the same event.

The articles below are invented for these tests (a fire at a desalination plant
in a made-up country); the sample corpus and the seed articles are checked at
the end."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import sample_keys, shared_data
from newsweave.cli import sample_corpus
from newsweave.ingest.run import ingest
from newsweave.link.lineage import (
    Derivation,
    LineageIndex,
    LineageItem,
    citing_phrase,
    earlier,
    item_from_article,
    outlet_matches,
)
from newsweave.store import Store

ORIGINAL = "\n\n".join(
    [
        "PORT ALDER, Veskara — A fire broke out on Monday night at the Kestrel Bay desalination plant, "
        "forcing the regional water utility to cut supplies to roughly 48,000 households across the northern "
        "districts, officials said.",
        "The blaze started in a transformer room shortly before 11 p.m. and spread to the control building, "
        "according to fire chief Odile Marchetti. Crews from three stations needed almost four hours to put "
        "it out.",
        "Nobody was hurt, but the plant's two main pumps were damaged, and engineers expect repairs to take "
        "at least nine days.",
        '"We will truck water to every hospital and school before we think about anything else," said Bram '
        "Osterhout, the director of the Northern Water Authority.",
        "The authority said it would open 14 emergency distribution points from Wednesday and asked residents"
        " to limit their use to drinking and cooking.",
        "The plant, which cost 210 million crowns when it opened in 2017, supplies about a third of the "
        "region's fresh water. It was built by the Halvard Engineering consortium, which still runs it under "
        "a fifteen-year contract.",
        "Opposition councillor Mirela Dahn said the utility had been warned last spring that the transformer "
        "room lacked a modern sprinkler system. The authority did not reply to questions about the warning.",
        "Shopkeepers in the harbour district reported long queues for bottled water on Tuesday morning, and "
        "at least two supermarkets limited purchases to six bottles per customer.",
        "Investigators from the national safety board are due at the site on Thursday.",
    ]
)

# The same body as a content farm reposts it, with its own page furniture left in.
REPOST = (
    "Advertisement\n\n"
    + ORIGINAL
    + "\n\nShare this:\n\nRead more: Ferry fares to rise in October\n\nSource link"
)

# Run a day later by another site, with a few sentences reworded and one paragraph cut.
NEAR_COPY = "\n\n".join(
    [
        "PORT ALDER, Veskara — A fire broke out on Monday night at the Kestrel Bay desalination plant, "
        "forcing the regional water utility to cut supplies to roughly 48,000 households across the northern "
        "districts, officials said.",
        "The blaze started in a transformer room shortly before 11 p.m. and spread to the control building, "
        "according to fire chief Odile Marchetti. Firefighters from three stations took nearly four hours to "
        "bring it under control.",
        "Nobody was hurt, but the plant's two main pumps were damaged, and engineers expect repairs to take "
        "at least nine days.",
        '"We will truck water to every hospital and school before we think about anything else," said Bram '
        "Osterhout, the director of the Northern Water Authority.",
        "The authority said it would open 14 emergency distribution points from Wednesday and asked people to"
        " use tap water only for drinking and cooking.",
        "The plant, which cost 210 million crowns when it opened in 2017, supplies about a third of the "
        "region's fresh water. It was built by the Halvard Engineering consortium, which still runs it under "
        "a fifteen-year contract.",
        "Opposition councillor Mirela Dahn said the utility had been warned last spring that the transformer "
        "room lacked a modern sprinkler system. The authority did not reply to questions about the warning.",
        "Investigators from the national safety board are due at the site on Thursday.",
    ]
)

# The original passed through another language and back: every fact, name and
# number kept, the wording clumsy, the sentences one for one.
ROUND_TRIP = "\n\n".join(
    [
        "PORT ALDER, Veskara – One fire has declared itself Monday in the night at the plant of desalination "
        "of Kestrel Bay, obliging the regional company of the water to cut the supply to around 48,000 homes "
        "in the districts of the north, have said the officials.",
        "The fire has started in a room of transformers a little before 11 p.m. and it propagated itself to "
        "the building of control, according to the chief of the firemen Odile Marchetti. The teams of three "
        "stations have needed almost four hours for to extinguish it.",
        "Nobody was wounded, but the two principal pumps of the plant were damaged, and the engineers expect "
        "that the repairs take at least nine days.",
        "« We will transport the water by truck to each hospital and each school before to think to any other"
        " thing », declared Bram Osterhout, the director of the Authority of the Water of the North.",
        "The authority said that it will open 14 points of distribution of emergency starting from Wednesday "
        "and has asked to the residents to limit their consumption to drink and to cook.",
        "The plant, that has cost 210 million crowns at its opening in 2017, furnishes around one third of "
        "the fresh water of the region. It was constructed by the consortium Halvard Engineering, which "
        "exploits it always under a contract of fifteen years.",
        "The councillor of the opposition Mirela Dahn has said that the company had been advised the last "
        "spring that the room of transformers was lacking a modern system of sprinklers. The authority has "
        "not responded to the questions about this warning.",
        "The merchants of the district of the port have signalled long lines for the water in bottle Tuesday "
        "in the morning, and at least two supermarkets have limited the purchases to six bottles by client.",
        "The investigators of the national office of safety are expected on the site Thursday.",
    ]
)

# A short summary that says where it comes from.
SUMMARY = "\n\n".join(
    [
        "Water supplies to about 48,000 homes in northern Veskara were cut after a fire wrecked the pumps at "
        "the Kestrel Bay desalination plant late on Monday, the Tidewater Gazette reported.",
        "According to the Gazette, the blaze began in a transformer room, and engineers expect the repairs to"
        " the two main pumps to take at least nine days.",
        "Northern Water Authority director Bram Osterhout said tanker trucks would serve every hospital and "
        "school first, the Gazette reported. The authority is opening 14 emergency distribution points on "
        "Wednesday.",
        "The Gazette also reported that opposition councillor Mirela Dahn had warned the utility last spring "
        "that the transformer room had no modern sprinkler system.",
        "The Coastal Courier could not independently confirm the warning.",
    ]
)

# A brief that only echoes a few of the report's facts, in its own words.
BRIEF = "\n\n".join(
    [
        "About 48,000 households in the north of Veskara have no tap water after a fire at the Kestrel Bay "
        "desalination plant, the Tidewater Gazette reported on Tuesday.",
        "The newspaper said the two main pumps were damaged and would take at least nine days to repair, and "
        "that the Northern Water Authority would open 14 emergency distribution points from Wednesday.",
        "The Gazette said an opposition councillor, Mirela Dahn, had warned the utility about the lack of "
        "sprinklers last spring.",
        "Veskara built the plant in 2017 to end years of water rationing.",
    ]
)

# Two reports of the same fire written by other reporters: the same names, the
# same figures, even the same quote, but their own sentences in their own order.
RADIO_REPORT = "\n\n".join(
    [
        "PORT ALDER, Veskara — Tens of thousands of homes in northern Veskara woke up on Tuesday without "
        "running water after fire tore through the Kestrel Bay desalination plant overnight.",
        "At a clinic in the harbour district, nurses filled plastic drums from a single tanker that arrived "
        'just after dawn. "We will truck water to every hospital and school before we think about anything '
        'else," Bram Osterhout of the Northern Water Authority told reporters at the gates of the plant, '
        "where the smell of burnt cable still hung in the air.",
        "The authority puts the number of households affected at 48,000. It plans 14 distribution points, the"
        " first of them at the central market and the football stadium.",
        "Veskara has relied on the sea for its water since the drought of 2015 emptied the Alder reservoir. "
        "Before the plant opened, the north was rationed to four hours of tap water a day for most of two "
        "summers.",
        'Pensioner Jorun Keel, 81, said she had filled her bathtub as soon as she heard the sirens. "I '
        'remember the drought. You learn to keep a bucket ready," she said.',
        "Engineers at the site said the damaged pumps would be out of action for at least nine days, though "
        "the utility has not given a date for full service.",
    ]
)

FOLLOW_UP = "\n\n".join(
    [
        "PORT ALDER, Veskara — The company that operates the fire-damaged Kestrel Bay desalination plant said"
        " on Thursday it had asked for the maintenance records of its transformer room to be handed to the "
        "national safety board.",
        "Halvard Engineering, which has run the plant since it opened in 2017, said in a statement that it "
        "would cooperate fully with investigators and that insurance would cover the repairs.",
        "The plant cost 210 million crowns to build. Its loss has forced the Northern Water Authority to ship"
        " water by road to about 48,000 households, and queues at the 14 distribution points grew longer on "
        "Wednesday as temperatures rose.",
        "Councillor Mirela Dahn, who says she raised the lack of sprinklers with the authority months ago, "
        'called for a public inquiry. "Someone read that warning and put it in a drawer," she said.',
        "Authority director Bram Osterhout said partial supplies could resume by the weekend if one of the "
        "two pumps could be repaired first.",
    ]
)

# An unrelated agency item, reposted twice without a date: which came first
# cannot be told.
STRIKE = "\n\n".join(
    [
        "VALDERHOLM, Veskara — Train drivers on the coastal line will stop work for 48 hours from Friday "
        "after talks over rest breaks collapsed, their union said on Tuesday.",
        "The Rail Drivers' Guild said its members had rejected a proposal that would have cut the minimum "
        "break between shifts from eleven hours to nine. The operator, Coastway Rail, said it regretted the "
        "decision and would run a reduced timetable with replacement buses between Valderholm and Port Alder.",
        "About 60,000 passengers use the line on a typical weekday. Guild secretary Henrika Solv said further"
        " strikes in November were possible if the operator did not return to the table.",
    ]
)


def item(
    id: str,
    text: str,
    *,
    published: str | None = None,
    outlet: str | None = None,
    attributed_to: list[str] | None = None,
) -> LineageItem:
    return LineageItem(id=id, text=text, published=published, outlet=outlet, attributed_to=attributed_to or [])


def original() -> LineageItem:
    return item("gazette", ORIGINAL, published="2024-09-03", outlet="Tidewater Gazette")


def links_between(links: list[Derivation], a: str, b: str) -> list[Derivation]:
    return [d for d in links if {d.source, d.target} == {a, b}]


def only_link(links: list[Derivation], a: str, b: str) -> Derivation:
    found = links_between(links, a, b)
    assert len(found) == 1, (a, b, links)
    return found[0]


def build(*items: LineageItem) -> LineageIndex:
    index = LineageIndex()
    for it in items:
        index.add(it)
    return index


# ---------------------------------------------------------------- kinds of copy


def test_a_repost_with_its_own_page_furniture_is_a_duplicate_of_the_dated_original() -> None:
    index = build(original(), item("repost", REPOST, outlet="NewsPulse Daily"))
    link = only_link(index.derivations(), "gazette", "repost")
    assert (link.source, link.target, link.relation, link.directed) == ("gazette", "repost", "duplicate", True)
    assert link.similarity > 0.9
    assert link.evidence and link.evidence in REPOST
    # The original states its date and outlet; the repost was stripped of its date.
    assert link.direction_by == "provenance"


def test_identical_text_is_a_duplicate_with_similarity_one() -> None:
    index = build(original(), item("mirror", ORIGINAL, published="2024-09-05", outlet="Mirror Site News"))
    link = only_link(index.derivations(), "gazette", "mirror")
    assert (link.source, link.relation, link.similarity) == ("gazette", "duplicate", 1.0)


def test_a_copy_with_a_few_sentences_edited_is_a_near_duplicate_directed_by_date() -> None:
    later = item("harbour", NEAR_COPY, published="2024-09-04", outlet="Harbour Light")
    for order in ((original(), later), (later, original())):
        index = build(*order)
        link = only_link(index.derivations(), "gazette", "harbour")
        assert (link.source, link.target, link.relation) == ("gazette", "harbour", "near_duplicate")
        assert link.direction_by == "date"
        assert 0.5 < link.similarity < 1.0
        # The longest passage the two share, as it reads in the copy.
        assert link.evidence in NEAR_COPY and len(link.evidence.split()) >= 20


def test_a_machine_translated_round_trip_is_a_translation() -> None:
    index = build(original(), item("roundtrip", ROUND_TRIP))
    link = only_link(index.derivations(), "gazette", "roundtrip")
    assert (link.source, link.target, link.relation) == ("gazette", "roundtrip", "translation")
    # Few word-for-word passages survive, but the sentences align one for one.
    assert link.similarity > 0.4
    assert link.evidence in ROUND_TRIP and len(link.evidence.split()) >= 8


def test_a_summary_crediting_the_original_cites_it_with_the_citing_phrase() -> None:
    index = build(original(), item("courier", SUMMARY, published="2024-09-04", outlet="Coastal Courier",
                                   attributed_to=["Tidewater Gazette"]))
    link = only_link(index.derivations(), "gazette", "courier")
    assert (link.source, link.target, link.relation, link.directed) == ("gazette", "courier", "cites", True)
    assert link.evidence == "the Tidewater Gazette reported"
    assert link.direction_by == "attribution"


def test_a_brief_echoing_a_few_facts_cites_the_outlet_it_credits() -> None:
    index = build(original(), item("brief", BRIEF, published="2024-09-04", outlet="Coastal Courier",
                                   attributed_to=["Tidewater Gazette"]))
    link = only_link(index.derivations(), "gazette", "brief")
    assert (link.source, link.relation, link.evidence) == ("gazette", "cites", "the Tidewater Gazette reported")


def test_a_citation_goes_to_the_credited_outlets_best_matching_article_whenever_it_arrives() -> None:
    # The Gazette's own short item on the fire also echoes facts the summary
    # credits to the Gazette, but its full report matches far better.
    gazette_brief = BRIEF.replace("the Tidewater Gazette reported on Tuesday", "officials said on Tuesday")
    for credit in ("The newspaper said", "The Gazette said"):
        gazette_brief = gazette_brief.replace(credit, "Officials said")
    short = item("gazette-brief", gazette_brief, published="2024-09-03", outlet="Tidewater Gazette")
    summary = item(
        "courier", SUMMARY, published="2024-09-04", outlet="Coastal Courier", attributed_to=["Tidewater Gazette"]
    )
    index = LineageIndex()
    index.add(short)
    [first] = index.add(summary)
    assert (first.source, first.relation) == ("gazette-brief", "cites")
    [better] = index.add(original())
    assert (better.source, better.target, better.relation) == ("gazette", "courier", "cites")
    assert [(d.source, d.target) for d in index.derivations()] == [("gazette", "courier")]
    # And the other way round: the weaker article, added last, takes nothing.
    assert [(d.source, d.target) for d in build(original(), summary, short).derivations()] == [("gazette", "courier")]


def test_the_same_brief_crediting_an_outlet_not_in_the_corpus_links_nothing() -> None:
    # Shared facts alone do not make a copy: without the credit, the brief is
    # one more report of the fire.
    elsewhere = BRIEF.replace("the Tidewater Gazette", "Harbourline Radio")
    elsewhere = elsewhere.replace("The newspaper", "The broadcaster").replace("The Gazette", "The broadcaster")
    index = build(original(), item("brief", elsewhere, published="2024-09-04", outlet="Coastal Courier",
                                   attributed_to=["Harbourline Radio"]))
    assert index.derivations() == []


def test_independent_reports_of_the_same_event_are_not_linked() -> None:
    # Same fire, same names and figures, one quote in common: not copies.
    index = build(
        original(),
        item("radio", RADIO_REPORT, published="2024-09-03", outlet="Veskara Public Radio"),
        item("observer", FOLLOW_UP, published="2024-09-05", outlet="The Alder Observer"),
        item("strike", STRIKE, published="2024-09-03", outlet="Coastway Wire"),
    )
    assert index.derivations() == []


def test_undated_copies_share_an_origin_without_a_direction() -> None:
    index = build(item("farm-a", STRIKE), item("farm-b", "Advertisement\n\n" + STRIKE + "\n\nSource link"))
    link = only_link(index.derivations(), "farm-a", "farm-b")
    assert link.relation == "same_origin" and link.directed is False
    assert link.kind == "duplicate"
    # Ordered by id, the link reads farm-a -> farm-b; the evidence is farm-b's words.
    assert (link.source, link.target) == ("farm-a", "farm-b")
    assert link.evidence and link.evidence in STRIKE


def test_an_undated_trimmed_copy_derives_from_the_longer_text() -> None:
    # No dates, no outlets, no credits: the text that is much shorter and has
    # nothing of its own was cut from the other.
    trimmed = "\n\n".join(ORIGINAL.split("\n\n")[:5])
    index = build(item("trimmed", trimmed), item("full", ORIGINAL))
    link = only_link(index.derivations(), "trimmed", "full")
    assert (link.source, link.target, link.relation) == ("full", "trimmed", "near_duplicate")
    assert link.direction_by == "length"


def test_undated_copies_read_the_same_whichever_is_added_first() -> None:
    a, b = item("farm-a", STRIKE), item("farm-b", STRIKE + "\n\nSource link")
    first = build(a, b).derivations()
    second = build(b, a).derivations()
    assert [(d.source, d.target, d.relation) for d in first] == [(d.source, d.target, d.relation) for d in second]


def test_a_whole_family_links_each_copy_to_the_original_only() -> None:
    family = [
        original(),
        item("repost", REPOST, outlet="NewsPulse Daily"),
        item("harbour", NEAR_COPY, published="2024-09-04", outlet="Harbour Light"),
        item("roundtrip", ROUND_TRIP),
        item("courier", SUMMARY, published="2024-09-04", outlet="Coastal Courier", attributed_to=["Tidewater Gazette"]),
        item("radio", RADIO_REPORT, published="2024-09-03", outlet="Veskara Public Radio"),
        item("observer", FOLLOW_UP, published="2024-09-05", outlet="The Alder Observer"),
    ]
    want = {
        ("gazette", "repost", "duplicate"),
        ("gazette", "harbour", "near_duplicate"),
        ("gazette", "roundtrip", "translation"),
        ("gazette", "courier", "cites"),
    }
    for seed in range(5):
        order = family[:]
        random.Random(seed).shuffle(order)
        got = {(d.source, d.target, d.relation) for d in build(*order).derivations()}
        assert got == want, (seed, [i.id for i in order])


def test_add_returns_the_new_articles_links_in_both_directions() -> None:
    index = LineageIndex()
    assert index.add(item("harbour", NEAR_COPY, published="2024-09-04", outlet="Harbour Light")) == []
    # The newly added article is the origin of one already indexed.
    [link] = index.add(original())
    assert (link.source, link.target) == ("gazette", "harbour")
    with pytest.raises(ValueError):
        index.add(original())


def test_registered_articles_are_found_by_later_arrivals_without_being_linked_themselves() -> None:
    index = LineageIndex()
    index.register(original())
    index.register(item("harbour", NEAR_COPY, published="2024-09-04", outlet="Harbour Light"))
    # Registering looks for no links, even between two copies ...
    assert index.derivations() == []
    with pytest.raises(ValueError):
        index.register(original())
    # ... but a later arrival links to the registered articles as usual.
    summary = item(
        "courier", SUMMARY, published="2024-09-04", outlet="Coastal Courier", attributed_to=["Tidewater Gazette"]
    )
    assert ("gazette", "courier", "cites") in {(d.source, d.target, d.relation) for d in index.add(summary)}


def test_state_round_trips_through_json_and_keeps_linking() -> None:
    index = build(original(), item("roundtrip", ROUND_TRIP))
    state = json.loads(json.dumps(index.to_state()))
    restored = LineageIndex.from_state(state)
    assert restored.derivations() == index.derivations()
    added = restored.add(item("repost", REPOST, outlet="NewsPulse Daily"))
    assert ("gazette", "repost", "duplicate") in {(d.source, d.target, d.relation) for d in added}
    assert len(restored) == 3
    # The repost also matches the round trip; the derivations leave that link
    # out, since both descend from the original.
    assert {(d.source, d.target) for d in restored.derivations()} == {("gazette", "roundtrip"), ("gazette", "repost")}


def test_a_state_saved_without_index_keys_loads_the_same_index() -> None:
    # Version 1 states hold only the texts; loading rebuilds every key from them.
    index = build(original(), item("roundtrip", ROUND_TRIP))
    state = json.loads(json.dumps(index.to_state()))
    old = {k: v for k, v in state.items() if k not in ("keys", "num_perm")} | {"version": 1}
    restored, rebuilt = LineageIndex.from_state(state), LineageIndex.from_state(old)
    repost = item("repost", REPOST, outlet="NewsPulse Daily")
    assert restored.add(repost) == rebuilt.add(repost)
    assert restored.to_state() == rebuilt.to_state()


def test_contract_entry() -> None:
    index = build(original(), item("repost", REPOST, outlet="NewsPulse Daily"))
    [link] = index.derivations()
    entry = link.to_contract()
    assert set(entry) == {"id", "relation", "similarity", "evidence"}
    assert entry["id"] == "gazette"


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("credit", "outlet", "same"),
    [
        ("Tidewater Gazette", "The Tidewater Gazette", True),
        ("the Gazette", "Tidewater Gazette", True),
        ("TG", "Tidewater Gazette", True),
        ("WaPo", "The Washington Post", True),
        ("Harbour Light", "Tidewater Gazette", False),
        ("Gazette", None, False),
    ],
)
def test_outlet_matches(credit: str, outlet: str | None, same: bool) -> None:
    assert outlet_matches(credit, outlet) is same


def test_citing_phrases() -> None:
    assert citing_phrase("Supplies were cut, the Tidewater Gazette reported.", ["Tidewater Gazette"]) == (
        "the Tidewater Gazette reported",
        "report",
    )
    assert citing_phrase("Repairs will last a week, according to the Gazette.", ["Gazette"]) == (
        "according to the Gazette",
        "report",
    )
    assert citing_phrase("PORT ALDER (TG) — A fire broke out.", ["TG"]) == ("(TG)", "report")
    # Crediting one statement is not crediting the report.
    assert citing_phrase("The minister told the Gazette on Monday that ...", ["Gazette"]) == (
        "told the Gazette",
        "interview",
    )
    assert citing_phrase("Nothing here names it.", ["Gazette"]) is None


def test_earlier() -> None:
    assert earlier("2024-09-03", "2024-09-04") == -1
    assert earlier("2024-09-04T10:00:00+00:00", "2024-09-04T08:00:00+00:00") == 1
    assert earlier("2024-09-04", "2024-09-04T08:00:00+00:00") == 0
    assert earlier(None, "2024-09-04") == 0


# ---------------------------------------------------------------- scale


def _synthetic_corpus(stories: int = 20, seed: int = 3) -> tuple[list[LineageItem], dict[str, str]]:
    """Invented-word articles: per story an original, two reposts, two edited
    copies, a reordered rewrite and four independent reports that share the
    story's names and figures but none of its sentences."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mir", "ven", "tas", "ur", "del", "pho", "gri", "sen", "ab", "tol", "qui", "ren", "dos"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(1, 3)))

    common = [word() for _ in range(300)]

    def sentence(names: list[str], figures: list[str]) -> str:
        words = [rng.choice(common) for _ in range(rng.randint(12, 22))]
        words[rng.randrange(len(words))] = rng.choice(names)
        if rng.random() < 0.5:
            words[rng.randrange(len(words))] = rng.choice(figures)
        return " ".join(words).capitalize() + "."

    items: list[LineageItem] = []
    origin_of: dict[str, str] = {}
    for s in range(stories):
        names = [word().capitalize() + " " + word().capitalize() for _ in range(4)]
        figures = [str(rng.randint(10, 90000)) for _ in range(4)]
        body = [sentence(names, figures) for _ in range(14)]
        text = "\n\n".join(body)
        day = f"2024-{1 + s % 12:02d}-{1 + s % 27:02d}"
        items.append(item(f"s{s}-orig", text, published=day, outlet=f"Outlet {s}"))
        for k in range(2):
            items.append(item(f"s{s}-dup{k}", "Advertisement\n\n" + text))
            origin_of[f"s{s}-dup{k}"] = f"s{s}-orig"
        for k in range(2):
            edited = [sentence(names, figures) if rng.random() < 0.15 else b for b in body]
            items.append(item(f"s{s}-near{k}", "\n\n".join(edited)))
            origin_of[f"s{s}-near{k}"] = f"s{s}-orig"
        reworded = [" ".join(w for w in b.split() if rng.random() > 0.25) for b in body]
        items.append(item(f"s{s}-rewrite", "\n\n".join(reworded)))
        origin_of[f"s{s}-rewrite"] = f"s{s}-orig"
        for k in range(4):
            own = "\n\n".join(sentence(names, figures) for _ in range(rng.randint(8, 14)))
            items.append(item(f"s{s}-ind{k}", own, published=day, outlet=f"Independent {s}.{k}"))
    rng.shuffle(items)
    return items, origin_of


def test_two_hundred_articles_link_incrementally() -> None:
    items, origin_of = _synthetic_corpus()
    assert len(items) == 200
    index = LineageIndex()
    started = time.perf_counter()
    for it in items:
        index.add(it)
    elapsed = time.perf_counter() - started
    links = index.derivations()
    linked: dict[str, set[str]] = {}
    for d in links:
        linked.setdefault(d.source, set()).add(d.target)
        linked.setdefault(d.target, set()).add(d.source)
    # Every copy is tied to its story's family, and no independent report is
    # tied to anything.
    for copy, origin in origin_of.items():
        family = {origin, *(c for c, o in origin_of.items() if o == origin)}
        assert linked.get(copy, set()) & family, copy
    assert not [d for d in links if "-ind" in d.source or "-ind" in d.target]
    # No timing assertion (shared machines), but a number worth seeing with -s.
    print(f"lineage: {len(items)} articles, {len(links)} links in {elapsed:.2f}s")


# ---------------------------------------------------------------- sample corpus


SAMPLE = sample_corpus()


def _ingested_items(paths: list[str], tmp_path: Path) -> Iterator[tuple[str, LineageItem]]:
    with Store(tmp_path / "lineage.db") as store:
        report = ingest(paths, store)
        assert report.ok, report.errors
        articles = list(store.articles())
    keys = sample_keys(articles)
    for article in articles:
        lineage_item = item_from_article(article)
        lineage_item.id = keys[article.id]
        yield keys[article.id], lineage_item


def test_sample_corpus_links_match_the_ground_truth(tmp_path: Path) -> None:
    expected = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))["articles"]
    items = dict(_ingested_items([str(SAMPLE / "text"), str(SAMPLE / "html"), str(SAMPLE / "feed.xml")], tmp_path))
    assert set(items) == set(expected)
    index = build(*items.values())
    got = {(d.source, d.target, d.relation) for d in index.derivations()}
    want = {(e["copy_of"], key, e["copy_kind"]) for key, e in expected.items() if e["copy_of"]}
    # Every copy found with its kind and direction, and no other link: the
    # independent reports of each story (the Ledger's talks story, the three
    # spill reports, the dockworkers feature) stay unlinked.
    assert got == want
    for d in index.derivations():
        if d.relation == "cites":
            assert "Ledger" in d.evidence
        else:
            assert d.evidence and d.evidence in items[d.target].text


# ---------------------------------------------------------------- seed articles


@pytest.mark.shared
def test_seed_articles_repost_and_summary_are_linked_independent_reports_are_not(tmp_path: Path) -> None:
    seeds = shared_data("seeds")
    items = {key.split("/")[-1][:3]: it for key, it in _ingested_items([str(seeds)], tmp_path)}
    assert set(items) >= {"000", "001", "002", "003"}
    relabelled = [
        LineageItem(id=k, text=v.text, published=v.published, outlet=v.outlet, attributed_to=v.attributed_to)
        for k, v in sorted(items.items())
    ]
    links = build(*relabelled).derivations()
    # The summary crediting the Post (002) and the machine-translated repost of
    # the Post's report (000) carry one report; the Post's own article is not in
    # the corpus, so neither is the other's origin.
    [link] = links_between(links, "000", "002")
    target = items[link.target].text
    assert link.evidence and link.evidence in target
    # The CNN report (003) and the April report (001) are independent of 000.
    assert not links_between(links, "000", "003")
    assert not links_between(links, "000", "001")


_SAME_DAY_VARIANTS = """
import json, random
from newsweave.link.lineage import LineageIndex, LineageItem
rng = random.Random(3)
words = ("harbour council budget ferry ticket price vote delayed mayor union drivers strike week "
         "officials river bridge repair contract tender company inspectors report").split()
base = [rng.choice(words) for _ in range(120)]
index = LineageIndex()
for i in range(45):
    text = list(base)
    for k in rng.sample(range(120), 6):
        text[k] = f"w{i}x{k}"
    index.add(LineageItem(id=f"v{i:02d}", text=" ".join(text) + ".", published="2024-05-02",
                          outlet=f"Outlet {i}", attributed_to=[], entities=[]))
print(json.dumps(sorted((d.source, d.target, d.relation) for d in index.derivations())))
"""


def test_links_do_not_depend_on_the_hash_seed() -> None:
    """45 reworded copies of one text on one day: more near-duplicates than are aligned per arrival,
    and many rare terms of equal frequency. Which ones are kept must not follow set order."""
    import os
    import subprocess
    import sys

    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", _SAME_DAY_VARIANTS], env=env, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        runs.append(json.loads(out.stdout))
    assert runs[0] and runs[0] == runs[1]
