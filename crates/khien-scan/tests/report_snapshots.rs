//! Snapshots of the report formats and of the explanations, on a fixed document.

use khien_detect::{Config, Engine};
use khien_scan::report::{Format, Writer};
use khien_scan::{ReadOptions, scan_bytes};

const DOC: &str = "HỒ SƠ ĐĂNG KÝ TẠM TRÚ\n\
Họ và tên: Nguyễn Văn Mẫu, sinh ngày 21/12/1990\n\
Số CCCD: 001090000001 — SĐT: 0912 345 678\n\
Thẻ BHYT: DT2460000000003; STK 0011001234567 Vietcombank\n\
Mật khẩu VNeID: Mau@2024\n\
Căn cứ Nghị định 356/2025/NĐ-CP; hotline 1900 1234; phí 1.500.000đ\n";

fn render(format: Format, show_values: bool) -> String {
    let engine = Engine::new(Config::default().with_current_year(2026));
    let report = scan_bytes(
        "ho-so.txt",
        DOC.as_bytes(),
        &engine,
        &ReadOptions { show_values, ..ReadOptions::default() },
    );
    let mut out = Vec::new();
    let mut w = Writer::new(&mut out, format, false);
    w.file(report).unwrap();
    w.finish().unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn human_report() {
    insta::assert_snapshot!(render(Format::Human, false));
}

#[test]
fn jsonl_report() {
    insta::assert_snapshot!(render(Format::Jsonl, false));
}

#[test]
fn csv_report_with_values() {
    insta::assert_snapshot!(render(Format::Csv, true));
}
