//! Pairing quote marks: “…”, 「…」, 『…』, ‘…’, ASCII "…", nested, and quotes that run over
//! several paragraphs (each paragraph opens with the mark, only the last one closes).

use jishi_doc::{Block, Span};

const PAIRS: &[(char, char)] = &[
    ('“', '”'),
    ('「', '」'),
    ('『', '』'),
    ('‘', '’'),
    ('﹁', '﹂'),
    ('﹃', '﹄'),
    ('"', '"'),
    ('＂', '＂'),
];

/// True for any opening or closing quote mark.
pub fn is_quote_mark(c: char) -> bool {
    PAIRS.iter().any(|&(o, e)| o == c || e == c)
}

pub(crate) fn closer_of(c: char) -> Option<char> {
    PAIRS.iter().find(|&&(o, _)| o == c).map(|&(_, e)| e)
}

fn is_closer(c: char) -> bool {
    PAIRS.iter().any(|&(o, e)| e == c && o != e)
}

/// A matched pair of quote marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair {
    /// The opening mark.
    pub open: Span,
    /// The closing mark.
    pub close: Span,
    /// How many open quotes enclose this one.
    pub depth: usize,
    /// The quote runs over more than one block.
    pub paragraphs: bool,
}

impl Pair {
    /// What lies between the marks.
    pub fn content(&self) -> Span {
        Span::new(self.open.end, self.close.start)
    }
    /// The marks and what lies between them.
    pub fn whole(&self) -> Span {
        Span::new(self.open.start, self.close.end)
    }
}

#[derive(Clone, Copy)]
struct Open {
    mark: char,
    closer: char,
    span: Span,
    carried: bool,
}

/// Every pair of quote marks in the blocks, in order of their closing marks.
pub fn find_pairs(text: &str, blocks: &[Block]) -> Vec<Pair> {
    let mut out = Vec::new();
    let mut carry: Option<Open> = None;
    for block in blocks {
        let Some(s) = text.get(block.span.start..block.span.end) else {
            continue;
        };
        let mut stack: Vec<Open> = Vec::new();
        let mut skip_first = false;
        if let Some(open) = carry.take() {
            if s.starts_with(open.mark) {
                stack.push(Open {
                    carried: true,
                    ..open
                });
                skip_first = true;
            }
        }
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            if k == 0 && skip_first {
                continue;
            }
            if !is_quote_mark(c) {
                continue;
            }
            let at = block.span.start + i;
            let mark = Span::new(at, at + c.len_utf8());
            let prev = k.checked_sub(1).map(|j| chars[j].1);
            let next = chars.get(k + 1).map(|x| x.1);
            // an apostrophe in a Latin word (O’Brien, don’t)
            if c == '’'
                && prev.is_some_and(|p| p.is_ascii_alphanumeric())
                && next.is_some_and(|n| n.is_ascii_alphabetic())
            {
                continue;
            }
            let symmetric = closer_of(c) == Some(c);
            let closes = if symmetric {
                stack.iter().rposition(|o| o.closer == c)
            } else if is_closer(c) {
                match stack.iter().rposition(|o| o.closer == c) {
                    Some(p) => Some(p),
                    None => continue,
                }
            } else {
                None
            };
            match closes {
                Some(p) => {
                    let o = stack[p];
                    stack.truncate(p);
                    out.push(Pair {
                        open: o.span,
                        close: mark,
                        depth: p,
                        paragraphs: o.carried,
                    });
                }
                None => {
                    if let Some(closer) = closer_of(c) {
                        stack.push(Open {
                            mark: c,
                            closer,
                            span: mark,
                            carried: false,
                        });
                    }
                }
            }
        }
        // a quote left open runs on when the next paragraph opens with the same mark
        carry = stack.first().copied();
    }
    out.sort_by_key(|p| (p.close.start, p.open.start));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jishi_doc::BlockKind;

    fn blocks(paragraphs: &[&str]) -> (String, Vec<Block>) {
        let text = paragraphs.join("\n\n");
        let mut out = Vec::new();
        let mut at = 0;
        for p in paragraphs {
            out.push(Block {
                kind: BlockKind::Paragraph,
                span: Span::new(at, at + p.len()),
            });
            at += p.len() + 2;
        }
        (text, out)
    }

    fn contents(paragraphs: &[&str]) -> Vec<(String, usize)> {
        let (text, b) = blocks(paragraphs);
        find_pairs(&text, &b)
            .iter()
            .map(|p| {
                (
                    text[p.content().start..p.content().end].to_string(),
                    p.depth,
                )
            })
            .collect()
    }

    #[test]
    fn pairs_nested_marks_of_every_kind() {
        assert_eq!(
            contents(&["他说：“我们说‘和平’。”又说「好」和\"OK\"。"]),
            [
                ("和平".to_string(), 1),
                ("我们说‘和平’。".to_string(), 0),
                ("好".to_string(), 0),
                ("OK".to_string(), 0)
            ]
        );
    }

    #[test]
    fn a_quote_runs_on_over_paragraphs_that_open_with_the_mark() {
        let got = contents(&["他说：“第一段。", "“第二段。”", "下一段。"]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "第一段。\n\n“第二段。");
    }

    #[test]
    fn an_unclosed_mark_ends_with_its_paragraph() {
        assert!(contents(&["他说：“没有结束", "别的段落。"]).is_empty());
    }
}
