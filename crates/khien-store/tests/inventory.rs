//! The inventory against a real SQLite file and a real PostgreSQL database: batches stored
//! once, half-written batches impossible, completion, totals, trends.

use khien_store::Store;
use khien_store::inventory::{
    BatchOutcome, FileEntry, InventoryError, KindCount, NewBatch, current_scans, trend,
};

async fn sqlite() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&khien_store::sqlite_url(dir.path())).await.unwrap();
    (dir, store)
}

fn kind(kind: &str, sensitivity: &str, count: i64, fps: &[&str]) -> KindCount {
    KindCount {
        kind: kind.into(),
        sensitivity: sensitivity.into(),
        legal: vec!["Decree 356/2025 Art. 3".into()],
        count,
        fingerprints: fps.iter().map(|s| s.to_string()).collect(),
    }
}

fn batch(uid: &str, host: &str, seq: i64, files: Vec<FileEntry>) -> NewBatch {
    NewBatch {
        scan_uid: uid.into(),
        host: host.into(),
        root: "/srv/hoso".into(),
        started_at: 1_796_000_000,
        seq,
        files,
    }
}

fn file(path: &str, kinds: Vec<KindCount>) -> FileEntry {
    FileEntry { path: path.into(), kinds }
}

const FP1: &str = "00112233445566aa";
const FP2: &str = "00112233445566bb";

async fn exercise(store: &Store) {
    let b0 = batch(
        "scan-1",
        "pc-ketoan",
        0,
        vec![
            file("/srv/hoso/2024/a.csv", vec![kind("phone", "basic", 3, &[FP1, FP2])]),
            file(
                "/srv/hoso/2024/b.txt",
                vec![kind("national_id", "basic", 2, &[FP1]), kind("health", "sensitive", 1, &[])],
            ),
        ],
    );
    let b1 = batch(
        "scan-1",
        "pc-ketoan",
        1,
        vec![file("/srv/hoso/c.txt", vec![kind("phone", "basic", 1, &[FP2])])],
    );
    assert_eq!(store.store_batch("agent", &b0).await.unwrap(), BatchOutcome::Stored);
    // The same batch again changes nothing.
    assert_eq!(store.store_batch("agent", &b0).await.unwrap(), BatchOutcome::Duplicate);
    let scans = store.inventory_scans().await.unwrap();
    assert_eq!(scans.len(), 1);
    assert_eq!((scans[0].files, scans[0].findings, scans[0].batches), (2, 6, 1));
    assert!(scans[0].completed_at.is_none());

    // Completion names the missing batch, then completes once it arrives.
    let c = store
        .complete_scan("agent", "scan-1", "pc-ketoan", "/srv/hoso", 1_796_000_000, 2, 40)
        .await
        .unwrap();
    assert!(!c.complete);
    assert_eq!(c.missing, vec![1]);
    assert_eq!(store.store_batch("agent", &b1).await.unwrap(), BatchOutcome::Stored);
    let c = store
        .complete_scan("agent", "scan-1", "pc-ketoan", "/srv/hoso", 1_796_000_000, 2, 40)
        .await
        .unwrap();
    assert!(c.complete && c.missing.is_empty());
    // Again: still complete, nothing changes; a batch beyond the count is refused.
    assert!(
        store
            .complete_scan("agent", "scan-1", "pc-ketoan", "/srv/hoso", 1_796_000_000, 2, 40)
            .await
            .unwrap()
            .complete
    );
    assert!(matches!(
        store.store_batch("agent", &batch("scan-1", "pc-ketoan", 2, vec![])).await,
        Err(InventoryError::Conflict(_))
    ));
    let s1 = store.inventory_scans().await.unwrap().remove(0);
    assert_eq!((s1.files, s1.findings, s1.batches, s1.files_scanned), (3, 7, 2, Some(40)));
    assert!(store.torn_batches(s1.id).await.unwrap().is_empty());

    // The scan id belongs to its host and root.
    assert!(matches!(
        store.store_batch("agent", &batch("scan-1", "pc-other", 5, vec![])).await,
        Err(InventoryError::Conflict(_))
    ));
    // A value (or anything but a fingerprint) in the fingerprints is refused whole.
    let bad = batch(
        "scan-2",
        "pc-ketoan",
        0,
        vec![file("x", vec![kind("phone", "basic", 1, &["0912345678"])])],
    );
    assert!(matches!(store.store_batch("agent", &bad).await, Err(InventoryError::Invalid(_))));
    assert!(matches!(
        store.store_batch("agent", &batch("bad id!", "h", 0, vec![])).await,
        Err(InventoryError::Invalid(_))
    ));
    assert_eq!(store.inventory_scans().await.unwrap().len(), 1, "nothing of a refused batch stays");

    // Kinds, folders, files.
    let kinds = store.scan_kinds(s1.id).await.unwrap();
    let phone = kinds.iter().find(|k| k.kind == "phone").unwrap();
    assert_eq!((phone.files, phone.findings), (2, 4));
    assert!(kinds.iter().any(|k| k.kind == "health" && k.sensitivity == "sensitive"));
    let folders = store.scan_folders(s1.id, 10).await.unwrap();
    assert_eq!(folders[0].folder, "/srv/hoso/2024");
    assert_eq!((folders[0].files, folders[0].findings, folders[0].sensitive), (2, 6, 1));

    // A second scan of the same host and root: a file cleaned, one new, one changed.
    let b = batch(
        "scan-2",
        "pc-ketoan",
        0,
        vec![
            file("/srv/hoso/2024/a.csv", vec![kind("phone", "basic", 5, &[FP1])]),
            file("/srv/hoso/d.txt", vec![kind("email", "basic", 2, &[])]),
        ],
    );
    assert_eq!(store.store_batch("agent", &b).await.unwrap(), BatchOutcome::Stored);
    let scans = store.inventory_scans().await.unwrap();
    // Until it completes, the first scan stands for the folder.
    assert_eq!(
        current_scans(&scans).iter().map(|s| s.scan_uid.as_str()).collect::<Vec<_>>(),
        ["scan-1"]
    );
    assert!(
        store
            .complete_scan("agent", "scan-2", "pc-ketoan", "/srv/hoso", 1_796_000_000, 1, 41)
            .await
            .unwrap()
            .complete
    );
    let scans = store.inventory_scans().await.unwrap();
    let current = current_scans(&scans);
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].scan_uid, "scan-2");
    let prev = store.previous_scan(current[0].id).await.unwrap().unwrap();
    assert_eq!(prev.id, s1.id);
    let t = trend(
        &store.scan_files(prev.id).await.unwrap(),
        &store.scan_files(current[0].id).await.unwrap(),
    );
    let paths = |v: &[khien_store::inventory::FileChange]| {
        v.iter().map(|c| c.path.clone()).collect::<Vec<_>>()
    };
    assert_eq!(paths(&t.new_files), ["/srv/hoso/d.txt"]);
    assert_eq!(paths(&t.removed_files), ["/srv/hoso/2024/b.txt", "/srv/hoso/c.txt"]);
    assert_eq!(paths(&t.changed_files), ["/srv/hoso/2024/a.csv"]);
    assert!(t.by_kind.contains(&("phone".into(), 4, 5)));

    // A scan that found nothing is registered by its completion alone (coverage).
    let c = store
        .complete_scan("agent", "scan-3", "pc-sach", "/home", 1_796_000_000, 0, 12)
        .await
        .unwrap();
    assert!(c.complete);
    let scans = store.inventory_scans().await.unwrap();
    assert_eq!(current_scans(&scans).len(), 2);

    // Upload counts by time for the dashboard.
    store.record_upload("user:lan", "documents", 2, 100, 5).await.unwrap();
    let ups = store.uploads_since(0).await.unwrap();
    assert_eq!(ups.len(), 1);
    assert_eq!((ups[0].2, ups[0].3), (2, 5));
}

#[tokio::test]
async fn sqlite_inventory() {
    let (_dir, store) = sqlite().await;
    exercise(&store).await;
}

#[tokio::test]
async fn postgres_inventory() {
    let Some(url) = khien_store::testing::fresh_postgres().await else { return };
    let store = Store::connect(&url).await.unwrap();
    exercise(&store).await;
}

/// Many agents sending the same batches at once: each is stored exactly once.
async fn concurrent(store: &Store) {
    let mut tasks = Vec::new();
    for round in 0..3 {
        for seq in 0..8 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let b = batch(
                    "many",
                    "pc-1",
                    seq,
                    vec![file(&format!("f{seq}.txt"), vec![kind("phone", "basic", 1, &[FP1])])],
                );
                let _ = round;
                store.store_batch("agent", &b).await.unwrap()
            }));
        }
    }
    let mut stored = 0;
    for t in tasks {
        if t.await.unwrap() == BatchOutcome::Stored {
            stored += 1;
        }
    }
    assert_eq!(stored, 8);
    let s = store.inventory_scans().await.unwrap().remove(0);
    assert_eq!((s.files, s.findings, s.batches), (8, 8, 8));
    assert!(store.torn_batches(s.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn sqlite_concurrent_batches() {
    let (_dir, store) = sqlite().await;
    concurrent(&store).await;
}

#[tokio::test]
async fn postgres_concurrent_batches() {
    let Some(url) = khien_store::testing::fresh_postgres().await else { return };
    concurrent(&Store::connect(&url).await.unwrap()).await;
}

#[tokio::test]
async fn sqlite_backup_is_a_consistent_copy() {
    let (dir, store) = sqlite().await;
    store
        .create_user("lan", khien_store::Role::Staff, "ngựa vằn uống trà sữa lúc bình minh")
        .await
        .unwrap();
    let out = dir.path().join("copy.db");
    store.sqlite_backup(&out).await.unwrap();
    let copy = Store::connect(&format!("sqlite://{}", out.display())).await.unwrap();
    assert_eq!(copy.user_count().await.unwrap(), 1);
    // Never over an existing file.
    assert!(store.sqlite_backup(&out).await.is_err());
}
