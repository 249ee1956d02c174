//! Hostile inputs through `jishi extract` and `jishi ingest`: each gets a clear error that names
//! it, and the rest of the batch goes on. Big inputs are made here, never committed; how long they
//! take and how much memory they use is measured by `fuzz/bench-limits.sh`, not here.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn jishi(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jishi"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the jishi binary runs");
    let mut input = child.stdin.take().expect("a stdin pipe");
    let data = stdin.unwrap_or_default().to_vec();
    // jishi stops reading at its limit: the rest of the input meets a closed pipe
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("jishi ends");
    writer.join().expect("the writer ends");
    out
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jishi-limits-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn records(o: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

const GOOD: &str = "张又侠会见占沙蒙\n\n国防部长张又侠30日在北京会见老挝国防部长占沙蒙。";

#[test]
fn a_200_mb_file_is_refused_unread_and_the_batch_goes_on() {
    let d = scratch("huge");
    // sparse: 200 MB to the file system, no disk and no time to write
    let huge = std::fs::File::create(d.join("a-huge.txt")).expect("a file");
    huge.set_len(200 * 1024 * 1024)
        .expect("a sparse 200 MB file");
    std::fs::write(d.join("b-good.txt"), GOOD).expect("a file");
    let out = jishi(&["extract", "--format", "jsonl", path(&d)], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("a-huge.txt: too large: 209715200 bytes (the limit is 52428800)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(records(&out).len(), 1, "the good article still comes out");
    std::fs::remove_dir_all(d).ok();
}

#[test]
fn standard_input_and_devices_are_not_read_past_the_limit() {
    let big = vec![b'x'; 3_000_000];
    let out = jishi(
        &[
            "extract",
            "--format",
            "jsonl",
            "--max-bytes",
            "1000000",
            "-",
        ],
        Some(&big),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("-: too large: more than 1000000 bytes (the limit)"),
        "{}",
        stderr(&out)
    );
    // a device without end: its size says 0, the read stops at the limit
    let out = jishi(
        &[
            "extract",
            "--format",
            "jsonl",
            "--max-bytes",
            "100000",
            "/dev/zero",
        ],
        None,
    );
    assert!(
        stderr(&out).contains("/dev/zero: too large: more than 100000 bytes"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_long_line_without_breaks_is_cut_into_bounded_sentences() {
    let d = scratch("line");
    // one line of 40 000 characters with commas but no end mark
    let line = "国防部长张又侠在北京会见老挝国防部长占沙蒙，".repeat(1800);
    std::fs::write(d.join("line.txt"), &line).expect("a file");
    let out = jishi(
        &[
            "extract",
            "--format",
            "jsonl",
            "--max-sentence-chars",
            "300",
            path(&d.join("line.txt")),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rec = &records(&out)[0];
    let sentences = rec["sentences"].as_array().expect("sentences");
    assert!(sentences.len() >= line.chars().count() / 300);
    for s in sentences {
        let len = s["end"].as_u64().unwrap() - s["start"].as_u64().unwrap();
        assert!(len <= 300, "a sentence of {len} characters");
    }
    std::fs::remove_dir_all(d).ok();
}

#[test]
fn an_article_longer_than_the_limit_fails_by_name() {
    let d = scratch("article");
    // 1.5 MB of text in one line: read, then refused before any stage runs on it
    std::fs::write(d.join("a-dump.txt"), "会谈。".repeat(170_000)).expect("a file");
    std::fs::write(d.join("b-good.txt"), GOOD).expect("a file");
    let out = jishi(&["extract", "--format", "jsonl", path(&d)], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("a-dump.txt: article too long: 1530000 bytes of text (the limit is 1048576)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(records(&out).len(), 1);
    // the limit is a flag
    let out = jishi(
        &[
            "extract",
            "--format",
            "jsonl",
            "--max-article-bytes",
            "20",
            path(&d.join("b-good.txt")),
        ],
        None,
    );
    assert!(
        stderr(&out).contains("b-good.txt: article too long: 97 bytes of text (the limit is 20)"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir_all(d).ok();
}

#[test]
fn deep_html_and_a_bad_json_line_fail_or_read_by_name() {
    let d = scratch("shapes");
    let nested = format!(
        "<html><body>{}<p>张又侠会见占沙蒙。</p></body></html>",
        "<div><span>".repeat(50_000)
    );
    std::fs::write(d.join("a-nested.html"), nested).expect("a file");
    std::fs::write(
        d.join("b-feed.jsonl"),
        "{\"url\":\"https://a/1\",\"text\":\"甲会见乙。\"}\n{\"url\": oops\n{\"url\":\"https://a/3\",\"text\":\"丙会见丁。\"}\n",
    )
    .expect("a file");
    let out = jishi(&["extract", "--format", "jsonl", path(&d)], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("b-feed.jsonl:2: not a JSON object with the article fields"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let recs = records(&out);
    assert_eq!(recs.len(), 3, "the nested page and two feed lines");
    assert!(recs[0]["text"]
        .as_str()
        .unwrap()
        .contains("张又侠会见占沙蒙。"));
    std::fs::remove_dir_all(d).ok();
}

#[test]
fn unreadable_files_and_symlink_loops_are_reported_and_ingest_goes_on() {
    let d = scratch("unreadable");
    let input = d.join("in");
    std::fs::create_dir_all(input.join("sub")).expect("a directory");
    std::fs::write(input.join("a-good.txt"), GOOD).expect("a file");
    let locked = input.join("b-locked.txt");
    std::fs::write(&locked, "读不到。").expect("a file");
    std::os::unix::fs::symlink(&input, input.join("sub").join("loop")).expect("a link");
    std::os::unix::fs::symlink("c-self.txt", input.join("c-self.txt")).expect("a link");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    // root reads whatever the mode says (CI runs as root): then only the links are hostile
    let denied = std::fs::read(&locked).is_err();
    if !denied {
        eprintln!("note: running as root, chmod 000 does not deny reads; that case is not tested");
    }
    let db = d.join("corpus.db");
    let out = jishi(&["ingest", "--db", path(&db), path(&input)], None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("sub/loop: File system loop found"), "{err}");
    assert!(err.contains("c-self.txt"), "{err}");
    if denied {
        assert!(
            err.contains("b-locked.txt") && err.contains("ermission denied"),
            "{err}"
        );
    }
    let counts = jishi_store::Store::open(&db)
        .and_then(|s| s.counts())
        .expect("the corpus opens");
    assert_eq!(counts.articles, if denied { 1 } else { 2 }, "{err}");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).ok();
    std::fs::remove_dir_all(d).ok();
}

#[test]
fn ingest_reads_no_device_past_the_limit_and_stores_the_rest() {
    let d = scratch("ingest-device");
    std::fs::create_dir_all(&d).expect("a directory");
    let good = d.join("good.txt");
    std::fs::write(&good, GOOD).expect("a file");
    let db = d.join("corpus.db");
    let out = jishi(
        &["ingest", "--db", path(&db), "/dev/zero", path(&good)],
        None,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("/dev/zero") && err.contains("too large"),
        "{err}"
    );
    let counts = jishi_store::Store::open(&db)
        .and_then(|s| s.counts())
        .expect("the corpus opens");
    assert_eq!(counts.articles, 1, "{err}");
    std::fs::remove_dir_all(d).ok();
}
