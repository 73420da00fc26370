"""Stories through the store, as a user gets them: every article in exactly
one story, the sample corpus's two stories found in any arrival order, the
later development of a story in a thread of its own, and incremental runs."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from newsweave.annotate.stage import annotate_pending
from newsweave.cli import sample_corpus
from newsweave.ingest.run import ingest
from newsweave.link.stage import link_pending
from newsweave.store import Store

SAMPLE = sample_corpus()
EXPECTED = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))["articles"]


def sample_files() -> list[str]:
    return sorted(str(p) for p in (SAMPLE / "text").glob("*.txt")) + sorted(
        str(p) for p in (SAMPLE / "html").glob("*.html")) + [str(SAMPLE / "feed.xml")]


def key_of(uri: str, feed_order: list[str]) -> str:
    path = Path(uri)
    if path.suffix in (".txt", ".html"):
        return f"{path.parent.name}/{path.name}"
    return f"feed.xml#{feed_order.index(uri) + 1}"


def build(tmp: Path, order: list[str], *, in_two_runs: bool = False) -> tuple[Store, dict[str, str]]:
    store = Store(tmp / "s.db")
    batches = [order[: len(order) // 2], order[len(order) // 2:]] if in_two_runs else [order]
    for batch in batches:
        ingest(batch, store)
        annotate_pending(store)
        link_pending(store)
    keys = {a.id: key_of(a.uri, _feed_uris()) for a in store.articles()}
    return store, keys


def _feed_uris() -> list[str]:
    import feedparser

    return [e["link"] for e in feedparser.parse((SAMPLE / "feed.xml").read_bytes()).entries]


def partition(store: Store, keys: dict[str, str]) -> set[frozenset[str]]:
    return {frozenset(keys[a] for a in s["articles"]) for s in store.stories()}


def expected_partition() -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for key, row in EXPECTED.items():
        groups.setdefault(row["story"], set()).add(key)
    return {frozenset(g) for g in groups.values()}


@pytest.mark.parametrize("seed", [None, 3, 11])
def test_the_two_sample_stories_in_any_arrival_order(tmp_path: Path, seed: int | None) -> None:
    order = sample_files()
    if seed is not None:
        random.Random(seed).shuffle(order)
    store, keys = build(tmp_path, order)
    with store:
        stories = store.stories()
        ids = [a for s in stories for a in s["articles"]]
        assert len(ids) == len(set(ids)) == store.article_count()  # every article in exactly one story
        assert partition(store, keys) == expected_partition()


def test_incremental_runs_give_the_same_stories(tmp_path: Path) -> None:
    store, keys = build(tmp_path, sample_files(), in_two_runs=True)
    with store:
        assert partition(store, keys) == expected_partition()


def test_the_later_development_is_a_thread_of_its_own(tmp_path: Path) -> None:
    store, keys = build(tmp_path, sample_files())
    with store:
        story = next(s for s in store.stories() if len(s["articles"]) > 5)
        threads = store.story_threads(story["id"])
        assert len(threads) >= 2
        thread_of = {keys[a]: n for n, members in enumerate(threads) for a in members}
        march = {thread_of[k] for k, row in EXPECTED.items() if row["thread"] == "A1"}
        april = {thread_of[k] for k, row in EXPECTED.items() if row["thread"] == "A2"}
        assert march and april and not (march & april)
        assert story["first_seen"] == "2025-03-10" and story["last_seen"] >= "2025-04-12"


def test_an_undated_later_report_is_threaded_at_its_estimated_date(tmp_path: Path) -> None:
    # One dated bulletin and two undated reports of the lock story (tests/test_timeline.py): the one
    # written the same week stays with the bulletin, the one written after the reopening in October,
    # placed there by its publication estimate, is a later thread.
    from test_timeline import BULLETIN, REOPENING, SKIPPER

    records = [
        {"id": "bulletin", "title": "Denmere lock closed after inspectors find cracks", "text": BULLETIN,
         "date": "2023-09-08", "source": "Talvor River Authority"},
        {"id": "skipper", "title": "Boatmen furious as Denmere lock stays shut", "text": SKIPPER,
         "source": "Talvor Courier"},
        {"id": "reopening", "title": "Barges move through Denmere lock again", "text": REOPENING,
         "source": "Valley Post"},
    ]
    data = tmp_path / "lock.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        ingest([str(data)], store)
        annotate_pending(store)
        link_pending(store)
        (story,) = store.stories()
        threads = [sorted(t) for t in store.story_threads(story["id"])]
        assert threads == [["bulletin", "skipper"], ["reopening"]]
        # A later run that adds nothing keeps the threads (the estimates are kept with the link state).
        more = tmp_path / "more.jsonl"
        more.write_text(json.dumps({"id": "other", "title": "Council approves library budget", "text":
                                    "The Harbour Square council approved the library budget on Monday after a "
                                    "short debate about opening hours and the cost of new shelving.",
                                    "date": "2023-11-02"}) + "\n", encoding="utf-8")
        ingest([str(more)], store)
        annotate_pending(store)
        link_pending(store)
        story = next(s for s in store.stories() if "bulletin" in s["articles"])
        assert [sorted(t) for t in store.story_threads(story["id"])] == threads
