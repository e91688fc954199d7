//! HTTP tests against a real server on 127.0.0.1:0 with a real client (reqwest) over a real
//! SQLite database, and the end-to-end flow once more over a real PostgreSQL.

use crate::common::{App, Caller, PASSWORD, sample, start, start_with};
use khien_store::Role;
use reqwest::StatusCode;

/// First run → setup link → first administrator → accounts → staff at the desk → sign out.
async fn end_to_end(app: &App) {
    let link = app.setup_link.clone().expect("a setup link on first run");
    let path = link.split_once(&app.base).unwrap().1.to_string();
    let token = path.split_once("token=").unwrap().1.to_string();
    let mut visitor = Caller::default();
    let (s, body) = app.get(&mut visitor, &path).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    // A weak password is refused.
    let csrf = visitor.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut visitor,
            "/setup",
            &[
                ("csrf", &csrf),
                ("token", &token),
                ("username", "admin"),
                ("password", "password123"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let csrf = visitor.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut visitor,
            "/setup",
            &[("csrf", &csrf), ("token", &token), ("username", "admin"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    // The link works once.
    let (s, _) = app.get(&mut Caller::default(), &path).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let mut admin = app.login("admin", PASSWORD).await;
    let (s, body) = app.get(&mut admin, "/admin/users").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("admin"));
    let csrf = admin.csrf.clone();
    let (s, body) = app
        .post_form(
            &mut admin,
            "/admin/users",
            &[("csrf", &csrf), ("username", "lan"), ("role", "staff"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert!(body.contains("lan"));

    // An API token made on the page works until revoked.
    let csrf = admin.csrf.clone();
    let (s, body) = app
        .post_form(&mut admin, "/admin/tokens", &[("csrf", &csrf), ("name", "scanner-01")])
        .await;
    assert_eq!(s, StatusCode::OK);
    let at = body.find("id=\"new-token\">").unwrap() + 15;
    let secret = body[at..].split('<').next().unwrap().to_string();
    assert!(secret.starts_with("khien_"), "{secret}");
    let agent = Caller { bearer: Some(secret), ..Caller::default() };
    let res = app.multipart(&agent, "/api/v1/scan", None, &[("a.txt", sample())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let id = app.store.api_tokens().await.unwrap()[0].id;
    let csrf = admin.csrf.clone();
    let (s, _) =
        app.post_form(&mut admin, &format!("/admin/tokens/{id}/revoke"), &[("csrf", &csrf)]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let res = app.multipart(&agent, "/api/v1/scan", None, &[("a.txt", sample())]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Staff upload a file: findings grouped by kind, masked; downloads for the owner only.
    let staff = app.login("lan", PASSWORD).await;
    let res = app
        .multipart(&staff, "/desk/documents", Some(&staff.csrf), &[("ho-so.txt", sample())])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("ho-so.txt"));
    assert!(page.contains("(national_id)") && page.contains("(phone)"), "{page}");
    assert!(!page.contains("001099012345") && !page.contains("0912345678"), "values leak");
    let link = page.split("href=\"/desk/downloads/").nth(1).unwrap().split('"').next().unwrap();
    let res = app
        .client
        .get(app.url(&format!("/desk/downloads/{link}")))
        .header("cookie", staff.header())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let report = res.text().await.unwrap();
    assert!(report.contains("\"replaced\""), "{report}");
    let deid =
        page.split("href=\"/desk/downloads/").find(|s| s.contains("ho-so.deid.txt")).unwrap();
    let deid = deid.split('"').next().unwrap();
    let res = app
        .client
        .get(app.url(&format!("/desk/downloads/{deid}")))
        .header("cookie", staff.header())
        .send()
        .await
        .unwrap();
    let text = res.text().await.unwrap();
    assert!(!text.contains("0912345678") && !text.contains("001099012345"), "{text}");
    // Another account cannot fetch it.
    let res = app
        .client
        .get(app.url(&format!("/desk/downloads/{deid}")))
        .header("cookie", admin.header())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // The audit log saw it all, without values or passwords.
    let entries = app.store.audit_entries(100).await.unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    for a in
        ["setup_link_created", "setup_completed", "login", "user_created", "documents_processed"]
    {
        assert!(actions.contains(&a), "{a} not in {actions:?}");
    }
    for e in &entries {
        assert!(!e.detail.contains(PASSWORD) && !e.detail.contains("0912345678"));
    }
    assert_eq!(app.store.uploads(10).await.unwrap()[0].files, 1);

    // Sign out ends the session server-side.
    let mut staff2 = staff.clone();
    let csrf = staff2.csrf.clone();
    let (s, _) = app.post_form(&mut staff2, "/logout", &[("csrf", &csrf)]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _) = app.get(&mut staff.clone(), "/desk/documents").await;
    assert_eq!(s, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn end_to_end_sqlite() {
    let app = start().await;
    end_to_end(&app).await;
}

#[tokio::test]
async fn end_to_end_postgres() {
    let Some(url) = khien_store::testing::fresh_postgres().await else { return };
    let app = start_with(|c| c.database_url = Some(url)).await;
    assert_eq!(app.store.backend(), khien_store::Backend::Postgres);
    end_to_end(&app).await;
}

/// Every route, every kind of caller, the status expected.
#[tokio::test]
async fn authorisation_table() {
    let app = start_with(|c| c.report_per_minute = 1000).await;
    let mut callers: Vec<(&str, Caller)> = vec![
        ("anonymous", Caller::default()),
        ("staff", app.user("staff1", Role::Staff).await),
        ("officer", app.user("officer1", Role::Officer).await),
        ("admin", app.user("admin1", Role::Administrator).await),
        ("token", app.token().await),
    ];
    // Anonymous and token callers need a form token of their own for the public forms.
    for (_, c) in callers.iter_mut() {
        let (s, _) = app.get(c, "/").await;
        assert_eq!(s, StatusCode::OK);
    }
    use StatusCode as S;
    const OK: S = S::OK;
    const SO: S = S::SEE_OTHER;
    const FB: S = S::FORBIDDEN;
    const UN: S = S::UNAUTHORIZED;
    const NF: S = S::NOT_FOUND;
    const UE: S = S::UNPROCESSABLE_ENTITY;
    const CR: S = S::CREATED;
    // (method, path, [anonymous, staff, officer, admin, token])
    let table: &[(&str, &str, [S; 5])] = &[
        ("GET", "/", [OK, OK, OK, OK, OK]),
        ("GET", "/check", [OK, OK, OK, OK, OK]),
        ("POST", "/check", [OK, OK, OK, OK, OK]),
        ("GET", "/login", [OK, SO, SO, SO, OK]),
        ("GET", "/setup", [NF, NF, NF, NF, NF]),
        ("POST", "/setup", [NF, NF, NF, NF, NF]),
        ("GET", "/healthz", [OK, OK, OK, OK, OK]),
        ("GET", "/api/v1/openapi.json", [OK, OK, OK, OK, OK]),
        ("POST", "/api/v1/check", [OK, OK, OK, OK, OK]),
        ("GET", "/desk/documents", [SO, OK, OK, OK, SO]),
        ("POST", "/desk/documents", [SO, OK, OK, OK, SO]),
        ("GET", "/desk/downloads/none", [SO, NF, NF, NF, SO]),
        ("GET", "/desk/jobs/none", [SO, NF, NF, NF, SO]),
        ("GET", "/admin/users", [SO, FB, FB, OK, SO]),
        ("POST", "/admin/users", [SO, FB, FB, UE, SO]),
        ("GET", "/admin/audit", [SO, FB, OK, OK, SO]),
        ("GET", "/admin/tokens", [SO, FB, FB, OK, SO]),
        ("POST", "/admin/tokens", [SO, FB, FB, OK, SO]),
        ("POST", "/admin/tokens/999/revoke", [SO, FB, FB, NF, SO]),
        ("POST", "/api/v1/scan", [UN, UN, UN, UN, OK]),
        ("POST", "/api/v1/redact", [UN, UN, UN, UN, OK]),
        // The scam desk's reports, list and appeals: public; moderation: officers and
        // administrators (999 is no report, entry or appeal: admitted callers get 404).
        ("GET", "/report", [OK, OK, OK, OK, OK]),
        ("POST", "/report", [OK, OK, OK, OK, OK]),
        ("POST", "/check/qr", [OK, OK, OK, OK, OK]),
        ("POST", "/api/v1/reports", [CR, CR, CR, CR, CR]),
        ("GET", "/blocklist", [OK, OK, OK, OK, OK]),
        ("GET", "/api/v1/blocklist", [OK, OK, OK, OK, OK]),
        ("GET", "/appeal", [OK, OK, OK, OK, OK]),
        ("POST", "/appeal", [NF, NF, NF, NF, NF]),
        ("GET", "/desk/reports", [SO, FB, OK, OK, SO]),
        ("GET", "/desk/reports/999", [SO, FB, NF, NF, SO]),
        ("POST", "/desk/reports/999/accept", [SO, FB, NF, NF, SO]),
        ("POST", "/desk/reports/999/reject", [SO, FB, NF, NF, SO]),
        ("POST", "/desk/reports/999/merge", [SO, FB, NF, NF, SO]),
        ("POST", "/desk/blocklist/999/delist", [SO, FB, NF, NF, SO]),
        ("GET", "/desk/appeals", [SO, FB, OK, OK, SO]),
        ("POST", "/desk/appeals/999/grant", [SO, FB, NF, NF, SO]),
        ("POST", "/desk/appeals/999/deny", [SO, FB, NF, NF, SO]),
        ("GET", "/inventory", [SO, FB, OK, OK, SO]),
        ("GET", "/inventory/scans/999", [SO, FB, NF, NF, SO]),
        ("GET", "/dashboard", [SO, FB, OK, OK, SO]),
        ("GET", "/dashboard.csv", [SO, FB, OK, OK, SO]),
        ("GET", "/dashboard/print", [SO, FB, OK, OK, SO]),
        ("GET", "/api/v1/inventory", [UN, FB, OK, OK, OK]),
        ("POST", "/api/v1/inventory/batches", [UN, UN, UN, UN, OK]),
        ("POST", "/api/v1/inventory/complete", [UN, UN, UN, UN, OK]),
        ("GET", "/no/such/page", [NF, NF, NF, NF, NF]),
        ("GET", "/learn", [SO, OK, OK, OK, SO]),
        ("GET", "/learn/lessons/gia-danh-cong-an", [SO, OK, OK, OK, SO]),
        ("GET", "/learn/lessons/none", [SO, NF, NF, NF, SO]),
        ("GET", "/learn/lessons/gia-danh-cong-an/quiz", [SO, OK, OK, OK, SO]),
        ("POST", "/learn/lessons/gia-danh-cong-an/quiz", [SO, UE, UE, UE, SO]),
        ("GET", "/learn/commitment", [SO, OK, OK, OK, SO]),
        ("POST", "/learn/commitment", [SO, UE, UE, UE, SO]),
        ("GET", "/learn/certificates/KH-NONE", [SO, NF, NF, NF, SO]),
        ("GET", "/learn/verify?code=KH-NONE", [OK, OK, OK, OK, OK]),
        ("GET", "/learn/manage", [SO, FB, OK, OK, SO]),
        ("POST", "/learn/manage/assign", [SO, FB, UE, UE, SO]),
        ("POST", "/learn/manage/units", [SO, FB, UE, UE, SO]),
        ("POST", "/learn/manage/people", [SO, FB, UE, UE, SO]),
        ("GET", "/learn/progress", [SO, FB, OK, OK, SO]),
        ("GET", "/learn/progress.csv?unit=999", [SO, FB, NF, NF, SO]),
        ("GET", "/learn/report?unit=999", [SO, FB, NF, NF, SO]),
        ("GET", "/canh-bao", [OK, OK, OK, OK, OK]),
        ("GET", "/canh-bao/gia-danh-cong-an", [OK, OK, OK, OK, OK]),
        ("GET", "/canh-bao/none", [NF, NF, NF, NF, NF]),
        ("GET", "/api/v1/lessons", [OK, OK, OK, OK, OK]),
        ("GET", "/api/v1/lessons/gia-danh-cong-an", [OK, OK, OK, OK, OK]),
        ("GET", "/api/v1/lessons/none", [NF, NF, NF, NF, NF]),
        // Outreach kit: public.
        ("GET", "/canh-bao/gia-danh-cong-an/quiz", [OK, OK, OK, OK, OK]),
        ("POST", "/canh-bao/gia-danh-cong-an/quiz", [UE, UE, UE, UE, UE]),
        ("GET", "/canh-bao/gia-danh-cong-an/poster.pdf", [OK, OK, OK, OK, OK]),
        ("GET", "/canh-bao/none/poster.pdf", [NF, NF, NF, NF, NF]),
        // The compliance register: officers and administrators; settings changed by
        // administrators only (999 is no record: admitted callers get 404).
        ("GET", "/compliance", [SO, FB, OK, OK, SO]),
        ("POST", "/compliance/incidents", [SO, FB, UE, UE, SO]),
        ("GET", "/compliance/incidents/999", [SO, FB, NF, NF, SO]),
        ("POST", "/compliance/incidents/999/done", [SO, FB, NF, NF, SO]),
        ("POST", "/compliance/incidents/999/remediated", [SO, FB, UE, UE, SO]),
        ("GET", "/compliance/incidents/999/form08.docx", [SO, FB, NF, NF, SO]),
        ("GET", "/compliance/incidents/999/form08.pdf", [SO, FB, NF, NF, SO]),
        ("POST", "/compliance/requests", [SO, FB, UE, UE, SO]),
        ("GET", "/compliance/requests/999", [SO, FB, NF, NF, SO]),
        ("POST", "/compliance/requests/999/done", [SO, FB, NF, NF, SO]),
        ("POST", "/compliance/requests/999/extend", [SO, FB, NF, NF, SO]),
        ("POST", "/compliance/requests/999/close", [SO, FB, NF, NF, SO]),
        ("GET", "/compliance/settings", [SO, FB, OK, OK, SO]),
        ("POST", "/compliance/settings", [SO, FB, FB, UE, SO]),
        ("GET", "/compliance/systems", [SO, FB, OK, OK, SO]),
        ("POST", "/compliance/systems", [SO, FB, UE, UE, SO]),
        ("GET", "/compliance/systems/999", [SO, FB, NF, NF, SO]),
        ("GET", "/compliance/activities", [SO, FB, OK, OK, SO]),
        ("POST", "/compliance/activities", [SO, FB, UE, UE, SO]),
        ("GET", "/compliance/activities/999", [SO, FB, NF, NF, SO]),
        ("POST", "/compliance/activities/999/confirm", [SO, FB, NF, NF, SO]),
        ("GET", "/compliance/activities/999/dpia.docx", [SO, FB, NF, NF, SO]),
        ("GET", "/compliance/activities/999/crossborder.pdf", [SO, FB, NF, NF, SO]),
        ("GET", "/compliance/overview", [SO, FB, OK, OK, SO]),
        ("POST", "/api/v1/incidents", [UN, UN, UN, UN, UE]),
        ("POST", "/api/v1/requests", [UN, UN, UN, UN, UE]),
        ("GET", "/api/v1/compliance/rules", [UN, UN, UN, UN, OK]),
        // Phishing simulation: officers and administrators; the tracking links are keyed by
        // their token (an unknown one is 404; the open image answers the same either way, so
        // it tells nothing); reports need a signed-in person.
        ("GET", "/simulation", [SO, FB, OK, OK, SO]),
        ("POST", "/simulation", [SO, FB, UE, UE, SO]),
        ("GET", "/simulation/999", [SO, FB, NF, NF, SO]),
        ("GET", "/t/none", [NF, NF, NF, NF, NF]),
        ("POST", "/t/none", [NF, NF, NF, NF, NF]),
        ("GET", "/t/none/o.gif", [OK, OK, OK, OK, OK]),
        ("GET", "/bao-cao-thu", [OK, OK, OK, OK, OK]),
        ("POST", "/bao-cao-thu", [SO, OK, OK, OK, SO]),
    ];
    let mut n = 0;
    for (method, path, expected) in table {
        for ((who, caller), want) in callers.iter_mut().zip(expected) {
            let status = match (*method, *path) {
                ("GET", p) => app.get(&mut caller.clone(), p).await.0,
                ("POST", "/check") => {
                    let csrf = caller.csrf.clone();
                    app.post_form(caller, "/check", &[("csrf", &csrf), ("text", "xin chào")])
                        .await
                        .0
                }
                ("POST", "/setup") => {
                    let csrf = caller.csrf.clone();
                    let f = [
                        ("csrf", csrf.as_str()),
                        ("token", "x"),
                        ("username", "x"),
                        ("password", PASSWORD),
                    ];
                    app.post_form(caller, "/setup", &f).await.0
                }
                ("POST", "/admin/users") => {
                    let csrf = caller.csrf.clone();
                    // A weak password: an allowed caller is admitted, then refused by the
                    // password check (422), so the table needs no new account per row.
                    let f = [
                        ("csrf", csrf.as_str()),
                        ("username", "new1"),
                        ("role", "staff"),
                        ("password", "x"),
                    ];
                    app.post_form(caller, "/admin/users", &f).await.0
                }
                ("POST", p) if p.starts_with("/admin/tokens") => {
                    let csrf = caller.csrf.clone();
                    app.post_form(caller, p, &[("csrf", &csrf), ("name", "agent-x")]).await.0
                }
                ("POST", "/report") => {
                    let csrf = caller.csrf.clone();
                    let f = [("csrf", csrf.as_str()), ("channel", "sms"), ("message", "xin chào")];
                    crate::common::post_multipart(&app, caller, "/report", &f, None).await.0
                }
                ("POST", "/check/qr") => {
                    let csrf = caller.csrf.clone();
                    let png = crate::common::qr_png("https://example.vn");
                    crate::common::post_multipart(
                        &app,
                        caller,
                        "/check/qr",
                        &[("csrf", &csrf)],
                        Some(png),
                    )
                    .await
                    .0
                }
                ("POST", p)
                    if p.starts_with("/desk/reports")
                        || p.starts_with("/desk/appeals")
                        || p.starts_with("/desk/blocklist")
                        || p == "/appeal" =>
                {
                    let csrf = caller.csrf.clone();
                    let f = [
                        ("csrf", csrf.as_str()),
                        ("reason", "x"),
                        ("into", "1"),
                        ("entry", "999"),
                        ("explanation", "x"),
                    ];
                    app.post_form(caller, p, &f).await.0
                }
                ("POST", "/api/v1/reports") => app
                    .client
                    .post(app.url(path))
                    .header("cookie", caller.header())
                    .json(&serde_json::json!({"message": "xin chào"}))
                    .send()
                    .await
                    .unwrap()
                    .status(),
                ("POST", p) if p.starts_with("/learn") => {
                    let csrf = caller.csrf.clone();
                    // Well-formed but unacceptable forms: an admitted caller gets 422.
                    let version = khien_learn::commitment().version.clone();
                    let f: Vec<(&str, &str)> = match p {
                        "/learn/commitment" => {
                            vec![("csrf", &csrf), ("version", &version), ("full_name", " ")]
                        }
                        "/learn/manage/assign" => vec![
                            ("csrf", &csrf),
                            ("lesson", "none"),
                            ("unit", ""),
                            ("duty", ""),
                            ("due", "x"),
                        ],
                        "/learn/manage/units" => vec![("csrf", &csrf), ("name", " ")],
                        _ => vec![("csrf", &csrf)],
                    };
                    app.post_form(caller, p, &f).await.0
                }
                ("POST", p)
                    if p.starts_with("/compliance")
                        || p.starts_with("/simulation")
                        || p.starts_with("/canh-bao")
                        || p.starts_with("/bao-cao-thu")
                        || p.starts_with("/t/") =>
                {
                    let csrf = caller.csrf.clone();
                    // Well-formed but unacceptable forms: an admitted caller gets 422 (or 404
                    // for a record that does not exist).
                    let f: Vec<(&str, &str)> = vec![
                        ("csrf", &csrf),
                        ("kind", "flood"),
                        ("type", "forget"),
                        ("discovered_at", "x"),
                        ("received_at", "x"),
                        ("remediated_at", "2026-12-07T09:00"),
                        ("rule", "x"),
                        ("recipient", "y"),
                        ("name", " "),
                        ("owner", " "),
                        ("calendar", "weekend = [9]"),
                        ("template", "none"),
                        ("targets", "x"),
                        ("message", "xin chào"),
                    ];
                    app.post_form(caller, p, &f).await.0
                }
                ("POST", p)
                    if p.starts_with("/api/v1/incidents") || p.starts_with("/api/v1/requests") =>
                {
                    let mut req = app.client.post(app.url(p)).header("cookie", caller.header());
                    if let Some(b) = &caller.bearer {
                        req = req.bearer_auth(b);
                    }
                    req.json(&serde_json::json!({})).send().await.unwrap().status()
                }
                ("POST", "/api/v1/check") => {
                    let mut req = app.client.post(app.url(path)).header("cookie", caller.header());
                    if let Some(b) = &caller.bearer {
                        req = req.bearer_auth(b);
                    }
                    req.json(&serde_json::json!({"text": "xin chào"}))
                        .send()
                        .await
                        .unwrap()
                        .status()
                }
                ("POST", p) if p.starts_with("/api/v1/inventory/") => {
                    let mut req = app.client.post(app.url(p)).header("cookie", caller.header());
                    if let Some(b) = &caller.bearer {
                        req = req.bearer_auth(b);
                    }
                    let body = if p.ends_with("/batches") {
                        serde_json::json!({"scan_id": "table", "host": "pc", "root": "/r",
                            "started_at": 0, "seq": 0, "files": []})
                    } else {
                        serde_json::json!({"scan_id": "table", "host": "pc", "root": "/r",
                            "started_at": 0, "batches": 1, "files_scanned": 0})
                    };
                    req.json(&body).send().await.unwrap().status()
                }
                ("POST", p) => {
                    let csrf = caller.csrf.clone();
                    app.multipart(caller, p, Some(&csrf), &[("a.txt", b"xin chao\n".to_vec())])
                        .await
                        .status()
                }
                _ => unreachable!(),
            };
            assert_eq!(status, *want, "{method} {path} as {who}");
            n += 1;
        }
    }
    assert_eq!(n, table.len() * 5);
}

#[tokio::test]
async fn csrf_is_checked_on_every_form() {
    let app = start().await;
    let mut visitor = Caller::default();
    app.get(&mut visitor, "/").await;
    let good = visitor.csrf.clone();
    // No token, a wrong token, a token of another visitor: refused.
    let mut other = Caller::default();
    app.get(&mut other, "/").await;
    for bad in ["", "00", other.csrf.as_str()] {
        let (s, _) =
            app.post_form(&mut visitor, "/check", &[("csrf", bad), ("text", "xin chào")]).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "token {bad:?}");
    }
    // No cookie at all: refused even with a real token.
    let (s, _) =
        app.post_form(&mut Caller::default(), "/check", &[("csrf", &good), ("text", "x")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) =
        app.post_form(&mut visitor, "/check", &[("csrf", &good), ("text", "xin chào")]).await;
    assert_eq!(s, StatusCode::OK);

    // Signed in: the anonymous token no longer works for the session's forms.
    let mut admin = app.user("admin1", Role::Administrator).await;
    let anon_token = good.clone();
    let f = [
        ("csrf", anon_token.as_str()),
        ("username", "x2"),
        ("role", "staff"),
        ("password", PASSWORD),
    ];
    let (s, _) = app.post_form(&mut admin, "/admin/users", &f).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app.post_form(&mut admin, "/logout", &[("csrf", "nope")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let res = app.multipart(&admin, "/desk/documents", Some("nope"), &[("a.txt", sample())]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.multipart(&admin, "/desk/documents", None, &[("a.txt", sample())]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Sign-in itself needs the token.
    let mut v = Caller::default();
    app.get(&mut v, "/login").await;
    let (s, _) = app
        .post_form(
            &mut v,
            "/login",
            &[("csrf", "x"), ("username", "admin1"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn session_id_changes_at_sign_in() {
    let app = start().await;
    app.store.create_user("lan", Role::Staff, PASSWORD).await.unwrap();
    // An attacker plants a session id in the victim's browser before sign-in.
    let mut victim = Caller::default();
    victim.set("khien_session", "attacker-chosen-id".to_string());
    app.get(&mut victim, "/login").await;
    let csrf = victim.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut victim,
            "/login",
            &[("csrf", &csrf), ("username", "lan"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let sid = victim.cookies.iter().find(|(k, _)| k == "khien_session").unwrap().1.clone();
    assert_ne!(sid, "attacker-chosen-id");
    assert!(sid.len() >= 43, "a 256-bit id");
    let mut attacker = Caller::default();
    attacker.set("khien_session", "attacker-chosen-id".to_string());
    assert_eq!(app.get(&mut attacker, "/desk/documents").await.0, StatusCode::SEE_OTHER);
    // A second sign-in gets another id; the cookie is HttpOnly and SameSite=Strict.
    let again = app.login("lan", PASSWORD).await;
    let sid2 = again.cookies.iter().find(|(k, _)| k == "khien_session").unwrap().1.clone();
    assert_ne!(sid, sid2);
    let mut c = Caller::default();
    app.get(&mut c, "/login").await;
    let csrf = c.csrf.clone();
    let res = app
        .client
        .post(app.url("/login"))
        .header("cookie", c.header())
        .form(&[("csrf", csrf.as_str()), ("username", "lan"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let raw = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(raw.contains("HttpOnly") && raw.contains("SameSite=Strict"), "{raw}");
}

#[tokio::test]
async fn uploads_over_the_cap_are_refused() {
    let app = start_with(|c| c.max_upload = 64 << 10).await;
    let token = app.token().await;
    let big = vec![b'a'; 200 << 10];
    for path in ["/api/v1/scan", "/api/v1/redact"] {
        let res = app.multipart(&token, path, None, &[("big.txt", big.clone())]).await;
        assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE, "{path}");
    }
    let staff = app.user("lan", Role::Staff).await;
    let res =
        app.multipart(&staff, "/desk/documents", Some(&staff.csrf), &[("big.txt", big)]).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Under the cap is fine.
    let res = app.multipart(&token, "/api/v1/scan", None, &[("small.txt", sample())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Forms outside the upload routes are small too.
    let res = app
        .client
        .post(app.url("/api/v1/check"))
        .header("content-type", "application/json")
        .body(vec![b' '; 300 << 10])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn api_answers_as_the_cli_does() {
    let app = start().await;
    let judge = khien_judge::Judge::try_new().unwrap();
    let text = "Cục Thuế thông báo: truy cập https://thuedientu-gov.vn.xyz để tránh bị phạt";
    let res = app
        .client
        .post(app.url("/api/v1/check"))
        .json(&serde_json::json!({"text": text}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let got: serde_json::Value = res.json().await.unwrap();
    assert_eq!(got, serde_json::to_value(judge.check_auto(text)).unwrap());
    assert_eq!(got["verdict"], "dangerous");
    let res = app
        .client
        .post(app.url("/api/v1/check"))
        .json(&serde_json::json!({"account": "0123456789", "bank": "VCB"}))
        .send()
        .await
        .unwrap();
    let got: serde_json::Value = res.json().await.unwrap();
    assert_eq!(got, serde_json::to_value(judge.check_account("0123456789", Some("VCB"))).unwrap());
    let res = app
        .client
        .post(app.url("/api/v1/check"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Scan: JSONL records, masked.
    let token = app.token().await;
    let res = app.multipart(&token, "/api/v1/scan", None, &[("ho-so.txt", sample())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(!body.contains("0912345678") && !body.contains("001099012345"));
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let kinds: Vec<&str> =
        v["records"].as_array().unwrap().iter().filter_map(|r| r["kind"].as_str()).collect();
    assert!(kinds.contains(&"national_id") && kinds.contains(&"phone"), "{kinds:?}");
    let rec = &v["records"][0];
    for key in [
        "path",
        "kind",
        "start",
        "end",
        "line",
        "column",
        "offsets",
        "confidence",
        "masked",
        "fingerprint",
        "reasons",
    ] {
        assert!(rec.get(key).is_some(), "{key} missing in {rec}");
    }
    assert_eq!(rec["path"], "ho-so.txt");
    assert!(v["summary"]["findings"].as_u64().unwrap() >= 2);

    // Redact: the file comes back without the values.
    let res = app.multipart(&token, "/api/v1/redact", None, &[("ho-so.txt", sample())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["x-khien-replaced"].to_str().unwrap().parse::<u32>().unwrap() >= 2);
    let out = res.text().await.unwrap();
    assert!(out.contains("Điện thoại:") && !out.contains("0912345678"), "{out}");

    // OpenAPI document.
    let doc: serde_json::Value =
        app.client.get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for p in [
        "/healthz",
        "/api/v1/check",
        "/api/v1/scan",
        "/api/v1/redact",
        "/api/v1/lessons",
        "/api/v1/lessons/{id}",
    ] {
        assert!(doc["paths"].get(p).is_some(), "{p} missing");
    }
    assert!(doc["components"]["securitySchemes"]["token"].is_object());
}

#[tokio::test]
async fn rate_limits_and_lockout() {
    let app = start_with(|c| {
        c.check_per_minute = 3;
        c.login_per_minute = 100;
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let res = app
            .client
            .post(app.url("/api/v1/check"))
            .json(&serde_json::json!({"text": "x"}))
            .send()
            .await
            .unwrap();
        statuses.push(res.status());
    }
    assert_eq!(&statuses[..3], &[StatusCode::OK; 3]);
    assert_eq!(statuses[4], StatusCode::TOO_MANY_REQUESTS);

    app.store.create_user("lan", Role::Staff, PASSWORD).await.unwrap();
    let mut v = Caller::default();
    app.get(&mut v, "/login").await;
    let mut last = StatusCode::OK;
    for _ in 0..5 {
        let csrf = v.csrf.clone();
        last = app
            .post_form(
                &mut v,
                "/login",
                &[("csrf", &csrf), ("username", "lan"), ("password", "wrong password")],
            )
            .await
            .0;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS, "locked after five failures");
    // Even the right password is refused while locked.
    let csrf = v.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut v,
            "/login",
            &[("csrf", &csrf), ("username", "lan"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    let actions: Vec<String> =
        app.store.audit_entries(50).await.unwrap().into_iter().map(|e| e.action).collect();
    assert!(
        actions.iter().any(|a| a == "login_failed") && actions.iter().any(|a| a == "login_locked")
    );
}

#[tokio::test]
async fn scam_desk_page_speaks_both_languages() {
    let app = start().await;
    let mut v = Caller::default();
    let (s, body) = app.get(&mut v, "/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("lang=\"vi\"") && body.contains("<label for=\"text\""));
    assert!(!body.contains("<script"));
    let csrf = v.csrf.clone();
    let text = "Cục Thuế thông báo: truy cập https://thuedientu-gov.vn.xyz để tránh bị phạt";
    let (s, body) =
        app.post_form(&mut v, "/check", &[("csrf", &csrf), ("text", text), ("lang", "en")]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("DANGEROUS") && body.contains("lang=\"en\""), "{body}");
    let csrf = v.csrf.clone();
    let (_, body) = app.post_form(&mut v, "/check", &[("csrf", &csrf), ("text", text)]).await;
    assert!(body.contains("NGUY HIỂM"));
}

/// Administrators and officers enrol in TOTP at their first sign-in and then need a code or a
/// recovery code; until then their session opens nothing.
#[tokio::test]
async fn second_factor_for_administrators_and_officers() {
    let app = start().await;
    app.store.create_user("tuan", Role::Officer, PASSWORD).await.unwrap();
    let mut who = Caller::default();
    app.get(&mut who, "/login").await;
    let csrf = who.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut who,
            "/login",
            &[("csrf", &csrf), ("username", "tuan"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    // Password alone opens nothing.
    for path in ["/desk/documents", "/admin/audit"] {
        assert_eq!(app.get(&mut who.clone(), path).await.0, StatusCode::SEE_OTHER, "{path}");
    }
    let (s, page) = app.get(&mut who, "/login/second-factor").await;
    assert_eq!(s, StatusCode::OK);
    let at = page.find("id=\"totp-secret\">").unwrap() + 17;
    let secret = page[at..].split('<').next().unwrap().to_string();
    assert!(page.contains("otpauth://totp/Khien:tuan?secret="));
    let csrf = who.csrf.clone();
    let (s, _) = app
        .post_form(&mut who, "/login/second-factor", &[("csrf", &csrf), ("code", "000000")])
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let pending = who.clone();
    let code = khien_store::totp_code(&secret, khien_store::now()).unwrap();
    let csrf = who.csrf.clone();
    let (s, page) =
        app.post_form(&mut who, "/login/second-factor", &[("csrf", &csrf), ("code", &code)]).await;
    assert_eq!(s, StatusCode::OK);
    let codes: Vec<String> = page
        .split("<li><code>")
        .skip(1)
        .map(|c| c.split('<').next().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), khien_store::RECOVERY_CODES);
    // Signed in with a new session id; the waiting one is gone.
    assert_eq!(app.get(&mut who.clone(), "/admin/audit").await.0, StatusCode::OK);
    assert_eq!(
        app.get(&mut pending.clone(), "/login/second-factor").await.0,
        StatusCode::SEE_OTHER
    );
    assert_ne!(pending.header(), who.header());

    // Next time: no key shown; the same TOTP code is not accepted twice; a recovery code works
    // once.
    let mut again = Caller::default();
    app.get(&mut again, "/login").await;
    let csrf = again.csrf.clone();
    app.post_form(
        &mut again,
        "/login",
        &[("csrf", &csrf), ("username", "tuan"), ("password", PASSWORD)],
    )
    .await;
    let (_, page) = app.get(&mut again, "/login/second-factor").await;
    assert!(!page.contains("totp-secret"));
    let csrf = again.csrf.clone();
    let (s, _) = app
        .post_form(&mut again, "/login/second-factor", &[("csrf", &csrf), ("code", &code)])
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "a replayed code");
    let csrf = again.csrf.clone();
    let (s, _) = app
        .post_form(&mut again, "/login/second-factor", &[("csrf", &csrf), ("code", &codes[0])])
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(app.get(&mut again.clone(), "/admin/audit").await.0, StatusCode::OK);
    let mut third = Caller::default();
    app.get(&mut third, "/login").await;
    let csrf = third.csrf.clone();
    app.post_form(
        &mut third,
        "/login",
        &[("csrf", &csrf), ("username", "tuan"), ("password", PASSWORD)],
    )
    .await;
    app.get(&mut third, "/login/second-factor").await;
    let csrf = third.csrf.clone();
    let (s, _) = app
        .post_form(&mut third, "/login/second-factor", &[("csrf", &csrf), ("code", &codes[0])])
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "a used recovery code");
    let actions: Vec<String> =
        app.store.audit_entries(50).await.unwrap().into_iter().map(|e| e.action).collect();
    assert!(actions.iter().any(|a| a == "totp_enrolled"));
    assert!(actions.iter().any(|a| a == "second_factor_failed"));
}

/// Imported lists given at start reach the scam desk, as they reach `khien check`.
#[tokio::test]
async fn imported_lists_reach_the_scam_desk() {
    let mut lists = khien_judge::Lists::new();
    assert!(lists.add_phone("0987654321", false, "test-list"));
    let judge = khien_judge::Judge::try_new().unwrap().with_lists(lists.clone());
    let app = start_with(|c| c.judge_lists = Some(lists)).await;
    let res = app
        .client
        .post(app.url("/api/v1/check"))
        .json(&serde_json::json!({"phone": "0987654321"}))
        .send()
        .await
        .unwrap();
    let got: serde_json::Value = res.json().await.unwrap();
    assert_eq!(got, serde_json::to_value(judge.check_phone("0987654321")).unwrap());
    assert_eq!(got["verdict"], "dangerous", "{got}");
}

/// An upload of many files becomes a background job: the answer comes at once, the job page
/// shows progress and then the same results as a small upload, for its owner only.
#[tokio::test]
async fn large_uploads_run_as_jobs_with_progress() {
    let app = start().await;
    let lan = app.user("lan", Role::Staff).await;
    let mut binh = app.user("binh", Role::Staff).await;
    let files: Vec<(&str, Vec<u8>)> = ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
        .iter()
        .map(|n| (*n, crate::common::sample()))
        .collect();
    let res = app.multipart(&lan, "/desk/documents", Some(&lan.csrf), &files).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let job = res.headers()["location"].to_str().unwrap().to_string();
    assert!(job.starts_with("/desk/jobs/"), "{job}");
    let mut owner = lan.clone();
    let mut page = String::new();
    for _ in 0..200 {
        let (s, p) = app.get(&mut owner, &job).await;
        assert_eq!(s, StatusCode::OK);
        page = p;
        if !page.contains("id=\"progress\"") {
            break;
        }
        assert!(page.contains(" / 5"), "{page}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(page.contains("5 tệp") && page.contains("e.deid.txt"), "{page}");
    assert!(!page.contains("0912345678"), "values masked");
    // The de-identified copy downloads for its owner.
    let at = page.find("/desk/downloads/").unwrap();
    let link: String = page[at..].chars().take_while(|c| *c != '"').collect();
    let (s, _) = app.get(&mut owner, &link).await;
    assert_eq!(s, StatusCode::OK);
    // Someone else's job is not found.
    let (s, _) = app.get(&mut binh, &job).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
