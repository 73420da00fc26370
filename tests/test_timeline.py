"""The timeline: what happened and when, merged across a story's articles,
and bounded publication-date estimates for articles that state none.

The invented story: dockworkers at the port of Kelmarsh walk out on Monday
15 May 2023; the harbour board makes an offer on Tuesday 16 May.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SHARED, sample_keys, shared_data
from newsweave.annotate.pipeline import annotate_text
from newsweave.annotate.stage import annotate_pending
from newsweave.annotate.timex import find_timexes
from newsweave.cli import sample_corpus
from newsweave.compare.material import load_story
from newsweave.compare.timeline import build_timeline, estimate_publication, sentence_spans
from newsweave.ingest.run import ingest
from newsweave.link.stage import link_pending
from newsweave.model import Annotations, Article, DateRange, StoryArticle
from newsweave.store import Store

GAZETTE = (  # Tuesday 16 May 2023
    "KELMARSH — Dockworkers at the port of Kelmarsh walked off the job on Monday, halting every ferry to the "
    "Orvane islands and stranding hundreds of travellers on the quay.\n\n"
    "The Kelmarsh Dockers' Guild said its members would stay out until the harbour board restored the "
    "night-shift allowance it cut in March 2021.\n\n"
    "Orvane Ferries said it had cancelled all sailings. Talks between the guild and the board are due to open "
    "on May 22."
)
COURIER = (  # Wednesday 17 May 2023
    "Travellers bound for the Orvane islands spent a second night in Kelmarsh after dockworkers walked off "
    "the job on Monday.\n\n"
    "On Tuesday the harbour board offered to restore half of the night-shift allowance, an offer the guild "
    "turned down within hours.\n\n"
    "The allowance had been paid to every night crew since 2009."
)
RADIO = (  # Thursday 18 May 2023
    "The strike at Kelmarsh port, which began on Monday when dockworkers walked off the job, entered its "
    "fourth day with no ferries running.\n\n"
    "The harbour board's offer on Tuesday was its first since the allowance was cut."
)
BLOG = (  # undated; written on Wednesday 17 May 2023
    "Dockworkers at the port of Kelmarsh walked off the job on Monday, halting every ferry to the Orvane "
    "islands.\n\n"
    "The guild had held its strike ballot on Saturday, its secretary Mira Tollan said. The dockers last "
    "struck last year, for two days."
)
LIBRARY = "The Kelmarsh council approved plans for a new harbour library on Friday, the mayor's office said."


def item(ident: str, text: str, published: str | None, origin: str | None = None) -> StoryArticle:
    return StoryArticle(article=Article(id=ident, uri=ident, title=None, text=text, published=published),
                        annotations=annotate_text(ident, text, published), origin=origin or ident)


@pytest.fixture(scope="module")
def strike() -> list[StoryArticle]:
    return [item("gazette", GAZETTE, "2023-05-16"), item("courier", COURIER, "2023-05-17"),
            item("radio", RADIO, "2023-05-18")]


@pytest.fixture(scope="module")
def blog() -> StoryArticle:
    return item("blog", BLOG, None)


def entry(timeline: list[dict], when: str) -> dict:
    found = [e for e in timeline if e["date"] == when]
    assert found, f"{when} not in {[e['date'] for e in timeline]}"
    return found[0]


# ---------------------------------------------------------------- events and dates


def test_one_entry_per_date_citing_every_article(strike: list[StoryArticle]) -> None:
    timeline = build_timeline(strike)
    walkout = entry(timeline, "2023-05-15")
    assert walkout["precision"] == "day"
    assert sorted(walkout["articles"]) == ["courier", "gazette", "radio"]
    assert "walked off the job" in walkout["text"]
    assert walkout["text"] == walkout["sentences"][0]
    assert len(set(walkout["sentences"])) == len(walkout["sentences"])
    assert walkout["estimated"] is False
    offer = entry(timeline, "2023-05-16")
    assert sorted(offer["articles"]) == ["courier", "radio"]
    assert "offer" in offer["text"]
    assert [e["date"] for e in timeline] == sorted(e["date"] for e in timeline)


def test_precision_follows_the_expression(strike: list[StoryArticle]) -> None:
    timeline = build_timeline(strike)
    cut = entry(timeline, "2021-03")
    assert cut["precision"] == "month" and "night-shift allowance" in cut["text"]
    since = entry(timeline, "2009")
    assert since["precision"] == "year" and since["articles"] == ["courier"]
    talks = entry(timeline, "2023-05-22")  # a plan is still a date of the story
    assert talks["articles"] == ["gazette"]


def test_a_publication_date_alone_is_no_event() -> None:
    quiet = item("quiet", "The ferry company has not commented on the dispute so far.", "2023-05-19")
    assert build_timeline([quiet]) == []
    assert not [e for e in build_timeline([quiet, item("radio", RADIO, "2023-05-18")]) if e["date"] == "2023-05-19"]


def test_durations_sets_and_references_are_not_dates() -> None:
    text = "Ferries sailed every day for three years. The guild is now weighing its options."
    assert build_timeline([item("misc", text, "2023-05-16")]) == []


def test_max_dates_keeps_the_most_referred_dates_in_date_order(strike: list[StoryArticle]) -> None:
    # Monday is named by three sources, Tuesday by two, everything else by one.
    assert [e["date"] for e in build_timeline(strike, max_dates=1)] == ["2023-05-15"]
    assert [e["date"] for e in build_timeline(strike, max_dates=2)] == ["2023-05-15", "2023-05-16"]
    assert len(build_timeline(strike, max_dates=50)) == len(build_timeline(strike))


def test_copies_count_once(strike: list[StoryArticle]) -> None:
    # A radio report (here dating the walkout to Sunday) and three reposts of it are one source: they do
    # not outweigh the two independent reports of Monday and of Tuesday.
    sunday_text = RADIO.replace("Monday", "Sunday")
    reposts = [item(f"repost{n}", sunday_text, "2023-05-18", origin="radio") for n in range(3)]
    story = [*strike[:2], item("radio", sunday_text, "2023-05-18"), *reposts]
    assert [e["date"] for e in build_timeline(story, max_dates=2)] == ["2023-05-15", "2023-05-16"]
    sunday = entry(build_timeline(story), "2023-05-14")
    assert len(sunday["articles"]) == 4  # every copy is still cited


# ---------------------------------------------------------------- undated articles


def test_undated_report_is_bounded_by_the_event_it_reports(strike: list[StoryArticle], blog: StoryArticle) -> None:
    estimates = estimate_publication([*strike, blog])
    assert set(estimates) == {"blog"}  # dated articles need none
    window = estimates["blog"]
    # It reports Monday's walkout as past, so it cannot be earlier; "on Monday" reads true for a week.
    assert window.earliest >= "2023-05-15"
    assert window.earliest <= "2023-05-17" <= window.latest
    assert window.latest <= "2023-05-21"


def test_estimated_entries_are_marked(strike: list[StoryArticle], blog: StoryArticle) -> None:
    timeline = build_timeline([*strike, blog])
    walkout = entry(timeline, "2023-05-15")
    assert "blog" in walkout["articles"] and walkout["estimated"] is False  # dated sources name it too
    ballot = entry(timeline, "2023-05-13")  # "on Saturday", valued from the estimate
    assert ballot["articles"] == ["blog"] and ballot["estimated"] is True
    assert "ballot" in ballot["text"]
    last_year = entry(timeline, "2022")
    assert last_year["estimated"] is True


def test_a_long_window_places_only_what_it_fixes(strike: list[StoryArticle], blog: StoryArticle) -> None:
    # Anywhere in May 2023, "last year" is 2022, but "on Saturday" could be any of four Saturdays.
    may = {"blog": DateRange("2023-05-01", "2023-05-31")}
    timeline = build_timeline([*strike, blog], estimates=may)
    assert entry(timeline, "2022")["articles"] == ["blog"]
    assert not [e for e in timeline if "blog" in e["articles"] and e["date"] not in ("2022", "2023-05-15")]


def test_no_estimate_without_evidence(strike: list[StoryArticle]) -> None:
    library = item("library", LIBRARY, None)
    assert estimate_publication([*strike, library]) == {}
    assert not [e for e in build_timeline([*strike, library]) if "library" in e["articles"]]


def test_quoted_today_is_the_speakers_day() -> None:
    # The mayor said "today" on the day she spoke; a later report quoting her says nothing of its own date.
    quoted = "“Today the port is closed,” the mayor of Kelmarsh said of the walkout by dockworkers."
    dated = item("dated", quoted, "2023-05-15")
    undated = item("undated", quoted + " Ferries have stayed in harbour since.", None)
    assert estimate_publication([dated, undated]) == {}


# The lock story: a bulletin dated Friday 8 September 2023, and two undated reports worded their own way
# (independent reports, not copies): one written that week, one after the lock reopened in October.
BULLETIN = (
    "DENMERE — The Talvor river authority closed the Denmere lock on Tuesday after inspectors found cracks in "
    "its upper gate.\n\nBarge operators said on Thursday that forty vessels were waiting below the lock.\n\n"
    "The gate was last replaced in 2022, at a cost the authority never disclosed.")
SKIPPER = (
    "Boatmen on the Talvor are furious. Inspectors shut the old lock at Denmere on Tuesday, blaming a damaged "
    "gate, and nobody can say when traffic will move again.\n\n"
    "Dozens of vessels have been waiting below the lock all this week, skippers complained.")
REOPENING = (
    "Barges are moving through Denmere again. Engineers finished work on the gate on Friday, five weeks after "
    "the lock was shut last month when cracks appeared.\n\n"
    "The gate replaced last year had been faulty, a contractor admitted.")


@pytest.fixture(scope="module")
def lock() -> list[StoryArticle]:
    return [item("bulletin", BULLETIN, "2023-09-08"), item("skipper", SKIPPER, None),
            item("reopening", REOPENING, None)]


def test_independent_rewordings_are_placed_by_the_times_the_story_names(lock: list[StoryArticle]) -> None:
    estimates = estimate_publication(lock)
    # "On Tuesday" names the one Tuesday the story dates, and "this week" its week: written that week.
    skipper = estimates["skipper"]
    assert "2023-09-05" <= skipper.earliest <= "2023-09-08" <= skipper.latest <= "2023-09-11"
    # "Last month" the lock was shut (5 September), "last year" the gate was replaced (2022): an October
    # report, which cannot be earlier than the closure it reports as past.
    reopening = estimates["reopening"]
    assert reopening.earliest >= "2023-10-01" and reopening.latest <= "2023-10-31"


def test_relative_dates_resolved_within_the_estimate_are_marked(lock: list[StoryArticle]) -> None:
    timeline = build_timeline(lock)
    closure = entry(timeline, "2023-09-05")
    assert "skipper" in closure["articles"] and closure["estimated"] is False  # the bulletin dates it
    september = entry(timeline, "2023-09")  # "last month", anywhere in the October window
    assert september["articles"] == ["reopening"] and september["estimated"] is True
    # "On Friday" is a different Friday across October: left out rather than guessed.
    assert not [e for e in timeline if "reopening" in e["articles"] and e["precision"] == "day"]


def test_loose_pairing_needs_a_story_of_one_moment(lock: list[StoryArticle]) -> None:
    # Over months, "on Tuesday" and "last month" name different times in different reports.
    later = item("later", "The Denmere lock keepers voted on Tuesday to accept a new pay offer.", "2024-02-15")
    assert estimate_publication([*lock, later]) == {}


def test_one_loose_pairing_alone_places_nothing(lock: list[StoryArticle]) -> None:
    lone = item("lone", "Inspectors shut the old lock at Denmere on Tuesday, blaming a damaged gate.", None)
    assert estimate_publication([lock[0], lone]) == {}


def test_lineage_bounds_an_undated_copy(lock: list[StoryArticle]) -> None:
    # An undated digest copies the bulletin and is itself copied by a page dated a week later; nothing in
    # its words places it, but it is no earlier than its source and no later than its copy.
    digest = item("digest", "A lock on the Talvor is closed for repairs.", None)
    copy = item("copy", "A lock on the Talvor is closed for repairs.", "2023-09-15")
    derivations = [{"source": "bulletin", "target": "digest", "relation": "rewrite", "directed": 1},
                   {"source": "digest", "target": "copy", "relation": "duplicate", "directed": 1},
                   {"source": "skipper", "target": "digest", "relation": "same_origin", "directed": 0}]
    estimates = estimate_publication([lock[0], digest, copy], derivations)
    assert estimates["digest"] == DateRange("2023-09-08", "2023-09-15")
    assert "digest" not in estimate_publication([lock[0], digest, copy])


def test_sentences() -> None:
    text = "Gen. Ada Orr met Mr. Vale in the U.S. capital. They talked.\nA new line. “Why?” he asked."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Gen. Ada Orr met Mr. Vale in the U.S. capital.", "They talked.", "A new line.", "“Why?” he asked."]


# ---------------------------------------------------------------- the sample corpus

SAMPLE = sample_corpus()
EXPECTED = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample_stories(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[list[StoryArticle],
                                                                                     dict[str, str]]]]:
    """Per expected story (A, B): its articles as the store gives them, and article key -> id."""
    with Store(tmp_path_factory.mktemp("sample") / "s.db") as store:
        report = ingest([str(SAMPLE / "text"), str(SAMPLE / "html"), str(SAMPLE / "feed.xml")], store)
        assert report.ok, report.errors
        annotate_pending(store)
        link_pending(store)
        key_of = sample_keys(store.articles())
        # The clusterer may split a story; the expected story of each article puts it back together.
        out: dict[str, tuple[list[StoryArticle], dict[str, str]]] = {"A": ([], {}), "B": ([], {})}
        for story in store.stories():
            for it in load_story(store, story["id"]):
                key = key_of[it.article.id]
                items, ids = out[EXPECTED["articles"][key]["story"]]
                items.append(it)
                ids[key] = it.article.id
    yield out


@pytest.mark.parametrize("story", ["A", "B"])
def test_sample_events_are_on_the_timeline(sample_stories: dict, story: str) -> None:
    items, ids = sample_stories[story]
    timeline = build_timeline(items)
    by_date = {e["date"]: e for e in timeline}
    key_of = {v: k for k, v in ids.items()}
    for event in EXPECTED["events"]:
        if event["articles"][0] not in ids:
            continue  # the other story's event
        assert event["date"] in by_date, f"{event['date']} ({event['text']}) missing"
        cited = {key_of[a] for a in by_date[event["date"]]["articles"]}
        # The articles that state the event's date are cited (a rewrite may name it differently).
        assert cited & set(event["articles"]), event


def test_sample_main_dates_lead_a_short_timeline(sample_stories: dict) -> None:
    items, _ = sample_stories["A"]
    top = [e["date"] for e in build_timeline(items, max_dates=3)]
    assert "2025-03-08" in top  # the revocation, named by six articles


@pytest.mark.parametrize("story", ["A", "B"])
def test_sample_undated_articles_get_their_true_date(sample_stories: dict, story: str) -> None:
    items, ids = sample_stories[story]
    estimates = estimate_publication(items)
    undated = [k for k in ids if EXPECTED["articles"][k]["published"] is None]
    assert undated
    for key in undated:
        assert ids[key] in estimates, f"{key} has no estimate"
        window = estimates[ids[key]]
        assert window.earliest <= EXPECTED["articles"][key]["written"] <= window.latest, (key, window)
    for key, ident in ids.items():
        if EXPECTED["articles"][key]["published"] is not None:
            assert ident not in estimates


def test_sample_agreement_is_placed_from_an_undated_rewrite(sample_stories: dict) -> None:
    items, ids = sample_stories["A"]
    settlement = entry(build_timeline(items), "2025-04-11")
    assert ids["text/newsbuzz24-agreement.txt"] in settlement["articles"]


# ---------------------------------------------------------------- the seeds


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[StoryArticle], dict[str, str]]]:
    folder = shared_data("seeds")
    with Store(tmp_path_factory.mktemp("seeds") / "s.db") as store:
        ingest([str(folder)], store)
        annotate_pending(store)
        link_pending(store)
        items = [it for story in store.stories() for it in load_story(store, story["id"])]
    yield items, {Path(it.article.uri).name[:3]: it.article.id for it in items}


@pytest.mark.shared
def test_seeds_announcement_is_dated_from_the_dated_report(seeds: tuple[list[StoryArticle], dict]) -> None:
    items, ids = seeds
    announcement = entry(build_timeline(items), "2024-03-16")
    assert announcement["precision"] == "day"
    assert ids["002"] in announcement["articles"]
    assert announcement["estimated"] is False


@pytest.mark.shared
def test_seeds_estimates_are_consistent_with_their_content(seeds: tuple[list[StoryArticle], dict]) -> None:
    items, ids = seeds
    estimates = estimate_publication(items)
    assert ids["002"] not in estimates  # it states its date
    assert set(estimates) == {ids[k] for k in ("000", "001", "003", "004")}  # every undated seed is placed
    for ident, window in estimates.items():
        assert window.earliest <= window.latest
        # Every seed reports the announcement (or, in 001, the agreement that followed it) as past.
        assert window.earliest >= "2024-03-16", (ident, window)
    # The March reports of the announcement ("on Saturday", "on Thursday" as the dated report names them).
    for key in ("000", "003", "004"):
        assert estimates[ids[key]].latest <= "2024-03-31", (key, estimates[ids[key]])
    assert estimates[ids["004"]].earliest >= "2024-03-21"  # it reports Thursday's hearing as past
    # The April report of the agreement names the announcement "last month" and the coup "last year".
    april = estimates[ids["001"]]
    assert april.earliest >= "2024-04-01" and april.latest <= "2024-04-30"


@pytest.mark.shared
def test_seeds_agreement_follows_the_announcement(seeds: tuple[list[StoryArticle], dict]) -> None:
    items, ids = seeds
    estimates = estimate_publication(items)
    # Nothing in the other seeds dates the April report: no dated source names its Friday. Given a short
    # window for it (as a reader who knows its date in April would), its Friday lands after the announcement.
    estimates[ids["001"]] = DateRange("2024-04-19", "2024-04-22")
    timeline = build_timeline(items, estimates=estimates)
    announcement = entry(timeline, "2024-03-16")
    agreement = [e for e in timeline if ids["001"] in e["articles"] and e["estimated"] and e["precision"] == "day"]
    assert agreement
    for e in agreement:
        assert e["date"] > announcement["date"]
        assert e["date"] <= estimates[ids["001"]].earliest  # the report is not earlier than the agreement
    friday = entry(timeline, "2024-04-19")
    assert ids["001"] in friday["articles"] and "withdraw" in " ".join(friday["sentences"])
    assert [e["date"] for e in timeline].index("2024-03-16") < [e["date"] for e in timeline].index("2024-04-19")


# ---------------------------------------------------------------- Timeline17

#: Measured Date-F1 on T17 "mj" with rule-only time expressions: 0.42 (0.45 with the spaCy parse).
MJ_DATE_F1_FLOOR = 0.35


@pytest.mark.shared
def test_timeline17_mj_date_f1(tmp_path: Path) -> None:
    folder = shared_data("timelines", "mj")
    score = SHARED / "bench" / "score.py"
    if not score.exists():
        pytest.skip(f"{score} not present")
    rows = [json.loads(line) for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    items = [StoryArticle(article=Article(id=r["id"], uri=r["id"], title=None, text=r["text"], published=r["date"]),
                          annotations=Annotations(id=r["id"], timexes=find_timexes(r["text"], r["date"])),
                          origin=r["id"]) for r in rows]
    n_dates = round(sum(len(tl["entries"]) for tl in gold["timelines"]) / len(gold["timelines"]))
    timeline = build_timeline(items, max_dates=n_dates)
    assert len(timeline) == n_dates
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps({"entries": [{"date": e["date"], "sentences": e["sentences"][:2]}
                                            for e in timeline]}), encoding="utf-8")
    out = subprocess.run([sys.executable, str(score), "timeline", "--gold", str(folder / "gold.json"),
                          "--pred", str(pred)], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert result["date_f1"] >= MJ_DATE_F1_FLOOR, result
