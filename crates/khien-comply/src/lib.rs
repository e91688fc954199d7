//! Khiên compliance engine: the legal clocks of a Vietnamese agency as versioned rule packs,
//! the agency's working calendar, the deadlines an incident, a breach, an impact assessment or
//! a data-subject request sets, and drafts of the official forms (Form 08 breach notice).
//!
//! What it is: pure functions over data. The rule pack ([`RulePack`]) and the default calendar
//! ([`WorkingCalendar`]) are embedded at build time; a newer pack or the agency's own calendar
//! is text the caller reads and passes in. What it is not: no clock reading (callers pass
//! `now`), no file, database, mail or network I/O (registers live in `khien-store`, pages,
//! reminders and the API in `khien-server`).
//!
//! ```
//! use khien_comply::{Incident, RulePack, Settings, WorkingCalendar};
//! let pack = RulePack::embedded();
//! let calendar = WorkingCalendar::embedded();
//! let settings = Settings::new(&calendar);
//! let incident = Incident::new("personal_data_breach", "2026-02-13T16:30:00+07:00".parse().unwrap());
//! let due = khien_comply::incident_deadlines(&pack, &settings, &incident).unwrap();
//! let authority = due.iter().find(|d| d.rule == "pdp.breach.authority").unwrap();
//! assert_eq!(authority.due_at.to_rfc3339(), "2026-02-16T16:30:00+07:00");
//! ```

pub mod calendar;
pub mod clock;
pub mod form;
pub mod pack;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

pub use calendar::WorkingCalendar;
pub use clock::{Counting, Due, in_vietnam, vietnam};
pub use pack::{Rule, RuleKind, RulePack, RuleStatus, Unit};

/// What can go wrong reading compliance data or asking for deadlines.
#[derive(Debug, thiserror::Error)]
pub enum CompliancError {
    /// The rule pack as a whole is malformed.
    #[error("rule pack: {0}")]
    Pack(String),
    /// One rule is malformed.
    #[error("rule pack, rule {rule}: {problem}")]
    Rule {
        /// The rule's id.
        rule: String,
        /// What is wrong, naming the field.
        problem: String,
    },
    /// The calendar file is malformed.
    #[error("working calendar: {0}")]
    Calendar(String),
    /// A request for deadlines names something the pack does not know.
    #[error("{field}: {problem}")]
    Input {
        /// The field of the request.
        field: &'static str,
        /// What is wrong.
        problem: String,
    },
}

/// The agency's side of the computation: its calendar, its decisions on the interpretation
/// switches, and its sector.
#[derive(Debug, Clone)]
pub struct Settings<'a> {
    /// The working calendar.
    pub calendar: &'a WorkingCalendar,
    /// Switch decisions; missing ones take the pack's default.
    pub switches: BTreeMap<String, bool>,
    /// The agency's sector (`finance` turns on the financial-data rules).
    pub sector: Option<String>,
}

impl<'a> Settings<'a> {
    /// The pack's defaults on this calendar.
    pub fn new(calendar: &'a WorkingCalendar) -> Settings<'a> {
        Settings { calendar, switches: BTreeMap::new(), sector: None }
    }
}

/// An incident as the register records it.
#[derive(Debug, Clone)]
pub struct Incident {
    /// `personal_data_breach` or `cyber_incident`.
    pub kind: String,
    /// When it was discovered (any offset; counted in Vietnam's time).
    pub discovered_at: DateTime<FixedOffset>,
    /// Data categories involved (`location`, `biometric`, `financial`, …).
    pub data: Vec<String>,
    /// When remediation was completed, if it was.
    pub remediated_at: Option<DateTime<FixedOffset>>,
}

impl Incident {
    /// An incident of `kind` discovered at `discovered_at`, no data categories known yet.
    pub fn new(kind: &str, discovered_at: DateTime<FixedOffset>) -> Incident {
        Incident { kind: kind.to_string(), discovered_at, data: vec![], remediated_at: None }
    }
}

/// A data-subject request (Decree 356 Art. 5).
#[derive(Debug, Clone)]
pub struct SubjectRequest {
    /// One of [`pack::REQUEST_TYPES`].
    pub request_type: String,
    /// When it was received according to the procedure.
    pub received_at: DateTime<FixedOffset>,
    /// A processor or third party must act (the longer period applies).
    pub with_processor: bool,
    /// The one extension was notified.
    pub extended: bool,
}

/// One thing due to one recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// The rule's id.
    pub rule: String,
    /// Who must receive it (a key of the agency's recipients).
    pub recipient: String,
    /// When it is due, in Vietnam's time.
    pub due_at: DateTime<FixedOffset>,
    /// The rule's title in Vietnamese.
    pub title_vi: String,
    /// The rule's title in English.
    pub title_en: String,
    /// The legal basis.
    pub basis: String,
    /// `deadline` or `keep_until`.
    pub kind: RuleKind,
    /// How sure the rule's encoding is.
    pub status: RuleStatus,
    /// The period as the law states it, e.g. "72 giờ" or "20 ngày (+20 ngày gia hạn)".
    pub period_vi: String,
    /// The official form to draft, if any.
    pub form: Option<String>,
    /// What the officer should know about this date (moved off a holiday, unknown holidays,
    /// a rule to verify), in Vietnamese.
    pub notes: Vec<String>,
}

impl Deadline {
    /// Whether it is past due at `now` (keep-until dates are never overdue).
    pub fn overdue_at(&self, now: DateTime<FixedOffset>) -> bool {
        self.kind == RuleKind::Deadline && now > self.due_at
    }
}

/// The years a register's times may fall in: far enough for any record, near enough that
/// every clock's end stays a valid date.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

fn check_time(field: &'static str, t: DateTime<FixedOffset>) -> Result<(), CompliancError> {
    use chrono::Datelike;
    if YEARS.contains(&in_vietnam(&t).year()) {
        Ok(())
    } else {
        Err(CompliancError::Input {
            field, problem: format!("{t} is outside the years 1900–2200")
        })
    }
}

fn check_known(field: &'static str, value: &str, known: &[&str]) -> Result<(), CompliancError> {
    if known.contains(&value) {
        Ok(())
    } else {
        Err(CompliancError::Input {
            field,
            problem: format!("{value:?} is not one of {}", known.join(", ")),
        })
    }
}

/// The deadlines an incident sets: every rule in force on the day of discovery whose kind,
/// data and sector conditions hold, one entry per recipient. Rules that start at remediation
/// are included once `remediated_at` is set.
pub fn incident_deadlines(
    pack: &RulePack,
    settings: &Settings<'_>,
    incident: &Incident,
) -> Result<Vec<Deadline>, CompliancError> {
    check_known("kind", &incident.kind, pack::INCIDENT_KINDS)?;
    check_time("discovered_at", incident.discovered_at)?;
    if let Some(t) = incident.remediated_at {
        check_time("remediated_at", t)?;
    }
    for d in &incident.data {
        check_known("data", d, pack::DATA_CATEGORIES)?;
    }
    let day = in_vietnam(&incident.discovered_at).date_naive();
    let mut out = vec![];
    for rule in &pack.rules {
        if !rule.incident_kinds.contains(&incident.kind) || !rule.in_force_on(day) {
            continue;
        }
        if !rule.data_any.is_empty() && !rule.data_any.iter().any(|d| incident.data.contains(d)) {
            continue;
        }
        if !rule.sectors.is_empty()
            && !settings.sector.as_ref().is_some_and(|s| rule.sectors.contains(s))
        {
            continue;
        }
        let start = match rule.event.as_str() {
            "incident" => incident.discovered_at,
            "incident_remediated" => match incident.remediated_at {
                Some(t) => t,
                None => continue,
            },
            _ => continue,
        };
        push_rule(&mut out, pack, settings, rule, start, rule.duration, None);
    }
    Ok(out)
}

/// The deadlines a data-subject request sets: the acknowledgement in working days and the
/// execution period (the processor period when a processor must act; the one extension
/// added when it was notified).
pub fn request_deadlines(
    pack: &RulePack,
    settings: &Settings<'_>,
    request: &SubjectRequest,
) -> Result<Vec<Deadline>, CompliancError> {
    check_known("type", &request.request_type, pack::REQUEST_TYPES)?;
    check_time("received_at", request.received_at)?;
    let day = in_vietnam(&request.received_at).date_naive();
    let mut out = vec![];
    for rule in &pack.rules {
        if rule.event != "request"
            || !rule.request_types.contains(&request.request_type)
            || !rule.in_force_on(day)
        {
            continue;
        }
        let base = if request.with_processor {
            rule.processor_duration.unwrap_or(rule.duration)
        } else {
            rule.duration
        };
        let extension = if request.extended { rule.extension } else { None };
        push_rule(&mut out, pack, settings, rule, request.received_at, base, extension);
    }
    Ok(out)
}

/// The deadlines a register event sets (`processing_started`, `dpia_filed`, `dpia_change`,
/// `transfer_started`), skipping rules the agency is exempt from by its switches.
pub fn event_deadlines(
    pack: &RulePack,
    settings: &Settings<'_>,
    event: &str,
    at: DateTime<FixedOffset>,
) -> Result<Vec<Deadline>, CompliancError> {
    check_known(
        "event",
        event,
        &["processing_started", "dpia_filed", "dpia_change", "transfer_started"],
    )?;
    check_time("at", at)?;
    let day = in_vietnam(&at).date_naive();
    let switches = pack.switch_values(&settings.switches);
    let mut out = vec![];
    for rule in pack.rules.iter().filter(|r| r.event == event && r.in_force_on(day)) {
        if rule.switch.as_ref().is_some_and(|s| switches.get(s).copied().unwrap_or(false)) {
            continue;
        }
        push_rule(&mut out, pack, settings, rule, at, rule.duration, None);
    }
    Ok(out)
}

fn push_rule(
    out: &mut Vec<Deadline>,
    pack: &RulePack,
    settings: &Settings<'_>,
    rule: &Rule,
    start: DateTime<FixedOffset>,
    base: u32,
    extension: Option<u32>,
) {
    let switches = pack.switch_values(&settings.switches);
    let counting = Counting::new(settings.calendar, &switches);
    // The extension prolongs the period itself ("gia hạn không quá … ngày"): the count runs
    // on from the event for the base plus the extension, then the usual day-off rule applies.
    let due = counting.due(start, base + extension.unwrap_or(0), rule.unit, rule.kind);
    let mut notes = vec![];
    if let Some(from) = due.moved_from {
        notes.push(format!(
            "Ngày cuối của thời hạn ({}) là ngày nghỉ nên hạn chuyển sang cuối ngày làm việc tiếp theo (Bộ luật Dân sự 2015, Điều 148).",
            vi_date(from)
        ));
    }
    for y in &due.uncovered_years {
        notes.push(format!(
            "Lịch làm việc chưa có ngày nghỉ lễ năm {y}: hạn chỉ tính theo ngày nghỉ cuối tuần. Cập nhật lịch trong phần cài đặt."
        ));
    }
    if rule.status == RuleStatus::Verify {
        notes.push(
            "Quy định này cần được kiểm tra lại với văn bản gốc (cơ quan nhận có thể đã thay đổi)."
                .to_string(),
        );
    }
    if let Some(n) = &rule.notes {
        notes.push(n.clone());
    }
    let mut period_vi = format!("{base} {}", rule.unit.label_vi());
    if let Some(e) = extension {
        period_vi.push_str(&format!(" (+{e} {} gia hạn)", rule.unit.label_vi()));
    }
    for recipient in &rule.recipients {
        out.push(Deadline {
            rule: rule.id.clone(),
            recipient: recipient.clone(),
            due_at: due.at,
            title_vi: rule.title_vi.clone(),
            title_en: rule.title_en.clone(),
            basis: rule.basis.clone(),
            kind: rule.kind,
            status: rule.status,
            period_vi: period_vi.clone(),
            form: rule.form.clone(),
            notes: notes.clone(),
        });
    }
}

/// A date the Vietnamese way: 23/02/2026.
pub fn vi_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// An instant the Vietnamese way, in Vietnam's time: 16:30 ngày 16/02/2026.
pub fn vi_datetime(t: DateTime<FixedOffset>) -> String {
    let t = in_vietnam(&t);
    format!("{} ngày {}", t.format("%H:%M"), vi_date(t.date_naive()))
}
