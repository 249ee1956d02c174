//! The JioNLP and Duckling time suites as jishi's own data-driven tests.
//!
//! Each case is one short text with a reference time and the expected result. A case passes when
//! the stage finds the expression (the longest one it finds stands for the text) and its value
//! equals the expected one at the expected grain: a point is compared at its grain (day, hour…),
//! a span by its start and end. Cases jishi does not try are listed with their reason in
//! `tests/data/excluded.tsv`. Bars (issue 4): pass ≥ 90 % of the kept cases, keep ≥ 80 % of each
//! suite. Spans with an end at now (`PRESENT_REF`: 2025年前, 去年9月起) match an expected end at
//! the reference time; open spans (`PAST_REF`/`FUTURE_REF`: 3年以前, 半年之后) an infinite one; a
//! fuzzy part of a period (年底, 上旬) is compared by the window `fuzzy_window` gives it.
//! `JISHI_SUITE_SHOW=1`
//! prints every failure; `cargo test -p jishi-times --test suites -- --nocapture` the figures.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use jishi_doc::{
    Article, Block, BlockKind, Doc, ReferenceDate, ReferenceSource, Span, Stage, Timex,
};
use jishi_times::TimeStage;
use serde_json::Value;

const JIONLP: &str = include_str!("data/jionlp_parse_time_cases.jsonl");
const DUCKLING: &str = include_str!("data/duckling_zh_time.jsonl");
const EXCLUDED: &str = include_str!("data/excluded.tsv");

/// The grain a value is compared at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Grain {
    Second,
    Minute,
    Hour,
    Day,
    Month,
    Year,
}

/// What a case expects.
#[derive(Debug)]
enum Expected {
    /// An inclusive interval of seconds, compared at a grain.
    Interval(NaiveDateTime, NaiveDateTime, Grain),
    /// A duration: amount per unit letter (`Y`, `M`, `W`, `D`, `H`, `MIN`, `S`).
    Duration(f64, &'static str),
    /// A range of durations (3~6个月): the shortest and the longest.
    Durations((f64, &'static str), (f64, &'static str)),
}

struct Case {
    text: String,
    reference: NaiveDate,
    /// The suite's reference time, given to the stage as the publication time.
    now: NaiveDateTime,
    forward: bool,
    expected: Expected,
}

fn dt(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()
}

/// The coarsest grain at which `s` opens and `e` closes a whole unit.
fn grain_of(s: NaiveDateTime, e: NaiveDateTime) -> Grain {
    let starts = |g: Grain| match g {
        Grain::Second => true,
        Grain::Minute => s.second() == 0,
        Grain::Hour => s.second() == 0 && s.minute() == 0,
        Grain::Day => s.time() == NaiveTime::MIN,
        Grain::Month => s.time() == NaiveTime::MIN && s.day() == 1,
        Grain::Year => s.time() == NaiveTime::MIN && s.day() == 1 && s.month() == 1,
    };
    let ends = |g: Grain| {
        let next = e + Duration::seconds(1);
        match g {
            Grain::Second => true,
            Grain::Minute => next.second() == 0,
            Grain::Hour => next.second() == 0 && next.minute() == 0,
            Grain::Day => next.time() == NaiveTime::MIN,
            Grain::Month => next.time() == NaiveTime::MIN && next.day() == 1,
            Grain::Year => next.time() == NaiveTime::MIN && next.day() == 1 && next.month() == 1,
        }
    };
    [
        Grain::Year,
        Grain::Month,
        Grain::Day,
        Grain::Hour,
        Grain::Minute,
        Grain::Second,
    ]
    .into_iter()
    .find(|g| starts(*g) && ends(*g))
    .unwrap_or(Grain::Second)
}

fn truncate(t: NaiveDateTime, g: Grain) -> NaiveDateTime {
    let d = t.date();
    let (y, m) = (d.year(), d.month());
    let date = match g {
        Grain::Year => NaiveDate::from_ymd_opt(y, 1, 1),
        Grain::Month => NaiveDate::from_ymd_opt(y, m, 1),
        _ => Some(d),
    }
    .unwrap_or(d);
    let time = match g {
        Grain::Year | Grain::Month | Grain::Day => NaiveTime::MIN,
        Grain::Hour => NaiveTime::from_hms_opt(t.hour(), 0, 0).unwrap_or(NaiveTime::MIN),
        Grain::Minute => NaiveTime::from_hms_opt(t.hour(), t.minute(), 0).unwrap_or(NaiveTime::MIN),
        Grain::Second => t.time(),
    };
    date.and_time(time)
}

/// The end (inclusive, to the second) of the unit of grain `g` that opens at `s`.
fn end_of(s: NaiveDateTime, g: Grain) -> NaiveDateTime {
    let next = match g {
        Grain::Second => s + Duration::seconds(1),
        Grain::Minute => s + Duration::minutes(1),
        Grain::Hour => s + Duration::hours(1),
        Grain::Day => s + Duration::days(1),
        Grain::Month => {
            let (y, m) = if s.month() == 12 {
                (s.year() + 1, 1)
            } else {
                (s.year(), s.month() + 1)
            };
            NaiveDate::from_ymd_opt(y, m, 1)
                .map(|d| d.and_time(NaiveTime::MIN))
                .unwrap_or(s)
        }
        Grain::Year => NaiveDate::from_ymd_opt(s.year() + 1, 1, 1)
            .map(|d| d.and_time(NaiveTime::MIN))
            .unwrap_or(s),
    };
    next - Duration::seconds(1)
}

/// The hours (from, to) a part-of-day suffix covers; `to` may pass 24 (into the next day).
fn part_hours(suffix: &str) -> Option<(u32, u32)> {
    Some(match suffix {
        "MO" => (4, 12),
        "MI" => (11, 14),
        "AF" => (12, 19),
        "EV" => (17, 24),
        "NI" => (19, 30),
        "DT" => (6, 19),
        _ => return None,
    })
}

/// A value's interval, to the second; the part of day it names, if any.
fn interval(value: &str) -> Option<(NaiveDateTime, NaiveDateTime, Option<&str>)> {
    let (date, time) = match value.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (value, None),
    };
    let n = |s: &str| s.parse::<i32>().ok();
    let at = |y: i32, m: u32, d: u32| {
        NaiveDate::from_ymd_opt(y, m, d).map(|d| d.and_time(NaiveTime::MIN))
    };
    let parts: Vec<&str> = date.split('-').collect();
    let (start, grain) = match parts.as_slice() {
        [y] if y.len() == 4 => (at(n(y)?, 1, 1)?, Grain::Year),
        [y] if y.len() == 3 => {
            let s = at(n(y)? * 10, 1, 1)?;
            return Some((
                s,
                at(n(y)? * 10 + 9, 12, 31)? + Duration::seconds(86399),
                None,
            ));
        }
        [y] if y.len() == 2 => {
            let s = at(n(y)? * 100, 1, 1)?;
            return Some((
                s,
                at(n(y)? * 100 + 99, 12, 31)? + Duration::seconds(86399),
                None,
            ));
        }
        [y, w] if w.starts_with('W') => {
            let d = NaiveDate::from_isoywd_opt(n(y)?, w[1..].parse().ok()?, chrono::Weekday::Mon)?;
            let s = d.and_time(NaiveTime::MIN);
            return Some((s, s + Duration::days(7) - Duration::seconds(1), None));
        }
        [y, q] if q.starts_with('Q') || q.starts_with('H') => {
            let k: u32 = q[1..].parse().ok()?;
            let months = if q.starts_with('Q') { 3 } else { 6 };
            let s = at(n(y)?, (k - 1) * months + 1, 1)?;
            let e = end_of(at(n(y)?, k * months, 1)?, Grain::Month);
            return Some((s, e, None));
        }
        [y, m] => (at(n(y)?, m.parse().ok()?, 1)?, Grain::Month),
        [y, m, d] => (at(n(y)?, m.parse().ok()?, d.parse().ok()?)?, Grain::Day),
        _ => return None,
    };
    match time {
        None => Some((start, end_of(start, grain), None)),
        Some(t) if t.len() == 2 && part_hours(t).is_some() => {
            Some((start, end_of(start, Grain::Day), Some(t)))
        }
        Some(t) => {
            let hms: Vec<u32> = t.split(':').filter_map(|x| x.parse().ok()).collect();
            let (h, m) = (*hms.first()?, *hms.get(1)?);
            let s = start + Duration::hours(h as i64) + Duration::minutes(m as i64);
            match hms.get(2) {
                Some(sec) => {
                    let s = s + Duration::seconds(*sec as i64);
                    Some((s, s, None))
                }
                None => Some((s, s + Duration::seconds(59), None)),
            }
        }
    }
}

/// A TIMEX3 duration (`P3D`, `PT2H`, `P2W`) as amount and unit (weeks as days).
fn parse_duration(v: &str) -> Option<(f64, &'static str)> {
    let body = v.strip_prefix('P')?;
    let (time, body) = match body.strip_prefix('T') {
        Some(b) => (true, b),
        None => (false, body),
    };
    let letter = body.chars().last()?;
    let n = body[..body.len() - 1].parse::<f64>().ok()?;
    Some(match (time, letter) {
        (false, 'Y') => (n, "Y"),
        (false, 'M') => (n, "M"),
        (false, 'W') => (n * 7.0, "D"),
        (false, 'D') => (n, "D"),
        (true, 'H') => (n, "H"),
        (true, 'M') => (n, "MIN"),
        (true, 'S') => (n, "S"),
        _ => return None,
    })
}

/// Does the engine's expression (and its simplified text) meet the case's expectation?
fn passes(t: &Timex, text: &str, expected: &Expected, now: NaiveDateTime) -> bool {
    let same = |v: &str, (amount, unit): (f64, &str)| {
        parse_duration(v).is_some_and(|(n, u)| u == unit && (n - amount).abs() < 1e-6)
    };
    match expected {
        Expected::Durations(lo, hi) => {
            same(&t.value, *lo) && t.end_value.as_deref().is_some_and(|e| same(e, *hi))
        }
        Expected::Duration(amount, unit) => {
            let v = t.value.as_str();
            let Some(body) = v.strip_prefix('P') else {
                return false;
            };
            let (time, body) = match body.strip_prefix('T') {
                Some(b) => (true, b),
                None => (false, body),
            };
            let Some(letter) = body.chars().last() else {
                return false;
            };
            let Ok(n) = body[..body.len() - 1].parse::<f64>() else {
                return false;
            };
            let (n, u) = match (time, letter) {
                (false, 'Y') => (n, "Y"),
                (false, 'M') => (n, "M"),
                (false, 'W') => (n * 7.0, "D"),
                (false, 'D') => (n, "D"),
                (true, 'H') => (n, "H"),
                (true, 'M') => (n, "MIN"),
                (true, 'S') => (n, "S"),
                _ => return false,
            };
            u == *unit && (n - amount).abs() < 1e-6
        }
        Expected::Interval(s, e, g) => {
            if t.value == "PRESENT_REF" && t.end_value.is_none() {
                // now: the reference day (the stage knows the time of day only for windows)
                return s.date() == now.date() && e.date() == now.date();
            }
            // spans with an end at now (PRESENT_REF) or open (PAST_REF, FUTURE_REF): that end
            // must be now or open; the other is compared as usual
            let at_now = |x: &NaiveDateTime| x.date() == now.date();
            let bound = |v: &str, x: &NaiveDateTime, start: bool| -> Option<bool> {
                match v {
                    "PRESENT_REF" => Some(at_now(x)),
                    "PAST_REF" => Some(start && *x == NaiveDateTime::MIN),
                    "FUTURE_REF" => Some(!start && *x == NaiveDateTime::MAX),
                    _ => None,
                }
            };
            if let Some(ev) = &t.end_value {
                let (sv, ev) = (t.value.as_str(), ev.as_str());
                match (bound(sv, s, true), bound(ev, e, false)) {
                    (Some(a), Some(b)) => return a && b,
                    (Some(a), None) => {
                        // up to a fuzzy part (明年初之前): the part's window ends the span
                        let head = ["之前", "以前", "前"]
                            .iter()
                            .find_map(|w| text.strip_suffix(w))
                            .unwrap_or(text);
                        let fuzzy = jishi_times::fuzzy_window(head, ev)
                            .map(|(_, b)| b.and_time(NaiveTime::MIN) + Duration::seconds(86399));
                        let Some(me) = fuzzy.or_else(|| interval(ev).map(|(_, me, _)| me)) else {
                            return false;
                        };
                        let g = if *g == Grain::Second && (e.second() == 0 || e.second() == 59) {
                            Grain::Minute
                        } else {
                            *g
                        };
                        // a clock value at a whole hour (下午6点) stands for the hour
                        let hour = ev.ends_with(":00") && e.minute() == 59 && e.second() == 59;
                        let g = if hour { Grain::Hour } else { g };
                        return a && truncate(me, g) == truncate(*e, g);
                    }
                    (None, Some(b)) => {
                        let Some((ms, _, _)) = interval(sv) else {
                            return false;
                        };
                        return b && truncate(ms, *g) == truncate(*s, *g);
                    }
                    (None, None) => {}
                }
            }
            if *s == NaiveDateTime::MIN || *e == NaiveDateTime::MAX {
                return false;
            }
            // a fuzzy part of a period (年底, 上旬): the record keeps the period, the suite wants
            // the part's window
            if let (Some((a, b)), None) = (jishi_times::fuzzy_window(text, &t.value), &t.end_value)
            {
                let a = a.and_time(NaiveTime::MIN);
                let b = b.and_time(NaiveTime::MIN) + Duration::seconds(86399);
                return truncate(a, *g) == truncate(*s, *g) && truncate(b, *g) == truncate(*e, *g);
            }
            let Some((ms, me, part)) = interval(&t.value) else {
                return false;
            };
            let me = match &t.end_value {
                Some(ev) => match interval(ev) {
                    Some((_, e2, _)) => e2,
                    None => return false,
                },
                None => me,
            };
            if let Some(p) = part {
                // a part of day: the same day, and the expected window starts inside the part
                let Some((from, to)) = part_hours(p) else {
                    return false;
                };
                let mut h = s.hour() + if s.date() > ms.date() { 24 } else { 0 };
                if p == "NI" && h < 6 {
                    h += 24; // the small hours belong to the night
                }
                return (s.date() == ms.date() || s.date() == ms.date() + Duration::days(1))
                    && (from..to).contains(&h);
            }
            if *g == Grain::Second && s.second() == 0 && (e.second() == 0 || e.second() == 59) {
                // a span between clock times (15:00:00–20:00:00): compared to the minute
                return truncate(ms, Grain::Minute) == *s
                    && truncate(me, Grain::Minute) == truncate(*e, Grain::Minute);
            }
            truncate(ms, *g) == truncate(*s, *g) && truncate(me, *g) == truncate(*e, *g)
        }
    }
}

/// Runs the stage over one case's text: the expression standing for it and its simplified text.
fn run(stage: &TimeStage, case: &Case) -> Option<(Timex, String)> {
    let mut doc = Doc::new(Article::new("case"), case.text.clone());
    doc.blocks.push(Block {
        kind: BlockKind::Paragraph,
        span: Span::new(0, doc.text.len()),
    });
    jishi_text::TextStage.process(&mut doc);
    doc.article.reference_date = ReferenceDate {
        value: Some(case.reference),
        source: ReferenceSource::Published,
    };
    doc.article.published = case
        .now
        .and_local_timezone(chrono::FixedOffset::east_opt(0)?)
        .single();
    stage.process(&mut doc);
    // the longest expression stands for the text; a recurring time for a period (每年母亲节)
    let set = matches!(case.expected, Expected::Duration(..))
        .then(|| {
            doc.times
                .iter()
                .find(|t| t.kind == jishi_doc::TimexKind::Set)
                .cloned()
        })
        .flatten();
    let t = set.or_else(|| doc.times.iter().max_by_key(|t| t.span.len()).cloned())?;
    let text = doc.folded()[t.span.start..t.span.end].to_string();
    Some((t, text))
}

fn jionlp_cases() -> Vec<Case> {
    let mut out = Vec::new();
    for line in JIONLP.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let now = jionlp_base(&v["time_base_local_asia_shanghai"]);
        let forward = v["options"].as_str() == Some("ret_future=True");
        let e = &v["expected"];
        let expected = match e["type"].as_str() {
            Some("time_point") | Some("time_span") => {
                let t = &e["time"];
                match (t[0].as_str(), t[1].as_str()) {
                    // open spans: the finite end at its own grain
                    (Some("-inf"), Some(en)) => {
                        let Some(en) = dt(en) else { continue };
                        let g = grain_of(truncate(en, Grain::Day), en);
                        Expected::Interval(NaiveDateTime::MIN, en, g)
                    }
                    (Some(st), Some("inf")) => {
                        let Some(st) = dt(st) else { continue };
                        let g = grain_of(st, end_of(st, Grain::Day));
                        Expected::Interval(st, NaiveDateTime::MAX, g)
                    }
                    (Some(st), Some(en)) => match (dt(st), dt(en)) {
                        (Some(st), Some(en)) => Expected::Interval(st, en, grain_of(st, en)),
                        _ => continue,
                    },
                    _ => continue,
                }
            }
            Some("time_delta") if e["time"].is_array() => {
                let unit = |o: &Value| -> Option<(f64, &'static str)> {
                    let obj = o.as_object()?;
                    let (k, n) = obj.iter().next().filter(|_| obj.len() == 1)?;
                    let u = match k.as_str() {
                        "year" => "Y",
                        "month" => "M",
                        "day" => "D",
                        "hour" => "H",
                        "minute" => "MIN",
                        "second" => "S",
                        _ => return None,
                    };
                    Some((n.as_f64()?, u))
                };
                match (unit(&e["time"][0]), unit(&e["time"][1])) {
                    (Some(a), Some(b)) => Expected::Durations(a, b),
                    _ => continue,
                }
            }
            Some("time_delta") => {
                let Some(obj) = e["time"].as_object() else {
                    continue;
                };
                if obj.len() != 1 {
                    continue;
                }
                let Some((k, n)) = obj.iter().next() else {
                    continue;
                };
                let unit = match k.as_str() {
                    "year" => "Y",
                    "month" => "M",
                    "day" => "D",
                    "hour" => "H",
                    "minute" => "MIN",
                    "second" => "S",
                    _ => continue,
                };
                Expected::Duration(n.as_f64().unwrap_or(f64::NAN), unit)
            }
            Some("time_period") => {
                let Some(obj) = e["time"]["delta"].as_object() else {
                    continue;
                };
                let Some((k, n)) = obj.iter().next() else {
                    continue;
                };
                let unit = match k.as_str() {
                    "year" => "Y",
                    "month" => "M",
                    "day" => "D",
                    "hour" => "H",
                    "minute" => "MIN",
                    "second" => "S",
                    _ => continue,
                };
                Expected::Duration(n.as_f64().unwrap_or(f64::NAN), unit)
            }
            _ => continue,
        };
        let Some(now) = now else { continue };
        out.push(Case {
            text,
            reference: now.date(),
            now,
            forward,
            expected,
        });
    }
    out
}

/// JioNLP's base time: "2021-06-14 01:06:40", "2019-02-18-07 (given as list …)", a dict of
/// fields (missing ones are the first of their unit), or NOW (any date will do).
fn jionlp_base(v: &Value) -> Option<NaiveDateTime> {
    let at = |y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64| {
        NaiveDate::from_ymd_opt(y as i32, mo as u32, d as u32)?
            .and_hms_opt(h as u32, mi as u32, s as u32)
    };
    if let Some(d) = v.get("time_base_as_dict") {
        let f = |k: &str, default: i64| d.get(k).and_then(Value::as_i64).unwrap_or(default);
        return at(
            f("year", 2021),
            f("month", 1),
            f("day", 1),
            f("hour", 0),
            f("minute", 0),
            f("second", 0),
        );
    }
    let s = v.as_str()?;
    if s.starts_with("NOW") {
        return at(2021, 6, 14, 1, 6, 40);
    }
    if let Some(t) = dt(s) {
        return Some(t);
    }
    let head = s.split(' ').next()?;
    let n: Vec<i64> = head.split('-').filter_map(|x| x.parse().ok()).collect();
    let g = |i: usize, default: i64| n.get(i).copied().unwrap_or(default);
    at(g(0, 2021), g(1, 1), g(2, 1), g(3, 0), g(4, 0), g(5, 0))
}

fn duckling_cases() -> Vec<Case> {
    let now = NaiveDate::from_ymd_opt(2013, 2, 12)
        .and_then(|d| d.and_hms_opt(4, 30, 0))
        .expect("a time");
    let reference = now.date();
    let mut out = Vec::new();
    for line in DUCKLING.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let grain = match v["grain"].as_str() {
            Some("Second") => Grain::Second,
            Some("Minute") => Grain::Minute,
            Some("Hour") => Grain::Hour,
            Some("Day") | Some("Week") => Grain::Day,
            Some("Month") => Grain::Month,
            Some("Year") => Grain::Year,
            _ => continue,
        };
        let expected = match v["kind"].as_str() {
            Some("point") => {
                let Some(s) = v["value"].as_str().and_then(dt) else {
                    continue;
                };
                let whole = if v["grain"].as_str() == Some("Week") {
                    s + Duration::days(7) - Duration::seconds(1)
                } else {
                    end_of(s, grain)
                };
                let g = if v["grain"].as_str() == Some("Week") {
                    Grain::Day
                } else {
                    grain
                };
                Expected::Interval(s, whole, g)
            }
            Some("interval") => {
                let fix = |x: &str| x.replace("-00T", "-01T").replace("-00-", "-01-");
                let s = v["start"].as_str().map(fix).as_deref().and_then(dt);
                let e = v["end_exclusive"].as_str().map(fix).as_deref().and_then(dt);
                let (Some(s), Some(e)) = (s, e) else { continue };
                Expected::Interval(s, e - Duration::seconds(1), grain)
            }
            _ => continue,
        };
        out.push(Case {
            text,
            reference,
            now,
            forward: true,
            expected,
        });
    }
    out
}

fn excluded(suite: &str) -> HashMap<String, String> {
    EXCLUDED
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (s, text, why) = (f.next()?, f.next()?, f.next()?);
            (s == suite).then(|| (text.to_string(), why.to_string()))
        })
        .collect()
}

/// Runs a suite: (kept, passed).
fn figures(suite: &str, cases: &[Case]) -> (usize, usize) {
    let past = TimeStage::new().expect("the data loads");
    let future = TimeStage::new().expect("the data loads").reading_forward();
    let skip = excluded(suite);
    let show = std::env::var_os("JISHI_SUITE_SHOW").is_some();
    let (mut kept, mut passed) = (0, 0);
    for case in cases {
        if skip.contains_key(&case.text) {
            continue;
        }
        kept += 1;
        let stage = if case.forward { &future } else { &past };
        let found = run(stage, case);
        let ok = found
            .as_ref()
            .is_some_and(|(t, text)| passes(t, text, &case.expected, case.now));
        if ok {
            passed += 1;
        } else if show {
            let got =
                found.map(|(t, _)| format!("{} {}", t.value, t.end_value.unwrap_or_default()));
            println!(
                "FAIL {suite}\t{}\t{:?}\t{:?}",
                case.text, got, case.expected
            );
        }
    }
    (kept, passed)
}

/// Runs a suite, prints its figures and checks them against the floors `keep_floor` (share of
/// the suite kept) and 0.9 (share of the kept cases passed).
fn check(suite: &str, total: usize, cases: Vec<Case>, keep_floor: f64) {
    let (kept, passed) = figures(suite, &cases);
    let keep = kept as f64 / total as f64;
    let pass = passed as f64 / kept.max(1) as f64;
    println!(
        "{suite}: {total} cases, kept {kept} ({:.1} %), passed {passed} ({:.1} % of kept)",
        keep * 100.0,
        pass * 100.0
    );
    assert!(
        keep >= keep_floor,
        "{suite}: keeps only {:.1} % of the suite",
        keep * 100.0
    );
    assert!(
        pass >= 0.9,
        "{suite}: passes only {:.1} % of the kept cases",
        pass * 100.0
    );
}

#[test]
fn jionlp_parse_cases() {
    let total = JIONLP.lines().filter(|l| !l.trim().is_empty()).count();
    // Issue 4's bar: keep 80 % of the suite (excluded.tsv lists the rest, with reasons).
    check("jionlp", total, jionlp_cases(), 0.8);
}

#[test]
fn duckling_chinese_corpus() {
    let total = DUCKLING.lines().filter(|l| !l.trim().is_empty()).count();
    check("duckling", total, duckling_cases(), 0.8);
}
