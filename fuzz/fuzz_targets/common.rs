//! What every reader must guarantee for any input: each document it makes has body text, and
//! its blocks lie inside that text on character boundaries, in order, without overlapping.

use jishi_doc::Doc;
use jishi_read::ReadError;

/// Checks the documents (and errors) a reader returned for one input.
#[allow(dead_code)] // not every target reads without analysing
pub fn check_read(docs: Vec<Result<Doc, ReadError>>) {
    for doc in docs {
        match doc {
            Ok(doc) => check_doc(&doc),
            // an error must name its input
            Err(e) => assert!(e.to_string().starts_with("fuzz"), "{e}"),
        }
    }
}

/// The invariants of a document as a reader hands it on.
pub fn check_doc(doc: &Doc) {
    assert!(!doc.text.trim().is_empty(), "a document has body text");
    let mut last_end = 0;
    for b in &doc.blocks {
        assert!(
            b.span.start <= b.span.end && b.span.end <= doc.text.len(),
            "block {:?} inside a text of {} bytes",
            b.span,
            doc.text.len()
        );
        assert!(doc.text.is_char_boundary(b.span.start) && doc.text.is_char_boundary(b.span.end));
        assert!(b.span.start >= last_end, "blocks in order, not overlapping");
        last_end = b.span.end;
    }
}
