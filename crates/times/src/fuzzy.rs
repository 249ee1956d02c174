//! The window a fuzzy part of a period names (年底 → November–December, 上旬 → days 1–10),
//! from `data/times/fuzzy.tsv`. The record keeps the period; this gives its part as a span.

use chrono::NaiveDate;
use std::sync::OnceLock;

const FUZZY: &str = include_str!("../../../data/times/fuzzy.tsv");

struct Row {
    period: String,
    suffix: String,
    from: i32,
    to: i32,
}

fn rows() -> &'static [Row] {
    static R: OnceLock<Vec<Row>> = OnceLock::new();
    R.get_or_init(|| {
        let mut out = Vec::new();
        for l in FUZZY
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let f: Vec<&str> = l.split('\t').collect();
            let (Some(p), Some(s), Some(a), Some(b)) = (f.first(), f.get(1), f.get(2), f.get(3))
            else {
                continue;
            };
            let (Ok(from), Ok(to)) = (a.parse(), b.parse()) else {
                continue;
            };
            for suffix in s.split(',') {
                out.push(Row {
                    period: p.to_string(),
                    suffix: suffix.to_string(),
                    from,
                    to,
                });
            }
        }
        out
    })
}

/// Checks the data file: every row has four fields and numbers.
pub fn check() -> Result<(), (usize, String)> {
    for (i, l) in FUZZY.lines().enumerate() {
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() != 4 || f[2].parse::<i32>().is_err() || f[3].parse::<i32>().is_err() {
            return Err((i + 1, "expected period, suffixes, from, to".into()));
        }
    }
    Ok(())
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1)?.pred_opt()
}

/// The first and last day of the part of a period that `expression` (its text, simplified)
/// names, given the period's `value` (`2023`, `2023-Q1`, `2023-08`, `199`, `19`); `None` when
/// the expression names the whole period.
pub fn window(expression: &str, value: &str) -> Option<(NaiveDate, NaiveDate)> {
    let parts: Vec<&str> = value.split('-').collect();
    let period = match parts.as_slice() {
        [y] if y.len() == 4 => "year",
        [y] if y.len() == 3 => "decade",
        [y] if y.len() == 2 => "century",
        [_, q] if q.starts_with('Q') => "quarter",
        [_, m] if m.len() == 2 && m.parse::<u32>().is_ok() => "month",
        _ => return None,
    };
    let row = rows()
        .iter()
        .filter(|r| r.period == period && expression.ends_with(r.suffix.as_str()))
        .max_by_key(|r| r.suffix.chars().count())?;
    let n = |s: &str| s.parse::<i32>().ok();
    let (a, b) = (row.from, row.to);
    match period {
        "year" => {
            let y = n(parts[0])?;
            Some((ymd(y, a as u32, 1)?, month_end(y, b as u32)?))
        }
        "quarter" => {
            let y = n(parts[0])?;
            let q = n(parts[1].trim_start_matches('Q'))?;
            let first = (q - 1) * 3;
            Some((
                ymd(y, (first + a) as u32, 1)?,
                month_end(y, (first + b) as u32)?,
            ))
        }
        "month" => {
            let (y, m) = (n(parts[0])?, n(parts[1])? as u32);
            let last = month_end(y, m)?;
            let end = if b < 0 { last } else { ymd(y, m, b as u32)? };
            Some((ymd(y, m, a as u32)?, end.min(last)))
        }
        "decade" | "century" => {
            let base = n(parts[0])? * if period == "decade" { 10 } else { 100 };
            Some((ymd(base + a - 1, 1, 1)?, ymd(base + b - 1, 12, 31)?))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_of_fuzzy_parts() {
        let w = |e: &str, v: &str| window(e, v).map(|(a, b)| (a.to_string(), b.to_string()));
        let s = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(w("年底", "2021"), s("2021-11-01", "2021-12-31"));
        assert_eq!(w("2018年10月底", "2018-10"), s("2018-10-25", "2018-10-31"));
        assert_eq!(w("6月上旬", "2021-06"), s("2021-06-01", "2021-06-10"));
        assert_eq!(
            w("2013年一季度末", "2013-Q1"),
            s("2013-03-01", "2013-03-31")
        );
        assert_eq!(
            w("二十世纪九十年代末期", "199"),
            s("1997-01-01", "1999-12-31")
        );
        assert_eq!(w("11世纪初", "10"), s("1000-01-01", "1019-12-31"));
        assert_eq!(w("2018年10月", "2018-10"), None);
    }
}
