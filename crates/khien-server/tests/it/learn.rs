//! Learning end to end against a real server over SQLite and PostgreSQL: an officer sets up
//! units, duties and an assignment; a member of staff reads the lesson, fails and then passes
//! the quiz (answers graded against the questions asked, the schedule recorded), signs the
//! commitment and prints the certificate; the officer exports the evidence. Public outreach
//! and the lessons API.

use crate::common::{App, Caller, start, start_with};
use khien_learn::Content;
use khien_store::Role;
use khien_store::learn::year_of;
use reqwest::StatusCode;

fn field(html: &str, name: &str) -> String {
    let cue = format!("name=\"{name}\" value=\"");
    let at = html.find(&cue).unwrap_or_else(|| panic!("no {name} in {html}")) + cue.len();
    html[at..].split('"').next().unwrap().to_string()
}

/// Takes the quiz on the page: right answers when `right`, otherwise a wrong one each.
async fn take_quiz(app: &App, who: &mut Caller, lesson: &str, right: bool) -> (StatusCode, String) {
    let (s, page) = app.get(who, &format!("/learn/lessons/{lesson}/quiz")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!page.contains("<script"));
    let content = Content::embedded();
    let ids = field(&page, "qs");
    let sig = field(&page, "sig");
    let csrf = who.csrf.clone();
    let mut form: Vec<(String, String)> = vec![
        ("csrf".into(), csrf),
        ("qs".into(), ids.clone()),
        ("sig".into(), sig),
        ("lang".into(), "vi".into()),
    ];
    for (i, id) in ids.split(',').enumerate() {
        let q = content.question(id).expect("a known question");
        let pick = if right { q.answer } else { (q.answer + 1) % q.choices_vi.len() };
        form.push((format!("a{i}"), pick.to_string()));
    }
    let f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post_form(who, &format!("/learn/lessons/{lesson}/quiz"), &f).await
}

async fn flow(app: &App) {
    let year = year_of(khien_store::now());
    let mut officer = app.user("canbo", Role::Officer).await;
    let mut staff = app.user("lan", Role::Staff).await;
    let lan = app.store.users().await.unwrap().into_iter().find(|u| u.username == "lan").unwrap();

    // The officer adds a unit, puts Lan in it as a records officer, assigns the lesson.
    let csrf = officer.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut officer,
            "/learn/manage/units",
            &[("csrf", &csrf), ("name", "Phòng Một cửa")],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let unit = app.store.units().await.unwrap()[0].id.to_string();
    let csrf = officer.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut officer,
            "/learn/manage/people",
            &[
                ("csrf", &csrf),
                ("user", &lan.id.to_string()),
                ("unit", &unit),
                ("duties", "records"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(app.store.profile(lan.id).await.unwrap().unwrap().duties, vec!["all", "records"]);
    let csrf = officer.csrf.clone();
    let due = format!("{year}-12-31");
    let (s, page) = app
        .post_form(
            &mut officer,
            "/learn/manage/assign",
            &[
                ("csrf", &csrf),
                ("lesson", "gia-danh-cong-an"),
                ("unit", &unit),
                ("duty", ""),
                ("due", &due),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");

    // Lan sees it, reads it (the phone mock, no raw HTML), fails, then passes.
    let (s, page) = app.get(&mut staff, "/learn").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("/learn/lessons/gia-danh-cong-an") && page.contains(&due), "{page}");
    assert!(page.contains("Chưa học") || page.contains("Quá hạn"));
    let (s, page) = app.get(&mut staff, "/learn/lessons/gia-danh-cong-an").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("class=\"phone\"") && page.contains("<h2>Dấu hiệu nhận biết</h2>"));
    let (s, page) = take_quiz(app, &mut staff, "gia-danh-cong-an", false).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Chưa đạt") && !page.contains("/learn/certificates/"), "{page}");
    let missed = app.store.schedule(lan.id).await.unwrap();
    assert!(missed.len() >= 6 && missed.iter().all(|s| s.box_no == 0), "{missed:?}");
    let (s, page) = take_quiz(app, &mut staff, "gia-danh-cong-an", true).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("100%") && page.contains("Đạt"), "{page}");
    let code = page.split("/learn/certificates/").nth(1).unwrap().split('?').next().unwrap();
    assert!(code.starts_with("KH-"));
    // A tampered question list is refused.
    let (_, quiz) = app.get(&mut staff, "/learn/lessons/gia-danh-cong-an/quiz").await;
    let csrf = staff.csrf.clone();
    let sig = field(&quiz, "sig");
    let (s, _) = app
        .post_form(
            &mut staff,
            "/learn/lessons/gia-danh-cong-an/quiz",
            &[("csrf", &csrf), ("qs", "gia-danh-cong-an-1"), ("sig", &sig), ("a0", "1")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    // The commitment, once a year; the certificate carries the signed name.
    let (_, page) = app.get(&mut staff, "/learn/commitment").await;
    assert!(page.contains("Luật 91/2025/QH15"));
    let csrf = staff.csrf.clone();
    let version = khien_learn::commitment().version.clone();
    let (s, _) = app
        .post_form(
            &mut staff,
            "/learn/commitment",
            &[("csrf", &csrf), ("version", &version), ("full_name", "Trần Thị Lan")],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, page) = app.get(&mut staff, "/learn/commitment").await;
    assert!(page.contains("Trần Thị Lan") && !page.contains("name=\"full_name\""));
    let (s, page) = app.get(&mut staff, &format!("/learn/certificates/{code}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains(code) && page.contains("Trần Thị Lan") && page.contains("@media print"));
    // Another member of staff cannot open it; the public check says only that it is valid.
    let mut other = app.user("minh", Role::Staff).await;
    assert_eq!(
        app.get(&mut other, &format!("/learn/certificates/{code}")).await.0,
        StatusCode::NOT_FOUND
    );
    let (s, page) = app.get(&mut Caller::default(), &format!("/learn/verify?code={code}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("Chứng nhận hợp lệ")
            && !page.contains("Trần Thị Lan")
            && !page.contains(">lan<")
    );

    // Evidence: CSV and the printable report, per unit and year; the aggregate hides a unit of
    // one person.
    let (s, csv) =
        app.get(&mut officer, &format!("/learn/progress.csv?year={year}&unit={unit}")).await;
    assert_eq!(s, StatusCode::OK);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].contains("don_vi,tai_khoan,bai_hoc"), "{csv}");
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[1].starts_with("Phòng Một cửa,lan,gia-danh-cong-an,") && lines[1].contains(",100,"),
        "{csv}"
    );
    let (s, page) = app.get(&mut officer, &format!("/learn/report?year={year}&unit={unit}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Phòng Một cửa") && page.contains("100%"));
    let (s, page) = app.get(&mut officer, "/learn/progress").await;
    assert_eq!(s, StatusCode::OK);
    assert!(!page.contains("HV-"), "a unit of one is not shown pseudonymously");
    let actions: Vec<String> =
        app.store.audit_entries(100).await.unwrap().into_iter().map(|e| e.action).collect();
    for a in [
        "unit_created",
        "profile_set",
        "lesson_assigned",
        "quiz_submitted",
        "commitment_signed",
        "learning_exported",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} not audited");
    }
}

#[tokio::test]
async fn learning_flow_sqlite() {
    let app = start().await;
    flow(&app).await;
}

#[tokio::test]
async fn learning_flow_postgres() {
    let Some(url) = khien_store::testing::fresh_postgres().await else { return };
    let app = start_with(|c| c.database_url = Some(url)).await;
    flow(&app).await;
}

/// With a cohort of one allowed, the pseudonymous view shows learners by code, never by name.
#[tokio::test]
async fn pseudonymous_view_above_the_cohort() {
    let app = start_with(|c| c.min_cohort = 1).await;
    let mut officer = app.user("canbo", Role::Officer).await;
    let unit = app.store.create_unit("Phòng Hai").await.unwrap().unwrap();
    let u = app.store.create_user("hoa", Role::Staff, crate::common::PASSWORD).await.unwrap();
    app.store.set_profile(u.id, Some(unit.id), &[]).await.unwrap();
    let year = year_of(khien_store::now());
    app.store
        .assign_lesson("gia-danh-cong-an", None, None, year, khien_store::now() + 86_400, "test")
        .await
        .unwrap();
    let (_, page) = app.get(&mut officer, "/learn/progress").await;
    assert!(page.contains("Phòng Hai") && page.contains("HV-"), "{page}");
    assert!(!page.contains(">hoa<"));
}

#[tokio::test]
async fn outreach_and_api() {
    let app = start().await;
    let mut visitor = Caller::default();
    let (s, page) = app.get(&mut visitor, "/canh-bao/gia-danh-cong-an").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("class=\"phone\"")
            && page.contains("113")
            && page.contains("width=device-width")
    );
    assert!(!page.contains("<script"));
    let (_, page) = app.get(&mut visitor, "/canh-bao/gia-danh-cong-an?lang=en").await;
    assert!(page.contains("Warning signs"));
    let list: serde_json::Value =
        app.client.get(app.url("/api/v1/lessons")).send().await.unwrap().json().await.unwrap();
    let first = list.as_array().unwrap().iter().find(|l| l["id"] == "gia-danh-cong-an").unwrap();
    assert_eq!(first["scam_type"], "impersonate_police");
    assert_eq!(first["roles"], serde_json::json!(["all"]));
    let one: serde_json::Value = app
        .client
        .get(app.url("/api/v1/lessons/gia-danh-cong-an"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(one["html_vi"].as_str().unwrap().contains("<h2>Dấu hiệu nhận biết</h2>"));
    let quiz = one["quiz"].as_array().unwrap();
    assert!(quiz.len() >= 6);
    assert!(quiz.iter().all(|q| q.get("answer").is_none() && q.get("explanation_vi").is_none()));
}

/// A citizen reads a warning, takes its quiz and prints its poster; nothing about them is
/// kept, but the dashboard counts the reach.
#[tokio::test]
async fn public_quiz_poster_and_reach() {
    let app = start().await;
    let mut visitor = Caller::default();
    let (s, page) = app.get(&mut visitor, "/canh-bao/gia-danh-cong-an").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("/canh-bao/gia-danh-cong-an/quiz") && page.contains("poster.pdf"),
        "{page}"
    );
    let (s, page) = app.get(&mut visitor, "/canh-bao/gia-danh-cong-an/quiz").await;
    assert_eq!(s, StatusCode::OK);
    let qs = field(&page, "qs");
    let content = Content::embedded();
    let mut form: Vec<(String, String)> = vec![
        ("csrf".into(), visitor.csrf.clone()),
        ("lang".into(), "vi".into()),
        ("qs".into(), qs.clone()),
        ("sig".into(), field(&page, "sig")),
    ];
    for (i, id) in qs.split(',').enumerate() {
        form.push((format!("a{i}"), content.question(id).unwrap().answer.to_string()));
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (s, result) = app.post_form(&mut visitor, "/canh-bao/gia-danh-cong-an/quiz", &pairs).await;
    assert_eq!(s, StatusCode::OK, "{result}");
    let n = qs.split(',').count();
    assert!(result.contains(&format!("{n}/{n} — 100%")), "{result}");
    // A tampered question list is refused.
    let mut bad = pairs.clone();
    bad[2] = ("qs", "x,y");
    let (s, _) = app.post_form(&mut visitor, "/canh-bao/gia-danh-cong-an/quiz", &bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    let res =
        app.client.get(app.url("/canh-bao/gia-danh-cong-an/poster.pdf")).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let bytes = res.bytes().await.unwrap();
    let text: String = khien_extract::extract("p.pdf", &bytes, &khien_extract::Limits::default())
        .unwrap()
        .segments
        .iter()
        .map(|s| s.text.clone())
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = &content.lesson("gia-danh-cong-an").unwrap().front.title_vi;
    assert!(
        text.contains(title.as_str())
            && text.contains("Dấu hiệu nhận biết")
            && text.contains("Quét mã"),
        "{text}"
    );
    // Only outreach lessons have posters.
    let res =
        app.client.get(app.url("/canh-bao/khong-co-bai-nay/poster.pdf")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let mut officer = app.user("canbo", Role::Officer).await;
    let (_, csv) = app.get(&mut officer, "/dashboard.csv").await;
    for row in [
        "outreach_view,gia-danh-cong-an,1",
        "outreach_quiz,gia-danh-cong-an,1",
        "outreach_poster,gia-danh-cong-an,1",
    ] {
        assert!(csv.contains(row), "{row} in {csv}");
    }
}
