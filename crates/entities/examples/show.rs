//! Prints the entities the stage finds in a text file (paragraphs separated by blank lines).
//!
//! `cargo run --release -p jishi-entities --example show -- FILE`

use jishi_doc::{Article, Block, BlockKind, Doc, Span, Stage};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: show FILE");
        std::process::exit(2);
    };
    let raw = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let paras: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("---") && !l.contains(": "))
        .collect();
    let text = paras.join("\n\n");
    let mut doc = Doc::new(Article::new(&path), text);
    let mut at = 0;
    for p in &paras {
        doc.blocks.push(Block {
            kind: BlockKind::Paragraph,
            span: Span::new(at, at + p.len()),
        });
        at += p.len() + 2;
    }
    jishi_text::TextStage.process(&mut doc);
    let words = jishi_words::WordStage::new().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    words.process(&mut doc);
    let stage = jishi_entities::EntityStage::new().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    stage.process(&mut doc);
    for (i, e) in doc.entities.iter().enumerate() {
        let ms: Vec<String> = e
            .mentions
            .iter()
            .map(|m| format!("{}{:?}", doc.slice(m.span), m.form).replace("Name", ""))
            .collect();
        println!(
            "E{i} {} {} {:?} titles={:?} aff={:?} ms={}",
            e.kind.as_str(),
            e.name,
            e.actor.as_ref().and_then(|a| a.country.clone()),
            e.titles,
            e.affiliation,
            ms.join(",")
        );
    }
}
