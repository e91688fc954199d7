//! `scan_in_memory` reads an upload as the walk reads the same file on disk.

use khien_detect::{Config, Engine};
use khien_extract::Limits;
use khien_scan::{ReadOptions, ScanOptions, scan, scan_in_memory};

#[test]
fn in_memory_matches_the_walk() {
    let engine = Engine::new(Config::default());
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8]); 2] = [
        ("ds.txt", "Họ tên: Nguyễn Văn An, CCCD 001099012345, SĐT 0912345678\n".as_bytes()),
        ("ds.csv", "ho_ten,so_dien_thoai\nNguyễn Văn An,0912345678\n".as_bytes()),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let mut walked = Vec::new();
        scan(&ScanOptions::new(vec![path.clone()]), &engine, &mut |f| {
            walked.push(f);
            true
        });
        let shown = path.display().to_string();
        let mem =
            scan_in_memory(&shown, bytes, &engine, &ReadOptions::default(), &Limits::default());
        let key = |f: &khien_scan::FileReport| {
            f.findings
                .iter()
                .map(|x| (x.kind.to_string(), x.start, x.end, x.masked.clone(), x.location.clone()))
                .collect::<Vec<_>>()
        };
        assert!(!mem.findings.is_empty(), "{name}: nothing found");
        assert_eq!(key(&mem), key(&walked[0]), "{name}");
    }
}
