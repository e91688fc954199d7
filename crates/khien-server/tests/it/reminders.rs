//! Reminders of compliance deadlines by mail, through a real SMTP server (mailin-embedded on
//! 127.0.0.1): a deadline inside the notice period is reminded once, a missed one is escalated
//! once, a met one is left alone, and the mails carry references and dates, never personal data.

use std::net::TcpListener;
use std::time::Duration;

use crate::common::{App, smtp_server, start_with, wait_for};
use serde_json::json;

/// A quoted-printable or base64 body decoded enough to search it: lettre picks the encoding.
fn readable(raw: &str) -> String {
    let msg =
        khien_extract::extract("m.eml", raw.as_bytes(), &khien_extract::Limits::default()).unwrap();
    msg.segments.iter().map(|s| s.text.clone()).collect::<Vec<_>>().join("\n")
}

async fn configure(app: &App, port: u16) {
    let mail = json!({"host": "127.0.0.1", "port": port, "security": "none", "from": "Khiên <khien@so.gov.vn>"});
    app.store.set_comply_setting("mail", &mail.to_string(), "test").await.unwrap();
    let agency = json!({"name": "Sở Công Thương", "reminder_to": "vanthu@so.gov.vn", "escalate_to": "giamdoc@so.gov.vn", "remind_before_hours": 24});
    app.store.set_comply_setting("agency", &agency.to_string(), "test").await.unwrap();
}

#[tokio::test]
async fn deadlines_are_reminded_and_escalated_once_by_mail() {
    let (port, inbox) = smtp_server();
    let app = start_with(|c| c.reminder_every = Duration::from_millis(300)).await;
    configure(&app, port).await;
    let agent = app.token().await;
    let now = chrono::DateTime::from_timestamp(khien_store::now(), 0).unwrap();
    let post = |body: serde_json::Value| {
        let req = app
            .client
            .post(app.url("/api/v1/incidents"))
            .bearer_auth(agent.bearer.clone().unwrap())
            .json(&body);
        async move {
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), reqwest::StatusCode::CREATED);
            res.json::<serde_json::Value>().await.unwrap()
        }
    };
    // Due in two hours: inside the 24-hour notice. Missed an hour ago: escalated. Due in
    // three days: nothing yet.
    let soon = post(json!({"kind": "personal_data_breach", "discovered_at": (now - chrono::Duration::hours(70)).to_rfc3339(),
                           "title": "Lộ danh sách Nguyễn Văn An 0912345678"}))
    .await;
    let late = post(json!({"kind": "personal_data_breach", "discovered_at": (now - chrono::Duration::hours(73)).to_rfc3339()})).await;
    let _later =
        post(json!({"kind": "personal_data_breach", "discovered_at": now.to_rfc3339()})).await;

    // A processing activity that started a hundred days ago and never filed its impact
    // assessment (60 days): escalated too.
    let activity = khien_store::registers::Activity {
        name: "Tiếp nhận hồ sơ một cửa".into(),
        started_at: Some(khien_store::now() - 100 * 86_400),
        ..Default::default()
    };
    app.store.save_activity(&activity, "test").await.unwrap();

    // Two rules per breach (notice to the authority, the written record): 2 reminders + 2
    // escalations; and the activity's escalation.
    let mails = wait_for(&inbox, 5).await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let mails_after = inbox.lock().unwrap().clone();
    assert_eq!(mails_after.len(), 5, "each deadline once per stage: {mails_after:#?}");
    let soon_ref = soon["reference"].as_str().unwrap();
    let late_ref = late["reference"].as_str().unwrap();
    let (mut reminded, mut escalated) = (0, 0);
    for (to, raw) in &mails {
        let text = readable(raw);
        assert!(
            !text.contains("Nguyễn Văn An") && !text.contains("0912345678"),
            "no personal data: {text}"
        );
        if to.iter().any(|t| t == "vanthu@so.gov.vn") {
            reminded += 1;
            assert!(
                text.contains(soon_ref)
                    && text.contains("Sắp đến hạn")
                    && (text.contains("còn 1 giờ 59 phút") || text.contains("còn 2 giờ 0 phút")),
                "{text}"
            );
        } else {
            assert_eq!(to, &vec!["giamdoc@so.gov.vn".to_string()]);
            escalated += 1;
            assert!(
                (text.contains(late_ref) || text.contains("XL-0001")) && text.contains("QUÁ HẠN"),
                "{text}"
            );
        }
    }
    assert_eq!((reminded, escalated), (2, 3));
    let audit: Vec<String> =
        app.store.audit_entries(100).await.unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(audit.iter().filter(|a| *a == "reminder_sent").count(), 5);
}

#[tokio::test]
async fn a_mail_server_that_refuses_leaves_the_reminder_to_retry() {
    // Nothing listens on this port: the send fails, the claim is released, the audit log says
    // so, and the next round tries again (a breach due in an hour).
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = start_with(|c| c.reminder_every = Duration::from_millis(300)).await;
    configure(&app, port).await;
    let agent = app.token().await;
    let when = (chrono::DateTime::from_timestamp(khien_store::now(), 0).unwrap()
        - chrono::Duration::hours(71))
    .to_rfc3339();
    let res = app
        .client
        .post(app.url("/api/v1/incidents"))
        .bearer_auth(agent.bearer.clone().unwrap())
        .json(&json!({"kind": "personal_data_breach", "discovered_at": when}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::CREATED);
    let mut failed = 0;
    for _ in 0..100 {
        let audit = app.store.audit_entries(100).await.unwrap();
        failed = audit.iter().filter(|e| e.action == "reminder_failed").count();
        if failed >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(failed >= 2, "the failure is logged and tried again");
    // Between rounds the claim is free again (a round holds it only while it tries to send).
    let mut released = false;
    for _ in 0..50 {
        if app
            .store
            .claim_reminder("incident:1", "pdp.breach.authority", "pdp_authority", "before")
            .await
            .unwrap()
        {
            released = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(released, "claim released after the failure");
}
