"""Full-text search over the FTS5 indexes of schema migration 4.

A user's query is never handed to FTS5 as syntax: its words are quoted one
by one, so operators, column filters and stray quotes in the input are just
words, and a malformed query cannot raise. Snippets carry private-use
markers around matches; the page escapes the text first and only then turns
the markers into <mark>, so matched text can never become markup.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression requiring every word, the last as a prefix
    (search-as-you-type), or None when the text has no words."""
    words = _WORD.findall(text or "")[:MAX_TERMS]
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def strip_marks(text: str) -> str:
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def search_articles(conn: sqlite3.Connection, query: str, *, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    match = fts_query(query)
    if match is None:
        return []
    rows = conn.execute(
        "SELECT a.id, a.title, a.outlet, a.published, sa.story_id,"
        f" snippet(articles_fts, 1, '{MARK_OPEN}', '{MARK_CLOSE}', '…', 24) AS snippet"
        " FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
        " LEFT JOIN story_articles sa ON sa.article_id = a.id"
        " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT ? OFFSET ?",
        (match, limit, offset),
    ).fetchall()
    return [dict(r) for r in rows]


def search_quotes(conn: sqlite3.Connection, query: str, *, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    match = fts_query(query)
    if match is None:
        return []
    rows = conn.execute(
        "SELECT article_id, speaker, text,"
        f" highlight(quotes_fts, 2, '{MARK_OPEN}', '{MARK_CLOSE}') AS snippet"
        " FROM quotes_fts WHERE quotes_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
        (match, limit, offset),
    ).fetchall()
    return [{"article": r["article_id"], "speaker": r["speaker"], "text": r["text"], "snippet": r["snippet"]}
            for r in rows]


def search_entities(conn: sqlite3.Connection, query: str, *, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    match = fts_query(query)
    if match is None:
        return []
    rows = conn.execute(
        "SELECT e.id, e.name, e.type, (SELECT COUNT(*) FROM entity_articles ea WHERE ea.entity_id = e.id) AS n"
        " FROM entities_fts f JOIN entities e ON e.id = f.entity_id"
        " WHERE entities_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
        (match, limit, offset),
    ).fetchall()
    return [{"id": r["id"], "name": r["name"], "type": r["type"], "article_count": r["n"]} for r in rows]


def matching_story_ids(conn: sqlite3.Connection, query: str, *, cap: int = 5000) -> list[str]:
    """Stories with a matching article, best match first (the story list search)."""
    match = fts_query(query)
    if match is None:
        return []
    rows = conn.execute(
        "SELECT sa.story_id, MIN(m.r) AS best FROM ("
        "  SELECT rowid, bm25(articles_fts, 4.0, 1.0) AS r FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?"
        ") m JOIN articles a ON a.seq = m.rowid JOIN story_articles sa ON sa.article_id = a.id"
        " GROUP BY sa.story_id ORDER BY best",
        (match, cap),
    ).fetchall()
    return [r["story_id"] for r in rows]
