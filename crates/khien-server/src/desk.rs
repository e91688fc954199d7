//! The document desk (staff, officers, administrators): upload files, see the findings grouped
//! by file and kind with locations and masked values, download the de-identified copies and
//! the reports. Uploads are held in memory only while processed; the outputs wait in memory
//! for their owner for [`KEEP_SECONDS`] and are then dropped.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::multipart::Multipart;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use khien_extract::Limits;
use khien_scan::{FileReport, ReadOptions};
use khien_store::Role;
use maud::html;

use crate::AppState;
use crate::auth;
use crate::pages::{Lang, error_page, layout};

/// How long outputs wait for download.
pub(crate) const KEEP_SECONDS: u64 = 30 * 60;
/// Bytes of outputs held for download in all; past it the oldest are dropped.
pub(crate) const MAX_HELD: usize = 1 << 30;
/// Files in one upload.
pub(crate) const MAX_FILES: usize = 20;

/// Roles allowed at the desk.
pub(crate) const DESK_ROLES: [Role; 3] = [Role::Staff, Role::Officer, Role::Administrator];

/// One output waiting for download.
struct Download {
    owner: i64,
    name: String,
    content_type: &'static str,
    bytes: Vec<u8>,
    at: Instant,
}

/// Outputs waiting for download, by random id.
#[derive(Default)]
pub(crate) struct Downloads {
    map: Mutex<HashMap<String, Download>>,
}

impl Downloads {
    fn put(&self, owner: i64, name: String, content_type: &'static str, bytes: Vec<u8>) -> String {
        let id = khien_store::random_secret().unwrap_or_default();
        let mut m = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let keep = Duration::from_secs(KEEP_SECONDS);
        m.retain(|_, d| d.at.elapsed() < keep);
        // Memory is bounded: the oldest outputs go first.
        let mut held: usize = m.values().map(|d| d.bytes.len()).sum::<usize>() + bytes.len();
        while held > MAX_HELD && !m.is_empty() {
            let oldest = m.iter().min_by_key(|(_, d)| d.at).map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                held -= m.remove(&k).map_or(0, |d| d.bytes.len());
            }
        }
        m.insert(id.clone(), Download { owner, name, content_type, bytes, at: Instant::now() });
        id
    }

    fn get(&self, owner: i64, id: &str) -> Option<(String, &'static str, Vec<u8>)> {
        let m = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let d = m.get(id)?;
        (d.owner == owner && d.at.elapsed() < Duration::from_secs(KEEP_SECONDS))
            .then(|| (d.name.clone(), d.content_type, d.bytes.clone()))
    }
}

/// Uploads larger than this (bytes in all) run as a background job with a progress page.
pub(crate) const JOB_BYTES: usize = 4 << 20;
/// Uploads of more files than this run as a background job.
pub(crate) const JOB_FILES: usize = 3;

/// A background job of the desk.
struct Job {
    owner: i64,
    total: usize,
    done: Arc<AtomicUsize>,
    /// The results' HTML once finished.
    body: Option<String>,
    at: Instant,
}

/// The desk's background jobs, by random id, kept as long as the outputs they link to. They
/// live in memory only: a restart drops them (and their uploads) whole, never half-written.
#[derive(Default)]
pub(crate) struct Jobs {
    map: Mutex<HashMap<String, Job>>,
}

impl Jobs {
    fn start(&self, owner: i64, total: usize, done: Arc<AtomicUsize>) -> String {
        let id = khien_store::random_secret().unwrap_or_default();
        let mut m = self.map.lock().unwrap_or_else(|e| e.into_inner());
        m.retain(|_, j| j.at.elapsed() < Duration::from_secs(KEEP_SECONDS));
        m.insert(id.clone(), Job { owner, total, done, body: None, at: Instant::now() });
        id
    }

    fn finish(&self, id: &str, body: String) {
        if let Some(j) = self.map.lock().unwrap_or_else(|e| e.into_inner()).get_mut(id) {
            j.body = Some(body);
        }
    }

    /// `(files done, files in all, results when finished)` of the owner's job.
    fn state(&self, owner: i64, id: &str) -> Option<(usize, usize, Option<String>)> {
        let m = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let j = m.get(id).filter(|j| j.owner == owner)?;
        Some((j.done.load(Ordering::Relaxed), j.total, j.body.clone()))
    }
}

/// `GET /desk/jobs/{id}`: a job's progress, then its results (the page refreshes itself every
/// two seconds while it runs; no script needed).
pub(crate) async fn job_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let p = match auth::require(&state, &headers, &DESK_ROLES).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some((done, total, body)) = state.jobs.state(p.user.id, &id) else {
        return error_page(
            StatusCode::NOT_FOUND,
            "Không có công việc này, hoặc đã hết hạn; hãy tải tệp lên lại (no such job, or it expired: upload again).",
        );
    };
    let csrf = auth::csrf_token(&state, &p.session);
    match body {
        Some(b) => {
            let page = html! {
                (maud::PreEscaped(b))
                h2 { "Tải thêm tệp (upload more)" }
                (upload_form(&csrf))
            };
            Html(layout(Lang::Vi, "Kết quả bàn tài liệu", Some(&p), &csrf, page).into_string())
                .into_response()
        }
        None => {
            let page = html! {
                p role="status" { "Đang xử lý (processing): " strong id="progress" { (done) " / " (total) } " tệp (files). Trang tự cập nhật (this page refreshes itself)." }
                progress max=(total) value=(done) {}
            };
            let mut res =
                Html(layout(Lang::Vi, "Đang xử lý tài liệu", Some(&p), &csrf, page).into_string())
                    .into_response();
            res.headers_mut().insert(header::REFRESH, HeaderValue::from_static("2"));
            res
        }
    }
}

/// One uploaded file.
pub(crate) struct Upload {
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
}

/// A file name without folders or control characters, for reports and downloads.
pub(crate) fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let s: String = base.chars().filter(|c| !c.is_control() && *c != '"').take(200).collect();
    if s.trim().is_empty() { "tep".to_string() } else { s }
}

/// Reads the multipart body: the `csrf` field (if any) and the files of field `file`.
/// An upload over the cap is refused with 413 by the body limit.
pub(crate) async fn read_multipart(
    mut mp: Multipart,
) -> Result<(Option<String>, Vec<Upload>), Response> {
    let mut csrf = None;
    let mut files = Vec::new();
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(e)),
        };
        match field.name() {
            Some("csrf") => csrf = field.text().await.ok(),
            Some("file") | Some("files") => {
                let name = clean_name(field.file_name().unwrap_or("tep"));
                let bytes = field.bytes().await.map_err(multipart_error)?;
                if bytes.is_empty() && name == "tep" {
                    continue;
                }
                if files.len() >= MAX_FILES {
                    return Err(error_page(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        &format!(
                            "Tối đa {MAX_FILES} tệp mỗi lần (at most {MAX_FILES} files per upload)."
                        ),
                    ));
                }
                files.push(Upload { name, bytes: bytes.to_vec() });
            }
            _ => {}
        }
    }
    Ok((csrf, files))
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> Response {
    let status = e.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return error_page(
            status,
            "Tệp tải lên vượt giới hạn dung lượng (upload over the size cap).",
        );
    }
    error_page(status, "Không đọc được tệp tải lên (malformed upload).")
}

/// The limits for uploads: the extractor's defaults, no file above the upload cap.
pub(crate) fn limits(state: &AppState) -> Limits {
    Limits { max_file_size: state.config.max_upload as u64, ..Limits::default() }
}

fn upload_form(csrf: &str) -> maud::Markup {
    html! {
        form method="post" action="/desk/documents" enctype="multipart/form-data" {
            input type="hidden" name="csrf" value=(csrf);
            label for="files" { "Chọn tệp (txt, csv, json, docx, xlsx, pptx, odt, pdf, eml, zip…)" }
            input id="files" type="file" name="file" multiple required;
            button type="submit" { "Quét và khử nhận dạng (scan and de-identify)" }
        }
    }
}

/// The desk's upload page.
pub(crate) async fn page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let p = match auth::require(&state, &headers, &DESK_ROLES).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let csrf = auth::csrf_token(&state, &p.session);
    let mb = state.config.max_upload >> 20;
    let body = html! {
        p { "Tải tệp lên để tìm dữ liệu cá nhân và nhận bản sao đã khử nhận dạng. Tệp chỉ được xử lý trong bộ nhớ và không được lưu lại." }
        p.muted { "Tối đa " (MAX_FILES) " tệp, " (mb) " MiB mỗi lần (upload cap)." }
        (upload_form(&csrf))
    };
    Html(layout(Lang::Vi, "Bàn tài liệu", Some(&p), &csrf, body).into_string()).into_response()
}

/// What the desk did with one file.
struct Processed {
    scan: FileReport,
    output: Result<khien_redact::Output, String>,
}

/// Scans and de-identifies the uploaded files with the same engines as `khien scan` and
/// `khien redact`, on a blocking thread.
async fn process(
    state: &AppState,
    files: Vec<Upload>,
    progress: Arc<AtomicUsize>,
) -> Result<Vec<(Upload, Processed)>, Response> {
    let st = state.clone();
    tokio::task::spawn_blocking(move || {
        let limits = limits(&st);
        let mut session = khien_redact::Session::new(khien_redact::Policy::default(), None)
            .map_err(|e| e.to_string())?;
        Ok::<_, String>(
            files
                .into_iter()
                .map(|f| {
                    let scan = khien_scan::scan_in_memory(
                        &f.name,
                        &f.bytes,
                        &st.engine,
                        &ReadOptions::default(),
                        &limits,
                    );
                    let output = khien_redact::redact_or_export(
                        &f.name,
                        &f.bytes,
                        &st.engine,
                        &mut session,
                        &limits,
                        khien_ocr::Pictures::shared()
                            .ok()
                            .map(|p| p as &dyn khien_redact::PictureReader),
                    )
                    .map_err(|e| e.to_string());
                    progress.fetch_add(1, Ordering::Relaxed);
                    (f, Processed { scan, output })
                })
                .collect(),
        )
    })
    .await
    .map_err(|_| error_page(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi máy chủ (server error)."))?
    .map_err(|e| error_page(StatusCode::INTERNAL_SERVER_ERROR, &e))
}

fn kind_vi(code: &str) -> String {
    khien_detect::Kind::from_code(code)
        .map(|k| k.legal().vi.clone())
        .unwrap_or_else(|| code.to_string())
}

/// Handles an upload: findings per file and kind, links to the outputs.
pub(crate) async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    mp: Multipart,
) -> Response {
    let p = match auth::require(&state, &headers, &DESK_ROLES).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (csrf_field, files) = match read_multipart(mp).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !auth::csrf_ok(&state, Some(&p.session), csrf_field.as_deref().unwrap_or("")) {
        return auth::csrf_failed();
    }
    if files.is_empty() {
        return error_page(StatusCode::UNPROCESSABLE_ENTITY, "Chưa chọn tệp nào (no file chosen).");
    }
    let total_bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    let n_files = files.len();
    if total_bytes > JOB_BYTES || n_files > JOB_FILES {
        // A large upload becomes a job: the answer comes at once, the page follows progress.
        let progress = Arc::new(AtomicUsize::new(0));
        let id = state.jobs.start(p.user.id, n_files, progress.clone());
        let st = state.clone();
        let user = p.user.clone();
        let job = id.clone();
        tokio::spawn(async move {
            let body = match process(&st, files, progress).await {
                Ok(results) => {
                    results_body(&st, &user, results, n_files, total_bytes).await.into_string()
                }
                Err(_) => {
                    html! { p.error { "Lỗi khi xử lý tệp (processing failed)." } }.into_string()
                }
            };
            st.jobs.finish(&job, body);
        });
        return axum::response::Redirect::to(&format!("/desk/jobs/{id}")).into_response();
    }
    let results = match process(&state, files, Arc::new(AtomicUsize::new(0))).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let csrf = auth::csrf_token(&state, &p.session);
    let body = html! {
        (results_body(&state, &p.user, results, n_files, total_bytes).await)
        h2 { "Tải thêm tệp (upload more)" }
        (upload_form(&csrf))
    };
    Html(layout(Lang::Vi, "Kết quả bàn tài liệu", Some(&p), &csrf, body).into_string())
        .into_response()
}

/// The findings and download links of processed files (outputs put aside for their owner,
/// the upload recorded and audited).
async fn results_body(
    state: &AppState,
    user: &khien_store::User,
    results: Vec<(Upload, Processed)>,
    n_files: usize,
    total_bytes: usize,
) -> maud::Markup {
    let p_user_id = user.id;
    // Reports: the scan report as one HTML page (khien-scan's writer) and the
    // de-identification report as JSON (khien-redact's), both masked.
    let mut html_buf: Vec<u8> = Vec::new();
    let mut html_writer =
        khien_scan::report::Writer::new(&mut html_buf, khien_scan::report::Format::Html, false);
    let mut deid = khien_redact::DeidReport::default();
    let mut found = 0usize;
    let mut sections = Vec::new();
    for (upload, done) in results {
        found += done.scan.findings.len();
        let mut by_kind: BTreeMap<String, Vec<&khien_scan::ReportedFinding>> = BTreeMap::new();
        for x in &done.scan.findings {
            by_kind.entry(x.kind.to_string()).or_default().push(x);
        }
        let (link, status) = match &done.output {
            Ok(out) => {
                let (name, ctype) = match &out.text_export {
                    Some(_) => (format!("{}.deid.txt", upload.name), "text/plain; charset=utf-8"),
                    None => (deid_name(&upload.name), "application/octet-stream"),
                };
                let id =
                    state.downloads.put(p_user_id, name.clone(), ctype, out.redacted.bytes.clone());
                let mut fr = out.redacted.report.clone();
                fr.input = upload.name.clone();
                fr.output = Some(name.clone());
                if let Some(why) = &out.text_export {
                    fr.status = "refused".into();
                    fr.error = Some(why.clone());
                }
                let status = fr.status.clone();
                deid.push(fr);
                (Some((id, name)), status)
            }
            Err(e) => {
                deid.push(khien_redact::FileReport::failed(&upload.name, "error", e.clone()));
                (None, format!("error: {e}"))
            }
        };
        let section = html! {
            section {
                h2 { (upload.name) }
                p.muted {
                    (upload.bytes.len()) " byte · " (done.scan.findings.len()) " phát hiện (findings) · khử nhận dạng: " (status)
                }
                @match &done.scan.status {
                    khien_scan::FileStatus::Skipped(why) => p.error { "Bỏ qua (skipped): " (why) },
                    khien_scan::FileStatus::Error(e) => p.error { "Lỗi (error): " (e) },
                    khien_scan::FileStatus::Scanned => {},
                }
                @for n in &done.scan.notes { p.muted { "Ghi chú (note): " (n.to_string()) } }
                @for (kind, rows) in &by_kind {
                    h3 { (kind_vi(kind)) " (" (kind) ") — " (rows.len()) }
                    table {
                        thead { tr { th { "Vị trí (location)" } th { "Giá trị (đã che)" } th { "Độ tin cậy" } th { "Mức" } } }
                        tbody {
                            @for x in rows {
                                tr {
                                    td { (x.location.clone().unwrap_or_else(|| format!("dòng {}, cột {}", x.line, x.column))) }
                                    td { code { (x.masked) } }
                                    td { (x.confidence) " (" (format!("{:.2}", x.score)) ")" }
                                    td { (x.sensitivity) }
                                }
                            }
                        }
                    }
                }
                @if let Some((id, name)) = &link {
                    p { a href={ "/desk/downloads/" (id) } download=(name) { "Tải bản đã khử nhận dạng: " (name) } }
                }
            }
        };
        sections.push(section);
        let _ = html_writer.file(done.scan);
    }
    let _ = html_writer.finish();
    let html_id = state.downloads.put(
        p_user_id,
        "khien-scan-report.html".into(),
        "text/html; charset=utf-8",
        html_buf,
    );
    let deid_json = serde_json::to_vec_pretty(&deid).unwrap_or_default();
    let deid_id = state.downloads.put(
        p_user_id,
        "khien-deid-report.json".into(),
        "application/json",
        deid_json,
    );
    let actor = auth::actor(user);
    let _ = state
        .store
        .record_upload(&actor, "documents", n_files as i64, total_bytes as i64, found as i64)
        .await;
    let _ = state
        .store
        .audit(
            &actor,
            "documents_processed",
            &format!("{n_files} file(s), {total_bytes} bytes, {found} finding(s)"),
        )
        .await;
    html! {
        p role="status" { (n_files) " tệp, " (found) " phát hiện; giá trị đã được che (values are masked)." }
        p { a href={ "/desk/downloads/" (deid_id) } download="khien-deid-report.json" { "Tải báo cáo khử nhận dạng (JSON)" } }
        p { a href={ "/desk/downloads/" (html_id) } download="khien-scan-report.html" { "Tải báo cáo phát hiện (HTML)" } }
        @for s in sections { (s) }
    }
}

/// `name.deid.ext`.
fn deid_name(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.deid.{ext}"),
        _ => format!("{name}.deid"),
    }
}

/// Serves an output to the person who uploaded it.
pub(crate) async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let p = match auth::require(&state, &headers, &DESK_ROLES).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some((name, ctype, bytes)) = state.downloads.get(p.user.id, &id) else {
        return error_page(
            StatusCode::NOT_FOUND,
            "Tệp đã hết hạn hoặc không tồn tại (expired or unknown download).",
        );
    };
    let ascii: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}
