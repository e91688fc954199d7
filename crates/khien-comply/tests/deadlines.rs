//! The deadlines of incidents and data-subject requests, end to end through the embedded rule
//! pack and calendar: what an officer gets for each kind of record.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use khien_comply::{
    Incident, RulePack, Settings, SubjectRequest, WorkingCalendar, event_deadlines,
    incident_deadlines, request_deadlines,
};

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn rules(due: &[khien_comply::Deadline]) -> Vec<(String, String, String)> {
    due.iter().map(|d| (d.rule.clone(), d.recipient.clone(), d.due_at.to_rfc3339())).collect()
}

fn row(rule: &str, recipient: &str, at: &str) -> (String, String, String) {
    (rule.to_string(), recipient.to_string(), at.to_string())
}

#[test]
fn a_breach_and_a_cyber_incident_run_separate_clocks() {
    let pack = RulePack::embedded();
    let cal = WorkingCalendar::embedded();
    let s = Settings::new(&cal);
    let breach = Incident::new("personal_data_breach", t("2026-12-04T22:15:00+07:00"));
    assert_eq!(
        rules(&incident_deadlines(&pack, &s, &breach).unwrap()),
        vec![
            row("pdp.breach.authority", "pdp_authority", "2026-12-07T22:15:00+07:00"),
            row("pdp.breach.record", "internal", "2026-12-07T22:15:00+07:00"),
        ]
    );
    // The cyber incident of the same night: 5 days, ending Wednesday 9 December; three recipients.
    let cyber = Incident::new("cyber_incident", t("2026-12-04T22:15:00+07:00"));
    let due = incident_deadlines(&pack, &s, &cyber).unwrap();
    assert_eq!(due.len(), 3);
    assert!(due.iter().all(|d| d.due_at == t("2026-12-09T23:59:59+07:00")));
    assert!(due[0].notes.iter().any(|n| n.contains("kiểm tra lại")), "the rule is marked verify");
}

#[test]
fn location_biometric_and_finance_data_add_the_subject_notices() {
    let pack = RulePack::embedded();
    let cal = WorkingCalendar::embedded();
    let mut s = Settings::new(&cal);
    let mut breach = Incident::new("personal_data_breach", t("2026-06-01T08:00:00Z"));
    breach.data = vec!["biometric".into(), "financial".into()];
    let due = incident_deadlines(&pack, &s, &breach).unwrap();
    let ids: Vec<&str> = due.iter().map(|d| d.rule.as_str()).collect();
    assert!(ids.contains(&"pdp.breach.subjects.location_biometric"));
    assert!(
        !ids.contains(&"pdp.breach.subjects.finance"),
        "finance rule is for the finance sector only"
    );
    assert!(!ids.contains(&"pdp.breach.record_retention"), "retention starts at remediation");
    s.sector = Some("finance".into());
    breach.remediated_at = Some(t("2026-06-20T17:00:00+07:00"));
    let due = incident_deadlines(&pack, &s, &breach).unwrap();
    let finance = due.iter().find(|d| d.rule == "pdp.breach.subjects.finance").unwrap();
    assert_eq!(finance.due_at, t("2026-06-04T15:00:00+07:00"));
    let keep = due.iter().find(|d| d.rule == "pdp.breach.record_retention").unwrap();
    assert_eq!(keep.due_at, t("2031-06-20T23:59:59+07:00"));
    assert!(!keep.overdue_at(t("2040-01-01T00:00:00+07:00")), "a keep-until date is never overdue");
}

#[test]
fn a_breach_before_2026_follows_decree_13() {
    let pack = RulePack::embedded();
    let cal = WorkingCalendar::embedded();
    let s = Settings::new(&cal);
    let due = incident_deadlines(
        &pack,
        &s,
        &Incident::new("personal_data_breach", t("2025-12-31T23:00:00+07:00")),
    )
    .unwrap();
    assert_eq!(
        rules(&due),
        vec![row("legacy.d13.breach", "pdp_authority", "2026-01-03T23:00:00+07:00")]
    );
    // One hour later by Vietnam's clock it is 2026: the Law 91 rules apply.
    let due = incident_deadlines(
        &pack,
        &s,
        &Incident::new("personal_data_breach", t("2025-12-31T17:30:00Z")),
    )
    .unwrap();
    assert_eq!(due[0].rule, "pdp.breach.authority");
}

/// Table of data-subject requests (Decree 356 Art. 5): type, received, with processor,
/// extended, expected acknowledgement and execution deadlines.
#[test]
fn data_subject_request_clocks_table() {
    let pack = RulePack::embedded();
    let cal = WorkingCalendar::embedded();
    let s = Settings::new(&cal);
    let rows: &[(&str, &str, bool, bool, &str, &str)] = &[
        // Monday 7 Dec: ack Wednesday 9; view 10 days → Thursday 17 Dec.
        (
            "view",
            "2026-12-07T09:00:00+07:00",
            false,
            false,
            "2026-12-09T23:59:59+07:00",
            "2026-12-17T23:59:59+07:00",
        ),
        // Received just before Tết: ack after it; 10 days end Sunday 15 Feb → Monday 23 Feb.
        (
            "correct",
            "2026-02-05T16:00:00+07:00",
            false,
            false,
            "2026-02-09T23:59:59+07:00",
            "2026-02-23T23:59:59+07:00",
        ),
        // Friday 13 Feb: the acknowledgement skips the nine days of Tết.
        (
            "provide",
            "2026-02-13T10:00:00+07:00",
            false,
            false,
            "2026-02-24T23:59:59+07:00",
            "2026-02-23T23:59:59+07:00",
        ),
        // Delete with a processor: 30 days from 1 Oct = 31 Oct (Saturday) → Monday 2 Nov.
        (
            "delete",
            "2026-10-01T09:00:00+07:00",
            true,
            false,
            "2026-10-05T23:59:59+07:00",
            "2026-11-02T23:59:59+07:00",
        ),
        // Delete extended once: 20 + 20 days from 1 Oct = 10 Nov (Tuesday).
        (
            "delete",
            "2026-10-01T09:00:00+07:00",
            false,
            true,
            "2026-10-05T23:59:59+07:00",
            "2026-11-10T23:59:59+07:00",
        ),
        // Withdraw consent: 15 days from Thursday 16 April = 1 May (holiday) → Monday 4 May.
        (
            "withdraw",
            "2026-04-16T09:00:00+07:00",
            false,
            false,
            "2026-04-20T23:59:59+07:00",
            "2026-05-04T23:59:59+07:00",
        ),
        // Protection measures: no processor period, so the base applies.
        (
            "protection_measures",
            "2026-12-07T09:00:00+07:00",
            true,
            false,
            "2026-12-09T23:59:59+07:00",
            "2026-12-22T23:59:59+07:00",
        ),
        // Received 20:00 UTC Sunday = 03:00 Monday in Vietnam.
        (
            "object",
            "2026-12-06T20:00:00Z",
            false,
            false,
            "2026-12-09T23:59:59+07:00",
            "2026-12-22T23:59:59+07:00",
        ),
    ];
    for (kind, received, processor, extended, ack, exec) in rows {
        let req = SubjectRequest {
            request_type: kind.to_string(),
            received_at: t(received),
            with_processor: *processor,
            extended: *extended,
        };
        let due = request_deadlines(&pack, &s, &req).unwrap();
        assert_eq!(due.len(), 2, "{kind}");
        assert_eq!(due[0].rule, "pdp.dsr.ack");
        assert_eq!(due[0].due_at, t(ack), "{kind} {received} ack");
        assert_eq!(due[1].due_at, t(exec), "{kind} {received} execution");
        if *extended {
            assert!(due[1].period_vi.contains("gia hạn"), "{}", due[1].period_vi);
        }
    }
}

#[test]
fn the_days_switch_counts_execution_in_working_days() {
    let pack = RulePack::embedded();
    let cal = WorkingCalendar::embedded();
    let mut s = Settings::new(&cal);
    s.switches = BTreeMap::from([("days_are_calendar_days".to_string(), false)]);
    let req = SubjectRequest {
        request_type: "view".into(),
        received_at: t("2026-12-07T09:00:00+07:00"),
        with_processor: false,
        extended: false,
    };
    let due = request_deadlines(&pack, &s, &req).unwrap();
    assert_eq!(due[1].due_at, t("2026-12-21T23:59:59+07:00"));
}

#[test]
fn impact_assessment_clocks_and_the_state_agency_switch() {
    let pack = RulePack::embedded();
    let cal = WorkingCalendar::embedded();
    let mut s = Settings::new(&cal);
    let due =
        event_deadlines(&pack, &s, "processing_started", t("2026-07-01T09:00:00+07:00")).unwrap();
    assert_eq!(
        rules(&due),
        vec![row("pdp.dpia.file", "pdp_authority", "2026-08-31T23:59:59+07:00")]
    );
    let due = event_deadlines(&pack, &s, "dpia_change", t("2026-12-07T09:00:00+07:00")).unwrap();
    assert_eq!(due[0].due_at, t("2026-12-17T23:59:59+07:00"));
    s.switches.insert("dpia_state_agency_exempt".into(), true);
    assert!(
        event_deadlines(&pack, &s, "processing_started", t("2026-07-01T09:00:00+07:00"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn unknown_kinds_and_types_are_named_in_the_error() {
    let pack = RulePack::embedded();
    let cal = WorkingCalendar::embedded();
    let s = Settings::new(&cal);
    let e = incident_deadlines(&pack, &s, &Incident::new("flood", t("2026-12-07T09:00:00+07:00")))
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("kind: \"flood\" is not one of personal_data_breach"), "{e}");
    let req = SubjectRequest {
        request_type: "forget".into(),
        received_at: t("2026-12-07T09:00:00+07:00"),
        with_processor: false,
        extended: false,
    };
    assert!(
        request_deadlines(&pack, &s, &req).unwrap_err().to_string().starts_with("type: \"forget\"")
    );
    let far = Incident::new("cyber_incident", t("9999-12-31T23:00:00+07:00"));
    assert!(
        incident_deadlines(&pack, &s, &far).unwrap_err().to_string().starts_with("discovered_at: ")
    );
    let mut i = Incident::new("personal_data_breach", t("2026-12-07T09:00:00+07:00"));
    i.data = vec!["dna".into()];
    assert!(
        incident_deadlines(&pack, &s, &i).unwrap_err().to_string().starts_with("data: \"dna\"")
    );
}
