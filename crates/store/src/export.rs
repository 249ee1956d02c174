//! Exports: PLOVER JSON (one object per report, actor/recipient lists, text offsets), a
//! GDELT-style event TSV (one row per event across articles), CSV of events, Parquet of reports
//! (readable by pandas, polars, DuckDB), and the document/1 records as JSON Lines.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, OnceLock};

use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use serde::{Deserialize, Serialize};

use crate::{Result, Store, StoreError};

/// The formats `jishi export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Plover,
    Gdelt,
    Csv,
    Parquet,
    Jsonl,
}

/// A participant in PLOVER JSON.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PloverActor {
    /// The actor's name across articles (or the words of the text for a group such as 中方).
    pub name: String,
    /// `CHN`, `USA-MIL`, … when known.
    pub code: Option<String>,
    /// The words naming it in this article.
    pub text: String,
    /// Id of the actor across articles, if it is a named entity.
    pub actor_id: Option<i64>,
}

/// One report of an event in PLOVER JSON (`actor`/`recipient` are the record's source/target).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PloverEvent {
    /// `<article id>-<event id in the article>`.
    pub id: String,
    /// The event across articles this report belongs to.
    pub event_id: Option<i64>,
    pub event_type: String,
    pub mode: Option<String>,
    pub cameo: Option<String>,
    pub quad_class: Option<u8>,
    pub goldstein: Option<f64>,
    pub date: Option<String>,
    pub negated: bool,
    pub modality: String,
    pub actor: Vec<PloverActor>,
    pub recipient: Vec<PloverActor>,
    /// Distinct articles (duplicates counted once) reporting the event.
    pub source_count: Option<i64>,
    pub article_id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// The evidence sentence, and its code point offsets in the article's text.
    pub text: String,
    pub text_start: usize,
    pub text_end: usize,
    /// The trigger words and their code point offsets in the article's text.
    pub trigger: String,
    pub trigger_start: usize,
    pub trigger_end: usize,
}

struct TypeInfo {
    quad_class: u8,
    cameo: String,
}

fn data_lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn types() -> &'static HashMap<String, TypeInfo> {
    static T: OnceLock<HashMap<String, TypeInfo>> = OnceLock::new();
    T.get_or_init(|| {
        data_lines(include_str!("../../../data/store/plover.tsv"))
            .filter_map(|f| {
                Some((
                    f.first()?.to_string(),
                    TypeInfo {
                        quad_class: f.get(1)?.parse().ok()?,
                        cameo: f.get(2)?.to_string(),
                    },
                ))
            })
            .collect()
    })
}

fn goldstein_table() -> &'static HashMap<String, f64> {
    static T: OnceLock<HashMap<String, f64>> = OnceLock::new();
    T.get_or_init(|| {
        data_lines(include_str!("../../../data/store/goldstein.tsv"))
            .filter_map(|f| Some((f.first()?.to_string(), f.get(1)?.parse().ok()?)))
            .collect()
    })
}

/// GDELT's QuadClass of a PLOVER type (1 verbal coop., 2 material coop., 3 verbal conflict,
/// 4 material conflict).
pub fn quad_class(kind: &str) -> Option<u8> {
    types().get(kind).map(|t| t.quad_class)
}

/// The event's CAMEO code, else the nearest root code of its PLOVER type.
pub fn cameo_or_default(kind: &str, cameo: Option<&str>) -> Option<String> {
    cameo
        .map(str::to_string)
        .or_else(|| types().get(kind).map(|t| t.cameo.clone()))
}

/// The Goldstein score of a CAMEO code (falling back to its root code).
pub fn goldstein(cameo: &str) -> Option<f64> {
    let g = goldstein_table();
    g.get(cameo)
        .or_else(|| cameo.get(..2).and_then(|root| g.get(root)))
        .copied()
}

/// CSV field quoting (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A TSV field: tabs and line breaks become spaces.
fn tsv_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

impl Store {
    /// Writes the corpus in `format`. Parquet needs a file (it seeks back to write its footer).
    pub fn export(&self, format: ExportFormat, out: &mut dyn Write) -> Result<usize> {
        match format {
            ExportFormat::Plover => self.export_plover(out),
            ExportFormat::Gdelt => self.export_gdelt(out),
            ExportFormat::Csv => self.export_csv(out),
            ExportFormat::Jsonl => self.export_jsonl(out),
            ExportFormat::Parquet => Err(StoreError::Invalid(
                "parquet is written to a file: use export_parquet".into(),
            )),
        }
    }

    fn export_jsonl(&self, out: &mut dyn Write) -> Result<usize> {
        let mut n = 0;
        self.conn
            .for_each("SELECT record FROM articles ORDER BY date, id", &[], |r| {
                out.write_all(r.get::<_, String>(0)?.as_bytes())?;
                out.write_all(b"\n")?;
                n += 1;
                Ok(())
            })?;
        Ok(n)
    }

    /// Every report with its event's figures, in a stable order.
    pub fn plover_events(&self) -> Result<Vec<PloverEvent>> {
        let mut parts: HashMap<(i64, String), (Vec<PloverActor>, Vec<PloverActor>)> =
            HashMap::new();
        self.conn.for_each(
            "SELECT p.article, p.vid, p.role, p.code, p.text, p.actor, a.name, a.country,
                    a.sector
               FROM participants p LEFT JOIN actors a ON a.id = p.actor
              ORDER BY p.article, p.vid, p.role, p.pos",
            &[],
            |r| {
                let country: Option<String> = r.get(7)?;
                let sector: Option<String> = r.get(8)?;
                let code: Option<String> =
                    r.get::<_, Option<String>>(3)?
                        .or(country.map(|c| match sector {
                            Some(s) => format!("{c}-{s}"),
                            None => c,
                        }));
                let text: String = r.get(4)?;
                let actor = PloverActor {
                    name: r
                        .get::<_, Option<String>>(6)?
                        .unwrap_or_else(|| text.clone()),
                    code,
                    text,
                    actor_id: r.get(5)?,
                };
                let e = parts.entry((r.get(0)?, r.get(1)?)).or_default();
                if r.get::<_, String>(2)? == "source" {
                    e.0.push(actor);
                } else {
                    e.1.push(actor);
                }
                Ok(())
            },
        )?;
        let mut out = Vec::new();
        self.conn.for_each(
            "SELECT r.article, r.vid, a.id, r.event, r.type, r.mode, r.cameo, r.date, r.negated,
                    r.modality, ev.source_count, a.url, a.outlet, a.published, r.evidence,
                    r.ev_start, r.ev_end, r.trigger, r.tr_start, r.tr_end
               FROM reports r JOIN articles a ON a.rowid = r.article
               LEFT JOIN events ev ON ev.id = r.event
              ORDER BY r.event, a.published, a.id, r.vid",
            &[],
            |r| {
                let (article, vid): (i64, String) = (r.get(0)?, r.get(1)?);
                let kind: String = r.get(4)?;
                let cameo = cameo_or_default(&kind, r.get::<_, Option<String>>(6)?.as_deref());
                let (actor, recipient) = parts.remove(&(article, vid.clone())).unwrap_or_default();
                let article_id: String = r.get(2)?;
                out.push(PloverEvent {
                    id: format!("{article_id}-{vid}"),
                    event_id: r.get(3)?,
                    quad_class: quad_class(&kind),
                    goldstein: cameo.as_deref().and_then(goldstein),
                    event_type: kind,
                    mode: r.get(5)?,
                    cameo,
                    date: r.get(7)?,
                    negated: r.get(8)?,
                    modality: r.get(9)?,
                    actor,
                    recipient,
                    source_count: r.get(10)?,
                    article_id,
                    url: r.get(11)?,
                    outlet: r.get(12)?,
                    published: r.get(13)?,
                    text: r.get(14)?,
                    text_start: r.get::<_, i64>(15)? as usize,
                    text_end: r.get::<_, i64>(16)? as usize,
                    trigger: r.get(17)?,
                    trigger_start: r.get::<_, i64>(18)? as usize,
                    trigger_end: r.get::<_, i64>(19)? as usize,
                });
                Ok(())
            },
        )?;
        Ok(out)
    }

    fn export_plover(&self, out: &mut dyn Write) -> Result<usize> {
        let events = self.plover_events()?;
        out.write_all(b"[")?;
        for (i, e) in events.iter().enumerate() {
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, e).map_err(|e| StoreError::Json {
                id: "plover export".into(),
                source: e,
            })?;
        }
        out.write_all(b"\n]\n")?;
        Ok(events.len())
    }

    /// Events across articles with the first report's URL, one row each.
    fn event_rows(&self) -> Result<Vec<EventRow>> {
        self.conn.query_map(
            "SELECT ev.id, ev.date, ev.type, ev.mode, ev.cameo, ev.source_actors, ev.target_actors,
                    ev.source_codes, ev.target_codes, ev.negated, ev.source_count, ev.reports,
                    (SELECT a.url FROM reports r JOIN articles a ON a.rowid = r.article
                      WHERE r.event = ev.id ORDER BY a.published, a.id LIMIT 1),
                    (SELECT group_concat(o, ',' ORDER BY o) FROM
                       (SELECT DISTINCT a.outlet AS o FROM reports r
                          JOIN articles a ON a.rowid = r.article
                         WHERE r.event = ev.id) outlets)
               FROM events ev ORDER BY ev.date, ev.id",
            &[],
            |r| {
                Ok(EventRow {
                    id: r.get(0)?,
                    date: r.get(1)?,
                    kind: r.get(2)?,
                    mode: r.get(3)?,
                    cameo: r.get(4)?,
                    source_actors: r.get(5)?,
                    target_actors: r.get(6)?,
                    source_codes: r.get(7)?,
                    target_codes: r.get(8)?,
                    negated: r.get(9)?,
                    source_count: r.get(10)?,
                    reports: r.get(11)?,
                    url: r.get(12)?,
                    outlets: r.get(13)?,
                })
            },
        )
    }

    fn export_gdelt(&self, out: &mut dyn Write) -> Result<usize> {
        const COLUMNS: &[&str] = &[
            "GLOBALEVENTID",
            "SQLDATE",
            "Actor1Code",
            "Actor1Name",
            "Actor1CountryCode",
            "Actor2Code",
            "Actor2Name",
            "Actor2CountryCode",
            "IsNegated",
            "EventCode",
            "EventBaseCode",
            "EventRootCode",
            "PloverType",
            "QuadClass",
            "GoldsteinScale",
            "NumMentions",
            "NumSources",
            "SOURCEURL",
        ];
        writeln!(out, "{}", COLUMNS.join("\t"))?;
        let rows = self.event_rows()?;
        for e in &rows {
            let cameo = cameo_or_default(&e.kind, e.cameo.as_deref()).unwrap_or_default();
            let first = |s: &str| s.split("; ").next().unwrap_or_default().to_string();
            let country = |code: &str| first(code).split('-').next().unwrap_or("").to_string();
            let sqldate: String = e
                .date
                .as_deref()
                .unwrap_or_default()
                .chars()
                .filter(char::is_ascii_digit)
                .take(8)
                .collect();
            let fields = [
                e.id.to_string(),
                sqldate,
                first(&e.source_codes).replace('-', ""),
                first(&e.source_actors),
                country(&e.source_codes),
                first(&e.target_codes).replace('-', ""),
                first(&e.target_actors),
                country(&e.target_codes),
                (e.negated as u8).to_string(),
                cameo.clone(),
                cameo.get(..3).unwrap_or(&cameo).to_string(),
                cameo.get(..2).unwrap_or(&cameo).to_string(),
                e.kind.clone(),
                quad_class(&e.kind)
                    .map(|q| q.to_string())
                    .unwrap_or_default(),
                goldstein(&cameo).map(|g| g.to_string()).unwrap_or_default(),
                e.reports.to_string(),
                e.source_count.to_string(),
                e.url.clone().unwrap_or_default(),
            ];
            let fields: Vec<String> = fields.iter().map(|f| tsv_field(f)).collect();
            writeln!(out, "{}", fields.join("\t"))?;
        }
        Ok(rows.len())
    }

    fn export_csv(&self, out: &mut dyn Write) -> Result<usize> {
        writeln!(
            out,
            "id,date,type,mode,cameo,quad_class,goldstein,source,target,source_codes,target_codes,negated,source_count,reports,outlets,url"
        )?;
        let rows = self.event_rows()?;
        for e in &rows {
            let cameo = cameo_or_default(&e.kind, e.cameo.as_deref());
            let fields = [
                e.id.to_string(),
                e.date.clone().unwrap_or_default(),
                e.kind.clone(),
                e.mode.clone().unwrap_or_default(),
                cameo.clone().unwrap_or_default(),
                quad_class(&e.kind)
                    .map(|q| q.to_string())
                    .unwrap_or_default(),
                cameo
                    .as_deref()
                    .and_then(goldstein)
                    .map(|g| g.to_string())
                    .unwrap_or_default(),
                e.source_actors.clone(),
                e.target_actors.clone(),
                e.source_codes.clone(),
                e.target_codes.clone(),
                e.negated.to_string(),
                e.source_count.to_string(),
                e.reports.to_string(),
                e.outlets.clone().unwrap_or_default(),
                e.url.clone().unwrap_or_default(),
            ];
            let fields: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            writeln!(out, "{}", fields.join(","))?;
        }
        Ok(rows.len())
    }

    /// Writes every report (one row each, with its event's figures) as a Parquet file.
    pub fn export_parquet(&self, file: std::fs::File) -> Result<usize> {
        let events = self.plover_events()?;
        let schema = parquet::schema::parser::parse_message_type(PARQUET_SCHEMA)?;
        let props = WriterProperties::builder().build();
        let mut writer = SerializedFileWriter::new(file, Arc::new(schema), Arc::new(props))?;
        let names = |l: &[PloverActor]| -> String {
            l.iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let codes = |l: &[PloverActor]| -> String {
            l.iter()
                .filter_map(|a| a.code.as_deref())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let columns: Vec<Column> = vec![
            Column::I64(events.iter().map(|e| e.event_id.unwrap_or(0)).collect()),
            Column::Str(events.iter().map(|e| Some(e.id.clone())).collect()),
            Column::Str(events.iter().map(|e| e.date.clone()).collect()),
            Column::Str(events.iter().map(|e| Some(e.event_type.clone())).collect()),
            Column::Str(events.iter().map(|e| e.mode.clone()).collect()),
            Column::Str(events.iter().map(|e| e.cameo.clone()).collect()),
            Column::I32(events.iter().map(|e| e.quad_class.map(i32::from)).collect()),
            Column::F64(events.iter().map(|e| e.goldstein).collect()),
            Column::Str(events.iter().map(|e| Some(names(&e.actor))).collect()),
            Column::Str(events.iter().map(|e| Some(codes(&e.actor))).collect()),
            Column::Str(events.iter().map(|e| Some(names(&e.recipient))).collect()),
            Column::Str(events.iter().map(|e| Some(codes(&e.recipient))).collect()),
            Column::Bool(events.iter().map(|e| e.negated).collect()),
            Column::I32(
                events
                    .iter()
                    .map(|e| e.source_count.map(|n| n as i32))
                    .collect(),
            ),
            Column::Str(events.iter().map(|e| Some(e.article_id.clone())).collect()),
            Column::Str(events.iter().map(|e| e.outlet.clone()).collect()),
            Column::Str(events.iter().map(|e| e.url.clone()).collect()),
            Column::Str(events.iter().map(|e| e.published.clone()).collect()),
            Column::Str(events.iter().map(|e| Some(e.text.clone())).collect()),
            Column::Str(events.iter().map(|e| Some(e.trigger.clone())).collect()),
        ];
        let mut rg = writer.next_row_group()?;
        let mut columns = columns.into_iter();
        while let Some(mut col) = rg.next_column()? {
            let Some(data) = columns.next() else {
                return Err(StoreError::Invalid(
                    "parquet schema has too many columns".into(),
                ));
            };
            match data {
                Column::I64(v) => {
                    col.typed::<Int64Type>().write_batch(&v, None, None)?;
                }
                Column::Bool(v) => {
                    col.typed::<BoolType>().write_batch(&v, None, None)?;
                }
                Column::I32(v) => {
                    let (vals, defs) = optional(v);
                    col.typed::<Int32Type>()
                        .write_batch(&vals, Some(&defs), None)?;
                }
                Column::F64(v) => {
                    let (vals, defs) = optional(v);
                    col.typed::<DoubleType>()
                        .write_batch(&vals, Some(&defs), None)?;
                }
                Column::Str(v) => {
                    let (vals, defs) = optional(
                        v.into_iter()
                            .map(|s| s.map(|s| ByteArray::from(s.into_bytes())))
                            .collect(),
                    );
                    col.typed::<ByteArrayType>()
                        .write_batch(&vals, Some(&defs), None)?;
                }
            }
            col.close()?;
        }
        rg.close()?;
        writer.close()?;
        Ok(events.len())
    }
}

/// The Parquet schema of `export --format parquet`: one row per report of an event.
pub const PARQUET_SCHEMA: &str = "
message event_reports {
    required int64 event_id;
    optional binary report_id (UTF8);
    optional binary date (UTF8);
    optional binary event_type (UTF8);
    optional binary mode (UTF8);
    optional binary cameo (UTF8);
    optional int32 quad_class;
    optional double goldstein;
    optional binary actor (UTF8);
    optional binary actor_codes (UTF8);
    optional binary recipient (UTF8);
    optional binary recipient_codes (UTF8);
    required boolean negated;
    optional int32 source_count;
    optional binary article_id (UTF8);
    optional binary outlet (UTF8);
    optional binary url (UTF8);
    optional binary published (UTF8);
    optional binary evidence (UTF8);
    optional binary trigger (UTF8);
}";

enum Column {
    I64(Vec<i64>),
    I32(Vec<Option<i32>>),
    F64(Vec<Option<f64>>),
    Bool(Vec<bool>),
    Str(Vec<Option<String>>),
}

/// Values present and definition levels (1 present, 0 null) of an optional column.
fn optional<T>(v: Vec<Option<T>>) -> (Vec<T>, Vec<i16>) {
    let defs = v.iter().map(|x| x.is_some() as i16).collect();
    (v.into_iter().flatten().collect(), defs)
}

struct EventRow {
    id: i64,
    date: Option<String>,
    kind: String,
    mode: Option<String>,
    cameo: Option<String>,
    source_actors: String,
    target_actors: String,
    source_codes: String,
    target_codes: String,
    negated: bool,
    source_count: i64,
    reports: i64,
    url: Option<String>,
    outlets: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_gdelt_figures() {
        assert_eq!(quad_class("CONSULT"), Some(1));
        assert_eq!(quad_class("ASSAULT"), Some(4));
        assert_eq!(goldstein("042"), Some(1.9));
        assert_eq!(
            goldstein("046"),
            Some(1.0),
            "an unlisted code takes its root's value"
        );
        assert_eq!(cameo_or_default("ACCUSE", None).as_deref(), Some("110"));
        assert_eq!(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
