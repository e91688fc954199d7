//! The personal-data inventory reported by scan agents (`khien scan --report-to`): hosts,
//! scans of a root folder on a host, the files of a scan that hold personal data and, per
//! file, the count of each kind with its sensitivity, legal references and value
//! fingerprints. Never a value.
//!
//! An agent sends its results in numbered batches. A batch is stored in one transaction with
//! its key `(scan, seq)`: a batch sent again (after a lost answer, a restart of the server or
//! of the agent) is recognised and not counted twice, and a batch cut off half-way leaves
//! nothing behind. A final call marks the scan complete once every batch has arrived.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use sqlx::Row;

use crate::{Store, StoreError, now};

/// Most fingerprints kept per file and kind (a file with more distinct values is still
/// counted in full; only the fingerprints beyond this are not kept).
pub const MAX_FINGERPRINTS: usize = 1000;

/// Errors of the inventory.
#[derive(Debug, thiserror::Error)]
pub enum InventoryError {
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A field out of bounds; the text says which.
    #[error("dữ liệu không hợp lệ (invalid data): {0}")]
    Invalid(String),
    /// The scan id is known with another host or root, or the batch does not fit the
    /// completed scan.
    #[error("xung đột (conflict): {0}")]
    Conflict(String),
}

impl From<sqlx::Error> for InventoryError {
    fn from(e: sqlx::Error) -> Self {
        InventoryError::Store(StoreError::Db(e))
    }
}

/// One kind of personal data in one file, as an agent reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindCount {
    /// Kind code (`phone`, `national_id`, … or a custom detector's code).
    pub kind: String,
    /// `basic` or `sensitive`.
    pub sensitivity: String,
    /// Legal references (Decree 356/2025 first).
    pub legal: Vec<String>,
    /// Findings of this kind in the file.
    pub count: i64,
    /// Distinct value fingerprints (16 hex digits each), at most [`MAX_FINGERPRINTS`] kept.
    pub fingerprints: Vec<String>,
}

/// One file with personal data, as an agent reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// The path as the scan reported it.
    pub path: String,
    /// The kinds found in it.
    pub kinds: Vec<KindCount>,
}

/// One batch of an agent's scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBatch {
    /// The agent's id of the scan.
    pub scan_uid: String,
    /// The host the agent runs on.
    pub host: String,
    /// The folder (or folders) scanned.
    pub root: String,
    /// When the scan started (Unix seconds, the agent's clock).
    pub started_at: i64,
    /// Batch number, from 0.
    pub seq: i64,
    /// The files of the batch.
    pub files: Vec<FileEntry>,
}

/// What became of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchOutcome {
    /// Stored now.
    Stored,
    /// Stored before: nothing changed.
    Duplicate,
}

/// The answer to "the scan is complete".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completion {
    /// Whether the scan is now complete (every batch arrived).
    pub complete: bool,
    /// Batch numbers still missing (the agent sends them again).
    pub missing: Vec<i64>,
}

/// A file of a current scan holding a value with a given fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FingerprintHit {
    /// The fingerprint looked up.
    pub fingerprint: String,
    /// The scan.
    pub scan_id: i64,
    /// Host name.
    pub host: String,
    /// Folder scanned.
    pub root: String,
    /// File path.
    pub path: String,
    /// Kind of the value.
    pub kind: String,
    /// `basic` or `sensitive`.
    pub sensitivity: String,
}

/// A scan as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScanRow {
    /// Database id.
    pub id: i64,
    /// The agent's id.
    pub scan_uid: String,
    /// Host name.
    pub host: String,
    /// Folder scanned.
    pub root: String,
    /// Which API token sent it.
    pub token_name: String,
    /// Started (agent's clock).
    pub started_at: i64,
    /// First batch received (server's clock).
    pub received_at: i64,
    /// Completed (server's clock), when every batch arrived.
    pub completed_at: Option<i64>,
    /// Files the agent scanned in all (with or without personal data), once complete.
    pub files_scanned: Option<i64>,
    /// Files with personal data stored so far.
    pub files: i64,
    /// Findings stored so far.
    pub findings: i64,
    /// Batches stored so far.
    pub batches: i64,
}

/// Totals of one kind (and sensitivity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindTotal {
    /// Kind code.
    pub kind: String,
    /// `basic` or `sensitive`.
    pub sensitivity: String,
    /// Files that hold it.
    pub files: i64,
    /// Findings.
    pub findings: i64,
}

/// Totals of one folder in a scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FolderTotal {
    /// The folder (the file path up to its last separator).
    pub folder: String,
    /// Files with personal data in it.
    pub files: i64,
    /// Findings.
    pub findings: i64,
    /// Findings of sensitive kinds.
    pub sensitive: i64,
}

/// One file of a stored scan with its counts per kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileRow {
    /// Path.
    pub path: String,
    /// Findings.
    pub findings: i64,
    /// Findings of sensitive kinds.
    pub sensitive: i64,
    /// Count per kind.
    pub kinds: BTreeMap<String, i64>,
}

/// A file's change between two scans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileChange {
    /// Path.
    pub path: String,
    /// Findings in the earlier scan (0: the file had none or was not there).
    pub before: i64,
    /// Findings in the later scan (0: none any more, or the file is gone).
    pub after: i64,
}

/// What changed between two scans of the same host and root.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Trend {
    /// Files with personal data now that had none (or did not exist) before.
    pub new_files: Vec<FileChange>,
    /// Files that had personal data before and have none now (cleaned, moved or deleted).
    pub removed_files: Vec<FileChange>,
    /// Files with personal data in both whose count changed.
    pub changed_files: Vec<FileChange>,
    /// Per kind: findings before and after.
    pub by_kind: Vec<(String, i64, i64)>,
}

/// Compares two scans' files (pure: the pages and tests call it on what the store returns).
pub fn trend(before: &[FileRow], after: &[FileRow]) -> Trend {
    let old: HashMap<&str, &FileRow> = before.iter().map(|f| (f.path.as_str(), f)).collect();
    let new: HashMap<&str, &FileRow> = after.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut t = Trend::default();
    for f in after {
        match old.get(f.path.as_str()) {
            None => {
                t.new_files.push(FileChange { path: f.path.clone(), before: 0, after: f.findings })
            }
            Some(o) if o.findings != f.findings || o.kinds != f.kinds => t
                .changed_files
                .push(FileChange { path: f.path.clone(), before: o.findings, after: f.findings }),
            Some(_) => {}
        }
    }
    for f in before {
        if !new.contains_key(f.path.as_str()) {
            t.removed_files.push(FileChange { path: f.path.clone(), before: f.findings, after: 0 });
        }
    }
    let mut kinds: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for f in before {
        for (k, n) in &f.kinds {
            kinds.entry(k).or_default().0 += n;
        }
    }
    for f in after {
        for (k, n) in &f.kinds {
            kinds.entry(k).or_default().1 += n;
        }
    }
    t.by_kind = kinds.into_iter().map(|(k, (a, b))| (k.to_string(), a, b)).collect();
    for v in [&mut t.new_files, &mut t.removed_files, &mut t.changed_files] {
        v.sort_by(|a, b| a.path.cmp(&b.path));
    }
    t
}

/// The folder of a path: everything before the last `/` or `\` (`.` when there is none).
pub fn folder_of(path: &str) -> &str {
    match path.rfind(['/', '\\']) {
        Some(0) => "/",
        Some(i) => &path[..i],
        None => ".",
    }
}

/// For each host and root, the scan that stands for it now: the latest complete one, or the
/// latest at all when none completed. `scans` as [`Store::inventory_scans`] returns them.
pub fn current_scans(scans: &[ScanRow]) -> Vec<&ScanRow> {
    let mut best: BTreeMap<(&str, &str), &ScanRow> = BTreeMap::new();
    for s in scans {
        let key = (s.host.as_str(), s.root.as_str());
        let better = match best.get(&key) {
            None => true,
            Some(b) => {
                (s.completed_at.is_some(), s.received_at, s.id)
                    > (b.completed_at.is_some(), b.received_at, b.id)
            }
        };
        if better {
            best.insert(key, s);
        }
    }
    best.into_values().collect()
}

fn valid_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn check_text(what: &str, s: &str, max: usize) -> Result<(), InventoryError> {
    if s.is_empty() || s.len() > max || s.chars().any(char::is_control) {
        return Err(InventoryError::Invalid(format!(
            "{what}: 1–{max} bytes, no control characters"
        )));
    }
    Ok(())
}

/// Checks a batch's fields before anything is written.
fn validate(b: &NewBatch) -> Result<(), InventoryError> {
    if !valid_code(&b.scan_uid) {
        return Err(InventoryError::Invalid("scan_id: 1–64 of A–Z a–z 0–9 _ -".into()));
    }
    check_text("host", &b.host, 255)?;
    check_text("root", &b.root, 4096)?;
    if !(0..1_000_000).contains(&b.seq) {
        return Err(InventoryError::Invalid("seq: 0–999999".into()));
    }
    if b.files.len() > 10_000 {
        return Err(InventoryError::Invalid("at most 10000 files per batch".into()));
    }
    for f in &b.files {
        check_text("path", &f.path, 4096)?;
        if f.kinds.is_empty() || f.kinds.len() > 256 {
            return Err(InventoryError::Invalid("kinds: 1–256 per file".into()));
        }
        for k in &f.kinds {
            if !valid_code(&k.kind) {
                return Err(InventoryError::Invalid("kind: a kind code".into()));
            }
            if k.sensitivity != "basic" && k.sensitivity != "sensitive" {
                return Err(InventoryError::Invalid("sensitivity: basic or sensitive".into()));
            }
            if !(1..=1_000_000_000).contains(&k.count) {
                return Err(InventoryError::Invalid("count: 1 or more".into()));
            }
            if k.legal.len() > 16 || k.legal.iter().any(|l| l.len() > 200) {
                return Err(InventoryError::Invalid("legal: at most 16 short references".into()));
            }
            if k.fingerprints
                .iter()
                .any(|f| f.len() != 16 || !f.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                // Anything longer could be a value sent by mistake: refuse it.
                return Err(InventoryError::Invalid("fingerprints: 16 hex digits each".into()));
            }
        }
    }
    Ok(())
}

fn scan_from_row(r: &sqlx::any::AnyRow) -> Result<ScanRow, sqlx::Error> {
    Ok(ScanRow {
        id: r.try_get("id")?,
        scan_uid: r.try_get("scan_uid")?,
        host: r.try_get("host")?,
        root: r.try_get("root")?,
        token_name: r.try_get("token_name")?,
        started_at: r.try_get("started_at")?,
        received_at: r.try_get("received_at")?,
        completed_at: r.try_get("completed_at")?,
        files_scanned: r.try_get("files_scanned")?,
        files: r.try_get("files")?,
        findings: r.try_get("findings")?,
        batches: r.try_get("batches")?,
    })
}

const SCAN_SELECT: &str = "SELECT s.id, s.scan_uid, h.name AS host, s.root, s.token_name, s.started_at, s.received_at, s.completed_at, s.files_scanned, s.files, s.findings, (SELECT COUNT(*) FROM inventory_batches b WHERE b.scan_id = s.id) AS batches FROM inventory_scans s JOIN inventory_hosts h ON h.id = s.host_id";

impl Store {
    /// The scan `scan_uid` (created with its host if new) inside transaction `tx`; a scan
    /// known with another host or root is a conflict.
    async fn scan_in(
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        token_name: &str,
        scan_uid: &str,
        host: &str,
        root: &str,
        started_at: i64,
    ) -> Result<(i64, Option<i64>), InventoryError> {
        let at = now();
        // A write first, so that SQLite takes the write lock at once (a transaction that
        // reads first and writes later can fail instead of waiting for the lock).
        let row = sqlx::query(
            "INSERT INTO inventory_hosts (name, first_seen, last_seen) VALUES ($1, $2, $2) ON CONFLICT (name) DO UPDATE SET last_seen = excluded.last_seen RETURNING id",
        )
        .bind(host)
        .bind(at)
        .fetch_one(&mut **tx)
        .await?;
        let host_id: i64 = row.try_get("id")?;
        sqlx::query(
            "INSERT INTO inventory_scans (scan_uid, host_id, root, token_name, started_at, received_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (scan_uid) DO NOTHING",
        )
        .bind(scan_uid)
        .bind(host_id)
        .bind(root)
        .bind(token_name)
        .bind(started_at)
        .bind(at)
        .execute(&mut **tx)
        .await?;
        let row = sqlx::query(
            "SELECT id, host_id, root, batches_expected FROM inventory_scans WHERE scan_uid = $1",
        )
        .bind(scan_uid)
        .fetch_one(&mut **tx)
        .await?;
        let (id, h, r): (i64, i64, String) =
            (row.try_get("id")?, row.try_get("host_id")?, row.try_get("root")?);
        if h != host_id || r != root {
            return Err(InventoryError::Conflict(
                "scan_id đã dùng cho máy hoặc thư mục khác (scan_id used with another host or root)"
                    .into(),
            ));
        }
        Ok((id, row.try_get("batches_expected")?))
    }

    /// Stores one batch of an agent's scan, sent with token `token_name`: all of it in one
    /// transaction, or nothing. A batch stored before is recognised by its `(scan, seq)` key
    /// and changes nothing ([`BatchOutcome::Duplicate`]).
    pub async fn store_batch(
        &self,
        token_name: &str,
        b: &NewBatch,
    ) -> Result<BatchOutcome, InventoryError> {
        validate(b)?;
        let mut tx = self.pool.begin().await?;
        let (scan_id, expected) =
            Self::scan_in(&mut tx, token_name, &b.scan_uid, &b.host, &b.root, b.started_at).await?;
        if expected.is_some_and(|n| b.seq >= n) {
            return Err(InventoryError::Conflict(format!(
                "lần quét đã hoàn tất với {} lô (the scan was completed with {} batches)",
                expected.unwrap_or(0),
                expected.unwrap_or(0)
            )));
        }
        let r = sqlx::query(
            "INSERT INTO inventory_batches (scan_id, seq, files, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT (scan_id, seq) DO NOTHING",
        )
        .bind(scan_id)
        .bind(b.seq)
        .bind(b.files.len() as i64)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(BatchOutcome::Duplicate);
        }
        let mut findings = 0i64;
        for f in &b.files {
            let total: i64 = f.kinds.iter().map(|k| k.count).sum();
            let sensitive: i64 =
                f.kinds.iter().filter(|k| k.sensitivity == "sensitive").map(|k| k.count).sum();
            findings += total;
            let row = sqlx::query(
                "INSERT INTO inventory_files (scan_id, batch_seq, path, folder, findings, sensitive) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(scan_id)
            .bind(b.seq)
            .bind(&f.path)
            .bind(folder_of(&f.path))
            .bind(total)
            .bind(sensitive)
            .fetch_one(&mut *tx)
            .await?;
            let file_id: i64 = row.try_get("id")?;
            // Two entries of one kind in a file are added together.
            let mut merged: BTreeMap<&str, (&KindCount, i64, Vec<&str>)> = BTreeMap::new();
            for k in &f.kinds {
                let e = merged.entry(&k.kind).or_insert((k, 0, Vec::new()));
                e.1 += k.count;
                e.2.extend(k.fingerprints.iter().map(String::as_str));
            }
            for (kind, (k, count, mut fps)) in merged {
                fps.sort_unstable();
                fps.dedup();
                fps.truncate(MAX_FINGERPRINTS);
                sqlx::query(
                    "INSERT INTO inventory_kinds (file_id, kind, sensitivity, legal, count, fingerprints) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(file_id)
                .bind(kind)
                .bind(&k.sensitivity)
                .bind(k.legal.join("; "))
                .bind(count)
                .bind(fps.join(" "))
                .execute(&mut *tx)
                .await?;
            }
        }
        sqlx::query(
            "UPDATE inventory_scans SET files = files + $1, findings = findings + $2 WHERE id = $3",
        )
        .bind(b.files.len() as i64)
        .bind(findings)
        .bind(scan_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(BatchOutcome::Stored)
    }

    /// Marks scan `scan_uid` complete once batches `0..batches` have all arrived (a scan that
    /// found nothing has none, and is registered here); otherwise says which are missing.
    /// Calling it again changes nothing.
    #[allow(clippy::too_many_arguments)]
    pub async fn complete_scan(
        &self,
        token_name: &str,
        scan_uid: &str,
        host: &str,
        root: &str,
        started_at: i64,
        batches: i64,
        files_scanned: i64,
    ) -> Result<Completion, InventoryError> {
        validate(&NewBatch {
            scan_uid: scan_uid.into(),
            host: host.into(),
            root: root.into(),
            started_at,
            seq: 0,
            files: Vec::new(),
        })?;
        if !(0..1_000_000).contains(&batches) || files_scanned < 0 {
            return Err(InventoryError::Invalid("batches: 0–999999; files_scanned ≥ 0".into()));
        }
        let mut tx = self.pool.begin().await?;
        let (scan_id, expected) =
            Self::scan_in(&mut tx, token_name, scan_uid, host, root, started_at).await?;
        if expected.is_some_and(|n| n != batches) {
            return Err(InventoryError::Conflict("batches differ from the completed scan".into()));
        }
        let rows = sqlx::query("SELECT seq FROM inventory_batches WHERE scan_id = $1")
            .bind(scan_id)
            .fetch_all(&mut *tx)
            .await?;
        let mut have = Vec::with_capacity(rows.len());
        for r in &rows {
            have.push(r.try_get::<i64, _>("seq")?);
        }
        if have.iter().any(|s| *s >= batches) {
            return Err(InventoryError::Conflict("a batch beyond the count was stored".into()));
        }
        have.sort_unstable();
        let missing: Vec<i64> = (0..batches).filter(|s| have.binary_search(s).is_err()).collect();
        if missing.is_empty() && expected.is_none() {
            sqlx::query(
                "UPDATE inventory_scans SET completed_at = $1, batches_expected = $2, files_scanned = $3 WHERE id = $4",
            )
            .bind(now())
            .bind(batches)
            .bind(files_scanned)
            .bind(scan_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Completion { complete: missing.is_empty(), missing })
    }

    /// Every scan, newest first.
    pub async fn inventory_scans(&self) -> Result<Vec<ScanRow>, InventoryError> {
        let rows =
            sqlx::query(&format!("{SCAN_SELECT} ORDER BY s.id DESC")).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(scan_from_row).collect::<Result<_, _>>()?)
    }

    /// Where values with these fingerprints were found in the scans that stand for each host
    /// and folder now: for a data-subject request, the person's identifiers are fingerprinted
    /// the way `khien scan` does and looked up here, never stored or compared in clear.
    pub async fn fingerprint_hits(
        &self,
        fingerprints: &[String],
    ) -> Result<Vec<FingerprintHit>, InventoryError> {
        let scans = self.inventory_scans().await?;
        let current: std::collections::HashSet<i64> =
            current_scans(&scans).iter().map(|s| s.id).collect();
        let mut hits = Vec::new();
        for fp in fingerprints {
            if fp.len() != 16 || !fp.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(InventoryError::Invalid("fingerprints: 16 hex digits each".into()));
            }
            let rows = sqlx::query(
                "SELECT f.scan_id, h.name AS host, s.root, f.path, k.kind, k.sensitivity FROM inventory_kinds k \
                 JOIN inventory_files f ON f.id = k.file_id JOIN inventory_scans s ON s.id = f.scan_id \
                 JOIN inventory_hosts h ON h.id = s.host_id WHERE k.fingerprints LIKE $1 ORDER BY h.name, f.path",
            )
            .bind(format!("%{fp}%"))
            .fetch_all(&self.pool)
            .await?;
            for r in rows {
                let scan_id: i64 = r.try_get("scan_id")?;
                if current.contains(&scan_id) {
                    hits.push(FingerprintHit {
                        fingerprint: fp.clone(),
                        scan_id,
                        host: r.try_get("host")?,
                        root: r.try_get("root")?,
                        path: r.try_get("path")?,
                        kind: r.try_get("kind")?,
                        sensitivity: r.try_get("sensitivity")?,
                    });
                }
            }
        }
        Ok(hits)
    }

    /// One scan by database id.
    pub async fn inventory_scan(&self, id: i64) -> Result<Option<ScanRow>, InventoryError> {
        let row = sqlx::query(&format!("{SCAN_SELECT} WHERE s.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(scan_from_row).transpose()?)
    }

    /// The scan of the same host and root before scan `id` (the latest complete one, or the
    /// latest at all), to compare with.
    pub async fn previous_scan(&self, id: i64) -> Result<Option<ScanRow>, InventoryError> {
        let Some(s) = self.inventory_scan(id).await? else { return Ok(None) };
        let rows = sqlx::query(&format!(
            "{SCAN_SELECT} WHERE h.name = $1 AND s.root = $2 AND s.id < $3 ORDER BY s.id DESC"
        ))
        .bind(&s.host)
        .bind(&s.root)
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let before: Vec<ScanRow> = rows.iter().map(scan_from_row).collect::<Result<_, _>>()?;
        Ok(current_scans(&before).into_iter().next().cloned())
    }

    /// Findings per kind and sensitivity in scan `id`.
    pub async fn scan_kinds(&self, id: i64) -> Result<Vec<KindTotal>, InventoryError> {
        let rows = sqlx::query(
            "SELECT k.kind, k.sensitivity, COUNT(*) AS files, CAST(SUM(k.count) AS BIGINT) AS n FROM inventory_kinds k JOIN inventory_files f ON f.id = k.file_id WHERE f.scan_id = $1 GROUP BY k.kind, k.sensitivity ORDER BY n DESC, k.kind",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(KindTotal {
                kind: r.try_get("kind")?,
                sensitivity: r.try_get("sensitivity")?,
                files: r.try_get("files")?,
                findings: r.try_get("n")?,
            });
        }
        Ok(out)
    }

    /// The `limit` folders of scan `id` with the most findings.
    pub async fn scan_folders(
        &self,
        id: i64,
        limit: i64,
    ) -> Result<Vec<FolderTotal>, InventoryError> {
        let rows = sqlx::query(
            "SELECT folder, COUNT(*) AS files, CAST(SUM(findings) AS BIGINT) AS n, CAST(SUM(sensitive) AS BIGINT) AS s FROM inventory_files WHERE scan_id = $1 GROUP BY folder ORDER BY n DESC, folder LIMIT $2",
        )
        .bind(id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(FolderTotal {
                folder: r.try_get("folder")?,
                files: r.try_get("files")?,
                findings: r.try_get("n")?,
                sensitive: r.try_get("s")?,
            });
        }
        Ok(out)
    }

    /// The files of scan `id` with their counts per kind, by path.
    pub async fn scan_files(&self, id: i64) -> Result<Vec<FileRow>, InventoryError> {
        let rows = sqlx::query(
            "SELECT f.id, f.path, f.findings, f.sensitive, k.kind, k.count FROM inventory_files f JOIN inventory_kinds k ON k.file_id = f.id WHERE f.scan_id = $1 ORDER BY f.path, f.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<FileRow> = Vec::new();
        let mut last = -1i64;
        for r in &rows {
            let fid: i64 = r.try_get("id")?;
            if fid != last {
                last = fid;
                out.push(FileRow {
                    path: r.try_get("path")?,
                    findings: r.try_get("findings")?,
                    sensitive: r.try_get("sensitive")?,
                    kinds: BTreeMap::new(),
                });
            }
            if let Some(f) = out.last_mut() {
                *f.kinds.entry(r.try_get("kind")?).or_default() += r.try_get::<i64, _>("count")?;
            }
        }
        Ok(out)
    }

    /// Checks that every stored batch of scan `id` holds as many files as it declared, and
    /// every file as many findings as its kinds add up to: the proof that no batch was
    /// half-written. Returns the batches that fail (none when whole).
    pub async fn torn_batches(&self, id: i64) -> Result<Vec<i64>, InventoryError> {
        let rows = sqlx::query(
            "SELECT b.seq FROM inventory_batches b WHERE b.scan_id = $1 AND b.files <> (SELECT COUNT(*) FROM inventory_files f WHERE f.scan_id = b.scan_id AND f.batch_seq = b.seq) UNION SELECT f.batch_seq AS seq FROM inventory_files f WHERE f.scan_id = $1 AND (f.findings <> (SELECT CAST(COALESCE(SUM(k.count), 0) AS BIGINT) FROM inventory_kinds k WHERE k.file_id = f.id) OR NOT EXISTS (SELECT 1 FROM inventory_batches b WHERE b.scan_id = f.scan_id AND b.seq = f.batch_seq))",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            out.push(r.try_get::<i64, _>("seq")?);
        }
        out.sort_unstable();
        Ok(out)
    }

    /// The desks' uploads since `since` (Unix seconds): when, which desk, files and findings,
    /// for the dashboard's monthly chart.
    pub async fn uploads_since(
        &self,
        since: i64,
    ) -> Result<Vec<(i64, String, i64, i64)>, InventoryError> {
        let rows =
            sqlx::query("SELECT at, desk, files, findings FROM uploads WHERE at >= $1 ORDER BY at")
                .bind(since)
                .fetch_all(&self.pool)
                .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push((
                r.try_get("at")?,
                r.try_get("desk")?,
                r.try_get("files")?,
                r.try_get("findings")?,
            ));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, kinds: &[(&str, i64)]) -> FileRow {
        FileRow {
            path: path.into(),
            findings: kinds.iter().map(|k| k.1).sum(),
            sensitive: 0,
            kinds: kinds.iter().map(|(k, n)| (k.to_string(), *n)).collect(),
        }
    }

    #[test]
    fn trend_between_two_scans() {
        let before = [file("a/x.txt", &[("phone", 2)]), file("a/y.txt", &[("email", 1)])];
        let after = [file("a/x.txt", &[("phone", 3)]), file("b/z.txt", &[("national_id", 4)])];
        let t = trend(&before, &after);
        assert_eq!(t.new_files, vec![FileChange { path: "b/z.txt".into(), before: 0, after: 4 }]);
        assert_eq!(
            t.removed_files,
            vec![FileChange { path: "a/y.txt".into(), before: 1, after: 0 }]
        );
        assert_eq!(
            t.changed_files,
            vec![FileChange { path: "a/x.txt".into(), before: 2, after: 3 }]
        );
        assert_eq!(
            t.by_kind,
            vec![("email".into(), 1, 0), ("national_id".into(), 0, 4), ("phone".into(), 2, 3)]
        );
        let same = trend(&after, &after);
        assert!(same.new_files.is_empty() && same.removed_files.is_empty());
        assert!(same.changed_files.is_empty());
    }

    #[test]
    fn folders() {
        assert_eq!(folder_of("hoso/2024/a.csv"), "hoso/2024");
        assert_eq!(folder_of("C:\\hoso\\a.csv"), "C:\\hoso");
        assert_eq!(folder_of("/a.csv"), "/");
        assert_eq!(folder_of("a.csv"), ".");
    }
}
