//! Small helpers for walking text by characters with byte offsets.

use jishi_doc::{Doc, Span, SpanIndex};

/// The spans of every entity mention of `doc`, with an index over them for overlap tests.
pub fn mention_spans(doc: &Doc) -> (Vec<Span>, SpanIndex) {
    let spans: Vec<Span> = doc
        .entities
        .iter()
        .flat_map(|e| e.mentions.iter().map(|m| m.span))
        .collect();
    let index = SpanIndex::new(&spans);
    (spans, index)
}

/// Clause boundaries: an attribution never reaches across one of these.
pub const CLAUSE_ENDS: &[char] = &[
    '，', '。', '；', '：', '！', '？', ',', ';', ':', '!', '?', '\n', '、',
];

/// The character before byte `at`, with its offset.
pub fn prev_char(s: &str, at: usize) -> Option<(usize, char)> {
    let c = s.get(..at)?.chars().next_back()?;
    Some((at - c.len_utf8(), c))
}

/// The character at byte `at`.
pub fn char_at(s: &str, at: usize) -> Option<char> {
    s.get(at..)?.chars().next()
}

/// Byte offset just past the character at `at`.
pub fn after_char(s: &str, at: usize) -> usize {
    char_at(s, at).map_or(at, |c| at + c.len_utf8())
}

/// Number of characters in `span`.
pub fn char_len(s: &str, span: Span) -> usize {
    s.get(span.start..span.end).map_or(0, |t| t.chars().count())
}

/// Every occurrence of each word inside `within`, as (span, index of the word).
pub fn find_words(s: &str, words: &[String], within: Span) -> Vec<(Span, usize)> {
    let Some(hay) = s.get(within.start..within.end) else {
        return Vec::new();
    };
    // One pass over the text, trying at each character only the words that begin with it
    // (the same matches as searching for each word in turn: a word's own matches do not
    // overlap, and equal spans keep the order of the list).
    let mut by_first: Vec<(char, usize)> = words
        .iter()
        .enumerate()
        .filter_map(|(wi, w)| w.chars().next().map(|c| (c, wi)))
        .collect();
    by_first.sort_unstable();
    let mut free_from = vec![0usize; words.len()];
    let mut out = Vec::new();
    for (i, c) in hay.char_indices() {
        let from = by_first.partition_point(|&(f, _)| f < c);
        for &(_, wi) in by_first[from..].iter().take_while(|&&(f, _)| f == c) {
            let w = &words[wi];
            if i >= free_from[wi] && hay[i..].starts_with(w.as_str()) {
                free_from[wi] = i + w.len();
                let start = within.start + i;
                out.push((Span::new(start, start + w.len()), wi));
            }
        }
    }
    out.sort_by_key(|(sp, _)| (sp.start, std::cmp::Reverse(sp.end)));
    out
}

/// Drops spans that lie inside a longer span of the list (keeps the longest match at a place).
pub fn keep_longest<T>(mut v: Vec<(Span, T)>) -> Vec<(Span, T)> {
    v.sort_by_key(|(sp, _)| (sp.start, std::cmp::Reverse(sp.end)));
    // In this order only a span sorted before another can hold it and be longer: one that
    // starts earlier, or at the same place and ends later (an equal span is not longer). So a
    // span is dropped when the furthest end before its run of equal spans reaches its end.
    let mut kept = Vec::with_capacity(v.len());
    let (mut reach, mut reach_before_equal, mut prev) = (None::<usize>, None::<usize>, None);
    for (s, t) in v {
        if prev != Some(s) {
            reach_before_equal = reach;
        }
        if reach_before_equal.is_none_or(|r| r < s.end) {
            kept.push((s, t));
        }
        reach = Some(reach.map_or(s.end, |r| r.max(s.end)));
        prev = Some(s);
    }
    kept
}

/// Moves `span`'s edges inward past white space.
pub fn trim(s: &str, span: Span) -> Span {
    let Some(t) = s.get(span.start..span.end) else {
        return span;
    };
    let lead = t.len() - t.trim_start().len();
    let trail = t.len() - t.trim_end().len();
    if lead + trail >= t.len() {
        return Span::new(span.start, span.start);
    }
    Span::new(span.start + lead, span.end - trail)
}

/// Moves `span`'s edges inward past white space and quote marks (「犹太和平之声」).
pub fn trim_marks(s: &str, span: Span) -> Span {
    let Some(t) = s.get(span.start..span.end) else {
        return span;
    };
    let strip = |c: char| c.is_whitespace() || crate::marks::is_quote_mark(c);
    let inner = t.trim_start_matches(strip);
    let lead = t.len() - inner.len();
    let inner = inner.trim_end_matches(strip);
    Span::new(span.start + lead, span.start + lead + inner.len())
}

/// The start of the clause that `at` is in: just past the last clause boundary before it, but
/// not before `floor`.
pub fn clause_start(s: &str, at: usize, floor: usize) -> usize {
    let mut i = at;
    while i > floor {
        let Some((j, c)) = prev_char(s, i) else {
            break;
        };
        if j < floor || CLAUSE_ENDS.contains(&c) {
            break;
        }
        i = j;
    }
    i
}

#[cfg(test)]
mod keep_longest_tests {
    use super::*;

    #[test]
    fn keep_longest_drops_exactly_the_spans_a_longer_one_holds() {
        let v: Vec<(Span, usize)> = (0..80)
            .map(|i: usize| (Span::new(i * 5 % 23, i * 5 % 23 + i % 6), i))
            .collect();
        let mut want = v.clone();
        want.sort_by_key(|(sp, _)| (sp.start, std::cmp::Reverse(sp.end)));
        want.retain(|(s, _)| !v.iter().any(|(o, _)| o.contains(*s) && o.len() > s.len()));
        assert_eq!(keep_longest(v), want);
    }
}

#[cfg(test)]
mod find_words_tests {
    use super::*;

    /// Each word searched for in turn: what `find_words` must equal.
    fn one_word_at_a_time(s: &str, words: &[String], within: Span) -> Vec<(Span, usize)> {
        let hay = &s[within.start..within.end];
        let mut out = Vec::new();
        for (wi, w) in words.iter().enumerate().filter(|(_, w)| !w.is_empty()) {
            for (i, _) in hay.match_indices(w.as_str()) {
                out.push((Span::new(within.start + i, within.start + i + w.len()), wi));
            }
        }
        out.sort_by_key(|(sp, _)| (sp.start, std::cmp::Reverse(sp.end)));
        out
    }

    #[test]
    fn one_pass_finds_what_searching_each_word_finds() {
        let alphabet: Vec<char> = "表示称说哈。a".chars().collect();
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for _ in 0..300 {
            let text: String = (0..next(40))
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            let words: Vec<String> = (0..next(6))
                .map(|_| {
                    (0..next(4))
                        .map(|_| alphabet[next(alphabet.len())])
                        .collect()
                })
                .collect();
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let (a, b) = (next(bounds.len()), next(bounds.len()));
            let within = Span::new(bounds[a.min(b)], bounds[a.max(b)]);
            assert_eq!(
                find_words(&text, &words, within),
                one_word_at_a_time(&text, &words, within),
                "{text:?} {words:?} {within:?}"
            );
        }
    }
}
