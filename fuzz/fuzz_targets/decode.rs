//! Encoding detection and decoding on arbitrary bytes: no panic; UTF-8 input decodes to itself.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = jishi_read::decode(data) {
        if d.encoding == "utf-8" {
            // to itself, or (cut inside its last character) to all but that character
            let body = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
            assert!(
                body.starts_with(d.text.as_bytes()),
                "UTF-8 decodes to itself"
            );
            assert!(
                body.len() - d.text.len() < 4,
                "only a cut character is dropped"
            );
        }
    }
});
