//! End to end in a real headless Chromium (Debian's `chromium` and `chromium-driver`, driven
//! through WebDriver with fantoccini): the scam desk, the language switch, sign-in, the
//! document desk's upload, the session cookie out of reach of scripts, a phone-sized window,
//! and a scam report: a citizen reports a number from the result page → an officer (signing
//! in with a second factor) accepts it → the next check of that number is flagged; and the
//! officer records a personal-data breach, reads its clocks, exports the Form 08 draft and
//! marks the notice sent; a member of staff passes a lesson's quiz; and the officer runs a
//! phishing simulation whose message arrives by SMTP and whose landing page teaches at once.
//!
//! Runs when `chromedriver` is found (`KHIEN_CHROMEDRIVER` or the PATH); skipped with a note
//! otherwise, except when `KHIEN_BROWSER_TESTS=1` (set by `.ci/run`), where a missing browser
//! is a failure.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::{PASSWORD, sample, smtp_server, start_with, wait_for};
use fantoccini::{ClientBuilder, Locator};
use khien_store::Role;

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromedriver() -> Option<String> {
    if let Ok(p) = std::env::var("KHIEN_CHROMEDRIVER") {
        return Some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("chromedriver"))
        .find(|p| p.is_file())
        .map(|p| p.display().to_string())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[tokio::test]
async fn a_person_uses_the_pages_in_a_real_browser() {
    let Some(driver_bin) = chromedriver() else {
        if std::env::var("KHIEN_BROWSER_TESTS").as_deref() == Ok("1") {
            panic!("KHIEN_BROWSER_TESTS=1 but no chromedriver: install chromium-driver");
        }
        eprintln!("skipping the browser test: no chromedriver (apt-get install chromium-driver)");
        return;
    };
    let port = free_port();
    let _driver = Driver(
        Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let (smtp_port, inbox) = smtp_server();
    let app = start_with(|c| {
        c.reminder_every = Duration::from_millis(200);
        c.sim_scanner_window = Duration::ZERO;
    })
    .await;
    let mail = serde_json::json!({"host": "127.0.0.1", "port": smtp_port, "security": "none", "from": "Khiên <khien@so.gov.vn>"});
    app.store.set_comply_setting("mail", &mail.to_string(), "test").await.unwrap();
    app.store.create_user("lan", Role::Staff, PASSWORD).await.unwrap();
    app.store.create_user("tuan", Role::Officer, PASSWORD).await.unwrap();

    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,900"]
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let mut client = None;
    for _ in 0..50 {
        match ClientBuilder::new(connector.clone())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let c = client.expect("a WebDriver session");
    let result = async {
        // The public scam desk.
        c.goto(&app.url("/")).await?;
        c.find(Locator::Css("textarea#text"))
            .await?
            .send_keys(
                "Cục Thuế thông báo: truy cập https://thuedientu-gov.vn.xyz để tránh bị phạt",
            )
            .await?;
        c.find(Locator::Css("form[action='/check'] button[type=submit]")).await?.click().await?;
        // Each click may return before the next page has loaded on a busy machine: wait for it.
        let patience = std::time::Duration::from_secs(60);
        let verdict =
            c.wait().at_most(patience).for_element(Locator::Css("p.verdict")).await?.text().await?;
        assert!(verdict.contains("NGUY HIỂM"), "{verdict}");
        // The English switch.
        c.find(Locator::LinkText("English")).await?.click().await?;
        let lang = c
            .wait()
            .at_most(patience)
            .for_element(Locator::Css("html[lang='en']"))
            .await?
            .attr("lang")
            .await?;
        assert_eq!(lang.as_deref(), Some("en"));

        // A phone-sized window: one column, nothing wider than the screen.
        c.set_window_size(375, 740).await?;
        c.goto(&app.url("/")).await?;
        let fits = c
            .execute("return document.documentElement.scrollWidth <= window.innerWidth", vec![])
            .await?;
        assert_eq!(fits, serde_json::Value::Bool(true));
        c.set_window_size(1200, 900).await?;

        // Sign in and upload at the document desk.
        c.goto(&app.url("/login")).await?;
        c.find(Locator::Id("username")).await?.send_keys("lan").await?;
        c.find(Locator::Id("password")).await?.send_keys(PASSWORD).await?;
        c.find(Locator::Css("form[action='/login'] button[type=submit]")).await?.click().await?;
        c.wait().at_most(patience).for_element(Locator::Id("files")).await?;
        assert!(c.current_url().await?.path().ends_with("/desk/documents"));
        let cookies = c.execute("return document.cookie", vec![]).await?;
        assert!(!cookies.as_str().unwrap_or("").contains("khien_session"), "HttpOnly");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ho-so.txt");
        std::fs::write(&file, sample()).unwrap();
        c.find(Locator::Id("files")).await?.send_keys(&file.display().to_string()).await?;
        c.find(Locator::Css("form[action='/desk/documents'] button[type=submit]"))
            .await?
            .click()
            .await?;
        // The click returns before the results page has loaded on a busy machine: wait for
        // the file's heading.
        c.wait()
            .at_most(patience)
            .for_element(Locator::XPath("//h2[contains(., 'ho-so.txt')]"))
            .await?;
        let page = c.source().await?;
        assert!(page.contains("ho-so.txt") && page.contains("(phone)"), "{page}");
        assert!(!page.contains("0912345678"));
        assert!(page.contains("ho-so.deid.txt"));
        // Lan takes a lesson's quiz and passes it.
        c.goto(&app.url("/learn/lessons/gia-danh-cong-an/quiz")).await?;
        let qs = c
            .find(Locator::Css("input[name='qs']"))
            .await?
            .attr("value")
            .await?
            .unwrap_or_default();
        let content = khien_learn::Content::embedded();
        for (i, id) in qs.split(',').enumerate() {
            let answer = content.question(id).expect("a question of the bank").answer;
            c.find(Locator::Css(&format!("input[name='a{i}'][value='{answer}']")))
                .await?
                .click()
                .await?;
        }
        c.find(Locator::Css("form[action$='/quiz'] button[type=submit]")).await?.click().await?;
        let result = c
            .wait()
            .at_most(patience)
            .for_element(Locator::XPath("//p[@role='status' and contains(., '%')]"))
            .await?
            .text()
            .await?;
        assert!(result.contains("100%") && result.contains("Đạt"), "{result}");
        c.find(Locator::Css("form[action='/logout'] button[type=submit]")).await?.click().await?;
        c.wait().at_most(patience).for_element(Locator::Css("textarea#text")).await?;

        // A citizen checks a number, then reports it from the result page.
        let number = "0987654321";
        c.find(Locator::Css("textarea#text")).await?.send_keys(number).await?;
        c.find(Locator::Css("form[action='/check'] button[type=submit]")).await?.click().await?;
        c.wait().at_most(patience).for_element(Locator::Css("p.verdict")).await?;
        let before = c.find(Locator::Css("p.verdict")).await?.text().await?;
        assert!(!before.contains("NGUY HIỂM"), "{before}");
        c.find(Locator::Id("r_phone")).await?.send_keys(number).await?;
        c.find(Locator::Id("r_description"))
            .await?
            .send_keys("Gọi tự xưng ngân hàng, đòi mã OTP")
            .await?;
        c.find(Locator::Css("form[action='/report'] button[type=submit]")).await?.click().await?;
        let id =
            c.wait().at_most(patience).for_element(Locator::Id("report-id")).await?.text().await?;

        // The officer signs in with the second factor and accepts the report.
        c.goto(&app.url("/login")).await?;
        c.find(Locator::Id("username")).await?.send_keys("tuan").await?;
        c.find(Locator::Id("password")).await?.send_keys(PASSWORD).await?;
        c.find(Locator::Css("form[action='/login'] button[type=submit]")).await?.click().await?;
        let secret = c
            .wait()
            .at_most(patience)
            .for_element(Locator::Id("totp-secret"))
            .await?
            .text()
            .await?;
        let code = khien_store::totp_code(secret.trim(), khien_store::now()).unwrap();
        c.find(Locator::Id("code")).await?.send_keys(&code).await?;
        c.find(Locator::Css("form[action='/login/second-factor'] button[type=submit]"))
            .await?
            .click()
            .await?;
        c.wait().at_most(patience).for_element(Locator::Id("recovery-codes")).await?;
        c.goto(&app.url(&format!("/desk/reports/{}", id.trim()))).await?;
        c.find(Locator::Css("form[action$='/accept'] button[type=submit]")).await?.click().await?;
        let status = c
            .wait()
            .at_most(patience)
            .for_element(Locator::XPath(
                "//span[@id='report-status' and contains(., 'Đã chấp nhận')]",
            ))
            .await?
            .text()
            .await?;
        assert!(status.contains("Đã chấp nhận"));

        // The officer records a personal-data breach, sees its clocks, exports the Form 08
        // draft and marks the notice to the authority as sent.
        c.goto(&app.url("/compliance")).await?;
        c.find(Locator::Id("title")).await?.send_keys("Lộ danh sách người nộp hồ sơ").await?;
        c.execute("document.getElementById('discovered_at').value = '2026-12-04T22:15'", vec![])
            .await?;
        c.find(Locator::Css("input[name='data'][value='location']")).await?.click().await?;
        c.find(Locator::Id("place")).await?.send_keys("Máy chủ một cửa").await?;
        c.find(Locator::Css("form[action='/compliance/incidents'] button[type=submit]"))
            .await?
            .click()
            .await?;
        c.wait()
            .at_most(patience)
            .for_element(Locator::XPath("//h2[contains(., 'Mẫu số 08')]"))
            .await?;
        let page = c.source().await?;
        assert!(page.contains("22:15 ngày 07/12/2026"), "the 72-hour clock: {page}");
        assert!(page.contains("chủ thể dữ liệu bị ảnh hưởng"), "location data: {page}");
        let href = c
            .find(Locator::Css("a[href$='/form08.docx']"))
            .await?
            .attr("href")
            .await?
            .expect("a link to the draft");
        // The session cookie is HttpOnly: WebDriver reads it for the download, scripts cannot.
        let session = c.get_named_cookie("khien_session").await?;
        let docx = app
            .client
            .get(app.url(&href))
            .header("cookie", format!("khien_session={}", session.value()))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let text: String =
            khien_extract::extract("mau-08.docx", &docx, &khien_extract::Limits::default())
                .unwrap()
                .segments
                .iter()
                .map(|s| s.text.clone())
                .collect::<Vec<_>>()
                .join("\n");
        assert!(text.contains("THÔNG BÁO VI PHẠM QUY ĐỊNH VỀ BẢO VỆ DỮ LIỆU CÁ NHÂN"), "{text}");
        assert!(
            text.contains("Máy chủ một cửa") && text.contains("22:15 ngày 04/12/2026"),
            "{text}"
        );
        c.find(Locator::Css("form[action$='/done'] button[type=submit]")).await?.click().await?;
        c.wait()
            .at_most(patience)
            .for_element(Locator::XPath("//span[contains(., 'đã thực hiện')]"))
            .await?;

        // The officer runs a phishing simulation: the message arrives by SMTP, the recipient
        // follows the link in the browser, "signs in" and is taught at once; the report counts it.
        c.goto(&app.url("/simulation")).await?;
        c.find(Locator::Id("name")).await?.send_keys("Thử nghiệm tháng 12").await?;
        c.find(Locator::Id("targets"))
            .await?
            .send_keys("lan@so.gov.vn, Nguyễn Lan, Văn phòng")
            .await?;
        // Send now, whatever the hour the test runs at.
        c.execute(
            "document.getElementById('spread_minutes').value = '0'; document.getElementById('window_from').value = ''; document.getElementById('window_to').value = '';",
            vec![],
        )
        .await?;
        c.find(Locator::Css("form[action='/simulation'] button[type=submit]"))
            .await?
            .click()
            .await?;
        c.wait()
            .at_most(patience)
            .for_element(Locator::XPath("//h1[contains(., 'Thử nghiệm tháng 12')]"))
            .await?;
        let report_url = c.current_url().await?;
        let mails = wait_for(&inbox, 1).await;
        let raw = &mails.first().expect("the simulation message").1;
        let text: String =
            khien_extract::extract("m.eml", raw.as_bytes(), &khien_extract::Limits::default())
                .unwrap()
                .segments
                .iter()
                .map(|s| s.text.clone())
                .collect::<Vec<_>>()
                .join("\n");
        let at = text.find("http://").expect("a link");
        let link: String = text[at..].chars().take_while(|ch| !ch.is_whitespace()).collect();
        c.goto(&link).await?;
        c.find(Locator::Css("input[type=password]"))
            .await?
            .send_keys("không-bao-giờ-gửi-đi")
            .await?;
        c.find(Locator::Css("form button[type=submit]")).await?.click().await?;
        // Wait for the lesson's own heading: the landing page has an h1 too, and the click may
        // return before the next page has loaded.
        let lesson = c
            .wait()
            .at_most(patience)
            .for_element(Locator::XPath("//h1[contains(., 'mô phỏng')]"))
            .await?
            .text()
            .await?;
        assert!(lesson.contains("mô phỏng"), "{lesson}");
        c.goto(report_url.as_str()).await?;
        let report = c.source().await?;
        assert!(
            report.contains("<td>Nhập thông tin (submitted)</td><td>1</td><td>100%</td>"),
            "{report}"
        );

        // The next check of that number is flagged.
        c.goto(&app.url("/")).await?;
        c.find(Locator::Css("textarea#text")).await?.send_keys(number).await?;
        c.find(Locator::Css("form[action='/check'] button[type=submit]")).await?.click().await?;
        let after =
            c.wait().at_most(patience).for_element(Locator::Css("p.verdict")).await?.text().await?;
        assert!(after.contains("NGUY HIỂM"), "{after}");
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    c.close().await.ok();
    result.expect("the browser walk-through");
}
