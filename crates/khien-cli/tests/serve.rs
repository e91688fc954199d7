//! `khien admin` and `khien serve` as a user runs them.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

use assert_cmd::cargo::CommandCargoExt;

const PASSWORD: &str = "ngựa vằn uống trà sữa lúc bình minh";

fn khien() -> Command {
    Command::cargo_bin("khien").unwrap()
}

#[test]
fn admin_creates_users_and_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let pw = dir.path().join("pw");
    std::fs::write(&pw, format!("{PASSWORD}\n")).unwrap();
    let out = khien()
        .args(["admin", "create-user", "--username", "lan", "--role", "officer"])
        .arg("--data-dir")
        .arg(&data)
        .arg("--password-file")
        .arg(&pw)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("lan"));
    // A weak password and a bad role are refused.
    std::fs::write(&pw, "12345678\n").unwrap();
    let out = khien()
        .args(["admin", "create-user", "--username", "minh", "--role", "staff"])
        .arg("--data-dir")
        .arg(&data)
        .arg("--password-file")
        .arg(&pw)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("weak password"));
    let out = khien()
        .args(["admin", "create-user", "--username", "minh", "--role", "boss"])
        .arg("--data-dir")
        .arg(&data)
        .arg("--password-file")
        .arg(&pw)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A token is printed once, on standard output alone.
    let out = khien()
        .args(["admin", "token", "create", "--name", "agent-1"])
        .arg("--data-dir")
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success());
    let token = String::from_utf8(out.stdout).unwrap();
    assert!(token.trim().starts_with("khien_") && token.lines().count() == 1, "{token}");
}

#[test]
fn serve_prints_the_setup_link_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = khien()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let addr = line.trim().rsplit("http://").next().unwrap().to_string();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut text = String::new();
    out.read_line(&mut text).unwrap();
    out.read_line(&mut text).unwrap();
    assert!(text.contains(&format!("http://{addr}/setup?token=")), "{text}");
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(resp.starts_with("HTTP/1.1 200") && resp.contains("\"ok\""), "{resp}");
    assert!(dir.path().join("data/khien.db").exists());
    assert!(dir.path().join("data/server.key").exists());
}
