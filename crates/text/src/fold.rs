//! Folding traditional characters to simplified ones without moving any offset.
//!
//! The table (`data/script/t2s_chars.tsv`, from OpenCC) keeps only one-to-one mappings whose two
//! characters have the same UTF-8 length, so `fold(text).len() == text.len()` and every byte
//! offset into the fold is an offset into the original.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

const T2S: &str = include_str!("../../../data/script/t2s_chars.tsv");
const SIMPLIFIED_ONLY: &str = include_str!("../../../data/script/simplified_only.txt");

fn table() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        T2S.lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut it = l.split('\t');
                let t = it.next()?.chars().next()?;
                let s = it.next()?.chars().next()?;
                (t.len_utf8() == s.len_utf8()).then_some((t, s))
            })
            .collect()
    })
}

fn simplified_set() -> &'static HashSet<char> {
    static SET: OnceLock<HashSet<char>> = OnceLock::new();
    SET.get_or_init(|| {
        SIMPLIFIED_ONLY
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(|l| l.chars())
            .collect()
    })
}

/// The simplified form of one character (itself when it has none).
pub fn simplify_char(c: char) -> char {
    table().get(&c).copied().unwrap_or(c)
}

/// True for a character that exists only in traditional script (國, 說).
pub fn is_traditional(c: char) -> bool {
    table().contains_key(&c)
}

/// True for a character that exists only in simplified script (国, 说).
pub fn is_simplified_only(c: char) -> bool {
    simplified_set().contains(&c)
}

/// The simplified view of `text`, byte for byte as long as `text`.
pub fn fold(text: &str) -> String {
    let t = table();
    let out: String = text
        .chars()
        .map(|c| t.get(&c).copied().unwrap_or(c))
        .collect();
    debug_assert_eq!(out.len(), text.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_keeps_offsets_and_simplifies() {
        let t = "中央軍委副主席張又俠在北京會談（編輯：張淑伶）";
        let f = fold(t);
        assert_eq!(f, "中央军委副主席张又侠在北京会谈（编辑：张淑伶）");
        assert_eq!(f.len(), t.len());
        for (a, b) in t.char_indices().zip(f.char_indices()) {
            assert_eq!(a.0, b.0);
        }
    }

    #[test]
    fn simplified_text_is_unchanged() {
        let s = "美国防部印太安全事务助理部长伊利·拉特纳（Ely Ratner）";
        assert_eq!(fold(s), s);
    }
}
