//! The personal-data engine on arbitrary text: no panic, and every finding lies inside the
//! text, on character boundaries, sorted and without overlaps.
#![no_main]

use std::sync::OnceLock;

use khien_detect::{Config, Engine, FieldContext};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::new(Config::default()))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (label, body) = match text.split_once('\u{1}') {
        Some((l, b)) => (Some(l), b),
        None => (None, &*text),
    };
    let field = FieldContext { label, numeric: data.first().is_some_and(|b| b & 1 == 1) };
    let found = engine().detect_field(body, &field);
    let mut last_end = 0;
    for f in &found {
        assert!(f.start < f.end && f.end <= body.len());
        assert!(body.is_char_boundary(f.start) && body.is_char_boundary(f.end));
        assert!(f.start >= last_end, "overlapping findings");
        assert!((0.0..=1.0).contains(&f.score));
        last_end = f.end;
        let _ = f.masked(body);
    }
});
