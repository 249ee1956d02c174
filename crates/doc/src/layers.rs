//! The annotation layers: each a list of stand-off records over `Doc::text`.

use crate::Span;

/// The role of a block of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Title,
    Heading,
    Paragraph,
    Caption,
}

impl BlockKind {
    /// The record's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Title => "title",
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Caption => "caption",
        }
    }
}

/// A title, heading, paragraph or caption.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
}

/// A word from the segmenter, with its part-of-speech tag (jieba's tag set: n, v, nr, ns, nt …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub pos: String,
}

/// The type of a named entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntityKind {
    /// A person.
    Per,
    /// An organization.
    Org,
    /// A geopolitical entity: a country, province or city.
    Gpe,
    /// A location that is not a polity (a sea, a mountain, a region).
    Loc,
    /// A named facility.
    Fac,
    /// A named event (a forum, a summit).
    Event,
}

impl EntityKind {
    /// The record's spelling: `PER`, `ORG`, …
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Per => "PER",
            EntityKind::Org => "ORG",
            EntityKind::Gpe => "GPE",
            EntityKind::Loc => "LOC",
            EntityKind::Fac => "FAC",
            EntityKind::Event => "EVENT",
        }
    }
    /// Parses the record's spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "PER" => EntityKind::Per,
            "ORG" => EntityKind::Org,
            "GPE" => EntityKind::Gpe,
            "LOC" => EntityKind::Loc,
            "FAC" => EntityKind::Fac,
            "EVENT" => EntityKind::Event,
            _ => return None,
        })
    }
}

/// How a mention names its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionForm {
    /// The name, in full or shortened (伊利·拉特纳, 拉特纳).
    Name,
    /// A name in another script, often in brackets (Ely Ratner, SIPRI).
    Foreign,
    /// A title or description standing for the name (防长).
    Title,
}

/// One place in the text where an entity is named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    pub span: Span,
    pub form: MentionForm,
}

/// An actor code: ISO 3166 alpha-3 country and one sector (MIL, GOV, JRN, …).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Actor {
    pub country: Option<String>,
    pub sector: Option<String>,
}

impl Actor {
    /// `CHN`, `CHN-MIL`, or `None` when nothing is known.
    pub fn code(&self) -> Option<String> {
        match (&self.country, &self.sector) {
            (Some(c), Some(s)) => Some(format!("{c}-{s}")),
            (Some(c), None) => Some(c.clone()),
            (None, Some(s)) => Some(s.clone()),
            (None, None) => None,
        }
    }
}

/// A named entity with all its mentions in the article.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    /// The canonical name: the fullest name form in the article.
    pub name: String,
    pub kind: EntityKind,
    pub mentions: Vec<Mention>,
    /// PER: titles, ranks and posts attached in the article (中将, 发言人).
    pub titles: Vec<String>,
    /// PER: index into `Doc::entities` of the organization the article ties the person to.
    pub affiliation: Option<usize>,
    pub actor: Option<Actor>,
}

/// A pronoun or description resolved to an entity (她 → 卡莱斯, 该部 → 国防部).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coref {
    pub span: Span,
    /// Index into `Doc::entities`.
    pub entity: usize,
}

/// The type of a time expression (TIMEX3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimexKind {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexKind {
    /// The record's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TimexKind::Date => "DATE",
            TimexKind::Time => "TIME",
            TimexKind::Duration => "DURATION",
            TimexKind::Set => "SET",
        }
    }
}

/// A time expression and its resolved TIMEX3-style value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timex {
    pub span: Span,
    pub kind: TimexKind,
    /// `2023`, `2023-10-30`, `2023-10-30TEV`, `2023-10-30T14:00`, `P1Y`, `PRESENT_REF` …
    pub value: String,
    /// For ranges (10月29日至31日): the end; `value` is the start.
    pub end_value: Option<String>,
}

/// Direct (in quote marks) or indirect (a reported clause).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteKind {
    Direct,
    Indirect,
}

impl QuoteKind {
    /// The record's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// Reported words with the one who said them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    pub kind: QuoteKind,
    /// The reported content, without quote marks.
    pub span: Span,
    /// Index into `Doc::entities`; `None` for an unnamed source (一位消息人士).
    pub speaker: Option<usize>,
    /// The words that name the speaker here (马蒂斯, 她, 一位消息人士).
    pub speaker_span: Option<Span>,
    /// The reporting expression (回忆说, 表示, 稱).
    pub cue: Option<Span>,
    /// Index into `Doc::entities` of whoever passes the words on, if not the speaker.
    pub relayed_by: Option<usize>,
}

/// Where an event's date came from (see the spec's conventions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DateSource {
    /// A time expression in the event's own clause.
    Clause,
    /// A time expression elsewhere in the sentence.
    Sentence,
    /// The story's anchor date (the time the lead reports the happenings at).
    Story,
    /// The dateline's day.
    Dateline,
    /// The publication date.
    Published,
    /// No date.
    #[default]
    None,
}

impl DateSource {
    /// The record's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Clause => "clause",
            DateSource::Sentence => "sentence",
            DateSource::Story => "story",
            DateSource::Dateline => "dateline",
            DateSource::Published => "published",
            DateSource::None => "none",
        }
    }
}

/// Whether an event happened, is intended, or is supposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Modality {
    #[default]
    Asserted,
    Intended,
    Hypothetical,
}

impl Modality {
    /// The record's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Intended => "intended",
            Modality::Hypothetical => "hypothetical",
        }
    }
}

/// A participant in an event: a named entity, or a group known only by its actor code (中方).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    /// Index into `Doc::entities`, or `None` for a group reference.
    pub entity: Option<usize>,
    /// `CHN`, `USA-MIL`, …
    pub code: Option<String>,
    /// The words that name the participant here.
    pub span: Span,
}

/// A further mention of an event already recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventMention {
    pub sentence: usize,
    pub trigger: Span,
}

/// Who did what to whom, in the PLOVER ontology.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// PLOVER type: CONSULT, SUPPORT, REQUEST, ACCUSE, …
    pub kind: String,
    /// PLOVER mode (visit, phone, …).
    pub mode: Option<String>,
    /// Nearest CAMEO code.
    pub cameo: Option<String>,
    pub source: Vec<Participant>,
    pub target: Vec<Participant>,
    /// ISO partial date of the event itself.
    pub date: Option<String>,
    pub date_source: DateSource,
    /// Index into `Doc::entities`.
    pub location: Option<usize>,
    pub negated: bool,
    pub modality: Modality,
    /// Index into `Doc::sentences` of the first mention.
    pub sentence: usize,
    pub trigger: Span,
    pub mentions: Vec<EventMention>,
    /// Which pattern produced the event (for `--explain`).
    pub pattern: Option<String>,
}
