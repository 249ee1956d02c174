//! Inputs that once broke a reader (found by `fuzz/run.sh`, or written by hand for a hostile
//! shape), kept in `tests/regressions/`: every reader, forced or detected, reads each of them
//! without a panic into consistent documents or an error that names the input.
//!
//! To add one: copy the crashing input from `fuzz/artifacts/<target>/` into `tests/regressions/`
//! under a name that says what broke, and say so in `tests/regressions/README.md`.

use jishi_read::{read_bytes, read_bytes_as, Format, ReadError};

const FORMATS: [Format; 5] = [
    Format::MarkdownNews,
    Format::Jekyll,
    Format::Html,
    Format::JsonLines,
    Format::Text,
];

/// What the fuzz targets check (fuzz/fuzz_targets/common.rs): body text, and blocks inside it
/// on character boundaries, in order.
fn check(name: &str, docs: Vec<Result<jishi_doc::Doc, ReadError>>) {
    for doc in docs {
        match doc {
            Ok(doc) => {
                assert!(!doc.text.trim().is_empty(), "{name}: empty text");
                let mut last = 0;
                for b in &doc.blocks {
                    assert!(
                        last <= b.span.start && b.span.start <= b.span.end,
                        "{name}: {:?}",
                        b.span
                    );
                    assert!(doc.text.get(b.span.start..b.span.end).is_some(), "{name}");
                    last = b.span.end;
                }
            }
            Err(e) => assert!(e.to_string().starts_with(name), "{name}: {e}"),
        }
    }
}

fn read_all(name: &str, bytes: &[u8]) {
    check(name, read_bytes(name, bytes));
    for format in FORMATS {
        check(name, read_bytes_as(name, bytes, format));
    }
}

#[test]
fn every_input_that_once_broke_a_reader_reads() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/regressions lists") {
        let path = entry.expect("an entry").path();
        if path.ends_with("README.md") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("a regression input reads");
        read_all(&path.file_name().unwrap().to_string_lossy(), &bytes);
        n += 1;
    }
    assert!(n > 0, "no inputs in {}", dir.display());
}

#[test]
fn hostile_shapes_read_or_fail_by_name() {
    // deeply nested HTML: flattened before parsing, the text survives
    let nested = format!(
        "<html><body>{}<p>张又侠会见占沙蒙。</p></body></html>",
        "<div>".repeat(100_000)
    );
    let docs = read_bytes("nested.html", nested.as_bytes());
    let doc = docs[0].as_ref().expect("deep nesting reads");
    assert!(doc.text.contains("张又侠会见占沙蒙。"), "{}", doc.text);
    read_all("nested.html", nested.as_bytes());

    // a JSON Lines feed with a line that is not JSON: that line fails by name, the rest reads
    let feed =
        "{\"title\":\"甲\",\"text\":\"甲会见乙。\"}\nnot json at all\n{\"text\":\"丙会见丁。\"}\n";
    let docs = read_bytes("feed.jsonl", feed.as_bytes());
    assert_eq!(docs.len(), 3);
    let bad = docs[1].as_ref().expect_err("line 2 is not JSON");
    assert!(
        bad.to_string()
            .starts_with("feed.jsonl:2: not a JSON object"),
        "{bad}"
    );
    assert!(docs[0].is_ok() && docs[2].is_ok());

    // JSON nested past serde_json's recursion limit, YAML anchors that expand: errors, no crash
    let deep_json = format!(
        "{{\"text\":\"甲。\",\"x\":{}1{}}}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    read_all("deep.jsonl", deep_json.as_bytes());
    let yaml_bomb = "---\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\n\
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d]\n\
        f: [*e,*e,*e,*e,*e,*e,*e,*e]\ntitle: 标题\n---\n\n正文一句。\n";
    read_all("bomb.html", yaml_bomb.as_bytes());
}
