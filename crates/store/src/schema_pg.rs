//! The PostgreSQL schema: the same tables and columns as the SQLite one (`schema.rs`), so the
//! store's SQL runs on both, plus the `jobs` queue of distributed ingest. Text sorts bytewise
//! (`COLLATE "C"`, SQLite's order), integers are `BIGINT`, blobs `BYTEA`; full-text search is a
//! `pg_trgm` GIN index over the same simplified fold instead of FTS5.
//!
//! Migrations: `schema_version` holds one row; each step in [`MIGRATIONS`] runs once, in order,
//! under an advisory lock so that workers starting together do not race.

/// The schema this build reads and writes.
pub const VERSION: i64 = 3;

/// Step `i` brings a database from version `i` to `i + 1`.
pub const MIGRATIONS: [&str; 3] = [V1, V2, V3];

const V1: &str = r#"
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- instr(haystack, needle) as SQLite has it: 1-based position, 0 when absent
CREATE OR REPLACE FUNCTION instr(text, text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT strpos($1, $2)';

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C" NOT NULL
);

CREATE TABLE IF NOT EXISTS inputs (
    hash TEXT COLLATE "C" PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL,
    raw  BYTEA NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    rowid        BIGSERIAL PRIMARY KEY,
    id           TEXT COLLATE "C" NOT NULL UNIQUE,
    source_key   TEXT COLLATE "C" NOT NULL,
    content_hash TEXT COLLATE "C" NOT NULL,
    duplicate_of TEXT COLLATE "C",
    title        TEXT COLLATE "C",
    published    TEXT COLLATE "C",
    date         TEXT COLLATE "C",
    url          TEXT COLLATE "C",
    outlet       TEXT COLLATE "C",
    language     TEXT COLLATE "C" NOT NULL,
    source       TEXT COLLATE "C" NOT NULL,
    text_bytes   BIGINT NOT NULL,
    input_hash   TEXT COLLATE "C",
    record       TEXT COLLATE "C" NOT NULL,
    stored_at    TEXT COLLATE "C" NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_input ON articles(input_hash);

CREATE TABLE IF NOT EXISTS entities (
    article  BIGINT NOT NULL,
    eid      TEXT COLLATE "C" NOT NULL,
    name     TEXT COLLATE "C" NOT NULL,
    kind     TEXT COLLATE "C" NOT NULL,
    country  TEXT COLLATE "C",
    sector   TEXT COLLATE "C",
    aliases  TEXT COLLATE "C" NOT NULL,
    actor    BIGINT,
    PRIMARY KEY (article, eid)
);
CREATE INDEX IF NOT EXISTS entities_actor ON entities(actor);

CREATE TABLE IF NOT EXISTS quotes (
    article      BIGINT NOT NULL,
    qid          TEXT COLLATE "C" NOT NULL,
    kind         TEXT COLLATE "C" NOT NULL,
    text         TEXT COLLATE "C" NOT NULL,
    speaker      TEXT COLLATE "C",
    speaker_text TEXT COLLATE "C",
    cue          TEXT COLLATE "C",
    relayed_by   TEXT COLLATE "C",
    start        BIGINT NOT NULL,
    "end"        BIGINT NOT NULL,
    PRIMARY KEY (article, qid)
);

CREATE TABLE IF NOT EXISTS reports (
    article     BIGINT NOT NULL,
    vid         TEXT COLLATE "C" NOT NULL,
    type        TEXT COLLATE "C" NOT NULL,
    mode        TEXT COLLATE "C",
    cameo       TEXT COLLATE "C",
    date        TEXT COLLATE "C",
    date_source TEXT COLLATE "C" NOT NULL,
    negated     BIGINT NOT NULL,
    modality    TEXT COLLATE "C" NOT NULL,
    sentence    BIGINT NOT NULL,
    evidence    TEXT COLLATE "C" NOT NULL,
    ev_start    BIGINT NOT NULL,
    ev_end      BIGINT NOT NULL,
    trigger     TEXT COLLATE "C" NOT NULL,
    tr_start    BIGINT NOT NULL,
    tr_end      BIGINT NOT NULL,
    event       BIGINT,
    PRIMARY KEY (article, vid)
);
CREATE INDEX IF NOT EXISTS reports_event ON reports(event);

CREATE TABLE IF NOT EXISTS participants (
    article BIGINT NOT NULL,
    vid     TEXT COLLATE "C" NOT NULL,
    role    TEXT COLLATE "C" NOT NULL,
    pos     BIGINT NOT NULL,
    eid     TEXT COLLATE "C",
    code    TEXT COLLATE "C",
    text    TEXT COLLATE "C" NOT NULL,
    actor   BIGINT,
    PRIMARY KEY (article, vid, role, pos)
);
CREATE INDEX IF NOT EXISTS participants_actor ON participants(actor);

CREATE TABLE IF NOT EXISTS actors (
    id       BIGINT PRIMARY KEY,
    name     TEXT COLLATE "C" NOT NULL,
    fold     TEXT COLLATE "C" NOT NULL,
    kind     TEXT COLLATE "C" NOT NULL,
    country  TEXT COLLATE "C",
    sector   TEXT COLLATE "C",
    aliases  TEXT COLLATE "C" NOT NULL,
    articles BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS actors_fold ON actors(fold);

CREATE TABLE IF NOT EXISTS events (
    id            BIGINT PRIMARY KEY,
    type          TEXT COLLATE "C" NOT NULL,
    mode          TEXT COLLATE "C",
    cameo         TEXT COLLATE "C",
    date          TEXT COLLATE "C",
    negated       BIGINT NOT NULL,
    source_actors TEXT COLLATE "C" NOT NULL,
    target_actors TEXT COLLATE "C" NOT NULL,
    source_codes  TEXT COLLATE "C" NOT NULL,
    target_codes  TEXT COLLATE "C" NOT NULL,
    source_count  BIGINT NOT NULL,
    reports       BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS errors (
    source TEXT COLLATE "C" PRIMARY KEY,
    reason TEXT COLLATE "C" NOT NULL,
    at     TEXT COLLATE "C" NOT NULL
);

-- the simplified fold of each article; rowid = articles.rowid. A trigram GIN index answers
-- strpos/LIKE lookups of three characters or more.
CREATE TABLE IF NOT EXISTS search (
    rowid BIGINT PRIMARY KEY,
    fold  TEXT COLLATE "C" NOT NULL
);
CREATE INDEX IF NOT EXISTS search_fold ON search USING gin (fold gin_trgm_ops);

-- Distributed ingest: one row per input. Any worker claims pending (or lease-expired) rows with
-- SELECT … FOR UPDATE SKIP LOCKED; the article writes and state = 'done' commit together.
CREATE TABLE IF NOT EXISTS jobs (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL UNIQUE,
    raw         BYTEA,                -- the input's bytes until it is done
    hash        BYTEA,                -- SHA-256 of those bytes, once done
    state       TEXT COLLATE "C" NOT NULL DEFAULT 'pending',  -- pending | running | done | failed
    owner       TEXT COLLATE "C",
    lease_until TIMESTAMPTZ,
    attempts    BIGINT NOT NULL DEFAULT 0,
    error       TEXT COLLATE "C"
);
CREATE INDEX IF NOT EXISTS jobs_open ON jobs(state, lease_until) WHERE state <> 'done';
"#;

const V2: &str = r#"
CREATE INDEX IF NOT EXISTS articles_date ON articles(date, id);
CREATE INDEX IF NOT EXISTS actors_articles ON actors(articles DESC, id);
"#;

// claims walk the open jobs in id order: an index of those only (the old one made each claim
// step over every done row, 27 ms a claim at the end of a 26,000-input queue, now 0.06 ms)
const V3: &str = r#"
DROP INDEX IF EXISTS jobs_open;
CREATE INDEX IF NOT EXISTS jobs_open_id ON jobs(id) WHERE state IN ('pending', 'running');
"#;
