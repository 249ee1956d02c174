//! The entities stage: people, organizations, polities, places, facilities and events, with
//! every mention (fills `Doc::entities`).
//!
//! Reads `Doc::text`, `Doc::fold`, `Doc::sentences` (and `Doc::tokens` when the words stage
//! ran: gazetteer places must start and end on word boundaries). Adds `Doc::entities`: flat
//! entities (no mention inside another), typed PER/ORG/GPE/LOC/FAC/EVENT, each with all its
//! mentions (names, short names, bracketed foreign names, titles standing for a person), a
//! canonical name (the fullest form in the article), titles and affiliation for people, and the
//! ISO country of polities (and of organizations whose name starts with a country).
//!
//! The names come from a trained character-level recognizer ([`ner`], model embedded from
//! `models/ner/ner.bin`, see `models/ner/MODEL_CARD.md`) run on the simplified fold, so
//! traditional text works with its offsets intact, plus gazetteers and word lists under
//! `data/entities/` and `data/words/`.
//!
//! ```
//! use jishi_doc::{Article, Block, BlockKind, Doc, EntityKind, Span, Stage};
//! let mut doc = Doc::new(Article::new("x"), "美國國防部長奧斯汀抵達斐濟。".to_string());
//! doc.blocks.push(Block { kind: BlockKind::Paragraph, span: Span::new(0, doc.text.len()) });
//! jishi_text::TextStage.process(&mut doc);
//! let stage = jishi_entities::EntityStage::new().unwrap();
//! stage.process(&mut doc);
//! let fiji = doc.entities.iter().find(|e| e.name == "斐濟").unwrap();
//! assert_eq!(fiji.kind, EntityKind::Gpe);
//! assert_eq!(fiji.actor.as_ref().unwrap().country.as_deref(), Some("FJI"));
//! ```

use rustc_hash::FxHashMap as HashMap;

use jishi_doc::{Doc, EntityKind, Mention, MentionForm, Span, Stage};
use rustc_hash::FxHashSet;

pub mod lexicon;
pub mod ner;
mod stage;

use lexicon::Lexicon;
use ner::gazetteer::{Gazetteer, GAZ_COUNTRY, GAZ_ORG, GAZ_PLACE, GAZ_TITLE};
use ner::{Model, Recognizer};

/// The trained recognizer, embedded (`models/ner/ner.bin`, see `models/ner/MODEL_CARD.md`).
pub static MODEL: &[u8] = include_bytes!("../../../models/ner/ner.bin");

/// What can go wrong when the stage is built.
#[derive(Debug, thiserror::Error)]
pub enum EntitiesError {
    /// A data file has a bad line.
    #[error("{file}:{line}: {message}")]
    Data {
        file: String,
        line: usize,
        message: String,
    },
    /// The embedded model cannot be read.
    #[error("models/ner/ner.bin: {0}")]
    Model(String),
    /// The segmenter could not be built.
    #[error(transparent)]
    Words(#[from] jishi_words::WordsError),
}

/// The recognizer's feature resources built from the lexicon: gazetteer, surnames, segmenter.
///
/// The model was trained with these: after editing the word lists, retrain (see the model card).
pub fn ner_resources(lx: &Lexicon) -> Result<ner::Resources, EntitiesError> {
    let mut g = Gazetteer::new();
    for name in lx.countries.keys() {
        g.insert(name, GAZ_COUNTRY);
    }
    for name in lx.places.keys() {
        g.insert(name, GAZ_PLACE);
    }
    for name in &lx.titles {
        g.insert(name, GAZ_TITLE);
    }
    for name in &lx.organizations {
        g.insert(name, GAZ_ORG);
    }
    let surnames: FxHashSet<char> = lx.surnames.iter().copied().collect();
    Ok(ner::Resources {
        gazetteer: g,
        surnames,
        words: jishi_words::WordStage::new()?,
    })
}

/// Finds and links the named entities of an article.
pub struct EntityStage {
    recognizer: Recognizer,
    lexicon: Lexicon,
}

impl std::fmt::Debug for EntityStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntityStage").finish_non_exhaustive()
    }
}

impl EntityStage {
    /// Builds the stage: parses the word lists and the embedded model (once).
    pub fn new() -> Result<EntityStage, EntitiesError> {
        let lexicon = Lexicon::load()?;
        let model = Model::from_static(MODEL).map_err(EntitiesError::Model)?;
        let resources = ner_resources(&lexicon)?;
        Ok(EntityStage {
            recognizer: Recognizer { model, resources },
            lexicon,
        })
    }

    /// The recognizer's tags for one sentence, one per character: `B-PER`/`I-PER`,
    /// `B-ORG`/`I-ORG`, `B-LOC`/`I-LOC` (polities included) or `O`. Titles are `O` here.
    pub fn tag_bio(&self, sentence: &str) -> Vec<(char, &'static str)> {
        let folded = jishi_words::fold_str(sentence);
        let tags = self.recognizer.tag(&folded);
        sentence
            .chars()
            .zip(tags)
            .map(|(c, t)| {
                let name = ner::TAGS[t as usize];
                (c, if name.ends_with("TTL") { "O" } else { name })
            })
            .collect()
    }

    /// The recognizer itself (for scoring and benchmarks).
    pub fn recognizer(&self) -> &Recognizer {
        &self.recognizer
    }
}

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn process(&self, doc: &mut Doc) {
        let f = jishi_words::fold_text(&doc.text, doc.folded());
        let (cands, titles) = stage::candidates(&self.recognizer, &self.lexicon, doc, &f);
        let (mut ents, members) = stage::entities(&self.lexicon, doc, &f, &cands);
        // which entity each candidate went to
        let mut owner = vec![usize::MAX; cands.len()];
        for (e, m) in members.iter().enumerate() {
            for &i in m {
                owner[i] = e;
            }
        }
        let title_at_end: HashMap<usize, Span> = titles.iter().map(|t| (t.end, *t)).collect();
        let title_at_start: HashMap<usize, Span> = titles.iter().map(|t| (t.start, *t)).collect();
        let cand_at_end: HashMap<usize, usize> = cands
            .iter()
            .enumerate()
            .map(|(i, c)| (c.span.end, i))
            .collect();
        // jieba's words by their end: (start, is a noun that may be part of a post)
        let token_at_end: HashMap<usize, (usize, bool)> = doc
            .tokens
            .iter()
            .map(|t| {
                let p = t.pos.as_str();
                let noun = (p.starts_with('n') && !p.starts_with("nr"))
                    || matches!(p, "vn" | "an" | "b" | "j");
                (t.span.end, (t.span.start, noun))
            })
            .collect();
        let mut title_owners: HashMap<String, Vec<usize>> = HashMap::default();
        let mut used_titles: Vec<Span> = Vec::new();
        for (i, c) in cands.iter().enumerate() {
            if c.kind != EntityKind::Per || owner[i] == usize::MAX {
                continue;
            }
            let e = owner[i];
            // titles written before the name: 美国国防部 印太安全事务助理部长 伊利·拉特纳
            let mut start = c.span.start;
            let mut bare = Vec::new();
            while let Some(t) = title_at_end.get(&start) {
                bare.push(*t);
                start = t.start;
            }
            // further back over nouns (jieba's words): 美国国防部 助理国防部长帮办 中国 事务 主任
            if !bare.is_empty() {
                let limit = c.span.start.saturating_sub(90);
                loop {
                    match cand_at_end.get(&start).map(|&o| (o, cands[o].kind)) {
                        // the organization opens the post: 美国国防部 …
                        Some((_, EntityKind::Org)) => break,
                        // a country inside the post: … 中国事务主任
                        Some((o, EntityKind::Gpe)) => {
                            start = cands[o].span.start;
                            continue;
                        }
                        _ => {}
                    }
                    let Some(&(ts, noun)) = token_at_end.get(&start) else {
                        break;
                    };
                    let in_person = cands.iter().any(|x| {
                        x.kind == EntityKind::Per && x.span.overlaps(Span::new(ts, start))
                    });
                    if !noun || in_person || ts < limit {
                        break;
                    }
                    start = ts;
                }
            }
            let mut from = start;
            if let Some(&o) = cand_at_end.get(&start) {
                let oc = &cands[o];
                if matches!(oc.kind, EntityKind::Org | EntityKind::Gpe) && owner[o] != usize::MAX {
                    if oc.kind == EntityKind::Org {
                        ents[e].affiliation = Some(owner[o]);
                    }
                    if !bare.is_empty() {
                        from = oc.span.start;
                    }
                }
            }
            if !bare.is_empty() {
                let title = doc.text[from..c.span.start].to_string();
                if !ents[e].titles.contains(&title) {
                    ents[e].titles.push(title);
                }
            }
            // ranks and posts right after the name: 何雷中将
            if let Some(t) = title_at_start.get(&c.span.end) {
                bare.push(*t);
                let title = doc.text[t.start..t.end].to_string();
                if !ents[e].titles.contains(&title) {
                    ents[e].titles.push(title);
                }
            }
            for t in bare {
                used_titles.push(t);
                let owners = title_owners
                    .entry(f[t.start..t.end].to_string())
                    .or_default();
                if !owners.contains(&e) {
                    owners.push(e);
                }
            }
        }
        // a title standing alone for the one person who bears it (防长 … 防长表示)
        for t in &titles {
            if used_titles.contains(t) || cands.iter().any(|c| c.span.overlaps(*t)) {
                continue;
            }
            let next_is_name = cands.iter().any(|c| c.span.start == t.end);
            if next_is_name {
                continue;
            }
            let word = &f[t.start..t.end];
            if !self.lexicon.title_names.iter().any(|n| n == word) {
                continue;
            }
            if let Some(owners) = title_owners.get(word) {
                if let [e] = owners.as_slice() {
                    ents[*e].mentions.push(Mention {
                        span: *t,
                        form: MentionForm::Title,
                    });
                    ents[*e].mentions.sort_by_key(|m| m.span.start);
                }
            }
        }
        doc.entities = ents;
    }
}
