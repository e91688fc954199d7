//! `khien admin backup` and `khien admin restore`: the data folder in one tar archive — a
//! consistent copy of the SQLite database taken while the server runs (`VACUUM INTO`), and
//! the server key — and back. PostgreSQL is backed up with its own tools (`pg_dump`).

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// The archive's first member: what it is.
const MANIFEST: &str = "KHIEN-BACKUP";
const DB: &str = "khien.db";
const KEY: &str = "server.key";

const POSTGRES_HINT: &str = "Cơ sở dữ liệu là PostgreSQL: hãy sao lưu bằng pg_dump (ví dụ `pg_dump --format=custom --file=khien.dump \"$KHIEN_DATABASE_URL\"`, khôi phục bằng pg_restore) và giữ kèm tệp server.key của thư mục dữ liệu. (The database is PostgreSQL: back it up with pg_dump and restore with pg_restore, and keep the data folder's server.key with it.)";

fn is_postgres(url: Option<&str>) -> bool {
    url.is_some_and(|u| u.starts_with("postgres:") || u.starts_with("postgresql:"))
}

/// `khien admin backup --data-dir D --out FILE`.
pub fn backup(data_dir: &Path, database_url: Option<&str>, out: &Path) -> anyhow::Result<u8> {
    if is_postgres(database_url) {
        bail!("{POSTGRES_HINT}");
    }
    if database_url.is_some_and(|u| u != khien_store::sqlite_url(data_dir)) {
        bail!(
            "--database-url khác cơ sở dữ liệu mặc định; chỉ sao lưu được SQLite trong thư mục dữ liệu (only the SQLite database inside the data folder is backed up here)"
        );
    }
    let db = data_dir.join(DB);
    if !db.is_file() {
        bail!("không thấy {} (no database in the data folder)", db.display());
    }
    if out.exists() {
        bail!("{} đã tồn tại; không ghi đè (exists already; not overwritten)", out.display());
    }
    let key = std::fs::read(data_dir.join(KEY))
        .with_context(|| format!("đọc (reading) {}", data_dir.join(KEY).display()))?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // The copy is made beside the archive (same disk), never inside the live data folder.
    let work = tempfile::tempdir_in(&parent).with_context(|| {
        format!("tạo thư mục tạm trong (temporary folder in) {}", parent.display())
    })?;
    let copy = work.path().join(DB);
    runtime()?.block_on(async {
        let store = khien_store::Store::connect(&khien_store::sqlite_url(data_dir)).await?;
        store.sqlite_backup(&copy).await?;
        store.close().await;
        Ok::<_, anyhow::Error>(())
    })?;
    let tmp = tempfile::NamedTempFile::new_in(&parent)?;
    {
        let mut tar = tar::Builder::new(tmp.as_file());
        let manifest = format!(
            "khien backup v1\ncreated_at={}\nversion={}\n",
            khien_store::now(),
            env!("CARGO_PKG_VERSION")
        );
        append(&mut tar, MANIFEST, manifest.as_bytes())?;
        append(&mut tar, KEY, &key)?;
        let mut header = tar::Header::new_gnu();
        let meta = std::fs::metadata(&copy)?;
        header.set_size(meta.len());
        header.set_mode(0o600);
        header.set_mtime(khien_store::now().max(0) as u64);
        tar.append_data(&mut header, DB, std::fs::File::open(&copy)?)?;
        tar.finish()?;
    }
    tmp.as_file().sync_all()?;
    set_private(tmp.path());
    tmp.persist_noclobber(out).with_context(|| format!("ghi (writing) {}", out.display()))?;
    eprintln!(
        "khien: đã sao lưu {} vào {} (backed up; keep this file as safe as the server: it holds the server key)",
        data_dir.display(),
        out.display()
    );
    Ok(0)
}

fn append(tar: &mut tar::Builder<&std::fs::File>, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o600);
    header.set_mtime(khien_store::now().max(0) as u64);
    tar.append_data(&mut header, name, bytes)?;
    Ok(())
}

fn set_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if path.is_dir() { 0o700 } else { 0o600 };
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the runtime")
}

/// `khien admin restore --data-dir D --from FILE [--force]`.
pub fn restore(
    data_dir: &Path,
    database_url: Option<&str>,
    from: &Path,
    force: bool,
) -> anyhow::Result<u8> {
    if is_postgres(database_url) {
        bail!("{POSTGRES_HINT}");
    }
    let name = data_dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .context("--data-dir cần tên thư mục (needs a folder name)")?;
    let parent = match data_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    // Unpack and check beside the target first: the live folder is touched only once the
    // backup is known to be whole.
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.restore-"))
        .tempdir_in(&parent)
        .context("tạo thư mục tạm (creating a temporary folder)")?;
    unpack(from, staging.path())?;
    runtime()?.block_on(async {
        let store = khien_store::Store::connect(&khien_store::sqlite_url(staging.path()))
            .await
            .context("bản sao lưu không mở được (the backup's database does not open)")?;
        store.user_count().await?;
        store.close().await;
        Ok::<_, anyhow::Error>(())
    })?;
    let mut aside = None;
    if data_dir.exists() {
        let lock = khien_server::lock_data_dir(data_dir).map_err(|e| {
            anyhow::anyhow!(
                "{e}; hãy dừng khien serve trước khi khôi phục (stop khien serve before restoring)"
            )
        })?;
        let busy = std::fs::read_dir(data_dir)?
            .filter_map(Result::ok)
            .any(|e| e.file_name() != khien_server::LOCK_FILE);
        drop(lock);
        if busy {
            if !force {
                bail!(
                    "{} không trống; thêm --force để thay (bản cũ được giữ lại bên cạnh) (the data folder is not empty; add --force to replace it, the old one is kept aside)",
                    data_dir.display()
                );
            }
            let old = parent.join(format!("{name}.old-{}", khien_store::now()));
            std::fs::rename(data_dir, &old)
                .with_context(|| format!("đổi tên (renaming) {}", data_dir.display()))?;
            aside = Some(old);
        } else {
            std::fs::remove_dir_all(data_dir)?;
        }
    }
    let staged = staging.keep();
    std::fs::rename(&staged, data_dir)
        .with_context(|| format!("đặt (placing) {}", data_dir.display()))?;
    set_private(data_dir);
    eprintln!("khien: đã khôi phục {} từ {} (restored)", data_dir.display(), from.display());
    if let Some(old) = aside {
        eprintln!("khien: thư mục cũ giữ tại (the old folder is kept at) {}", old.display());
    }
    Ok(0)
}

/// Unpacks a backup into `dir`: exactly the manifest, the database and the key, as plain
/// files with plain names (nothing else is written, so no member can reach outside).
fn unpack(from: &Path, dir: &Path) -> anyhow::Result<()> {
    let file =
        std::fs::File::open(from).with_context(|| format!("mở (opening) {}", from.display()))?;
    let mut tar = tar::Archive::new(file);
    let mut seen = Vec::new();
    for entry in tar.entries().context("đọc bản sao lưu (reading the backup)")? {
        let mut entry = entry?;
        let path = entry.path()?.to_string_lossy().to_string();
        if !entry.header().entry_type().is_file() || ![MANIFEST, DB, KEY].contains(&path.as_str()) {
            bail!("bản sao lưu có mục lạ (unexpected member in the backup): {path}");
        }
        if path == MANIFEST {
            let mut text = String::new();
            entry.by_ref().take(4096).read_to_string(&mut text)?;
            if !text.starts_with("khien backup v1\n") {
                bail!("không phải bản sao lưu Khiên (not a Khiên backup)");
            }
        } else {
            let target = dir.join(&path);
            let mut out = std::fs::File::create(&target)?;
            std::io::copy(&mut entry, &mut out)?;
            out.sync_all()?;
            set_private(&target);
        }
        seen.push(path);
    }
    for need in [MANIFEST, DB, KEY] {
        if !seen.iter().any(|s| s == need) {
            bail!("bản sao lưu thiếu {need} (the backup lacks {need})");
        }
    }
    if std::fs::metadata(dir.join(KEY))?.len() != 32 {
        bail!("server.key trong bản sao lưu hỏng (the backup's server key is damaged)");
    }
    Ok(())
}
