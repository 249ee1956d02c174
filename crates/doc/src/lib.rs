//! The document model that flows through jishi's pipeline.
//!
//! One [`Doc`] holds one article: its metadata ([`Article`]), one immutable analysed `text`, and
//! stand-off layers over that text — blocks, sentences, tokens, entities, times, quotes, events.
//! Each pipeline stage reads the layers that earlier stages wrote and fills its own; no stage
//! edits the text or another stage's layer.
//!
//! Offsets inside Rust are **byte** offsets into `Doc::text` ([`Span`]); the record boundary
//! (`jishi-record`) turns them into code points for the JSON.
//!
//! ```
//! use jishi_doc::{Doc, Article, Span};
//! let mut doc = Doc::new(Article::new("example.txt"), "中美两军。".to_string());
//! doc.sentences.push(Span::new(0, doc.text.len()));
//! assert_eq!(doc.slice(doc.sentences[0]), "中美两军。");
//! ```

use chrono::{DateTime, FixedOffset, NaiveDate};

mod layers;
mod spans;
pub use layers::*;
pub use spans::SpanIndex;

/// A half-open byte range `[start, end)` into [`Doc::text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes, end exclusive).
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// True when `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// The writing system of an article, as a BCP 47 tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Language {
    /// Chinese in simplified characters.
    #[default]
    ZhHans,
    /// Chinese in traditional characters.
    ZhHant,
    /// English.
    En,
}

impl Language {
    /// The BCP 47 tag: `zh-Hans`, `zh-Hant` or `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::ZhHans => "zh-Hans",
            Language::ZhHant => "zh-Hant",
            Language::En => "en",
        }
    }
}

/// Where the date that relative expressions resolve against came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ReferenceSource {
    /// The local date of the publication time.
    Published,
    /// The day named in a wire dateline （中央社記者…台北3日電）.
    Dateline,
    /// Nothing to resolve against.
    #[default]
    None,
}

impl ReferenceSource {
    /// The record's spelling: `published`, `dateline` or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferenceSource::Published => "published",
            ReferenceSource::Dateline => "dateline",
            ReferenceSource::None => "none",
        }
    }
}

/// The local date that relative time expressions (今天, 3日) resolve against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ReferenceDate {
    pub value: Option<NaiveDate>,
    pub source: ReferenceSource,
}

/// A wire-copy dateline such as （中央社記者王揚宇台北3日電） or 【共同社杭州10月1日电】.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dateline {
    /// The whole dateline in the text.
    pub span: Span,
    /// The agency or outlet named (中央社, 共同社, 路透社), if any.
    pub agency: Option<String>,
    /// The place named (台北).
    pub place: Option<String>,
    /// Where the place is in the text.
    pub place_span: Option<Span>,
    /// The day of the month named (3 in 3日電), with the month when given.
    pub day: Option<u32>,
    pub month: Option<u32>,
}

/// What is known about an article apart from its text.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Article {
    /// First 16 hex characters of the SHA-256 of the source key (URL, else path).
    pub id: String,
    /// SHA-256 of the body text after NFC and collapsing white space.
    pub content_hash: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    /// Publication time with the offset given (or the outlet's zone when none was given).
    pub published: Option<DateTime<FixedOffset>>,
    pub reference_date: ReferenceDate,
    /// The encoding the reader detected (`utf-8`, `gb18030`, `big5`, `utf-16le`, …).
    pub encoding: String,
    pub url: Option<String>,
    pub language: Language,
    /// The path or name the article came from.
    pub source: String,
    /// The outlet (from front matter `categories` or the URL host), lower case, if known.
    pub outlet: Option<String>,
    /// The input format the reader recognised (`markdown-news`, `jekyll`, `html`, `text`, `jsonl`).
    pub format: String,
}

impl Article {
    /// An article known only by where it came from.
    pub fn new(source: impl Into<String>) -> Self {
        Article {
            source: source.into(),
            encoding: "utf-8".into(),
            ..Default::default()
        }
    }
}

/// One analysed article: metadata, one immutable text, and the layers over it.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    pub article: Article,
    /// The analysed text: title, headings, paragraphs and captions joined by `\n\n`.
    pub text: String,
    /// A simplified-character view of `text` with **the same byte offsets**: each traditional
    /// character is replaced only by a simplified one of equal UTF-8 length. Stages match their
    /// (simplified) lexicons against it and report spans into `text`. Empty until the text stage
    /// fills it; [`Doc::folded`] falls back to `text`.
    pub fold: String,
    pub blocks: Vec<Block>,
    pub sentences: Vec<Span>,
    /// The wire dateline, when the text opens with one.
    pub dateline: Option<Dateline>,
    pub tokens: Vec<Token>,
    pub entities: Vec<Entity>,
    /// Pronouns and descriptions resolved to entities (他 → 何雷), by the quotes stage.
    pub corefs: Vec<Coref>,
    pub times: Vec<Timex>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
}

impl Doc {
    /// A document with text and no layers yet.
    pub fn new(article: Article, text: String) -> Self {
        Doc {
            article,
            text,
            ..Default::default()
        }
    }

    /// The text under a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// The simplified view (same offsets as `text`).
    pub fn folded(&self) -> &str {
        if self.fold.len() == self.text.len() {
            &self.fold
        } else {
            &self.text
        }
    }

    /// Index of the sentence that contains byte `at`, if any.
    pub fn sentence_at(&self, at: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= at);
        (i < self.sentences.len() && self.sentences[i].start <= at).then_some(i)
    }

    /// Index of the block that contains byte `at`, if any.
    pub fn block_at(&self, at: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.span.end <= at);
        (i < self.blocks.len() && self.blocks[i].span.start <= at).then_some(i)
    }

    /// The entity whose mention covers `span` exactly, if any.
    pub fn entity_at(&self, span: Span) -> Option<usize> {
        self.entities
            .iter()
            .position(|e| e.mentions.iter().any(|m| m.span == span))
    }
}

/// One step of the pipeline: reads the layers earlier stages wrote and adds its own.
///
/// Stages hold their resources (models, lexicons), loaded once when the stage is built, and
/// are shared between threads.
pub trait Stage: Send + Sync {
    /// A short name for logs and `--explain` (`entities`, `times`, …).
    fn name(&self) -> &'static str;
    /// Adds this stage's layer to `doc`.
    fn process(&self, doc: &mut Doc);
}
