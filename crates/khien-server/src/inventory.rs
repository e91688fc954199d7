//! The personal-data inventory: the API scan agents report to (`khien scan --report-to`), the
//! totals API, and the pages where officers and administrators see where personal data lives
//! (by host, folder, kind and sensitivity) and what changed between two scans of a folder.
//!
//! The wire types are public so that the agent in `khien-cli` sends exactly what this module
//! reads. They carry masked results only: paths, kinds, counts, sensitivity, legal references
//! and value fingerprints, never a value.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use khien_store::Role;
use khien_store::inventory::{self as inv, BatchOutcome, InventoryError, ScanRow};
use maud::{Markup, html};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::json_error;
use crate::auth;
use crate::pages::{Lang, format_time, layout};

/// Largest batch body accepted, in bytes.
pub const MAX_BATCH_BYTES: usize = 8 << 20;

/// One kind of personal data in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KindEntry {
    /// Kind code (`phone`, `national_id`, … or a custom detector's code).
    pub kind: String,
    /// `basic` or `sensitive`.
    pub sensitivity: String,
    /// Legal references (Decree 356/2025 first, Decree 13/2023 after).
    pub legal: Vec<String>,
    /// Findings of this kind in the file.
    pub count: i64,
    /// Distinct value fingerprints (16 hex digits: `khien scan`'s `fingerprint`), never values.
    pub fingerprints: Vec<String>,
}

/// One file with personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// The path as `khien scan` reports it.
    pub path: String,
    /// The kinds found in it.
    pub kinds: Vec<KindEntry>,
}

/// A batch of an agent's scan. `(scan_id, seq)` identifies it: sent twice, it is stored once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// The agent's id for the scan (1–64 of `A–Z a–z 0–9 _ -`).
    pub scan_id: String,
    /// The host the agent runs on.
    pub host: String,
    /// The folder (or folders) scanned.
    pub root: String,
    /// When the scan started (Unix seconds).
    pub started_at: i64,
    /// Batch number, from 0.
    pub seq: i64,
    /// Files with personal data.
    pub files: Vec<FileEntry>,
}

/// The end of a scan: how many batches were sent and how many files were scanned in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteRequest {
    /// The agent's id for the scan.
    pub scan_id: String,
    /// The host.
    pub host: String,
    /// The folder scanned.
    pub root: String,
    /// When the scan started (Unix seconds).
    pub started_at: i64,
    /// Batches sent (numbered `0..batches`; 0 when nothing was found).
    pub batches: i64,
    /// Files scanned, with or without personal data.
    pub files_scanned: i64,
}

/// The answer to a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BatchResponse {
    /// `stored`, or `duplicate` when the batch had been stored before.
    pub outcome: String,
}

/// The answer to the end of a scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CompleteResponse {
    /// Whether every batch has arrived and the scan is complete.
    pub complete: bool,
    /// Batch numbers still missing: send them, then complete again.
    pub missing: Vec<i64>,
}

fn inventory_error(e: InventoryError) -> Response {
    match e {
        InventoryError::Invalid(m) => json_error(StatusCode::UNPROCESSABLE_ENTITY, &m),
        InventoryError::Conflict(m) => json_error(StatusCode::CONFLICT, &m),
        // Database trouble is not the agent's fault: 503 tells it to retry.
        InventoryError::Store(_) => {
            json_error(StatusCode::SERVICE_UNAVAILABLE, "database unavailable; retry")
        }
    }
}

fn body_error(e: axum::extract::rejection::JsonRejection) -> Response {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        json_error(StatusCode::PAYLOAD_TOO_LARGE, "batch too large; send fewer files per batch")
    } else {
        json_error(StatusCode::UNPROCESSABLE_ENTITY, &format!("invalid JSON body: {e}"))
    }
}

/// Stores one batch of a scan agent's masked results, in one transaction. A batch already
/// stored (same `scan_id` and `seq`) is answered `duplicate` and changes nothing.
#[utoipa::path(
    post,
    path = "/api/v1/inventory/batches",
    request_body = BatchRequest,
    responses(
        (status = 200, description = "Stored, or recognised as sent before", body = BatchResponse),
        (status = 401, description = "No valid API token"),
        (status = 409, description = "The scan id belongs to another host or root, or the scan is complete"),
        (status = 413, description = "Batch over the cap"),
        (status = 422, description = "A field out of bounds (a fingerprint must be 16 hex digits)"),
        (status = 503, description = "Database unavailable: retry")
    ),
    security(("token" = []))
)]
pub(crate) async fn post_batch(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<BatchRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let token = match auth::require_token(&state, &headers).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let req = match body {
        Ok(Json(r)) => r,
        Err(e) => return body_error(e),
    };
    let batch = inv::NewBatch {
        scan_uid: req.scan_id,
        host: req.host,
        root: req.root,
        started_at: req.started_at,
        seq: req.seq,
        files: req
            .files
            .into_iter()
            .map(|f| inv::FileEntry {
                path: f.path,
                kinds: f
                    .kinds
                    .into_iter()
                    .map(|k| inv::KindCount {
                        kind: k.kind,
                        sensitivity: k.sensitivity,
                        legal: k.legal,
                        count: k.count,
                        fingerprints: k.fingerprints,
                    })
                    .collect(),
            })
            .collect(),
    };
    match state.store.store_batch(&token.name, &batch).await {
        Ok(outcome) => {
            let outcome = match outcome {
                BatchOutcome::Stored => "stored",
                BatchOutcome::Duplicate => "duplicate",
            };
            Json(BatchResponse { outcome: outcome.into() }).into_response()
        }
        Err(e) => inventory_error(e),
    }
}

/// Ends a scan: complete once batches `0..batches` have all arrived; otherwise the missing
/// batch numbers are returned (send them and call again). Calling it again changes nothing.
#[utoipa::path(
    post,
    path = "/api/v1/inventory/complete",
    request_body = CompleteRequest,
    responses(
        (status = 200, description = "Complete, or the batches still missing", body = CompleteResponse),
        (status = 401, description = "No valid API token"),
        (status = 409, description = "The scan id belongs to another host or root"),
        (status = 422, description = "A field out of bounds"),
        (status = 503, description = "Database unavailable: retry")
    ),
    security(("token" = []))
)]
pub(crate) async fn post_complete(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<CompleteRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let token = match auth::require_token(&state, &headers).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let req = match body {
        Ok(Json(r)) => r,
        Err(e) => return body_error(e),
    };
    let done = state
        .store
        .complete_scan(
            &token.name,
            &req.scan_id,
            &req.host,
            &req.root,
            req.started_at,
            req.batches,
            req.files_scanned,
        )
        .await;
    match done {
        Ok(c) => {
            if c.complete {
                let actor = format!("token:{}", token.name);
                let detail = format!("{} {} ({} batches)", req.host, req.scan_id, req.batches);
                let _ = state.store.audit(&actor, "inventory_scan_complete", &detail).await;
            }
            Json(CompleteResponse { complete: c.complete, missing: c.missing }).into_response()
        }
        Err(e) => inventory_error(e),
    }
}

/// Totals of one kind and sensitivity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct KindSum {
    kind: String,
    sensitivity: String,
    files: i64,
    findings: i64,
}

/// The scan that stands for a host and root now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct HostSum {
    host: String,
    root: String,
    scan_id: String,
    complete: bool,
    last_scan_at: i64,
    files_scanned: Option<i64>,
    files: i64,
    findings: i64,
}

/// The inventory now: for each host and root its latest complete scan (or its latest).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct Summary {
    hosts: i64,
    scans: i64,
    files: i64,
    findings: i64,
    by_kind: Vec<KindSum>,
    by_sensitivity: BTreeMap<String, i64>,
    by_host: Vec<HostSum>,
    /// The database ids of the scans counted (not in the JSON).
    #[serde(skip)]
    current: Vec<i64>,
}

impl Summary {
    /// Folders (host and root) counted.
    pub(crate) fn scans(&self) -> i64 {
        self.scans
    }
    /// Files with personal data.
    pub(crate) fn files(&self) -> i64 {
        self.files
    }
    /// Findings.
    pub(crate) fn findings(&self) -> i64 {
        self.findings
    }
    /// Findings of sensitive kinds.
    pub(crate) fn sensitive(&self) -> i64 {
        self.by_sensitivity.get("sensitive").copied().unwrap_or(0)
    }
    /// The database ids of the scans counted.
    pub(crate) fn current_ids(&self) -> &[i64] {
        &self.current
    }
    /// Findings per kind code, most first.
    pub(crate) fn kinds(&self) -> Vec<(String, i64)> {
        let mut by: BTreeMap<&str, i64> = BTreeMap::new();
        for k in &self.by_kind {
            *by.entry(&k.kind).or_default() += k.findings;
        }
        let mut v: Vec<(String, i64)> = by.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}

/// Computes the inventory summary from the store.
pub(crate) async fn summary(state: &AppState) -> Result<(Summary, Vec<ScanRow>), InventoryError> {
    let scans = state.store.inventory_scans().await?;
    let current: Vec<ScanRow> = inv::current_scans(&scans).into_iter().cloned().collect();
    let mut kinds: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
    for s in &current {
        for k in state.store.scan_kinds(s.id).await? {
            let e = kinds.entry((k.kind, k.sensitivity)).or_default();
            e.0 += k.files;
            e.1 += k.findings;
        }
    }
    let mut by_sensitivity: BTreeMap<String, i64> =
        [("basic".to_string(), 0), ("sensitive".to_string(), 0)].into_iter().collect();
    let mut by_kind: Vec<KindSum> = kinds
        .into_iter()
        .map(|((kind, sensitivity), (files, findings))| {
            *by_sensitivity.entry(sensitivity.clone()).or_default() += findings;
            KindSum { kind, sensitivity, files, findings }
        })
        .collect();
    by_kind.sort_by(|a, b| b.findings.cmp(&a.findings).then(a.kind.cmp(&b.kind)));
    let hosts: std::collections::BTreeSet<&str> = current.iter().map(|s| s.host.as_str()).collect();
    let s = Summary {
        hosts: hosts.len() as i64,
        scans: current.len() as i64,
        files: current.iter().map(|s| s.files).sum(),
        findings: current.iter().map(|s| s.findings).sum(),
        by_kind,
        by_sensitivity,
        by_host: current
            .iter()
            .map(|s| HostSum {
                host: s.host.clone(),
                root: s.root.clone(),
                scan_id: s.scan_uid.clone(),
                complete: s.completed_at.is_some(),
                last_scan_at: s.completed_at.unwrap_or(s.received_at),
                files_scanned: s.files_scanned,
                files: s.files,
                findings: s.findings,
            })
            .collect(),
        current: current.iter().map(|s| s.id).collect(),
    };
    Ok((s, scans))
}

/// The inventory now, totalled by kind, sensitivity and host: for each host and folder, its
/// latest complete scan (or its latest when none completed). An API token, or the session of
/// an officer or administrator (a read only, so a browser may open it).
#[utoipa::path(
    get,
    path = "/api/v1/inventory",
    responses(
        (status = 200, description = "Totals by kind, sensitivity and host", body = Summary),
        (status = 401, description = "No valid API token or session"),
        (status = 403, description = "Signed in, but neither officer nor administrator")
    ),
    security(("token" = []))
)]
pub(crate) async fn get_inventory(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if headers.contains_key(header::AUTHORIZATION) {
        if let Err(r) = auth::require_token(&state, &headers).await {
            return r;
        }
    } else {
        match auth::person(&state, &headers).await {
            Some(p) if matches!(p.user.role, Role::Officer | Role::Administrator) => {}
            Some(_) => {
                return json_error(StatusCode::FORBIDDEN, "officers and administrators only");
            }
            None => {
                return json_error(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized: an API token or an officer's session is required",
                );
            }
        }
    }
    match summary(&state).await {
        Ok((s, _)) => Json(s).into_response(),
        Err(e) => inventory_error(e),
    }
}

/// The Vietnamese name of a kind code (custom codes as they are).
pub(crate) fn kind_label(code: &str) -> String {
    match khien_detect::Kind::from_code(code) {
        Some(k) => k.legal().vi.clone(),
        None => code.to_string(),
    }
}

fn sensitivity_label(code: &str) -> &'static str {
    if code == "sensitive" { "nhạy cảm (sensitive)" } else { "cơ bản (basic)" }
}

fn scan_state(s: &ScanRow) -> Markup {
    html! {
        @if s.completed_at.is_some() { "hoàn tất (complete)" }
        @else { strong { "chưa hoàn tất (incomplete)" } }
    }
}

/// `GET /inventory`: where personal data lives now.
pub(crate) async fn page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let p = match auth::require(&state, &headers, &[Role::Officer, Role::Administrator]).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let csrf = auth::csrf_token(&state, &p.session);
    let (sum, scans) = match summary(&state).await {
        Ok(x) => x,
        Err(_) => {
            return crate::pages::error_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "Cơ sở dữ liệu không phản hồi (database unavailable).",
            );
        }
    };
    let sensitive = sum.by_sensitivity.get("sensitive").copied().unwrap_or(0);
    let chart: Vec<(String, i64)> =
        sum.by_kind.iter().map(|k| (kind_label(&k.kind), k.findings)).collect();
    let body = html! {
        p.muted { "Kết quả do các máy quét gửi về (khien scan --report-to): chỉ đường dẫn, loại, số lượng và dấu vân tay, không bao giờ có giá trị. (Reported by scan agents: paths, kinds, counts and fingerprints, never values.)" }
        @if sum.scans == 0 {
            p { "Chưa có máy nào gửi kết quả. Trên máy cần quét, chạy (no agent has reported yet; on a machine to scan, run):" }
            pre { "khien scan THƯ_MỤC --report-to http://MÁY_CHỦ:8080 --token MÃ_API" }
        } @else {
            ul {
                li { "Máy (hosts): " strong { (sum.hosts) } }
                li { "Thư mục đã quét (folders scanned): " strong { (sum.scans) } }
                li { "Tệp có dữ liệu cá nhân (files with personal data): " strong { (sum.files) } }
                li { "Phát hiện (findings): " strong { (sum.findings) } " — nhạy cảm (sensitive): " strong { (sensitive) } }
            }
            h2 { "Theo loại (by kind)" }
            (crate::dashboard::bar_chart("Phát hiện theo loại (findings by kind)", &chart))
            table {
                thead { tr { th { "Loại (kind)" } th { "Mức (sensitivity)" } th { "Tệp (files)" } th { "Phát hiện (findings)" } } }
                tbody { @for k in &sum.by_kind { tr { td { (kind_label(&k.kind)) " " small.muted { (k.kind) } } td { (sensitivity_label(&k.sensitivity)) } td { (k.files) } td { (k.findings) } } } }
            }
            h2 { "Theo máy và thư mục (by host and folder)" }
            table {
                thead { tr { th { "Máy (host)" } th { "Thư mục (root)" } th { "Lần quét (UTC)" } th { "Trạng thái" } th { "Tệp có DLCN" } th { "Phát hiện" } } }
                tbody {
                    @for s in scans.iter().filter(|s| sum.current.contains(&s.id)) {
                        tr {
                            td { (s.host) } td { a href={ "/inventory/scans/" (s.id) } { (s.root) } }
                            td { (format_time(s.completed_at.unwrap_or(s.received_at))) } td { (scan_state(s)) }
                            td { (s.files) } td { (s.findings) }
                        }
                    }
                }
            }
            h2 { "Mọi lần quét (all scans)" }
            table {
                thead { tr { th { "#" } th { "Máy" } th { "Thư mục" } th { "Nhận (received, UTC)" } th { "Trạng thái" } th { "Lô (batches)" } th { "Tệp" } th { "Phát hiện" } } }
                tbody {
                    @for s in scans.iter().take(200) {
                        tr {
                            td { a href={ "/inventory/scans/" (s.id) } { (s.id) } } td { (s.host) } td { (s.root) }
                            td { (format_time(s.received_at)) } td { (scan_state(s)) } td { (s.batches) } td { (s.files) } td { (s.findings) }
                        }
                    }
                }
            }
        }
    };
    Html(
        layout(
            Lang::Vi,
            "Kiểm kê dữ liệu cá nhân (personal-data inventory)",
            Some(&p),
            &csrf,
            body,
        )
        .into_string(),
    )
    .into_response()
}

fn change_table(rows: &[inv::FileChange]) -> Markup {
    html! {
        table {
            thead { tr { th { "Tệp (file)" } th { "Trước (before)" } th { "Sau (after)" } } }
            tbody { @for r in rows.iter().take(100) { tr { td { (r.path) } td { (r.before) } td { (r.after) } } } }
        }
        @if rows.len() > 100 { p.muted { "… và " (rows.len() - 100) " tệp nữa (and more)" } }
    }
}

/// `GET /inventory/scans/{id}`: one scan by folder and kind, and what changed since the scan
/// of the same host and folder before it.
pub(crate) async fn scan_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let p = match auth::require(&state, &headers, &[Role::Officer, Role::Administrator]).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let not_found = || {
        crate::pages::error_page(StatusCode::NOT_FOUND, "Không tìm thấy lần quét (scan not found).")
    };
    let Ok(id) = id.parse::<i64>() else { return not_found() };
    let st = &state.store;
    let loaded = async {
        let Some(scan) = st.inventory_scan(id).await? else { return Ok(None) };
        let kinds = st.scan_kinds(id).await?;
        let folders = st.scan_folders(id, 50).await?;
        let files = st.scan_files(id).await?;
        let prev = st.previous_scan(id).await?;
        let trend = match &prev {
            Some(prev) => Some(inv::trend(&st.scan_files(prev.id).await?, &files)),
            None => None,
        };
        Ok::<_, InventoryError>(Some((scan, kinds, folders, files, prev, trend)))
    };
    let (scan, kinds, folders, mut files, prev, trend) = match loaded.await {
        Ok(Some(x)) => x,
        Ok(None) => return not_found(),
        Err(_) => {
            return crate::pages::error_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "Cơ sở dữ liệu không phản hồi (database unavailable).",
            );
        }
    };
    files.sort_by(|a, b| b.findings.cmp(&a.findings).then(a.path.cmp(&b.path)));
    let csrf = auth::csrf_token(&state, &p.session);
    let chart: Vec<(String, i64)> =
        folders.iter().take(15).map(|f| (f.folder.clone(), f.findings)).collect();
    let body = html! {
        p { a href="/inventory" { "← Kiểm kê (inventory)" } }
        ul {
            li { "Máy (host): " strong { (scan.host) } }
            li { "Thư mục (root): " strong { (scan.root) } }
            li { "Bắt đầu (started, UTC): " (format_time(scan.started_at)) " · nhận (received): " (format_time(scan.received_at)) }
            li { "Trạng thái (state): " (scan_state(&scan)) " · lô (batches): " (scan.batches)
                 @if let Some(n) = scan.files_scanned { " · tệp đã quét (files scanned): " (n) } }
            li { "Tệp có dữ liệu cá nhân (files with personal data): " strong { (scan.files) } " · phát hiện (findings): " strong { (scan.findings) } }
            li { "Mã API (token): " (scan.token_name) " · mã lần quét (scan id): " code { (scan.scan_uid) } }
        }
        h2 { "Theo loại (by kind)" }
        table {
            thead { tr { th { "Loại (kind)" } th { "Mức (sensitivity)" } th { "Tệp" } th { "Phát hiện" } } }
            tbody { @for k in &kinds { tr { td { (kind_label(&k.kind)) " " small.muted { (k.kind) } } td { (sensitivity_label(&k.sensitivity)) } td { (k.files) } td { (k.findings) } } } }
        }
        h2 { "Theo thư mục (by folder)" }
        (crate::dashboard::bar_chart("Phát hiện theo thư mục (findings by folder)", &chart))
        table {
            thead { tr { th { "Thư mục (folder)" } th { "Tệp" } th { "Phát hiện" } th { "Nhạy cảm (sensitive)" } } }
            tbody { @for f in &folders { tr { td { (f.folder) } td { (f.files) } td { (f.findings) } td { (f.sensitive) } } } }
        }
        h2 { "Thay đổi so với lần quét trước (changes since the previous scan)" }
        @match (&prev, &trend) {
            (Some(prev), Some(t)) => {
                p { "So với lần quét " a href={ "/inventory/scans/" (prev.id) } { "#" (prev.id) } " lúc " (format_time(prev.received_at)) " (compared with the previous scan of this host and folder)." }
                table {
                    thead { tr { th { "Loại (kind)" } th { "Trước (before)" } th { "Sau (after)" } th { "Chênh lệch (change)" } } }
                    tbody { @for (k, a, b) in &t.by_kind { tr { td { (kind_label(k)) } td { (a) } td { (b) } td { @if b >= a { "+" } (b - a) } } } }
                }
                h3 { "Tệp mới có dữ liệu cá nhân (new files with personal data): " (t.new_files.len()) }
                (change_table(&t.new_files))
                h3 { "Tệp không còn dữ liệu cá nhân (files no longer holding personal data: cleaned, moved or deleted): " (t.removed_files.len()) }
                (change_table(&t.removed_files))
                h3 { "Tệp thay đổi số lượng (files whose counts changed): " (t.changed_files.len()) }
                (change_table(&t.changed_files))
            }
            _ => { p.muted { "Đây là lần quét đầu tiên của máy và thư mục này (the first scan of this host and folder)." } }
        }
        h2 { "Tệp nhiều phát hiện nhất (files with the most findings)" }
        table {
            thead { tr { th { "Tệp (file)" } th { "Phát hiện" } th { "Nhạy cảm" } th { "Loại (kinds)" } } }
            tbody {
                @for f in files.iter().take(100) {
                    tr { td { (f.path) } td { (f.findings) } td { (f.sensitive) }
                         td { @for (i, (k, n)) in f.kinds.iter().enumerate() { @if i > 0 { ", " } (k) " ×" (n) } } }
                }
            }
        }
    };
    let title = format!("Lần quét #{} (scan)", scan.id);
    Html(layout(Lang::Vi, &title, Some(&p), &csrf, body).into_string()).into_response()
}
