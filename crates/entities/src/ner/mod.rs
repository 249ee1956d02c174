//! The statistical recognizer: a character-level tagger (averaged structured perceptron over
//! hashed features, first-order Viterbi decoding with BIO constraints).
//!
//! Tags: `O`, `B-`/`I-` × `PER`, `ORG`, `LOC` (places and polities), `TTL` (titles and posts).
//! The recognizer reads the simplified fold, so traditional text is tagged like simplified text
//! and every tag lines up with a character of the original.

pub mod features;
pub mod gazetteer;
pub mod train;

use features::{normalize, pos_id, FeatureSet, Featurizer, Word};
use gazetteer::Gazetteer;
use rustc_hash::FxHashSet;
use std::borrow::Cow;

/// The tag set, in the order of the weight table's columns.
pub const TAGS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-TTL", "I-TTL",
];
/// Number of tags.
pub const NT: usize = TAGS.len();
/// Index of tag `O`.
pub const O: u8 = 0;

/// The tag index of a tag name (`B-PER` …), if known.
pub fn tag_index(name: &str) -> Option<u8> {
    TAGS.iter().position(|t| *t == name).map(|i| i as u8)
}

/// True for an `I-` tag.
pub fn is_inside(t: u8) -> bool {
    t != O && t & 1 == 0
}

/// The entity class of a tag (1 PER, 2 ORG, 3 LOC, 4 TTL; 0 for O).
pub fn class_of(t: u8) -> u8 {
    t.div_ceil(2)
}

/// May tag `cur` follow tag `prev` (`None`: sentence start)?
pub fn allowed(prev: Option<u8>, cur: u8) -> bool {
    if !is_inside(cur) {
        return true;
    }
    match prev {
        None => false,
        Some(p) => p != O && class_of(p) == class_of(cur),
    }
}

const MAGIC: &[u8; 8] = b"JISHINER";
const VERSION: u32 = 2;

/// A trained model: the transition scores and the weight table, quantized to 16 bits.
#[derive(Clone, Debug)]
pub struct Model {
    pub set: FeatureSet,
    /// log2 of the number of feature buckets.
    pub log2: u32,
    /// Real weight = stored / scale.
    pub scale: f32,
    /// `(NT + 1) × NT`: row `NT` is the sentence start.
    pub trans: Vec<i32>,
    /// `buckets × NT` 16-bit weights, little endian: borrowed from the embedded model file
    /// (no copy, no parsing at start-up) or owned after training.
    pub weights: Cow<'static, [u8]>,
    /// log2 of the number of tag-pair feature buckets (0: none).
    pub pair_log2: u32,
    /// `pair buckets × NT × NT`: features scored with the previous tag and the tag.
    pub pairs: Vec<i16>,
}

impl Model {
    /// Serializes the model (little endian).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(32 + self.trans.len() * 4 + self.weights.len() * 2);
        b.extend_from_slice(MAGIC);
        for v in [VERSION, NT as u32, self.log2, self.set.flags()] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&self.scale.to_le_bytes());
        b.extend_from_slice(&self.pair_log2.to_le_bytes());
        for t in &self.trans {
            b.extend_from_slice(&t.to_le_bytes());
        }
        b.extend_from_slice(&self.weights);
        for w in &self.pairs {
            b.extend_from_slice(&w.to_le_bytes());
        }
        b
    }

    /// Reads a model written by [`Model::to_bytes`], copying its weights.
    pub fn from_bytes(b: &[u8]) -> Result<Model, String> {
        let (mut model, weights) = Model::parse(b)?;
        model.weights = Cow::Owned(weights.to_vec());
        Ok(model)
    }

    /// Reads an embedded model, its weight table borrowed in place.
    pub fn from_static(b: &'static [u8]) -> Result<Model, String> {
        let (mut model, weights) = Model::parse(b)?;
        model.weights = Cow::Borrowed(weights);
        Ok(model)
    }

    /// The model without its weight table, and the table's bytes.
    fn parse(b: &[u8]) -> Result<(Model, &[u8]), String> {
        let word = |i: usize| -> Result<u32, String> {
            b.get(i..i + 4)
                .and_then(|s| s.try_into().ok())
                .map(u32::from_le_bytes)
                .ok_or_else(|| "model file is truncated".to_string())
        };
        if b.get(..8) != Some(MAGIC.as_slice()) {
            return Err("not a jishi NER model (bad magic)".into());
        }
        let (version, nt, log2, flags) = (word(8)?, word(12)?, word(16)?, word(20)?);
        if !(1..=VERSION).contains(&version) || nt as usize != NT {
            return Err(format!(
                "model version {version} with {nt} tags; this build reads version {VERSION} with {NT}"
            ));
        }
        if !(10..=24).contains(&log2) {
            return Err(format!("implausible bucket count 2^{log2}"));
        }
        let scale = f32::from_bits(word(24)?);
        let (pair_log2, mut at) = if version >= 2 {
            (word(28)?, 32)
        } else {
            (0, 28)
        };
        if pair_log2 > 20 {
            return Err(format!("implausible pair bucket count 2^{pair_log2}"));
        }
        let ntrans = (NT + 1) * NT;
        let mut trans = Vec::with_capacity(ntrans);
        for _ in 0..ntrans {
            trans.push(word(at)? as i32);
            at += 4;
        }
        let nw = (1usize << log2) * NT;
        let np = if pair_log2 == 0 {
            0
        } else {
            (1usize << pair_log2) * NT * NT
        };
        let rest = b.get(at..).unwrap_or_default();
        if rest.len() != (nw + np) * 2 {
            return Err(format!(
                "model weights: {} bytes, expected {}",
                rest.len(),
                (nw + np) * 2
            ));
        }
        let (weights, pairs) = rest.split_at(nw * 2);
        let pairs = pairs
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        let model = Model {
            set: FeatureSet::from_flags(flags),
            log2,
            scale,
            trans,
            weights: Cow::Borrowed(&[]),
            pair_log2,
            pairs,
        };
        Ok((model, weights))
    }
}

/// `ALLOWED[p][t]`: may tag `t` follow tag `p` (row `NT`: the sentence start)? [`allowed`] as a
/// table, so decoding does no arithmetic on tags.
const ALLOWED: [[bool; NT]; NT + 1] = {
    let mut table = [[false; NT]; NT + 1];
    let mut p = 0;
    while p <= NT {
        let mut t = 0;
        while t < NT {
            let inside = t != O as usize && t & 1 == 0;
            table[p][t] = !inside || (p < NT && p != O as usize && p.div_ceil(2) == t.div_ceil(2));
            t += 1;
        }
        p += 1;
    }
    table
};

/// Best tag sequence under BIO constraints. `emit` is `n × NT`, `trans` `(NT + 1) × NT`;
/// `mask`, when given, holds the allowed tags of each position as bits.
/// `pair`, when given, adds a score for each (previous tag, tag) at each position:
/// `n × NT × NT`.
pub fn viterbi<S>(emit: &[S], trans: &[S], pair: Option<&[S]>, mask: Option<&[u16]>) -> Vec<u8>
where
    S: Copy + PartialOrd + std::ops::Add<Output = S> + Default,
{
    let n = emit.len() / NT;
    if n == 0 {
        return Vec::new();
    }
    let bits = |i: usize| mask.map_or(u16::MAX, |m| m[i]);
    // score of the best path ending in each tag, and whether there is one
    let mut score = vec![S::default(); n * NT];
    let mut live = vec![false; n * NT];
    let mut back = vec![0u8; n * NT];
    let m0 = bits(0);
    for t in 0..NT {
        if ALLOWED[NT][t] && m0 & (1 << t) != 0 {
            score[t] = emit[t] + trans[NT * NT + t];
            live[t] = true;
        }
    }
    for i in 1..n {
        let mi = bits(i);
        let (before, now) = score.split_at_mut(i * NT);
        let prev = &before[(i - 1) * NT..];
        let (live_before, live_now) = live.split_at_mut(i * NT);
        let prev_live = &live_before[(i - 1) * NT..];
        let pair_i = pair.map(|pw| &pw[i * NT * NT..(i + 1) * NT * NT]);
        for t in 0..NT {
            if mi & (1 << t) == 0 {
                continue;
            }
            let mut best: Option<(S, u8)> = None;
            for p in 0..NT {
                if !prev_live[p] || !ALLOWED[p][t] {
                    continue;
                }
                let mut s = prev[p] + trans[p * NT + t];
                if let Some(pw) = pair_i {
                    s = s + pw[p * NT + t];
                }
                if best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, p as u8));
                }
            }
            if let Some((s, p)) = best {
                now[t] = s + emit[i * NT + t];
                live_now[t] = true;
                back[i * NT + t] = p;
            }
        }
    }
    let mut last: Option<(S, u8)> = None;
    for t in 0..NT {
        let k = (n - 1) * NT + t;
        if live[k] && last.is_none_or(|(b, _)| score[k] > b) {
            last = Some((score[k], t as u8));
        }
    }
    let Some((_, mut t)) = last else {
        // the mask admits no path: fall back to no entities
        return vec![O; n];
    };
    let mut out = vec![O; n];
    for i in (0..n).rev() {
        out[i] = t;
        t = back[i * NT + t as usize];
    }
    out
}

/// [`viterbi`] for the tagger's integer scores, without pair scores or a mask: the BIO rule
/// folded into the transition table as a score no path survives, so the inner loop has no
/// branches. The same path as [`viterbi`] (ties go to the lower tag in both).
pub fn viterbi_i32(emit: &[i32], trans: &[i32]) -> Vec<u8> {
    // far below any real path (|score| < 2^31 per character), far above overflow
    const DEAD: i64 = -(1 << 50);
    let n = emit.len() / NT;
    if n == 0 || trans.len() < (NT + 1) * NT {
        return vec![O; n];
    }
    let mut tr = [[DEAD; NT]; NT + 1];
    for (p, row) in tr.iter_mut().enumerate() {
        for (t, x) in row.iter_mut().enumerate() {
            if ALLOWED[p][t] {
                *x = trans[p * NT + t] as i64;
            }
        }
    }
    let mut score = [0i64; NT];
    for (t, s) in score.iter_mut().enumerate() {
        *s = tr[NT][t] + emit[t] as i64;
    }
    let mut back = vec![0u8; n * NT];
    for i in 1..n {
        let mut next = [0i64; NT];
        for t in 0..NT {
            let (mut best, mut arg) = (score[0] + tr[0][t], 0u8);
            for p in 1..NT {
                let s = score[p] + tr[p][t];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            next[t] = best + emit[i * NT + t] as i64;
            back[i * NT + t] = arg;
        }
        score = next;
    }
    let mut t = 0u8;
    for k in 1..NT {
        if score[k] > score[t as usize] {
            t = k as u8;
        }
    }
    let mut out = vec![O; n];
    for i in (0..n).rev() {
        out[i] = t;
        t = back[i * NT + t as usize];
    }
    out
}

/// The resources the features need besides the weights.
pub struct Resources {
    pub gazetteer: Gazetteer,
    pub surnames: FxHashSet<char>,
    pub words: jishi_words::WordStage,
}

impl Resources {
    /// Normalized characters and segmenter words of a simplified sentence.
    pub fn prepare(&self, folded: &str, set: FeatureSet) -> (Vec<char>, Vec<Word>) {
        let chars: Vec<char> = folded.chars().map(normalize).collect();
        let mut words = Vec::new();
        if set.words {
            // byte offset -> char index
            let mut idx = vec![0usize; folded.len() + 1];
            let mut ci = 0;
            for (b, _) in folded.char_indices() {
                idx[b] = ci;
                ci += 1;
            }
            idx[folded.len()] = ci;
            for (a, b, tag) in self.words.tag_str_with(folded, set.hmm) {
                words.push(Word {
                    start: idx[a],
                    end: idx[b],
                    pos: pos_id(tag),
                });
            }
        }
        (chars, words)
    }

    /// A featurizer over these resources.
    pub fn featurizer(&self, set: FeatureSet, log2: u32) -> Featurizer<'_> {
        Featurizer {
            set,
            log2,
            gazetteer: &self.gazetteer,
            surnames: &self.surnames,
        }
    }
}

/// A model with its resources: tags sentences.
pub struct Recognizer {
    pub model: Model,
    pub resources: Resources,
}

impl Recognizer {
    /// Tags one simplified sentence: one tag index per character.
    pub fn tag(&self, folded: &str) -> Vec<u8> {
        let set = self.model.set;
        let (chars, words) = self.resources.prepare(folded, set);
        let fz = self.resources.featurizer(set, self.model.log2);
        let mut feats = Vec::new();
        let mut starts = Vec::new();
        fz.features(&chars, &words, &mut feats, &mut starts);
        let n = chars.len();
        let mut emit = vec![0i32; n * NT];
        let w = &self.model.weights;
        for i in 0..n {
            // a local accumulator lets the loads of different rows overlap
            let mut acc = [0i32; NT];
            for &f in &feats[starts[i]..starts[i + 1]] {
                let base = f as usize * NT * 2;
                if let Some(row) = w.get(base..base + NT * 2) {
                    for (a, x) in acc.iter_mut().zip(row.chunks_exact(2)) {
                        *a += i16::from_le_bytes([x[0], x[1]]) as i32;
                    }
                }
            }
            emit[i * NT..(i + 1) * NT].copy_from_slice(&acc);
        }
        if self.model.pair_log2 == 0 {
            return viterbi_i32(&emit, &self.model.trans);
        }
        let mut pf = Vec::new();
        fz.pair_features(&chars, self.model.pair_log2, &mut pf);
        let pw = &self.model.pairs;
        const NN: usize = NT * NT;
        let mut pair = vec![0i32; n * NN];
        for i in 1..n {
            let mut acc = [0i32; NN];
            for &f in &pf[i * features::PAIR_K..(i + 1) * features::PAIR_K] {
                let base = f as usize * NN;
                if let Some(row) = pw.get(base..base + NN) {
                    for (a, &x) in acc.iter_mut().zip(row) {
                        *a += x as i32;
                    }
                }
            }
            pair[i * NN..(i + 1) * NN].copy_from_slice(&acc);
        }
        viterbi(&emit, &self.model.trans, Some(&pair), None)
    }
}

/// Entity spans (char start, char end, class 1..=4) of a tag sequence.
pub fn spans(tags: &[u8]) -> Vec<(usize, usize, u8)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let t = tags[i];
        if t != O && !is_inside(t) {
            let c = class_of(t);
            let mut j = i + 1;
            while j < tags.len() && is_inside(tags[j]) && class_of(tags[j]) == c {
                j += 1;
            }
            out.push((i, j, c));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_survives_a_round_trip_through_bytes() {
        let model = Model {
            set: FeatureSet::from_flags(3),
            log2: 10,
            scale: 2.5,
            trans: (0..((NT + 1) * NT) as i32).collect(),
            weights: Cow::Owned(
                (0..(1024 * NT))
                    .flat_map(|i| ((i % 200) as i16 - 100).to_le_bytes())
                    .collect(),
            ),
            pair_log2: 10,
            pairs: (0..(1024 * NT * NT)).map(|i| (i % 50) as i16).collect(),
        };
        let back = Model::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(back.trans, model.trans);
        assert_eq!(back.weights, model.weights);
        let embedded: &'static [u8] = model.to_bytes().leak();
        assert_eq!(Model::from_static(embedded).unwrap().weights, model.weights);
        assert_eq!(back.pairs, model.pairs);
        assert_eq!((back.log2, back.scale, back.set), (10, 2.5, model.set));
        assert!(Model::from_bytes(b"not a model").is_err());
        assert!(Model::from_bytes(&model.to_bytes()[..100]).is_err());
    }

    #[test]
    fn decoding_never_opens_a_name_with_an_inside_tag() {
        // emissions that favour I-PER everywhere
        let i_per = tag_index("I-PER").unwrap() as usize;
        let mut emit = vec![0i32; 4 * NT];
        for i in 0..4 {
            emit[i * NT + i_per] = 10;
        }
        let trans = vec![0i32; (NT + 1) * NT];
        let tags = viterbi(&emit, &trans, None, None);
        assert_eq!(tags[0], tag_index("B-PER").unwrap());
        assert_eq!(spans(&tags), [(0, 4, 1)]);
    }

    #[test]
    fn the_transition_table_is_the_bio_rule() {
        for (p, row) in ALLOWED.iter().enumerate() {
            for (t, &ok) in row.iter().enumerate() {
                let prev = (p < NT).then_some(p as u8);
                assert_eq!(ok, allowed(prev, t as u8), "{prev:?} -> {t}");
            }
        }
    }

    #[test]
    fn the_integer_decoder_finds_the_same_path() {
        let mut seed = 11u64;
        let mut next = |m: i32| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % (2 * m as u64 + 1)) as i32 - m
        };
        for round in 0..500 {
            let n = 1 + (round % 23);
            // small ranges make ties, which both must break the same way
            let range = if round % 2 == 0 { 3 } else { 30_000 };
            let emit: Vec<i32> = (0..n * NT).map(|_| next(range)).collect();
            let trans: Vec<i32> = (0..(NT + 1) * NT).map(|_| next(range)).collect();
            assert_eq!(
                viterbi_i32(&emit, &trans),
                viterbi(&emit, &trans, None, None),
                "{emit:?} {trans:?}"
            );
        }
    }

    #[test]
    fn a_mask_restricts_the_path() {
        let emit = vec![0i32; 2 * NT];
        let trans = vec![0i32; (NT + 1) * NT];
        let b_loc = tag_index("B-LOC").unwrap();
        let i_loc = tag_index("I-LOC").unwrap();
        let mask = [1u16 << b_loc, 1u16 << i_loc];
        assert_eq!(viterbi(&emit, &trans, None, Some(&mask)), [b_loc, i_loc]);
    }
}
