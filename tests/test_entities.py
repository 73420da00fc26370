"""Named entities: spaCy's spans, repaired with the article's own evidence."""

from __future__ import annotations

import pytest

from newsweave.annotate.entities import find_entities, fullest_name
from newsweave.annotate.nlp import load_nlp
from newsweave.model import EntityMention

TEXT = (
    "PORT ELARA, Veldania — Deputy Minister of Ports Lena Okafor said on Tuesday that Niger and Chad had asked "
    "to join the talks. The Union of Harbour Pilots (UHP) rejected the offer.\n\n"
    "Okafor told reporters the UHP would be consulted. Gen. Tomas Verhoek, the army chief, did not comment.\n\n"
    "Verhoek later said the army would stay out of it. Ms. Okafor flew to Niamey on Wednesday."
)


@pytest.fixture(scope="module")
def mentions() -> list[EntityMention]:
    return find_entities(load_nlp()(TEXT))


def by_text(mentions: list[EntityMention], text: str) -> list[EntityMention]:
    return [m for m in mentions if m.text == text]


def test_offsets_are_exact(mentions: list[EntityMention]) -> None:
    assert mentions
    for m in mentions:
        assert TEXT[m.start:m.end] == m.text


def test_country_names_are_places_never_dates_or_people(mentions: list[EntityMention]) -> None:
    assert [m.label for m in by_text(mentions, "Niger")] == ["GPE"]
    assert all(m.label == "GPE" for m in by_text(mentions, "Niamey"))


def test_a_surname_takes_the_fullest_name_in_the_article(mentions: list[EntityMention]) -> None:
    okafor = [m for m in mentions if m.text.endswith("Okafor")]
    assert okafor and all(m.label == "PERSON" and m.name == "Lena Okafor" for m in okafor)
    assert {m.name for m in mentions if m.text.endswith("Verhoek")} == {"Tomas Verhoek"}


def test_titles_are_not_part_of_names(mentions: list[EntityMention]) -> None:
    persons = [m.text for m in mentions if m.label == "PERSON"]
    assert not any(p.startswith(("Gen.", "Ms.", "Deputy", "Minister")) for p in persons)


def test_an_acronym_defined_in_parentheses_is_named_by_its_expansion(mentions: list[EntityMention]) -> None:
    uhp = by_text(mentions, "UHP")
    assert len(uhp) == 2
    assert {m.label for m in uhp} == {"ORG"}
    assert {m.name for m in uhp} == {"Union of Harbour Pilots"}
    assert {m.name for m in mentions if m.text.endswith("Union of Harbour Pilots")} == {"Union of Harbour Pilots"}


def test_mentions_never_cross_a_paragraph_break() -> None:
    text = "The talks were held in Niger\n\nNAPLES, Italy — Officials met again on Friday."
    for m in find_entities(load_nlp()(text)):
        assert "\n" not in m.text


def test_one_label_per_name_within_an_article() -> None:
    # The small model tags one of these "Marsh" as an organisation.
    text = (
        "Celia Marsh, the harbour master, said the port would reopen. Marsh added that pilots agreed. "
        "Critics said Marsh misled the council. Marsh denied it. The council backed Marsh on Friday."
    )
    labels = [m.label for m in find_entities(load_nlp()(text)) if m.text == "Marsh"]
    assert labels == ["PERSON"] * 4


def test_fullest_name_needs_the_same_surname() -> None:
    assert fullest_name("Wallace", ["Anna Wallace", "Wallace Grey"]) == "Anna Wallace"
    assert fullest_name("Grey", ["Anna Wallace"]) == "Grey"
