//! `jishi extract` as a user runs it: records out, errors named, the batch goes on.
//!
//! The corpus tests read `../shared/corpus/` beside the checkout (CI has it); without it they say
//! so and skip.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn jishi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jishi"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("the jishi binary runs")
}

/// Runs jishi, asserts it succeeded, and parses what it printed as JSON.
fn json_out(args: &[&str]) -> Value {
    let out = jishi(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared() -> Option<PathBuf> {
    let p = repo().join("../shared");
    if p.join("corpus").is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared/corpus is not beside the checkout");
        None
    }
}

fn validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(jishi_record::JSON_SCHEMA).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn assert_valid(v: &jsonschema::Validator, rec: &Value) {
    let errors: Vec<String> = v
        .iter_errors(rec)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "{}: {errors:#?}",
        rec["article"]["source"]
    );
}

/// Spans cut their own text out of `text` (code points).
fn assert_offsets(rec: &Value) {
    let text: Vec<char> = rec["text"].as_str().unwrap().chars().collect();
    let cut = |s: &Value| {
        text[s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize]
            .iter()
            .collect::<String>()
    };
    for t in rec["times"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rec["quotes"].as_array().unwrap())
    {
        assert_eq!(cut(t), t["text"].as_str().unwrap());
    }
    for e in rec["entities"].as_array().unwrap() {
        for m in e["mentions"].as_array().unwrap() {
            assert_eq!(cut(m), m["text"].as_str().unwrap());
        }
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("jishi-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn the_example_article_gives_one_valid_record() {
    let rec = json_out(&[
        "extract",
        "--format",
        "json",
        "examples/xiangshan10-thepaper-2023-11-01.md",
    ]);
    assert_valid(&validator(), &rec);
    assert_offsets(&rec);
    let a = &rec["article"];
    assert_eq!(
        a["title"],
        "北京香山论坛｜简短寒暄、赠送解放军臂章，中美互动引关注"
    );
    assert_eq!(a["byline"], "澎湃新闻记者 谢瑞强");
    assert_eq!(a["published"], "2023-11-01T00:15:00+08:00");
    assert_eq!(a["url"], "https://m.thepaper.cn/detail/25128984");
    assert_eq!(a["language"], "zh-Hans");
    assert_eq!(rec["blocks"][0]["kind"], "title");
    assert!(rec["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["kind"] == "caption"));
    assert!(rec["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["kind"] == "heading"));
}

#[test]
fn a_batch_reports_each_bad_input_and_keeps_the_good_ones() {
    let d = temp_dir("batch");
    std::fs::write(
        d.join("a-good.txt"),
        "张又侠会谈\n\n张又侠在北京同占沙蒙会谈。",
    )
    .unwrap();
    std::fs::write(
        d.join("b-binary.bin"),
        [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 0],
    )
    .unwrap();
    std::fs::write(
        d.join("c-empty.html"),
        "---\ntitle: 空\ndate: 2023-10-26 10:00:00 +08:00\n---\n\n",
    )
    .unwrap();
    std::fs::write(d.join("d-good.md"), "# 标题\n\n正文一句。").unwrap();
    std::fs::write(d.join(".hidden"), "not read").unwrap();
    std::fs::create_dir(d.join("e-sub")).unwrap();
    std::os::unix::fs::symlink(&d, d.join("e-sub").join("loop")).unwrap();
    std::os::unix::fs::symlink(d.join("d-good.md"), d.join("f-link.md")).unwrap();
    let missing = d.join("no-such-file.html");
    let out = jishi(&[
        "extract",
        "--format",
        "jsonl",
        d.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "something failed: exit 1");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("b-binary.bin: binary data"), "{stderr}");
    assert!(stderr.contains("c-empty.html: no body text"), "{stderr}");
    assert!(
        stderr.contains("no-such-file.html: cannot read"),
        "{stderr}"
    );
    assert!(
        stderr.contains("e-sub/loop: File system loop found"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 4, "one line a bad input: {stderr}");
    let records: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let sources: Vec<&str> = records
        .iter()
        .map(|r| r["article"]["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources.len(), 3, "{sources:?}");
    assert!(
        sources[0].ends_with("a-good.txt")
            && sources[1].ends_with("d-good.md")
            && sources[2].ends_with("f-link.md"),
        "{sources:?}"
    );
    std::fs::remove_dir_all(d).ok();
}

#[test]
fn several_inputs_give_a_json_array_and_stdin_works() {
    let v = json_out(&[
        "extract",
        "--format",
        "json",
        "examples/xiangshan10-thepaper-2023-11-01.md",
        "examples/xiangshan10-thepaper-2023-11-01.md",
    ]);
    assert_eq!(v.as_array().map(Vec::len), Some(2));

    let mut child = Command::new(env!("CARGO_BIN_EXE_jishi"))
        .args(["extract", "--format", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("中美两军互动备受关注。".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let rec: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rec["article"]["source"], "-");
    assert_eq!(rec["text"], "中美两军互动备受关注。");
}

#[test]
fn a_summary_is_readable_and_an_unknown_stage_is_a_usage_error() {
    let out = jishi(&[
        "extract",
        "--format",
        "summary",
        "examples/xiangshan10-thepaper-2023-11-01.md",
    ]);
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.starts_with("━━ 北京香山论坛"), "{s}");
    assert!(s.contains("markdown-news · utf-8 · zh-Hans"));
    let out = jishi(&[
        "extract",
        "--disable",
        "nonsense",
        "examples/xiangshan10-thepaper-2023-11-01.md",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--disable nonsense: no such stage"));
    // stages may be listed with commas
    let rec = json_out(&[
        "extract",
        "--format",
        "json",
        "--disable",
        "quotes,events",
        "examples/xiangshan10-thepaper-2023-11-01.md",
    ]);
    assert_eq!(rec["quotes"].as_array().map(Vec::len), Some(0));
    assert_eq!(rec["events"].as_array().map(Vec::len), Some(0));
}

/// Every outlet of both months: a sample of real files read with title, date, URL, no furniture,
/// and a record valid against the schema.
#[test]
fn a_sample_of_every_outlet_reads_cleanly() {
    let Some(shared) = shared() else { return };
    let mut picked = Vec::new();
    for month in ["news-2310", "news-2311"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus").join(month))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for outlet in [
            "-CNA-", "-RTHK-", "-RFI-", "-AJ-", "-KYODO-", "-WSJ-", "-DW-", "-BBC-",
        ] {
            let of: Vec<&PathBuf> = files
                .iter()
                .filter(|p| p.to_string_lossy().contains(outlet))
                .collect();
            // spread over the month, deterministically
            picked.extend(
                of.iter()
                    .step_by((of.len() / 4).max(1))
                    .take(4)
                    .map(|p| (*p).clone()),
            );
        }
    }
    assert!(picked.len() >= 60, "{} files", picked.len());
    let mut args = vec!["extract".to_string(), "--format".into(), "jsonl".into()];
    args.extend(picked.iter().map(|p| p.to_string_lossy().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = jishi(&args);
    let records: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        records.len() + stderr.lines().count() == picked.len()
            && stderr.lines().all(|l| l.ends_with("no body text")),
        "{stderr}"
    );
    let v = validator();
    let furniture = [
        "編輯：",
        "编辑：",
        "延伸閱讀",
        "更多阅读",
        "keywordTag",
        "分享 :",
        "~. Fin .~",
        "你的器材不支持",
        "相关图集",
        "看更多",
    ];
    for rec in &records {
        assert_valid(&v, rec);
        assert_offsets(rec);
        let a = &rec["article"];
        let src = a["source"].as_str().unwrap();
        let raw = std::fs::read_to_string(src).unwrap();
        let front_title = raw
            .lines()
            .find_map(|l| l.strip_prefix("title: "))
            .unwrap()
            .trim_matches(|c| c == '\'' || c == '"');
        // white space in titles is collapsed to one ASCII space
        let words = |t: &str| {
            t.replace("''", "'")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(
            a["title"].as_str().map(words),
            Some(words(front_title)),
            "{src}"
        );
        assert!(
            a["published"].is_string() && a["reference_date"]["source"] == "published",
            "{src}"
        );
        let link = raw.lines().find_map(|l| l.strip_prefix("link: ")).unwrap();
        assert_eq!(a["url"], link, "{src}");
        let text = rec["text"].as_str().unwrap();
        for f in furniture {
            assert!(!text.contains(f), "{src}: furniture {f:?} left in the text");
        }
        assert!(
            !text.trim_end().ends_with(|c: char| c.is_ascii_digit()) || !text.contains("中央社"),
            "{src}: a CNA code is left"
        );
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_by_name() {
    let d = temp_dir("limit");
    std::fs::write(d.join("big.txt"), "大".repeat(400)).unwrap();
    std::fs::write(d.join("small.txt"), "小文章。").unwrap();
    let out = jishi(&[
        "extract",
        "--format",
        "jsonl",
        "--max-bytes",
        "1000",
        d.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("big.txt: too large: 1200 bytes (the limit is 1000)"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    std::fs::remove_dir_all(d).ok();
}

#[test]
fn explain_shows_the_pattern_and_words_behind_each_event() {
    let d = temp_dir("explain");
    let f = d.join("meeting.txt");
    std::fs::write(
        &f,
        "會談\n\n中央軍委副主席張又俠28日在北京同越南國防部長潘文江舉行會談。",
    )
    .unwrap();
    let out = jishi(&["extract", "--explain", f.to_str().unwrap()]);
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("CONSULT"), "{s}");
    assert!(
        s.contains("pattern") && s.contains("data/events/triggers.tsv line"),
        "{s}"
    );
    assert!(s.contains("張又俠") && s.contains("潘文江"), "{s}");
    std::fs::remove_dir_all(d).ok();
}
