//! The quotes stage: who said what. Direct quotes (the words in “…”, 「…」, 『…』, "…") and
//! indirect ones (the clause reported after 表示, 指出, 稱, 據…介紹 …), each with its speaker.
//!
//! Reads `Doc::text`, `Doc::fold`, `Doc::blocks`, `Doc::sentences` (text stage), `Doc::entities`
//! (speakers are entity indices) and, when present, `Doc::tokens`; adds `Doc::quotes` and
//! `Doc::corefs` (every third-person pronoun, and each description that names a speaker,
//! resolved by [`coref`], which later stages reuse). Titles and headings are not searched.
//! The cues — reporting verbs, source frames, unnamed-source nouns, pronouns, the signs of a
//! term in quote marks — are data: `data/quotes/cues.toml`.
//!
//! How: quote marks are paired first (nested, and over paragraphs that reopen the mark); the
//! cues are found in the simplified fold (longest word first, not inside a word that only looks
//! like one). Each cue with a subject yields an indirect quote: the clause after it, to the end
//! of its sentence, on over a `；` and over following sentences that go on with the speaker's
//! words (希望…, 当然…). Then each pair of marks is taken for speech or for a name/term (its
//! length, end mark, clause words, an attribution next to it, a noun such as 研讨会 after it)
//! and, if speech, attributed: before it (X说：“), after it (”X说。), around it, inside a
//! report, following another quote, or as a paragraph of its own after someone's words. The
//! speaker is the candidate nearest the cue once the listener and the occasion are cut away
//! (何雷向澎湃新闻介绍说 → 何雷, relayed_by for an outlet that is not the article's own; 对议长
//! 舒默表示 addresses a person, no outlet); a pronoun that speaks is the subject of the clause
//! before it (see [`coref::Resolver::resolve_subject`]), a description is resolved; a noun such as
//! 消息人士, or someone's unnamed aide (X的顾问), gives an unnamed source (`speaker: None`, the
//! words kept in `speaker_span`), and so does a country that only describes the one speaking
//! (一家瑞士公司, 缅甸军政府一位发言人). A document named without its owner (报道指出, 该报道,
//! 声明说) is the owner's of the last document of that kind named before it (路透社的报道,
//! 外交部发表声明), in its paragraph or the one before (further back when pointed at with 该),
//! when that owner is named. Inside a quote, words reported by a third person (…她马上说，
//! 表示防御) are that person's, relayed by the one quoted; inside an indirect report an inner
//! speaker takes over (新华社报道，X表示，…), except an admission with no comma after it
//! (法院指出，被告坦承…，因此裁定…), which stays the outer speaker's account.
//!
//! ```
//! use jishi_doc::{Article, Block, BlockKind, Doc, Entity, EntityKind, Mention, MentionForm, Span, Stage};
//! let text = "“臂章反映了一个军队的文化。”何雷回忆说。".to_string();
//! let mut doc = Doc::new(Article::new("t"), text);
//! doc.blocks.push(Block { kind: BlockKind::Paragraph, span: Span::new(0, doc.text.len()) });
//! jishi_text::TextStage.process(&mut doc);
//! let at = doc.text.find("何雷").unwrap();
//! doc.entities.push(Entity {
//!     name: "何雷".into(), kind: EntityKind::Per,
//!     mentions: vec![Mention { span: Span::new(at, at + 6), form: MentionForm::Name }],
//!     titles: vec![], affiliation: None, actor: None,
//! });
//! jishi_quotes::QuoteStage::new().unwrap().process(&mut doc);
//! let q = &doc.quotes[0];
//! assert_eq!(doc.slice(q.span), "臂章反映了一个军队的文化。");
//! assert_eq!(q.speaker, Some(0));
//! assert_eq!(doc.slice(q.cue.unwrap()), "回忆说");
//! ```

mod attribution;
pub mod coref;
mod lexicon;
mod marks;
mod scan;

use jishi_doc::{
    Block, BlockKind, Coref, Doc, EntityKind, Quote, QuoteKind, Span, SpanIndex, Stage,
};

use attribution::{Attribution, Finder, Pick};
pub use lexicon::{CueKind, Lexicon, PronounKind};
use marks::Pair;

/// Why the stage could not be built.
#[derive(Debug, thiserror::Error)]
pub enum QuotesError {
    /// The cue lexicon does not parse.
    #[error("data/quotes/cues.toml: {0}")]
    Lexicon(String),
}

/// The quotes stage, holding its cue lexicon.
#[derive(Debug, Clone)]
pub struct QuoteStage {
    lex: Lexicon,
}

impl QuoteStage {
    /// Builds the stage with the lexicon shipped in `data/quotes/cues.toml`.
    pub fn new() -> Result<Self, QuotesError> {
        Ok(QuoteStage {
            lex: Lexicon::embedded()?,
        })
    }

    /// Builds the stage with another lexicon (same format).
    pub fn with_lexicon(lex: Lexicon) -> Self {
        QuoteStage { lex }
    }
}

impl Stage for QuoteStage {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn process(&self, doc: &mut Doc) {
        let resolver = coref::Resolver::new(doc, &self.lex);
        let mut corefs: Vec<Coref> = coref::pronouns(doc, &self.lex)
            .into_iter()
            .filter_map(|(span, _)| resolver.resolve(span).map(|entity| Coref { span, entity }))
            .collect();
        let (quotes, extra) = Extractor::new(doc, &self.lex).run();
        // a pronoun that names a speaker is resolved with what the quotes know (the clauses of
        // reported words, the subject that goes on speaking): that answer wins
        for c in extra {
            match corefs.iter_mut().find(|k| k.span == c.span) {
                Some(k) => k.entity = c.entity,
                None => corefs.push(c),
            }
        }
        corefs.sort_by_key(|c| c.span);
        doc.quotes = quotes;
        doc.corefs = corefs;
    }
}

/// A reporting verb found in the text.
#[derive(Clone, Copy, Debug)]
struct Cue {
    span: Span,
    kind: CueKind,
}

/// Who said it, where, and by what cue: a quote before its span is settled.
#[derive(Clone, Copy, Debug)]
struct Said {
    at: Attribution,
    cue: Option<Span>,
    relayed_by: Option<usize>,
}

/// An indirect quote in the making.
#[derive(Clone, Copy, Debug)]
struct Reported {
    said: Said,
    cue: Span,
    clause: Span,
    block: Span,
}

const SKIPPED_BLOCKS: &[BlockKind] = &[BlockKind::Title, BlockKind::Heading];
const QUOTE_END: &[char] = &['。', '！', '？', '!', '?', '…'];
/// Longest attribution after a quote (“……”何雷回忆说。), in characters.
const AFTER_MAX: usize = 40;
/// Shortest reported clause, in characters (with a comma after the cue / without one).
const MIN_CLAUSE: usize = 4;
const MIN_BARE_CLAUSE: usize = 6;
/// Longest listener after 告诉, in characters.
const LISTENER_MAX: usize = 20;
/// How far back (in bytes, about a thousand characters) the owner of a document is looked for.
const OWNER_REACH_BYTES: usize = 3000;
/// How many clauses back the subject of 并表示 is looked for before the sentence's first.
const SUBJECT_CLAUSES: usize = 8;

struct Extractor<'a> {
    doc: &'a Doc,
    fold: &'a str,
    lex: &'a Lexicon,
    blocks: Vec<Block>,
    pairs: Vec<Pair>,
    /// The pairs whose content may be speech ([`maybe_speech`]), decided once: the checks below
    /// run for every cue, and deciding again each time made long articles quadratic.
    speech: Vec<Pair>,
    cues: Vec<Cue>,
    finder: Finder<'a>,
    corefs: Vec<Coref>,
}

impl<'a> Extractor<'a> {
    fn new(doc: &'a Doc, lex: &'a Lexicon) -> Self {
        let fold = doc.folded();
        let blocks: Vec<Block> = doc
            .blocks
            .iter()
            .filter(|b| !SKIPPED_BLOCKS.contains(&b.kind))
            .copied()
            .collect();
        let pairs = marks::find_pairs(&doc.text, &blocks);
        let speech: Vec<Pair> = pairs
            .iter()
            .filter(|p| maybe_speech(fold, lex, p))
            .copied()
            .collect();
        let quoted = speech.iter().map(|p| p.content()).collect();
        let finder = Finder::new(doc, lex, quoted);
        let mut ex = Extractor {
            doc,
            fold,
            lex,
            blocks,
            pairs,
            speech,
            cues: Vec::new(),
            finder,
            corefs: Vec::new(),
        };
        ex.cues = ex.find_cues();
        ex
    }

    fn run(mut self) -> (Vec<Quote>, Vec<Coref>) {
        let mut reported = self.indirect();
        // a pronoun that speaks refers past the names inside others' reported words: resolved
        // again now that all of them are known
        // (not the clauses of 据悉, 据报道: they are the writer's narrative)
        self.finder.set_reported(
            reported
                .iter()
                .filter(|r| r.said.at.speaker_span.is_some())
                .map(|r| (r.clause, r.said.at.speaker))
                .collect(),
        );
        for r in &mut reported {
            let Some(s) = r.said.at.speaker_span else {
                continue;
            };
            if self.finder.is_pronoun(s) {
                let e = self.finder.resolve_pronoun(s);
                r.said.at.speaker = e;
                r.said.at.pronoun = e.map(|_| s);
            }
        }
        let mut quotes: Vec<Quote> = Vec::new();
        let mut direct_said: Vec<(Pair, Option<Said>)> = Vec::new();
        // (depth, end of the closing mark) of each pair in `direct_said`: which quote ends right
        // before another is a range query, not a scan of every quote before it
        let mut said_ends: std::collections::BTreeSet<(usize, usize)> = Default::default();
        let mut pairs = self.pairs.clone();
        pairs.sort_by_key(|p| (p.depth, p.open.start));
        for pair in pairs {
            let content = scan::trim(self.fold, pair.content());
            if content.is_empty() {
                continue;
            }
            let parent = (pair.depth > 0)
                .then(|| {
                    direct_said.iter().find(|(p, _)| {
                        p.depth + 1 == pair.depth && p.content().contains(pair.whole())
                    })
                })
                .flatten();
            if pair.depth > 0 && parent.is_none() {
                continue;
            }
            let before = self.said_before(&pair);
            let after = self.said_after(&pair);
            let inside = reported.iter().find(|r| r.clause.contains(pair.whole()));
            // 「…」「…」: a quote right after quoted speech (at its depth, with nothing but
            // spaces and commas between) is more of it
            let gap_start = self
                .fold
                .get(..pair.open.start)
                .map_or(pair.open.start, |t| {
                    t.trim_end_matches(|c: char| c.is_whitespace() || "，、,".contains(c))
                        .len()
                });
            let follows_speech = said_ends
                .range((pair.depth, gap_start)..=(pair.depth, pair.open.start))
                .next()
                .is_some();
            if !self.is_speech(
                &pair,
                content,
                before.is_some() || after.is_some() || follows_speech,
                inside.is_some(),
            ) {
                continue;
            }
            // a colon with no cue inside a report (他称…：「…」) does not name a new speaker
            let before = before.filter(|b| b.cue.is_some() || inside.is_none());
            let mut said = before.or(after);
            if let Some((_, outer)) = parent {
                // words quoted inside a quote: only with their own attribution, relayed by the
                // outer speaker
                let Some(s) = said.as_mut() else {
                    continue;
                };
                s.relayed_by = s.relayed_by.or(outer.and_then(|o| o.at.speaker));
            }
            if said.is_none() {
                if let Some(r) = inside {
                    said = Some(Said {
                        cue: Some(r.cue),
                        ..r.said
                    });
                }
            }
            if said.is_none() {
                said = self.continued_from(&pair, &direct_said, &reported);
            }
            if said.is_none() {
                said = self.next_to_previous(&pair, &direct_said);
            }
            if let Some(s) = &said {
                if let Some(p) = s.at.pronoun {
                    if let Some(e) = s.at.speaker {
                        self.corefs.push(Coref { span: p, entity: e });
                    }
                }
            }
            said_ends.insert((pair.depth, pair.close.end));
            direct_said.push((pair, said));
            quotes.push(make_quote(QuoteKind::Direct, content, said));
        }
        for r in self.relayed_in_speech(&direct_said) {
            if let Some(p) = r.said.at.pronoun {
                if let Some(e) = r.said.at.speaker {
                    self.corefs.push(Coref { span: p, entity: e });
                }
            }
            quotes.push(make_quote(QuoteKind::Indirect, r.clause, Some(r.said)));
        }
        for r in &reported {
            let span = scan::trim(self.fold, r.clause);
            if let Some(p) = r.said.at.pronoun {
                if let Some(e) = r.said.at.speaker {
                    self.corefs.push(Coref { span: p, entity: e });
                }
            }
            quotes.push(make_quote(QuoteKind::Indirect, span, Some(r.said)));
        }
        quotes.sort_by_key(|q| (q.span.start, q.span.end));
        // 报道指出, 该报称, 据该报道: the owner of the document last named before, in text order
        // so that a document resolved here is the owner's again further on
        let mut order: Vec<usize> = (0..quotes.len()).collect();
        order.sort_by_key(|&i| {
            quotes[i]
                .speaker_span
                .map_or(quotes[i].span.start, |s| s.start)
        });
        for i in order {
            if quotes[i].speaker.is_none() {
                if let Some(e) = self.document_owner(&quotes[i], &quotes) {
                    quotes[i].speaker = Some(e);
                }
            }
        }
        (quotes, self.corefs)
    }

    /// The kind of a document word (报道 and 报导 are one kind), if it is one.
    fn document_kind(&self, w: &str) -> Option<&'a str> {
        let lex: &'a Lexicon = self.lex;
        if lex.reports.iter().any(|r| r == w) {
            return lex.reports.first().map(|k| k.as_str());
        }
        lex.documents.iter().find(|d| *d == w).map(|k| k.as_str())
    }

    /// A speaker's words that refer to a document named before, with its kind and whether a
    /// pointer (该, 这篇) points at it: 报道, 声明还, 该报道, 该报, or 该 in 据该报道.
    fn document_reference(&self, words: Span, cue: Option<Span>) -> Option<(&'a str, bool)> {
        let lex: &'a Lexicon = self.lex;
        let t = self.fold.get(words.start..words.end)?;
        let t = t.trim_end_matches(['还', '也', '则', '又']);
        let lead = self.fold.get(..words.start).unwrap_or("");
        // the document opens its clause (报道指出, 但该报道称, 据该报道): with words before it
        // («回声报»文章指出) it has an owner there, named or not
        let block = self.block_of(words.start)?;
        let opening = self
            .fold
            .get(self.clause_start(words.start, block.start)..words.start)?;
        let opening = opening.trim_end_matches(|c: char| {
            c.is_whitespace() || self.lex.pointers.iter().any(|p| p.starts_with(c))
        });
        let connective = opening.is_empty()
            || self
                .lex
                .subject_openers
                .iter()
                .chain(&self.lex.according_openers)
                .any(|w| w == opening);
        if !connective {
            return None;
        }
        let pointer = lex
            .pointers
            .iter()
            .filter(|p| t.starts_with(p.as_str()))
            .max_by_key(|p| p.len());
        let (rest, pointed) = match pointer {
            Some(p) => (&t[p.len()..], true),
            // (该媒体: the words may be only 媒体)
            None => (t, lex.pointers.iter().any(|p| lead.ends_with(p.as_str()))),
        };
        if rest.is_empty() {
            // 据该报道: the document is the cue
            let c = cue?;
            let kind = self.document_kind(self.fold.get(c.start..c.end)?)?;
            return pointed.then_some((kind, true));
        }
        if pointed && lex.outlet_words.iter().any(|w| w == rest) {
            return lex.reports.first().map(|k| (k.as_str(), true));
        }
        self.document_kind(rest).map(|k| (k, pointed))
    }

    /// True when the name at `at` is the second of two joined by 与, 和 (X与Y都刊登文章: no
    /// one owner).
    fn coordinated(&self, at: usize) -> bool {
        let lead = self.fold.get(..at).unwrap_or("");
        let lead = lead.trim_end_matches(['《', '«', '「', '“', '"', '『', '〈']);
        lead.ends_with(['与', '和', '及', '、', '跟', '同'])
    }

    /// The owner of the document a quote's speaker refers to (报道指出 → the outlet whose report
    /// was named last): the last document of that kind named before it, in its paragraph or the
    /// one before (a few more when pointed at), if its owner is named.
    fn document_owner(&self, q: &Quote, quotes: &[Quote]) -> Option<usize> {
        let words = q.speaker_span?;
        let (kind, pointed) = self.document_reference(words, q.cue)?;
        let bi = self
            .blocks
            .iter()
            .position(|b| b.span.start <= words.start && words.start < b.span.end)?;
        // paragraphs back; a caption or a paragraph of quoted words does not count
        let reach = if pointed { self.lex.pointed_reach } else { 1 };
        let mut from = self.blocks[bi].span.start;
        let mut counted = 0;
        for b in self.blocks[..bi].iter().rev() {
            if counted == reach {
                break;
            }
            from = b.span.start;
            let inner = scan::trim(self.fold, b.span);
            let quoted = b.kind == BlockKind::Caption
                || self.speech.iter().any(|p| p.content().contains(inner));
            if !quoted {
                counted += 1;
            }
        }
        // (bounded: one paragraph may be a whole article)
        let mut floor = words.start.saturating_sub(OWNER_REACH_BYTES);
        while floor < words.start && !self.fold.is_char_boundary(floor) {
            floor += 1;
        }
        let from = from.max(floor);
        let window = Span::new(from, words.start);
        // (where, owner) of the documents of this kind named in the window
        let mut last: Option<(usize, Option<usize>)> = None;
        let mut note = |at: usize, owner: Option<usize>| {
            if last.is_none_or(|(p, _)| at > p) {
                last = Some((at, owner));
            }
        };
        for (w, _) in scan::find_words(self.fold, &self.lex.documents, window) {
            let same = self
                .fold
                .get(w.start..w.end)
                .and_then(|t| self.document_kind(t));
            if same != Some(kind) || self.in_speech(w) {
                continue;
            }
            // a document already resolved (报道还说 after 路透社的报道说) is its speaker's
            let resolved = quotes
                .iter()
                .find(|o| o.speaker.is_some() && o.speaker_span.is_some_and(|s| s.contains(w)));
            if let Some(o) = resolved {
                note(w.start, o.speaker);
                continue;
            }
            let Some(block) = self.block_of(w.start) else {
                continue;
            };
            let region = Span::new(self.clause_start(w.start, block.start), w.end);
            let owner = self
                .finder
                .speaker_in(region, Pick::Nearest)
                .filter(|a| a.speaker_span.is_some_and(|s| s.end == w.end))
                .filter(|a| !a.speaker_span.is_some_and(|s| self.coordinated(s.start)))
                .and_then(|a| a.speaker);
            note(w.start, owner);
        }
        // 据路透社报道, 据路透社说: an organization's report
        if Some(kind) == self.lex.reports.first().map(|k| k.as_str()) {
            for o in quotes {
                let (Some(e), Some(s), Some(c)) = (o.speaker, o.speaker_span, o.cue) else {
                    continue;
                };
                let lead = self.fold.get(..s.start).unwrap_or("");
                let lead = lead.trim_end_matches(['《', '«', '「', '“', '"', '『', '〈']);
                let framed = self
                    .lex
                    .according_openers
                    .iter()
                    .any(|w| lead.ends_with(w.as_str()));
                if framed && window.contains(c) && self.doc.entities[e].kind == EntityKind::Org {
                    note(c.start, Some(e));
                }
            }
        }
        last.and_then(|(_, owner)| owner)
    }

    /// Words reported inside someone's quoted speech (…说：“…卡莱斯会汉语，她马上说，表示防御。
    /// …”): when the cue's subject is someone else named or referred to, that one speaks, relayed
    /// by the one quoted. A first-person subject (我说) stays the quoted speaker's own talk.
    fn relayed_in_speech(&self, direct: &[(Pair, Option<Said>)]) -> Vec<Reported> {
        let mut out = Vec::new();
        // by start: the quotes holding a cue are among the last few to open before it (quotes
        // nest only a few deep)
        let mut by_start: Vec<&(Pair, Option<Said>)> = direct.iter().collect();
        by_start.sort_by_key(|(p, _)| p.open.start);
        for cue in &self.cues {
            let n = by_start.partition_point(|(p, _)| p.open.start <= cue.span.start);
            let Some(&&(pair, outer)) = by_start[n.saturating_sub(4)..n]
                .iter()
                .filter(|(p, _)| p.content().contains(cue.span))
                .max_by_key(|(p, _)| p.depth)
            else {
                continue;
            };
            let Some(mut r) = self.reported_after(cue) else {
                continue;
            };
            let by = outer.and_then(|o| o.at.speaker);
            let inside = |s: Span| pair.content().contains(s);
            let Some(speaker) = r.said.at.speaker else {
                continue;
            };
            // the subject named inside the quote, not the one who says it outside
            let named_inside = r.said.at.speaker_span.is_some_and(inside);
            if Some(speaker) == by
                || !named_inside
                || !inside(Span::new(r.clause.start, r.clause.start))
            {
                continue;
            }
            // 我对美国政治家说: the quoted speaker's own talk
            let from = self.clause_start(cue.span.start, pair.content().start);
            if self
                .fold
                .get(from..cue.span.start)
                .is_some_and(|t| t.contains('我'))
            {
                continue;
            }
            let end = r.clause.end.min(pair.content().end);
            r.clause = scan::trim(self.fold, Span::new(r.clause.start, end));
            let comma = matches!(
                scan::char_at(self.fold, cue.span.end),
                Some('，' | '：' | ',' | ':')
            );
            let min = if comma { MIN_CLAUSE } else { MIN_BARE_CLAUSE };
            if content_len(self.fold, r.clause) < min {
                continue;
            }
            r.said.relayed_by = by;
            out.push(r);
        }
        out
    }

    /// The block that holds byte `at` (titles and headings excluded).
    fn block_of(&self, at: usize) -> Option<Span> {
        // blocks come in text order: the one holding `at` is the last that starts at or before it
        let i = self.blocks.partition_point(|b| b.span.start <= at);
        self.blocks[..i]
            .iter()
            .rev()
            .find(|b| b.span.start <= at && at < b.span.end)
            .map(|b| b.span)
    }

    /// The cues that start from `lo` to `hi` (both included); cues are in text order.
    fn cues_from(&self, lo: usize, hi: usize) -> &[Cue] {
        let from = self.cues.partition_point(|c| c.span.start < lo);
        let to = self.cues.partition_point(|c| c.span.start <= hi);
        &self.cues[from..to.max(from)]
    }

    /// Every reporting verb, longest match first, outside words that only look like one.
    fn find_cues(&self) -> Vec<Cue> {
        let all = Span::new(0, self.fold.len());
        let words: Vec<String> = self.lex.cues.iter().map(|(w, _)| w.clone()).collect();
        let found = scan::keep_longest(scan::find_words(self.fold, &words, all));
        let blockers: Vec<Span> = scan::find_words(self.fold, &self.lex.not_cues, all)
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        let blocker_index = SpanIndex::new(&blockers);
        let tokens = &self.doc.tokens;
        found
            .into_iter()
            .filter(|(s, _)| !blocker_index.any_holding_longer(&blockers, *s))
            .filter(|(s, _)| {
                // a one-character verb must be a word, or end one, when the words are known:
                // not 说 in 说明 (but 他称 may be one word to the segmenter)
                if scan::char_len(self.fold, *s) > 1 {
                    return true;
                }
                // (他称, 续称, 吴谦说 may be one word to the segmenter: the verb ends it)
                let i = tokens.partition_point(|t| t.span.end <= s.start);
                tokens
                    .get(i)
                    .is_none_or(|t| !t.span.overlaps(*s) || t.span.end == s.end)
            })
            .filter(|(s, _)| self.block_of(s.start).is_some())
            .filter_map(|(mut span, wi)| {
                let mut kind = self.lex.cues[wi].1;
                let before = scan::prev_char(self.fold, span.start).map(|x| x.1);
                let after = scan::char_at(self.fold, span.end);
                // a noun: 他的批评, 两篇报道 (but in 路透社的报道说 the 说 after the noun speaks)
                if before.is_some_and(|c| self.lex.noun_markers.contains(&c)) {
                    let (at, last) = scan::prev_char(self.fold, span.end)?;
                    let verb = self
                        .lex
                        .cues
                        .iter()
                        .find(|(w, _)| w.chars().eq([last]) && matches!(last, '说' | '称'))
                        .filter(|_| at > span.start)?;
                    span = Span::new(at, span.end);
                    kind = verb.1;
                }
                // a verb with its object: 披露了…, 重申对…的支持, 披露的数字
                if kind == CueKind::Bare
                    && after.is_some_and(|c| self.lex.object_markers.contains(&c))
                {
                    return None;
                }
                // 没有表示, 未透露: no words were given
                let lead = self.fold.get(..span.start).unwrap_or("");
                if self
                    .lex
                    .negations
                    .iter()
                    .any(|w| lead.ends_with(w.as_str()))
                {
                    return None;
                }
                // 在多次警告后, 他讲话时: a time, not an act of speech
                if self.followed_by_time_word(span) {
                    return None;
                }
                // 警告说, 强调道: one cue
                let span = match after {
                    Some(c @ ('说' | '道')) => Span::new(span.start, span.end + c.len_utf8()),
                    _ => span,
                };
                Some(Cue { span, kind })
            })
            // 问说: the extended cue holds the 说 found on its own
            .fold(Vec::new(), |mut kept: Vec<Cue>, c| {
                match kept.last() {
                    Some(last) if last.span.contains(c.span) => {}
                    Some(last) if c.span.contains(last.span) => {
                        kept.pop();
                        kept.push(c);
                    }
                    _ => kept.push(c),
                }
                kept
            })
    }

    /// True when a time word (后, 时) follows the cue: as a word of its own when the words are
    /// known (not 后 in 后悔), else as the next characters.
    fn followed_by_time_word(&self, cue: Span) -> bool {
        let rest = self.fold.get(cue.end..).unwrap_or("");
        let tokens = &self.doc.tokens;
        if tokens.is_empty() {
            return self.lex.time_words.iter().any(|w| {
                rest.strip_prefix(w.as_str()).is_some_and(|r| {
                    r.chars()
                        .next()
                        .is_none_or(|c| scan::CLAUSE_ENDS.contains(&c) || c == '。')
                })
            });
        }
        let i = tokens.partition_point(|t| t.span.start < cue.end);
        tokens.get(i).is_some_and(|t| {
            t.span.start == cue.end
                && self
                    .fold
                    .get(t.span.start..t.span.end)
                    .is_some_and(|w| self.lex.time_words.iter().any(|x| x == w))
        })
    }

    /// Inside quote marks whose content may be speech (long enough, or closing a sentence):
    /// reporting verbs there belong to the quote, not to the article.
    fn in_speech(&self, s: Span) -> bool {
        self.speech.iter().any(|p| p.content().contains(s))
    }

    /// The start of the clause `at` is in; a quote with speech in it ends a clause too.
    fn clause_start(&self, at: usize, floor: usize) -> usize {
        let floor = self
            .speech
            .iter()
            .filter_map(|p| {
                if p.close.end <= at {
                    Some(p.close.end)
                } else if p.open.end <= at && at <= p.close.start {
                    Some(p.open.end)
                } else {
                    None
                }
            })
            .filter(|&f| f > floor)
            .max()
            .unwrap_or(floor);
        scan::clause_start(self.fold, at, floor)
    }

    /// The subject of a cue: in its own clause, else (for 并表示, 也称) earlier in the sentence.
    fn subject_of(&self, cue: Span, floor: usize) -> Option<Attribution> {
        // (X与Y、Z答询时表示: back over the enumeration to the first of the subjects)
        let mut start = self.clause_start(cue.start, floor);
        while let Some((j, '、')) = scan::prev_char(self.fold, start) {
            let earlier = self.clause_start(j, floor);
            // (only inside X与Y、Z: not 美国参议院多数党领袖、民主党人舒默, a title and a name)
            let coordinated = self
                .fold
                .get(earlier..j)
                .is_some_and(|t| t.contains(['与', '和', '及', '同', '跟']));
            if earlier >= start || !coordinated {
                break;
            }
            start = earlier;
        }
        let region = Span::new(start, cue.start);
        // 南方都市报援引律师张起淮表示: the one cited speaks, relayed by the one citing
        if let Some((verb, _)) = scan::find_words(self.fold, &self.lex.relay_verbs, region)
            .into_iter()
            .next()
        {
            let cited = self
                .finder
                .speaker_in(Span::new(verb.end, region.end), Pick::Nearest);
            if let Some(mut at) = cited {
                let by = self
                    .finder
                    .speaker_in(Span::new(region.start, verb.start), Pick::Nearest)
                    .and_then(|a| a.speaker);
                at.listener = by.filter(|&b| Some(b) != at.speaker);
                return Some(at);
            }
        }
        // 发布的影片显示, 数据显示: a thing shows, no one speaks (but 马克龙发表视频表示 does)
        let right_before = self.fold.get(start..cue.start).unwrap_or("");
        let thing = self
            .lex
            .not_speakers
            .iter()
            .any(|w| right_before.ends_with(w.as_str()));
        if let Some(at) = self.finder.speaker_in(region, Pick::Nearest) {
            return (!thing || at.speaker.is_some()).then_some(at);
        }
        if thing {
            return None;
        }
        // 并表示, 也称: no subject of its own, the sentence's is meant (but 企业们表示 has one)
        let bare_region = self.finder.skip_occasion(region);
        let has_noun = self
            .doc
            .tokens
            .iter()
            .any(|t| bare_region.contains(t.span) && (t.pos.starts_with('n') || t.pos == "r"));
        if scan::char_len(self.fold, bare_region) <= 4 && !has_noun {
            let sentence = self
                .doc
                .sentence_at(cue.start)
                .map(|i| self.doc.sentences[i]);
            let from = sentence.map_or(start, |s| s.start.max(floor));
            // with no words reported before it in the sentence, the subject of the nearest
            // clause that has one (…，学者X分析…，并强调: X); else the sentence's first, past
            // the names inside the words reported (X表示，中方支持Y…，并强调: X)
            let reported_before = self
                .cues_from(from, start)
                .iter()
                .any(|c| c.span.end <= start && self.introduces_words(c));
            let mut end = start;
            let mut walked = 0;
            while !reported_before && end > from && walked < SUBJECT_CLAUSES {
                walked += 1;
                let Some((b, _)) = scan::prev_char(self.fold, end) else {
                    break;
                };
                // (an enumeration is one clause: 与美国、英国、加拿大的同行)
                let mut cs = self.clause_start(b, from);
                while let Some((j, '、')) = scan::prev_char(self.fold, cs) {
                    let earlier = self.clause_start(j, from);
                    if earlier >= cs {
                        break;
                    }
                    cs = earlier;
                }
                let at = self.finder.speaker_in(Span::new(cs, b), Pick::First);
                // the subject opens its clause (not 批评以色列…: an object)
                if let Some(at) = at.filter(|a| self.opens_clause(cs, a.speaker_span)) {
                    return Some(at);
                }
                if cs >= end {
                    break;
                }
                end = cs;
            }
            let earlier = (from < start)
                .then(|| self.finder.speaker_in(Span::new(from, start), Pick::First))
                .flatten();
            if earlier.is_some() {
                return earlier;
            }
        }
        self.finder.plain_subject(region)
    }

    /// True when the words `at` name open the clause starting at `cs`: nothing before them,
    /// or only nouns and times when the words are known (总统蔡英文, 学者孙立).
    fn opens_clause(&self, cs: usize, at: Option<Span>) -> bool {
        let Some(at) = at else {
            return false;
        };
        let gap = scan::trim(self.fold, Span::new(cs, at.start.max(cs)));
        if gap.is_empty() {
            return true;
        }
        let text = self.fold.get(gap.start..gap.end).unwrap_or("");
        let tokens = &self.doc.tokens;
        if tokens.is_empty() {
            return self.lex.unnamed_sources.iter().any(|w| w == text);
        }
        let inside: Vec<&jishi_doc::Token> = tokens
            [tokens.partition_point(|t| t.span.start < gap.start)..]
            .iter()
            .take_while(|t| t.span.start < gap.end)
            .collect();
        scan::char_len(self.fold, gap) <= 6
            && !inside.is_empty()
            && inside
                .iter()
                .all(|t| t.pos.starts_with('n') || t.pos.starts_with('t'))
    }

    /// True when a cue takes reported words: a verb that needs no comma, or one with a comma
    /// or colon after it (说，), or a listener (告诉).
    fn introduces_words(&self, c: &Cue) -> bool {
        c.kind != CueKind::Punct
            || matches!(
                scan::char_at(self.fold, c.span.end),
                Some('，' | '：' | ',' | ':')
            )
    }

    /// A speaker the article does not name: the words before the cue (发言人).
    fn unnamed(&self, region: Span) -> Attribution {
        let words = scan::trim(self.fold, region);
        Attribution {
            speaker_span: (!words.is_empty()).then_some(words),
            ..Default::default()
        }
    }

    fn relayed(&self, at: &Attribution) -> Option<usize> {
        at.listener.filter(|&l| !self.finder.is_own_outlet(l))
    }

    /// The attribution before an opening mark: 何雷说：“ / 何雷告诉澎湃新闻，“ / 何雷引用了马蒂斯的
    /// 发言：“ / 何雷：“.
    fn said_before(&self, pair: &Pair) -> Option<Said> {
        let block = self.block_of(pair.open.start)?;
        let mut end = pair.open.start;
        while let Some((j, c)) = scan::prev_char(self.fold, end) {
            if j < block.start || !c.is_whitespace() {
                break;
            }
            end = j;
        }
        let (j, c) = scan::prev_char(self.fold, end).filter(|(j, _)| *j >= block.start)?;
        let colon = matches!(c, '：' | ':');
        // 蒋万安回「… / 他说「…: a cue right before the mark, with no punctuation
        // 还告诉法新社「…: the listener between an addressed cue and the mark
        let adjacent = self
            .cues_from(end.saturating_sub(256), end)
            .iter()
            .any(|q| {
                q.span.end == end
                    || q.kind == CueKind::Addressed
                        && self.fold.get(q.span.end..end).is_some_and(|t| {
                            !t.contains(scan::CLAUSE_ENDS) && t.chars().count() <= LISTENER_MAX
                        })
            });
        let j = if adjacent { end } else { j };
        if !colon && !adjacent && !matches!(c, '，' | ',') {
            return None;
        }
        let start = self.clause_start(j, block.start);
        let region = Span::new(start, j);
        if let Some(s) = self.relay_in(region) {
            return Some(s);
        }
        // a cue ends the clause (何雷说：“), or takes a short object first when the quote
        // closes a sentence of its own (李克强进一步解释这项改革的意义，“…。”)
        let full_sentence = self
            .fold
            .get(pair.content().start..pair.content().end)
            .is_some_and(|t| t.trim_end().ends_with(QUOTE_END))
            || scan::char_at(self.fold, pair.close.end).is_some_and(|c| QUOTE_END.contains(&c));
        let cue = self
            .cues_from(region.start, region.end)
            .iter()
            .filter(|c| region.contains(c.span))
            .filter(|c| {
                c.span.end == region.end
                    || c.kind == CueKind::Addressed
                    || full_sentence
                        && scan::char_len(self.fold, Span::new(c.span.end, region.end)) <= 10
            })
            .max_by_key(|c| c.span.end);
        match cue {
            Some(cue) => {
                let at = self
                    .subject_of(cue.span, block.start)
                    .unwrap_or_else(|| self.unnamed(Span::new(region.start, cue.span.start)));
                let mut relayed_by = self.relayed(&at);
                if cue.kind == CueKind::Addressed {
                    let listener = self
                        .finder
                        .speaker_in(Span::new(cue.span.end, region.end), Pick::Nearest);
                    let l = listener.and_then(|l| l.speaker).filter(|&l| {
                        self.doc.entities[l].kind == EntityKind::Org
                            && !self.finder.is_own_outlet(l)
                    });
                    relayed_by = relayed_by.or(l);
                }
                Some(Said {
                    at,
                    cue: Some(cue.span),
                    relayed_by,
                })
            }
            // 示威者打出标语：“…”: a sign, not speech
            None if self.ends_with_term_head(region) => None,
            None if colon && scan::char_len(self.fold, region) <= 25 => {
                let at = self.finder.speaker_in(region, Pick::Nearest)?;
                Some(Said {
                    at,
                    cue: None,
                    relayed_by: None,
                })
            }
            None => None,
        }
    }

    /// 何雷引用了马蒂斯的发言: the speaker is the one whose words are cited, relayed by the subject.
    fn relay_in(&self, region: Span) -> Option<Said> {
        let text = self.fold.get(region.start..region.end)?;
        if !self
            .lex
            .relay_objects
            .iter()
            .any(|o| text.ends_with(o.as_str()))
        {
            return None;
        }
        let (verb, _) = scan::find_words(self.fold, &self.lex.relay_verbs, region)
            .into_iter()
            .next()?;
        let at = self
            .finder
            .speaker_in(Span::new(verb.end, region.end), Pick::Nearest)?;
        let by = self
            .finder
            .speaker_in(Span::new(region.start, verb.start), Pick::Nearest)
            .and_then(|a| a.speaker);
        Some(Said {
            at,
            cue: Some(verb),
            relayed_by: by,
        })
    }

    /// The attribution after a closing mark: ”何雷回忆说。 / ”，他说，“
    fn said_after(&self, pair: &Pair) -> Option<Said> {
        let block = self.block_of(pair.close.start)?;
        let mut i = pair.close.end;
        let mut n = 0;
        if matches!(scan::char_at(self.fold, i), Some('，' | ',')) {
            i = scan::after_char(self.fold, i);
        }
        let from = i;
        let mut end = None;
        while i < block.end && n <= AFTER_MAX {
            let c = scan::char_at(self.fold, i)?;
            if marks::is_quote_mark(c) {
                // 」，蒋万安回覆「: the attribution of the quote that follows
                return None;
            }
            if matches!(
                c,
                '。' | '！' | '？' | '，' | '：' | '；' | '!' | '?' | ',' | ':' | '\n'
            ) {
                end = Some(i);
                break;
            }
            i = scan::after_char(self.fold, i);
            n += 1;
        }
        let end = end.or((i >= block.end).then_some(block.end))?;
        if matches!(scan::char_at(self.fold, end), Some('：' | ':')) {
            // 「…。」田北辰表示：「…」 serves both; “中国的力量：待辩论”…说道：“ only the next
            let content = self.fold.get(pair.content().start..pair.content().end)?;
            if !content.trim_end().ends_with(QUOTE_END) {
                return None;
            }
        }
        let cue = self
            .cues
            .iter()
            .find(|c| c.span.end == end && c.span.start >= from)?;
        let region = Span::new(from, cue.span.start);
        // ”表示，: a cue with no one before it belongs to what follows
        if scan::trim(self.fold, region).is_empty() {
            return None;
        }
        let at = self
            .finder
            .speaker_in(region, Pick::Nearest)
            .unwrap_or_else(|| self.unnamed(region));
        Some(Said {
            at,
            cue: Some(cue.span),
            relayed_by: self.relayed(&at),
        })
    }

    /// A quote with no attribution that follows another of the same paragraph with only its
    /// attribution or punctuation between (「…」「…」, “…”他还说。“…”) has the same speaker.
    fn next_to_previous(&self, pair: &Pair, done: &[(Pair, Option<Said>)]) -> Option<Said> {
        let block = self.block_of(pair.open.start)?;
        let (prev, said) = done
            .iter()
            .filter(|(p, _)| p.depth == pair.depth && p.close.end <= pair.open.start)
            .filter(|(p, _)| p.close.end >= block.start)
            .max_by_key(|(p, _)| p.close.end)?;
        let gap = Span::new(prev.close.end, pair.open.start);
        let text = self.fold.get(gap.start..gap.end)?;
        let short = scan::char_len(self.fold, gap) <= AFTER_MAX;
        let words = text.trim_matches(|c: char| !c.is_alphanumeric());
        let attribution_only = words.is_empty()
            || self.lex.between_quotes.iter().any(|w| w == words)
            || said.is_some_and(|s| s.cue.is_some_and(|c| gap.contains(c)));
        (short && attribution_only).then_some(*said).flatten()
    }

    /// A paragraph that is one quote with no attribution continues the speaker of the quote
    /// (direct or reported) that ends the paragraph before it — or, when that quote was someone's words cited by a
    /// person (何雷引用了马蒂斯的发言：“…”), the person citing: a citation is one sentence, the
    /// talk goes on in the voice of whoever is in the story.
    fn continued_from(
        &self,
        pair: &Pair,
        done: &[(Pair, Option<Said>)],
        reported: &[Reported],
    ) -> Option<Said> {
        let bi = self
            .blocks
            .iter()
            .position(|b| b.span.contains(pair.whole()))?;
        let block = self.blocks[bi].span;
        let rest = self.fold.get(pair.close.end..block.end)?;
        let whole_paragraph = pair.open.start == block.start
            && rest
                .chars()
                .all(|c| c.is_whitespace() || QUOTE_END.contains(&c));
        if !whole_paragraph || bi == 0 {
            return None;
        }
        let prev = self.blocks[bi - 1].span;
        let direct = done
            .iter()
            .filter(|(p, _)| p.depth == 0 && prev.contains(p.whole()))
            .max_by_key(|(p, _)| p.close.start);
        // (or the words reported last there: X表示，…。 then a paragraph 「…」 goes on with X)
        let indirect = reported
            .iter()
            .filter(|r| prev.contains(r.clause) && r.said.at.speaker_span.is_some())
            .max_by_key(|r| r.clause.end);
        if let Some(r) = indirect {
            if direct.is_none_or(|(p, _)| p.close.end < r.clause.end) {
                return Some(r.said);
            }
        }
        let said = direct.and_then(|(_, s)| *s)?;
        match said.relayed_by {
            Some(by) if self.doc.entities[by].kind == EntityKind::Per => Some(Said {
                at: Attribution {
                    speaker: Some(by),
                    speaker_span: None,
                    listener: None,
                    pronoun: None,
                },
                cue: None,
                relayed_by: None,
            }),
            _ => Some(said),
        }
    }

    /// Speech or a name? Decided from the content (length, end mark, clause words) and the
    /// context (an attribution next to it, a term head after it, 所谓 before it).
    fn is_speech(
        &self,
        pair: &Pair,
        content: Span,
        attributed: bool,
        inside_reported: bool,
    ) -> bool {
        let text = &self.fold[content.start..content.end];
        let n = text.chars().count();
        let ends = text.chars().last().is_some_and(|c| QUOTE_END.contains(&c));
        let after = self.fold.get(pair.close.end..).unwrap_or("");
        let before = self.fold.get(..pair.open.start).unwrap_or("");
        let term_head = self
            .lex
            .term_heads
            .iter()
            .any(|h| after.starts_with(h.as_str()));
        let introduced = self
            .lex
            .term_introducers
            .iter()
            .any(|w| before.ends_with(w.as_str()));
        // a name that ends in its kind: 「巴以问题高级别会议」, “印太战略”
        let named_kind = self
            .lex
            .term_heads
            .iter()
            .any(|h| h.chars().count() >= 2 && text.ends_with(h.as_str()));
        // 两宗「猜猜我是谁」的电骗案, 写有「立即停火！」的标语: a label modifying a noun
        let label = after.strip_prefix('的').is_some_and(|rest| {
            !ends
                || self
                    .lex
                    .term_heads
                    .iter()
                    .any(|h| rest.starts_with(h.as_str()))
        });
        if label {
            return false;
        }
        if term_head || introduced || named_kind {
            return ends;
        }
        // "Euro Asian Times", "OK": foreign words in marks are names unless someone says them
        let cjk = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        if !cjk && !attributed {
            return false;
        }
        if ends || pair.paragraphs {
            return true;
        }
        let clause = text.chars().any(|c| self.lex.clause_chars.contains(&c));
        let comma = text.contains('，') || text.contains(',');
        if attributed {
            return n >= 2 && (clause || comma || n >= 8);
        }
        // embedded in a sentence: a clause said by someone (卡拉斯「很高兴收到这份礼物」)
        let after_person = self
            .doc
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Per)
            .flat_map(|e| &e.mentions)
            .any(|m| m.span.end == pair.open.start);
        clause && n >= 5 && (comma || n >= 10 || after_person || inside_reported)
    }

    /// Indirect quotes: a cue with a subject and the clause after it, or a 据… frame.
    fn indirect(&self) -> Vec<Reported> {
        let mut cands: Vec<Reported> = self.according_frames();
        let frames: Vec<Span> = cands
            .iter()
            .map(|r| Span::new(r.cue.start.min(r.clause.start), r.clause.start))
            .collect();
        for cue in &self.cues {
            if self.in_speech(cue.span) || frames.iter().any(|f| f.contains(cue.span)) {
                continue;
            }
            if let Some(r) = self.reported_after(cue) {
                cands.push(r);
            }
        }
        cands.sort_by_key(|r| r.cue.start);
        // a report of a report (澎湃新闻报导，何雷表示，…): the inner speaker, relayed
        let mut kept: Vec<Reported> = Vec::new();
        for c in &cands {
            if let Some(k) = kept.iter_mut().find(|k| k.clause.contains(c.cue)) {
                let lead = self.fold.get(k.clause.start..c.cue.start).unwrap_or("，");
                // (but 法院指出，被告坦承有…，因此裁定…: an admission with no comma after it,
                // inside words that are not a news report, is part of the speaker's own account)
                let admission = self.lex.admissions.iter().any(|w| {
                    self.fold
                        .get(c.cue.start..c.cue.end)
                        .is_some_and(|t| t == w.as_str())
                });
                let introduces = matches!(
                    scan::char_at(self.fold, c.cue.end),
                    Some('，' | '：' | ',' | ':')
                );
                let framed = |s: Span| {
                    let lead = self.fold.get(..s.start).unwrap_or("");
                    let here = self.fold.get(s.start..s.end).unwrap_or("");
                    self.lex
                        .according_openers
                        .iter()
                        .any(|o| lead.ends_with(o.as_str()) || here.starts_with(o.as_str()))
                };
                let news = self.is_report_word(k.cue)
                    || framed(k.cue)
                    || k.said.at.speaker_span.is_some_and(framed);
                // (an enumeration is no clause end: X与Y、Z表示)
                let clause_end = |ch: char| ch != '、' && scan::CLAUSE_ENDS.contains(&ch);
                if !lead.contains(clause_end)
                    && c.said.at.speaker.is_some()
                    && (introduces || news || !admission)
                {
                    let outer = k.said.at.speaker.filter(|&e| !self.finder.is_own_outlet(e));
                    let mut inner = *c;
                    inner.said.relayed_by = inner.said.relayed_by.or(outer).or(k.said.relayed_by);
                    *k = inner;
                    continue;
                }
                // 至于马文君声称…，邱国正说，…: someone else named takes the floor
                let named = c.said.at.speaker.is_some_and(|e| {
                    Some(e) != k.said.at.speaker && self.doc.entities[e].kind == EntityKind::Per
                });
                let introduces = matches!(
                    scan::char_at(self.fold, c.cue.end),
                    Some('，' | '：' | ',' | ':')
                );
                let named = named && introduces;
                let subject = c.said.at.speaker_span.map_or(c.cue.start, |s| s.start);
                let cut = self.clause_start(subject, k.clause.start);
                // (a pronoun only for the one who cited the report, or after a document that
                // 他 cannot be: 这位作者援引…的报道称，…，他还指出，…)
                let document = k.said.at.speaker.is_none()
                    && k.said.at.speaker_span.is_some_and(|s| {
                        let t = self.fold.get(s.start..s.end).unwrap_or("");
                        self.lex.documents.iter().any(|d| t.ends_with(d.as_str()))
                    });
                let pronoun_ok = c.said.at.pronoun.is_none()
                    || c.said.at.speaker == k.said.relayed_by
                    || document;
                if named && cut > k.clause.start && pronoun_ok {
                    k.clause.end = cut;
                    kept.push(*c);
                }
                continue;
            }
            kept.push(*c);
        }
        // the report runs on over the paragraph's next sentences until someone else is cited
        let starts: Vec<usize> = cands.iter().map(|r| r.cue.start).collect();
        for k in &mut kept {
            let sentences = &self.doc.sentences;
            while let Some(next) =
                sentences.get(sentences.partition_point(|s| s.start < k.clause.end))
            {
                let gap = self.fold.get(k.clause.end..next.start).unwrap_or("\n");
                if !k.block.contains(*next) || gap.contains('\n') {
                    break;
                }
                let after_semicolon = self
                    .fold
                    .get(..k.clause.end)
                    .is_some_and(|t| t.ends_with(['；', ';']));
                let opening = self.fold.get(next.start..next.end).unwrap_or("");
                let goes_on = self
                    .lex
                    .continuation
                    .iter()
                    .any(|w| opening.starts_with(w.as_str()));
                if !after_semicolon && !goes_on {
                    break;
                }
                let cited = starts.iter().any(|&s| next.start <= s && s < next.end)
                    || self.speech.iter().any(|p| {
                        next.contains(p.open)
                            && (self.said_before(p).is_some() || self.said_after(p).is_some())
                    });
                if cited {
                    break;
                }
                k.clause.end = next.end;
            }
        }
        // 报道形容，…: "the report" is the one cited in the paragraph before
        for i in 1..kept.len() {
            let (before, rest) = kept.split_at_mut(i);
            let k = &mut rest[0];
            let prev = &before[i - 1];
            let bare_report = k.said.at.speaker.is_none()
                && k.said
                    .at
                    .speaker_span
                    .is_some_and(|s| self.is_report_word(s));
            let prev_report = prev.said.at.speaker.is_some()
                && prev.said.cue.is_some_and(|c| self.is_report_word(c));
            let adjacent = self
                .blocks
                .iter()
                .position(|b| b.span == prev.block)
                .is_some_and(|p| {
                    self.blocks.get(p + 1).is_some_and(|b| b.span == k.block)
                        || prev.block == k.block
                });
            if bare_report && prev_report && adjacent {
                k.said.at.speaker = prev.said.at.speaker;
                continue;
            }
            // 声明还称, 该报道: the statement of the organization that just spoke in the
            // paragraph, or the document pointed back to
            let doc_span = k
                .said
                .at
                .speaker_span
                .filter(|&s| k.said.at.speaker.is_none() && self.is_document_word(s));
            let Some(doc_span) = doc_span else {
                continue;
            };
            let pointed = self.lex.demonstratives.iter().any(|d| {
                self.fold
                    .get(doc_span.start..)
                    .is_some_and(|t| t.starts_with(d.as_str()))
            });
            let org_spoke = prev.block == k.block
                && prev
                    .said
                    .at
                    .speaker
                    .is_some_and(|e| self.doc.entities[e].kind == EntityKind::Org);
            if (org_spoke || pointed && adjacent) && prev.said.at.speaker.is_some() {
                k.said.at.speaker = prev.said.at.speaker;
            }
        }
        kept
    }

    /// True when a span ends with a noun for a name or sign (标语, 口号, 战略).
    fn ends_with_term_head(&self, s: Span) -> bool {
        let t = self.fold.get(s.start..s.end).unwrap_or("");
        self.lex
            .term_heads
            .iter()
            .any(|h| h.chars().count() >= 2 && t.ends_with(h.as_str()))
    }

    /// True when a span is a document word, with at most a demonstrative or 还/也 around it
    /// (声明, 该报道, 声明还).
    fn is_document_word(&self, s: Span) -> bool {
        let t = self.fold.get(s.start..s.end).unwrap_or("");
        let t = t.trim_end_matches(['还', '也', '则', '又']);
        let t = self
            .lex
            .demonstratives
            .iter()
            .find_map(|d| t.strip_prefix(d.as_str()))
            .unwrap_or(t);
        self.lex.documents.iter().any(|w| w == t)
    }

    /// True when a span is, or ends with, a word for a news report (报道, 报导称).
    fn is_report_word(&self, s: Span) -> bool {
        let t = self.fold.get(s.start..s.end).unwrap_or("");
        let bare = t.trim_end_matches(['称', '说', '指']);
        self.lex
            .reports
            .iter()
            .any(|w| t.ends_with(w.as_str()) || bare.ends_with(w.as_str()))
    }

    /// The clause reported after a cue, with the cue's subject.
    fn reported_after(&self, cue: &Cue) -> Option<Reported> {
        let block = self.block_of(cue.span.start)?;
        // （中国称仁爱礁）: inside brackets a one-character cue names, it does not report (but
        // （联合国表示，…） does)
        let sentence = self
            .doc
            .sentence_at(cue.span.start)
            .map_or(block, |i| self.doc.sentences[i]);
        let lead = self.fold.get(sentence.start..cue.span.start).unwrap_or("");
        let open = lead.matches(['（', '(']).count();
        let closed = lead.matches(['）', ')']).count();
        if open > closed && scan::char_len(self.fold, cue.span) == 1 {
            return None;
        }
        // 被外界认为: what others think of someone, not what they say
        let clause = self.clause_start(cue.span.start, block.start);
        if self
            .fold
            .get(clause..cue.span.start)
            .is_some_and(|t| t.starts_with('被'))
        {
            return None;
        }
        let mut i = cue.span.end;
        let mut listener = None;
        let punct = |c: Option<char>| matches!(c, Some('，' | '：' | ',' | ':'));
        let mut bare = false;
        match cue.kind {
            CueKind::Addressed => {
                let mut n = 0;
                loop {
                    let c = scan::char_at(self.fold, i)?;
                    if punct(Some(c)) {
                        break;
                    }
                    if QUOTE_END.contains(&c) || c == '\n' || n > LISTENER_MAX || i >= block.end {
                        return None;
                    }
                    i = scan::after_char(self.fold, i);
                    n += 1;
                }
                listener = self
                    .finder
                    .speaker_in(Span::new(cue.span.end, i), Pick::First)
                    .and_then(|a| a.speaker)
                    .filter(|&l| {
                        self.doc.entities[l].kind == EntityKind::Org
                            && !self.finder.is_own_outlet(l)
                    });
                i = scan::after_char(self.fold, i);
            }
            CueKind::Punct => {
                if !punct(scan::char_at(self.fold, i)) {
                    return None;
                }
                i = scan::after_char(self.fold, i);
            }
            CueKind::Bare => {
                if punct(scan::char_at(self.fold, i)) {
                    i = scan::after_char(self.fold, i);
                } else {
                    bare = true;
                }
            }
        }
        let at = self.subject_of(cue.span, block.start)?;
        let relayed_by = self.relayed(&at).or(listener);
        self.clause_from(i, block, bare).map(|clause| Reported {
            said: Said {
                at,
                cue: Some(cue.span),
                relayed_by,
            },
            cue: cue.span,
            clause,
            block,
        })
    }

    /// The reported clause starting at `i`: to the end of its sentence.
    fn clause_from(&self, mut i: usize, block: Span, bare: bool) -> Option<Span> {
        while scan::char_at(self.fold, i).is_some_and(|c| c.is_whitespace()) && i < block.end {
            i = scan::after_char(self.fold, i);
        }
        // words in quote marks right after the cue are a direct quote
        if self.speech.iter().any(|p| p.open.start == i) {
            return None;
        }
        let end = self
            .doc
            .sentence_at(i)
            .map(|s| self.doc.sentences[s].end)
            .unwrap_or(block.end)
            .min(block.end);
        if end <= i {
            return None;
        }
        let clause = scan::trim(self.fold, Span::new(i, end));
        let n = content_len(self.fold, clause);
        let min = if bare { MIN_BARE_CLAUSE } else { MIN_CLAUSE };
        (n >= min).then_some(clause)
    }

    /// 据路透社报导，… / 據知情人士透露，… / 据悉，…
    fn according_frames(&self) -> Vec<Reported> {
        let mut out = Vec::new();
        for block in &self.blocks {
            let b = block.span;
            let openers =
                scan::keep_longest(scan::find_words(self.fold, &self.lex.according_openers, b));
            for (open, _) in openers {
                if self.in_speech(open) {
                    continue;
                }
                // the frame opens a clause (另据, 而据, 但是据 allowed)
                let cs = self.clause_start(open.start, b.start);
                let lead = self.fold.get(cs..open.start).unwrap_or("x");
                if lead.chars().count() > 1 && !self.lex.subject_openers.iter().any(|w| w == lead) {
                    continue;
                }
                let rest = self.fold.get(open.start..b.end).unwrap_or("");
                let unnamed = self
                    .lex
                    .according_unnamed
                    .iter()
                    .filter(|w| rest.starts_with(w.as_str()))
                    .max_by_key(|w| w.len());
                if let Some(w) = unnamed {
                    let cue = Span::new(open.start, open.start + w.len());
                    let next = scan::char_at(self.fold, cue.end);
                    let comma = matches!(next, Some('，' | '：' | ',' | ':'));
                    let from = if comma {
                        scan::after_char(self.fold, cue.end)
                    } else {
                        cue.end
                    };
                    if let Some(clause) = self.clause_from(from, b, !comma) {
                        out.push(Reported {
                            said: Said {
                                at: Attribution::default(),
                                cue: Some(cue),
                                relayed_by: None,
                            },
                            cue,
                            clause,
                            block: b,
                        });
                    }
                    continue;
                }
                // 据 <source> <verb>，
                let mut i = open.end;
                let mut n = 0;
                while n <= self.lex.max_source + 4 {
                    match scan::char_at(self.fold, i) {
                        Some('，' | '：' | ',' | ':') => break,
                        Some(c) if !scan::CLAUSE_ENDS.contains(&c) && i < b.end => {
                            i = scan::after_char(self.fold, i);
                            n += 1;
                        }
                        _ => {
                            n = usize::MAX;
                            break;
                        }
                    }
                }
                if n > self.lex.max_source + 4 || i >= b.end {
                    continue;
                }
                let head = &self.fold[open.end..i];
                let head = head
                    .strip_suffix("称")
                    .or(head.strip_suffix("说"))
                    .unwrap_or(head);
                let Some(verb) = self
                    .lex
                    .according_verbs
                    .iter()
                    .filter(|v| head.ends_with(v.as_str()))
                    .max_by_key(|v| v.len())
                else {
                    continue;
                };
                let vstart = open.end + head.len() - verb.len();
                let cue = Span::new(vstart, vstart + verb.len());
                let source = Span::new(open.end, vstart);
                // (据@“某账号”介绍: no one known, the source's words kept)
                let at = self
                    .finder
                    .speaker_in(source, Pick::Nearest)
                    .unwrap_or_else(|| self.unnamed(source));
                if let Some(clause) = self.clause_from(scan::after_char(self.fold, i), b, false) {
                    out.push(Reported {
                        said: Said {
                            at,
                            cue: Some(cue),
                            relayed_by: self.relayed(&at),
                        },
                        cue,
                        clause,
                        block: b,
                    });
                }
            }
        }
        out
    }
}

/// Quote marks whose content may be speech (long enough, or closing a sentence).
pub(crate) fn maybe_speech(fold: &str, lex: &Lexicon, p: &Pair) -> bool {
    let c = p.content();
    let Some(t) = fold.get(c.start..c.end) else {
        return false;
    };
    let n = t.chars().count();
    // a name such as 「犹太和平之声」 is long but has no clause in it
    let clause = t
        .chars()
        .any(|ch| lex.clause_chars.contains(&ch) || "，,；;".contains(ch));
    n >= 15 || n >= 6 && clause || t.chars().last().is_some_and(|ch| QUOTE_END.contains(&ch))
}

/// The simplified form of a string from outside the text (an entity's title).
pub(crate) fn fold_str(s: &str) -> String {
    jishi_text::fold(s)
}

/// Characters of a span, end punctuation aside.
fn content_len(fold: &str, s: Span) -> usize {
    fold.get(s.start..s.end).map_or(0, |t| {
        t.trim_end_matches(|c: char| QUOTE_END.contains(&c) || c == '；' || c.is_whitespace())
            .chars()
            .count()
    })
}

fn make_quote(kind: QuoteKind, span: Span, said: Option<Said>) -> Quote {
    Quote {
        kind,
        span,
        speaker: said.and_then(|s| s.at.speaker),
        speaker_span: said.and_then(|s| s.at.speaker_span),
        cue: said.and_then(|s| s.cue),
        relayed_by: said
            .and_then(|s| s.relayed_by)
            .filter(|&r| said.and_then(|s| s.at.speaker) != Some(r)),
    }
}
