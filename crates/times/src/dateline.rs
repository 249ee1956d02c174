//! Wire datelines: （中央社記者王揚宇台北3日電） opening the first paragraph gives the agency,
//! the place and the day the story was filed.

use chrono::{Datelike, NaiveDate};
use jishi_doc::{BlockKind, Dateline, Doc, Span};

use crate::lexicon::Lexicon;

const REPORTER_WORDS: &[&str] = &["特约记者", "特派员", "记者"];

/// The dateline opening the first paragraph of `doc`, if there is one; `folded` is the
/// simplified view of its text (same offsets).
pub fn find(lex: &Lexicon, doc: &Doc, folded: &str) -> Option<Dateline> {
    let block = doc.blocks.iter().find(|b| b.kind == BlockKind::Paragraph)?;
    let raw = folded.get(block.span.start..block.span.end)?;
    let trimmed = raw.trim_start();
    let base = block.span.start + (raw.len() - trimmed.len());
    for pattern in &lex.datelines {
        let Some(caps) = pattern.regex.captures(trimmed) else {
            continue;
        };
        let whole = caps.get(0)?;
        let agency = caps
            .name("agency")
            .map(|m| doc.text[base + m.start()..base + m.end()].to_string());
        let day = caps.name("day").and_then(|m| m.as_str().parse().ok());
        let month = caps.name("month").and_then(|m| m.as_str().parse().ok());
        let (mut place, mut place_span) = (None, None);
        if let Some(who) = caps.name("who") {
            if let Some((from, to)) = place_in(lex, who.as_str()) {
                let span = Span::new(base + who.start() + from, base + who.start() + to);
                place = Some(doc.text[span.start..span.end].to_string());
                place_span = Some(span);
            }
        }
        return Some(Dateline {
            span: Span::new(base + whole.start(), base + whole.end()),
            agency,
            place,
            place_span,
            day,
            month,
        });
    }
    None
}

/// The byte range of the place inside the `who` part of a dateline (记者王扬宇台北 → 台北).
fn place_in(lex: &Lexicon, who: &str) -> Option<(usize, usize)> {
    if who.is_empty() {
        return None;
    }
    let Some(reporter) = REPORTER_WORDS.iter().find(|w| who.starts_with(*w)) else {
        return Some((0, who.len()));
    };
    let names = &who[reporter.len()..];
    let offset = reporter.len();
    // a known place at the end
    for p in &lex.places {
        if names.len() > p.len() && names.ends_with(p.as_str()) {
            return Some((offset + names.len() - p.len(), offset + names.len()));
        }
    }
    // else the last reporter's name is taken to be three characters long
    let last_start = names.rfind('、').map(|i| i + '、'.len_utf8()).unwrap_or(0);
    let last = &names[last_start..];
    let cut = last.char_indices().nth(3).map(|(i, _)| i)?;
    Some((offset + last_start + cut, offset + names.len()))
}

/// The date of the dateline's day: its month when given, else the nearest such day on or
/// before `around` (the publication date, or a date the text names).
pub fn date(dateline: &Dateline, around: NaiveDate) -> Option<NaiveDate> {
    let day = dateline.day?;
    if let Some(m) = dateline.month {
        let mut y = around.year();
        // 【共同社12月31日电】 read on 1 January
        if m > around.month() + 6 {
            y -= 1;
        }
        return NaiveDate::from_ymd_opt(y, m, day);
    }
    if day <= around.day() {
        return NaiveDate::from_ymd_opt(around.year(), around.month(), day);
    }
    // a dateline of the 31st read against the 1st: last month
    let prev = around.with_day(1)?.pred_opt()?;
    NaiveDate::from_ymd_opt(prev.year(), prev.month(), day)
}
