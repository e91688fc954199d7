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
    let mut t = [0u8; 256];
    let mut d = b'0';
    while d <= b'9' {
        t[d as usize] = C_DIGIT;
        d += 1;
    }
    t[b'@' as usize] = C_AT;
    t[b':' as usize] = C_KEY;
    t[b'=' as usize] = C_KEY;
    t
};

/// Whether any of the eight bytes in `w` lies in 0x30–0x40 (digits, `:`, `=`, `@` and a few
/// other punctuation marks). Bytes of Vietnamese letters (≥ 0x80) never match.
#[inline]
fn maybe_interesting(w: u64) -> bool {
    const L: u64 = 0x0101_0101_0101_0101;
    const H: u64 = 0x8080_8080_8080_8080;
    const M: u64 = 0x2F;
    const N: u64 = 0x41;
    ((L * (127 + N)).wrapping_sub(w & (L * 127)) & !w & ((w & (L * 127)) + L * (127 - M)) & H) != 0
}

/// The next byte at or after `i` that may start a candidate.
#[inline]
fn next_interesting(b: &[u8], mut i: usize) -> Option<usize> {
    // Eight bytes at a time over prose: most words hold no digit, `@` or `:`.
    while i + 8 <= b.len() {
        let w = u64::from_le_bytes(b[i..i + 8].try_into().expect("eight bytes"));
        if maybe_interesting(w) {
            break;
        }
        i += 8;
    }
    b[i..].iter().position(|&x| CLASS[x as usize] != 0).map(|o| i + o)
}

/// Runs the structured detector over the document.
pub(crate) fn detect<'t>(doc: &Doc<'t>, cache: &mut ContextCache<'t>, out: &mut Vec<Finding>) {
    let text = doc.text;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Skip to the next interesting byte.
        match next_interesting(b, i) {
            Some(at) => i = at,
            None => break,
        }
        let c = b[i];
        if c.is_ascii_digit() {
            i = number(doc, i, cache, out).max(i + 1);
        } else if c == b'@' {
            i = email(doc, i, cache, out).max(i + 1);
        } else {
            if c == b':' {
                if let Some(end) = ipv6(doc, i, cache, out) {
                    i = end;
                    continue;
                }
            }
            credential(doc, i, cache, out);
            i += 1;
        }
    }
    credentials_after_la(doc, cache, out);
}
