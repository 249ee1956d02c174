//! The stage's knowledge, read once from the data files under `data/times/`.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use regex::Regex;

use crate::calendar::{Holiday, Rule};
use crate::TimesError;

const RELATIVE: &str = include_str!("../../../data/times/relative.tsv");
const PART_OF_DAY: &str = include_str!("../../../data/times/part_of_day.tsv");
const REFS: &str = include_str!("../../../data/times/refs.tsv");
const UNITS: &str = include_str!("../../../data/times/units.tsv");
const FUTURE_CUES: &str = include_str!("../../../data/times/future_cues.tsv");
const DATELINES: &str = include_str!("../../../data/times/datelines.tsv");
const DATELINE_PLACES: &str = include_str!("../../../data/times/dateline_places.txt");
const ZONES: &str = include_str!("../../../data/times/zones.txt");
const HOLIDAYS: &str = include_str!("../../../data/times/holidays.tsv");

/// The calendar field a relative word moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Year,
    Month,
    Week,
    Day,
}

/// What a relative word is measured from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// The reference date.
    Now,
    /// The last date mentioned before.
    Last,
}

/// A relative word such as 昨天 or 同日.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relative {
    pub field: Field,
    pub offset: i32,
    pub anchor: Anchor,
    pub part: Option<String>,
    /// Characters that, just before the word, make it part of another word (这次年会).
    pub not_after: Vec<char>,
}

/// A part of the day such as 下午.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartOfDay {
    pub suffix: String,
    pub pm: bool,
    pub alone: bool,
    /// Characters that, right after the word, make it another word (早些).
    pub not_before: Vec<char>,
}

/// A duration unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Year,
    Quarter,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
}

/// A future-tense cue and the words it must not open.
#[derive(Clone, Debug)]
pub struct Cue {
    pub word: String,
    /// The cue counts anywhere in the sentence, not only in the clause.
    pub sentence: bool,
    /// Not a cue: a clause opening with this word carries on the one before it.
    pub joins: bool,
    pub not_before: Vec<String>,
}

/// A dateline pattern.
#[derive(Clone, Debug)]
pub struct DatelinePattern {
    pub regex: Regex,
}

/// Everything the stage knows, loaded once.
#[derive(Debug)]
pub struct Lexicon {
    pub relative: HashMap<String, Relative>,
    pub parts: HashMap<String, PartOfDay>,
    pub refs: HashMap<String, (String, Vec<char>)>,
    pub units: Vec<(String, Unit)>,
    pub future_cues: Vec<Cue>,
    pub datelines: Vec<DatelinePattern>,
    pub places: Vec<String>,
    /// Clock prefixes such as 当地时间.
    pub zones: Vec<String>,
    /// Longest word in `relative`, `parts` or `refs`, in characters.
    pub max_word: usize,
    /// Holidays by name.
    pub holidays: HashMap<String, Holiday>,
    /// Holidays by name as Taiwan's outlets mean them, where they differ (国庆 = 10 October).
    pub holidays_tw: HashMap<String, Holiday>,
    /// Names that are days only after a year (2024年大雪; a bare 大雪 is the weather).
    pub holidays_dated: HashMap<String, Holiday>,
    /// Every character the data and the grammar spell words with.
    pub alphabet: HashSet<char>,
    /// The first character of every lexicon word: a position whose character is not among them
    /// starts no word, which spares the lookups at most positions of a text.
    starts: HashSet<char>,
    /// Every character a time expression may begin with: the lexicon's alphabet and every
    /// character the grammar's source spells (its literals; comments too, harmlessly). Any
    /// other position is skipped by the scan without trying the grammar there.
    first_chars: HashSet<char>,
}

/// The grammar's source files: the characters of their string and character literals are the
/// words the grammar matches in code.
const GRAMMAR_SOURCES: [&str; 4] = [
    include_str!("grammar.rs"),
    include_str!("numeral.rs"),
    include_str!("calendar.rs"),
    include_str!("lexicon.rs"),
];

/// Characters the grammar itself spells (units, numerals, connectors).
const GRAMMAR_CHARS: &str =
    "年月日号点时分秒半刻整钟周星期礼拜天前后以来内之间世纪代度季初底末旬上中下\
    每个多余第民国至到零〇一二两三四五六七八九十百千万廿卅份";

/// The characters inside the string and character literals of Rust source (and, harmlessly,
/// inside quotes in its comments). A string left open at the end of a line goes on in the next.
fn literal_chars(source: &str) -> Vec<char> {
    let mut out = Vec::new();
    let mut open = false;
    for line in source.lines() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if open {
                match chars[i] {
                    '"' => open = false,
                    '\\' => i += 1,
                    c => out.push(c),
                }
                i += 1;
                continue;
            }
            match chars[i] {
                '"' => open = true,
                '\'' if chars.get(i + 2) == Some(&'\'') => {
                    out.push(chars[i + 1]);
                    i += 2;
                }
                _ => {}
            }
            i += 1;
        }
    }
    out
}

fn rows(text: &'static str) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end();
        (!l.is_empty() && !l.starts_with('#')).then(|| (i + 1, l.split('\t').collect()))
    })
}

fn bad(file: &'static str, line: usize, what: impl Into<String>) -> TimesError {
    TimesError::Data {
        file,
        line,
        message: what.into(),
    }
}

impl Lexicon {
    /// Parses the embedded data files.
    pub fn load() -> Result<Lexicon, TimesError> {
        let mut relative = HashMap::default();
        for (line, f) in rows(RELATIVE) {
            let file = "relative.tsv";
            if f.len() < 4 {
                return Err(bad(file, line, "expected word, field, offset, anchor"));
            }
            let field = match f[1] {
                "year" => Field::Year,
                "month" => Field::Month,
                "week" => Field::Week,
                "day" => Field::Day,
                other => return Err(bad(file, line, format!("unknown field {other:?}"))),
            };
            let offset = f[2]
                .parse()
                .map_err(|_| bad(file, line, format!("bad offset {:?}", f[2])))?;
            let anchor = match f[3] {
                "now" => Anchor::Now,
                "last" => Anchor::Last,
                other => return Err(bad(file, line, format!("unknown anchor {other:?}"))),
            };
            let part = f
                .get(4)
                .filter(|s| !s.is_empty() && **s != "-")
                .map(|s| s.to_string());
            let not_after = f.get(5).map(|s| s.chars().collect()).unwrap_or_default();
            relative.insert(
                f[0].to_string(),
                Relative {
                    field,
                    offset,
                    anchor,
                    part,
                    not_after,
                },
            );
        }
        let mut parts = HashMap::default();
        for (line, f) in rows(PART_OF_DAY) {
            if f.len() < 4 {
                return Err(bad(
                    "part_of_day.tsv",
                    line,
                    "expected word, suffix, pm, alone",
                ));
            }
            parts.insert(
                f[0].to_string(),
                PartOfDay {
                    suffix: f[1].to_string(),
                    pm: f[2] == "pm",
                    alone: f[3] == "yes",
                    not_before: f.get(4).map(|s| s.chars().collect()).unwrap_or_default(),
                },
            );
        }
        let mut refs = HashMap::default();
        for (line, f) in rows(REFS) {
            if f.len() < 2 {
                return Err(bad("refs.tsv", line, "expected word, value"));
            }
            let not_after = f.get(2).map(|s| s.chars().collect()).unwrap_or_default();
            refs.insert(f[0].to_string(), (f[1].to_string(), not_after));
        }
        let mut units = Vec::new();
        for (line, f) in rows(UNITS) {
            if f.len() < 2 {
                return Err(bad("units.tsv", line, "expected word, unit"));
            }
            let unit = match f[1] {
                "year" => Unit::Year,
                "quarter" => Unit::Quarter,
                "month" => Unit::Month,
                "week" => Unit::Week,
                "day" => Unit::Day,
                "hour" => Unit::Hour,
                "minute" => Unit::Minute,
                "second" => Unit::Second,
                other => return Err(bad("units.tsv", line, format!("unknown unit {other:?}"))),
            };
            units.push((f[0].to_string(), unit));
        }
        // longest first, so that 个小时 wins over 小时
        units.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
        let mut future_cues = Vec::new();
        for (line, f) in rows(FUTURE_CUES) {
            let (sentence, joins) = match f.get(1).copied() {
                Some("sentence") => (true, false),
                Some("clause") => (false, false),
                Some("joins") => (false, true),
                _ => {
                    return Err(bad(
                        "future_cues.tsv",
                        line,
                        "scope must be clause, sentence or joins",
                    ))
                }
            };
            let not_before = f
                .get(2)
                .map(|s| {
                    s.split(',')
                        .map(|w| w.trim().to_string())
                        .filter(|w| !w.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            future_cues.push(Cue {
                word: f[0].to_string(),
                sentence,
                joins,
                not_before,
            });
        }
        let mut datelines = Vec::new();
        for (line, f) in rows(DATELINES) {
            if f.len() < 2 {
                return Err(bad("datelines.tsv", line, "expected name, pattern"));
            }
            let regex = Regex::new(f[1]).map_err(|e| bad("datelines.tsv", line, e.to_string()))?;
            // the name (f[0]) is for the reader of the data file
            datelines.push(DatelinePattern { regex });
        }
        let mut places: Vec<String> = DATELINE_PLACES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect();
        places.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        let mut zones: Vec<String> = ZONES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect();
        zones.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        let max_word = relative
            .keys()
            .chain(parts.keys())
            .chain(refs.keys())
            .map(|w: &String| w.chars().count())
            .max()
            .unwrap_or(1);
        crate::calendar::lunar::parse().map_err(|(line, m)| bad("lunar.tsv", line, m))?;
        crate::fuzzy::check().map_err(|(line, m)| bad("fuzzy.tsv", line, m))?;
        let mut holidays = HashMap::default();
        let mut holidays_tw = HashMap::default();
        let mut holidays_dated = HashMap::default();
        for (line, f) in rows(HOLIDAYS) {
            let file = "holidays.tsv";
            if f.len() < 4 {
                return Err(bad(file, line, "expected names, rule, argument, days"));
            }
            let num = |s: &str| {
                s.trim_start_matches('+')
                    .parse::<i64>()
                    .map_err(|_| bad(file, line, format!("bad number {s:?}")))
            };
            let rule = match f[1] {
                "fixed" => {
                    let (m, d) = f[2]
                        .split_once('-')
                        .ok_or_else(|| bad(file, line, "fixed wants MM-DD"))?;
                    Rule::Fixed(num(m)? as u32, num(d)? as u32)
                }
                "nth" => {
                    let v: Vec<&str> = f[2].split(':').collect();
                    if v.len() != 3 {
                        return Err(bad(file, line, "nth wants MM:N:W"));
                    }
                    Rule::Nth(num(v[0])? as u32, num(v[1])? as i32, num(v[2])? as u32)
                }
                "easter" => Rule::Easter(num(f[2])?),
                "orthodox" => Rule::Orthodox(num(f[2])?),
                "rosh" => Rule::Rosh(num(f[2])?),
                "pesach" => Rule::Pesach(num(f[2])?),
                "kislev" => Rule::Kislev(num(f[2])?),
                "shevat" => Rule::Shevat(num(f[2])?),
                "atzmaut" => Rule::Atzmaut(num(f[2])?),
                "hijri" => {
                    let (m, d) = f[2]
                        .split_once('-')
                        .ok_or_else(|| bad(file, line, "hijri wants MM-DD"))?;
                    Rule::Hijri(num(m)? as u32, num(d)? as u32)
                }
                "lunar" => {
                    let leap = f[2].starts_with('L');
                    let (m, d) = f[2]
                        .trim_start_matches('L')
                        .split_once('-')
                        .ok_or_else(|| bad(file, line, "lunar wants [L]MM-DD"))?;
                    Rule::Lunar {
                        month: num(m)? as u32,
                        day: num(d)? as u32,
                        leap,
                    }
                }
                "term" => Rule::Term(num(f[2])? as u32),
                "season" => {
                    let (a, b) = f[2]
                        .split_once(':')
                        .ok_or_else(|| bad(file, line, "season wants DEG:DEG"))?;
                    Rule::Season(num(a)? as u32, num(b)? as u32)
                }
                other => return Err(bad(file, line, format!("unknown rule {other:?}"))),
            };
            let days = num(f[3])?;
            let table = match f.get(4).copied() {
                None | Some("") => &mut holidays,
                Some("TW") => &mut holidays_tw,
                Some("YEAR") => &mut holidays_dated,
                Some(other) => return Err(bad(file, line, format!("unknown region {other:?}"))),
            };
            for name in f[0].split(',').map(str::trim).filter(|n| !n.is_empty()) {
                table.insert(name.to_string(), Holiday { rule, days });
            }
        }
        let alphabet: HashSet<char> = relative
            .keys()
            .chain(parts.keys())
            .chain(refs.keys())
            .chain(units.iter().map(|(w, _)| w))
            .chain(future_cues.iter().map(|c| &c.word))
            .chain(zones.iter())
            .chain(places.iter())
            .chain(holidays.keys())
            .chain(holidays_tw.keys())
            .chain(holidays_dated.keys())
            .flat_map(|w| w.chars())
            .chain(GRAMMAR_CHARS.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        let starts = relative
            .keys()
            .chain(parts.keys())
            .chain(refs.keys())
            .chain(holidays.keys())
            .chain(holidays_tw.keys())
            .chain(holidays_dated.keys())
            .filter_map(|w| w.chars().next())
            .collect();
        let first_chars = alphabet
            .iter()
            .copied()
            .chain(GRAMMAR_SOURCES.iter().flat_map(|s| literal_chars(s)))
            .filter(|c| !c.is_ascii())
            .collect();
        Ok(Lexicon {
            first_chars,
            relative,
            parts,
            refs,
            units,
            future_cues,
            datelines,
            places,
            zones,
            max_word,
            holidays,
            holidays_tw,
            holidays_dated,
            alphabet,
            starts,
        })
    }

    /// May a time expression begin with `c`? False only for characters that no word of the
    /// lexicon and no literal of the grammar holds (ASCII always may: digits, `am`, `Q3`).
    pub fn may_start(&self, c: char) -> bool {
        c.is_ascii() || self.first_chars.contains(&c) || crate::numeral::arabic_digit(c).is_some()
    }

    /// The longest part-of-day word starting at `i`.
    pub fn part_at(&self, chars: &[char], i: usize) -> Option<(&PartOfDay, usize)> {
        self.longest(chars, i, 3, |w| self.parts.get(w))
    }

    /// The longest relative word starting at `i`.
    pub fn relative_at(&self, chars: &[char], i: usize) -> Option<(&Relative, usize)> {
        self.longest(chars, i, self.max_word, |w| self.relative.get(w))
    }

    /// The longest present/past/future word starting at `i` (not glued to a word before it).
    pub fn ref_at(&self, chars: &[char], i: usize) -> Option<(&str, usize)> {
        let ((value, not_after), end) =
            self.longest(chars, i, self.max_word, |w| self.refs.get(w))?;
        let glued = i > 0 && not_after.contains(&chars[i - 1]);
        (!glued).then_some((value.as_str(), end))
    }

    /// The longest holiday name starting at `i`.
    pub fn holiday_at(
        &self,
        chars: &[char],
        i: usize,
        taiwan: bool,
        after_year: bool,
    ) -> Option<(Holiday, usize)> {
        let dated = self
            .longest(chars, i, 16, |w| self.holidays_dated.get(w))
            .filter(|_| after_year);
        let general = self.longest(chars, i, 16, |w| self.holidays.get(w));
        let general = match (general, dated) {
            (Some(g), Some(d)) => Some(if d.1 > g.1 { d } else { g }),
            (g, d) => g.or(d),
        };
        let local = self
            .longest(chars, i, 16, |w| self.holidays_tw.get(w))
            .filter(|_| taiwan);
        match (general, local) {
            (Some(g), Some(l)) if l.1 >= g.1 => Some((*l.0, l.1)),
            (None, Some(l)) => Some((*l.0, l.1)),
            (g, _) => g.map(|(h, e)| (*h, e)),
        }
    }

    /// The longest duration unit starting at `i`.
    pub fn unit_at(&self, chars: &[char], i: usize) -> Option<(Unit, usize)> {
        self.units.iter().find_map(|(w, u)| {
            let n = w.chars().count();
            (i + n <= chars.len() && chars[i..i + n].iter().copied().eq(w.chars()))
                .then_some((*u, i + n))
        })
    }
}

impl Lexicon {
    /// The longest word of at most `max` characters at `i` that `get` knows, with its end index.
    /// No word starts with a character outside `starts` or holds one outside `alphabet`.
    fn longest<'a, T>(
        &self,
        chars: &[char],
        i: usize,
        max: usize,
        get: impl Fn(&str) -> Option<&'a T>,
    ) -> Option<(&'a T, usize)> {
        if !chars.get(i).is_some_and(|c| self.starts.contains(c)) {
            return None;
        }
        let mut w = String::new();
        let mut best = None;
        for (k, &c) in chars.iter().enumerate().skip(i).take(max) {
            if !self.alphabet.contains(&c) {
                break;
            }
            w.push(c);
            if let Some(v) = get(&w) {
                best = Some((v, k + 1));
            }
        }
        best
    }
}

/// True when `word` is spelled at `i` in `chars`.
pub fn word_at(chars: &[char], i: usize, word: &str) -> bool {
    word.chars()
        .enumerate()
        .all(|(k, c)| chars.get(i + k) == Some(&c))
}
