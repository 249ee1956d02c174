//! The corpus API: articles, events, quotes, actors, the actor network, the timeline and search,
//! read from a `jishi-store` database. Read-only: the server never writes the corpus.
//!
//! SQLite connections are not shared between threads, so the corpus keeps a few of them, each
//! behind a lock, and every query runs on the blocking pool.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::Json;
use jishi_store::{Filter, Store, StoreError, Table};
use rusqlite::OptionalExtension;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::{ApiError, AppState};

/// A corpus database, opened read-only on a few connections.
pub struct Corpus {
    pool: Vec<Mutex<Store>>,
    next: AtomicUsize,
    /// Every (event, source actor, target actor) of the corpus, read once at startup: the
    /// network is an aggregate over all of them, too slow to join in SQL on each request.
    interactions: Vec<Interaction>,
    /// Each actor's country, for the network's country filter.
    countries: HashMap<i64, String>,
    /// A week before the first article's date, the first and the last article dates.
    span: (Option<String>, Option<String>, Option<String>),
}

/// One event between two actors (each event once per pair).
struct Interaction {
    date: String,
    kind: String,
    source: i64,
    target: i64,
}

impl Corpus {
    /// Opens the database at `path` (made by `jishi ingest`).
    pub fn open(path: &Path) -> Result<Corpus, StoreError> {
        let n = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8));
        let mut pool = Vec::with_capacity(n);
        for _ in 0..n {
            let store = Store::open(path)?;
            store.connection().pragma_update(None, "query_only", true)?;
            pool.push(Mutex::new(store));
        }
        let (interactions, countries, span) = {
            let store = pool[0].lock().unwrap_or_else(|p| p.into_inner());
            let conn = store.connection();
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
                        date: r.get(1)?,
                        kind: r.get(2)?,
                        source: r.get(3)?,
                        target: r.get(4)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let mut st =
                conn.prepare("SELECT id, country FROM actors WHERE country IS NOT NULL")?;
            let countries = st
                .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
                .collect::<Result<HashMap<_, _>, _>>()?;
            let span = conn.query_row(
                "SELECT date(min(date), '-7 days'), min(date), max(date) FROM articles
                  WHERE length(date) >= 10",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            (interactions, countries, span)
        };
        Ok(Corpus {
            pool,
            next: AtomicUsize::new(0),
            interactions,
            countries,
            span,
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

/// Like [`query`], with the corpus's startup caches at hand.
async fn query_corpus<T: serde::Serialize + Send + 'static>(
    state: Arc<AppState>,
    f: impl FnOnce(&Corpus, &Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<Json<T>, ApiError> {
    tokio::task::spawn_blocking(move || match &state.corpus {
        Some(corpus) => corpus.with(|store| f(corpus, store)),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "no corpus: start the server with `jishi serve --db PATH`",
        )),
    })
    .await
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
    .map(Json)
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
    query(state, move |store| actor_page(store, id)).await
}

fn actor_page(store: &Store, id: i64) -> Result<Value, ApiError> {
    let conn = store.connection();
    let head = conn
        .query_row(
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

    // titles over time, from the records of the actor's latest 100 articles (reading whole
    // records is the costly part of this page)
    let mut st = conn.prepare_cached(
        "SELECT a.date, t.value
           FROM (SELECT e.article, e.eid FROM entities e JOIN articles a ON a.rowid = e.article
                  WHERE e.actor = ?1 ORDER BY a.date DESC LIMIT 100) x
           JOIN articles a ON a.rowid = x.article,
                json_each(a.record, '$.entities') je, json_each(je.value, '$.titles') t
          WHERE json_extract(je.value, '$.id') = x.eid",
    )?;
    let mut titles: BTreeMap<String, (String, String, u32)> = BTreeMap::new();
    for row in st.query_map([id], |r| {
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
    let mut titles: Vec<Value> = titles
        .into_iter()
        .map(|(t, (first, last, n))| json!({"title": t, "first": first, "last": last, "articles": n}))
        .collect();
    titles.sort_by(|a, b| b["articles"].as_u64().cmp(&a["articles"].as_u64()));

    let mut st = conn.prepare_cached(
        "SELECT coalesce(a.published, a.date), q.kind, q.cue, q.text, a.outlet, a.id, a.url,
                a.title, q.qid, a.duplicate_of
           FROM quotes q
           JOIN entities e ON e.article = q.article AND e.eid = q.speaker
           JOIN articles a ON a.rowid = q.article
          WHERE e.actor = ?1
          ORDER BY coalesce(a.published, a.date) DESC, a.id, q.start LIMIT 200",
    )?;
    let quotes = st
        .query_map([id], |r| {
            Ok(json!({
                "date": r.get::<_, Option<String>>(0)?, "kind": r.get::<_, String>(1)?,
                "cue": r.get::<_, Option<String>>(2)?, "text": r.get::<_, String>(3)?,
                "outlet": r.get::<_, Option<String>>(4)?, "article": r.get::<_, String>(5)?,
                "url": r.get::<_, Option<String>>(6)?, "title": r.get::<_, Option<String>>(7)?,
                "quote": r.get::<_, String>(8)?, "duplicate_of": r.get::<_, Option<String>>(9)?,
            }))
        })?
        .collect::<Result<Vec<_>, _>>()?;

    let mut st = conn.prepare_cached(
        "SELECT DISTINCT ev.id, ev.date, ev.type, ev.mode, ev.source_actors, ev.target_actors,
                ev.negated, ev.source_count, p.role
           FROM participants p
           JOIN reports r ON r.article = p.article AND r.vid = p.vid
           JOIN events ev ON ev.id = r.event
          WHERE p.actor = ?1
          ORDER BY ev.date DESC, ev.id LIMIT 300",
    )?;
    let events = st
        .query_map([id], |r| {
            let kind: String = r.get(2)?;
            Ok(json!({
                "id": r.get::<_, i64>(0)?, "date": r.get::<_, Option<String>>(1)?,
                "quad": quad(&kind), "type": kind, "mode": r.get::<_, Option<String>>(3)?,
                "source": r.get::<_, String>(4)?, "target": r.get::<_, String>(5)?,
                "negated": r.get::<_, i64>(6)? == 1, "source_count": r.get::<_, i64>(7)?,
                "role": r.get::<_, String>(8)?,
            }))
        })?
        .collect::<Result<Vec<_>, _>>()?;

    let mut st = conn.prepare_cached(
        "SELECT o.actor, ac.name, ac.country, count(DISTINCT r.event) AS n
           FROM participants p
           JOIN participants o ON o.article = p.article AND o.vid = p.vid AND o.role <> p.role
           JOIN reports r ON r.article = p.article AND r.vid = p.vid
           JOIN actors ac ON ac.id = o.actor
          WHERE p.actor = ?1 AND o.actor IS NOT NULL AND o.actor <> ?1 AND r.event IS NOT NULL
          GROUP BY o.actor ORDER BY n DESC, o.actor LIMIT 20",
    )?;
    let partners = st
        .query_map([id], |r| {
            Ok(json!({
                "id": r.get::<_, i64>(0)?, "name": r.get::<_, String>(1)?,
                "country": r.get::<_, Option<String>>(2)?, "events": r.get::<_, i64>(3)?,
            }))
        })?
        .collect::<Result<Vec<_>, _>>()?;

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

fn network_graph(corpus: &Corpus, store: &Store, p: &Params) -> Result<Value, ApiError> {
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
    let conn = store.connection();
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
        let mut sql = String::from(
            "SELECT substr(ev.date, 1, 10) AS day, ev.type, count(*)
               FROM events ev WHERE length(ev.date) >= 10",
        );
        let mut args = Vec::new();
        date_and_type_filters(&p, &mut sql, &mut args);
        if let Some(ids) = p.actor_ids(store)? {
            let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            sql.push_str(&format!(
                " AND ev.id IN (SELECT r.event FROM reports r JOIN participants pa
                                  ON pa.article = r.article AND pa.vid = r.vid
                                WHERE pa.actor IN ({list}))"
            ));
        }
        sql.push_str(" GROUP BY day, ev.type ORDER BY day, ev.type");
        let conn = store.connection();
        let mut st = conn.prepare(&sql)?;
        let mut days: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
        let mut types: BTreeMap<String, i64> = BTreeMap::new();
        for row in st.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })? {
            let (day, kind, n) = row?;
            *types.entry(kind.clone()).or_default() += n;
            days.entry(day).or_default().insert(kind, json!(n));
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
    query(state, move |store| {
        let limit = p.limit(20);
        let filter = Filter {
            limit,
            ..p.filter(limit)
        };
        let articles = store.search(&q, &Filter { actor: None, ..filter.clone() })?;
        let fold = jishi_text::fold(&q);
        let key = jishi_store::name_key(&q);
        let conn = store.connection();
        let mut st = conn.prepare_cached(
            "SELECT coalesce(a.published, a.date), coalesce(ac.name, q.speaker_text), ac.id,
                    q.kind, q.text, a.outlet, a.id, a.url
               FROM quotes q JOIN articles a ON a.rowid = q.article
               LEFT JOIN entities e ON e.article = q.article AND e.eid = q.speaker
               LEFT JOIN actors ac ON ac.id = e.actor
              WHERE instr(q.text, ?1) > 0 OR instr(q.text, ?2) > 0
              ORDER BY coalesce(a.published, a.date) DESC LIMIT ?3",
        )?;
        let quotes = st
            .query_map(rusqlite::params![q, fold, limit as i64], |r| {
                Ok(json!({
                    "date": r.get::<_, Option<String>>(0)?, "speaker": r.get::<_, Option<String>>(1)?,
                    "actor": r.get::<_, Option<i64>>(2)?, "kind": r.get::<_, String>(3)?,
                    "text": r.get::<_, String>(4)?, "outlet": r.get::<_, Option<String>>(5)?,
                    "article": r.get::<_, String>(6)?, "url": r.get::<_, Option<String>>(7)?,
                }))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut st = conn.prepare_cached(
            "SELECT id, name, kind, country, sector, articles FROM actors
              WHERE instr(fold, ?1) > 0 OR instr(aliases, ?2) > 0
              ORDER BY articles DESC, id LIMIT ?3",
        )?;
        let actors = st
            .query_map(rusqlite::params![key, q, limit as i64], |r| {
                Ok(json!({
                    "id": r.get::<_, i64>(0)?, "name": r.get::<_, String>(1)?,
                    "type": r.get::<_, String>(2)?, "country": r.get::<_, Option<String>>(3)?,
                    "sector": r.get::<_, Option<String>>(4)?, "articles": r.get::<_, i64>(5)?,
                }))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(json!({ "articles": items(&articles), "quotes": quotes, "actors": actors }))
    })
    .await
}
