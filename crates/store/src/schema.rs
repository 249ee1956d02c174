//! The SQLite schema. Per-article tables are written by [`crate::Store::put`] inside the
//! article's transaction; `actors` and `events` are derived from them by [`crate::Store::link`].

/// Bumped when the tables change; a newer database is refused rather than misread, an older one
/// is brought up to date by running [`DDL`] again (every statement is `IF NOT EXISTS`).
///
/// 2: indexes for the web pages (articles by date, actors by article count) and the search
/// index's term list.
pub const VERSION: i64 = 2;

pub const DDL: &str = r#"
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The raw inputs, deflated, keyed by the SHA-256 of their bytes, so that `reindex` can run the
-- readers and the analysis again. A JSON Lines file is one input holding many articles.
CREATE TABLE IF NOT EXISTS inputs (
    hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    raw  BLOB NOT NULL
);

-- One row per article identity (source key: URL, else path).
CREATE TABLE IF NOT EXISTS articles (
    rowid        INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    source_key   TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    -- the canonical article with the same body (the smallest id of the group), NULL if this is it
    duplicate_of TEXT,
    title        TEXT,
    published    TEXT,
    date         TEXT,
    url          TEXT,
    outlet       TEXT,
    language     TEXT NOT NULL,
    source       TEXT NOT NULL,
    text_bytes   INTEGER NOT NULL,
    input_hash   TEXT,
    record       TEXT NOT NULL,
    stored_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_input ON articles(input_hash);
-- lists of articles newest or oldest first stop after LIMIT rows instead of sorting them all
CREATE INDEX IF NOT EXISTS articles_date ON articles(date, id);

CREATE TABLE IF NOT EXISTS entities (
    article  INTEGER NOT NULL,
    eid      TEXT NOT NULL,
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    country  TEXT,
    sector   TEXT,
    -- folded mention texts, tab-separated: the aliases the article ties to this name
    aliases  TEXT NOT NULL,
    actor    INTEGER,
    PRIMARY KEY (article, eid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entities_actor ON entities(actor);

CREATE TABLE IF NOT EXISTS quotes (
    article      INTEGER NOT NULL,
    qid          TEXT NOT NULL,
    kind         TEXT NOT NULL,
    text         TEXT NOT NULL,
    speaker      TEXT,
    speaker_text TEXT,
    cue          TEXT,
    relayed_by   TEXT,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    PRIMARY KEY (article, qid)
) WITHOUT ROWID;

-- One article's report of an event (a record's `events` item).
CREATE TABLE IF NOT EXISTS reports (
    article     INTEGER NOT NULL,
    vid         TEXT NOT NULL,
    type        TEXT NOT NULL,
    mode        TEXT,
    cameo       TEXT,
    date        TEXT,
    date_source TEXT NOT NULL,
    negated     INTEGER NOT NULL,
    modality    TEXT NOT NULL,
    sentence    INTEGER NOT NULL,
    evidence    TEXT NOT NULL,
    ev_start    INTEGER NOT NULL,
    ev_end      INTEGER NOT NULL,
    trigger     TEXT NOT NULL,
    tr_start    INTEGER NOT NULL,
    tr_end      INTEGER NOT NULL,
    event       INTEGER,
    PRIMARY KEY (article, vid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reports_event ON reports(event);

CREATE TABLE IF NOT EXISTS participants (
    article INTEGER NOT NULL,
    vid     TEXT NOT NULL,
    role    TEXT NOT NULL,   -- source | target
    pos     INTEGER NOT NULL,
    eid     TEXT,
    code    TEXT,
    text    TEXT NOT NULL,
    actor   INTEGER,
    PRIMARY KEY (article, vid, role, pos)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS participants_actor ON participants(actor);

-- Derived by link(): one actor per canonical name + country across articles.
CREATE TABLE IF NOT EXISTS actors (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    fold     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    country  TEXT,
    sector   TEXT,
    aliases  TEXT NOT NULL,   -- tab-separated surface forms seen
    articles INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS actors_fold ON actors(fold);
-- the most mentioned actors first, without sorting them all
CREATE INDEX IF NOT EXISTS actors_articles ON actors(articles DESC, id);

-- Derived by link(): one event across outlets (same type, actors and negation; dates within a day).
CREATE TABLE IF NOT EXISTS events (
    id            INTEGER PRIMARY KEY,
    type          TEXT NOT NULL,
    mode          TEXT,
    cameo         TEXT,
    date          TEXT,
    negated       INTEGER NOT NULL,
    source_actors TEXT NOT NULL,
    target_actors TEXT NOT NULL,
    source_codes  TEXT NOT NULL,
    target_codes  TEXT NOT NULL,
    source_count  INTEGER NOT NULL,
    reports       INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS errors (
    source TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    at     TEXT NOT NULL
);

-- Full text over the simplified fold of each article (same offsets as its text), so one index
-- answers queries in either script. rowid = articles.rowid.
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(fold, tokenize = 'trigram');
-- The trigrams of that index: a query of one or two characters is found through the trigrams
-- that begin with it (the trigram index itself answers three characters or more).
CREATE VIRTUAL TABLE IF NOT EXISTS search_terms USING fts5vocab(search, row);
"#;
