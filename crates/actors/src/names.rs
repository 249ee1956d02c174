//! The article's entity mentions, indexed once: which name ends where, which overlap a span,
//! which lie inside one. The noun phrase before a mention, the descriptions of a sentence and
//! the country before a name ask this instead of scanning every mention of the article (one
//! long paragraph made that quadratic).

use rustc_hash::FxHashMap as HashMap;

use jishi_doc::{Doc, EntityKind, Span, SpanIndex};

/// Every entity mention of a document: span, entity, kind.
#[derive(Debug, Default)]
pub struct Names {
    spans: Vec<Span>,
    entity: Vec<usize>,
    /// The mention's index in its entity's `mentions`.
    mention: Vec<usize>,
    kind: Vec<EntityKind>,
    index: SpanIndex,
    /// Mentions by end, in entity order.
    by_end: HashMap<usize, Vec<usize>>,
}

impl Names {
    /// Indexes the mentions of `doc` (build it again after the entities change).
    pub fn new(doc: &Doc) -> Names {
        let mut names = Names::default();
        for (ei, e) in doc.entities.iter().enumerate() {
            for (mi, m) in e.mentions.iter().enumerate() {
                names
                    .by_end
                    .entry(m.span.end)
                    .or_default()
                    .push(names.spans.len());
                names.spans.push(m.span);
                names.entity.push(ei);
                names.mention.push(mi);
                names.kind.push(e.kind);
            }
        }
        names.index = SpanIndex::new(&names.spans);
        names
    }

    /// Does a person's mention end at `end`?
    pub fn person_ends_at(&self, end: usize) -> bool {
        self.ending_at(end).any(|k| self.kind[k] == EntityKind::Per)
    }

    /// The first mention of a non-person (in entity order) that ends at `end`.
    pub fn other_ending_at(&self, end: usize) -> Option<Span> {
        self.ending_at(end)
            .find(|&k| self.kind[k] != EntityKind::Per)
            .map(|k| self.spans[k])
    }

    /// Does any mention overlap `s`?
    pub fn any_overlapping(&self, s: Span) -> bool {
        self.index.any_overlapping(&self.spans, s)
    }

    /// The mentions that start inside `s`, in text order: (entity, mention index).
    pub fn starting_in(&self, s: Span) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.index
            .starting_in(s)
            .iter()
            .map(|&k| (self.entity[k], self.mention[k]))
    }

    /// Does a person's mention overlap `s`?
    pub fn person_overlaps(&self, s: Span) -> bool {
        self.overlapping(s)
            .iter()
            .any(|&(_, kind, _)| kind == EntityKind::Per)
    }

    /// The mentions overlapping `s`: (span, kind, entity), in text order.
    pub fn overlapping(&self, s: Span) -> Vec<(Span, EntityKind, usize)> {
        self.index
            .overlapping(&self.spans, s)
            .into_iter()
            .map(|k| (self.spans[k], self.kind[k], self.entity[k]))
            .collect()
    }

    /// The mentions inside `s`: (span, kind, entity), in text order.
    pub fn within(&self, s: Span) -> Vec<(Span, EntityKind, usize)> {
        self.index
            .starting_in(s)
            .iter()
            .filter(|&&k| s.contains(self.spans[k]))
            .map(|&k| (self.spans[k], self.kind[k], self.entity[k]))
            .collect()
    }

    fn ending_at(&self, end: usize) -> impl Iterator<Item = usize> + '_ {
        self.by_end.get(&end).into_iter().flatten().copied()
    }
}
