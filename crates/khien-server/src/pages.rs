//! Server-rendered pages (maud): no JavaScript, labelled fields, high contrast, one column on
//! a phone. Vietnamese first, English with `?lang=en`.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use khien_judge::render;
use khien_store::{Login, Role, Stage};
use maud::{DOCTYPE, Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{self, ANON_COOKIE, Person, SESSION_COOKIE};

/// The language of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub(crate) fn parse(s: Option<&str>) -> Lang {
        if s == Some("en") { Lang::En } else { Lang::Vi }
    }
    pub(crate) fn t<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        if self == Lang::En { en } else { vi }
    }
    pub(crate) fn code(self) -> &'static str {
        self.t("vi", "en")
    }
}

const STYLE: &str = "
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#111;background:#fff;line-height:1.5;font-size:1.05rem}
header,main,footer{max-width:52rem;margin:0 auto;padding:1rem}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;border-bottom:3px solid #0b3d91}
header a{color:#0b3d91;font-weight:600}
header .brand{font-size:1.3rem;margin-right:auto;text-decoration:none;color:#0b3d91}
a{color:#0b3d91}
label{display:block;font-weight:600;margin-top:1rem}
input[type=text],input[type=password],textarea,select{width:100%;padding:.6rem;font:inherit;border:2px solid #555;border-radius:4px}
textarea{min-height:8rem}
input:focus,textarea:focus,select:focus,button:focus,a:focus{outline:3px solid #f5a623;outline-offset:2px}
button{margin-top:1rem;padding:.7rem 1.4rem;font:inherit;font-weight:700;color:#fff;background:#0b3d91;border:0;border-radius:4px;cursor:pointer}
button.link{background:none;color:#0b3d91;padding:0;margin:0;text-decoration:underline;font-weight:600}
.verdict{padding:1rem;border-radius:6px;border:3px solid;font-size:1.3rem;font-weight:700}
.dangerous{background:#fde8e8;border-color:#a10000;color:#700}
.suspicious{background:#fff4d6;border-color:#8a5a00;color:#5c3b00}
.no_signs{background:#e6f4ea;border-color:#1e6b34;color:#124a22}
.unknown{background:#eef1f6;border-color:#444;color:#222}
.explain{white-space:pre-wrap;font-family:inherit}
.error{background:#fde8e8;border-left:6px solid #a10000;padding:.8rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #999;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eef1f6}
.muted{color:#444}
@media print{header nav,header form,footer{display:none}a{color:#000}}
@media (max-width:40rem){table,thead,tbody,tr,th,td{display:block}th{display:none}td{border:0;padding:.15rem 0}tr{border-bottom:1px solid #999;padding:.4rem 0}}
";

/// The page frame.
pub(crate) fn layout(
    lang: Lang,
    title: &str,
    who: Option<&Person>,
    csrf: &str,
    body: Markup,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — Khiên" }
                style { (maud::PreEscaped(STYLE)) }
            }
            body {
                header {
                    a.brand href={ "/?lang=" (lang.code()) } { "Khiên" }
                    nav aria-label=(lang.t("Điều hướng", "Navigation")) {
                        a href={ "/?lang=" (lang.code()) } { (lang.t("Kiểm tra lừa đảo", "Scam check")) }
                        " · "
                        a href={ "/report?lang=" (lang.code()) } { (lang.t("Báo cáo lừa đảo", "Report a scam")) }
                        " · "
                        a href={ "/blocklist?lang=" (lang.code()) } { (lang.t("Danh sách đã xác minh", "Verified list")) }
                        " · "
                        a href={ "/canh-bao?lang=" (lang.code()) } { (lang.t("Cảnh báo", "Warnings")) }
                        " · "
                        @if let Some(p) = who {
                            a href="/desk/documents" { (lang.t("Bàn tài liệu", "Document desk")) }
                            " · " a href={ "/learn?lang=" (lang.code()) } { (lang.t("Học tập", "Learning")) }
                            @if matches!(p.user.role, Role::Officer | Role::Administrator) {
                                " · " a href="/desk/reports" { (lang.t("Xử lý báo cáo", "Moderation")) }
                                " · " a href="/desk/appeals" { (lang.t("Khiếu nại", "Appeals")) }
                                " · " a href="/admin/audit" { (lang.t("Nhật ký", "Audit log")) }
                                " · " a href="/inventory" { (lang.t("Kiểm kê", "Inventory")) }
                                " · " a href="/compliance" { (lang.t("Tuân thủ", "Compliance")) }
                                " · " a href="/simulation" { (lang.t("Mô phỏng", "Simulation")) }
                                " · " a href="/dashboard" { (lang.t("Bảng điều khiển", "Dashboard")) }
                            }
                            @if p.user.role == Role::Administrator {
                                " · " a href="/admin/users" { (lang.t("Tài khoản", "Accounts")) }
                                " · " a href="/admin/tokens" { (lang.t("Mã API", "API tokens")) }
                            }
                        } @else {
                            a href={ "/login?lang=" (lang.code()) } { (lang.t("Đăng nhập cán bộ", "Staff sign-in")) }
                        }
                        " · "
                        @if lang == Lang::En { a href="?lang=vi" lang="vi" { "Tiếng Việt" } }
                        @else { a href="?lang=en" lang="en" { "English" } }
                    }
                    @if let Some(p) = who {
                        form method="post" action="/logout" {
                            input type="hidden" name="csrf" value=(csrf);
                            span.muted { (p.user.username) " " }
                            button.link type="submit" { (lang.t("Đăng xuất", "Sign out")) }
                        }
                    }
                }
                main { h1 { (title) } (body) }
                footer.muted { small { (lang.t("Khiên chạy tại cơ quan; tin nhắn và tệp không rời máy chủ.", "Khiên runs on the premises; messages and files never leave this server.")) } }
            }
        }
    }
}

/// A page answer with a status.
pub(crate) fn error_page(status: StatusCode, message: &str) -> Response {
    let body = html! { p.error role="alert" { (message) } p { a href="/" { "Trang chủ (home)" } } };
    (
        status,
        Html(
            layout(Lang::Vi, status.canonical_reason().unwrap_or("Lỗi"), None, "", body)
                .into_string(),
        ),
    )
        .into_response()
}

/// 503 when the database does not answer.
pub(crate) fn db_unavailable() -> Response {
    error_page(
        StatusCode::SERVICE_UNAVAILABLE,
        "Cơ sở dữ liệu không phản hồi (database unavailable).",
    )
}

/// The fields of a form read raw (fields that repeat, or whose names depend on the form).
pub(crate) fn form_pairs(raw: &[u8]) -> Vec<(String, String)> {
    crate::learn::serde_urlencoded_pairs(raw).unwrap_or_default()
}

/// The first value of a field of [`form_pairs`], empty when absent.
pub(crate) fn form_field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

/// 404 for every unknown path.
pub(crate) async fn not_found() -> Response {
    error_page(StatusCode::NOT_FOUND, "Không tìm thấy trang (not found).")
}

/// The CSRF token for the caller, and a cookie to set for a new anonymous visitor.
async fn form_token(
    state: &AppState,
    headers: &HeaderMap,
) -> (Option<Person>, String, Option<axum::http::HeaderValue>) {
    if let Some(p) = auth::person(state, headers).await {
        let t = auth::csrf_token(state, &p.session);
        return (Some(p), t, None);
    }
    let (anon, new) = auth::anon_binding(headers);
    let t = auth::csrf_token(state, &anon);
    (None, t, new.then(|| auth::set_cookie(state, ANON_COOKIE, &anon, 86_400)))
}

/// The binding a form's token must match.
pub(crate) async fn form_binding(
    state: &AppState,
    headers: &HeaderMap,
) -> (Option<Person>, Option<String>) {
    match auth::person(state, headers).await {
        Some(p) => {
            let s = p.session.clone();
            (Some(p), Some(s))
        }
        None => (None, auth::cookie(headers, ANON_COOKIE)),
    }
}

fn with_cookie(cookie: Option<axum::http::HeaderValue>, page: Markup) -> Response {
    let mut res = Html(page.into_string()).into_response();
    if let Some(c) = cookie {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

/// `?lang=`.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct LangQuery {
    lang: Option<String>,
}

fn check_form(lang: Lang, csrf: &str, text: &str) -> Markup {
    html! {
        form method="post" action="/check" {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="lang" value=(lang.code());
            label for="text" { (lang.t("Tin nhắn, đường link, số điện thoại hoặc số tài khoản", "Message, link, phone number or account number")) }
            textarea id="text" name="text" required maxlength="20000" { (text) }
            label for="sender" { (lang.t("Người gửi (nếu có)", "Sender (optional)")) }
            input id="sender" type="text" name="sender" maxlength="200";
            button type="submit" { (lang.t("Kiểm tra", "Check")) }
        }
    }
}

/// The public scam desk.
pub(crate) async fn home(
    State(state): State<AppState>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = Lang::parse(q.lang.as_deref());
    let (who, csrf, cookie) = form_token(&state, &headers).await;
    let body = html! {
        p { (lang.t("Dán tin nhắn, đường link, số điện thoại hay số tài khoản bạn nghi ngờ. Khiên cho biết mức độ nguy hiểm, lý do và việc nên làm.", "Paste a message, link, phone number or account you doubt. Khiên tells you how dangerous it is, why, and what to do.")) }
        (check_form(lang, &csrf, ""))
        (crate::reports::qr_form(lang, &csrf))
    };
    with_cookie(
        cookie,
        layout(lang, lang.t("Kiểm tra lừa đảo", "Scam check"), who.as_ref(), &csrf, body),
    )
}

/// The scam desk form.
#[derive(Debug, Deserialize)]
pub(crate) struct CheckForm {
    csrf: String,
    text: String,
    #[serde(default)]
    sender: String,
    #[serde(default)]
    lang: Option<String>,
}

/// Judges a pasted message with the same engine and words as `khien check`.
pub(crate) async fn check(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<CheckForm>,
) -> Response {
    let lang = Lang::parse(form.lang.as_deref());
    let (who, binding) = form_binding(&state, &headers).await;
    if !auth::csrf_ok(&state, binding.as_deref(), &form.csrf) {
        return auth::csrf_failed();
    }
    if !state.limiter.allow("check", addr.ip(), state.config.check_per_minute) {
        return auth::too_many();
    }
    let text = form.text.trim().to_string();
    if text.is_empty() || text.len() > 20_000 {
        return error_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            lang.t(
                "Hãy dán nội dung cần kiểm tra (tối đa 20.000 ký tự).",
                "Paste something to check (at most 20,000 characters).",
            ),
        );
    }
    let sender = form.sender.trim().to_string();
    let st = state.clone();
    let judged = tokio::task::spawn_blocking(move || {
        let report = crate::api::judge_text(
            &st.judge.load(),
            &text,
            (!sender.is_empty()).then_some(sender.as_str()),
            None,
        );
        let explained = render::text(
            &st.judge.load(),
            &report,
            if lang == Lang::En { render::Lang::En } else { render::Lang::Vi },
        );
        (report, explained, text)
    })
    .await;
    let Ok((report, explained, text)) = judged else {
        return error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error).");
    };
    let csrf = binding.as_deref().map(|b| auth::csrf_token(&state, b)).unwrap_or_default();
    let body = html! {
        (crate::reports::verdict_section(lang, &report, &explained))
        h2 { (lang.t("Kiểm tra nội dung khác", "Check something else")) }
        (check_form(lang, &csrf, &text))
        (crate::reports::report_after_check(lang, &csrf, &text))
    };
    Html(
        layout(lang, lang.t("Kết quả kiểm tra", "Result"), who.as_ref(), &csrf, body).into_string(),
    )
    .into_response()
}

fn login_form(lang: Lang, csrf: &str, message: Option<&str>) -> Markup {
    html! {
        @if let Some(m) = message { p.error role="alert" { (m) } }
        form method="post" action="/login" {
            input type="hidden" name="csrf" value=(csrf);
            label for="username" { (lang.t("Tên đăng nhập", "Username")) }
            input id="username" type="text" name="username" autocomplete="username" required maxlength="64";
            label for="password" { (lang.t("Mật khẩu", "Password")) }
            input id="password" type="password" name="password" autocomplete="current-password" required maxlength="1024";
            button type="submit" { (lang.t("Đăng nhập", "Sign in")) }
        }
    }
}

/// The sign-in page.
pub(crate) async fn login_page(
    State(state): State<AppState>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = Lang::parse(q.lang.as_deref());
    let (who, csrf, cookie) = form_token(&state, &headers).await;
    if who.is_some() {
        return Redirect::to("/desk/documents").into_response();
    }
    with_cookie(
        cookie,
        layout(
            lang,
            lang.t("Đăng nhập cán bộ", "Staff sign-in"),
            None,
            &csrf,
            login_form(lang, &csrf, None),
        ),
    )
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub(crate) struct LoginForm {
    csrf: String,
    username: String,
    password: String,
}

/// Signs in: rate-limited per address, lockout per account (store), a new session id at
/// every sign-in (an id set before sign-in is never promoted), audited.
pub(crate) async fn login(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let lang = Lang::Vi;
    let binding = auth::cookie(&headers, ANON_COOKIE);
    let existing = auth::cookie(&headers, SESSION_COOKIE);
    let bound = auth::csrf_ok(&state, binding.as_deref(), &form.csrf)
        || existing.as_deref().is_some_and(|s| auth::csrf_ok(&state, Some(s), &form.csrf));
    if !bound {
        return auth::csrf_failed();
    }
    if !state.limiter.allow("login", addr.ip(), state.config.login_per_minute) {
        let _ = state.store.audit("anonymous", "login_rate_limited", &addr.ip().to_string()).await;
        return auth::too_many();
    }
    let csrf = binding.as_deref().map(|b| auth::csrf_token(&state, b)).unwrap_or_default();
    let username = form.username.trim().to_string();
    let outcome = match state.store.login(&username, &form.password, khien_store::now()).await {
        Ok(o) => o,
        Err(_) => {
            return error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error).");
        }
    };
    // The name typed is logged only when it belongs to an account (a password typed into the
    // name field must not land in the log).
    match outcome {
        Login::Ok(user) => {
            if let Some(old) = existing {
                let _ = state.store.delete_session(&old).await;
            }
            // Administrators and officers get a session that opens only the second-factor
            // page; everyone else is signed in.
            let (stage, ttl, next) = if user.role.requires_second_factor() {
                (Stage::SecondFactor, SECOND_FACTOR_TTL, "/login/second-factor")
            } else {
                (Stage::Full, crate::SESSION_TTL, "/desk/documents")
            };
            let Ok(session) = state.store.create_session_at(user.id, ttl, stage).await else {
                return error_page(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Lỗi máy chủ (server error).",
                );
            };
            let action = if stage == Stage::Full { "login" } else { "login_password_ok" };
            let _ = state.store.audit(&auth::actor(&user), action, &addr.ip().to_string()).await;
            let mut res = Redirect::to(next).into_response();
            res.headers_mut().append(
                header::SET_COOKIE,
                auth::set_cookie(&state, SESSION_COOKIE, &session, ttl),
            );
            res
        }
        Login::Denied => {
            let known = state
                .store
                .users()
                .await
                .map(|u| u.iter().any(|u| u.username == username))
                .unwrap_or(false);
            let who = if known { format!("user:{username}") } else { "anonymous".to_string() };
            let _ = state.store.audit(&who, "login_failed", &addr.ip().to_string()).await;
            let page = layout(
                lang,
                "Đăng nhập cán bộ",
                None,
                &csrf,
                login_form(
                    lang,
                    &csrf,
                    Some("Tên đăng nhập hoặc mật khẩu không đúng (wrong username or password)."),
                ),
            );
            (StatusCode::UNAUTHORIZED, Html(page.into_string())).into_response()
        }
        Login::Locked(_) => {
            let _ = state
                .store
                .audit(&format!("user:{username}"), "login_locked", &addr.ip().to_string())
                .await;
            let page = layout(
                lang,
                "Đăng nhập cán bộ",
                None,
                &csrf,
                login_form(
                    lang,
                    &csrf,
                    Some(
                        "Tài khoản tạm khoá 15 phút vì đăng nhập sai nhiều lần (account locked for 15 minutes after repeated failures).",
                    ),
                ),
            );
            (StatusCode::TOO_MANY_REQUESTS, Html(page.into_string())).into_response()
        }
    }
}

/// How long a session waits for its second factor, in seconds.
const SECOND_FACTOR_TTL: i64 = 10 * 60;

/// The session waiting for its second factor.
async fn second_factor_person(state: &AppState, headers: &HeaderMap) -> Option<Person> {
    let session = auth::cookie(headers, SESSION_COOKIE)?;
    let user = state.store.second_factor_user(&session).await.ok().flatten()?;
    Some(Person { user, session })
}

fn second_factor_body(csrf: &str, enrol: Option<(&str, &str)>, message: Option<&str>) -> Markup {
    html! {
        @if let Some(m) = message { p.error role="alert" { (m) } }
        @if let Some((secret, uri)) = enrol {
            p { "Tài khoản quản trị viên và cán bộ cần xác thực hai lớp. Thêm khoá sau vào ứng dụng xác thực (Google Authenticator, Microsoft Authenticator, FreeOTP…), rồi nhập mã 6 số mà ứng dụng hiển thị (administrators and officers need a second factor: add this key to an authenticator app, then enter its six-digit code)." }
            p { "Khoá (key): " code id="totp-secret" { (secret) } }
            p.muted { "Hoặc liên kết (or the link): " code { (uri) } }
        } @else {
            p { "Nhập mã 6 số từ ứng dụng xác thực, hoặc một mã khôi phục (enter the six-digit code from your authenticator app, or a recovery code)." }
        }
        form method="post" action="/login/second-factor" {
            input type="hidden" name="csrf" value=(csrf);
            label for="code" { "Mã xác thực (code)" }
            input id="code" type="text" name="code" autocomplete="one-time-code" required maxlength="32";
            button type="submit" { "Xác nhận (confirm)" }
        }
    }
}

/// The second-factor page: enrolment (a new key at each visit until confirmed) or the code.
pub(crate) async fn second_factor_page(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Response {
    let Some(p) = second_factor_person(&state, &headers).await else {
        return Redirect::to("/login").into_response();
    };
    let csrf = auth::csrf_token(&state, &p.session);
    let title = "Xác thực hai lớp (second factor)";
    if p.user.totp_enabled {
        let body = second_factor_body(&csrf, None, None);
        return Html(layout(Lang::Vi, title, None, &csrf, body).into_string()).into_response();
    }
    let Ok(Some(secret)) = state.store.totp_begin(p.user.id).await else {
        return error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error).");
    };
    let uri = khien_store::totp_uri(&p.user.username, &secret);
    let body = second_factor_body(&csrf, Some((&secret, &uri)), None);
    Html(layout(Lang::Vi, title, None, &csrf, body).into_string()).into_response()
}

/// The second-factor form.
#[derive(Debug, Deserialize)]
pub(crate) struct CodeForm {
    csrf: String,
    code: String,
}

/// Checks the second factor (or confirms enrolment, then shows the recovery codes once); on
/// success the waiting session is replaced by a new, signed-in one.
pub(crate) async fn second_factor(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    let Some(p) = second_factor_person(&state, &headers).await else {
        return Redirect::to("/login").into_response();
    };
    if !auth::csrf_ok(&state, Some(&p.session), &form.csrf) {
        return auth::csrf_failed();
    }
    if !state.limiter.allow("login", addr.ip(), state.config.login_per_minute) {
        return auth::too_many();
    }
    let now = khien_store::now();
    let actor = auth::actor(&p.user);
    let server_error =
        || error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error).");
    let (ok, codes) = if p.user.totp_enabled {
        match state.store.verify_second_factor(p.user.id, &form.code, now).await {
            Ok(Login::Ok(_)) => (true, None),
            Ok(Login::Locked(_)) => {
                let _ = state.store.delete_session(&p.session).await;
                let _ = state.store.audit(&actor, "login_locked", &addr.ip().to_string()).await;
                return error_page(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Tài khoản tạm khoá 15 phút vì nhập sai nhiều lần (account locked for 15 minutes).",
                );
            }
            Ok(Login::Denied) => (false, None),
            Err(_) => return server_error(),
        }
    } else {
        match state.store.totp_confirm(p.user.id, &form.code, now).await {
            Ok(Some(codes)) => (true, Some(codes)),
            Ok(None) => (false, None),
            Err(_) => return server_error(),
        }
    };
    let csrf = auth::csrf_token(&state, &p.session);
    if !ok {
        let _ = state.store.audit(&actor, "second_factor_failed", &addr.ip().to_string()).await;
        let body = second_factor_body(
            &csrf,
            None,
            Some(
                "Mã không đúng (wrong code). Nếu đang đăng ký, hãy tải lại trang để lấy khoá mới (if enrolling, reload the page for a new key).",
            ),
        );
        let page = layout(Lang::Vi, "Xác thực hai lớp (second factor)", None, &csrf, body);
        return (StatusCode::UNAUTHORIZED, Html(page.into_string())).into_response();
    }
    let _ = state.store.delete_session(&p.session).await;
    let Ok(session) = state.store.create_session(p.user.id, crate::SESSION_TTL).await else {
        return server_error();
    };
    if codes.is_some() {
        let _ = state.store.audit(&actor, "totp_enrolled", "").await;
    }
    let _ = state.store.audit(&actor, "login", &addr.ip().to_string()).await;
    let cookie = auth::set_cookie(&state, SESSION_COOKIE, &session, crate::SESSION_TTL);
    let mut res = match codes {
        None => Redirect::to("/desk/documents").into_response(),
        Some(codes) => {
            let person = Person { user: p.user.clone(), session: session.clone() };
            let csrf = auth::csrf_token(&state, &session);
            let body = html! {
                p { "Xác thực hai lớp đã bật. Hãy lưu các mã khôi phục sau ở nơi an toàn; mỗi mã dùng được một lần khi mất điện thoại. Chúng chỉ hiện lần này (second factor on; keep these recovery codes safe, each works once, shown only now)." }
                ul #recovery-codes { @for c in &codes { li { code { (c) } } } }
                p { a href="/desk/documents" { "Tiếp tục (continue)" } }
            };
            let page =
                layout(Lang::Vi, "Mã khôi phục (recovery codes)", Some(&person), &csrf, body);
            Html(page.into_string()).into_response()
        }
    };
    res.headers_mut().append(header::SET_COOKIE, cookie);
    res
}

/// A form with only the CSRF token.
#[derive(Debug, Deserialize)]
pub(crate) struct CsrfForm {
    csrf: String,
}

/// Signs out (ends the session server-side).
pub(crate) async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    let Some(p) = auth::person(&state, &headers).await else {
        return Redirect::to("/login").into_response();
    };
    if !auth::csrf_ok(&state, Some(&p.session), &form.csrf) {
        return auth::csrf_failed();
    }
    let _ = state.store.delete_session(&p.session).await;
    let _ = state.store.audit(&auth::actor(&p.user), "logout", "").await;
    let mut res = Redirect::to("/").into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, auth::set_cookie(&state, SESSION_COOKIE, "gone", 0));
    res
}

/// `?token=` of the setup link.
#[derive(Debug, Deserialize)]
pub(crate) struct SetupQuery {
    token: Option<String>,
}

fn setup_form(csrf: &str, token: &str, message: Option<&str>) -> Markup {
    html! {
        p { "Tạo tài khoản quản trị viên đầu tiên. Liên kết này chỉ dùng được một lần (create the first administrator; this link works once)." }
        @if let Some(m) = message { p.error role="alert" { (m) } }
        form method="post" action="/setup" {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="token" value=(token);
            label for="username" { "Tên đăng nhập (username)" }
            input id="username" type="text" name="username" autocomplete="username" required maxlength="64";
            label for="password" { "Mật khẩu, ít nhất 12 ký tự, khó đoán (password: 12+ characters, hard to guess)" }
            input id="password" type="password" name="password" autocomplete="new-password" required minlength="12" maxlength="1024";
            button type="submit" { "Tạo quản trị viên (create administrator)" }
        }
    }
}

/// The first-run setup page (only with the valid one-time token).
pub(crate) async fn setup_page(
    State(state): State<AppState>,
    Query(q): Query<SetupQuery>,
    headers: HeaderMap,
) -> Response {
    let token = q.token.unwrap_or_default();
    if !state.store.setup_token_valid(&token).await.unwrap_or(false) {
        return not_found().await;
    }
    let (_, csrf, cookie) = form_token(&state, &headers).await;
    with_cookie(
        cookie,
        layout(
            Lang::Vi,
            "Cài đặt lần đầu (first-run setup)",
            None,
            &csrf,
            setup_form(&csrf, &token, None),
        ),
    )
}

/// The setup form.
#[derive(Debug, Deserialize)]
pub(crate) struct SetupForm {
    csrf: String,
    token: String,
    username: String,
    password: String,
}

/// Creates the first administrator with the one-time token.
pub(crate) async fn setup(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SetupForm>,
) -> Response {
    let (_, binding) = form_binding(&state, &headers).await;
    if !auth::csrf_ok(&state, binding.as_deref(), &form.csrf) {
        return auth::csrf_failed();
    }
    match state.store.complete_setup(&form.token, form.username.trim(), &form.password).await {
        Ok(user) => {
            let _ = state
                .store
                .audit("system", "setup_completed", &format!("administrator {}", user.username))
                .await;
            Redirect::to("/login").into_response()
        }
        Err(khien_store::StoreError::SetupClosed) => not_found().await,
        Err(e) => {
            let csrf = binding.as_deref().map(|b| auth::csrf_token(&state, b)).unwrap_or_default();
            let page = layout(
                Lang::Vi,
                "Cài đặt lần đầu (first-run setup)",
                None,
                &csrf,
                setup_form(&csrf, &form.token, Some(&e.to_string())),
            );
            (StatusCode::UNPROCESSABLE_ENTITY, Html(page.into_string())).into_response()
        }
    }
}

fn users_body(csrf: &str, users: &[khien_store::User], message: Option<(bool, &str)>) -> Markup {
    html! {
        @if let Some((ok, m)) = message { p class=(if ok { "" } else { "error" }) role="status" { (m) } }
        table {
            thead { tr { th { "Tên đăng nhập" } th { "Vai trò (role)" } } }
            tbody { @for u in users { tr { td { (u.username) } td { (u.role.label_vi()) " (" (u.role.code()) ")" } } } }
        }
        h2 { "Tạo tài khoản (create an account)" }
        form method="post" action="/admin/users" {
            input type="hidden" name="csrf" value=(csrf);
            label for="username" { "Tên đăng nhập (username)" }
            input id="username" type="text" name="username" required maxlength="64";
            label for="role" { "Vai trò (role)" }
            select id="role" name="role" {
                @for r in Role::ALL { option value=(r.code()) { (r.label_vi()) } }
            }
            label for="password" { "Mật khẩu ban đầu, ít nhất 12 ký tự (initial password, 12+ characters)" }
            input id="password" type="password" name="password" autocomplete="new-password" required minlength="12" maxlength="1024";
            button type="submit" { "Tạo (create)" }
        }
    }
}

/// Accounts (administrators only).
pub(crate) async fn users_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let p = match auth::require(&state, &headers, &[Role::Administrator]).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let csrf = auth::csrf_token(&state, &p.session);
    let users = state.store.users().await.unwrap_or_default();
    Html(
        layout(Lang::Vi, "Tài khoản", Some(&p), &csrf, users_body(&csrf, &users, None))
            .into_string(),
    )
    .into_response()
}

/// The create-account form.
#[derive(Debug, Deserialize)]
pub(crate) struct UserForm {
    csrf: String,
    username: String,
    role: String,
    password: String,
}

/// Creates an account (administrators only), audited.
pub(crate) async fn create_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<UserForm>,
) -> Response {
    let p = match auth::require(&state, &headers, &[Role::Administrator]).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !auth::csrf_ok(&state, Some(&p.session), &form.csrf) {
        return auth::csrf_failed();
    }
    let csrf = auth::csrf_token(&state, &p.session);
    let Some(role) = Role::from_code(&form.role) else {
        return error_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Vai trò không hợp lệ (invalid role).",
        );
    };
    let result = state.store.create_user(form.username.trim(), role, &form.password).await;
    let (status, message) = match &result {
        Ok(u) => {
            let _ = state
                .store
                .audit(
                    &auth::actor(&p.user),
                    "user_created",
                    &format!("{} {}", u.username, role.code()),
                )
                .await;
            (StatusCode::OK, (true, format!("Đã tạo tài khoản {} (account created).", u.username)))
        }
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, (false, e.to_string())),
    };
    let users = state.store.users().await.unwrap_or_default();
    let page = layout(
        Lang::Vi,
        "Tài khoản",
        Some(&p),
        &csrf,
        users_body(&csrf, &users, Some((message.0, &message.1))),
    );
    (status, Html(page.into_string())).into_response()
}

fn tokens_body(
    csrf: &str,
    tokens: &[khien_store::ApiToken],
    created: Option<(&str, &str)>,
) -> Markup {
    html! {
        @if let Some((name, secret)) = created {
            p role="status" { "Mã API cho " (name) "; chỉ hiện một lần, hãy lưu lại ngay (shown once; keep it now):" }
            p { code #new-token { (secret) } }
        }
        table {
            thead { tr { th { "Tên (name)" } th { "Tạo lúc (UTC)" } th { "" } } }
            tbody {
                @for t in tokens {
                    tr {
                        td { (t.name) }
                        td { (format_time(t.created_at)) }
                        td {
                            form method="post" action={ "/admin/tokens/" (t.id) "/revoke" } {
                                input type="hidden" name="csrf" value=(csrf);
                                button.link type="submit" { "Thu hồi (revoke)" }
                            }
                        }
                    }
                }
            }
        }
        h2 { "Tạo mã API (create a token)" }
        form method="post" action="/admin/tokens" {
            input type="hidden" name="csrf" value=(csrf);
            label for="name" { "Tên máy hoặc tác nhân dùng mã (what uses it)" }
            input id="name" type="text" name="name" required maxlength="100";
            button type="submit" { "Tạo (create)" }
        }
    }
}

/// API tokens (administrators only).
pub(crate) async fn tokens_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let p = match auth::require(&state, &headers, &[Role::Administrator]).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let csrf = auth::csrf_token(&state, &p.session);
    let tokens = state.store.api_tokens().await.unwrap_or_default();
    let body = tokens_body(&csrf, &tokens, None);
    Html(layout(Lang::Vi, "Mã API (API tokens)", Some(&p), &csrf, body).into_string())
        .into_response()
}

/// The create-token form.
#[derive(Debug, Deserialize)]
pub(crate) struct TokenForm {
    csrf: String,
    name: String,
}

/// Creates an API token and shows it once (administrators only), audited.
pub(crate) async fn create_token(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    let p = match auth::require(&state, &headers, &[Role::Administrator]).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !auth::csrf_ok(&state, Some(&p.session), &form.csrf) {
        return auth::csrf_failed();
    }
    let name = form.name.trim();
    if name.is_empty() {
        return error_page(StatusCode::UNPROCESSABLE_ENTITY, "Cần một tên (a name is needed).");
    }
    let Ok(secret) = state.store.create_api_token(name).await else {
        return error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error).");
    };
    let _ = state.store.audit(&auth::actor(&p.user), "token_created", name).await;
    let csrf = auth::csrf_token(&state, &p.session);
    let tokens = state.store.api_tokens().await.unwrap_or_default();
    let body = tokens_body(&csrf, &tokens, Some((name, &secret)));
    Html(layout(Lang::Vi, "Mã API (API tokens)", Some(&p), &csrf, body).into_string())
        .into_response()
}

/// Revokes an API token (administrators only), audited.
pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Path(id): axum::extract::Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let p = match auth::require(&state, &headers, &[Role::Administrator]).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !auth::csrf_ok(&state, Some(&p.session), &form.csrf) {
        return auth::csrf_failed();
    }
    match state.store.revoke_api_token(id).await {
        Ok(true) => {
            let _ =
                state.store.audit(&auth::actor(&p.user), "token_revoked", &id.to_string()).await;
            Redirect::to("/admin/tokens").into_response()
        }
        Ok(false) => not_found().await,
        Err(_) => error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error)."),
    }
}

/// The audit log and upload history (officers and administrators).
pub(crate) async fn audit_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let p = match auth::require(&state, &headers, &[Role::Officer, Role::Administrator]).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let csrf = auth::csrf_token(&state, &p.session);
    let entries = state.store.audit_entries(200).await.unwrap_or_default();
    let uploads = state.store.uploads(50).await.unwrap_or_default();
    let body = html! {
        p.muted { "Nhật ký chỉ ghi thêm; cơ sở dữ liệu từ chối sửa hoặc xoá (append-only: the database refuses changes)." }
        table {
            thead { tr { th { "#" } th { "Thời điểm (UTC)" } th { "Ai (actor)" } th { "Việc (action)" } th { "Chi tiết" } } }
            tbody { @for e in &entries { tr { td { (e.id) } td { (format_time(e.at)) } td { (e.actor) } td { (e.action) } td { (e.detail) } } } }
        }
        h2 { "Tải lên gần đây (recent uploads)" }
        table {
            thead { tr { th { "Thời điểm (UTC)" } th { "Ai" } th { "Bàn (desk)" } th { "Tệp" } th { "Byte" } th { "Phát hiện" } } }
            tbody { @for u in &uploads { tr { td { (format_time(u.at)) } td { (u.actor) } td { (u.desk) } td { (u.files) } td { (u.bytes) } td { (u.findings) } } } }
        }
    };
    Html(layout(Lang::Vi, "Nhật ký kiểm toán (audit log)", Some(&p), &csrf, body).into_string())
        .into_response()
}

/// `YYYY-MM-DD HH:MM:SS` (UTC) of Unix seconds.
pub(crate) fn format_time(t: i64) -> String {
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = khien_store::learn::civil_date(t);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", secs / 3600, secs % 3600 / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    #[test]
    fn time_format() {
        assert_eq!(super::format_time(0), "1970-01-01 00:00:00");
        assert_eq!(super::format_time(1_796_601_600), "2026-12-07 00:00:00");
    }
}
