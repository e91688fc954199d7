//! Rule packs: the legal clocks as data (`data/rule-pack.toml` is the embedded default).
//!
//! A pack is parsed and validated as a whole: a pack with one bad rule is refused with the rule
//! id and the field named, so an update can never half-apply.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::CompliancError;

/// The unit of a rule's duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Elapsed hours from the event, weekends and holidays included.
    Hours,
    /// "Ngày" in the text: calendar days unless the switch `days_are_calendar_days` is off.
    Days,
    /// Calendar days, whatever the switch says.
    CalendarDays,
    /// Working days of the agency's calendar.
    WorkingDays,
    /// Calendar months (same day of the month, the last day when it does not exist).
    Months,
    /// Calendar years.
    Years,
}

impl Unit {
    /// The unit in Vietnamese, after a number ("72 giờ").
    pub fn label_vi(self) -> &'static str {
        match self {
            Unit::Hours => "giờ",
            Unit::Days | Unit::CalendarDays => "ngày",
            Unit::WorkingDays => "ngày làm việc",
            Unit::Months => "tháng",
            Unit::Years => "năm",
        }
    }
}

/// How sure the encoding of a rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleStatus {
    /// Read in the official gazette text.
    GazetteChecked,
    /// From a law database or official news.
    Secondary,
    /// To be checked against the original text before relying on it.
    Verify,
}

impl RuleStatus {
    /// The status as written in the pack.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleStatus::GazetteChecked => "gazette-checked",
            RuleStatus::Secondary => "secondary",
            RuleStatus::Verify => "verify",
        }
    }
}

/// Whether a rule's date is a deadline to meet or a date until which something must be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Something must be done by the date.
    #[default]
    Deadline,
    /// Something must be kept at least until the date.
    KeepUntil,
}

/// The events that start clocks.
pub const EVENTS: &[&str] = &[
    "incident",
    "incident_remediated",
    "processing_started",
    "dpia_filed",
    "dpia_change",
    "transfer_started",
    "request",
];

/// The incident kinds a rule may name.
pub const INCIDENT_KINDS: &[&str] = &["personal_data_breach", "cyber_incident"];

/// The data-subject request types of Decree 356 Art. 5.
pub const REQUEST_TYPES: &[&str] = &[
    "view",
    "correct",
    "provide",
    "delete",
    "withdraw",
    "restrict",
    "object",
    "protection_measures",
];

/// The data categories an incident may involve, as rule conditions name them.
pub const DATA_CATEGORIES: &[&str] =
    &["location", "biometric", "financial", "health", "basic", "sensitive"];

/// A recipient's default name (the agency's settings may give its own).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecipientName {
    /// In Vietnamese.
    pub vi: String,
    /// In English.
    pub en: String,
}

/// The pack's header.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackInfo {
    /// Stable identifier of the pack family.
    pub id: String,
    /// Version, e.g. `2026.2`.
    pub version: String,
    /// The date this version was published.
    pub published: NaiveDate,
    /// The instruments it encodes, in Vietnamese.
    pub summary_vi: String,
    /// The instruments it encodes, in English.
    pub summary_en: String,
}

/// One legal clock.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable identifier, e.g. `pdp.breach.authority`.
    pub id: String,
    /// Title in Vietnamese.
    pub title_vi: String,
    /// Title in English.
    pub title_en: String,
    /// Legal basis: instrument, article, clause.
    pub basis: String,
    /// First day the rule applies (by the date of the event, agency time).
    pub effective_from: NaiveDate,
    /// Last day the rule applies, if it was replaced.
    #[serde(default)]
    pub effective_to: Option<NaiveDate>,
    /// The event that starts the clock (one of [`EVENTS`]).
    pub event: String,
    /// For incident events: the kinds it applies to.
    #[serde(default)]
    pub incident_kinds: Vec<String>,
    /// For request events: the request types it applies to.
    #[serde(default)]
    pub request_types: Vec<String>,
    /// Applies only when the incident involves one of these data categories.
    #[serde(default)]
    pub data_any: Vec<String>,
    /// Applies only to agencies of these sectors (agency setting `sector`).
    #[serde(default)]
    pub sectors: Vec<String>,
    /// The period.
    pub duration: u32,
    /// The period when a processor or third party must act (Decree 356 Art. 5).
    #[serde(default)]
    pub processor_duration: Option<u32>,
    /// The unit of `duration`, `processor_duration` and `extension`.
    pub unit: Unit,
    /// The one extension allowed, in the same unit.
    #[serde(default)]
    pub extension: Option<u32>,
    /// Who must be told (keys into the agency's recipients).
    pub recipients: Vec<String>,
    /// The official form drafted for it.
    #[serde(default)]
    pub form: Option<String>,
    /// An interpretation switch that, when on, exempts the agency from the rule.
    #[serde(default)]
    pub switch: Option<String>,
    /// Deadline or keep-until.
    #[serde(default)]
    pub kind: RuleKind,
    /// How sure the encoding is.
    pub status: RuleStatus,
    /// What the officer should know, in Vietnamese.
    #[serde(default)]
    pub notes: Option<String>,
}

impl Rule {
    /// Whether the rule is in force on `day`.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        day >= self.effective_from && self.effective_to.is_none_or(|to| day <= to)
    }
}

/// An interpretation switch: a point that needs a legal decision, with its default.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Switch {
    /// Identifier used by rules and settings.
    pub id: String,
    /// The default when the agency has not decided.
    pub default: bool,
    /// What it means, in Vietnamese.
    pub note_vi: String,
    /// What it means, in English.
    pub note_en: String,
}

/// A date set once by a directive (not a clock started by an event): a register item that
/// has not reached the state by then is overdue from that date.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Stable identifier, e.g. `levels.dossier.approved`.
    pub id: String,
    /// Title in Vietnamese.
    pub title_vi: String,
    /// Title in English.
    pub title_en: String,
    /// Legal basis.
    pub basis: String,
    /// The date to reach it by.
    pub due: NaiveDate,
    /// How sure the encoding is.
    pub status: RuleStatus,
}

/// A validated rule pack.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RulePack {
    /// The header.
    pub pack: PackInfo,
    /// The clocks.
    #[serde(rename = "rule")]
    pub rules: Vec<Rule>,
    /// The interpretation switches.
    #[serde(rename = "switch", default)]
    pub switches: Vec<Switch>,
    /// The recipient keys rules may name, with their default names.
    pub recipients: BTreeMap<String, RecipientName>,
    /// Fixed targets.
    #[serde(rename = "target", default)]
    pub targets: Vec<Target>,
}

const EMBEDDED: &str = include_str!("../data/rule-pack.toml");

impl RulePack {
    /// The text of the pack shipped in the binary.
    pub const EMBEDDED_TOML: &'static str = EMBEDDED;

    /// The pack shipped in the binary.
    pub fn embedded() -> RulePack {
        RulePack::from_toml(EMBEDDED).expect("the embedded rule pack is validated by its unit test")
    }

    /// Parses and validates a pack; `Err` names the rule and the field at fault.
    pub fn from_toml(text: &str) -> Result<RulePack, CompliancError> {
        let pack: RulePack =
            toml::from_str(text).map_err(|e| CompliancError::Pack(e.message().to_string()))?;
        pack.validate()?;
        Ok(pack)
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The target with this id.
    pub fn target(&self, id: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.id == id)
    }

    /// The switch with this id.
    pub fn switch(&self, id: &str) -> Option<&Switch> {
        self.switches.iter().find(|s| s.id == id)
    }

    /// The switches' values: the pack's defaults overridden by the agency's decisions.
    pub fn switch_values(&self, decided: &BTreeMap<String, bool>) -> BTreeMap<String, bool> {
        self.switches
            .iter()
            .map(|s| (s.id.clone(), decided.get(&s.id).copied().unwrap_or(s.default)))
            .collect()
    }

    fn validate(&self) -> Result<(), CompliancError> {
        let bad = |rule: &str, what: String| {
            Err(CompliancError::Rule { rule: rule.to_string(), problem: what })
        };
        if self.pack.id.trim().is_empty() || self.pack.version.trim().is_empty() {
            return Err(CompliancError::Pack("[pack] needs an id and a version".into()));
        }
        if self.rules.is_empty() {
            return Err(CompliancError::Pack("the pack has no [[rule]]".into()));
        }
        let switch_ids: BTreeSet<&str> = self.switches.iter().map(|s| s.id.as_str()).collect();
        if switch_ids.len() != self.switches.len() {
            return Err(CompliancError::Pack("two [[switch]] entries share an id".into()));
        }
        let mut seen = BTreeSet::new();
        for r in &self.rules {
            let id = r.id.as_str();
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_')
            {
                return bad(id, "id: lower-case letters, digits, '.' and '_' only".into());
            }
            if !seen.insert(id) {
                return bad(id, "id: used by two rules".into());
            }
            if r.title_vi.trim().is_empty()
                || r.title_en.trim().is_empty()
                || r.basis.trim().is_empty()
            {
                return bad(id, "title_vi, title_en and basis must not be empty".into());
            }
            if !EVENTS.contains(&r.event.as_str()) {
                return bad(id, format!("event: {:?} is not one of {EVENTS:?}", r.event));
            }
            if let Some(to) = r.effective_to
                && to < r.effective_from
            {
                return bad(
                    id,
                    format!("effective_to {to} is before effective_from {}", r.effective_from),
                );
            }
            if r.duration == 0 {
                return bad(id, "duration: must be at least 1".into());
            }
            // Bounds that keep every date a clock computes within the calendar's range.
            let cap = match r.unit {
                Unit::Hours => 100_000,
                Unit::Days | Unit::CalendarDays => 36_500,
                Unit::WorkingDays => 10_000,
                Unit::Months => 1_200,
                Unit::Years => 100,
            };
            let longest = r.processor_duration.unwrap_or(r.duration).max(r.duration).min(cap + 1)
                + r.extension.unwrap_or(0).min(cap + 1);
            if longest > cap {
                return bad(
                    id,
                    format!(
                        "duration: with the processor period and the extension at most {cap} {:?}",
                        r.unit
                    ),
                );
            }
            if r.processor_duration.is_some_and(|p| p < r.duration) {
                return bad(id, "processor_duration: shorter than duration".into());
            }
            if r.extension == Some(0) {
                return bad(id, "extension: must be at least 1 when present".into());
            }
            let incident_event = r.event.starts_with("incident");
            if incident_event && r.incident_kinds.is_empty() {
                return bad(id, "incident_kinds: an incident rule must name its kinds".into());
            }
            if !incident_event && !r.incident_kinds.is_empty() {
                return bad(id, "incident_kinds: only for incident events".into());
            }
            if let Some(k) = r.incident_kinds.iter().find(|k| !INCIDENT_KINDS.contains(&k.as_str()))
            {
                return bad(id, format!("incident_kinds: unknown kind {k:?}"));
            }
            if (r.event == "request") == r.request_types.is_empty() {
                return bad(
                    id,
                    "request_types: required for request events and only for them".into(),
                );
            }
            if let Some(t) = r.request_types.iter().find(|t| !REQUEST_TYPES.contains(&t.as_str())) {
                return bad(id, format!("request_types: unknown type {t:?}"));
            }
            if let Some(d) = r.data_any.iter().find(|d| !DATA_CATEGORIES.contains(&d.as_str())) {
                return bad(id, format!("data_any: unknown data category {d:?}"));
            }
            if r.recipients.is_empty() {
                return bad(id, "recipients: at least one".into());
            }
            if let Some(k) = r.recipients.iter().find(|k| !self.recipients.contains_key(k.as_str()))
            {
                return bad(id, format!("recipients: unknown key {k:?} (not in [recipients])"));
            }
            if let Some(s) = &r.switch
                && !switch_ids.contains(s.as_str())
            {
                return bad(id, format!("switch: no [[switch]] named {s:?}"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_pack_is_valid_and_covers_the_legal_clocks() {
        let pack = RulePack::from_toml(EMBEDDED).unwrap();
        for id in [
            "pdp.breach.authority",
            "pdp.breach.subjects.location_biometric",
            "pdp.breach.record_retention",
            "cyber.incident.notify",
            "pdp.dpia.file",
            "pdp.dsr.ack",
            "pdp.dsr.delete",
        ] {
            assert!(pack.rule(id).is_some(), "{id} missing");
        }
        // Every request type has an acknowledgement and exactly one execution clock.
        for t in REQUEST_TYPES {
            let n = pack
                .rules
                .iter()
                .filter(|r| r.event == "request" && r.request_types.iter().any(|x| x == t))
                .count();
            assert_eq!(n, 2, "{t}");
        }
        assert!(pack.switch("days_are_calendar_days").unwrap().default);
        assert_eq!(pack.target("levels.dossier.approved").unwrap().due.to_string(), "2024-09-30");
    }

    fn with_rule_line(find: &str, replace: &str) -> String {
        assert!(EMBEDDED.contains(find), "{find}");
        EMBEDDED.replacen(find, replace, 1)
    }

    #[test]
    fn a_bad_rule_is_refused_with_its_id_and_field() {
        let cases = [
            ("unit = \"hours\"", "unit = \"fortnights\"", "unknown variant"),
            ("duration = 72", "duration = 0", "pdp.breach.authority: duration"),
            (
                "recipients = [\"pdp_authority\"]",
                "recipients = [\"the_press\"]",
                "recipients: unknown key",
            ),
            ("event = \"incident\"", "event = \"whenever\"", "event:"),
            (
                "incident_kinds = [\"personal_data_breach\"]",
                "incident_kinds = [\"flood\"]",
                "unknown kind",
            ),
            ("switch = \"dpia_state_agency_exempt\"", "switch = \"nope\"", "pdp.dpia.file: switch"),
            ("effective_from = \"2026-01-01\"", "effective_from = \"2026-13-01\"", "input"),
            (
                "processor_duration = 30",
                "processor_duration = 5",
                "pdp.dsr.delete: processor_duration",
            ),
            (
                "duration = 5\nunit = \"years\"",
                "duration = 500\nunit = \"years\"",
                "pdp.breach.record_retention: duration: with the",
            ),
        ];
        for (find, replace, expect) in cases {
            let err = RulePack::from_toml(&with_rule_line(find, replace)).unwrap_err().to_string();
            assert!(err.contains(expect), "{replace}: {err}");
        }
        let dup =
            EMBEDDED.replacen("id = \"pdp.breach.record\"", "id = \"pdp.breach.authority\"", 1);
        assert!(RulePack::from_toml(&dup).unwrap_err().to_string().contains("used by two rules"));
        let unknown =
            with_rule_line("status = \"verify\"", "status = \"verify\"\ncolour = \"red\"");
        assert!(RulePack::from_toml(&unknown).unwrap_err().to_string().contains("unknown field"));
    }

    #[test]
    fn switches_take_the_agency_decision_over_the_default() {
        let pack = RulePack::embedded();
        let decided = BTreeMap::from([("days_are_calendar_days".to_string(), false)]);
        let v = pack.switch_values(&decided);
        assert!(!v["days_are_calendar_days"]);
        assert!(v["roll_to_working_day"]);
    }
}
