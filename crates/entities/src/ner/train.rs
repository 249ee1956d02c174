//! Training: an averaged structured perceptron over hashed features.
//!
//! A training sentence gives, for each character, the set of tags it may carry. Fully labelled
//! corpora give one tag; a corpus that does not annotate some class (MSRA has no titles) lets
//! its `O` characters also be that class, and the perceptron's target is then the best path the
//! current weights find within the allowed sets (a latent-variable perceptron).

use super::features::FeatureSet;
use super::features::PAIR_K;
use super::{viterbi, Model, NT};

/// One training sentence with its features precomputed.
pub struct Example {
    /// Feature buckets, `starts[i]..starts[i + 1]` for character `i`.
    pub feats: Vec<u32>,
    pub starts: Vec<usize>,
    /// Allowed tags per character (bit set).
    pub allowed: Vec<u16>,
    /// Tag-pair features, `PAIR_K` per character (empty without them).
    pub pair_feats: Vec<u32>,
}

/// Training settings.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    pub epochs: usize,
    pub seed: u64,
    pub log2: u32,
    pub set: FeatureSet,
    /// log2 of the tag-pair buckets (0: no tag-pair features).
    pub pair_log2: u32,
}

/// A small deterministic generator (xorshift64*), for shuffling.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Shuffles a slice in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Weights being trained, with the sums for averaging.
struct Perceptron {
    w: Vec<f32>,
    acc: Vec<f32>,
    tw: Vec<f32>,
    tacc: Vec<f32>,
    pw: Vec<f32>,
    pacc: Vec<f32>,
    step: f32,
}

const NN: usize = NT * NT;

impl Perceptron {
    fn emit(&self, ex: &Example) -> Vec<f32> {
        let n = ex.allowed.len();
        let mut e = vec![0f32; n * NT];
        for i in 0..n {
            let row = &mut e[i * NT..(i + 1) * NT];
            for &f in &ex.feats[ex.starts[i]..ex.starts[i + 1]] {
                let base = f as usize * NT;
                for (t, r) in row.iter_mut().enumerate() {
                    *r += self.w[base + t];
                }
            }
        }
        e
    }

    fn pair(&self, ex: &Example) -> Option<Vec<f32>> {
        if self.pw.is_empty() || ex.pair_feats.is_empty() {
            return None;
        }
        let n = ex.allowed.len();
        let mut e = vec![0f32; n * NN];
        for i in 1..n {
            let row = &mut e[i * NN..(i + 1) * NN];
            for &f in &ex.pair_feats[i * PAIR_K..(i + 1) * PAIR_K] {
                let base = f as usize * NN;
                for (k, r) in row.iter_mut().enumerate() {
                    *r += self.pw[base + k];
                }
            }
        }
        Some(e)
    }

    fn add(&mut self, ex: &Example, tags: &[u8], d: f32) {
        let c = self.step * d;
        for (i, &t) in tags.iter().enumerate() {
            for &f in &ex.feats[ex.starts[i]..ex.starts[i + 1]] {
                let k = f as usize * NT + t as usize;
                self.w[k] += d;
                self.acc[k] += c;
            }
            let prev = if i == 0 { NT } else { tags[i - 1] as usize };
            let k = prev * NT + t as usize;
            self.tw[k] += d;
            self.tacc[k] += c;
            if i > 0 && !self.pw.is_empty() && !ex.pair_feats.is_empty() {
                for &f in &ex.pair_feats[i * PAIR_K..(i + 1) * PAIR_K] {
                    let k = f as usize * NN + prev * NT + t as usize;
                    self.pw[k] += d;
                    self.pacc[k] += c;
                }
            }
        }
    }
}

/// Trains a model; `progress(epoch, mistakes, snapshot)` is called after each epoch, where
/// `snapshot()` builds the averaged model of the epochs so far (for learning curves).
pub fn train(
    cfg: Config,
    examples: &[Example],
    mut progress: impl FnMut(usize, usize, &dyn Fn() -> Model),
) -> Model {
    let nw = (1usize << cfg.log2) * NT;
    let np = if cfg.pair_log2 == 0 {
        0
    } else {
        (1usize << cfg.pair_log2) * NN
    };
    let mut p = Perceptron {
        w: vec![0.0; nw],
        acc: vec![0.0; nw],
        tw: vec![0.0; (NT + 1) * NT],
        tacc: vec![0.0; (NT + 1) * NT],
        pw: vec![0.0; np],
        pacc: vec![0.0; np],
        step: 1.0,
    };
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(cfg.seed);
    for epoch in 0..cfg.epochs {
        rng.shuffle(&mut order);
        let mut mistakes = 0;
        for &k in &order {
            let ex = &examples[k];
            if ex.allowed.is_empty() {
                continue;
            }
            let e = p.emit(ex);
            let pe = p.pair(ex);
            let pred = viterbi(&e, &p.tw, pe.as_deref(), None);
            let fits = pred
                .iter()
                .zip(&ex.allowed)
                .all(|(&t, &m)| m & (1 << t) != 0);
            if !fits {
                let gold = viterbi(&e, &p.tw, pe.as_deref(), Some(&ex.allowed));
                if gold != pred {
                    mistakes += 1;
                    p.add(ex, &gold, 1.0);
                    p.add(ex, &pred, -1.0);
                }
            }
            p.step += 1.0;
        }
        progress(epoch + 1, mistakes, &|| average(&p, cfg));
    }
    average(&p, cfg)
}

/// The averaged, quantized model of the weights so far.
fn average(p: &Perceptron, cfg: Config) -> Model {
    // averaged weights: w - acc / step
    let avg = |w: &[f32], acc: &[f32]| -> Vec<f32> {
        w.iter().zip(acc).map(|(w, a)| w - a / p.step).collect()
    };
    let w = avg(&p.w, &p.acc);
    let tw = avg(&p.tw, &p.tacc);
    let pw = avg(&p.pw, &p.pacc);
    let max = w
        .iter()
        .chain(&tw)
        .chain(&pw)
        .fold(0f32, |m, x| m.max(x.abs()))
        .max(1e-6);
    let scale = 32000.0 / max;
    Model {
        set: cfg.set,
        log2: cfg.log2,
        scale,
        trans: tw.iter().map(|x| (x * scale).round() as i32).collect(),
        weights: std::borrow::Cow::Owned(
            w.iter()
                .flat_map(|x| ((x * scale).round().clamp(-32767.0, 32767.0) as i16).to_le_bytes())
                .collect(),
        ),
        pair_log2: cfg.pair_log2,
        pairs: pw
            .iter()
            .map(|x| (x * scale).round().clamp(-32767.0, 32767.0) as i16)
            .collect(),
    }
}
