//! Turning what the grammar found into TIMEX3-style values, against a reference date.
//!
//! Values: `2023`, `2023-08`, `2023-10-30`, `2023-10-30TEV`, `2023-10-30T14:00`, `2023-W43`,
//! `2023-Q1`, `2023-H1`, `198` (the 1980s), `19` (the 1900s), `P3D`, `PT2H`, `PRESENT_REF`.
//! What cannot be resolved keeps `X` in its place (`XXXX-10-30`, `XXXX-XX-XX`).

use chrono::{Datelike, Days, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use jishi_doc::TimexKind;

use crate::grammar::{Expr, Point, Rel, Sub};
use crate::lexicon::Unit;

/// Which way a date written without its month or year (26日, 周一) is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Direction {
    /// The nearest such date on or before the reference date: news reports the past.
    #[default]
    Past,
    /// The nearest on or after it: the clause speaks of the future (将, 计划, 定于).
    Future,
}

/// What an expression is resolved against.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context {
    /// The reference date (the article's local publication date, or the dateline's day).
    pub reference: Option<NaiveDate>,
    /// The last day-level date mentioned before (for 同日, 当天, 次日).
    pub last_day: Option<NaiveDate>,
    /// The last year and month mentioned before (for 同月, 同年).
    pub last_month: Option<(i32, Option<u32>)>,
    pub direction: Direction,
    /// The stage reads forwards by default (schedules, not news): bare clock times then go to
    /// their next occurrence after `now`.
    pub forward_reading: bool,
    /// The reference time of day, when known (the publication time on the reference date):
    /// windows of hours and minutes (上两小时) and bare clock times read forwards need it.
    pub now: Option<NaiveDateTime>,
}

/// A resolved expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub kind: TimexKind,
    pub value: String,
    pub end_value: Option<String>,
    /// The day it names, when it names one (for later anaphora).
    pub day: Option<NaiveDate>,
    /// The year and month it names, when it names them.
    pub month: Option<(i32, Option<u32>)>,
}

/// Resolves one expression.
pub fn resolve(expr: &Expr, ctx: &Context) -> Resolved {
    match expr {
        Expr::Point(p) if p.holiday.is_some_and(|h| h.is_span()) && p.hour.is_none() => {
            let r = point(p, ctx, None);
            let end = match (p.holiday, r.day, r.holiday_year) {
                (Some(h), Some(d), Some(y)) => h.last(y, d),
                _ => None,
            };
            Resolved {
                kind: TimexKind::Date,
                value: r.value,
                end_value: end.map(|d| d.format("%Y-%m-%d").to_string()),
                day: r.day,
                month: r.month,
            }
        }
        Expr::Window(n, unit, sign) => window(*n, *unit, *sign, ctx),
        Expr::Point(p) if p.nth_week.is_some() => {
            // the Nth week of a month or year: the Nth one that starts on a Monday in it
            let r = point(
                &Point {
                    nth_week: None,
                    ..p.clone()
                },
                ctx,
                None,
            );
            let first = match (r.month, p.month.is_some()) {
                (Some((y, Some(m))), true) => crate::calendar::nth_weekday(y, m, 1, 1),
                (Some((y, _)), false) => crate::calendar::nth_weekday(y, 1, 1, 1),
                _ => None,
            };
            let monday = first
                .zip(p.nth_week)
                .map(|(d, n)| d + Duration::weeks(n as i64 - 1));
            Resolved {
                kind: TimexKind::Date,
                value: monday
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or(r.value),
                end_value: monday.map(|d| (d + Duration::days(6)).format("%Y-%m-%d").to_string()),
                day: monday,
                month: r.month,
            }
        }
        Expr::Point(p) => {
            let r = point(p, ctx, None);
            Resolved {
                kind: if p.hour.is_some() || p.part.is_some() {
                    TimexKind::Time
                } else {
                    TimexKind::Date
                },
                value: r.value,
                end_value: None,
                day: r.day,
                month: r.month,
            }
        }
        Expr::Range(a, b) => {
            let ra = point(a, ctx, None);
            let mut ctx_b = *ctx;
            // the end may not go back before the start: 29日至31日 are both past or both future
            ctx_b.direction = Direction::Future;
            let mut rb = point(b, &ctx_b, Some(&ra));
            if let (Some(d), Some(e)) = (ra.day, rb.day) {
                if e < d {
                    // the end comes on or after the start: 明日至星期日
                    ctx_b.reference = Some(d);
                    rb = point(b, &ctx_b, Some(&ra));
                }
            }
            Resolved {
                kind: if a.hour.is_some() || a.part.is_some() {
                    TimexKind::Time
                } else {
                    TimexKind::Date
                },
                value: ra.value,
                end_value: Some(rb.value),
                day: ra.day,
                month: ra.month,
            }
        }
        Expr::Duration(n, unit) => Resolved {
            kind: TimexKind::Duration,
            value: duration(*n, *unit),
            end_value: None,
            day: None,
            month: None,
        },
        Expr::Set(n, unit) => Resolved {
            kind: TimexKind::Set,
            value: duration(*n, *unit),
            end_value: None,
            day: None,
            month: None,
        },
        Expr::Ref(v) => Resolved {
            kind: TimexKind::Date,
            value: v.clone(),
            end_value: None,
            day: None,
            month: None,
        },
        Expr::Offset(n, unit, sign) => offset(*n, *unit, *sign, ctx),
        Expr::SincePoint(x, to_now) => {
            // from X up to now (以来, 至今 always); with a bare 起 from a point not yet past
            // (2024年1月起 read in 2023, 今日起) on into the future
            let mut r = resolve(x, ctx);
            let ahead = match (
                ctx.now.map(|n| n.date()).or(ctx.reference),
                value_start(&r.value),
            ) {
                (Some(now), Some(s)) => !to_now && s >= now,
                _ => false,
            };
            r.end_value = Some(if ahead { "FUTURE_REF" } else { "PRESENT_REF" }.into());
            r
        }
        Expr::UntilPoint(x) => {
            let r = resolve(x, ctx);
            let end = r.end_value.clone().unwrap_or_else(|| r.value.clone());
            // a span from now only when the point lies ahead (2025年前); a past point stays
            let ahead = match (
                ctx.now.map(|n| n.date()).or(ctx.reference),
                value_start(&end),
            ) {
                (Some(now), Some(s)) => s > now || value_end(&end).is_some_and(|e| e > now),
                _ => false,
            };
            if ahead {
                Resolved {
                    kind: TimexKind::Date,
                    value: "PRESENT_REF".into(),
                    end_value: Some(end),
                    day: None,
                    month: None,
                }
            } else {
                r
            }
        }
        Expr::Open(x, sign) => {
            let mut r = resolve(x, ctx);
            // an open span from a moment (半小时以后): the moment to the second when known
            if let (
                Expr::Offset(n, unit @ (Unit::Hour | Unit::Minute | Unit::Second), s),
                Some(now),
            ) = (x.as_ref(), ctx.now)
            {
                let secs = match unit {
                    Unit::Hour => 3600.0,
                    Unit::Minute => 60.0,
                    _ => 1.0,
                };
                let t = now + Duration::seconds((n * secs).round() as i64 * *s as i64);
                r.kind = TimexKind::Time;
                r.value = if t.second() == 0 {
                    t.format("%Y-%m-%dT%H:%M").to_string()
                } else {
                    t.format("%Y-%m-%dT%H:%M:%S").to_string()
                };
            }
            if *sign > 0 {
                Resolved {
                    end_value: Some("FUTURE_REF".into()),
                    ..r
                }
            } else {
                Resolved {
                    kind: r.kind,
                    value: "PAST_REF".into(),
                    end_value: Some(r.end_value.unwrap_or(r.value)),
                    day: None,
                    month: None,
                }
            }
        }
        Expr::Durations(a, ua, b, ub) => Resolved {
            kind: TimexKind::Duration,
            value: duration(*a, *ua),
            end_value: Some(duration(*b, *ub)),
            day: None,
            month: None,
        },
        Expr::Within(n, unit, sign, exact) => within(*n, *unit, *sign, *exact, ctx),
    }
}

/// The first day a value names (`2023` → 1 January 2023).
fn value_start(v: &str) -> Option<NaiveDate> {
    let p: Vec<&str> = v
        .get(..v.find('T').unwrap_or(v.len()))?
        .split('-')
        .collect();
    let n = |s: &&str| s.parse::<u32>().ok();
    match p.as_slice() {
        [y] if y.len() == 4 => NaiveDate::from_ymd_opt(y.parse().ok()?, 1, 1),
        [y, m] if m.len() == 2 => NaiveDate::from_ymd_opt(y.parse().ok()?, n(m)?, 1),
        [y, m, d] => NaiveDate::from_ymd_opt(y.parse().ok()?, n(m)?, n(d)?),
        _ => None,
    }
}

/// The last day a value names (`2023-08` → 31 August 2023).
fn value_end(v: &str) -> Option<NaiveDate> {
    let s = value_start(v)?;
    let date = v.get(..v.find('T').unwrap_or(v.len()))?;
    match date.matches('-').count() {
        0 => NaiveDate::from_ymd_opt(s.year(), 12, 31),
        1 => s.checked_add_months(Months::new(1))?.pred_opt(),
        _ => Some(s),
    }
}

/// N units from now on (sign +1: 60日内, 未来7天) or up to now (-1: 近30天, 3年来): a span with
/// `PRESENT_REF` at the now end and the other end at the unit's grain (fractions one grain finer;
/// clock units and days counted back keep the time of day).
fn within(n: f64, unit: Unit, sign: i32, exact: bool, ctx: &Context) -> Resolved {
    let mut out = Resolved {
        kind: TimexKind::Date,
        value: "PRESENT_REF".into(),
        end_value: None,
        day: None,
        month: None,
    };
    let Some(now) = ctx
        .now
        .or_else(|| ctx.reference.map(|r| r.and_time(NaiveTime::MIN)))
    else {
        out.value = duration(n, unit);
        out.kind = TimexKind::Duration;
        return out;
    };
    let s = sign as i64;
    let whole = n.trunc() as i64;
    let frac = n.fract();
    let months = |m: i64| {
        if m * s >= 0 {
            now.checked_add_months(Months::new((m * s) as u32))
        } else {
            now.checked_sub_months(Months::new((-m * s) as u32))
        }
    };
    let clock = |t: NaiveDateTime| {
        if t.second() == 0 {
            t.format("%Y-%m-%dT%H:%M").to_string()
        } else {
            t.format("%Y-%m-%dT%H:%M:%S").to_string()
        }
    };
    let secs = |k: f64| Duration::seconds((k * s as f64).round() as i64);
    let other: Option<String> = match unit {
        Unit::Year | Unit::Month | Unit::Quarter => {
            let m = match unit {
                Unit::Year => n * 12.0,
                Unit::Quarter => n * 3.0,
                _ => n,
            };
            let t = months(m.trunc() as i64)
                .map(|t| t + Duration::days((m.fract() * 30.0).round() as i64 * s));
            t.map(|t| match (unit, frac == 0.0, sign > 0) {
                (Unit::Year, false, true) => t.format("%Y-%m").to_string(),
                // ahead: the last day before the same date (未来两个月 → 8月13日)
                (_, true, true) => (t.date() - Duration::days(1))
                    .format("%Y-%m-%d")
                    .to_string(),
                _ => t.format("%Y-%m-%d").to_string(),
            })
        }
        Unit::Week if exact => Some(clock(now + secs(whole as f64 * 7.0 * 86400.0))),
        Unit::Week => Some(
            (now + secs(whole as f64 * 7.0 * 86400.0))
                .format("%Y-%m-%d")
                .to_string(),
        ),
        Unit::Day if frac == 0.0 && !exact => Some(
            (now + Duration::days(whole * s))
                .format("%Y-%m-%d")
                .to_string(),
        ),
        Unit::Day if frac == 0.0 => Some(clock(now + Duration::days(whole * s))),
        Unit::Day => {
            let t = now.date().and_time(NaiveTime::MIN) + secs(n * 86400.0);
            let t = if ctx.now.is_some_and(|x| x.hour() > 0) {
                now.date().and_hms_opt(now.hour(), 0, 0).unwrap_or(now) + secs(n * 86400.0)
            } else {
                t
            };
            Some(t.format("%Y-%m-%dT%H:%M").to_string())
        }
        Unit::Hour => Some(clock(now + secs(n * 3600.0))),
        Unit::Minute => Some(clock(now + secs(n * 60.0))),
        Unit::Second => Some(clock(now + secs(n))),
    };
    // 近5000年: no calendar year before 1 to name
    let other = other.filter(|v| {
        v.get(..4)
            .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
    });
    let Some(other) = other else {
        out.value = duration(n, unit);
        out.kind = TimexKind::Duration;
        return out;
    };
    if sign > 0 {
        out.end_value = Some(other);
    } else {
        out.value = other;
        out.end_value = Some("PRESENT_REF".into());
    }
    out
}

/// `P3D`, `PT2H`, `P1.5Y`, `P6M` (a quarter is three months).
pub fn duration(n: f64, unit: Unit) -> String {
    let (n, letter, time) = match unit {
        Unit::Year => (n, 'Y', false),
        Unit::Quarter => (n * 3.0, 'M', false),
        Unit::Month => (n, 'M', false),
        Unit::Week => (n, 'W', false),
        Unit::Day => (n, 'D', false),
        Unit::Hour => (n, 'H', true),
        Unit::Minute => (n, 'M', true),
        Unit::Second => (n, 'S', true),
    };
    let num = if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    };
    if time {
        format!("PT{num}{letter}")
    } else {
        format!("P{num}{letter}")
    }
}

/// The N units just before or after the current one: 上两天 (read on the 12th) → the 10th to
/// the 11th; 下三小时 (at 4:30) → 5:00 to 7:59.
fn window(n: f64, unit: Unit, sign: i32, ctx: &Context) -> Resolved {
    let n = n.trunc() as i64;
    let (a, b) = if sign < 0 { (-n, -1) } else { (1, n) };
    let mut out = Resolved {
        kind: TimexKind::Date,
        value: String::new(),
        end_value: None,
        day: None,
        month: None,
    };
    let Some(r) = ctx.reference else {
        out.value = "XXXX-XX-XX".into();
        return out;
    };
    let pair: Option<(String, String)> = match unit {
        Unit::Second | Unit::Minute | Unit::Hour => ctx.now.map(|now| {
            let (step, fmt) = match unit {
                Unit::Second => (Duration::seconds(1), "%Y-%m-%dT%H:%M:%S"),
                Unit::Minute => (Duration::minutes(1), "%Y-%m-%dT%H:%M"),
                _ => (Duration::hours(1), "%Y-%m-%dT%H:%M"),
            };
            let t0 = match unit {
                Unit::Second => now.with_nanosecond(0).unwrap_or(now),
                Unit::Minute => now
                    .date()
                    .and_hms_opt(now.hour(), now.minute(), 0)
                    .unwrap_or(now),
                _ => now.date().and_hms_opt(now.hour(), 0, 0).unwrap_or(now),
            };
            out.kind = TimexKind::Time;
            (
                (t0 + step * a as i32).format(fmt).to_string(),
                (t0 + step * b as i32).format(fmt).to_string(),
            )
        }),
        Unit::Day => Some((
            add_days(r, a).format("%Y-%m-%d").to_string(),
            add_days(r, b).format("%Y-%m-%d").to_string(),
        )),
        Unit::Week => {
            let monday = r - Duration::days(r.weekday().num_days_from_monday() as i64);
            let w = |k: i64| {
                let d = monday + Duration::weeks(k);
                let iso = d.iso_week();
                format!("{:04}-W{:02}", iso.year(), iso.week())
            };
            Some((w(a), w(b)))
        }
        Unit::Month | Unit::Quarter => {
            let k = if unit == Unit::Quarter { 3 } else { 1 };
            let m = |x: i64| {
                let (y, m) = add_months(r.year(), r.month(), (x * k) as i32);
                format!("{y:04}-{m:02}")
            };
            Some((m(a), m(b)))
        }
        Unit::Year => Some((
            format!("{:04}", r.year() as i64 + a),
            format!("{:04}", r.year() as i64 + b),
        )),
    };
    match pair {
        Some((v, e)) => {
            out.value = v;
            out.end_value = Some(e);
        }
        None => out.value = "XXXX-XX-XX".into(),
    }
    out
}

fn offset(n: f64, unit: Unit, sign: i32, ctx: &Context) -> Resolved {
    let mut out = Resolved {
        kind: TimexKind::Date,
        value: String::new(),
        end_value: None,
        day: None,
        month: None,
    };
    let Some(r) = ctx.reference else {
        out.value = match unit {
            Unit::Year => "XXXX".into(),
            Unit::Month | Unit::Quarter => "XXXX-XX".into(),
            _ => "XXXX-XX-XX".into(),
        };
        return out;
    };
    let whole = n.trunc() as i64;
    let half = n.fract() >= 0.5;
    let shift_months = |months: i64| -> Option<NaiveDate> {
        if months >= 0 {
            r.checked_add_months(Months::new(months as u32))
        } else {
            r.checked_sub_months(Months::new((-months) as u32))
        }
    };
    let s = sign as i64;
    match unit {
        Unit::Year if !half => {
            let y = r.year() as i64 + s * whole;
            out.value = format!("{y:04}");
            out.month = Some((y as i32, None));
        }
        Unit::Year | Unit::Month | Unit::Quarter => {
            let months = match unit {
                Unit::Year => whole * 12 + if half { 6 } else { 0 },
                Unit::Quarter => whole * 3,
                _ => whole,
            };
            if let Some(d) = shift_months(s * months) {
                out.value = format!("{:04}-{:02}", d.year(), d.month());
                out.month = Some((d.year(), Some(d.month())));
            }
        }
        Unit::Week => {
            let d = r + Duration::days(s * whole * 7);
            let iso = d.iso_week();
            out.value = format!("{:04}-W{:02}", iso.year(), iso.week());
        }
        Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => {
            let days = match unit {
                Unit::Day => whole,
                Unit::Hour => whole / 24,
                _ => 0,
            };
            let d = r + Duration::days(s * days);
            out.value = d.format("%Y-%m-%d").to_string();
            out.day = Some(d);
        }
    }
    if out.value.is_empty() {
        out.value = "XXXX-XX-XX".into();
    }
    out
}

struct PointValue {
    value: String,
    /// The year a holiday was dated in (its lunar or solar year may end in the next one).
    holiday_year: Option<i32>,
    day: Option<NaiveDate>,
    month: Option<(i32, Option<u32>)>,
}

/// Resolves a point; `start` is the resolved start when `p` ends a range (it inherits from it).
fn point(p: &Point, ctx: &Context, start: Option<&PointValue>) -> PointValue {
    let reference = ctx.reference;
    let mut year: Option<i32> = None;
    let mut month: Option<u32> = None;
    let mut day: Option<u32> = None;
    let mut unresolved = false;

    // 当年 with no year before it: "back then"
    if p.year == Some(Rel::Last(0))
        && ctx.last_month.is_none()
        && p.month.is_none()
        && p.day.is_none()
    {
        return PointValue {
            holiday_year: None,
            value: "PAST_REF".into(),
            day: None,
            month: None,
        };
    }
    if let Some(c) = p.decade {
        return PointValue {
            holiday_year: None,
            value: format!("{c}"),
            day: None,
            month: None,
        };
    }
    if let Some(c) = p.century {
        return PointValue {
            holiday_year: None,
            value: format!("{:02}", c - 1),
            day: None,
            month: None,
        };
    }

    // a whole day given at once: 昨天, 同日, 上周三, 周一, 儿童节
    let mut date: Option<NaiveDate> = None;
    let mut holiday_year = None;
    if let Some(h) = p.holiday {
        let year = match p.year {
            Some(Rel::Abs(y)) => Some(y),
            Some(Rel::Now(n)) => reference.map(|r| r.year() + n),
            Some(Rel::Last(n)) => ctx.last_month.map(|(y, _)| y + n),
            None => None,
        };
        date = match (year, reference) {
            (Some(y), _) => h.date(y).map(|d| (d, y)),
            (None, Some(r)) => match ctx.direction {
                // the reference year's; forwards: the next one on or after the reference date
                Direction::Past => h.date(r.year()).map(|d| (d, r.year())),
                Direction::Future => h
                    .date(r.year())
                    .filter(|d| *d >= r)
                    .map(|d| (d, r.year()))
                    .or_else(|| h.date(r.year() + 1).map(|d| (d, r.year() + 1))),
            },
            (None, None) => None,
        }
        .map(|(d, y)| {
            holiday_year = Some(y);
            d
        });
        if date.is_none() {
            unresolved = true;
        }
    }
    if let Some((n, wd)) = p.nth {
        let y = match p.year {
            Some(Rel::Abs(y)) => Some(y),
            Some(Rel::Now(k)) => reference.map(|r| r.year() + k),
            _ => None,
        };
        if let (Some(Rel::Abs(m)), Some(r)) = (p.month, reference) {
            let y = y.unwrap_or_else(|| {
                let this = crate::calendar::nth_weekday(r.year(), m, n, wd);
                match (ctx.direction, this) {
                    (Direction::Future, Some(d)) if d < r => r.year() + 1,
                    _ => infer_year(r, m, None, ctx.direction),
                }
            });
            date = crate::calendar::nth_weekday(y, m, n, wd);
        }
    }
    if p.weekend {
        if let (Some(w), Some(r)) = (p.week, reference) {
            let d = r + Duration::weeks(w as i64);
            let iso = d.iso_week();
            return PointValue {
                holiday_year: None,
                value: format!("{:04}-W{:02}-WE", iso.year(), iso.week()),
                day: None,
                month: None,
            };
        }
    }
    match p.day {
        Some(Rel::Last(n)) if n < 0 && p.month.is_some() => {
            // the month's last days (上月最后五天): resolve the month, count back from its end
            let m = point(
                &Point {
                    day: None,
                    ..p.clone()
                },
                ctx,
                start,
            );
            if let Some((y, Some(mo))) = m.month {
                let (ny, nm) = add_months(y, mo, 1);
                date = NaiveDate::from_ymd_opt(ny, nm, 1).map(|d| d + Duration::days(n as i64));
            }
        }
        Some(Rel::Now(n)) => match reference {
            Some(r) => date = r.checked_add_signed(Duration::days(n as i64)),
            None => unresolved = true,
        },
        Some(Rel::Last(n)) => match ctx.last_day.or(reference) {
            Some(r) => date = r.checked_add_signed(Duration::days(n as i64)),
            None => unresolved = true,
        },
        _ => {}
    }
    if date.is_none() && !unresolved && p.day.is_none() && p.month.is_none() && p.year.is_none() {
        if let Some(wd) = p.weekday {
            match reference {
                Some(r) => date = Some(weekday_date(r, p.week, wd, ctx.direction)),
                None => unresolved = true,
            }
        } else if let Some(w) = p.week {
            return match reference {
                Some(r) => {
                    let d = r + Duration::weeks(w as i64);
                    let iso = d.iso_week();
                    PointValue {
                        holiday_year: None,
                        value: format!("{:04}-W{:02}", iso.year(), iso.week()),
                        day: None,
                        month: None,
                    }
                }
                None => PointValue {
                    holiday_year: None,
                    value: "XXXX-WXX".into(),
                    day: None,
                    month: None,
                },
            };
        }
    }
    if let Some(d) = date {
        year = Some(d.year());
        month = Some(d.month());
        day = Some(d.day());
    }

    if date.is_none() && !unresolved {
        // fields one by one
        match p.year {
            Some(Rel::Abs(y)) => year = Some(y),
            Some(Rel::Now(n)) => year = reference.map(|r| r.year() + n),
            Some(Rel::Last(n)) => {
                year = ctx
                    .last_month
                    .map(|(y, _)| y)
                    .or(reference.map(|r| r.year()))
                    .map(|y| y + n)
            }
            None => {}
        }
        match p.month {
            Some(Rel::Abs(m)) => month = Some(m),
            Some(Rel::Now(n)) => {
                if let Some(r) = reference {
                    let (y, m) = add_months(year.unwrap_or(r.year()), r.month(), n);
                    year = Some(y);
                    month = Some(m);
                }
            }
            Some(Rel::Last(n)) => {
                let base = ctx
                    .last_month
                    .and_then(|(y, m)| m.map(|m| (y, m)))
                    .or(reference.map(|r| (r.year(), r.month())));
                if let Some((y, m)) = base {
                    let (y, m) = add_months(y, m, n);
                    year = Some(y);
                    month = Some(m);
                }
            }
            None => {}
        }
        if let Some(Rel::Abs(d)) = p.day {
            day = Some(d);
        }
        // inherit from the range's start what the end leaves out
        if let Some(s) = start {
            if year.is_none()
                && month.is_none()
                && day.is_none()
                && (p.hour.is_some() || p.part.is_some())
            {
                if let Some(d) = s.day {
                    year = Some(d.year());
                    month = Some(d.month());
                    day = Some(d.day());
                }
            }
            if let Some((sy, sm)) = s.month {
                if year.is_none()
                    && (month.is_some() || day.is_some() || p.hour.is_some() || p.part.is_some())
                {
                    year = Some(sy);
                }
                if month.is_none() && (day.is_some() || p.hour.is_some() || p.part.is_some()) {
                    month = sm;
                }
            }
            if day.is_none() && month.is_none() && (p.hour.is_some() || p.part.is_some()) {
                if let Some(d) = s.day {
                    year = Some(d.year());
                    month = Some(d.month());
                    day = Some(d.day());
                }
            }
        }
        // what is still missing comes from the reference date
        if let Some(r) = reference {
            if year.is_none() && month.is_some() {
                year = Some(infer_year(r, month.unwrap_or(1), day, ctx.direction));
            } else if year.is_none() && month.is_none() && day.is_some() {
                let (y, m) = infer_month(r, day.unwrap_or(1), ctx.direction);
                year = Some(y);
                month = Some(m);
            }
        }
        if year.is_none()
            && month.is_none()
            && day.is_none()
            && (p.hour.is_some() || p.part.is_some())
        {
            // a bare 下午 or 6时 belongs to the day last named, unless that lies ahead (明早…)
            let last = ctx.last_day.filter(|d| reference.is_none_or(|r| *d <= r));
            if let Some(d) = last.or(reference) {
                year = Some(d.year());
                month = Some(d.month());
                day = Some(d.day());
            } else {
                unresolved = true;
            }
        }
    }

    // a bare clock time read forwards: the next such time after now (三点 at 4:30 → 15:00)
    let mut hour = p.hour;
    let mut moved: Option<NaiveDate> = None;
    if let (true, Some(now), Some(h), None) = (ctx.forward_reading, ctx.now, p.hour, start) {
        if p.day.is_none()
            && p.month.is_none()
            && p.year.is_none()
            && p.weekday.is_none()
            && p.holiday.is_none()
        {
            let m = p.minute.unwrap_or(0);
            let at = |h: u32| NaiveTime::from_hms_opt(h, m, 0).map(|t| now.date().and_time(t));
            if at(h).is_some_and(|t| t < now) {
                if h < 12 && p.part.is_none() && at(h + 12).is_some_and(|t| t >= now) {
                    hour = Some(h + 12);
                } else {
                    moved = now.date().succ_opt();
                }
            }
        }
    }
    if let Some(d) = moved {
        year = Some(d.year());
        month = Some(d.month());
        day = Some(d.day());
    }

    // the value
    let mut value = String::new();
    let named_day = match (year, month, day) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y, m, d),
        _ => None,
    };
    let ys = year
        .map(|y| format!("{y:04}"))
        .unwrap_or_else(|| "XXXX".into());
    let has_day = p.day.is_some() || p.weekday.is_some() || day.is_some() || p.holiday.is_some();
    let has_month = has_day || p.month.is_some() || month.is_some();
    if unresolved && !has_month {
        value.push_str(&ys);
    } else if has_day {
        match (month, day) {
            (Some(m), Some(d)) => value.push_str(&format!("{ys}-{m:02}-{d:02}")),
            (Some(m), None) => value.push_str(&format!("{ys}-{m:02}-XX")),
            (None, Some(d)) => value.push_str(&format!("{ys}-XX-{d:02}")),
            (None, None) => value.push_str(&format!("{ys}-XX-XX")),
        }
    } else if has_month {
        match month {
            Some(m) => value.push_str(&format!("{ys}-{m:02}")),
            None => value.push_str(&format!("{ys}-XX")),
        }
    } else {
        value.push_str(&ys);
        match p.sub {
            Some(Sub::Quarter(q)) => value.push_str(&format!("-Q{q}")),
            Some(Sub::Half(h)) => value.push_str(&format!("-H{h}")),
            None => {}
        }
    }
    if let Some(h) = hour {
        let m = p.minute.unwrap_or(0);
        value.push_str(&format!("T{h:02}:{m:02}"));
        if let Some(s) = p.second {
            value.push_str(&format!(":{s:02}"));
        }
    } else if let Some(part) = &p.part {
        value.push_str(part);
    }
    PointValue {
        holiday_year,
        value,
        day: named_day,
        month: year.map(|y| (y, month)),
    }
}

fn add_months(y: i32, m: u32, n: i32) -> (i32, u32) {
    let total = y * 12 + (m as i32 - 1) + n;
    (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32)
}

/// The year of a month (and day) written without one: the reference year, unless that puts
/// the date more than half a year ahead (then last year) — or, for the future, more than half
/// a year behind (then next year).
fn infer_year(r: NaiveDate, m: u32, d: Option<u32>, dir: Direction) -> i32 {
    let y = r.year();
    let day = d.unwrap_or(1).min(28);
    let Some(candidate) = NaiveDate::from_ymd_opt(y, m, day) else {
        return y;
    };
    let ahead = (candidate - r).num_days();
    match dir {
        Direction::Past if ahead > 183 => y - 1,
        Direction::Future if ahead < -183 => y + 1,
        _ => y,
    }
}

/// The year and month of a day written alone (26日): the nearest such day on or before the
/// reference date, or on or after it for the future.
fn infer_month(r: NaiveDate, d: u32, dir: Direction) -> (i32, u32) {
    let (y, m) = (r.year(), r.month());
    match dir {
        Direction::Past => {
            if d <= r.day() {
                (y, m)
            } else {
                // back a month, or two when the day does not exist there (31日 in October)
                let (y1, m1) = add_months(y, m, -1);
                if NaiveDate::from_ymd_opt(y1, m1, d).is_some() {
                    (y1, m1)
                } else if NaiveDate::from_ymd_opt(y, m, d).is_some() {
                    (y, m)
                } else {
                    add_months(y, m, -2)
                }
            }
        }
        Direction::Future => {
            // a day gone less than a week ago stays in this month even in a future clause
            // (於27日將…, read on the 28th): 将 more likely marks an object (将球员…) than the
            // next month
            let just_gone = d < r.day() && r.day() - d <= 7;
            if (d >= r.day() || just_gone) && NaiveDate::from_ymd_opt(y, m, d).is_some() {
                (y, m)
            } else {
                add_months(y, m, 1)
            }
        }
    }
}

/// The date of a weekday: in a given week (上周三), or the nearest one before or after.
fn weekday_date(r: NaiveDate, week: Option<i32>, wd: u32, dir: Direction) -> NaiveDate {
    let today = r.weekday().number_from_monday() as i64;
    match week {
        Some(w) => {
            let monday = r - Duration::days(today - 1);
            monday + Duration::days(w as i64 * 7 + wd as i64 - 1)
        }
        None => {
            let diff = wd as i64 - today;
            match dir {
                Direction::Past => r - Duration::days((-diff).rem_euclid(7)),
                Direction::Future => r + Duration::days(diff.rem_euclid(7)),
            }
        }
    }
}

/// The date of the first day a value names (`2023-10-30TEV` → 2023-10-30), if it names a day.
pub fn value_day(value: &str) -> Option<NaiveDate> {
    let d = value.get(..10)?;
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

/// Adds whole days to a date, saturating.
pub fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new((-n) as u64)).unwrap_or(d)
    }
}
