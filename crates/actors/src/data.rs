//! The actors stage's data files (`data/actors/`), embedded, and their parsing.

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;

use crate::ActorsError;

const ACTORS: &str = include_str!("../../../data/actors/actors.tsv");
const SECTORS: &str = include_str!("../../../data/actors/sectors.tsv");
const GROUPS: &str = include_str!("../../../data/actors/groups.tsv");
const OUTLETS: &str = include_str!("../../../data/actors/outlets.tsv");
const DESCRIPTIONS: &str = include_str!("../../../data/actors/descriptions.tsv");

/// One row of the actor dictionary: a person or organization in one role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictEntry {
    pub name: String,
    /// Every form (the name included), folded to simplified, without spaces and middle dots.
    pub forms: Vec<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub role: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// A sector cue: a word that shows the sector (国防部 → MIL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectorCue {
    pub word: String,
    pub sector: String,
    /// Only at the end of an organization's name (社, 报).
    pub at_end: bool,
}

/// What a group reference stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupCode {
    /// A fixed actor code (中方 → CHN).
    Code(String),
    /// The two sides named right before, else those of the last two-sided event; with a sector.
    Pair(Option<String>),
    /// The country of the quote's speaker; with a sector.
    Speaker(Option<String>),
}

/// A word that names a side without a named entity (中方, 双方, 北京 as a government).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupWord {
    pub word: String,
    pub code: GroupCode,
    /// Only when the word acts (not after 在/到/赴).
    pub subject_only: bool,
}

/// A description head (防长, 该部 → 部).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DescriptionHead {
    pub head: String,
    pub kind: jishi_doc::EntityKind,
    pub sector: Option<String>,
}

/// Everything parsed from `data/actors/`.
#[derive(Debug, Default)]
pub struct Data {
    pub dictionary: Vec<DictEntry>,
    /// Folded form → rows of the dictionary.
    pub by_form: HashMap<String, Vec<usize>>,
    pub sectors: Vec<SectorCue>,
    pub groups: Vec<GroupWord>,
    /// First character → indices into `groups` (longest word first), so a scan tries only the
    /// words that can start at a position.
    pub groups_by_first: HashMap<char, Vec<usize>>,
    /// Outlet or agency → the country of its unqualified institutions.
    pub outlets: HashMap<String, String>,
    pub heads: Vec<DescriptionHead>,
    pub demonstratives: Vec<String>,
}

fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches(['\r', '\n'])))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

fn fields<'a>(file: &str, no: usize, line: &'a str, n: usize) -> Result<Vec<&'a str>, ActorsError> {
    let f: Vec<&str> = line.split('\t').map(str::trim).collect();
    if f.len() < n {
        return Err(ActorsError::Data {
            file: file.into(),
            line: no,
            message: format!("expected {n} tab-separated fields, found {}", f.len()),
        });
    }
    Ok(f)
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn date(file: &str, no: usize, s: &str, end: bool) -> Result<Option<NaiveDate>, ActorsError> {
    if s.is_empty() {
        return Ok(None);
    }
    let parsed = match s.len() {
        4 => s
            .parse::<i32>()
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, if end { 12 } else { 1 }, 1)),
        7 => NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").ok(),
        _ => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
    };
    parsed.map(Some).ok_or_else(|| ActorsError::Data {
        file: file.into(),
        line: no,
        message: format!("bad date {s:?} (YYYY, YYYY-MM or YYYY-MM-DD)"),
    })
}

/// A name as the dictionary compares it: simplified, without spaces and middle dots.
pub fn key(name: &str) -> String {
    jishi_text::fold(name)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '·' | '•' | '‧' | '・' | '.' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

impl Data {
    /// Parses the embedded files.
    pub fn load() -> Result<Data, ActorsError> {
        let mut d = Data::default();
        let file = "data/actors/actors.tsv";
        for (no, line) in lines(ACTORS) {
            let f = fields(file, no, line, 5)?;
            let mut forms = vec![key(f[0])];
            for a in f[1].split('|').filter(|a| !a.trim().is_empty()) {
                let k = key(a);
                if !forms.contains(&k) {
                    forms.push(k);
                }
            }
            let entry = DictEntry {
                name: f[0].to_string(),
                forms,
                country: opt(f[2]),
                sector: opt(f[3]),
                role: f[4].to_string(),
                from: date(file, no, f.get(5).copied().unwrap_or(""), false)?,
                to: date(file, no, f.get(6).copied().unwrap_or(""), true)?,
            };
            let i = d.dictionary.len();
            for k in &entry.forms {
                d.by_form.entry(k.clone()).or_default().push(i);
            }
            d.dictionary.push(entry);
        }
        let file = "data/actors/sectors.tsv";
        for (no, line) in lines(SECTORS) {
            let f = fields(file, no, line, 3)?;
            d.sectors.push(SectorCue {
                word: f[0].to_string(),
                sector: f[1].to_string(),
                at_end: match f[2] {
                    "end" => true,
                    "any" => false,
                    other => {
                        return Err(ActorsError::Data {
                            file: file.into(),
                            line: no,
                            message: format!("where must be `any` or `end`, not {other:?}"),
                        })
                    }
                },
            });
        }
        let file = "data/actors/groups.tsv";
        for (no, line) in lines(GROUPS) {
            let f = fields(file, no, line, 3)?;
            let sector_of = |s: &str| s.split_once('-').map(|(_, sec)| sec.to_string());
            let code = if f[1].starts_with("@pair") {
                GroupCode::Pair(sector_of(f[1]))
            } else if f[1].starts_with("@speaker") {
                GroupCode::Speaker(sector_of(f[1]))
            } else if f[1].starts_with('@') {
                return Err(ActorsError::Data {
                    file: file.into(),
                    line: no,
                    message: format!("unknown code {:?} (@pair, @speaker)", f[1]),
                });
            } else {
                GroupCode::Code(f[1].to_string())
            };
            d.groups.push(GroupWord {
                word: f[0].to_string(),
                code,
                subject_only: f[2] == "subject",
            });
        }
        d.groups
            .sort_by_key(|g| std::cmp::Reverse(g.word.chars().count()));
        for (i, g) in d.groups.iter().enumerate() {
            if let Some(c) = g.word.chars().next() {
                d.groups_by_first.entry(c).or_default().push(i);
            }
        }
        for (no, line) in lines(OUTLETS) {
            let f = fields("data/actors/outlets.tsv", no, line, 1)?;
            if let Some(home) = f.get(1).filter(|h| !h.is_empty()) {
                d.outlets.insert(f[0].to_lowercase(), home.to_string());
            }
        }
        for line in DESCRIPTIONS.lines() {
            if let Some(rest) = line.strip_prefix("#demonstratives\t") {
                d.demonstratives = rest.split('|').map(|s| s.trim().to_string()).collect();
            }
        }
        d.demonstratives
            .sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        let file = "data/actors/descriptions.tsv";
        for (no, line) in lines(DESCRIPTIONS) {
            let f = fields(file, no, line, 2)?;
            let kind = jishi_doc::EntityKind::parse(f[1]).ok_or_else(|| ActorsError::Data {
                file: file.into(),
                line: no,
                message: format!("unknown kind {:?}", f[1]),
            })?;
            d.heads.push(DescriptionHead {
                head: f[0].to_string(),
                kind,
                sector: f.get(2).and_then(|s| opt(s)),
            });
        }
        d.heads
            .sort_by_key(|h| std::cmp::Reverse(h.head.chars().count()));
        Ok(d)
    }
}
