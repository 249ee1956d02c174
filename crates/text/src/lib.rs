//! The text stage: sentence boundaries, a simplified view with the same offsets, and script
//! detection.
//!
//! Reads `Doc::text` and `Doc::blocks` (from the reader); adds `Doc::sentences` and `Doc::fold`.
//!
//! ```
//! use jishi_doc::{Article, Block, BlockKind, Doc, Span, Stage};
//! let text = "他說：“臂章反映了文化。盾牌表示防禦。”何雷回憶說。".to_string();
//! let mut doc = Doc::new(Article::new("x"), text);
//! doc.blocks.push(Block { kind: BlockKind::Paragraph, span: Span::new(0, doc.text.len()) });
//! jishi_text::TextStage.process(&mut doc);
//! let sentences: Vec<&str> = doc.sentences.iter().map(|s| doc.slice(*s)).collect();
//! assert_eq!(sentences, ["他說：“臂章反映了文化。", "盾牌表示防禦。”何雷回憶說。"]);
//! assert!(doc.fold.starts_with("他说"));
//! ```

use jishi_doc::{Doc, Language, Stage};

mod fold;
mod sentences;

pub use fold::{fold, is_simplified_only, is_traditional, simplify_char};
pub use sentences::{split_sentences, split_sentences_within, MAX_SENTENCE};

/// Adds sentences and the simplified fold to a document.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextStage;

impl Stage for TextStage {
    fn name(&self) -> &'static str {
        "text"
    }
    fn process(&self, doc: &mut Doc) {
        BoundedTextStage::default().process(doc);
    }
}

/// The text stage with another longest sentence than [`MAX_SENTENCE`] characters
/// (`extract --max-sentence-chars`): text that runs on without an end mark is cut there.
#[derive(Clone, Copy, Debug)]
pub struct BoundedTextStage {
    /// Longest sentence, in characters (at least 1).
    pub max_sentence: usize,
}

impl Default for BoundedTextStage {
    fn default() -> Self {
        BoundedTextStage {
            max_sentence: MAX_SENTENCE,
        }
    }
}

impl Stage for BoundedTextStage {
    fn name(&self) -> &'static str {
        "text"
    }
    fn process(&self, doc: &mut Doc) {
        doc.fold = fold(&doc.text);
        let mut sentences = Vec::new();
        for block in &doc.blocks {
            // a block from outside the readers may not cut the text where it should
            if doc.text.get(block.span.start..block.span.end).is_none() {
                continue;
            }
            sentences.extend(split_sentences_within(
                &doc.text,
                block.span,
                self.max_sentence,
            ));
        }
        doc.sentences = sentences;
    }
}

/// A document made of plain paragraphs (joined by `\n\n`, one block each), with the text stage
/// run: the starting point for analysing text that did not come through a reader, and for tests.
pub fn paragraphs_doc(article: jishi_doc::Article, paragraphs: &[&str]) -> Doc {
    use jishi_doc::{Block, BlockKind, Span};
    let mut doc = Doc::new(article, paragraphs.join("\n\n"));
    let mut at = 0;
    for p in paragraphs {
        doc.blocks.push(Block {
            kind: BlockKind::Paragraph,
            span: Span::new(at, at + p.len()),
        });
        at += p.len() + 2;
    }
    TextStage.process(&mut doc);
    doc
}

/// Guesses the script of a text: traditional or simplified Chinese, or English.
///
/// Counts characters that exist only in one script; text with few CJK characters and mostly
/// Latin letters is English.
pub fn detect_language(text: &str) -> Language {
    let (mut cjk, mut latin, mut trad, mut simp) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        if ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c) {
            cjk += 1;
            if is_traditional(c) {
                trad += 1;
            } else if is_simplified_only(c) {
                simp += 1;
            }
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    // a Chinese character carries about as much as a short English word
    if cjk * 4 < latin {
        Language::En
    } else if trad > simp {
        Language::ZhHant
    } else {
        Language::ZhHans
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_of_paragraphs_has_a_block_each() {
        let doc = paragraphs_doc(
            jishi_doc::Article::new("t"),
            &["第一段。", "第二段。第二句。"],
        );
        assert_eq!(doc.text, "第一段。\n\n第二段。第二句。");
        assert_eq!(
            doc.blocks
                .iter()
                .map(|b| doc.slice(b.span))
                .collect::<Vec<_>>(),
            ["第一段。", "第二段。第二句。"]
        );
        assert_eq!(doc.sentences.len(), 3);
    }

    #[test]
    fn detects_the_three_scripts() {
        assert_eq!(
            detect_language("香山論壇中美互動少 美國代表低調不受訪"),
            Language::ZhHant
        );
        assert_eq!(
            detect_language("中美两军如何在北京香山论坛上互动备受关注。"),
            Language::ZhHans
        );
        assert_eq!(
            detect_language("The forum opened in Beijing on Sunday."),
            Language::En
        );
    }
}
