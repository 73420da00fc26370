"""The story summary and the quotes grouped by speaker, on an invented story:
an agency report, a verbatim repost, a machine-translated round trip of it
(one origin, three articles) and an independent follow-up weeks later."""

from __future__ import annotations

import re

import pytest

from newsweave.annotate.pipeline import annotate_text
from newsweave.compare.summary import quotes_by_speaker, split_sentences, summarize, summarize_threads
from newsweave.model import Article, StoryArticle

ORIGINAL = """MIRELA, Valdoria — The city of Mirela closed the Old Tanner Bridge to all traffic on Monday after \
inspectors found badly corroded suspension cables, cutting the main route between the harbour district and the \
northern suburbs.

Chief engineer Marta Kovalenko said the inspection had found rust eating through at least six of the forty cables \
that carry the deck.

“The cables are corroded far beyond what our models predicted, and we cannot take the risk of a single car on that \
deck,” Kovalenko said.

About 38,000 vehicles cross the bridge on a normal weekday, according to the transport department.

Buses will be diverted over the Kettle Street crossing, which adds roughly twenty minutes to the journey for \
commuters from the north.

Sign up for our newsletter to get the latest news.

Mayor Ilya Brandt told the council that repairs would be paid for from the emergency fund and that contractors \
would be chosen within a fortnight."""

REPOST = ORIGINAL.replace("Sign up for our newsletter to get the latest news.\n\n", "")

ROUND_TRIP = """MIRELA, Valdoria — The town of Mirela has closed the Old Tanner Bridge to all the traffic Monday after \
inspectors discovered badly rusted suspension cables, cutting the principal road between the harbour district and \
the north suburbs.

The chief engineer Marta Kowalenko said the inspection found rust eating across at least six of the forty cables \
which carry the deck.

“The cables are rusted much beyond what our models foresaw, and we can not take the risk of one single car on this \
deck,” Kowalenko declared.

Some 38,000 vehicles cross the bridge in a normal weekday, according to the department of transport.

The buses will be diverted by the Kettle Street crossing, which adds around twenty minutes to the trip for the \
commuters of the north."""

FOLLOW_UP = """The Old Tanner Bridge in Mirela reopened to cars on Thursday, six weeks after it was shut when \
inspectors discovered corroded cables.

Workers replaced eleven cables in total, more than the six first reported, the transport department said.

A council spokesman said heavy lorries would stay banned from the bridge until a second inspection in the autumn.

“We were lucky that nobody was on the deck when the worst cable snapped during the repairs,” said site foreman \
Osric Dunmore.

Kovalenko, who ordered the closure, said at the reopening that the city had been right not to take the risk.

“It was the hardest call of my career,” Kovalenko said."""

NAMES = {"Marta Kovalenko": "e1", "Kovalenko": "e1", "Marta Kowalenko": "e1", "Kowalenko": "e1",
         "Ilya Brandt": "e2", "Osric Dunmore": "e3"}


def story_article(ident: str, text: str, *, outlet: str | None, date: str | None, origin: str,
                  thread: int = 0, names: dict[str, str] | None = None) -> StoryArticle:
    article = Article(id=ident, uri=f"https://news.example/{ident}", title=f"Article {ident}", text=text,
                      outlet=outlet, published=date)
    names = NAMES if names is None else names
    return StoryArticle(article=article, annotations=annotate_text(ident, text, date or "2024-05-07"),
                        origin=origin, thread=thread, entity_ids={k: v for k, v in names.items() if k in text})


@pytest.fixture(scope="module")
def bridge() -> list[StoryArticle]:
    return [
        story_article("a1", ORIGINAL, outlet="Valley Post", date="2024-05-06", origin="a1"),
        story_article("a2", REPOST, outlet="Daily Aggregator", date=None, origin="a1"),
        story_article("a3", ROUND_TRIP, outlet=None, date=None, origin="a1"),
        story_article("b1", FOLLOW_UP, outlet="Riverside Times", date="2024-06-20", origin="b1", thread=1),
    ]


def flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------
# Summary


def test_summary_sentences_are_taken_from_the_articles_and_cite_them(bridge: list[StoryArticle]) -> None:
    summary = summarize(bridge, sentences=5)
    assert 1 <= len(summary) <= 5
    texts = {it.article.id: flat(it.article.text) for it in bridge}
    for entry in summary:
        assert set(entry) == {"text", "articles"}
        assert entry["articles"], entry
        assert set(entry["articles"]) <= set(texts)
        # Extractive: the sentence is in every article it cites, or (for the
        # round trip) the article is a copy of one that has it verbatim.
        assert any(entry["text"] in texts[a] for a in entry["articles"])


def test_a_verbatim_copy_is_cited_with_its_original(bridge: list[StoryArticle]) -> None:
    for entry in summarize(bridge, sentences=6):
        if "a1" in entry["articles"] and entry["text"] in flat(REPOST):
            assert "a2" in entry["articles"]


def test_a_translated_copy_is_cited_for_the_sentence_it_rewords(bridge: list[StoryArticle]) -> None:
    lead = next(e for e in summarize(bridge, sentences=6) if e["text"].startswith("The city of Mirela closed"))
    assert lead["articles"] == ["a1", "a2", "a3"]


def test_copies_do_not_crowd_out_independent_reporting(bridge: list[StoryArticle]) -> None:
    # Three articles of one origin against one independent article, all in one
    # thread: the independent report still gets its say in a short summary.
    one_thread = [StoryArticle(it.article, it.annotations, it.origin, 0, it.entity_ids) for it in bridge]
    summary = summarize(one_thread, sentences=3)
    assert any(e["articles"] == ["b1"] for e in summary)
    assert any("a1" in e["articles"] for e in summary)


def test_the_summary_never_repeats_itself_in_a_reworded_copy(bridge: list[StoryArticle]) -> None:
    summary = summarize(bridge, sentences=8)
    texts = [e["text"] for e in summary]
    assert len(texts) == len(set(texts))
    # The round trip's wording of a sentence the original has is never chosen.
    for text in texts:
        assert text not in flat(ROUND_TRIP) or text in flat(ORIGINAL)


def test_boilerplate_and_datelines_stay_out(bridge: list[StoryArticle]) -> None:
    summary = summarize(bridge, sentences=20)
    assert not any("newsletter" in e["text"] for e in summary)
    assert not any(e["text"].startswith("MIRELA") for e in summary)


def test_lead_sentences_come_first_and_sentences_follow_the_story_order(bridge: list[StoryArticle]) -> None:
    summary = summarize(bridge, sentences=4)
    assert summary[0]["text"].startswith("The city of Mirela closed the Old Tanner Bridge")
    firsts = [min(i for i, e in enumerate(summary) if "b1" in e["articles"])]
    lasts = [max(i for i, e in enumerate(summary) if "a1" in e["articles"])]
    assert lasts[0] < firsts[0], [e["text"] for e in summary]


def test_each_thread_gets_its_own_summary(bridge: list[StoryArticle]) -> None:
    threads = summarize_threads(bridge, sentences=2)
    assert sorted(threads) == [0, 1]
    assert all(e["articles"] == ["b1"] for e in threads[1])
    assert all("b1" not in e["articles"] for e in threads[0])
    assert threads[1][0]["text"].startswith("The Old Tanner Bridge in Mirela reopened")


def test_nothing_to_summarise() -> None:
    assert summarize([]) == []
    assert summarize_threads([]) == {}
    assert quotes_by_speaker([]) == []


def test_sentences_split_without_the_dateline() -> None:
    sentences = split_sentences("OSLAND, Vetria — The port closed on Friday. Dr. Ana Fell said so. “It is over.”")
    assert sentences == ["The port closed on Friday.", "Dr. Ana Fell said so.", "“It is over.”"]


# --------------------------------------------------------------------------
# Quotes by speaker


def test_one_quote_in_two_wordings_is_one_entry_with_a_variant(bridge: list[StoryArticle]) -> None:
    quotes = quotes_by_speaker(bridge)
    cables = [q for q in quotes if "cables are" in q["text"]]
    assert len(cables) == 1
    quote = cables[0]
    assert quote["text"] == ("The cables are corroded far beyond what our models predicted, and we cannot take the "
                             "risk of a single car on that deck")
    assert quote["speaker"] == "Marta Kovalenko"
    assert quote["speaker_entity"] == "e1"
    assert quote["articles"] == ["a1", "a2", "a3"]
    assert len(quote["variants"]) == 1
    variant = quote["variants"][0]
    assert variant["articles"] == ["a3"]
    assert variant["text"].startswith("The cables are rusted much beyond")
    # A misspelt name is the same speaker, not a misattribution.
    assert variant["speaker"] == "Marta Kowalenko" and variant["speaker_conflict"] is False


def test_speaker_is_named_in_full_and_quotes_are_grouped_by_speaker(bridge: list[StoryArticle]) -> None:
    quotes = quotes_by_speaker(bridge)
    career = next(q for q in quotes if q["text"] == "It was the hardest call of my career")
    # The follow-up only says "Kovalenko"; the story knows her full name.
    assert career["speaker"] == "Marta Kovalenko" and career["speaker_entity"] == "e1"
    speakers = [q["speaker_entity"] for q in quotes]
    assert speakers.index("e1") < speakers.index("e3")
    assert speakers[:2] == ["e1", "e1"]  # one speaker's quotes stay together


def test_reported_speech_alone_is_not_a_quote(bridge: list[StoryArticle]) -> None:
    texts = " ".join(q["text"] for q in quotes_by_speaker(bridge))
    assert "heavy lorries" not in texts
    assert "emergency fund" not in texts


def test_partial_quote_joins_the_full_one_and_a_misattribution_is_flagged() -> None:
    full = ("Harbour master Lene Sørvik said the ferry would not sail again this winter. “We have no crew, we have "
            "no fuel and we have no insurance, so the ferry stays in port until spring,” Sørvik said.")
    part = ("The ferry to the islands is suspended. “We have no crew, we have no fuel and we have no insurance,” "
            "Lene Sørvik told the radio station.")
    wrong = ("The island ferry will stay in port. “We have no crew, we have no fuel and we have no insurance, so the "
             "ferry stays in port until spring,” said Pavel Oduya, the transport minister.")
    names = {"Lene Sørvik": "p1", "Sørvik": "p1"}
    items = [
        story_article("f1", full, outlet="Coast Courier", date="2024-11-02", origin="f1", names=names),
        story_article("f2", part, outlet="Island Radio", date="2024-11-02", origin="f2", names=names),
        story_article("f3", wrong, outlet="Capital Times", date="2024-11-03", origin="f3", names={}),
    ]
    quotes = quotes_by_speaker(items)
    assert len(quotes) == 1
    quote = quotes[0]
    assert quote["speaker"] == "Lene Sørvik" and quote["speaker_entity"] == "p1"
    assert quote["articles"] == ["f1", "f2", "f3"]
    by_article = {tuple(v["articles"]): v for v in quote["variants"]}
    assert by_article[("f2",)]["speaker_conflict"] is False
    assert re.match(r"We have no crew, we have no fuel and we have no insurance$", by_article[("f2",)]["text"])
    assert by_article[("f3",)]["speaker_conflict"] is True
    assert by_article[("f3",)]["speaker"] == "Pavel Oduya"
