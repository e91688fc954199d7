//! A real server on 127.0.0.1:0 over a real database, and a real HTTP client.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use khien_server::{Config, Server};
use khien_store::{Role, Store};
use mailin_embedded::{Handler, Response, SslConfig, response};
use reqwest::StatusCode;
use reqwest::redirect::Policy;

pub const PASSWORD: &str = "ngựa vằn uống trà sữa lúc bình minh";

pub struct App {
    pub base: String,
    /// The listener for forwarded suspicious mail, when the configuration asked for one.
    pub report_smtp: Option<std::net::SocketAddr>,
    pub store: Store,
    pub setup_link: Option<String>,
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for App {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

pub async fn start() -> App {
    start_with(|_| {}).await
}

pub async fn start_with(tune: impl FnOnce(&mut Config)) -> App {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(dir.path().join("data"));
    config.listen = "127.0.0.1:0".parse().unwrap();
    tune(&mut config);
    let server = Server::bind(config.clone()).await.expect("server starts");
    let base = format!("http://{}", server.addr);
    let setup_link = server.setup_link.clone();
    let report_smtp = server.report_smtp_addr;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.run(async {
        let _ = rx.await;
    }));
    let store = khien_server::open_store(&config).await.unwrap();
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    App { base, report_smtp, store, setup_link, client, _dir: dir, shutdown: Some(tx) }
}

/// The value of cookie `name` in the response's Set-Cookie headers.
pub fn set_cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find_map(|c| {
        let first = c.split(';').next()?;
        let (k, v) = first.split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

/// The CSRF token in a page's first form.
pub fn csrf_in(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

/// A browser-like caller: its cookies, and the CSRF token of the last page it read.
#[derive(Clone, Debug, Default)]
pub struct Caller {
    pub cookies: Vec<(String, String)>,
    pub csrf: String,
    pub bearer: Option<String>,
}

impl Caller {
    pub fn header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }
    pub fn set(&mut self, name: &str, value: String) {
        self.cookies.retain(|(k, _)| k != name);
        self.cookies.push((name.to_string(), value));
    }
    pub fn absorb(&mut self, res: &reqwest::Response) {
        for name in ["khien_session", "khien_anon"] {
            if let Some(v) = set_cookie(res, name) {
                self.set(name, v);
            }
        }
    }
}

impl App {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, who: &mut Caller, path: &str) -> (StatusCode, String) {
        let mut req = self.client.get(self.url(path)).header("cookie", who.header());
        if let Some(b) = &who.bearer {
            req = req.bearer_auth(b);
        }
        let res = req.send().await.unwrap();
        who.absorb(&res);
        let status = res.status();
        let body = res.text().await.unwrap();
        if body.contains("name=\"csrf\" value=\"") {
            who.csrf = csrf_in(&body);
        }
        (status, body)
    }

    pub async fn post_form(
        &self,
        who: &mut Caller,
        path: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, String) {
        let mut req = self.client.post(self.url(path)).header("cookie", who.header()).form(fields);
        if let Some(b) = &who.bearer {
            req = req.bearer_auth(b);
        }
        let res = req.send().await.unwrap();
        who.absorb(&res);
        let status = res.status();
        let body = res.text().await.unwrap();
        if body.contains("name=\"csrf\" value=\"") {
            who.csrf = csrf_in(&body);
        }
        (status, body)
    }

    /// Signs in through the pages; returns the signed-in caller. Administrators and officers
    /// are enrolled in TOTP on the way if they are not yet (the key read from the page).
    pub async fn login(&self, username: &str, password: &str) -> Caller {
        self.login_with(username, password, None).await
    }

    /// Signs in with `second` as the second factor when one is asked for.
    pub async fn login_with(&self, username: &str, password: &str, second: Option<&str>) -> Caller {
        let mut who = Caller::default();
        let (s, _) = self.get(&mut who, "/login").await;
        assert_eq!(s, StatusCode::OK);
        let csrf = who.csrf.clone();
        let res = self
            .client
            .post(self.url("/login"))
            .header("cookie", who.header())
            .form(&[("csrf", csrf.as_str()), ("username", username), ("password", password)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "sign-in of {username}");
        who.absorb(&res);
        assert!(who.cookies.iter().any(|(k, _)| k == "khien_session"));
        if res.headers()["location"] == "/login/second-factor" {
            let (s, page) = self.get(&mut who, "/login/second-factor").await;
            assert_eq!(s, StatusCode::OK);
            let code = match page.find("id=\"totp-secret\">") {
                Some(at) => {
                    let secret = page[at + 17..].split('<').next().unwrap().to_string();
                    khien_store::totp_code(&secret, khien_store::now()).unwrap()
                }
                None => second.expect("a second factor").to_string(),
            };
            let csrf = who.csrf.clone();
            let (s, _) = self
                .post_form(&mut who, "/login/second-factor", &[("csrf", &csrf), ("code", &code)])
                .await;
            assert!(s == StatusCode::OK || s == StatusCode::SEE_OTHER, "second factor: {s}");
        }
        // Read a page to pick up the session's CSRF token.
        let (s, _) = self.get(&mut who, "/desk/documents").await;
        assert_eq!(s, StatusCode::OK);
        who
    }

    pub async fn user(&self, username: &str, role: Role) -> Caller {
        self.store.create_user(username, role, PASSWORD).await.unwrap();
        self.login(username, PASSWORD).await
    }

    pub async fn token(&self) -> Caller {
        let secret = self.store.create_api_token("test-agent").await.unwrap();
        Caller { bearer: Some(secret), ..Caller::default() }
    }

    pub async fn multipart(
        &self,
        who: &Caller,
        path: &str,
        csrf: Option<&str>,
        files: &[(&str, Vec<u8>)],
    ) -> reqwest::Response {
        let mut form = reqwest::multipart::Form::new();
        if let Some(c) = csrf {
            form = form.text("csrf", c.to_string());
        }
        for (name, bytes) in files {
            form = form.part(
                "file",
                reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.to_string()),
            );
        }
        let mut req =
            self.client.post(self.url(path)).header("cookie", who.header()).multipart(form);
        if let Some(b) = &who.bearer {
            req = req.bearer_auth(b);
        }
        req.send().await.unwrap()
    }
}

/// A small text file with personal data in it.
pub fn sample() -> Vec<u8> {
    "Họ và tên: Nguyễn Văn An\nSố CCCD: 001099012345\nĐiện thoại: 0912345678\n".as_bytes().to_vec()
}

/// A QR code of `text` as a PNG: 6 pixels per module, with a quiet zone.
pub fn qr_png(text: &str) -> Vec<u8> {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let n = code.width() as u32;
    let colors = code.to_colors();
    let scale = 6;
    let side = (n + 8) * scale;
    let img = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (x / scale, y / scale);
        let dark = (4..n + 4).contains(&mx)
            && (4..n + 4).contains(&my)
            && colors[((my - 4) * n + (mx - 4)) as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

/// Posts a multipart form of text fields and an optional QR image (field `qr`).
pub async fn post_multipart(
    app: &App,
    who: &mut Caller,
    path: &str,
    fields: &[(&str, &str)],
    image: Option<Vec<u8>>,
) -> (StatusCode, String) {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    if let Some(bytes) = image {
        form = form.part("qr", reqwest::multipart::Part::bytes(bytes).file_name("qr.png"));
    }
    let res = app
        .client
        .post(app.url(path))
        .header("cookie", who.header())
        .multipart(form)
        .send()
        .await
        .unwrap();
    who.absorb(&res);
    let status = res.status();
    let body = res.text().await.unwrap();
    if body.contains("name=\"csrf\" value=\"") {
        who.csrf = csrf_in(&body);
    }
    (status, body)
}

// ------------------------------------------------------------------------------------------
// A real SMTP server on loopback (mailin-embedded) that keeps what it receives.

/// Messages received: (recipients, raw message).
pub type Inbox = Arc<Mutex<Vec<(Vec<String>, String)>>>;

#[derive(Clone)]
pub struct Capture {
    inbox: Inbox,
    to: Vec<String>,
    buf: Vec<u8>,
}

impl Handler for Capture {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.buf.clear();
        response::OK
    }
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.buf.extend_from_slice(buf);
        Ok(())
    }
    fn data_end(&mut self) -> Response {
        let text = String::from_utf8_lossy(&self.buf).to_string();
        self.inbox.lock().unwrap().push((self.to.clone(), text));
        response::OK
    }
}

pub fn smtp_server() -> (u16, Inbox) {
    let inbox: Inbox = Arc::default();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut server =
        mailin_embedded::Server::new(Capture { inbox: inbox.clone(), to: vec![], buf: vec![] });
    server.with_name("mail.test").with_ssl(SslConfig::None).unwrap().with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    (port, inbox)
}

pub async fn wait_for(inbox: &Inbox, n: usize) -> Vec<(Vec<String>, String)> {
    for _ in 0..200 {
        if inbox.lock().unwrap().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    inbox.lock().unwrap().clone()
}
