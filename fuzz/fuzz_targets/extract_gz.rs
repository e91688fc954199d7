#![no_main]
//! Extraction of `gz` input (the format is chosen by name, then by content).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = khien_extract::Limits { max_decompressed: 64 << 20, ..Default::default() };
    let _ = khien_extract::extract("a.gz", data, &limits);
});
