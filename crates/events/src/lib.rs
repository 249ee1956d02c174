//! The events stage: who did what to whom, in PLOVER types with the nearest CAMEO code (fills
//! `Doc::events`).
//!
//! Reads `Doc::entities` (with the actor codes of the actors stage), `Doc::tokens`,
//! `Doc::quotes` (events inside someone's words are that speaker's assertion; 我方 is the
//! speaker's side), `Doc::corefs`, `Doc::times` (through [`jishi_times::governing_date`]) and
//! `Doc::sentences`. Adds `Doc::events`; writes nothing else.
//!
//! The mechanism: every trigger of `data/events/triggers.tsv` found in a sentence (on the
//! simplified fold) is read with its frame (`with`, `object`, `toward`, …, described in
//! `data/events/patterns.toml`): the frame picks the source and target among the sentence's
//! participants (named entities, group references such as 中方 and 双方, descriptions such as
//! 这位防长, resolved pronouns). Negation and modality words before the trigger set `negated` and
//! `modality`; a place after 在/于 is the location; the date is the time expression governing the
//! clause. The same event reported twice becomes one event with further `mentions`. Each event
//! records its pattern id; [`explain`] says in words how it was found.
//!
//! ```
//! use jishi_doc::{Article, Block, BlockKind, Doc, Span, Stage};
//! let mut doc = Doc::new(Article::new("x"), "布林肯同王毅举行会谈。".to_string());
//! doc.blocks.push(Block { kind: BlockKind::Paragraph, span: Span::new(0, doc.text.len()) });
//! jishi_text::TextStage.process(&mut doc);
//! jishi_words::WordStage::new().unwrap().process(&mut doc);
//! jishi_entities::EntityStage::new().unwrap().process(&mut doc);
//! jishi_actors::ActorStage::new().unwrap().process(&mut doc);
//! jishi_events::EventStage::new().unwrap().process(&mut doc);
//! let e = &doc.events[0];
//! assert_eq!(e.kind, "CONSULT");
//! assert_eq!(e.source[0].code.as_deref(), Some("USA-GOV"));
//! assert_eq!(e.target[0].code.as_deref(), Some("CHN-GOV"));
//! ```

use std::sync::{Arc, OnceLock};

use jishi_actors::Actors;
use jishi_doc::{Doc, EntityKind, Event, EventMention, Modality, Participant, Span, Stage};

pub mod lexicon;

use jishi_doc::SpanIndex;

use lexicon::{Frame, Lexicon, Trigger};

/// What can go wrong when the stage is built.
#[derive(Debug, thiserror::Error)]
pub enum EventsError {
    /// A data file has a bad line.
    #[error("{file}:{line}: {message}")]
    Data {
        file: String,
        line: usize,
        message: String,
    },
    /// The actors' data could not be loaded.
    #[error(transparent)]
    Actors(#[from] jishi_actors::ActorsError),
}

/// The events stage, holding its lexicon and the actor knowledge.
pub struct EventStage {
    lex: Arc<Lexicon>,
    actors: Arc<Actors>,
}

impl EventStage {
    /// Loads the embedded trigger lexicon, frames and actor data.
    pub fn new() -> Result<EventStage, EventsError> {
        Ok(EventStage {
            lex: Arc::new(Lexicon::load()?),
            actors: Arc::new(Actors::load()?),
        })
    }
}

impl Stage for EventStage {
    fn name(&self) -> &'static str {
        "events"
    }

    fn process(&self, doc: &mut Doc) {
        let events = Coder::new(doc, &self.lex, &self.actors).run();
        doc.events = events;
    }
}

/// A possible participant in a sentence: one or more actors named by the same words.
#[derive(Clone, Debug)]
struct Cand {
    span: Span,
    parts: Vec<Participant>,
    /// A place after 在/于: where, not who.
    located: bool,
    /// A polity or place entity (may be a location).
    place: Option<usize>,
    /// 双方 with no sides named before it.
    open_pair: bool,
    /// A pronoun resolved by the quotes stage (他 → 何雷).
    pronoun: bool,
}

struct Coder<'a> {
    doc: &'a Doc,
    lex: &'a Lexicon,
    actors: &'a Actors,
    /// Where names and time expressions start and end (a marker glued to one is a word).
    edges: rustc_hash::FxHashSet<usize>,
    /// The entity mentions, indexed once: the mentions of a sentence, the names a span
    /// touches, and what the actors' noun phrases and descriptions ask, by binary search.
    names: jishi_actors::Names,
    /// The spans of `doc.quotes`, and those of `doc.corefs`, indexed the same way.
    quote_spans: Vec<Span>,
    quote_index: SpanIndex,
    coref_index: SpanIndex,
}

/// What the coder knows about the sentence it is in.
struct Context<'c> {
    si: usize,
    sentence: Span,
    cands: &'c [Cand],
    hits: &'c [Hit<'c>],
    /// The previous sentence's index and participants.
    previous: Option<(usize, &'c [Cand])>,
}

/// A trigger found in the text.
struct Hit<'l> {
    span: Span,
    trigger: &'l Trigger,
}

impl<'a> Coder<'a> {
    fn new(doc: &'a Doc, lex: &'a Lexicon, actors: &'a Actors) -> Self {
        let mut edges = rustc_hash::FxHashSet::default();
        for m in doc.entities.iter().flat_map(|e| e.mentions.iter()) {
            edges.insert(m.span.start);
            edges.insert(m.span.end);
        }
        for t in &doc.times {
            edges.insert(t.span.start);
            edges.insert(t.span.end);
        }
        let quote_spans: Vec<Span> = doc.quotes.iter().map(|q| q.span).collect();
        let coref_spans: Vec<Span> = doc.corefs.iter().map(|c| c.span).collect();
        Coder {
            doc,
            lex,
            actors,
            edges,
            quote_index: SpanIndex::new(&quote_spans),
            quote_spans,
            coref_index: SpanIndex::new(&coref_spans),
            names: jishi_actors::Names::new(doc),
        }
    }

    /// Does `s` overlap a name?
    fn in_name(&self, s: Span) -> bool {
        self.names.any_overlapping(s)
    }

    /// The mentions starting inside `sentence`, in text order: (entity, mention).
    fn mentions_in(
        &self,
        sentence: Span,
    ) -> impl Iterator<Item = (usize, &'a jishi_doc::Mention)> + '_ {
        let doc = self.doc;
        self.names
            .starting_in(sentence)
            .map(move |(ei, mi)| (ei, &doc.entities[ei].mentions[mi]))
    }

    fn run(&self) -> Vec<Event> {
        let mut events: Vec<Event> = Vec::new();
        let hits: Vec<Vec<Hit>> = self
            .doc
            .sentences
            .iter()
            .map(|&s| self.triggers(s))
            .collect();
        let cands: Vec<Vec<Cand>> = self
            .doc
            .sentences
            .iter()
            .zip(&hits)
            .map(|(&s, h)| self.candidates(s, h))
            .collect();
        for (si, &sentence) in self.doc.sentences.iter().enumerate() {
            let ctx = Context {
                si,
                sentence,
                cands: &cands[si],
                hits: &hits[si],
                previous: si.checked_sub(1).map(|p| (p, &cands[p][..])),
            };
            for hit in &hits[si] {
                for mut ev in self.code(&ctx, hit) {
                    let needs_target = !ev.target.is_empty();
                    self.resolve_open_pairs(&mut ev, &events);
                    if !ev.source.is_empty() && (!needs_target || !ev.target.is_empty()) {
                        merge(&mut events, ev, &|p: &Participant| self.side_key(p));
                    }
                }
            }
        }
        events
    }

    fn fold(&self) -> &str {
        self.doc.folded()
    }

    /// Does `word` stand at `at` as a word of its own: a token of its own, or right against
    /// a name or a time expression (the segmenter glues 何雷向, 日同)?
    fn word_at(&self, at: usize, word: &str) -> bool {
        let fold = self.fold();
        if !fold.get(at..).is_some_and(|s| s.starts_with(word)) {
            return false;
        }
        if self.doc.tokens.is_empty() {
            return true;
        }
        let end = at + word.len();
        if self.edges.contains(&at) || self.edges.contains(&end) {
            return true;
        }
        let i = self.doc.tokens.partition_point(|t| t.span.start < at);
        self.doc
            .tokens
            .get(i)
            .is_some_and(|t| t.span.start == at && t.span.end >= at + word.len())
            && self
                .doc
                .tokens
                .get(i)
                .is_some_and(|t| t.span.end == at + word.len() || word.chars().count() > 1)
    }

    /// Triggers in a sentence, longest first at each place, outside names and not-trigger words.
    fn triggers(&self, sentence: Span) -> Vec<Hit<'a>> {
        let fold = self.fold();
        let Some(part) = fold.get(sentence.start..sentence.end) else {
            return Vec::new();
        };
        let blocked: Vec<Span> = self
            .lex
            .patterns
            .not_triggers
            .words
            .iter()
            .flat_map(|w| {
                part.match_indices(w.as_str())
                    .map(move |(i, _)| Span::new(sentence.start + i, sentence.start + i + w.len()))
            })
            .collect();
        let in_name = |s: Span| self.in_name(s);
        let mut out = Vec::new();
        let mut at = 0;
        while at < part.len() {
            let rest = &part[at..];
            let step = rest.chars().next().map_or(1, char::len_utf8);
            let found = rest
                .chars()
                .next()
                .and_then(|c| self.lex.by_first.get(&c))
                .and_then(|ids| {
                    ids.iter()
                        .map(|&i| &self.lex.triggers[i])
                        .find(|t| rest.starts_with(t.word.as_str()))
                });
            if let Some(t) = found {
                let span = Span::new(sentence.start + at, sentence.start + at + t.word.len());
                let single = t.word.chars().count() == 1;
                let ok = !blocked.iter().any(|b| b.overlaps(span))
                    && !in_name(span)
                    && (!single || self.word_at(span.start, &t.word));
                // 对乌克兰的军事支持, 他的批评: a noun after 的 names a kind of act, not an
                // event (meetings aside: 在与山口的会谈中)
                let nominal = t.kind != "CONSULT"
                    && matches!(t.frame, Frame::Object | Frame::Alone | Frame::With)
                    && part[..at].ends_with('的');
                if ok && !nominal {
                    out.push(Hit { span, trigger: t });
                    at += t.word.len();
                    continue;
                }
            }
            at += step;
        }
        out
    }

    /// The participants of a sentence: named entities, group references, descriptions, pronouns.
    fn candidates(&self, sentence: Span, hits: &[Hit]) -> Vec<Cand> {
        let doc = self.doc;
        let hits: Vec<Span> = hits.iter().map(|h| h.span).collect();
        let mut cands: Vec<Cand> = Vec::new();
        for (ei, m) in self.mentions_in(sentence) {
            let e = &doc.entities[ei];
            if matches!(e.kind, EntityKind::Event) {
                continue;
            }
            if !sentence.contains(m.span)
                || doc
                    .dateline
                    .as_ref()
                    .is_some_and(|d| d.span.contains(m.span))
            {
                continue;
            }
            // （德国之声中文网）, （中央社记者…）: the outlet opening a report is not an actor
            if self.in_opening_brackets(sentence, m.span) {
                continue;
            }
            if m.form == jishi_doc::MentionForm::Title && !self.title_stands_alone(m.span) {
                continue;
            }
            let code = e.actor.as_ref().and_then(|a| a.code());
            let place =
                matches!(e.kind, EntityKind::Gpe | EntityKind::Loc | EntityKind::Fac).then_some(ei);
            // cities and provinces are where things happen, not who acts (纽约, 泰安)
            let city = e.kind == EntityKind::Gpe
                && !self.actors.is_state(&e.name)
                && !self.actors.is_state(doc.slice(m.span));
            // …unless it stands for a government (北京谴责…, groups.tsv)
            let government = city
                .then(|| self.actors.groups_in(doc, m.span, None))
                .and_then(|g| g.into_iter().find(|g| g.span == m.span))
                .and_then(|g| g.codes.first().cloned());
            if let Some(code) = government {
                cands.push(Cand {
                    span: m.span,
                    parts: vec![Participant {
                        entity: Some(ei),
                        code: Some(code),
                        span: m.span,
                    }],
                    located: false,
                    place: Some(ei),
                    open_pair: false,
                    pronoun: false,
                });
                continue;
            }
            if matches!(e.kind, EntityKind::Loc | EntityKind::Fac) || city {
                // places are never actors, only locations
                cands.push(Cand {
                    span: m.span,
                    parts: Vec::new(),
                    located: true,
                    place,
                    open_pair: false,
                    pronoun: false,
                });
                continue;
            }
            cands.push(Cand {
                span: m.span,
                parts: vec![Participant {
                    entity: Some(ei),
                    code,
                    span: m.span,
                }],
                located: false,
                place,
                open_pair: false,
                pronoun: false,
            });
        }
        let speaker_country = |at: usize| -> Option<String> {
            let q = doc
                .quotes
                .iter()
                .find(|q| q.span.contains(Span::new(at, at)))?;
            let e = doc.entities.get(q.speaker?)?;
            e.actor.as_ref()?.country.clone()
        };
        let taken = |s: Span, cands: &[Cand]| cands.iter().any(|c| c.span.overlaps(s));
        // group references: checked one by one, as 我方 depends on the quote it stands in
        let in_name = |s: Span| self.in_name(s);
        for g in self.actors.groups_in(doc, sentence, None) {
            if taken(g.span, &cands) || in_name(g.span) {
                continue;
            }
            let mut parts: Vec<Participant> = g
                .codes
                .iter()
                .zip(g.entities.iter())
                .map(|(c, e)| Participant {
                    entity: *e,
                    code: Some(c.clone()),
                    span: g.span,
                })
                .collect();
            if g.open_pair.is_some() {
                // filled from the last two-sided event when coded
                parts.push(Participant {
                    entity: None,
                    code: None,
                    span: g.span,
                });
            }
            cands.push(Cand {
                span: g.span,
                parts,
                located: false,
                place: None,
                open_pair: g.open_pair.is_some(),
                pronoun: false,
            });
        }
        for qs in self
            .quote_index
            .overlapping(&self.quote_spans, sentence)
            .into_iter()
            .map(|k| self.quote_spans[k])
        {
            let within = Span::new(qs.start.max(sentence.start), qs.end.min(sentence.end));
            let country = speaker_country(within.start);
            for g in self.actors.groups_in(doc, within, country.as_deref()) {
                if taken(g.span, &cands) || g.codes.is_empty() {
                    continue;
                }
                if !matches!(
                    self.fold().get(g.span.start..g.span.end),
                    Some("我方" | "我国" | "我军" | "我们")
                ) {
                    continue;
                }
                let parts = g
                    .codes
                    .iter()
                    .map(|c| Participant {
                        entity: None,
                        code: Some(c.clone()),
                        span: g.span,
                    })
                    .collect();
                cands.push(Cand {
                    span: g.span,
                    parts,
                    located: false,
                    place: None,
                    open_pair: false,
                    pronoun: false,
                });
            }
        }
        for (span, ei) in self.actors.descriptions_in(doc, &self.names, sentence) {
            // 中国将军: the country inside the description is part of it
            cands.retain(|c| !(span.contains(c.span) && c.place.is_some()));
            if taken(span, &cands) {
                continue;
            }
            cands.push(self.entity_cand(span, ei));
        }
        for c in self
            .coref_index
            .starting_in(sentence)
            .iter()
            .map(|&k| &doc.corefs[k])
            .filter(|c| sentence.contains(c.span))
        {
            if taken(c.span, &cands) {
                continue;
            }
            let mut cand = self.entity_cand(c.span, c.entity);
            cand.pronoun = true;
            cands.push(cand);
        }
        cands.sort_by_key(|c| c.span.start);
        // a name in the noun phrase before another (美国 in 美国国防部长奥斯汀) modifies it
        let fold = self.fold();
        let person = |c: &Cand| {
            c.parts.iter().any(|p| {
                p.entity
                    .is_some_and(|e| doc.entities[e].kind == EntityKind::Per)
            })
        };
        // 美国防部印太安全事务助理部长伊利·拉特纳: an organization or country in the words
        // right before a person, with no punctuation or trigger between, is their affiliation
        let title_between = |a: &Cand, n: &Cand| {
            let gap = &fold[a.span.end..n.span.start];
            !person(a)
                && person(n)
                && gap.chars().count() <= 14
                && !gap
                    .chars()
                    .any(|c| "，。、；：“”「」（）《》！？,.;:()".contains(c))
                && !hits
                    .iter()
                    .any(|h| a.span.end <= h.start && h.end <= n.span.start)
                && !["与", "同", "和", "跟", "向", "对", "给", "被", "及"]
                    .iter()
                    .any(|w| gap.contains(w))
        };
        let heads: Vec<bool> = (0..cands.len())
            .map(|i| {
                let next = cands.get(i + 1);
                if next.is_some_and(|n| !cands[i].parts.is_empty() && title_between(&cands[i], n)) {
                    return false;
                }
                !next.is_some_and(|n| {
                    !n.parts.is_empty()
                        && !hits
                            .iter()
                            .any(|h| h.start >= cands[i].span.end && h.end <= n.span.start)
                        && jishi_actors::noun_phrase_before(doc, &self.names, n.span.start)
                            .contains(cands[i].span)
                        && n.span.start >= cands[i].span.end
                })
            })
            .collect();
        let markers = &self.lex.patterns.location.markers;
        cands
            .into_iter()
            .zip(heads)
            .filter(|(_, h)| *h)
            .map(|(mut c, _)| {
                if c.place.is_some() {
                    let before = &fold[sentence.start..c.span.start];
                    // 到 of 受到/得到/提到 is not a place marker
                    let verb_to = [
                        "受到", "遭到", "得到", "提到", "感到", "收到", "看到", "达到", "听到",
                        "找到", "想到", "谈到",
                    ]
                    .iter()
                    .any(|v| before.ends_with(v));
                    if !verb_to && markers.iter().any(|m| before.ends_with(m.as_str())) {
                        c.located = true;
                    }
                }
                c
            })
            .collect()
    }

    fn entity_cand(&self, span: Span, ei: usize) -> Cand {
        let e = &self.doc.entities[ei];
        Cand {
            span,
            parts: vec![Participant {
                entity: Some(ei),
                code: e.actor.as_ref().and_then(|a| a.code()),
                span,
            }],
            located: false,
            place: None,
            open_pair: false,
            pronoun: false,
        }
    }

    /// The comma-delimited clause around `span`, inside `sentence`.
    fn clause(&self, sentence: Span, span: Span) -> Span {
        let fold = self.fold();
        // a space between Chinese words (not inside a Latin name) separates the parts of a
        // headline
        let stop = |at: usize, c: char| {
            if "，,；;：:。！？!?　".contains(c) {
                return true;
            }
            c == ' '
                && !fold[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|p| p.is_ascii_alphanumeric())
                && !fold[at + 1..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_ascii_alphanumeric())
        };
        if !fold.is_char_boundary(span.start) || !fold.is_char_boundary(span.end) {
            return sentence;
        }
        let start = fold[sentence.start..span.start]
            .char_indices()
            .rev()
            .find(|(i, c)| stop(sentence.start + i, *c))
            .map_or(sentence.start, |(i, c)| sentence.start + i + c.len_utf8());
        let end = fold[span.end..sentence.end]
            .char_indices()
            .find(|(i, c)| stop(span.end + i, *c))
            .map_or(sentence.end, |(i, _)| span.end + i);
        Span::new(start, end)
    }

    /// The quote holding `at`, if any.
    fn quote_at(&self, at: Span) -> Option<&jishi_doc::Quote> {
        self.doc.quotes.iter().find(|q| q.span.contains(at))
    }

    /// The speaker of a quote as a participant.
    fn speaker(&self, q: &jishi_doc::Quote) -> Option<Participant> {
        let ei = q.speaker?;
        let e = self.doc.entities.get(ei)?;
        Some(Participant {
            entity: Some(ei),
            code: e.actor.as_ref().and_then(|a| a.code()),
            span: q.speaker_span.unwrap_or(q.span),
        })
    }

    /// A marker word (与, 向 …) standing as a word of its own between `from` and `to`: its
    /// span, the nearest to `to`.
    fn marker_between(&self, words: &[String], from: usize, to: usize) -> Option<(Span, String)> {
        let fold = self.fold();
        let part = fold.get(from..to)?;
        let mut best: Option<(Span, String)> = None;
        for w in words {
            for (i, _) in part.match_indices(w.as_str()) {
                let at = from + i;
                if !self.word_at(at, w) {
                    continue;
                }
                let s = Span::new(at, at + w.len());
                if best.as_ref().is_none_or(|(b, _)| s.start > b.start) {
                    best = Some((s, w.clone()));
                }
            }
        }
        best
    }

    /// Participants joined in a list starting with candidate `first` (X、Y和Z), up to `limit`.
    fn list_from(&self, cands: &[Cand], first: usize, limit: usize) -> Vec<Cand> {
        let fold = self.fold();
        let mut out = vec![cands[first].clone()];
        let mut i = first;
        while let Some(next) = cands.get(i + 1) {
            if next.span.start >= limit || next.located || next.parts.is_empty() {
                break;
            }
            let np = jishi_actors::noun_phrase_before(self.doc, &self.names, next.span.start);
            let upto = np.start.max(cands[i].span.end).min(next.span.start);
            let gap = fold[cands[i].span.end..upto].trim();
            let joined = self
                .lex
                .patterns
                .frames
                .list_joiners
                .iter()
                .any(|j| gap == j)
                || gap.is_empty();
            if !joined {
                break;
            }
            out.push(next.clone());
            i += 1;
        }
        out
    }

    /// Is `span` inside brackets that open the sentence (a credit or dateline)?
    fn in_opening_brackets(&self, sentence: Span, span: Span) -> bool {
        let fold = self.fold();
        let head = &fold[sentence.start..span.start];
        let opened = head.trim_start().starts_with(['（', '(', '【']);
        opened && !head.contains(['）', ')', '】'])
    }

    /// A title standing for a person (防长) is that person only where it stands alone or after a
    /// country or a demonstrative (美防长, 这位防长), not inside a longer phrase (多国防长).
    fn title_stands_alone(&self, span: Span) -> bool {
        let fold = self.fold();
        let Some(c) = fold[..span.start].chars().next_back() else {
            return true;
        };
        if "，。、；：“”「」（）《》 \n！？,.".contains(c) || "该这此那位名".contains(c)
        {
            return true;
        }
        self.doc.entities.iter().any(|e| {
            e.kind == EntityKind::Gpe && e.mentions.iter().any(|m| m.span.end == span.start)
        })
    }

    /// What identifies a participant across mentions: the actor dictionary's name (岸田 and
    /// 岸田文雄 are one person), else its entity, else its code.
    fn side_key(&self, p: &Participant) -> String {
        let date = jishi_actors::article_date(self.doc);
        match p.entity.and_then(|e| self.doc.entities.get(e)) {
            Some(e) => match self.actors.lookup(&e.name, date) {
                Some(d) if e.kind == EntityKind::Per => format!("D{}", d.name),
                _ => format!("E{}", p.entity.unwrap_or_default()),
            },
            None => p.code.clone().unwrap_or_default(),
        }
    }

    /// The list of participants that ends with candidate `last` (张又侠和何卫东), from `floor`.
    fn list_before(&self, cands: &[Cand], last: usize, floor: usize) -> Vec<Cand> {
        let fold = self.fold();
        let mut i = last;
        while i > 0 {
            let prev = &cands[i - 1];
            if prev.span.start < floor || prev.located || prev.parts.is_empty() {
                break;
            }
            let np = jishi_actors::noun_phrase_before(self.doc, &self.names, cands[i].span.start);
            let upto = np.start.max(prev.span.end).min(cands[i].span.start);
            let gap = fold[prev.span.end..upto].trim();
            if !(gap.is_empty()
                || self
                    .lex
                    .patterns
                    .frames
                    .list_joiners
                    .iter()
                    .any(|j| gap == j))
            {
                break;
            }
            i -= 1;
        }
        cands[i..=last].to_vec()
    }

    /// Is the name at `end` followed by a reporting word (路透社报道, 官媒称)? Then it is a
    /// source of news, not the doer.
    fn reports_after(&self, end: usize) -> bool {
        let rest = self.fold().get(end..).unwrap_or("");
        ["报道", "报导", "称", "消息", "援引", "引述"]
            .iter()
            .any(|w| rest.starts_with(w))
    }

    /// The country hosting a named event after `from` in the clause (出席北京香山论坛 → CHN).
    fn event_host(&self, from: usize, to: usize) -> Option<(Span, String)> {
        self.doc
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Event)
            .flat_map(|e| e.mentions.iter().map(move |m| (m.span, e)))
            .filter(|(s, _)| s.start >= from && s.end <= to)
            .find_map(|(s, e)| Some((s, self.actors.country_in(&e.name)?.1)))
    }

    /// Codes the events a trigger reports (several for 分别同 X、Y 会谈).
    fn code(&self, ctx: &Context, hit: &Hit) -> Vec<Event> {
        let (si, sentence, cands) = (ctx.si, ctx.sentence, ctx.cands);
        let fold = self.fold();
        let t = hit.trigger;
        let clause = self.clause(sentence, hit.span);
        let quote = self.quote_at(hit.span);
        let frames = &self.lex.patterns.frames;
        let gap = frames.max_gap * 3;
        let actor = |c: &&Cand| !c.located && !c.parts.is_empty();
        // the nearest actor before `to`, not before `floor`
        let before = |to: usize, floor: usize| -> Option<usize> {
            cands
                .iter()
                .enumerate()
                .filter(|(_, c)| actor(c) && c.span.end <= to && c.span.start >= floor)
                .map(|(i, _)| i)
                .next_back()
        };
        let after = |from: usize, limit: usize| -> Option<usize> {
            cands
                .iter()
                .enumerate()
                .find(|(_, c)| actor(c) && c.span.start >= from && c.span.end <= limit)
                .map(|(i, _)| i)
        };
        let floor = quote.map_or(sentence.start, |q| q.span.start.max(sentence.start));
        // the doer of what is said at `to`: the nearest actor of the clause (with the list it
        // closes: 张又侠和何卫东), else the subject of the sentence (topic chains drop it)
        let subject = |to: usize| -> Vec<Cand> {
            let mut in_clause = clause.start.max(floor).min(to);
            // 美国谴责哈马斯袭击以色列: after a verb that takes a clause, the clause's own doer
            if let Some(v) = self.clause_verb_end(in_clause, to) {
                let first = cands
                    .iter()
                    .find(|c| actor(c) && c.span.start >= v && c.span.end <= to);
                let prepositions = [
                    '向', '对', '与', '同', '和', '跟', '给', '被', '在', '从', '于',
                ];
                if first.is_some_and(|c| !fold[v..c.span.start].contains(prepositions)) {
                    in_clause = v;
                }
            }
            // the first actor of the clause is its subject (何雷接受环球时报采访时表达遗憾)
            // not a modifier (中国的立场) nor the object of a preposition (对中国持批评态度)
            let first = cands.iter().position(|c| {
                actor(&c)
                    && c.span.start >= in_clause
                    && c.span.end <= to
                    && !fold[floor..c.span.start].ends_with('据')
                    && !self.reports_after(c.span.end)
                    && !fold[c.span.end..].starts_with('的')
                    && !fold[floor..c.span.start].ends_with([
                        '对', '向', '被', '受', '给', '把', '从', '于', '遭', '与', '同', '跟',
                    ])
            });
            if let Some(i) = first {
                // 数百名示威者22日聚集在…要求…: an unnamed doer opens the clause
                let lead = &fold[in_clause..cands[i].span.start];
                if frames
                    .unnamed_agents
                    .iter()
                    .any(|w| lead.contains(w.as_str()))
                {
                    return Vec::new();
                }
                return self.list_from(cands, i, to);
            }
            // else the nearest actor, unless a preposition governs it (对以色列进行干预，以支持…)
            if let Some(i) = before(to, in_clause)
                .filter(|&i| !fold[floor..cands[i].span.start].ends_with(GOVERNING))
            {
                return self.list_before(cands, i, in_clause);
            }
            // the clause has no subject: that of the clause before (a person first), and so on
            let mut end = in_clause;
            while end > floor {
                let Some((last, _)) = fold[..end].char_indices().next_back() else {
                    break;
                };
                let prev = self.clause(sentence, Span::new(last, last));
                let start = prev.start.max(floor);
                let fits = |c: &Cand| {
                    actor(&c)
                        && c.span.start >= start
                        && c.span.end <= end
                        && !fold[floor..c.span.start].ends_with('据')
                        && !fold[floor..c.span.start].ends_with(GOVERNING)
                        && !self.reports_after(c.span.end)
                };
                let person = cands.iter().position(|c| {
                    fits(c)
                        && c.parts.iter().any(|p| {
                            p.entity
                                .is_some_and(|e| self.doc.entities[e].kind == EntityKind::Per)
                        })
                });
                if let Some(i) = person.or_else(|| cands.iter().position(fits)) {
                    return self.list_from(cands, i, end);
                }
                if prev.start <= floor || prev.start == 0 {
                    break;
                }
                // step over the delimiter
                end = fold[..prev.start]
                    .char_indices()
                    .next_back()
                    .map_or(floor, |(i, _)| i);
            }
            Vec::new()
        };
        // the participants between a marker and the trigger: after a relative clause's 的 if
        // there is one (与来华参加论坛的X会谈), named ones before group words (与美方代表团团长、…卡莱斯)
        let slot = |from: usize, to: usize| -> Vec<Cand> {
            let de = fold[from..to]
                .rfind('的')
                .map(|i| from + i + '的'.len_utf8());
            let pick = |lo: usize| -> Vec<Cand> {
                cands
                    .iter()
                    .filter(|c| actor(c) && c.span.start >= lo && c.span.end <= to)
                    .filter(|c| !fold[c.span.end..].starts_with('的'))
                    .cloned()
                    .collect()
            };
            let mut all = de
                .map(pick)
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| pick(from));
            let kind = |c: &Cand, k: EntityKind| {
                c.parts
                    .iter()
                    .any(|p| p.entity.is_some_and(|e| self.doc.entities[e].kind == k))
            };
            // 与美国代表（印太司令部司令阿奎利诺）: the person, not the words around them
            if all.iter().any(|c| kind(c, EntityKind::Per)) {
                all.retain(|c| kind(c, EntityKind::Per));
            } else if all
                .iter()
                .any(|c| c.parts.iter().any(|p| p.entity.is_some()))
            {
                all.retain(|c| c.parts.iter().any(|p| p.entity.is_some()));
            }
            all
        };
        // a relative clause (入侵乌克兰的俄罗斯, 来华参加论坛的占沙蒙): the head after 的 acts
        let relative_head = |from: usize| -> Option<Vec<Cand>> {
            let rest = &fold[from..clause.end];
            let de = rest.find('的')? + from + '的'.len_utf8();
            let i = cands
                .iter()
                .position(|c| actor(&c) && c.span.start >= de && c.span.end <= clause.end)?;
            let np = jishi_actors::noun_phrase_before(self.doc, &self.names, cands[i].span.start);
            (np.start <= de).then(|| self.list_from(cands, i, clause.end))
        };
        let mut marker_word: Option<String> = None;
        let mut source: Vec<Cand> = Vec::new();
        let mut targets: Vec<Cand> = Vec::new();
        let mut from_speaker = false;
        let mut relative = false;
        let near = hit.span.start.saturating_sub(gap).max(floor);
        match t.frame {
            Frame::With | Frame::Toward => {
                let words = if t.frame == Frame::With {
                    &frames.with_markers
                } else {
                    &frames.toward_markers
                };
                let marker = self
                    .marker_between(
                        words,
                        near.max(clause.start.min(hit.span.start)),
                        hit.span.start,
                    )
                    .or_else(|| self.marker_between(words, near, hit.span.start));
                match marker {
                    Some((m, w)) => {
                        targets = slot(m.end, hit.span.start);
                        source = subject(m.start);
                        marker_word = Some(w);
                    }
                    None if t.marker_required => return Vec::new(),
                    None => {
                        if let Some(i) = after(hit.span.end, clause.end) {
                            targets = self.list_from(cands, i, clause.end);
                        }
                        source = subject(hit.span.start);
                    }
                }
            }
            Frame::Object | Frame::Alone => {
                // a passive marker belongs to the nearest verb after it (受到伊朗支持的真主党发动袭击)
                let passive = self
                    .marker_between(&frames.passive_markers, near, hit.span.start)
                    .filter(|(m, _)| {
                        !ctx.hits
                            .iter()
                            .any(|h| h.span.start >= m.end && h.span.end <= hit.span.start)
                    });
                let relative_object = fold[hit.span.end..].starts_with('的');
                if relative_object {
                    // 伊朗支持的真主党, 受到伊朗支持的真主党: the head after 的 is the object
                    let Some(head) = relative_head(hit.span.end) else {
                        return Vec::new();
                    };
                    targets = head;
                    let from = passive
                        .as_ref()
                        .filter(|(m, _)| m.start >= clause.start)
                        .map_or(clause.start.max(floor), |(m, _)| m.end);
                    if let Some(i) = before(hit.span.start, from) {
                        source = self.list_before(cands, i, from);
                    }
                    relative = true;
                } else if let Some((m, w)) = passive.filter(|(m, _)| m.start >= clause.start) {
                    // B 被 A trigger
                    if let Some(i) = after(m.end, hit.span.start) {
                        source.push(cands[i].clone());
                    }
                    targets = subject(m.start);
                    marker_word = Some(w);
                } else {
                    if let Some(i) = after(hit.span.end, clause.end) {
                        // 希望美方…, 呼吁日本…: the one asked follows the verb at once
                        let close = t.kind != "REQUEST"
                            || fold[hit.span.end..cands[i].span.start].is_empty();
                        if close {
                            targets = self.list_from(cands, i, clause.end);
                        }
                    }
                    if targets.is_empty() {
                        if let Some((m, w)) = self.marker_between(
                            &frames.toward_markers,
                            clause.start.max(near),
                            hit.span.start,
                        ) {
                            let found = slot(m.end, hit.span.start);
                            if !found.is_empty() {
                                targets = found;
                                marker_word = Some(w);
                            }
                        }
                    }
                    let to = marker_word
                        .as_ref()
                        .and_then(|_| targets.first().map(|c| c.span.start))
                        .unwrap_or(hit.span.start);
                    let head = targets
                        .last()
                        .filter(|_| marker_word.is_none())
                        .and_then(|c| fold[c.span.end..].starts_with('的').then_some(c.span.end))
                        .and_then(relative_head);
                    match head {
                        Some(h) => {
                            source = h;
                            relative = true;
                        }
                        None => source = subject(to),
                    }
                }
            }
            Frame::Attend => {
                match relative_head(hit.span.end) {
                    Some(h) => {
                        source = h;
                        relative = true;
                    }
                    None => source = subject(hit.span.start),
                }
                if t.word.contains('华') {
                    targets.push(code_cand(hit.span, "CHN"));
                } else if let Some(c) = cands
                    .iter()
                    .filter(|c| c.located && clause.contains(c.span))
                    .find(|c| c.place.is_some())
                {
                    let code = c
                        .place
                        .and_then(|p| self.doc.entities[p].actor.as_ref())
                        .and_then(|a| a.country.clone());
                    if let Some(code) = code {
                        targets.push(code_cand(c.span, &code));
                    }
                } else if let Some((span, code)) = self
                    .event_host(hit.span.end, clause.end)
                    .or_else(|| self.event_host(sentence.start, sentence.end))
                {
                    targets.push(code_cand(span, &code));
                }
            }
            Frame::Charge | Frame::Should => {
                let Some(q) = quote else { return Vec::new() };
                let Some(sp) = self.speaker(q) else {
                    return Vec::new();
                };
                let from = clause.start.max(q.span.start);
                if let Some(i) = before(hit.span.start, from) {
                    if t.frame == Frame::Should && hit.span.start - cands[i].span.end > 12 {
                        return Vec::new();
                    }
                    targets = vec![cands[i].clone()];
                } else if t.frame == Frame::Charge {
                    // 遗憾的是，奥斯汀……: the one blamed comes after
                    if let Some(i) = after(hit.span.end, sentence.end.min(q.span.end)) {
                        targets = vec![cands[i].clone()];
                    }
                }
                if targets.is_empty() {
                    return Vec::new();
                }
                source.push(Cand {
                    span: sp.span,
                    parts: vec![sp],
                    located: false,
                    place: None,
                    open_pair: false,
                    pronoun: false,
                });
                from_speaker = true;
            }
        }
        if source.is_empty() {
            if let Some(sp) = quote.and_then(|q| self.speaker(q)) {
                source.push(Cand {
                    span: sp.span,
                    parts: vec![sp],
                    located: false,
                    place: None,
                    open_pair: false,
                    pronoun: false,
                });
                from_speaker = true;
            } else if let Some(c) = self.previous_subject(ctx) {
                source.push(c);
            }
        }
        // 他送给卡莱斯: a pronoun subject is not the object of its own clause; in someone's
        // words it is then the speaker
        if source.len() == 1
            && source[0].pronoun
            && targets.iter().any(|c| same_side(&source[0], c))
        {
            if let Some(sp) = quote.and_then(|q| self.speaker(q)) {
                source = vec![Cand {
                    span: source[0].span,
                    parts: vec![Participant {
                        span: source[0].span,
                        ..sp
                    }],
                    located: false,
                    place: None,
                    open_pair: false,
                    pronoun: true,
                }];
            }
        }
        // a side is not its own partner
        targets.retain(|c| !source.iter().any(|s| same_side(s, c)));
        if source.is_empty() {
            return Vec::new();
        }
        if targets.is_empty() && t.kind == "ACCUSE" && t.frame == Frame::Toward {
            // 表达遗憾，他称奥斯汀……: the one blamed is named in what follows
            targets = cands
                .iter()
                .filter(|c| actor(c) && c.span.start >= hit.span.end)
                .find(|c| !source.iter().any(|s| same_side(s, c)))
                .cloned()
                .into_iter()
                .collect();
        }
        // 中方…希望 in a spokesman's words: the spokesman speaks for the side
        if let Some(sp) = quote.and_then(|q| self.speaker(q)) {
            let speaker_country = sp
                .entity
                .and_then(|e| self.doc.entities[e].actor.as_ref())
                .and_then(|a| a.country.clone());
            let own_side = source.len() == 1
                && source[0].parts.iter().all(|p| {
                    p.entity.is_none()
                        && speaker_country.is_some()
                        && p.code.as_deref().map(|c| c.split('-').next())
                            == Some(speaker_country.as_deref())
                });
            if own_side && !from_speaker {
                source.push(Cand {
                    span: sp.span,
                    parts: vec![sp],
                    located: false,
                    place: None,
                    open_pair: false,
                    pronoun: false,
                });
            }
        }
        // attending with no host found says too little to code
        let open_target = matches!(t.frame, Frame::Alone);
        let pair = source.iter().any(|c| c.parts.len() >= 2 || c.open_pair);
        if targets.is_empty() && !open_target && !pair {
            return Vec::new();
        }
        let source_end = source.iter().map(|c| c.span.end).max().unwrap_or(floor);
        let lead = source_end
            .min(hit.span.start)
            .max(clause.start.min(hit.span.start));
        let negated = self
            .cue_before(
                &self.lex.patterns.negation.words,
                lead,
                hit.span,
                self.lex.patterns.negation.reach,
            )
            .is_some();
        let requested = ctx
            .hits
            .iter()
            .any(|h| h.trigger.kind == "REQUEST" && h.span.end <= hit.span.start);
        let negated_here = negated;
        let _ = negated_here;
        let modality = if relative || matches!(t.kind.as_str(), "REQUEST" | "AGREE") {
            Modality::Asserted
        } else if self
            .cue_before(
                &self.lex.patterns.modality.hypothetical,
                clause.start,
                hit.span,
                30,
            )
            .is_some()
        {
            Modality::Hypothetical
        } else if self
            .cue_before(
                &self.lex.patterns.modality.intended,
                lead,
                hit.span,
                self.lex.patterns.modality.reach,
            )
            .is_some()
        {
            Modality::Intended
        } else {
            Modality::Asserted
        };
        let requested_here = ctx.hits.iter().any(|h| {
            h.trigger.kind == "REQUEST"
                && h.span.start >= clause.start
                && h.span.end <= hit.span.start
        });
        if t.kind != "REQUEST" && (requested_here || (modality == Modality::Intended && requested))
        {
            // 提出想和中国军方通话, 希望…来参加, 要求哈马斯释放人质: what is asked for is the
            // request (coded by its own trigger), not an event that happened
            return Vec::new();
        }
        let location = cands
            .iter()
            .filter(|c| c.located && (clause.contains(c.span) || c.span.end <= hit.span.start))
            .filter_map(|c| c.place)
            .next_back();
        let (date, date_source) = jishi_times::governing_date(self.doc, hit.span);
        let separately = frames
            .separately
            .iter()
            .any(|w| fold[lead.min(hit.span.start)..hit.span.start].contains(w.as_str()));
        let mut pattern = t.frame.as_str().to_string();
        if let Some(m) = &marker_word {
            pattern.push_str(&format!("[{m}]"));
        }
        if from_speaker {
            pattern.push_str("[speaker]");
        }
        pattern.push(':');
        pattern.push_str(&t.word);
        let mut source_parts: Vec<Participant> =
            source.iter().flat_map(|c| c.parts.clone()).collect();
        let mut target_parts: Vec<Participant> =
            targets.iter().flat_map(|c| c.parts.clone()).collect();
        // 双方/中美两军 as the only side: the first is the source, the others the targets
        if target_parts.is_empty()
            && source.len() == 1
            && source_parts.len() >= 2
            && t.kind == "CONSULT"
        {
            target_parts = source_parts.split_off(1);
        }
        let make = |target: Vec<Participant>| Event {
            kind: t.kind.clone(),
            mode: t.mode.clone(),
            cameo: t.cameo.clone(),
            source: source_parts.clone(),
            target,
            date: date.clone(),
            date_source,
            location,
            negated,
            modality,
            sentence: si,
            trigger: hit.span,
            mentions: Vec::new(),
            pattern: Some(pattern.clone()),
        };
        // events are dyads: one event for each target (分别同X、Y会谈; 与X、Y举行会谈)
        let _ = separately;
        if targets.len() > 1 {
            targets.iter().map(|c| make(c.parts.clone())).collect()
        } else {
            vec![make(target_parts)]
        }
    }

    /// The first actor of the previous sentence of the same paragraph (Chinese drops subjects:
    /// 何雷说了…。随后会见了…).
    /// The end of the last verb of `clause_verbs` (patterns.toml) between `from` and `to`,
    /// taken only where it is a word of the segmenter (指 of 指出 is not 指).
    fn clause_verb_end(&self, from: usize, to: usize) -> Option<usize> {
        let fold = self.fold();
        let words = &self.lex.patterns.frames.clause_verbs;
        let i = self.doc.tokens.partition_point(|t| t.span.start < from);
        self.doc.tokens[i..]
            .iter()
            .take_while(|t| t.span.end <= to)
            .filter(|t| words.iter().any(|w| fold[t.span.start..t.span.end] == **w))
            .map(|t| t.span.end)
            .last()
    }

    fn previous_subject(&self, ctx: &Context) -> Option<Cand> {
        let (pi, cands) = ctx.previous?;
        let prev = *self.doc.sentences.get(pi)?;
        if self.doc.block_at(prev.start) != self.doc.block_at(ctx.sentence.start) {
            return None;
        }
        cands
            .iter()
            .find(|c| {
                !c.located && !c.parts.is_empty() && c.parts.iter().all(|p| p.entity.is_some())
            })
            .cloned()
    }

    /// A cue word standing as a word between `from` and the trigger, within `reach` characters.
    fn cue_before(
        &self,
        words: &[String],
        from: usize,
        trigger: Span,
        reach: usize,
    ) -> Option<(Span, String)> {
        let fold = self.fold();
        let lo = fold[..trigger.start]
            .char_indices()
            .rev()
            .take(reach)
            .last()
            .map_or(trigger.start, |(i, _)| i)
            .max(from.min(trigger.start));
        let fold = self.fold();
        let part = fold.get(lo..trigger.start)?;
        words
            .iter()
            .flat_map(|w| {
                part.match_indices(w.as_str())
                    .map(move |(i, _)| (lo + i, w))
            })
            .filter(|(at, w)| self.token_is(*at, w))
            .max_by_key(|(at, _)| *at)
            .map(|(at, w)| (Span::new(at, at + w.len()), w.clone()))
    }

    /// Is `word` at `at` a token of its own (将 the auxiliary, not 将 of 将军)?
    fn token_is(&self, at: usize, word: &str) -> bool {
        if self.doc.tokens.is_empty() {
            return true;
        }
        let i = self.doc.tokens.partition_point(|t| t.span.start < at);
        self.doc
            .tokens
            .get(i)
            .is_some_and(|t| t.span.start == at && t.span.end == at + word.len())
    }

    /// 双方 alone: the sides of the last event with two sides.
    fn resolve_open_pairs(&self, ev: &mut Event, events: &[Event]) {
        let open = |p: &Participant| p.entity.is_none() && p.code.is_none();
        ev.target.retain(|p| !open(p));
        if !ev.source.iter().any(open) {
            return;
        }
        if let Some(last) = events
            .iter()
            .rev()
            .find(|e| !e.source.is_empty() && !e.target.is_empty())
        {
            let span = ev
                .source
                .iter()
                .find(|p| open(p))
                .map(|p| p.span)
                .unwrap_or(ev.trigger);
            ev.source.retain(|p| !open(p));
            let mut s: Vec<Participant> = last
                .source
                .iter()
                .cloned()
                .map(|mut p| {
                    p.span = span;
                    p
                })
                .collect();
            let t: Vec<Participant> = last
                .target
                .iter()
                .cloned()
                .map(|mut p| {
                    p.span = span;
                    p
                })
                .collect();
            ev.source.append(&mut s);
            if ev.target.is_empty() {
                ev.target = t;
            }
        } else {
            ev.source.retain(|p| !open(p));
        }
    }
}

/// Prepositions that govern the actor right after them, who is then acted on, not a doer
/// (对以色列进行干预, 向中方提出, 被警方逮捕).
const GOVERNING: [char; 5] = ['对', '向', '被', '给', '把'];

fn code_cand(span: Span, code: &str) -> Cand {
    Cand {
        span,
        parts: vec![Participant {
            entity: None,
            code: Some(code.to_string()),
            span,
        }],
        located: false,
        place: None,
        open_pair: false,
        pronoun: false,
    }
}

fn same_side(a: &Cand, b: &Cand) -> bool {
    a.span == b.span
        || a.parts.iter().any(|p| {
            b.parts
                .iter()
                .any(|q| p.entity.is_some() && p.entity == q.entity)
        })
}

/// Adds an event, or records it as a further mention of the same event already coded.
fn merge(events: &mut Vec<Event>, ev: Event, side_key: &dyn Fn(&Participant) -> String) {
    let key = |e: &Event| {
        let mut s: Vec<String> = e.source.iter().map(side_key).collect();
        let mut t: Vec<String> = e.target.iter().map(side_key).collect();
        if e.kind == "CONSULT" {
            s.append(&mut t);
        }
        s.sort();
        s.dedup();
        t.sort();
        t.dedup();
        (e.kind.clone(), e.negated, s, t)
    };
    let k = key(&ev);
    if let Some(first) = events.iter_mut().find(|e| key(e) == k) {
        if first.trigger != ev.trigger {
            first.mentions.push(EventMention {
                sentence: ev.sentence,
                trigger: ev.trigger,
            });
        }
        if first.location.is_none() {
            first.location = ev.location;
        }
        return;
    }
    events.push(ev);
}

fn default_lexicon() -> Option<&'static Lexicon> {
    static LEX: OnceLock<Option<Lexicon>> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::load().ok()).as_ref()
}

/// How an event was found, in words: the pattern, the trigger and its line in the lexicon, the
/// words that gave the sides, the negation and modality, the date and where it came from.
pub fn explain(doc: &Doc, event: &Event) -> String {
    let mut out = String::new();
    let side = |ps: &[Participant]| -> String {
        if ps.is_empty() {
            return "—".into();
        }
        ps.iter()
            .map(|p| {
                let name = p
                    .entity
                    .and_then(|e| doc.entities.get(e))
                    .map(|e| e.name.clone())
                    .unwrap_or_else(|| "(group)".into());
                format!(
                    "{} «{}» {}",
                    name,
                    doc.text.get(p.span.start..p.span.end).unwrap_or(""),
                    p.code.as_deref().unwrap_or("?")
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let trigger = doc
        .text
        .get(event.trigger.start..event.trigger.end)
        .unwrap_or("");
    out.push_str(&format!(
        "{} (CAMEO {}{}) — pattern {}\n",
        event.kind,
        event.cameo.as_deref().unwrap_or("—"),
        event
            .mode
            .as_deref()
            .map(|m| format!(", mode {m}"))
            .unwrap_or_default(),
        event.pattern.as_deref().unwrap_or("?")
    ));
    let fold_trigger = doc
        .folded()
        .get(event.trigger.start..event.trigger.end)
        .unwrap_or("");
    let line = default_lexicon()
        .and_then(|l| {
            l.triggers
                .iter()
                .find(|t| t.word == fold_trigger && t.kind == event.kind)
        })
        .map(|t| format!(" (data/events/triggers.tsv line {})", t.line))
        .unwrap_or_default();
    out.push_str(&format!("  trigger: «{trigger}»{line}\n"));
    if let Some(s) = doc.sentences.get(event.sentence) {
        out.push_str(&format!(
            "  sentence {}: {}\n",
            event.sentence,
            doc.text.get(s.start..s.end).unwrap_or("").trim()
        ));
    }
    out.push_str(&format!("  source: {}\n", side(&event.source)));
    out.push_str(&format!("  target: {}\n", side(&event.target)));
    if let Some(lex) = default_lexicon() {
        let sentence = doc
            .sentences
            .get(event.sentence)
            .copied()
            .unwrap_or(event.trigger);
        let before = doc
            .folded()
            .get(sentence.start.min(event.trigger.start)..event.trigger.start)
            .unwrap_or("");
        // the cue nearest the trigger, the longest at its place (没有 before 没)
        let last = |words: &[String]| {
            words
                .iter()
                .filter_map(|w| before.rfind(w.as_str()).map(|at| (at, w.len(), w)))
                .max()
                .map(|(_, _, w)| w.clone())
        };
        if event.negated {
            out.push_str(&format!(
                "  negated by «{}»\n",
                last(&lex.patterns.negation.words).unwrap_or_default()
            ));
        }
        match event.modality {
            Modality::Intended => out.push_str(&format!(
                "  intended: «{}»\n",
                last(&lex.patterns.modality.intended).unwrap_or_default()
            )),
            Modality::Hypothetical => out.push_str(&format!(
                "  hypothetical: «{}»\n",
                last(&lex.patterns.modality.hypothetical).unwrap_or_default()
            )),
            Modality::Asserted => {}
        }
    }
    out.push_str(&format!(
        "  date: {} (from {})\n",
        event.date.as_deref().unwrap_or("—"),
        event.date_source.as_str()
    ));
    if let Some(l) = event.location.and_then(|l| doc.entities.get(l)) {
        out.push_str(&format!("  location: {}\n", l.name));
    }
    for m in &event.mentions {
        out.push_str(&format!(
            "  also in sentence {}: «{}»\n",
            m.sentence,
            doc.text.get(m.trigger.start..m.trigger.end).unwrap_or("")
        ));
    }
    out
}

#[cfg(test)]
mod tests;
