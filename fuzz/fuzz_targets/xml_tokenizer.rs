#![no_main]
//! The XML/HTML tokenizer, attribute parser and entity decoder.

use khien_extract::xml::{Tok, Tokenizer, attrs, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for t in Tokenizer::html(data).chain(Tokenizer::xml(data)) {
        if let Tok::Start { attrs: a, .. } = t {
            for at in attrs(data, a) {
                let _ = decode(&data[at.value], true);
            }
        }
    }
});
