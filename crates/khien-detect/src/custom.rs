//! Custom detectors from a configuration file (`[[detectors]]`), as gitleaks and Presidio let
//! their users add rules: a kind code of the user's own, a Rust regex, optional keywords
//! (accent-folded like the built-in ones), a validator, and a sensitivity. They run in the same
//! engine as the built-in detectors, so scan, redact and the server see them alike.

use std::sync::Arc;

use serde::Deserialize;

use crate::engine::{Detector, Doc};
use crate::{Finding, Kind, Reason, ReasonCode, Sensitivity};

/// How far before a match (within its clause) a keyword counts, in bytes.
const KEYWORD_WINDOW: usize = 80;

/// A custom detector as written in a configuration file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomDetectorSpec {
    /// The kind code reported (`ma_nhan_vien`): lower-case letters, digits and `_`, not a
    /// built-in kind.
    pub kind: String,
    /// A Rust regular expression (`regex` crate syntax) for the value.
    pub pattern: String,
    /// Words that, before the value on its line or as its column header, show what it is.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Report a match only with one of the keywords nearby.
    #[serde(default)]
    pub require_keyword: bool,
    /// A check the value's digits must pass: `luhn`, `mst` (tax-code check digit), `cccd`.
    #[serde(default)]
    pub validator: Option<String>,
    /// `basic` (default) or `sensitive`.
    #[serde(default)]
    pub sensitivity: Option<Sensitivity>,
}

/// What a custom finding is: the user's kind code and its sensitivity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomKind {
    /// The kind code from the configuration.
    pub code: String,
    /// Basic or sensitive.
    pub sensitivity: Sensitivity,
}

/// A custom detector that cannot be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CustomError {
    /// The kind code is not usable.
    #[error(
        "detectors[{index}]: mã loại “{kind}” không hợp lệ hoặc trùng loại có sẵn (kind code “{kind}” is not lower-case letters, digits and _, or is a built-in kind)"
    )]
    Kind {
        /// Position in `[[detectors]]`, from 0.
        index: usize,
        /// The code.
        kind: String,
    },
    /// The pattern does not compile.
    #[error("detectors[{index}] ({kind}): mẫu không hợp lệ (invalid pattern): {message}")]
    Pattern {
        /// Position in `[[detectors]]`, from 0.
        index: usize,
        /// The kind code.
        kind: String,
        /// The regex error.
        message: String,
    },
    /// The validator is unknown.
    #[error(
        "detectors[{index}] ({kind}): không có bộ kiểm tra “{validator}” (unknown validator; use luhn, mst or cccd)"
    )]
    Validator {
        /// Position in `[[detectors]]`, from 0.
        index: usize,
        /// The kind code.
        kind: String,
        /// The name given.
        validator: String,
    },
}

#[derive(Debug, Clone, Copy)]
enum Validator {
    Luhn,
    Mst,
    Cccd,
}

/// A compiled custom detector.
#[derive(Debug, Clone)]
pub struct CustomDetector {
    kind: Arc<CustomKind>,
    pattern: regex::Regex,
    /// Keywords, accent-folded.
    keywords: Vec<String>,
    require_keyword: bool,
    validator: Option<Validator>,
}

impl CustomDetector {
    /// Compiles the detector at position `index` of a configuration's `[[detectors]]`.
    pub fn new(index: usize, spec: &CustomDetectorSpec) -> Result<CustomDetector, CustomError> {
        let code = spec.kind.trim();
        let well_formed = code.starts_with(|c: char| c.is_ascii_lowercase())
            && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !well_formed || Kind::from_code(code).is_some() {
            return Err(CustomError::Kind { index, kind: spec.kind.clone() });
        }
        let pattern =
            regex::RegexBuilder::new(&spec.pattern).size_limit(1 << 20).build().map_err(|e| {
                CustomError::Pattern { index, kind: code.to_string(), message: e.to_string() }
            })?;
        let validator = match spec.validator.as_deref() {
            None => None,
            Some("luhn") => Some(Validator::Luhn),
            Some("mst") => Some(Validator::Mst),
            Some("cccd") => Some(Validator::Cccd),
            Some(other) => {
                return Err(CustomError::Validator {
                    index,
                    kind: code.to_string(),
                    validator: other.to_string(),
                });
            }
        };
        Ok(CustomDetector {
            kind: Arc::new(CustomKind {
                code: code.to_string(),
                sensitivity: spec.sensitivity.unwrap_or(Sensitivity::Basic),
            }),
            pattern,
            keywords: spec.keywords.iter().map(|k| khien_text::fold(k.trim())).collect(),
            require_keyword: spec.require_keyword,
            validator,
        })
    }

    /// The kind code this detector reports.
    pub fn code(&self) -> &str {
        &self.kind.code
    }

    fn valid(&self, value: &str, year: u16) -> bool {
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        match self.validator {
            None => true,
            Some(Validator::Luhn) => digits.len() >= 8 && crate::validate::luhn(&digits),
            Some(Validator::Mst) => digits.len() >= 10 && crate::validate::mst10(&digits[..10]),
            Some(Validator::Cccd) => {
                digits.len() == 12 && crate::validate::cccd(&digits, year).is_ok()
            }
        }
    }

    /// The keyword before `start` in its clause (a line end, `.` or `;` closes one), or in the
    /// field label.
    fn keyword(&self, doc: &Doc<'_>, start: usize) -> Option<&str> {
        if self.keywords.is_empty() {
            return None;
        }
        if let Some(label) = doc.field_label {
            let folded = khien_text::fold(label);
            if let Some(k) = self.keywords.iter().find(|k| folded.contains(k.as_str())) {
                return Some(k);
            }
        }
        let mut from = start.saturating_sub(KEYWORD_WINDOW);
        while !doc.text.is_char_boundary(from) {
            from += 1;
        }
        let before = &doc.text[from..start];
        let clause = before.rsplit(['\n', ';', '.']).next().unwrap_or(before);
        let folded = khien_text::fold(clause);
        self.keywords.iter().find(|k| folded.contains(k.as_str())).map(String::as_str)
    }
}

impl Detector for CustomDetector {
    fn name(&self) -> &'static str {
        "custom"
    }

    fn detect(&self, doc: &Doc<'_>, out: &mut Vec<Finding>) {
        for m in self.pattern.find_iter(doc.text) {
            if m.is_empty() || !self.valid(m.as_str(), doc.current_year) {
                continue;
            }
            let keyword = self.keyword(doc, m.start());
            if self.require_keyword && keyword.is_none() {
                continue;
            }
            let mut reasons = vec![Reason::new(
                ReasonCode::Structure,
                format!("mẫu của bộ phát hiện {}", self.kind.code),
            )];
            let mut score = 0.55;
            if self.validator.is_some() {
                reasons.push(Reason::new(ReasonCode::Checksum, "bộ kiểm tra của cấu hình"));
                score += 0.15;
            }
            if let Some(k) = keyword {
                reasons.push(Reason::new(ReasonCode::Keyword, k.to_string()));
                score += 0.3;
            }
            out.push(Finding {
                kind: Kind::Custom,
                start: m.start(),
                end: m.end(),
                score: f32::min(score, 1.0),
                reasons,
                also: Vec::new(),
                normalized: None,
                custom: Some(Arc::clone(&self.kind)),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Engine};

    fn spec(toml_text: &str) -> CustomDetectorSpec {
        toml::from_str(toml_text).unwrap()
    }

    fn engine(specs: &[&str]) -> Engine {
        let detectors = specs
            .iter()
            .enumerate()
            .map(|(i, s)| CustomDetector::new(i, &spec(s)).unwrap())
            .collect();
        Engine::new(Config::default().with_current_year(2026).with_custom_detectors(detectors))
    }

    #[test]
    fn keywords_validators_and_sensitivity() {
        let e = engine(&[
            "kind = \"ma_nhan_vien\"\npattern = 'NV-[0-9]{6}'\nkeywords = [\"mã nhân viên\"]\nrequire_keyword = true",
            "kind = \"the_noi_bo\"\npattern = '\\b[0-9]{16}\\b'\nvalidator = \"luhn\"\nsensitivity = \"sensitive\"",
        ]);
        let text =
            "Ma nhan vien: NV-123456. Phiếu NV-654321. Thẻ 4111111111111111, mã 4111111111111112.";
        let found: Vec<(String, &str)> = e
            .detect(text)
            .iter()
            .filter(|f| f.kind == Kind::Custom)
            .map(|f| (f.code().to_string(), &text[f.start..f.end]))
            .collect();
        assert!(found.contains(&("ma_nhan_vien".into(), "NV-123456")), "{found:?}");
        assert!(!found.iter().any(|(_, v)| *v == "NV-654321"), "no keyword: {found:?}");
        assert!(!found.iter().any(|(_, v)| *v == "4111111111111112"), "fails Luhn: {found:?}");
        let card = e.detect(text).into_iter().find(|f| f.code() == "the_noi_bo");
        // The built-in card detector may win the overlap; when the custom one reports, it is
        // sensitive as configured.
        if let Some(card) = card {
            assert_eq!(card.sensitivity(), Sensitivity::Sensitive);
        }
    }

    #[test]
    fn bad_specs_are_named() {
        let e = CustomDetector::new(2, &spec("kind = \"phone\"\npattern = 'x'")).unwrap_err();
        assert!(e.to_string().contains("detectors[2]"), "{e}");
        let e = CustomDetector::new(0, &spec("kind = \"ma\"\npattern = '('")).unwrap_err();
        assert!(matches!(e, CustomError::Pattern { .. }), "{e}");
        let e = CustomDetector::new(0, &spec("kind = \"ma\"\npattern = 'x'\nvalidator = \"md5\""))
            .unwrap_err();
        assert!(e.to_string().contains("md5"), "{e}");
        assert!(
            toml::from_str::<CustomDetectorSpec>("kind = \"a\"\npattern = 'x'\nkeyword = []")
                .is_err()
        );
    }
}
