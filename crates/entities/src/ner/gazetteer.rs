//! A character trie over gazetteer entries, each carrying a bit mask of kinds.

use rustc_hash::FxHashMap;

/// Number of gazetteer kinds the recognizer's features distinguish.
pub const GAZ_KINDS: usize = 4;
/// A country name.
pub const GAZ_COUNTRY: usize = 0;
/// A place (world city, PRC province/city/county).
pub const GAZ_PLACE: usize = 1;
/// A title, rank or post.
pub const GAZ_TITLE: usize = 2;
/// An organization.
pub const GAZ_ORG: usize = 3;

/// Entries matched by longest and shorter prefixes.
#[derive(Debug, Default, Clone)]
pub struct Gazetteer {
    /// (node, char) -> child node
    edges: FxHashMap<(u32, char), u32>,
    /// kinds ending at each node (bit mask); node 0 is the root
    marks: Vec<u8>,
}

impl Gazetteer {
    /// An empty gazetteer.
    pub fn new() -> Self {
        Gazetteer {
            edges: FxHashMap::default(),
            marks: vec![0],
        }
    }

    /// Adds an entry of one kind (entries shorter than two characters are ignored).
    pub fn insert(&mut self, name: &str, kind: usize) {
        if name.chars().count() < 2 {
            return;
        }
        let mut node = 0u32;
        for c in name.chars() {
            let next = self.marks.len() as u32;
            node = *self.edges.entry((node, c)).or_insert_with(|| next);
            if node == next {
                self.marks.push(0);
            }
        }
        self.marks[node as usize] |= 1 << kind;
    }

    /// Calls `f(start, end, kinds)` for every entry found in `chars` (char indices).
    pub fn for_each_match(&self, chars: &[char], mut f: impl FnMut(usize, usize, u8)) {
        for s in 0..chars.len() {
            let mut node = 0u32;
            for (e, &c) in chars.iter().enumerate().skip(s) {
                match self.edges.get(&(node, c)) {
                    Some(&n) => node = n,
                    None => break,
                }
                let m = self.marks[node as usize];
                if m != 0 {
                    f(s, e + 1, m);
                }
            }
        }
    }
}
