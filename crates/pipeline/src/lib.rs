//! The pipeline: read → text → words → entities → times → quotes (→ actors → events), each stage
//! loaded once and shared, run over one [`Doc`] after another.
//!
//! The pipeline knows nothing of JSON, SQLite or HTTP: it turns inputs into analysed `Doc`s.
//!
//! ```no_run
//! let pipeline = jishi_pipeline::Pipeline::new(&jishi_pipeline::Config::default()).unwrap();
//! for doc in pipeline.extract_path(std::path::Path::new("examples/article.md")) {
//!     let doc = doc.unwrap(); // an ExtractError names the input that failed
//!     println!("{} sentences", doc.sentences.len());
//! }
//! ```

use std::path::Path;

use jishi_doc::{Doc, Stage};
use jishi_read::{Limits, ReadError, ReadErrorKind};

/// The stages, in the order they run.
pub const STAGES: &[&str] = &[
    "text", "words", "entities", "times", "quotes", "actors", "events",
];

/// How to build a pipeline.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Stages to switch off, by name (`quotes`, …). The text stage cannot be switched off.
    pub disabled: Vec<String>,
    /// Limits for the readers.
    pub limits: Limits,
}

/// Why one input gave no analysed document: it could not be read, or a stage failed on it
/// (a defect, caught so that the rest of the batch goes on). `Display` names the input.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{source_name}: the {stage} stage failed: {message} (a defect in jishi; please report it with this input)")]
    Stage {
        source_name: String,
        stage: &'static str,
        message: String,
    },
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

fn text_stage(limits: Limits) -> Box<dyn Stage> {
    Box::new(jishi_text::BoundedTextStage {
        max_sentence: limits.max_sentence_chars,
    })
}

impl Pipeline {
    /// Loads every stage that is not disabled.
    pub fn new(config: &Config) -> Result<Pipeline, PipelineError> {
        let on = |name: &str| !config.disabled.iter().any(|d| d == name);
        let mut stages: Vec<Box<dyn Stage>> = vec![text_stage(config.limits)];
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
        if on("actors") {
            stages.push(load("actors", jishi_actors::ActorStage::new())?);
        }
        if on("events") {
            stages.push(load("events", jishi_events::EventStage::new())?);
        }
        Ok(Pipeline {
            stages,
            limits: config.limits,
        })
    }

    /// A pipeline of the given stages (after the text stage, which always runs first).
    pub fn with_stages(stages: Vec<Box<dyn Stage>>, limits: Limits) -> Pipeline {
        let mut all: Vec<Box<dyn Stage>> = vec![text_stage(limits)];
        all.extend(stages);
        Pipeline {
            stages: all,
            limits,
        }
    }

    /// Runs every stage over a document that a reader made. A text longer than the limit
    /// (`Limits::max_article_bytes`) is not analysed: an error names it. A stage that panics is a
    /// defect: it is caught and reported as an error naming the input, and the document is
    /// dropped rather than passed on half-analysed.
    pub fn analyse(&self, doc: Doc) -> Result<Doc, ExtractError> {
        self.analyse_timed(doc, &mut |_, _| {})
    }

    /// [`Pipeline::analyse`], telling `timed` how long each stage took (for benchmarks and
    /// profiles of hostile inputs).
    pub fn analyse_timed(
        &self,
        mut doc: Doc,
        timed: &mut dyn FnMut(&'static str, std::time::Duration),
    ) -> Result<Doc, ExtractError> {
        if doc.text.len() > self.limits.max_article_bytes {
            return Err(ExtractError::Read(ReadError::new(
                &doc.article.source,
                ReadErrorKind::ArticleTooLong {
                    size: doc.text.len(),
                    limit: self.limits.max_article_bytes,
                },
            )));
        }
        for stage in &self.stages {
            let started = std::time::Instant::now();
            let run =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| stage.process(&mut doc)));
            timed(stage.name(), started.elapsed());
            if let Err(panic) = run {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "panic".into());
                return Err(ExtractError::Stage {
                    source_name: doc.article.source.clone(),
                    stage: stage.name(),
                    message,
                });
            }
        }
        Ok(doc)
    }

    /// Reads one input (a file or `-`) and analyses each article in it.
    pub fn extract_path(&self, path: &Path) -> Vec<Result<Doc, ExtractError>> {
        jishi_read::read_path(path, self.limits)
            .into_iter()
            .map(|r| self.analyse(r?))
            .collect()
    }

    /// Reads the bytes of one input named `source` and analyses each article in it.
    pub fn extract_bytes(&self, source: &str, bytes: &[u8]) -> Vec<Result<Doc, ExtractError>> {
        jishi_read::read_bytes(source, bytes)
            .into_iter()
            .map(|r| self.analyse(r?))
            .collect()
    }

    /// The names of the stages that run.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Faulty;
    impl Stage for Faulty {
        fn name(&self) -> &'static str {
            "faulty"
        }
        fn process(&self, doc: &mut Doc) {
            if doc.text.contains("炸") {
                panic!("cannot handle this text");
            }
        }
    }

    #[test]
    fn an_article_over_the_limit_is_not_analysed() {
        let limits = Limits {
            max_article_bytes: 30,
            ..Limits::default()
        };
        let p = Pipeline::with_stages(vec![], limits);
        let long = p
            .extract_bytes("long.txt", "长".repeat(11).as_bytes())
            .remove(0)
            .unwrap_err();
        assert_eq!(
            long.to_string(),
            "long.txt: article too long: 33 bytes of text (the limit is 30)"
        );
        assert!(p.extract_bytes("short.txt", "短文。".as_bytes())[0].is_ok());
    }

    #[test]
    fn a_stage_that_panics_fails_its_input_only() {
        std::panic::set_hook(Box::new(|_| {}));
        let p = Pipeline::with_stages(vec![Box::new(Faulty)], Limits::default());
        let bad = p
            .extract_bytes("bad.txt", "炸弹。".as_bytes())
            .remove(0)
            .unwrap_err();
        assert_eq!(
            bad.to_string(),
            "bad.txt: the faulty stage failed: cannot handle this text (a defect in jishi; please report it with this input)"
        );
        let good = p
            .extract_bytes("good.txt", "和平。".as_bytes())
            .remove(0)
            .unwrap();
        assert_eq!(good.sentences.len(), 1);
    }
}
