//! The corpus store, on records built here: identity, replacement, duplicates, actors and events
//! across outlets, queries, search and exports. Every test runs twice: on SQLite (`sqlite::…`)
//! and on PostgreSQL (`postgres::…`, when `JISHI_TEST_PG` names a server; else it says it skips).

use jishi_record::Record;
use jishi_store::{ExportFormat, Filter, Outcome, PloverEvent, Replace, Store};
use serde_json::json;

/// A participant: entity name (must occur in the text), country, sector.
type Ent<'a> = (&'a str, &'a str, &'a str);

/// An event: type, source names, target names, date, negated.
struct Ev<'a> {
    kind: &'a str,
    source: &'a [&'a str],
    target: &'a [&'a str],
    date: Option<&'a str>,
    negated: bool,
}

fn cp(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// A record with one sentence-long paragraph, entities found in the text, and events.
fn record(key: &str, outlet: &str, hash: &str, text: &str, ents: &[Ent], events: &[Ev]) -> Record {
    let n = text.chars().count();
    let entities: Vec<_> = ents
        .iter()
        .enumerate()
        .map(|(i, (name, country, sector))| {
            let mentions: Vec<_> = text
                .match_indices(name)
                .map(|(b, m)| json!({"start": cp(text, b), "end": cp(text, b) + m.chars().count(), "text": m}))
                .collect();
            json!({"id": format!("E{}", i + 1), "name": name, "type": "PER", "mentions": mentions,
                   "titles": [], "affiliation": null,
                   "actor": {"country": country, "sector": sector}})
        })
        .collect();
    let eid = |name: &str| {
        ents.iter()
            .position(|e| e.0 == name)
            .map(|i| format!("E{}", i + 1))
    };
    let part = |name: &&str| {
        let (country, sector) = ents
            .iter()
            .find(|e| e.0 == *name)
            .map(|e| (e.1, e.2))
            .unwrap_or(("", ""));
        json!({"entity": eid(name), "code": if country.is_empty() { None } else { Some(format!("{country}-{sector}")) }, "text": name})
    };
    let events: Vec<_> = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            json!({"id": format!("V{}", i + 1), "type": e.kind, "mode": null, "cameo": null,
                   "source": e.source.iter().map(part).collect::<Vec<_>>(),
                   "target": e.target.iter().map(part).collect::<Vec<_>>(),
                   "date": e.date, "date_source": if e.date.is_some() { "sentence" } else { "none" },
                   "location": null, "negated": e.negated, "modality": "asserted", "sentence": 0,
                   "trigger": {"start": 0, "end": 1, "text": text.chars().next().map(String::from).unwrap_or_default()},
                   "mentions": []})
        })
        .collect();
    let id = format!(
        "{:016x}",
        key.bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64))
    );
    serde_json::from_value(json!({
        "schema": "document/1",
        "article": {"id": id, "content_hash": hash, "title": null, "byline": null,
                    "published": "2023-10-31T10:00:00+08:00",
                    "reference_date": {"value": "2023-10-31", "source": "published"},
                    "encoding": "utf-8", "url": key, "language": "zh-Hans", "source": format!("{outlet}.html"),
                    "outlet": outlet, "format": "jekyll"},
        "text": text,
        "blocks": [{"kind": "paragraph", "start": 0, "end": n}],
        "sentences": [{"start": 0, "end": n}],
        "entities": entities, "times": [], "quotes": [], "events": events
    }))
    .expect("a valid record")
}

fn meeting<'a>(date: &'a str, a: &'a [&'a str], b: &'a [&'a str]) -> Ev<'a> {
    Ev {
        kind: "CONSULT",
        source: a,
        target: b,
        date: Some(date),
        negated: false,
    }
}

const ZHANG: Ent = ("张又侠", "CHN", "MIL");
const ZHANG_T: Ent = ("張又俠", "CHN", "MIL");
const LAOS: Ent = ("占沙蒙", "LAO", "MIL");

/// The Xiangshan Forum case in miniature: three outlets, two scripts, one meeting; a later
/// meeting of the same pair stays apart.
fn forum_store() -> Store {
    let mut s = fresh();
    let records = [
        record(
            "https://cna/1",
            "cna",
            "h1",
            "張又俠會見占沙蒙。",
            &[ZHANG_T, LAOS],
            &[meeting("2023-10-29", &["張又俠"], &["占沙蒙"])],
        ),
        record(
            "https://rthk/1",
            "rthk",
            "h2",
            "占沙蒙與張又俠會談。",
            &[LAOS, ZHANG_T],
            &[meeting("2023-10-30", &["占沙蒙"], &["張又俠"])],
        ),
        record(
            "https://rfi/1",
            "rfi",
            "h3",
            "张又侠会见老挝国防部长占沙蒙。",
            &[ZHANG, LAOS],
            &[meeting("2023-10-29", &["张又侠"], &["占沙蒙"])],
        ),
        record(
            "https://rfi/2",
            "rfi",
            "h4",
            "张又侠再次会见占沙蒙。",
            &[ZHANG, LAOS],
            &[meeting("2023-11-05", &["张又侠"], &["占沙蒙"])],
        ),
    ];
    for r in &records {
        assert_eq!(s.put(r, None, Replace::IfChanged).unwrap(), Outcome::New);
    }
    s.link().unwrap();
    s
}

trait ExportString {
    fn export_string(&self, f: ExportFormat) -> String;
}
impl ExportString for Store {
    fn export_string(&self, f: ExportFormat) -> String {
        let mut out = Vec::new();
        self.export(f, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }
}

use std::cell::Cell;

thread_local! {
    /// The backend the running test stores into.
    static POSTGRES: Cell<bool> = const { Cell::new(false) };
}

/// A new, empty store on the backend of the running test.
fn fresh() -> Store {
    if POSTGRES.with(Cell::get) {
        jishi_store::testing::fresh_postgres("store")
            .unwrap()
            .expect("JISHI_TEST_PG was checked by the test")
    } else {
        Store::open_in_memory().unwrap()
    }
}

/// Each test twice: `sqlite::name` and `postgres::name` (which skips, saying so, without a
/// server in `JISHI_TEST_PG`).
macro_rules! on_both_backends {
    ($(#[test] fn $name:ident() $body:block)*) => {
        mod sqlite {
            use super::*;
            $(#[test] fn $name() { POSTGRES.with(|p| p.set(false)); $body })*
        }
        mod postgres {
            use super::*;
            $(#[test] fn $name() {
                if std::env::var(jishi_store::testing::ENV).is_err() {
                    eprintln!("skipped: {} is not set (no PostgreSQL server)", jishi_store::testing::ENV);
                    return;
                }
                POSTGRES.with(|p| p.set(true));
                $body
            })*
        }
    };
}

on_both_backends! {
#[test]
fn the_same_meeting_from_three_outlets_is_one_event_with_three_sources() {
    let s = forum_store();
    let events = s
        .events(&Filter {
            actor: Some("张又侠".into()),
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(events.rows.len(), 2, "{events:?}");
    let first = events.object(0);
    assert_eq!(first["date"], "2023-10-29");
    assert_eq!(first["type"], "CONSULT");
    assert_eq!(first["source_count"], 3);
    let sources = first["sources"].as_array().unwrap();
    let outlets: Vec<&str> = sources
        .iter()
        .map(|s| s["outlet"].as_str().unwrap())
        .collect();
    assert_eq!(outlets.len(), 3);
    assert!(outlets.contains(&"cna") && outlets.contains(&"rthk") && outlets.contains(&"rfi"));
    assert!(
        sources
            .iter()
            .any(|s| s["evidence"] == "占沙蒙與張又俠會談。"),
        "each source keeps its own evidence sentence"
    );
    assert_eq!(events.object(1)["date"], "2023-11-05");
    assert_eq!(events.object(1)["source_count"], 1);
}

#[test]
fn traditional_and_simplified_names_are_one_actor() {
    let s = forum_store();
    let actors = s
        .actors(&Filter {
            actor: Some("張又俠".into()),
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(actors.rows.len(), 1, "{actors:?}");
    let zhang = actors.object(0);
    assert_eq!(zhang["country"], "CHN");
    assert_eq!(zhang["articles"], 4);
    assert_eq!(s.counts().unwrap().actors, 2);
}

#[test]
fn a_short_form_joins_the_full_name_an_article_gave_it() {
    let mut s = fresh();
    let ratner: Ent = ("伊利·拉特纳", "USA", "MIL");
    let short: Ent = ("拉特纳", "USA", "MIL");
    let a = record(
        "u:a",
        "dw",
        "a",
        "伊利·拉特纳说，拉特纳将出席。",
        &[ratner],
        &[],
    );
    // the same article text mentions the short form: give the entity both mentions
    let mut a = a;
    a.entities[0].mentions.push(jishi_record::TextSpan {
        start: 8,
        end: 11,
        text: "拉特纳".into(),
    });
    let b = record("u:b", "bbc", "b", "拉特纳抵达北京。", &[short], &[]);
    s.put(&b, None, Replace::IfChanged).unwrap();
    s.put(&a, None, Replace::IfChanged).unwrap();
    s.link().unwrap();
    let actors = s.actors(&Filter::default()).unwrap();
    assert_eq!(actors.rows.len(), 1, "{actors:?}");
    assert_eq!(actors.object(0)["articles"], 2);
}

#[test]
fn storing_the_same_record_again_changes_nothing() {
    let mut s = forum_store();
    let before = s.counts().unwrap();
    let again = record(
        "https://cna/1",
        "cna",
        "h1",
        "張又俠會見占沙蒙。",
        &[ZHANG_T, LAOS],
        &[meeting("2023-10-29", &["張又俠"], &["占沙蒙"])],
    );
    assert_eq!(
        s.put(&again, None, Replace::IfChanged).unwrap(),
        Outcome::Unchanged
    );
    assert!(
        !s.link_stale().unwrap(),
        "an unchanged article leaves the links as they were"
    );
    assert_eq!(s.counts().unwrap(), before);
}

#[test]
fn a_changed_article_replaces_its_old_record() {
    let mut s = forum_store();
    let before = s.counts().unwrap();
    let changed = record(
        "https://rthk/1",
        "rthk",
        "h2-corrected",
        "占沙蒙與張又俠通電話。",
        &[LAOS, ZHANG_T],
        &[Ev {
            kind: "CONSULT",
            source: &["占沙蒙"],
            target: &["張又俠"],
            date: Some("2023-10-30"),
            negated: true,
        }],
    );
    assert_eq!(
        s.put(&changed, None, Replace::IfChanged).unwrap(),
        Outcome::Replaced
    );
    assert!(s.link_stale().unwrap());
    s.link().unwrap();
    let after = s.counts().unwrap();
    assert_eq!(after.articles, before.articles);
    assert_eq!(after.reports, before.reports);
    assert_eq!(after.entities, before.entities);
    assert_eq!(
        after.events,
        before.events + 1,
        "the negated report is an event of its own"
    );
    let record = s.record(&changed.article.id).unwrap().unwrap();
    assert_eq!(record.text, "占沙蒙與張又俠通電話。");
    let negated = s
        .events(&Filter {
            negated: Some(true),
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(negated.rows.len(), 1);
    assert_eq!(negated.object(0)["source_count"], 1);
}

#[test]
fn identical_bodies_under_two_keys_count_once() {
    let mut s = fresh();
    let text = "张又侠会见占沙蒙。";
    let ev = [meeting("2023-10-29", &["张又侠"], &["占沙蒙"])];
    let a = record("https://rfi/a", "rfi", "same", text, &[ZHANG, LAOS], &ev);
    let b = record("https://rfi/b", "rfi", "same", text, &[ZHANG, LAOS], &ev);
    let c = record("https://dw/c", "dw", "other", text, &[ZHANG, LAOS], &ev);
    for r in [&a, &b, &c] {
        s.put(r, None, Replace::IfChanged).unwrap();
    }
    s.link().unwrap();
    let c_ = s.counts().unwrap();
    assert_eq!((c_.articles, c_.duplicates), (3, 1));
    let events = s.events(&Filter::default()).unwrap();
    assert_eq!(events.rows.len(), 1);
    assert_eq!(events.object(0)["reports"], 3);
    assert_eq!(
        events.object(0)["source_count"],
        2,
        "the duplicate body counts once"
    );
    let articles = s.articles(&Filter::default()).unwrap();
    let dup_col = articles.column("duplicate_of").unwrap();
    let smaller = a.article.id.clone().min(b.article.id.clone());
    let marked: Vec<_> = articles
        .rows
        .iter()
        .filter(|r| !r[dup_col].is_null())
        .collect();
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0][dup_col], smaller.as_str());
}

#[test]
fn links_do_not_depend_on_the_order_articles_came_in() {
    let forward = forum_store();
    let mut backward = fresh();
    let f = forward.export_string(ExportFormat::Gdelt);
    // the same records, reversed
    let mut records: Vec<Record> = forward
        .articles(&Filter::default())
        .unwrap()
        .rows
        .iter()
        .map(|r| forward.record(r[0].as_str().unwrap()).unwrap().unwrap())
        .collect();
    records.reverse();
    for r in &records {
        backward.put(r, None, Replace::IfChanged).unwrap();
    }
    backward.link().unwrap();
    assert_eq!(backward.export_string(ExportFormat::Gdelt), f);
    for format in [ExportFormat::Csv, ExportFormat::Plover] {
        assert_eq!(
            backward.export_string(format),
            forward.export_string(format)
        );
    }
    assert_eq!(backward.counts().unwrap(), forward.counts().unwrap());
}

#[test]
fn query_filters_narrow_the_events() {
    let s = forum_store();
    let n = |f: Filter| s.events(&f).unwrap().rows.len();
    assert_eq!(n(Filter::default()), 2);
    assert_eq!(
        n(Filter {
            kind: Some("consult".into()),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        n(Filter {
            kind: Some("ACCUSE".into()),
            ..Filter::default()
        }),
        0
    );
    assert_eq!(
        n(Filter {
            since: Some("2023-11-01".into()),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        n(Filter {
            until: Some("2023-10-31".into()),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        n(Filter {
            outlet: Some("CNA".into()),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        n(Filter {
            country: Some("lao".into()),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        n(Filter {
            country: Some("USA".into()),
            ..Filter::default()
        }),
        0
    );
    assert_eq!(
        n(Filter {
            sector: Some("MIL".into()),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        n(Filter {
            actor: Some("何雷".into()),
            ..Filter::default()
        }),
        0
    );
    assert_eq!(
        n(Filter {
            negated: Some(true),
            ..Filter::default()
        }),
        0
    );
    assert_eq!(
        n(Filter {
            limit: 1,
            ..Filter::default()
        }),
        1
    );
    let articles = s
        .articles(&Filter {
            outlet: Some("rfi".into()),
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(articles.rows.len(), 2);
}

#[test]
fn quotes_are_found_by_speaker_in_either_script() {
    let mut s = fresh();
    let mut r = record("u:q", "cna", "q", "張又俠說：「和平。」", &[ZHANG_T], &[]);
    r.quotes.push(jishi_record::QuoteRecord {
        id: "Q1".into(),
        kind: "direct".into(),
        text: "和平。".into(),
        start: 5,
        end: 8,
        speaker: Some("E1".into()),
        speaker_text: Some("張又俠".into()),
        cue: Some("說".into()),
        relayed_by: None,
    });
    s.put(&r, None, Replace::IfChanged).unwrap();
    s.link().unwrap();
    let q = s
        .quotes(&Filter {
            speaker: Some("张又侠".into()),
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(q.rows.len(), 1);
    assert_eq!(q.object(0)["text"], "和平。");
    assert_eq!(q.object(0)["speaker"], "張又俠");
    let none = s
        .quotes(&Filter {
            speaker: Some("占沙蒙".into()),
            ..Filter::default()
        })
        .unwrap();
    assert!(none.rows.is_empty());
}

#[test]
fn search_finds_either_script_with_either_script() {
    let s = forum_store();
    let hits = |q: &str| s.search(q, &Filter::default()).unwrap().rows.len();
    assert_eq!(
        hits("張又俠"),
        4,
        "traditional query finds simplified articles too"
    );
    assert_eq!(hits("张又侠会见"), 2);
    assert_eq!(hits("會談"), 1, "two characters: a scan of the folds");
    assert_eq!(hits("北约"), 0);
    let t = s.search("会谈", &Filter::default()).unwrap();
    let snippet = t.object(0)["snippet"].as_str().unwrap().to_string();
    assert!(
        snippet.contains("會談"),
        "the snippet is the article's own text: {snippet}"
    );
}

#[test]
fn plover_json_parses_back() {
    let s = forum_store();
    let text = s.export_string(ExportFormat::Plover);
    let events: Vec<PloverEvent> = serde_json::from_str(&text).unwrap();
    assert_eq!(events.len(), 4);
    assert_eq!(events, s.plover_events().unwrap());
    let first = &events[0];
    assert_eq!(first.event_type, "CONSULT");
    assert_eq!(first.quad_class, Some(1));
    assert_eq!(first.cameo.as_deref(), Some("040"));
    assert_eq!(first.goldstein, Some(1.0));
    assert_eq!(first.source_count, Some(3));
    assert_eq!(first.actor.len(), 1);
    assert_eq!(first.recipient.len(), 1);
    assert!(first.actor[0].actor_id.is_some());
    let chars: Vec<char> = first.text.chars().collect();
    assert_eq!(first.text_end - first.text_start, chars.len());
}

#[test]
fn gdelt_and_csv_rows_carry_codes_and_counts() {
    let s = forum_store();
    let tsv = s.export_string(ExportFormat::Gdelt);
    let lines: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 3);
    let col = |name: &str| lines[0].iter().position(|c| *c == name).unwrap();
    assert!(lines.iter().all(|l| l.len() == lines[0].len()));
    let row = &lines[1];
    assert_eq!(row[col("SQLDATE")], "20231029");
    assert_eq!(row[col("EventCode")], "040");
    assert_eq!(row[col("QuadClass")], "1");
    assert_eq!(row[col("NumSources")], "3");
    assert!(["CHNMIL", "LAOMIL"].contains(&row[col("Actor1Code")]));
    assert!(row[col("SOURCEURL")].starts_with("https://"));
    let csv = s.export_string(ExportFormat::Csv);
    assert!(csv.starts_with("id,date,type,"));
    assert_eq!(csv.lines().count(), 3);
}

#[test]
fn parquet_reads_back() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::RowAccessor;
    let s = forum_store();
    let dir = std::env::temp_dir().join(format!("jishi-store-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("reports.parquet");
    let n = s
        .export_parquet(std::fs::File::create(&path).unwrap())
        .unwrap();
    assert_eq!(n, 4);
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    assert_eq!(reader.metadata().file_metadata().num_rows(), 4);
    let schema = reader.metadata().file_metadata().schema_descr();
    let idx = |name: &str| {
        (0..schema.num_columns())
            .find(|&i| schema.column(i).name() == name)
            .unwrap()
    };
    let rows: Vec<_> = reader
        .get_row_iter(None)
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let plover = s.plover_events().unwrap();
    for (row, e) in rows.iter().zip(&plover) {
        assert_eq!(row.get_long(idx("event_id")).unwrap(), e.event_id.unwrap());
        assert_eq!(row.get_string(idx("event_type")).unwrap(), &e.event_type);
        assert_eq!(row.get_string(idx("evidence")).unwrap(), &e.text);
        assert_eq!(row.get_bool(idx("negated")).unwrap(), e.negated);
        assert_eq!(
            row.get_int(idx("source_count")).unwrap() as i64,
            e.source_count.unwrap()
        );
        assert_eq!(row.get_double(idx("goldstein")).unwrap(), 1.0);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_error_is_kept_with_its_reason_until_the_input_succeeds() {
    let mut s = fresh();
    let r = record(
        "https://cna/1",
        "cna",
        "h1",
        "張又俠會見占沙蒙。",
        &[ZHANG_T, LAOS],
        &[],
    );
    s.put_error(&r.article.source, "no body text").unwrap();
    s.put_error(&r.article.source, "no body text").unwrap();
    assert_eq!(s.counts().unwrap().errors, 1);
    s.put(&r, None, Replace::IfChanged).unwrap();
    assert_eq!(s.counts().unwrap().errors, 0);
}

#[test]
fn inputs_are_kept_for_reindex() {
    let mut s = fresh();
    let r = record(
        "https://cna/1",
        "cna",
        "h1",
        "張又俠會見占沙蒙。",
        &[ZHANG_T, LAOS],
        &[],
    );
    let raw = "<p>張又俠會見占沙蒙。</p>".as_bytes();
    s.put(
        &r,
        Some(jishi_store::Input {
            name: "cna.html",
            bytes: raw,
        }),
        Replace::IfChanged,
    )
    .unwrap();
    let inputs = s.inputs().unwrap();
    assert_eq!(inputs.len(), 1);
    assert_eq!(inputs[0].bytes, raw);
    assert_eq!(inputs[0].articles, vec![r.article.id.clone()]);
    assert_eq!(s.put(&r, None, Replace::Always).unwrap(), Outcome::Replaced);
    assert_eq!(
        s.inputs().unwrap().len(),
        1,
        "a reindexed article keeps its input"
    );
}
}
