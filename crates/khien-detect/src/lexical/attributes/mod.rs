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
pub(crate) use prose::{WordStarts, prose, scan_words};

fn trim_span(t: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e {
        let c = khien_text::char_at(t, s).unwrap_or(' ');
        if c.is_whitespace() || matches!(c, '-' | '–' | '*' | '•' | '"' | '“' | '”') {
            s += c.len_utf8();
        } else {
            break;
        }
    }
    while e > s {
        let c = khien_text::char_before(t, e).unwrap_or(' ');
        if c.is_whitespace() || matches!(c, '.' | ',' | ';' | '-' | '–' | '"' | '“' | '”') {
            e -= c.len_utf8();
        } else {
            break;
        }
    }
    (s, e)
}

fn push(
    doc: &Doc<'_>,
    kind: Kind,
    s: usize,
    e: usize,
    score: f32,
    reasons: Vec<crate::Reason>,
    out: &mut Vec<Finding>,
) {
    if s >= e || !doc.enabled(kind) {
        return;
    }
    if let Some(f) = finding(kind, s, e, score, reasons) {
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Engine, FieldContext, Kind};

    fn found(text: &str) -> Vec<(Kind, String)> {
        let e = Engine::new(Config::default());
        e.detect(text).iter().map(|f| (f.kind, text[f.start..f.end].to_string())).collect()
    }

    #[test]
    fn key_values() {
        let v = found("Họ và tên: NGUYỄN THỊ MẪU   Giới tính: Nữ   Dân tộc: Tày   Tôn giáo: Không");
        assert_eq!(
            v,
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
        let e = Engine::new(Config::default());
        let f = e.detect_field("Tày", &FieldContext { label: Some("dan_toc"), numeric: false });
        assert_eq!(f[0].kind, Kind::Ethnicity);
        assert!(f[0].reasons.iter().any(|r| r.code == crate::ReasonCode::FieldLabel));
    }

    #[test]
    fn prose_terms() {
        let v = found(
            "BN nam, 45 tuổi, được chẩn đoán ung thư phổi (C34.9), là đảng viên, người dân tộc Ê Đê.",
        );
        let kinds: Vec<Kind> = v.iter().map(|x| x.0).collect();
        assert!(kinds.contains(&Kind::Gender), "{v:?}");
        assert!(kinds.contains(&Kind::Health), "{v:?}");
        assert!(kinds.contains(&Kind::PoliticalView), "{v:?}");
        assert!(v.contains(&(Kind::Ethnicity, "Ê Đê".into())), "{v:?}");
        assert!(found("Giáo hội Phật giáo Việt Nam tổ chức đại lễ").is_empty());
    }

    #[test]
    fn table_rows_with_a_name() {
        let v = found("12 | Hoàng Minh Đức | Nam | Tày | Công giáo");
        assert!(v.contains(&(Kind::Gender, "Nam".into())), "{v:?}");
        assert!(v.contains(&(Kind::Ethnicity, "Tày".into())), "{v:?}");
        assert!(v.contains(&(Kind::Religion, "Công giáo".into())), "{v:?}");
        // A header row names nobody.
        assert!(
            found("STT | Họ tên | Giới tính | Dân tộc").iter().all(|(k, _)| *k != Kind::Gender)
        );
    }

    #[test]
    fn upper_case_from_bytes_agrees_with_unicode() {
        let letters = "AaĐđÀàÝýĂăĨĩŨũƠơƯưẠạẾếỸỹẶặỢợÇç×÷ßÞþ";
        for (i, c) in letters.char_indices() {
            assert_eq!(
                super::prose::upper_at(letters, letters.as_bytes(), i),
                c.is_uppercase(),
                "{c}"
            );
        }
    }
}
