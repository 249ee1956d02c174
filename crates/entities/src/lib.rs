//! The entities stage: named entities: people, organizations, places (fills `Doc::entities`).
//!
//! Not built yet: the stage leaves the layer empty.

use jishi_doc::{Doc, Stage};

/// The entities stage.
#[derive(Debug, Default)]
pub struct EntityStage;

impl EntityStage {
    /// Builds the stage, loading its resources once. (Contract for the pipeline: `new()` returns
    /// `Result<Self, E>` with `E: Display`.)
    pub fn new() -> Result<Self, std::convert::Infallible> {
        Ok(EntityStage)
    }
}

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn process(&self, _doc: &mut Doc) {}
}
