//! The dashboard for officers and administrators: what a director shows as progress. Charts
//! are inline SVG drawn on the server (no JavaScript, no images fetched), every chart has its
//! figures in a table beside it, the same figures download as CSV, and a printable page
//! carries them on paper.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use khien_store::Role;
use khien_store::inventory::ScanRow;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::AppState;
use crate::auth;
use crate::inventory::{Summary, kind_label, summary};
use crate::pages::{Lang, format_time, layout};

/// Months shown on the monthly charts.
const MONTHS: usize = 12;

/// A horizontal bar chart of labelled values, as inline SVG with a title and a description
/// that lists the figures (read by screen readers).
pub(crate) fn bar_chart(title: &str, rows: &[(String, i64)]) -> Markup {
    if rows.is_empty() {
        return html! { p.muted { "Chưa có dữ liệu (no data yet)." } };
    }
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1) as f64;
    let (label_w, bar_w, row_h) = (260.0, 380.0, 24.0);
    let height = row_h * rows.len() as f64 + 8.0;
    let desc: Vec<String> = rows.iter().map(|(l, v)| format!("{l}: {v}")).collect();
    html! {
        figure.chart {
            svg role="img" aria-label=(title) viewBox={ "0 0 720 " (height) } width="100%" xmlns="http://www.w3.org/2000/svg" {
                title { (title) }
                desc { (desc.join("; ")) }
                @for (i, (label, v)) in rows.iter().enumerate() {
                    @let y = 4.0 + row_h * i as f64;
                    @let w = (*v as f64 / max * bar_w).max(if *v > 0 { 2.0 } else { 0.0 });
                    text x=(label_w - 8.0) y=(y + 16.0) text-anchor="end" font-size="13" fill="#111" {
                        (truncate(label, 38))
                    }
                    rect x=(label_w) y=(y + 3.0) width=(format!("{w:.1}")) height=(row_h - 6.0) fill="#0b3d91" {}
                    text x=(label_w + w + 6.0) y=(y + 16.0) font-size="13" fill="#111" { (v) }
                }
            }
            figcaption.muted { (title) }
        }
    }
}

/// A column chart of values per month (`YYYY-MM`), as inline SVG.
pub(crate) fn column_chart(title: &str, rows: &[(String, i64)]) -> Markup {
    if rows.is_empty() {
        return html! { p.muted { "Chưa có dữ liệu (no data yet)." } };
    }
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1) as f64;
    let (plot_h, col_w, top, left) = (160.0, 52.0, 20.0, 8.0);
    let width = left * 2.0 + col_w * rows.len() as f64;
    let desc: Vec<String> = rows.iter().map(|(l, v)| format!("{l}: {v}")).collect();
    html! {
        figure.chart {
            svg role="img" aria-label=(title) viewBox={ "0 0 " (width) " " (plot_h + top + 24.0) } width="100%" xmlns="http://www.w3.org/2000/svg" {
                title { (title) }
                desc { (desc.join("; ")) }
                line x1=(left) y1=(top + plot_h) x2=(width - left) y2=(top + plot_h) stroke="#555" {}
                @for (i, (label, v)) in rows.iter().enumerate() {
                    @let h = (*v as f64 / max * plot_h).max(if *v > 0 { 2.0 } else { 0.0 });
                    @let x = left + col_w * i as f64;
                    rect x=(x + 8.0) y=(format!("{:.1}", top + plot_h - h)) width=(col_w - 16.0) height=(format!("{h:.1}")) fill="#0b3d91" {}
                    text x=(x + col_w / 2.0) y=(format!("{:.1}", top + plot_h - h - 4.0)) text-anchor="middle" font-size="12" fill="#111" { (v) }
                    text x=(x + col_w / 2.0) y=(top + plot_h + 16.0) text-anchor="middle" font-size="11" fill="#111" { (label) }
                }
            }
            figcaption.muted { (title) }
        }
    }
}

fn truncate(s: &str, chars: usize) -> String {
    if s.chars().count() <= chars {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(chars - 1).collect();
        t.push('…');
        t
    }
}

fn month(t: i64) -> String {
    format_time(t)[..7].to_string()
}

/// Everything the dashboard shows.
struct Data {
    summary: Summary,
    /// Findings per month: for each host and folder, its last scan of the month, added up.
    findings_by_month: Vec<(String, i64)>,
    /// Files uploaded to the desks per month (document desk and API).
    uploads_by_month: Vec<(String, i64)>,
    /// Findings in those uploads per month.
    upload_findings_by_month: Vec<(String, i64)>,
    /// For each host: its folders scanned and its last scan.
    coverage: Vec<(String, i64, i64)>,
    /// Scans still waiting for batches.
    incomplete: i64,
    /// Scam reports of the last 400 days by type: (type name, reports, accepted).
    reports_by_type: Vec<(String, i64, i64)>,
    /// Scam reports of the last 400 days by the brand they imitate.
    reports_by_brand: Vec<(String, i64)>,
    /// This year's training by unit (units under the minimum cohort left out) and how many
    /// units were left out.
    training: (i64, Vec<khien_store::learn::UnitSummary>, usize),
    /// The smallest unit shown.
    min_cohort: usize,
    /// Compliance deadlines not yet met, and how many of them are overdue.
    compliance: (usize, usize),
    /// Anonymous reach of the public warnings over the last 400 days: (page, kind, count).
    reach: Vec<(String, String, i64)>,
}

fn findings_by_month(scans: &[ScanRow]) -> Vec<(String, i64)> {
    // (month, host, root) → the month's last scan of that folder.
    let mut last: BTreeMap<(String, &str, &str), &ScanRow> = BTreeMap::new();
    for s in scans {
        let key =
            (month(s.completed_at.unwrap_or(s.received_at)), s.host.as_str(), s.root.as_str());
        match last.get(&key) {
            Some(b) if (b.completed_at.is_some(), b.id) >= (s.completed_at.is_some(), s.id) => {}
            _ => {
                last.insert(key, s);
            }
        }
    }
    let mut by: BTreeMap<String, i64> = BTreeMap::new();
    for ((m, _, _), s) in last {
        *by.entry(m).or_default() += s.findings;
    }
    tail(by)
}

fn tail(by: BTreeMap<String, i64>) -> Vec<(String, i64)> {
    let v: Vec<(String, i64)> = by.into_iter().collect();
    v[v.len().saturating_sub(MONTHS)..].to_vec()
}

/// Why the dashboard could not be loaded (the database, either side).
#[derive(Debug, thiserror::Error)]
enum LoadError {
    #[error(transparent)]
    Inventory(#[from] khien_store::inventory::InventoryError),
    #[error(transparent)]
    Reports(#[from] khien_store::reports::ModerationError),
    #[error(transparent)]
    Store(#[from] khien_store::StoreError),
}

async fn load(state: &AppState) -> Result<Data, LoadError> {
    let (summary, scans) = summary(state).await?;
    let since = khien_store::now() - 400 * 86_400;
    let judge = state.judge.load();
    let reports_by_type = state
        .store
        .report_counts_by_type(since)
        .await?
        .into_iter()
        .map(|(code, n, accepted)| {
            let name = match judge.scam_type_name(&code) {
                Some((vi, en)) => format!("{vi} ({en})"),
                None if code.is_empty() => "Chưa xác định loại (no type named)".to_string(),
                None => code,
            };
            (name, n, accepted)
        })
        .collect();
    let reports_by_brand = state.store.report_counts_by_brand(since).await?;
    let year = khien_store::learn::year_of(khien_store::now());
    let (units, hidden) = state.store.unit_summaries(year, state.config.min_cohort).await?;
    let mut files: BTreeMap<String, i64> = BTreeMap::new();
    let mut found: BTreeMap<String, i64> = BTreeMap::new();
    for (at, _desk, n, f) in state.store.uploads_since(since).await? {
        *files.entry(month(at)).or_default() += n;
        *found.entry(month(at)).or_default() += f;
    }
    let mut coverage: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for s in inventory_current(&summary, &scans) {
        let e = coverage.entry(&s.host).or_default();
        e.0 += 1;
        e.1 = e.1.max(s.completed_at.unwrap_or(s.received_at));
    }
    Ok(Data {
        findings_by_month: findings_by_month(&scans),
        uploads_by_month: tail(files),
        upload_findings_by_month: tail(found),
        coverage: coverage.into_iter().map(|(h, (n, at))| (h.to_string(), n, at)).collect(),
        incomplete: scans.iter().filter(|s| s.completed_at.is_none()).count() as i64,
        reports_by_type,
        reports_by_brand,
        training: (year, units, hidden),
        min_cohort: state.config.min_cohort,
        compliance: crate::comply::due_counts(state).await.unwrap_or_default(),
        reach: state.store.outreach_totals(since).await?,
        summary,
    })
}

fn unit_name(u: &khien_store::learn::UnitSummary) -> String {
    u.unit.clone().unwrap_or_else(|| "Chưa có đơn vị (no unit)".to_string())
}

/// Percent of assigned lessons passed, per unit (0 where nothing is assigned).
fn completion_rates(units: &[khien_store::learn::UnitSummary]) -> Vec<(String, i64)> {
    units
        .iter()
        .map(|u| {
            let rate = (u.completed * 100).checked_div(u.assigned).unwrap_or(0);
            (unit_name(u), rate as i64)
        })
        .collect()
}

fn inventory_current<'a>(summary: &Summary, scans: &'a [ScanRow]) -> Vec<&'a ScanRow> {
    let current = summary.current_ids();
    scans.iter().filter(|s| current.contains(&s.id)).collect()
}

fn figures_table(head: &str, rows: &[(String, i64)]) -> Markup {
    html! {
        table.figures {
            thead { tr { th { (head) } th { "Số (count)" } } }
            tbody { @for (k, v) in rows { tr { td { (k) } td { (v) } } } }
        }
    }
}

fn body(d: &Data) -> Markup {
    let s = &d.summary;
    let kinds: Vec<(String, i64)> = s.kinds().iter().map(|(k, n)| (kind_label(k), *n)).collect();
    html! {
        section {
            h2 { "Tuân thủ (compliance deadlines)" }
            p {
                "Việc đến hạn chưa thực hiện (pending): " strong { (d.compliance.0) }
                " — quá hạn (overdue): " strong { (d.compliance.1) }
                " · " a href="/compliance" { "Sổ tuân thủ (register)" }
            }
        }
        section {
            h2 { "Tuyên truyền tới người dân (reach of the public warnings)" }
            @let total = |k: &str| d.reach.iter().filter(|r| r.1 == k).map(|r| r.2).sum::<i64>();
            p {
                "Lượt xem (views): " strong { (total("view")) }
                " · áp phích tải về (posters): " strong { (total("poster")) }
                " · lượt làm bài thử sức (quizzes completed): " strong { (total("quiz")) }
                " — ẩn danh, 400 ngày (anonymous, 400 days)"
            }
            @let views: Vec<(String, i64)> = d.reach.iter().filter(|r| r.1 == "view").take(10).map(|r| (khien_learn::Content::embedded().lesson(&r.0).map(|l| l.front.title_vi.clone()).unwrap_or_else(|| r.0.clone()), r.2)).collect();
            @if !views.is_empty() { (bar_chart("Cảnh báo được xem nhiều nhất (most viewed warnings)", &views)) }
        }
        section {
            h2 { "Độ phủ của kiểm kê (inventory coverage)" }
            ul {
                li { "Máy đã gửi kết quả (hosts reporting): " strong { (d.coverage.len()) } }
                li { "Thư mục đã quét (folders scanned): " strong { (s.scans()) } }
                li { "Tệp có dữ liệu cá nhân (files with personal data): " strong { (s.files()) } }
                li { "Phát hiện (findings): " strong { (s.findings()) } " — nhạy cảm (sensitive): " strong { (s.sensitive()) } }
                li { "Lần quét chưa hoàn tất (scans not complete): " strong { (d.incomplete) } }
            }
            table {
                thead { tr { th { "Máy (host)" } th { "Thư mục (folders)" } th { "Lần quét cuối (last scan, UTC)" } } }
                tbody { @for (h, n, at) in &d.coverage { tr { td { (h) } td { (n) } td { (format_time(*at)) } } } }
            }
        }
        section {
            h2 { "Phát hiện theo loại (findings by kind)" }
            (bar_chart("Phát hiện theo loại, kiểm kê hiện tại (findings by kind, current inventory)", &kinds))
        }
        section {
            h2 { "Phát hiện theo tháng (findings by month)" }
            p.muted { "Mỗi máy và thư mục tính theo lần quét cuối của tháng (each host and folder counted by its last scan of the month)." }
            (column_chart("Phát hiện theo tháng (findings by month)", &d.findings_by_month))
            (figures_table("Tháng (month)", &d.findings_by_month))
        }
        section {
            h2 { "Tải lên bàn tài liệu (uploads to the document desk and API)" }
            (column_chart("Tệp tải lên theo tháng (files uploaded by month)", &d.uploads_by_month))
            (figures_table("Tháng (month)", &d.uploads_by_month))
            (column_chart("Phát hiện trong tệp tải lên (findings in uploads by month)", &d.upload_findings_by_month))
        }
        section {
            h2 { "Báo cáo lừa đảo theo loại (scam reports by type)" }
            p.muted { "Báo cáo nhận trong 400 ngày qua; một báo cáo nêu hai loại được tính cho cả hai, báo cáo trùng đã gộp không tính lại (reports of the last 400 days; a report naming two types counts for each, merged duplicates are not counted again)." }
            @if d.reports_by_type.is_empty() {
                p { "Chưa có báo cáo nào (no reports yet)." }
            } @else {
                (bar_chart("Báo cáo lừa đảo theo loại (scam reports by type)", &d.reports_by_type.iter().map(|(t, n, _)| (t.clone(), *n)).collect::<Vec<_>>()))
                table {
                    thead { tr { th { "Loại (type)" } th { "Báo cáo (reports)" } th { "Đã xác minh (accepted)" } } }
                    tbody { @for (t, n, a) in &d.reports_by_type { tr { td { (t) } td { (n) } td { (a) } } } }
                }
            }
        }
        section {
            h2 { "Thương hiệu bị giả mạo nhiều nhất (most impersonated brands)" }
            @if d.reports_by_brand.is_empty() {
                p { "Chưa có báo cáo nào giả mạo một thương hiệu (no report imitates a brand yet)." }
            } @else {
                (bar_chart("Báo cáo theo thương hiệu bị giả mạo (reports by imitated brand)", &d.reports_by_brand.iter().take(12).cloned().collect::<Vec<_>>()))
            }
        }
        section {
            h2 { "Học tập năm " (d.training.0) " (training this year)" }
            p.muted { "Theo đơn vị; đơn vị dưới " (d.min_cohort) " người không hiển thị để không lộ cá nhân (by unit; units under " (d.min_cohort) " people are not shown, so no one is singled out)." }
            @if d.training.1.is_empty() {
                p { "Chưa có đơn vị đủ người để hiển thị (no unit large enough to show yet)." }
            } @else {
                (bar_chart("Tỷ lệ hoàn thành bài học được giao, % (assigned lessons passed, %)", &completion_rates(&d.training.1)))
                table {
                    thead { tr { th { "Đơn vị (unit)" } th { "Người (people)" } th { "Bài được giao (assigned)" } th { "Đã đạt (passed)" } th { "Trễ hạn (late)" } th { "Đã ký cam kết (committed)" } } }
                    tbody { @for u in &d.training.1 { tr {
                        td { (unit_name(u)) } td { (u.people) } td { (u.assigned) } td { (u.completed) } td { (u.late) } td { (u.committed) }
                    } } }
                }
            }
            @if d.training.2 > 0 {
                p.muted { (d.training.2) " đơn vị quá ít người không hiển thị (units too small to show)." }
            }
        }
    }
}

async fn officer(state: &AppState, headers: &HeaderMap) -> Result<auth::Person, Response> {
    auth::require(state, headers, &[Role::Officer, Role::Administrator]).await
}

/// `GET /dashboard`.
pub(crate) async fn page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let p = match officer(&state, &headers).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Ok(d) = load(&state).await else { return crate::pages::db_unavailable() };
    let csrf = auth::csrf_token(&state, &p.session);
    let content = html! {
        p {
            a href="/dashboard.csv" { "Tải CSV (download CSV)" } " · "
            a href="/dashboard/print" { "Bản in (printable report)" } " · "
            a href="/inventory" { "Kiểm kê chi tiết (inventory details)" }
        }
        (body(&d))
    };
    Html(layout(Lang::Vi, "Bảng điều khiển (dashboard)", Some(&p), &csrf, content).into_string())
        .into_response()
}

const PRINT_STYLE: &str = "
body{font-family:system-ui,'Segoe UI',Roboto,sans-serif;color:#000;background:#fff;max-width:52rem;margin:0 auto;padding:1rem;line-height:1.4}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #555;padding:.25rem .4rem;text-align:left}
figure{margin:.5rem 0}
.muted{color:#333}
.noprint a{color:#0b3d91}
@page{size:A4;margin:15mm}
@media print{.noprint{display:none}section{break-inside:avoid}a{color:#000;text-decoration:none}}
";

/// `GET /dashboard/print`: the dashboard as a report to print or save as PDF.
pub(crate) async fn print(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let p = match officer(&state, &headers).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Ok(d) = load(&state).await else { return crate::pages::db_unavailable() };
    let now = khien_store::now();
    let page = html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Báo cáo bảo vệ dữ liệu cá nhân — Khiên" }
                style { (PreEscaped(PRINT_STYLE)) }
            }
            body {
                p.noprint { a href="/dashboard" { "← Bảng điều khiển (dashboard)" } " · In bằng Ctrl+P (print with Ctrl+P)" }
                h1 { "Báo cáo bảo vệ dữ liệu cá nhân (personal-data protection report)" }
                p { "Lập lúc (generated, UTC): " (format_time(now)) " · người lập (by): " (p.user.username) }
                (body(&d))
            }
        }
    };
    Html(page.into_string()).into_response()
}

/// A CSV cell that a spreadsheet will not read as a formula (host names come from agents).
fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() }
}

/// `GET /dashboard.csv`: the dashboard's figures, one per row (`section,item,value`).
pub(crate) async fn csv(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(r) = officer(&state, &headers).await {
        return r;
    }
    let Ok(d) = load(&state).await else { return crate::pages::db_unavailable() };
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let s = &d.summary;
    let mut rows: Vec<(String, String, String)> = vec![
        ("coverage".into(), "hosts".into(), d.coverage.len().to_string()),
        ("coverage".into(), "folders".into(), s.scans().to_string()),
        ("coverage".into(), "files_with_personal_data".into(), s.files().to_string()),
        ("coverage".into(), "findings".into(), s.findings().to_string()),
        ("coverage".into(), "sensitive_findings".into(), s.sensitive().to_string()),
        ("coverage".into(), "scans_not_complete".into(), d.incomplete.to_string()),
        ("compliance".into(), "pending_deadlines".into(), d.compliance.0.to_string()),
        ("compliance".into(), "overdue_deadlines".into(), d.compliance.1.to_string()),
    ];
    for (page, kind, n) in &d.reach {
        rows.push((format!("outreach_{kind}"), page.clone(), n.to_string()));
    }
    for (h, n, at) in &d.coverage {
        rows.push(("host_folders".into(), h.clone(), n.to_string()));
        rows.push(("host_last_scan".into(), h.clone(), format_time(*at)));
    }
    for (k, n) in s.kinds() {
        rows.push(("findings_by_kind".into(), k.clone(), n.to_string()));
    }
    for (m, n) in &d.findings_by_month {
        rows.push(("findings_by_month".into(), m.clone(), n.to_string()));
    }
    for (m, n) in &d.uploads_by_month {
        rows.push(("uploaded_files_by_month".into(), m.clone(), n.to_string()));
    }
    for (m, n) in &d.upload_findings_by_month {
        rows.push(("upload_findings_by_month".into(), m.clone(), n.to_string()));
    }
    for (b, n) in &d.reports_by_brand {
        rows.push(("scam_reports_by_imitated_brand".into(), b.clone(), n.to_string()));
    }
    for u in &d.training.1 {
        let name = unit_name(u);
        rows.push(("training_assigned_by_unit".into(), name.clone(), u.assigned.to_string()));
        rows.push(("training_passed_by_unit".into(), name.clone(), u.completed.to_string()));
        rows.push(("training_committed_by_unit".into(), name, u.committed.to_string()));
    }
    for (t, n, a) in &d.reports_by_type {
        rows.push(("scam_reports_by_type".into(), t.clone(), n.to_string()));
        rows.push(("accepted_scam_reports_by_type".into(), t.clone(), a.to_string()));
    }
    let mut ok = w.write_record(["section", "item", "value"]).is_ok();
    for (a, b, c) in &rows {
        ok &= w.write_record([cell(a), cell(b), cell(c)]).is_ok();
    }
    let Ok(bytes) = w.into_inner() else { return crate::pages::db_unavailable() };
    if !ok {
        return crate::pages::db_unavailable();
    }
    let name = format!(
        "attachment; filename=\"khien-dashboard-{}.csv\"",
        &format_time(khien_store::now())[..10]
    );
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&name) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(id: i64, host: &str, root: &str, at: i64, findings: i64) -> ScanRow {
        ScanRow {
            id,
            scan_uid: format!("s{id}"),
            host: host.into(),
            root: root.into(),
            token_name: "t".into(),
            started_at: at,
            received_at: at,
            completed_at: Some(at),
            files_scanned: Some(1),
            files: 1,
            findings,
            batches: 1,
        }
    }

    #[test]
    fn a_folder_counts_once_a_month_by_its_last_scan() {
        // 2026-11-02, 2026-11-20, 2026-12-01 (UTC).
        let (nov1, nov2, dec) = (1_793_577_600, 1_795_132_800, 1_796_083_200);
        let scans = [
            scan(1, "pc1", "/a", nov1, 10),
            scan(2, "pc1", "/a", nov2, 7),
            scan(3, "pc2", "/b", nov2, 5),
            scan(4, "pc1", "/a", dec, 3),
        ];
        assert_eq!(
            findings_by_month(&scans),
            vec![("2026-11".to_string(), 12), ("2026-12".to_string(), 3)]
        );
    }

    #[test]
    fn charts_escape_labels_and_csv_cells_are_not_formulas() {
        let svg = bar_chart("t", &[("<b>".into(), 3), ("x".into(), 0)]).into_string();
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"), "{svg}");
        assert!(svg.contains("<svg") && svg.contains("<title>t</title>"));
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(cell("pc-01"), "pc-01");
    }
}
