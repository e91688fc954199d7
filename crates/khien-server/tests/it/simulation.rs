//! A phishing-simulation campaign end to end over a real server, a real SMTP server on
//! loopback and a real HTTP client: an officer creates it, the messages go out, mail scanners
//! are kept apart from people, a click leads to a landing page that cannot receive what is
//! typed, a submit teaches at once, a report (on the page, or by forwarding the mail to the
//! server's SMTP listener) is praised, and the campaign report and the people at risk show it.

use std::time::Duration;

use crate::common::{PASSWORD, smtp_server, start_with, wait_for};
use khien_store::Role;
use reqwest::StatusCode;
use serde_json::json;

const BROWSER: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

/// The plain text of a received message and its tracking link.
fn text_and_link(raw: &str) -> (String, String) {
    let e =
        khien_extract::extract("m.eml", raw.as_bytes(), &khien_extract::Limits::default()).unwrap();
    let text = e.segments.iter().map(|s| s.text.clone()).collect::<Vec<_>>().join("\n");
    let at = text.find("http://127.0.0.1:").expect("a link in the message");
    let link: String =
        text[at..].chars().take_while(|c| !c.is_whitespace() && *c != '<' && *c != '"').collect();
    (text, link)
}

#[tokio::test]
async fn a_campaign_from_creation_to_report() {
    let (port, inbox) = smtp_server();
    let app = start_with(|c| {
        c.reminder_every = Duration::from_millis(200);
        c.sim_scanner_window = Duration::from_secs(2);
        c.min_cohort = 1;
        c.report_smtp = Some("127.0.0.1:0".parse().unwrap());
    })
    .await;
    let mail = json!({"host": "127.0.0.1", "port": port, "security": "none", "from": "Khiên <khien@so.gov.vn>"});
    app.store.set_comply_setting("mail", &mail.to_string(), "test").await.unwrap();
    app.store
        .set_comply_setting("agency", &json!({"name": "Sở Công Thương"}).to_string(), "test")
        .await
        .unwrap();

    // Staff cannot run campaigns.
    let mut staff = app.user("binh", Role::Staff).await;
    let (s, _) = app.get(&mut staff, "/simulation").await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    let mut officer = app.user("canbo", Role::Officer).await;
    let (s, page) = app.get(&mut officer, "/simulation").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("doi-mat-khau-thu-cong-vu"), "{page}");
    let csrf = officer.csrf.clone();
    let targets = "lan@so.gov.vn, Nguyễn Lan, Văn phòng\nbinh@so.gov.vn, Trần Bình, Văn phòng\nchi@so.gov.vn, Lê Chi, Thanh tra\n";
    let (s, page) = app
        .post_form(
            &mut officer,
            "/simulation",
            &[
                ("csrf", &csrf),
                ("name", "Tháng 12"),
                ("template", "doi-mat-khau-thu-cong-vu"),
                ("targets", "không phải địa chỉ"),
                ("spread_minutes", "0"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("line 1"), "{page}");
    let csrf = officer.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut officer,
            "/simulation",
            &[
                ("csrf", &csrf),
                ("name", "Tháng 12"),
                ("template", "doi-mat-khau-thu-cong-vu"),
                ("targets", targets),
                ("starts_at", ""),
                ("spread_minutes", "0"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let campaign = app.store.campaigns().await.unwrap()[0].clone();

    // Every recipient gets their own message and link, from the template's sender name.
    let mails = wait_for(&inbox, 3).await;
    assert_eq!(mails.len(), 3);
    let mut links = std::collections::BTreeMap::new();
    for (to, raw) in &mails {
        let (text, link) = text_and_link(raw);
        assert!(
            text.contains("Sở Công Thương") && text.contains("Mật khẩu hộp thư công vụ"),
            "{text}"
        );
        assert!(raw.contains("Bộ phận Quản trị hệ thống") || raw.contains("=?utf-8?"), "{raw}");
        links.insert(to[0].clone(), link);
    }
    let lan = links["lan@so.gov.vn"].clone();
    assert_ne!(lan, links["binh@so.gov.vn"]);

    // Scanners: a HEAD, a library's agent, and a browser agent within seconds of delivery.
    let c = &app.client;
    assert_eq!(
        c.head(&lan).header("user-agent", BROWSER).send().await.unwrap().status(),
        StatusCode::OK
    );
    c.get(&lan).header("user-agent", "python-requests/2.31").send().await.unwrap();
    c.get(&lan).header("user-agent", BROWSER).send().await.unwrap();
    let t = app.store.campaign_targets(campaign.id).await.unwrap();
    assert!(t.iter().all(|t| t.clicked_at.is_none()), "no click counted yet: {t:?}");
    assert!(app.store.scanner_hits(campaign.id).await.unwrap() >= 3);

    // A person clicks later: the sign-in page's fields have no names.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let page =
        c.get(&lan).header("user-agent", BROWSER).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("type=\"password\""), "{page}");
    let inputs: Vec<&str> =
        page.split("<input").skip(1).map(|s| s.split('>').next().unwrap()).collect();
    assert_eq!(inputs.len(), 2);
    assert!(
        inputs.iter().all(|i| !i.contains("name=")),
        "fields without names send nothing: {inputs:?}"
    );
    // Even a crafted post with fields is not read: only the fact of a submit is kept.
    let res = c
        .post(&lan)
        .header("user-agent", BROWSER)
        .form(&[("username", "lan"), ("password", "mật-khẩu-bí-mật-123")])
        .send()
        .await
        .unwrap();
    let lesson = res.text().await.unwrap();
    assert!(
        lesson.contains("Đây là thư mô phỏng") && lesson.contains("không nhận, không lưu"),
        "{lesson}"
    );
    assert!(lesson.contains("Thúc ép thời gian"), "the template's red flags: {lesson}");

    // Binh's mail client loads the image, then Binh reports the message.
    let binh = links["binh@so.gov.vn"].clone();
    let gif = c.get(format!("{binh}/o.gif")).header("user-agent", BROWSER).send().await.unwrap();
    assert_eq!(gif.headers()["content-type"], "image/gif");
    let (_, raw) = mails.iter().find(|(to, _)| to[0] == "binh@so.gov.vn").unwrap();
    let (text, _) = text_and_link(raw);
    let mut binh_user = app.login("binh", PASSWORD).await;
    let (s, _) = app.get(&mut binh_user, "/bao-cao-thu").await;
    assert_eq!(s, StatusCode::OK);
    let csrf = binh_user.csrf.clone();
    let (s, page) =
        app.post_form(&mut binh_user, "/bao-cao-thu", &[("csrf", &csrf), ("message", &text)]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Cảm ơn bạn!"), "{page}");
    // Something that is not a simulation is pointed to the scam check.
    let csrf = binh_user.csrf.clone();
    let (_, page) = app
        .post_form(
            &mut binh_user,
            "/bao-cao-thu",
            &[("csrf", &csrf), ("message", "Nhận quà tại http://qua-tang.example/abc")],
        )
        .await;
    assert!(page.contains("không phải thư mô phỏng"), "{page}");

    // Chi forwards the message to the address the server watches: a report too.
    let (_, raw_chi) = mails.iter().find(|(to, _)| to[0] == "chi@so.gov.vn").unwrap();
    let (chi_text, _) = text_and_link(raw_chi);
    let forward = lettre::Message::builder()
        .from("chi@so.gov.vn".parse().unwrap())
        .to("bao-cao@so.gov.vn".parse().unwrap())
        .subject("Fwd: thư đáng ngờ")
        .body(format!("---------- Forwarded message ----------\n{chi_text}"))
        .unwrap();
    let listener = app.report_smtp.expect("the report listener");
    tokio::task::spawn_blocking(move || {
        use lettre::Transport;
        lettre::SmtpTransport::builder_dangerous(listener.ip().to_string())
            .port(listener.port())
            .build()
            .send(&forward)
    })
    .await
    .unwrap()
    .expect("the listener takes the forwarded mail");
    for _ in 0..100 {
        let t = app.store.campaign_targets(campaign.id).await.unwrap();
        if t.iter().any(|x| x.email == "chi@so.gov.vn" && x.reported_at.is_some()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // What was stored.
    let t = app.store.campaign_targets(campaign.id).await.unwrap();
    let by = |e: &str| t.iter().find(|x| x.email == e).unwrap().clone();
    assert!(by("lan@so.gov.vn").clicked_at.is_some() && by("lan@so.gov.vn").submitted_at.is_some());
    assert!(by("binh@so.gov.vn").opened_at.is_some() && by("binh@so.gov.vn").reported_at.is_some());
    assert!(by("binh@so.gov.vn").clicked_at.is_none());
    assert!(by("chi@so.gov.vn").reported_at.is_some() && by("chi@so.gov.vn").clicked_at.is_none());

    // The campaign report and the people at risk.
    let (s, page) = app.get(&mut officer, &format!("/simulation/{}", campaign.id)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("3 / 3"), "{page}");
    assert!(page.contains("<td>Nhập thông tin (submitted)</td><td>1</td><td>33%</td>"), "{page}");
    assert!(
        page.contains("<td>Báo cáo thư đáng ngờ (reported)</td><td>2</td><td>66%</td>"),
        "{page}"
    );
    let (_, page) = app.get(&mut officer, "/simulation").await;
    assert!(
        page.contains("lan@so.gov.vn") && !page.contains("<td>binh@so.gov.vn</td>"),
        "only people who clicked are at risk: {page}"
    );
    assert!(page.contains("Thanh tra") && page.contains("Văn phòng"));
    let audit: Vec<String> =
        app.store.audit_entries(50).await.unwrap().into_iter().map(|e| e.action).collect();
    assert!(audit.iter().any(|a| a == "simulation_created"));
}

/// A text-message campaign through a real HTTP SMS gateway (a small axum server that keeps what
/// it is posted): one message per phone number with its own link, the bearer token sent, and
/// a tap on the link teaching at once.
#[tokio::test]
async fn a_text_message_campaign_through_an_http_gateway() {
    use std::sync::{Arc, Mutex};
    type Got = Arc<Mutex<Vec<(Option<String>, serde_json::Value)>>>;
    let got: Got = Arc::default();
    let keep = got.clone();
    let gateway = axum::Router::new().route(
        "/send",
        axum::routing::post(
            move |headers: axum::http::HeaderMap, axum::Json(v): axum::Json<serde_json::Value>| {
                let keep = keep.clone();
                async move {
                    let auth = headers
                        .get("authorization")
                        .and_then(|h| h.to_str().ok())
                        .map(str::to_string);
                    keep.lock().unwrap().push((auth, v));
                    "ok"
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let gw = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, gateway).await });

    let app = start_with(|c| {
        c.reminder_every = Duration::from_millis(200);
        c.sim_scanner_window = Duration::ZERO;
    })
    .await;
    let sms =
        json!({"kind": "http", "url": format!("http://{gw}/send"), "token": "khoa-cong-tin-nhan"});
    app.store.set_comply_setting("sms", &sms.to_string(), "test").await.unwrap();
    let mut officer = app.user("canbo", Role::Officer).await;
    let csrf = officer.csrf.clone();
    let (s, page) = app
        .post_form(
            &mut officer,
            "/simulation",
            &[
                ("csrf", &csrf),
                ("name", "Tin nhắn"),
                ("template", "tin-nhan-phat-nguoi"),
                ("targets", "lan@so.gov.vn"),
                ("spread_minutes", "0"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "an SMS campaign needs phone numbers");
    assert!(page.contains("phone number"), "{page}");
    let csrf = officer.csrf.clone();
    let (s, _) = app
        .post_form(
            &mut officer,
            "/simulation",
            &[
                ("csrf", &csrf),
                ("name", "Tin nhắn"),
                ("template", "tin-nhan-phat-nguoi"),
                ("targets", "0912 345 678, Lan, Văn phòng\n0987.654.321, Bình"),
                ("spread_minutes", "0"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    for _ in 0..100 {
        if got.lock().unwrap().len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let got = got.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|(auth, _)| auth.as_deref() == Some("Bearer khoa-cong-tin-nhan")));
    let lan = got.iter().find(|(_, v)| v["to"] == "0912345678").expect("Lan's message");
    let text = lan.1["text"].as_str().unwrap();
    assert!(text.starts_with("Lan: phuong tien") && text.chars().count() <= 201, "{text}");
    let link: String =
        text[text.find("http://").unwrap()..].chars().take_while(|c| !c.is_whitespace()).collect();
    let page = app
        .client
        .get(&link)
        .header("user-agent", "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Đây là thư mô phỏng") && page.contains("không gửi đường dẫn nộp phạt"),
        "{page}"
    );
    let campaign = app.store.campaigns().await.unwrap()[0].clone();
    assert_eq!(campaign.channel, "sms");
    let clicked = app
        .store
        .campaign_targets(campaign.id)
        .await
        .unwrap()
        .iter()
        .filter(|t| t.clicked_at.is_some())
        .count();
    assert_eq!(clicked, 1);
}
