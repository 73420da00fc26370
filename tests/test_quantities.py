"""Figures with what they count: behaviour on our own sentences, and the score on the gold file.

Most behaviours hold with a spaCy Doc and without one (the regex-only fallback); the `mode` fixture
runs those tests both ways.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from newsweave.annotate.nlp import load_nlp
from newsweave.annotate.quantities import find_quantities, quantity_bounds
from newsweave.model import Quantity

GOLD = Path(__file__).parent / "fixtures" / "figures" / "gold.jsonl"

Find = Callable[[str], list[Quantity]]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_nlp()


@pytest.fixture(params=["spacy", "text-only"])
def find(request: pytest.FixtureRequest, nlp) -> Find:  # type: ignore[no-untyped-def]
    if request.param == "spacy":
        return lambda text: find_quantities(text, nlp(text))
    return lambda text: find_quantities(text)


@pytest.fixture
def find_with_doc(nlp) -> Find:  # type: ignore[no-untyped-def]
    return lambda text: find_quantities(text, nlp(text))


def one(found: list[Quantity], text: str) -> Quantity:
    """The figure whose span is exactly `text`."""
    hits = [q for q in found if q.text == text]
    assert len(hits) == 1, f"{text!r} not found once in {[q.text for q in found]}"
    return hits[0]


def values(found: list[Quantity]) -> list[tuple[float, str | None]]:
    return [(q.value, q.unit) for q in found]


# --------------------------------------------------------------------------
# What a figure counts


def test_a_count_gets_its_noun_as_unit_and_the_noun_phrase_as_about(find: Find) -> None:
    q = one(find("The envoy said about 1,000 U.S. troops would stay at the garrison."), "about 1,000")
    assert (q.value, q.unit, q.about, q.qualifier) == (1000, "troops", "U.S. troops", "about")


def test_money_is_in_a_currency_code_and_about_the_thing_it_pays_for(find: Find) -> None:
    q = one(find("The council approved a $110 million air base near the river."), "$110 million")
    assert (q.value, q.unit, q.about) == (110_000_000, "USD", "air base")


def test_at_least_keeps_the_adjectives_of_the_counted_thing(find: Find) -> None:
    q = one(find("At least 100 Russian military instructors landed on Monday."), "At least 100")
    assert (q.value, q.unit, q.about, q.qualifier) == (100, "instructors", "Russian military instructors",
                                                         "at least")


def test_a_number_inside_a_longer_phrase_still_finds_its_noun(find: Find) -> None:
    q = one(find("Officials warned that the withdrawal of about 650 U.S. troops would leave a gap."),
            "about 650")
    assert (q.value, q.unit) == (650, "troops")


def test_small_numbers_written_as_words_count(find: Find) -> None:
    found = find("Four U.S. soldiers and twenty-five local guards were wounded.")
    assert values(found) == [(4, "soldiers"), (25, "guards")]


def test_an_age_and_a_price_in_one_noun_phrase_are_two_figures(find: Find) -> None:
    found = find("They will close the six-year-old $110 million air base.")
    age, money = one(found, "six-year-old"), one(found, "$110 million")
    assert (age.value, age.unit) == (6, "years")
    assert age.about in ("air base", "$110 million air base")
    assert (money.value, money.unit) == (110_000_000, "USD")


def test_scale_words_multiply(find: Find) -> None:
    found = find("A dozen agencies said 1.2 million people and two dozen villages need help.")
    assert values(found) == [(12, "agencies"), (1_200_000, "people"), (24, "villages")]


def test_vague_multiples_take_their_scale_and_say_so_in_the_qualifier(find: Find) -> None:
    found = find("Hundreds of protesters marched while tens of thousands of people watched.")
    hundreds, tens = found
    assert (hundreds.value, hundreds.unit, hundreds.qualifier) == (100, "protesters", "hundreds of")
    assert (tens.value, tens.unit, tens.qualifier) == (10_000, "people", "tens of thousands of")
    assert quantity_bounds(hundreds) == (100, 1000)


@pytest.mark.parametrize("written", ["12 percent", "12%", "12 per cent", "12pc"])
def test_percentages_in_any_spelling_are_percent(find: Find, written: str) -> None:
    q = one(find(f"Food prices rose {written} in a year."), written)
    assert (q.value, q.unit) == (12, "percent")


def test_percentage_points_are_not_percent(find: Find) -> None:
    q = one(find("Support fell 3 percentage points."), "3 percentage points")
    assert q.unit == "percentage points"


@pytest.mark.parametrize(("written", "value", "code"), [
    ("$5 million", 5e6, "USD"), ("€4.5 billion", 4.5e9, "EUR"), ("£900m", 9e8, "GBP"),
    ("250 million dollars", 2.5e8, "USD"), ("40 million euros", 4e7, "EUR"), ("US$2.3 billion", 2.3e9, "USD"),
    ("15 billion Egyptian pounds", 1.5e10, "EGP"), ("5,000 CFA francs", 5000, "XOF"),
    ("2 million Canadian dollars", 2e6, "CAD"),
])
def test_currencies_become_iso_codes(find: Find, written: str, value: float, code: str) -> None:
    q = one(find(f"The fund received {written} last year."), written)
    assert (q.value, q.unit) == (value, code)


def test_an_appositive_number_after_a_name_is_an_age(find: Find) -> None:
    q = one(find("Bako Issoufou, 41, said the market had emptied."), "41")
    assert (q.value, q.unit, q.about) == (41, "years", "Bako Issoufou")


@pytest.mark.parametrize("sentence", [
    "Ada Mensah, 52, said", "a nine-year-old boy", "her grandson, aged 8,", "She was 88.",
    "a girl of 16 who", "he died at 79 in hospital",
])
def test_ages_are_years(find: Find, sentence: str) -> None:
    found = find(sentence)
    assert len(found) == 1 and found[0].unit == "years"


def test_a_coordinated_noun_stays_in_about_but_the_unit_is_the_first_noun(find: Find) -> None:
    text = "The ruling could force the departure of 1,000 Danish naval personnel and contractors."
    q = one(find(text), "1,000")
    assert q.unit == "personnel"
    assert q.about == "Danish naval personnel and contractors"


def test_a_singular_noun_after_one_is_made_plural(find: Find) -> None:
    q = one(find("The clinic has 1 doctor for 4,000 refugees."), "1")
    assert q.unit == "doctors"


def test_measures_use_short_unit_names(find: Find) -> None:
    found = find("The slick covered 35 square kilometres, 1,800 tonnes of oil, 12 km from a 180-metre pier.")
    assert values(found) == [(35, "km2"), (1800, "tonnes"), (12, "km"), (180, "m")]


def test_a_partitive_counts_the_noun_after_of(find_with_doc: Find) -> None:
    found = find_with_doc("The party won 214 of the 400 seats.")
    assert values(found) == [(214, "seats"), (400, "seats")]


def test_without_a_noun_the_unit_is_unknown_and_about_may_come_from_the_clause(find_with_doc: Find) -> None:
    q = one(find_with_doc("The death toll from the collapse rose to 37 on Monday."), "37")
    assert q.unit is None
    assert q.about == "death toll"


# --------------------------------------------------------------------------
# Ranges and qualifiers


def test_a_range_is_one_figure_at_its_lower_bound(find: Find) -> None:
    q = one(find("Between 600 and 700 troops will leave by June."), "Between 600 and 700")
    assert (q.value, q.unit, q.qualifier) == (600, "troops", "between")
    assert quantity_bounds(q) == (600, 700)


@pytest.mark.parametrize(("text", "span", "low", "high", "unit"), [
    ("along with 40 to 50 armoured vehicles", "40 to 50", 40, 50, "vehicles"),
    ("prices rose 30-40 percent", "30-40 percent", 30, 40, "percent"),
    ("two or three armed men entered", "two or three", 2, 3, "men"),
    ("between 1.2 and 1.5 million people", "between 1.2 and 1.5 million", 1.2e6, 1.5e6, "people"),
])
def test_other_ranges(find: Find, text: str, span: str, low: float, high: float, unit: str) -> None:
    q = one(find(text), span)
    assert (quantity_bounds(q), q.unit) == ((low, high), unit)


def test_scores_and_records_are_not_ranges(find: Find) -> None:
    assert find("Northfall beat Ostend 3-1, a 2-1 vote approved it and the team opened 9-14.") == []


def test_from_to_is_two_figures_not_a_range(find: Find) -> None:
    found = find("Inflation fell from 7 percent to 5 percent.")
    assert [(q.value, q.qualifier) for q in found] == [(7, None), (5, None)]


@pytest.mark.parametrize(("written", "normalised"), [
    ("about", "about"), ("around", "about"), ("roughly", "about"), ("some", "about"),
    ("an estimated", "about"), ("approximately", "about"),
    ("nearly", "nearly"), ("almost", "nearly"), ("close to", "nearly"),
    ("more than", "more than"), ("over", "more than"), ("just over", "more than"),
    ("at least", "at least"), ("no fewer than", "at least"),
    ("up to", "up to"), ("as many as", "up to"), ("no more than", "up to"),
    ("fewer than", "fewer than"), ("less than", "fewer than"),
])
def test_qualifiers_are_normalised(find: Find, written: str, normalised: str) -> None:
    q = one(find(f"Officials said {written} 300 soldiers were deployed."), f"{written} 300")
    assert (q.value, q.unit, q.qualifier) == (300, "soldiers", normalised)


@pytest.mark.parametrize(("text", "span", "qualifier"), [
    ("The militia has 3,000 or more fighters.", "3,000 or more", "at least"),
    ("It controls 40-plus villages.", "40-plus", "more than"),
    ("Another estimate put it at 2,500 or so.", "2,500 or so", "about"),
])
def test_qualifiers_after_the_number(find: Find, text: str, span: str, qualifier: str) -> None:
    assert one(find(text), span).qualifier == qualifier


def test_bounds_follow_the_qualifier() -> None:
    q = find_quantities("more than 1,000 troops and up to 50 people")
    assert [quantity_bounds(x) for x in q] == [(1000, None), (None, 50)]


# --------------------------------------------------------------------------
# What is not a figure


@pytest.mark.parametrize("text", [
    "The 101st Airborne Division and the third battalion arrived.",  # ordinals
    "The base opened in 2014 and closed around 2019, in the 1990s.",  # years, decades
    "The ceasefire signed on March 3, 2021 collapsed on 17 September and on 2022-11-08.",  # dates
    "Talks lasted two days; a 90-day review and three years of delay followed.",  # durations
    "Polls close at 7 p.m.; the meeting starts at 10:30 and ended at 16.17 BST.",  # clock times
    "Call 0800 555 0199, (020) 7946 0321 or +44 20 7946 0958.",  # phone numbers
    "The demands:\n1. a ceasefire;\n2. talks.",  # list markers
    "Route 9, Flight 370, the Boeing 737, Resolution 2417, G7, an F-35, COVID-19 and Tongo Tongo.",  # names
    "Formula One and the Group of Seven met at 12 Baker Street, on the 4100 block of Main Road.",
    "One official said one of the envoys would stay for a one-off visit.",  # "one" as a pronoun or article
    "One in five homes and 7 in 10 voters; half the schools and a third of the farms.",  # ratios, fractions
    "He was a two-time champion who scored three times, and residents called 911 calls lines.",
])
def test_things_that_only_look_like_figures(find: Find, text: str) -> None:
    assert find(text) == []


def test_a_year_that_counts_something_is_a_figure(find_with_doc: Find) -> None:
    assert values(find_with_doc("The 2024 elections drew 2000 candidates.")) == [(2000, "candidates")]


def test_a_qualified_one_is_a_figure(find: Find) -> None:
    q = one(find("More than 60% of adults have had at least one dose."), "at least one")
    assert (q.value, q.qualifier) == (1, "at least")


# --------------------------------------------------------------------------
# Offsets and inputs


def test_offsets_point_into_the_text(find: Find) -> None:
    text = "Niger hosts about 1,000 troops.\n\nLast week, at least 100 instructors arrived, costing $5m."
    for q in find(text):
        assert text[q.start:q.end] == q.text


def test_a_doc_of_another_text_is_not_trusted(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "About 1,000 troops stayed."
    found = find_quantities(text, nlp("A completely different and much longer sentence about nothing."))
    assert values(found) == [(1000, "troops")]


def test_empty_text_has_no_figures(nlp) -> None:  # type: ignore[no-untyped-def]
    assert find_quantities("") == []
    assert find_quantities("", nlp("")) == []


# --------------------------------------------------------------------------
# The gold file


def _gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_gold_file_is_well_formed() -> None:
    gold = _gold()
    assert len(gold) >= 40
    assert sum(len(r["figures"]) for r in gold) >= 180
    assert len({r["id"] for r in gold}) == len(gold)
    for rec in gold:
        for f in rec["figures"]:
            assert set(f) == {"text", "start", "end", "value", "unit", "qualifier"}
            assert rec["text"][f["start"]:f["end"]] == f["text"], (rec["id"], f)


def _value_unit_scores(preds: dict[str, list[Quantity]], gold: list[dict]) -> tuple[float, float]:
    def key(value: float, unit: str | None) -> tuple[float, str | None]:
        return float(f"{value:.9g}"), unit

    tp = n_pred = n_gold = 0
    for rec in gold:
        p = Counter(key(q.value, q.unit) for q in preds[rec["id"]])
        g = Counter(key(f["value"], f["unit"]) for f in rec["figures"])
        tp += sum((p & g).values())
        n_pred += sum(p.values())
        n_gold += sum(g.values())
    return tp / n_pred, tp / n_gold


def test_value_and_unit_precision_and_recall_on_the_gold_file(nlp) -> None:  # type: ignore[no-untyped-def]
    gold = _gold()
    docs = nlp.pipe([r["text"] for r in gold])
    preds = {r["id"]: find_quantities(r["text"], doc) for r, doc in zip(gold, docs, strict=True)}
    precision, recall = _value_unit_scores(preds, gold)
    assert precision >= 0.85 and recall >= 0.85, (precision, recall)


def test_the_text_only_fallback_is_usable_on_the_gold_file() -> None:
    gold = _gold()
    precision, recall = _value_unit_scores({r["id"]: find_quantities(r["text"]) for r in gold}, gold)
    assert precision >= 0.75 and recall >= 0.75, (precision, recall)
