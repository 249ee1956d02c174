//! The times stage: time expressions resolved to dates (fills `Doc::times`).
//!
//! Not built yet: the stage leaves the layer empty.

use jishi_doc::{Doc, Stage};

/// The times stage.
#[derive(Debug, Default)]
pub struct TimeStage;

impl Stage for TimeStage {
    fn name(&self) -> &'static str {
        "times"
    }
    fn process(&self, _doc: &mut Doc) {}
}
