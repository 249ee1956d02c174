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
