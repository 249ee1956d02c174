//! The times stage: time expressions resolved to dates (fills `Doc::times`).
//!
//! Not built yet: the stage leaves the layer empty.

use jishi_doc::{Doc, Stage};

/// The times stage.
#[derive(Debug, Default)]
pub struct TimeStage;

impl TimeStage {
    /// Builds the stage, loading its resources once. (Contract for the pipeline: `new()` returns
    /// `Result<Self, E>` with `E: Display`.)
    pub fn new() -> Result<Self, std::convert::Infallible> {
        Ok(TimeStage)
    }
}

impl Stage for TimeStage {
    fn name(&self) -> &'static str {
        "times"
    }
    fn process(&self, _doc: &mut Doc) {}
}
