//! The stage over real articles of the shared corpus (skipped when `../shared` is absent): no
//! panic, every span cuts the text at character boundaries, and an article with reporting
//! verbs yields quotes.

use std::path::Path;

use jishi_doc::{Article, Block, BlockKind, Doc, Span, Stage};
use jishi_quotes::QuoteStage;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

/// Paragraphs of a corpus file, crudely: front matter dropped, tags stripped, blank lines and
/// `</p>` split paragraphs.
fn paragraphs(raw: &str) -> Vec<String> {
    let body = match raw
        .strip_prefix("---\n")
        .and_then(|r| r.find("\n---").map(|e| &r[e + 4..]))
    {
        Some(b) => b,
        None => raw,
    };
    let body = body.replace("</p>", "\n\n");
    body.split("\n\n")
        .map(|p| {
            let mut s = String::new();
            let mut tag = false;
            for c in p.chars() {
                match c {
                    '<' => tag = true,
                    '>' if tag => tag = false,
                    _ if !tag => s.push(c),
                    _ => {}
                }
            }
            s.trim().to_string()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

#[test]
fn real_articles_give_well_formed_quotes() {
    let dir = Path::new(SHARED).join("corpus/news-2311");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipping: {} is absent", dir.display());
        return;
    };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let stage = QuoteStage::new().expect("the shipped lexicon parses");
    let (mut articles, mut quotes) = (0, 0);
    for path in files.iter().step_by(files.len() / 40 + 1) {
        let Ok(raw) = std::fs::read_to_string(path) else {
            continue;
        };
        let paras = paragraphs(&raw);
        let text = paras.join("\n\n");
        let mut doc = Doc::new(Article::new(path.display().to_string()), text);
        let mut at = 0;
        for p in &paras {
            doc.blocks.push(Block {
                kind: BlockKind::Paragraph,
                span: Span::new(at, at + p.len()),
            });
            at += p.len() + 2;
        }
        jishi_text::TextStage.process(&mut doc);
        stage.process(&mut doc);
        articles += 1;
        quotes += doc.quotes.len();
        for q in &doc.quotes {
            for s in [Some(q.span), q.cue, q.speaker_span].into_iter().flatten() {
                assert!(
                    s.start < s.end && s.end <= doc.text.len(),
                    "{}",
                    path.display()
                );
                assert!(doc.text.is_char_boundary(s.start) && doc.text.is_char_boundary(s.end));
            }
        }
    }
    assert!(articles >= 20, "only {articles} articles read");
    // news copy is full of reported speech: a stage that finds none is broken
    assert!(quotes >= articles, "{quotes} quotes in {articles} articles");
}
