//! The offsets contract in every text format: for a finding whose `offsets` is `file`,
//! `file[start..end]` is the value as stored (escapes and quotes included), and `line`/`column`
//! are where `start` is. Checked on generated CSV (quoted cells with delimiters, doubled quotes,
//! CRLF), JSON (nested, escaped strings), JSONL, HTML and XML.

use khien_detect::{Config, Engine};
use khien_extract::Limits;
use khien_scan::{ReadOptions, scan_document};
use proptest::prelude::*;

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Config::default().with_current_year(2026)))
}

/// A personal value and the text around it, varied.
fn cell() -> impl Strategy<Value = String> {
    let values = prop::sample::select(vec![
        "001090000001",
        "079301000002",
        "0912 345 678",
        "0987654321",
        "nguyen.van.a@example.vn",
        "Nguyễn Văn Hùng",
        "Trần Thị Mai",
        "9704364323194878",
    ]);
    let around = prop::sample::select(vec![
        "",
        "Số ",
        "SĐT: ",
        "Họ tên: ",
        "\"trích\" ",
        "a, b; ",
        "Lê & Co <x> ",
        "tab\tthen ",
    ]);
    let after = prop::sample::select(vec!["", " ", ", xong", "\"", " \\ đường", "\n2 dòng"]);
    (around, values, after).prop_map(|(a, v, z)| format!("{a}{v}{z}"))
}

fn csv_field(s: &str, delim: char) -> String {
    if s.contains([delim, '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn check(name: &str, file: &str) -> Result<(), TestCaseError> {
    let opts = ReadOptions { show_values: true, ..ReadOptions::default() };
    let r = scan_document(name, file.as_bytes(), engine(), &opts, &Limits::default());
    // Every generated file holds personal values: a vacuous pass is a failure.
    prop_assert!(!r.findings.is_empty(), "{}: nothing found in {}", name, file);
    for f in &r.findings {
        prop_assert_eq!(f.offsets, "file", "{} {:?}", name, f.location);
        let stored = &file.as_bytes()[f.start as usize..f.end as usize];
        let stored = String::from_utf8_lossy(stored).into_owned();
        prop_assert_eq!(Some(stored.as_str()), f.value.as_deref());
        let before = &file[..f.start as usize];
        let line = before.matches('\n').count() as u64 + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u64 + 1;
        prop_assert_eq!((f.line, f.column), (line, column), "{}", name);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn csv_and_tsv(rows in prop::collection::vec(prop::collection::vec(cell(), 3), 1..6), crlf: bool) {
        let nl = if crlf { "\r\n" } else { "\n" };
        for (delim, name) in [(',', "ds.csv"), ('\t', "ds.tsv")] {
            let mut file = ["Họ tên", "Số CCCD", "Ghi chú"].join(&delim.to_string());
            file.push_str(nl);
            // One row that is always found, so a run never passes for having found nothing.
            let fixed = vec!["Lê Văn An".to_string(), "001090000001".to_string(), String::new()];
            for row in rows.iter().chain([&fixed]) {
                let cells: Vec<String> = row.iter().map(|c| csv_field(c, delim)).collect();
                file.push_str(&cells.join(&delim.to_string()));
                file.push_str(nl);
            }
            check(name, &file)?;
        }
    }

    #[test]
    fn json_and_jsonl(records in prop::collection::vec(prop::collection::vec(cell(), 1..4), 1..5)) {
        let mut doc: Vec<serde_json::Value> = records
            .iter()
            .map(|r| serde_json::json!({ "ho_so": { "ghi_chu": r, "ten": r[0] } }))
            .collect();
        // One record that is always found, so a run never passes for having found nothing.
        doc.push(serde_json::json!({ "so_cccd": "001090000001" }));
        // serde_json escapes quotes, backslashes and control characters; \u escapes of
        // non-ASCII letters are made by hand below.
        check("ds.json", &serde_json::to_string_pretty(&doc).unwrap())?;
        let lines: Vec<String> = doc.iter().map(|d| serde_json::to_string(d).unwrap()).collect();
        check("ds.jsonl", &(lines.join("\n") + "\n"))?;
        let ascii: String = serde_json::to_string(&doc)
            .unwrap()
            .chars()
            .map(|c| if c.is_ascii() { c.to_string() } else { format!("\\u{:04x}", c as u32) })
            .collect();
        check("ascii.json", &ascii)?;
    }

    #[test]
    fn html_and_xml(cells in prop::collection::vec(cell(), 1..6)) {
        let mut html = String::from("<!doctype html><html><body><table>\n");
        let mut xml = String::from("<?xml version=\"1.0\"?>\n<ds>\n");
        // One cell that is always found, so a run never passes for having found nothing.
        let fixed = "Số CCCD: 001090000001".to_string();
        for c in cells.iter().chain([&fixed]) {
            html.push_str(&format!("<tr><td>{}</td></tr>\n", html_escape(c)));
            xml.push_str(&format!("  <nguoi ghi_chu=\"{}\">{}</nguoi>\n", html_escape(c).replace('"', "&quot;"), html_escape(c)));
        }
        html.push_str("</table></body></html>\n");
        xml.push_str("</ds>\n");
        check("ds.html", &html)?;
        check("ds.xml", &xml)?;
    }
}
