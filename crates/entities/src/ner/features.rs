//! Features of one character in its sentence, hashed into buckets of the weight table.
//!
//! Every feature is a template number and up to three values (characters, classes, tags),
//! hashed together; the model never stores the strings. The templates: the character and its
//! neighbours two either side, the bigrams and trigrams around it, character classes, whether a
//! gazetteer entry (country, place, title, organization) covers, ends before or starts after
//! it, surname hints, and the word jieba puts the character in (position in the word, POS).

use super::gazetteer::{Gazetteer, GAZ_KINDS};
use rustc_hash::FxHashSet;

/// Characters at the sentence edges.
const BOS: u32 = 0x11_0000;
const EOS: u32 = 0x11_0001;

/// Which optional feature groups a model was trained with (stored in the model file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeatureSet {
    /// Word boundaries and POS from the segmenter.
    pub words: bool,
    /// Gazetteer matches.
    pub gazetteer: bool,
    /// A wider window: characters at ±3 and the bigrams at the window's edges.
    pub wide: bool,
    /// Segment with jieba's HMM (unknown words joined and tagged) rather than without.
    pub hmm: bool,
}

impl FeatureSet {
    /// The bit flags stored in the model file.
    pub fn flags(self) -> u32 {
        (self.words as u32)
            | (self.gazetteer as u32) << 1
            | (self.wide as u32) << 2
            | (self.hmm as u32) << 3
    }
    /// The feature set of stored bit flags.
    pub fn from_flags(f: u32) -> Self {
        FeatureSet {
            words: f & 1 != 0,
            gazetteer: f & 2 != 0,
            wide: f & 4 != 0,
            hmm: f & 8 != 0,
        }
    }
}

/// A character as the features see it: full-width ASCII made half-width, digits made `0`,
/// letters made lower case.
pub fn normalize(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    if c.is_ascii_digit() {
        '0'
    } else {
        c.to_ascii_lowercase()
    }
}

/// A coarse class of a (normalized) character.
pub fn class(c: char) -> u32 {
    match c {
        '0' => 1,
        '〇' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        | '百' | '千' | '万' | '亿' | '两' => 2,
        'a'..='z' | 'A'..='Z' => 3,
        '·' | '•' | '‧' | '・' | '.' => 4,
        c if c.is_whitespace() => 5,
        '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' => 6,
        c if c.is_ascii_punctuation() => 7,
        '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}' | '\u{2010}'..='\u{206f}' => 7,
        _ => 8,
    }
}

#[inline]
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[inline]
fn hash(t: u32, a: u32, b: u32, c: u32) -> u64 {
    let h = mix(((t as u64) << 32) ^ a as u64 ^ 0x9e37_79b9_7f4a_7c15);
    mix(h ^ ((b as u64) << 21) ^ c as u64)
}

/// A word of the segmenter over the sentence: char start, char end, POS tag id.
#[derive(Clone, Copy, Debug)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub pos: u32,
}

/// Hashes a POS tag string into a small id.
pub fn pos_id(tag: &str) -> u32 {
    let mut h: u32 = 2166136261;
    for b in tag.bytes() {
        h = (h ^ b as u32).wrapping_mul(16777619);
    }
    h
}

/// Number of tag-pair features per character (see [`Featurizer::pair_features`]).
pub const PAIR_K: usize = 3;

/// Computes the hashed features of each character of a sentence.
pub struct Featurizer<'a> {
    pub set: FeatureSet,
    pub log2: u32,
    pub gazetteer: &'a Gazetteer,
    pub surnames: &'a FxHashSet<char>,
}

impl Featurizer<'_> {
    /// Features scored together with the previous tag and the tag (the character, the one
    /// before, and the pair): `PAIR_K` buckets per character, into `2^log2` buckets.
    pub fn pair_features(&self, chars: &[char], log2: u32, out: &mut Vec<u32>) {
        out.clear();
        let shift = 64 - log2;
        for i in 0..chars.len() {
            let c0 = chars[i] as u32;
            let cm1 = if i > 0 { chars[i - 1] as u32 } else { BOS };
            out.push((hash(40, c0, 0, 0) >> shift) as u32);
            out.push((hash(41, cm1, 0, 0) >> shift) as u32);
            out.push((hash(42, class(chars[i]), cm1, 0) >> shift) as u32);
        }
    }

    /// Features of every position: `out` gets the buckets, `starts[i]..starts[i+1]` are those
    /// of character `i`. `chars` must be normalized already; `words` covers the sentence when
    /// the feature set uses words.
    pub fn features(
        &self,
        chars: &[char],
        words: &[Word],
        out: &mut Vec<u32>,
        starts: &mut Vec<usize>,
    ) {
        out.clear();
        starts.clear();
        let n = chars.len();
        let shift = 64 - self.log2;
        let at = |i: isize| -> u32 {
            if i < 0 {
                BOS
            } else if i as usize >= n {
                EOS
            } else {
                chars[i as usize] as u32
            }
        };
        let cl = |i: isize| -> u32 {
            if i < 0 || i as usize >= n {
                0
            } else {
                class(chars[i as usize])
            }
        };
        // gazetteer: per position and kind, the longest covering match (start, end)
        let kinds = GAZ_KINDS;
        let mut cover: Vec<[(u32, u32); GAZ_KINDS]> = Vec::new();
        let mut ends_at: Vec<u8> = Vec::new(); // kinds with a match ending just before i
        let mut starts_at: Vec<u8> = Vec::new(); // kinds with a match starting at i
        if self.set.gazetteer {
            cover = vec![[(0, 0); GAZ_KINDS]; n];
            ends_at = vec![0; n + 1];
            starts_at = vec![0; n + 1];
            self.gazetteer.for_each_match(chars, |s, e, mask| {
                for k in 0..kinds {
                    if mask & (1 << k) != 0 {
                        starts_at[s] |= 1 << k;
                        ends_at[e] |= 1 << k;
                        for c in &mut cover[s..e] {
                            if c[k].1 - c[k].0 < (e - s) as u32 {
                                c[k] = (s as u32, e as u32);
                            }
                        }
                    }
                }
            });
        }
        // words: per char, index of its word
        let mut word_of: Vec<u32> = Vec::new();
        if self.set.words {
            word_of = vec![u32::MAX; n];
            for (wi, w) in words.iter().enumerate() {
                for x in word_of.iter_mut().take(w.end.min(n)).skip(w.start) {
                    *x = wi as u32;
                }
            }
        }
        for i in 0..n {
            starts.push(out.len());
            let ii = i as isize;
            let mut push = |t: u32, a: u32, b: u32, c: u32| {
                out.push((hash(t, a, b, c) >> shift) as u32);
            };
            let (cm2, cm1, c0, c1, c2) = (at(ii - 2), at(ii - 1), at(ii), at(ii + 1), at(ii + 2));
            push(0, 0, 0, 0);
            push(1, cm2, 0, 0);
            push(2, cm1, 0, 0);
            push(3, c0, 0, 0);
            push(4, c1, 0, 0);
            push(5, c2, 0, 0);
            push(6, cm2, cm1, 0);
            push(7, cm1, c0, 0);
            push(8, c0, c1, 0);
            push(9, c1, c2, 0);
            push(10, cm1, c0, c1);
            push(11, cm2, cm1, c0);
            push(12, c0, c1, c2);
            push(13, cm1, c1, 0);
            push(
                14,
                cl(ii - 2) << 12 | cl(ii - 1) << 8 | cl(ii) << 4 | cl(ii + 1),
                cl(ii + 2),
                0,
            );
            let ch = chars[i];
            let sur0 = self.surnames.contains(&ch) as u32;
            let sur1 = (i > 0 && self.surnames.contains(&chars[i - 1])) as u32;
            let sur2 = (i > 1 && self.surnames.contains(&chars[i - 2])) as u32;
            push(15, sur0, sur1, sur2);
            push(16, sur0, c1, 0);
            if self.set.wide {
                let (cm3, c3) = (at(ii - 3), at(ii + 3));
                push(17, cm3, 0, 0);
                push(18, c3, 0, 0);
                push(19, cm3, cm2, 0);
                push(25, c2, c3, 0);
                push(26, cm2, c0, c2);
                push(27, cm1, c0, cl(ii + 1));
                push(28, cl(ii - 1), c0, c1);
            }
            if self.set.gazetteer {
                for (k, &(s, e)) in cover[i].iter().enumerate() {
                    if e > s {
                        let len = (e - s).min(6);
                        let pos = if e - s == 1 {
                            3
                        } else if s as usize == i {
                            0
                        } else if e as usize == i + 1 {
                            2
                        } else {
                            1
                        };
                        push(20, k as u32, pos, len);
                        push(21, k as u32, pos, c0);
                    }
                }
                push(22, ends_at[i] as u32, starts_at[i + 1] as u32, 0);
                push(23, ends_at[i] as u32, c0, 0);
                push(24, starts_at[i + 1] as u32, c0, 0);
            }
            if self.set.words && !words.is_empty() {
                let wi = word_of[i];
                if wi != u32::MAX {
                    let w = words[wi as usize];
                    let len = (w.end - w.start) as u32;
                    let pos_in = if len == 1 {
                        3
                    } else if w.start == i {
                        0
                    } else if w.end == i + 1 {
                        2
                    } else {
                        1
                    };
                    let prev = if wi > 0 {
                        words[wi as usize - 1].pos
                    } else {
                        1
                    };
                    let next = words.get(wi as usize + 1).map_or(2, |w| w.pos);
                    push(30, pos_in, w.pos, 0);
                    push(31, pos_in, w.pos, c0);
                    push(32, pos_in, prev, w.pos);
                    push(33, pos_in, w.pos, next);
                    push(34, pos_in, len.min(5), w.pos);
                    // the word itself
                    let mut wh: u32 = 0x811c_9dc5;
                    for &c in &chars[w.start..w.end.min(n)] {
                        wh = (wh ^ c as u32).wrapping_mul(16777619);
                    }
                    push(35, pos_in, wh, 0);
                }
            }
        }
        starts.push(out.len());
    }
}
