//! Encoding detection and decoding on arbitrary bytes: no panic; UTF-8 input decodes to itself.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = jishi_read::decode(data) {
        if d.encoding == "utf-8" {
            let body = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
            assert_eq!(d.text.as_bytes(), body, "UTF-8 decodes to itself");
        }
    }
});
