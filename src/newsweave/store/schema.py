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
    # 4: full-text search (FTS5) over articles, quotes and entities for the
    # web interface. Triggers keep the indexes current whoever writes (the CLI
    # or the server), so no caller has to remember to refresh them.
    """
    -- External content: the article text is not stored twice.
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
    );
    INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
    CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    END;
    CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;

    -- Quotes live inside the annotations JSON. A quote's rowid is its
    -- article's seq * 100000 + its position, so one article's quotes are a
    -- rowid range that FTS5 deletes without scanning the whole index.
    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        article_id UNINDEXED, speaker, text, tokenize='unicode61 remove_diacritics 2'
    );
    INSERT INTO quotes_fts(rowid, article_id, speaker, text)
        SELECT a.seq * 100000 + q.key, an.article_id, json_extract(q.value, '$.speaker'),
               json_extract(q.value, '$.text')
        FROM annotations an JOIN articles a ON a.id = an.article_id, json_each(an.data, '$.quotes') q;
    CREATE TRIGGER quotes_fts_ai AFTER INSERT ON annotations BEGIN
        INSERT INTO quotes_fts(rowid, article_id, speaker, text)
            SELECT a.seq * 100000 + q.key, new.article_id, json_extract(q.value, '$.speaker'),
                   json_extract(q.value, '$.text')
            FROM articles a, json_each(new.data, '$.quotes') q WHERE a.id = new.article_id;
    END;
    CREATE TRIGGER quotes_fts_ad AFTER DELETE ON annotations BEGIN
        DELETE FROM quotes_fts WHERE rowid BETWEEN
            (SELECT seq * 100000 FROM articles WHERE id = old.article_id)
            AND (SELECT seq * 100000 + 99999 FROM articles WHERE id = old.article_id);
    END;
    CREATE TRIGGER quotes_fts_au AFTER UPDATE ON annotations BEGIN
        DELETE FROM quotes_fts WHERE rowid BETWEEN
            (SELECT seq * 100000 FROM articles WHERE id = old.article_id)
            AND (SELECT seq * 100000 + 99999 FROM articles WHERE id = old.article_id);
        INSERT INTO quotes_fts(rowid, article_id, speaker, text)
            SELECT a.seq * 100000 + q.key, new.article_id, json_extract(q.value, '$.speaker'),
                   json_extract(q.value, '$.text')
            FROM articles a, json_each(new.data, '$.quotes') q WHERE a.id = new.article_id;
    END;

    -- The link stage replaces the entity table wholesale, so rowids only
    -- need to agree between one insert and the next delete.
    CREATE VIRTUAL TABLE entities_fts USING fts5(
        entity_id UNINDEXED, name, aliases, tokenize='unicode61 remove_diacritics 2'
    );
    INSERT INTO entities_fts(rowid, entity_id, name, aliases) SELECT rowid, id, name, aliases FROM entities;
    CREATE TRIGGER entities_fts_ai AFTER INSERT ON entities BEGIN
        INSERT INTO entities_fts(rowid, entity_id, name, aliases) VALUES (new.rowid, new.id, new.name, new.aliases);
    END;
    CREATE TRIGGER entities_fts_ad AFTER DELETE ON entities BEGIN
        DELETE FROM entities_fts WHERE rowid = old.rowid;
    END;
    CREATE TRIGGER entities_fts_au AFTER UPDATE ON entities BEGIN
        DELETE FROM entities_fts WHERE rowid = old.rowid;
        INSERT INTO entities_fts(rowid, entity_id, name, aliases) VALUES (new.rowid, new.id, new.name, new.aliases);
    END;
    """,
    # 5: ingest asks whether a document's lines were already counted; without
    # an index on doc that was a scan of the whole table per document.
    """
    CREATE INDEX line_seen_doc ON line_seen(doc);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
