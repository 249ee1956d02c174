//! The `document/1` record: the one place where a [`Doc`] becomes JSON.
//!
//! Inside Rust, spans are byte offsets; here they become Unicode code point offsets, entity,
//! quote and event indices become ids (`E1`, `Q1`, `V1`), and enums their spellings. The store,
//! the exports and the web UI all build on [`Record`]. The JSON Schema of the record is
//! `schema/document-1.schema.json`.
//!
//! ```
//! use jishi_doc::{Article, Block, BlockKind, Doc, Span};
//! let mut doc = Doc::new(Article::new("a.txt"), "何雷说。".to_string());
//! doc.blocks.push(Block { kind: BlockKind::Paragraph, span: Span::new(0, doc.text.len()) });
//! let rec = jishi_record::Record::from_doc(&doc);
//! assert_eq!(rec.blocks[0].end, 4); // code points, not bytes
//! ```

use jishi_doc::{Doc, Span};
use serde::{Deserialize, Serialize};

/// The schema name written into every record.
pub const SCHEMA: &str = "document/1";

/// The JSON Schema of `document/1`.
pub const JSON_SCHEMA: &str = include_str!("../../../schema/document-1.schema.json");

/// One analysed article, as the spec (`document/1`) writes it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Record {
    pub schema: String,
    pub article: ArticleRecord,
    pub text: String,
    pub blocks: Vec<BlockRecord>,
    pub sentences: Vec<SpanRecord>,
    pub entities: Vec<EntityRecord>,
    pub times: Vec<TimeRecord>,
    pub quotes: Vec<QuoteRecord>,
    pub events: Vec<EventRecord>,
}

/// What is known of the article apart from its text.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ArticleRecord {
    pub id: String,
    pub content_hash: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub reference_date: ReferenceDateRecord,
    pub encoding: String,
    pub url: Option<String>,
    pub language: String,
    pub source: String,
    /// Not in the spec's list; added fields are allowed.
    pub outlet: Option<String>,
    pub format: String,
    /// The wire dateline, when the text opens with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<DatelineRecord>,
}

/// The local date relative times resolve against, and where it came from.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ReferenceDateRecord {
    pub value: Option<String>,
    pub source: String,
}

/// A wire dateline: （中央社記者…台北3日電）.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DatelineRecord {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub agency: Option<String>,
    pub place: Option<String>,
    pub day: Option<u32>,
    pub month: Option<u32>,
}

/// A block of the text.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct BlockRecord {
    pub kind: String,
    pub start: usize,
    pub end: usize,
}

/// A bare span.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq)]
pub struct SpanRecord {
    pub start: usize,
    pub end: usize,
}

/// A span with the text it covers.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TextSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A named entity.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct EntityRecord {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub mentions: Vec<TextSpan>,
    pub titles: Vec<String>,
    pub affiliation: Option<String>,
    pub actor: Option<ActorRecord>,
}

/// Country (ISO 3166 alpha-3) and sector of an actor.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ActorRecord {
    pub country: Option<String>,
    pub sector: Option<String>,
}

/// A time expression with its value.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TimeRecord {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub value: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub end_value: Option<String>,
}

/// A quotation.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct QuoteRecord {
    pub id: String,
    pub kind: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
    pub speaker_text: Option<String>,
    pub cue: Option<String>,
    pub relayed_by: Option<String>,
}

/// A participant of an event.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ParticipantRecord {
    pub entity: Option<String>,
    pub code: Option<String>,
    pub text: String,
}

/// A further mention of an event.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct EventMentionRecord {
    pub sentence: usize,
    pub trigger: TextSpan,
}

/// A PLOVER event.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct EventRecord {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub mode: Option<String>,
    pub cameo: Option<String>,
    pub source: Vec<ParticipantRecord>,
    pub target: Vec<ParticipantRecord>,
    pub date: Option<String>,
    pub date_source: String,
    pub location: Option<String>,
    pub negated: bool,
    pub modality: String,
    pub sentence: usize,
    pub trigger: TextSpan,
    pub mentions: Vec<EventMentionRecord>,
    /// Which pattern produced the event (for `--explain`); not in the spec's list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

/// Maps byte offsets of one text to code point offsets.
pub struct Offsets<'a> {
    text: &'a str,
    /// Code point index of every char boundary, by byte offset (`u32::MAX` inside a char).
    by_byte: Vec<u32>,
}

impl<'a> Offsets<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut by_byte = vec![u32::MAX; text.len() + 1];
        let mut n = 0u32;
        for (b, _) in text.char_indices() {
            by_byte[b] = n;
            n += 1;
        }
        by_byte[text.len()] = n;
        Offsets { text, by_byte }
    }

    /// The code point offset of byte `b` (rounded down to a char boundary).
    pub fn cp(&self, b: usize) -> usize {
        let mut b = b.min(self.text.len());
        while self.by_byte[b] == u32::MAX {
            b -= 1;
        }
        self.by_byte[b] as usize
    }

    /// A span in code points with its text.
    pub fn text_span(&self, s: Span) -> TextSpan {
        TextSpan {
            start: self.cp(s.start),
            end: self.cp(s.end),
            text: self
                .text
                .get(s.start..s.end)
                .unwrap_or_default()
                .to_string(),
        }
    }

    /// A bare span in code points.
    pub fn span(&self, s: Span) -> SpanRecord {
        SpanRecord {
            start: self.cp(s.start),
            end: self.cp(s.end),
        }
    }
}

fn entity_id(i: usize) -> String {
    format!("E{}", i + 1)
}

impl Record {
    /// The record of an analysed document.
    pub fn from_doc(doc: &Doc) -> Record {
        let o = Offsets::new(&doc.text);
        let a = &doc.article;
        let article = ArticleRecord {
            id: a.id.clone(),
            content_hash: a.content_hash.clone(),
            title: a.title.clone(),
            byline: a.byline.clone(),
            published: a.published.map(|p| p.to_rfc3339()),
            reference_date: ReferenceDateRecord {
                value: a
                    .reference_date
                    .value
                    .map(|d| d.format("%Y-%m-%d").to_string()),
                source: a.reference_date.source.as_str().to_string(),
            },
            encoding: a.encoding.clone(),
            url: a.url.clone(),
            language: a.language.tag().to_string(),
            source: a.source.clone(),
            outlet: a.outlet.clone(),
            format: a.format.clone(),
            dateline: doc.dateline.as_ref().map(|d| {
                let t = o.text_span(d.span);
                DatelineRecord {
                    start: t.start,
                    end: t.end,
                    text: t.text,
                    agency: d.agency.clone(),
                    place: d.place.clone(),
                    day: d.day,
                    month: d.month,
                }
            }),
        };
        let blocks = doc
            .blocks
            .iter()
            .map(|b| {
                let s = o.span(b.span);
                BlockRecord {
                    kind: b.kind.as_str().to_string(),
                    start: s.start,
                    end: s.end,
                }
            })
            .collect();
        let entities = doc
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| EntityRecord {
                id: entity_id(i),
                name: e.name.clone(),
                kind: e.kind.as_str().to_string(),
                mentions: e.mentions.iter().map(|m| o.text_span(m.span)).collect(),
                titles: e.titles.clone(),
                affiliation: e.affiliation.map(entity_id),
                actor: e.actor.as_ref().map(|a| ActorRecord {
                    country: a.country.clone(),
                    sector: a.sector.clone(),
                }),
            })
            .collect();
        let times = doc
            .times
            .iter()
            .map(|t| {
                let s = o.text_span(t.span);
                TimeRecord {
                    text: s.text,
                    start: s.start,
                    end: s.end,
                    value: t.value.clone(),
                    kind: t.kind.as_str().to_string(),
                    end_value: t.end_value.clone(),
                }
            })
            .collect();
        let quotes = doc
            .quotes
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let s = o.text_span(q.span);
                QuoteRecord {
                    id: format!("Q{}", i + 1),
                    kind: q.kind.as_str().to_string(),
                    text: s.text,
                    start: s.start,
                    end: s.end,
                    speaker: q.speaker.map(entity_id),
                    speaker_text: q.speaker_span.map(|s| doc.slice(s).to_string()),
                    cue: q.cue.map(|s| doc.slice(s).to_string()),
                    relayed_by: q.relayed_by.map(entity_id),
                }
            })
            .collect();
        let participant = |p: &jishi_doc::Participant| ParticipantRecord {
            entity: p.entity.map(entity_id),
            code: p.code.clone(),
            text: doc
                .text
                .get(p.span.start..p.span.end)
                .unwrap_or_default()
                .to_string(),
        };
        let events = doc
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| EventRecord {
                id: format!("V{}", i + 1),
                kind: e.kind.clone(),
                mode: e.mode.clone(),
                cameo: e.cameo.clone(),
                source: e.source.iter().map(participant).collect(),
                target: e.target.iter().map(participant).collect(),
                date: e.date.clone(),
                date_source: e.date_source.as_str().to_string(),
                location: e.location.map(entity_id),
                negated: e.negated,
                modality: e.modality.as_str().to_string(),
                sentence: e.sentence,
                trigger: o.text_span(e.trigger),
                mentions: e
                    .mentions
                    .iter()
                    .map(|m| EventMentionRecord {
                        sentence: m.sentence,
                        trigger: o.text_span(m.trigger),
                    })
                    .collect(),
                pattern: e.pattern.clone(),
            })
            .collect();
        Record {
            schema: SCHEMA.to_string(),
            article,
            text: doc.text.clone(),
            blocks,
            sentences: doc.sentences.iter().map(|s| o.span(*s)).collect(),
            entities,
            times,
            quotes,
            events,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_code_points() {
        let o = Offsets::new("中a美𝄞b");
        assert_eq!(
            [o.cp(0), o.cp(3), o.cp(4), o.cp(7), o.cp(11), o.cp(12)],
            [0, 1, 2, 3, 4, 5]
        );
        assert_eq!(o.cp(1), 0, "inside a char rounds down");
        assert_eq!(o.text_span(Span::new(4, 7)).text, "美");
    }
}
