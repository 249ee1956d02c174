//! Small helpers for walking text by characters with byte offsets.

use jishi_doc::Span;

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
