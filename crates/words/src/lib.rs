//! The word stage: segmentation and part-of-speech tags (fills `Doc::tokens`).
//!
//! Reads `Doc::fold` (the simplified view, so traditional text segments as well as simplified;
//! see [`fold_text`])
//! and `Doc::sentences`; adds `Doc::tokens`, byte spans into `Doc::text` with jieba's tags
//! (`n`, `v`, `nr` person, `ns` place, `nt` organization, …, plus `nnt` for titles, ranks and
//! posts from jishi's dictionary). White space is not a token.
//!
//! The segmenter is jieba-rs with its default dictionary and jishi's user dictionary
//! (`data/words/*.txt`: titles, ranks, organizations, country names), embedded in the binary,
//! without jieba's HMM: characters of words no dictionary knows stay single tokens (names are
//! the entity stage's). Measured on 998 corpus articles: the HMM joined unknown runs such as
//! 警消表示 or 竹檢表示 into one word, which hid the cue 表示 from the quotes stage (about 20
//! indirect quotes lost). (Speed is not the reason: the HMM was under 1 % of the pipeline's
//! instructions; jieba's lazily loaded POS model, about 0.2 G instructions once per process, is
//! loaded either way.)
//!
//! ```
//! use jishi_doc::{Article, Block, BlockKind, Doc, Span, Stage};
//! let mut doc = Doc::new(Article::new("x"), "美國國防部長奧斯汀表示。".to_string());
//! doc.blocks.push(Block { kind: BlockKind::Paragraph, span: Span::new(0, doc.text.len()) });
//! jishi_text::TextStage.process(&mut doc);
//! let words = jishi_words::WordStage::new().unwrap();
//! words.process(&mut doc);
//! let first = &doc.tokens[0];
//! assert_eq!((doc.slice(first.span), first.pos.as_str()), ("美國", "ns"));
//! ```

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use jieba_rs::Jieba;
use jishi_doc::{Doc, Span, Stage, Token};

/// jishi's user dictionary files, embedded: (file name, contents).
pub const USER_DICTIONARY: &[(&str, &str)] = &[
    (
        "data/words/titles.txt",
        include_str!("../../../data/words/titles.txt"),
    ),
    (
        "data/words/ranks.txt",
        include_str!("../../../data/words/ranks.txt"),
    ),
    (
        "data/words/organizations.txt",
        include_str!("../../../data/words/organizations.txt"),
    ),
    (
        "data/words/countries.txt",
        include_str!("../../../data/words/countries.txt"),
    ),
];

const FOLD_KEEP: &str = include_str!("../../../data/words/fold_keep.txt");

fn fold_keep() -> &'static HashSet<char> {
    static SET: OnceLock<HashSet<char>> = OnceLock::new();
    SET.get_or_init(|| {
        FOLD_KEEP
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(|l| l.trim().chars())
            .collect()
    })
}

/// The simplified view that jishi's lexicons are matched against: `Doc::folded()`, except that
/// the characters in `data/words/fold_keep.txt` (ordinary simplified characters that the
/// character table turns into Japanese forms: 德, 假, 晚, 黑) are kept as written. Same byte
/// length and offsets as `text`.
pub fn fold_text(text: &str, folded: &str) -> String {
    if folded.len() != text.len() {
        return fold_str(text);
    }
    let keep = fold_keep();
    let out: String = text
        .chars()
        .zip(folded.chars())
        .map(|(t, f)| if keep.contains(&t) { t } else { f })
        .collect();
    // offsets must stay valid whatever the fold did
    if out.len() == text.len() {
        out
    } else {
        text.to_string()
    }
}

/// The simplified view of a string (see [`fold_text`]).
pub fn fold_str(text: &str) -> String {
    let keep = fold_keep();
    text.chars()
        .map(|c| {
            let s = jishi_text::simplify_char(c);
            if keep.contains(&c) || s.len_utf8() != c.len_utf8() {
                c
            } else {
                s
            }
        })
        .collect()
}

/// What can go wrong when the word stage is built.
#[derive(Clone, Debug, thiserror::Error)]
pub enum WordsError {
    /// A user dictionary line could not be read.
    #[error("{file}:{line}: {message}")]
    Dictionary {
        file: String,
        line: usize,
        message: String,
    },
}

/// One entry of a user dictionary: word, optional frequency, optional tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictEntry {
    pub word: String,
    pub freq: Option<usize>,
    pub tag: Option<String>,
}

/// Parses a user dictionary in jieba's format (`word [frequency] [tag]`, `#` comments).
pub fn parse_dictionary(file: &str, text: &str) -> Result<Vec<DictEntry>, WordsError> {
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split_whitespace();
        let Some(word) = fields.next() else { continue };
        let mut freq = None;
        let mut tag = None;
        for f in fields {
            if let Ok(n) = f.parse::<usize>() {
                freq = Some(n);
            } else if tag.is_none() {
                tag = Some(f.to_string());
            } else {
                return Err(WordsError::Dictionary {
                    file: file.to_string(),
                    line: i + 1,
                    message: format!("unexpected field {f:?}"),
                });
            }
        }
        entries.push(DictEntry {
            word: word.to_string(),
            freq,
            tag,
        });
    }
    Ok(entries)
}

/// Segments the text into tagged words. Cloning is cheap: clones share one segmenter.
#[derive(Clone)]
pub struct WordStage {
    jieba: std::sync::Arc<Jieba>,
    /// Tags from jishi's dictionary for words jieba already knew under another tag.
    retag: std::sync::Arc<HashMap<String, String>>,
}

impl std::fmt::Debug for WordStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WordStage").finish_non_exhaustive()
    }
}

impl WordStage {
    /// The segmenter: jieba's dictionary plus jishi's user dictionary. Built once per process
    /// (it takes a third of a second); later calls share it.
    pub fn new() -> Result<WordStage, WordsError> {
        static SHARED: OnceLock<Result<WordStage, WordsError>> = OnceLock::new();
        SHARED.get_or_init(WordStage::build).clone()
    }

    fn build() -> Result<WordStage, WordsError> {
        let mut jieba = Jieba::new();
        let mut retag = HashMap::default();
        for (file, text) in USER_DICTIONARY {
            for e in parse_dictionary(file, text)? {
                if jieba.has_word(&e.word) {
                    // jieba keeps a known word's tag (and its frequency, which is what makes
                    // it come out whole already): only the tag is ours
                    if let Some(tag) = e.tag {
                        retag.insert(e.word, tag);
                    }
                } else {
                    jieba.add_word(&e.word, e.freq, e.tag.as_deref());
                }
            }
        }
        Ok(WordStage {
            jieba: std::sync::Arc::new(jieba),
            retag: std::sync::Arc::new(retag),
        })
    }

    /// The underlying segmenter (for stages that segment text of their own).
    pub fn jieba(&self) -> &Jieba {
        &self.jieba
    }

    /// Tagged words of a (simplified) string: (byte start, byte end, tag), white space skipped;
    /// unknown words as single characters, as the stage makes them.
    pub fn tag_str<'a>(&'a self, s: &'a str) -> Vec<(usize, usize, &'a str)> {
        self.tag_str_with(s, false)
    }

    /// Like [`WordStage::tag_str`]; `hmm: true` joins unknown characters into words with
    /// jieba's HMM and guesses their tags (slow).
    pub fn tag_str_with<'a>(&'a self, s: &'a str, hmm: bool) -> Vec<(usize, usize, &'a str)> {
        self.jieba
            .tag(s, hmm)
            .into_iter()
            .filter(|t| !t.word.trim().is_empty())
            .map(|t| {
                let tag = self.retag.get(t.word).map_or(t.tag, |s| s.as_str());
                (t.byte_start, t.byte_end, tag)
            })
            .collect()
    }
}

impl Stage for WordStage {
    fn name(&self) -> &'static str {
        "words"
    }

    fn process(&self, doc: &mut Doc) {
        let fold = fold_text(&doc.text, doc.folded());
        let pieces: Vec<Span> = if !doc.sentences.is_empty() {
            doc.sentences.clone()
        } else if !doc.blocks.is_empty() {
            doc.blocks.iter().map(|b| b.span).collect()
        } else {
            vec![Span::new(0, fold.len())]
        };
        let mut tokens = Vec::new();
        for piece in pieces {
            let Some(s) = fold.get(piece.start..piece.end) else {
                continue;
            };
            for (a, b, tag) in self.tag_str(s) {
                tokens.push(Token {
                    span: Span::new(piece.start + a, piece.start + b),
                    pos: tag.to_string(),
                });
            }
        }
        doc.tokens = tokens;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jishi_doc::Article;

    fn doc(paragraphs: &[&str]) -> Doc {
        jishi_text::paragraphs_doc(Article::new("t"), paragraphs)
    }

    fn words(doc: &Doc) -> Vec<(&str, &str)> {
        doc.tokens
            .iter()
            .map(|t| (doc.slice(t.span), t.pos.as_str()))
            .collect()
    }

    #[test]
    fn titles_ranks_and_organizations_come_out_whole() {
        let stage = WordStage::new().unwrap();
        let mut d = doc(&["中国国防部新闻发言人吴谦大校表示，助理国防部长帮办出席。"]);
        stage.process(&mut d);
        let w = words(&d);
        assert!(w.contains(&("中国国防部", "nt")), "{w:?}");
        assert!(w.contains(&("发言人", "nnt")) || w.contains(&("新闻发言人", "nnt")));
        assert!(w.contains(&("大校", "nnt")), "{w:?}");
        assert!(w.contains(&("助理国防部长帮办", "nnt")), "{w:?}");
    }

    #[test]
    fn traditional_text_segments_like_simplified_with_spans_into_the_text() {
        let stage = WordStage::new().unwrap();
        let mut d = doc(&["香山論壇開幕", "美國國防部長發言人表示。"]);
        stage.process(&mut d);
        let w = words(&d);
        assert!(w.contains(&("美國", "ns")), "{w:?}");
        assert!(w.contains(&("國防部長", "nnt")), "{w:?}");
        assert!(w.contains(&("發言人", "nnt")), "{w:?}");
        // no token crosses a paragraph break, none is white space
        assert!(w.iter().all(|(s, _)| !s.contains('\n')));
    }

    #[test]
    fn the_fold_keeps_simplified_characters_simplified() {
        assert_eq!(fold_str("德國晚上收到"), "德国晚上收到");
        let stage = WordStage::new().unwrap();
        let mut d = doc(&["德國總統表示"]);
        stage.process(&mut d);
        assert_eq!(words(&d)[0], ("德國", "ns"));
    }

    #[test]
    fn a_bad_dictionary_line_is_reported_with_its_place() {
        let err = parse_dictionary("x.txt", "# c\n上将 3000 nnt extra\n").unwrap_err();
        assert_eq!(err.to_string(), "x.txt:2: unexpected field \"extra\"");
    }
}
