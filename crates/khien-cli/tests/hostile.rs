//! Hostile inputs through the real binary: each case is built here (nothing large in git,
//! sparse or compressed where possible) and must finish within a time bound, and where memory
//! is at stake, within a memory bound. Every case is a defect that once hung, leaked or
//! clobbered; the test fails if it comes back.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use tempfile::TempDir;

const CCCD: &str = "001090000001";

fn khien() -> Command {
    let mut c = Command::cargo_bin("khien").expect("binary built");
    c.timeout(Duration::from_secs(120));
    c
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("khien")
}

fn jsonl(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// A zip holding `members`, deflated.
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, data) in members {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A bomb nested `levels` deep with `copies` members per level around `inner` bytes of zeros.
fn nested_bomb(levels: usize, copies: usize, inner: usize) -> Vec<u8> {
    let zeros = vec![0u8; inner];
    let mut z = zip_of(&[("zeros.txt", &zeros)]);
    for level in 0..levels {
        let names: Vec<String> = (0..copies).map(|i| format!("l{level}-{i}.zip")).collect();
        let members: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &z[..])).collect();
        z = zip_of(&members);
    }
    z
}

/// Peak resident memory (KiB) of the command, read with getrusage by Python's standard library
/// (the tests forbid unsafe code, and std has no getrusage).
fn peak_rss_kib(args: &[&std::ffi::OsStr]) -> (i32, u64) {
    let script = "import resource, subprocess, sys\n\
        r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n\
        print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)";
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(bin())
        .args(args)
        .output()
        .expect("python3 runs");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut it = text.split_whitespace();
    (it.next().unwrap().parse().unwrap(), it.next().unwrap().parse().unwrap())
}

#[test]
fn a_line_longer_than_the_read_chunk_is_scanned_from_a_file_and_from_stdin() {
    let d = TempDir::new().unwrap();
    let mut text = "a ".repeat(3 << 20);
    let start = text.len() + 6;
    text.push_str("CCCD: 001090000001 ");
    text.push_str(&"b ".repeat(1 << 20));
    let p = d.path().join("d1.txt");
    fs::write(&p, &text).unwrap();
    let t = Instant::now();
    let out = khien()
        .args(["scan", "--format", "jsonl", "--show-values"])
        .arg(&p)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let rows = jsonl(&out);
    let id = rows.iter().find(|r| r["kind"] == "national_id").expect("the CCCD is found");
    assert_eq!(id["start"].as_u64(), Some(start as u64));
    assert_eq!(&text[start..id["end"].as_u64().unwrap() as usize], CCCD);
    let out = khien()
        .args(["scan", "--format", "jsonl", "-"])
        .write_stdin(text.clone())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(jsonl(&out).iter().any(|r| r["kind"] == "national_id" && r["start"] == start));
    assert!(t.elapsed() < Duration::from_secs(90), "took {:?}", t.elapsed());
}

#[test]
fn a_stray_byte_keeps_a_utf8_file_utf8_and_redaction_removes_what_a_person_reads() {
    let d = TempDir::new().unwrap();
    let input = d.path().join("in");
    fs::create_dir(&input).unwrap();
    let mut bytes = "Họ và tên: Phạm Thị Hoa\nNgày sinh: 12/03/1985\n".as_bytes().to_vec();
    bytes.push(0xFF);
    bytes.extend_from_slice(
        "Quê quán: xã Tân Lập, tỉnh Phú Thọ. Ghi chú thêm về hồ sơ.\n".as_bytes(),
    );
    fs::write(input.join("ho-so.txt"), &bytes).unwrap();
    let out = khien()
        .args(["scan", "--format", "jsonl"])
        .arg(&input)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let kinds: Vec<String> =
        jsonl(&out).iter().filter_map(|r| r["kind"].as_str().map(String::from)).collect();
    assert!(kinds.iter().any(|k| k == "person_name"), "{kinds:?}");
    assert!(kinds.iter().any(|k| k == "date_of_birth"), "{kinds:?}");
    let dest = d.path().join("out");
    khien().arg("redact").arg(&input).arg("--out").arg(&dest).assert().code(0);
    let red = fs::read(dest.join("ho-so.txt")).unwrap();
    let shown = String::from_utf8_lossy(&red);
    assert!(!shown.contains("Phạm Thị Hoa"), "{shown}");
    assert!(!shown.contains("12/03/1985"), "{shown}");
}

#[test]
fn a_report_path_never_clobbers_an_input_or_an_output() {
    let d = TempDir::new().unwrap();
    let input = d.path().join("in");
    fs::create_dir(&input).unwrap();
    let f = input.join("a.txt");
    let original = format!("CCCD {CCCD}\n");
    fs::write(&f, &original).unwrap();
    let out = d.path().join("out");
    for report in [f.clone(), input.join("report.json"), out.join("a.txt")] {
        khien()
            .arg("redact")
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .arg("--report")
            .arg(&report)
            .assert()
            .code(2);
        assert_eq!(fs::read_to_string(&f).unwrap(), original);
        assert!(!input.join("report.json").exists());
    }
    assert!(!out.join("a.txt").exists(), "nothing is written when the report path is refused");
}

#[test]
fn an_output_folder_that_overlaps_an_input_tree_is_refused_and_nothing_is_overwritten() {
    let d = TempDir::new().unwrap();
    let input = d.path().join("ho-so");
    fs::create_dir_all(input.join("sub")).unwrap();
    fs::write(input.join("sub/a.txt"), format!("CCCD {CCCD}\n")).unwrap();
    let unrelated = d.path().join("a.txt");
    fs::write(&unrelated, "không liên quan\n").unwrap();
    // The output is an ancestor of the input folder.
    khien().arg("redact").arg(&input).arg("--out").arg(d.path()).assert().code(2);
    assert_eq!(fs::read_to_string(&unrelated).unwrap(), "không liên quan\n");
    let deid: Vec<_> =
        walk(&input).into_iter().filter(|p| p.to_string_lossy().contains(".deid")).collect();
    assert!(deid.is_empty(), "{deid:?}");
    // A second run into the same folder does not overwrite without --force…
    let out = d.path().join("out");
    khien().arg("redact").arg(&input).arg("--out").arg(&out).assert().code(0);
    fs::write(out.join("sub/a.txt"), "edited by hand\n").unwrap();
    fs::remove_file(out.join("khien-deid-report.json")).unwrap();
    khien().arg("redact").arg(&input).arg("--out").arg(&out).assert().code(1);
    assert_eq!(fs::read_to_string(out.join("sub/a.txt")).unwrap(), "edited by hand\n");
    // …and replaces atomically with it.
    khien().arg("redact").arg(&input).arg("--out").arg(&out).arg("--force").assert().code(0);
    assert!(fs::read_to_string(out.join("sub/a.txt")).unwrap().contains("[SỐ CCCD]"));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_nested_zip_bomb_is_bounded_in_scan_and_in_redact() {
    let d = TempDir::new().unwrap();
    let input = d.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("bomb.zip"), nested_bomb(4, 8, 16 << 20)).unwrap();
    let t = Instant::now();
    let out = khien()
        .args(["scan", "--format", "jsonl"])
        .arg(&input)
        .assert()
        .code(3)
        .get_output()
        .stdout
        .clone();
    let notes: Vec<_> = jsonl(&out).into_iter().filter(|r| r["type"] == "note").collect();
    assert!(notes.iter().any(|n| n["code"] == "truncated" && n["incomplete"] == true), "{notes:?}");
    let dest = d.path().join("out");
    khien().arg("redact").arg(&input).arg("--out").arg(&dest).assert().code(1);
    assert!(!dest.join("bomb.zip").exists(), "no partly de-identified copy");
    let report = fs::read_to_string(dest.join("khien-deid-report.json")).unwrap();
    assert!(report.contains("\"refused\""), "{report}");
    assert!(t.elapsed() < Duration::from_secs(60), "took {:?}", t.elapsed());
}

#[test]
fn many_large_members_are_scanned_one_at_a_time() {
    // 8 members of 4 MiB of varied text each: held whole, they would take 32 MiB of text plus
    // their segments and decoded copies; streamed, one member at a time.
    let d = TempDir::new().unwrap();
    let line = |i: usize| format!("Dòng {i}: nội dung công văn số {i}/UBND về việc triển khai.\n");
    let mut member = String::new();
    let mut i = 0;
    while member.len() < 4 << 20 {
        member.push_str(&line(i));
        i += 1;
    }
    let names: Vec<String> = (0..8).map(|k| format!("m{k}.txt")).collect();
    let members: Vec<(&str, &[u8])> =
        names.iter().map(|n| (n.as_str(), member.as_bytes())).collect();
    let z = d.path().join("lon.zip");
    fs::write(&z, zip_of(&members)).unwrap();
    let (code, peak) =
        peak_rss_kib(&["scan".as_ref(), "--threads".as_ref(), "1".as_ref(), z.as_os_str()]);
    assert_eq!(code, 0);
    assert!(peak < 80 * 1024, "peak RSS {peak} KiB for 32 MiB of members");
}

#[test]
fn pipes_and_devices_are_read_with_limits_or_refused_never_waited_on() {
    let d = TempDir::new().unwrap();
    let fifo = d.path().join("ong.fifo");
    let ok = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(ok.success());
    // Inside a folder: named, not opened (opening a FIFO with no writer blocks).
    fs::write(d.path().join("a.txt"), format!("CCCD {CCCD}\n")).unwrap();
    let out = khien()
        .args(["scan", "--format", "jsonl"])
        .arg(d.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(
        jsonl(&out)
            .iter()
            .any(|r| r["type"] == "skipped" && r["path"].as_str().unwrap().ends_with("ong.fifo"))
    );
    // Named on the command line with a writer: read as a stream.
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || {
        let mut f = fs::OpenOptions::new().write(true).open(writer_path).unwrap();
        f.write_all(format!("Số CCCD: {CCCD}\n").as_bytes()).unwrap();
    });
    khien().args(["scan", "--format", "jsonl"]).arg(&fifo).assert().code(1);
    writer.join().unwrap();
    // A device of endless binary data is refused clearly, at once.
    khien().args(["scan", "/dev/zero"]).assert().code(2);
    khien().args(["scan", "/dev/urandom"]).assert().code(2);
    // redact reads regular files only: a FIFO and a device are refused, not waited on.
    let dest = d.path().join("out");
    for special in [fifo.as_path(), Path::new("/dev/urandom")] {
        khien().arg("redact").arg(special).arg("--out").arg(&dest).arg("--force").assert().code(1);
        let report = fs::read_to_string(dest.join("khien-deid-report.json")).unwrap();
        assert!(report.contains("regular files"), "{report}");
    }
}

#[test]
fn a_wrong_key_is_detected_by_restore_and_nothing_is_written() {
    let d = TempDir::new().unwrap();
    let input = d.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("a.txt"), format!("CCCD {CCCD}\n")).unwrap();
    let policy = d.path().join("p.toml");
    fs::write(&policy, "[default]\noperator = \"token\"\n").unwrap();
    let out = d.path().join("out");
    khien()
        .arg("redact")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--policy")
        .arg(&policy)
        .env("KHIEN_KEY", "khoa-dung-cua-co-quan-2026")
        .assert()
        .code(0);
    let back = d.path().join("back");
    // With the report beside the outputs: the key check value tells.
    let a = khien()
        .arg("restore")
        .arg(&out)
        .arg("--out")
        .arg(&back)
        .env("KHIEN_KEY", "khoa-sai-hoan-toan-khac-2026")
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("wrong key"));
    assert!(!back.exists());
    // Without the report: no token decrypts.
    fs::remove_file(out.join("khien-deid-report.json")).unwrap();
    khien()
        .arg("restore")
        .arg(out.join("a.txt"))
        .arg("--out")
        .arg(&back)
        .env("KHIEN_KEY", "khoa-sai-hoan-toan-khac-2026")
        .assert()
        .code(2);
    assert!(!back.join("a.txt").exists());
    khien()
        .arg("restore")
        .arg(out.join("a.txt"))
        .arg("--out")
        .arg(&back)
        .env("KHIEN_KEY", "khoa-dung-cua-co-quan-2026")
        .assert()
        .code(0);
    assert_eq!(fs::read_to_string(back.join("a.txt")).unwrap(), format!("CCCD {CCCD}\n"));
    // restore without --out is an argument error.
    khien()
        .arg("restore")
        .arg(out.join("a.txt"))
        .env("KHIEN_KEY", "khoa-dung-cua-co-quan-2026")
        .assert()
        .code(2);
}

#[test]
fn an_unreadable_subfolder_does_not_stop_redact() {
    use std::os::unix::fs::PermissionsExt;
    let d = TempDir::new().unwrap();
    let input = d.path().join("in");
    fs::create_dir_all(input.join("khoa")).unwrap();
    fs::write(input.join("a.txt"), format!("CCCD {CCCD}\n")).unwrap();
    fs::write(input.join("khoa/b.txt"), format!("CCCD {CCCD}\n")).unwrap();
    fs::set_permissions(input.join("khoa"), fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = fs::read_dir(input.join("khoa")).is_ok(); // root reads everything
    let out = d.path().join("out");
    let a = khien().arg("redact").arg(&input).arg("--out").arg(&out).assert();
    fs::set_permissions(input.join("khoa"), fs::Permissions::from_mode(0o755)).unwrap();
    assert!(out.join("a.txt").exists(), "the readable file is still de-identified");
    if !readable_anyway {
        a.code(1);
        let report = fs::read_to_string(out.join("khien-deid-report.json")).unwrap();
        assert!(report.contains("khoa"), "{report}");
    }
}

#[test]
fn an_absurd_thread_count_is_capped_with_a_warning() {
    let d = TempDir::new().unwrap();
    fs::write(d.path().join("a.txt"), format!("CCCD {CCCD}\n")).unwrap();
    let t = Instant::now();
    let a = khien().args(["scan", "--threads", "100000"]).arg(d.path()).assert().code(1);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("too many threads"));
    assert!(t.elapsed() < Duration::from_secs(30));
}

#[test]
fn a_closed_pipe_still_exits_with_what_was_found() {
    let d = TempDir::new().unwrap();
    for i in 0..400 {
        fs::write(
            d.path().join(format!("f{i}.txt")),
            format!("Số CCCD: {CCCD}\nSĐT: 0912345678\n"),
        )
        .unwrap();
    }
    let mut child = std::process::Command::new(bin())
        .args(["scan", "--format", "jsonl", "--threads", "1"])
        .arg(d.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "personal data was found before the reader left");
}

#[test]
fn default_generalisation_is_not_a_residual() {
    let d = TempDir::new().unwrap();
    let f = d.path().join("in/hs.txt");
    fs::create_dir_all(f.parent().unwrap()).unwrap();
    fs::write(&f, format!("Họ và tên: Trần Văn Bình\nNgày sinh: 05/11/1990\nSố CCCD: {CCCD}\n"))
        .unwrap();
    let out = d.path().join("out");
    khien().arg("redact").arg(&f).arg("--out").arg(&out).assert().code(0);
    let red = fs::read_to_string(out.join("hs.txt")).unwrap();
    assert!(!red.contains("05/11/1990") && !red.contains(CCCD), "{red}");
}

#[test]
fn help_lists_exit_codes_limits_and_required_arguments() {
    let a = khien().args(["scan", "--help"]).assert().success();
    let help = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(help.contains("exit codes") && help.contains("  3  "), "{help}");
    assert!(help.contains("2 GiB decompressed"), "{help}");
    let a = khien().args(["restore", "--help"]).assert().success();
    let help = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(help.contains("required unless --value"), "{help}");
}
