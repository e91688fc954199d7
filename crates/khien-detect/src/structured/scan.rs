//! The one pass: skip prose eight bytes at a time to a digit, `@`, `:` or `=`, and hand each
//! candidate to the detector of its shape.

use crate::Finding;
use crate::context::ContextCache;
use crate::engine::Doc;

use super::credential::{credential, credentials_after_la};
use super::email::email;
use super::net::ipv6;
use super::number::number;

const C_DIGIT: u8 = 1;
const C_AT: u8 = 2;
const C_KEY: u8 = 4;

static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut digit = b'0';
    while digit <= b'9' {
        table[digit as usize] = C_DIGIT;
        digit += 1;
    }
    table[b'@' as usize] = C_AT;
    table[b':' as usize] = C_KEY;
    table[b'=' as usize] = C_KEY;
    table
};

/// Whether any of the eight bytes in `chunk` lies strictly between `ABOVE` and `BELOW` (both
/// below 0x80): the "has between" bit trick, eight bytes at once. Bytes ≥ 0x80 (the bytes of
/// Vietnamese letters) never match.
#[inline]
fn any_byte_between<const ABOVE: u64, const BELOW: u64>(chunk: u64) -> bool {
    const L: u64 = 0x0101_0101_0101_0101;
    const H: u64 = 0x8080_8080_8080_8080;
    ((L * (127 + BELOW)).wrapping_sub(chunk & (L * 127))
        & !chunk
        & ((chunk & (L * 127)) + L * (127 - ABOVE))
        & H)
        != 0
}

/// Whether any of the eight bytes in `chunk` lies in 0x30–0x40 (digits, `:`, `=`, `@` and a few
/// other punctuation marks).
#[inline]
fn maybe_interesting(chunk: u64) -> bool {
    any_byte_between::<0x2F, 0x41>(chunk)
}

/// Whether any of the eight bytes in `chunk` is an ASCII digit.
#[inline]
fn has_digit(chunk: u64) -> bool {
    any_byte_between::<0x2F, 0x3A>(chunk)
}

/// The next ASCII digit at or after `pos`, skipping eight bytes at a time (a second pass over
/// a text for its bare digit runs, [`crate::engine`]'s re-padding, was a scalar scan of every
/// byte).
#[inline]
pub(crate) fn next_digit(bytes: &[u8], mut pos: usize) -> Option<usize> {
    while pos + 8 <= bytes.len() {
        let chunk = u64::from_le_bytes(bytes[pos..pos + 8].try_into().expect("eight bytes"));
        if has_digit(chunk) {
            break;
        }
        pos += 8;
    }
    bytes[pos..].iter().position(u8::is_ascii_digit).map(|o| pos + o)
}

/// The next byte at or after `pos` that may start a candidate.
#[inline]
fn next_interesting(bytes: &[u8], mut pos: usize) -> Option<usize> {
    // Eight bytes at a time over prose: most words hold no digit, `@` or `:`.
    while pos + 8 <= bytes.len() {
        let chunk = u64::from_le_bytes(bytes[pos..pos + 8].try_into().expect("eight bytes"));
        if maybe_interesting(chunk) {
            break;
        }
        pos += 8;
    }
    bytes[pos..].iter().position(|&x| CLASS[x as usize] != 0).map(|o| pos + o)
}

/// Runs the structured detector over the document.
pub(crate) fn detect<'t>(doc: &Doc<'t>, cache: &mut ContextCache<'t>, out: &mut Vec<Finding>) {
    let text = doc.text;
    let bytes = text.as_bytes();
    let mut pos = 0;
    while pos < bytes.len() {
        // Skip to the next interesting byte.
        match next_interesting(bytes, pos) {
            Some(at) => pos = at,
            None => break,
        }
        let byte = bytes[pos];
        if byte.is_ascii_digit() {
            pos = number(doc, pos, cache, out).max(pos + 1);
        } else if byte == b'@' {
            pos = email(doc, pos, cache, out).max(pos + 1);
        } else {
            if byte == b':' {
                if let Some(end) = ipv6(doc, pos, cache, out) {
                    pos = end;
                    continue;
                }
            }
            credential(doc, pos, cache, out);
            pos += 1;
        }
    }
    credentials_after_la(doc, cache, out);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn next_digit_is_the_first_digit(t in "[a-zà-ỹ 0-9:/@=\\x00-\\x7f]{0,40}", from in 0usize..40) {
            let b = t.as_bytes();
            let from = from.min(b.len());
            let expected = b[from..].iter().position(u8::is_ascii_digit).map(|o| from + o);
            prop_assert_eq!(super::next_digit(b, from), expected);
        }
    }
}
