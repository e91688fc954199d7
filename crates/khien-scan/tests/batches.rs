//! A file with more findings than a batch comes in parts when the scan asks for batches: the
//! parts, put together, are the file's findings in order, and every report format writes the
//! same report as from the whole file.

use khien_detect::{Config, Engine};
use khien_scan::report::{BATCH_FINDINGS, Format, Writer};
use khien_scan::{FileReport, ScanOptions, scan};

fn engine() -> Engine {
    Engine::new(Config::default().with_current_year(2026))
}

/// A plain-text file and a CSV file, each with more than two batches of findings, and a small
/// file with a few.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let rows = BATCH_FINDINGS + BATCH_FINDINGS / 2;
    let mut text = String::new();
    let mut csv = String::from("STT,Họ và tên,Số điện thoại,Email\n");
    for i in 0..rows {
        let phone = format!("09{:08}", (i * 7919) % 100_000_000);
        text.push_str(&format!("Dòng {i}: liên hệ số {phone}, thư u{i}@example.vn\n"));
        csv.push_str(&format!("{i},Nguyễn Văn An,{phone},u{i}@example.vn\n"));
    }
    std::fs::write(dir.path().join("lon.txt"), text).unwrap();
    std::fs::write(dir.path().join("nhan-su.csv"), csv).unwrap();
    std::fs::write(dir.path().join("nho.txt"), "Gọi 0912345678.\n").unwrap();
    dir
}

fn run(dir: &std::path::Path, batches: bool) -> (Vec<FileReport>, khien_scan::Stats) {
    let engine = engine();
    let opts = ScanOptions::new(vec![dir.to_path_buf()]).threads(1).batches(batches);
    let mut reports = Vec::new();
    let stats = scan(&opts, &engine, &mut |r| {
        reports.push(r);
        true
    });
    (reports, stats)
}

#[test]
fn parts_put_together_are_the_whole_file() {
    let dir = folder();
    let (whole, whole_stats) = run(dir.path(), false);
    let (parts, part_stats) = run(dir.path(), true);
    assert!(whole.iter().all(|r| !r.partial));
    assert_eq!(whole.len(), 3);
    for w in &whole {
        let of_file: Vec<&FileReport> = parts.iter().filter(|p| p.path == w.path).collect();
        let (last, earlier) = of_file.split_last().unwrap();
        assert!(!last.partial, "{}: the last report of a file is not partial", w.path);
        // A part is handed on once a batch is full (after a cell, or after a chunk of plain
        // text); what is left stays with the last report.
        assert!(earlier.iter().all(|p| p.partial && p.findings.len() >= BATCH_FINDINGS));
        assert!(last.findings.len() < BATCH_FINDINGS, "{}", w.path);
        assert_eq!(earlier.is_empty(), w.findings.len() < BATCH_FINDINGS, "{}", w.path);
        let joined: Vec<_> = of_file.iter().flat_map(|p| p.findings.iter()).collect();
        assert_eq!(joined.len(), w.findings.len(), "{}", w.path);
        for (a, b) in joined.iter().zip(&w.findings) {
            assert_eq!(
                (a.start, a.end, &a.kind, &a.fingerprint),
                (b.start, b.end, &b.kind, &b.fingerprint)
            );
        }
        assert_eq!(last.bytes, w.bytes);
        assert_eq!(last.status, w.status);
    }
    assert_eq!(part_stats.files_scanned, 3);
    assert_eq!(part_stats.findings, whole_stats.findings);
    assert!(whole_stats.findings as usize > 4 * BATCH_FINDINGS);
}

#[test]
fn every_format_writes_the_same_report_from_parts() {
    let dir = folder();
    let (whole, _) = run(dir.path(), false);
    let (parts, _) = run(dir.path(), true);
    for format in [Format::Jsonl, Format::Csv, Format::Json, Format::Human, Format::Sarif] {
        let write = |reports: &[FileReport]| {
            let mut out = Vec::new();
            let mut w = Writer::new(&mut out, format, false);
            for r in reports {
                w.file(r.clone()).unwrap();
            }
            w.finish().unwrap();
            String::from_utf8(out).unwrap()
        };
        // Files in the order their last reports came, as the walk hands them over.
        let mut order: Vec<FileReport> = Vec::new();
        for p in parts.iter().filter(|p| !p.partial) {
            order.push(whole.iter().find(|w| w.path == p.path).unwrap().clone());
        }
        let from_whole = write(&order);
        let from_parts = write(&parts);
        assert_eq!(from_parts, from_whole, "{format:?}");
        assert!(from_whole.len() > 100_000, "{format:?}");
    }
}
