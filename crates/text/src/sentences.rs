//! Sentence boundaries in Chinese (and mixed) news text.
//!
//! A sentence ends at 。！？ (or the ASCII `. ! ?` that archives substitute for them), at a run of
//! ellipsis dots, and at a top-level ；. Closing quote marks and brackets stay with the sentence
//! they close. Quotes may hold several sentences; when a quote closes a sentence and a short
//! attribution follows (“……。”何雷说。), the attribution stays with that sentence. Nothing inside
//! brackets （…） ends a sentence, and a sentence never crosses a block.

use jishi_doc::Span;

const OPEN_QUOTES: &[char] = &['“', '「', '『', '‘', '﹁', '﹃'];
const CLOSE_QUOTES: &[char] = &['”', '」', '』', '’', '﹂', '﹄'];
const OPEN_BRACKETS: &[char] = &['（', '(', '【', '〔', '［', '《', '〈'];
const CLOSE_BRACKETS: &[char] = &['）', ')', '】', '〕', '］', '》', '〉'];
const CONTINUING: &[char] = &['，', '、', '：', ',', ':', '；', ';'];
/// Longest sentence, in characters. Text that runs longer without an end mark (a table, a list,
/// a hostile input) is cut at a comma or space before the limit, else at the limit, so that no
/// later stage ever sees an unbounded sentence.
pub const MAX_SENTENCE: usize = 600;
/// Longest attribution (in characters) kept with the quote before it.
const ATTRIBUTION_MAX: usize = 16;
/// Last characters of the reporting verbs that close an attribution (说, 表示, 指出, 强调, 认为,
/// 问道 and their traditional forms); the full cue lexicon belongs to the quotes stage.
const ATTRIBUTION_LAST: &[char] = &[
    '说', '說', '示', '出', '调', '調', '为', '為', '道', '称', '稱', '问', '問', '言', '讲', '講',
];

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
        || ('\u{3400}'..='\u{4dbf}').contains(&c)
        || ('\u{3000}'..='\u{303f}').contains(&c)
        || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// What kind of sentence end, if any, starts at char index `i`, and how many chars it takes.
fn end_mark(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let c = chars[i].1;
    let prev = i.checked_sub(1).map(|j| chars[j].1);
    let next = chars.get(i + 1).map(|x| x.1);
    match c {
        '。' | '！' | '？' | '；' | '\n' => Some(1),
        '!' | '?' | ';' => {
            // not inside a URL or a word: `?id=3`, `Yahoo!Japan`
            (next.is_none_or(|n| !n.is_ascii_alphanumeric() && n != '=')).then_some(1)
        }
        '.' => {
            if chars.get(i + 1).map(|x| x.1) == Some('.')
                && chars.get(i + 2).map(|x| x.1) == Some('.')
            {
                return Some(3);
            }
            let after_cjk = prev.is_some_and(|p| is_cjk(p) || CLOSE_QUOTES.contains(&p));
            let before_break =
                next.is_none_or(|n| n.is_whitespace() || is_cjk(n) || OPEN_QUOTES.contains(&n));
            (after_cjk && before_break).then_some(1)
        }
        '…' => {
            let mut n = 1;
            while chars.get(i + n).is_some_and(|x| x.1 == '…') {
                n += 1;
            }
            Some(n)
        }
        _ => None,
    }
}

/// Splits the text under `block` into sentences (byte spans, whitespace trimmed), none longer
/// than [`MAX_SENTENCE`] characters.
pub fn split_sentences(text: &str, block: Span) -> Vec<Span> {
    split_sentences_within(text, block, MAX_SENTENCE)
}

/// [`split_sentences`] with another longest sentence, in characters (at least 1).
pub fn split_sentences_within(text: &str, block: Span, max_sentence: usize) -> Vec<Span> {
    let max_sentence = max_sentence.max(1);
    let chars: Vec<(usize, char)> = text[block.start..block.end]
        .char_indices()
        .map(|(i, c)| (block.start + i, c))
        .collect();
    let byte_at = |i: usize| chars.get(i).map_or(block.end, |x| x.0);
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut quotes = 0usize;
    let mut brackets = 0usize;
    let mut ascii_quote_open = false;
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i].1;
        if OPEN_QUOTES.contains(&c) {
            quotes += 1;
        } else if CLOSE_QUOTES.contains(&c) {
            quotes = quotes.saturating_sub(1);
        } else if c == '"' {
            ascii_quote_open = !ascii_quote_open;
        } else if OPEN_BRACKETS.contains(&c) {
            brackets += 1;
        } else if CLOSE_BRACKETS.contains(&c) {
            brackets = brackets.saturating_sub(1);
        }
        let Some(n) = end_mark(&chars, i) else {
            i += 1;
            continue;
        };
        let in_quote = quotes > 0 || ascii_quote_open;
        let semicolon = matches!(c, '；' | ';');
        let continues = chars.get(i + n).is_some_and(|x| CONTINUING.contains(&x.1));
        if (brackets > 0 && c != '\n') || (semicolon && in_quote) || (c == '…' && continues) {
            i += n;
            continue;
        }
        // take further end marks and the closing marks that belong to this sentence
        let mut j = i + n;
        let mut closed_quote = false;
        while let Some(&(_, d)) = chars.get(j) {
            if CLOSE_QUOTES.contains(&d) {
                quotes = quotes.saturating_sub(1);
                closed_quote = true;
            } else if d == '"' && ascii_quote_open {
                ascii_quote_open = false;
                closed_quote = true;
            } else if CLOSE_BRACKETS.contains(&d) {
                brackets = brackets.saturating_sub(1);
            } else if !matches!(d, '。' | '！' | '？' | '!' | '?' | '…') {
                break;
            }
            j += 1;
        }
        if closed_quote && quotes == 0 && !ascii_quote_open {
            if let Some(k) = attribution_end(&chars, j) {
                j = k;
            }
        }
        push_trimmed(&mut out, text, byte_at(start), byte_at(j), max_sentence);
        start = j;
        i = j;
    }
    push_trimmed(&mut out, text, byte_at(start), block.end, max_sentence);
    out
}

/// When a short attribution without quotes of its own follows a closed quote (“…。”何雷说。),
/// the char index just past its end mark.
fn attribution_end(chars: &[(usize, char)], from: usize) -> Option<usize> {
    for k in from..chars.len().min(from + ATTRIBUTION_MAX + 1) {
        let c = chars[k].1;
        if OPEN_QUOTES.contains(&c)
            || CLOSE_QUOTES.contains(&c)
            || matches!(c, '"' | '\n' | '，' | ',')
        {
            return None;
        }
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            let verb = k
                .checked_sub(1)
                .is_some_and(|p| p >= from && ATTRIBUTION_LAST.contains(&chars[p].1));
            return verb.then_some(k + 1);
        }
    }
    None
}

fn push_trimmed(out: &mut Vec<Span>, text: &str, start: usize, end: usize, max: usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    let (mut start, end) = (start + lead, end - trail);
    while start < end {
        let cut = long_cut(&text[start..end], max).map_or(end, |c| start + c);
        out.push(Span::new(start, cut));
        let rest = &text[cut..end];
        start = cut + (rest.len() - rest.trim_start().len());
    }
}

/// Where to cut a sentence longer than `max` characters (a byte offset into `s`, never 0):
/// after the last comma or space before the limit, else at the limit. `None` when it fits.
fn long_cut(s: &str, max: usize) -> Option<usize> {
    let (limit, _) = s.char_indices().nth(max.max(1))?;
    let head = &s[..limit];
    let soft = head
        .char_indices()
        .filter(|(_, c)| matches!(c, '，' | ',' | '、' | ' ' | '：'))
        .map(|(i, c)| i + c.len_utf8())
        .rfind(|&i| i > limit / 2);
    Some(soft.unwrap_or(limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        split_sentences(t, Span::new(0, t.len()))
            .into_iter()
            .map(|s| &t[s.start..s.end])
            .collect()
    }

    #[test]
    fn splits_at_chinese_ends() {
        assert_eq!(
            split("中美两军互动。卡莱斯会汉语！真的吗？是的"),
            ["中美两军互动。", "卡莱斯会汉语！", "真的吗？", "是的"]
        );
    }

    #[test]
    fn a_closing_quote_stays_with_its_sentence() {
        assert_eq!(
            split("他说：“好。”然后离开了会场，没有回头。"),
            ["他说：“好。”", "然后离开了会场，没有回头。"]
        );
    }

    #[test]
    fn quotes_hold_several_sentences_and_keep_their_attribution() {
        let t = "“我说，军队的臂章反映了文化。盾牌表示了什么？她马上说，表示防御。”何雷回忆说。下一句。";
        assert_eq!(
            split(t),
            [
                "“我说，军队的臂章反映了文化。",
                "盾牌表示了什么？",
                "她马上说，表示防御。”何雷回忆说。",
                "下一句。"
            ]
        );
    }

    #[test]
    fn semicolons_end_sentences_outside_quotes_only() {
        assert_eq!(
            split("甲访问了北京；乙访问了上海。"),
            ["甲访问了北京；", "乙访问了上海。"]
        );
        assert_eq!(split("他说：“甲；乙。”"), ["他说：“甲；乙。”"]);
    }

    #[test]
    fn ascii_punctuation_from_old_archives_works() {
        assert_eq!(
            split("他表示, 会谈很成功. 双方同意继续沟通? 是"),
            ["他表示, 会谈很成功.", "双方同意继续沟通?", "是"]
        );
    }

    #[test]
    fn urls_decimals_and_brackets_do_not_split() {
        assert_eq!(
            split("向澎湃新闻（www.thepaper.cn)介绍说，增长3.5%。完"),
            ["向澎湃新闻（www.thepaper.cn)介绍说，增长3.5%。", "完"]
        );
        assert_eq!(
            split("（中央社記者台北3日電。）今天"),
            ["（中央社記者台北3日電。）今天"]
        );
    }

    #[test]
    fn runaway_text_is_cut_into_bounded_sentences() {
        let t = "甲乙丙，".repeat(1000);
        let parts = split(&t);
        assert!(parts.len() > 5);
        assert!(parts
            .iter()
            .all(|p| p.chars().count() <= MAX_SENTENCE && p.ends_with('，')));
        assert_eq!(parts.concat(), t);
        let no_commas = "字".repeat(2 * MAX_SENTENCE + 5);
        let parts = split(&no_commas);
        assert_eq!(
            parts.iter().map(|p| p.chars().count()).collect::<Vec<_>>(),
            [MAX_SENTENCE, MAX_SENTENCE, 5]
        );
    }

    #[test]
    fn the_longest_sentence_can_be_set() {
        let t = "甲乙丙丁戊，己庚辛壬癸子丑寅卯。";
        let parts: Vec<&str> = split_sentences_within(t, Span::new(0, t.len()), 8)
            .into_iter()
            .map(|s| &t[s.start..s.end])
            .collect();
        assert_eq!(parts, ["甲乙丙丁戊，", "己庚辛壬癸子丑寅", "卯。"]);
        // a limit of 0 is taken as 1: every character its own piece, and no endless loop
        let one = split_sentences_within("甲乙", Span::new(0, 6), 0);
        assert_eq!(one, [Span::new(0, 3), Span::new(3, 6)]);
    }

    #[test]
    fn ellipsis_ends_unless_the_clause_goes_on() {
        assert_eq!(split("他沉默了……然后走了。"), ["他沉默了……", "然后走了。"]);
        assert_eq!(split("乌克兰、巴以……，都是"), ["乌克兰、巴以……，都是"]);
    }
}
