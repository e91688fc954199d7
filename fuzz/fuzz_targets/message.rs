//! Fuzzes the whole message pipeline (normaliser, URL/phone/account extractor, rules): no
//! panics, and every reported span lies on char boundaries inside the input.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static JUDGE: OnceLock<khien_judge::Judge> = OnceLock::new();
    let judge = JUDGE.get_or_init(khien_judge::Judge::new);
    if let Ok(s) = std::str::from_utf8(data) {
        let r = judge.check_text(s);
        for e in &r.entities {
            assert!(e.start <= e.end && e.end <= s.len());
            assert!(s.is_char_boundary(e.start) && s.is_char_boundary(e.end));
        }
        for x in &r.reasons {
            if let (Some(a), Some(b)) = (x.start, x.end) {
                assert!(a <= b && b <= s.len() && s.is_char_boundary(a) && s.is_char_boundary(b));
            }
        }
    }
});
