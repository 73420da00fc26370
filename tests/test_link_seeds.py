"""Linking on the five real scraped copies in ../shared/data/seeds (skipped
without ../shared): one story, copies linked with evidence, one entity per
real person or body across spellings, Niger and Nigeria kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared_data
from newsweave.annotate.stage import annotate_pending
from newsweave.ingest.run import ingest
from newsweave.link.stage import link_pending
from newsweave.render.dossier import build_dossier
from newsweave.store import Store

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, dict[str, str]]:
    store = Store(tmp_path_factory.mktemp("seeds") / "s.db")
    ingest([str(shared_data("seeds"))], store)
    annotate_pending(store)
    link_pending(store)
    prefix = {a.id: Path(a.uri).name[:3] for a in store.articles()}
    return store, prefix


def test_the_march_reports_are_one_story_and_april_joins_it_as_a_later_thread(
        linked: tuple[Store, dict[str, str]]) -> None:
    store, prefix = linked
    stories = store.stories()
    story_of = {prefix[a]: s["id"] for s in stories for a in s["articles"]}
    march = {story_of[p] for p in ("000", "002", "003", "004")}
    assert len(march) == 1
    story = march.pop()
    # The April report states no date: its publication estimate (after the agreement, in April)
    # places it after the March coverage, as a development of its own.
    assert story_of["001"] == story
    threads = [{prefix[a] for a in t} for t in store.story_threads(story)]
    assert threads == [{"000", "002", "003", "004"}, {"001"}]


def test_the_credited_summary_and_the_translated_repost_are_linked_with_evidence(
        linked: tuple[Store, dict[str, str]]) -> None:
    store, prefix = linked
    links = store.derivations_of(list(prefix))
    pairs = {frozenset((prefix[d["source"]], prefix[d["target"]])): d for d in links}
    link = pairs.get(frozenset(("000", "002")))
    assert link is not None and link["evidence"]
    # Independent reports are not copies of the translated repost.
    assert frozenset(("000", "003")) not in pairs and frozenset(("000", "001")) not in pairs


def test_one_entity_per_real_person_or_body(linked: tuple[Store, dict[str, str]]) -> None:
    store, prefix = linked
    # Entity ids are global: gather them over every story of the seeds.
    entities = list({e["id"]: e for s in store.stories() for e in build_dossier(store, s["id"])["entities"]}.values())

    def holder(surface: str) -> list[dict[str, object]]:
        return [e for e in entities if e["name"] == surface or surface in e["aliases"]]

    # The junta spokesman's three spellings, the ousted president's two, the
    # Assistant Secretary of Defense's three forms, both wordings of the CNSP.
    for group in (["Amadou Abdoulamane", "Amadou Abdramane", "Abdullahmane"],
                  ["Mohamed Bazoum", "Mohamen Bazoum"],
                  ["Celeste Wallander", "Celeste A. Wallander", "Wallander"],
                  ["National Council for the Defense of the Homeland",
                   "National Council for Safeguarding the Homeland", "CNSP"]):
        found = {e["id"] for surface in group for e in holder(surface)}
        assert len(found) == 1, group
    niger = {e["id"] for e in holder("Niger")}
    nigeria = {e["id"] for e in holder("Nigeria")}
    assert niger and nigeria and not niger & nigeria
    flagged = [e for e in entities if e.get("flags")]
    assert any("Niger" in f for e in flagged for f in e["flags"])  # type: ignore[union-attr]
