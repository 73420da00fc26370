"""The store: WAL, foreign keys, schema versioning and its failure modes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsweave.model import Article, RawDocument, text_hash
from newsweave.store import Store
from newsweave.store.db import StoreError
from newsweave.store.schema import SCHEMA_VERSION


def test_new_store_is_migrated_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopening_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    doc = RawDocument(uri="file:a", kind="text", raw=b"raw bytes")
    with Store(path) as store:
        store.begin()
        input_id = store.add_input(doc)
        store.add_article(Article(id="a1", uri="file:a", title="T", text="Body.", text_hash=text_hash("Body."),
                                  input_sha256=doc.sha256), input_id=input_id)
        store.commit()
    with Store(path, readonly=True) as store:
        assert store.article_by_id("a1").text == "Body."  # type: ignore[union-attr]
        assert store.raw_bytes(input_id) == b"raw bytes"


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer newsweave"):
        Store(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database" * 200)
    with pytest.raises(StoreError, match="not a usable newsweave store"):
        Store(path)
    assert path.read_bytes().startswith(b"these are my notes")


def test_reading_a_missing_store_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "absent.db", readonly=True)


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store, pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("INSERT INTO stage_runs VALUES ('no-such-article', 'x', '1', 'now')")
