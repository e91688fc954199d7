//! The JSON API under `/api/v1` and its OpenAPI 3 document (utoipa).

use std::net::SocketAddr;

use axum::Json;
use axum::extract::multipart::Multipart;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use khien_judge::{Channel, Judge, Message, Report};
use khien_scan::ReadOptions;
use serde::Deserialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::AppState;
use crate::auth;

/// A JSON error answer `{"error": message}` with `status`, for every API route.
pub(crate) fn json_error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// Judges text as `khien check TEXT` does: a bare link, number or QR payload is judged as
/// such; with a sender or channel, as a message.
pub(crate) fn judge_text(
    judge: &Judge,
    text: &str,
    sender: Option<&str>,
    channel: Option<Channel>,
) -> Report {
    if sender.is_none() && channel.is_none() {
        judge.check_auto(text)
    } else {
        judge.check_message(&Message { text, sender, channel })
    }
}

/// Liveness.
#[utoipa::path(get, path = "/healthz", responses((status = 200, description = "The server is up", body = Object)))]
pub(crate) async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// What to judge: one of `text`, `url`, `phone`, `account` (with `bank`) or `qr` (with
/// `text` as the message that came with it), as the options of `khien check`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CheckRequest {
    /// A message (or a bare link, number or QR payload, recognised as such).
    text: Option<String>,
    /// The sender as the phone shows it.
    sender: Option<String>,
    /// `sms`, `zalo`, `facebook`, `telegram`, `email`, `call` or `other`.
    #[schema(value_type = Option<String>)]
    channel: Option<Channel>,
    /// A link.
    url: Option<String>,
    /// A phone number.
    phone: Option<String>,
    /// A bank account number.
    account: Option<String>,
    /// The bank of `account` (code, name or BIN).
    bank: Option<String>,
    /// An EMVCo/VietQR payload.
    qr: Option<String>,
}

/// Judges a message, link, phone number, account or VietQR payload; the answer is the JSON
/// of `khien check --format json`. Public, rate-limited per client address.
#[utoipa::path(
    post,
    path = "/api/v1/check",
    request_body = CheckRequest,
    responses(
        (status = 200, description = "The verdict, as `khien check --format json`", body = Object),
        (status = 422, description = "Nothing to judge, or more than one input"),
        (status = 429, description = "Rate limit")
    )
)]
pub(crate) async fn check(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    body: Result<Json<CheckRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    if !state.limiter.allow("check", addr.ip(), state.config.check_per_minute) {
        return auth::too_many();
    }
    let req = match body {
        Ok(Json(req)) => req,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return json_error(StatusCode::PAYLOAD_TOO_LARGE, "request body too large");
        }
        Err(_) => return json_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid JSON body"),
    };
    let modes =
        [&req.url, &req.phone, &req.account, &req.qr].iter().filter(|m| m.is_some()).count();
    if modes > 1 || (modes == 0 && req.text.is_none()) {
        return json_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "give exactly one of text, url, phone, account or qr",
        );
    }
    let total: usize = [&req.text, &req.url, &req.phone, &req.account, &req.qr, &req.sender]
        .iter()
        .map(|s| s.as_ref().map_or(0, String::len))
        .sum();
    if total > 20_000 {
        return json_error(StatusCode::PAYLOAD_TOO_LARGE, "at most 20,000 bytes of input");
    }
    let st = state.clone();
    let report = tokio::task::spawn_blocking(move || {
        let guard = st.judge.load();
        let j: &Judge = &guard;
        if let Some(u) = &req.url {
            j.check_url(u)
        } else if let Some(p) = &req.phone {
            j.check_phone(p)
        } else if let Some(a) = &req.account {
            j.check_account(a, req.bank.as_deref())
        } else if let Some(q) = &req.qr {
            j.check_qr(q, req.text.as_deref())
        } else {
            judge_text(j, req.text.as_deref().unwrap_or(""), req.sender.as_deref(), req.channel)
        }
    })
    .await;
    match report {
        Ok(r) => Json(r).into_response(),
        Err(_) => json_error(StatusCode::INTERNAL_SERVER_ERROR, "server error"),
    }
}

/// A multipart upload: one or more parts named `file`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub(crate) struct UploadForm {
    /// The file(s).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Scans uploaded files for personal data. The answer holds the records of
/// `khien scan --format jsonl` (findings, masked, and `note`/`skipped`/`error` records) and a
/// summary.
#[utoipa::path(
    post,
    path = "/api/v1/scan",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "`{\"records\": [JSONL records], \"summary\": {…}}`", body = Object),
        (status = 401, description = "No valid API token"),
        (status = 413, description = "Upload over the cap")
    ),
    security(("token" = []))
)]
pub(crate) async fn scan(
    State(state): State<AppState>,
    headers: HeaderMap,
    mp: Multipart,
) -> Response {
    let token = match auth::require_token(&state, &headers).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let files = match crate::desk::read_multipart(mp).await {
        Ok((_, f)) => f,
        Err(r) => return json_error(r.status(), "unreadable or oversized upload"),
    };
    if files.is_empty() {
        return json_error(StatusCode::UNPROCESSABLE_ENTITY, "no part named file");
    }
    let n = files.len() as i64;
    let bytes: i64 = files.iter().map(|f| f.bytes.len() as i64).sum();
    let st = state.clone();
    let done = tokio::task::spawn_blocking(move || {
        let limits = crate::desk::limits(&st);
        let mut out = Vec::new();
        let mut w =
            khien_scan::report::Writer::new(&mut out, khien_scan::report::Format::Jsonl, false);
        for f in files {
            let r = khien_scan::scan_in_memory(
                &f.name,
                &f.bytes,
                &st.engine,
                &ReadOptions::default(),
                &limits,
            );
            w.file(r)?;
        }
        let summary = w.finish()?;
        Ok::<_, std::io::Error>((out, summary))
    })
    .await;
    let Ok(Ok((jsonl, summary))) = done else {
        return json_error(StatusCode::INTERNAL_SERVER_ERROR, "server error");
    };
    // The records keep the exact shape (and key order) of the JSONL report.
    let mut body = b"{\"records\":[".to_vec();
    for (i, line) in jsonl.split(|b| *b == b'\n').filter(|l| !l.is_empty()).enumerate() {
        if i > 0 {
            body.push(b',');
        }
        body.extend_from_slice(line);
    }
    body.extend_from_slice(b"],\"summary\":");
    body.extend_from_slice(&serde_json::to_vec(&summary).unwrap_or_else(|_| b"null".to_vec()));
    body.push(b'}');
    let actor = format!("token:{}", token.name);
    let _ = state.store.record_upload(&actor, "api_scan", n, bytes, summary.findings as i64).await;
    let _ = state
        .store
        .audit(
            &actor,
            "api_scan",
            &format!("{n} file(s), {bytes} bytes, {} finding(s)", summary.findings),
        )
        .await;
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// De-identifies one uploaded file (the first part named `file`) with the default policy and
/// returns it in the same format (PDF: a de-identified text export). Headers
/// `X-Khien-Replaced` and `X-Khien-Residual` count replacements and residual findings.
#[utoipa::path(
    post,
    path = "/api/v1/redact",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "The de-identified file", content_type = "application/octet-stream"),
        (status = 401, description = "No valid API token"),
        (status = 413, description = "Upload over the cap"),
        (status = 422, description = "The file cannot be de-identified (format, limit)")
    ),
    security(("token" = []))
)]
pub(crate) async fn redact(
    State(state): State<AppState>,
    headers: HeaderMap,
    mp: Multipart,
) -> Response {
    let token = match auth::require_token(&state, &headers).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let mut files = match crate::desk::read_multipart(mp).await {
        Ok((_, f)) => f,
        Err(r) => return json_error(r.status(), "unreadable or oversized upload"),
    };
    if files.len() != 1 {
        return json_error(StatusCode::UNPROCESSABLE_ENTITY, "send exactly one part named file");
    }
    let file = files.remove(0);
    let size = file.bytes.len() as i64;
    let st = state.clone();
    let done = tokio::task::spawn_blocking(move || {
        let limits = crate::desk::limits(&st);
        let mut session = khien_redact::Session::new(khien_redact::Policy::default(), None)?;
        let pictures =
            khien_ocr::Pictures::shared().ok().map(|p| p as &dyn khien_redact::PictureReader);
        khien_redact::redact_or_export(
            &file.name,
            &file.bytes,
            &st.engine,
            &mut session,
            &limits,
            pictures,
        )
    })
    .await;
    let actor = format!("token:{}", token.name);
    let out = match done {
        Ok(Ok(out)) => out,
        Ok(Err(e)) => {
            let _ = state.store.audit(&actor, "api_redact_refused", "").await;
            return json_error(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string());
        }
        Err(_) => return json_error(StatusCode::INTERNAL_SERVER_ERROR, "server error"),
    };
    let replaced: usize = out.redacted.report.replaced.values().sum();
    let residual = out.redacted.report.residual.len();
    let _ = state.store.record_upload(&actor, "api_redact", 1, size, replaced as i64).await;
    let _ = state
        .store
        .audit(
            &actor,
            "api_redact",
            &format!("1 file, {size} bytes, {replaced} replaced, {residual} residual"),
        )
        .await;
    let mut res = out.redacted.bytes.into_response();
    let h = res.headers_mut();
    let ctype = if out.text_export.is_some() {
        "text/plain; charset=utf-8"
    } else {
        "application/octet-stream"
    };
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert("x-khien-replaced", HeaderValue::from(replaced));
    h.insert("x-khien-residual", HeaderValue::from(residual));
    if out.text_export.is_some() {
        h.insert("x-khien-text-export", HeaderValue::from_static("1"));
    }
    res
}

struct TokenScheme;

impl Modify for TokenScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token from `khien admin token create`"))
                    .build(),
            ),
        );
    }
}

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(title = "Khiên API", description = "Personal-data scanning and de-identification, and scam checks, on the premises."),
    paths(
        healthz,
        check,
        scan,
        redact,
        crate::learn::api_lessons,
        crate::learn::api_lesson,
        crate::inventory::post_batch,
        crate::inventory::post_complete,
        crate::inventory::get_inventory,
        crate::comply::api_incident,
        crate::comply::api_request,
        crate::comply::api_rules
    ),
    components(schemas(CheckRequest, UploadForm)),
    modifiers(&TokenScheme)
)]
pub(crate) struct ApiDoc;

/// `GET /api/v1/openapi.json`.
pub(crate) async fn openapi() -> Response {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::reports::ReportsDoc::openapi());
    Json(doc).into_response()
}
