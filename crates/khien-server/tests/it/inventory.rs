//! The inventory API, pages and dashboard over a real server and database (SQLite and
//! PostgreSQL), with a real HTTP client.

use crate::common::{App, Caller, start, start_with};
use khien_store::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

const FP: &str = "0123456789abcdef";

fn batch(scan: &str, seq: i64, files: &[(&str, &str, &str, i64)]) -> Value {
    json!({
        "scan_id": scan, "host": "pc-ketoan", "root": "/srv/hoso", "started_at": 1_796_000_000,
        "seq": seq,
        "files": files.iter().map(|(path, kind, sens, n)| json!({
            "path": path,
            "kinds": [{"kind": kind, "sensitivity": sens, "legal": ["Decree 356/2025 Art. 3"],
                       "count": n, "fingerprints": [FP]}]
        })).collect::<Vec<_>>()
    })
}

fn complete(scan: &str, batches: i64) -> Value {
    json!({"scan_id": scan, "host": "pc-ketoan", "root": "/srv/hoso", "started_at": 1_796_000_000,
           "batches": batches, "files_scanned": 10})
}

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

async fn exercise(app: &App) {
    let agent = app.token().await;
    let b0 = batch(
        "s1",
        0,
        &[
            ("/srv/hoso/2024/a.csv", "phone", "basic", 3),
            ("/srv/hoso/2024/b.txt", "health", "sensitive", 1),
        ],
    );
    let (s, v) = post(app, &agent, "/api/v1/inventory/batches", &b0).await;
    assert_eq!((s, v["outcome"].as_str()), (StatusCode::OK, Some("stored")));
    let (s, v) = post(app, &agent, "/api/v1/inventory/batches", &b0).await;
    assert_eq!((s, v["outcome"].as_str()), (StatusCode::OK, Some("duplicate")));
    let (s, v) = post(app, &agent, "/api/v1/inventory/complete", &complete("s1", 2)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v, json!({"complete": false, "missing": [1]}));
    let b1 = batch("s1", 1, &[("/srv/hoso/c.txt", "national_id", "basic", 2)]);
    assert_eq!(post(app, &agent, "/api/v1/inventory/batches", &b1).await.0, StatusCode::OK);
    let (_, v) = post(app, &agent, "/api/v1/inventory/complete", &complete("s1", 2)).await;
    assert_eq!(v, json!({"complete": true, "missing": []}));

    // Refusals: a value where a fingerprint goes, unknown fields, a foreign host.
    let mut bad = batch("s9", 0, &[("x", "phone", "basic", 1)]);
    bad["files"][0]["kinds"][0]["fingerprints"] = json!(["0912345678"]);
    assert_eq!(
        post(app, &agent, "/api/v1/inventory/batches", &bad).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let mut bad = batch("s9", 0, &[("x", "phone", "basic", 1)]);
    bad["files"][0]["kinds"][0]["value"] = json!("0912345678");
    assert_eq!(
        post(app, &agent, "/api/v1/inventory/batches", &bad).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let mut other = batch("s1", 1, &[]);
    other["host"] = json!("pc-other");
    assert_eq!(
        post(app, &agent, "/api/v1/inventory/batches", &other).await.0,
        StatusCode::CONFLICT
    );

    // Totals through the API, with the token and with an officer's session.
    let res = app
        .client
        .get(app.url("/api/v1/inventory"))
        .bearer_auth(agent.bearer.as_deref().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        (v["hosts"].as_i64(), v["files"].as_i64(), v["findings"].as_i64()),
        (Some(1), Some(3), Some(6))
    );
    assert_eq!(v["by_sensitivity"], json!({"basic": 5, "sensitive": 1}));
    assert_eq!(v["by_host"][0]["host"], "pc-ketoan");
    assert_eq!(v["by_host"][0]["complete"], true);
    let phone = v["by_kind"].as_array().unwrap().iter().find(|k| k["kind"] == "phone").unwrap();
    assert_eq!((phone["files"].as_i64(), phone["findings"].as_i64()), (Some(1), Some(3)));
    let res = app
        .client
        .get(app.url("/api/v1/inventory"))
        .bearer_auth("khien_wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    let mut officer = app.user("officer1", Role::Officer).await;
    let (s, body) = app.get(&mut officer, "/api/v1/inventory").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["findings"], 6);

    // A second scan: one file cleaned, one new, one changed.
    let b = batch(
        "s2",
        0,
        &[
            ("/srv/hoso/2024/a.csv", "phone", "basic", 5),
            ("/srv/hoso/new.txt", "email", "basic", 1),
        ],
    );
    assert_eq!(post(app, &agent, "/api/v1/inventory/batches", &b).await.0, StatusCode::OK);
    assert_eq!(
        post(app, &agent, "/api/v1/inventory/complete", &complete("s2", 1)).await.1["complete"],
        true
    );

    // The pages: where personal data lives, and what changed.
    let (s, page) = app.get(&mut officer, "/inventory").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("pc-ketoan") && page.contains("/srv/hoso") && page.contains("<svg"),
        "{page}"
    );
    assert!(!page.contains("0912345678"));
    let at = page.find("/inventory/scans/").unwrap() + 17;
    let id: String = page[at..].chars().take_while(char::is_ascii_digit).collect();
    let (s, scan) = app.get(&mut officer, &format!("/inventory/scans/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(scan.contains("/srv/hoso/2024"), "folders: {scan}");
    assert!(
        scan.contains("Tệp mới có dữ liệu cá nhân (new files with personal data): 1"),
        "{scan}"
    );
    assert!(scan.contains("/srv/hoso/new.txt"));
    assert!(
        scan.contains("files no longer holding personal data: cleaned, moved or deleted): 2"),
        "{scan}"
    );
    assert!(scan.contains("Tệp thay đổi số lượng (files whose counts changed): 1"), "{scan}");
    let (s, _) = app.get(&mut officer, "/inventory/scans/not-a-number").await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Dashboard, CSV, print.
    app.store.record_upload("user:lan", "documents", 4, 1000, 9).await.unwrap();
    let (_, before) = app.get(&mut officer, "/dashboard").await;
    assert!(before.contains("Chưa có báo cáo nào (no reports yet)"), "{before}");
    let scam = khien_store::reports::NewReport {
        channel: "sms".into(),
        message: "Tài khoản của bạn bị khoá".into(),
        verdict: "dangerous".into(),
        score: 90,
        scam_types: vec!["impersonate_bank".into()],
        brands: vec!["Vietcombank".into()],
        ..Default::default()
    };
    app.store.submit_report(&scam).await.unwrap();
    let (s, dash) = app.get(&mut officer, "/dashboard").await;
    assert_eq!(s, StatusCode::OK);
    assert!(!dash.contains("Chưa có báo cáo nào"), "{dash}");
    assert!(dash.contains("most impersonated brands") && dash.contains("Vietcombank"), "{dash}");
    assert!(dash.contains("training this year"), "{dash}");
    assert!(dash.contains("<svg") && dash.contains("role=\"img\""));
    assert!(dash.contains("pc-ketoan"));
    assert!(dash.contains("scam reports by type"));
    assert!(!dash.contains("<script"));
    let res = app
        .client
        .get(app.url("/dashboard.csv"))
        .header("cookie", officer.header())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    let csv = res.text().await.unwrap();
    assert!(csv.starts_with("section,item,value\n"), "{csv}");
    assert!(csv.contains("coverage,hosts,1\n"), "{csv}");
    // The current inventory is the second scan: a.csv (phone 5) and new.txt (email 1).
    assert!(csv.contains("findings_by_kind,phone,5\n"), "{csv}");
    assert!(csv.contains("findings_by_kind,email,1\n"), "{csv}");
    assert!(csv.contains("uploaded_files_by_month,"), "{csv}");
    let reported = csv.lines().find(|l| l.starts_with("scam_reports_by_type,")).expect("{csv}");
    assert!(reported.ends_with(",1"), "{csv}");
    assert!(csv.contains("accepted_scam_reports_by_type,"), "{csv}");
    assert!(csv.contains("scam_reports_by_imitated_brand,Vietcombank,1\n"), "{csv}");
    let (s, print) = app.get(&mut officer, "/dashboard/print").await;
    assert_eq!(s, StatusCode::OK);
    assert!(print.contains("@media print") && print.contains("<svg"));
}

#[tokio::test]
async fn inventory_sqlite() {
    exercise(&start().await).await;
}

#[tokio::test]
async fn inventory_postgres() {
    let Some(url) = khien_store::testing::fresh_postgres().await else { return };
    exercise(&start_with(|c| c.database_url = Some(url)).await).await;
}

#[tokio::test]
async fn batches_are_capped_and_documented() {
    let app = start().await;
    let agent = app.token().await;
    // Over the batch cap: 413, nothing stored.
    let files: Vec<Value> = (0..60_000)
        .map(|i| json!({"path": format!("/srv/{i:06}/a-long-file-name-for-the-cap.txt"), "kinds": [{"kind": "phone", "sensitivity": "basic", "legal": [], "count": 1, "fingerprints": [FP, FP, FP]}]}))
        .collect();
    let body = json!({"scan_id": "big", "host": "h", "root": "/", "started_at": 0, "seq": 0, "files": files});
    assert!(serde_json::to_vec(&body).unwrap().len() > khien_server::inventory::MAX_BATCH_BYTES);
    let (s, _) = post(&app, &agent, "/api/v1/inventory/batches", &body).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(app.store.inventory_scans().await.unwrap().is_empty());
    let (s, _) = post(&app, &agent, "/api/v1/inventory/batches", &json!({"scan_id": "x"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // The OpenAPI document lists the inventory routes.
    let doc: Value =
        app.client.get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    for p in ["/api/v1/inventory", "/api/v1/inventory/batches", "/api/v1/inventory/complete"] {
        assert!(doc["paths"][p].is_object(), "{p} missing from the OpenAPI document");
    }
    assert!(doc["components"]["schemas"]["BatchRequest"].is_object());
}
