//! Inputs that once made a stage fail (found by `fuzz/run.sh`'s `extract` target, or written by
//! hand), kept in `tests/regressions/`, and the readers' own regressions
//! (`crates/read/tests/regressions/`): the whole pipeline analyses each of them with no stage
//! failing, and every span it makes cuts the text on character boundaries.

use std::path::Path;

fn inputs() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        root.join("tests/regressions"),
        root.join("../read/tests/regressions"),
    ] {
        for entry in std::fs::read_dir(&dir).expect("a regressions directory") {
            let path = entry.expect("an entry").path();
            if path.ends_with("README.md") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("a regression input reads");
            out.push((path.display().to_string(), bytes));
        }
    }
    out
}

#[test]
fn no_stage_fails_on_an_input_that_once_broke_one() {
    let pipeline =
        jishi_pipeline::Pipeline::new(&jishi_pipeline::Config::default()).expect("the stages load");
    let inputs = inputs();
    assert!(inputs.len() >= 4, "{} inputs", inputs.len());
    for (name, bytes) in inputs {
        for result in pipeline.extract_bytes(&name, &bytes) {
            let doc = match result {
                Ok(doc) => doc,
                Err(e @ jishi_pipeline::ExtractError::Stage { .. }) => panic!("{e}"),
                Err(jishi_pipeline::ExtractError::Read(_)) => continue,
            };
            let on_boundaries =
                |s: jishi_doc::Span| s.start <= s.end && doc.text.get(s.start..s.end).is_some();
            assert!(doc.sentences.iter().all(|s| on_boundaries(*s)), "{name}");
            assert!(
                doc.entities
                    .iter()
                    .flat_map(|e| &e.mentions)
                    .all(|m| on_boundaries(m.span)),
                "{name}"
            );
            assert!(doc.quotes.iter().all(|q| on_boundaries(q.span)), "{name}");
            assert!(doc.times.iter().all(|t| on_boundaries(t.span)), "{name}");
        }
    }
}
