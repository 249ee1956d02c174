//! The actors stage: a country and a sector for every person and organization (fills
//! `Entity::actor`), and the means later stages use to turn words into actors — group
//! references (中方, 双方, 北京 acting as a government) and descriptions standing for an entity
//! named elsewhere (防长, 该部, 这位发言人, 中国将军).
//!
//! Reads `Doc::entities` (names, mentions, titles, affiliation, the countries of polities),
//! `Doc::tokens` (to find the noun phrase in front of a name: 老挝副总理兼国防部长占沙蒙),
//! `Doc::article` (outlet, date) and `Doc::dateline`. Writes only `Entity::actor` of PER and ORG
//! entities (a country the entities stage gave an organization is kept).
//!
//! Knowledge is in `data/actors/`: the actor dictionary `actors.tsv` (people and organizations
//! with country, sector, role and dates, as in PETRARCH), the sector cues `sectors.tsv`, group
//! references `groups.tsv`, outlets' home countries `outlets.tsv` and description heads
//! `descriptions.tsv`. Country names come from the entities stage's lexicon.
//!
//! ```
//! use jishi_doc::{Article, Block, BlockKind, Doc, Span, Stage};
//! let mut doc = Doc::new(Article::new("x"), "美國國防部長奧斯汀抵達斐濟。".to_string());
//! doc.blocks.push(Block { kind: BlockKind::Paragraph, span: Span::new(0, doc.text.len()) });
//! jishi_text::TextStage.process(&mut doc);
//! jishi_entities::EntityStage::new().unwrap().process(&mut doc);
//! jishi_actors::ActorStage::new().unwrap().process(&mut doc);
//! let austin = doc.entities.iter().find(|e| e.name == "奧斯汀").unwrap();
//! assert_eq!(austin.actor.as_ref().unwrap().code().as_deref(), Some("USA-MIL"));
//! ```

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use jishi_doc::{Actor, Doc, EntityKind, Span, Stage};

pub mod data;
mod names;

pub use data::{Data, DictEntry, GroupCode, GroupWord};
pub use names::Names;

/// What can go wrong when the stage is built.
#[derive(Debug, thiserror::Error)]
pub enum ActorsError {
    /// A data file has a bad line.
    #[error("{file}:{line}: {message}")]
    Data {
        file: String,
        line: usize,
        message: String,
    },
    /// The entities stage's country lexicon could not be read.
    #[error("country lexicon: {0}")]
    Countries(String),
}

/// The actor knowledge, loaded once: the dictionary, sector cues, group words, outlets,
/// description heads, and the country names of the entities lexicon.
#[derive(Debug)]
pub struct Actors {
    pub data: Data,
    /// Country and place names (two characters or more) → ISO alpha-3.
    countries: HashMap<String, String>,
    /// Two-character short forms of cities (郑州), looked for only where words begin.
    city_short_forms: rustc_hash::FxHashSet<String>,
    /// Names of countries only (no cities or provinces).
    states: rustc_hash::FxHashSet<String>,
    /// One-character country forms (美, 中) → ISO alpha-3.
    short_forms: HashMap<char, String>,
    /// Words after which a one-character form is its country (美军, 美国防部, 美防长): the
    /// entities stage's short-form heads and known organizations (simplified).
    short_form_heads: Vec<String>,
    /// Media words before an outlet's name in quote marks (新媒体「…」), simplified.
    media_heads: Vec<String>,
    /// Longest country name, in characters.
    longest: usize,
}

/// A group reference found in the text (中方 → CHN).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupRef {
    pub span: Span,
    /// The actor codes it stands for (two for 中美双方).
    pub codes: Vec<String>,
    /// The entities it stands for, where known (@pair resolved to named sides).
    pub entities: Vec<Option<usize>>,
    /// It could not be resolved from the words around it (双方 alone): take the sides of the
    /// last two-sided event.
    pub open_pair: Option<Option<String>>,
}

impl Actors {
    /// Loads the embedded data files and the entities stage's country names.
    pub fn load() -> Result<Actors, ActorsError> {
        let data = Data::load()?;
        let lx = jishi_entities::lexicon::Lexicon::load()
            .map_err(|e| ActorsError::Countries(e.to_string()))?;
        let states = lx.countries.keys().cloned().collect();
        let mut countries = lx.countries.clone();
        for (k, v) in &lx.places {
            countries.entry(k.clone()).or_insert_with(|| v.clone());
        }
        let longest = countries
            .keys()
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(0);
        Ok(Actors {
            data,
            city_short_forms: lx.city_short_forms.iter().cloned().collect(),
            countries,
            states,
            short_forms: lx.short_forms.clone(),
            short_form_heads: lx
                .short_form_heads
                .iter()
                .map(|(w, _)| w.clone())
                .chain(lx.organizations.iter().cloned())
                .collect(),
            media_heads: lx.media_heads.clone(),
            longest,
        })
    }

    /// Is this the name of a country (中国, 美國, 台湾), not of a city or province? Capitals
    /// acting as governments are group words (`groups.tsv`).
    pub fn is_state(&self, name: &str) -> bool {
        let k = jishi_text::fold(name);
        self.states.contains(&k)
            || (k.chars().count() == 1
                && k.chars()
                    .next()
                    .is_some_and(|c| self.short_forms.contains_key(&c)))
    }

    /// The dictionary row for a name at a date: the role held then, else the latest role.
    pub fn lookup(&self, name: &str, at: Option<NaiveDate>) -> Option<&DictEntry> {
        let rows = self.data.by_form.get(&data::key(name))?;
        let rows: Vec<&DictEntry> = rows.iter().map(|&i| &self.data.dictionary[i]).collect();
        let held = |e: &&DictEntry| {
            at.is_some_and(|d| e.from.is_none_or(|f| f <= d) && e.to.is_none_or(|t| d <= t))
        };
        rows.iter().copied().find(|e| held(e)).or_else(|| {
            rows.iter()
                .copied()
                .max_by_key(|e| (e.to.is_none(), e.to, e.from))
        })
    }

    /// A dictionary row whose form begins `name` (解放军联参 → 解放军), at least two characters.
    fn lookup_prefix(&self, name: &str, at: Option<NaiveDate>) -> Option<&DictEntry> {
        let k = data::key(name);
        let ends: Vec<usize> = k.char_indices().map(|(i, _)| i).skip(2).collect();
        ends.into_iter()
            .rev()
            .find_map(|e| self.lookup(&k[..e], at))
    }

    /// A dictionary row whose form ends `name` after the country `name` opens with, and of that
    /// country (香港廉署 → 廉署, 南韩国情院 → 国情院; 德国自民党 is not Japan's 自民党).
    fn lookup_suffix(&self, name: &str, at: Option<NaiveDate>) -> Option<&DictEntry> {
        let (_, country) = self.country_in(name)?;
        let k = data::key(name);
        k.char_indices()
            .skip(1)
            .map(|(i, _)| &k[i..])
            .filter(|rest| rest.chars().count() >= 2)
            .find_map(|rest| {
                self.lookup(rest, at)
                    .filter(|d| d.country.as_deref() == Some(country.as_str()))
            })
    }

    /// The sector shown by these words (titles, a name): the first cue of `sectors.tsv` found.
    pub fn sector_of(&self, words: &str, org_name: bool) -> Option<String> {
        let w = jishi_text::fold(words);
        self.data
            .sectors
            .iter()
            .find(|c| {
                if c.at_end {
                    org_name && w.ends_with(&c.word)
                } else {
                    w.contains(&c.word)
                }
            })
            .map(|c| c.sector.clone())
    }

    /// The leftmost country (or polity place) named in these words, with its byte offset.
    pub fn country_in(&self, words: &str) -> Option<(usize, String)> {
        let w = jishi_text::fold(words);
        let starts: Vec<usize> = w.char_indices().map(|(i, _)| i).collect();
        for (n, &s) in starts.iter().enumerate() {
            for len in (2..=self.longest.min(starts.len() - n)).rev() {
                let e = starts.get(n + len).copied().unwrap_or(w.len());
                // the short form of a city only opens the words (台北机厂; not 达州 in 佛罗里达州)
                if n > 0 && self.city_short_forms.contains(&w[s..e]) {
                    continue;
                }
                if let Some(c) = self.countries.get(&w[s..e]) {
                    return Some((s, c.clone()));
                }
            }
            // a one-character form opening the words before a word that takes a country
            // (美国防部, 美军, 美防长, 中国将军) — not any name that begins with one (法塔赫)
            if n == 0 {
                if let Some((ch, c)) = w[s..]
                    .chars()
                    .next()
                    .and_then(|ch| Some((ch, self.short_forms.get(&ch)?)))
                {
                    let rest = &w[s + ch.len_utf8()..];
                    let takes_country = self
                        .short_form_heads
                        .iter()
                        .map(String::as_str)
                        .chain(self.data.heads.iter().map(|h| h.head.as_str()))
                        .any(|head| !head.is_empty() && rest.starts_with(head));
                    if takes_country {
                        return Some((s, c.clone()));
                    }
                }
            }
        }
        None
    }

    /// The country whose institutions an unqualified name (国防部) means in this article's
    /// copy: the outlet's, else the dateline agency's.
    pub fn home_country(&self, doc: &Doc) -> Option<String> {
        let outlet = doc.article.outlet.as_deref().map(str::to_lowercase);
        outlet
            .and_then(|o| self.data.outlets.get(&o).cloned())
            .or_else(|| {
                let agency = doc.dateline.as_ref()?.agency.as_deref()?;
                self.data.outlets.get(&jishi_text::fold(agency)).cloned()
            })
    }

    /// Group references inside `within`: 中方, 美方, 中美两军, 双方, and capitals used as
    /// governments (北京 before a verb). `speaker`: the country of the quote's speaker, for 我方.
    pub fn groups_in(&self, doc: &Doc, within: Span, speaker: Option<&str>) -> Vec<GroupRef> {
        let fold = doc.folded();
        let Some(part) = fold.get(within.start..within.end) else {
            return Vec::new();
        };
        let mut out: Vec<GroupRef> = Vec::new();
        let mut at = 0;
        while at < part.len() {
            let rest = &part[at..];
            let first = rest.chars().next();
            let step = first.map_or(1, char::len_utf8);
            let hit = first
                .and_then(|c| self.data.groups_by_first.get(&c))
                .and_then(|ix| {
                    ix.iter()
                        .map(|&i| &self.data.groups[i])
                        .find(|g| rest.starts_with(&g.word))
                });
            let Some(g) = hit else {
                at += step;
                continue;
            };
            let span = Span::new(within.start + at, within.start + at + g.word.len());
            at += g.word.len();
            if g.subject_only && !acts(fold, span) {
                continue;
            }
            // 我们 and the like only inside someone's words
            let (codes, entities, open) = match &g.code {
                GroupCode::Code(c) => (vec![c.clone()], vec![None], None),
                GroupCode::Speaker(sector) => match speaker {
                    Some(country) => (vec![with_sector(country, sector)], vec![None], None),
                    None => continue,
                },
                GroupCode::Pair(sector) => {
                    let sides = sides_before(doc, span.start);
                    if sides.len() >= 2 {
                        let codes = sides.iter().map(|(_, c)| with_sector(c, sector)).collect();
                        let ents = sides.iter().map(|(e, _)| *e).collect();
                        (codes, ents, None)
                    } else {
                        (Vec::new(), Vec::new(), Some(sector.clone()))
                    }
                }
            };
            out.push(GroupRef {
                span,
                codes,
                entities,
                open_pair: open,
            });
        }
        out
    }

    /// The entity a description at `span` stands for (防长, 该部, 这位发言人, 中国将军), if the
    /// words there are a description and one entity named before fits it.
    pub fn resolve_description(&self, doc: &Doc, span: Span) -> Option<usize> {
        let fold = doc.folded();
        let words = fold.get(span.start..span.end)?;
        let mut rest = words;
        let mut demonstrative = false;
        if let Some(d) = self
            .data
            .demonstratives
            .iter()
            .find(|d| rest.starts_with(d.as_str()))
        {
            rest = &rest[d.len()..];
            demonstrative = true;
        }
        let country = self.country_in(rest).filter(|(at, _)| *at == 0);
        if let Some((_, c)) = &country {
            // drop the country name: the longest name at the start that maps to it
            let cut = (1..=rest.len())
                .filter(|&e| rest.is_char_boundary(e))
                .filter(|&e| {
                    self.countries.get(&rest[..e]) == Some(c)
                        || (rest[..e].chars().count() == 1
                            && rest[..e]
                                .chars()
                                .next()
                                .and_then(|ch| self.short_forms.get(&ch))
                                == Some(c))
                })
                .max()
                .unwrap_or(0);
            rest = &rest[cut..];
        }
        let head = self.data.heads.iter().find(|h| rest == h.head)?;
        if head.kind != EntityKind::Per && !demonstrative {
            return None;
        }
        // a bare head must stand alone (，防长表示), not end a longer word (多国防长)
        let bare = !demonstrative && country.is_none();
        let before = fold[..span.start].chars().next_back();
        if bare && before.is_some_and(|c| !is_cjk_punct(c) && !c.is_whitespace()) {
            return None;
        }
        let country = country.map(|(_, c)| c);
        let mut best: Option<(usize, usize)> = None; // (mention end, entity)
        for (ei, e) in doc.entities.iter().enumerate() {
            let kind_fits = match head.kind {
                EntityKind::Org => e.kind == EntityKind::Org && e.name.ends_with(&head.head),
                EntityKind::Gpe => e.kind == EntityKind::Gpe,
                k => e.kind == k,
            };
            if !kind_fits {
                continue;
            }
            let actor = e.actor.clone().unwrap_or_default();
            if let (Some(want), Some(has)) = (&country, &actor.country) {
                if want != has {
                    continue;
                }
            }
            if head.kind == EntityKind::Per {
                let titled = e
                    .titles
                    .iter()
                    .any(|t| jishi_text::fold(t).contains(&head.head));
                let sector_fits = head.sector.is_some() && head.sector == actor.sector;
                if !titled && !sector_fits {
                    continue;
                }
            }
            for m in &e.mentions {
                if m.span.end <= span.start && best.is_none_or(|(end, _)| m.span.end > end) {
                    best = Some((m.span.end, ei));
                }
            }
        }
        if best.is_none() && self.in_heading(doc, span.start) {
            // a headline describes who the story will name (中国将军把臂章送给美国代表)
            return self.first_fitting_after(doc, span, head, country.as_deref());
        }
        best.map(|(_, e)| e)
    }

    fn in_heading(&self, doc: &Doc, at: usize) -> bool {
        doc.block_at(at).is_some_and(|b| {
            matches!(
                doc.blocks[b].kind,
                jishi_doc::BlockKind::Title | jishi_doc::BlockKind::Heading
            )
        })
    }

    fn first_fitting_after(
        &self,
        doc: &Doc,
        span: Span,
        head: &data::DescriptionHead,
        country: Option<&str>,
    ) -> Option<usize> {
        doc.entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == head.kind)
            .filter(|(_, e)| {
                let a = e.actor.clone().unwrap_or_default();
                country.is_none_or(|c| a.country.as_deref() == Some(c))
                    && (e
                        .titles
                        .iter()
                        .any(|t| jishi_text::fold(t).contains(&head.head))
                        || (head.sector.is_some() && head.sector == a.sector))
            })
            .filter_map(|(i, e)| {
                let m = e.mentions.iter().find(|m| m.span.start >= span.end)?;
                Some((m.span.start, i))
            })
            .min()
            .map(|(_, i)| i)
    }

    /// Descriptions inside `within` that stand for an entity: (words, entity).
    pub fn descriptions_in(&self, doc: &Doc, names: &Names, within: Span) -> Vec<(Span, usize)> {
        let fold = doc.folded();
        let Some(part) = fold.get(within.start..within.end) else {
            return Vec::new();
        };
        // a description may hold a country (中国将军), not any other name
        let taken = |s: Span| {
            names
                .overlapping(s)
                .iter()
                .any(|&(m, kind, _)| !(kind == EntityKind::Gpe && s.contains(m)))
        };
        let mut out = Vec::new();
        for h in &self.data.heads {
            for (i, _) in part.match_indices(h.head.as_str()) {
                let end = within.start + i + h.head.len();
                let head = Span::new(within.start + i, end);
                if taken(head) || out.iter().any(|(s, _): &(Span, usize)| s.overlaps(head)) {
                    continue;
                }
                // try the longest opening first: demonstrative + country + head, … , head alone
                let starts: Vec<usize> = fold[within.start..head.start]
                    .char_indices()
                    .map(|(j, _)| within.start + j)
                    .filter(|&j| head.start - j <= 18)
                    .chain(std::iter::once(head.start))
                    .collect();
                for s in starts {
                    let span = Span::new(s, end);
                    if taken(span) {
                        continue;
                    }
                    if let Some(e) = self.resolve_description(doc, span) {
                        out.push((span, e));
                        break;
                    }
                }
            }
        }
        out
    }

    /// The actor of one organization.
    fn org_actor(
        &self,
        doc: &Doc,
        mentions: &Names,
        ei: usize,
        home: Option<&str>,
        at: Option<NaiveDate>,
    ) -> Actor {
        let e = &doc.entities[ei];
        let names = mention_texts(doc, ei);
        let dict = names
            .iter()
            .find_map(|n| self.lookup(n, at))
            .or_else(|| self.lookup_prefix(&e.name, at))
            .or_else(|| self.lookup_suffix(&e.name, at));
        let had = e.actor.as_ref().and_then(|a| a.country.clone());
        // an outlet named in quote marks after a media word (北京日报旗下新媒体「长安街知事」):
        // a news organization, of the country named before the media word
        let media = e
            .mentions
            .iter()
            .find_map(|m| self.media_word_before(doc, m.span.start));
        let sector = dict
            .and_then(|d| d.sector.clone())
            .or_else(|| self.sector_of(&e.name, true))
            .or_else(|| media.map(|_| "JRN".to_string()));
        let country = had
            .or_else(|| dict.and_then(|d| d.country.clone()))
            .or_else(|| self.country_in(&e.name).map(|(_, c)| c))
            .or_else(|| media.and_then(|at| self.country_before(doc, mentions, at)))
            .or_else(|| {
                e.mentions
                    .iter()
                    .find_map(|m| self.country_before(doc, mentions, m.span.start))
            })
            .or_else(|| {
                // 國防部 in CNA copy, 外交部 in Xinhua copy: the outlet's own state
                let state = matches!(
                    sector.as_deref(),
                    Some("GOV" | "MIL" | "LEG" | "JUD" | "COP" | "SPY")
                );
                (state && dict.is_none())
                    .then(|| home.map(str::to_string))
                    .flatten()
            });
        Actor { country, sector }
    }

    /// The actor of one person.
    fn person_actor(&self, doc: &Doc, mentions: &Names, ei: usize, at: Option<NaiveDate>) -> Actor {
        let e = &doc.entities[ei];
        let names = mention_texts(doc, ei);
        if let Some(d) = names.iter().find_map(|n| self.lookup(n, at)) {
            return Actor {
                country: d.country.clone(),
                sector: d.sector.clone(),
            };
        }
        let affiliation = e
            .affiliation
            .and_then(|a| doc.entities.get(a))
            .and_then(|a| a.actor.clone());
        let prefixes: Vec<String> = e
            .mentions
            .iter()
            .map(|m| noun_phrase_before(doc, mentions, m.span.start))
            .filter(|s| !s.is_empty())
            .map(|s| doc.slice(s).to_string())
            .collect();
        let country = e
            .mentions
            .iter()
            .find_map(|m| self.country_before(doc, mentions, m.span.start))
            .or_else(|| {
                e.titles
                    .iter()
                    .find_map(|t| self.country_in(t).map(|(_, c)| c))
            })
            .or_else(|| affiliation.as_ref().and_then(|a| a.country.clone()))
            .or_else(|| {
                // 本雅明·内塔尼亚胡: a foreign name's last part is how the dictionary knows it;
                // the country only (a namesake may hold another post: 亨特·拜登)
                names
                    .iter()
                    .filter_map(|n| n.rsplit(['·', '•', '‧', '・']).next().filter(|l| l != n))
                    .find_map(|l| self.lookup(l, at))
                    .and_then(|d| d.country.clone())
            });
        let words = format!("{}|{}", e.titles.join("|"), prefixes.join("|"));
        let sector = self
            .sector_of(&words, false)
            .or_else(|| affiliation.and_then(|a| a.sector));
        Actor { country, sector }
    }

    /// The country named in the noun phrase right before `at` (美国国防部助理部长|卡莱斯): the
    /// leftmost polity or organization with a country there.
    /// Where the media word ends when a name at `at` follows one and an opening quote mark
    /// (新媒体「长安街知事」 → the end of 新媒体).
    fn media_word_before(&self, doc: &Doc, at: usize) -> Option<usize> {
        let before = doc.folded().get(..at)?;
        let mark = before
            .chars()
            .next_back()
            .filter(|c| "「“『\"".contains(*c))?;
        let before = &before[..before.len() - mark.len_utf8()];
        self.media_heads
            .iter()
            .any(|h| !h.is_empty() && before.ends_with(h.as_str()))
            .then_some(before.len())
    }

    fn country_before(&self, doc: &Doc, names: &Names, at: usize) -> Option<String> {
        let np = noun_phrase_before(doc, names, at);
        if np.is_empty() {
            return None;
        }
        let from_entity = names
            .within(np)
            .into_iter()
            .filter(|(_, kind, _)| matches!(kind, EntityKind::Gpe | EntityKind::Org))
            .filter_map(|(s, _, ei)| {
                Some((s.start, doc.entities[ei].actor.as_ref()?.country.clone()?))
            })
            .min_by_key(|(s, _)| *s);
        let from_words = self
            .country_in(doc.slice(np))
            .map(|(s, c)| (np.start + s, c));
        match (from_entity, from_words) {
            (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.1 } else { b.1 }),
            (a, b) => a.or(b).map(|x| x.1),
        }
    }
}

fn with_sector(country: &str, sector: &Option<String>) -> String {
    match sector {
        Some(s) => format!("{country}-{s}"),
        None => country.to_string(),
    }
}

/// The texts of an entity's name mentions, the canonical name first.
fn mention_texts(doc: &Doc, ei: usize) -> Vec<String> {
    let e = &doc.entities[ei];
    let mut out = vec![e.name.clone()];
    for m in &e.mentions {
        let t = doc.slice(m.span).to_string();
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// Polities named right before `at` and joined to it (中美 in 中美两军): entity and country.
fn sides_before(doc: &Doc, at: usize) -> Vec<(Option<usize>, String)> {
    let mut sides = Vec::new();
    let mut end = at;
    loop {
        let found = doc.entities.iter().enumerate().find_map(|(i, e)| {
            let m = e.mentions.iter().find(|m| m.span.end == end)?;
            let c = e.actor.as_ref()?.country.clone()?;
            (e.kind == EntityKind::Gpe).then_some((i, m.span, c))
        });
        match found {
            Some((i, span, c)) => {
                sides.push((Some(i), c));
                end = span.start;
                // 中、美 / 中美
                if doc.text[..end].ends_with('、') {
                    end -= '、'.len_utf8();
                }
            }
            None => break,
        }
    }
    sides.reverse();
    sides
}

/// Does the word at `span` act — stand before a verb rather than after 在/到/赴/访问/于?
fn acts(fold: &str, span: Span) -> bool {
    let before = fold[..span.start].chars().next_back();
    // 在北京, 赴华盛顿, 伊朗首都德黑兰: a place
    if before.is_some_and(|c| "在到赴于访从往抵离返至经".contains(c))
        || fold[..span.start].ends_with("首都")
    {
        return false;
    }
    let rest = &fold[span.end..];
    let after = rest.chars().next();
    // 北京的, 伦敦警方, 布鲁塞尔发生: a place or a modifier
    !(after.is_some_and(|c| "的市时举会方面大学警".contains(c) || c.is_ascii_digit())
        || rest.starts_with("发生"))
}

const NOT_TITLES: &str = include_str!("../../../data/actors/not_titles.txt");

/// Nouns that end a noun phrase (`data/actors/not_titles.txt`).
fn not_titles() -> &'static [String] {
    static WORDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        NOT_TITLES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    })
}

/// Words that may stand inside a title before a name although they are not nouns.
const TITLE_GLUE: &[&str] = &[
    "兼", "前", "原", "时任", "现任", "副", "驻", "常务", "高级", "首席",
];

/// The noun phrase that ends right before `at`: the titles, organizations and places in front of
/// a name (老挝副总理兼国防部长 before 占沙蒙). Found on the words of the words stage; it stops
/// at punctuation, verbs, prepositions and other names of people.
pub fn noun_phrase_before(doc: &Doc, names: &Names, at: usize) -> Span {
    let text = &doc.text;
    if doc.tokens.is_empty() {
        let s = text[..at]
            .char_indices()
            .rev()
            .take(20)
            .take_while(|(_, c)| {
                !c.is_ascii_punctuation() && !is_cjk_punct(*c) && !c.is_whitespace()
            })
            .last()
            .map_or(at, |(i, _)| i);
        return Span::new(s, at);
    }
    let person_at = |end: usize| names.person_ends_at(end);
    let entity_ending = |end: usize| names.other_ending_at(end);
    let mut start = at;
    let mut i = doc.tokens.partition_point(|t| t.span.end <= at);
    let mut steps = 0;
    while i > 0 && steps < 12 {
        steps += 1;
        if person_at(start) {
            break;
        }
        if let Some(s) = entity_ending(start) {
            start = s.start;
            i = doc.tokens.partition_point(|t| t.span.end <= start);
            continue;
        }
        let t = &doc.tokens[i - 1];
        let crosses_person = names.person_overlaps(t.span);
        if crosses_person {
            break;
        }
        if t.span.end != start {
            // a token crossing the point: stop
            if t.span.end > start {
                break;
            }
        }
        let w = &doc.folded()[t.span.start..t.span.end];
        let nounish = t.pos.starts_with('n')
            || matches!(t.pos.as_str(), "j" | "b" | "a" | "eng" | "l" | "nz")
            || TITLE_GLUE.contains(&w);
        let punct = w
            .chars()
            .all(|c| is_cjk_punct(c) || c.is_ascii_punctuation() || c.is_whitespace());
        let stop = not_titles().iter().any(|n| n == w);
        if !nounish || punct || stop || w.chars().any(char::is_whitespace) {
            break;
        }
        start = t.span.start;
        i -= 1;
    }
    Span::new(start, at)
}

fn is_cjk_punct(c: char) -> bool {
    "，。、；：？！“”‘’「」『』（）《》【】…—　,.;:?!()\"'".contains(c)
}

/// The actors stage (see the crate documentation).
pub struct ActorStage {
    actors: Arc<Actors>,
}

impl ActorStage {
    /// Loads the embedded data files.
    pub fn new() -> Result<ActorStage, ActorsError> {
        Ok(ActorStage {
            actors: Arc::new(Actors::load()?),
        })
    }

    /// The knowledge the stage uses, to share with the events stage.
    pub fn actors(&self) -> Arc<Actors> {
        self.actors.clone()
    }
}

/// The date an article's roles are looked up at.
pub fn article_date(doc: &Doc) -> Option<NaiveDate> {
    doc.article
        .reference_date
        .value
        .or_else(|| doc.article.published.map(|p| p.date_naive()))
}

impl Stage for ActorStage {
    fn name(&self) -> &'static str {
        "actors"
    }

    fn process(&self, doc: &mut Doc) {
        let a = &self.actors;
        let home = a.home_country(doc);
        // the mentions do not change here, only the actors
        let names = Names::new(doc);
        let at = article_date(doc);
        // organizations first: people take their affiliation's country
        for kind in [EntityKind::Org, EntityKind::Per] {
            for ei in 0..doc.entities.len() {
                if doc.entities[ei].kind != kind {
                    continue;
                }
                let actor = match kind {
                    EntityKind::Org => a.org_actor(doc, &names, ei, home.as_deref(), at),
                    _ => a.person_actor(doc, &names, ei, at),
                };
                doc.entities[ei].actor =
                    (actor.country.is_some() || actor.sector.is_some()).then_some(actor);
            }
        }
    }
}

#[cfg(test)]
mod tests;
