//! The HTML report: one self-contained page a manager can open — summary, charts drawn as
//! inline SVG (by kind, by sensitivity, by folder), the findings table with locations, and the
//! notes. Values are masked unless the scan was asked to show them; nothing is loaded from
//! outside the file (no scripts, fonts, images or style sheets).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::report::{FileReport, FileStatus, Summary};

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A horizontal bar chart of `rows` (label, count), largest first, as inline SVG.
fn bars(title: &str, rows: &[(String, u64)]) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let row_h = 22;
    let height = rows.len() * row_h + 8;
    let mut svg = format!(
        "<figure><figcaption>{}</figcaption><svg role=\"img\" aria-label=\"{}\" width=\"640\" height=\"{height}\" viewBox=\"0 0 640 {height}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(title),
        esc(title)
    );
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = i * row_h + 4;
        let w = (*n as f64 / max as f64 * 330.0).max(1.0);
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text><rect x=\"250\" y=\"{y}\" width=\"{w:.1}\" height=\"16\" fill=\"#b3261e\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"12\">{n}</text>",
            y + 13,
            esc(&truncate(label, 38)),
            250.0 + w + 6.0,
            y + 13
        );
    }
    svg.push_str("</svg></figure>");
    svg
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// The folder of a reported path (archive members count under their archive's folder).
fn folder(path: &str) -> String {
    let file = path.split('!').next().unwrap_or(path);
    match file.rfind('/') {
        Some(i) => file[..i].to_string(),
        None => ".".to_string(),
    }
}

fn sorted(map: BTreeMap<String, u64>, top: usize) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(top);
    v
}

/// Renders the whole report.
pub(crate) fn render(
    files: &[FileReport],
    summary: &Summary,
    kind_vi: &dyn Fn(&str) -> String,
) -> String {
    let mut by_kind = BTreeMap::new();
    let mut by_sensitivity = BTreeMap::new();
    let mut by_folder = BTreeMap::new();
    for f in files {
        for x in &f.findings {
            *by_kind.entry(format!("{} ({})", kind_vi(&x.kind), x.kind)).or_insert(0) += 1;
            let s = if x.sensitivity == "sensitive" {
                "nhạy cảm (sensitive)"
            } else {
                "cơ bản (basic)"
            };
            *by_sensitivity.entry(s.to_string()).or_insert(0) += 1;
            *by_folder.entry(folder(&x.path)).or_insert(0) += 1;
        }
    }
    let mut h = String::with_capacity(16 << 10);
    h.push_str("<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    h.push_str("<title>Báo cáo quét dữ liệu cá nhân — Khiên</title><style>");
    h.push_str("body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:72rem}h1{font-size:1.5rem}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f2f2f2}.s{color:#b3261e;font-weight:600}figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}.warn{background:#fff4e5;border:1px solid #f0b400;padding:.5rem}@media print{body{margin:0}}");
    h.push_str("</style></head><body>");
    h.push_str("<h1>Báo cáo quét dữ liệu cá nhân <small>(personal-data scan report)</small></h1>");
    let _ = write!(
        h,
        "<section aria-label=\"Tổng kết\"><p>{} tệp đã quét, {} tệp có dữ liệu cá nhân, {} bỏ qua, {} lỗi, {} byte. <strong>{} phát hiện</strong>: <span class=\"s\">{} nhạy cảm</span>, {} cơ bản.</p>",
        summary.files_scanned,
        summary.files_with_findings,
        summary.files_skipped,
        summary.files_failed,
        summary.bytes,
        summary.findings,
        summary.by_sensitivity.get("sensitive").copied().unwrap_or(0),
        summary.by_sensitivity.get("basic").copied().unwrap_or(0),
    );
    if summary.files_incomplete > 0 {
        let _ = write!(
            h,
            "<p class=\"warn\">{} tệp chỉ quét được một phần — kết quả chưa đầy đủ (files only partly scanned; the result is incomplete).</p>",
            summary.files_incomplete
        );
    }
    h.push_str("</section>");
    if summary.findings > 0 {
        h.push_str(&bars("Theo loại dữ liệu (by kind)", &sorted(by_kind, 30)));
        h.push_str(&bars("Theo mức độ (by sensitivity)", &sorted(by_sensitivity, 2)));
        h.push_str(&bars("Theo thư mục (by folder, top 15)", &sorted(by_folder, 15)));
    }
    h.push_str("<h2>Phát hiện (findings)</h2><table><thead><tr><th>Tệp</th><th>Vị trí</th><th>Loại</th><th>Giá trị</th><th>Độ tin cậy</th><th>Mức độ</th><th>Căn cứ</th></tr></thead><tbody>");
    for f in files {
        for x in &f.findings {
            let place = match &x.location {
                Some(l) => l.clone(),
                None => format!("dòng {}, cột {}", x.line, x.column),
            };
            let sens = if x.sensitivity == "sensitive" {
                "<span class=\"s\">nhạy cảm</span>"
            } else {
                "cơ bản"
            };
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{} ({:.2})</td><td>{sens}</td><td>{}</td></tr>",
                esc(&x.path),
                esc(&place),
                esc(&kind_vi(&x.kind)),
                esc(x.value.as_deref().unwrap_or(&x.masked)),
                x.confidence,
                x.score,
                esc(&x.legal.join(", ")),
            );
        }
    }
    h.push_str("</tbody></table>");
    let notes: Vec<String> = files
        .iter()
        .flat_map(|f| {
            let status = match &f.status {
                FileStatus::Error(e) => Some(format!("{}: lỗi (error): {e}", f.path)),
                FileStatus::Skipped(s) => Some(format!("{}: bỏ qua (skipped): {s}", f.path)),
                FileStatus::Scanned => None,
            };
            status.into_iter().chain(f.notes.iter().map(move |n| format!("{}: {n}", f.path)))
        })
        .collect();
    if !notes.is_empty() {
        h.push_str("<h2>Ghi chú (notes)</h2><ul>");
        for n in notes {
            let _ = write!(h, "<li>{}</li>", esc(&n));
        }
        h.push_str("</ul>");
    }
    h.push_str("<p><small>Giá trị đã được che trừ khi quét với --show-values (values are masked unless the scan was run with --show-values).</small></p></body></html>\n");
    h
}
