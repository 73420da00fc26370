"""Cleaning in worker processes must store exactly what cleaning in one
process stores, in the same order, with the same errors; and grouped commits
must keep every finished document when a run is interrupted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import newsweave.ingest.run as run_module
from newsweave.ingest.run import Cleaner, IngestOptions, ingest
from newsweave.store import Store

SAMPLE = Path(run_module.__file__).resolve().parents[1] / "sample"


def _corpus(folder: Path, copies: int) -> Path:
    """The sample pages and texts copied under distinct names, with bad inputs
    between them, enough to pass the in-process warm-up and fill several chunks."""
    folder.mkdir()
    sources = sorted((SAMPLE / "html").glob("*.html")) + sorted((SAMPLE / "text").glob("*.txt"))
    for c in range(copies):
        for i, src in enumerate(sources):
            shutil.copy(src, folder / f"{c:02d}-{i:02d}{src.suffix}")
        (folder / f"{c:02d}-empty.txt").write_bytes(b"")
        (folder / f"{c:02d}-nav-only.html").write_text(
            "<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8"
        )
    return folder


def _stored(store: Store) -> tuple[list[tuple[str, str, str | None, str | None]], list[tuple[str, str]]]:
    articles = [
        (r["id"], r["text"], r["title"], r["language"])
        for r in store.conn.execute("SELECT id, text, title, language FROM articles ORDER BY rowid")
    ]
    errors = [(e["uri"], e["error"]) for e in store.errors()]
    return articles, errors


def test_worker_pool_stores_what_one_process_stores(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "in", copies=6)
    results = []
    for workers in (1, 2):
        with Store(tmp_path / f"w{workers}.db") as store:
            report = ingest([str(folder)], store, IngestOptions(workers=workers))
            results.append((_stored(store), len(report.added), len(report.errors), sorted(report.warnings)))
    assert results[0] == results[1]
    (articles, errors), added, n_errors, _ = results[1]
    assert added == len(articles) > Cleaner.WARMUP + 2 * Cleaner.CHUNK
    assert n_errors == len(errors) == 12  # every empty file and every furniture-only page, once


def test_a_crashing_page_fails_alone_in_the_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _corpus(tmp_path / "in", copies=5)
    real = run_module.clean_document

    def flaky(doc, text, **kw):  # type: ignore[no-untyped-def]
        if doc.uri.endswith("03-02.html"):
            raise RuntimeError("extractor bug")
        return real(doc, text, **kw)

    # fork hands the patched function to the workers
    monkeypatch.setattr(run_module, "clean_document", flaky)
    with Store(tmp_path / "s.db") as store:
        report = ingest([str(folder)], store, IngestOptions(workers=2))
        crashed = [e for e in report.errors if "extractor bug" in e.message]
        assert len(crashed) == 1 and crashed[0].uri.endswith("03-02.html")
        stored_uris = {r["uri"] for r in store.conn.execute("SELECT uri FROM articles")}
    assert not any(u.endswith("03-02.html") for u in stored_uris)
    assert any(u.endswith("03-03.html") for u in stored_uris)


def test_interrupted_run_keeps_finished_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _corpus(tmp_path / "in", copies=2)
    real = run_module.clean_document
    seen = []

    def interrupt(doc, text, **kw):  # type: ignore[no-untyped-def]
        seen.append(doc.uri)
        if len(seen) == 9:
            raise KeyboardInterrupt
        return real(doc, text, **kw)

    monkeypatch.setattr(run_module, "clean_document", interrupt)
    db = tmp_path / "s.db"
    with Store(db) as store, pytest.raises(KeyboardInterrupt):
        ingest([str(folder)], store, IngestOptions(workers=1))
    with Store(db) as store:
        kept = store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert kept == 8
    # Running again completes the work without storing anything twice.
    monkeypatch.setattr(run_module, "clean_document", real)
    with Store(db) as store:
        report = ingest([str(folder)], store, IngestOptions(workers=1))
        total = store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert report.unchanged == 8 and total == 8 + len(report.added)
