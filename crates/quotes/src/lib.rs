//! The quotes stage: direct and indirect quotations with their speakers (fills `Doc::quotes`).
//!
//! Not built yet: the stage leaves the layer empty.

use jishi_doc::{Doc, Stage};

/// The quotes stage.
#[derive(Debug, Default)]
pub struct QuoteStage;

impl QuoteStage {
    /// Builds the stage, loading its resources once. (Contract for the pipeline: `new()` returns
    /// `Result<Self, E>` with `E: Display`.)
    pub fn new() -> Result<Self, std::convert::Infallible> {
        Ok(QuoteStage)
    }
}

impl Stage for QuoteStage {
    fn name(&self) -> &'static str {
        "quotes"
    }
    fn process(&self, _doc: &mut Doc) {}
}
