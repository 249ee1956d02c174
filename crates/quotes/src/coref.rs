//! Pronoun resolution: 他/她 → the person last named, 其 → a person or organization, 该部 → an
//! organization. Reusable by later stages (the events stage resolves its participants with it).
//!
//! The rule is recency with agreement: the nearest earlier mention of a compatible entity, within
//! the pronoun's paragraph and the few before it. Agreement is by type (a person for 他/她, an
//! organization or country for 该部) and, where the article shows it (女士, 夫人, 先生 after a
//! name; a title with 女), by gender.
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

use jishi_doc::{Coref, Doc, EntityKind, Span};

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
    let blockers = scan::SpanIndex::new(
        scan::find_words(fold, &lex.not_pronouns, all)
            .into_iter()
            .map(|(s, _)| s)
            .collect(),
    );
    let mentions = scan::SpanIndex::new(
        doc.entities
            .iter()
            .flat_map(|e| e.mentions.iter().map(|m| m.span))
            .collect(),
    );
    found
        .into_iter()
        .filter(|(s, _)| !blockers.contains_any(*s))
        .filter(|(s, _)| !mentions.overlaps_any(*s))
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
        }
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
