//! PDF text layer, one segment per page, through `lopdf`. Scanned pages (no text layer) and
//! encrypted files are reported; legacy TCVN3/VNI text from old fonts is converted.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::{Cx, ExtractError, Location, NoteKind, Segment, legacy};

/// Letters and digits a page's text layer needs to count as one (fewer: a scanner's empty
/// layer, a page number; the page is read with OCR).
pub const MIN_TEXT_LAYER: usize = 16;

pub(crate) fn extract(
    cx: &mut Cx<'_>,
    name: &str,
    member: &str,
    bytes: &[u8],
) -> Result<(), ExtractError> {
    let doc = match lopdf::Document::load_mem(bytes) {
        Ok(d) => d,
        Err(e) => {
            let msg = e.to_string();
            let lower = msg.to_ascii_lowercase();
            if lower.contains("encrypt") || lower.contains("password") || lower.contains("decrypt")
            {
                return Err(ExtractError::Encrypted { name: name.to_string(), what: "PDF".into() });
            }
            return Err(ExtractError::Malformed {
                name: name.to_string(),
                format: "pdf",
                detail: msg,
            });
        }
    };
    if doc.is_encrypted() {
        return Err(ExtractError::Encrypted { name: name.to_string(), what: "PDF".into() });
    }
    let pages = doc.get_pages();
    let limit = usize::try_from(cx.limits().max_decompressed.min(256 << 20)).unwrap_or(usize::MAX);
    let mut with_text = 0;
    let mut without: Vec<u32> = vec![];
    for (&num, _) in pages.iter() {
        if cx.time_up(member, &format!("page {num}")) {
            break;
        }
        let r = catch_unwind(AssertUnwindSafe(|| doc.extract_text_with_limit(&[num], limit)));
        match r {
            Ok(Ok(text)) => {
                // A scanner's invisible layer that says nothing, or only a page number or a
                // stamp, is no text layer: the page is an image to read with OCR.
                if text.chars().filter(|c| c.is_alphanumeric()).count() < MIN_TEXT_LAYER {
                    without.push(num);
                    if text.trim().is_empty() {
                        continue;
                    }
                } else {
                    with_text += 1;
                }
                let text = match legacy::detect(&text) {
                    Some(l) => {
                        cx.note(
                            member,
                            NoteKind::Converted,
                            format!(
                                "page {num}: legacy font encoding {} converted",
                                l.code().to_uppercase()
                            ),
                        );
                        l.decode_str(&text)
                    }
                    None => text,
                };
                cx.push(member, Segment::new(text, Location::Page { page: num }));
            }
            Ok(Err(e)) => cx.note(
                member,
                NoteKind::Truncated,
                format!("không đọc được trang {num}, trang này chưa quét (page {num} could not be read ({e}); it was not scanned)"),
            ),
            Err(_) => cx.note(
                member,
                NoteKind::Truncated,
                format!("trang {num}: bộ đọc PDF gặp lỗi, trang này chưa quét (page {num}: the PDF parser failed; the page was not scanned)"),
            ),
        }
    }
    if member.is_empty() {
        cx.out.pages_without_text = without;
    }
    if !pages.is_empty() && with_text == 0 {
        cx.note(
            member,
            NoteKind::NoTextLayer,
            format!(
                "không trang nào trong {} trang có lớp chữ (bản scan?), cần OCR, chưa quét (no text layer on any of {} pages (scanned document?); needs OCR, not scanned)",
                pages.len(),
                pages.len()
            ),
        );
    } else if with_text < pages.len() {
        cx.note(
            member,
            NoteKind::NoTextLayer,
            format!(
                "{} trong {} trang không có lớp chữ (bản scan?), cần OCR ({} of {} pages have no text layer (scanned?); those pages need OCR)",
                pages.len() - with_text,
                pages.len(),
                pages.len() - with_text,
                pages.len()
            ),
        );
    }
    Ok(())
}

/// The number of pages of a PDF, for writers that rebuild it page by page.
pub fn page_count(name: &str, bytes: &[u8]) -> Result<u32, ExtractError> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| {
        let msg = e.to_string();
        let lower = msg.to_ascii_lowercase();
        if lower.contains("encrypt") || lower.contains("password") || lower.contains("decrypt") {
            ExtractError::Encrypted { name: name.to_string(), what: "PDF".into() }
        } else {
            ExtractError::Malformed { name: name.to_string(), format: "pdf", detail: msg }
        }
    })?;
    if doc.is_encrypted() {
        return Err(ExtractError::Encrypted { name: name.to_string(), what: "PDF".into() });
    }
    Ok(doc.get_pages().len() as u32)
}
