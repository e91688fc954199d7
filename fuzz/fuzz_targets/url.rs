//! Fuzzes link parsing, punycode and look-alike analysis.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static JUDGE: OnceLock<khien_judge::Judge> = OnceLock::new();
    let judge = JUDGE.get_or_init(khien_judge::Judge::new);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = khien_judge::internals::parse_link(s);
        let _ = khien_judge::internals::punycode_decode(s);
        let _ = judge.check_url(s);
    }
});
