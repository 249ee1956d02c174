//! Small helpers for walking text by characters with byte offsets.

use jishi_doc::Span;

/// Clause boundaries: an attribution never reaches across one of these.
pub const CLAUSE_ENDS: &[char] = &[
    '，', '。', '；', '：', '！', '？', ',', ';', ':', '!', '?', '\n', '、',
];

/// Spans sorted by start, for asking whether any of them overlaps or holds a given span in
/// logarithmic time (asking each span in turn made long articles quadratic).
pub struct SpanIndex {
    spans: Vec<Span>,
    /// `reach[i]`: the largest end among `spans[..=i]`.
    reach: Vec<usize>,
}

impl SpanIndex {
    /// Indexes the spans (in any order).
    pub fn new(mut spans: Vec<Span>) -> Self {
        spans.sort_by_key(|s| (s.start, s.end));
        let reach = spans
            .iter()
            .scan(0, |r, s| {
                *r = s.end.max(*r);
                Some(*r)
            })
            .collect();
        SpanIndex { spans, reach }
    }

    /// The largest end among the spans that start before `at` (`inclusive`: at or before).
    fn reach_before(&self, at: usize, inclusive: bool) -> Option<usize> {
        let n = if inclusive {
            self.spans.partition_point(|s| s.start <= at)
        } else {
            self.spans.partition_point(|s| s.start < at)
        };
        n.checked_sub(1).map(|i| self.reach[i])
    }

    /// True when some span shares a byte with `s` (as [`Span::overlaps`]).
    pub fn overlaps_any(&self, s: Span) -> bool {
        self.reach_before(s.end, false).is_some_and(|r| r > s.start)
    }

    /// True when some span holds `s` (as [`Span::contains`]).
    pub fn contains_any(&self, s: Span) -> bool {
        self.reach_before(s.start, true).is_some_and(|r| r >= s.end)
    }
}

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
    let mut out = Vec::new();
    for (wi, w) in words.iter().enumerate() {
        if w.is_empty() {
            continue;
        }
        for (i, _) in hay.match_indices(w.as_str()) {
            let start = within.start + i;
            out.push((Span::new(start, start + w.len()), wi));
        }
    }
    out.sort_by_key(|(sp, _)| (sp.start, std::cmp::Reverse(sp.end)));
    out
}

/// Drops spans that lie inside a longer span of the list (keeps the longest match at a place).
pub fn keep_longest<T>(mut v: Vec<(Span, T)>) -> Vec<(Span, T)> {
    v.sort_by_key(|(sp, _)| (sp.start, std::cmp::Reverse(sp.end)));
    let spans: Vec<Span> = v.iter().map(|(s, _)| *s).collect();
    v.into_iter()
        .filter(|(s, _)| !spans.iter().any(|o| o.contains(*s) && o.len() > s.len()))
        .collect()
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
mod span_index_tests {
    use super::*;

    #[test]
    fn the_index_answers_as_asking_every_span_would() {
        let spans: Vec<Span> = (0..60)
            .map(|i: usize| Span::new(i * 7 % 50, i * 7 % 50 + i % 9))
            .collect();
        let index = SpanIndex::new(spans.clone());
        for start in 0..60 {
            for len in 0..12 {
                let s = Span::new(start, start + len);
                assert_eq!(
                    index.overlaps_any(s),
                    spans.iter().any(|x| x.overlaps(s)),
                    "{s:?}"
                );
                assert_eq!(
                    index.contains_any(s),
                    spans.iter().any(|x| x.contains(s)),
                    "{s:?}"
                );
            }
        }
        assert!(!SpanIndex::new(Vec::new()).overlaps_any(Span::new(0, 1)));
    }
}
