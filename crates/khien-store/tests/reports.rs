//! The scam desk's records against a real SQLite file and a real PostgreSQL database:
//! submission, the moderation state machine, duplicates, the published list and appeals, with
//! the audit trail of each step.

use khien_store::Store;
use khien_store::reports::{
    AppealStatus, EntryKind, ModerationError, NewReport, ReportEntity, ReportStatus,
};

fn entity(kind: EntryKind, value: &str) -> ReportEntity {
    ReportEntity { kind, value: value.to_string(), bank: String::new() }
}

fn report(entities: Vec<ReportEntity>) -> NewReport {
    NewReport {
        channel: "sms".into(),
        received_on: "2026-12-01".into(),
        message: "Tài khoản của bạn bị khoá, gọi 0987654321".into(),
        phone: "0987 654 321".into(),
        verdict: "dangerous".into(),
        score: 90,
        scam_types: vec!["impersonate_bank".into(), "account_locked".into()],
        entities,
        ..NewReport::default()
    }
}

async fn actions(store: &Store) -> Vec<String> {
    store.audit_entries(500).await.unwrap().into_iter().map(|e| e.action).collect()
}

async fn exercise(store: &Store) {
    let officer = "user:tuan";
    let phone = entity(EntryKind::Phone, "0987654321");
    let account = ReportEntity {
        kind: EntryKind::Account,
        value: "1903123456789".into(),
        bank: "Techcombank".into(),
    };
    let domain = entity(EntryKind::Domain, "vcb-xacthuc.com");

    // Submission: stored pending with its keys; the contact only when given.
    let mut first = report(vec![phone.clone(), account.clone()]);
    first.contact = Some("lan@example.vn".into());
    first.money_lost = Some(5_000_000);
    let a = store.submit_report(&first).await.unwrap();
    let b = store.submit_report(&report(vec![phone.clone()])).await.unwrap();
    let mut c_report = report(vec![domain.clone()]);
    c_report.contact = Some("   ".into());
    let c = store.submit_report(&c_report).await.unwrap();
    let d = store.submit_report(&report(vec![account.clone()])).await.unwrap();
    let got = store.report(a).await.unwrap().unwrap();
    assert_eq!(got.status, ReportStatus::Pending);
    assert_eq!(got.fields.contact.as_deref(), Some("lan@example.vn"));
    assert_eq!(got.fields.money_lost, Some(5_000_000));
    assert_eq!(got.fields.scam_types, vec!["impersonate_bank", "account_locked"]);
    assert_eq!(got.entities.len(), 2);
    assert_eq!(store.report(c).await.unwrap().unwrap().fields.contact, None, "blank contact");
    assert!(store.report(9999).await.unwrap().is_none());

    // The queue shows duplicates together: a, b and d share the phone or the account.
    let queue = store.report_queue(100).await.unwrap();
    assert_eq!(queue.len(), 2);
    let ids: Vec<i64> = queue[0].reports.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![a, b, d]);
    assert!(queue[0].shared.contains(&phone) && queue[0].shared.contains(&account));
    assert_eq!(queue[1].reports[0].id, c);

    // Accept: only keys the report names, then listed with counts; audited.
    let err = store
        .accept_report(a, &[(EntryKind::Domain, "other.com".into())], "impersonate_bank", officer)
        .await;
    assert!(matches!(err, Err(ModerationError::Invalid(_))));
    assert_eq!(store.report(a).await.unwrap().unwrap().status, ReportStatus::Pending);
    let listed = store
        .accept_report(
            a,
            &[(EntryKind::Phone, phone.value.clone()), (EntryKind::Account, account.value.clone())],
            "impersonate_bank",
            officer,
        )
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    let acc_entry = listed.iter().find(|e| e.kind == EntryKind::Account).unwrap();
    assert_eq!(acc_entry.bank, "Techcombank");
    assert_eq!(acc_entry.reports, 1);
    assert_eq!(acc_entry.listed_by, officer);
    let got = store.report(a).await.unwrap().unwrap();
    assert_eq!((got.status, got.decided_by.as_deref()), (ReportStatus::Accepted, Some(officer)));
    // Decided once: a second decision of any kind is refused.
    assert!(matches!(
        store.accept_report(a, &[], "x", officer).await,
        Err(ModerationError::Transition { .. })
    ));
    assert!(matches!(
        store.reject_report(a, "trùng", officer).await,
        Err(ModerationError::Transition { .. })
    ));

    // The queue now points at the accepted report and the listed keys.
    let queue = store.report_queue(100).await.unwrap();
    let g = queue.iter().find(|g| g.reports.iter().any(|r| r.id == b)).unwrap();
    assert_eq!(g.accepted, vec![a]);
    assert!(g.listed.contains(&phone));

    // Merge a duplicate into the accepted report: the count grows, nothing new is listed.
    assert!(matches!(store.merge_report(b, b, officer).await, Err(ModerationError::Invalid(_))));
    store.merge_report(b, a, officer).await.unwrap();
    let got = store.report(b).await.unwrap().unwrap();
    assert_eq!((got.status, got.merged_into), (ReportStatus::Merged, Some(a)));
    let entries = store.listed_entries().await.unwrap();
    assert_eq!(entries.len(), 2);
    let phone_entry = entries.iter().find(|e| e.kind == EntryKind::Phone).unwrap();
    assert_eq!(phone_entry.reports, 2);
    // Not into a merged or rejected report.
    assert!(matches!(
        store.merge_report(d, b, officer).await,
        Err(ModerationError::Transition { .. })
    ));

    // Reject needs a reason.
    assert!(matches!(
        store.reject_report(c, " ", officer).await,
        Err(ModerationError::ReasonRequired)
    ));
    store.reject_report(c, "trang của ngân hàng thật", officer).await.unwrap();
    let got = store.report(c).await.unwrap().unwrap();
    assert_eq!(got.status, ReportStatus::Rejected);
    assert_eq!(got.decision_reason.as_deref(), Some("trang của ngân hàng thật"));
    assert!(matches!(
        store.merge_report(d, c, officer).await,
        Err(ModerationError::Transition { .. })
    ));

    // Accepting a second report naming a listed key adds no second entry.
    let again = store
        .accept_report(d, &[(EntryKind::Account, account.value.clone())], "other", officer)
        .await
        .unwrap();
    assert!(again.is_empty());
    let acc_entry = store.listed_entry(acc_entry.id).await.unwrap().unwrap();
    assert_eq!(acc_entry.reports, 2);
    assert_eq!(store.reports(ReportStatus::Accepted, 10).await.unwrap().len(), 2);

    // Appeals: on live entries only; denied with a reason; granted → delisted.
    assert!(matches!(
        store.submit_appeal(9999, "số của tôi", "").await,
        Err(ModerationError::NotFound)
    ));
    assert!(matches!(
        store.submit_appeal(phone_entry.id, "  ", "").await,
        Err(ModerationError::ReasonRequired)
    ));
    let ap1 = store.submit_appeal(phone_entry.id, "Đây là số của tôi", "0911000111").await.unwrap();
    let ap2 = store.submit_appeal(phone_entry.id, "Xin gỡ", "").await.unwrap();
    assert_eq!(store.appeals(AppealStatus::Pending, 10).await.unwrap().len(), 2);
    assert!(matches!(
        store.decide_appeal(ap2, false, "", officer).await,
        Err(ModerationError::ReasonRequired)
    ));
    assert_eq!(
        store.decide_appeal(ap2, false, "đã xác minh lừa đảo", officer).await.unwrap(),
        AppealStatus::Denied
    );
    assert!(store.listed_entry(phone_entry.id).await.unwrap().unwrap().delisted_at.is_none());
    assert_eq!(store.decide_appeal(ap1, true, "", officer).await.unwrap(), AppealStatus::Granted);
    assert!(matches!(
        store.decide_appeal(ap1, false, "x", officer).await,
        Err(ModerationError::Transition { .. })
    ));
    let gone = store.listed_entry(phone_entry.id).await.unwrap().unwrap();
    assert!(gone.delisted_at.is_some() && gone.delisted_by.as_deref() == Some(officer));
    assert_eq!(store.listed_entries().await.unwrap().len(), 1);
    assert_eq!(store.delisted_entries(10).await.unwrap()[0].id, phone_entry.id);
    assert!(matches!(
        store.submit_appeal(phone_entry.id, "nữa", "").await,
        Err(ModerationError::NotFound)
    ));

    // Direct delisting by an officer, with a reason; then the key can be listed again.
    assert!(matches!(
        store.delist(acc_entry.id, "", officer).await,
        Err(ModerationError::ReasonRequired)
    ));
    store.delist(acc_entry.id, "tài khoản đã bị phong toả", officer).await.unwrap();
    assert!(matches!(
        store.delist(acc_entry.id, "again", officer).await,
        Err(ModerationError::NotFound)
    ));
    assert!(store.listed_entries().await.unwrap().is_empty());
    let e = store.submit_report(&report(vec![phone.clone()])).await.unwrap();
    let relisted = store
        .accept_report(e, &[(EntryKind::Phone, phone.value.clone())], "impersonate_bank", officer)
        .await
        .unwrap();
    assert_eq!(relisted.len(), 1);
    assert_ne!(relisted[0].id, phone_entry.id, "a new entry, the old one kept as history");

    // Two officers deciding the same report at once: exactly one decision lands.
    let f = store.submit_report(&report(vec![domain.clone()])).await.unwrap();
    let key = [(EntryKind::Domain, domain.value.clone())];
    let (x, y) = tokio::join!(
        store.accept_report(f, &key, "impersonate_bank", "user:a"),
        store.reject_report(f, "không phải lừa đảo", "user:b"),
    );
    assert!(x.is_ok() != y.is_ok(), "{x:?} {y:?}");
    let got = store.report(f).await.unwrap().unwrap();
    let listed_now = store.listed_entries().await.unwrap();
    if x.is_ok() {
        assert_eq!(got.status, ReportStatus::Accepted);
        assert!(listed_now.iter().any(|e| e.value == domain.value));
    } else {
        assert_eq!(got.status, ReportStatus::Rejected);
        assert!(!listed_now.iter().any(|e| e.value == domain.value));
    }

    // The audit trail of every step, without the reporter's contact or message.
    let acts = actions(store).await;
    for a in [
        "report_submitted",
        "report_accepted",
        "entry_listed",
        "report_merged",
        "report_rejected",
        "appeal_submitted",
        "appeal_denied",
        "appeal_granted",
        "entry_delisted",
    ] {
        assert!(acts.iter().any(|x| x == a), "{a} not audited: {acts:?}");
    }
    let listed_count = 3 + usize::from(x.is_ok());
    assert_eq!(acts.iter().filter(|x| *x == "entry_listed").count(), listed_count);
    assert_eq!(acts.iter().filter(|x| *x == "entry_delisted").count(), 2);
    for entry in store.audit_entries(500).await.unwrap() {
        assert!(!entry.detail.contains("lan@example.vn") && !entry.detail.contains("0911000111"));
        assert!(!entry.detail.contains("Tài khoản của bạn"));
    }
}

#[tokio::test]
async fn sqlite_reports() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&khien_store::sqlite_url(dir.path())).await.unwrap();
    exercise(&store).await;
}

#[tokio::test]
async fn postgres_reports() {
    let Some(url) = khien_store::testing::fresh_postgres().await else { return };
    let store = Store::connect(&url).await.unwrap();
    exercise(&store).await;
}

/// The dashboard's reports by scam type: each named type counted, accepted ones apart, a
/// merged duplicate not counted twice, a report with no type under "".
async fn counts_by_type(store: &Store) {
    let a = store.submit_report(&report(vec![])).await.unwrap();
    let b = store.submit_report(&report(vec![])).await.unwrap();
    let dup = store.submit_report(&report(vec![])).await.unwrap();
    let untyped = NewReport { scam_types: vec![], ..report(vec![]) };
    store.submit_report(&untyped).await.unwrap();
    store.accept_report(a, &[], "impersonate_bank", "user:a").await.unwrap();
    store.merge_report(dup, b, "user:a").await.unwrap();
    let counts = store.report_counts_by_type(0).await.unwrap();
    assert_eq!(
        counts,
        vec![
            ("account_locked".to_string(), 2, 1),
            ("impersonate_bank".to_string(), 2, 1),
            (String::new(), 1, 0),
        ]
    );
    // Nothing since tomorrow.
    let tomorrow = khien_store::now() + 86_400;
    assert!(store.report_counts_by_type(tomorrow).await.unwrap().is_empty());
    // Brands: the merged duplicate is not counted again, a brand named twice counts once.
    let brands = |b: &[&str]| NewReport {
        brands: b.iter().map(|s| s.to_string()).collect(),
        ..report(vec![])
    };
    let v = store.submit_report(&brands(&["Vietcombank", "Vietcombank"])).await.unwrap();
    store.submit_report(&brands(&["Vietcombank", "EVN"])).await.unwrap();
    let d = store.submit_report(&brands(&["EVN"])).await.unwrap();
    store.merge_report(d, v, "user:a").await.unwrap();
    assert_eq!(
        store.report_counts_by_brand(0).await.unwrap(),
        vec![("Vietcombank".to_string(), 2), ("EVN".to_string(), 1)]
    );
    let back = store.report(v).await.unwrap().unwrap();
    assert_eq!(back.fields.brands, vec!["Vietcombank", "Vietcombank"]);
}

#[tokio::test]
async fn sqlite_report_counts_by_type() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&khien_store::sqlite_url(dir.path())).await.unwrap();
    counts_by_type(&store).await;
}

#[tokio::test]
async fn postgres_report_counts_by_type() {
    let Some(url) = khien_store::testing::fresh_postgres().await else { return };
    let store = Store::connect(&url).await.unwrap();
    counts_by_type(&store).await;
}
