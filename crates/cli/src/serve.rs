//! `jishi serve`: the web UI and JSON API (crate `jishi-web`) on a local port.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use anyhow::{Context, Result};
use jishi_pipeline::{Config, Pipeline};

/// Arguments of `jishi serve`.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// The corpus database to browse (made by `jishi ingest`); without it only the article view
    /// (paste or upload an article) works.
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// The port to listen on.
    #[arg(long, short, default_value_t = 8080)]
    port: u16,
    /// The address to listen on (the default keeps the server to this machine).
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Open the database file read-only: nothing the server does can change it (it never writes
    /// the corpus anyway; a pasted article is analysed, not stored). A database of an older
    /// schema must be opened once without this flag, which upgrades it.
    #[arg(long)]
    read_only: bool,
    /// Compute every answer afresh. By default answers of the corpus API are remembered by URL
    /// until the database changes (to measure what the queries themselves cost, turn this on).
    #[arg(long)]
    no_answer_cache: bool,
}

/// Loads the pipeline once, opens the corpus if given, and serves until Ctrl-C.
pub fn serve(args: ServeArgs) -> Result<bool> {
    let pipeline = Pipeline::new(&Config::default())?;
    let mut state = jishi_web::AppState::new(pipeline);
    if args.read_only {
        state = state.read_only();
    }
    if args.no_answer_cache {
        state = state.without_answer_cache();
    }
    if let Some(db) = &args.db {
        anyhow::ensure!(
            db.exists(),
            "--db {}: no such database (make one with `jishi ingest`)",
            db.display()
        );
        state = state
            .with_corpus(db)
            .with_context(|| format!("--db {}", db.display()))?;
    }
    let addr = SocketAddr::new(args.host, args.port);
    if !addr.ip().is_loopback() {
        eprintln!(
            "jishi: warning: serving on {} reaches beyond this machine; the server has no \
             authentication",
            addr.ip()
        );
    }
    jishi_web::run(addr, state, |bound| {
        eprintln!("jishi: serving on http://{bound}/ (Ctrl-C stops)");
    })
    .with_context(|| format!("serving on {addr}"))?;
    Ok(true)
}
