//! The finding contract shared by scan, redact and the server.

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use crate::Kind;

/// How sure the engine is, in words; derived from [`Finding::score`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Structure only, or weak context: worth a look.
    Low,
    /// Valid structure with some context, or strong structure alone.
    Medium,
    /// Valid structure and a keyword, or decisive structure (known BIN + Luhn, BHYT layout).
    High,
}

impl Confidence {
    /// Maps a 0–1 score to a level.
    pub fn from_score(score: f32) -> Confidence {
        if score >= 0.8 {
            Confidence::High
        } else if score >= 0.5 {
            Confidence::Medium
        } else {
            Confidence::Low
        }
    }

    /// `low`, `medium` or `high`.
    pub fn code(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }

    /// Parses `low`, `medium` or `high`.
    pub fn from_code(s: &str) -> Option<Confidence> {
        match s {
            "low" => Some(Confidence::Low),
            "medium" => Some(Confidence::Medium),
            "high" => Some(Confidence::High),
            _ => None,
        }
    }
}

/// Why the engine reported something. The code is stable; the texts are for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReasonCode {
    /// The structure validated (province code, prefix table, layout).
    Structure,
    /// A check digit validated (MST, Luhn).
    Checksum,
    /// A context keyword for this kind stands nearby.
    Keyword,
    /// The value is the value of a labelled field, column or key.
    FieldLabel,
    /// A keyword pointing elsewhere lowered the score.
    NegativeKeyword,
    /// Organisational context lowered the score.
    Organisation,
    /// A lexicon or gazetteer entry matched.
    Lexicon,
    /// The finding also discloses another category (e.g. a BHYT group code revealing ethnicity).
    Reveals,
    /// A leading zero lost by a spreadsheet was restored.
    Repadded,
    /// The value is on a picture of an identity document (its title and field labels read).
    Document,
}

impl ReasonCode {
    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            ReasonCode::Structure => "structure",
            ReasonCode::Checksum => "checksum",
            ReasonCode::Keyword => "keyword",
            ReasonCode::FieldLabel => "field_label",
            ReasonCode::NegativeKeyword => "negative_keyword",
            ReasonCode::Organisation => "organisation",
            ReasonCode::Lexicon => "lexicon",
            ReasonCode::Reveals => "reveals",
            ReasonCode::Repadded => "repadded",
            ReasonCode::Document => "document",
        }
    }
}

/// One piece of evidence, with a short detail such as the keyword or the validated structure.
/// Details never contain the matched value itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
pub struct Reason {
    /// What kind of evidence.
    pub code: ReasonCode,
    /// The evidence: a keyword, a province, "Luhn", a carrier name… Borrowed when it is
    /// catalogue text, so that reporting a finding allocates little.
    pub detail: std::borrow::Cow<'static, str>,
}

impl Reason {
    /// Builds a reason.
    pub fn new(code: ReasonCode, detail: impl Into<std::borrow::Cow<'static, str>>) -> Reason {
        Reason { code, detail: detail.into() }
    }

    /// The fixed text before and after the detail, in Vietnamese or English.
    fn template(&self, vi: bool) -> (&'static str, &'static str) {
        match (self.code, vi) {
            (ReasonCode::Structure, true) => ("đúng cấu trúc: ", ""),
            (ReasonCode::Checksum, true) => ("đúng chữ số kiểm tra (", ")"),
            (ReasonCode::Keyword, true) => ("có từ khoá “", "” gần đó"),
            (ReasonCode::FieldLabel, true) => ("là giá trị của trường “", "”"),
            (ReasonCode::NegativeKeyword, true) => ("từ khoá “", "” làm giảm độ tin cậy"),
            (ReasonCode::Organisation, true) => ("ngữ cảnh tổ chức “", "” làm giảm độ tin cậy"),
            (ReasonCode::Lexicon, true) => ("khớp danh mục: ", ""),
            (ReasonCode::Reveals, true) => ("đồng thời tiết lộ: ", ""),
            (ReasonCode::Repadded, true) => ("đã khôi phục số 0 đầu bị mất (", ")"),
            (ReasonCode::Document, true) => ("trên ảnh giấy tờ tuỳ thân: ", ""),
            (ReasonCode::Structure, false) => ("valid structure: ", ""),
            (ReasonCode::Checksum, false) => ("check digit valid (", ")"),
            (ReasonCode::Keyword, false) => ("keyword “", "” nearby"),
            (ReasonCode::FieldLabel, false) => ("value of the field “", "”"),
            (ReasonCode::NegativeKeyword, false) => ("keyword “", "” lowers confidence"),
            (ReasonCode::Organisation, false) => {
                ("organisational context “", "” lowers confidence")
            }
            (ReasonCode::Lexicon, false) => ("lexicon match: ", ""),
            (ReasonCode::Reveals, false) => ("also reveals: ", ""),
            (ReasonCode::Repadded, false) => ("restored a lost leading zero (", ")"),
            (ReasonCode::Document, false) => ("on a picture of an identity document: ", ""),
        }
    }

    /// The reason in Vietnamese.
    pub fn vi(&self) -> String {
        Text { reason: self, vi: true }.to_string()
    }

    /// The reason in English.
    pub fn en(&self) -> String {
        Text { reason: self, vi: false }.to_string()
    }
}

/// A reason's text in one language, written straight into the output without a temporary
/// string.
struct Text<'a> {
    reason: &'a Reason,
    vi: bool,
}

impl std::fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (head, tail) = self.reason.template(self.vi);
        write!(f, "{head}{}{tail}", self.reason.detail)
    }
}

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Reason", 4)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("detail", &self.detail)?;
        st.serialize_field("vi", &Text { reason: self, vi: true })?;
        st.serialize_field("en", &Text { reason: self, vi: false })?;
        st.end()
    }
}

/// A piece of personal data found in a text.
///
/// `start..end` are byte offsets into the text given to the engine (the original, not the
/// normalised working copy). The value itself is not stored: callers slice the text when, and
/// only when, the user asked to see values.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// What was found.
    pub kind: Kind,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 0–1 score combining structure and context.
    pub score: f32,
    /// The evidence, strongest first.
    pub reasons: Vec<Reason>,
    /// Other categories this value also falls under (a personal ID used as a tax code, a BHYT
    /// group code that reveals ethnicity). Their legal references are added to the finding's.
    pub also: Vec<Kind>,
    /// A normalised form where it differs from the digits of the span: a converted legacy
    /// phone number, a BHYT code without spaces, a restored leading zero. Never printed unless
    /// values are shown.
    pub normalized: Option<String>,
    /// For [`Kind::Custom`]: the configuration's kind code and sensitivity.
    pub custom: Option<std::sync::Arc<crate::custom::CustomKind>>,
}

impl Finding {
    /// Confidence level derived from the score.
    pub fn confidence(&self) -> Confidence {
        Confidence::from_score(self.score)
    }

    /// The kind code reported: the configuration's code for a custom detector's finding.
    pub fn code(&self) -> &str {
        match &self.custom {
            Some(c) => &c.code,
            None => self.kind.code(),
        }
    }

    /// Sensitive if the kind or any `also` kind is sensitive (for a custom detector, what its
    /// configuration says).
    pub fn sensitivity(&self) -> crate::Sensitivity {
        if let Some(c) = &self.custom {
            return c.sensitivity;
        }
        std::iter::once(self.kind)
            .chain(self.also.iter().copied())
            .map(Kind::sensitivity)
            .max()
            .unwrap_or(crate::Sensitivity::Basic)
    }

    /// Legal references: current (Decree 356) first, then legacy (Decree 13), without duplicates.
    pub fn legal(&self) -> Vec<&'static str> {
        legal_of(std::iter::once(self.kind).chain(self.also.iter().copied()))
    }

    /// [`Finding::legal`] without allocating in the usual case of a value of one kind: each
    /// kind's references are gathered once per process (a report row is built for every
    /// finding, tens of thousands per MB of records).
    pub fn legal_refs(&self) -> std::borrow::Cow<'static, [&'static str]> {
        static BY_KIND: std::sync::OnceLock<Vec<Vec<&'static str>>> = std::sync::OnceLock::new();
        if !self.also.is_empty() {
            return std::borrow::Cow::Owned(self.legal());
        }
        let table = BY_KIND
            .get_or_init(|| Kind::ALL.iter().map(|&k| legal_of(std::iter::once(k))).collect());
        match Kind::ALL.iter().position(|&k| k == self.kind) {
            Some(i) => std::borrow::Cow::Borrowed(&table[i]),
            None => std::borrow::Cow::Owned(self.legal()),
        }
    }

    /// The masked form of this finding's value in `text` (the text given to the engine).
    pub fn masked(&self, text: &str) -> String {
        crate::mask::mask(self.kind, text.get(self.start..self.end).unwrap_or(""))
    }
}

/// The legal references of values of `kinds`: Decree 356/2025 first, Decree 13/2023 after, each
/// once.
fn legal_of(kinds: impl Iterator<Item = Kind>) -> Vec<&'static str> {
    let mut current = Vec::new();
    let mut legacy = Vec::new();
    for k in kinds {
        let l = k.legal();
        for r in &l.d356 {
            if !current.contains(&r.as_str()) {
                current.push(r.as_str());
            }
        }
        for r in &l.d13 {
            if !legacy.contains(&r.as_str()) {
                legacy.push(r.as_str());
            }
        }
    }
    current.extend(legacy);
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_legal_references_are_the_finding_s_own() {
        for &kind in Kind::ALL {
            let mut f = Finding {
                kind,
                start: 0,
                end: 1,
                score: 1.0,
                reasons: Vec::new(),
                also: Vec::new(),
                normalized: None,
                custom: None,
            };
            assert_eq!(&*f.legal_refs(), f.legal().as_slice(), "{kind:?}");
            assert!(!f.legal().is_empty(), "{kind:?}");
            f.also = vec![Kind::Ethnicity];
            assert_eq!(&*f.legal_refs(), f.legal().as_slice(), "{kind:?} also ethnicity");
        }
    }
}
