//! The quotes stage: direct and indirect quotations with their speakers (fills `Doc::quotes`).
//!
//! Not built yet: the stage leaves the layer empty.

use jishi_doc::{Doc, Stage};

/// The quotes stage.
#[derive(Debug, Default)]
pub struct QuoteStage;

impl Stage for QuoteStage {
    fn name(&self) -> &'static str {
        "quotes"
    }
    fn process(&self, _doc: &mut Doc) {}
}
