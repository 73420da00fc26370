"""Story clustering and threads (newsweave.link.stories): one pass over a stream
of articles groups the reports of one story, keeps apart two stories of the same
kind, barely depends on the arrival order, merges stories when an article
bridges them, continues from a saved state, and splits a story into threads
where a pause is followed by new facts. Checked on invented articles, on the
bundled sample corpus and (when ../shared is present) on ECB+ and UCI headlines."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator

import pytest

from conftest import load_shared_scorer, sample_keys, shared_data
from newsweave.cli import sample_corpus
from newsweave.ingest.run import ingest
from newsweave.link.stories import StoryClusterer, StoryItem, parse_time, terms, tokenize
from newsweave.store import Store

# Invented reports. F: the ferry Aurelia runs aground (May) and, six weeks later, an inquiry reports
# (a second thread). S: another ferry runs aground elsewhere the same week (same kind of event, other
# names: another story). L: a library closes.
ARTICLES = [
    (
        "f1",
        "Ferry Aurelia runs aground off Kestrel Point",
        "2024-05-02",
        "PORT ELARA — The passenger ferry Aurelia ran aground on a sandbank off Kestrel Point early on Thursday "
        "with 212 people on board, the coastguard said. Nobody was hurt. Norvale Lines, which operates the "
        "crossing to the Skarn islands, said the vessel struck the bank at low tide in thick fog. Lifeboats from "
        "Port Elara took the passengers ashore by mid-morning, and tugs were waiting for the evening tide to "
        "refloat the ship. Captain Edda Marsh stayed aboard with nine crew.",
    ),
    (
        "f2",
        "All 212 safe after Aurelia grounding near Kestrel Point",
        "2024-05-02",
        "Every passenger has been brought ashore after the Norvale Lines ferry Aurelia grounded near Kestrel "
        "Point, coastguard officers in Port Elara said on Thursday. The ferry, bound for the Skarn islands, hit "
        "a sandbank in fog shortly after dawn. A coastguard spokesman, Jonas Brekke, said divers found no breach "
        "in the hull. Norvale Lines cancelled its remaining Skarn sailings for the day and said Captain Edda "
        "Marsh and her crew would remain on the Aurelia until tugs could pull it clear.",
    ),
    (
        "f3",
        "Tugs refloat ferry Aurelia",
        "2024-05-03",
        "Tugs pulled the ferry Aurelia off the sandbank at Kestrel Point on the evening tide, Norvale Lines said "
        "on Friday, a day after the grounding that forced the rescue of 212 passengers. The ship was towed to "
        "Port Elara for an inspection of its hull. Norvale Lines said Skarn island sailings would resume with a "
        "chartered vessel. The coastguard said the maritime authority would examine why the Aurelia strayed "
        "from the marked channel in fog.",
    ),
    (
        "s1",
        "Ferry Solstice aground at Brannoch Head",
        "2024-05-06",
        "BRANNOCH — The car ferry Solstice ran aground at Brannoch Head on Monday evening with 87 people aboard, "
        "Tarn Maritime said. The company said the ship lost power in a strong westerly swell and drifted onto "
        "rocks below the lighthouse. Volunteers from the Brannoch lifeboat station took passengers off in "
        "darkness. Captain Oskar Veil said the engine room was flooding slowly and pumps were keeping up.",
    ),
    (
        "s2",
        "Solstice passengers rescued at Brannoch",
        "2024-05-07",
        "All 87 passengers of the Tarn Maritime ferry Solstice were rescued after it ran aground on rocks at "
        "Brannoch Head, lifeboat volunteers said on Tuesday. The Solstice lost engine power in a heavy swell, "
        "according to Tarn Maritime. Captain Oskar Veil and four crew remained aboard overnight as salvage "
        "crews pumped water from the engine room. The Brannoch lighthouse keeper, Maud Ferris, described "
        "seeing the vessel drift toward the rocks.",
    ),
    (
        "l1",
        "Council votes to close Lindqvist Street library",
        "2024-05-03",
        "The Port Elara city council voted by eleven to six on Friday to close the Lindqvist Street library "
        "branch at the end of the summer to save money. Councillor Anja Roth, who leads the budget committee, "
        "said the branch needed a new roof the city could not afford. Readers and staff protested outside the "
        "council chamber. The library's books will move to the central library on Harbour Square.",
    ),
    (
        "l2",
        "Protest over Lindqvist library closure",
        "2024-05-04",
        "Several hundred people marched from Lindqvist Street to Harbour Square on Saturday against the council "
        "decision to close the neighbourhood library branch. Organisers said they would collect signatures to "
        "force a new council vote. Councillor Anja Roth said the budget left no money for the roof repairs the "
        "old library building needs, and that the central library would extend its opening hours.",
    ),
    (
        "f4",
        "Inquiry blames steering fault for Aurelia grounding",
        "2024-06-20",
        "A faulty steering pump and an outdated chart caused the ferry Aurelia to run aground off Kestrel Point "
        "in May, the maritime authority said on Thursday in its inquiry report. Inspectors fined Norvale Lines "
        "and ordered the company to replace the steering gear on two sister ships. Captain Edda Marsh was "
        "cleared of blame; the report said the crew warned the company about the pump in March. Norvale Lines "
        "said it accepted the findings and would appeal the size of the fine.",
    ),
    (
        "f5",
        "Norvale Lines fined over Aurelia steering fault",
        "2024-06-21",
        "Norvale Lines must pay a fine and refit the steering of two more ferries after the maritime authority "
        "inquiry into the Aurelia grounding at Kestrel Point found a worn steering pump and an outdated chart. "
        "The report cleared Captain Edda Marsh. Union representatives said crews had reported the steering "
        "fault weeks before the ship hit the sandbank with 212 passengers aboard.",
    ),
    (
        "f6",
        "Aurelia report: crews warned of steering pump",
        None,
        "The maritime authority's inquiry into the grounding of the ferry Aurelia says crews warned Norvale "
        "Lines about a failing steering pump weeks earlier. Inspectors fined the operator, ordered new steering "
        "gear on its sister ships and found the chart on the bridge out of date. The report cleared Captain "
        "Edda Marsh.",
    ),
]
STORIES = [["f1", "f2", "f3", "f4", "f5", "f6"], ["l1", "l2"], ["s1", "s2"]]

# A dock strike and a queue of ships, first reported apart, then in one report that links them.
BRIDGE = [
    (
        "b1",
        "Dockworkers walk out at Port Elara",
        "2024-05-13",
        "Members of the Harbour Workers Union walked off the job at Port Elara on Monday after talks on pay broke "
        "down. Union leader Tove Lind said dockworkers had gone two years without a raise while overtime had "
        "doubled. The strike is open-ended, she said, and pickets stood at the gates through the night.",
    ),
    (
        "b2",
        "Ships queue outside Stevmar terminal",
        "2024-05-14",
        "Eleven cargo ships were waiting at anchor outside the Stevmar container terminal on Tuesday, and "
        "importers warned of empty shelves within a week. Stevmar said cranes stood idle and it could not say "
        "when loading would restart. Retailers asked the government to step in.",
    ),
    (
        "b3",
        "Dock strike idles Stevmar cranes as ships queue",
        "2024-05-14",
        "The walkout by the Harbour Workers Union has idled every crane at the Stevmar container terminal in Port "
        "Elara, leaving eleven cargo ships waiting at anchor. Union leader Tove Lind said dockworkers would not "
        "return without a pay raise. Stevmar said it could not say when loading would restart, and importers "
        "warned of empty shelves.",
    ),
]


def items(rows: list[tuple[str, str, str | None, str]] = ARTICLES) -> list[StoryItem]:
    return [StoryItem(id=i, title=title, text=text, date=date) for i, title, date, text in rows]


def partition(clusterer: StoryClusterer) -> list[list[str]]:
    return sorted(sorted(ids) for ids in clusterer.stories().values())


def clustered(stream: list[StoryItem], **params: object) -> StoryClusterer:
    clusterer = StoryClusterer(**params)
    for item in stream:
        clusterer.add(item)
    return clusterer


# ---------------------------------------------------------------- text features


def test_names_are_flagged_inside_sentences_only() -> None:
    flagged = dict(terms("Tugs pulled the Aurelia free. Norvale Lines said so."))
    assert flagged["aurelia"] is True
    assert flagged["tug"] is False  # capital at the start of a sentence: no sign of a name
    assert flagged["norvale"] is False
    # A title-case headline capitalises every word, so capitals say nothing there.
    assert not any(dict(terms("Ferry Runs Aground Off Kestrel Point")).values())


def test_tokens_drop_function_words_and_plurals() -> None:
    assert tokenize("The pirates were captured by the navy's ships") == ["pirate", "captured", "navy", "ship"]


def test_dates_and_datetimes_parse_to_days() -> None:
    assert parse_time("2024-05-02") == pytest.approx(19845.0)
    assert parse_time("2024-05-02T12:00:00Z") == pytest.approx(19845.5)
    assert parse_time("2024-05-02T12:00:00") == pytest.approx(19845.5)
    assert parse_time(None) is None
    assert parse_time("last Tuesday") is None


# ---------------------------------------------------------------- stories


def test_reports_of_one_event_form_one_story_and_a_similar_event_another() -> None:
    clusterer = clustered(items())
    assert partition(clusterer) == STORIES
    # Every article is in exactly one story, and story_of agrees with stories().
    stories = clusterer.stories()
    assert sorted(a for ids in stories.values() for a in ids) == sorted(i for i, *_ in ARTICLES)
    for sid, ids in stories.items():
        assert {clusterer.story_of(a) for a in ids} == {sid}


@pytest.mark.parametrize("seed", range(6))
def test_arrival_order_does_not_change_the_partition(seed: int) -> None:
    stream = items()
    random.Random(seed).shuffle(stream)
    assert partition(clustered(stream)) == STORIES


def test_an_article_bridging_two_stories_merges_them() -> None:
    clusterer = clustered(items())
    strike, queue, both = items(BRIDGE)
    clusterer.add(strike)
    clusterer.add(queue)
    first, second = clusterer.story_of("b1"), clusterer.story_of("b2")
    assert first != second
    merged = clusterer.add(both)
    assert clusterer.story_of("b1") == clusterer.story_of("b2") == merged
    assert merged in (first, second)  # the merged story keeps one of the old ids
    assert sorted(clusterer.stories()[merged]) == ["b1", "b2", "b3"]


def test_adding_an_article_twice_changes_nothing() -> None:
    clusterer = clustered(items())
    before = partition(clusterer)
    assert clusterer.add(items()[0]) == clusterer.story_of("f1")
    assert partition(clusterer) == before
    assert len(clusterer) == len(ARTICLES)


def test_time_apart_raises_the_bar() -> None:
    # The same two reports of a harbour fire: one story when they are days apart, two when years apart
    # (an annual event, or a second fire at the same place): the default penalty tells them apart.
    text = (
        "Fire broke out in a warehouse on the Port Elara waterfront on {day}, and crews from three stations "
        "fought it through the night. The harbour master closed the inner basin to shipping."
    )
    near = [
        StoryItem("a", "Warehouse fire on the waterfront", text.format(day="Sunday"), "2020-03-01"),
        StoryItem("b", "Waterfront warehouse burns", text.format(day="Monday"), "2020-03-03"),
    ]
    far = [
        StoryItem("a", "Warehouse fire on the waterfront", text.format(day="Sunday"), "2020-03-01"),
        StoryItem("b", "Waterfront warehouse burns", text.format(day="Monday"), "2024-03-03"),
    ]
    together = clustered(items() + near)
    assert together.story_of("a") == together.story_of("b")
    apart = clustered(items() + far)
    assert apart.story_of("a") != apart.story_of("b")


def test_unknown_parameters_are_refused() -> None:
    with pytest.raises(TypeError, match="thresold"):
        StoryClusterer(thresold=0.3)


# ---------------------------------------------------------------- cost


def test_each_article_is_scored_against_a_bounded_number_of_stories(monkeypatch: pytest.MonkeyPatch) -> None:
    # Many small unrelated stories: candidate search must not grow with them.
    rng = random.Random(7)
    vocabulary = [f"w{n}x" for n in range(3000)]
    stream = []
    for n in range(400):
        topic = rng.sample(vocabulary, 12)
        stream.append(StoryItem(f"a{n}", None, " ".join(topic + rng.sample(vocabulary, 20)), None))
    scored: list[int] = []
    original = StoryClusterer._scores

    def counting(self: StoryClusterer, query: object, group: object, stories: list) -> object:
        scored.append(len(stories))
        return original(self, query, group, stories)  # type: ignore[arg-type]

    monkeypatch.setattr(StoryClusterer, "_scores", counting)
    clusterer = clustered(stream, candidates=10, posting_limit=15, free_window=50)
    assert len(clusterer.stories()) > 100
    assert max(scored) <= 10
    assert max(len(p) for p in clusterer._postings.values()) <= 15
    # Only recent articles keep their own vectors; older ones live on in their story's sums.
    assert len(clusterer._vec) <= 50


# ---------------------------------------------------------------- persistence


def test_a_saved_state_continues_exactly_where_it_stopped() -> None:
    stream = items() + items(BRIDGE)
    whole = clustered(stream)
    first = clustered(stream[:6])
    state = json.loads(json.dumps(first.to_state()))  # must survive JSON, as the store keeps it
    resumed = StoryClusterer.from_state(state)
    for item in stream[6:]:
        resumed.add(item)
    assert resumed.stories() == whole.stories()
    assert resumed.threads(resumed.story_of("f1")) == whole.threads(whole.story_of("f1"))


def test_a_state_of_another_version_is_refused() -> None:
    state = clustered(items()[:2]).to_state()
    state["version"] = 999
    with pytest.raises(ValueError, match="version"):
        StoryClusterer.from_state(state)


# ---------------------------------------------------------------- threads


def test_a_pause_followed_by_new_facts_starts_a_thread() -> None:
    clusterer = clustered(items())
    threads = clusterer.threads(clusterer.story_of("f1"))
    assert [sorted(t) for t in threads] == [["f1", "f2", "f3"], ["f4", "f5", "f6"]]
    # In time order, the undated report next to the report it resembles.
    assert threads[0][-1] == "f3"
    assert threads[1][0] == "f4"


def test_a_late_repost_stays_in_its_thread() -> None:
    # The same report again a month later brings no new facts: no new thread.
    _, title, _, text = ARTICLES[0]
    repost = StoryItem("f1-again", title, text, "2024-06-05")
    clusterer = clustered(items()[:3] + [repost])
    assert clusterer.threads(clusterer.story_of("f1")) == [["f1", "f2", "f3", "f1-again"]]


def test_an_estimated_date_places_an_undated_report_in_its_thread() -> None:
    # Two inquiry reports lose their dates: with one dated report left in June there is no pause to
    # see, and all of them fall into the first thread; with the compare stage's estimates they are
    # read in June and the inquiry is a development of its own again.
    undated = {"f4", "f5"}
    stream = [StoryItem(i.id, i.title, i.text, None if i.id in undated else i.date) for i in items()]
    clusterer = clustered(stream)
    story = clusterer.story_of("f1")
    assert len(clusterer.threads(story)) == 1
    estimated = clusterer.threads(story, {"f4": "2024-06-20", "f5": "2024-06-22", "f1": "1999-01-01"})
    assert [sorted(t) for t in estimated] == [["f1", "f2", "f3"], ["f4", "f5", "f6"]]
    # A dated article keeps its own date whatever an estimate says.
    assert estimated[0][0] == "f1"


def test_an_undated_story_is_one_thread() -> None:
    stream = [StoryItem(i.id, i.title, i.text, None) for i in items()[:3]]
    clusterer = clustered(stream)
    assert clusterer.threads(clusterer.story_of("f1")) == [["f1", "f2", "f3"]]


# ---------------------------------------------------------------- the bundled sample corpus

SAMPLE = sample_corpus()
SAMPLE_EXPECTED = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))["articles"]


@pytest.fixture(scope="module")
def sample_items(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[StoryItem]]:
    """The sample corpus as ingested and cleaned, keyed as in expected.json (feed items `feed.xml#N`)."""
    with Store(tmp_path_factory.mktemp("stories") / "s.db") as store:
        report = ingest([str(SAMPLE / "text"), str(SAMPLE / "html"), str(SAMPLE / "feed.xml")], store)
        assert report.ok, report.errors
        articles = list(store.articles())
    keys = sample_keys(articles)
    out = [StoryItem(id=keys[a.id], title=a.title, text=a.text, date=a.published) for a in articles]
    assert sorted(i.id for i in out) == sorted(SAMPLE_EXPECTED)
    yield out


@pytest.mark.parametrize("order", ["as ingested", "reversed", "shuffled"])
def test_sample_corpus_stories_and_threads(sample_items: list[StoryItem], order: str) -> None:
    stream = list(sample_items)
    if order == "reversed":
        stream.reverse()
    elif order == "shuffled":
        random.Random(3).shuffle(stream)
    clusterer = clustered(stream)
    got = sorted(sorted(SAMPLE_EXPECTED[a]["story"] for a in ids) for ids in clusterer.stories().values())
    assert got == [["A"] * 9, ["B"] * 4]
    story_a = clusterer.story_of("text/meridian-wire-original.txt")
    threads = [[SAMPLE_EXPECTED[a]["thread"] for a in t] for t in clusterer.threads(story_a)]
    assert threads == [["A1"] * 6, ["A2"] * 3]  # March (revocation and talks), April (the settlement)
    spill = clusterer.threads(clusterer.story_of("feed.xml#2"))
    assert [[SAMPLE_EXPECTED[a]["thread"] for a in t] for t in spill] == [["B1"] * 4]


# ---------------------------------------------------------------- development data (../shared)



def cluster_file(name: str) -> tuple[dict[str, float], float]:
    rows = [json.loads(line) for line in shared_data("stories", name).read_text(encoding="utf-8").splitlines() if line]
    started = time.perf_counter()
    clusterer = StoryClusterer()
    for r in rows:
        clusterer.add(StoryItem(r["id"], r.get("title"), r.get("text") or "", r.get("date")))
    pred = [{"id": r["id"], "story": clusterer.story_of(r["id"])} for r in rows]
    return load_shared_scorer().score_clusters(rows, pred), time.perf_counter() - started


@pytest.fixture(scope="module")
def uci_scores() -> tuple[dict[str, float], float]:
    return cluster_file("uci-headlines-dev.jsonl")


@pytest.mark.shared
def test_ecbplus_subtopics() -> None:
    # Speed is measured by benchmarks/stories_eval.py, never asserted here.
    result, _seconds = cluster_file("ecbplus-dev.jsonl")
    assert result["bcubed_f1"] >= 0.90, result  # the batch TF-IDF average-linkage baseline: 0.87


@pytest.mark.shared
def test_uci_headlines_beat_the_batch_baseline(uci_scores: tuple[dict[str, float], float]) -> None:
    result, _seconds = uci_scores
    assert result["pairwise_f1"] >= 0.72, result  # the batch TF-IDF average-linkage baseline: 0.70


@pytest.mark.shared
def test_uci_headlines_target(uci_scores: tuple[dict[str, float], float]) -> None:
    assert uci_scores[0]["pairwise_f1"] >= 0.80, uci_scores[0]
