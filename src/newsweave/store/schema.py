"""Schema migrations, applied in order and recorded in PRAGMA user_version.

A migration is never edited once released: a later change is a new entry, so a
store written by an older newsweave is brought forward without losing data.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: inputs with their original bytes, articles, and per-stage bookkeeping.
    """
    CREATE TABLE inputs (
        id           INTEGER PRIMARY KEY,
        uri          TEXT NOT NULL,
        locator      TEXT,
        parent_id    INTEGER REFERENCES inputs(id),
        kind         TEXT NOT NULL,
        content_type TEXT,
        sha256       TEXT,
        size         INTEGER,
        raw          BLOB,
        status       TEXT NOT NULL CHECK (status IN ('ok', 'error')),
        error        TEXT,
        warnings     TEXT NOT NULL DEFAULT '[]',
        created_at   TEXT NOT NULL
    );
    CREATE INDEX inputs_uri ON inputs(uri);
    CREATE INDEX inputs_sha ON inputs(sha256);

    CREATE TABLE articles (
        seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
        id                  TEXT NOT NULL UNIQUE,
        input_id            INTEGER REFERENCES inputs(id),
        uri                 TEXT NOT NULL,
        title               TEXT,
        text                TEXT NOT NULL,
        outlet              TEXT,
        author              TEXT,
        published           TEXT,
        published_estimated TEXT,
        dateline            TEXT,
        language            TEXT,
        canonical_url       TEXT,
        attributed_to       TEXT NOT NULL DEFAULT '[]',
        text_hash           TEXT NOT NULL,
        input_sha256        TEXT NOT NULL,
        extra               TEXT NOT NULL DEFAULT '{}',
        created_at          TEXT NOT NULL
    );
    CREATE INDEX articles_text_hash ON articles(text_hash);
    CREATE UNIQUE INDEX articles_uri_content ON articles(uri, input_sha256);

    -- Which stage has processed which article at which version, so a stage
    -- can be re-run alone and a crash loses at most the article in flight.
    CREATE TABLE stage_runs (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        stage      TEXT NOT NULL,
        version    TEXT NOT NULL,
        done_at    TEXT NOT NULL,
        PRIMARY KEY (article_id, stage)
    );

    -- Short lines seen per document: repetition across a corpus is evidence
    -- of boilerplate in scraped text.
    CREATE TABLE line_seen (
        key TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (key, doc)
    ) WITHOUT ROWID;
    """,
    # 2: annotations. The whole result is kept as JSON (what `annotate` prints);
    # entity mentions also get a table of their own for lookups by name.
    """
    CREATE TABLE annotations (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        version    TEXT NOT NULL,
        data       TEXT NOT NULL
    );
    CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start      INTEGER NOT NULL,
        "end"      INTEGER NOT NULL,
        label      TEXT NOT NULL,
        text       TEXT NOT NULL,
        name       TEXT NOT NULL
    );
    CREATE INDEX mentions_article ON mentions(article_id);
    CREATE INDEX mentions_name ON mentions(name);
    """,
    # 3: links across articles. Each linker's state is kept whole so a later
    # run continues incrementally; its results are also written out as
    # tables for queries.
    """
    CREATE TABLE link_state (
        name TEXT PRIMARY KEY,
        data TEXT NOT NULL
    );
    CREATE TABLE stories (
        id         TEXT PRIMARY KEY,
        title      TEXT,
        first_seen TEXT,
        last_seen  TEXT,
        size       INTEGER NOT NULL
    );
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id   TEXT NOT NULL,
        thread     INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    CREATE TABLE derivations (
        source     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        target     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        relation   TEXT NOT NULL,
        similarity REAL NOT NULL,
        evidence   TEXT NOT NULL,
        directed   INTEGER NOT NULL,
        data       TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX derivations_target ON derivations(target);
    CREATE INDEX derivations_source ON derivations(source);
    CREATE TABLE entities (
        id       TEXT PRIMARY KEY,
        name     TEXT NOT NULL,
        type     TEXT NOT NULL,
        aliases  TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        flags    TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE entity_articles (
        entity_id  TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (entity_id, article_id)
    );
    CREATE INDEX entity_articles_article ON entity_articles(article_id);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
