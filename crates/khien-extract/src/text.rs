//! Text decoding (UTF-8, UTF-16, windows-1258 and others by detection, TCVN3/VNI) and plain
//! text extraction.

use crate::legacy::{self, Legacy};
use crate::{Anchor, Codec, Cx, ExtractError, Location, Mark, NoteKind, Segment};

/// Decoded text and how it relates to the input bytes.
pub(crate) struct Decoded<'a> {
    /// Borrowed when the input is UTF-8 already (no copy of a large member).
    pub text: std::borrow::Cow<'a, str>,
    pub encoding: &'static str,
    /// `Some(n)`: the text equals `bytes[n..]` (UTF-8 after an `n`-byte BOM).
    pub identity: Option<usize>,
}

/// `Some(true)` for UTF-16LE, `Some(false)` for UTF-16BE, judged from NUL positions.
pub(crate) fn utf16_guess(head: &[u8]) -> Option<bool> {
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let le = if odd * 10 > pairs * 3 && even * 20 < pairs {
        true
    } else if even * 10 > pairs * 3 && odd * 20 < pairs {
        false
    } else {
        return None;
    };
    // Text decodes to few control characters.
    let ctrl =
        head.chunks_exact(2)
            .map(|c| {
                if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) }
            })
            .filter(|&u| u < 0x20 && !matches!(u, 0x09 | 0x0a | 0x0d))
            .count();
    (ctrl * 20 < pairs).then_some(le)
}

pub(crate) fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8(rest, 3).unwrap_or_else(|| lossy(rest));
    }
    let le = if bytes.starts_with(&[0xFF, 0xFE]) {
        Some((true, 2))
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some((false, 2))
    } else if simdutf8::basic::from_utf8(bytes).is_err() {
        utf16_guess(&bytes[..bytes.len().min(4096)]).map(|le| (le, 0))
    } else {
        None
    };
    if let Some((le, skip)) = le {
        let enc = if le { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        let (text, _) = enc.decode_without_bom_handling(&bytes[skip..]);
        return Decoded {
            text: text.into_owned().into(),
            encoding: if le { "utf-16le" } else { "utf-16be" },
            identity: None,
        };
    }
    if let Some(d) = decode_utf8(bytes, 0) {
        return d;
    }
    if mostly_utf8(bytes) {
        // A stray byte (a cut character, a byte from another tool) must not turn a UTF-8 file
        // into TCVN3 mojibake in which no name or date is found any more.
        return Decoded {
            text: String::from_utf8_lossy(bytes).into_owned().into(),
            encoding: UTF8_REPAIRED,
            identity: None,
        };
    }
    let latin1: String = bytes.iter().map(|&b| char::from(b)).collect();
    if let Some(l) = legacy::detect(&latin1) {
        return Decoded { text: l.decode_str(&latin1).into(), encoding: l.code(), identity: None };
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(Some(b"vn"), chardetng::Utf8Detection::Allow);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded { text: text.into_owned().into(), encoding: enc.name(), identity: None }
}

/// The encoding name of a UTF-8 text whose few invalid bytes were replaced by U+FFFD.
pub const UTF8_REPAIRED: &str = "utf-8 (repaired)";

/// Whether `bytes`, which need not be valid UTF-8, are overwhelmingly UTF-8: valid multi-byte
/// sequences outnumber invalid bytes four to one. Text in TCVN3, VNI or windows-1258 puts
/// its Vietnamese letters in single high bytes, which are almost never valid UTF-8, so it
/// fails this test; a UTF-8 file with a stray byte passes it.
pub fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut multi_byte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        multi_byte += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        invalid += chunk.invalid().len();
    }
    multi_byte >= 4 && invalid * 4 <= multi_byte
}

fn lossy(b: &[u8]) -> Decoded<'_> {
    Decoded { text: String::from_utf8_lossy(b), encoding: "utf-8", identity: None }
}

fn decode_utf8(b: &[u8], bom: usize) -> Option<Decoded<'_>> {
    // simdutf8: Vietnamese text is full of multi-byte characters, on which the standard
    // library's check ran at about 400 MB/s, a seventh of the time of reading a CSV export.
    let s = simdutf8::basic::from_utf8(b).ok()?;
    if let Some(l) = legacy::detect(s) {
        // UTF-8 whose characters stand for legacy bytes (a converted .VnTime export).
        let encoding = match l {
            Legacy::Tcvn3 => "utf-8+tcvn3",
            Legacy::Vni => "utf-8+vni",
        };
        return Some(Decoded { text: l.decode_str(s).into(), encoding, identity: None });
    }
    Some(Decoded { text: s.into(), encoding: "utf-8", identity: Some(bom) })
}

/// Where anchors of a text-like file point: the input (with a BOM offset) or a decoded part.
pub(crate) struct Src {
    pub part: usize,
    pub base: usize,
    pub anchors: bool,
}

/// Decodes a text-like file, records its encoding and notes, and says where anchors point.
pub(crate) fn open<'a>(
    cx: &mut Cx<'_>,
    member: &str,
    bytes: &'a [u8],
    depth: u32,
) -> (std::borrow::Cow<'a, str>, Src) {
    let d = decode(bytes);
    let anchors = cx.anchors(depth);
    if depth == 0 {
        cx.out.encoding = Some(d.encoding);
    }
    if d.encoding == UTF8_REPAIRED {
        let replaced = d.text.matches('\u{FFFD}').count();
        cx.note(
            member,
            NoteKind::Converted,
            format!(
                "tệp UTF-8 có {replaced} chỗ byte lỗi, đã thay bằng U+FFFD (UTF-8 file with {replaced} invalid byte sequence(s), replaced by U+FFFD)"
            ),
        );
    } else if d.identity.is_none() && d.encoding != "utf-8" {
        let what = if d.encoding.contains("tcvn3") || d.encoding.contains("vni") {
            let l = d.encoding.trim_start_matches("utf-8+");
            format!(
                "legacy Vietnamese font encoding {} detected and converted to Unicode",
                l.to_uppercase()
            )
        } else {
            format!("decoded from {}", d.encoding)
        };
        cx.note(member, NoteKind::Converted, what);
    }
    match d.identity {
        Some(bom) => (d.text, Src { part: Anchor::INPUT, base: bom, anchors }),
        None => {
            let part =
                if anchors { cx.add_part("(decoded)", d.text.as_bytes().to_vec()) } else { 0 };
            (d.text, Src { part, base: 0, anchors })
        }
    }
}

/// Encodes text as windows-1258, which writes most toned letters as a base letter (possibly
/// with a circumflex, breve or horn) plus a combining tone mark. `None` if a character has no
/// form in windows-1258.
pub fn encode_windows_1258(text: &str) -> Option<Vec<u8>> {
    use unicode_normalization::UnicodeNormalization;
    let enc = encoding_rs::WINDOWS_1258;
    let one = |s: &str| -> Option<Vec<u8>> {
        let (b, _, bad) = enc.encode(s);
        (!bad).then(|| b.into_owned())
    };
    let mut out = Vec::with_capacity(text.len());
    let mut buf = [0u8; 4];
    for c in text.nfc() {
        if let Some(b) = one(c.encode_utf8(&mut buf)) {
            out.extend_from_slice(&b);
            continue;
        }
        // ệ → ê + dot below; Ố → Ô + acute.
        let parts: Vec<char> = c.to_string().nfd().collect();
        let (&base, marks) = parts.split_first()?;
        let mut done = false;
        for (i, &m) in marks.iter().enumerate() {
            if let Some(x) = unicode_normalization::char::compose(base, m)
                && let Some(b) = one(x.encode_utf8(&mut buf))
            {
                out.extend_from_slice(&b);
                for (j, &rest) in marks.iter().enumerate() {
                    if j != i {
                        out.extend_from_slice(&one(rest.encode_utf8(&mut buf))?);
                    }
                }
                done = true;
                break;
            }
        }
        if !done {
            out.extend_from_slice(&one(base.encode_utf8(&mut buf))?);
            for &m in marks {
                out.extend_from_slice(&one(m.encode_utf8(&mut buf))?);
            }
        }
    }
    Some(out)
}

const CHUNK: usize = 64 * 1024;

pub(crate) fn extract_text(
    cx: &mut Cx<'_>,
    _name: &str,
    member: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<(), ExtractError> {
    let (text, src) = open(cx, member, bytes, depth);
    let mut start = 0;
    let mut line = 1u32;
    while start < text.len() {
        if cx.time_up(member, &format!("line {line}")) {
            break;
        }
        let mut end = (start + CHUNK).min(text.len());
        if end < text.len() {
            end = match memchr::memrchr(b'\n', &text.as_bytes()[start..end]) {
                Some(i) => start + i + 1,
                None => {
                    let mut e = end;
                    while !text.is_char_boundary(e) {
                        e += 1;
                    }
                    e
                }
            };
        }
        let chunk = &text[start..end];
        let mut seg = Segment::new(chunk.to_string(), Location::Text { line, column: 1 });
        seg.marks.push(Mark { at: 0, line, column: 1 });
        if src.anchors {
            seg.anchors.push(Anchor {
                seg: 0..chunk.len(),
                part: src.part,
                raw: src.base + start..src.base + end,
                codec: Codec::Verbatim,
                legacy: None,
            });
        }
        line += memchr::memchr_iter(b'\n', chunk.as_bytes()).count() as u32;
        cx.push(member, seg);
        start = end;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let utf16: Vec<u8> =
            "\u{feff}Số CCCD".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let d = decode(&utf16);
        assert_eq!(d.encoding, "utf-16le");
        assert_eq!(d.text, "Số CCCD");
        // windows-1258 holds tones as combining marks: encode a decomposed text.
        let src = "Vi\u{ea}\u{323}t Nam, Nguy\u{ea}\u{303}n V\u{103}n Minh, s\u{f4}\u{301} \u{111}i\u{ea}\u{323}n tho\u{61}\u{323}i. ".repeat(4);
        let (cp, _, bad) = encoding_rs::WINDOWS_1258.encode(&src);
        assert!(!bad);
        let d = decode(&cp);
        assert_eq!(d.encoding, "windows-1258");
        let nfc: String =
            unicode_normalization::UnicodeNormalization::nfc(d.text.as_ref()).collect();
        assert!(nfc.contains("Việt Nam"), "{nfc}");
        let back = encode_windows_1258("Việt Nam, [SỐ CCCD], Nguyễn Văn Minh").unwrap();
        let (t, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(&back);
        let t: String = unicode_normalization::UnicodeNormalization::nfc(t.as_ref()).collect();
        assert_eq!(t, "Việt Nam, [SỐ CCCD], Nguyễn Văn Minh");
        let tcvn: Vec<u8> =
            "Céng hoµ x· héi chñ nghÜa ViÖt Nam".chars().map(|c| c as u32 as u8).collect();
        let d = decode(&tcvn);
        assert_eq!(d.encoding, "tcvn3");
        assert_eq!(d.text, "Cộng hoà xã hội chủ nghĩa Việt Nam");
    }

    #[test]
    fn a_stray_byte_does_not_turn_utf8_into_tcvn3() {
        let mut bytes =
            "Họ tên: Phạm Thị Hoa, sinh ngày 12/03/1985 tại Hà Nội.\n".as_bytes().to_vec();
        bytes.push(0xA9);
        bytes.extend_from_slice("Địa chỉ: số 5 phố Huế, Hai Bà Trưng.\n".as_bytes());
        let d = decode(&bytes);
        assert_eq!(d.encoding, UTF8_REPAIRED);
        assert!(d.text.contains("Phạm Thị Hoa"), "{}", d.text);
        assert!(d.text.contains('\u{FFFD}'));
        assert!(mostly_utf8(&bytes));
        let tcvn: Vec<u8> =
            "Céng hoµ x· héi chñ nghÜa ViÖt Nam".chars().map(|c| c as u32 as u8).collect();
        assert!(!mostly_utf8(&tcvn));
    }
}
