//! Calendar arithmetic for holidays: Easter (Western and Orthodox), the Hebrew calendar, and
//! the Nth weekday of a month.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A rule that dates a holiday in a given Gregorian year (`data/times/holidays.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    Fixed(u32, u32),
    /// The Nth weekday (1 = Monday) of a month; N = -1 for the last.
    Nth(u32, i32, u32),
    Easter(i64),
    Orthodox(i64),
    Rosh(i64),
    Pesach(i64),
    Kislev(i64),
    Shevat(i64),
    Atzmaut(i64),
    /// A month and day of the tabular Islamic calendar.
    Hijri(u32, u32),
    /// A month and day of the Chinese lunar year that starts in the Gregorian year (day 0: the
    /// month's last day, 除夕 = 12-00); `leap` for the leap month (闰四月).
    Lunar {
        month: u32,
        day: u32,
        leap: bool,
    },
    /// A whole month of the Chinese lunar year (农历十月, 腊月, 闰四月).
    LunarMonth {
        month: u32,
        leap: bool,
    },
    /// The day the sun reaches this ecliptic longitude (a solar term: 冬至 = 270), in the solar
    /// year that opens at 立春 (315) of the Gregorian year, China time.
    Term(u32),
    /// From one solar term to the day before another (a season: 立春 to 立夏 = 315:45).
    Season(u32, u32),
}

impl Holiday {
    /// Does the holiday cover more than one day?
    pub fn is_span(&self) -> bool {
        self.days > 1 || matches!(self.rule, Rule::LunarMonth { .. } | Rule::Season(..))
    }

    /// The last day of the holiday of Gregorian year `y` that opens on `start`.
    pub fn last(&self, y: i32, start: NaiveDate) -> Option<NaiveDate> {
        match self.rule {
            Rule::LunarMonth { month, leap } => start.checked_add_signed(Duration::days(
                lunar::month_length(y, month, leap)? as i64 - 1,
            )),
            Rule::Season(_, to) => {
                let next = solar_term(y, to)?;
                let next = if next <= start {
                    solar_term(y + 1, to)?
                } else {
                    next
                };
                next.pred_opt()
            }
            _ => start.checked_add_signed(Duration::days(self.days - 1)),
        }
    }
}

/// The day (China time, UTC+8) the sun's apparent longitude reaches `deg`, in the solar year
/// that opens at 立春 (315°) of Gregorian year `y`: 小寒 and 大寒 (285°, 300°) fall in January of
/// `y + 1`. Meeus's low-precision solar position (a few minutes off), enough for the day.
pub fn solar_term(y: i32, deg: u32) -> Option<NaiveDate> {
    if !(-1000..=3000).contains(&y) || deg >= 360 {
        return None;
    }
    // a first guess from the March equinox of year y; 立春, 雨水, 惊蛰 come before it
    let mut jd = 2451623.8 + (y as f64 - 2000.0) * 365.2422 + deg as f64 / 360.0 * 365.2422;
    if deg >= 315 {
        jd -= 365.2422;
    }
    for _ in 0..8 {
        let t = (jd - 2451545.0) / 36525.0;
        let l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
        let m = (357.52911 + 35999.05029 * t - 0.0001537 * t * t).to_radians();
        let c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * m.sin()
            + (0.019993 - 0.000101 * t) * (2.0 * m).sin()
            + 0.000289 * (3.0 * m).sin();
        let omega = (125.04 - 1934.136 * t).to_radians();
        let lambda = l0 + c - 0.00569 - 0.00478 * omega.sin();
        let diff = (deg as f64 - lambda + 180.0).rem_euclid(360.0) - 180.0;
        jd += diff / 360.0 * 365.2422;
    }
    // TT to UT (about a minute; ignored), then UTC+8; JD days start at noon
    let local = jd + 0.5 + 8.0 / 24.0;
    from_rd(local.floor() as i64 - 1721425)
}

/// A holiday: its rule and how many days it lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Holiday {
    pub rule: Rule,
    pub days: i64,
}

impl Holiday {
    /// The first day of the holiday in Gregorian year `y`.
    pub fn date(&self, y: i32) -> Option<NaiveDate> {
        let shift = |d: NaiveDate, n: i64| d.checked_add_signed(Duration::days(n));
        match self.rule {
            Rule::Fixed(m, d) => NaiveDate::from_ymd_opt(y, m, d),
            Rule::Nth(m, n, wd) => nth_weekday(y, m, n, wd),
            Rule::Easter(k) => shift(easter(y)?, k),
            Rule::Orthodox(k) => shift(orthodox_easter(y)?, k),
            Rule::Rosh(k) => shift(rosh_hashanah(y)?, k),
            Rule::Pesach(k) => shift(pesach(y)?, k),
            Rule::Kislev(k) => {
                // 25 Kislev: 1 Tishrei + 30 (Tishrei) + Heshvan (29 or 30) + 24
                let rh = rosh_hashanah(y)?;
                let hy = hebrew_year_of_autumn(y);
                let len = (new_year_rd(hy + 1) - new_year_rd(hy)) % 10; // 3, 4, 5 (+350/380)
                let heshvan = if len == 5 { 30 } else { 29 };
                shift(rh, 30 + heshvan + 24 + k)
            }
            Rule::Shevat(k) => {
                // 15 Shevat: 59 days before Passover, 89 in a leap year (Adar I)
                let hy = hebrew_year_of_autumn(y) - 1;
                let back = if hebrew_leap(hy) { 89 } else { 59 };
                shift(pesach(y)?, k - back)
            }
            Rule::Lunar { month, day, leap } => {
                let start = lunar::month_start(y, month, leap)?;
                let day = if day == 0 {
                    lunar::month_length(y, month, leap)?
                } else {
                    day
                };
                shift(start, day as i64 - 1)
            }
            Rule::LunarMonth { month, leap } => lunar::month_start(y, month, leap),
            Rule::Term(deg) => solar_term(y, deg),
            Rule::Season(from, _) => solar_term(y, from),
            Rule::Hijri(m, d) => {
                // the first occurrence inside Gregorian year y
                let guess = ((y as i64 - 622) * 33) / 32;
                (guess - 1..=guess + 2)
                    .filter_map(|hy| from_rd(hijri_rd(hy, m as i64, d as i64)))
                    .find(|date| date.year() == y)
            }
            Rule::Atzmaut(k) => {
                let mut d = shift(pesach(y)?, 20)?;
                d = match d.weekday() {
                    Weekday::Fri => d - Duration::days(1),
                    Weekday::Sat => d - Duration::days(2),
                    Weekday::Mon => d + Duration::days(1),
                    _ => d,
                };
                shift(d, k)
            }
        }
    }
}

/// The Nth weekday `wd` (1 = Monday) of month `m`; N = -1 for the last one.
pub fn nth_weekday(y: i32, m: u32, n: i32, wd: u32) -> Option<NaiveDate> {
    if n > 0 {
        let first = NaiveDate::from_ymd_opt(y, m, 1)?;
        let off = (wd as i64 - first.weekday().number_from_monday() as i64).rem_euclid(7);
        let d = first + Duration::days(off + 7 * (n as i64 - 1));
        (d.month() == m).then_some(d)
    } else {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        let last = NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()?;
        let off = (last.weekday().number_from_monday() as i64 - wd as i64).rem_euclid(7);
        Some(last - Duration::days(off + 7 * (-n as i64 - 1)))
    }
}

/// Western Easter Sunday (the anonymous Gregorian computus).
pub fn easter(y: i32) -> Option<NaiveDate> {
    let (a, b, c) = (y % 19, y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(y, month as u32, day as u32)
}

/// Orthodox Easter Sunday: the Julian computus, moved to the Gregorian calendar.
pub fn orthodox_easter(y: i32) -> Option<NaiveDate> {
    let (a, b, c) = (y % 4, y % 7, y % 19);
    let d = (19 * c + 15) % 30;
    let e = (2 * a + 4 * b - d + 34) % 7;
    let month = (d + e + 114) / 31;
    let day = (d + e + 114) % 31 + 1;
    // Julian date → Gregorian: 13 days in 1900–2099 (y/100 - y/400 - 2 in general)
    let gap = (y / 100 - y / 400 - 2) as i64;
    NaiveDate::from_ymd_opt(y, month as u32, day as u32).map(|d| d + Duration::days(gap))
}

const HEBREW_EPOCH_RD: i64 = -1_373_427;
const HIJRI_EPOCH_RD: i64 = 227_015;

/// The fixed day number of a date of the tabular Islamic calendar (odd months 30 days, even 29,
/// eleven leap years in thirty).
fn hijri_rd(hy: i64, m: i64, d: i64) -> i64 {
    HIJRI_EPOCH_RD - 1 + (hy - 1) * 354 + (3 + 11 * hy).div_euclid(30) + 29 * (m - 1) + m / 2 + d
}

fn hebrew_leap(hy: i64) -> bool {
    (7 * hy + 1).rem_euclid(19) < 7
}

fn elapsed_days(hy: i64) -> i64 {
    let months = (235 * hy - 234).div_euclid(19);
    let parts = 12084 + 13753 * months;
    let day = 29 * months + parts.div_euclid(25920);
    if (3 * (day + 1)).rem_euclid(7) < 3 {
        day + 1
    } else {
        day
    }
}

fn year_length_correction(hy: i64) -> i64 {
    let (ny0, ny1, ny2) = (elapsed_days(hy - 1), elapsed_days(hy), elapsed_days(hy + 1));
    if ny2 - ny1 == 356 {
        2
    } else if ny1 - ny0 == 382 {
        1
    } else {
        0
    }
}

/// The fixed day number (R.D., 1 = 1 January of year 1) of 1 Tishrei of Hebrew year `hy`.
fn new_year_rd(hy: i64) -> i64 {
    HEBREW_EPOCH_RD + elapsed_days(hy) + year_length_correction(hy)
}

fn from_rd(rd: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(rd).ok()?)
}

/// The Hebrew year that begins in the autumn of Gregorian year `y`.
fn hebrew_year_of_autumn(y: i32) -> i64 {
    y as i64 + 3761
}

/// 1 Tishrei (Rosh Hashanah) in the autumn of Gregorian year `y`.
pub fn rosh_hashanah(y: i32) -> Option<NaiveDate> {
    from_rd(new_year_rd(hebrew_year_of_autumn(y)))
}

/// 15 Nisan (Passover) in the spring of Gregorian year `y`: 163 days before the next 1 Tishrei.
pub fn pesach(y: i32) -> Option<NaiveDate> {
    rosh_hashanah(y).map(|d| d - Duration::days(163))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn dates_lunar_days_and_solar_terms() {
        let lunar = |month, day| Holiday {
            rule: Rule::Lunar {
                month,
                day,
                leap: false,
            },
            days: 1,
        };
        assert!(lunar::parse().is_ok());
        assert_eq!(lunar(1, 1).date(2024), ymd(2024, 2, 10)); // 春节
        assert_eq!(lunar(8, 15).date(2023), ymd(2023, 9, 29)); // 中秋
        assert_eq!(lunar(12, 0).date(2026), ymd(2027, 2, 5)); // 除夕 of lunar 2026
        assert_eq!(lunar::month_start(2020, 4, true), ymd(2020, 5, 23)); // 闰四月
        assert_eq!(lunar::month_start(2021, 4, true), None);
        assert_eq!(solar_term(2024, 270), ymd(2024, 12, 21)); // 冬至
        assert_eq!(solar_term(2023, 15), ymd(2023, 4, 5)); // 清明
        assert_eq!(solar_term(2022, 315), ymd(2022, 2, 4)); // 立春
        assert_eq!(solar_term(2017, 300), ymd(2018, 1, 20)); // 大寒 closes solar year 2017
        let winter = Holiday {
            rule: Rule::Season(225, 315),
            days: 1,
        };
        let start = winter.date(2021);
        assert_eq!(start, ymd(2021, 11, 7));
        assert_eq!(start.and_then(|d| winter.last(2021, d)), ymd(2022, 2, 3));
    }

    #[test]
    fn computes_movable_feasts() {
        assert_eq!(easter(2013), ymd(2013, 3, 31));
        assert_eq!(easter(2024), ymd(2024, 3, 31));
        assert_eq!(orthodox_easter(2013), ymd(2013, 5, 5));
        assert_eq!(orthodox_easter(2018), ymd(2018, 4, 8));
        assert_eq!(rosh_hashanah(2013), ymd(2013, 9, 5));
        assert_eq!(rosh_hashanah(2018), ymd(2018, 9, 10));
        assert_eq!(rosh_hashanah(2023), ymd(2023, 9, 16));
        assert_eq!(pesach(2018), ymd(2018, 3, 31));
        assert_eq!(nth_weekday(2021, 5, 2, 7), ymd(2021, 5, 9));
        assert_eq!(nth_weekday(2019, 11, 4, 4), ymd(2019, 11, 28));
        assert_eq!(nth_weekday(2013, 4, -1, 5), ymd(2013, 4, 26));
        let eid = Holiday {
            rule: Rule::Hijri(10, 1),
            days: 1,
        };
        assert_eq!(eid.date(2013), ymd(2013, 8, 8));
    }
}

/// The Chinese lunar calendar from its table (`data/times/lunar.tsv`, 1900–2100).
pub mod lunar {
    use chrono::{Duration, NaiveDate};
    use std::sync::OnceLock;

    const TABLE: &str = include_str!("../../../data/times/lunar.tsv");

    /// One lunar year: its first day and its months (number, leap, length) in order.
    pub struct Year {
        pub year: i32,
        pub new_year: NaiveDate,
        pub months: Vec<(u32, bool, u32)>,
    }

    /// Parses the table; an error names the line.
    pub fn parse() -> Result<Vec<Year>, (usize, String)> {
        let mut out = Vec::new();
        for (i, line) in TABLE.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let bad = |m: &str| (i + 1, m.to_string());
            if f.len() != 4 {
                return Err(bad("expected year, new year, leap month, lengths"));
            }
            let year: i32 = f[0].parse().map_err(|_| bad("bad year"))?;
            let new_year = NaiveDate::parse_from_str(&format!("{year}-{}", f[1]), "%Y-%m-%d")
                .map_err(|_| bad("bad new-year date"))?;
            let leap: u32 = f[2].parse().map_err(|_| bad("bad leap month"))?;
            let mut months = Vec::new();
            let mut n = 1;
            for c in f[3].chars() {
                let len = match c {
                    'L' => 30,
                    'S' => 29,
                    _ => return Err(bad("lengths are L or S")),
                };
                let is_leap = leap > 0 && n == leap + 1 && months.len() as u32 == leap;
                if is_leap {
                    months.push((leap, true, len));
                } else {
                    months.push((n, false, len));
                    n += 1;
                }
            }
            if months.len() != 12 + usize::from(leap > 0) {
                return Err(bad("wrong number of months"));
            }
            out.push(Year {
                year,
                new_year,
                months,
            });
        }
        Ok(out)
    }

    /// The table, parsed once (empty if malformed: `Lexicon::load` reports the error).
    pub fn table() -> &'static [Year] {
        static T: OnceLock<Vec<Year>> = OnceLock::new();
        T.get_or_init(|| parse().unwrap_or_default())
    }

    fn find(y: i32, month: u32, leap: bool) -> Option<(NaiveDate, u32)> {
        let t = table();
        let first = t.first()?.year;
        let yr = t.get(usize::try_from(y - first).ok()?)?;
        let mut d = yr.new_year;
        for &(m, l, len) in &yr.months {
            if m == month && l == leap {
                return Some((d, len));
            }
            d += Duration::days(len as i64);
        }
        None
    }

    /// The first day of a month of lunar year `y`.
    pub fn month_start(y: i32, month: u32, leap: bool) -> Option<NaiveDate> {
        find(y, month, leap).map(|(d, _)| d)
    }

    /// The length (29 or 30) of a month of lunar year `y`.
    pub fn month_length(y: i32, month: u32, leap: bool) -> Option<u32> {
        find(y, month, leap).map(|(_, n)| n)
    }
}
