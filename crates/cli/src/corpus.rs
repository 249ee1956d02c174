//! The corpus subcommands: `ingest`, `reindex`, `query`, `search`, `export` over a jishi-store
//! database. Analysis runs on all cores; one writer thread stores each article in its own
//! transaction, so a killed ingest leaves every article whole or absent and a rerun completes it.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use jishi_pipeline::{Config, ExtractError, Pipeline};
use jishi_record::Record;
use jishi_store::{ExportFormat, Filter, Input, Known, Outcome, Replace, Store, Table};
use rayon::prelude::*;

/// Where the corpus lives.
#[derive(Args, Clone)]
pub struct DbArg {
    /// The corpus: a SQLite file (created when absent) or a PostgreSQL database
    /// (postgres://user:password@host:port/dbname; its tables are created when absent).
    #[arg(long, default_value = "jishi.db", value_name = "PATH|URL")]
    db: String,
}

impl DbArg {
    /// The database for messages (a URL without its password).
    fn shown(&self) -> String {
        jishi_store::redact(&self.db)
    }
}

/// Analyse articles and store them in the corpus database.
#[derive(Args)]
#[command(after_help = "Examples:
  jishi ingest ../shared/corpus/news-2310/           a directory, read recursively
  jishi ingest --db oct.db a.html b.md feed.jsonl    files; JSON Lines hold one article a line
  cat feed.jsonl | jishi ingest -                    standard input

Many processes, many machines (PostgreSQL):
  jishi ingest --db postgres://u@db/news --enqueue ../shared/corpus/news-2310/   queue the inputs
  jishi ingest --db postgres://u@db/news --worker                 on each machine, as many as wanted

Idempotent: an article is known by its URL (else its path); rerunning skips unchanged articles,
replaces changed ones, and completes an ingest that was killed midway. Failed inputs are listed
and kept in the database's errors table; they never stop the batch. Exit code 1 when some input
failed.

Workers share the queue through the database (a jobs table claimed with FOR UPDATE SKIP LOCKED):
each takes a few inputs at a time under a lease it renews while it lives; a worker killed
midway loses nothing, its inputs are taken again once their lease has run out. The articles of
an input and its done mark commit together. The last worker out links actors and events.")]
pub struct IngestArgs {
    /// Files, directories (read recursively) or `-` (standard input).
    #[arg(required_unless_present = "worker")]
    inputs: Vec<PathBuf>,
    /// Only add the inputs to the database's job queue (PostgreSQL), for `--worker`s to ingest.
    #[arg(long, conflicts_with = "worker")]
    enqueue: bool,
    /// Ingest from the database's job queue (PostgreSQL) until it is empty; inputs given too are
    /// queued first.
    #[arg(long)]
    worker: bool,
    /// Seconds a worker holds an input before others may take it, unless it renews the lease
    /// (it does, every third of this, while alive).
    #[arg(long, default_value_t = 60.0, value_name = "SECS")]
    lease: f64,
    /// Inputs a worker claims at a time.
    #[arg(long, default_value_t = 4, value_name = "N")]
    batch: usize,
    #[command(flatten)]
    db: DbArg,
    /// Worker threads for analysis (default: all cores).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Switch a stage off (words, entities, times, quotes); may be repeated.
    #[arg(long, value_name = "STAGE")]
    disable: Vec<String>,
}

/// Re-analyse every stored article with the current engine.
#[derive(Args)]
#[command(after_help = "Example:
  jishi reindex --db jishi.db

Runs the readers and the analysis again over the raw inputs kept in the database, replaces each
record, and rebuilds actors and events across articles.")]
pub struct ReindexArgs {
    #[command(flatten)]
    db: DbArg,
    /// Worker threads for analysis (default: all cores).
    #[arg(long, short)]
    jobs: Option<usize>,
}

/// What `query` lists.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Subject {
    /// Events across articles, each with its sources and their evidence sentences.
    Events,
    /// Quotations with their speakers.
    Quotes,
    /// Actors across articles (one per canonical name and country).
    Actors,
    /// Stored articles.
    Articles,
}

/// How rows are printed.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RowFormat {
    /// An aligned table (long cells cut).
    Table,
    Csv,
    /// One JSON object a line (events carry every source).
    Jsonl,
}

/// Filters shared by `query` and `search`.
#[derive(Args, Clone, Default)]
pub struct FilterArgs {
    /// An actor: source or target of an event, speaker of a quote (any script, any alias).
    #[arg(long)]
    actor: Option<String>,
    /// The speaker of a quote.
    #[arg(long)]
    speaker: Option<String>,
    /// ISO 3166 alpha-3 country of an actor (CHN, USA, TWN…).
    #[arg(long)]
    country: Option<String>,
    /// Actor sector (GOV, MIL, …).
    #[arg(long)]
    sector: Option<String>,
    /// PLOVER event type (CONSULT, ACCUSE…); quote kind (direct, indirect); entity type for actors.
    #[arg(long = "type", value_name = "TYPE")]
    kind: Option<String>,
    /// Earliest date, YYYY-MM-DD.
    #[arg(long)]
    since: Option<String>,
    /// Latest date, YYYY-MM-DD.
    #[arg(long)]
    until: Option<String>,
    /// Outlet (cna, rthk, rfi, dw, bbc…).
    #[arg(long)]
    outlet: Option<String>,
    /// Only negated events (没有出席…).
    #[arg(long)]
    negated: bool,
    /// At most this many rows (0: all).
    #[arg(long, default_value_t = 0)]
    limit: usize,
}

impl FilterArgs {
    fn filter(&self) -> Filter {
        Filter {
            actor: self.actor.clone(),
            speaker: self.speaker.clone(),
            country: self.country.clone(),
            sector: self.sector.clone(),
            kind: self.kind.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            outlet: self.outlet.clone(),
            negated: self.negated.then_some(true),
            limit: self.limit,
        }
    }
}

/// List events, quotes, actors or articles of the corpus.
#[derive(Args)]
#[command(after_help = "Examples:
  jishi query events --actor 何雷                    every event of 何雷 (or 何雷's aliases), once each
  jishi query events --type CONSULT --since 2023-10-29 --until 2023-10-31 --format jsonl
  jishi query quotes --speaker 張又俠                 traditional or simplified
  jishi query actors --country USA --sector MIL
  jishi query articles --outlet cna --format csv > cna.csv")]
pub struct QueryArgs {
    /// What to list.
    #[arg(value_enum)]
    subject: Subject,
    #[command(flatten)]
    filters: FilterArgs,
    /// Output format.
    #[arg(long, short, value_enum, default_value = "table")]
    format: RowFormat,
    #[command(flatten)]
    db: DbArg,
}

/// Full-text search over the stored articles, in either script.
#[derive(Args)]
#[command(after_help = "Examples:
  jishi search 香山论坛          finds 香山論壇 too: queries and texts are compared folded to simplified
  jishi search 臂章 --outlet cna --limit 5")]
pub struct SearchArgs {
    /// Words to find (a phrase; two characters or more work best).
    text: String,
    #[command(flatten)]
    filters: FilterArgs,
    /// Output format.
    #[arg(long, short, value_enum, default_value = "table")]
    format: RowFormat,
    #[command(flatten)]
    db: DbArg,
}

/// Export formats.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportArg {
    /// PLOVER JSON: an array of event reports with actor/recipient lists and text offsets.
    Plover,
    /// GDELT-style event TSV: date, actor codes, CAMEO, QuadClass, Goldstein, source count, URL.
    Gdelt,
    /// Events across articles as CSV.
    Csv,
    /// Event reports as Parquet (needs --output).
    Parquet,
    /// The document/1 records, one a line.
    Jsonl,
}

/// Export the corpus.
#[derive(Args)]
#[command(after_help = "Examples:
  jishi export --format plover > events.json
  jishi export --format gdelt > events.tsv
  jishi export --format parquet -o reports.parquet    pandas/polars/DuckDB read it")]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, short, value_enum)]
    format: ExportArg,
    /// Write here instead of standard output (required for parquet).
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[command(flatten)]
    db: DbArg,
}

/// What a worker made of one article.
enum Analysed {
    Record(Box<Record>),
    /// Stored with the same content when the run began: not analysed (the writer may still
    /// need it, see [`Versions`]).
    Unchanged(Box<jishi_doc::Doc>),
    Failed {
        source: String,
        reason: String,
    },
}

/// How versions of one article (one URL, several bodies: the archive keeps updates as separate
/// files) rank: the latest publication time, then the longest text, then the content hash. The
/// best version seen in a run is the one stored, whatever order the inputs come in, so a run
/// that was killed and run again ends as a clean run would.
type Rank = (Option<String>, usize, String);

fn rank_of_record(r: &Record) -> Rank {
    (
        r.article.published.clone(),
        r.text.len(),
        r.article.content_hash.clone(),
    )
}

fn rank_of_doc(d: &jishi_doc::Doc) -> Rank {
    (
        d.article.published.map(|p| p.to_rfc3339()),
        d.text.len(),
        d.article.content_hash.clone(),
    )
}

/// True when the stored version of the doc's id is this one, or a better one read from an input
/// of this run.
fn stored_is(stored: Option<&Known>, doc: &jishi_doc::Doc, inputs: &HashSet<String>) -> bool {
    let Some(k) = stored else { return false };
    if k.content_hash == doc.article.content_hash {
        return true;
    }
    let path = k
        .source
        .rsplit_once(':')
        .map_or(k.source.as_str(), |(p, line)| {
            if line.chars().all(|c| c.is_ascii_digit()) {
                p
            } else {
                k.source.as_str()
            }
        });
    let rank: Rank = (k.published.clone(), k.text_bytes, k.content_hash.clone());
    k.source != doc.article.source
        && (inputs.contains(&k.source) || inputs.contains(path))
        && rank > rank_of_doc(doc)
}

/// The best version of each article id seen in this run (it is the stored one).
type Versions = HashMap<String, Rank>;

/// One input, analysed: its raw bytes (kept for reindex) and its articles.
struct Done {
    name: String,
    raw: Vec<u8>,
    articles: Vec<Analysed>,
}

fn failed(e: ExtractError) -> Analysed {
    let source = match &e {
        ExtractError::Read(r) => r.source_name.clone(),
        ExtractError::Stage { source_name, .. } => source_name.clone(),
    };
    let text = e.to_string();
    let reason = text
        .strip_prefix(&format!("{source}: "))
        .unwrap_or(&text)
        .to_string();
    Analysed::Failed { source, reason }
}

/// Reads and analyses one input. Not analysed: articles stored with the same content, and
/// versions outranked by the stored version of the same id when that one's input is also part of
/// this run (`inputs`): the archive keeps article updates as separate files under one URL.
fn analyse_input(
    pipeline: &Pipeline,
    path: &Path,
    known: &HashMap<String, Known>,
    inputs: &HashSet<String>,
) -> Done {
    let name = path.to_string_lossy().to_string();
    // never read past the limit: a named pipe or /dev/zero fails by name like a huge file
    let raw = match jishi_read::read_input(path, jishi_read::Limits::default()) {
        Ok(b) => b,
        Err(e) => {
            return Done {
                name: name.clone(),
                raw: Vec::new(),
                articles: vec![Analysed::Failed {
                    source: name,
                    reason: e.kind.to_string(),
                }],
            }
        }
    };
    let articles = analyse_bytes(pipeline, &name, &raw, known, inputs);
    Done {
        name,
        raw,
        articles,
    }
}

/// The articles of one input's bytes, analysed (see [`analyse_input`] for what is skipped).
fn analyse_bytes(
    pipeline: &Pipeline,
    name: &str,
    raw: &[u8],
    known: &HashMap<String, Known>,
    inputs: &HashSet<String>,
) -> Vec<Analysed> {
    jishi_read::read_bytes(name, raw)
        .into_iter()
        .map(|r| match r {
            Err(e) => failed(e.into()),
            Ok(doc) if stored_is(known.get(&doc.article.id), &doc, inputs) => {
                Analysed::Unchanged(Box::new(doc))
            }
            Ok(doc) => match pipeline.analyse(doc) {
                Ok(doc) => Analysed::Record(Box::new(Record::from_doc(&doc))),
                Err(e) => failed(e),
            },
        })
        .collect()
}

fn progress(len: usize, what: &str) -> ProgressBar {
    // indicatif draws on standard error and stays hidden when it is not a terminal
    let bar = ProgressBar::new(len as u64);
    let style = ProgressStyle::with_template(&format!(
        "{{elapsed_precise}} {{wide_bar}} {{pos}}/{{len}} {what} · {{msg}} · ETA {{eta}}"
    ))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

#[derive(Default)]
struct Tally {
    read: usize,
    new: usize,
    replaced: usize,
    unchanged: usize,
    /// Versions of an article that a better version of the same id outranked in this run.
    superseded: usize,
    failed: usize,
}

fn set_jobs(jobs: Option<usize>) {
    if let Some(j) = jobs {
        // an already-built global pool is not an error worth stopping for
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(j.max(1))
            .build_global();
    }
}

fn open(db: &DbArg) -> Result<Store> {
    Store::open_any(&db.db).with_context(|| format!("cannot open the corpus {}", db.shown()))
}

/// `jishi ingest`: returns Ok(false) when some input failed.
pub fn ingest(args: IngestArgs) -> Result<bool> {
    let started = Instant::now();
    for d in &args.disable {
        anyhow::ensure!(
            jishi_pipeline::STAGES.contains(&d.as_str()) && d != "text",
            "--disable {d}: no such stage (stages: {})",
            jishi_pipeline::STAGES[1..].join(", ")
        );
    }
    let pipeline = Pipeline::new(&Config {
        disabled: args.disable.clone(),
        ..Config::default()
    })?;
    set_jobs(args.jobs);
    let mut store = open(&args.db)?;
    if args.enqueue || args.worker {
        return worker::run(&args, &mut store, &pipeline, started);
    }
    let known = store.known()?;
    let mut tally = Tally::default();
    let mut versions = Versions::new();
    let paths = crate::expand(&args.inputs, &mut tally.failed);
    let names: HashSet<String> = paths.iter().map(|p| p.to_string_lossy().into()).collect();
    let bar = progress(paths.len(), "inputs");
    let (tx, rx) = sync_channel::<Done>(64);
    let mut error: Option<anyhow::Error> = None;
    std::thread::scope(|scope| {
        let (pipeline, known, paths, names) = (&pipeline, &known, &paths, &names);
        scope.spawn(move || {
            paths.par_iter().for_each_with(tx, |tx, p| {
                // a closed channel means the writer stopped on an error: nothing left to do
                let _ = tx.send(analyse_input(pipeline, p, known, names));
            });
        });
        for done in rx {
            if error.is_some() {
                continue; // drain so the workers finish
            }
            let run = store_input(
                &mut store,
                pipeline,
                known,
                &done,
                &mut versions,
                &mut tally,
                &bar,
            );
            if let Err(e) = run {
                error = Some(e);
                continue;
            }
            bar.inc(1);
            let secs = started.elapsed().as_secs_f64().max(1e-9);
            bar.set_message(format!(
                "{} articles ({:.0}/s)",
                tally.read,
                tally.read as f64 / secs
            ));
        }
    });
    bar.finish_and_clear();
    if let Some(e) = error {
        return Err(e);
    }
    let linked = if store.link_stale()? {
        Some(store.link()?)
    } else {
        None
    };
    let c = store.counts()?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "jishi: {} read, {} new, {} replaced, {} unchanged, {} other versions of a stored URL, {} failed in {secs:.1} s ({:.1} articles/s)",
        tally.read,
        tally.new,
        tally.replaced,
        tally.unchanged,
        tally.superseded,
        tally.failed,
        tally.read as f64 / secs.max(1e-9)
    );
    eprintln!(
        "jishi: {}: {}{}",
        args.db.shown(),
        corpus_line(&c),
        if linked.is_some() {
            ""
        } else {
            " (nothing to relink)"
        }
    );
    Ok(tally.failed == 0)
}

/// What a corpus holds, in one line for the end of an ingest.
fn corpus_line(c: &jishi_store::Counts) -> String {
    format!(
        "{} articles ({} duplicates), {} events from {} reports, {} actors, {} quotes, {} errors",
        c.articles, c.duplicates, c.events, c.reports, c.actors, c.quotes, c.errors
    )
}

fn store_input(
    store: &mut Store,
    pipeline: &Pipeline,
    known: &HashMap<String, Known>,
    done: &Done,
    versions: &mut Versions,
    tally: &mut Tally,
    bar: &ProgressBar,
) -> Result<()> {
    let input = Input {
        name: &done.name,
        bytes: &done.raw,
    };
    for a in &done.articles {
        tally.read += 1;
        match a {
            Analysed::Record(r) => {
                let rank = rank_of_record(r);
                let best = versions.get(&r.article.id);
                if best.is_some_and(|best| *best > rank) {
                    tally.superseded += 1;
                    continue;
                }
                // a better version than the one stored earlier in this run replaces it, even
                // with the same body (a longer title, a later publication time)
                let replace = if best.is_some() {
                    Replace::Always
                } else {
                    Replace::IfChanged
                };
                versions.insert(r.article.id.clone(), rank);
                match store
                    .put(r, Some(input), replace)
                    .with_context(|| format!("{}: cannot store", r.article.source))?
                {
                    Outcome::New => tally.new += 1,
                    Outcome::Replaced => tally.replaced += 1,
                    Outcome::Unchanged => tally.unchanged += 1,
                }
            }
            Analysed::Unchanged(doc) => {
                let rank = rank_of_doc(doc);
                let id = &doc.article.id;
                let stored = known.get(id);
                // what is stored now: the best version put in this run, else what the run
                // began with
                let best = versions.get(id).cloned().or_else(|| {
                    stored.map(|k| (k.published.clone(), k.text_bytes, k.content_hash.clone()))
                });
                if best.as_ref().is_some_and(|b| *b >= rank) {
                    if versions.get(id).is_none()
                        && stored.is_some_and(|k| k.content_hash == doc.article.content_hash)
                    {
                        tally.unchanged += 1;
                    } else {
                        tally.superseded += 1;
                    }
                    if let Some(b) = best {
                        versions.insert(id.clone(), b);
                    }
                    continue;
                }
                // better than the stored version (which a worse one may have replaced earlier
                // in this run, or a run that was killed left): analyse it and put it in
                versions.insert(id.clone(), rank);
                match pipeline.analyse((**doc).clone()) {
                    Ok(d) => {
                        store.put(&Record::from_doc(&d), Some(input), Replace::Always)?;
                        tally.replaced += 1;
                    }
                    Err(e) => {
                        if let Analysed::Failed { source, reason } = failed(e) {
                            tally.failed += 1;
                            store.put_error(&source, &reason)?;
                        }
                    }
                }
            }
            Analysed::Failed { source, reason } => {
                tally.failed += 1;
                bar.suspend(|| eprintln!("jishi: {source}: {reason}"));
                store.put_error(source, reason)?;
            }
        }
    }
    Ok(())
}

/// `jishi reindex`.
pub fn reindex(args: ReindexArgs) -> Result<bool> {
    let started = Instant::now();
    let pipeline = Pipeline::new(&Config::default())?;
    set_jobs(args.jobs);
    let mut store = open(&args.db)?;
    let inputs = store.inputs()?;
    let bar = progress(inputs.len(), "inputs");
    let (tx, rx) = sync_channel::<(Vec<Record>, usize)>(64);
    let mut tally = Tally::default();
    let mut error: Option<anyhow::Error> = None;
    std::thread::scope(|scope| {
        let (pipeline, inputs) = (&pipeline, &inputs);
        scope.spawn(move || {
            inputs.par_iter().for_each_with(tx, |tx, input| {
                let ids: HashSet<&str> = input.articles.iter().map(String::as_str).collect();
                let mut missing = ids.len();
                let articles: Vec<Record> = pipeline
                    .extract_bytes(&input.name, &input.bytes)
                    .into_iter()
                    .filter_map(|r| match r {
                        Ok(doc) if ids.contains(doc.article.id.as_str()) => {
                            missing -= 1;
                            Some(Record::from_doc(&doc))
                        }
                        // other articles of the input (an error line of a JSON Lines file was
                        // never stored); an article that fails now stays as it was (`missing`)
                        Ok(_) | Err(_) => None,
                    })
                    .collect();
                let _ = tx.send((articles, missing));
            });
        });
        for (articles, missing) in rx {
            if error.is_some() {
                continue;
            }
            tally.unchanged += missing;
            for r in articles {
                match store.put(&r, None, Replace::Always) {
                    Ok(_) => tally.replaced += 1,
                    Err(e) => error = Some(e.into()),
                }
            }
            bar.inc(1);
        }
    });
    bar.finish_and_clear();
    if let Some(e) = error {
        return Err(e);
    }
    let l = store.link()?;
    eprintln!(
        "jishi: reindexed {} articles ({} could not be redone and were kept as they were) in {:.1} s; {} events, {} actors",
        tally.replaced,
        tally.unchanged,
        started.elapsed().as_secs_f64(),
        l.events,
        l.actors
    );
    Ok(tally.unchanged == 0)
}

/// `jishi query`.
pub fn query(args: QueryArgs) -> Result<bool> {
    let store = open(&args.db)?;
    let f = args.filters.filter();
    let table = match args.subject {
        Subject::Events => store.events(&f)?,
        Subject::Quotes => store.quotes(&f)?,
        Subject::Actors => store.actors(&f)?,
        Subject::Articles => store.articles(&f)?,
    };
    print_table(&table, args.format)?;
    Ok(true)
}

/// `jishi search`.
pub fn search(args: SearchArgs) -> Result<bool> {
    anyhow::ensure!(
        !args.text.trim().is_empty(),
        "search: nothing to search for"
    );
    let store = open(&args.db)?;
    let table = store.search(&args.text, &args.filters.filter())?;
    print_table(&table, args.format)?;
    Ok(!table.rows.is_empty())
}

/// `jishi export`.
pub fn export(args: ExportArgs) -> Result<bool> {
    let store = open(&args.db)?;
    let format = match args.format {
        ExportArg::Plover => ExportFormat::Plover,
        ExportArg::Gdelt => ExportFormat::Gdelt,
        ExportArg::Csv => ExportFormat::Csv,
        ExportArg::Parquet => ExportFormat::Parquet,
        ExportArg::Jsonl => ExportFormat::Jsonl,
    };
    if store.link_stale()? {
        eprintln!("jishi: the corpus changed since it was last linked; run jishi ingest or reindex to relink");
    }
    let n = match (&args.output, format) {
        (Some(path), ExportFormat::Parquet) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            store.export_parquet(file)?
        }
        (None, ExportFormat::Parquet) => {
            anyhow::bail!("--format parquet writes a file: give it with --output PATH")
        }
        (Some(path), _) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            let n = store.export(format, &mut out)?;
            out.flush()?;
            n
        }
        (None, _) => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let n = store.export(format, &mut out)?;
            out.flush()?;
            n
        }
    };
    eprintln!("jishi: exported {n} rows");
    Ok(true)
}

/// Display width: CJK and full-width forms take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF => 2,
            0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

fn cut(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if width(&out) + width(&c.to_string()) > max.saturating_sub(1) {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A cell as text: sources become their outlets, other values their plain form.
fn cell(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.replace(['\n', '\t'], " "),
        Value::Array(items) => {
            let outlets: Vec<String> = items
                .iter()
                .map(|i| match i.get("outlet") {
                    Some(o) => cell(o),
                    None => cell(i),
                })
                .collect();
            outlets.join(",")
        }
        other => other.to_string(),
    }
}

fn print_table(t: &Table, format: RowFormat) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        RowFormat::Jsonl => {
            for i in 0..t.rows.len() {
                serde_json::to_writer(&mut out, &t.object(i))?;
                out.write_all(b"\n")?;
            }
        }
        RowFormat::Csv => {
            let field = |s: String| {
                if s.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else {
                    s
                }
            };
            writeln!(out, "{}", t.columns.join(","))?;
            for row in &t.rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|v| match v {
                        serde_json::Value::Array(_) => field(v.to_string()),
                        _ => field(cell(v)),
                    })
                    .collect();
                writeln!(out, "{}", cells.join(","))?;
            }
        }
        RowFormat::Table => {
            let max = if std::io::stdout().is_terminal() {
                40
            } else {
                80
            };
            let rows: Vec<Vec<String>> = t
                .rows
                .iter()
                .map(|r| r.iter().map(|v| cut(&cell(v), max)).collect())
                .collect();
            let mut widths: Vec<usize> = t.columns.iter().map(|c| width(c)).collect();
            for r in &rows {
                for (w, c) in widths.iter_mut().zip(r) {
                    *w = (*w).max(width(c));
                }
            }
            let line = |cells: &[String]| -> String {
                let padded: Vec<String> = cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!("{c}{}", " ".repeat(w - width(c))))
                    .collect();
                padded.join("  ").trim_end().to_string()
            };
            writeln!(out, "{}", line(&t.columns))?;
            for r in &rows {
                writeln!(out, "{}", line(r))?;
            }
            if std::io::stdout().is_terminal() {
                writeln!(out, "({} rows)", rows.len())?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// Move a corpus from one database to another.
#[derive(Args)]
#[command(after_help = "Examples:
  jishi migrate --from jishi.db --to postgres://jishi@db.example/news
  jishi migrate --from postgres://jishi@db.example/news --to copy.db

Copies every article with its stored input (so reindex works there too) and the errors table,
then links actors and events. Articles already there with the same content are left as they are:
an interrupted migration is completed by running it again.")]
pub struct MigrateArgs {
    /// The corpus to read: a SQLite file or a postgres:// URL.
    #[arg(long, value_name = "PATH|URL")]
    from: String,
    /// The corpus to write: a postgres:// URL or a SQLite file (created when absent).
    #[arg(long, value_name = "PATH|URL")]
    to: String,
}

/// `jishi migrate`.
pub fn migrate(args: MigrateArgs) -> Result<bool> {
    let started = Instant::now();
    let shown = |db: &str| jishi_store::redact(db);
    anyhow::ensure!(
        jishi_store::is_postgres_url(&args.from) || Path::new(&args.from).exists(),
        "{}: no such corpus",
        args.from
    );
    let from = Store::open_any(&args.from)
        .with_context(|| format!("cannot open the corpus {}", shown(&args.from)))?;
    let mut to = Store::open_any(&args.to)
        .with_context(|| format!("cannot open the corpus {}", shown(&args.to)))?;
    let before = from.counts()?;
    let bar = progress(before.articles as usize, "articles");
    from.copy_into(&mut to, |n| bar.set_position(n as u64))?;
    bar.finish_and_clear();
    let after = to.counts()?;
    let line = |c: &jishi_store::Counts| {
        format!(
            "{} articles ({} duplicates), {} inputs, {} errors; {} events from {} reports, {} actors, {} quotes",
            c.articles, c.duplicates, c.inputs, c.errors, c.events, c.reports, c.actors, c.quotes
        )
    };
    eprintln!("jishi: {}: {}", shown(&args.from), line(&before));
    eprintln!(
        "jishi: {}: {} (in {:.1} s)",
        shown(&args.to),
        line(&after),
        started.elapsed().as_secs_f64()
    );
    let same = (
        before.articles,
        before.events,
        before.actors,
        before.reports,
    ) == (after.articles, after.events, after.actors, after.reports);
    if !same {
        eprintln!("jishi: the counts differ (the target held other articles before?)");
    }
    Ok(same)
}

/// Distributed ingest: queueing inputs in PostgreSQL and working through the queue.
mod worker {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};

    use anyhow::{Context, Result};
    use jishi_pipeline::Pipeline;
    use jishi_record::Record;
    use jishi_store::{jobs::finish_job, Input, Outcome, Replace, Store};
    use rayon::prelude::*;

    use super::{analyse_bytes, Analysed, IngestArgs, Tally};

    /// A name for this worker in the jobs table: host and process.
    fn owner() -> String {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .or_else(|_| std::fs::read_to_string("/etc/hostname"))
            .map(|h| h.trim().to_string())
            .unwrap_or_else(|_| "host".into());
        format!("{host}:{}", std::process::id())
    }

    /// `jishi ingest --enqueue` / `--worker`.
    pub fn run(
        args: &IngestArgs,
        store: &mut Store,
        pipeline: &Pipeline,
        started: Instant,
    ) -> Result<bool> {
        let mut tally = Tally::default();
        if !args.inputs.is_empty() {
            let paths = crate::expand(&args.inputs, &mut tally.failed);
            let (mut queued, mut known) = (0, 0);
            for p in &paths {
                // an input that cannot be read is reported by name; the others are queued
                let bytes = match jishi_read::read_input(p, jishi_read::Limits::default()) {
                    Ok(b) => b,
                    Err(e) => {
                        eprintln!("jishi: {e}");
                        tally.failed += 1;
                        continue;
                    }
                };
                if store.enqueue(&p.to_string_lossy(), &bytes)? {
                    queued += 1;
                } else {
                    known += 1;
                }
            }
            eprintln!(
                "jishi: {queued} inputs queued, {known} already queued or done with the same bytes"
            );
        }
        if args.enqueue {
            return Ok(tally.failed == 0);
        }
        let lease = Duration::from_secs_f64(args.lease.max(1.0));
        let me = owner();
        let stop = AtomicBool::new(false);
        let heartbeat = || -> Result<()> {
            // its own connection: a long analysis does not delay the renewal
            let beat = Store::open_any(&args.db.db)?;
            let mut last = Instant::now();
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                if last.elapsed() >= lease / 3 {
                    beat.renew_leases(&me, lease)?;
                    last = Instant::now();
                }
            }
            Ok(())
        };
        let mut work = || -> Result<()> {
            let empty = Default::default();
            let none = Default::default();
            loop {
                let jobs = store.claim(&me, args.batch.max(1), lease)?;
                if jobs.is_empty() {
                    if store.queue()?.finished() {
                        return Ok(());
                    }
                    // others hold the rest: wait for them to finish, or for their leases to end
                    std::thread::sleep(Duration::from_millis(500).min(lease / 4));
                    continue;
                }
                let analysed: Vec<Vec<Analysed>> = jobs
                    .par_iter()
                    .map(|j| analyse_bytes(pipeline, &j.name, &j.bytes, &empty, &none))
                    .collect();
                for (job, articles) in jobs.iter().zip(analysed) {
                    let mut records: Vec<&Record> = Vec::new();
                    let mut failures: Vec<(String, String)> = Vec::new();
                    for a in &articles {
                        tally.read += 1;
                        match a {
                            Analysed::Record(r) => records.push(r),
                            Analysed::Failed { source, reason } => {
                                failures.push((source.clone(), reason.clone()))
                            }
                            Analysed::Unchanged(_) => tally.unchanged += 1,
                        }
                    }
                    tally.failed += failures.len();
                    for (source, reason) in &failures {
                        eprintln!("jishi: {source}: {reason}");
                    }
                    let input = Input {
                        name: &job.name,
                        bytes: &job.bytes,
                    };
                    let outcomes = store
                        .put_batch(&records, Some(input), Replace::IfBetter, &failures, |tx| {
                            finish_job(tx, job.id)
                        })
                        .with_context(|| format!("{}: cannot store", job.name))?;
                    for o in outcomes {
                        match o {
                            Outcome::New => tally.new += 1,
                            Outcome::Replaced => tally.replaced += 1,
                            Outcome::Unchanged => tally.unchanged += 1,
                        }
                    }
                }
            }
        };
        let (worked, beat) = std::thread::scope(|scope| {
            let beat = scope.spawn(heartbeat);
            let worked = work();
            stop.store(true, Ordering::Relaxed);
            (worked, beat.join())
        });
        worked?;
        match beat {
            Ok(r) => r?,
            Err(_) => anyhow::bail!("the lease heartbeat stopped"),
        }
        // the last worker out links (one at a time; the others then find nothing stale)
        let linked = store.link_if_stale()?;
        let c = store.counts()?;
        let q = store.queue()?;
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "jishi: worker {me}: {} read, {} new, {} replaced, {} unchanged or outranked, {} failed in {secs:.1} s ({:.1} articles/s)",
            tally.read,
            tally.new,
            tally.replaced,
            tally.unchanged,
            tally.failed,
            tally.read as f64 / secs.max(1e-9)
        );
        eprintln!(
            "jishi: {}: {}; queue: {} done, {} failed{}",
            args.db.shown(),
            super::corpus_line(&c),
            q.done,
            q.failed,
            if linked.is_some() {
                ""
            } else {
                " (linked by another worker)"
            }
        );
        Ok(tally.failed == 0)
    }
}
