//! The grammar of time expressions: numerals + units + anchors, read left to right over the
//! simplified fold. It finds expressions and says what they name; `resolve` turns that into
//! dates.
//!
//! A calendar point is a chain of optional fields in falling order —
//! `[zone] [year] [quarter|half|modifier] [month [modifier]] [day] [week] [weekday] [part of day]
//! [clock] [以来]` — each written with a number and a unit (2023年, 十月, 廿六日, 下午3点) or a
//! word from the lexicon (去年, 上月, 同日, 今晚). Two points joined by 至/到/-/~ make a range,
//! the second inheriting what it leaves out (10月29日至31日). A number with a duration unit is a
//! duration (三天, 75周年), or an offset when 前/后 follows (三天前).

use crate::calendar::{Holiday, Rule};
use crate::lexicon::{word_at, Anchor, Field, Lexicon, Unit};
use crate::numeral::{arabic_digit, chinese_digit, read_number, Num, NumForm};

/// A year as written: absolute, relative to the reference date, or to the last date mentioned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rel<T> {
    Abs(T),
    Now(i32),
    Last(i32),
}

/// Which part of a year or month a modifier picks (初, 底, 上半年, 第三季度).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sub {
    Quarter(u32),
    Half(u32),
}

/// A point on the calendar, as far as the text gives it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Point {
    pub century: Option<i32>,
    pub decade: Option<i32>,
    pub year: Option<Rel<i32>>,
    pub sub: Option<Sub>,
    pub month: Option<Rel<u32>>,
    pub day: Option<Rel<u32>>,
    /// Weeks from the reference week (上周 = -1).
    pub week: Option<i32>,
    /// 1 = Monday … 7 = Sunday.
    pub weekday: Option<u32>,
    /// A named day (儿童节, 复活节).
    pub holiday: Option<Holiday>,
    /// The Nth weekday of the month (十月第一个星期一): (N, weekday).
    pub nth: Option<(i32, u32)>,
    /// The weekend of the week (这周末).
    pub weekend: bool,
    /// The Nth week of the month or year (三月第三周, 今年第三十七个星期).
    pub nth_week: Option<u32>,
    pub part: Option<String>,
    pub hour: Option<u32>,
    pub minute: Option<u32>,
    pub second: Option<u32>,
}

impl Point {
    fn has_date(&self) -> bool {
        self.year.is_some()
            || self.month.is_some()
            || self.day.is_some()
            || self.week.is_some()
            || self.weekday.is_some()
            || self.holiday.is_some()
    }
}

/// What an expression names.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Point(Point),
    /// A range: start and end (10月29日至31日).
    Range(Point, Point),
    /// A length of time (三天 → amount 3, unit day).
    Duration(f64, Unit),
    /// A length of time before (-1) or after (+1) the reference (三天前).
    Offset(f64, Unit, i32),
    /// The N units just before (-1) or after (+1) the current one (上两天, 下三周).
    Window(f64, Unit, i32),
    /// PRESENT_REF, PAST_REF, FUTURE_REF.
    Ref(String),
    /// A recurring time (每年 → P1Y).
    Set(f64, Unit),
    /// A span from now to a point ahead (2025年前, 年底前): `PRESENT_REF` to the point's end,
    /// when the point lies ahead; otherwise the point.
    UntilPoint(Box<Expr>),
    /// A span from a point to now (去年9月起, 从2001年起至今, 去年到现在, 2023年以来): the
    /// point's value to `PRESENT_REF`; with a bare 起 (`false`) from a point not yet past
    /// (今日起) on into the future (`FUTURE_REF`).
    SincePoint(Box<Expr>, bool),
    /// N units from now on (60日内, 未来7天: +1) or up to now (近30天, 过去5分钟: -1); `exact`
    /// when a prefix (未来, 近) counts from the present moment rather than from today.
    Within(f64, Unit, i32, bool),
    /// A range of lengths (3~6个月, 13天—8周, 3年以上7年以下): the shortest and the longest.
    Durations(f64, Unit, f64, Unit),
    /// A span open at one end (3年以后 → X to `FUTURE_REF`; 3年以前 → `PAST_REF` to X).
    Open(Box<Expr>, i32),
}

/// One expression found: its character range in the text and what it names.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub expr: Expr,
}

/// A point, its end, and the end point of a range sharing its unit (10月17至19日).
type PointMatch = (Point, usize, Option<(Point, usize)>);

const CONNECTORS: &[&str] = &["——", "至", "到", "-", "－", "—", "–", "~", "～", "〜"];

/// Characters that may follow a bare clock time (三点, 8时) for it to count as one: not
/// punctuation, since 升21点。 is an index moving points.
fn clock_follower_ok(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => "许前后起到至整半多左钟开举进召".contains(c),
    }
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

fn is_numeral_char(c: char) -> bool {
    arabic_digit(c).is_some() || chinese_digit(c).is_some() || "十百千万廿卅".contains(c)
}

/// Finds the time expressions in `chars`, left to right, never overlapping.
pub fn scan(lex: &Lexicon, chars: &[char], roc: bool, taiwan: bool) -> Vec<Found> {
    let g = Grammar {
        lex,
        chars,
        roc,
        taiwan,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !lex.may_start(chars[i]) {
            i += 1;
            continue;
        }
        if let Some(f) = g.at(i) {
            if f.end > i {
                i = f.end;
                out.push(f);
                continue;
            }
        }
        i += 1;
    }
    out
}

struct Grammar<'a> {
    lex: &'a Lexicon,
    chars: &'a [char],
    /// Read three-digit years as years of the Republic of China (113年 = 2024).
    roc: bool,
    /// The text is from Taiwan: its holidays (国庆 = 10 October).
    taiwan: bool,
}

impl Grammar<'_> {
    fn ch(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn is(&self, i: usize, w: &str) -> bool {
        word_at(self.chars, i, w)
    }

    /// May an expression start at `i`? Not inside a number, a Latin word, or after 第.
    fn can_start(&self, i: usize) -> bool {
        let Some(c) = self.ch(i) else { return false };
        let prev = if i > 0 { self.ch(i - 1) } else { None };
        if let Some(p) = prev {
            if arabic_digit(c).is_some()
                && (arabic_digit(p).is_some() || p.is_ascii_alphabetic() || p == '.' || p == '/')
            {
                return false;
            }
            if is_numeral_char(c) && !c.is_ascii_digit() && (is_numeral_char(p) || p == '第') {
                return false;
            }
            if c.is_ascii_digit() && p == '第' {
                return false;
            }
            // 数十年, 几十年: approximate numbers are no dates or durations to resolve
            if is_numeral_char(c) && (p == '数' || p == '几') {
                return false;
            }
        }
        true
    }

    fn at(&self, i: usize) -> Option<Found> {
        if !self.can_start(i) {
            return None;
        }
        // 未来7天, 今后10年, 近30天, 过去的一周, 最近10分钟: N units from or up to now
        for (w, sign) in [
            ("未来", 1),
            ("今后", 1),
            ("接下来", 1),
            ("过去的", -1),
            ("过去", -1),
            ("最近", -1),
            ("近", -1),
        ] {
            if !self.is(i, w) {
                continue;
            }
            // 将近三年, 接近五年: "nearly", not "the last"
            if w == "近"
                && i > 0
                && self
                    .ch(i - 1)
                    .is_some_and(|c| "将接逼靠临亲贴附".contains(c))
            {
                continue;
            }
            let j = i + w.chars().count();
            if let Some(Found {
                end,
                expr: Expr::Duration(n, unit),
                ..
            }) = self.duration(j)
            {
                // 近百年历史, 近五年之久: a length, not the last years
                if ["历史", "的历史", "之久", "的", "多", "左右"]
                    .iter()
                    .any(|t| self.is(end, t))
                {
                    continue;
                }
                let mut e = end;
                for tail in ["以内", "之内", "内", "里"] {
                    if self.is(e, tail) {
                        e += tail.chars().count();
                        break;
                    }
                }
                return Some(Found {
                    start: i,
                    end: e,
                    expr: Expr::Within(n, unit, sign, true),
                });
            }
        }
        // 过两天, 再过半个小时: from that time on (not 超过, 经过, 不过 …)
        for w in ["再过", "过"] {
            let glued = i > 0
                && self
                    .ch(i - 1)
                    .is_some_and(|c| "超经通不度错越跨难好路走放".contains(c));
            if !self.is(i, w) || glued {
                continue;
            }
            let j = i + w.chars().count();
            if let Some(Found {
                end,
                expr: Expr::Duration(n, unit),
                ..
            }) = self.duration(j)
            {
                let after = self.ch(end);
                // 过2016年 is "past 2016", not 2016 years on
                if after.is_some_and(|c| "的了去来后前多".contains(c)) || n >= 100.0 {
                    continue;
                }
                return Some(Found {
                    start: i,
                    end,
                    expr: Expr::Open(Box::new(Expr::Offset(n, unit, 1)), 1),
                });
            }
        }
        match self.at_inner(i) {
            Some(f) => Some(self.extend(f)),
            None => self.number_then_durations(i),
        }
    }

    /// 13—18天, 3~6个月: a bare number, a connector and a duration share its unit.
    fn number_then_durations(&self, i: usize) -> Option<Found> {
        let n = read_number(self.chars, i)?;
        let k = CONNECTORS
            .iter()
            .find(|c| self.is(n.end, c))
            .map(|c| n.end + c.chars().count())?;
        match self.duration(k)? {
            Found {
                end,
                expr: Expr::Duration(b, unit),
                ..
            } if b > n.value && !(unit == Unit::Year && b >= 1000.0) => Some(Found {
                start: i,
                end,
                expr: Expr::Durations(n.value, unit, b, unit),
            }),
            _ => None,
        }
    }

    /// After a duration: a connector and a second one (3天——8天, 13天—8周) or 以上 … 以下
    /// (3年以上7年以下) make a range of lengths.
    fn duration_range(&self, end: usize, a: f64, ua: Unit) -> Option<(usize, Expr)> {
        let above = self.is(end, "以上");
        let k = if above {
            let mut k = end + 2;
            while matches!(self.ch(k), Some(',' | '，' | '、' | ' ')) {
                k += 1;
            }
            k
        } else {
            CONNECTORS
                .iter()
                .find(|c| self.is(end, c))
                .map(|c| end + c.chars().count())?
        };
        let Found {
            end: e,
            expr: Expr::Duration(b, ub),
            ..
        } = self.duration(k)?
        else {
            return None;
        };
        if above && !self.is(e, "以下") {
            return None;
        }
        Some((if above { e + 2 } else { e }, Expr::Durations(a, ua, b, ub)))
    }

    /// What follows an expression may make it a span with one end now or open: 内, 以来, 起,
    /// 至今, 前, 以后.
    fn extend(&self, f: Found) -> Found {
        let Found { start, end, expr } = f;
        let wrap = |e: usize, expr: Expr| Found {
            start,
            end: e,
            expr,
        };
        match expr {
            Expr::Duration(n, unit) => {
                if let Some((e, range)) = self.duration_range(end, n, unit) {
                    return wrap(e, range);
                }
                for tail in ["以内", "之内", "内"] {
                    if self.is(end, tail) {
                        return wrap(end + tail.chars().count(), Expr::Within(n, unit, 1, false));
                    }
                }
                if self.is(end, "以来") {
                    if n.fract() != 0.0 && matches!(unit, Unit::Day | Unit::Hour | Unit::Minute) {
                        // 7天半以来: counted back to the hour
                        return wrap(end + 2, Expr::Within(n, unit, -1, false));
                    }
                    let since = Expr::Offset(n, unit, -1);
                    return wrap(end + 2, Expr::SincePoint(Box::new(since), true));
                }
                wrap(end, Expr::Duration(n, unit))
            }
            Expr::Offset(n, unit, sign) => {
                // 3年以后, 两天之前: open spans (bare 前/后 name the point)
                let text: String = self.chars[start..end].iter().collect();
                let open = ["以前", "之前", "以后", "之后"]
                    .iter()
                    .any(|w| text.ends_with(w));
                let offset = Expr::Offset(n, unit, sign);
                if open {
                    wrap(end, Expr::Open(Box::new(offset), sign))
                } else {
                    wrap(end, offset)
                }
            }
            Expr::Point(p) if p.has_date() => {
                let text: String = self.chars[start..end].iter().collect();
                let point = Expr::Point(p);
                if text.ends_with("以来") {
                    return wrap(end, Expr::SincePoint(Box::new(point), true));
                }
                let mut k = end;
                let qi = self.ch(k) == Some('起');
                if qi {
                    k += 1;
                }
                for w in ["至今", "迄今", "到现在", "到今天", "到目前", "到如今"] {
                    if self.is(k, w) {
                        let since = Expr::SincePoint(Box::new(point), true);
                        return wrap(k + w.chars().count(), since);
                    }
                }
                if qi {
                    return wrap(k, Expr::SincePoint(Box::new(point), false));
                }
                for w in ["以前", "之前", "前"] {
                    // not 今年前三季度, 前往, 前后: 前 + a number is "the first N"
                    let next = self.ch(end + w.chars().count());
                    let first_n = next.is_some_and(|c| is_numeral_char(c) || "几半".contains(c));
                    if self.is(end, w) && !first_n && !self.is(end, "前往") && !self.is(end, "前后")
                    {
                        return wrap(end + w.chars().count(), Expr::UntilPoint(Box::new(point)));
                    }
                }
                for w in ["以后", "之后"] {
                    if self.is(end, w) {
                        return wrap(end + 2, Expr::Open(Box::new(point), 1));
                    }
                }
                wrap(end, point)
            }
            other => wrap(end, other),
        }
    }

    fn at_inner(&self, i: usize) -> Option<Found> {
        if let Some(f) = self.set(i) {
            return Some(f);
        }
        let first = match self.numeric_date(i) {
            Some(Found {
                end,
                expr: Expr::Point(p),
                ..
            }) => Some((p, end, None)),
            Some(f) => return Some(f),
            None => self.point(i),
        };
        if let Some((p, end, shared)) = first {
            if let Some((q, qend)) = shared {
                return Some(Found {
                    start: i,
                    end: self.since(qend),
                    expr: Expr::Range(p, q),
                });
            }
            // 从上个月到今天: a span up to now (see `extend`), not a range
            let up_to_now = ["至今", "迄今", "到现在", "到今天", "到目前", "到如今"]
                .iter()
                .any(|w| self.is(end, w) || (self.ch(end) == Some('起') && self.is(end + 1, w)));
            if up_to_now && shared.is_none() {
                return Some(Found {
                    start: i,
                    end,
                    expr: Expr::Point(p),
                });
            }
            // a range: 10月29日至31日, 下午3点至8点, 2020-05-26至2020-05-29
            let mut k = end;
            if self.ch(k) == Some('起') {
                k += 1; // 自5月26日起至29日止
            }
            while self.ch(k) == Some(' ') {
                k += 1;
            }
            for c in CONNECTORS {
                if self.is(k, c) {
                    let mut j = k + c.chars().count();
                    while self.ch(j) == Some(' ') {
                        j += 1;
                    }
                    let second = match self.numeric_date(j) {
                        Some(Found {
                            end,
                            expr: Expr::Point(q),
                            ..
                        }) => Some((q, end)),
                        _ => self.point(j).map(|(q, e, _)| (q, e)),
                    };
                    if let Some((mut q, qend)) = second {
                        // 29/10/2023 - 10:59 is a date and its time, not a range
                        let only_clock = q.hour.is_some() && !q.has_date() && q.part.is_none();
                        if *c == "-"
                            && only_clock
                            && p.hour.is_none()
                            && p.part.is_none()
                            && p.day.is_some()
                        {
                            let mut merged = p.clone();
                            merged.hour = q.hour;
                            merged.minute = q.minute;
                            merged.second = q.second;
                            return Some(Found {
                                start: i,
                                end: qend,
                                expr: Expr::Point(merged),
                            });
                        }
                        if range_end_fits(&p, &q) {
                            // 下午1点到3点: the end keeps the start's part of day
                            if q.part.is_none() && q.hour.is_some() && !q.has_date() {
                                if let (Some(part), Some(h)) = (p.part.clone(), q.hour) {
                                    let moved = pm(h, Some(&part), self.lex);
                                    if p.hour.is_none_or(|ph| moved >= ph) {
                                        q.hour = Some(moved);
                                    }
                                }
                            }
                            let mut e = self.since(qend);
                            if self.ch(e) == Some('止') {
                                e += 1;
                            }
                            return Some(Found {
                                start: i,
                                end: e,
                                expr: Expr::Range(p, q),
                            });
                        }
                    }
                }
            }
            return Some(Found {
                start: i,
                end: self.since(end),
                expr: Expr::Point(p),
            });
        }
        if let Some(f) = self.window(i) {
            return Some(f);
        }
        if let Some(f) = self.duration(i) {
            return Some(f);
        }
        if let Some((v, end)) = self.lex.ref_at(self.chars, i) {
            return Some(Found {
                start: i,
                end,
                expr: Expr::Ref(v.to_string()),
            });
        }
        None
    }

    /// The relative word at `j`, unless it is glued to the word before it (这次年会 is no 次年).
    fn relative(&self, j: usize) -> Option<(&crate::lexicon::Relative, usize)> {
        let (r, end) = self.lex.relative_at(self.chars, j)?;
        let glued = j > 0 && self.ch(j - 1).is_some_and(|c| r.not_after.contains(&c));
        (!glued).then_some((r, end))
    }

    /// 以来 after an expression joins it (2023年以来: since 2023).
    fn since(&self, end: usize) -> usize {
        if self.is(end, "以来") {
            end + 2
        } else {
            end
        }
    }

    /// 2023-10-30, 2019/04/19, 2019.9.6, 20240307 (with an optional clock after it).
    fn numeric_date(&self, i: usize) -> Option<Found> {
        let n = read_number(self.chars, i)?;
        let NumForm::Arabic(digits) = n.form else {
            return None;
        };
        let y = n.int()?;
        if digits == 8 && !self.ch(n.end).is_some_and(|c| c.is_ascii_digit()) {
            let (yy, mm, dd) = (y / 10000, (y / 100) % 100, y % 100);
            if (1900..2100).contains(&yy) && (1..=12).contains(&mm) && (1..=31).contains(&dd) {
                let p = Point {
                    year: Some(Rel::Abs(yy as i32)),
                    month: Some(Rel::Abs(mm as u32)),
                    day: Some(Rel::Abs(dd as u32)),
                    ..Default::default()
                };
                return Some(Found {
                    start: i,
                    end: n.end,
                    expr: Expr::Point(p),
                });
            }
            return None;
        }
        if digits <= 2 && self.ch(n.end) == Some('/') {
            return self.slash_date(i, n);
        }
        if digits != 4 || !(1000..2200).contains(&y) {
            return None;
        }
        let sep = self.ch(n.end)?;
        if !"-/.".contains(sep) {
            return None;
        }
        let m = read_number(self.chars, n.end + 1)?;
        let NumForm::Arabic(1..=2) = m.form else {
            return None;
        };
        let mm = m.int()? as u32;
        if !(1..=12).contains(&mm) {
            return None;
        }
        let mut p = Point {
            year: Some(Rel::Abs(y as i32)),
            month: Some(Rel::Abs(mm)),
            ..Default::default()
        };
        let mut end = m.end;
        if let Some(s2) = self.ch(end).filter(|c| "-/.".contains(*c)) {
            if let Some(d) = read_number(self.chars, end + 1) {
                if let (NumForm::Arabic(1..=2), Some(dd)) = (d.form, d.int()) {
                    if (1..=31).contains(&dd) && (s2 == sep || s2 == '-') {
                        p.day = Some(Rel::Abs(dd as u32));
                        end = d.end;
                    }
                }
            }
        } else if sep == '.' {
            return None; // 2019.9 is too often a plain decimal
        }
        if p.day.is_some() {
            if self.ch(end) == Some(' ') || self.ch(end) == Some('-') {
                if let Some(e) = self.clock_colon(end + 1, &mut p) {
                    end = e;
                }
            } else if let Some(e) = self.clock_colon(end, &mut p) {
                end = e;
            }
        }
        Some(Found {
            start: i,
            end,
            expr: Expr::Point(p),
        })
    }

    /// 3/3/2015, 10/31/74, 29/10/2023: month first unless the first number cannot be a month.
    /// Two numbers alone (2/15) are too often a fraction to be read as a date.
    fn slash_date(&self, i: usize, a: Num) -> Option<Found> {
        let b = read_number(self.chars, a.end + 1)?;
        let NumForm::Arabic(1..=2) = b.form else {
            return None;
        };
        if self.ch(b.end) != Some('/') {
            return None;
        }
        let c = read_number(self.chars, b.end + 1)?;
        let year = match c.form {
            NumForm::Arabic(4) => c.int()? as i32,
            NumForm::Arabic(2) => two_digit_year(c.int()? as i32),
            _ => return None,
        };
        let (x, y) = (a.int()? as u32, b.int()? as u32);
        let (m, d) = if x > 12 { (y, x) } else { (x, y) };
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        let p = Point {
            year: Some(Rel::Abs(year)),
            month: Some(Rel::Abs(m)),
            day: Some(Rel::Abs(d)),
            ..Default::default()
        };
        Some(Found {
            start: i,
            end: c.end,
            expr: Expr::Point(p),
        })
    }

    /// am/pm written after a clock time (3pm, 3:15PM, 3:05p): the index after it and whether
    /// it is pm.
    fn meridiem(&self, i: usize) -> Option<(usize, bool)> {
        let c = self.ch(i)?.to_ascii_lowercase();
        if c != 'a' && c != 'p' {
            return None;
        }
        let mut j = i + 1;
        if self.ch(j).is_some_and(|m| m.eq_ignore_ascii_case(&'m')) {
            j += 1;
        }
        if self.ch(j).is_some_and(|x| x.is_ascii_alphabetic()) {
            return None;
        }
        Some((j, c == 'p'))
    }

    /// HH:MM[:SS] at `i`.
    fn clock_colon(&self, i: usize, p: &mut Point) -> Option<usize> {
        let h = read_number(self.chars, i)?;
        let NumForm::Arabic(1..=2) = h.form else {
            return None;
        };
        let colon = self.ch(h.end)?;
        if colon != ':' && colon != '：' {
            return None;
        }
        let m = read_number(self.chars, h.end + 1)?;
        let NumForm::Arabic(2) = m.form else {
            return None;
        };
        let (hh, mm) = (h.int()? as u32, m.int()? as u32);
        if hh > 24 || mm > 59 {
            return None;
        }
        let mut end = m.end;
        let mut ss = None;
        if matches!(self.ch(end), Some(':') | Some('：')) {
            if let Some(s) = read_number(self.chars, end + 1) {
                if let (NumForm::Arabic(2), Some(v)) = (s.form, s.int()) {
                    if v < 60 {
                        ss = Some(v as u32);
                        end = s.end;
                    }
                }
            }
        }
        if self.ch(end).is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        if self.ch(end) == Some('时') {
            end += 1; // 11:00时
        }
        let mut hh = hh;
        if let Some((e, is_pm)) = self.meridiem(end) {
            if is_pm && hh < 12 {
                hh += 12;
            }
            end = e;
        }
        p.hour = Some(hh);
        p.minute = Some(mm);
        p.second = ss;
        Some(end)
    }

    /// 每年, 每天, 每个月 → a recurring time.
    fn set(&self, i: usize) -> Option<Found> {
        if self.ch(i)? != '每' {
            return None;
        }
        let mut j = i + 1;
        if self.ch(j) == Some('个') {
            j += 1;
        }
        let (unit, end) = if self.ch(j) == Some('月') {
            (Unit::Month, j + 1)
        } else {
            self.lex.unit_at(self.chars, j)?
        };
        Some(Found {
            start: i,
            end,
            expr: Expr::Set(1.0, unit),
        })
    }

    /// A calendar point at `i`, its end, and — when a number shares the unit of a second one
    /// (10月17至19日, 4至9月) — the range's end point.
    fn point(&self, i: usize) -> Option<PointMatch> {
        let mut p = Point::default();
        let mut j = i;
        // 当地时间 …
        for z in &self.lex.zones {
            if self.is(j, z) {
                j += z.chars().count();
                break;
            }
        }
        let zone_end = j;
        let mut shared = None;

        // century and decade: 18世纪, 上世纪80年代, 二十世纪九十年代
        if self.is(j, "上世纪") {
            p.century = Some(20);
            j += 3;
        } else if let Some(n) = read_number(self.chars, j) {
            if self.ch(n.end) == Some('世') && self.ch(n.end + 1) == Some('纪') {
                if let Some(c) = n.int().filter(|c| (1..=30).contains(c)) {
                    p.century = Some(c as i32);
                    j = n.end + 2;
                }
            }
        }
        if let Some(n) = read_number(self.chars, j) {
            if self.is(n.end, "年代") {
                if let Some(v) = n.int() {
                    let decade = match (v, p.century) {
                        (10..=90, Some(c)) if v % 10 == 0 => Some((c - 1) * 100 + v as i32),
                        (10..=90, None) if v % 10 == 0 => Some(1900 + v as i32),
                        (1000..=2100, _) if v % 10 == 0 => Some(v as i32),
                        _ => None,
                    };
                    if let Some(d) = decade {
                        p.decade = Some(d / 10);
                        p.century = None;
                        j = n.end + 2;
                    }
                }
            }
        }
        if p.century.is_some() || p.decade.is_some() {
            for m in ["初期", "中期", "末期", "前期", "后期", "初", "末"] {
                if self.is(j, m) {
                    j += m.chars().count();
                    break;
                }
            }
            return (j > zone_end).then_some((p, j, None));
        }

        // year
        if self.is(j, "民国") {
            if let Some(n) = read_number(self.chars, j + 2) {
                if self.ch(n.end) == Some('年') {
                    if let Some(v) = n.int().filter(|v| (1..200).contains(v)) {
                        p.year = Some(Rel::Abs(v as i32 + 1911));
                        j = n.end + 1;
                    }
                }
            }
        }
        if p.year.is_none() {
            if let Some(n) =
                read_number(self.chars, j).filter(|n| matches!(n.form, NumForm::Arabic(4)))
            {
                if let (Some(y), Some((q, e))) = (
                    n.int().filter(|v| (1000..2200).contains(v)),
                    self.shared(n.end, '年', 2199),
                ) {
                    if q >= 1000 {
                        let a = Point {
                            year: Some(Rel::Abs(y as i32)),
                            ..Default::default()
                        };
                        let b = Point {
                            year: Some(Rel::Abs(q as i32)),
                            ..Default::default()
                        };
                        return Some((a, e, Some((b, e))));
                    }
                }
            }
        }
        if p.year.is_none() {
            if let Some((y, end)) = self.year(j) {
                p.year = Some(y);
                j = end;
            } else if let Some((r, end)) = self.relative(j) {
                if r.field == Field::Year {
                    p.year = Some(rel(r.anchor, r.offset));
                    j = end;
                }
            }
        }
        if self.is(j, "度") && p.year.is_some() {
            j += 1; // 113年度
        }
        // 年初, 年底, 上半年, 第三季度, 一季度
        if p.year.is_some() || self.ch(j) == Some('年') {
            let bare = p.year.is_none();
            let mut k = j;
            for m in [
                "年伊始",
                "伊始",
                "年初",
                "年底",
                "年末",
                "年中",
                "初",
                "底",
                "末",
            ] {
                if self.is(k, m) && !(bare && m == "伊始") {
                    k += m.chars().count();
                    break;
                }
            }
            if k > j {
                if bare {
                    p.year = Some(Rel::Now(0));
                }
                return Some((p, k, None));
            }
        }
        for (w, h) in [("上半年", 1), ("下半年", 2)] {
            if self.is(j, w) {
                p.sub = Some(Sub::Half(h));
                if p.year.is_none() {
                    p.year = Some(Rel::Now(0));
                }
                return Some((p, j + 3, None));
            }
        }
        if p.year.is_some() && (self.is(j, "首季度") || self.is(j, "首季")) {
            p.sub = Some(Sub::Quarter(1));
            let e = if self.is(j, "首季度") {
                j + 3
            } else {
                j + 2
            };
            return Some((p, e, None));
        }
        {
            let mut k = j;
            if self.ch(k) == Some('第') {
                k += 1;
            }
            if let Some(n) = read_number(self.chars, k) {
                let q = n.int().unwrap_or(0);
                let after = if self.is(n.end, "季度") {
                    Some(n.end + 2)
                } else if self.is(n.end, "季") && p.year.is_some() {
                    Some(n.end + 1)
                } else {
                    None
                };
                if let (Some(mut e), true) = (after, (1..=4).contains(&q)) {
                    // 一季度末, 四季度初: the part is kept in the expression (see fuzzy.tsv)
                    if matches!(self.ch(e), Some('初' | '末' | '底')) {
                        e += 1;
                    }
                    p.sub = Some(Sub::Quarter(q as u32));
                    if p.year.is_none() {
                        p.year = Some(Rel::Now(0));
                    }
                    return Some((p, e, None));
                }
            }
        }

        if p.year.is_some() {
            if let Some((a, b, end)) = self.months_of_year(j, &p) {
                return Some((a, end, Some((b, end))));
            }
        }
        // a day or month of the lunar calendar: 农历正月十五, 腊月二十三, 八月十五, 闰四月
        if let Some((h, end)) = self.lunar_date(j) {
            p.holiday = Some(h);
            j = end;
        }
        // a named day: 儿童节, 2018年光明节
        if p.holiday.is_some() {
        } else if let Some((h, end)) =
            self.lex
                .holiday_at(self.chars, j, self.taiwan, p.year.is_some())
        {
            p.holiday = Some(h);
            j = end;
        }

        // month
        if p.holiday.is_some() {
            // no month or day after a holiday
        } else if let Some(n) = read_number(self.chars, j) {
            if let Some(m) = n.int().filter(|m| (1..=12).contains(m)) {
                let ok_form = !matches!(n.form, NumForm::DigitSeq(_) | NumForm::Arabic(3..))
                    && !self.chars[j..n.end].contains(&'两');
                // 五月天 is a band, 六月天 the weather: a Chinese month name before 天 is no month
                let named = matches!(n.form, NumForm::Chinese) && self.ch(n.end + 1) == Some('天');
                if ok_form && !named && self.ch(n.end) == Some('月') && !self.is(n.end + 1, "份额")
                {
                    p.month = Some(Rel::Abs(m as u32));
                    j = n.end + 1;
                    if self.ch(j) == Some('份') {
                        j += 1;
                    }
                } else if ok_form && p.year.is_some() {
                    // 4至9月: a month range sharing 月
                    if let Some((q, e)) = self.shared(n.end, '月', 12) {
                        p.month = Some(Rel::Abs(m as u32));
                        let mut qp = Point {
                            year: p.year,
                            ..Default::default()
                        };
                        qp.month = Some(Rel::Abs(q));
                        shared = Some((qp, e));
                        return Some((p, e, shared));
                    }
                }
            }
        }
        if p.month.is_none() && p.year.is_none() {
            if let Some(n) = read_number(self.chars, j) {
                if let (Some(m), NumForm::Arabic(1..=2) | NumForm::Chinese) = (n.int(), n.form) {
                    if (1..=12).contains(&m) {
                        if let Some((q, e)) = self.shared(n.end, '月', 12) {
                            p.month = Some(Rel::Abs(m as u32));
                            let qp = Point {
                                month: Some(Rel::Abs(q)),
                                ..Default::default()
                            };
                            return Some((p, e, Some((qp, e))));
                        }
                    }
                }
            }
        }
        if p.month.is_none() {
            if let Some((r, end)) = self.relative(j) {
                if r.field == Field::Month {
                    p.month = Some(rel(r.anchor, r.offset));
                    j = end;
                }
            }
        }
        if p.month.is_some() {
            for m in [
                "上旬", "中旬", "下旬", "月初", "月底", "月末", "月中", "初", "底", "末",
            ] {
                if self.is(j, m) {
                    j += m.chars().count();
                    return Some((p, j, None));
                }
            }
        } else if p.year.is_none() {
            for m in ["月初", "月底", "月末"] {
                if self.is(j, m) {
                    p.month = Some(Rel::Now(0));
                    return Some((p, j + 2, None));
                }
            }
        }

        if p.month.is_some() {
            if let Some((a, b, end)) = self.days_of_month(j, &p) {
                return Some((a, end, Some((b, end))));
            }
        }
        if p.month.is_some() || (p.year.is_some() && p.holiday.is_none()) {
            if let Some((nth, end)) = self.nth_weekday(j).filter(|_| p.month.is_some()) {
                p.nth = Some(nth);
                j = end;
            } else if let Some((n, end)) = self.nth_week(j) {
                p.nth_week = Some(n);
                return Some((p, end, None));
            }
        }

        // day
        if p.holiday.is_some() || p.nth.is_some() {
            // the day is named already
        } else if let Some(n) = read_number(self.chars, j) {
            let counted = self.chars[j..n.end].contains(&'两'); // 两日 is two days
            if let (Some(d), false) = (n.int(), matches!(n.form, NumForm::DigitSeq(_)) || counted) {
                if (1..=31).contains(&d) {
                    let unit = self.ch(n.end);
                    let ok = match unit {
                        Some('日') => p.month.is_some() || !self.day_is_duration(n.end + 1),
                        Some('号') => {
                            p.month.is_some()
                                || (j > 0 && self.ch(j - 1).is_some_and(|c| "至到-~～".contains(c)))
                                || self.lex.part_at(self.chars, n.end + 1).is_some()
                                || self.ch(n.end + 1).is_some_and(|c| !is_han(c))
                        }
                        _ => false,
                    };
                    if ok && !(p.year.is_some() && p.month.is_none()) {
                        p.day = Some(Rel::Abs(d as u32));
                        j = n.end + 1;
                    } else if p.month.is_some() && !matches!(n.form, NumForm::Arabic(3..)) {
                        if let Some((q, e)) = self.shared(n.end, '日', 31) {
                            p.day = Some(Rel::Abs(d as u32));
                            let qp = Point {
                                year: p.year,
                                month: p.month,
                                day: Some(Rel::Abs(q)),
                                ..Default::default()
                            };
                            return Some((p, e, Some((qp, e))));
                        }
                        // 1月3, 十月31: a month with a bare day number
                        if (unit.is_none_or(|c| !is_han(c))
                            || unit == Some('至')
                            || unit == Some('到'))
                            && matches!(n.form, NumForm::Arabic(1..=2))
                            && !self.is(n.end, "-")
                        {
                            p.day = Some(Rel::Abs(d as u32));
                            j = n.end;
                        }
                    } else if p.month.is_none()
                        && p.year.is_none()
                        && !matches!(n.form, NumForm::Arabic(3..))
                    {
                        if let Some((q, e)) = self.shared(n.end, '日', 31) {
                            p.day = Some(Rel::Abs(d as u32));
                            let qp = Point {
                                day: Some(Rel::Abs(q)),
                                ..Default::default()
                            };
                            return Some((p, e, Some((qp, e))));
                        }
                    }
                }
            }
        }
        if p.day.is_none() && p.month.is_none() && p.year.is_none() && p.holiday.is_none() {
            if let Some((r, end)) = self.relative(j) {
                if r.field == Field::Day {
                    p.day = Some(rel(r.anchor, r.offset));
                    p.part = r.part.clone();
                    j = end;
                }
            }
        }

        // week and weekday: 上周三, 下星期二, 周日, 本周
        if p.day.is_none() && p.month.is_none() && p.year.is_none() {
            if let Some((r, end)) = self.relative(j) {
                if r.field == Field::Week && r.anchor == Anchor::Now {
                    p.week = Some(r.offset);
                    j = end;
                }
            }
            if p.week.is_some() && self.ch(j) == Some('末') {
                p.weekend = true;
                j += 1;
            } else if p.week.is_none() && p.day.is_none() && self.is(j, "周末") {
                p.week = Some(0);
                p.weekend = true;
                j += 2;
            }
        }
        if let Some((wd, end)) = self.weekday(j, p.week.is_some() && !p.weekend) {
            if (p.day.is_none() || p.week.is_none()) && p.holiday.is_none() && !p.weekend {
                if p.day.is_none() {
                    p.weekday = Some(wd);
                }
                j = end;
            }
        }

        // part of day
        if p.part.is_none() {
            if let Some((part, end)) = self.lex.part_at(self.chars, j) {
                let glued = self.ch(end).is_some_and(|c| part.not_before.contains(&c));
                if (part.alone || p.has_date()) && !glued {
                    p.part = Some(part.suffix.clone());
                    j = end;
                }
            }
        }
        // clock
        if let Some(e) = self.clock(j, &mut p) {
            j = e;
        }
        if j == zone_end {
            return None;
        }
        if !p.has_date() && p.part.is_none() && p.hour.is_none() {
            return None;
        }
        Some((p, j, shared))
    }

    /// After a number at `i`: a connector, a second number and `unit` (17至19日 → 19).
    /// A date of the lunar calendar: `[农历|阴历] [闰] month [day]`. It is lunar when marked
    /// (农历, 闰), when the month has a lunar name (正月, 冬月, 腊月) or when the day is written the
    /// lunar way (初五, 廿二, or 十五 without 日/号); a month alone only when marked or named.
    fn lunar_date(&self, j: usize) -> Option<(Holiday, usize)> {
        let mut k = j;
        let mut marked = false;
        for w in ["农历", "阴历", "夏历"] {
            if self.is(k, w) {
                k += 2;
                marked = true;
                break;
            }
        }
        if self.is(k, "大年初") {
            let n = read_number(self.chars, k + 3)?;
            let d = n.int().filter(|d| (1..=10).contains(d))?;
            let rule = Rule::Lunar {
                month: 1,
                day: d as u32,
                leap: false,
            };
            return Some((Holiday { rule, days: 1 }, n.end));
        }
        let leap = self.ch(k) == Some('闰');
        if leap {
            k += 1;
        }
        let named = [("正月", 1), ("冬月", 11), ("腊月", 12)]
            .into_iter()
            .find(|(w, _)| self.is(k, w));
        let (month, mut k) = match named {
            Some((_, m)) => (m, k + 2),
            None => {
                let n = read_number(self.chars, k)?;
                let m = n.int().filter(|m| (1..=12).contains(m))?;
                if self.ch(n.end) != Some('月')
                    || matches!(n.form, NumForm::DigitSeq(_) | NumForm::Arabic(3..))
                {
                    return None;
                }
                (m as u32, n.end + 1)
            }
        };
        // the day
        let mut day = None;
        let mut lunar_style = false;
        if self.ch(k) == Some('初') {
            if let Some(n) = read_number(self.chars, k + 1) {
                if let Some(d) = n.int().filter(|d| (1..=10).contains(d)) {
                    day = Some((d as u32, n.end));
                    lunar_style = true;
                }
            }
        } else if let Some(n) = read_number(self.chars, k) {
            if let Some(d) = n.int().filter(|d| (1..=30).contains(d)) {
                let unit = matches!(self.ch(n.end), Some('日' | '号'));
                // 十五元 is money, 十五岁 an age; 十五元宵 a day before its feast
                let next_ok = !self
                    .ch(n.end)
                    .is_some_and(|c| is_numeral_char(c) || "万亿个岁年人元多余%．.".contains(c))
                    || self.is(n.end, "元宵");
                if unit && (marked || leap || named.is_some()) {
                    day = Some((d as u32, n.end + 1));
                } else if !unit && next_ok {
                    let chinese = matches!(n.form, NumForm::Chinese) && d > 10;
                    if chinese || marked || leap || named.is_some() {
                        day = Some((d as u32, n.end));
                        lunar_style = chinese;
                    }
                }
            }
        }
        let lunar = marked || leap || named.is_some() || lunar_style;
        if !lunar {
            return None;
        }
        let rule = match day {
            Some((d, end)) => {
                k = end;
                Rule::Lunar {
                    month,
                    day: d,
                    leap,
                }
            }
            None => Rule::LunarMonth { month, leap },
        };
        Some((Holiday { rule, days: 1 }, k))
    }

    fn shared(&self, i: usize, unit: char, max: i64) -> Option<(u32, usize)> {
        for c in CONNECTORS {
            if self.is(i, c) {
                let k = i + c.chars().count();
                let n = read_number(self.chars, k)?;
                let v = n.int().filter(|v| (1..=max).contains(v))?;
                if self.ch(n.end) == Some(unit) || (unit == '日' && self.ch(n.end) == Some('号'))
                {
                    let mut e = n.end + 1;
                    if unit == '月' && self.ch(e) == Some('份') {
                        e += 1;
                    }
                    return Some((v as u32, e));
                }
                return None;
            }
        }
        None
    }

    /// Is the 日 just read a day count (三日内, 90日以来) rather than a day of the month?
    fn day_is_duration(&self, after: usize) -> bool {
        [
            "内", "之内", "以内", "来", "以来", "后", "之后", "以后", "前", "之前", "以前", "间",
            "线",
        ]
        .iter()
        .any(|w| self.is(after, w))
            && !self.is(after, "前往")
            && !self.is(after, "后来")
    }

    /// A year at `i`: 2023年, 二〇二三年, 98年, 113年 (ROC), but not 三十年 or 四年 (durations).
    fn year(&self, i: usize) -> Option<(Rel<i32>, usize)> {
        let n = read_number(self.chars, i)?;
        if self.ch(n.end) != Some('年') || self.is(n.end + 1, "代") {
            return None;
        }
        let v = n.int()?;
        let next_is_month = read_number(self.chars, n.end + 1)
            .is_some_and(|m| self.ch(m.end) == Some('月') || self.is(m.end, "季度"))
            || ["第", "首季", "上半年", "下半年"]
                .iter()
                .any(|w| self.is(n.end + 1, w))
            || self.lex.relative_at(self.chars, n.end + 1).is_none() && {
                let c = self.ch(n.end + 1);
                c == Some('底') || c == Some('初')
            }
            // 26年除夕, 20年小寒: a named day or a lunar date after the year
            || self
                .lex
                .holiday_at(self.chars, n.end + 1, self.taiwan, true)
                .is_some()
            || self.lunar_date(n.end + 1).is_some();
        let duration_follows = [
            "来",
            "以来",
            "前",
            "之前",
            "以前",
            "后",
            "之后",
            "以后",
            "内",
            "间",
            "多",
            "半",
            "之久",
            "的时间",
            "历史",
        ]
        .iter()
        .any(|w| self.is(n.end + 1, w));
        // 107年間 is a year; 107年來 a duration
        let roc_duration = [
            "来", "以来", "前", "之前", "以前", "后", "之后", "以后", "多", "半", "之久",
        ]
        .iter()
        .any(|w| self.is(n.end + 1, w));
        let after_prep = i > 0 && self.ch(i - 1).is_some_and(|c| "于在自从至到迄".contains(c));
        let year = match n.form {
            NumForm::Arabic(4) if (1000..2200).contains(&v) => v as i32,
            NumForm::Arabic(3) if self.roc && (60..=150).contains(&v) && !roc_duration => {
                v as i32 + 1911
            }
            // 於68年過世: two-digit ROC years after a preposition of time
            NumForm::Arabic(2)
                if self.roc
                    && (30..=99).contains(&v)
                    && (next_is_month || after_prep)
                    && !duration_follows =>
            {
                v as i32 + 1911
            }
            NumForm::Arabic(2) if next_is_month => two_digit_year(v as i32),
            NumForm::DigitSeq(4) if (1000..2200).contains(&v) => v as i32,
            NumForm::DigitSeq(2) => two_digit_year(v as i32),
            _ => return None,
        };
        Some((Rel::Abs(year), n.end + 1))
    }

    /// A weekday at `i`: 周三, 星期三, 礼拜天; `after_week` when 上周/下周 came before.
    fn weekday(&self, i: usize, after_week: bool) -> Option<(u32, usize)> {
        let mut j = i;
        for w in ["星期", "礼拜", "周"] {
            if self.is(j, w) {
                j += w.chars().count();
                break;
            }
        }
        if j == i {
            // 上周三: the week word already ate 周
            if !after_week {
                return None;
            }
        }
        let d = match self.ch(j)? {
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '日' | '天' | '七' => 7,
            _ => return None,
        };
        // 周三次 is not Wednesday; 周日报 neither
        if j == i && !after_week {
            return None;
        }
        Some((d, j + 1))
    }

    /// A clock time at `i`: 3点, 下午三点十五, 8时35分, 15:30, 9点半, 20时1刻.
    fn clock(&self, i: usize, p: &mut Point) -> Option<usize> {
        let mut q = p.clone();
        if let Some(e) = self.clock_colon(i, &mut q) {
            q.hour = q.hour.map(|h| pm(h, p.part.as_deref(), self.lex));
            *p = q;
            return Some(e);
        }
        let n = read_number(self.chars, i)?;
        let h = n.int()?;
        if h > 24 || matches!(n.form, NumForm::DigitSeq(_)) {
            return None;
        }
        if let (NumForm::Arabic(1..=2), Some((e, is_pm))) = (n.form, self.meridiem(n.end)) {
            if (1..=12).contains(&h) {
                p.hour = Some(if is_pm && h < 12 {
                    h as u32 + 12
                } else {
                    h as u32
                });
                p.minute = Some(0);
                return Some(e);
            }
        }
        let unit = self.ch(n.end)?;
        if unit != '点' && unit != '时' {
            return None;
        }
        let mut j = n.end + 1;
        if self.ch(j) == Some('钟') {
            j += 1;
        }
        let mut minute = None;
        let mut second = None;
        // Cantonese 三點踏三, 三點搭半: the minutes in fives
        let tap = matches!(self.ch(j), Some('踏') | Some('搭'));
        if tap {
            j += 1;
        }
        if self.ch(j) == Some('半') {
            minute = Some(30);
            j += 1;
        } else if self.is(j, "一刻") || self.is(j, "1刻") {
            minute = Some(15);
            j += 2;
        } else if self.is(j, "三刻") || self.is(j, "3刻") {
            minute = Some(45);
            j += 2;
        } else if let Some(m) = read_number(self.chars, j) {
            if let Some(mv) = m.int().filter(|v| *v < 60) {
                if !matches!(m.form, NumForm::Arabic(3..)) {
                    let after = self.ch(m.end);
                    if after == Some('分') {
                        minute = Some(mv as u32);
                        j = m.end + 1;
                        if let Some(s) = read_number(self.chars, j) {
                            if self.ch(s.end) == Some('秒') {
                                second = s.int().filter(|v| *v < 60).map(|v| v as u32);
                                j = s.end + 1;
                            }
                        }
                    } else if !after.is_some_and(|c| {
                        self.lex.unit_at(self.chars, m.end).is_some()
                            || c == '个'
                            || c == '月'
                            || c == '日'
                            || c == '号'
                            || c == '点'
                            || c == '时'
                    }) && (self.chars[j] == '零'
                        || self.chars[j] == '0'
                        || mv >= 10
                        || matches!(m.form, NumForm::Arabic(2)))
                    {
                        minute = Some(mv as u32);
                        j = m.end;
                    } else if (1..=11).contains(&mv)
                        && matches!(m.form, NumForm::Chinese)
                        && !after.is_some_and(|c| {
                            c == '分'
                                || c == '点'
                                || c == '时'
                                || c == '月'
                                || c == '日'
                                || c == '号'
                        })
                        && (tap || self.is(m.end, "个字") || after.is_none_or(|c| !is_han(c)))
                    {
                        // 三點三 / 三點三個字: each 字 is five minutes
                        minute = Some(mv as u32 * 5);
                        j = m.end;
                        if self.is(j, "个字") {
                            j += 2;
                        }
                    }
                }
            }
        } else if self.ch(j) == Some('整') {
            j += 1;
        }
        let context = p.has_date() || p.part.is_some();
        if !context && minute.is_none() && !clock_follower_ok(self.ch(j)) {
            return None;
        }
        // 这一点, 三点要求: a bare Chinese numeral before 点 is most often "point(s)"
        let chinese = matches!(n.form, NumForm::Chinese);
        if !context
            && chinese
            && minute.is_none()
            && (h == 1 || !self.ch(j).is_some_and(|c| "钟半整多左许前后起".contains(c)))
            && self.ch(j).is_some()
        {
            return None;
        }
        if unit == '时'
            && minute.is_none()
            && !context
            && self.ch(j).is_some_and(is_han)
            && !clock_follower_ok(self.ch(j))
        {
            return None;
        }
        p.hour = Some(pm(h as u32, p.part.as_deref(), self.lex));
        p.minute = minute.or(Some(0));
        p.second = second;
        if minute.is_none() && self.ch(j) == Some('多') {
            j += 1;
        }
        Some(j)
    }

    /// 上两天, 前两个月, 下三周, 后三小时: the N units next to the current one.
    fn window(&self, i: usize) -> Option<Found> {
        // 最后一天, 之前三年, 以后两周: 前/后 closing a word before it is no window
        if i > 0
            && self
                .ch(i - 1)
                .is_some_and(|c| "最之以然随此其背午目日提事年眼面向线底私当月天周".contains(c))
        {
            return None;
        }
        let sign = match self.ch(i)? {
            '上' | '前' => -1,
            '下' | '后' => 1,
            _ => return None,
        };
        let n = read_number(self.chars, i + 1)?;
        if matches!(n.form, NumForm::DigitSeq(_)) || n.value < 1.0 {
            return None;
        }
        let mut j = n.end;
        if self.ch(j) == Some('个') {
            j += 1;
        }
        // 前两月 counts months, 创下11月 names one: a bare 月 only after a Chinese numeral
        let (unit, end) =
            if self.ch(j) == Some('月') && (matches!(n.form, NumForm::Chinese) || j > n.end) {
                (Unit::Month, j + 1)
            } else {
                self.lex.unit_at(self.chars, j)?
            };
        if self.is(end, "前") || self.is(end, "后") || self.is(end, "以") {
            return None;
        }
        Some(Found {
            start: i,
            end,
            expr: Expr::Window(n.value, unit, sign),
        })
    }

    /// After a year: 前五个月, 后三月, 前三季度 — the first or last N months of it.
    fn months_of_year(&self, j: usize, p: &Point) -> Option<(Point, Point, usize)> {
        let first = match self.ch(j)? {
            '前' | '头' | '首' => true,
            '后' => false,
            _ => return None,
        };
        let n = read_number(self.chars, j + 1)?;
        let count = n.int().filter(|v| (1..=12).contains(v))? as u32;
        let mut k = n.end;
        if self.ch(k) == Some('个') {
            k += 1;
        }
        let months = if self.ch(k) == Some('月') {
            k += 1;
            count
        } else if self.is(k, "季度") {
            k += 2;
            (count * 3).min(12)
        } else {
            return None;
        };
        let (from, to) = if first {
            (1, months)
        } else {
            (13 - months, 12)
        };
        let a = Point {
            year: p.year,
            month: Some(Rel::Abs(from)),
            ..Default::default()
        };
        let b = Point {
            year: p.year,
            month: Some(Rel::Abs(to)),
            ..Default::default()
        };
        Some((a, b, k))
    }

    /// After a month: 前两天, 最后五天 — its first or last N days (the last as negative days,
    /// counted back from the month's end when resolved).
    fn days_of_month(&self, j: usize, p: &Point) -> Option<(Point, Point, usize)> {
        let (first, k) = if self.ch(j) == Some('前') || self.ch(j) == Some('头') {
            (true, j + 1)
        } else if self.is(j, "最后") {
            (false, j + 2)
        } else {
            return None;
        };
        let n = read_number(self.chars, k)?;
        let count = n.int().filter(|v| (1..=31).contains(v))? as u32;
        let unit_end = if self.ch(n.end) == Some('天') || self.ch(n.end) == Some('日') {
            n.end + 1
        } else {
            return None;
        };
        let (from, to) = if first {
            (Rel::Abs(1), Rel::Abs(count))
        } else {
            (Rel::Last(-(count as i32)), Rel::Last(-1))
        };
        let a = Point {
            year: p.year,
            month: p.month,
            day: Some(from),
            ..Default::default()
        };
        let b = Point {
            year: p.year,
            month: p.month,
            day: Some(to),
            ..Default::default()
        };
        Some((a, b, unit_end))
    }

    /// After a month: (的)第一个星期一 — the Nth weekday of it.
    fn nth_weekday(&self, j: usize) -> Option<((i32, u32), usize)> {
        let mut k = j;
        if self.ch(k) == Some('的') {
            k += 1;
        }
        if self.ch(k) != Some('第') {
            return None;
        }
        let n = read_number(self.chars, k + 1)?;
        let nth = n.int().filter(|v| (1..=5).contains(v))? as i32;
        k = n.end;
        if self.ch(k) == Some('个') {
            k += 1;
        }
        let (wd, end) = self.weekday(k, false)?;
        Some(((nth, wd), end))
    }

    /// After a month or year: (的)第二周, 第37个星期 — its Nth week (not followed by a weekday).
    fn nth_week(&self, j: usize) -> Option<(u32, usize)> {
        let mut k = j;
        if self.ch(k) == Some('的') {
            k += 1;
        }
        if self.ch(k) != Some('第') {
            return None;
        }
        let n = read_number(self.chars, k + 1)?;
        let nth = n.int().filter(|v| (1..=53).contains(v))? as u32;
        k = n.end;
        if self.ch(k) == Some('个') {
            k += 1;
        }
        let w = ["星期", "礼拜", "周"].into_iter().find(|w| self.is(k, w))?;
        k += w.chars().count();
        if self.ch(k).is_some_and(|c| "一二三四五六日天七".contains(c)) {
            return None;
        }
        Some((nth, k))
    }

    /// A duration (三天, 75周年, 一年半) or an offset (三天前, 两年后).
    fn duration(&self, i: usize) -> Option<Found> {
        let (mut amount, mut j) = if self.ch(i) == Some('半') {
            (0.5, i + 1)
        } else {
            let n: Num = read_number(self.chars, i)?;
            (n.value, n.end)
        };
        if matches!(self.ch(j), Some('多') | Some('余')) {
            j += 1;
        }
        if self.ch(j) == Some('个') && self.ch(j + 1) == Some('半') {
            amount += 0.5;
            j += 2;
            if self.ch(j) == Some('月') {
                j += 1;
                return Some(self.offset_or_duration(i, j, amount, Unit::Month));
            }
        }
        if self.ch(j) == Some('个') && matches!(self.ch(j + 1), Some('多') | Some('余')) {
            j += 2;
            if self.ch(j) == Some('月') {
                return Some(self.offset_or_duration(i, j + 1, amount, Unit::Month));
            }
        }
        if self.is(j, "刻钟") {
            return Some(self.offset_or_duration(i, j + 2, amount * 15.0, Unit::Minute));
        }
        let (unit, mut end) = self.lex.unit_at(self.chars, j)?;
        if self.is(end, "线") {
            return None; // 5日线: a moving average
        }
        if self.chars[j..end].iter().collect::<String>() == "个半月" {
            amount += 0.5;
        }
        if self.ch(end) == Some('半') {
            amount += 0.5;
            end += 1;
        } else if matches!(self.ch(end), Some('多' | '余')) && self.is(end + 1, "以来") {
            end += 1; // 3年多以来
        }
        // 日 and 年 after a bare number name dates when the grammar took them (checked first)
        Some(self.offset_or_duration(i, end, amount, unit))
    }

    fn offset_or_duration(&self, start: usize, end: usize, amount: f64, unit: Unit) -> Found {
        for (w, sign) in [
            ("之前", -1),
            ("以前", -1),
            ("前", -1),
            ("之后", 1),
            ("以后", 1),
            ("后", 1),
        ] {
            if self.is(end, w) && !self.is(end, "前往") && !self.is(end, "后来") {
                return Found {
                    start,
                    end: end + w.chars().count(),
                    expr: Expr::Offset(amount, unit, sign),
                };
            }
        }
        Found {
            start,
            end,
            expr: Expr::Duration(amount, unit),
        }
    }
}

fn rel<T>(anchor: Anchor, offset: i32) -> Rel<T> {
    match anchor {
        Anchor::Now => Rel::Now(offset),
        Anchor::Last => Rel::Last(offset),
    }
}

/// 98 → 1998, 07 → 2007, 33 → 1933 (two-digit years up to 30 read as this century).
fn two_digit_year(v: i32) -> i32 {
    if v <= 30 {
        2000 + v
    } else {
        1900 + v
    }
}

/// 下午3点 → 15: hours before noon after an afternoon or evening word move on by twelve.
fn pm(h: u32, part: Option<&str>, lex: &Lexicon) -> u32 {
    let Some(part) = part else { return h };
    let is_pm = lex.parts.values().any(|p| p.suffix == part && p.pm);
    if is_pm && h == 12 && (part == "TEV" || part == "TNI") {
        return 24; // 晚上十二点 is midnight
    }
    if !is_pm || h >= 12 {
        return h;
    }
    if part == "TMI" && h >= 10 {
        return h; // 中午11点
    }
    if part == "TNI" && h <= 4 {
        return h; // 深夜2点
    }
    h + 12
}

/// Can `q` end a range that `p` starts? The end must name something at the start's level or
/// below it (10月29日至31日, 下午3点至8点), not a bare number.
fn range_end_fits(p: &Point, q: &Point) -> bool {
    let level = |x: &Point| {
        if x.hour.is_some() {
            5
        } else if x.part.is_some() {
            4
        } else if x.day.is_some() || x.weekday.is_some() {
            3
        } else if x.month.is_some() || x.week.is_some() {
            2
        } else if x.year.is_some() {
            1
        } else {
            0
        }
    };
    level(q) > 0 && level(p) > 0 && (level(q) >= level(p) || q.year.is_some() || q.month.is_some())
}
