//! Who is calling, what they may do, cookies, CSRF tokens, rate limits and security headers.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use hmac::{Hmac, Mac};
use khien_store::{ApiToken, Role, User};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::AppState;

/// The session cookie (a signed-in person).
pub(crate) const SESSION_COOKIE: &str = "khien_session";
/// The anonymous cookie that binds a visitor's CSRF token before sign-in.
pub(crate) const ANON_COOKIE: &str = "khien_anon";

/// The value of cookie `name`.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|line| {
        line.split(';').find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == name && !v.is_empty()).then(|| v.to_string())
        })
    })
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, Path=/, Secure behind TLS.
pub(crate) fn set_cookie(state: &AppState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A person signed in with a session.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub(crate) user: User,
    /// The session id (cookie value), to which the CSRF token is bound.
    pub(crate) session: String,
}

/// The person behind the session cookie, if the session is live.
pub(crate) async fn person(state: &AppState, headers: &HeaderMap) -> Option<Person> {
    let session = cookie(headers, SESSION_COOKIE)?;
    let user = state.store.session_user(&session).await.ok().flatten()?;
    Some(Person { user, session })
}

/// Requires a signed-in person with one of `roles`: anonymous callers are sent to sign in
/// (303), others get 403.
pub(crate) async fn require(
    state: &AppState,
    headers: &HeaderMap,
    roles: &[Role],
) -> Result<Person, Response> {
    match person(state, headers).await {
        None => Err(Redirect::to("/login").into_response()),
        Some(p) if roles.contains(&p.user.role) => Ok(p),
        Some(_) => Err(crate::pages::error_page(
            StatusCode::FORBIDDEN,
            "Bạn không có quyền truy cập trang này (forbidden).",
        )),
    }
}

/// Requires a valid API token in `Authorization: Bearer …` (401 otherwise). Sessions are not
/// accepted on the API, so no API call can be forged from a browser.
pub(crate) async fn require_token(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<ApiToken, Response> {
    let secret = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let found = match secret {
        Some(s) if !s.is_empty() => state.store.api_token(s).await.ok().flatten(),
        _ => None,
    };
    found.ok_or_else(|| {
        (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            axum::Json(serde_json::json!({"error": "unauthorized: a valid API token is required"})),
        )
            .into_response()
    })
}

/// The CSRF token of a session or anonymous binding: HMAC-SHA256 with the server key.
pub(crate) fn csrf_token(state: &AppState, binding: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&state.key).expect("any key length");
    mac.update(b"khien-csrf:");
    mac.update(binding.as_bytes());
    let tag = mac.finalize().into_bytes();
    tag.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks a form's CSRF token against the caller's binding (session id when signed in, the
/// anonymous cookie otherwise), in constant time.
pub(crate) fn csrf_ok(state: &AppState, binding: Option<&str>, token: &str) -> bool {
    match binding {
        Some(b) => {
            let want = csrf_token(state, b);
            want.len() == token.len() && bool::from(want.as_bytes().ct_eq(token.as_bytes()))
        }
        None => false,
    }
}

/// The 403 answer to a form without a valid CSRF token.
pub(crate) fn csrf_failed() -> Response {
    crate::pages::error_page(
        StatusCode::FORBIDDEN,
        "Biểu mẫu đã hết hạn hoặc không hợp lệ; hãy tải lại trang và thử lại (invalid or expired form token).",
    )
}

/// The binding of an anonymous visitor: the existing cookie, or a new one to set.
pub(crate) fn anon_binding(headers: &HeaderMap) -> (String, bool) {
    match cookie(headers, ANON_COOKIE) {
        Some(v) => (v, false),
        None => (khien_store::random_secret().unwrap_or_default(), true),
    }
}

/// A bucket: tokens left and when it was last filled.
type Bucket = (f64, Instant);

/// A small token-bucket limiter per (scope, client address).
#[derive(Debug, Default)]
pub struct RateLimiter {
    buckets: Mutex<HashMap<(&'static str, IpAddr), Bucket>>,
}

impl RateLimiter {
    /// Takes one request from the bucket of `scope` and `ip`, which refills at `per_minute`
    /// requests a minute up to `per_minute`; false when empty.
    pub fn allow(&self, scope: &'static str, ip: IpAddr, per_minute: u32) -> bool {
        let now = Instant::now();
        let cap = f64::from(per_minute.max(1));
        let mut b = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if b.len() > 100_000 {
            // Forget idle clients rather than grow without bound.
            b.retain(|_, (tokens, at)| *tokens < cap && now.duration_since(*at).as_secs() < 60);
        }
        let (tokens, at) = b.entry((scope, ip)).or_insert((cap, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * cap / 60.0).min(cap);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// The 429 answer.
pub(crate) fn too_many() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, "60")],
        "Quá nhiều yêu cầu, hãy thử lại sau một phút (too many requests; try again in a minute).",
    )
        .into_response()
}

/// Security headers on every response; pages and results are never cached.
pub(crate) async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// The actor name of a person for the audit log.
pub(crate) fn actor(user: &User) -> String {
    format!("user:{}", user.username)
}
