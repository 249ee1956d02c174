//! Queries over the corpus: events, quotes, actors, articles with filters, and full-text search.
//! Each returns a [`Table`]: named columns and rows of JSON values, which the command line
//! prints as a table, CSV or JSON Lines.

use serde_json::{json, Value};

use crate::db::{Dialect, Val};
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

fn sql_to_json(v: &Val) -> Value {
    match v {
        Val::Null | Val::Blob(_) => Value::Null,
        Val::Int(i) => json!(i),
        Val::Real(f) => json!(f),
        Val::Text(s) => Value::String(s.clone()),
    }
}

/// A WHERE clause built up with its parameters.
#[derive(Default)]
struct Where {
    parts: Vec<String>,
    params: Vec<Val>,
}

impl Where {
    fn add(&mut self, sql: &str, values: impl IntoIterator<Item = String>) {
        // number each `?` after the parameters already bound
        let mut values = values.into_iter();
        let mut out = String::new();
        for (i, piece) in sql.split('?').enumerate() {
            if i > 0 {
                if let Some(v) = values.next() {
                    self.params.push(Val::Text(v));
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
/// (The plain `instr` first spares building a string for each of the actors that cannot match.)
const ACTOR_MATCH: &str = "(SELECT id FROM actors WHERE fold = ?
                            OR (instr(aliases, ?) > 0 AND
                                instr(char(9) || aliases || char(9), char(9) || ? || char(9)) > 0))";

/// The values of [`ACTOR_MATCH`]'s parameters for a name.
fn actor_match(name: &str) -> [String; 3] {
    [
        crate::link::actor_key(name),
        name.to_string(),
        name.to_string(),
    ]
}

impl Store {
    fn rows(&self, sql: &str, w: &Where, mut table: Table) -> Result<Table> {
        let n = table.columns.len();
        table.rows = self.conn.query_map(sql, &w.params, |r| {
            Ok((0..n).map(|i| sql_to_json(r.val(i))).collect())
        })?;
        Ok(table)
    }

    /// Events across articles, with their source count and every report (outlet, URL, evidence).
    pub fn events(&self, f: &Filter) -> Result<Table> {
        let mut w = Where::default();
        let actor_filter = |w: &mut Where, name: &str| {
            w.add(
                &format!(
                    "ev.id IN (SELECT r.event FROM reports r JOIN participants p
                                 ON p.article = r.article AND p.vid = r.vid
                               WHERE p.actor IN {ACTOR_MATCH})"
                ),
                actor_match(name),
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
        for row in &mut t.rows {
            let id = row[0].as_i64().unwrap_or(0);
            let sources = self.conn.query_map(
                "SELECT a.id, a.outlet, a.url, a.title, a.duplicate_of, r.date, r.evidence,
                        r.trigger
                   FROM reports r JOIN articles a ON a.rowid = r.article
                  WHERE r.event = ?1 ORDER BY a.published, a.id, r.vid",
                &vals![id],
                |r| {
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
                },
            )?;
            row.push(Value::Array(sources));
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
            w.add(&format!("e.actor IN {ACTOR_MATCH}"), actor_match(name));
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
        // with a speaker, start from that actor's mentions (an index) and read only their quotes;
        // otherwise from the quotes
        let from = if f.speaker.is_some() || f.actor.is_some() {
            "entities e CROSS JOIN quotes q ON q.article = e.article AND q.speaker = e.eid
               JOIN articles a ON a.rowid = q.article"
        } else {
            "quotes q JOIN articles a ON a.rowid = q.article
               LEFT JOIN entities e ON e.article = q.article AND e.eid = q.speaker"
        };
        let sql = format!(
            "SELECT a.date, coalesce(ac.name, q.speaker_text), ac.country, q.kind, q.cue, q.text,
                    a.outlet, a.id, a.url, q.qid
               FROM {from}
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
            w.add(&format!("ac.id IN {ACTOR_MATCH}"), actor_match(name));
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
            w.add(
                &format!("a.rowid IN (SELECT article FROM entities WHERE actor IN {ACTOR_MATCH})"),
                actor_match(name),
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

    /// How to find the articles whose fold holds `q` (folded): three characters or more are a
    /// phrase of the trigram index; one or two are found through the indexed trigrams that begin
    /// with them, unless so many begin with them that reading the newest articles first finds
    /// enough sooner. (A query of one or two characters at the very end of an article, followed
    /// by no character, is only found by that reading.)
    fn text_match(&self, q: &str) -> Result<TextMatch> {
        let n = q.chars().count();
        if self.dialect() == Dialect::Postgres {
            // the pg_trgm index answers ILIKE '%…%' (case-insensitive, as FTS5's trigrams)
            return Ok(if n == 0 {
                TextMatch::Scan
            } else {
                TextMatch::Like(format!(
                    "%{}%",
                    q.replace('\\', "\\\\")
                        .replace('%', "\\%")
                        .replace('_', "\\_")
                ))
            });
        }
        if n >= 3 {
            return Ok(TextMatch::Phrase(phrase(q)));
        }
        if n == 0 {
            return Ok(TextMatch::Scan);
        }
        // the trigram index keeps its terms lowercased
        let lower = q.to_lowercase();
        let terms = self.conn.query_map(
            "SELECT term FROM search_terms WHERE term >= ?1 AND term < ?1 || char(1114111)
              LIMIT ?2",
            &vals![lower, MAX_SHORT_TERMS as i64 + 1],
            |r| r.get::<_, String>(0),
        )?;
        Ok(match terms.len() {
            0 => TextMatch::Nothing,
            n if n > MAX_SHORT_TERMS => TextMatch::Scan,
            _ => TextMatch::Terms(
                terms
                    .iter()
                    .map(|t| phrase(t))
                    .collect::<Vec<_>>()
                    .join(" OR "),
            ),
        })
    }

    /// Full-text search in either script: the query and the articles are compared in their
    /// simplified fold. On SQLite three characters or more are ranked by BM25, shorter queries
    /// list the newest articles first; on PostgreSQL (a pg_trgm index) every query lists the
    /// newest articles first.
    pub fn search(&self, text: &str, f: &Filter) -> Result<Table> {
        let q = jishi_text::fold(text.trim());
        let mut w = Where::default();
        let how = self.text_match(&q)?;
        // pick the hits first (from the index, or newest first by reading the folds), then read
        // the texts of those only
        let hits = match &how {
            TextMatch::Phrase(m) | TextMatch::Terms(m) => {
                w.add("s.search MATCH ?", [m.clone()]);
                self.article_filters(&mut w, f);
                let key = if matches!(how, TextMatch::Phrase(_)) {
                    "s.rank"
                } else {
                    "a.date"
                };
                format!(
                    "SELECT s.rowid AS hit, {key} AS k FROM search s JOIN articles a ON a.rowid = s.rowid{}",
                    w.sql()
                )
            }
            TextMatch::Like(m) => {
                w.add("s.fold ILIKE ?", [m.clone()]);
                self.article_filters(&mut w, f);
                format!(
                    "SELECT s.rowid AS hit, a.date AS k FROM search s JOIN articles a ON a.rowid = s.rowid{}",
                    w.sql()
                )
            }
            TextMatch::Scan | TextMatch::Nothing => {
                w.add("instr(s.fold, ?) > 0", [q.clone()]);
                self.article_filters(&mut w, f);
                format!(
                    "SELECT a.rowid AS hit, a.date AS k
                       FROM articles a CROSS JOIN search s ON s.rowid = a.rowid{}",
                    w.sql()
                )
            }
        };
        let order = if matches!(how, TextMatch::Phrase(_)) {
            "k, a.id"
        } else {
            "k DESC, a.id"
        };
        let record_text = match self.dialect() {
            Dialect::Sqlite => "json_extract(a.record, '$.text')",
            Dialect::Postgres => "(a.record::json ->> 'text')",
        };
        let sql = format!(
            "SELECT a.id, a.date, a.outlet, a.title, a.url, a.duplicate_of,
                    {record_text}, s.fold
               FROM ({hits} ORDER BY {order}{}) h
               JOIN articles a ON a.rowid = h.hit JOIN search s ON s.rowid = h.hit
              ORDER BY {order}",
            limit(if f.limit == 0 { 20 } else { f.limit })
        );
        if matches!(how, TextMatch::Nothing) {
            return Ok(Table::new(SEARCH_COLUMNS));
        }
        let mut t = self.rows(&sql, &w, Table::new(&[SEARCH_COLUMNS, &["fold"]].concat()))?;
        // the snippet: the article's own words around the first match in its fold
        for row in &mut t.rows {
            let fold = row.pop().unwrap_or_default();
            let text = row[6].as_str().unwrap_or_default().to_string();
            row[6] = Value::String(snippet(&text, fold.as_str().unwrap_or_default(), &q));
        }
        t.columns.pop();
        Ok(t)
    }

    /// Quotes whose words hold `text` (as written, or in its simplified fold), newest article
    /// first. Only the quotes of articles that hold the text are read.
    pub fn search_quotes(&self, text: &str, f: &Filter) -> Result<Table> {
        let text = text.trim();
        let q = jishi_text::fold(text);
        let mut w = Where::default();
        w.add(
            "(instr(q.text, ?) > 0 OR instr(q.text, ?) > 0)",
            [text.to_string(), q.clone()],
        );
        let from = match self.text_match(&q)? {
            TextMatch::Nothing => return Ok(Table::new(QUOTE_HIT_COLUMNS)),
            TextMatch::Phrase(m) | TextMatch::Terms(m) => {
                w.add(
                    "q.article IN (SELECT rowid FROM search WHERE search MATCH ?)",
                    [m],
                );
                "quotes q JOIN articles a ON a.rowid = q.article"
            }
            TextMatch::Like(m) => {
                w.add(
                    "q.article IN (SELECT rowid FROM search WHERE fold ILIKE ?)",
                    [m],
                );
                "quotes q JOIN articles a ON a.rowid = q.article"
            }
            // newest articles first, until enough quotes are found
            TextMatch::Scan => "articles a CROSS JOIN quotes q ON q.article = a.rowid",
        };
        self.article_filters(&mut w, f);
        let sql = format!(
            "SELECT coalesce(a.published, a.date), coalesce(ac.name, q.speaker_text), ac.id, q.kind,
                    q.text, a.outlet,
                    a.id, a.url
               FROM {from}
               LEFT JOIN entities e ON e.article = q.article AND e.eid = q.speaker
               LEFT JOIN actors ac ON ac.id = e.actor{}
              ORDER BY a.date DESC, a.id DESC, q.start{}",
            w.sql(),
            limit(if f.limit == 0 { 20 } else { f.limit })
        );
        self.rows(&sql, &w, Table::new(QUOTE_HIT_COLUMNS))
    }
}

/// At most this many indexed trigrams stand for a query of one or two characters.
const MAX_SHORT_TERMS: usize = 64;

/// How the articles holding a text are found.
enum TextMatch {
    /// An FTS5 phrase (three characters or more).
    Phrase(String),
    /// Any of the indexed trigrams that begin with the text (one or two characters).
    Terms(String),
    /// An ILIKE pattern for the pg_trgm index (PostgreSQL).
    Like(String),
    /// Reading the folds, newest article first.
    Scan,
    /// No indexed trigram begins with the text.
    Nothing,
}

/// `text` as an FTS5 phrase.
fn phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

const SEARCH_COLUMNS: &[&str] = &[
    "id",
    "date",
    "outlet",
    "title",
    "url",
    "duplicate_of",
    "snippet",
];

const QUOTE_HIT_COLUMNS: &[&str] = &[
    "date", "speaker", "actor", "kind", "text", "outlet", "article", "url",
];

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Replace, EXAMPLE_RECORD};

    /// The example article (何雷与卡莱斯简短交流。) with a quote of 何雷 in traditional script.
    fn store() -> Store {
        let mut record: jishi_record::Record = serde_json::from_str(EXAMPLE_RECORD).unwrap();
        record.text = "何雷与卡莱斯简短交流。何雷說：「交流很好。」".into();
        record.quotes.push(jishi_record::QuoteRecord {
            id: "Q1".into(),
            kind: "direct".into(),
            text: "交流很好。".into(),
            start: 16,
            end: 21,
            speaker: record.entities.first().map(|e| e.id.clone()),
            speaker_text: Some("何雷".into()),
            cue: Some("說".into()),
            relayed_by: None,
        });
        let mut store = Store::open_in_memory().unwrap();
        store.put(&record, None, Replace::IfChanged).unwrap();
        store.link().unwrap();
        store
    }

    #[test]
    fn one_or_two_characters_are_found_through_the_trigrams_that_begin_with_them() {
        let s = store();
        let hits = |q: &str| s.search(q, &Filter::default()).unwrap().rows.len();
        assert_eq!(hits("交流"), 1);
        assert_eq!(hits("簡短"), 1, "traditional query, simplified article");
        assert_eq!(hits("卡"), 1);
        assert_eq!(hits("北约"), 0, "no trigram begins with it");
        assert_eq!(hits("简短交流"), 1, "three characters or more: a phrase");
    }

    #[test]
    fn quotes_are_searched_in_either_script() {
        let s = store();
        let t = s.search_quotes("很好", &Filter::default()).unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.object(0)["text"], "交流很好。");
        assert_eq!(t.object(0)["speaker"], "何雷");
        assert_eq!(
            s.search_quotes("交流很好", &Filter::default())
                .unwrap()
                .rows
                .len(),
            1
        );
        assert!(s
            .search_quotes("卡莱斯", &Filter::default())
            .unwrap()
            .rows
            .is_empty());
    }

    #[test]
    fn a_version_1_database_gets_the_new_indexes_when_opened() {
        let path = std::env::temp_dir().join(format!("jishi-upgrade-{}.db", std::process::id()));
        {
            let store = Store::open(&path).unwrap();
            let conn = store.connection();
            conn.execute_batch(
                "DROP INDEX articles_date; DROP TABLE search_terms; PRAGMA user_version = 1",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let n: i64 = store
            .connection()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('articles_date', 'search_terms')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        drop(store);
        for end in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{end}", path.display()));
        }
        assert_eq!(n, 2);
    }
}
