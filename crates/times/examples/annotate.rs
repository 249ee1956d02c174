//! Prints the time expressions the stage finds in news files (Jekyll posts or plain text), for
//! checking values by eye: `cargo run -p jishi-times --example annotate -- FILE…`.
//!
//! The reading of the files is crude on purpose (front matter `date:`, tags stripped, one
//! paragraph per `<p>` or blank line): the real reader is `jishi-read`.

use chrono::DateTime;
use jishi_doc::{Article, Block, BlockKind, Doc, Span, Stage};

fn main() {
    let stage = match jishi_times::TimeStage::new() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    for path in std::env::args().skip(1) {
        let Ok(raw) = std::fs::read_to_string(&path) else {
            eprintln!("{path}: cannot read");
            continue;
        };
        let mut doc = read(&path, &raw);
        jishi_text::TextStage.process(&mut doc);
        doc.article.language = jishi_text::detect_language(&doc.text);
        stage.process(&mut doc);
        println!(
            "== {path}  ref={:?} {}",
            doc.article.reference_date.value,
            doc.article.reference_date.source.as_str()
        );
        if let Some(d) = &doc.dateline {
            println!(
                "   dateline: {:?} {:?} day={:?} month={:?}",
                d.agency, d.place, d.day, d.month
            );
        }
        for t in &doc.times {
            let (date, src) = jishi_times::governing_date(&doc, t.span);
            println!(
                "   {}\t{}\t{}\t{}\t[{} {}]",
                doc.slice(t.span),
                t.value,
                t.end_value.as_deref().unwrap_or("-"),
                t.kind.as_str(),
                date.unwrap_or_default(),
                src.as_str()
            );
        }
    }
}

fn read(path: &str, raw: &str) -> Doc {
    let mut body = raw;
    let mut title = None;
    let mut published = None;
    let mut url = None;
    if let Some(rest) = raw.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---") {
            for line in rest[..end].lines() {
                if let Some(v) = line.strip_prefix("title: ") {
                    title = Some(v.trim().to_string());
                } else if let Some(v) = line.strip_prefix("date: ") {
                    published = DateTime::parse_from_str(v.trim(), "%Y-%m-%d %H:%M:%S%.f %:z").ok();
                } else if let Some(v) = line.strip_prefix("link: ") {
                    url = Some(v.trim().to_string());
                }
            }
            body = &rest[end + 4..];
        }
    }
    let spaced = body
        .replace("</p>", "\n\n")
        .replace("<br>", "\n\n")
        .replace("</div>", "\n\n");
    let mut plain = String::new();
    let mut in_tag = false;
    for c in spaced.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    let mut text = String::new();
    let mut blocks = Vec::new();
    if let Some(t) = &title {
        blocks.push(Block {
            kind: BlockKind::Title,
            span: Span::new(0, t.len()),
        });
        text.push_str(t);
    }
    for para in plain.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(para);
        blocks.push(Block {
            kind: BlockKind::Paragraph,
            span: Span::new(start, text.len()),
        });
    }
    let mut article = Article::new(path);
    article.url = url;
    if let Some(p) = published {
        let local = p.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8"));
        article.published = Some(local);
        article.reference_date = jishi_doc::ReferenceDate {
            value: Some(local.date_naive()),
            source: jishi_doc::ReferenceSource::Published,
        };
    }
    let mut doc = Doc::new(article, text);
    doc.blocks = blocks;
    doc
}
