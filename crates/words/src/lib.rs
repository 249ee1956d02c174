//! The word stage: segmentation and part-of-speech tags (fills `Doc::tokens`).
//!
//! Not built yet: the stage leaves the layer empty.

use jishi_doc::{Doc, Stage};

/// Segments the text into tagged words.
#[derive(Debug, Default)]
pub struct WordStage;

impl WordStage {
    /// Builds the stage, loading its resources once. (Contract for the pipeline: `new()` returns
    /// `Result<Self, E>` with `E: Display`.)
    pub fn new() -> Result<Self, std::convert::Infallible> {
        Ok(WordStage)
    }
}

impl Stage for WordStage {
    fn name(&self) -> &'static str {
        "words"
    }
    fn process(&self, _doc: &mut Doc) {}
}
