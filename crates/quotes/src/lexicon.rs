//! The cue lexicon (`data/quotes/cues.toml`): reporting verbs, source frames, unnamed-source
//! nouns, pronouns and the signs of a term in quote marks. All words are simplified; they are
//! matched against `Doc::fold`.

use serde::Deserialize;

use crate::QuotesError;

/// The lexicon embedded in the binary.
pub const EMBEDDED: &str = include_str!("../../../data/quotes/cues.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    verbs: Verbs,
    continuation: Continuation,
    addressed: Words,
    according_to: AccordingTo,
    relay: Relay,
    sources: Sources,
    circumstance: Circumstance,
    not_cues: NotCues,
    pronouns: Pronouns,
    terms: Terms,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Verbs {
    bare: Vec<String>,
    punct: Vec<String>,
    noun_markers: String,
    object_markers: String,
    negations: Vec<String>,
    time_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Continuation {
    openers: Vec<String>,
    between_quotes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    verbs: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccordingTo {
    openers: Vec<String>,
    verbs: Vec<String>,
    unnamed: Vec<String>,
    max_source: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Relay {
    verbs: Vec<String>,
    objects: Vec<String>,
    admissions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sources {
    unnamed: Vec<String>,
    documents: Vec<String>,
    reports: Vec<String>,
    publish: Vec<String>,
    not_speakers: Vec<String>,
    description_heads: Vec<String>,
    pointers: Vec<String>,
    outlet_words: Vec<String>,
    pointed_reach: usize,
    numerals: String,
    classifiers: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Circumstance {
    markers: Vec<String>,
    listener_markers: Vec<String>,
    occasion_opens: Vec<String>,
    occasion_ends: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotCues {
    words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pronouns {
    person: Vec<String>,
    either: Vec<String>,
    organization: Vec<String>,
    country: Vec<String>,
    demonstratives: Vec<String>,
    not_pronouns: Vec<String>,
    subject_openers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Terms {
    heads: Vec<String>,
    introducers: Vec<String>,
    clause_chars: String,
}

/// How a reporting verb leads into the words it reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueKind {
    /// The reported clause may follow directly (称, 表示).
    Bare,
    /// Only with a comma or colon after it (说, 指).
    Punct,
    /// The listener comes first, then a comma or colon (告诉).
    Addressed,
}

/// What a pronoun may refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PronounKind {
    /// A person (他, 她).
    Person,
    /// A person or an organization (其).
    Either,
    /// An organization (该部).
    Organization,
    /// A country (该国).
    Country,
}

/// The cue lexicon, parsed once.
#[derive(Clone, Debug)]
pub struct Lexicon {
    /// Reporting verbs, with how they lead into the words.
    pub cues: Vec<(String, CueKind)>,
    /// Characters before a cue that make it a noun (的, 篇).
    pub noun_markers: Vec<char>,
    /// Characters after a bare cue that give it an object (了, 对).
    pub object_markers: Vec<char>,
    /// Words before a cue that deny the act of speech (没有, 未).
    pub negations: Vec<String>,
    /// Words after a cue that make it a time (后, 时): 在多次警告后.
    pub time_words: Vec<String>,
    /// Openings of a sentence that goes on with the speaker's words (希望, 当然).
    pub continuation: Vec<String>,
    /// Words that may stand between two quotes of one speaker (以及).
    pub between_quotes: Vec<String>,
    pub according_openers: Vec<String>,
    pub according_verbs: Vec<String>,
    pub according_unnamed: Vec<String>,
    /// Longest source (characters) between 据 and its verb.
    pub max_source: usize,
    pub relay_verbs: Vec<String>,
    pub relay_objects: Vec<String>,
    /// Verbs of admission: inside another's words, with no comma after them, that speaker's
    /// account (法院指出，被告坦承…).
    pub admissions: Vec<String>,
    pub unnamed_sources: Vec<String>,
    pub documents: Vec<String>,
    pub reports: Vec<String>,
    pub publish: Vec<String>,
    pub not_speakers: Vec<String>,
    /// Nouns that make a country before them part of a description of someone unnamed
    /// (一家瑞士公司, 缅甸军政府一位发言人).
    pub description_heads: Vec<String>,
    /// Words that point back at a document named before (该报道, 这篇评论).
    pub pointers: Vec<String>,
    /// After a pointer, words for the outlet of a report (该报, 该通讯社).
    pub outlet_words: Vec<String>,
    /// How many paragraphs back a pointed document is looked for.
    pub pointed_reach: usize,
    /// Numerals and classifiers: 一家, 多名 before a name make it part of a description.
    pub numerals: Vec<char>,
    /// See `numerals`.
    pub classifiers: Vec<char>,
    pub markers: Vec<String>,
    pub listener_markers: Vec<String>,
    pub occasion_opens: Vec<String>,
    pub occasion_ends: Vec<String>,
    pub not_cues: Vec<String>,
    pub pronouns: Vec<(String, PronounKind)>,
    pub not_pronouns: Vec<String>,
    /// Demonstratives that make a role a description (这位, 该).
    pub demonstratives: Vec<String>,
    /// Words between a clause's start and a pronoun that is still its subject (但, 同时).
    pub subject_openers: Vec<String>,
    pub term_heads: Vec<String>,
    pub term_introducers: Vec<String>,
    pub clause_chars: Vec<char>,
}

impl Lexicon {
    /// The lexicon shipped in `data/quotes/cues.toml`.
    pub fn embedded() -> Result<Self, QuotesError> {
        Self::parse(EMBEDDED)
    }

    /// Parses a lexicon in the format of `data/quotes/cues.toml`.
    pub fn parse(src: &str) -> Result<Self, QuotesError> {
        let f: File = toml::from_str(src).map_err(|e| QuotesError::Lexicon(e.to_string()))?;
        let noun_markers = f.verbs.noun_markers.chars().collect();
        let object_markers = f.verbs.object_markers.chars().collect();
        let mut cues = Vec::new();
        cues.extend(f.verbs.bare.into_iter().map(|w| (w, CueKind::Bare)));
        cues.extend(f.verbs.punct.into_iter().map(|w| (w, CueKind::Punct)));
        cues.extend(
            f.addressed
                .verbs
                .into_iter()
                .map(|w| (w, CueKind::Addressed)),
        );
        let mut pronouns = Vec::new();
        pronouns.extend(
            f.pronouns
                .person
                .into_iter()
                .map(|w| (w, PronounKind::Person)),
        );
        pronouns.extend(
            f.pronouns
                .either
                .into_iter()
                .map(|w| (w, PronounKind::Either)),
        );
        pronouns.extend(
            f.pronouns
                .organization
                .into_iter()
                .map(|w| (w, PronounKind::Organization)),
        );
        pronouns.extend(
            f.pronouns
                .country
                .into_iter()
                .map(|w| (w, PronounKind::Country)),
        );
        let lex = Lexicon {
            cues,
            noun_markers,
            object_markers,
            negations: f.verbs.negations,
            time_words: f.verbs.time_words,
            continuation: f.continuation.openers,
            between_quotes: f.continuation.between_quotes,
            according_openers: f.according_to.openers,
            according_verbs: f.according_to.verbs,
            according_unnamed: f.according_to.unnamed,
            max_source: f.according_to.max_source,
            relay_verbs: f.relay.verbs,
            relay_objects: f.relay.objects,
            admissions: f.relay.admissions,
            unnamed_sources: f.sources.unnamed,
            documents: f.sources.documents,
            reports: f.sources.reports,
            publish: f.sources.publish,
            not_speakers: f.sources.not_speakers,
            description_heads: f.sources.description_heads,
            pointers: f.sources.pointers,
            outlet_words: f.sources.outlet_words,
            pointed_reach: f.sources.pointed_reach,
            numerals: f.sources.numerals.chars().collect(),
            classifiers: f.sources.classifiers.chars().collect(),
            markers: f.circumstance.markers,
            listener_markers: f.circumstance.listener_markers,
            occasion_opens: f.circumstance.occasion_opens,
            occasion_ends: f.circumstance.occasion_ends,
            not_cues: f.not_cues.words,
            pronouns,
            not_pronouns: f.pronouns.not_pronouns,
            demonstratives: f.pronouns.demonstratives,
            subject_openers: f.pronouns.subject_openers,
            term_heads: f.terms.heads,
            term_introducers: f.terms.introducers,
            clause_chars: f.terms.clause_chars.chars().collect(),
        };
        let empty = lex
            .cues
            .iter()
            .map(|(w, _)| w)
            .chain(&lex.according_openers)
            .chain(&lex.according_verbs)
            .chain(&lex.unnamed_sources)
            .chain(&lex.description_heads)
            .chain(&lex.pointers)
            .chain(&lex.outlet_words)
            .chain(&lex.markers)
            .chain(lex.pronouns.iter().map(|(w, _)| w))
            .any(|w| w.trim().is_empty());
        if empty {
            return Err(QuotesError::Lexicon("an empty word in a list".into()));
        }
        Ok(lex)
    }
}
