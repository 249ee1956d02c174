//! The `jishi` command line: the only crate that knows about terminals, flags and exit codes.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use jishi_doc::Doc;
use jishi_pipeline::{Config, Pipeline};
use jishi_record::Record;
use rayon::prelude::*;

mod corpus;
mod serve;
mod summary;

/// jishi (纪事) reads Chinese news and records who met whom, who said what, and when.
#[derive(Parser)]
#[command(name = "jishi", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles and print their document records (schema document/1).
    ///
    /// Inputs are files, directories (read recursively) or `-` for standard input. The format
    /// (Markdown news page, Jekyll post, HTML page, plain text, JSON Lines) and the encoding
    /// (UTF-8, UTF-16, GB18030/GBK, Big5) are detected from the content.
    ///
    /// Examples:
    ///   jishi extract examples/xiangshan10-thepaper-2023-11-01.md
    ///   jishi extract --format json article.html > article.json
    ///   jishi extract --format jsonl corpus/ > corpus.jsonl
    ///   cat saved-page.html | jishi extract -
    #[command(verbatim_doc_comment)]
    Extract {
        /// Files, directories or `-` (standard input).
        #[arg(required_unless_present = "files_from")]
        inputs: Vec<PathBuf>,
        /// Also read the inputs listed in this file, one path a line.
        #[arg(long, value_name = "LIST")]
        files_from: Option<PathBuf>,
        /// Output: a readable summary (default on a terminal), one pretty JSON record (an array
        /// for several; default when piped), or JSON Lines (one record a line).
        #[arg(long, short, value_enum)]
        format: Option<OutputFormat>,
        /// Switch stages off (words, entities, times, quotes, actors, events): repeated or
        /// comma-separated (--disable quotes,events).
        #[arg(long, value_name = "STAGE", value_delimiter = ',')]
        disable: Vec<String>,
        /// Worker threads (default: all cores).
        #[arg(long, short)]
        jobs: Option<usize>,
        /// Print counts, bytes of text and throughput on standard error at the end.
        #[arg(long)]
        stats: bool,
        /// Show, under each event of the summary, which pattern and which words produced it.
        #[arg(long)]
        explain: bool,
        /// Largest input file read, in bytes; larger files are reported and skipped.
        #[arg(long, default_value_t = jishi_read::Limits::default().max_bytes)]
        max_bytes: u64,
        /// Longest article text analysed, in bytes; a longer article is reported and skipped
        /// (news articles are under 100 kB; time grows faster than the text in some stages).
        #[arg(long, default_value_t = jishi_read::Limits::default().max_article_bytes)]
        max_article_bytes: usize,
        /// Longest sentence, in characters; text that runs on without an end mark (a table, a
        /// feed that lost its line breaks) is cut into pieces this long.
        #[arg(long, default_value_t = jishi_read::Limits::default().max_sentence_chars)]
        max_sentence_chars: usize,
    },
    /// Tag plain sentences (one a line) with the named-entity recognizer.
    ///
    /// Prints one `char<TAB>tag` line per character (B-PER/I-PER/B-ORG/I-ORG/B-LOC/I-LOC/O,
    /// GPE folded into LOC) and a blank line between sentences, so the recognizer can be scored
    /// on any standard test set.
    ///
    /// Example:
    ///   jishi tag --format bio sentences.txt > tagged.bio
    #[command(verbatim_doc_comment)]
    Tag {
        /// A file of sentences, or `-` (default) for standard input.
        #[arg(default_value = "-")]
        input: PathBuf,
        /// Output format (only `bio` for now).
        #[arg(long, value_enum, default_value = "bio")]
        format: TagFormat,
    },
    /// Analyse articles and store them in the corpus database (./jishi.db).
    Ingest(corpus::IngestArgs),
    /// Re-analyse the stored articles with the current engine.
    Reindex(corpus::ReindexArgs),
    /// List events, quotes, actors or articles of the corpus, with filters.
    Query(corpus::QueryArgs),
    /// Full-text search over the corpus, in either script.
    Search(corpus::SearchArgs),
    /// Export the corpus: PLOVER JSON, GDELT-style TSV, CSV, Parquet, JSON Lines.
    Export(corpus::ExportArgs),
    /// Move a corpus between databases (SQLite file ↔ PostgreSQL).
    Migrate(corpus::MigrateArgs),
    /// Serve the web UI and JSON API (http://127.0.0.1:8080/ by default).
    ///
    /// Without --db only the article view works: paste or upload an article and read it
    /// through its annotations. With a corpus database (`jishi ingest`) the actor, network,
    /// timeline and search pages and their JSON API (/api/openapi.json) work too.
    ///
    /// Examples:
    ///   jishi serve
    ///   jishi serve --db jishi.db --port 8000
    #[command(verbatim_doc_comment)]
    Serve(serve::ServeArgs),
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutputFormat {
    Summary,
    Json,
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum TagFormat {
    Bio,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // a stage that panics is caught and reported per input by the pipeline; keep the default
    // hook's backtrace noise off the terminal unless asked for
    if std::env::var_os("RUST_BACKTRACE").is_none() {
        std::panic::set_hook(Box::new(|_| {}));
    }
    let result = match cli.command {
        Command::Extract {
            mut inputs,
            files_from,
            format,
            disable,
            jobs,
            stats,
            explain,
            max_bytes,
            max_article_bytes,
            max_sentence_chars,
        } => match files_from.map(|f| listed_paths(&f)).transpose() {
            Ok(listed) => {
                inputs.extend(listed.unwrap_or_default());
                let limits = jishi_read::Limits {
                    max_bytes,
                    max_article_bytes,
                    max_sentence_chars,
                };
                let format = if explain {
                    Some(OutputFormat::Summary)
                } else {
                    format
                };
                extract(&inputs, format, disable, jobs, stats, limits, explain)
            }
            Err(e) => Err(e),
        },
        Command::Tag {
            input,
            format: TagFormat::Bio,
        } => tag(&input),
        Command::Ingest(args) => corpus::ingest(args),
        Command::Reindex(args) => corpus::reindex(args),
        Command::Query(args) => corpus::query(args),
        Command::Search(args) => corpus::search(args),
        Command::Export(args) => corpus::export(args),
        Command::Migrate(args) => corpus::migrate(args),
        Command::Serve(args) => serve::serve(args),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("jishi: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                == Some(BrokenPipe)
    })
}

/// The paths listed in a file, one a line (blank lines skipped).
fn listed_paths(list: &Path) -> Result<Vec<PathBuf>> {
    let text = std::fs::read_to_string(list)
        .with_context(|| format!("--files-from {}", list.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(PathBuf::from)
        .collect())
}

/// Files under the inputs, in a stable order; paths that cannot be listed are reported.
fn expand(inputs: &[PathBuf], failed: &mut usize) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" || !input.is_dir() {
            out.push(input.clone());
            continue;
        }
        // symbolic links are followed; a link that loops back is reported, not followed
        let walk = walkdir::WalkDir::new(input)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() => out.push(e.into_path()),
                Ok(_) => {}
                Err(e) => {
                    *failed += 1;
                    let path = e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| input.display().to_string());
                    eprintln!(
                        "jishi: {path}: {}",
                        e.io_error()
                            .map(|io| io.to_string())
                            .unwrap_or_else(|| e.to_string())
                    );
                }
            }
        }
    }
    out
}

/// Returns Ok(false) when some input failed.
fn extract(
    inputs: &[PathBuf],
    format: Option<OutputFormat>,
    disabled: Vec<String>,
    jobs: Option<usize>,
    stats: bool,
    limits: jishi_read::Limits,
    explain: bool,
) -> Result<bool> {
    let started = Instant::now();
    for d in &disabled {
        anyhow::ensure!(
            jishi_pipeline::STAGES.contains(&d.as_str()) && d != "text",
            "--disable {d}: no such stage (stages: {})",
            jishi_pipeline::STAGES[1..].join(", ")
        );
    }
    let pipeline = Pipeline::new(&Config { disabled, limits })?;
    if let Some(j) = jobs {
        // an already-built global pool is not an error worth stopping for
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(j.max(1))
            .build_global();
    }
    let mut failed = 0usize;
    let paths = expand(inputs, &mut failed);
    let format = format.unwrap_or(if std::io::stdout().is_terminal() {
        OutputFormat::Summary
    } else {
        OutputFormat::Json
    });
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut records, mut text_bytes) = (0usize, 0usize);
    let single = paths.len() == 1;
    let mut first = true;
    if format == OutputFormat::Json && !single {
        out.write_all(b"[")?;
    }
    // chunks keep the output in input order while the threads work on a chunk
    for chunk in paths.chunks(64) {
        let results: Vec<Vec<Result<Doc, jishi_pipeline::ExtractError>>> =
            chunk.par_iter().map(|p| pipeline.extract_path(p)).collect();
        let results: Vec<_> = results.into_iter().flatten().collect();
        let lone = single && results.len() == 1;
        if format == OutputFormat::Json && single && !lone {
            out.write_all(b"[")?;
        }
        for r in results {
            match r {
                Ok(doc) => {
                    records += 1;
                    text_bytes += doc.text.len();
                    write_record(&mut out, &doc, format, lone, &mut first, explain)?;
                }
                Err(e) => {
                    failed += 1;
                    out.flush()?;
                    eprintln!("jishi: {e}");
                }
            }
        }
        if format == OutputFormat::Json && single && !lone {
            out.write_all(b"\n]\n")?;
        }
    }
    if format == OutputFormat::Json && !single {
        out.write_all(b"\n]\n")?;
    }
    out.flush()?;
    if stats {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "jishi: {} inputs, {records} records, {failed} failed, {:.1} MB of text in {secs:.1} s ({:.2} MB/s, {:.0} records/s)",
            paths.len(),
            text_bytes as f64 / 1e6,
            text_bytes as f64 / 1e6 / secs.max(1e-9),
            records as f64 / secs.max(1e-9)
        );
    }
    Ok(failed == 0)
}

fn write_record(
    out: &mut impl Write,
    doc: &Doc,
    format: OutputFormat,
    lone: bool,
    first: &mut bool,
    explain: bool,
) -> Result<()> {
    match format {
        OutputFormat::Summary => summary::write(out, doc, explain)?,
        OutputFormat::Jsonl => {
            serde_json::to_writer(&mut *out, &Record::from_doc(doc))?;
            out.write_all(b"\n")?;
        }
        OutputFormat::Json => {
            if !lone {
                out.write_all(if *first { b"\n" } else { b",\n" })?;
            }
            serde_json::to_writer_pretty(&mut *out, &Record::from_doc(doc))?;
            if lone {
                out.write_all(b"\n")?;
            }
        }
    }
    *first = false;
    Ok(())
}

fn tag(input: &Path) -> Result<bool> {
    let text = if input.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).context("standard input")?
    } else {
        std::fs::read_to_string(input).with_context(|| format!("{}", input.display()))?
    };
    let stage = jishi_entities::EntityStage::new()
        .map_err(|e| anyhow::anyhow!("cannot load the recognizer: {e}"))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        for (c, t) in stage.tag_bio(line) {
            writeln!(out, "{c}\t{t}")?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(true)
}
