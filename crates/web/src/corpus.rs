//! The corpus API: articles, events, quotes, actors, the actor network, the timeline and search,
//! read from a `jishi-store` database. Read-only: the server never writes the corpus.
//!
//! SQLite connections are not shared between threads, so the corpus keeps a few of them, each
//! behind a lock, and every query runs on the blocking pool.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::Json;
use jishi_store::{Dialect, Filter, OptionalExtension, Store, StoreError, Table, Val};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::{ApiError, AppState};

/// A corpus database, opened read-only on a few connections.
pub struct Corpus {
    pool: Vec<Mutex<Store>>,
    next: AtomicUsize,
    /// What is read once from the whole corpus (and again after the database changed).
    caches: RwLock<Arc<Caches>>,
    /// The corpus is a PostgreSQL database.
    postgres: bool,
    /// A connection that notices commits of other processes (a concurrent ingest).
    watch: Mutex<Watch>,
    /// How many times the caches were read again.
    generation: AtomicU64,
    /// A connection that only asks whether the database changed (held for microseconds).
    probe: Mutex<Store>,
}

/// Aggregates over the whole corpus, too slow to compute in SQL on each request: read at
/// startup, read again in the background when another process changed the database.
struct Caches {
    /// Every (event, source actor, target actor) of the corpus: the network and each actor's
    /// partners are aggregates over all of them.
    interactions: Vec<Interaction>,
    /// Each actor's country, for the network's country filter.
    countries: HashMap<i64, String>,
    /// A week before the first article's date, the first and the last article dates.
    span: (Option<String>, Option<String>, Option<String>),
    /// Per actor, what its page lists, newest first and cut to the page's length: the
    /// (article, entity) of its latest mentions (their titles are read from the records) …
    mentions: HashMap<i64, Vec<(i64, String)>>,
    /// … the (article, quote) of its latest quotes …
    quotes: HashMap<i64, Vec<(i64, String)>>,
    /// … and its latest events, with its role in each.
    events: HashMap<i64, Vec<(i64, String)>>,
    /// Every actor's id, folded name and aliases, the most mentioned first: search reads them
    /// here (a scan of the table with `instr` took 25 to 60 ms).
    names: Vec<(i64, String, String)>,
    /// Every event dated to a day: (date, type, source and target codes), for the timeline.
    dated: Vec<(String, String, String)>,
}

/// One event between two actors (each event once per pair).
struct Interaction {
    event: i64,
    date: String,
    kind: String,
    source: i64,
    target: i64,
}

struct Watch {
    store: Store,
    version: i64,
    checked: Instant,
    /// A reading of the caches is under way.
    busy: bool,
}

/// How many titles' worth of mentions, quotes and events an actor page shows.
const PAGE_MENTIONS: usize = 100;
const PAGE_QUOTES: usize = 200;
const PAGE_EVENTS: usize = 300;

/// How often, at most, the server asks whether the database changed.
const WATCH_EVERY: Duration = Duration::from_secs(5);

impl Corpus {
    /// Opens the database at `path` (made by `jishi ingest`). `read_only` opens the file itself
    /// read-only (the server never writes it either way).
    pub fn open(path: &Path, read_only: bool) -> Result<Corpus, StoreError> {
        let n = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8));
        let open = || -> Result<Store, StoreError> {
            let name = path.to_string_lossy();
            if jishi_store::is_postgres_url(&name) {
                let store = Store::open_postgres(&name)?;
                store.db().batch("SET default_transaction_read_only = on")?;
                return Ok(store);
            }
            let store = if read_only {
                Store::open(Path::new(&read_only_uri(path)?))?
            } else {
                Store::open(path)?
            };
            let conn = store.db();
            conn.pragma_update(None, "query_only", true)?;
            // the file mapped into memory, and a larger page cache: reads without a system call
            conn.pragma_update(None, "mmap_size", 1i64 << 32)?;
            conn.pragma_update(None, "cache_size", -32_768)?;
            Ok(store)
        };
        let mut pool = Vec::with_capacity(n);
        for _ in 0..n {
            pool.push(Mutex::new(open()?));
        }
        let probe = Mutex::new(open()?);
        let store_is_postgres = jishi_store::is_postgres_url(&path.to_string_lossy());
        let store = open()?;
        let version = data_version(&store)?;
        let caches = Caches::read(&store)?;
        Ok(Corpus {
            pool,
            next: AtomicUsize::new(0),
            caches: RwLock::new(Arc::new(caches)),
            watch: Mutex::new(Watch {
                store,
                version,
                checked: Instant::now(),
                busy: false,
            }),
            generation: AtomicU64::new(0),
            postgres: store_is_postgres,
            probe,
        })
    }

    fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let free = self.pool.iter().find_map(|m| m.try_lock().ok());
        let guard = match free {
            Some(g) => g,
            None => {
                let i = self.next.fetch_add(1, Ordering::Relaxed) % self.pool.len();
                // a poisoned lock only means an earlier query panicked; the connection is fine
                self.pool[i].lock().unwrap_or_else(|p| p.into_inner())
            }
        };
        f(&guard)
    }

    /// True when the database file is open read-only.
    pub fn is_read_only(&self) -> bool {
        self.with(|store| Ok(store.connection().is_readonly("main")?))
            .unwrap_or(false)
    }

    fn caches(&self) -> Arc<Caches> {
        Arc::clone(&self.caches.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// True when another process committed to the database since the caches were read, and
    /// no reading is under way (then the caller reads them again with [`Corpus::refresh`]).
    fn stale(&self) -> bool {
        let Ok(mut w) = self.watch.try_lock() else {
            return false;
        };
        if w.busy || w.checked.elapsed() < WATCH_EVERY {
            return false;
        }
        w.checked = Instant::now();
        match data_version(&w.store) {
            Ok(v) if v != w.version => {
                w.version = v;
                w.busy = true;
                true
            }
            _ => false,
        }
    }

    /// Reads the caches again (on a thread of its own: requests go on with the old ones).
    fn refresh(&self) {
        let mut w = self.watch.lock().unwrap_or_else(|p| p.into_inner());
        if let Ok(caches) = Caches::read(&w.store) {
            *self.caches.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(caches);
            self.generation.fetch_add(1, Ordering::Release);
        }
        w.busy = false;
    }

    /// Changes whenever a commit changed the database (any process's); `None` if it cannot tell.
    pub fn data_version(&self) -> Option<i64> {
        let read = || {
            let probe = self.probe.lock().unwrap_or_else(|p| p.into_inner());
            data_version(&probe).ok()
        };
        if self.postgres {
            // the sync PostgreSQL client runs a runtime of its own, which may not start on a
            // thread of the server's (this is asked from request handlers)
            std::thread::scope(|s| s.spawn(read).join().ok().flatten())
        } else {
            read()
        }
    }

    /// Changes each time the server notices that another process changed the database (and
    /// has read its caches again): answers remembered under an older generation are stale.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }
}

/// `file:` URI of `path` opened read-only (SQLite takes URIs in place of paths).
fn read_only_uri(path: &Path) -> Result<String, StoreError> {
    let abs = std::fs::canonicalize(path)?;
    let mut uri = String::from("file:");
    for b in abs.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro");
    Ok(uri)
}

/// Changes when another connection commits to the database (on PostgreSQL: the position of
/// the server's write-ahead log, which moves with every commit).
fn data_version(store: &Store) -> Result<i64, StoreError> {
    match store.dialect() {
        Dialect::Sqlite => {
            Ok(store
                .connection()
                .pragma_query_value(None, "data_version", |r| r.get(0))?)
        }
        Dialect::Postgres => store.db().query_one(
            "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint",
            [],
            |r| r.get(0),
        ),
    }
}

impl Caches {
    fn read(store: &Store) -> Result<Caches, StoreError> {
        let conn = store.db();
        let mut st = conn.prepare(
            "SELECT DISTINCT r.event, coalesce(ev.date, ''), r.type, ps.actor, pt.actor
               FROM reports r
               CROSS JOIN events ev ON ev.id = r.event
               CROSS JOIN participants ps
                     ON ps.article = r.article AND ps.vid = r.vid AND ps.role = 'source'
               CROSS JOIN participants pt
                     ON pt.article = r.article AND pt.vid = r.vid AND pt.role = 'target'
              WHERE +ps.actor IS NOT NULL AND +pt.actor IS NOT NULL AND ps.actor <> pt.actor",
        )?;
        let interactions = st
            .query_map([], |r| {
                Ok(Interaction {
                    event: r.get(0)?,
                    date: r.get(1)?,
                    kind: r.get(2)?,
                    source: r.get(3)?,
                    target: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut st = conn.prepare("SELECT id, country FROM actors WHERE country IS NOT NULL")?;
        let countries = st
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
            .collect::<Result<HashMap<_, _>, _>>()?;
        let week_before = match conn.dialect() {
            Dialect::Sqlite => "date(min(date), '-7 days')",
            Dialect::Postgres => "to_char(min(substr(date, 1, 10))::date - 7, 'YYYY-MM-DD')",
        };
        let span = conn.query_one(
            &format!(
                "SELECT {week_before}, min(date), max(date) FROM articles
                  WHERE length(date) >= 10"
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;

        // each article's date, its publication time (else date) and id: the orders of the lists
        let mut st = conn.prepare(
            "SELECT rowid, coalesce(date, ''), coalesce(published, date, ''), id FROM articles",
        )?;
        let articles = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    (
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ),
                ))
            })?
            .collect::<Result<HashMap<_, _>, _>>()?;
        let none = (String::new(), String::new(), String::new());
        let article = |rowid: i64| articles.get(&rowid).unwrap_or(&none);

        let mut mentions: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
        let mut st =
            conn.prepare("SELECT actor, article, eid FROM entities WHERE actor IS NOT NULL")?;
        for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?)))? {
            let (actor, rowid, eid) = row?;
            mentions.entry(actor).or_default().push((rowid, eid));
        }
        for list in mentions.values_mut() {
            // newest article first (then by article id: a stable order)
            list.sort_by(|a, b| {
                let (x, y) = (article(a.0), article(b.0));
                y.0.cmp(&x.0)
                    .then_with(|| x.2.cmp(&y.2))
                    .then_with(|| a.1.cmp(&b.1))
            });
            list.truncate(PAGE_MENTIONS);
        }

        let mut quotes: HashMap<i64, Vec<(i64, String, i64)>> = HashMap::new();
        let mut st = conn.prepare(
            "SELECT e.actor, q.article, q.qid, q.start
               FROM quotes q CROSS JOIN entities e ON e.article = q.article AND e.eid = q.speaker
              WHERE e.actor IS NOT NULL",
        )?;
        for row in st.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })? {
            let (actor, rowid, qid, start) = row?;
            quotes.entry(actor).or_default().push((rowid, qid, start));
        }
        let quotes = quotes
            .into_iter()
            .map(|(actor, mut list)| {
                // newest first, then by article id and place in the article
                list.sort_by(|a, b| {
                    let (x, y) = (article(a.0), article(b.0));
                    y.1.cmp(&x.1)
                        .then_with(|| x.2.cmp(&y.2))
                        .then(a.2.cmp(&b.2))
                });
                list.truncate(PAGE_QUOTES);
                (actor, list.into_iter().map(|(r, q, _)| (r, q)).collect())
            })
            .collect();

        let mut events: HashMap<i64, Vec<(String, i64, String)>> = HashMap::new();
        let mut st = conn.prepare(
            "SELECT DISTINCT p.actor, r.event, p.role, coalesce(ev.date, '')
               FROM participants p
               CROSS JOIN reports r ON r.article = p.article AND r.vid = p.vid
               CROSS JOIN events ev ON ev.id = r.event
              WHERE p.actor IS NOT NULL",
        )?;
        for row in st.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })? {
            let (actor, event, role, date) = row?;
            events.entry(actor).or_default().push((date, event, role));
        }
        let events = events
            .into_iter()
            .map(|(actor, mut list)| {
                list.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
                list.truncate(PAGE_EVENTS);
                (actor, list.into_iter().map(|(_, e, r)| (e, r)).collect())
            })
            .collect();

        let mut st =
            conn.prepare("SELECT id, fold, aliases FROM actors ORDER BY articles DESC, id")?;
        let names = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<Vec<_>, _>>()?;

        let mut st = conn.prepare(
            "SELECT date, type, source_codes || ' ' || target_codes FROM events
              WHERE length(date) >= 10",
        )?;
        let dated = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<Vec<_>, _>>()?;

        Ok(Caches {
            dated,
            interactions,
            countries,
            span,
            mentions,
            quotes,
            events,
            names,
        })
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
    }
}

/// Runs a query on the blocking pool against the corpus (404 when the server has none).
async fn query<T: serde::Serialize + Send + 'static>(
    state: Arc<AppState>,
    f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<Json<T>, ApiError> {
    query_corpus(state, move |_, store| f(store)).await
}

/// Like [`query`], with the corpus's caches at hand.
async fn query_corpus<T: serde::Serialize + Send + 'static>(
    state: Arc<AppState>,
    f: impl FnOnce(&Caches, &Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<Json<T>, ApiError> {
    // when the request goes (its client left, or it timed out), its query stops too: an
    // abandoned slow query must not hold a connection that the next requests wait for
    let running: Arc<Mutex<Option<rusqlite::InterruptHandle>>> = Arc::default();
    let _interrupt = Interrupt(Arc::clone(&running));
    tokio::task::spawn_blocking(move || match &state.corpus {
        Some(corpus) => {
            if corpus.stale() {
                let state = Arc::clone(&state);
                std::thread::spawn(move || {
                    if let Some(corpus) = &state.corpus {
                        corpus.refresh();
                    }
                });
            }
            let caches = corpus.caches();
            corpus.with(|store| {
                let handle = store.connection().get_interrupt_handle();
                *running.lock().unwrap_or_else(|p| p.into_inner()) = Some(handle);
                let answer = f(&caches, store);
                running.lock().unwrap_or_else(|p| p.into_inner()).take();
                answer
            })
        }
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "no corpus: start the server with `jishi serve --db PATH`",
        )),
    })
    .await
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
    .map(Json)
}

/// Interrupts the query it holds, if one is still running, when dropped.
struct Interrupt(Arc<Mutex<Option<rusqlite::InterruptHandle>>>);

impl Drop for Interrupt {
    fn drop(&mut self) {
        if let Some(handle) = self.0.lock().unwrap_or_else(|p| p.into_inner()).take() {
            handle.interrupt();
        }
    }
}

/// The filters every list endpoint takes (all optional).
#[derive(Deserialize, Default, Clone)]
pub struct Params {
    /// An actor: its numeric id, or a name or alias in either script.
    actor: Option<String>,
    /// The speaker of a quote, by name.
    speaker: Option<String>,
    /// ISO 3166 alpha-3.
    country: Option<String>,
    /// Sector code (GOV, MIL, …).
    sector: Option<String>,
    /// PLOVER event type(s), comma-separated; entity type for actors; quote kind for quotes.
    #[serde(rename = "type")]
    kind: Option<String>,
    /// First date, YYYY-MM-DD.
    since: Option<String>,
    /// Last date, YYYY-MM-DD.
    until: Option<String>,
    outlet: Option<String>,
    /// Search text.
    q: Option<String>,
    limit: Option<usize>,
}

const MAX_LIMIT: usize = 1000;

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

impl Params {
    fn limit(&self, default: usize) -> usize {
        self.limit.unwrap_or(default).clamp(1, MAX_LIMIT)
    }

    fn filter(&self, default_limit: usize) -> Filter {
        let actor = nonempty(&self.actor).filter(|a| a.parse::<i64>().is_err());
        Filter {
            actor,
            speaker: nonempty(&self.speaker),
            country: nonempty(&self.country),
            sector: nonempty(&self.sector),
            kind: nonempty(&self.kind).filter(|k| !k.contains(',')),
            since: nonempty(&self.since),
            until: nonempty(&self.until),
            outlet: nonempty(&self.outlet),
            negated: None,
            limit: self.limit(default_limit),
        }
    }

    fn types(&self) -> Vec<String> {
        nonempty(&self.kind)
            .map(|k| {
                k.split(',')
                    .map(|t| t.trim().to_uppercase())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The actor ids the `actor` parameter names: an id, or every actor with that name/alias.
    fn actor_ids(&self, store: &Store) -> Result<Option<Vec<i64>>, ApiError> {
        let Some(a) = nonempty(&self.actor) else {
            return Ok(None);
        };
        if let Ok(id) = a.parse::<i64>() {
            return Ok(Some(vec![id]));
        }
        let table = store.actors(&Filter {
            actor: Some(a),
            ..Filter::default()
        })?;
        Ok(Some(
            table.rows.iter().filter_map(|r| r[0].as_i64()).collect(),
        ))
    }
}

/// A table as a list of objects.
fn items(table: &Table) -> Value {
    Value::Array(
        (0..table.rows.len())
            .map(|i| Value::Object(table.object(i)))
            .collect(),
    )
}

/// PLOVER quad class of an event type: 1 verbal cooperation, 2 material cooperation, 3 verbal
/// conflict, 4 material conflict.
fn quad(kind: &str) -> u8 {
    jishi_store::export::quad_class(kind).unwrap_or(0)
}

fn in_list(column: &str, n: usize) -> String {
    format!("{column} IN ({})", vec!["?"; n].join(","))
}

// ------------------------------------------------------------------ endpoints

/// `GET /api/stats`: row counts.
pub async fn stats(State(state): State<Arc<AppState>>) -> Result<Json<Value>, ApiError> {
    query_corpus(state, |corpus, store| {
        let c = store.counts()?;
        Ok(json!({
            "articles": c.articles, "duplicates": c.duplicates, "entities": c.entities,
            "quotes": c.quotes, "reports": c.reports, "events": c.events, "actors": c.actors,
            "first_date": corpus.span.1, "last_date": corpus.span.2,
        }))
    })
    .await
}

/// `GET /api/articles`.
pub async fn articles(
    State(state): State<Arc<AppState>>,
    Query(p): Query<Params>,
) -> Result<Json<Value>, ApiError> {
    query(state, move |store| {
        Ok(json!({ "items": items(&store.articles(&p.filter(100))?) }))
    })
    .await
}

/// `GET /api/articles/{id}`: the stored `document/1` record.
pub async fn article(
    State(state): State<Arc<AppState>>,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<jishi_record::Record>, ApiError> {
    query(state, move |store| {
        store
            .record(&id)?
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no article {id}")))
    })
    .await
}

/// `GET /api/events`: events across articles, each with its sources.
pub async fn events(
    State(state): State<Arc<AppState>>,
    Query(p): Query<Params>,
) -> Result<Json<Value>, ApiError> {
    query(state, move |store| {
        Ok(json!({ "items": items(&store.events(&p.filter(200))?) }))
    })
    .await
}

/// `GET /api/quotes`.
pub async fn quotes(
    State(state): State<Arc<AppState>>,
    Query(p): Query<Params>,
) -> Result<Json<Value>, ApiError> {
    query(state, move |store| {
        Ok(json!({ "items": items(&store.quotes(&p.filter(200))?) }))
    })
    .await
}

/// `GET /api/actors`: actors, most mentioned first (`q` matches names and aliases).
pub async fn actors(
    State(state): State<Arc<AppState>>,
    Query(p): Query<Params>,
) -> Result<Json<Value>, ApiError> {
    query(state, move |store| {
        let mut f = p.filter(100);
        if let Some(q) = nonempty(&p.q) {
            f.actor = Some(q);
        }
        Ok(json!({ "items": items(&store.actors(&f)?) }))
    })
    .await
}

/// `GET /api/actors/{id}`: one actor with titles, quotes, events and partners.
pub async fn actor(
    State(state): State<Arc<AppState>>,
    UrlPath(id): UrlPath<i64>,
) -> Result<Json<Value>, ApiError> {
    query_corpus(state, move |caches, store| actor_page(caches, store, id)).await
}

/// The page reads rows by key only: which mentions, quotes and events it lists comes from the
/// caches (an actor like 中央社 has tens of thousands of mentions: sorting them in SQL on each
/// request took 200 ms).
fn actor_page(caches: &Caches, store: &Store, id: i64) -> Result<Value, ApiError> {
    let conn = store.db();
    let head = conn
        .query_one(
            "SELECT id, name, kind, country, sector, aliases, articles FROM actors WHERE id = ?1",
            [id],
            |r| {
                Ok(json!({
                    "id": r.get::<_, i64>(0)?, "name": r.get::<_, String>(1)?,
                    "type": r.get::<_, String>(2)?, "country": r.get::<_, Option<String>>(3)?,
                    "sector": r.get::<_, Option<String>>(4)?,
                    "aliases": r.get::<_, String>(5)?.split('\t').filter(|a| !a.is_empty()).collect::<Vec<_>>(),
                    "articles": r.get::<_, i64>(6)?,
                }))
            },
        )
        .optional()?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no actor {id}")))?;
    let none = Vec::new();

    // titles over time, from the records of the actor's latest 100 articles (reading whole
    // records is the costly part of this page)
    let mut st = conn.prepare_cached(match conn.dialect() {
        Dialect::Sqlite => {
            "SELECT a.date, t.value
               FROM articles a, json_each(a.record, '$.entities') je,
                    json_each(je.value, '$.titles') t
              WHERE a.rowid = ?1 AND json_extract(je.value, '$.id') = ?2"
        }
        Dialect::Postgres => {
            "SELECT a.date, t.value
               FROM articles a, json_array_elements(a.record::json -> 'entities') je,
                    json_array_elements_text(coalesce(je -> 'titles', '[]'::json)) t(value)
              WHERE a.rowid = ?1 AND je ->> 'id' = ?2"
        }
    })?;
    let mut titles: BTreeMap<String, (String, String, u32)> = BTreeMap::new();
    for (article, eid) in caches.mentions.get(&id).unwrap_or(&none) {
        for row in st.query_map(jishi_store::vals![article, eid], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?))
        })? {
            let (date, title) = row?;
            let date = date.unwrap_or_default();
            let e = titles
                .entry(title)
                .or_insert_with(|| (date.clone(), date.clone(), 0));
            if date < e.0 {
                e.0 = date.clone();
            }
            if date > e.1 {
                e.1 = date;
            }
            e.2 += 1;
        }
    }
    let mut titles: Vec<Value> = titles
        .into_iter()
        .map(|(t, (first, last, n))| json!({"title": t, "first": first, "last": last, "articles": n}))
        .collect();
    titles.sort_by(|a, b| b["articles"].as_u64().cmp(&a["articles"].as_u64()));

    let mut st = conn.prepare_cached(
        "SELECT coalesce(a.published, a.date), q.kind, q.cue, q.text, a.outlet, a.id, a.url,
                a.title, q.qid, a.duplicate_of
           FROM quotes q JOIN articles a ON a.rowid = q.article
          WHERE q.article = ?1 AND q.qid = ?2",
    )?;
    let mut quotes = Vec::new();
    for (article, qid) in caches.quotes.get(&id).unwrap_or(&none) {
        let quote = st
            .query_row(jishi_store::vals![article, qid], |r| {
                Ok(json!({
                    "date": r.get::<_, Option<String>>(0)?, "kind": r.get::<_, String>(1)?,
                    "cue": r.get::<_, Option<String>>(2)?, "text": r.get::<_, String>(3)?,
                    "outlet": r.get::<_, Option<String>>(4)?, "article": r.get::<_, String>(5)?,
                    "url": r.get::<_, Option<String>>(6)?, "title": r.get::<_, Option<String>>(7)?,
                    "quote": r.get::<_, String>(8)?, "duplicate_of": r.get::<_, Option<String>>(9)?,
                }))
            })
            .optional()?;
        quotes.extend(quote);
    }

    let mut st = conn.prepare_cached(
        "SELECT id, date, type, mode, source_actors, target_actors, negated, source_count
           FROM events WHERE id = ?1",
    )?;
    let mut events = Vec::new();
    for (event, role) in caches.events.get(&id).unwrap_or(&Vec::new()) {
        let event = st
            .query_row([event], |r| {
                let kind: String = r.get(2)?;
                Ok(json!({
                    "id": r.get::<_, i64>(0)?, "date": r.get::<_, Option<String>>(1)?,
                    "quad": quad(&kind), "type": kind, "mode": r.get::<_, Option<String>>(3)?,
                    "source": r.get::<_, String>(4)?, "target": r.get::<_, String>(5)?,
                    "negated": r.get::<_, i64>(6)? == 1, "source_count": r.get::<_, i64>(7)?,
                    "role": role,
                }))
            })
            .optional()?;
        events.extend(event);
    }

    // the actors it acts with most: distinct events per partner, from the interactions
    let mut with: HashMap<i64, std::collections::HashSet<i64>> = HashMap::new();
    for i in &caches.interactions {
        let other = if i.source == id {
            i.target
        } else if i.target == id {
            i.source
        } else {
            continue;
        };
        with.entry(other).or_default().insert(i.event);
    }
    let mut ranked: Vec<(i64, usize)> = with.into_iter().map(|(a, e)| (a, e.len())).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(20);
    let mut st = conn.prepare_cached("SELECT name, country FROM actors WHERE id = ?1")?;
    let mut partners = Vec::new();
    for (other, n) in ranked {
        let partner = st
            .query_row([other], |r| {
                Ok(json!({
                    "id": other, "name": r.get::<_, String>(0)?,
                    "country": r.get::<_, Option<String>>(1)?, "events": n,
                }))
            })
            .optional()?;
        partners.extend(partner);
    }

    let mut page = head;
    if let Value::Object(m) = &mut page {
        m.insert("titles".into(), Value::Array(titles));
        m.insert("quotes".into(), Value::Array(quotes));
        m.insert("events".into(), Value::Array(events));
        m.insert("partners".into(), Value::Array(partners));
    }
    Ok(page)
}

/// `GET /api/network`: who acts on whom, over a date range and event types. Edges are directed
/// (source → target) and count events per quad class; the heaviest `limit` edges are kept.
pub async fn network(
    State(state): State<Arc<AppState>>,
    Query(p): Query<Params>,
) -> Result<Json<Value>, ApiError> {
    query_corpus(state, move |corpus, store| network_graph(corpus, store, &p)).await
}

fn date_and_type_filters(p: &Params, sql: &mut String, args: &mut Vec<String>) {
    if let Some(d) = nonempty(&p.since) {
        sql.push_str(" AND ev.date >= ?");
        args.push(d);
    }
    if let Some(d) = nonempty(&p.until) {
        sql.push_str(" AND substr(ev.date, 1, 10) <= ?");
        args.push(d);
    }
    let types = p.types();
    if !types.is_empty() {
        sql.push_str(" AND ");
        sql.push_str(&in_list("ev.type", types.len()));
        args.extend(types);
    }
    if let Some(c) = nonempty(&p.country) {
        sql.push_str(" AND (instr(ev.source_codes, ?) > 0 OR instr(ev.target_codes, ?) > 0)");
        args.push(c.to_uppercase());
        args.push(c.to_uppercase());
    }
}

fn network_graph(corpus: &Caches, store: &Store, p: &Params) -> Result<Value, ApiError> {
    let since = nonempty(&p.since);
    let until = nonempty(&p.until);
    let types = p.types();
    let country = nonempty(&p.country).map(|c| c.to_uppercase());
    let actors = p.actor_ids(store)?;
    let of_country = |id: i64| {
        country
            .as_deref()
            .is_none_or(|c| corpus.countries.get(&id).map(String::as_str) == Some(c))
    };
    let mut edges: HashMap<(i64, i64), [i64; 5]> = HashMap::new();
    for i in &corpus.interactions {
        let day = i.date.get(..10).unwrap_or(&i.date);
        if since.as_deref().is_some_and(|d| i.date.as_str() < d)
            || until.as_deref().is_some_and(|d| day > d)
            || (!types.is_empty() && !types.contains(&i.kind))
            || (country.is_some() && !of_country(i.source) && !of_country(i.target))
            || actors
                .as_ref()
                .is_some_and(|a| !a.contains(&i.source) && !a.contains(&i.target))
        {
            continue;
        }
        edges.entry((i.source, i.target)).or_default()[quad(&i.kind) as usize] += 1;
    }
    let conn = store.db();
    let mut edges: Vec<((i64, i64), [i64; 5])> = edges.into_iter().collect();
    edges.sort_by(|a, b| {
        let (na, nb) = (a.1.iter().sum::<i64>(), b.1.iter().sum::<i64>());
        nb.cmp(&na).then(a.0.cmp(&b.0))
    });
    edges.truncate(p.limit(150));
    let mut ids: Vec<i64> = edges.iter().flat_map(|(k, _)| [k.0, k.1]).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut nodes = Vec::with_capacity(ids.len());
    let mut st = conn.prepare_cached(
        "SELECT id, name, kind, country, sector, articles FROM actors WHERE id = ?1",
    )?;
    for id in &ids {
        if let Some(node) = st
            .query_row([id], |r| {
                Ok(json!({
                    "id": r.get::<_, i64>(0)?, "name": r.get::<_, String>(1)?,
                    "type": r.get::<_, String>(2)?, "country": r.get::<_, Option<String>>(3)?,
                    "sector": r.get::<_, Option<String>>(4)?, "articles": r.get::<_, i64>(5)?,
                }))
            })
            .optional()?
        {
            nodes.push(node);
        }
    }
    let edges: Vec<Value> = edges
        .into_iter()
        .map(|((s, t), c)| {
            let cooperation = c[1] + c[2];
            let conflict = c[3] + c[4];
            json!({
                "source": s, "target": t, "events": c.iter().sum::<i64>(),
                "cooperation": cooperation, "conflict": conflict,
                "by_quad": {"verbal_cooperation": c[1], "material_cooperation": c[2],
                            "verbal_conflict": c[3], "material_conflict": c[4], "other": c[0]},
            })
        })
        .collect();
    Ok(json!({ "nodes": nodes, "edges": edges }))
}

/// `GET /api/timeline`: events per day and type (filter by actor, country, types, dates).
pub async fn timeline(
    State(state): State<Arc<AppState>>,
    Query(p): Query<Params>,
) -> Result<Json<Value>, ApiError> {
    query_corpus(state, move |corpus, store| {
        let mut p = p;
        // events refer to dates long before the corpus (anniversaries, history); unless asked,
        // keep to the weeks the articles cover so the chart shows the news, not the outliers
        if nonempty(&p.since).is_none() && nonempty(&p.until).is_none() {
            p.since = corpus.span.0.clone();
            p.until = corpus.span.2.clone();
        }
        let mut days: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
        let mut types: BTreeMap<String, i64> = BTreeMap::new();
        let mut add = |day: String, kind: String, n: i64| {
            *types.entry(kind.clone()).or_default() += n;
            let count = days.entry(day).or_default().entry(kind).or_insert(json!(0));
            *count = json!(count.as_i64().unwrap_or(0) + n);
        };
        if let Some(ids) = p.actor_ids(store)? {
            let mut sql = String::from(
                "SELECT substr(ev.date, 1, 10) AS day, ev.type, count(*)
                   FROM events ev WHERE length(ev.date) >= 10",
            );
            let mut args = Vec::new();
            date_and_type_filters(&p, &mut sql, &mut args);
            let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            sql.push_str(&format!(
                " AND ev.id IN (SELECT r.event FROM reports r JOIN participants pa
                                  ON pa.article = r.article AND pa.vid = r.vid
                                WHERE pa.actor IN ({list}))"
            ));
            sql.push_str(" GROUP BY day, ev.type ORDER BY day, ev.type");
            let conn = store.db();
            let mut st = conn.prepare(&sql)?;
            for row in st.query_map(
                args.iter()
                    .map(|a| Val::Text(a.clone()))
                    .collect::<Vec<_>>(),
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                },
            )? {
                let (day, kind, n) = row?;
                add(day, kind, n);
            }
        } else {
            // without an actor, from the dated events in memory (the same filters as
            // `date_and_type_filters`)
            let since = nonempty(&p.since);
            let until = nonempty(&p.until);
            let kinds = p.types();
            let country = nonempty(&p.country).map(|c| c.to_uppercase());
            for (date, kind, codes) in &corpus.dated {
                let day = date.get(..10).unwrap_or(date);
                if since.as_deref().is_some_and(|d| date.as_str() < d)
                    || until.as_deref().is_some_and(|d| day > d)
                    || (!kinds.is_empty() && !kinds.contains(kind))
                    || country.as_deref().is_some_and(|c| !codes.contains(c))
                {
                    continue;
                }
                add(day.to_string(), kind.clone(), 1);
            }
        }
        let days: Vec<Value> = days
            .into_iter()
            .map(|(day, counts)| json!({"date": day, "counts": counts}))
            .collect();
        let types: Vec<Value> = types
            .into_iter()
            .map(|(t, n)| json!({"type": t, "quad": quad(&t), "events": n}))
            .collect();
        Ok(json!({ "since": p.since, "until": p.until, "days": days, "types": types }))
    })
    .await
}

/// `GET /api/search?q=`: articles (full text), quotes and actors, in either script.
pub async fn search(
    State(state): State<Arc<AppState>>,
    Query(p): Query<Params>,
) -> Result<Json<Value>, ApiError> {
    let Some(q) = nonempty(&p.q) else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "q: the text to search for",
        ));
    };
    query_corpus(state, move |caches, store| {
        let limit = p.limit(20);
        let filter = Filter {
            limit,
            ..p.filter(limit)
        };
        let articles = store.search(
            &q,
            &Filter {
                actor: None,
                ..filter.clone()
            },
        )?;
        let quotes = store.search_quotes(
            &q,
            &Filter {
                actor: None,
                ..filter.clone()
            },
        )?;
        // actors whose folded name or one of whose aliases holds the text
        let key = jishi_store::name_key(&q);
        let found = caches
            .names
            .iter()
            .filter(|(_, fold, aliases)| fold.contains(&key) || aliases.contains(q.as_str()))
            .take(limit);
        let conn = store.db();
        let mut st = conn.prepare_cached(
            "SELECT id, name, kind, country, sector, articles FROM actors WHERE id = ?1",
        )?;
        let mut actors = Vec::new();
        for (id, _, _) in found {
            let actor = st
                .query_row([id], |r| {
                    Ok(json!({
                        "id": r.get::<_, i64>(0)?, "name": r.get::<_, String>(1)?,
                        "type": r.get::<_, String>(2)?, "country": r.get::<_, Option<String>>(3)?,
                        "sector": r.get::<_, Option<String>>(4)?, "articles": r.get::<_, i64>(5)?,
                    }))
                })
                .optional()?;
            actors.extend(actor);
        }
        Ok(json!({ "articles": items(&articles), "quotes": items(&quotes), "actors": actors }))
    })
    .await
}
