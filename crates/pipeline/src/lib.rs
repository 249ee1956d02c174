//! The pipeline: read → text → words → entities → times → quotes (→ actors → events), each stage
//! loaded once and shared, run over one [`Doc`] after another.
//!
//! The pipeline knows nothing of JSON, SQLite or HTTP: it turns inputs into analysed `Doc`s.
//!
//! ```no_run
//! let pipeline = jishi_pipeline::Pipeline::new(&jishi_pipeline::Config::default()).unwrap();
//! for doc in pipeline.extract_path(std::path::Path::new("examples/article.md")) {
//!     let doc = doc.unwrap();
//!     println!("{} sentences", doc.sentences.len());
//! }
//! ```

use std::path::Path;

use jishi_doc::{Doc, Stage};
use jishi_read::{Limits, ReadError};

/// The stages, in the order they run.
pub const STAGES: &[&str] = &["text", "words", "entities", "times", "quotes"];

/// How to build a pipeline.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Stages to switch off, by name (`quotes`, …). The text stage cannot be switched off.
    pub disabled: Vec<String>,
    /// Limits for the readers.
    pub limits: Limits,
}

/// A stage's resources failed to load.
#[derive(Debug, thiserror::Error)]
#[error("cannot load the {stage} stage: {message}")]
pub struct PipelineError {
    pub stage: &'static str,
    pub message: String,
}

/// The analysis stages, loaded once.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
    limits: Limits,
}

fn load<S: Stage + 'static, E: std::fmt::Display>(
    stage: &'static str,
    built: Result<S, E>,
) -> Result<Box<dyn Stage>, PipelineError> {
    built
        .map(|s| Box::new(s) as Box<dyn Stage>)
        .map_err(|e| PipelineError {
            stage,
            message: e.to_string(),
        })
}

impl Pipeline {
    /// Loads every stage that is not disabled.
    pub fn new(config: &Config) -> Result<Pipeline, PipelineError> {
        let on = |name: &str| !config.disabled.iter().any(|d| d == name);
        let mut stages: Vec<Box<dyn Stage>> = vec![Box::new(jishi_text::TextStage)];
        if on("words") {
            stages.push(load("words", jishi_words::WordStage::new())?);
        }
        if on("entities") {
            stages.push(load("entities", jishi_entities::EntityStage::new())?);
        }
        if on("times") {
            stages.push(load("times", jishi_times::TimeStage::new())?);
        }
        if on("quotes") {
            stages.push(load("quotes", jishi_quotes::QuoteStage::new())?);
        }
        Ok(Pipeline {
            stages,
            limits: config.limits,
        })
    }

    /// Runs every stage over a document that a reader made.
    pub fn analyse(&self, doc: &mut Doc) {
        for stage in &self.stages {
            stage.process(doc);
        }
    }

    /// Reads one input (a file or `-`) and analyses each article in it.
    pub fn extract_path(&self, path: &Path) -> Vec<Result<Doc, ReadError>> {
        jishi_read::read_path(path, self.limits)
            .into_iter()
            .map(|r| {
                r.map(|mut doc| {
                    self.analyse(&mut doc);
                    doc
                })
            })
            .collect()
    }

    /// Reads the bytes of one input named `source` and analyses each article in it.
    pub fn extract_bytes(&self, source: &str, bytes: &[u8]) -> Vec<Result<Doc, ReadError>> {
        jishi_read::read_bytes(source, bytes)
            .into_iter()
            .map(|r| {
                r.map(|mut doc| {
                    self.analyse(&mut doc);
                    doc
                })
            })
            .collect()
    }

    /// The names of the stages that run.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }
}
