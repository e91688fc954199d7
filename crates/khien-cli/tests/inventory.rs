//! The scan agent and the server as a department runs them: real `khien serve` and real
//! `khien scan --report-to` processes on loopback, the server killed in the middle of an
//! upload and started again.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use khien_store::Store;

fn khien() -> Command {
    Command::cargo_bin("khien").unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `khien serve` on `port`, once it says it is serving.
fn serve(data: &Path, port: u16) -> Child {
    let mut child = khien()
        .args(["serve", "--no-lists", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(data)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert!(line.contains("serving at"), "{line}");
    // Keep reading what it says so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in err.lines() {});
    child
}

fn token(data: &Path) -> String {
    let out = khien()
        .args(["admin", "token", "create", "--name", "agent-pc"])
        .arg("--data-dir")
        .arg(data)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A folder of generated files: `n` with personal data (some in sub-folders, one CSV) and a
/// few without.
fn corpus(dir: &Path, n: usize) -> PathBuf {
    let root = dir.join("hoso");
    for i in 0..n {
        let sub = root.join(format!("phong-{}", i % 3));
        std::fs::create_dir_all(&sub).unwrap();
        let text = if i % 5 == 0 {
            format!("ho_ten,so_dien_thoai,email\nNguyễn Văn An,09120000{i:02},an{i}@example.vn\n")
        } else {
            format!(
                "Họ và tên: Trần Thị Bình\nSố CCCD: 0010990123{i:02}\nĐiện thoại: 09120000{i:02}\n"
            )
        };
        let ext = if i % 5 == 0 { "csv" } else { "txt" };
        std::fs::write(sub.join(format!("ho-so-{i:03}.{ext}")), text).unwrap();
    }
    for i in 0..3 {
        std::fs::write(root.join(format!("ghi-chu-{i}.txt")), "Lịch họp tuần sau.\n").unwrap();
    }
    root
}

/// Per kind, the findings of a JSONL report; and the files with findings.
fn jsonl_totals(jsonl: &str) -> (BTreeMap<String, i64>, usize) {
    let mut kinds = BTreeMap::new();
    let mut files = std::collections::BTreeSet::new();
    for line in jsonl.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v.get("type").is_some() {
            continue;
        }
        *kinds.entry(v["kind"].as_str().unwrap().to_string()).or_default() += 1;
        files.insert(v["path"].as_str().unwrap().to_string());
    }
    (kinds, files.len())
}

/// Per kind, the findings the server's `GET /api/v1/inventory` gives; files and findings.
fn server_totals(port: u16, token: &str) -> (BTreeMap<String, i64>, i64, i64) {
    let mut res = ureq::get(&format!("http://127.0.0.1:{port}/api/v1/inventory"))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    let v: serde_json::Value = res.body_mut().read_json().unwrap();
    let mut kinds = BTreeMap::new();
    for k in v["by_kind"].as_array().unwrap() {
        *kinds.entry(k["kind"].as_str().unwrap().to_string()).or_default() +=
            k["findings"].as_i64().unwrap();
    }
    (kinds, v["files"].as_i64().unwrap(), v["findings"].as_i64().unwrap())
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

fn scan_cmd(root: &Path, port: u16, token: &str) -> Command {
    let mut c = khien();
    c.arg("scan")
        .arg(root)
        .args(["--format", "jsonl", "--no-progress", "--host", "pc-ketoan", "--report-to"])
        .arg(format!("http://127.0.0.1:{port}"))
        .args(["--token", token]);
    c
}

#[test]
fn an_agent_reports_a_folder_and_the_totals_match_its_report() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let token = token(&data);
    let root = corpus(dir.path(), 25);
    let port = free_port();
    let mut server = serve(&data, port);
    let out = scan_cmd(&root, port, &token).args(["--batch-files", "7"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("sent 25 files with personal data in 4 batches"), "{stderr}");
    let jsonl = String::from_utf8(out.stdout).unwrap();
    let (kinds, files) = jsonl_totals(&jsonl);
    assert_eq!(files, 25);
    let (server_kinds, server_files, server_findings) = server_totals(port, &token);
    assert_eq!(server_kinds, kinds);
    assert_eq!(server_files, 25);
    assert_eq!(server_findings, kinds.values().sum::<i64>());

    // A token that is not valid: the local report still prints, the exit code says 4.
    let out = scan_cmd(&root, port, "khien_wrong").output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), jsonl.lines().count());
    assert!(String::from_utf8_lossy(&out.stderr).contains("could not send the results"));

    server.kill().unwrap();
    server.wait().unwrap();
    // Never a value in the database, only masked results and fingerprints.
    for entry in std::fs::read_dir(&data).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("0912000001") && !text.contains("001099012301"));
    }
    let store = rt().block_on(Store::connect(&khien_store::sqlite_url(&data))).unwrap();
    let scans = rt().block_on(store.inventory_scans()).unwrap();
    assert_eq!(scans.len(), 1);
    assert_eq!(scans[0].files_scanned, Some(28));
    assert_eq!(scans[0].root, std::fs::canonicalize(&root).unwrap().display().to_string());
}

#[test]
fn the_server_killed_during_an_upload_loses_and_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let token = token(&data);
    let root = corpus(dir.path(), 40);
    let port = free_port();
    let mut server = serve(&data, port);
    // Its report goes to files: a pipe nobody reads while it runs would stop it when full.
    let (out_path, err_path) = (dir.path().join("report.jsonl"), dir.path().join("agent.err"));
    let mut agent = scan_cmd(&root, port, &token)
        .args(["--batch-files", "2", "--report-interval-ms", "100", "--scan-id", "fault-1"])
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let rt = rt();
    let store = rt.block_on(Store::connect(&khien_store::sqlite_url(&data))).unwrap();
    let batches = || rt.block_on(store.inventory_scans()).unwrap().first().map_or(0, |s| s.batches);
    let t = Instant::now();
    while batches() < 4 {
        assert!(t.elapsed() < Duration::from_secs(120), "the agent never started sending");
        std::thread::sleep(Duration::from_millis(10));
    }
    // Killed outright (SIGKILL): no shutdown, no flush.
    server.kill().unwrap();
    server.wait().unwrap();
    let cut = batches();
    assert!(cut < 20, "the upload was over before the kill ({cut} batches)");
    std::thread::sleep(Duration::from_millis(700));
    let mut server = serve(&data, port);
    let status = agent.wait().unwrap();
    let stderr = std::fs::read_to_string(&err_path).unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("retrying in"), "the agent met the dead server: {stderr}");
    assert!(stderr.contains("in 20 batches"), "{stderr}");

    let check = |store: &Store| {
        let scans = rt.block_on(store.inventory_scans()).unwrap();
        assert_eq!(scans.len(), 1);
        let s = &scans[0];
        assert_eq!((s.batches, s.files), (20, 40), "every batch exactly once");
        assert!(s.completed_at.is_some());
        assert!(rt.block_on(store.torn_batches(s.id)).unwrap().is_empty(), "a torn batch");
        s.findings
    };
    let findings = check(&store);
    let (kinds, files) = jsonl_totals(&std::fs::read_to_string(&out_path).unwrap());
    assert_eq!(files, 40);
    assert_eq!(findings, kinds.values().sum::<i64>());
    assert_eq!(server_totals(port, &token).0, kinds);

    // The whole scan sent again under its id: all duplicates, nothing counted twice.
    let out = scan_cmd(&root, port, &token)
        .args(["--batch-files", "2", "--scan-id", "fault-1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(check(&store), findings);
    server.kill().unwrap();
    server.wait().unwrap();
}

/// A desk job (a large upload being scanned and de-identified) with the server killed half-way:
/// after the restart the job is gone whole (its page says so), the database holds no record
/// of a finished upload, no file was left in the data folder, and the desk works again.
#[test]
fn the_server_killed_during_a_desk_job_leaves_nothing_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let port = free_port();
    let mut server = serve(&data, port);
    let rt = rt();
    let store = rt.block_on(Store::connect(&khien_store::sqlite_url(&data))).unwrap();
    let user = rt
        .block_on(store.create_user(
            "lan",
            khien_store::Role::Staff,
            "ngựa vằn uống trà sữa lúc bình minh",
        ))
        .unwrap();
    let session = rt.block_on(store.create_session(user.id, 3600)).unwrap();
    let cookie = format!("khien_session={session}");
    let base = format!("http://127.0.0.1:{port}");
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .new_agent();
    let page = agent
        .get(&format!("{base}/desk/documents"))
        .header("cookie", &cookie)
        .call()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap();
    let at = page.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf: String = page[at..].chars().take_while(|c| *c != '"').collect();
    let files_before: Vec<_> =
        std::fs::read_dir(&data).unwrap().map(|e| e.unwrap().file_name()).collect();

    // Twenty files of records: enough work to be killed in the middle of.
    let boundary = "khienboundary7d1";
    let mut body =
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
            .into_bytes();
    for i in 0..20 {
        let mut text = String::new();
        for j in 0..6000 {
            text.push_str(&format!(
                "Hồ sơ {i}-{j}: Nguyễn Văn An, CCCD 0010990{:05}, điện thoại 0912{:06}\n",
                j % 100_000,
                (i * 7919 + j) % 1_000_000
            ));
        }
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ho-so-{i}.txt\"\r\nContent-Type: text/plain\r\n\r\n").as_bytes());
        body.extend_from_slice(text.as_bytes());
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let res = agent
        .post(&format!("{base}/desk/documents"))
        .header("cookie", &cookie)
        .header("content-type", &format!("multipart/form-data; boundary={boundary}"))
        .send(&body[..])
        .unwrap();
    assert_eq!(res.status(), 303);
    let job = res.headers().get("location").unwrap().to_str().unwrap().to_string();
    // Wait until the job is under way, then kill the server outright.
    let t = Instant::now();
    loop {
        let page = agent
            .get(&format!("{base}{job}"))
            .header("cookie", &cookie)
            .call()
            .unwrap()
            .into_body()
            .read_to_string()
            .unwrap();
        let progress: Option<usize> = page
            .find("id=\"progress\">")
            .and_then(|at| page[at + 14..].split(' ').next()?.parse().ok());
        match progress {
            Some(n) if n >= 1 => break,
            Some(_) => {}
            None => panic!("the job finished before the kill: make it bigger"),
        }
        assert!(t.elapsed() < Duration::from_secs(120), "the job never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    server.kill().unwrap();
    server.wait().unwrap();

    let mut server = serve(&data, port);
    let res = agent.get(&format!("{base}{job}")).header("cookie", &cookie).call().unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.into_body().read_to_string().unwrap().contains("upload again"));
    assert!(rt.block_on(store.uploads_since(0)).unwrap().is_empty(), "no upload recorded as done");
    let audit = rt.block_on(store.audit_entries(100)).unwrap();
    assert!(!audit.iter().any(|e| e.action == "documents_processed"));
    let mut files_after: Vec<_> =
        std::fs::read_dir(&data).unwrap().map(|e| e.unwrap().file_name()).collect();
    files_after.retain(|f| !f.to_string_lossy().starts_with("khien.db-")); // SQLite's own journal files
    let mut before = files_before.clone();
    before.retain(|f| !f.to_string_lossy().starts_with("khien.db-"));
    files_after.sort();
    before.sort();
    assert_eq!(files_after, before, "nothing written to the data folder by the job");
    // The desk works again.
    let page =
        agent.get(&format!("{base}/desk/documents")).header("cookie", &cookie).call().unwrap();
    assert_eq!(page.status(), 200);
    server.kill().unwrap();
    server.wait().unwrap();
}
