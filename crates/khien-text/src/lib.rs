//! Vietnamese text normalisation for Khiên's engines.
//!
//! This crate turns text as it arrives (NFC or NFD, full-width digits, no-break and thin spaces,
//! zero-width characters) into a canonical working copy, and keeps an **offset map** back to the
//! original bytes so that every finding, reason or redaction points into the text the user owns.
//! It also provides accent folding (`Nguyễn` → `nguyen`, `Đ` → `d`) for keyword matching on text
//! typed without diacritics.
//!
//! It is *not* a tokenizer, a language detector or a legacy-encoding converter (TCVN3/VNI belong
//! to document extraction). It does no I/O.
//!
//! ```
//! use khien_text::{fold, Normalized};
//! assert_eq!(fold("Số CCCD"), "so cccd");
//! let n = Normalized::new("SĐT：０９１２\u{a0}345 678");
//! assert_eq!(n.text(), "SĐT:0912 345 678");
//! // Offsets in the working copy map back to the original bytes.
//! let start = n.text().find('0').unwrap();
//! assert_eq!(n.to_source(start), "SĐT：".len());
//! ```
//!
//! # Performance
//! [`Normalized::new`] checks with a byte scan whether anything needs rewriting; text that is
//! already NFC with ASCII digits and plain spaces (the common case) is borrowed, not copied, and
//! carries no offset map.

mod fold;
mod normalize;

pub use fold::{Folded, fold, fold_char, fold_into, strip_diacritics};
pub use normalize::{Normalized, is_separator_char};

/// True for a byte that can start a Vietnamese word character in UTF-8 or is an ASCII letter or
/// digit. Used by detectors for explicit word-boundary checks instead of Unicode `\b`.
#[inline]
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The char that ends just before byte `pos` in `text`, if any.
#[inline]
pub fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().next_back()
}

/// The char that starts at byte `pos` in `text`, if any.
#[inline]
pub fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}
