//! `jishi ingest`, `reindex`, `query`, `search`, `export` as a user runs them, and an ingest
//! killed midway (SIGKILL) then run again, compared with a clean run.
//!
//! The kill test reads `../shared/corpus/` beside the checkout (CI has it); without it it says so
//! and skips.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use jishi_store::{Counts, Store};

fn jishi(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jishi"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the jishi binary runs");
    let mut input = child.stdin.take().expect("a stdin pipe");
    input
        .write_all(stdin.unwrap_or_default().as_bytes())
        .expect("stdin takes the input");
    drop(input);
    child.wait_with_output().expect("jishi ends")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

/// A fresh directory for one test's databases.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jishi-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

fn counts(db: &Path) -> Counts {
    Store::open(db)
        .and_then(|s| s.counts())
        .expect("the database opens")
}

const FEED: &str = concat!(
    r#"{"url":"https://example.org/a","published":"2023-10-30T10:00:00+08:00","title":"国防部长会谈","text":"国防部长张又侠30日在北京会见老挝国防部长占沙蒙。双方就两军合作交换意见。"}"#,
    "\n",
    r#"{"url":"https://example.org/b","published":"2023-10-30T11:00:00+08:00","title":"国防部长会谈","text":"国防部长张又侠30日在北京会见老挝国防部长占沙蒙。双方就两军合作交换意见。"}"#,
    "\n",
    r#"{"url":"https://example.org/c","title":"空的","text":""}"#,
    "\n"
);

#[test]
fn ingest_from_stdin_is_idempotent_and_the_corpus_answers_queries() {
    let dir = scratch("feed");
    let db = dir.join("t.db");
    let db_s = db.to_str().expect("a UTF-8 path");

    let first = jishi(&["ingest", "--db", db_s, "-"], Some(FEED));
    assert_eq!(
        first.status.code(),
        Some(1),
        "one input failed: {}",
        stderr(&first)
    );
    let err = stderr(&first);
    assert!(err.contains("3 read, 2 new, 0 replaced"), "{err}");
    assert!(
        err.contains("-:3: no body text"),
        "the failure names its input: {err}"
    );
    let c = counts(&db);
    assert_eq!((c.articles, c.duplicates, c.errors, c.inputs), (2, 1, 1, 1));

    let again = jishi(&["ingest", "--db", db_s, "-"], Some(FEED));
    assert!(
        stderr(&again).contains("3 read, 0 new, 0 replaced, 2 unchanged"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        counts(&db),
        c,
        "re-ingesting the same input changes nothing"
    );

    let changed = FEED.replacen("交换意见", "深入交换意见", 1);
    let third = jishi(&["ingest", "--db", db_s, "-"], Some(&changed));
    assert!(
        stderr(&third).contains("0 new, 1 replaced, 1 unchanged"),
        "{}",
        stderr(&third)
    );
    let c3 = counts(&db);
    assert_eq!(
        (c3.articles, c3.duplicates),
        (2, 0),
        "the bodies differ now"
    );

    let rows = jishi(
        &["query", "articles", "--db", db_s, "--format", "jsonl"],
        None,
    );
    assert!(rows.status.success(), "{}", stderr(&rows));
    let articles: Vec<serde_json::Value> = stdout(&rows)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(articles.len(), 2);
    let mut urls: Vec<&str> = articles.iter().filter_map(|a| a["url"].as_str()).collect();
    urls.sort();
    assert_eq!(urls, ["https://example.org/a", "https://example.org/b"]);

    let csv = jishi(&["query", "actors", "--db", db_s, "--format", "csv"], None);
    assert!(
        stdout(&csv).starts_with("id,name,type,country"),
        "{}",
        stdout(&csv)
    );

    let hit = jishi(
        &["search", "張又俠", "--db", db_s, "--format", "jsonl"],
        None,
    );
    assert!(hit.status.success(), "{}", stderr(&hit));
    assert_eq!(
        stdout(&hit).lines().count(),
        2,
        "traditional query, simplified text"
    );
    let miss = jishi(&["search", "北约峰会", "--db", db_s], None);
    assert_eq!(miss.status.code(), Some(1), "no hit: exit code 1");

    let plover = jishi(&["export", "--db", db_s, "--format", "plover"], None);
    let parsed: Vec<jishi_store::PloverEvent> =
        serde_json::from_str(&stdout(&plover)).expect("PLOVER JSON parses back");
    assert_eq!(parsed.len() as u64, counts(&db).reports);
    let no_file = jishi(&["export", "--db", db_s, "--format", "parquet"], None);
    assert_eq!(no_file.status.code(), Some(2));
    assert!(
        stderr(&no_file).contains("--output"),
        "{}",
        stderr(&no_file)
    );
    let pq = dir.join("r.parquet");
    let out = jishi(
        &[
            "export",
            "--db",
            db_s,
            "--format",
            "parquet",
            "-o",
            pq.to_str().expect("utf-8"),
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&pq).expect("the parquet file");
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    let gdelt = jishi(&["export", "--db", db_s, "--format", "gdelt"], None);
    assert!(stdout(&gdelt).starts_with("GLOBALEVENTID\tSQLDATE\t"));

    let before = counts(&db);
    let re = jishi(&["reindex", "--db", db_s], None);
    assert!(re.status.success(), "{}", stderr(&re));
    assert!(
        stderr(&re).contains("reindexed 2 articles"),
        "{}",
        stderr(&re)
    );
    assert_eq!(counts(&db).articles, before.articles);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// A fixed sample of the corpus: every 300th file of October, and the updated versions of two
/// CNA articles (the same URL under several files) so that versions compete.
fn sample() -> Option<Vec<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/news-2310");
    if !dir.is_dir() {
        eprintln!("skipped: ../shared/corpus is not beside the checkout");
        return None;
    }
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the corpus lists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    let picked = names
        .iter()
        .enumerate()
        .filter(|(i, n)| i % 300 == 0 || n.contains("仍是挑戰") || n.contains("庫德工人黨聲稱犯案"))
        .map(|(_, n)| dir.join(n).to_string_lossy().to_string())
        .collect();
    Some(picked)
}

#[test]
fn an_ingest_killed_midway_and_run_again_ends_like_a_clean_run() {
    let Some(files) = sample() else { return };
    let dir = scratch("kill");
    let (clean, killed) = (dir.join("clean.db"), dir.join("killed.db"));
    let args = |db: &Path| -> Vec<String> {
        let mut a = vec![
            "ingest".to_string(),
            "--db".into(),
            db.to_string_lossy().into(),
        ];
        a.extend(files.iter().cloned());
        a
    };

    let run = Command::new(env!("CARGO_BIN_EXE_jishi"))
        .args(args(&clean))
        .output()
        .expect("jishi runs");
    let expected = counts(&clean);
    assert!(expected.articles > 40, "{}", stderr(&run));

    // the same ingest, killed once some articles are in
    let mut child = Command::new(env!("CARGO_BIN_EXE_jishi"))
        .args(args(&killed))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("jishi starts");
    let mut stored = 0;
    while stored < 20 {
        std::thread::sleep(Duration::from_millis(100));
        assert!(
            child.try_wait().expect("the child").is_none(),
            "ingest ended before it could be killed"
        );
        if killed.exists() {
            stored = Store::open(&killed)
                .and_then(|s| s.counts())
                .map(|c| c.articles)
                .unwrap_or(0);
        }
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("the child is reaped");
    let partial = counts(&killed);
    assert!(
        partial.articles >= 20 && partial.articles < expected.articles,
        "killed midway: {partial:?}"
    );

    let rerun = Command::new(env!("CARGO_BIN_EXE_jishi"))
        .args(args(&killed))
        .output()
        .expect("jishi runs");
    assert_eq!(
        counts(&killed),
        expected,
        "nothing lost, nothing doubled: {}",
        stderr(&rerun)
    );

    // and once more: nothing to do
    let again = Command::new(env!("CARGO_BIN_EXE_jishi"))
        .args(args(&clean))
        .output()
        .expect("jishi runs");
    assert!(
        stderr(&again).contains(" 0 new, 0 replaced"),
        "{}",
        stderr(&again)
    );
    assert_eq!(counts(&clean), expected);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
