//! Pronoun resolution: 他/她 → the person last named, 其 → a person or organization, 该部 → an
//! organization. Reusable by later stages (the events stage resolves its participants with it).
//!
//! The rule is recency with agreement: the nearest earlier mention of a compatible entity, within
//! the pronoun's paragraph and the few before it. Agreement is by type (a person for 他/她, an
//! organization or country for 该部) and, where the article shows it (女士, 夫人, 先生 after a
//! name; a title with 女), by gender. A pronoun that opens its clause and speaks (他说, 但她补充)
//! is resolved by [`Resolver::resolve_subject`] instead: the subject of the nearest earlier clause,
//! past the names inside someone else's quoted or reported words — in news the one who goes on
//! speaking is the one the story was about, not the last name mentioned.
//!
//! ```
//! use jishi_doc::{Article, Block, BlockKind, Doc, Entity, EntityKind, Mention, MentionForm, Span};
//! let mut doc = Doc::new(Article::new("t"), "何雷介绍了情况。他说，很好。".to_string());
//! doc.blocks.push(Block { kind: BlockKind::Paragraph, span: Span::new(0, doc.text.len()) });
//! doc.entities.push(Entity {
//!     name: "何雷".into(), kind: EntityKind::Per,
//!     mentions: vec![Mention { span: Span::new(0, 6), form: MentionForm::Name }],
//!     titles: vec![], affiliation: None, actor: None,
//! });
//! let he = doc.text.find('他').unwrap();
//! assert_eq!(jishi_quotes::coref::resolve(&doc, Span::new(he, he + 3)), Some(0));
//! ```

use std::sync::OnceLock;

use jishi_doc::{Coref, Doc, EntityKind, Span, SpanIndex};

use crate::lexicon::{Lexicon, PronounKind};
use crate::scan;

/// How many paragraphs before the pronoun's own are searched for its antecedent.
const PARAGRAPHS_BACK: usize = 3;

fn default_lexicon() -> Option<&'static Lexicon> {
    static LEX: OnceLock<Option<Lexicon>> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::embedded().ok()).as_ref()
}

/// The entity a pronoun (or description such as 该部) at `span` refers to, if one can be found.
pub fn resolve(doc: &Doc, span: Span) -> Option<usize> {
    let lex = default_lexicon()?;
    resolve_with(doc, lex, span)
}

/// Resolves every third-person pronoun of the article; the pairs for `Doc::corefs`.
pub fn resolve_all(doc: &Doc) -> Vec<Coref> {
    let Some(lex) = default_lexicon() else {
        return Vec::new();
    };
    pronouns(doc, lex)
        .into_iter()
        .filter_map(|(span, _)| resolve_with(doc, lex, span).map(|entity| Coref { span, entity }))
        .collect()
}

/// The pronouns of the article (outside words such as 其他, 他们), with what they may refer to.
pub fn pronouns(doc: &Doc, lex: &Lexicon) -> Vec<(Span, PronounKind)> {
    let fold = doc.folded();
    let words: Vec<String> = lex.pronouns.iter().map(|(w, _)| w.clone()).collect();
    let all = Span::new(0, fold.len());
    let found = scan::keep_longest(scan::find_words(fold, &words, all));
    let blockers: Vec<Span> = scan::find_words(fold, &lex.not_pronouns, all)
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let blocker_index = SpanIndex::new(&blockers);
    let (mentions, mention_index) = scan::mention_spans(doc);
    found
        .into_iter()
        .filter(|(s, _)| !blocker_index.any_containing(&blockers, *s))
        .filter(|(s, _)| !mention_index.any_overlapping(&mentions, *s))
        .map(|(s, wi)| (s, lex.pronouns[wi].1))
        .collect()
}

/// What a pronoun text may refer to.
pub fn kind_of(lex: &Lexicon, word: &str) -> PronounKind {
    if let Some((_, k)) = lex.pronouns.iter().find(|(w, _)| w == word) {
        return *k;
    }
    if word.contains('他') || word.contains('她') {
        PronounKind::Person
    } else {
        PronounKind::Either
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Gender {
    Female,
    Male,
    Unknown,
}

fn gender(doc: &Doc, entity: usize) -> Gender {
    let Some(e) = doc.entities.get(entity) else {
        return Gender::Unknown;
    };
    if e.titles.iter().any(|t| t.contains('女')) {
        return Gender::Female;
    }
    let fold = doc.folded();
    for m in &e.mentions {
        let after = fold.get(m.span.end..).unwrap_or("");
        if ["女士", "夫人", "小姐", "太太", "女"]
            .iter()
            .any(|w| after.starts_with(w))
        {
            return Gender::Female;
        }
        if after.starts_with("先生") {
            return Gender::Male;
        }
    }
    Gender::Unknown
}

/// The person a description refers to: a demonstrative and a role (这位司法部长, 这名医生) or
/// a surname and a title (沈教授), matched against the titles of the people named before it
/// (their `titles`, or the words right before one of their mentions).
pub fn resolve_description(doc: &Doc, lex: &Lexicon, span: Span) -> Option<usize> {
    let fold = doc.folded();
    let text = fold.get(span.start..span.end)?;
    let (surname, role) = match lex
        .demonstratives
        .iter()
        .filter(|d| text.starts_with(d.as_str()))
        .max_by_key(|d| d.len())
    {
        Some(d) => (None, &text[d.len()..]),
        None => {
            let first = text.chars().next()?;
            (Some(first), &text[first.len_utf8()..])
        }
    };
    if role.chars().count() < 2 {
        return None;
    }
    let floor = match doc.block_at(span.start) {
        Some(b) => doc.blocks[b.saturating_sub(PARAGRAPHS_BACK)].span.start,
        None => span.start.saturating_sub(600),
    };
    let mut best: Option<(usize, usize)> = None;
    for (ei, e) in doc.entities.iter().enumerate() {
        if e.kind != EntityKind::Per {
            continue;
        }
        let titled = e.titles.iter().any(|t| {
            let t = crate::fold_str(t);
            t.ends_with(role) || role.ends_with(t.as_str())
        });
        for m in &e.mentions {
            if m.span.end > span.start || m.span.start < floor {
                continue;
            }
            let name = fold.get(m.span.start..m.span.end).unwrap_or("");
            if surname
                .is_some_and(|s| !name.starts_with(s) && !crate::fold_str(&e.name).starts_with(s))
            {
                continue;
            }
            let from = fold
                .get(..m.span.start)
                .and_then(|t| t.char_indices().rev().nth(9).map(|(i, _)| i))
                .unwrap_or(0);
            let before = fold.get(from..m.span.start).unwrap_or("");
            if (titled || before.ends_with(role)) && best.is_none_or(|(end, _)| m.span.end > end) {
                best = Some((m.span.end, ei));
            }
        }
    }
    best.map(|(_, e)| e)
}

/// [`resolve`] with a given lexicon. To resolve many pronouns of one article, build a
/// [`Resolver`] once.
pub fn resolve_with(doc: &Doc, lex: &Lexicon, span: Span) -> Option<usize> {
    Resolver::new(doc, lex).resolve(span)
}

/// How far back (in bytes) an antecedent is looked for, whatever the paragraphs: three
/// paragraphs of news are a few hundred characters, and only a hostile input (megabytes without a
/// paragraph break) comes near this; it keeps resolution linear there.
const MAX_BACK: usize = 30_000;

/// How far into a clause (bytes) its subject is looked for: a few titles and a name.
const SUBJECT_REACH: usize = 300;

/// How many clauses back [`Resolver::resolve_subject`] looks for a subject before it falls back
/// on recency.
const MAX_CLAUSES_BACK: usize = 40;

/// Pronoun resolution over one article, with what every pronoun needs (the quoted speech, the
/// mentions in order, the genders) worked out once.
pub struct Resolver<'a> {
    doc: &'a Doc,
    lex: &'a Lexicon,
    /// Contents of quote marks that may be speech, by start.
    quoted: Vec<Span>,
    /// For each entry of `quoted`, the largest end among it and those before it: a mention that
    /// ends after this cannot be inside any of them.
    quoted_reach: Vec<usize>,
    /// Every mention as (span, entity), by end; among equal ends the first entity last, so that a
    /// walk backwards meets the first entity first (as a scan in entity order would keep it).
    mentions: Vec<(Span, usize)>,
    genders: Vec<Gender>,
    /// Reported clauses (indirect quotes) with their speakers, by start: like quoted speech,
    /// someone else's words.
    reported: Vec<(Span, Option<usize>)>,
    /// The mentions that are titles standing for a name (总统), not the name.
    titles: std::collections::HashSet<Span>,
    /// The reporting verbs of the lexicon, for finding them in one pass.
    cue_words: Vec<String>,
}

impl<'a> Resolver<'a> {
    /// Prepares resolution over `doc` (its entities must be found already).
    pub fn new(doc: &'a Doc, lex: &'a Lexicon) -> Self {
        let fold = doc.folded();
        // names inside someone's quoted words are not what the writer's pronoun refers to
        let mut quoted: Vec<Span> = crate::marks::find_pairs(&doc.text, &doc.blocks)
            .iter()
            .filter(|p| crate::maybe_speech(fold, lex, p))
            .map(|p| p.content())
            .collect();
        quoted.sort_by_key(|q| (q.start, q.end));
        let quoted_reach = quoted
            .iter()
            .scan(0, |reach, q| {
                *reach = q.end.max(*reach);
                Some(*reach)
            })
            .collect();
        let mut mentions: Vec<(Span, usize, usize)> = doc
            .entities
            .iter()
            .enumerate()
            .flat_map(|(ei, e)| {
                e.mentions
                    .iter()
                    .enumerate()
                    .map(move |(mi, m)| (m.span, ei, mi))
            })
            .collect();
        mentions.sort_by_key(|&(s, ei, mi)| (s.end, std::cmp::Reverse((ei, mi))));
        Resolver {
            doc,
            lex,
            quoted,
            quoted_reach,
            mentions: mentions.into_iter().map(|(s, ei, _)| (s, ei)).collect(),
            genders: (0..doc.entities.len()).map(|ei| gender(doc, ei)).collect(),
            reported: Vec::new(),
            cue_words: lex.cues.iter().map(|(w, _)| w.clone()).collect(),
            titles: doc
                .entities
                .iter()
                .flat_map(|e| &e.mentions)
                .filter(|m| m.form == jishi_doc::MentionForm::Title)
                .map(|m| m.span)
                .collect(),
        }
    }

    /// Tells the resolver which clauses are reported words (indirect quotes) and who speaks
    /// them, for [`Resolver::resolve_subject`].
    pub fn set_reported(&mut self, mut spans: Vec<(Span, Option<usize>)>) {
        spans.sort_by_key(|(s, _)| (s.start, s.end));
        self.reported = spans;
    }

    /// Whether `s` lies in words (quoted, or reported by someone the pronoun `word` may refer
    /// to) other than those holding `p`. A report by an organization (新闻社表示，…) is not
    /// skipped for 他: the person it tells about is who 他 may be.
    fn in_others_words(&self, s: Span, p: Span, word: &str) -> bool {
        // reported clauses hardly overlap: the one holding `s` is among the last to start
        // before it (looking at a few keeps this logarithmic on any input)
        let n = self.reported.partition_point(|(r, _)| r.start <= s.start);
        self.in_other_quote(s, p)
            || self.reported[n.saturating_sub(3)..n].iter().any(|(r, by)| {
                r.contains(s) && !r.contains(p) && by.is_some_and(|e| self.agrees(word, e))
            })
    }

    /// Whether entity `ei` may be what the pronoun `word` refers to (type, and gender where known).
    fn agrees(&self, word: &str, ei: usize) -> bool {
        let Some(e) = self.doc.entities.get(ei) else {
            return false;
        };
        let ok = match kind_of(self.lex, word) {
            PronounKind::Person => e.kind == EntityKind::Per,
            PronounKind::Either => matches!(e.kind, EntityKind::Per | EntityKind::Org),
            PronounKind::Organization => e.kind == EntityKind::Org,
            PronounKind::Country => e.kind == EntityKind::Gpe,
        };
        if !ok {
            return false;
        }
        let g = self.genders[ei];
        !((word.contains('她') && g == Gender::Male)
            || (word.contains('他') && g == Gender::Female))
    }

    /// The entity a pronoun that opens its clause (他说, 但她补充) refers to: the subject of the
    /// nearest earlier clause that has one — its first agreeing mention, with no verb or
    /// preposition before it in the clause and no 的 after it —, skipping clauses of someone's
    /// quoted or reported words. In news the one who goes on speaking is the one the sentence
    /// was about, not the last name mentioned (何雷…送给卡莱斯…。他说 → 何雷). A pronoun
    /// inside its clause (向他表示) is resolved by recency, as [`Resolver::resolve`].
    pub fn resolve_subject(&self, p: Span) -> Option<usize> {
        let doc = self.doc;
        let fold = doc.folded();
        let word = fold.get(p.start..p.end)?;
        let own = scan::clause_start(fold, p.start, 0);
        let lead = fold.get(own..p.start).unwrap_or("x");
        let lead = lead.trim_matches(|c: char| c.is_whitespace() || crate::marks::is_quote_mark(c));
        if !lead.is_empty() && !self.lex.subject_openers.iter().any(|w| w == lead) {
            return self.resolve(p);
        }
        let floor = match doc.block_at(p.start) {
            Some(b) => doc.blocks[b.saturating_sub(PARAGRAPHS_BACK)].span.start,
            None => p.start.saturating_sub(600),
        }
        .max(p.start.saturating_sub(MAX_BACK));
        let mut pos = own;
        for _ in 0..MAX_CLAUSES_BACK {
            let Some((j, _)) = scan::prev_char(fold, pos) else {
                break;
            };
            if j < floor {
                break;
            }
            let start = scan::clause_start(fold, j, floor);
            pos = start;
            let clause = Span::new(start, j);
            if clause.is_empty() || self.in_others_words(clause, p, word) {
                continue;
            }
            // a subject opens its clause: a long one is looked at from its start only
            let mut end = clause.end.min(clause.start + SUBJECT_REACH);
            while !fold.is_char_boundary(end) {
                end -= 1;
            }
            let clause = Span::new(clause.start, end);
            // the mentions ending inside the clause, in text order
            let from = self
                .mentions
                .partition_point(|(m, _)| m.end <= clause.start);
            let to = self.mentions.partition_point(|(m, _)| m.end <= clause.end);
            let mut inside: Vec<(Span, usize)> = self.mentions[from..to]
                .iter()
                .filter(|(m, _)| m.start >= clause.start)
                .filter(|(m, _)| !self.in_others_words(*m, p, word))
                .copied()
                .collect();
            inside.sort_by_key(|(m, _)| m.start);
            // not a name in brackets: （中央社记者王五台北电）
            let bracketed = |m: &Span| {
                let lead = fold.get(clause.start..m.start).unwrap_or("");
                lead.matches(['（', '(']).count() > lead.matches(['）', ')']).count()
            };
            let agreeing: Vec<(Span, usize)> = inside
                .iter()
                .filter(|(m, ei)| !bracketed(m) && self.agrees(word, *ei))
                .copied()
                .collect();
            // a title before a name modifies it (总统参选人赖清德): the name is the subject
            let modifier = |k: usize| {
                let (m, _) = agreeing[k];
                self.titles.contains(&m)
                    && agreeing.get(k + 1).is_some_and(|(n, _)| {
                        !self.titles.contains(n)
                            && scan::char_len(fold, Span::new(m.end, n.start)) <= 10
                    })
            };
            let first = (0..agreeing.len())
                .find(|&k| !modifier(k))
                .map(|k| &agreeing[k]);
            if let Some(&(m, ei)) = first {
                // 他在北京会见了李四: the pronoun is the subject, and refers further back
                // (but 他的发言人李四表示: 他的 is no subject)
                let lead = fold.get(clause.start..m.start).unwrap_or("");
                let pronoun_subject = lead
                    .match_indices(word)
                    .any(|(i, w)| !lead[i + w.len()..].starts_with('的'));
                if !pronoun_subject && self.is_subject(clause, m) {
                    return Some(ei);
                }
            }
        }
        self.resolve(p)
    }

    /// Whether a reporting verb is in `text` (a one-character one only where it ends the text:
    /// not 说 in 说明).
    fn has_cue(&self, span: Span) -> bool {
        let fold = self.doc.folded();
        let span = scan::trim(fold, span);
        scan::find_words(fold, &self.cue_words, span)
            .iter()
            .any(|(w, _)| scan::char_len(fold, *w) > 1 || w.end == span.end)
    }

    /// Whether a mention can be the subject of its clause: not right after a preposition (与李四),
    /// not a modifier (李四的顾问), and either followed by a reporting verb (…干事李四认为) or not
    /// right after a verb or particle (支持李四, 会见了李四).
    fn is_subject(&self, clause: Span, m: Span) -> bool {
        let fold = self.doc.folded();
        let lead = fold.get(clause.start..m.start).unwrap_or("");
        let lead_start = lead.rfind(['）', ')']).map_or(clause.start, |i| {
            clause.start + i + lead[i..].chars().next().map_or(1, char::len_utf8)
        });
        let lead = fold.get(lead_start..m.start).unwrap_or("");
        // 与李四, 向李四
        if self
            .lex
            .markers
            .iter()
            .any(|w| w.chars().count() == 1 && lead.ends_with(w.as_str()))
        {
            return false;
        }
        let rest = fold.get(m.end..clause.end).unwrap_or("");
        if rest.starts_with('的') {
            return false;
        }
        if self.has_cue(Span::new(m.end, clause.end.max(m.end))) {
            return true;
        }
        let tokens = &self.doc.tokens;
        if tokens.is_empty() {
            return !self.lex.markers.iter().any(|w| lead.contains(w.as_str()));
        }
        // the word right before the name: a verb, particle or preposition makes it an object
        // (支持李四, 会见了李四); a title does not (驻美大使谢锋, 社区组织干事李四)
        let i = tokens.partition_point(|t| t.span.end <= m.start);
        i.checked_sub(1)
            .map(|k| &tokens[k])
            .filter(|t| t.span.start >= lead_start)
            .is_none_or(|t| {
                !(t.pos.starts_with('v')
                    || t.pos.starts_with('p')
                    || ["ul", "ug", "uz"].contains(&t.pos.as_str()))
            })
    }

    /// Whether `m` lies in quoted speech other than the quote holding `pronoun`.
    fn in_other_quote(&self, m: Span, pronoun: Span) -> bool {
        let before = self.quoted.partition_point(|q| q.start <= m.start);
        if before == 0 || self.quoted_reach[before - 1] < m.end {
            return false;
        }
        self.quoted[..before]
            .iter()
            .rev()
            .any(|q| q.contains(m) && !q.contains(pronoun))
    }

    /// The entity the pronoun (or description such as 该部) at `span` refers to: the nearest
    /// earlier mention of an entity that agrees with it, within its paragraph and the few before.
    pub fn resolve(&self, span: Span) -> Option<usize> {
        let doc = self.doc;
        let word = doc.folded().get(span.start..span.end)?;
        let kind = kind_of(self.lex, word);
        let floor = match doc.block_at(span.start) {
            Some(b) => doc.blocks[b.saturating_sub(PARAGRAPHS_BACK)].span.start,
            None => span.start.saturating_sub(600),
        }
        .max(span.start.saturating_sub(MAX_BACK));
        let fits = |k: EntityKind| match kind {
            PronounKind::Person => k == EntityKind::Per,
            PronounKind::Either => matches!(k, EntityKind::Per | EntityKind::Org),
            PronounKind::Organization => k == EntityKind::Org,
            PronounKind::Country => k == EntityKind::Gpe,
        };
        let agrees = |ei: usize| {
            let Some(e) = doc.entities.get(ei) else {
                return false;
            };
            if !fits(e.kind) {
                return false;
            }
            if kind == PronounKind::Person {
                let g = self.genders[ei];
                if (word.contains('她') && g == Gender::Male)
                    || (word.contains('他') && g == Gender::Female)
                {
                    return false;
                }
            }
            true
        };
        let last = self.mentions.partition_point(|(m, _)| m.end <= span.start);
        self.mentions[..last]
            .iter()
            .rev()
            // sorted by end: once one ends before the floor, all the rest start before it
            .take_while(|(m, _)| m.end >= floor)
            .find(|&&(m, ei)| m.start >= floor && agrees(ei) && !self.in_other_quote(m, span))
            .map(|&(_, ei)| ei)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jishi_doc::{Article, Block, BlockKind, Entity, Mention, MentionForm, Stage};

    /// Resolution as it was before [`Resolver`]: every mention of every entity tried for each
    /// pronoun, the quotes found again each time. Slow (quadratic on long articles) but plain:
    /// the reference the resolver must agree with.
    fn reference(doc: &Doc, lex: &Lexicon, span: Span) -> Option<usize> {
        let fold = doc.folded();
        let word = fold.get(span.start..span.end)?;
        let kind = kind_of(lex, word);
        let floor = match doc.block_at(span.start) {
            Some(b) => doc.blocks[b.saturating_sub(PARAGRAPHS_BACK)].span.start,
            None => span.start.saturating_sub(600),
        };
        let fits = |k: EntityKind| match kind {
            PronounKind::Person => k == EntityKind::Per,
            PronounKind::Either => matches!(k, EntityKind::Per | EntityKind::Org),
            PronounKind::Organization => k == EntityKind::Org,
            PronounKind::Country => k == EntityKind::Gpe,
        };
        let quoted: Vec<Span> = crate::marks::find_pairs(&doc.text, &doc.blocks)
            .iter()
            .filter(|p| crate::maybe_speech(fold, lex, p) && !p.content().contains(span))
            .map(|p| p.content())
            .collect();
        let mut best: Option<(usize, usize)> = None;
        for (ei, e) in doc.entities.iter().enumerate() {
            if !fits(e.kind) {
                continue;
            }
            if kind == PronounKind::Person {
                let g = gender(doc, ei);
                if (word.contains('她') && g == Gender::Male)
                    || (word.contains('他') && g == Gender::Female)
                {
                    continue;
                }
            }
            for m in &e.mentions {
                if quoted.iter().any(|q| q.contains(m.span)) {
                    continue;
                }
                if m.span.end <= span.start
                    && m.span.start >= floor
                    && best.is_none_or(|(end, _)| m.span.end > end)
                {
                    best = Some((m.span.end, ei));
                }
            }
        }
        best.map(|(_, e)| e)
    }

    /// A random article of names, pronouns, quotes and paragraph breaks.
    fn random_doc(seed: u64) -> Doc {
        const NAMES: &[(&str, EntityKind)] = &[
            ("张三", EntityKind::Per),
            ("李四", EntityKind::Per),
            ("王芳", EntityKind::Per),
            ("外交部", EntityKind::Org),
            ("北京", EntityKind::Gpe),
            ("美国", EntityKind::Gpe),
        ];
        const OTHER: &[&str] = &[
            "他",
            "她",
            "其",
            "该部",
            "他们",
            "“",
            "”",
            "「",
            "」",
            "说",
            "表示，",
            "。",
            "，",
            "女士",
            "先生",
            "会见了",
            "认为这是一个重要的问题",
            "\n\n",
        ];
        let mut state = seed | 1;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut text = String::new();
        let mut mentions: Vec<Vec<Span>> = vec![Vec::new(); NAMES.len()];
        for _ in 0..300 {
            if next(3) == 0 {
                let k = next(NAMES.len());
                mentions[k].push(Span::new(text.len(), text.len() + NAMES[k].0.len()));
                text.push_str(NAMES[k].0);
            } else {
                text.push_str(OTHER[next(OTHER.len())]);
            }
        }
        let mut doc = Doc::new(Article::new("t"), text);
        let mut at = 0;
        for p in doc.text.split("\n\n") {
            if !p.is_empty() {
                doc.blocks.push(Block {
                    kind: BlockKind::Paragraph,
                    span: Span::new(at, at + p.len()),
                });
            }
            at += p.len() + 2;
        }
        jishi_text::TextStage.process(&mut doc);
        for (k, spans) in mentions.into_iter().enumerate() {
            if spans.is_empty() {
                continue;
            }
            doc.entities.push(Entity {
                name: NAMES[k].0.into(),
                kind: NAMES[k].1,
                mentions: spans
                    .into_iter()
                    .map(|span| Mention {
                        span,
                        form: MentionForm::Name,
                    })
                    .collect(),
                titles: if k == 2 {
                    vec!["女部长".into()]
                } else {
                    vec![]
                },
                affiliation: None,
                actor: None,
            });
        }
        doc
    }

    #[test]
    fn the_resolver_agrees_with_trying_every_mention() {
        let lex = Lexicon::embedded().expect("the shipped lexicon parses");
        let mut resolved = 0;
        for seed in 1..200u64 {
            let doc = random_doc(seed * 0x9e37_79b9);
            let resolver = Resolver::new(&doc, &lex);
            for (span, _) in pronouns(&doc, &lex) {
                let want = reference(&doc, &lex, span);
                assert_eq!(
                    resolver.resolve(span),
                    want,
                    "seed {seed}, pronoun at {span:?}"
                );
                resolved += usize::from(want.is_some());
            }
        }
        assert!(resolved > 1000, "only {resolved} pronouns resolved");
    }
}
