//! Spans sorted once per article, so that a sentence finds its mentions, quotes and pronouns by
//! binary search instead of a scan of the whole article (one long paragraph of thousands of
//! sentences made later stages quadratic).

use crate::Span;

/// Indices of spans sorted by start, with the running maximum of their ends (spans may nest
/// or overlap: quotes inside quotes).
#[derive(Clone, Debug, Default)]
pub struct SpanIndex {
    order: Vec<usize>,
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl SpanIndex {
    /// Indexes `spans` (the caller keeps them: answers are indices into it).
    pub fn new(spans: &[Span]) -> SpanIndex {
        let mut order: Vec<usize> = (0..spans.len()).collect();
        order.sort_by_key(|&i| (spans[i].start, i));
        let starts = order.iter().map(|&i| spans[i].start).collect();
        let max_end = order
            .iter()
            .scan(0, |end, &i| {
                *end = spans[i].end.max(*end);
                Some(*end)
            })
            .collect();
        SpanIndex {
            order,
            starts,
            max_end,
        }
    }

    /// The spans that start inside `s`, in text order.
    pub fn starting_in(&self, s: Span) -> &[usize] {
        let from = self.starts.partition_point(|&x| x < s.start);
        let to = self.starts.partition_point(|&x| x < s.end);
        &self.order[from..to.max(from)]
    }

    /// The spans that overlap `s`, in text order.
    pub fn overlapping(&self, spans: &[Span], s: Span) -> Vec<usize> {
        let n = self.starts.partition_point(|&x| x < s.end);
        // walk back while an earlier span may still reach into `s`
        let from = self.max_end[..n].partition_point(|&end| end <= s.start);
        self.order[from..n]
            .iter()
            .copied()
            .filter(|&i| spans[i].overlaps(s))
            .collect()
    }

    /// Does any span overlap `s`?
    pub fn any_overlapping(&self, spans: &[Span], s: Span) -> bool {
        let n = self.starts.partition_point(|&x| x < s.end);
        let from = self.max_end[..n].partition_point(|&end| end <= s.start);
        self.order[from..n].iter().any(|&i| spans[i].overlaps(s))
    }

    /// Does any span hold `s` (as [`Span::contains`])?
    pub fn any_containing(&self, spans: &[Span], s: Span) -> bool {
        // the spans that start at or before `s`: one of them holds it if the furthest end does
        let n = self.starts.partition_point(|&x| x <= s.start);
        debug_assert!(self.order.len() <= spans.len());
        n.checked_sub(1).is_some_and(|i| self.max_end[i] >= s.end)
    }

    /// Does any span hold `s` and is longer than it (a longer word around a shorter one)?
    pub fn any_holding_longer(&self, spans: &[Span], s: Span) -> bool {
        // one that starts before `s` and reaches its end, or starts with it and ends later
        let m = self.starts.partition_point(|&x| x < s.start);
        let n = self.starts.partition_point(|&x| x <= s.start);
        let earlier = m.checked_sub(1).is_some_and(|i| self.max_end[i] >= s.end);
        earlier || self.order[m..n].iter().any(|&i| spans[i].end > s.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_answers_as_a_scan_would() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        for _ in 0..300 {
            let spans: Vec<Span> = (0..next(30))
                .map(|_| {
                    let a = next(100);
                    Span::new(a, a + 1 + next(30))
                })
                .collect();
            let index = SpanIndex::new(&spans);
            for _ in 0..50 {
                let a = next(120);
                let s = Span::new(a, a + 1 + next(20));
                let mut scan: Vec<usize> =
                    (0..spans.len()).filter(|&i| spans[i].overlaps(s)).collect();
                let mut got = index.overlapping(&spans, s);
                assert_eq!(index.any_overlapping(&spans, s), !scan.is_empty());
                scan.sort();
                got.sort();
                assert_eq!(got, scan, "{s:?} in {spans:?}");
                let mut starting: Vec<usize> = index.starting_in(s).to_vec();
                let mut want: Vec<usize> = (0..spans.len())
                    .filter(|&i| s.start <= spans[i].start && spans[i].start < s.end)
                    .collect();
                starting.sort();
                want.sort();
                assert_eq!(starting, want);
            }
        }
    }

    #[test]
    fn containing_and_holding_longer_answer_as_a_scan_would() {
        // empty spans too: a cue word may sit at the edge of a longer word
        let spans: Vec<Span> = (0..60)
            .map(|i: usize| Span::new(i * 7 % 50, i * 7 % 50 + i % 9))
            .collect();
        let index = SpanIndex::new(&spans);
        for start in 0..60 {
            for len in 0..12 {
                let s = Span::new(start, start + len);
                assert_eq!(
                    index.any_containing(&spans, s),
                    spans.iter().any(|x| x.contains(s)),
                    "{s:?}"
                );
                assert_eq!(
                    index.any_holding_longer(&spans, s),
                    spans.iter().any(|x| x.contains(s) && x.len() > s.len()),
                    "{s:?}"
                );
                assert_eq!(
                    index.any_overlapping(&spans, s),
                    spans.iter().any(|x| x.overlaps(s)),
                    "{s:?}"
                );
            }
        }
        let none = SpanIndex::new(&[]);
        assert!(!none.any_containing(&[], Span::new(0, 1)));
        assert!(!none.any_holding_longer(&[], Span::new(0, 0)));
        // 说 inside 说明: held by a longer word; 说明 itself is not
        let words = [Span::new(3, 9)];
        let index = SpanIndex::new(&words);
        assert!(index.any_holding_longer(&words, Span::new(3, 6)));
        assert!(!index.any_holding_longer(&words, Span::new(3, 9)));
        assert!(index.any_containing(&words, Span::new(3, 9)));
    }
}
