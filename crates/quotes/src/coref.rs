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
    let blockers: Vec<Span> = scan::find_words(fold, &lex.not_pronouns, all)
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    found
        .into_iter()
        .filter(|(s, _)| !blockers.iter().any(|b| b.contains(*s)))
        .filter(|(s, _)| {
            !doc.entities
                .iter()
                .any(|e| e.mentions.iter().any(|m| m.span.overlaps(*s)))
        })
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

/// [`resolve`] with a given lexicon.
pub fn resolve_with(doc: &Doc, lex: &Lexicon, span: Span) -> Option<usize> {
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
    // names inside someone's quoted words are not what the writer's pronoun refers to
    let quoted: Vec<Span> = crate::marks::find_pairs(&doc.text, &doc.blocks)
        .iter()
        .filter(|p| crate::maybe_speech(fold, lex, p) && !p.content().contains(span))
        .map(|p| p.content())
        .collect();
    let mut best: Option<(usize, usize)> = None; // (mention end, entity)
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
