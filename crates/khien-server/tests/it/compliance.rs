//! The compliance register over a real server and database (SQLite and PostgreSQL): the
//! incident and request API with their legal deadlines, the officer's pages, the Form 08
//! draft read back, deadlines marked done, and settings that move the clocks.

use crate::common::{App, Caller, start, start_with};
use khien_store::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn post(app: &App, who: &Caller, path: &str, body: &Value) -> (StatusCode, Value) {
    let res = app
        .client
        .post(app.url(path))
        .bearer_auth(who.bearer.as_deref().unwrap_or(""))
        .json(body)
        .send()
        .await
        .unwrap();
    let s = res.status();
    (s, res.json().await.unwrap_or(Value::Null))
}

fn due<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    v["deadlines"].as_array().unwrap().iter().filter(|d| d["rule"] == rule).collect()
}

async fn api(app: &App) {
    let agent = app.token().await;
    // No token, no register.
    let (s, _) = post(app, &Caller::default(), "/api/v1/incidents", &json!({})).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    let (s, v) = post(
        app,
        &agent,
        "/api/v1/incidents",
        &json!({"kind": "personal_data_breach", "discovered_at": "2026-12-04T15:15:00Z",
                "data_categories": ["biometric"], "data_kinds": {"national_id": 12500}}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert!(v["reference"].as_str().unwrap().starts_with("SC-2026-"), "{v}");
    assert_eq!(v["discovered_at"], "2026-12-04T22:15:00+07:00");
    let authority = due(&v, "pdp.breach.authority");
    assert_eq!(authority.len(), 1);
    assert_eq!(authority[0]["due_at"], "2026-12-07T22:15:00+07:00");
    assert_eq!(authority[0]["recipient"], "pdp_authority");
    assert_eq!(authority[0]["form"], "form08");
    assert!(authority[0]["recipient_name"].as_str().unwrap().contains("Bộ Công an"));
    assert_eq!(
        due(&v, "pdp.breach.subjects.location_biometric")[0]["due_at"],
        "2026-12-07T22:15:00+07:00"
    );
    assert!(v["rule_pack"].as_str().unwrap().starts_with("vn-agency "));

    let (s, v) = post(
        app,
        &agent,
        "/api/v1/incidents",
        &json!({"kind": "cyber_incident", "discovered_at": "2026-12-04T22:15:00+07:00"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(
        v["deadlines"].as_array().unwrap().len(),
        3,
        "owner, coordinator, response units: {v}"
    );
    assert!(
        v["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["due_at"] == "2026-12-09T23:59:59+07:00")
    );

    for (body, field) in [
        (json!({"kind": "flood", "discovered_at": "2026-12-04T22:15:00+07:00"}), "kind"),
        (json!({"kind": "cyber_incident", "discovered_at": "yesterday"}), "discovered_at"),
        (
            json!({"kind": "cyber_incident", "discovered_at": "2026-12-04T22:15:00+07:00", "colour": 1}),
            "colour",
        ),
        (
            json!({"kind": "personal_data_breach", "discovered_at": "2026-12-04T22:15:00+07:00", "data_categories": ["dna"]}),
            "data",
        ),
    ] {
        let (s, v) = post(app, &agent, "/api/v1/incidents", &body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(v["error"].as_str().unwrap().contains(field), "{field}: {v}");
    }

    // A request received on the Friday before Tết: acknowledged after the nine days off.
    let (s, v) = post(
        app,
        &agent,
        "/api/v1/requests",
        &json!({"type": "provide", "received_at": "2026-02-13T10:00:00+07:00"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert!(v["reference"].as_str().unwrap().starts_with("YC-"));
    assert_eq!(due(&v, "pdp.dsr.ack")[0]["due_at"], "2026-02-24T23:59:59+07:00");
    assert_eq!(due(&v, "pdp.dsr.view_correct_provide")[0]["due_at"], "2026-02-23T23:59:59+07:00");
    assert_eq!(v["inventory_hits"], json!([]));
    let (s, v) = post(
        app,
        &agent,
        "/api/v1/requests",
        &json!({"type": "forget", "received_at": "2026-02-13T10:00:00+07:00"}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["error"].as_str().unwrap().starts_with("type:"), "{v}");

    // Where the person's data lives: an agent reported a file holding the phone number.
    let phone_fp = khien_scan::controls::fingerprint("0912345678");
    let batch = json!({
        "scan_id": "s-dsr", "host": "pc-motcua", "root": "/srv/hoso", "started_at": 1_796_000_000, "seq": 0,
        "files": [
            {"path": "/srv/hoso/danh-sach.xlsx", "kinds": [{"kind": "phone", "sensitivity": "basic", "legal": [], "count": 1, "fingerprints": [phone_fp]}]},
            {"path": "/srv/hoso/khac.txt", "kinds": [{"kind": "phone", "sensitivity": "basic", "legal": [], "count": 1, "fingerprints": ["00000000000000ff"]}]}
        ]
    });
    let (s, _) = post(app, &agent, "/api/v1/inventory/batches", &batch).await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = post(
        app,
        &agent,
        "/api/v1/requests",
        &json!({"type": "delete", "received_at": "2026-10-01T09:00:00+07:00", "with_processor": true,
                "identifiers": ["0912 345 678", "001099012345"]}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(due(&v, "pdp.dsr.delete")[0]["due_at"], "2026-11-02T23:59:59+07:00");
    assert_eq!(
        v["inventory_hits"],
        json!([{"host": "pc-motcua", "root": "/srv/hoso", "path": "/srv/hoso/danh-sach.xlsx", "kind": "phone", "sensitivity": "basic"}])
    );
    // The identifiers are not in the database in clear.
    let id = v["id"].as_i64().unwrap();
    let stored = app.store.request(id).await.unwrap().unwrap();
    assert!(stored.fingerprints.contains(&phone_fp));
    assert!(
        !format!("{stored:?}").contains("0912345678")
            && !format!("{stored:?}").contains("001099012345")
    );

    let (s, rules) = app
        .client
        .get(app.url("/api/v1/compliance/rules"))
        .bearer_auth(agent.bearer.as_deref().unwrap())
        .send()
        .await
        .map(|r| (r.status(), r))
        .unwrap();
    assert_eq!(s, StatusCode::OK);
    let rules: Value = rules.json().await.unwrap();
    assert_eq!(rules["source"], "embedded");
    assert_eq!(rules["switches"]["days_are_calendar_days"], true);
}

async fn pages(app: &App) {
    let mut staff = app.user("nhanvien", Role::Staff).await;
    let (s, _) = app.get(&mut staff, "/compliance").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let mut officer = app.user("canbo", Role::Officer).await;
    let (s, page) = app.get(&mut officer, "/compliance").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("vn-agency") && page.contains("Ghi nhận sự cố"), "{page}");

    // An agent reported the folder the breach touched: its kinds and counts go into the notice.
    let agent = app.token().await;
    let batch = json!({
        "scan_id": "s-breach", "host": "pc-motcua", "root": "/srv/bi-lo", "started_at": 1_796_000_000, "seq": 0,
        "files": [{"path": "/srv/bi-lo/ds.xlsx", "kinds": [{"kind": "national_id", "sensitivity": "basic", "legal": [], "count": 12500, "fingerprints": []}]}]
    });
    let (s, _) = post(app, &agent, "/api/v1/inventory/batches", &batch).await;
    assert_eq!(s, StatusCode::OK);
    let (_, page) = app.get(&mut officer, "/compliance").await;
    assert!(page.contains("value=\"pc-motcua|/srv/bi-lo\""), "{page}");

    // Record a breach of location data through the form.
    let csrf = officer.csrf.clone();
    let res = app
        .client
        .post(app.url("/compliance/incidents"))
        .header("cookie", officer.header())
        .body(format!(
            "csrf={csrf}&kind=personal_data_breach&title=L%E1%BB%99+danh+s%C3%A1ch&discovered_at=2026-12-04T22%3A15&data=location&data=financial&folder=pc-motcua%7C%2Fsrv%2Fbi-lo&place=M%C3%A1y+ch%E1%BB%A7+m%E1%BB%99t+c%E1%BB%ADa"
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let detail = res.headers()["location"].to_str().unwrap().to_string();
    assert!(detail.starts_with("/compliance/incidents/"));
    let (s, page) = app.get(&mut officer, &detail).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("22:15 ngày 07/12/2026"), "the 72-hour deadline: {page}");
    assert!(page.contains("Mẫu số 08") && page.contains("Máy chủ một cửa"));
    assert!(page.contains("chủ thể dữ liệu bị ảnh hưởng"), "location data adds the subject notice");

    // The DOCX draft reads back with its sections.
    let res = app
        .client
        .get(app.url(&format!("{detail}/form08.docx")))
        .header("cookie", officer.header())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    let doc =
        khien_extract::extract("mau-08.docx", &bytes, &khien_extract::Limits::default()).unwrap();
    let text: String = doc.segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n");
    assert!(text.contains("THÔNG BÁO VI PHẠM QUY ĐỊNH VỀ BẢO VỆ DỮ LIỆU CÁ NHÂN"), "{text}");
    assert!(text.contains("Dữ liệu vị trí") && text.contains("Máy chủ một cửa"), "{text}");
    assert!(text.contains("(dữ liệu cá nhân cơ bản): 12.500 giá trị"), "the scan's count: {text}");

    // And the PDF to print, with the same Vietnamese text in its text layer.
    let res = app
        .client
        .get(app.url(&format!("{detail}/form08.pdf")))
        .header("cookie", officer.header())
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let bytes = res.bytes().await.unwrap();
    let pdf =
        khien_extract::extract("mau-08.pdf", &bytes, &khien_extract::Limits::default()).unwrap();
    let pdf_text: String =
        pdf.segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ");
    let pdf_text = pdf_text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        pdf_text.contains("THÔNG BÁO VI PHẠM QUY ĐỊNH VỀ BẢO VỆ DỮ LIỆU CÁ NHÂN")
            && pdf_text.contains("Máy chủ một cửa"),
        "{pdf_text}"
    );

    // Mark the notice to the authority as sent.
    let csrf = officer.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut officer,
            &format!("{detail}/done"),
            &[("csrf", &csrf), ("rule", "pdp.breach.authority"), ("recipient", "pdp_authority")],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, page) = app.get(&mut officer, &detail).await;
    assert!(page.contains("đã thực hiện (done)") && page.contains("canbo"), "{page}");
    let (s, _) = app
        .post_form(
            &mut officer,
            &format!("{detail}/done"),
            &[("csrf", "forged"), ("rule", "x"), ("recipient", "y")],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // A request through the form; the identifiers do not come back in the page.
    let csrf = officer.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut officer,
            "/compliance/requests",
            &[
                ("csrf", &csrf),
                ("type", "view"),
                ("received_at", "2026-12-07T09:00"),
                ("identifiers", "0988777666\n"),
                ("note", "qua bưu điện"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let requests = app.store.requests().await.unwrap();
    let req = requests.iter().find(|r| r.note == "qua bưu điện").unwrap();
    let path = format!("/compliance/requests/{}", req.id);
    let (_, page) = app.get(&mut officer, &path).await;
    assert!(page.contains("23:59 ngày 09/12/2026"), "ack in 2 working days: {page}");
    assert!(!page.contains("0988777666"));

    // Officers read the settings but only administrators change them.
    let (s, _) = app.get(&mut officer, "/compliance/settings").await;
    assert_eq!(s, StatusCode::OK);
    let csrf = officer.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut officer,
            "/compliance/settings",
            &[("csrf", &csrf), ("calendar", "weekend = [6, 7]\nyears = []\n")],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    let mut admin = app.user("quantri", Role::Administrator).await;
    let (_, page) = app.get(&mut admin, "/compliance/settings").await;
    assert!(page.contains("Tết Nguyên đán"));
    // A bad calendar is refused and nothing changes.
    let csrf = admin.csrf.clone();
    let (s, page) = app
        .post_form(
            &mut admin,
            "/compliance/settings",
            &[("csrf", &csrf), ("calendar", "weekend = [9]\nyears = []\n")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("ISO weekday"), "{page}");
    assert_eq!(app.store.comply_setting("calendar").await.unwrap(), None);
    // A day off on Tuesday 8 December moves the acknowledgement to Thursday 10.
    let calendar = format!(
        "{}\n[[holiday]]\ndate = \"2026-12-08\"\nname = \"Nghỉ bù theo quyết định của tỉnh\"\n",
        khien_comply::WorkingCalendar::EMBEDDED_TOML
    );
    let csrf = admin.csrf.clone();
    let (s, page) = app
        .post_form(
            &mut admin,
            "/compliance/settings",
            &[
                ("csrf", &csrf),
                ("name", "Sở Công Thương"),
                ("place", "Thái Nguyên"),
                ("calendar", &calendar),
                ("switch.roll_to_working_day", "1"),
                ("switch.days_are_calendar_days", "1"),
                ("switch.bank_account_is_sensitive", "1"),
                ("recipient.pdp_authority", "Cục A05, Bộ Công an"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let (_, page) = app.get(&mut officer, &path).await;
    assert!(page.contains("23:59 ngày 10/12/2026"), "the new holiday moves the clock: {page}");
    let (_, page) = app.get(&mut officer, &detail).await;
    assert!(page.contains("Cục A05, Bộ Công an") && page.contains("Thái Nguyên, ngày"), "{page}");

    // The dashboard counts what is pending, and the audit log kept who did what.
    let (s, csv) = app.get(&mut officer, "/dashboard.csv").await;
    assert_eq!(s, StatusCode::OK);
    assert!(csv.contains("compliance,pending_deadlines,"), "{csv}");
    let audit: Vec<String> =
        app.store.audit_entries(200).await.unwrap().into_iter().map(|e| e.action).collect();
    for a in [
        "incident_recorded",
        "form08_exported",
        "deadline_done",
        "subject_request_recorded",
        "compliance_settings_saved",
    ] {
        assert!(audit.iter().any(|x| x == a), "{a} in {audit:?}");
    }
}

async fn registers(app: &App) {
    let mut officer = app.user("baove", Role::Officer).await;
    // A system with no approved dossier is overdue against Directive 09's date.
    let csrf = officer.csrf.clone();
    let system = [
        ("csrf", csrf.as_str()),
        ("id", "0"),
        ("name", "Cổng dịch vụ công tỉnh"),
        ("owner", "Sở Công Thương"),
        ("responsible", "Trần Thị Bình"),
        ("level", "3"),
        ("dossier_status", "drafting"),
        ("protection_plan", "partial"),
        ("approved_at", ""),
        ("next_review", "2026-01-15"),
    ];
    let (s, _) = app.post_form(&mut officer, "/compliance/systems", &system).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, page) = app.get(&mut officer, "/compliance/systems").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("Hồ sơ đề xuất cấp độ của mọi hệ thống") && page.contains("30/09/2024"),
        "{page}"
    );
    assert!(page.contains("Trần Thị Bình") && page.contains("15/01/2026"), "{page}");
    let csrf = officer.csrf.clone();
    let mut again = system;
    again[0] = ("csrf", csrf.as_str());
    let (s, page) = app.post_form(&mut officer, "/compliance/systems", &again).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("name: another system has this name"), "{page}");
    let sys_id = app.store.systems().await.unwrap()[0].id.to_string();

    // The inventory of a folder suggests the kinds of data of the activity that uses it.
    let agent = app.token().await;
    let batch = json!({
        "scan_id": "s-reg", "host": "pc-motcua", "root": "/srv/ho-so-y-te", "started_at": 1_796_000_000, "seq": 0,
        "files": [{"path": "/srv/ho-so-y-te/a.docx", "kinds": [
            {"kind": "national_id", "sensitivity": "basic", "legal": [], "count": 4, "fingerprints": []},
            {"kind": "health", "sensitivity": "sensitive", "legal": [], "count": 2, "fingerprints": []}]}]
    });
    let (s, _) = post(app, &agent, "/api/v1/inventory/batches", &batch).await;
    assert_eq!(s, StatusCode::OK);
    let csrf = officer.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut officer,
            "/compliance/activities",
            &[
                ("csrf", &csrf),
                ("id", "0"),
                ("name", "Tiếp nhận hồ sơ hỗ trợ y tế"),
                ("system_id", &sys_id),
                ("responsible", "Lê Văn Cường"),
                ("purpose", "Giải quyết hồ sơ"),
                ("cross_border", "Singapore"),
                ("source", "pc-motcua|/srv/ho-so-y-te"),
                ("started_at", "2026-07-01"),
                ("transfer_started_at", "2026-07-01"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let act = app.store.activities().await.unwrap().pop().unwrap();
    let path = format!("/compliance/activities/{}", act.id);
    let (_, page) = app.get(&mut officer, &path).await;
    assert!(page.contains("value=\"health\" checked"), "suggested by the scan: {page}");
    assert!(page.contains("23:59 ngày 31/08/2026"), "60 days, the Sunday moved to Monday: {page}");
    // The officer confirms what the scan suggested.
    let csrf = officer.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut officer,
            &format!("{path}/confirm"),
            &[("csrf", &csrf), ("category", "health"), ("category", "national_id")],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let act = app.store.activity(act.id).await.unwrap().unwrap();
    assert_eq!(act.confirmed_by, "user:baove");
    assert_eq!(act.categories, vec!["health".to_string(), "national_id".to_string()]);

    // The dossiers are pre-filled from the register.
    for (doc, want) in [
        ("dpia.docx", "HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG XỬ LÝ"),
        ("crossborder.docx", "Nơi nhận ở nước ngoài: Singapore"),
        ("dpia.pdf", "HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG XỬ LÝ"),
        ("crossborder.pdf", "Nơi nhận ở nước ngoài: Singapore"),
    ] {
        let res = app
            .client
            .get(app.url(&format!("{path}/{doc}")))
            .header("cookie", officer.header())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{doc}");
        let bytes = res.bytes().await.unwrap();
        let text: String = khien_extract::extract(doc, &bytes, &khien_extract::Limits::default())
            .unwrap()
            .segments
            .iter()
            .map(|s| s.text.clone())
            .collect::<Vec<_>>()
            .join("\n");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains(want) && text.contains("Cổng dịch vụ công tỉnh, cấp độ 3"),
            "{doc}: {text}"
        );
        assert!(text.contains("(dữ liệu cá nhân nhạy cảm)"), "{text}");
    }

    // The head of the agency sees the percentages and who answers for what is overdue.
    let (s, page) = app.get(&mut officer, "/compliance/overview").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("0 / 1") && page.contains("1 / 1"), "{page}");
    assert!(page.contains("Trần Thị Bình") && page.contains("Lê Văn Cường"), "{page}");
    assert!(page.contains("<svg"), "the trend chart");
    let mut staff = app.user("xem", Role::Staff).await;
    let (s, _) = app.get(&mut staff, "/compliance/overview").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn compliance_sqlite() {
    let app = start().await;
    api(&app).await;
    pages(&app).await;
    registers(&app).await;
}

#[tokio::test]
async fn compliance_postgres() {
    let Some(url) = khien_store::testing::fresh_postgres().await else { return };
    let app = start_with(|c| c.database_url = Some(url)).await;
    api(&app).await;
    pages(&app).await;
    registers(&app).await;
}

#[tokio::test]
async fn the_api_is_documented() {
    let app = start().await;
    let doc: Value =
        app.client.get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    for path in ["/api/v1/incidents", "/api/v1/requests", "/api/v1/compliance/rules"] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
}
