//! The corpus: `document/1` records in one SQLite file (the embedded default) or a PostgreSQL
//! database, the same actors and events recognised across articles and outlets, full-text
//! search in both scripts, and exports (PLOVER JSON, GDELT-style TSV, CSV, Parquet, JSON Lines).
//!
//! - **Two backends, one SQL.** [`Db`] runs the store's statements on rusqlite or on the sync
//!   `postgres` client: SQLite's `?N` parameters become `$N`, upserts are `ON CONFLICT … DO
//!   UPDATE`, new rows come back with `RETURNING`; the PostgreSQL schema (`schema_pg.rs`,
//!   migrated by a `schema_version` row) has the same tables and columns, bytewise `COLLATE "C"`
//!   text, and a `pg_trgm` index in place of FTS5. [`Store::open_any`] picks the backend from
//!   `--db` (`postgres://…` or a path).
//! - **Many writers (PostgreSQL).** [`jobs`] is a queue of inputs that any number of worker
//!   processes claim with `FOR UPDATE SKIP LOCKED` under renewed leases; [`Store::put_batch`]
//!   commits an input's articles with its `done` mark. Writers of one article id or one body
//!   take an advisory lock, and [`Replace::IfBetter`] keeps the best version of an id whatever
//!   order workers meet them in, so N workers end as one process would.
//!
//! The store reads [`Record`]s, never a pipeline `Doc`: whatever makes records (the `jishi`
//! command, a test, another program) can fill it.
//!
//! - **Identity.** An article is its source key (URL, else path): `article.id`. Storing a record
//!   whose id is known with the same `content_hash` changes nothing; with another hash it
//!   replaces the old one. Articles with the same body under different keys are kept, marked
//!   `duplicate_of` the smallest id of their group, and count once as a source.
//! - **Atomicity.** [`Store::put`] writes an article, its input, entities, quotes and event
//!   reports in one transaction (WAL journal): a killed process leaves each article whole or
//!   absent.
//! - **Across articles.** [`Store::link`] derives `actors` (one per folded canonical name and
//!   country, aliases merged) and `events` (reports of the same type, actors and negation dated
//!   within a day of each other) from the per-article tables, deterministically: the result
//!   depends on the set of articles, not on the order they came in.
//!
//! ```
//! # fn main() -> Result<(), jishi_store::StoreError> {
//! let mut store = jishi_store::Store::open_in_memory()?;
//! let record: jishi_record::Record = serde_json::from_str(jishi_store::EXAMPLE_RECORD).unwrap();
//! assert_eq!(store.put(&record, None, jishi_store::Replace::IfChanged)?, jishi_store::Outcome::New);
//! assert_eq!(store.put(&record, None, jishi_store::Replace::IfChanged)?, jishi_store::Outcome::Unchanged);
//! store.link()?;
//! assert_eq!(store.counts()?.events, 1);
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use jishi_record::Record;
use rusqlite::Connection;

#[macro_use]
pub mod db;
pub mod export;
pub mod jobs;
mod link;
mod migrate;
pub mod query;
mod schema;
mod schema_pg;
#[doc(hidden)]
pub mod testing;

pub use db::{Db, Dialect, OptionalExtension, Params, Row, Statement, Val};

pub use export::{ExportFormat, PloverActor, PloverEvent};
pub use link::LinkStats;
pub use query::{Filter, Table};

/// A small record with one event, for examples and tests.
pub const EXAMPLE_RECORD: &str = include_str!("../tests/data/example-record.json");

/// What went wrong in the store. `Display` names the database or the article concerned.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database: {0}")]
    Postgres(#[from] postgres::Error),
    #[error("{path}: {message}")]
    Open { path: String, message: String },
    #[error("record {id}: {source}")]
    Json {
        id: String,
        source: serde_json::Error,
    },
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("{0}")]
    Invalid(String),
    /// A query that must answer one row answered none.
    #[error("no such row")]
    NoRows,
}

/// Results of the store.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The raw input an article was read from: kept (deflated) so that `reindex` can redo it.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The name the readers were given (a path, or `-`).
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// A stored input, inflated, with the ids of the articles read from it.
#[derive(Clone, Debug)]
pub struct StoredInput {
    pub hash: String,
    pub name: String,
    pub bytes: Vec<u8>,
    pub articles: Vec<String>,
}

/// When to replace a stored article with the same id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replace {
    /// Only when its content hash differs (ingest).
    IfChanged,
    /// Always (reindex with a newer engine).
    Always,
    /// When the stored version ranks lower (see [`rank_of`]): workers that meet several
    /// versions of one URL in any order end with the best one, as a single run does.
    IfBetter,
}

/// What [`Store::put`] did with a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    New,
    /// The id was known with another content hash (or replaced by reindex): the old record went.
    Replaced,
    Unchanged,
}

/// What the store knows of a stored article without reading its record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Known {
    pub content_hash: String,
    pub published: Option<String>,
    /// Length of the record's text in bytes.
    pub text_bytes: usize,
    /// The path (or `path:line`) it was read from.
    pub source: String,
}

/// How many rows the corpus holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub articles: u64,
    /// Articles whose body is the same as an article with a smaller id.
    pub duplicates: u64,
    pub entities: u64,
    pub quotes: u64,
    /// Event reports, one per article event.
    pub reports: u64,
    /// Events across articles (after [`Store::link`]).
    pub events: u64,
    pub actors: u64,
    pub errors: u64,
    pub inputs: u64,
}

/// The corpus database: a SQLite file (the default) or a PostgreSQL server.
pub struct Store {
    conn: Db,
}

/// True when `db` names a PostgreSQL server (`postgres://…` or `postgresql://…`) rather than a
/// SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// The version ranking of an article (see [`Replace::IfBetter`]).
pub type Rank = (Option<String>, usize, String);

/// Advisory lock keys (PostgreSQL): one article id or content hash is written by one
/// transaction at a time; `link` runs once at a time.
fn lock_key(kind: &str, s: &str) -> i64 {
    use sha2::Digest;
    let d = sha2::Sha256::digest(format!("{kind}\u{0}{s}").as_bytes());
    i64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
}

pub(crate) const LINK_LOCK: i64 = 0x6a69_7368_692d_6c6b; // "jishi-lk"
const MIGRATE_LOCK: i64 = 0x6a69_7368_692d_6d67; // "jishi-mg"

impl Store {
    /// Opens (or creates) the database at `path`, in WAL mode.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path).map_err(|e| StoreError::Open {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        Store::init(conn).map_err(|e| StoreError::Open {
            path: path.display().to_string(),
            message: e.to_string(),
        })
    }

    /// Opens a corpus named by `db`: a PostgreSQL URL (see [`is_postgres_url`]) or the path
    /// of a SQLite file.
    pub fn open_any(db: &str) -> Result<Store> {
        if is_postgres_url(db) {
            Store::open_postgres(db)
        } else {
            Store::open(Path::new(db))
        }
    }

    /// Connects to a PostgreSQL database and brings its schema up to date.
    pub fn open_postgres(url: &str) -> Result<Store> {
        let fail = |e: StoreError| StoreError::Open {
            path: redact(url),
            message: e.to_string(),
        };
        let conn = Db::connect_postgres(url).map_err(fail)?;
        let store = Store { conn };
        store.migrate_postgres().map_err(fail)?;
        Ok(store)
    }

    fn migrate_postgres(&self) -> Result<()> {
        let db = &self.conn;
        let version = || -> Result<i64> {
            Ok(db
                .query_row(
                    "SELECT version FROM schema_version WHERE to_regclass('schema_version') IS NOT NULL",
                    &[],
                    |r| r.get::<_, i64>(0),
                )
                .or_else(|_| Ok::<_, StoreError>(None))?
                .unwrap_or(0))
        };
        let exists = db
            .query_row(
                "SELECT to_regclass('schema_version') IS NOT NULL",
                &[],
                |r| r.get::<_, bool>(0),
            )?
            .unwrap_or(false);
        if exists && version()? == schema_pg::VERSION {
            return Ok(());
        }
        let tx = db.begin()?;
        tx.execute("SELECT pg_advisory_xact_lock(?1)", &vals![MIGRATE_LOCK])?;
        tx.batch("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")?;
        let v = tx
            .query_row("SELECT version FROM schema_version", &[], |r| {
                r.get::<_, i64>(0)
            })?
            .unwrap_or(0);
        if v > schema_pg::VERSION {
            return Err(StoreError::Invalid(format!(
                "database schema version {v} is newer than this jishi's ({})",
                schema_pg::VERSION
            )));
        }
        for step in &schema_pg::MIGRATIONS[v as usize..] {
            tx.batch(step)?;
        }
        tx.execute("DELETE FROM schema_version", &[])?;
        tx.execute(
            "INSERT INTO schema_version(version) VALUES (?1)",
            &vals![schema_pg::VERSION],
        )?;
        tx.commit()
    }

    /// A database in memory (tests, examples).
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // every statement of put() and link() stays prepared
        conn.set_prepared_statement_cache_capacity(64);
        // WAL: a commit is one append; synchronous=NORMAL keeps every committed article across
        // a killed process (only an OS crash may lose the last commits, never consistency)
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > schema::VERSION {
            return Err(StoreError::Invalid(format!(
                "database schema version {version} is newer than this jishi's ({})",
                schema::VERSION
            )));
        }
        if version < schema::VERSION {
            // a new database (readers of an existing one take no write lock here)
            conn.execute_batch(schema::DDL)?;
            conn.pragma_update(None, "user_version", schema::VERSION)?;
        }
        Ok(Store {
            conn: Db::Sqlite(conn),
        })
    }

    /// The underlying SQLite connection, for ad-hoc SQL (on PostgreSQL: an empty in-memory
    /// database; use [`Store::db`]).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The database of either backend, for SQL in the dialect both share.
    pub fn db(&self) -> &Db {
        &self.conn
    }

    /// Which backend holds the corpus.
    pub fn dialect(&self) -> Dialect {
        self.conn.dialect()
    }

    /// Every stored article by id: its content hash, publication time, text length and source
    /// (to skip unchanged inputs, and outranked versions, before analysis).
    pub fn known(&self) -> Result<HashMap<String, Known>> {
        self.conn
            .query_map(
                "SELECT id, content_hash, published, text_bytes, source FROM articles",
                &[],
                |r| {
                    Ok((
                        r.get(0)?,
                        Known {
                            content_hash: r.get(1)?,
                            published: r.get(2)?,
                            text_bytes: r.get::<_, i64>(3)? as usize,
                            source: r.get(4)?,
                        },
                    ))
                },
            )
            .map(|v| v.into_iter().collect())
    }

    /// Stores one record (and the input it came from) in its own transaction.
    pub fn put(
        &mut self,
        record: &Record,
        input: Option<Input<'_>>,
        replace: Replace,
    ) -> Result<Outcome> {
        let tx = self.conn.begin()?;
        let outcome = put_in(&tx, record, input, replace)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Stores the records and failures of one input and runs `then` (e.g. marking a job done),
    /// all in one transaction: a process killed midway leaves none of it.
    pub fn put_batch(
        &mut self,
        records: &[&Record],
        input: Option<Input<'_>>,
        replace: Replace,
        failures: &[(String, String)],
        then: impl FnOnce(&Db) -> Result<()>,
    ) -> Result<Vec<Outcome>> {
        let tx = self.conn.begin()?;
        let mut out = Vec::with_capacity(records.len());
        for r in records {
            out.push(put_in(&tx, r, input, replace)?);
        }
        for (source, reason) in failures {
            put_error_in(&tx, source, reason)?;
        }
        then(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Records that an input failed, with the reason (replacing an earlier failure of it).
    pub fn put_error(&mut self, source: &str, reason: &str) -> Result<()> {
        put_error_in(&self.conn, source, reason)
    }

    /// True when articles changed since the last [`Store::link`].
    pub fn link_stale(&self) -> Result<bool> {
        let v: Option<String> = self.conn.query_row(
            "SELECT value FROM meta WHERE key = 'link_stale'",
            &[],
            |r| r.get(0),
        )?;
        Ok(v.as_deref() == Some("1"))
    }

    /// Every stored input with the articles read from it (for reindex).
    pub fn inputs(&self) -> Result<Vec<StoredInput>> {
        let rows = self.conn.rows(
            "SELECT i.hash, i.name, i.raw, group_concat(a.id, ' ')
               FROM inputs i JOIN articles a ON a.input_hash = i.hash
              GROUP BY i.hash, i.name, i.raw ORDER BY i.name",
            &[],
        )?;
        let mut out = Vec::new();
        for r in rows {
            let (hash, name, raw, ids): (String, String, Vec<u8>, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let mut bytes = Vec::new();
            flate2::read::DeflateDecoder::new(&raw[..]).read_to_end(&mut bytes)?;
            out.push(StoredInput {
                hash,
                name,
                bytes,
                articles: ids.split(' ').map(str::to_string).collect(),
            });
        }
        Ok(out)
    }

    /// The stored record of an article.
    pub fn record(&self, id: &str) -> Result<Option<Record>> {
        let json: Option<String> = self.conn.query_row(
            "SELECT record FROM articles WHERE id = ?1",
            &vals![id],
            |r| r.get(0),
        )?;
        json.map(|j| {
            serde_json::from_str(&j).map_err(|e| StoreError::Json {
                id: id.to_string(),
                source: e,
            })
        })
        .transpose()
    }

    /// Row counts of the corpus.
    pub fn counts(&self) -> Result<Counts> {
        let n = |sql: &str| -> Result<u64> {
            Ok(self
                .conn
                .query_row(sql, &[], |r| r.get::<_, i64>(0))?
                .unwrap_or(0) as u64)
        };
        Ok(Counts {
            articles: n("SELECT count(*) FROM articles")?,
            duplicates: n("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")?,
            entities: n("SELECT count(*) FROM entities")?,
            quotes: n("SELECT count(*) FROM quotes")?,
            reports: n("SELECT count(*) FROM reports")?,
            events: n("SELECT count(*) FROM events")?,
            actors: n("SELECT count(*) FROM actors")?,
            errors: n("SELECT count(*) FROM errors")?,
            inputs: n("SELECT count(*) FROM inputs")?,
        })
    }

    /// Drops inputs no article refers to any more.
    pub fn vacuum_inputs(&mut self) -> Result<usize> {
        Ok(self.conn.execute(
            "DELETE FROM inputs WHERE hash NOT IN
               (SELECT input_hash FROM articles WHERE input_hash IS NOT NULL)",
            &[],
        )? as usize)
    }
}

/// The source key of a record: its URL, else its source path.
pub fn source_key(record: &Record) -> &str {
    record
        .article
        .url
        .as_deref()
        .unwrap_or(&record.article.source)
}

fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    secs.to_string()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Byte offset of each code point index of `text` (and of its end).
pub(crate) fn char_starts(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// The text between two code point offsets (empty when out of range).
pub(crate) fn cp_slice<'a>(text: &'a str, starts: &[usize], start: usize, end: usize) -> &'a str {
    match (starts.get(start), starts.get(end)) {
        (Some(&s), Some(&e)) if s <= e => &text[s..e],
        _ => "",
    }
}

/// The key names are compared by: simplified fold, no spaces or middle dots.
pub fn name_key(name: &str) -> String {
    jishi_text::fold(name)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '·' | '•' | '・' | '‧' | '.' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A PostgreSQL URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let cred = &url[s + 3..at];
            match cred.split_once(':') {
                Some((user, _)) => format!("{}{user}:…{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

fn put_error_in(db: &Db, source: &str, reason: &str) -> Result<()> {
    db.execute(
        "INSERT INTO errors(source, reason, at) VALUES (?1, ?2, ?3)
         ON CONFLICT(source) DO UPDATE SET reason = excluded.reason, at = excluded.at",
        &vals![source, reason, now()],
    )?;
    Ok(())
}

fn set_link_stale(db: &Db) -> Result<()> {
    // read first: concurrent writers then do not all queue on the one row
    let v: Option<String> = db.query_row(
        "SELECT value FROM meta WHERE key = 'link_stale'",
        &[],
        |r| r.get(0),
    )?;
    if v.as_deref() != Some("1") {
        db.execute(
            "INSERT INTO meta(key, value) VALUES ('link_stale', '1')
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            &[],
        )?;
    }
    Ok(())
}

/// [`Store::put`] inside an open transaction.
fn put_in(tx: &Db, record: &Record, input: Option<Input<'_>>, replace: Replace) -> Result<Outcome> {
    let a = &record.article;
    if tx.dialect() == Dialect::Postgres {
        // concurrent workers: one transaction at a time per article id and per body
        let mut keys = [lock_key("id", &a.id), lock_key("hash", &a.content_hash)];
        keys.sort();
        for k in keys {
            tx.execute("SELECT pg_advisory_xact_lock(?1)", &vals![k])?;
        }
    }
    let old: Option<(i64, String, Rank, Option<String>)> = tx.query_row(
        "SELECT rowid, content_hash, published, text_bytes, input_hash FROM articles WHERE id = ?1",
        &vals![a.id],
        |r| {
            let hash: String = r.get(1)?;
            Ok((
                r.get(0)?,
                hash.clone(),
                (r.get(2)?, r.get::<_, i64>(3)? as usize, hash),
                r.get(4)?,
            ))
        },
    )?;
    if let Some((_, hash, rank, _)) = &old {
        let keep = match replace {
            Replace::IfChanged => *hash == a.content_hash,
            Replace::IfBetter => *rank >= rank_of(record),
            Replace::Always => false,
        };
        if keep {
            // a previous failure of this source is now moot
            tx.execute("DELETE FROM errors WHERE source = ?1", &vals![a.source])?;
            return Ok(Outcome::Unchanged);
        }
    }
    let mut input_hash: Option<String> = None;
    let mut old_input: Option<String> = None;
    if let Some((rowid, _, _, oi)) = &old {
        old_input.clone_from(oi);
        input_hash.clone_from(oi);
        delete_article(tx, *rowid)?;
    }
    if let Some(input) = input {
        let hash = sha256_hex(input.bytes);
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(input.bytes)?;
        tx.execute(
            "INSERT INTO inputs(hash, name, raw) VALUES (?1, ?2, ?3) ON CONFLICT(hash) DO NOTHING",
            &vals![hash, input.name, z.finish()?],
        )?;
        input_hash = Some(hash);
    }
    let json = serde_json::to_string(record).map_err(|e| StoreError::Json {
        id: a.id.clone(),
        source: e,
    })?;
    let rowid: i64 = tx
        .query_row(
            "INSERT INTO articles(id, source_key, content_hash, title, published, date, url, outlet,
                                  language, source, input_hash, record, stored_at, text_bytes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             RETURNING rowid",
            &vals![
                a.id,
                source_key(record),
                a.content_hash,
                a.title,
                a.published,
                a.reference_date.value,
                a.url,
                a.outlet,
                a.language,
                a.source,
                input_hash,
                json,
                now(),
                record.text.len() as i64
            ],
            |r| r.get(0),
        )?
        .ok_or_else(|| StoreError::Invalid(format!("{}: no row id", a.id)))?;
    insert_layers(tx, rowid, record)?;
    tx.execute(
        "INSERT INTO search(rowid, fold) VALUES (?1, ?2)",
        &vals![rowid, jishi_text::fold(&record.text)],
    )?;
    mark_duplicates(tx, &a.content_hash)?;
    if let Some((_, old_hash, _, _)) = &old {
        if *old_hash != a.content_hash {
            mark_duplicates(tx, old_hash)?;
        }
    }
    if let Some(h) = old_input {
        // the replaced version's input, unless another article still needs it
        tx.execute(
            "DELETE FROM inputs WHERE hash = ?1
               AND NOT EXISTS (SELECT 1 FROM articles WHERE input_hash = ?1)",
            &vals![h],
        )?;
    }
    tx.execute("DELETE FROM errors WHERE source = ?1", &vals![a.source])?;
    set_link_stale(tx)?;
    Ok(if old.is_some() {
        Outcome::Replaced
    } else {
        Outcome::New
    })
}

/// How versions of one article id rank: the latest publication time, then the longest text,
/// then the content hash.
pub fn rank_of(record: &Record) -> Rank {
    (
        record.article.published.clone(),
        record.text.len(),
        record.article.content_hash.clone(),
    )
}

fn delete_article(tx: &Db, rowid: i64) -> Result<()> {
    for table in ["entities", "quotes", "reports", "participants"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE article = ?1"),
            &vals![rowid],
        )?;
    }
    tx.execute("DELETE FROM search WHERE rowid = ?1", &vals![rowid])?;
    tx.execute("DELETE FROM articles WHERE rowid = ?1", &vals![rowid])?;
    Ok(())
}

/// Within a content hash group, the smallest id is the canonical article, the others point to it.
fn mark_duplicates(tx: &Db, hash: &str) -> Result<()> {
    tx.execute(
        "UPDATE articles SET duplicate_of =
           (SELECT CASE WHEN m = articles.id THEN NULL ELSE m END
              FROM (SELECT min(id) AS m FROM articles WHERE content_hash = ?1) g)
         WHERE content_hash = ?1",
        &vals![hash],
    )?;
    Ok(())
}

/// `INSERT … ON CONFLICT (key) DO UPDATE` of every column: the last row written for a key wins,
/// on both backends (SQLite's `INSERT OR REPLACE`).
fn upsert(table: &str, columns: &[&str], key: &[&str]) -> String {
    let params: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    let set: Vec<String> = columns
        .iter()
        .filter(|c| !key.contains(c))
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO {table}({}) VALUES ({}) ON CONFLICT({}) DO UPDATE SET {}",
        columns.join(", "),
        params.join(", "),
        key.join(", "),
        set.join(", ")
    )
}

fn insert_layers(tx: &Db, rowid: i64, record: &Record) -> Result<()> {
    static SQL: std::sync::OnceLock<[String; 4]> = std::sync::OnceLock::new();
    let [entities, quotes, reports, participants] = SQL.get_or_init(|| {
        [
            upsert(
                "entities",
                &[
                    "article", "eid", "name", "kind", "country", "sector", "aliases",
                ],
                &["article", "eid"],
            ),
            upsert(
                "quotes",
                &[
                    "article",
                    "qid",
                    "kind",
                    "text",
                    "speaker",
                    "speaker_text",
                    "cue",
                    "relayed_by",
                    "start",
                    "\"end\"",
                ],
                &["article", "qid"],
            ),
            upsert(
                "reports",
                &[
                    "article",
                    "vid",
                    "type",
                    "mode",
                    "cameo",
                    "date",
                    "date_source",
                    "negated",
                    "modality",
                    "sentence",
                    "evidence",
                    "ev_start",
                    "ev_end",
                    "trigger",
                    "tr_start",
                    "tr_end",
                ],
                &["article", "vid"],
            ),
            upsert(
                "participants",
                &["article", "vid", "role", "pos", "eid", "code", "text"],
                &["article", "vid", "role", "pos"],
            ),
        ]
    });
    for e in &record.entities {
        let mut aliases: Vec<String> = e.mentions.iter().map(|m| name_key(&m.text)).collect();
        aliases.sort();
        aliases.dedup();
        tx.execute(
            entities,
            &vals![
                rowid,
                e.id,
                e.name,
                e.kind,
                e.actor.as_ref().and_then(|a| a.country.as_deref()),
                e.actor.as_ref().and_then(|a| a.sector.as_deref()),
                aliases.join("\t")
            ],
        )?;
    }
    for q in &record.quotes {
        tx.execute(
            quotes,
            &vals![
                rowid,
                q.id,
                q.kind,
                q.text,
                q.speaker,
                q.speaker_text,
                q.cue,
                q.relayed_by,
                q.start as i64,
                q.end as i64
            ],
        )?;
    }
    let starts = char_starts(&record.text);
    for v in &record.events {
        let sentence = record.sentences.get(v.sentence).copied();
        let (s, e) = sentence.map_or((v.trigger.start, v.trigger.end), |s| (s.start, s.end));
        tx.execute(
            reports,
            &vals![
                rowid,
                v.id,
                v.kind,
                v.mode,
                v.cameo,
                v.date,
                v.date_source,
                v.negated,
                v.modality,
                v.sentence as i64,
                cp_slice(&record.text, &starts, s, e),
                s as i64,
                e as i64,
                v.trigger.text,
                v.trigger.start as i64,
                v.trigger.end as i64
            ],
        )?;
        for (role, list) in [("source", &v.source), ("target", &v.target)] {
            for (i, p) in list.iter().enumerate() {
                tx.execute(
                    participants,
                    &vals![rowid, v.id, role, i as i64, p.entity, p.code, p.text],
                )?;
            }
        }
    }
    Ok(())
}
