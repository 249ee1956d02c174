//! The readers as the engine calls them (encoding and format detection, then the reader) on
//! arbitrary bytes: no panic, and every document it makes is consistent.
#![no_main]
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::check_read(jishi_read::read_bytes("fuzz", data));
});
