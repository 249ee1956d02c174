//! The times stage: time expressions resolved to dates, the wire dateline, and the date that
//! governs a clause.
//!
//! Reads `Doc::text`'s simplified fold, `Doc::blocks`, `Doc::sentences` and
//! `Article::reference_date` / `Article::published`; adds `Doc::times` (TIMEX3-style values, see
//! `spec/document.md`) and `Doc::dateline`, and sets the reference date from the dateline when
//! the article has none. Later stages ask [`governing_date`] which date governs a clause.
//!
//! Knowledge is data (`data/times/`): relative words (昨天, 同日, 上周), parts of the day, units,
//! present/past/future words, future-tense cues, holidays and their calendar rules, clock-zone
//! prefixes (当地时间), dateline patterns and places. The mechanism is code: `numeral` reads
//! Arabic, full-width and Chinese numbers; `grammar` chains numerals, units and lexicon words into
//! points, ranges, durations, offsets and windows; `resolve` turns them into TIMEX3 values against
//! the reference date (backwards for news, forwards in a clause with a future cue); `calendar`
//! dates movable holidays (Easter, Hebrew and tabular Islamic calendars, the Chinese lunar
//! calendar from `data/times/lunar.tsv`, the 24 solar terms from the sun's longitude, seasons
//! between terms); `fuzzy` gives the window of a fuzzy part of a period (年底, 上旬) for
//! [`fuzzy_window`]; `dateline` reads wire datelines.
//!
//! Spans with an end at now are written with `PRESENT_REF` (年底前 → `PRESENT_REF`…`2023`,
//! 去年9月起 → `2022-09`…`PRESENT_REF`, 近三年, 60日内); open spans with `PAST_REF` / `FUTURE_REF`
//! (3年以前, 半年之后). `…以来` keeps its start as the value (the spec) and adds `PRESENT_REF` as
//! its end; a fuzzy part keeps its period as the value (八月底 → `2023-08`).
//!
//! ```
//! use chrono::NaiveDate;
//! use jishi_doc::{Article, Block, BlockKind, Doc, ReferenceDate, ReferenceSource, Span, Stage};
//! let text = "（中央社記者王揚宇台北1日電）美方代表10月30日下午出席論壇，昨天閉幕。".to_string();
//! let mut doc = Doc::new(Article::new("x"), text);
//! doc.blocks.push(Block { kind: BlockKind::Paragraph, span: Span::new(0, doc.text.len()) });
//! jishi_text::TextStage.process(&mut doc);
//! doc.article.reference_date = ReferenceDate {
//!     value: NaiveDate::from_ymd_opt(2023, 11, 1),
//!     source: ReferenceSource::Published,
//! };
//! jishi_times::TimeStage::new().unwrap().process(&mut doc);
//! let values: Vec<(&str, &str)> =
//!     doc.times.iter().map(|t| (doc.slice(t.span), t.value.as_str())).collect();
//! assert_eq!(values, [("1日", "2023-11-01"), ("10月30日下午", "2023-10-30TAF"), ("昨天", "2023-10-31")]);
//! assert_eq!(doc.dateline.as_ref().and_then(|d| d.place.as_deref()), Some("台北"));
//! ```

use chrono::{Datelike, NaiveDate};
use jishi_doc::{
    DateSource, Doc, Language, ReferenceDate, ReferenceSource, Span, Stage, Timex, TimexKind,
};

mod calendar;
mod dateline;
mod fuzzy;
mod grammar;
mod lexicon;
mod numeral;
mod resolve;

pub use fuzzy::window as fuzzy_window;
pub use resolve::Direction;

use lexicon::Lexicon;
use resolve::Context;

/// A data file of the stage could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TimesError {
    /// A line of an embedded data file is malformed.
    #[error("data/times/{file}, line {line}: {message}")]
    Data {
        file: &'static str,
        line: usize,
        message: String,
    },
}

/// The times stage; build it once and share it.
#[derive(Debug)]
pub struct TimeStage {
    lex: Lexicon,
    direction: Direction,
}

impl TimeStage {
    /// Loads the stage's data (`data/times/`, embedded in the binary).
    pub fn new() -> Result<TimeStage, TimesError> {
        Ok(TimeStage {
            lex: Lexicon::load()?,
            direction: Direction::Past,
        })
    }

    /// The same stage reading dates without month or year (26日, 周一) forwards by default
    /// instead of backwards — for texts about plans (schedules, announcements), not news.
    pub fn reading_forward(mut self) -> TimeStage {
        self.direction = Direction::Future;
        self
    }

    /// The text the grammar reads: the simplified fold, except where the fold turned a
    /// character the lexicons spell into another (some variant tables map 晚 to 晩, 每 to 毎):
    /// there the original character stays. Same byte offsets as the text.
    fn view(&self, doc: &Doc) -> String {
        let folded = doc.folded();
        if folded.len() != doc.text.len() {
            return doc.text.clone();
        }
        doc.text
            .chars()
            .zip(folded.chars())
            .map(|(t, f)| {
                if t != f && self.lex.alphabet.contains(&t) && t.len_utf8() == f.len_utf8() {
                    t
                } else {
                    f
                }
            })
            .collect()
    }

    /// Does the clause around `span` speak of the future (将, 计划, 定于)?
    fn future_clause(&self, folded: &str, span: Span) -> bool {
        let around = |stops: &str| {
            let stop = |c: char| stops.contains(c);
            let start_before = |at: usize| {
                folded[..at]
                    .char_indices()
                    .rev()
                    .find(|(_, c)| stop(*c))
                    .map(|(i, c)| i + c.len_utf8())
                    .unwrap_or(0)
            };
            let mut start = start_before(span.start);
            let joins = self
                .lex
                .future_cues
                .iter()
                .any(|c| c.joins && folded[start..].starts_with(c.word.as_str()));
            if joins && start > 0 {
                // the clause carries on the one before it
                let prev_stop = folded[..start]
                    .char_indices()
                    .next_back()
                    .map(|(i, _)| i)
                    .unwrap_or(0);
                start = start_before(prev_stop);
            }
            let end = folded[span.end..]
                .char_indices()
                .find(|(_, c)| stop(*c))
                .map(|(i, _)| span.end + i)
                .unwrap_or(folded.len());
            &folded[start..end]
        };
        let clause = around("，。；！？,;!?\n：:");
        let sentence = around("。！？!?\n");
        self.lex.future_cues.iter().filter(|c| !c.joins).any(|cue| {
            let within = if cue.sentence { sentence } else { clause };
            within.match_indices(cue.word.as_str()).any(|(i, w)| {
                let rest = &within[i + w.len()..];
                !cue.not_before.iter().any(|n| rest.starts_with(n.as_str()))
            })
        })
    }
}

impl Stage for TimeStage {
    fn name(&self) -> &'static str {
        "times"
    }

    fn process(&self, doc: &mut Doc) {
        let folded = self.view(doc);
        doc.dateline = dateline::find(&self.lex, doc, &folded);
        set_reference(doc);
        let reference = doc.article.reference_date.value;
        // wire copy dated the day before publication (紐約4日電, published on the 5th in
        // Taipei): its 今天 and 昨天 are the reporter's, counted from the dateline's day
        let anchor = match (&doc.dateline, reference) {
            (Some(dl), Some(r)) => dateline::date(dl, r)
                .filter(|d| r.signed_duration_since(*d).num_days() == 1)
                .or(reference),
            _ => reference,
        };
        let roc = doc.article.language == Language::ZhHant || folded.contains("民国");
        let taiwan = doc.article.outlet.as_deref() == Some("cna")
            || doc.dateline.as_ref().and_then(|d| d.agency.as_deref()) == Some("中央社")
            || folded.contains("中华民国");
        let now = doc
            .article
            .published
            .map(|p| p.naive_local())
            .filter(|n| Some(n.date()) == reference);
        let mut ctx = Context {
            reference: anchor,
            now,
            forward_reading: self.direction == Direction::Future,
            ..Default::default()
        };
        let mut blocks: Vec<Span> = doc.blocks.iter().map(|b| b.span).collect();
        if blocks.is_empty() {
            blocks.push(Span::new(0, folded.len()));
        }
        // every expression of every block, on a view without the spaces some outlets put
        // between numbers and units (1 月 29 日下午 3:00)
        let mut found = Vec::new();
        for block in blocks {
            let Some(slice) = folded.get(block.start..block.end) else {
                continue;
            };
            let mut chars = Vec::new();
            let mut offsets = Vec::new();
            let all: Vec<(usize, char)> = slice.char_indices().collect();
            for (k, &(i, c)) in all.iter().enumerate() {
                if c == ' ' || c == '\u{a0}' {
                    let prev = chars.last().copied();
                    let next = all.get(k + 1).map(|x| x.1);
                    if joins_across_space(prev, next) {
                        continue;
                    }
                }
                chars.push(c);
                offsets.push(block.start + i);
            }
            for f in grammar::scan(&self.lex, &chars, roc, taiwan) {
                let (Some(&start), Some(&last), Some(&last_c)) = (
                    offsets.get(f.start),
                    offsets.get(f.end.saturating_sub(1)),
                    chars.get(f.end.saturating_sub(1)),
                ) else {
                    continue;
                };
                found.push((Span::new(start, last + last_c.len_utf8()), f.expr));
            }
        }
        // a day written alone (4日) is the day of the same number written in full elsewhere
        // in the article (11月4日), when there is one
        let mut full_days: Vec<NaiveDate> = Vec::new();
        for (span, expr) in &found {
            if let grammar::Expr::Point(p) = expr {
                if matches!(
                    (p.month, p.day),
                    (Some(grammar::Rel::Abs(_)), Some(grammar::Rel::Abs(_)))
                ) {
                    ctx.direction = if self.future_clause(&folded, *span) {
                        Direction::Future
                    } else {
                        self.direction
                    };
                    if let Some(d) = resolve::resolve(expr, &ctx).day {
                        full_days.push(d);
                    }
                }
            }
        }
        let bare_weekday: Vec<bool> = found
            .iter()
            .map(|(_, e)| {
                matches!(e, grammar::Expr::Point(p) if p.weekday.is_some() && p.week.is_none()
                    && p.day.is_none() && p.month.is_none() && p.year.is_none())
            })
            .collect();
        let mut times: Vec<Timex> = Vec::new();
        for (span, mut expr) in found {
            if let grammar::Expr::Point(p) = &mut expr {
                // 12月1、2日: a day listed after a date takes its month
                let listed = times.last().and_then(|t: &Timex| {
                    let between = folded.get(t.span.end..span.start)?;
                    (between == "、")
                        .then(|| resolve::value_day(&t.value))
                        .flatten()
                });
                if let (None, None, Some(grammar::Rel::Abs(_)), Some(prev)) =
                    (p.year, p.month, p.day, listed)
                {
                    p.year = Some(grammar::Rel::Abs(prev.year()));
                    p.month = Some(grammar::Rel::Abs(prev.month()));
                }
                if let (None, None, Some(grammar::Rel::Abs(d))) = (p.year, p.month, p.day) {
                    let same = full_days
                        .iter()
                        .filter(|x| x.day() == d)
                        .min_by_key(|x| reference.map(|r| (**x - r).num_days().abs()).unwrap_or(0));
                    if let Some(x) = same {
                        p.year = Some(grammar::Rel::Abs(x.year()));
                        p.month = Some(grammar::Rel::Abs(x.month()));
                    }
                }
            }
            ctx.direction = if self.future_clause(&folded, span) {
                Direction::Future
            } else {
                self.direction
            };
            let r = resolve::resolve(&expr, &ctx);
            if let Some(d) = r.day {
                ctx.last_day = Some(d);
            }
            if r.month.is_some() {
                ctx.last_month = r.month;
            }
            times.push(Timex {
                span,
                kind: r.kind,
                value: r.value,
                end_value: r.end_value,
            });
        }
        // 周一（9日） and 10月30日（星期一）: a date and a weekday side by side, one in brackets,
        // name the same day, and the date says which
        for k in 1..times.len() {
            let (a, b) = (&times[k - 1], &times[k]);
            let between = folded.get(a.span.end..b.span.start).unwrap_or("");
            if between != "（" && between != "(" {
                continue;
            }
            let dated = |v: &str| v.len() >= 10 && resolve::value_day(v).is_some();
            let fix = if bare_weekday[k - 1] && dated(&b.value) {
                Some((
                    k - 1,
                    format!("{}{}", &b.value[..10], a.value.get(10..).unwrap_or("")),
                ))
            } else if bare_weekday[k] && dated(&a.value) {
                Some((
                    k,
                    format!("{}{}", &a.value[..10], b.value.get(10..).unwrap_or("")),
                ))
            } else {
                None
            };
            if let Some((at, value)) = fix {
                times[at].value = value;
            }
        }
        doc.times = times;
    }
}

/// May a space between `prev` and `next` be read through (1 月 29 日, 下午 3:00)?
fn joins_across_space(prev: Option<char>, next: Option<char>) -> bool {
    let (Some(p), Some(n)) = (prev, next) else {
        return false;
    };
    let p_ok = p.is_ascii_digit() || "年月日号午晚上早".contains(p);
    let n_ok = n.is_ascii_digit() || "年月日号点时".contains(n);
    p_ok && n_ok && !(p.is_ascii_digit() && n.is_ascii_digit())
}

/// Sets the reference date when the reader left none: the publication date's local day, else
/// the dateline's day (its month and year from the URL's yyyymmdd or the text's first full
/// date). Without either, relative values stay unresolved.
fn set_reference(doc: &mut Doc) {
    if doc.article.reference_date.value.is_some() {
        return;
    }
    if let Some(p) = doc.article.published {
        doc.article.reference_date = ReferenceDate {
            value: Some(p.date_naive()),
            source: ReferenceSource::Published,
        };
        return;
    }
    let Some(dl) = &doc.dateline else { return };
    let around = doc.article.url.as_deref().and_then(date_in_url);
    if let Some(d) = around.and_then(|a| dateline::date(dl, a)) {
        doc.article.reference_date = ReferenceDate {
            value: Some(d),
            source: ReferenceSource::Dateline,
        };
    }
}

/// A yyyymmdd date inside a URL (…/202310020211.aspx → 2023-10-02).
fn date_in_url(url: &str) -> Option<NaiveDate> {
    let b = url.as_bytes();
    let mut i = 0;
    while i + 8 <= b.len() {
        if b[i..i + 8].iter().all(u8::is_ascii_digit) && (i == 0 || !b[i - 1].is_ascii_digit()) {
            let s = &url[i..i + 8];
            if let Ok(d) = NaiveDate::parse_from_str(s, "%Y%m%d") {
                if (1990..2100).contains(&d.year()) {
                    return Some(d);
                }
            }
        }
        i += 1;
    }
    None
}

/// Can this time expression date an event? Durations, sets, PRESENT_REF and unresolved
/// values cannot.
fn governs(t: &Timex) -> bool {
    matches!(t.kind, TimexKind::Date | TimexKind::Time)
        && t.value.len() >= 4
        && t.value.as_bytes()[..4].iter().all(u8::is_ascii_digit)
}

/// The ISO 8601 partial date in a value — year, month, day or week — as events carry it:
/// `2023-10-30TEV` → `2023-10-30`, `2023-W40-WE` → `2023-W40`, `2023-Q3` → `2023`.
fn date_part(value: &str) -> String {
    let b = value.as_bytes();
    let digits = |from: usize, n: usize| {
        b.len() >= from + n && b[from..from + n].iter().all(u8::is_ascii_digit)
    };
    let mut end = 4;
    if b.get(4) == Some(&b'-') && digits(5, 2) {
        end = 7;
        if b.get(7) == Some(&b'-') && digits(8, 2) {
            end = 10;
        }
    } else if b.get(4) == Some(&b'-') && b.get(5) == Some(&b'W') && digits(6, 2) {
        end = 8;
    }
    value[..end.min(value.len())].to_string()
}

/// The date that governs what is said at `span`, and where it came from: the time expression
/// of its clause (the comma-delimited stretch holding it), else of its sentence, else the
/// story's anchor date (the first day-level date of the lead), else the dateline's day, else the
/// publication date, else none.
pub fn governing_date(doc: &Doc, span: Span) -> (Option<String>, DateSource) {
    let text = doc.folded();
    let sentence = doc
        .sentence_at(span.start)
        .and_then(|i| doc.sentences.get(i).copied())
        .unwrap_or_else(|| Span::new(span.start, span.end));
    let stop = |c: char| "，,；;：:".contains(c);
    let clause_start = text
        .get(sentence.start..span.start)
        .and_then(|s| {
            s.char_indices()
                .rev()
                .find(|(_, c)| stop(*c))
                .map(|(i, c)| sentence.start + i + c.len_utf8())
        })
        .unwrap_or(sentence.start);
    let clause_end = text
        .get(span.end.min(sentence.end)..sentence.end)
        .and_then(|s| {
            s.char_indices()
                .find(|(_, c)| stop(*c))
                .map(|(i, _)| span.end.min(sentence.end) + i)
        })
        .unwrap_or(sentence.end);
    let dateline = doc.dateline.as_ref().map(|d| d.span);
    let nearest = |within: Span| {
        doc.times
            .iter()
            .filter(|t| governs(t) && within.contains(t.span))
            .filter(|t| dateline.is_none_or(|d| !d.contains(t.span)))
            .min_by_key(|t| {
                if t.span.end <= span.start {
                    span.start - t.span.end
                } else {
                    // a date after the words governs them less than one before
                    2 * t.span.start.saturating_sub(span.end) + 1
                }
            })
            .map(|t| date_part(&t.value))
    };
    if let Some(v) = nearest(Span::new(clause_start, clause_end.max(clause_start))) {
        return (Some(v), DateSource::Clause);
    }
    if let Some(v) = nearest(sentence) {
        return (Some(v), DateSource::Sentence);
    }
    if let Some(v) = story_date(doc) {
        return (Some(v), DateSource::Story);
    }
    if let (Some(dl), Some(r)) = (&doc.dateline, doc.article.reference_date.value) {
        if let Some(d) = dateline::date(dl, r) {
            return (Some(d.format("%Y-%m-%d").to_string()), DateSource::Dateline);
        }
    }
    let published = match doc.article.reference_date {
        ReferenceDate {
            value: Some(d),
            source: ReferenceSource::Published,
        } => Some(d),
        _ => doc.article.published.map(|p| p.date_naive()),
    };
    if let Some(d) = published {
        return (
            Some(d.format("%Y-%m-%d").to_string()),
            DateSource::Published,
        );
    }
    (None, DateSource::None)
}

/// The story's anchor date: the first day-level date in the lead (the first two paragraphs,
/// the dateline aside) that is not after the reference date.
pub fn story_date(doc: &Doc) -> Option<String> {
    let lead: Vec<Span> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == jishi_doc::BlockKind::Paragraph)
        .take(2)
        .map(|b| b.span)
        .collect();
    let dateline = doc.dateline.as_ref().map(|d| d.span);
    let reference = doc.article.reference_date.value;
    doc.times
        .iter()
        .filter(|t| governs(t) && lead.iter().any(|b| b.contains(t.span)))
        .filter(|t| dateline.is_none_or(|d| !d.contains(t.span)))
        .filter(|t| t.value.len() >= 10)
        .find(|t| match (resolve::value_day(&t.value), reference) {
            (Some(d), Some(r)) => d <= r,
            _ => true,
        })
        .map(|t| date_part(&t.value))
}

#[cfg(test)]
mod date_part_tests {
    #[test]
    fn event_dates_are_iso_partial_dates() {
        for (value, date) in [
            ("2023-10-30TEV", "2023-10-30"),
            ("2023-10", "2023-10"),
            ("2023-W40-WE", "2023-W40"),
            ("2023-Q3", "2023"),
            ("2019", "2019"),
        ] {
            assert_eq!(super::date_part(value), date);
        }
    }
}
