//! The scam desk end to end over HTTP, on a real server and a real SQLite (and PostgreSQL)
//! database: citizens report (form, API, QR image) → an officer sees the duplicates together,
//! accepts, merges and rejects → the very next check of that number and link is flagged →
//! the published list shows it (never the reporter) → the owner appeals → the officer grants →
//! the next check no longer flags it; every listing and delisting in the audit log.

use crate::common::{App, Caller, post_multipart, qr_png, start, start_with};
use base64::Engine as _;
use khien_store::Role;
use reqwest::StatusCode;

const NUMBER: &str = "0987654321";
const SCAM_TEXT: &str = "Vietcombank thong bao: tai khoan cua quy khach bi khoa. Goi ngay 0987 654 321 hoac xac thuc tai https://vcb-xacthuc.com/login";

async fn check(app: &App, body: serde_json::Value) -> serde_json::Value {
    let res = app.client.post(app.url("/api/v1/check")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

fn blocklisted(report: &serde_json::Value) -> bool {
    report["reasons"].as_array().unwrap().iter().any(|r| r["code"] == "blocklisted")
}

async fn blocklist(app: &App) -> Vec<serde_json::Value> {
    let v: serde_json::Value =
        app.client.get(app.url("/api/v1/blocklist")).send().await.unwrap().json().await.unwrap();
    v["entries"].as_array().unwrap().clone()
}

async fn flow(app: &App) {
    // Before: the number is unknown, the link not on any list.
    let before = check(app, serde_json::json!({"phone": NUMBER})).await;
    assert_eq!(before["verdict"], "unknown");
    assert!(!blocklisted(&check(app, serde_json::json!({"url": "https://vcb-xacthuc.com"})).await));

    // A citizen checks the message and reports it from the result page.
    let mut citizen = Caller::default();
    app.get(&mut citizen, "/").await;
    let csrf = citizen.csrf.clone();
    let (s, page) =
        app.post_form(&mut citizen, "/check", &[("csrf", &csrf), ("text", SCAM_TEXT)]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("action=\"/report\"") && page.contains("Báo cáo lừa đảo"), "{page}");
    let csrf = citizen.csrf.clone();
    let (s, page) = post_multipart(
        app,
        &mut citizen,
        "/report",
        &[
            ("csrf", &csrf),
            ("channel", "sms"),
            ("received_on", "2026-12-01"),
            ("message", SCAM_TEXT),
            ("phone", "0987 654 321"),
            ("money_lost", "5.000.000"),
            ("description", "Tôi đã gọi lại và bị yêu cầu đọc mã OTP"),
            ("contact", "lan.nguyen@example.vn"),
        ],
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let first: i64 =
        page.split("id=\"report-id\">").nth(1).unwrap().split('<').next().unwrap().parse().unwrap();
    assert!(page.contains("NGUY HIỂM"), "the stored verdict is shown: {page}");
    let stored = app.store.report(first).await.unwrap().unwrap();
    assert_eq!(stored.fields.verdict, "dangerous");
    assert_eq!(stored.fields.money_lost, Some(5_000_000));
    // The look-alike link imitates the bank: kept for the dashboard's brands.
    assert_eq!(stored.fields.brands, vec!["Vietcombank"]);
    assert_eq!(stored.fields.contact.as_deref(), Some("lan.nguyen@example.vn"));

    // A second citizen reports the same number through the API, written another way.
    let res = app
        .client
        .post(app.url("/api/v1/reports"))
        .json(&serde_json::json!({"channel": "call", "phone": "+84 987 654 321", "description": "Gọi tự xưng nhân viên ngân hàng"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["status"], "pending");
    let second = v["id"].as_i64().unwrap();
    assert_eq!(app.store.report(second).await.unwrap().unwrap().fields.contact, None);

    // A third sends a payment QR image; the server reads it and judges the payload.
    let payload = khien_judge::build_vietqr(
        "970436",
        "0011001234567",
        Some("2000000"),
        None,
        Some("phi mo khoa"),
    );
    let image = base64::engine::general_purpose::STANDARD.encode(qr_png(&payload));
    let res = app
        .client
        .post(app.url("/api/v1/reports"))
        .json(&serde_json::json!({"channel": "zalo", "qr_image": image, "message": "Chuyen phi mo khoa tai khoan"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let third = res.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
    let r3 = app.store.report(third).await.unwrap().unwrap();
    assert_eq!(r3.fields.qr_payload, payload);
    assert!(r3.entities.iter().any(|e| e.value == "0011001234567"), "{:?}", r3.entities);

    // The officer's queue shows the two reports of the number together; the contact only on
    // the report's own page.
    let mut officer = app.user("tuan", Role::Officer).await;
    let (s, queue) = app.get(&mut officer, "/desk/reports").await;
    assert_eq!(s, StatusCode::OK);
    let group = queue.split("<section class=\"group\">").nth(1).unwrap();
    assert!(
        group.contains(&format!("/desk/reports/{first}?"))
            && group.contains(&format!("/desk/reports/{second}?")),
        "{queue}"
    );
    assert!(group.contains("trùng / duplicate"));
    assert!(!queue.contains("lan.nguyen@example.vn"));
    let (s, detail) = app.get(&mut officer, &format!("/desk/reports/{first}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(detail.contains("lan.nguyen@example.vn"));
    assert!(detail.contains("value=\"phone:0987654321\""), "{detail}");
    assert!(detail.contains("value=\"domain:vcb-xacthuc.com\""), "{detail}");

    // Accept: the number and the domain are listed…
    let csrf = officer.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut officer,
            &format!("/desk/reports/{first}/accept"),
            &[
                ("csrf", &csrf),
                ("key_0", "phone:0987654321"),
                ("key_1", "domain:vcb-xacthuc.com"),
                ("scam_type", "impersonate_bank"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);

    // …and the very next checks flag them, without a restart: API and page alike.
    let after = check(app, serde_json::json!({"phone": "+84987654321"})).await;
    assert_eq!(after["verdict"], "dangerous", "{after}");
    assert!(blocklisted(&after));
    let link = check(app, serde_json::json!({"url": "https://secure.vcb-xacthuc.com/otp"})).await;
    assert!(blocklisted(&link), "{link}");
    assert_eq!(link["verdict"], "dangerous");
    let mut someone = Caller::default();
    app.get(&mut someone, "/").await;
    let csrf = someone.csrf.clone();
    let (_, page) =
        app.post_form(&mut someone, "/check", &[("csrf", &csrf), ("text", NUMBER)]).await;
    assert!(page.contains("NGUY HIỂM") && page.contains("verified reports"), "{page}");

    // Merge the duplicate, reject the third with a reason.
    let csrf = officer.csrf.clone();
    let into = first.to_string();
    let (s, _) = app
        .post_form(
            &mut officer,
            &format!("/desk/reports/{second}/merge"),
            &[("csrf", &csrf), ("into", &into)],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _) = app
        .post_form(&mut officer, &format!("/desk/reports/{third}/reject"), &[("csrf", &csrf)])
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a rejection needs a reason");
    let (s, _) = app
        .post_form(
            &mut officer,
            &format!("/desk/reports/{third}/reject"),
            &[("csrf", &csrf), ("reason", "chưa đủ bằng chứng")],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    // Decided once.
    let (s, _) = app
        .post_form(
            &mut officer,
            &format!("/desk/reports/{third}/accept"),
            &[("csrf", &csrf), ("key_0", "account:0011001234567")],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(!blocklisted(&check(app, serde_json::json!({"account": "0011001234567"})).await));

    // The published list: the number (two reports) and the domain, never the reporter.
    let entries = blocklist(app).await;
    assert_eq!(entries.len(), 2, "{entries:?}");
    let number = entries.iter().find(|e| e["kind"] == "phone").unwrap();
    assert_eq!(number["value"], NUMBER);
    assert_eq!(number["reports"], 2);
    assert_eq!(number["scam_type"], "impersonate_bank");
    let text = serde_json::to_string(&entries).unwrap();
    assert!(!text.contains("lan.nguyen") && !text.contains("OTP") && !text.contains("tuan"));
    let (s, page) = app.get(&mut Caller::default(), "/blocklist").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains(NUMBER) && page.contains("vcb-xacthuc.com"));
    assert!(!page.contains("lan.nguyen@example.vn") && !page.contains("/delist"));
    let (_, page) = app.get(&mut Caller::default(), "/blocklist?lang=en").await;
    assert!(page.contains("Verified scam list") && page.contains("Appeal"));

    // The owner appeals; the officer grants; the number leaves the judge at once.
    let entry = number["id"].as_i64().unwrap();
    let mut owner = Caller::default();
    let (s, page) = app.get(&mut owner, &format!("/appeal?entry={entry}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains(&format!("value=\"{entry}\" selected")), "{page}");
    let csrf = owner.csrf.clone();
    let entry_s = entry.to_string();
    let (s, page) = app
        .post_form(
            &mut owner,
            "/appeal",
            &[
                ("csrf", &csrf),
                ("entry", &entry_s),
                ("explanation", "Số này là của tôi từ năm 2015; tôi bị mạo danh"),
                ("contact", "0911000111"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(page.contains("appeal-received"));
    let (s, page) = app.get(&mut officer, "/desk/appeals").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("tôi bị mạo danh") && page.contains("0911000111"));
    let appeal = app.store.appeals(khien_store::reports::AppealStatus::Pending, 10).await.unwrap();
    let csrf = officer.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut officer,
            &format!("/desk/appeals/{}/grant", appeal[0].id),
            &[("csrf", &csrf), ("reason", "chủ thuê bao đã chứng minh")],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let gone = check(app, serde_json::json!({"phone": NUMBER})).await;
    assert!(!blocklisted(&gone), "{gone}");
    assert_eq!(gone["verdict"], "unknown");
    assert!(blocklisted(&check(app, serde_json::json!({"url": "https://vcb-xacthuc.com"})).await));
    assert_eq!(blocklist(app).await.len(), 1);
    let (_, page) = app.get(&mut Caller::default(), "/blocklist").await;
    assert!(page.contains("Đã gỡ khỏi danh sách") && page.contains(NUMBER));

    // An officer delists the domain directly, with a reason, from the list page.
    let (_, page) = app.get(&mut officer, "/blocklist").await;
    let domain = blocklist(app).await[0]["id"].as_i64().unwrap();
    assert!(page.contains(&format!("/desk/blocklist/{domain}/delist")));
    let csrf = officer.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut officer,
            &format!("/desk/blocklist/{domain}/delist"),
            &[("csrf", &csrf), ("reason", "tên miền đã bị thu hồi")],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(!blocklisted(&check(app, serde_json::json!({"url": "https://vcb-xacthuc.com"})).await));
    assert!(blocklist(app).await.is_empty());

    // The audit trail: every listing and delisting, by whom; no reporter data.
    let audit = app.store.audit_entries(500).await.unwrap();
    let count = |a: &str| audit.iter().filter(|e| e.action == a).count();
    assert_eq!(count("report_submitted"), 3);
    assert_eq!(count("entry_listed"), 2);
    assert_eq!(count("entry_delisted"), 2);
    for a in [
        "report_accepted",
        "report_merged",
        "report_rejected",
        "appeal_submitted",
        "appeal_granted",
    ] {
        assert_eq!(count(a), 1, "{a}");
    }
    assert!(audit.iter().filter(|e| e.action == "entry_listed").all(|e| e.actor == "user:tuan"));
    for e in &audit {
        assert!(!e.detail.contains("lan.nguyen") && !e.detail.contains("0911000111"), "{e:?}");
    }
}

#[tokio::test]
async fn report_moderation_list_appeal_sqlite() {
    let app = start().await;
    flow(&app).await;
}

#[tokio::test]
async fn report_moderation_list_appeal_postgres() {
    let Some(url) = khien_store::testing::fresh_postgres().await else { return };
    let app = start_with(|c| c.database_url = Some(url)).await;
    flow(&app).await;
}

/// At start-up the judge is built with the entries already accepted.
#[tokio::test]
async fn accepted_entries_are_in_force_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        let store = khien_server::open_store(&khien_server::Config::new(&data)).await.unwrap();
        let id = store
            .submit_report(&khien_store::reports::NewReport {
                channel: "sms".into(),
                phone: NUMBER.into(),
                verdict: "unknown".into(),
                entities: vec![khien_store::reports::ReportEntity {
                    kind: khien_store::reports::EntryKind::Phone,
                    value: NUMBER.into(),
                    bank: String::new(),
                }],
                ..Default::default()
            })
            .await
            .unwrap();
        store
            .accept_report(
                id,
                &[(khien_store::reports::EntryKind::Phone, NUMBER.into())],
                "",
                "user:tuan",
            )
            .await
            .unwrap();
        store.close().await;
    }
    let app = start_with(|c| c.data_dir = data.clone()).await;
    let r = check(&app, serde_json::json!({"phone": NUMBER})).await;
    assert!(blocklisted(&r), "{r}");
}

#[tokio::test]
async fn qr_images_on_the_scam_desk() {
    let app = start().await;
    let mut v = Caller::default();
    let (_, home) = app.get(&mut v, "/").await;
    assert!(
        home.contains("action=\"/check/qr\"") && home.contains("enctype=\"multipart/form-data\"")
    );
    let payload = khien_judge::build_vietqr("970436", "0011001234567", Some("50000"), None, None);
    let csrf = v.csrf.clone();
    let (s, page) =
        post_multipart(&app, &mut v, "/check/qr", &[("csrf", &csrf)], Some(qr_png(&payload))).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(page.contains(&payload) && page.contains("class=\"verdict "), "{page}");
    // The result offers the report form with the payload kept.
    assert!(page.contains(&format!("name=\"qr_payload\" value=\"{payload}\"")));
    // A link in a QR code is judged as the link.
    let csrf = v.csrf.clone();
    let (s, page) = post_multipart(
        &app,
        &mut v,
        "/check/qr",
        &[("csrf", &csrf)],
        Some(qr_png("https://thuedientu-gov.vn.xyz/tra-cuu")),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("NGUY HIỂM"), "{page}");
    // Bad images: a clear message in the page's language.
    let csrf = v.csrf.clone();
    let (s, page) = post_multipart(
        &app,
        &mut v,
        "/check/qr",
        &[("csrf", &csrf)],
        Some(b"GIF89a not a png".to_vec()),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("không phải ảnh PNG hoặc JPEG"), "{page}");
    let mut blank = Vec::new();
    image::GrayImage::from_pixel(120, 120, image::Luma([255]))
        .write_to(&mut std::io::Cursor::new(&mut blank), image::ImageFormat::Png)
        .unwrap();
    let csrf = v.csrf.clone();
    let (s, page) =
        post_multipart(&app, &mut v, "/check/qr", &[("csrf", &csrf), ("lang", "en")], Some(blank))
            .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("No QR code found"), "{page}");
    // Without the form token: refused.
    let (s, _) =
        post_multipart(&app, &mut v, "/check/qr", &[("csrf", "x")], Some(qr_png(&payload))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // An image over the body cap: 413.
    let csrf = v.csrf.clone();
    let (s, _) = post_multipart(
        &app,
        &mut v,
        "/check/qr",
        &[("csrf", &csrf)],
        Some(vec![0u8; khien_server_cap() + 1]),
    )
    .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
}

/// The body cap of the report and QR routes (twice the 2 MB image cap).
fn khien_server_cap() -> usize {
    4 << 20
}

#[tokio::test]
async fn reports_are_checked_capped_and_rate_limited() {
    let app = start_with(|c| c.report_per_minute = 3).await;
    let mut v = Caller::default();
    app.get(&mut v, "/report").await;
    // No CSRF token: refused.
    let (s, _) =
        post_multipart(&app, &mut v, "/report", &[("csrf", "nope"), ("message", "x")], None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Nothing reported, a field over its cap, a bad amount: 422 with the form again.
    let csrf = v.csrf.clone();
    let (s, page) =
        post_multipart(&app, &mut v, "/report", &[("csrf", &csrf), ("description", "x")], None)
            .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Hãy cho biết bạn nhận được gì"));
    let long = "a".repeat(20_001);
    let csrf = v.csrf.clone();
    let (s, _) =
        post_multipart(&app, &mut v, "/report", &[("csrf", &csrf), ("message", &long)], None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // The API, on a fresh server: over the body cap, nothing reported, an unknown field —
    // each counted — then the fifth report in a minute is refused.
    let app = start_with(|c| c.report_per_minute = 4).await;
    let post = |body: serde_json::Value| {
        let c = app.client.clone();
        let url = app.url("/api/v1/reports");
        async move { c.post(url).json(&body).send().await.unwrap() }
    };
    let res = app
        .client
        .post(app.url("/api/v1/reports"))
        .header("content-type", "application/json")
        .body(vec![b' '; khien_server_cap() + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let res = post(serde_json::json!({"description": "x"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = res.json().await.unwrap();
    assert!(v["error"].as_str().unwrap().contains("Say what you received"));
    let res = post(serde_json::json!({"phone": NUMBER, "surprise": 1})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "unknown fields are refused");
    let res = post(serde_json::json!({"phone": NUMBER, "qr_image": "bm90IGFuIGltYWdl"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = res.json().await.unwrap();
    assert!(v["error_vi"].as_str().unwrap().contains("PNG"));
    let res = post(serde_json::json!({"phone": NUMBER})).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        app.store
            .reports(khien_store::reports::ReportStatus::Pending, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // The OpenAPI document names the new routes.
    let doc: serde_json::Value =
        app.client.get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    for p in ["/api/v1/reports", "/api/v1/blocklist"] {
        assert!(doc["paths"].get(p).is_some(), "{p} missing");
    }
}

#[tokio::test]
async fn appeals_and_moderation_forms_need_their_tokens() {
    let app = start().await;
    let mut v = Caller::default();
    app.get(&mut v, "/appeal").await;
    let (s, _) = app
        .post_form(&mut v, "/appeal", &[("csrf", "nope"), ("entry", "1"), ("explanation", "x")])
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let anon = v.csrf.clone();
    let mut officer = app.user("tuan", Role::Officer).await;
    for path in [
        "/desk/reports/1/accept",
        "/desk/reports/1/reject",
        "/desk/reports/1/merge",
        "/desk/blocklist/1/delist",
        "/desk/appeals/1/grant",
        "/desk/appeals/1/deny",
    ] {
        let (s, _) = app
            .post_form(&mut officer, path, &[("csrf", &anon), ("reason", "x"), ("into", "2")])
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
    }
}
