//! Fuzzes the EMVCo/VietQR parser: it must never panic, and a payload it accepts must judge.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = khien_judge::internals::parse_qr(s);
        let _ = khien_judge::internals::parse_qr_tlv(s);
    }
});
