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
}
