//! The Jekyll reader (YAML front matter, HTML or Markdown body) on arbitrary bytes, whatever the format detector would say: no panic, and every
//! document it makes is consistent.
#![no_main]
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::check_read(jishi_read::read_bytes_as(
        "fuzz",
        data,
        jishi_read::Format::Jekyll,
    ));
});
