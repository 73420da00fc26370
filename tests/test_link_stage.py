"""The link stage writes only the result rows that changed: after any sequence
of runs the tables must hold what rewriting them whole from the same linker
state gives, and an interrupted run must lose nothing already stored."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from newsweave.annotate.stage import annotate_pending
from newsweave.cli import sample_corpus
from newsweave.ingest.run import ingest
from newsweave.link import stage
from newsweave.link.lineage import LineageIndex
from newsweave.link.resolve import EntityResolver
from newsweave.link.stories import StoryClusterer
from newsweave.store import Store

SAMPLE = sample_corpus()
RESULT_QUERIES = {
    "stories": "SELECT id, title, first_seen, last_seen, size FROM stories",
    "story_articles": "SELECT article_id, story_id, thread FROM story_articles",
    "derivations": "SELECT source, target, relation, similarity, evidence, directed, data FROM derivations",
    "entities": "SELECT id, name, type, aliases, mentions, flags FROM entities",
    "entity_articles": "SELECT entity_id, article_id FROM entity_articles",
    # The search index follows the entity rows through triggers; in-place updates must keep it equal too.
    "entities_fts": "SELECT entity_id, name, aliases FROM entities_fts",
}


def sample_files() -> list[str]:
    files = sorted(str(p) for p in (SAMPLE / "text").glob("*.txt"))
    files += sorted(str(p) for p in (SAMPLE / "html").glob("*.html"))
    # Interleaved so that later runs join, merge and re-thread stories of earlier ones.
    return files[::2] + [str(SAMPLE / "feed.xml")] + files[1::2]


def tables(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    out = {name: sorted(tuple(r) for r in conn.execute(query)) for name, query in RESULT_QUERIES.items()}
    # No estimate and an empty one are the same state (it is saved only when it changes); order is not kept.
    out["estimated"] = [
        tuple(sorted(json.loads(r[0]).items()))
        for r in conn.execute("SELECT data FROM link_state WHERE name='estimated' AND data != '{}'")
    ]
    return out


def rewritten_whole(store: Store, tmp_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The tables as writing every row from the stored linker states into empty tables gives them."""
    copy = Store(tmp_path / "rewrite.db")
    store.conn.backup(copy.conn)
    for table in ("stories", "story_articles", "derivations", "entities", "entity_articles"):
        copy.conn.execute(f"DELETE FROM {table}")
    resolver = EntityResolver.from_state(copy.get_state("entities") or {})
    clusterer = StoryClusterer.from_state(copy.get_state("stories") or {})
    lineage = LineageIndex.from_state(copy.get_state("lineage") or {})
    # Nothing touched: the dates estimated by the runs are kept, as by the runs themselves.
    stage._write_results(copy, resolver, clusterer, lineage, copy.get_state("flags") or {}, set())
    out = tables(copy.conn)
    copy.close()
    return out


def run(store: Store, files: list[str]) -> int:
    ingest(files, store)
    annotate_pending(store)
    return stage.link_pending(store)


def test_runs_leave_the_tables_a_whole_rewrite_gives(tmp_path: Path) -> None:
    files = sample_files()
    with Store(tmp_path / "s.db") as store:
        for start in range(0, len(files), 3):
            assert run(store, files[start : start + 3]) > 0
            assert tables(store.conn) == rewritten_whole(store, tmp_path)
        # A run with nothing to link leaves everything as it was.
        before = tables(store.conn)
        assert stage.link_pending(store) == 0
        assert tables(store.conn) == before
        stories = store.stories()
        assert sorted(a for s in stories for a in s["articles"]) == sorted(a.id for a in store.articles())
        assert len(stories) < store.article_count()


def test_rows_that_disagree_with_the_linkers_are_rewritten(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        files = sample_files()
        run(store, files[:-2])
        conn = store.conn
        # Rows a bug or an older version could have left: a wrong title, a missing member, an extra
        # derivation, an entity without articles and one with a wrong alias list.
        conn.execute("UPDATE stories SET title='wrong' WHERE rowid=(SELECT MIN(rowid) FROM stories)")
        conn.execute("DELETE FROM story_articles WHERE rowid=(SELECT MAX(rowid) FROM story_articles)")
        conn.execute(
            "INSERT INTO derivations SELECT target, source, relation, similarity, evidence, directed, data"
            " FROM derivations LIMIT 1"
        )
        conn.execute("UPDATE entities SET aliases='[\"x\"]' WHERE rowid=(SELECT MIN(rowid) FROM entities)")
        conn.execute("INSERT INTO entities (id, name, type, aliases, mentions) VALUES ('e-stale','X','PERSON','[]',1)")
        run(store, files[-2:])
        assert tables(store.conn) == rewritten_whole(store, tmp_path)


def test_an_interrupted_run_loses_nothing_already_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = sample_files()
    first, rest = files[:4], files[4:]
    with Store(tmp_path / "whole.db") as whole:
        run(whole, first)
        run(whole, rest)
        uninterrupted = tables(whole.conn)

    with Store(tmp_path / "s.db") as store:
        run(store, first)
        linked_before = tables(store.conn)
        ingest(rest, store)
        annotate_pending(store)
        pending = store.pending(stage.STAGE, stage.VERSION)
        assert len(pending) > 4

        # A failure while the results are written: the whole batch is rolled back.
        def failing_sync(*args: Any) -> None:
            raise RuntimeError("disk full")

        monkeypatch.setattr(stage, "_sync_entities", failing_sync)
        with pytest.raises(RuntimeError):
            stage.link_pending(store)
        assert tables(store.conn) == linked_before
        assert store.pending(stage.STAGE, stage.VERSION) == pending
        monkeypatch.undo()

        # A crash after the first of several batches: that batch's linking is kept.
        monkeypatch.setattr(stage, "BATCH", 2)
        added: list[str] = []
        original_add = StoryClusterer.add

        def crashing_add(self: StoryClusterer, item: Any) -> str:
            if len(added) == 3:
                raise KeyboardInterrupt
            added.append(item.id)
            return original_add(self, item)

        monkeypatch.setattr(StoryClusterer, "add", crashing_add)
        with pytest.raises(KeyboardInterrupt):
            stage.link_pending(store)
        assert store.pending(stage.STAGE, stage.VERSION) == pending[2:]
        assert tables(store.conn) == linked_before
        monkeypatch.undo()

        # The next run links the rest, and the tables are those of a run that was never interrupted,
        # the estimated dates of the first batch's stories included.
        assert stage.link_pending(store) == len(pending) - 2
        assert tables(store.conn) == uninterrupted
        assert tables(store.conn) == rewritten_whole(store, tmp_path)


def test_linker_states_keep_every_number_through_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """States are encoded with orjson, which writes NaN and infinity as null where the json module
    keeps them: every state the stage saves must be plain finite JSON and come back equal."""
    saved: dict[str, Any] = {}
    put = Store.put_state

    def checked(self: Store, name: str, data: dict[str, Any]) -> None:
        strict = json.loads(json.dumps(data, allow_nan=False))  # raises on NaN or infinity
        put(self, name, data)
        saved[name] = strict

    monkeypatch.setattr(Store, "put_state", checked)
    with Store(tmp_path / "s.db") as store:
        run(store, sample_files())
        assert {"entities", "stories", "lineage"} <= saved.keys()
        for name, strict in saved.items():
            assert store.get_state(name) == strict, name


def test_states_written_by_the_json_module_still_load(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.conn.execute("INSERT INTO link_state (name, data) VALUES ('old', ?)", ('{"a": NaN, "b": [1.5, "x"]}',))
        state = store.get_state("old")
        assert state is not None and state["b"] == [1.5, "x"] and state["a"] != state["a"]
