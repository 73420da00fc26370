"""SQLite access: connection set-up, migrations and the queries stages need."""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from newsweave.model import Annotations, Article, DateRange, InputError, RawDocument, annotations_from_json
from newsweave.store.schema import MIGRATIONS, SCHEMA_VERSION


class StoreError(Exception):
    """The store cannot be opened or is not a newsweave store."""


def default_db_path() -> Path:
    return Path(os.environ.get("NEWSWEAVE_DB") or "newsweave.db")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_ARTICLE_COLUMNS = (
    "id, uri, title, text, outlet, author, published, published_estimated, dateline, language, "
    "canonical_url, attributed_to, text_hash, input_sha256"
)


class ArticleHead(NamedTuple):
    """What titling and dating a story needs of an article, without its text."""

    id: str
    title: str | None
    published: str | None


class Store:
    """One SQLite file. Writes happen in explicit transactions so an interrupted
    ingest leaves every committed article intact."""

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.path = Path(path)
        if readonly and not self.path.exists():
            raise StoreError(f"{self.path}: no such store (run 'newsweave ingest' first)")
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA busy_timeout = 10000")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate(readonly)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable newsweave store ({exc})") from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ schema
    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self, readonly: bool) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer newsweave (schema {version}, this one knows {SCHEMA_VERSION})"
            )
        if version == SCHEMA_VERSION:
            return
        if readonly:
            raise StoreError(f"{self.path}: schema {version} needs migrating; open it once for writing")
        for number in range(version, SCHEMA_VERSION):
            # executescript commits implicitly, so the version bump rides in the
            # same script: a migration is applied entirely or not at all.
            self.conn.executescript("BEGIN;\n" + MIGRATIONS[number] + f"\nPRAGMA user_version = {number + 1};\nCOMMIT;")

    # ------------------------------------------------------------ transactions
    def begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Writes that stand or fall together inside a longer transaction: an
        exception undoes only what was written since the savepoint."""
        self.conn.execute("SAVEPOINT part")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK TO part")
            self.conn.execute("RELEASE part")
            raise
        self.conn.execute("RELEASE part")

    # ------------------------------------------------------------------ inputs
    def add_input(
        self,
        doc: RawDocument | None,
        *,
        uri: str | None = None,
        kind: str | None = None,
        status: str = "ok",
        error: str | None = None,
        locator: str | None = None,
        parent_id: int | None = None,
        keep_raw: bool = True,
    ) -> int:
        raw = doc.raw if doc is not None else None
        cur = self.conn.execute(
            "INSERT INTO inputs (uri, locator, parent_id, kind, content_type, sha256, size, raw, status, error,"
            " warnings, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                uri or (doc.uri if doc else ""),
                locator if locator is not None else (doc.locator if doc else None),
                parent_id,
                kind or (doc.kind if doc else "unknown"),
                doc.content_type if doc else None,
                doc.sha256 if doc else None,
                len(raw) if raw is not None else None,
                zlib.compress(raw, 1) if (raw is not None and keep_raw) else None,
                status,
                error,
                json.dumps(doc.warnings if doc else []),
                now_iso(),
            ),
        )
        return int(cur.lastrowid or 0)

    def record_error(self, err: InputError, *, kind: str = "unknown", sha256: str | None = None) -> bool:
        """Store an input failure once: the same failure of the same input is not logged twice."""
        row = self.conn.execute(
            "SELECT 1 FROM inputs WHERE status='error' AND uri=? AND locator IS ? AND sha256 IS ? AND error=?",
            (err.uri, err.locator, sha256, err.message),
        ).fetchone()
        if row:
            return False
        self.conn.execute(
            "INSERT INTO inputs (uri, locator, kind, sha256, status, error, created_at)"
            " VALUES (?,?,?,?, 'error', ?, ?)",
            (err.uri, err.locator, kind, sha256, err.message, now_iso()),
        )
        return True

    def raw_bytes(self, input_id: int) -> bytes | None:
        row = self.conn.execute("SELECT raw FROM inputs WHERE id=?", (input_id,)).fetchone()
        if row is None or row["raw"] is None:
            return None
        return zlib.decompress(row["raw"])

    def errors(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT uri, locator, error, created_at FROM inputs WHERE status='error' ORDER BY id"
        ).fetchall()
        return [dict(r) for r in rows]

    def fetched_ok(self, uri: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM articles WHERE uri=? OR canonical_url=? LIMIT 1", (uri, uri)).fetchone()
            is not None
        )

    # ---------------------------------------------------------------- articles
    def has_content(self, uri: str, input_sha256: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM articles WHERE uri=? AND input_sha256=?", (uri, input_sha256)).fetchone()
            is not None
        )

    def article_by_id(self, article_id: str) -> Article | None:
        row = self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id=?", (article_id,)).fetchone()
        return _row_to_article(row) if row else None

    def add_article(self, article: Article, *, input_id: int | None, extra: dict[str, Any] | None = None) -> None:
        self.conn.execute(
            "INSERT INTO articles (id, input_id, uri, title, text, outlet, author, published, published_estimated,"
            " dateline, language, canonical_url, attributed_to, text_hash, input_sha256, extra, created_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.id,
                input_id,
                article.uri,
                article.title,
                article.text,
                article.outlet,
                article.author,
                article.published,
                json.dumps(_range_dict(article.published_estimated)) if article.published_estimated else None,
                article.dateline,
                article.language,
                article.canonical_url,
                json.dumps(article.attributed_to),
                article.text_hash,
                article.input_sha256,
                json.dumps(extra or {}),
                now_iso(),
            ),
        )

    def articles(self, ids: Sequence[str] | None = None) -> Iterator[Article]:
        if ids is None:
            cur = self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY seq")
            for row in cur:
                yield _row_to_article(row)
            return
        for chunk, marks in in_chunks(ids):
            rows = self.conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks}) ORDER BY seq", chunk
            ).fetchall()
            yield from (_row_to_article(r) for r in rows)

    def article_heads(self, ids: Sequence[str]) -> dict[str, ArticleHead]:
        """Id, title and publication date of these articles (those in the
        store), without reading their texts."""
        out: dict[str, ArticleHead] = {}
        for chunk, marks in in_chunks(ids):
            for row in self.conn.execute(f"SELECT id, title, published FROM articles WHERE id IN ({marks})", chunk):
                out[row[0]] = ArticleHead(row[0], row[1], row[2])
        return out

    def article_count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def article_extra(self, article_id: str) -> dict[str, Any]:
        row = self.conn.execute("SELECT extra FROM articles WHERE id=?", (article_id,)).fetchone()
        return json.loads(row["extra"]) if row else {}

    # -------------------------------------------------------------- stages
    def pending(self, stage: str, version: str) -> list[str]:
        """Articles the stage has not processed at this version, in arrival order."""
        rows = self.conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN stage_runs r ON r.article_id = a.id AND r.stage = ?"
            " WHERE r.version IS NULL OR r.version != ? ORDER BY a.seq",
            (stage, version),
        ).fetchall()
        return [r["id"] for r in rows]

    def mark_done(self, article_id: str, stage: str, version: str) -> None:
        self.conn.execute(
            "INSERT INTO stage_runs (article_id, stage, version, done_at) VALUES (?,?,?,?)"
            " ON CONFLICT(article_id, stage) DO UPDATE SET version=excluded.version, done_at=excluded.done_at",
            (article_id, stage, version, now_iso()),
        )

    # ---------------------------------------------------------- annotations
    def put_annotations(self, ann: Annotations, version: str) -> None:
        self.conn.execute(
            "INSERT INTO annotations (article_id, version, data) VALUES (?,?,?)"
            " ON CONFLICT(article_id) DO UPDATE SET version=excluded.version, data=excluded.data",
            (ann.id, version, json.dumps(ann.to_contract(), ensure_ascii=False)),
        )
        self.conn.execute("DELETE FROM mentions WHERE article_id=?", (ann.id,))
        self.conn.executemany(
            'INSERT INTO mentions (article_id, start, "end", label, text, name) VALUES (?,?,?,?,?,?)',
            [(ann.id, m.start, m.end, m.label, m.text, m.name) for m in ann.entities],
        )

    def annotated(self, article_ids: Sequence[str]) -> set[str]:
        """Which of these articles have annotations (without reading them)."""
        found: set[str] = set()
        for chunk, marks in in_chunks(article_ids):
            rows = self.conn.execute(f"SELECT article_id FROM annotations WHERE article_id IN ({marks})", chunk)
            found.update(r[0] for r in rows)
        return found

    def annotations(self, article_id: str) -> Annotations | None:
        row = self.conn.execute("SELECT data FROM annotations WHERE article_id=?", (article_id,)).fetchone()
        return annotations_from_json(json.loads(row["data"])) if row else None

    # ------------------------------------------------------------- links
    def get_state(self, name: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT data FROM link_state WHERE name=?", (name,)).fetchone()
        if row is None:
            return None
        try:
            return orjson.loads(row["data"])
        except orjson.JSONDecodeError:
            return json.loads(row["data"])  # written by the json module: NaN and Infinity are not JSON

    def put_state(self, name: str, data: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO link_state (name, data) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET data=excluded.data",
            (name, _encode_state(data)),
        )

    def stories(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT id, title, first_seen, last_seen, size FROM stories").fetchall()
        members: dict[str, list[tuple[int, str]]] = {}
        for r in self.conn.execute(
            "SELECT sa.story_id, sa.article_id, a.seq FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
        ):
            members.setdefault(r["story_id"], []).append((r["seq"], r["article_id"]))
        out = []
        for r in rows:
            ids = [a for _, a in sorted(members.get(r["id"], []))]
            out.append(
                {
                    "id": r["id"],
                    "title": r["title"],
                    "articles": ids,
                    "first_seen": r["first_seen"],
                    "last_seen": r["last_seen"],
                }
            )
        return out

    def story_threads(self, story_id: str) -> list[list[str]]:
        rows = self.conn.execute(
            "SELECT sa.article_id, sa.thread FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
            " WHERE sa.story_id=? ORDER BY sa.thread, a.seq",
            (story_id,),
        ).fetchall()
        threads: dict[int, list[str]] = {}
        for r in rows:
            threads.setdefault(r["thread"], []).append(r["article_id"])
        return [threads[k] for k in sorted(threads)]

    def derivations_of(self, article_ids: Sequence[str]) -> list[dict[str, Any]]:
        out = []
        for chunk, marks in in_chunks(article_ids):
            for r in self.conn.execute(
                f"SELECT source, target, relation, similarity, evidence, directed, data FROM derivations"
                f" WHERE target IN ({marks}) OR source IN ({marks})",
                chunk + chunk,
            ):
                out.append({**dict(r), "data": json.loads(r["data"])})
        return out

    def entities_of(self, article_ids: Sequence[str]) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for chunk, marks in in_chunks(article_ids):
            for r in self.conn.execute(
                f"SELECT e.id, e.name, e.type, e.aliases, e.mentions, e.flags, ea.article_id FROM entities e"
                f" JOIN entity_articles ea ON ea.entity_id = e.id WHERE ea.article_id IN ({marks})",
                chunk,
            ):
                entry = found.setdefault(
                    r["id"],
                    {
                        "id": r["id"],
                        "name": r["name"],
                        "type": r["type"],
                        "aliases": json.loads(r["aliases"]),
                        "articles": [],
                        "mentions": r["mentions"],
                        "flags": json.loads(r["flags"]),
                    },
                )
                entry["articles"].append(r["article_id"])
        return list(found.values())

    # ------------------------------------------------------------ line counts
    def add_line_keys(self, doc: str, keys: Iterable[str]) -> bool:
        """Record the line keys of a document; True if the document was not counted before."""
        new = self.conn.execute("SELECT 1 FROM line_seen WHERE doc=? LIMIT 1", (doc,)).fetchone() is None
        self.conn.executemany("INSERT OR IGNORE INTO line_seen (key, doc) VALUES (?, ?)", ((k, doc) for k in set(keys)))
        return new and bool(keys)

    def line_counts(self, keys: Iterable[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for chunk, marks in in_chunks(list(set(keys))):
            for row in self.conn.execute(
                f"SELECT key, COUNT(*) AS n FROM line_seen WHERE key IN ({marks}) GROUP BY key", chunk
            ):
                counts[row["key"]] = int(row["n"])
        return counts

    def line_docs(self) -> int:
        return int(self.conn.execute("SELECT COUNT(DISTINCT doc) FROM line_seen").fetchone()[0])


def in_chunks(ids: Sequence[str], size: int = 500) -> Iterator[tuple[list[str], str]]:
    """The ids in chunks, each with its "?,?,..." placeholders for an IN clause: SQLite caps the number
    of parameters in one statement."""
    for start in range(0, len(ids), size):
        chunk = list(ids[start : start + size])
        yield chunk, ",".join("?" * len(chunk))


def _encode_state(data: dict[str, Any]) -> bytes:
    """A linker's whole state as JSON. The states run to tens of megabytes at tens of thousands of
    articles and are written on every link run: orjson encodes them 4-7x and decodes them 3x faster
    than the json module. Unlike json it writes NaN and infinity as null; the linkers keep only finite
    numbers in their states (tests/test_link_stage.py checks every state the stage saves)."""
    return orjson.dumps(data, option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS)


def _range_dict(r: DateRange) -> dict[str, str]:
    return {"earliest": r.earliest, "latest": r.latest}


def _row_to_article(row: sqlite3.Row) -> Article:
    est = json.loads(row["published_estimated"]) if row["published_estimated"] else None
    return Article(
        id=row["id"],
        uri=row["uri"],
        title=row["title"],
        text=row["text"],
        outlet=row["outlet"],
        author=row["author"],
        published=row["published"],
        published_estimated=DateRange(**est) if est else None,
        dateline=row["dateline"],
        language=row["language"],
        canonical_url=row["canonical_url"],
        attributed_to=json.loads(row["attributed_to"] or "[]"),
        text_hash=row["text_hash"],
        input_sha256=row["input_sha256"],
    )
