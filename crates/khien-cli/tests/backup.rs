//! `khien admin backup` and `khien admin restore`: back up (while the server runs), change
//! the data, restore, and the data is back; a live or non-empty folder is not overwritten.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use assert_cmd::cargo::CommandCargoExt;
use khien_store::{Role, Store};

const PASSWORD: &str = "ngựa vằn uống trà sữa lúc bình minh";

fn khien(args: &[&str], data: &Path) -> Output {
    Command::cargo_bin("khien").unwrap().args(args).arg("--data-dir").arg(data).output().unwrap()
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

fn users(data: &Path) -> Vec<String> {
    rt().block_on(async {
        let store = Store::connect(&khien_store::sqlite_url(data)).await.unwrap();
        let u = store.users().await.unwrap().into_iter().map(|u| u.username).collect();
        store.close().await;
        u
    })
}

#[test]
fn back_up_change_restore() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let pw = dir.path().join("pw");
    std::fs::write(&pw, PASSWORD).unwrap();
    let pw = pw.to_str().unwrap();
    let out = khien(
        &["admin", "create-user", "--username", "lan", "--role", "officer", "--password-file", pw],
        &data,
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = khien(&["admin", "token", "create", "--name", "agent"], &data);
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();

    // Backed up while the server runs.
    let mut server = Command::cargo_bin("khien")
        .unwrap()
        .args(["serve", "--no-lists", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(&data)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stderr.take().unwrap()).read_line(&mut line).unwrap();
    assert!(line.contains("serving at"), "{line}");
    let key = std::fs::read(data.join("server.key")).unwrap();
    let archive = dir.path().join("khien-backup.tar");
    let out = khien(&["admin", "backup", "--out", archive.to_str().unwrap()], &data);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(archive.is_file());
    // Never over an existing file.
    let out = khien(&["admin", "backup", "--out", archive.to_str().unwrap()], &data);
    assert_eq!(out.status.code(), Some(2));

    // The data changes after the backup.
    rt().block_on(async {
        let store = Store::connect(&khien_store::sqlite_url(&data)).await.unwrap();
        store.create_user("minh", Role::Staff, PASSWORD).await.unwrap();
        store.close().await;
    });
    assert_eq!(users(&data), ["lan", "minh"]);

    // A live folder is refused, even with --force.
    let from = archive.to_str().unwrap();
    let out = khien(&["admin", "restore", "--from", from, "--force"], &data);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("stop khien serve"));
    server.kill().unwrap();
    server.wait().unwrap();

    // A non-empty folder needs --force.
    let out = khien(&["admin", "restore", "--from", from], &data);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(users(&data), ["lan", "minh"]);

    let out = khien(&["admin", "restore", "--from", from, "--force"], &data);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(users(&data), ["lan"], "the data is back as it was");
    assert_eq!(std::fs::read(data.join("server.key")).unwrap(), key);
    rt().block_on(async {
        let store = Store::connect(&khien_store::sqlite_url(&data)).await.unwrap();
        assert!(store.api_token(&token).await.unwrap().is_some());
        store.close().await;
    });
    // The replaced folder is kept aside, with the change in it.
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("data.old-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(users(&aside[0].path()), ["lan", "minh"]);

    // Into a new folder, no --force needed; a damaged archive is refused.
    let fresh = dir.path().join("fresh");
    let out = khien(&["admin", "restore", "--from", from], &fresh);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(users(&fresh), ["lan"]);
    let bad = dir.path().join("bad.tar");
    std::fs::write(&bad, b"not an archive").unwrap();
    let out = khien(&["admin", "restore", "--from", bad.to_str().unwrap()], &dir.path().join("x"));
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("x").exists());
}

#[test]
fn postgres_is_backed_up_with_pg_dump() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("khien")
        .unwrap()
        .args([
            "admin",
            "backup",
            "--out",
            "x.tar",
            "--database-url",
            "postgres://u@localhost/khien",
        ])
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
}
