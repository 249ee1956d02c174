//! Distributed ingest: four `jishi ingest --worker` processes share a queue of corpus files in
//! PostgreSQL; two are SIGKILLed midway. The two left finish the work (the killed ones' inputs
//! come back when their leases run out) and the corpus ends exactly as a single SQLite ingest of
//! the same files: the same articles, events and actors.
//!
//! Needs `../shared/corpus/` beside the checkout and a PostgreSQL server in `JISHI_TEST_PG`
//! (`.ci/run` starts one); without either it says so and skips.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use jishi_store::{Counts, Store};

/// About two hundred files of both months (every 130th), with the articles the archive keeps in
/// several versions under one URL.
fn sample() -> Option<Vec<String>> {
    let shared = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus"
    ));
    if !shared.is_dir() {
        eprintln!("skipped: {} is absent", shared.display());
        return None;
    }
    let mut picked = Vec::new();
    for month in ["news-2310", "news-2311"] {
        let dir = shared.join(month);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .ok()?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        picked.extend(
            names
                .iter()
                .enumerate()
                .filter(|(i, n)| {
                    i % 130 == 0 || n.contains("仍是挑戰") || n.contains("庫德工人黨聲稱犯案")
                })
                .map(|(_, n)| dir.join(n).to_string_lossy().to_string()),
        );
    }
    Some(picked)
}

fn ingest(db: &str, extra: &[&str], files: &[String]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jishi"));
    c.args(["ingest", "--db", db]).args(extra).args(files);
    c
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jishi-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

fn pg_counts(url: &str) -> Counts {
    Store::open_postgres(url)
        .and_then(|s| s.counts())
        .expect("the PostgreSQL corpus opens")
}

#[test]
fn four_workers_two_killed_end_like_one_sqlite_ingest() {
    let Some(files) = sample() else { return };
    let Some(url) = jishi_store::testing::fresh_url("workers").expect("the test server answers")
    else {
        eprintln!(
            "skipped: {} is not set (no PostgreSQL server)",
            jishi_store::testing::ENV
        );
        return;
    };
    let dir = scratch("workers");
    let clean = dir.join("clean.db");
    let run = ingest(&clean.to_string_lossy(), &[], &files)
        .output()
        .expect("jishi runs");
    let expected = Store::open(&clean)
        .and_then(|s| s.counts())
        .expect("the SQLite corpus opens");
    assert!(
        expected.articles > 100,
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    let queued = ingest(&url, &["--enqueue"], &files)
        .output()
        .expect("jishi runs");
    assert!(
        queued.status.success(),
        "{}",
        String::from_utf8_lossy(&queued.stderr)
    );
    let worker = |i: usize| -> Child {
        ingest(
            &url,
            &["--worker", "--lease", "3", "--batch", "2", "--jobs", "1"],
            &[],
        )
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join(format!("worker{i}.err"))).expect("a log file"))
        .spawn()
        .expect("a worker starts")
    };
    let mut workers: Vec<Child> = (0..4).map(worker).collect();

    // two of them die (SIGKILL, mid-article most likely) once a quarter of the work is in
    let started = Instant::now();
    while pg_counts(&url).articles < expected.articles / 4 {
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the workers store nothing"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    for w in &mut workers[..2] {
        assert!(
            w.try_wait().expect("a worker").is_none(),
            "a worker ended before it could be killed"
        );
        w.kill().expect("SIGKILL");
        w.wait().expect("the worker is reaped");
    }
    let partial = pg_counts(&url);
    assert!(
        partial.articles < expected.articles,
        "killed midway: {partial:?}"
    );
    for w in &mut workers[2..] {
        w.wait().expect("a worker ends");
    }
    let log =
        |i: usize| std::fs::read_to_string(dir.join(format!("worker{i}.err"))).unwrap_or_default();
    let got = pg_counts(&url);
    let logs = format!("{}\n{}", log(2), log(3));
    assert_eq!(
        (got.articles, got.events, got.actors),
        (expected.articles, expected.events, expected.actors),
        "articles, events, actors: {logs}"
    );
    assert_eq!(got, expected, "every count: {logs}");
    let store = Store::open_postgres(&url).expect("the corpus opens");
    let queue = store.queue().expect("the queue");
    assert_eq!(
        (queue.done as usize, queue.failed),
        (files.len(), 0),
        "every input done once the killed workers' leases ran out"
    );
    assert!(!store.link_stale().expect("meta"), "the last worker linked");
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
