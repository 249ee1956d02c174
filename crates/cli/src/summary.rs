//! The readable summary `extract` prints on a terminal.

use std::io::Write;

use jishi_doc::Doc;

fn clip(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

/// Writes a short human-readable account of one analysed document; with `explain`, each event is
/// followed by the pattern and words that produced it.
pub fn write(out: &mut impl Write, doc: &Doc, explain: bool) -> std::io::Result<()> {
    let a = &doc.article;
    writeln!(out, "━━ {}", a.title.as_deref().unwrap_or("(untitled)"))?;
    writeln!(
        out,
        "   source    {}  [{} · {} · {}]",
        a.source,
        a.format,
        a.encoding,
        a.language.tag()
    )?;
    if let Some(u) = &a.url {
        writeln!(out, "   url       {u}")?;
    }
    if let Some(b) = &a.byline {
        writeln!(out, "   byline    {b}")?;
    }
    let published = a
        .published
        .map(|p| p.to_rfc3339())
        .unwrap_or_else(|| "unknown".into());
    let reference = a
        .reference_date
        .value
        .map(|d| d.to_string())
        .unwrap_or_else(|| "none".into());
    writeln!(
        out,
        "   published {published} (dates resolve against {reference}, from {})",
        a.reference_date.source.as_str()
    )?;
    writeln!(
        out,
        "   {} blocks, {} sentences, {} entities, {} times, {} quotes, {} events",
        doc.blocks.len(),
        doc.sentences.len(),
        doc.entities.len(),
        doc.times.len(),
        doc.quotes.len(),
        doc.events.len()
    )?;
    if !doc.entities.is_empty() {
        writeln!(out, "   entities")?;
        for e in &doc.entities {
            let titles = if e.titles.is_empty() {
                String::new()
            } else {
                format!("  ({})", e.titles.join(", "))
            };
            let code = e
                .actor
                .as_ref()
                .and_then(|a| a.code())
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default();
            writeln!(
                out,
                "     {:<5} {}{code} ×{}{titles}",
                e.kind.as_str(),
                e.name,
                e.mentions.len()
            )?;
        }
    }
    if !doc.times.is_empty() {
        writeln!(out, "   times")?;
        for t in &doc.times {
            writeln!(out, "     {:<14} {}", doc.slice(t.span), t.value)?;
        }
    }
    if !doc.quotes.is_empty() {
        writeln!(out, "   quotes")?;
        for q in &doc.quotes {
            let who = q
                .speaker
                .and_then(|i| doc.entities.get(i))
                .map(|e| e.name.clone())
                .or_else(|| q.speaker_span.map(|s| format!("({})", doc.slice(s))))
                .unwrap_or_else(|| "?".into());
            writeln!(
                out,
                "     {who} [{}]: {}",
                q.kind.as_str(),
                clip(doc.slice(q.span), 60)
            )?;
        }
    }
    if !doc.events.is_empty() {
        writeln!(out, "   events")?;
        for v in &doc.events {
            let names = |ps: &[jishi_doc::Participant]| {
                ps.iter()
                    .map(|p| doc.slice(p.span).to_string())
                    .collect::<Vec<_>>()
                    .join("+")
            };
            let neg = if v.negated { " (negated)" } else { "" };
            writeln!(
                out,
                "     {:<9} {} → {}  {}{neg}  «{}»",
                v.kind,
                names(&v.source),
                names(&v.target),
                v.date.as_deref().unwrap_or("-"),
                doc.slice(v.trigger)
            )?;
            if explain {
                for line in jishi_events::explain(doc, v).lines() {
                    writeln!(out, "         │ {line}")?;
                }
            }
        }
    }
    writeln!(out)
}
