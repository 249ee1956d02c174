//! Development harness: runs the text and quotes stages over article files without the rest of
//! the pipeline, with people and organizations marked by hand (names from a gold file), and
//! prints either document records for `shared/eval/score.py` or a readable list.
//!
//!     cargo run -p jishi-quotes --example quotes_dev -- [--gold DIR] [--names a,b,c] [--pretty] FILE...
//!
//! The reader here is deliberately crude (front matter dropped, `<p>` and blank lines split
//! paragraphs); the real one is `jishi-read`.

use std::path::Path;

use jishi_doc::{
    Article, Block, BlockKind, Doc, Entity, EntityKind, Mention, MentionForm, Span, Stage,
};
use jishi_quotes::QuoteStage;
use serde_json::{json, Value};

fn paragraphs(raw: &str) -> (Option<String>, Vec<String>) {
    let mut body = raw;
    let mut title = None;
    if let Some(rest) = raw.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---") {
            for l in rest[..end].lines() {
                if let Some(t) = l.strip_prefix("title: ") {
                    title = Some(t.trim().to_string());
                }
            }
            body = &rest[end + 4..];
        }
    }
    let body = body.replace("</p>", "\n\n").replace("<br>", "\n\n");
    let mut out = Vec::new();
    for p in body.split("\n\n") {
        let mut s = String::new();
        let mut in_tag = false;
        for c in p.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => s.push(c),
                _ => {}
            }
        }
        let s = s.replace("**", "").replace("&nbsp;", " ");
        let s = s.trim();
        if s.is_empty() || s.starts_with("![") || s.starts_with("http") {
            continue;
        }
        if let Some(t) = s.strip_prefix("# ") {
            title = Some(t.to_string());
            continue;
        }
        out.push(s.to_string());
    }
    (title, out)
}

fn mark(doc: &mut Doc, names: &[(String, EntityKind, Vec<String>)]) {
    let mut taken: Vec<Span> = Vec::new();
    let mut all: Vec<(Span, usize)> = Vec::new();
    for (i, (_, _, aliases)) in names.iter().enumerate() {
        for a in aliases {
            if a.is_empty() {
                continue;
            }
            for (at, _) in doc.text.match_indices(a.as_str()) {
                all.push((Span::new(at, at + a.len()), i));
            }
        }
    }
    all.sort_by_key(|(s, _)| (std::cmp::Reverse(s.len()), s.start));
    let mut ents: Vec<Entity> = names
        .iter()
        .map(|(n, k, _)| Entity {
            name: n.clone(),
            kind: *k,
            mentions: vec![],
            titles: vec![],
            affiliation: None,
            actor: None,
        })
        .collect();
    for (s, i) in all {
        if taken.iter().any(|t| t.overlaps(s)) {
            continue;
        }
        taken.push(s);
        ents[i].mentions.push(Mention {
            span: s,
            form: MentionForm::Name,
        });
    }
    for e in &mut ents {
        e.mentions.sort_by_key(|m| m.span);
    }
    doc.entities = ents
        .into_iter()
        .filter(|e| !e.mentions.is_empty())
        .collect();
}

fn cp(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut gold_dir = None;
    let mut pretty = false;
    let mut extra: Vec<String> = Vec::new();
    let mut files = Vec::new();
    while !args.is_empty() {
        let a = args.remove(0);
        match a.as_str() {
            "--gold" => gold_dir = Some(args.remove(0)),
            "--pretty" => pretty = true,
            "--names" => extra = args.remove(0).split(',').map(String::from).collect(),
            _ => files.push(a),
        }
    }
    let stage = QuoteStage::new().expect("lexicon");
    for f in files {
        let Ok(raw) = std::fs::read_to_string(&f) else {
            eprintln!("{f}: cannot read");
            continue;
        };
        let (title, paras) = paragraphs(&raw);
        let mut text = String::new();
        let mut blocks = Vec::new();
        for (i, p) in title.iter().chain(paras.iter()).enumerate() {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(p);
            let kind = if i == 0 && title.is_some() {
                BlockKind::Title
            } else {
                BlockKind::Paragraph
            };
            blocks.push(Block {
                kind,
                span: Span::new(start, text.len()),
            });
        }
        let name = Path::new(&f)
            .file_name()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let mut doc = Doc::new(Article::new(name.clone()), text);
        doc.blocks = blocks;
        if paras.first().is_some_and(|p| p.contains("澎湃新闻记者")) {
            doc.article.byline = paras.first().cloned();
        }
        jishi_text::TextStage.process(&mut doc);
        let mut names: Vec<(String, EntityKind, Vec<String>)> = extra
            .iter()
            .map(|n| (n.clone(), EntityKind::Per, vec![n.clone()]))
            .collect();
        if let Some(dir) = &gold_dir {
            let stem = name.rsplit_once('.').map_or(name.as_str(), |x| x.0);
            let gp = Path::new(dir).join(format!("{stem}.gold.json"));
            if let Ok(g) = std::fs::read_to_string(&gp) {
                let g: Value = serde_json::from_str(&g).expect("gold json");
                for e in g["entities"].as_array().into_iter().flatten() {
                    let kind = EntityKind::parse(e["type"].as_str().unwrap_or(""))
                        .unwrap_or(EntityKind::Org);
                    let n = e["name"].as_str().unwrap_or("").to_string();
                    let mut aliases: Vec<String> = e["aliases"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|a| a.as_str().map(String::from))
                        .collect();
                    aliases.push(n.clone());
                    names.push((n, kind, aliases));
                }
            }
        }
        mark(&mut doc, &names);
        stage.process(&mut doc);
        let t = &doc.text;
        let ename = |e: Option<usize>| e.map(|i| doc.entities[i].name.clone());
        if pretty {
            println!("## {name}");
            for q in &doc.quotes {
                let ctx_start = doc
                    .sentence_at(q.span.start)
                    .map(|i| doc.sentences[i].start)
                    .unwrap_or(q.span.start)
                    .min(q.cue.map_or(usize::MAX, |c| c.start));
                println!(
                    "- [{}] speaker={:?} said_by={:?} cue={:?} relayed={:?}\n  «{}»\n  ctx: {}",
                    q.kind.as_str(),
                    ename(q.speaker),
                    q.speaker_span.map(|s| doc.slice(s)),
                    q.cue.map(|s| doc.slice(s)),
                    ename(q.relayed_by),
                    doc.slice(q.span),
                    &t[ctx_start..q.span.start]
                );
            }
            continue;
        }
        let ents: Vec<Value> = doc
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| {
                json!({"id": format!("E{}", i + 1), "name": e.name, "type": e.kind.as_str(),
                    "mentions": e.mentions.iter().map(|m| json!({"start": cp(t, m.span.start), "end": cp(t, m.span.end), "text": doc.slice(m.span)})).collect::<Vec<_>>()})
            })
            .collect();
        let quotes: Vec<Value> = doc
            .quotes
            .iter()
            .enumerate()
            .map(|(i, q)| {
                json!({"id": format!("Q{}", i + 1), "kind": q.kind.as_str(), "text": doc.slice(q.span),
                    "start": cp(t, q.span.start), "end": cp(t, q.span.end),
                    "speaker": q.speaker.map(|e| format!("E{}", e + 1)),
                    "speaker_text": q.speaker_span.map(|s| doc.slice(s)),
                    "cue": q.cue.map(|s| doc.slice(s)),
                    "relayed_by": q.relayed_by.map(|e| format!("E{}", e + 1))})
            })
            .collect();
        let rec = json!({"schema": "document/1", "article": {"source": name}, "text": t, "entities": ents, "quotes": quotes});
        println!("{rec}");
    }
}
