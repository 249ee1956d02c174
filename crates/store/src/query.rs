//! Queries over the corpus: events, quotes, actors, articles with filters, and full-text search.
//! Each returns a [`Table`]: named columns and rows of JSON values, which the command line
//! prints as a table, CSV or JSON Lines.

use rusqlite::types::Value as SqlValue;
use serde_json::{json, Value};

use crate::{char_starts, Result, Store};

/// Filters; each one set narrows the result. Names match in either script (folded).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// An actor (source or target of an event; the speaker of a quote), by name or alias.
    pub actor: Option<String>,
    /// The speaker of a quote (same as `actor` for quotes).
    pub speaker: Option<String>,
    /// ISO 3166 alpha-3 country of an actor.
    pub country: Option<String>,
    /// Actor sector (GOV, MIL, …).
    pub sector: Option<String>,
    /// PLOVER event type (or entity type for actors).
    pub kind: Option<String>,
    /// Earliest date, `YYYY-MM-DD` (inclusive).
    pub since: Option<String>,
    /// Latest date, `YYYY-MM-DD` (inclusive).
    pub until: Option<String>,
    /// Outlet (cna, rthk, …).
    pub outlet: Option<String>,
    /// Only negated events (`Some(true)`) or only asserted ones (`Some(false)`).
    pub negated: Option<bool>,
    /// At most this many rows (0: no limit).
    pub limit: usize,
}

/// Rows of named columns.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    fn new(columns: &[&str]) -> Table {
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// One row as a JSON object (column order kept).
    pub fn object(&self, row: usize) -> serde_json::Map<String, Value> {
        self.columns
            .iter()
            .cloned()
            .zip(self.rows[row].iter().cloned())
            .collect()
    }

    /// The index of a column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

fn sql_to_json(v: SqlValue) -> Value {
    match v {
        SqlValue::Null => Value::Null,
        SqlValue::Integer(i) => json!(i),
        SqlValue::Real(f) => json!(f),
        SqlValue::Text(s) => Value::String(s),
        SqlValue::Blob(_) => Value::Null,
    }
}

/// A WHERE clause built up with its parameters.
#[derive(Default)]
struct Where {
    parts: Vec<String>,
    params: Vec<SqlValue>,
}

impl Where {
    fn add(&mut self, sql: &str, values: impl IntoIterator<Item = String>) {
        // number each `?` after the parameters already bound
        let mut values = values.into_iter();
        let mut out = String::new();
        for (i, piece) in sql.split('?').enumerate() {
            if i > 0 {
                if let Some(v) = values.next() {
                    self.params.push(SqlValue::Text(v));
                }
                out.push_str(&format!("?{}", self.params.len()));
            }
            out.push_str(piece);
        }
        self.parts.push(out);
    }

    fn sql(&self) -> String {
        if self.parts.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.parts.join(" AND "))
        }
    }
}

/// SQL for the ids of actors matching a name: the same folded name, or one of its aliases.
const ACTOR_MATCH: &str = "(SELECT id FROM actors WHERE fold = ?
                            OR instr(char(9) || aliases || char(9), char(9) || ? || char(9)) > 0)";

impl Store {
    fn rows(&self, sql: &str, w: &Where, mut table: Table) -> Result<Table> {
        let mut st = self.conn.prepare(sql)?;
        let n = table.columns.len();
        let rows = st.query_map(rusqlite::params_from_iter(w.params.iter()), |r| {
            (0..n)
                .map(|i| r.get::<_, SqlValue>(i).map(sql_to_json))
                .collect::<Result<Vec<_>, _>>()
        })?;
        for row in rows {
            table.rows.push(row?);
        }
        Ok(table)
    }

    /// Events across articles, with their source count and every report (outlet, URL, evidence).
    pub fn events(&self, f: &Filter) -> Result<Table> {
        let mut w = Where::default();
        let actor_filter = |w: &mut Where, name: &str| {
            let k = crate::link::actor_key(name);
            w.add(
                &format!(
                    "ev.id IN (SELECT r.event FROM reports r JOIN participants p
                                 ON p.article = r.article AND p.vid = r.vid
                               WHERE p.actor IN {ACTOR_MATCH})"
                ),
                [k, name.to_string()],
            );
        };
        if let Some(a) = &f.actor {
            actor_filter(&mut w, a);
        }
        if let Some(a) = &f.speaker {
            actor_filter(&mut w, a);
        }
        if let Some(c) = &f.country {
            w.add(
                "(instr(ev.source_codes, ?) > 0 OR instr(ev.target_codes, ?) > 0)",
                [c.to_uppercase(), c.to_uppercase()],
            );
        }
        if let Some(s) = &f.sector {
            let s = format!("-{}", s.to_uppercase());
            w.add(
                "(instr(ev.source_codes, ?) > 0 OR instr(ev.target_codes, ?) > 0)",
                [s.clone(), s],
            );
        }
        if let Some(k) = &f.kind {
            w.add("ev.type = ?", [k.to_uppercase()]);
        }
        if let Some(d) = &f.since {
            w.add("ev.date >= ?", [d.clone()]);
        }
        if let Some(d) = &f.until {
            // 2023-10-31TEV and 2023-10-31 are both on the 31st
            w.add("substr(ev.date, 1, 10) <= ?", [d.clone()]);
        }
        if let Some(o) = &f.outlet {
            w.add(
                "ev.id IN (SELECT r.event FROM reports r JOIN articles a ON a.rowid = r.article
                            WHERE a.outlet = ?)",
                [o.to_lowercase()],
            );
        }
        if let Some(n) = f.negated {
            w.add(&format!("ev.negated = {}", n as i32), []);
        }
        let sql = format!(
            "SELECT ev.id, ev.date, ev.type, ev.mode, ev.cameo, ev.source_actors, ev.target_actors,
                    ev.source_codes, ev.target_codes, ev.negated, ev.source_count, ev.reports
               FROM events ev{} ORDER BY ev.date, ev.id{}",
            w.sql(),
            limit(f.limit)
        );
        let mut t = self.rows(
            &sql,
            &w,
            Table::new(&[
                "id",
                "date",
                "type",
                "mode",
                "cameo",
                "source",
                "target",
                "source_codes",
                "target_codes",
                "negated",
                "source_count",
                "reports",
            ]),
        )?;
        // each report: outlet, url, the evidence sentence
        t.columns.push("sources".into());
        let mut st = self.conn.prepare_cached(
            "SELECT a.id, a.outlet, a.url, a.title, a.duplicate_of, r.date, r.evidence, r.trigger
               FROM reports r JOIN articles a ON a.rowid = r.article
              WHERE r.event = ?1 ORDER BY a.published, a.id, r.vid",
        )?;
        for row in &mut t.rows {
            let id = row[0].as_i64().unwrap_or(0);
            let sources = st.query_map([id], |r| {
                Ok(json!({
                    "article": r.get::<_, String>(0)?,
                    "outlet": r.get::<_, Option<String>>(1)?,
                    "url": r.get::<_, Option<String>>(2)?,
                    "title": r.get::<_, Option<String>>(3)?,
                    "duplicate_of": r.get::<_, Option<String>>(4)?,
                    "date": r.get::<_, Option<String>>(5)?,
                    "evidence": r.get::<_, String>(6)?,
                    "trigger": r.get::<_, String>(7)?,
                }))
            })?;
            row.push(Value::Array(sources.collect::<Result<_, _>>()?));
            if let Some(n) = row.get_mut(9) {
                *n = Value::Bool(n.as_i64() == Some(1));
            }
        }
        Ok(t)
    }

    /// Quotes with their speaker (as an actor across articles) and article.
    pub fn quotes(&self, f: &Filter) -> Result<Table> {
        let mut w = Where::default();
        for name in [&f.speaker, &f.actor].into_iter().flatten() {
            let k = crate::link::actor_key(name);
            w.add(&format!("e.actor IN {ACTOR_MATCH}"), [k, name.to_string()]);
        }
        if let Some(c) = &f.country {
            w.add("ac.country = ?", [c.to_uppercase()]);
        }
        if let Some(s) = &f.sector {
            w.add("ac.sector = ?", [s.to_uppercase()]);
        }
        if let Some(k) = &f.kind {
            w.add("q.kind = ?", [k.to_lowercase()]);
        }
        self.article_filters(&mut w, f);
        let sql = format!(
            "SELECT a.date, coalesce(ac.name, q.speaker_text), ac.country, q.kind, q.cue, q.text,
                    a.outlet, a.id, a.url, q.qid
               FROM quotes q JOIN articles a ON a.rowid = q.article
               LEFT JOIN entities e ON e.article = q.article AND e.eid = q.speaker
               LEFT JOIN actors ac ON ac.id = e.actor{}
              ORDER BY a.date, a.id, q.start{}",
            w.sql(),
            limit(f.limit)
        );
        self.rows(
            &sql,
            &w,
            Table::new(&[
                "date", "speaker", "country", "kind", "cue", "text", "outlet", "article", "url",
                "quote",
            ]),
        )
    }

    /// Actors across articles, most mentioned first.
    pub fn actors(&self, f: &Filter) -> Result<Table> {
        let mut w = Where::default();
        for name in [&f.actor, &f.speaker].into_iter().flatten() {
            let k = crate::link::actor_key(name);
            w.add(&format!("ac.id IN {ACTOR_MATCH}"), [k, name.to_string()]);
        }
        if let Some(c) = &f.country {
            w.add("ac.country = ?", [c.to_uppercase()]);
        }
        if let Some(s) = &f.sector {
            w.add("ac.sector = ?", [s.to_uppercase()]);
        }
        if let Some(k) = &f.kind {
            w.add("ac.kind = ?", [k.to_uppercase()]);
        }
        if let Some(o) = &f.outlet {
            w.add(
                "ac.id IN (SELECT e.actor FROM entities e JOIN articles a ON a.rowid = e.article
                            WHERE a.outlet = ?)",
                [o.to_lowercase()],
            );
        }
        let sql = format!(
            "SELECT ac.id, ac.name, ac.kind, ac.country, ac.sector, ac.articles,
                    replace(ac.aliases, char(9), '; ')
               FROM actors ac{} ORDER BY ac.articles DESC, ac.id{}",
            w.sql(),
            limit(f.limit)
        );
        self.rows(
            &sql,
            &w,
            Table::new(&[
                "id", "name", "type", "country", "sector", "articles", "aliases",
            ]),
        )
    }

    fn article_filters(&self, w: &mut Where, f: &Filter) {
        if let Some(d) = &f.since {
            w.add("a.date >= ?", [d.clone()]);
        }
        if let Some(d) = &f.until {
            w.add("a.date <= ?", [d.clone()]);
        }
        if let Some(o) = &f.outlet {
            w.add("a.outlet = ?", [o.to_lowercase()]);
        }
    }

    /// Articles (with their duplicate mark and layer counts).
    pub fn articles(&self, f: &Filter) -> Result<Table> {
        let mut w = Where::default();
        self.article_filters(&mut w, f);
        if let Some(name) = &f.actor {
            let k = crate::link::actor_key(name);
            w.add(
                &format!("a.rowid IN (SELECT article FROM entities WHERE actor IN {ACTOR_MATCH})"),
                [k, name.to_string()],
            );
        }
        let sql = format!(
            "SELECT a.id, a.date, a.outlet, a.title, a.url, a.duplicate_of, a.language,
                    (SELECT count(*) FROM entities e WHERE e.article = a.rowid),
                    (SELECT count(*) FROM quotes q WHERE q.article = a.rowid),
                    (SELECT count(*) FROM reports r WHERE r.article = a.rowid), a.source
               FROM articles a{} ORDER BY a.date, a.id{}",
            w.sql(),
            limit(f.limit)
        );
        self.rows(
            &sql,
            &w,
            Table::new(&[
                "id",
                "date",
                "outlet",
                "title",
                "url",
                "duplicate_of",
                "language",
                "entities",
                "quotes",
                "events",
                "source",
            ]),
        )
    }

    /// Full-text search in either script: the query and the articles are compared in their
    /// simplified fold. Three characters or more use the trigram index (ranked by BM25); shorter
    /// queries scan the folded texts.
    pub fn search(&self, text: &str, f: &Filter) -> Result<Table> {
        let q = jishi_text::fold(text.trim());
        let mut w = Where::default();
        if q.chars().count() >= 3 {
            w.add(
                "s.search MATCH ?",
                [format!("\"{}\"", q.replace('"', "\"\""))],
            );
        } else {
            w.add("instr(s.fold, ?) > 0", [q.clone()]);
        }
        self.article_filters(&mut w, f);
        let (key, order) = if q.chars().count() >= 3 {
            ("s.rank", "k")
        } else {
            ("a.date", "k DESC")
        };
        // pick the hits first, then read the texts of those only
        let sql = format!(
            "SELECT a.id, a.date, a.outlet, a.title, a.url, a.duplicate_of,
                    json_extract(a.record, '$.text'), s.fold
               FROM (SELECT s.rowid AS hit, {key} AS k
                       FROM search s JOIN articles a ON a.rowid = s.rowid{}
                      ORDER BY {order}{}) h
               JOIN articles a ON a.rowid = h.hit JOIN search s ON s.rowid = h.hit
              ORDER BY {order}, a.id",
            w.sql(),
            limit(if f.limit == 0 { 20 } else { f.limit })
        );
        let mut t = self.rows(
            &sql,
            &w,
            Table::new(&[
                "id",
                "date",
                "outlet",
                "title",
                "url",
                "duplicate_of",
                "snippet",
                "fold",
            ]),
        )?;
        // the snippet: the article's own words around the first match in its fold
        for row in &mut t.rows {
            let fold = row.pop().unwrap_or_default();
            let text = row[6].as_str().unwrap_or_default().to_string();
            row[6] = Value::String(snippet(&text, fold.as_str().unwrap_or_default(), &q));
        }
        t.columns.pop();
        Ok(t)
    }
}

fn limit(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" LIMIT {n}")
    }
}

/// Some 30 characters either side of the first match, from the original text (the fold has the
/// same byte offsets).
fn snippet(text: &str, fold: &str, q: &str) -> String {
    let lower = fold.to_lowercase();
    let at = if lower.len() == fold.len() {
        lower.find(&q.to_lowercase())
    } else {
        fold.find(q)
    };
    let Some(at) = at.filter(|&a| a <= text.len() && text.is_char_boundary(a)) else {
        return text.chars().take(60).collect::<String>().replace('\n', " ");
    };
    let starts = char_starts(text);
    let i = starts.partition_point(|&b| b < at);
    let from = starts[i.saturating_sub(30)];
    let to = starts[(i + q.chars().count() + 30).min(starts.len() - 1)];
    let mut s = String::new();
    if from > 0 {
        s.push('…');
    }
    s.push_str(&text[from..to]);
    if to < text.len() {
        s.push('…');
    }
    s.replace("\n\n", " ").replace('\n', " ")
}
