//! ICD-10 diagnosis codes in medical records (`N18.4`, `E11.2`, `M10.9`): health data (Decree
//! 356/2025 Art. 4), even where the diagnosis is not written in words. A code is a capital
//! letter, two digits and an optional `.` with one or two digits; it counts only on a line
//! that speaks of a diagnosis (`chẩn đoán`, `ICD`, `mã bệnh`, `bệnh kèm`), so that room
//! numbers, plates and product codes are left alone.

use super::{Claimed, finding, reason};
use crate::engine::Doc;
use crate::{Finding, Kind, ReasonCode};

/// Folded words that make a line about a diagnosis.
const DIAGNOSIS_CUES: &[&str] =
    &["chan doan", "icd", "ma benh", "benh kem", "benh chinh", "benh phu"];

/// How far before a code (on its line) a cue counts, in bytes.
const CUE_WINDOW: usize = 160;

/// The end of an ICD-10 code starting at `at`, if one does.
fn code_end(bytes: &[u8], at: usize) -> Option<usize> {
    let letter = *bytes.get(at)?;
    if !letter.is_ascii_uppercase() || letter == b'U' {
        return None;
    }
    if !(bytes.get(at + 1)?.is_ascii_digit() && bytes.get(at + 2)?.is_ascii_digit()) {
        return None;
    }
    let mut end = at + 3;
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end += 2;
        if bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
    }
    // A longer run of letters or digits is another kind of code.
    let after = bytes.get(end).copied();
    if after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return None;
    }
    Some(end)
}

/// The diagnosis cue on the line before `at`, if any.
fn cue_before(text: &str, at: usize) -> Option<&'static str> {
    let mut from = at.saturating_sub(CUE_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let line = text[from..at].rsplit('\n').next().unwrap_or("");
    // "Chẩn đoán hình ảnh" is the imaging department, not a diagnosis.
    let folded = khien_text::fold(line).replace("chan doan hinh anh", "");
    DIAGNOSIS_CUES.iter().copied().find(|cue| folded.contains(cue))
}

/// Finds ICD-10 codes on diagnosis lines, outside the claimed ranges.
pub(crate) fn diagnosis_codes(doc: &Doc<'_>, claimed: &Claimed, out: &mut Vec<Finding>) {
    if !doc.enabled(Kind::Health) {
        return;
    }
    let text = doc.text;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at + 3 <= bytes.len() {
        // Jump to the next capital letter: most text has none to look at.
        match bytes[at..].iter().position(u8::is_ascii_uppercase) {
            Some(offset) => at += offset,
            None => break,
        }
        if at + 3 > bytes.len() {
            break;
        }
        let boundary = at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] >= 0x80);
        let Some(end) = boundary.then(|| code_end(bytes, at)).flatten() else {
            at += 1;
            continue;
        };
        if !claimed.overlaps(at, end)
            && let Some(cue) = cue_before(text, at)
        {
            let reasons = vec![
                reason(ReasonCode::Structure, "mã bệnh ICD-10"),
                reason(ReasonCode::Keyword, cue),
            ];
            if let Some(f) = finding(Kind::Health, at, end, 0.85, reasons) {
                out.push(f);
            }
        }
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Engine, Kind};

    fn health(text: &str) -> Vec<&str> {
        let engine = Engine::new(Config::default().with_current_year(2026));
        engine
            .detect(text)
            .into_iter()
            .filter(|f| f.kind == Kind::Health)
            .map(|f| &text[f.start..f.end])
            .collect()
    }

    #[test]
    fn codes_on_diagnosis_lines() {
        let found = health("Mã ICD-10: N18.4 – suy thận; bệnh kèm: E78.5, M10.9");
        for code in ["N18.4", "E78.5", "M10.9"] {
            assert!(found.iter().any(|f| f.contains(code)), "{code}: {found:?}");
        }
    }

    #[test]
    fn other_codes_are_not_diagnoses() {
        assert!(health("Phòng A12, tầng 3; mã sản phẩm B52.1 còn hàng").is_empty());
        // The imaging department is not a diagnosis line.
        let line = "Khoa Chẩn đoán hình ảnh, phòng ";
        assert_eq!(super::cue_before(line, line.len()), None);
    }
}
