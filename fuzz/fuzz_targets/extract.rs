//! The whole extract pipeline on arbitrary bytes: read, every analysis stage, the document
//! record. No stage may panic (the pipeline catches a panicking stage and reports it as an error
//! so that a batch goes on; here that error is a failure), and every span of the record cuts
//! exactly its text.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

mod common;

fn pipeline() -> &'static jishi_pipeline::Pipeline {
    static P: OnceLock<jishi_pipeline::Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        jishi_pipeline::Pipeline::new(&jishi_pipeline::Config::default()).expect("the stages load")
    })
}

fuzz_target!(|data: &[u8]| {
    for result in pipeline().extract_bytes("fuzz", data) {
        match result {
            Ok(doc) => {
                common::check_doc(&doc);
                for s in &doc.sentences {
                    assert!(s.start <= s.end && s.end <= doc.text.len());
                    assert!(doc.text.is_char_boundary(s.start) && doc.text.is_char_boundary(s.end));
                }
                let rec = jishi_record::Record::from_doc(&doc);
                let chars: Vec<char> = rec.text.chars().collect();
                let cut = |s: usize, e: usize| -> String {
                    assert!(
                        s <= e && e <= chars.len(),
                        "span {s}..{e} of {}",
                        chars.len()
                    );
                    chars[s..e].iter().collect()
                };
                for t in &rec.times {
                    assert_eq!(cut(t.start, t.end), t.text);
                }
                for q in &rec.quotes {
                    assert_eq!(cut(q.start, q.end), q.text);
                }
                for e in &rec.entities {
                    for m in &e.mentions {
                        assert_eq!(cut(m.start, m.end), m.text);
                    }
                }
                for v in &rec.events {
                    assert_eq!(cut(v.trigger.start, v.trigger.end), v.trigger.text);
                }
                serde_json::to_string(&rec).expect("a record serializes");
            }
            Err(jishi_pipeline::ExtractError::Stage { stage, message, .. }) => {
                panic!("the {stage} stage failed: {message}")
            }
            Err(jishi_pipeline::ExtractError::Read(_)) => {}
        }
    }
});
