//! The de-identification policy: which operator applies to which kind, from TOML.
//!
//! ```toml
//! [default]
//! operator = "label"
//!
//! [kinds.phone]
//! operator = "mask"
//! keep = 3
//!
//! [kinds.national_id]
//! operator = "token"
//! format_preserving = true
//! ```

use std::collections::BTreeMap;

use khien_detect::{Confidence, Kind};
use serde::{Deserialize, Serialize};

use crate::RedactError;

/// A de-identification operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operator {
    /// Keep the last `keep` letters or digits, replace the others with `*`.
    Mask,
    /// Replace with the category label, e.g. `[SỐ CCCD]`.
    Label,
    /// Replace with a numbered label, the same number for the same value (`[HỌ TÊN 1]`);
    /// with a key, a keyed code that is the same across runs (`[HỌ TÊN 3F9A2C]`).
    Pseudonym,
    /// HMAC-SHA256 of the value with the key (hex, truncated to `length`).
    Hash,
    /// Deterministic encryption, reversible with the key (`khien restore`): FF1 over the
    /// digits for digit strings when `format_preserving`, otherwise a `[TK:kind:…]` token.
    Token,
    /// Dates to the year, addresses to the province; other kinds fall back to the label.
    Generalise,
    /// Delete the value.
    Remove,
}

impl Operator {
    /// snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Operator::Mask => "mask",
            Operator::Label => "label",
            Operator::Pseudonym => "pseudonym",
            Operator::Hash => "hash",
            Operator::Token => "token",
            Operator::Generalise => "generalise",
            Operator::Remove => "remove",
        }
    }

    /// Whether the operator needs a key.
    pub fn needs_key(self) -> bool {
        matches!(self, Operator::Hash | Operator::Token)
    }
}

/// The rule for one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The operator.
    pub operator: Operator,
    /// For `mask`: how many trailing letters or digits to keep (default 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep: Option<usize>,
    /// For `token`: FF1 format-preserving encryption of digit strings (same length, digits).
    #[serde(default)]
    pub format_preserving: bool,
    /// For `hash`: hex characters kept (default 16, at most 64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<usize>,
    /// For `label` and `pseudonym`: the label text instead of the built-in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Rule {
    /// A rule with just an operator.
    pub fn new(operator: Operator) -> Rule {
        Rule { operator, keep: None, format_preserving: false, length: None, label: None }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    #[serde(default)]
    default: Option<Rule>,
    #[serde(default)]
    min_confidence: Option<String>,
    #[serde(default)]
    min_score: Option<f32>,
    #[serde(default)]
    kinds: BTreeMap<String, Rule>,
}

/// Operators per kind, with a default.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Policy {
    /// The rule for kinds without their own.
    pub default: Rule,
    /// Rules per kind.
    pub kinds: BTreeMap<Kind, Rule>,
    /// Findings below this confidence are left alone.
    pub min_confidence: Confidence,
    /// Candidates scoring at least this are replaced: below the report floor
    /// ([`khien_detect::REPORT_FLOOR`], 0.3) by default, so that redaction works recall first
    /// (a value left in a published copy costs more than a word replaced in vain). The report
    /// lists every replacement, the weak ones with a low confidence.
    pub min_score: f32,
}

/// The default [`Policy::min_score`]: recall first.
pub const RECALL_FIRST_SCORE: f32 = 0.15;

impl Default for Policy {
    /// The built-in policy: irreversible by default, suitable for publication. Identifiers and
    /// contacts become labels, names consistent pseudonyms, dates of birth their year,
    /// addresses their province, credentials are removed.
    fn default() -> Policy {
        let mut kinds = BTreeMap::new();
        kinds.insert(Kind::PersonName, Rule::new(Operator::Pseudonym));
        kinds.insert(Kind::DateOfBirth, Rule::new(Operator::Generalise));
        kinds.insert(Kind::Address, Rule::new(Operator::Generalise));
        kinds.insert(Kind::Credential, Rule::new(Operator::Remove));
        Policy {
            default: Rule::new(Operator::Label),
            kinds,
            min_confidence: Confidence::Low,
            min_score: RECALL_FIRST_SCORE,
        }
    }
}

impl Policy {
    /// Parses a policy file; unknown kinds, operators and keys are errors. Rules not given keep
    /// the built-in defaults.
    pub fn from_toml(text: &str) -> Result<Policy, RedactError> {
        let file: PolicyFile =
            toml::from_str(text).map_err(|e| RedactError::Policy(e.to_string()))?;
        let mut p = Policy::default();
        if let Some(d) = file.default {
            p.default = d;
        }
        if let Some(c) = file.min_confidence {
            p.min_confidence = Confidence::from_code(&c).ok_or_else(|| {
                RedactError::Policy(format!(
                    "min_confidence: unknown level {c:?} (low, medium, high)"
                ))
            })?;
        }
        if let Some(score) = file.min_score {
            if !(khien_detect::LOWEST_FLOOR..=1.0).contains(&score) {
                return Err(RedactError::Policy(format!(
                    "min_score: {score} is outside {}..1 (the default, {RECALL_FIRST_SCORE}, replaces the weak candidates too; {} is the report floor)",
                    khien_detect::LOWEST_FLOOR,
                    khien_detect::REPORT_FLOOR
                )));
            }
            p.min_score = score;
        }
        for (k, rule) in file.kinds {
            let kind = Kind::from_code(&k)
                .ok_or_else(|| RedactError::Policy(format!("kinds.{k}: unknown kind")))?;
            p.kinds.insert(kind, rule);
        }
        Ok(p)
    }

    /// The rule for `kind`.
    pub fn rule(&self, kind: Kind) -> &Rule {
        self.kinds.get(&kind).unwrap_or(&self.default)
    }

    /// Whether any rule needs a key.
    pub fn needs_key(&self) -> bool {
        self.default.operator.needs_key() || self.kinds.values().any(|r| r.operator.needs_key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_works_recall_first_unless_the_policy_says_otherwise() {
        assert!(Policy::default().min_score < khien_detect::REPORT_FLOOR);
        assert_eq!(Policy::from_toml("min_score = 0.3\n").unwrap().min_score, 0.3);
        for bad in ["min_score = 0.05\n", "min_score = 1.5\n"] {
            let e = Policy::from_toml(bad).unwrap_err().to_string();
            assert!(e.contains("min_score"), "{e}");
        }
    }

    #[test]
    fn parses_and_rejects() {
        let p = Policy::from_toml(
            "[default]\noperator = \"mask\"\nkeep = 2\n[kinds.phone]\noperator = \"hash\"\n",
        )
        .unwrap();
        assert_eq!(p.rule(Kind::Phone).operator, Operator::Hash);
        assert_eq!(p.rule(Kind::Email).operator, Operator::Mask);
        assert_eq!(p.rule(Kind::PersonName).operator, Operator::Pseudonym);
        assert!(p.needs_key());
        assert!(Policy::from_toml("[kinds.nonsense]\noperator = \"label\"\n").is_err());
        assert!(Policy::from_toml("[kinds.phone]\noperator = \"explode\"\n").is_err());
    }
}
