//! Personal attributes and sensitive categories: values of labelled fields (`Dân tộc: Tày`,
//! `Tôn giáo: Không`, `Chẩn đoán: …`), field values under a column header, and sensitive terms
//! and cue phrases in prose.

mod field;
mod header;
mod prose;

use super::finding;
use crate::engine::Doc;
use crate::{Finding, Kind};

pub(crate) use field::{field_value, key_values};
pub(crate) use header::{header_cells, table_cells};
pub(crate) use prose::{WordStarts, prose, scan_words, shorthand_birth_years};

fn trim_span(text: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    while start < end {
        let first = khien_text::char_at(text, start).unwrap_or(' ');
        if first.is_whitespace() || matches!(first, '-' | '–' | '*' | '•' | '"' | '“' | '”')
        {
            start += first.len_utf8();
        } else {
            break;
        }
    }
    while end > start {
        let last = khien_text::char_before(text, end).unwrap_or(' ');
        if last.is_whitespace() || matches!(last, '.' | ',' | ';' | '-' | '–' | '"' | '“' | '”')
        {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    (start, end)
}

fn push(
    doc: &Doc<'_>,
    kind: Kind,
    start: usize,
    end: usize,
    score: f32,
    reasons: Vec<crate::Reason>,
    out: &mut Vec<Finding>,
) {
    if start >= end || !doc.enabled(kind) {
        return;
    }
    if let Some(found) = finding(kind, start, end, score, reasons) {
        out.push(found);
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Engine, FieldContext, Kind};

    fn found(text: &str) -> Vec<(Kind, String)> {
        let engine = Engine::new(Config::default());
        engine.detect(text).iter().map(|f| (f.kind, text[f.start..f.end].to_string())).collect()
    }

    #[test]
    fn shorthand_birth_years_of_a_person_only() {
        let dob = |t: &str| -> Vec<String> {
            found(t).into_iter().filter(|(k, _)| *k == Kind::DateOfBirth).map(|(_, v)| v).collect()
        };
        assert_eq!(dob("Cả nhà ơi, mình là Vy, 2k3, đang ở trọ gần trường"), ["2k3"]);
        assert_eq!(dob("em 2k5 nhé, còn anh 2k10"), ["2k5", "2k10"]);
        assert!(dob("Máy chủ chạy Windows 2k3 đã hết hỗ trợ.").is_empty());
        assert!(dob("Trà đá 2k một cốc, em mua 2 cốc.").is_empty());
        // Not a year yet, and not a year at all.
        assert!(dob("em 2k30 nhé, anh 2k0").is_empty());
    }

    #[test]
    fn key_values() {
        let findings =
            found("Họ và tên: NGUYỄN THỊ MẪU   Giới tính: Nữ   Dân tộc: Tày   Tôn giáo: Không");
        assert_eq!(
            findings,
            [
                (Kind::PersonName, "NGUYỄN THỊ MẪU".into()),
                (Kind::Gender, "Nữ".into()),
                (Kind::Ethnicity, "Tày".into()),
                (Kind::Religion, "Không".into())
            ]
        );
        assert_eq!(found("SN: 1990"), [(Kind::DateOfBirth, "1990".into())]);
        assert!(found("ĐT: 0912345678").iter().all(|(k, _)| *k != Kind::Ethnicity));
    }

    #[test]
    fn column_header() {
        let engine = Engine::new(Config::default());
        let findings =
            engine.detect_field("Tày", &FieldContext { label: Some("dan_toc"), numeric: false });
        assert_eq!(findings[0].kind, Kind::Ethnicity);
        assert!(findings[0].reasons.iter().any(|r| r.code == crate::ReasonCode::FieldLabel));
    }

    #[test]
    fn prose_terms() {
        let findings = found(
            "BN nam, 45 tuổi, được chẩn đoán ung thư phổi (C34.9), là đảng viên, người dân tộc Ê Đê.",
        );
        let kinds: Vec<Kind> = findings.iter().map(|x| x.0).collect();
        assert!(kinds.contains(&Kind::Gender), "{findings:?}");
        assert!(kinds.contains(&Kind::Health), "{findings:?}");
        assert!(kinds.contains(&Kind::PoliticalView), "{findings:?}");
        assert!(findings.contains(&(Kind::Ethnicity, "Ê Đê".into())), "{findings:?}");
        assert!(found("Giáo hội Phật giáo Việt Nam tổ chức đại lễ").is_empty());
    }

    #[test]
    fn table_rows_with_a_name() {
        let findings = found("12 | Hoàng Minh Đức | Nam | Tày | Công giáo");
        assert!(findings.contains(&(Kind::Gender, "Nam".into())), "{findings:?}");
        assert!(findings.contains(&(Kind::Ethnicity, "Tày".into())), "{findings:?}");
        assert!(findings.contains(&(Kind::Religion, "Công giáo".into())), "{findings:?}");
        // A header row names nobody.
        assert!(
            found("STT | Họ tên | Giới tính | Dân tộc").iter().all(|(k, _)| *k != Kind::Gender)
        );
    }

    #[test]
    fn upper_case_from_bytes_agrees_with_unicode() {
        let letters = "AaĐđÀàÝýĂăĨĩŨũƠơƯưẠạẾếỸỹẶặỢợÇç×÷ßÞþ";
        for (i, letter) in letters.char_indices() {
            assert_eq!(
                super::prose::upper_at(letters, letters.as_bytes(), i),
                letter.is_uppercase(),
                "{letter}"
            );
        }
    }
}
