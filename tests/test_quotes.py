"""Quotes and their speakers: what `find_quotes` finds in news text and whom it
says spoke. Every article here is invented."""

from __future__ import annotations

import json

import pytest
from spacy.language import Language

from conftest import load_shared_scorer, shared_data
from newsweave.annotate.nlp import load_nlp
from newsweave.annotate.quotes import MAX_CHARS, find_quotes, quote_parts, resolve_names
from newsweave.model import EntityMention, Quote


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def quotes_in(nlp: Language, text: str, entities: list[EntityMention] | None = None) -> list[Quote]:
    quotes = find_quotes(text, nlp(text), entities)
    for q in quotes:
        assert q.text == text[q.start:q.end]
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)
    return quotes


def direct(quotes: list[Quote]) -> list[Quote]:
    return [q for q in quotes if q.kind == "direct"]


def mention(text: str, q: Quote) -> str | None:
    return None if q.speaker_start is None else text[q.speaker_start:q.speaker_end]


# ---------------------------------------------------------------- direct quotes


def test_a_straight_quote_followed_by_said_and_a_name(nlp: Language) -> None:
    text = ('"We will rebuild the wall before the winter storms," said Marta Lindqvist, '
            "the director of the harbour authority.")
    [q] = direct(quotes_in(nlp, text))
    assert (q.start, q.end) == (0, text.index(',"') + 2)
    assert q.text == '"We will rebuild the wall before the winter storms,"'
    assert q.speaker == "Marta Lindqvist"
    assert mention(text, q) == "Marta Lindqvist"
    assert q.cue == "said"


def test_a_curly_quote_after_an_introduction_ending_in_a_colon(nlp: Language) -> None:
    text = ("Tomas Ekberg has led the fishermen's guild for a decade.\n\n"
            "Ekberg put it plainly: “Either they talk to us, or we block the harbour.”")
    [q] = direct(quotes_in(nlp, text))
    assert q.text == "“Either they talk to us, or we block the harbour.”"
    assert q.speaker == "Tomas Ekberg"  # the surname, given the full name used earlier
    assert mention(text, q) == "Ekberg"


def test_guillemets_are_quotation_marks_too(nlp: Language) -> None:
    text = "«The ferries will run as usual,» said Ines Halvorsen, who manages the ferry company."
    [q] = direct(quotes_in(nlp, text))
    assert q.text == "«The ferries will run as usual,»"
    assert q.speaker == "Ines Halvorsen"


def test_a_quote_split_by_its_attribution_is_one_quote_whose_parts_share_the_speaker(nlp: Language) -> None:
    text = ("Marta Lindqvist spoke to reporters at the quay.\n\n"
            "“We lost three boats in one night,” Lindqvist said. “It cannot happen again.”")
    [q] = direct(quotes_in(nlp, text))
    assert q.text == "“We lost three boats in one night,” Lindqvist said. “It cannot happen again.”"
    assert q.speaker == "Marta Lindqvist"
    parts = quote_parts(text, q)
    assert [p.text for p in parts] == ["“We lost three boats in one night,”", "“It cannot happen again.”"]
    assert {p.speaker for p in parts} == {"Marta Lindqvist"}
    assert all(text[p.start:p.end] == p.text for p in parts)


def test_a_quote_left_open_at_a_paragraph_end_goes_on_when_the_next_paragraph_opens_with_a_mark(
        nlp: Language) -> None:
    first = "Marta Lindqvist described the night of the storm. “The water came over the wall at midnight."
    second = "“By morning there was nothing left to move,” she said."
    text = f"{first}\n\n{second}"
    [q] = direct(quotes_in(nlp, text))
    assert q.start == text.index("“The water")
    assert q.end == text.index("move,”") + len("move,”")
    assert "\n\n" in q.text
    assert q.speaker == "Marta Lindqvist"
    assert mention(text, q) == "she"


def test_single_quotes_inside_a_quote_stay_part_of_it(nlp: Language) -> None:
    text = "“The captain told us, ‘Stay below,’ and we did,” said Karl Amundsen, a deckhand on the trawler."
    [q] = direct(quotes_in(nlp, text))
    assert q.text == "“The captain told us, ‘Stay below,’ and we did,”"
    assert q.speaker == "Karl Amundsen"


def test_a_quote_that_stands_alone_after_an_attributed_one_belongs_to_the_same_speaker(nlp: Language) -> None:
    text = ("“The season is over for us,” said Karl Amundsen, a deckhand.\n\n"
            "“Nobody is going out in this weather.”\n\n"
            "The harbour stayed closed until Friday.")
    [q] = direct(quotes_in(nlp, text))
    assert q.start == 0 and q.text.endswith("“Nobody is going out in this weather.”")
    assert q.speaker == "Karl Amundsen"
    assert [p.text for p in quote_parts(text, q)] == [
        "“The season is over for us,”", "“Nobody is going out in this weather.”"]


# ---------------------------------------------------------------- damaged marks


def test_a_missing_closing_mark_ends_the_quote_at_the_paragraph_end(nlp: Language) -> None:
    opened = "Oskar Brandt said: “The delegation will not sign anything this week."
    narration = [f"Paragraph {n} of the report describes the talks in the capital in some detail." for n in
                 range(1, 6)]
    text = "\n\n".join([opened, *narration])
    [q] = direct(quotes_in(nlp, text))
    assert q.start == text.index("“")
    assert q.end == len(opened)
    assert q.speaker == "Oskar Brandt"


def test_stray_and_doubled_marks_do_not_swallow_the_article(nlp: Language) -> None:
    text = (
        "A negotiator said the delegation viewed the offer “less as a compromise than as a provocation.” "
        "Angry reply.” front. “\n\n"
        "The next round of talks is planned for June in the capital.\n\n"
        "““We will be there,” Oskar Brandt said.\n\n"
        "The mediator, Lena Voss, has not commented on the dispute."
    )
    quotes = direct(quotes_in(nlp, text))
    assert [q.text for q in quotes] == ["“We will be there,”"]
    assert quotes[0].speaker == "Oskar Brandt"


def test_a_lost_closing_mark_before_the_attribution_ends_the_quote_there(nlp: Language) -> None:
    text = ("“We expected a serious proposal, and we got a slogan, said Oskar Brandt, "
            "who leads the delegation.")
    [q] = direct(quotes_in(nlp, text))
    assert q.text == "“We expected a serious proposal, and we got a slogan,"
    assert q.speaker == "Oskar Brandt"


def test_no_quote_outgrows_its_bounds_in_a_long_damaged_article(nlp: Language) -> None:
    paragraphs = []
    for n in range(60):
        paragraphs.append(f"“Item {n} of the minutes was read aloud by the clerk of the harbour board.")
        paragraphs.append(f"Item {n} was adopted.” The members then moved on to the next point ” of order.")
    text = "\n\n".join(paragraphs)
    for q in quotes_in(nlp, text):
        assert q.end - q.start <= MAX_CHARS
        assert q.text.count("\n\n") <= 1


# ---------------------------------------------------------------- speakers


def test_a_pronoun_is_the_most_recent_speaker(nlp: Language) -> None:
    text = ("Marta Lindqvist said the board had approved the budget for the repairs.\n\n"
            "The plan was drawn up with the help of an engineer, Peter Holm.\n\n"
            "“The cost is high, but waiting would cost more,” she added.")
    [q] = direct(quotes_in(nlp, text))
    assert q.speaker == "Marta Lindqvist"
    assert mention(text, q) == "she"


def test_a_description_that_points_back_is_the_person_introduced_with_that_role(nlp: Language) -> None:
    text = ("Tomas Ekberg, the spokesman for the Fishermen's Guild, said the guild had not been "
            "consulted.\n\n"
            "The harbour authority rejected that account on Wednesday.\n\n"
            "“We read about it in the newspaper like everyone else,” the spokesman said.")
    [q] = direct(quotes_in(nlp, text))
    assert q.speaker == "Tomas Ekberg"
    assert mention(text, q) == "the spokesman"


def test_an_anonymous_description_is_kept_and_later_references_point_back_to_it(nlp: Language) -> None:
    text = ("“This is not a decision we can support,” a senior ministry official told reporters.\n\n"
            "The ministry has not published its own figures.\n\n"
            "“There is simply no money for it this year,” the official said.")
    first, second = direct(quotes_in(nlp, text))
    assert first.speaker == "a senior ministry official"
    assert mention(text, first) == "a senior ministry official"
    assert second.speaker == "a senior ministry official"
    assert mention(text, second) == "the official"


def test_a_signature_after_a_dash_names_the_speaker(nlp: Language) -> None:
    text = "Readers wrote in about the ferry.\n“We want the old timetable back.” ― Sofia Lindgren\n"
    [q] = direct(quotes_in(nlp, text))
    assert q.speaker == "Sofia Lindgren"


def test_a_surname_gets_the_full_name_used_earlier(nlp: Language) -> None:
    text = ("Deputy Minister Helena Marchetti opened the hearing.\n\n"
            "“The harbour must be safe before it is cheap,” Marchetti said.")
    doc = nlp(text)
    [q] = direct(find_quotes(text, doc))
    assert q.speaker == "Helena Marchetti"
    assert mention(text, q) == "Marchetti"
    names = {e.text: e.name for e in resolve_names(doc) if e.label == "PERSON"}
    assert names.get("Marchetti") == "Helena Marchetti"


def test_entity_names_given_by_the_caller_are_used(nlp: Language) -> None:
    text = "“The harbour must be safe before it is cheap,” Marchetti said."
    start = text.index("Marchetti")
    entities = [EntityMention(start, start + len("Marchetti"), "Marchetti", "PERSON", "Helena Marchetti")]
    [q] = direct(quotes_in(nlp, text, entities))
    assert q.speaker == "Helena Marchetti"
    assert (q.speaker_start, q.speaker_end) == (start, start + len("Marchetti"))


# ---------------------------------------------------------------- what is not a quote, and indirect quotes


def test_scare_quotes_and_titles_are_not_quotes(nlp: Language) -> None:
    text = ("The guild called the plan \"reckless\" and demanded a public hearing.\n\n"
            "Ekberg, who has watched “Storm Harbour” every week for years, said nothing.")
    assert direct(quotes_in(nlp, text)) == []


def test_reported_speech_is_an_indirect_quote_of_the_reported_words(nlp: Language) -> None:
    text = ("Marta Lindqvist said the repairs would cost about four million crowns.\n\n"
            "According to the harbour authority, about 300 boats use the port every week.")
    quotes = quotes_in(nlp, text)
    assert [(q.kind, q.text, q.speaker) for q in quotes] == [
        ("indirect", "the repairs would cost about four million crowns", "Marta Lindqvist"),
        ("indirect", "about 300 boats use the port every week", "the harbour authority"),
    ]
    assert mention(text, quotes[1]) == "the harbour authority"


def test_reported_speech_never_overlaps_a_direct_quote(nlp: Language) -> None:
    text = "Lindqvist said: “The wall will be finished by October, and the boats will be back.”"
    quotes = quotes_in(nlp, text)
    assert [q.kind for q in quotes] == ["direct"]


# ---------------------------------------------------------------- the shared benchmark




@pytest.mark.shared
def test_polnear_dev_direct_quotes_and_speakers_meet_the_targets(nlp: Language) -> None:
    gold_path = shared_data("quotes", "polnear-dev.jsonl")
    rows = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    preds = []
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows), strict=True):
        quotes = find_quotes(row["text"], doc)
        preds.append({"id": row["id"], "quotes": [
            {"start": q.start, "end": q.end, "speaker": q.speaker,
             "speaker_start": q.speaker_start, "speaker_end": q.speaker_end} for q in quotes]})
    result = load_shared_scorer().score_quotes(rows, preds)
    assert result["detection_f1"] >= 0.90, result
    assert result["speaker_accuracy"] >= 0.88, result
