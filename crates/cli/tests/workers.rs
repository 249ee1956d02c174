//! Distributed ingest: four `jishi ingest --worker` processes share a queue of corpus files in
//! PostgreSQL; two are SIGKILLed midway. The two left finish the work (the killed ones' inputs
//! come back when their leases run out) and the corpus ends exactly as a single SQLite ingest of
//! the same files: the same articles, events and actors.
//!
//! And `jishi migrate`: a SQLite corpus moved to PostgreSQL and back keeps every count and
//! exports the same events.
//!
//! Needs a PostgreSQL server in `JISHI_TEST_PG` (`.ci/run` starts one) and, for the workers,
//! `../shared/corpus/` beside the checkout; without them the tests say so and skip.

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

const FEED: &str = concat!(
    r#"{"url":"https://example.org/a","published":"2023-10-30T10:00:00+08:00","title":"国防部长会谈","text":"国防部长张又侠30日在北京会见老挝国防部长占沙蒙。双方就两军合作交换意见。"}"#,
    "\n",
    r#"{"url":"https://example.org/b","published":"2023-10-31T11:00:00+08:00","title":"外长通话","text":"外交部长王毅31日同美国国务卿布林肯通电话。王毅表示，中方反对美方对台军售。"}"#,
    "\n",
    r#"{"url":"https://example.org/c","title":"空的","text":""}"#,
    "\n"
);

fn export(db: &str) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_jishi"))
        .args(["export", "--db", db, "--format", "gdelt"])
        .output()
        .expect("jishi runs");
    String::from_utf8_lossy(&o.stdout).to_string()
}

#[test]
fn migrate_moves_a_corpus_to_postgresql_and_back() {
    let Some(url) = jishi_store::testing::fresh_url("migrate").expect("the test server answers")
    else {
        eprintln!(
            "skipped: {} is not set (no PostgreSQL server)",
            jishi_store::testing::ENV
        );
        return;
    };
    let dir = scratch("migrate");
    let feed = dir.join("feed.jsonl");
    std::fs::write(&feed, FEED).expect("the feed is written");
    let (sqlite, back) = (dir.join("a.db"), dir.join("back.db"));
    let (sqlite, back) = (sqlite.to_string_lossy(), back.to_string_lossy());
    ingest(&sqlite, &[], &[feed.to_string_lossy().to_string()])
        .output()
        .expect("jishi runs");
    let counts = |db: &str| Store::open_any(db).and_then(|s| s.counts()).expect("opens");
    let expected = counts(&sqlite);
    assert_eq!((expected.articles, expected.errors), (2, 1));
    for (from, to) in [(&*sqlite, url.as_str()), (url.as_str(), &*back)] {
        let o = Command::new(env!("CARGO_BIN_EXE_jishi"))
            .args(["migrate", "--from", from, "--to", to])
            .output()
            .expect("jishi runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(counts(to), expected);
    }
    assert_eq!(export(&url), export(&sqlite));
    assert_eq!(export(&back), export(&sqlite));
    let reindexed = Command::new(env!("CARGO_BIN_EXE_jishi"))
        .args(["reindex", "--db", &url])
        .output()
        .expect("jishi runs");
    assert!(
        reindexed.status.success(),
        "the inputs came along: {}",
        String::from_utf8_lossy(&reindexed.stderr)
    );
    assert_eq!(counts(&url), expected);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
