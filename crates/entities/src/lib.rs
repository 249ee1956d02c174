//! The entities stage: named entities: people, organizations, places (fills `Doc::entities`).
//!
//! Not built yet: the stage leaves the layer empty.

use jishi_doc::{Doc, Stage};

/// The entities stage.
#[derive(Debug, Default)]
pub struct EntityStage;

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn process(&self, _doc: &mut Doc) {}
}
