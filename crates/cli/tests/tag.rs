//! `jishi tag --format bio`: one `char<TAB>tag` line a character, a blank line between sentences.

use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn bio_lines_for_each_character_and_a_blank_line_between_sentences() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jishi"))
        .args(["tag", "--format", "bio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let input = "中国国防部新闻发言人吴谦在北京表示。\n\n張又俠在北京會見占沙蒙。\n";
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let sentences: Vec<&str> = text.trim_end().split("\n\n").collect();
    assert_eq!(sentences.len(), 2, "blank input lines are skipped: {text}");
    for (s, line) in sentences
        .iter()
        .zip(input.lines().filter(|l| !l.is_empty()))
    {
        let rows: Vec<(&str, &str)> = s.lines().map(|l| l.split_once('\t').unwrap()).collect();
        assert_eq!(
            rows.iter().map(|r| r.0).collect::<String>(),
            line,
            "one row a character, in order"
        );
        let allowed = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"];
        assert!(rows.iter().all(|r| allowed.contains(&r.1)), "{s}");
    }
    // the person and the place are found, in both scripts
    assert!(
        sentences[0].contains("吴\tB-PER\n谦\tI-PER"),
        "{}",
        sentences[0]
    );
    assert!(
        sentences[1].contains("北\tB-LOC\n京\tI-LOC"),
        "{}",
        sentences[1]
    );
}
