//! Extraction benchmark helper (run by `bench/extract.sh`, not by CI).
//!
//! `bench_extract gen DIR [SCALE]` writes a corpus of documents (docx, xlsx, pptx, odt, ods,
//! csv, json, html, eml with attachment, pdf, zip) built with the test fixtures.
//! `bench_extract run DIR` extracts every file, reading each once, and prints one line per file
//! (`name<TAB>bytes<TAB>chars<TAB>seconds`) and a total.

#[path = "../tests/it/fixtures.rs"]
mod fixtures;

// The varied document generator of the scan benchmarks: spreadsheets are HR exports as people
// keep them (thirty columns, a different size and different people in each file), not a few
// names repeated.
#[path = "../../khien-detect/benches/common/corpus.rs"]
mod corpus;

use std::path::Path;
use std::time::Instant;

use fixtures::*;

fn person(i: usize) -> (String, String, String) {
    let names =
        ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung", "Hoàng Minh Đức"];
    let name = names[i % names.len()].to_string();
    let cccd = format!("0010900{:05}", i % 100_000);
    let phone = format!("09{:02} {:03} {:03}", 12 + i % 80, i % 1000, (i * 7) % 1000);
    (name, cccd, phone)
}

fn generate(dir: &Path, scale: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let w = |n: &str, b: &[u8]| std::fs::write(dir.join(n), b).unwrap();
    // Word: one paragraph per person.
    for f in 0..4 {
        let paras: Vec<String> = (0..scale * 200).map(|i| {
            let (n, c, p) = person(f * 10_000 + i);
            format!("Ông/bà {n}, số CCCD {c}, điện thoại {p}, thường trú tại số {} đường Lê Lợi, phường Bến Thành, Thành phố Hồ Chí Minh. Hồ sơ đã được tiếp nhận và xử lý theo quy định.", i % 300)
        }).collect();
        let runs: Vec<Vec<&str>> = paras.iter().map(|p| vec![p.as_str()]).collect();
        let refs: Vec<&[&str]> = runs.iter().map(|r| r.as_slice()).collect();
        w(&format!("ho-so-{f}.docx"), &docx(&refs, Some("Ủy ban nhân dân")));
        w(&format!("ho-so-{f}.odt"), &odt(&paras.iter().map(String::as_str).collect::<Vec<_>>()));
    }
    // Spreadsheets: HR exports of 150–330 KB of text each per unit of scale, numbers stored as
    // numbers (an identifier typed into a spreadsheet loses its leading zeros), other cells as
    // text.
    for f in 0..4 {
        let text = corpus::generate_profile(
            scale * (150_000 + f * 60_000),
            1000 + f as u64,
            corpus::Profile::HrCsv,
        );
        let table: Vec<Vec<String>> = text.lines().map(csv_cells).collect();
        let rows: Vec<Vec<X<'_>>> = typed(&table, X::N, X::S);
        let r: Vec<&[X<'_>]> = rows.iter().map(Vec::as_slice).collect();
        w(&format!("nhan-su-{f}.xlsx"), &xlsx("Nhân sự", &r));
        let rows: Vec<Vec<O<'_>>> = typed(&table, O::N, O::S);
        let r: Vec<&[O<'_>]> = rows.iter().map(Vec::as_slice).collect();
        w(&format!("nhan-su-{f}.ods"), &ods("Nhân sự", &r));
    }
    // CSV, JSON and HTML tables.
    for f in 0..4 {
        let people: Vec<(String, String, String)> =
            (0..scale * 1000).map(|i| person(f * 100_000 + i)).collect();
        let mut csv = String::from("Họ tên,Số CCCD,SĐT,Ghi chú\n");
        for (n, c, p) in &people {
            csv.push_str(&format!("{n},{c},{p},Đã xác minh\n"));
        }
        w(&format!("danh-sach-{f}.csv"), csv.as_bytes());
        let json: Vec<String> = people
            .iter()
            .map(|(n, c, p)| {
                format!("{{\"ho_ten\": \"{n}\", \"cccd\": \"{c}\", \"sdt\": \"{p}\"}}")
            })
            .collect();
        w(&format!("danh-sach-{f}.json"), format!("[{}]", json.join(",\n")).as_bytes());
        let html: String = people
            .iter()
            .map(|(n, c, p)| format!("<tr><td>{n}</td><td>{c}</td><td>{p}</td></tr>\n"))
            .collect();
        w(
            &format!("danh-sach-{f}.html"),
            format!("<html><body><table>{html}</table></body></html>").as_bytes(),
        );
    }
    // Slides, e-mails, PDFs, a zip.
    for f in 0..4 {
        let slides: Vec<Vec<String>> = (0..scale * 20)
            .map(|s| {
                (0..10)
                    .map(|i| {
                        let (n, c, p) = person(s * 10 + i);
                        format!("{n} — CCCD {c} — {p}")
                    })
                    .collect()
            })
            .collect();
        let sv: Vec<Vec<&str>> =
            slides.iter().map(|s| s.iter().map(String::as_str).collect()).collect();
        let sr: Vec<&[&str]> = sv.iter().map(Vec::as_slice).collect();
        w(&format!("trinh-bay-{f}.pptx"), &pptx(&sr));
        let csv: String = (0..scale * 500)
            .map(|i| {
                let (n, c, p) = person(i);
                format!("{n},{c},{p}\n")
            })
            .collect();
        let body: String = (0..scale * 50)
            .map(|i| {
                let (n, _, p) = person(i);
                format!("Kính gửi {n}, số điện thoại {p}.\n")
            })
            .collect();
        w(
            &format!("thu-{f}.eml"),
            &eml(
                "Danh sách hồ sơ",
                "Phòng Tổ chức <tochuc@example.gov.vn>",
                &body,
                Some(("danh-sach.csv", csv.as_bytes())),
            ),
        );
        let pages: Vec<Vec<String>> = (0..scale * 10)
            .map(|pg| {
                (0..40)
                    .map(|i| {
                        let (_, c, p) = person(pg * 40 + i);
                        format!("Ho so so {i}: CCCD {c}, dien thoai {p}")
                    })
                    .collect()
            })
            .collect();
        let pv: Vec<Vec<&str>> =
            pages.iter().map(|p| p.iter().map(String::as_str).collect()).collect();
        let pr: Vec<&[&str]> = pv.iter().map(Vec::as_slice).collect();
        w(&format!("bao-cao-{f}.pdf"), &pdf(&pr));
    }
    let inner = std::fs::read(dir.join("ho-so-0.docx")).unwrap();
    let inner2 = std::fs::read(dir.join("danh-sach-0.csv")).unwrap();
    w("luu-tru.zip", &zip_of(&[("2024/ho-so.docx", &inner), ("2024/danh-sach.csv", &inner2)]));
}

/// A table's cells as a spreadsheet holds them: a run of digits as a number (its leading zeros
/// lost, as when typed into a cell), anything else as text.
fn typed<'a, T>(
    table: &'a [Vec<String>],
    number: impl Fn(&'a str) -> T,
    text: impl Fn(&'a str) -> T,
) -> Vec<Vec<T>> {
    table
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| match c.trim_start_matches('0') {
                    n if !n.is_empty() && c.bytes().all(|b| b.is_ascii_digit()) => number(n),
                    _ => text(c),
                })
                .collect()
        })
        .collect()
}

/// The cells of one CSV line as written by the generator (RFC 4180 quoting, no line breaks
/// inside cells).
fn csv_cells(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cells.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    cells
}

fn run(dir: &Path) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    let limits = khien_extract::Limits::default();
    let (mut tb, mut tc, mut tt) = (0usize, 0usize, 0f64);
    for p in entries {
        let bytes = std::fs::read(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let t = Instant::now();
        let chars = match khien_extract::extract(&name, &bytes, &limits) {
            Ok(e) => e.segments.iter().map(|s| s.text.chars().count()).sum(),
            Err(e) => {
                eprintln!("{name}: {e}");
                0
            }
        };
        let s = t.elapsed().as_secs_f64();
        println!("{name}\t{}\t{chars}\t{s:.4}", bytes.len());
        tb += bytes.len();
        tc += chars;
        tt += s;
    }
    println!("TOTAL\t{tb}\t{tc}\t{tt:.4}");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match (args.get(1).map(String::as_str), args.get(2)) {
        (Some("gen"), Some(d)) => {
            generate(Path::new(d), args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1))
        }
        (Some("run"), Some(d)) => run(Path::new(d)),
        _ => eprintln!("usage: bench_extract gen DIR [SCALE] | run DIR"),
    }
}
