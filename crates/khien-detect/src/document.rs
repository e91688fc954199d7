//! Identity documents on pictures: a photo or scan of a CCCD or Căn cước card, an old CMND, a
//! passport data page, a driving licence or a BHYT card, recognised from the lines OCR read by
//! their printed title and field labels (`data/id-documents.toml`).
//!
//! OCR text is poor where it matters least to a person: marks are lost, letters swapped, lines
//! broken. So titles and labels are compared folded (lower case, no diacritics) and a label may
//! differ by one letter in ten. A title must stand as a line of its own, and enough field labels
//! must be there too, so a form that mentions "căn cước công dân số" is not taken for a card.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::Kind;

/// An identity document recognised on a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdDocument {
    /// Stable code: `cccd_card`, `cmnd_card`, `passport`, `driving_licence`, `bhyt_card`.
    pub code: &'static str,
    /// The document's name in Vietnamese.
    pub name: &'static str,
    /// The kind of its identifier.
    pub kind: Kind,
    /// Whether the picture of the document is itself sensitive personal data (Decree 356/2025
    /// Art. 4(1)(i): images of Căn cước, CCCD and CMND cards).
    pub picture_sensitive: bool,
    /// The fields whose labels were read, in the data file's order.
    pub fields: Vec<&'static str>,
    /// The line (index into the lines given) holding the title.
    pub title_line: usize,
}

#[derive(Deserialize)]
struct File {
    document: Vec<DocumentSpec>,
}

#[derive(Deserialize)]
struct DocumentSpec {
    code: String,
    name: String,
    kind: String,
    picture_sensitive: bool,
    titles: Vec<String>,
    min_fields: usize,
    fields: Vec<FieldSpec>,
}

#[derive(Deserialize)]
struct FieldSpec {
    field: String,
    labels: Vec<String>,
}

struct Spec {
    code: &'static str,
    name: &'static str,
    kind: Kind,
    picture_sensitive: bool,
    titles: Vec<String>,
    min_fields: usize,
    fields: Vec<(&'static str, Vec<String>)>,
}

fn leak(s: String) -> &'static str {
    // Loaded once per process from a data file compiled in: the strings live as long as it.
    Box::leak(s.into_boxed_str())
}

/// Folded and with runs of anything but letters and digits made one space.
fn words(s: &str) -> String {
    let folded = khien_text::fold(s);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

fn specs() -> &'static [Spec] {
    static SPECS: OnceLock<Vec<Spec>> = OnceLock::new();
    SPECS.get_or_init(|| {
        let file: File = toml::from_str(include_str!("../data/id-documents.toml"))
            .expect("data/id-documents.toml");
        file.document
            .into_iter()
            .map(|d| Spec {
                kind: Kind::from_code(&d.kind).expect("a known kind in data/id-documents.toml"),
                code: leak(d.code),
                name: leak(d.name),
                picture_sensitive: d.picture_sensitive,
                titles: d.titles.iter().map(|t| words(t)).collect(),
                min_fields: d.min_fields,
                fields: d
                    .fields
                    .into_iter()
                    .map(|f| (leak(f.field), f.labels.iter().map(|l| words(l)).collect()))
                    .collect(),
            })
            .collect()
    })
}

/// Whether `needle` (folded words) occurs in `hay` (folded words) at word boundaries, with at
/// most one edit per ten letters (none for needles under five letters).
fn contains_fuzzy(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let at_words = |h: &str| {
        h.match_indices(needle).any(|(i, _)| {
            let before = h[..i].chars().next_back().is_none_or(|c| c == ' ');
            let after = h[i + needle.len()..].chars().next().is_none_or(|c| c == ' ');
            before && after
        })
    };
    if at_words(hay) {
        return true;
    }
    let budget = needle.chars().count() / 10;
    if budget == 0 {
        return false;
    }
    // Compare every window of as many words as the needle has.
    let n = needle.split(' ').count();
    let hw: Vec<&str> = hay.split(' ').collect();
    hw.windows(n).any(|w| strsim::levenshtein(&w.join(" "), needle) <= budget)
}

/// Whether `line` (folded words) is a title line: one or more of the titles, at most two other
/// words, and no number (a form's "Số căn cước công dân: 0791…" is a field, not a heading).
fn is_title_line(line: &str, titles: &[String]) -> bool {
    let found: Vec<&String> = titles.iter().filter(|t| contains_fuzzy(line, t)).collect();
    if found.is_empty() || line.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    // Titles may overlap ("thẻ căn cước" in "căn cước công dân"): count the longest once and
    // the others only where they add words.
    let longest = found.iter().map(|t| t.split(' ').count()).max().unwrap_or(0);
    let others: usize = found
        .iter()
        .filter(|t| !found.iter().any(|o| o.len() > t.len() && o.contains(t.as_str())))
        .map(|t| t.split(' ').count())
        .sum::<usize>()
        .max(longest);
    line.split(' ').count() <= others + 2
}

/// The identity document whose title and labels are on these lines, if any (the first in the
/// data file's order when several would match).
pub fn recognise(lines: &[&str]) -> Option<IdDocument> {
    let folded: Vec<String> = lines.iter().map(|l| words(l)).collect();
    let all = folded.join(" ");
    for spec in specs() {
        let Some(title_line) = folded.iter().position(|l| is_title_line(l, &spec.titles)) else {
            continue;
        };
        let fields: Vec<&'static str> = spec
            .fields
            .iter()
            .filter(|(_, labels)| labels.iter().any(|l| contains_fuzzy(&all, l)))
            .map(|(f, _)| *f)
            .collect();
        if fields.len() >= spec.min_fields {
            return Some(IdDocument {
                code: spec.code,
                name: spec.name,
                kind: spec.kind,
                picture_sensitive: spec.picture_sensitive,
                fields,
                title_line,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chip_card_read_with_ocr_errors_is_a_cccd_card() {
        let lines = [
            "CONG HOA XA HOI CHU NGHIA VIET NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "CĂN CUỚC CÔNG DẢN",
            "Số / No.: 079186004321",
            "Họ và tên / Fuli name:",
            "TRẦN THỊ BÍCH",
            "Ngày sinh / Date of birth: 12/03/1986",
            "Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam",
            "Quê quán / Place of origin: Mỹ Tho, Tiền Giang",
        ];
        let d = recognise(&lines).expect("recognised");
        assert_eq!(d.code, "cccd_card");
        assert_eq!(d.kind, Kind::NationalId);
        assert!(d.picture_sensitive);
        assert_eq!(d.title_line, 2);
        for f in ["number", "full_name", "date_of_birth", "sex", "nationality", "place_of_origin"] {
            assert!(d.fields.contains(&f), "{f}: {:?}", d.fields);
        }
    }

    #[test]
    fn a_form_that_names_the_card_is_not_a_card() {
        let lines = [
            "ĐƠN ĐỀ NGHỊ",
            "Họ và tên: Trần Thị Bích  Ngày sinh: 12/03/1986",
            "Số căn cước công dân: 079186004321",
            "Quốc tịch: Việt Nam",
        ];
        assert_eq!(recognise(&lines), None);
    }

    #[test]
    fn other_documents() {
        let cmnd = [
            "GIẤY CHỨNG MINH NHÂN DÂN",
            "Số 025123456",
            "Họ tên NGUYỄN VĂN AN",
            "Sinh ngày 01-02-1980",
            "Nguyên quán Hà Tây",
        ];
        assert_eq!(recognise(&cmnd).map(|d| d.code), Some("cmnd_card"));
        let gplx = [
            "GIẤY PHÉP LÁI XE / DRIVER'S LICENSE",
            "Số/No: 790123000456",
            "Họ tên/Full name: LÊ VĂN C",
            "Hạng/Class: B2",
        ];
        let d = recognise(&gplx).unwrap();
        assert_eq!(
            (d.code, d.kind, d.picture_sensitive),
            ("driving_licence", Kind::DrivingLicence, false)
        );
        let bhyt = [
            "THẺ BẢO HIỂM Y TẾ",
            "Mã số: DN4797912345678",
            "Họ và tên: PHẠM THỊ D",
            "Nơi ĐK KCB ban đầu: BV Đa khoa",
        ];
        assert_eq!(recognise(&bhyt).map(|d| d.code), Some("bhyt_card"));
        assert_eq!(recognise(&["Hóa đơn bán hàng", "Tổng cộng 120.000đ"]), None);
    }

    #[test]
    fn fuzzy_matching_keeps_to_words_and_its_budget() {
        assert!(contains_fuzzy("ho va ten full name", "full name"));
        assert!(!contains_fuzzy("fuli name tran", "full name"), "9 letters: no edit allowed");
        assert!(
            contains_fuzzy("can cuoc cong dang", "can cuoc cong dan"),
            "one edit in 17 letters"
        );
        assert!(!contains_fuzzy("sosanh", "so"));
    }
}
