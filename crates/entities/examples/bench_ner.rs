//! Measures the recognizer's tagging speed on real news (one thread).
//!
//! `cargo run --release -p jishi-entities --example bench_ner -- [DIR] [MAX_FILES]`
//! (default: `../shared/corpus/news-2310`, 300 files). Prints MB/s of UTF-8 input, the
//! segmenter's share included.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/corpus/news-2310"
        )
        .to_string()
    });
    let max: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(300);
    let mut files: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(d) => d.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            eprintln!("{dir}: {e}");
            std::process::exit(2);
        }
    };
    files.sort();
    files.truncate(max);
    // Chinese runs of the files, cut at sentence ends: a rough text extraction is enough here
    let mut sentences = Vec::new();
    for f in &files {
        let Ok(raw) = std::fs::read_to_string(f) else {
            continue;
        };
        let mut cur = String::new();
        for c in raw.chars() {
            let cjk = ('\u{4e00}'..='\u{9fff}').contains(&c) || "，、：“”《》（）".contains(c);
            if cjk {
                cur.push(c);
            }
            if "。！？\n".contains(c) || !cjk && !c.is_ascii_alphanumeric() {
                if cur.chars().count() >= 8 {
                    sentences.push(std::mem::take(&mut cur));
                }
                cur.clear();
            }
        }
    }
    let stage = match jishi_entities::EntityStage::new() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let folded: Vec<String> = sentences.iter().map(|s| jishi_words::fold_str(s)).collect();
    let bytes: usize = folded.iter().map(String::len).sum();
    let rec = stage.recognizer();
    let t = Instant::now();
    let mut n = 0usize;
    for s in &folded {
        n += rec.tag(s).len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "recognizer: {} sentences, {:.2} MB in {:.2} s: {:.2} MB/s ({} chars tagged)",
        folded.len(),
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs,
        n
    );
}
