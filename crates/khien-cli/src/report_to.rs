//! `khien scan --report-to URL --token T`: the scan agent. After the local report is written,
//! the masked results (per file: path, kinds, counts, sensitivity, legal references and value
//! fingerprints, never a value) go to the Khiên server in numbered batches, then a final
//! "scan complete". The server stores each batch once by `(scan id, number)`, so a batch sent
//! again is harmless: network errors are retried with backoff, and a run started again with
//! the same `--scan-id` sends the same batches (files are sorted by path) and completes the
//! scan where it stopped.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{Context, bail};
use khien_scan::FileReport;
use khien_server::inventory::{
    BatchRequest, BatchResponse, CompleteRequest, CompleteResponse, FileEntry, KindEntry,
};

/// Most bytes of JSON in one batch (the server accepts 8 MiB).
const MAX_BATCH_JSON: usize = 2 << 20;
/// Rounds of "complete" → re-send what is missing.
const COMPLETE_ROUNDS: usize = 3;

/// Where and how to report.
#[derive(Debug, Clone)]
pub struct Target {
    /// Server base URL (`http://may-chu:8080`).
    pub url: String,
    /// API token.
    pub token: String,
    /// The scan's id.
    pub scan_id: String,
    /// This machine's name.
    pub host: String,
    /// What was scanned.
    pub root: String,
    /// Scan start (Unix seconds).
    pub started_at: i64,
    /// Files per batch at most.
    pub batch_files: usize,
    /// Tries per request.
    pub tries: u32,
    /// Pause between batches.
    pub interval: Duration,
}

/// A fresh scan id: 128 random bits.
pub fn new_scan_id() -> anyhow::Result<String> {
    let s = khien_store::random_secret().context("random source")?;
    Ok(s.chars().filter(char::is_ascii_alphanumeric).take(22).collect())
}

/// This machine's name.
pub fn host_name() -> String {
    gethostname::gethostname().to_string_lossy().trim().to_string()
}

/// The inventory entries of a scan: per file, its kinds with their counts and fingerprints
/// (never values). A file whose findings came in parts is one entry.
#[derive(Default)]
pub struct Entries {
    files: BTreeMap<String, BTreeMap<String, KindEntry>>,
}

impl Entries {
    /// Adds a file's findings (or a part of them).
    pub fn add(&mut self, file: &FileReport) {
        if file.findings.is_empty() {
            return;
        }
        let kinds = self.files.entry(file.path.to_string()).or_default();
        for f in &file.findings {
            let e = kinds.entry(f.kind.to_string()).or_insert_with(|| KindEntry {
                kind: f.kind.to_string(),
                sensitivity: f.sensitivity.to_string(),
                legal: f.legal.iter().map(|l| l.to_string()).collect(),
                count: 0,
                fingerprints: Vec::new(),
            });
            e.count += 1;
            e.fingerprints.push(f.fingerprint.clone());
            // Kept bounded while a large file comes in: sorted and cut as at the end.
            if e.fingerprints.len() >= 4 * khien_store::inventory::MAX_FINGERPRINTS {
                tidy(&mut e.fingerprints);
            }
        }
    }

    /// The entries, by path.
    pub fn into_vec(self) -> Vec<FileEntry> {
        self.files
            .into_iter()
            .map(|(path, kinds)| {
                let mut kinds: Vec<KindEntry> = kinds.into_values().collect();
                for k in &mut kinds {
                    tidy(&mut k.fingerprints);
                }
                FileEntry { path, kinds }
            })
            .collect()
    }
}

fn tidy(fingerprints: &mut Vec<String>) {
    fingerprints.sort_unstable();
    fingerprints.dedup();
    fingerprints.truncate(khien_store::inventory::MAX_FINGERPRINTS);
}

/// Cuts the files (sorted by path, so that a second run cuts them the same way) into batches
/// of at most `per_batch` files and about [`MAX_BATCH_JSON`] bytes.
fn batches(mut files: Vec<FileEntry>, per_batch: usize) -> Vec<Vec<FileEntry>> {
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut out: Vec<Vec<FileEntry>> = Vec::new();
    let mut size = 0usize;
    for f in files {
        let n = serde_json::to_vec(&f).map_or(0, |v| v.len());
        match out.last_mut() {
            Some(b) if b.len() < per_batch.max(1) && size + n <= MAX_BATCH_JSON => {
                size += n;
                b.push(f);
            }
            _ => {
                size = n;
                out.push(vec![f]);
            }
        }
    }
    out
}

/// Why a request failed.
enum Failure {
    /// Worth trying again (network, 5xx, 429).
    Retry(String),
    /// Trying again will not help (401, 409, 413, 422…).
    Fatal(String),
}

fn post<B: serde::Serialize, R: serde::de::DeserializeOwned>(
    agent: &ureq::Agent,
    t: &Target,
    path: &str,
    body: &B,
) -> Result<R, Failure> {
    let url = format!("{}{path}", t.url.trim_end_matches('/'));
    let mut res = agent
        .post(&url)
        .header("Authorization", &format!("Bearer {}", t.token))
        .send_json(body)
        .map_err(|e| Failure::Retry(e.to_string()))?;
    let status = res.status().as_u16();
    if status == 200 {
        return res.body_mut().read_json::<R>().map_err(|e| Failure::Retry(e.to_string()));
    }
    let text = res.body_mut().read_to_string().unwrap_or_default();
    let text: String = text.chars().take(300).collect();
    let msg = format!("HTTP {status}: {text}");
    if status >= 500 || status == 429 { Err(Failure::Retry(msg)) } else { Err(Failure::Fatal(msg)) }
}

/// Sends with retries: waits 0.5 s, 1 s, 2 s, … (at most 30 s) between tries.
fn send<B: serde::Serialize, R: serde::de::DeserializeOwned>(
    agent: &ureq::Agent,
    t: &Target,
    path: &str,
    body: &B,
) -> anyhow::Result<R> {
    let mut wait = Duration::from_millis(500);
    for attempt in 1..=t.tries.max(1) {
        match post(agent, t, path, body) {
            Ok(r) => return Ok(r),
            Err(Failure::Fatal(m)) => bail!("máy chủ từ chối (the server refused) {path}: {m}"),
            Err(Failure::Retry(m)) if attempt < t.tries => {
                eprintln!(
                    "khien: chưa gửi được tới máy chủ ({m}); thử lại sau {:.1} s (could not reach the server; retrying in {:.1} s, try {attempt}/{})",
                    wait.as_secs_f64(),
                    wait.as_secs_f64(),
                    t.tries
                );
                std::thread::sleep(wait);
                wait = (wait * 2).min(Duration::from_secs(30));
            }
            Err(Failure::Retry(m)) => bail!(
                "máy chủ không trả lời sau {} lần thử (the server did not answer after {} tries): {m}",
                t.tries,
                t.tries
            ),
        }
    }
    bail!("no try made")
}

/// What was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    /// Batches sent.
    pub batches: usize,
    /// Of them, already stored by an earlier run.
    pub duplicates: usize,
    /// Files with personal data.
    pub files: usize,
}

/// Sends `files` (the entries of the files with findings) and completes the scan of
/// `files_scanned` files.
pub fn report(t: &Target, files: Vec<FileEntry>, files_scanned: u64) -> anyhow::Result<Sent> {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(120)))
        .http_status_as_error(false)
        .build();
    let agent: ureq::Agent = config.into();
    let n_files = files.len();
    let batches = batches(files, t.batch_files);
    let request = |seq: usize, files: &[FileEntry]| BatchRequest {
        scan_id: t.scan_id.clone(),
        host: t.host.clone(),
        root: t.root.clone(),
        started_at: t.started_at,
        seq: seq as i64,
        files: files.to_vec(),
    };
    let mut duplicates = 0;
    for (seq, b) in batches.iter().enumerate() {
        if seq > 0 && !t.interval.is_zero() {
            std::thread::sleep(t.interval);
        }
        let r: BatchResponse = send(&agent, t, "/api/v1/inventory/batches", &request(seq, b))?;
        if r.outcome == "duplicate" {
            duplicates += 1;
        }
    }
    let done = CompleteRequest {
        scan_id: t.scan_id.clone(),
        host: t.host.clone(),
        root: t.root.clone(),
        started_at: t.started_at,
        batches: batches.len() as i64,
        files_scanned: files_scanned as i64,
    };
    for _ in 0..COMPLETE_ROUNDS {
        let c: CompleteResponse = send(&agent, t, "/api/v1/inventory/complete", &done)?;
        if c.complete {
            return Ok(Sent { batches: batches.len(), duplicates, files: n_files });
        }
        // The server lost nothing it acknowledged, but a batch may have been refused or cut
        // off without our knowing: send what it lacks.
        for seq in c.missing {
            let Some(b) = usize::try_from(seq).ok().and_then(|s| batches.get(s)) else {
                bail!("máy chủ đòi lô không có (the server asked for an unknown batch {seq})");
            };
            let _: BatchResponse =
                send(&agent, t, "/api/v1/inventory/batches", &request(seq as usize, b))?;
        }
    }
    bail!("lần quét chưa hoàn tất trên máy chủ (the scan is still incomplete on the server)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, kinds: usize) -> FileEntry {
        FileEntry {
            path: path.into(),
            kinds: (0..kinds)
                .map(|i| KindEntry {
                    kind: format!("k{i}"),
                    sensitivity: "basic".into(),
                    legal: vec![],
                    count: 1,
                    fingerprints: vec!["0123456789abcdef".into()],
                })
                .collect(),
        }
    }

    #[test]
    fn batches_are_cut_the_same_way_whatever_the_order() {
        let a = batches(vec![file("c", 1), file("a", 1), file("b", 1)], 2);
        let b = batches(vec![file("b", 1), file("c", 1), file("a", 1)], 2);
        assert_eq!(a, b);
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        assert!(batches(Vec::new(), 10).is_empty());
    }
}
