//! Normalisation and folding on arbitrary text: offset maps stay monotonic and on character
//! boundaries, and normalising twice changes nothing.
#![no_main]

use khien_text::{Folded, Normalized};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let n = Normalized::new(&text);
    let mut last = 0;
    for i in (0..=n.text().len()).filter(|&i| n.text().is_char_boundary(i)) {
        let o = n.to_source(i);
        assert!(o >= last && text.is_char_boundary(o));
        last = o;
    }
    let again = Normalized::new(n.text());
    assert_eq!(again.text(), n.text());
    let f = Folded::new(&text);
    for i in 0..=f.text().len() {
        assert!(text.is_char_boundary(f.to_source(i)));
    }
});
