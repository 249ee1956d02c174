//! The entity stage's data files, embedded, and their parsing.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::EntitiesError;

const ISO: &str = include_str!("../../../data/entities/iso3166_zh.tsv");
const COUNTRIES_EXTRA: &str = include_str!("../../../data/entities/countries_extra.tsv");
const SHORT_FORM_HEADS: &str = include_str!("../../../data/entities/short_form_heads.txt");
const PLACES_WORLD: &str = include_str!("../../../data/entities/places_world.tsv");
const PLACES_PRC: &str = include_str!("../../../data/entities/places_prc.tsv");
const KIND_SUFFIXES: &str = include_str!("../../../data/entities/kind_suffixes.tsv");
const PLACES_EXTRA: &str = include_str!("../../../data/entities/places_extra.tsv");
const TITLE_NAMES: &str = include_str!("../../../data/entities/title_names.txt");
const SURNAMES: &str = include_str!("../../../data/entities/surnames.tsv");
const NAME_COMPLETION: &str = include_str!("../../../data/entities/name_completion.tsv");
const MEDIA_HEADS: &str = include_str!("../../../data/entities/media_heads.txt");
const PLACE_HEADS: &str = include_str!("../../../data/entities/place_heads.txt");
const NOT_ENTITIES: &str = include_str!("../../../data/entities/not_entities.txt");
const NOT_NAME_OPENERS: &str = include_str!("../../../data/entities/not_name_openers.txt");
const OUTLET_TITLES: &str = include_str!("../../../data/entities/outlet_titles.tsv");
const JAPANESE_SURNAMES: &str = include_str!("../../../data/entities/japanese_surnames.txt");
const TITLES: &str = include_str!("../../../data/words/titles.txt");
const RANKS: &str = include_str!("../../../data/words/ranks.txt");
const ORGANIZATIONS: &str = include_str!("../../../data/words/organizations.txt");

/// Lines of a data file without comments and blank lines, with their numbers.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end()))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

/// The error for a line whose first field is not one of the file's keys.
fn unknown_key(file: &str, no: usize, key: &str) -> EntitiesError {
    EntitiesError::Data {
        file: file.to_string(),
        line: no,
        message: format!("unknown key {key:?}"),
    }
}

fn fields<'a>(
    file: &str,
    no: usize,
    line: &'a str,
    n: usize,
) -> Result<Vec<&'a str>, EntitiesError> {
    let f: Vec<&str> = line.split('\t').map(str::trim).collect();
    if f.len() < n {
        return Err(EntitiesError::Data {
            file: file.to_string(),
            line: no,
            message: format!("expected {n} tab-separated fields"),
        });
    }
    Ok(f)
}

/// Everything the stage knows by name.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Country names (two characters or more) -> ISO alpha-3.
    pub countries: HashMap<String, String>,
    /// One-character country forms (美, 中) -> ISO alpha-3.
    pub short_forms: HashMap<char, String>,
    /// Words after which a one-character form is a country: (word, the pair is an ORG).
    pub short_form_heads: Vec<(String, bool)>,
    /// Name endings that decide a type: (suffix, kind, applies to organizations too).
    /// (`None`: not an entity).
    pub kind_suffixes: Vec<(String, Option<jishi_doc::EntityKind>, bool)>,
    /// Other places that are polities (cities, provinces, counties) -> ISO alpha-3.
    pub places: HashMap<String, String>,
    /// Two-character short forms of PRC cities (郑州 for 郑州市, 达州 for 达州市): a place where the
    /// segmenter makes them a word, but too short to look for inside other words (佛罗里达州).
    pub city_short_forms: HashSet<String>,
    /// Titles, ranks and posts.
    pub titles: Vec<String>,
    /// Titles that may stand for the one person bearing them (防长).
    pub title_names: Vec<String>,
    /// Ranks only (a subset of titles).
    pub ranks: Vec<String>,
    /// Organizations known by name.
    pub organizations: Vec<String>,
    /// Speech verbs after which a character that ends a cut name is its last (司乐|如告诉).
    pub completion_verbs: Vec<String>,
    /// Characters that never end a name before a speech verb (也, 时, 笑).
    pub not_name_end: Vec<char>,
    /// Words that, right before a name in quote marks, make it a news organization (官媒「…」).
    pub media_heads: Vec<String>,
    /// Words that, right before a name, make it a place (城市, 地区, 难民营).
    pub place_heads: Vec<String>,
    /// Surnames (single characters).
    pub surnames: Vec<char>,
    /// Endings of a title in 《》 that make it an outlet (日报, 周刊).
    pub outlet_endings: Vec<String>,
    /// Endings of a title in 《》 that make it a document after all (公报).
    pub outlet_not_endings: Vec<String>,
    /// Words after a title in 《》 that make it an outlet (报道, 的文章).
    pub outlet_after: Vec<String>,
    /// Japanese family names of two or three characters (松野, 佐佐木).
    pub japanese_surnames: Vec<String>,
    /// Words that look like names but are not entities (中方, 双方).
    pub not_entities: Vec<String>,
    /// Part-of-speech tags of words that never open an organization's or a place's name (赴, 拜会).
    pub not_name_openers: Vec<String>,
    /// The lists above as lookup tables, built once at load so that no document pays for them.
    pub index: Index,
}

/// Lookup tables over the lexicon's lists.
#[derive(Debug, Default)]
pub struct Index {
    /// `organizations` as a map (the value is unused), for longest-match scans.
    pub organizations: HashMap<String, String>,
    /// `titles` as a map (the value is unused), for longest-match scans.
    pub titles: HashMap<String, ()>,
    pub not_entities: HashSet<String>,
    /// First characters of every country, place and organization name: a scan skips positions
    /// where no name starts.
    pub starts: HashSet<char>,
    /// Last characters of every known organization (部, 局, 省, 会): a name ending in one may
    /// stand before a post (国防部|长).
    pub org_finals: HashSet<char>,
    /// First characters of every title.
    pub title_starts: HashSet<char>,
    /// Every prefix of every country, place, organization and title name: a longest-match scan
    /// stops as soon as what it has read begins no name.
    pub prefixes: HashSet<String>,
}

impl Lexicon {
    /// Parses the embedded data files.
    pub fn load() -> Result<Lexicon, EntitiesError> {
        let mut lx = Lexicon::default();
        for (file, text) in [
            ("data/entities/iso3166_zh.tsv", ISO),
            ("data/entities/countries_extra.tsv", COUNTRIES_EXTRA),
        ] {
            for (no, line) in lines(text) {
                let f = fields(file, no, line, 2)?;
                let (name, code) = (f[0].trim(), f[1].trim());
                let mut cs = name.chars();
                match (cs.next(), cs.next()) {
                    (Some(c), None) => {
                        lx.short_forms.insert(c, code.to_string());
                    }
                    (Some(_), Some(_)) => {
                        lx.countries
                            .entry(name.to_string())
                            .or_insert_with(|| code.to_string());
                    }
                    _ => {}
                }
            }
        }
        for (no, line) in lines(PLACES_WORLD) {
            let f = fields("data/entities/places_world.tsv", no, line, 3)?;
            lx.places
                .entry(f[0].to_string())
                .or_insert_with(|| f[2].to_string());
        }
        for (no, line) in lines(PLACES_EXTRA) {
            let f = fields("data/entities/places_extra.tsv", no, line, 2)?;
            lx.places.insert(f[0].to_string(), f[1].trim().to_string());
        }
        for (_, line) in lines(TITLE_NAMES) {
            lx.title_names.push(line.trim().to_string());
        }
        for (no, line) in lines(PLACES_PRC) {
            let f = fields("data/entities/places_prc.tsv", no, line, 3)?;
            let code = lx
                .countries
                .get(f[0])
                .cloned()
                .unwrap_or_else(|| f[2].trim().to_string());
            if f[1] != "province"
                && f[0].chars().count() == 2
                && !f[0].ends_with(['市', '县', '区'])
            {
                lx.city_short_forms.insert(f[0].to_string());
            }
            lx.places.entry(f[0].to_string()).or_insert(code);
        }
        for (no, line) in lines(SHORT_FORM_HEADS) {
            let f = fields("data/entities/short_form_heads.txt", no, line, 2)?;
            lx.short_form_heads
                .push((f[0].trim().to_string(), f[1].trim() == "ORG"));
        }
        for (no, line) in lines(KIND_SUFFIXES) {
            let file = "data/entities/kind_suffixes.tsv";
            let f = fields(file, no, line, 3)?;
            let kind = match f[1].trim() {
                "-" => None,
                k => Some(
                    jishi_doc::EntityKind::parse(k).ok_or_else(|| EntitiesError::Data {
                        file: file.into(),
                        line: no,
                        message: format!("unknown kind {k:?}"),
                    })?,
                ),
            };
            lx.kind_suffixes
                .push((f[0].trim().to_string(), kind, f[2].trim() == "ANY"));
        }
        lx.kind_suffixes
            .sort_by_key(|(s, _, _)| std::cmp::Reverse(s.chars().count()));
        let first = |l: &str| l.split_whitespace().next().unwrap_or_default().to_string();
        for (_, line) in lines(TITLES) {
            lx.titles.push(first(line));
        }
        for (_, line) in lines(RANKS) {
            lx.ranks.push(first(line));
            lx.titles.push(first(line));
        }
        for (_, line) in lines(ORGANIZATIONS) {
            lx.organizations.push(first(line));
        }
        for (no, line) in lines(SURNAMES) {
            let f = fields("data/entities/surnames.tsv", no, line, 1)?;
            let mut cs = f[0].chars();
            if let (Some(c), None) = (cs.next(), cs.next()) {
                lx.surnames.push(c);
            }
        }
        for (no, line) in lines(NAME_COMPLETION) {
            let f = fields("data/entities/name_completion.tsv", no, line, 2)?;
            match f[0].trim() {
                "verbs" => lx
                    .completion_verbs
                    .extend(f[1].split_whitespace().map(str::to_string)),
                "not_name" => lx.not_name_end.extend(f[1].trim().chars()),
                k => return Err(unknown_key("data/entities/name_completion.tsv", no, k)),
            }
        }
        for (_, line) in lines(MEDIA_HEADS) {
            lx.media_heads.push(first(line));
        }
        for (_, line) in lines(PLACE_HEADS) {
            lx.place_heads.push(first(line));
        }
        for (_, line) in lines(NOT_ENTITIES) {
            lx.not_entities.push(line.trim().to_string());
        }
        for (no, line) in lines(OUTLET_TITLES) {
            let file = "data/entities/outlet_titles.tsv";
            let f = fields(file, no, line, 2)?;
            let words = f[1].split_whitespace().map(str::to_string);
            match f[0].trim() {
                "ending" => lx.outlet_endings.extend(words),
                "after" => lx.outlet_after.extend(words),
                "not_ending" => lx.outlet_not_endings.extend(words),
                k => return Err(unknown_key(file, no, k)),
            }
        }
        for (_, line) in lines(JAPANESE_SURNAMES) {
            lx.japanese_surnames.push(first(line));
        }
        for (_, line) in lines(NOT_NAME_OPENERS) {
            lx.not_name_openers.push(first(line));
        }
        lx.index = Index {
            organizations: lx
                .organizations
                .iter()
                .map(|o| (o.clone(), String::new()))
                .collect(),
            titles: lx.titles.iter().map(|t| (t.clone(), ())).collect(),
            not_entities: lx.not_entities.iter().cloned().collect(),
            starts: lx
                .countries
                .keys()
                .chain(lx.places.keys())
                .chain(lx.organizations.iter())
                .filter_map(|w| w.chars().next())
                .collect(),
            title_starts: lx.titles.iter().filter_map(|w| w.chars().next()).collect(),
            org_finals: lx
                .organizations
                .iter()
                .filter_map(|w| w.chars().next_back())
                .collect(),
            prefixes: lx
                .countries
                .keys()
                .chain(lx.places.keys())
                .chain(lx.organizations.iter())
                .chain(lx.titles.iter())
                .flat_map(|w| {
                    w.char_indices()
                        .map(|(i, c)| w[..i + c.len_utf8()].to_string())
                        .collect::<Vec<_>>()
                })
                .collect(),
        };
        Ok(lx)
    }
}
