//! The trigger lexicon (`data/events/triggers.tsv`) and the frames' words
//! (`data/events/patterns.toml`), embedded and parsed once.

use serde::Deserialize;

use crate::EventsError;

const TRIGGERS: &str = include_str!("../../../data/events/triggers.tsv");
const PATTERNS: &str = include_str!("../../../data/events/patterns.toml");

/// How the sides of an event are found around its trigger (see `triggers.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    /// A 与/同/和/跟 B … trigger.
    With,
    /// A trigger B.
    Object,
    /// A 向/对/给 B … trigger.
    Toward,
    /// A attends (a meeting, a place).
    Attend,
    /// The speaker accuses X of X's act (X 炒作 …).
    Charge,
    /// The speaker asks X to act (X 应 …).
    Should,
    /// A acts, maybe towards B.
    Alone,
}

impl Frame {
    /// The name used in the data file and in pattern ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Frame::With => "with",
            Frame::Object => "object",
            Frame::Toward => "toward",
            Frame::Attend => "attend",
            Frame::Charge => "charge",
            Frame::Should => "should",
            Frame::Alone => "alone",
        }
    }
}

/// One row of `triggers.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trigger {
    pub word: String,
    /// PLOVER type.
    pub kind: String,
    pub cameo: Option<String>,
    pub mode: Option<String>,
    pub frame: Frame,
    /// `with!`: no event without the marker.
    pub marker_required: bool,
    /// Line in `triggers.tsv`, for `--explain`.
    pub line: usize,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Frames {
    pub with_markers: Vec<String>,
    pub toward_markers: Vec<String>,
    pub passive_markers: Vec<String>,
    pub separately: Vec<String>,
    pub list_joiners: Vec<String>,
    pub max_gap: usize,
    pub unnamed_agents: Vec<String>,
    pub clause_verbs: Vec<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Negation {
    pub words: Vec<String>,
    pub reach: usize,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Modality {
    pub intended: Vec<String>,
    pub hypothetical: Vec<String>,
    pub reach: usize,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub markers: Vec<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct NotTriggers {
    pub words: Vec<String>,
}

/// The words of the frames (`patterns.toml`).
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Patterns {
    pub frames: Frames,
    pub negation: Negation,
    pub modality: Modality,
    pub location: Location,
    pub not_triggers: NotTriggers,
}

/// Triggers and frames.
#[derive(Debug)]
pub struct Lexicon {
    /// Longest first.
    pub triggers: Vec<Trigger>,
    /// Indices into `triggers` by first character, longest first: a scan looks only at the
    /// triggers that can start where it stands.
    pub by_first: rustc_hash::FxHashMap<char, Vec<usize>>,
    pub patterns: Patterns,
}

const TYPES: &[&str] = &[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

impl Lexicon {
    /// Parses the embedded data files.
    pub fn load() -> Result<Lexicon, EventsError> {
        let patterns: Patterns = toml::from_str(PATTERNS).map_err(|e| EventsError::Data {
            file: "data/events/patterns.toml".into(),
            line: 0,
            message: e.to_string(),
        })?;
        let file = "data/events/triggers.tsv";
        let mut triggers = Vec::new();
        for (i, line) in TRIGGERS.lines().enumerate() {
            let no = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            let bad = |message: String| EventsError::Data {
                file: file.into(),
                line: no,
                message,
            };
            if f.len() < 5 {
                return Err(bad(format!(
                    "expected 5 tab-separated fields, found {}",
                    f.len()
                )));
            }
            if !TYPES.contains(&f[1]) {
                return Err(bad(format!("unknown PLOVER type {:?}", f[1])));
            }
            let (frame, marker_required) = match f[4] {
                "with" => (Frame::With, false),
                "with!" => (Frame::With, true),
                "object" => (Frame::Object, false),
                "toward" => (Frame::Toward, false),
                "attend" => (Frame::Attend, false),
                "charge" => (Frame::Charge, false),
                "should" => (Frame::Should, false),
                "alone" => (Frame::Alone, false),
                other => return Err(bad(format!("unknown frame {other:?}"))),
            };
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
            triggers.push(Trigger {
                word: f[0].to_string(),
                kind: f[1].to_string(),
                cameo: opt(f[2]),
                mode: opt(f[3]),
                frame,
                marker_required,
                line: no,
            });
        }
        triggers.sort_by_key(|t| std::cmp::Reverse(t.word.len()));
        let mut by_first: rustc_hash::FxHashMap<char, Vec<usize>> = Default::default();
        for (i, t) in triggers.iter().enumerate() {
            if let Some(c) = t.word.chars().next() {
                by_first.entry(c).or_default().push(i);
            }
        }
        Ok(Lexicon {
            triggers,
            by_first,
            patterns,
        })
    }
}
