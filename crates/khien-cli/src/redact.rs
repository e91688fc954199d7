//! `khien redact` and `khien restore`: de-identified copies of documents, in the same format,
//! written atomically into an output folder; never over an input.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use khien_detect::{Config, Engine, Kind};
use khien_extract::Limits;
use khien_redact::{DeidReport, FileReport, Keys, Policy, RedactError, Session};

/// Report format on standard output.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    /// Readable report.
    Human,
    /// The JSON de-identification report.
    Json,
}

/// Arguments of `khien redact`.
#[derive(Debug, Args)]
pub struct RedactArgs {
    /// Files or folders to de-identify.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Folder for the de-identified copies (created if missing). It may not contain an input
    /// folder, nor lie inside one unless --allow-in-place-dir.
    #[arg(long, short = 'o')]
    pub out: PathBuf,
    /// Policy file (TOML) choosing the operator per kind; built-in defaults otherwise.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// File holding the secret key for hash, token and keyed pseudonyms (or set KHIEN_KEY).
    #[arg(long)]
    pub key_file: Option<PathBuf>,
    /// Allow the output folder to be (inside) an input folder (outputs get a `.deid` name).
    #[arg(long)]
    pub allow_in_place_dir: bool,
    /// Replace output files (and the report) that already exist, atomically. Without it an
    /// existing file is never overwritten.
    #[arg(long)]
    pub force: bool,
    /// Where to write the JSON report (default: OUT/khien-deid-report.json). Never an input,
    /// a path inside an input folder, or an output of the run.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Report format on standard output.
    #[arg(long, value_enum, default_value = "human")]
    pub format: ReportFormat,
    /// Largest file accepted, in MiB.
    #[arg(long, default_value_t = 512)]
    pub max_file_size_mb: u64,
}

/// Arguments of `khien restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// De-identified files or folders whose `[TK:…]` tokens are to be reversed.
    pub inputs: Vec<PathBuf>,
    /// Folder for the restored copies (required unless --value).
    #[arg(long, short = 'o', required_unless_present = "value")]
    pub out: Option<PathBuf>,
    /// File holding the secret key (or set KHIEN_KEY).
    #[arg(long)]
    pub key_file: Option<PathBuf>,
    /// Reverse one format-preserving token instead of files (read from standard input when
    /// `-`, so it stays out of the shell history).
    #[arg(long, requires = "kind")]
    pub value: Option<String>,
    /// The kind of the `--value` token, e.g. `national_id`.
    #[arg(long)]
    pub kind: Option<String>,
    /// Allow the output folder to be an input folder.
    #[arg(long)]
    pub allow_in_place_dir: bool,
    /// Replace restored files that already exist, atomically.
    #[arg(long)]
    pub force: bool,
}

/// Reads the key from `--key-file` or `KHIEN_KEY`; never from the command line.
pub fn load_key(key_file: Option<&Path>) -> anyhow::Result<Option<Keys>> {
    if let Some(p) = key_file {
        let b = std::fs::read(p)
            .with_context(|| format!("đọc tệp khoá (reading key file) {}", p.display()))?;
        return Ok(Some(Keys::from_bytes(&b)?));
    }
    match std::env::var_os("KHIEN_KEY") {
        Some(v) => Ok(Some(Keys::from_bytes(v.to_string_lossy().as_bytes())?)),
        None => Ok(None),
    }
}

/// The engine used for redaction and for the re-scan of outputs. It must be the same engine
/// `khien scan` uses (with every detector), or the re-scan would miss what scan finds.
fn engine() -> Engine {
    Engine::new(Config::default())
}

/// An input file and where its copy goes (relative to the output folder).
struct Job {
    path: PathBuf,
    rel: PathBuf,
}

/// The inputs of a run: files to process, and inputs that cannot be (reported, not fatal).
#[derive(Default)]
struct Inputs {
    jobs: Vec<Job>,
    /// (path, why) for paths that are not regular files or could not be walked.
    unusable: Vec<(String, String)>,
    /// Canonical input folders (an output may not overlap them).
    folders: Vec<PathBuf>,
}

/// `p` made absolute and canonical as far as it exists (the rest appended), so a path that
/// does not exist yet can still be compared with inputs.
fn canon(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while let Some(parent) = existing.parent() {
        if let Some(name) = existing.file_name() {
            rest.push(name.to_os_string());
        }
        existing = parent;
        if let Ok(c) = std::fs::canonicalize(existing) {
            let mut out = c;
            for r in rest.iter().rev() {
                out.push(r);
            }
            return out;
        }
    }
    abs
}

/// What a path that is not a regular file or folder is, in words.
fn special_kind(ft: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        "ống dẫn (FIFO / pipe)"
    } else if ft.is_char_device() || ft.is_block_device() {
        "thiết bị (device)"
    } else if ft.is_socket() {
        "socket"
    } else {
        "không phải tệp thường (not a regular file)"
    }
}

/// Resolves the inputs, refusing any output folder that overlaps an input tree.
fn inputs(inputs: &[PathBuf], out_dir: &Path, allow_in_place: bool) -> anyhow::Result<Inputs> {
    let mut found = Inputs::default();
    for input in inputs {
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                found.unusable.push((
                    input.display().to_string(),
                    format!("không đọc được (cannot read): {e}"),
                ));
                continue;
            }
        };
        if meta.is_dir() {
            let folder = canon(input);
            if out_dir != folder && folder.starts_with(out_dir) {
                bail!(
                    "thư mục đầu ra {} chứa thư mục đầu vào {}; hãy chọn --out khác (the output folder contains the input folder; choose another --out)",
                    out_dir.display(),
                    folder.display()
                );
            }
            if !allow_in_place && out_dir.starts_with(&folder) {
                bail!(
                    "thư mục đầu ra {} nằm trong thư mục đầu vào {}; hãy chọn --out khác hoặc thêm --allow-in-place-dir (the output folder is (inside) the input folder; choose another --out or pass --allow-in-place-dir)",
                    out_dir.display(),
                    folder.display()
                );
            }
            let name = input.file_name().map(PathBuf::from).unwrap_or_default();
            walk(input, out_dir, &mut found, (inputs.len() > 1).then_some(name.as_path()));
            found.folders.push(folder);
        } else if meta.is_file() {
            let parent =
                input.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            if !allow_in_place && out_dir == canon(parent) {
                bail!(
                    "thư mục đầu ra {} là thư mục chứa tệp đầu vào; hãy chọn --out khác hoặc thêm --allow-in-place-dir (the output folder is the input's folder; choose another --out or pass --allow-in-place-dir)",
                    out_dir.display()
                );
            }
            let rel = PathBuf::from(input.file_name().unwrap_or_default());
            found.jobs.push(Job { path: input.clone(), rel });
        } else {
            found.unusable.push((
                input.display().to_string(),
                format!(
                    "{}: chỉ đọc tệp thường (only regular files are read)",
                    special_kind(&meta.file_type())
                ),
            ));
        }
    }
    Ok(found)
}

/// Walks a folder with the walker `khien scan` uses (every file, hidden ones too; no ignore
/// files: a de-identified copy of a folder is the whole folder). Unreadable entries are
/// reported and the walk goes on.
fn walk(dir: &Path, out_dir: &Path, found: &mut Inputs, prefix: Option<&Path>) {
    let out = out_dir.to_path_buf();
    let walker = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            // Never walk into the output folder.
            !(e.file_type().is_some_and(|t| t.is_dir()) && canon(e.path()) == out)
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                found.unusable.push((
                    walk_error_path(&e).unwrap_or_else(|| dir.display().to_string()),
                    format!("không đọc được (cannot read): {e}"),
                ));
                continue;
            }
        };
        let Some(ft) = entry.file_type() else { continue };
        if ft.is_dir() || ft.is_symlink() {
            continue;
        }
        let p = entry.path().to_path_buf();
        if !ft.is_file() {
            found.unusable.push((
                p.display().to_string(),
                format!("{}: bỏ qua (skipped)", special_kind(&ft)),
            ));
            continue;
        }
        let rel = p.strip_prefix(dir).unwrap_or(&p).to_path_buf();
        let rel = match prefix {
            Some(name) => name.join(rel),
            None => rel,
        };
        found.jobs.push(Job { path: p, rel });
    }
}

fn walk_error_path(e: &ignore::Error) -> Option<String> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.display().to_string()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        _ => None,
    }
}

/// The output path for `rel`, never equal to an input.
fn target(out_dir: &Path, rel: &Path, inputs: &[PathBuf], suffix: &str) -> PathBuf {
    let t = out_dir.join(rel);
    if inputs.iter().any(|i| canon(i) == canon(&t)) {
        let stem = t.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let ext = t.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
        return t.with_file_name(format!("{stem}.{suffix}{ext}"));
    }
    t
}

/// `path`, or `name (2).ext`… if an earlier input of this run already wrote there.
fn unique(path: PathBuf, used: &mut std::collections::HashSet<PathBuf>) -> PathBuf {
    if used.insert(path.clone()) {
        return path;
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    for n in 2.. {
        let p = path.with_file_name(format!("{stem} ({n}){ext}"));
        if used.insert(p.clone()) {
            return p;
        }
    }
    unreachable!("the loop returns")
}

/// Writes `data` to `path` atomically: a temporary file in the same folder, synced, then
/// renamed over `path` (`replace`) or linked only if `path` does not exist yet.
pub fn write_atomic(path: &Path, data: &[u8], replace: bool) -> anyhow::Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .with_context(|| format!("tạo thư mục (creating) {}", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".khien-tmp-")
        .tempfile_in(dir)
        .with_context(|| format!("tạo tệp tạm (creating a temporary file) in {}", dir.display()))?;
    tmp.write_all(data)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("ghi (writing) {}", path.display()))?;
    let persisted = if replace { tmp.persist(path) } else { tmp.persist_noclobber(path) };
    persisted.map_err(|e| e.error).with_context(|| {
        if replace {
            format!("ghi (writing) {}", path.display())
        } else {
            format!(
                "{} đã tồn tại; thêm --force để thay (already exists; pass --force to replace it)",
                path.display()
            )
        }
    })?;
    Ok(())
}

/// Refuses a report path that would clobber an input or an output of the run.
fn check_report_path(
    report: &Path,
    jobs: &[Job],
    folders: &[PathBuf],
    targets: &[PathBuf],
) -> anyhow::Result<()> {
    let r = canon(report);
    if r.is_dir() {
        bail!("--report {} là một thư mục (is a folder); give a file path", report.display());
    }
    if jobs.iter().any(|j| canon(&j.path) == r) {
        bail!(
            "--report {} là một tệp đầu vào (is an input file); choose another path",
            report.display()
        );
    }
    if let Some(f) = folders.iter().find(|f| r.starts_with(f)) {
        bail!(
            "--report {} nằm trong thư mục đầu vào {} (is inside an input folder); choose another path",
            report.display(),
            f.display()
        );
    }
    if targets.iter().any(|t| canon(t) == r) {
        bail!(
            "--report {} trùng một tệp đầu ra (is an output file of this run); choose another path",
            report.display()
        );
    }
    Ok(())
}

/// The size of `path` if it is within `limit`, read whole; never follows a special file.
fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>, (String, &'static str)> {
    use std::io::Read;
    let f = std::fs::File::open(path)
        .map_err(|e| (format!("không mở được (cannot open): {e}"), "error"))?;
    let meta = f.metadata().map_err(|e| (format!("không đọc được (cannot read): {e}"), "error"))?;
    if !meta.is_file() {
        return Err((
            format!(
                "{}: chỉ đọc tệp thường (only regular files are read)",
                special_kind(&meta.file_type())
            ),
            "refused",
        ));
    }
    if meta.len() > limit {
        return Err((
            format!(
                "{} byte, vượt giới hạn {limit} byte ({} bytes, over the limit of {limit} bytes)",
                meta.len(),
                meta.len()
            ),
            "refused",
        ));
    }
    let mut data = Vec::with_capacity(meta.len() as usize);
    f.take(limit + 1)
        .read_to_end(&mut data)
        .map_err(|e| (format!("không đọc được (cannot read): {e}"), "error"))?;
    if data.len() as u64 > limit {
        return Err((
            format!("tệp lớn lên khi đang đọc, vượt {limit} byte (grew past the limit while read)"),
            "refused",
        ));
    }
    Ok(data)
}

/// Runs `khien redact`. Exit code 0: every file de-identified with no residual finding;
/// 1: residual findings, refused or unreadable files; errors that stop the run are returned.
pub fn run(args: &RedactArgs) -> anyhow::Result<u8> {
    let policy = match &args.policy {
        Some(p) => Policy::from_toml(
            &std::fs::read_to_string(p)
                .with_context(|| format!("đọc chính sách (reading policy) {}", p.display()))?,
        )?,
        None => Policy::default(),
    };
    let keys = load_key(args.key_file.as_deref())?;
    let key_check = keys.as_ref().map(Keys::check_value);
    let mut session = Session::new(policy, keys)?;
    let out_dir = canon(&args.out);
    let found = inputs(&args.inputs, &out_dir, args.allow_in_place_dir)?;
    let input_paths: Vec<PathBuf> = found.jobs.iter().map(|j| j.path.clone()).collect();
    let mut used = std::collections::HashSet::new();
    let planned: Vec<PathBuf> = found
        .jobs
        .iter()
        .map(|j| unique(target(&out_dir, &j.rel, &input_paths, "deid"), &mut used))
        .collect();
    let report_path = args.report.clone().unwrap_or_else(|| out_dir.join("khien-deid-report.json"));
    check_report_path(&report_path, &found.jobs, &found.folders, &planned)?;
    if !args.force && report_path.exists() {
        bail!(
            "{} đã tồn tại; thêm --force để thay hoặc chọn --report/--out khác (already exists; pass --force to replace it, or choose another --report/--out)",
            report_path.display()
        );
    }
    std::fs::create_dir_all(&out_dir)
        .with_context(|| format!("tạo thư mục (creating) {}", out_dir.display()))?;
    let engine = engine();
    let limits = Limits { max_file_size: args.max_file_size_mb << 20, ..Limits::default() };
    let mut report = DeidReport { key_check, ..DeidReport::default() };
    // Images and PDFs are redacted in their pixels when Tesseract and poppler are installed;
    // without them an image is refused and a PDF gets a de-identified text export.
    let pictures =
        khien_ocr::Pictures::shared().ok().map(|p| p as &dyn khien_redact::PictureReader);
    for (path, why) in &found.unusable {
        report.push(FileReport::failed(path, "refused", why.clone()));
    }
    let mut used = planned.iter().cloned().collect::<std::collections::HashSet<_>>();
    for (job, t) in found.jobs.iter().zip(&planned) {
        let shown = job.path.display().to_string();
        let bytes = match read_input(&job.path, limits.max_file_size) {
            Ok(b) => b,
            Err((why, status)) => {
                report.push(FileReport::failed(&shown, status, why));
                continue;
            }
        };
        let name = job.rel.to_string_lossy().into_owned();
        let written = match khien_redact::redact_with(
            &name,
            &bytes,
            &engine,
            &mut session,
            &limits,
            pictures,
        ) {
            Ok(r) => write_atomic(t, &r.bytes, args.force).map(|()| {
                let mut fr = r.report;
                fr.output = Some(t.display().to_string());
                fr
            }),
            Err(RedactError::Unsupported { reason, .. })
                if khien_extract::detect_format(&name, &bytes) == khien_extract::Format::Pdf =>
            {
                // PDF: refuse in place, write a de-identified text export next to it.
                let mut rel = job.rel.clone().into_os_string();
                rel.push(".deid.txt");
                let t = unique(target(&out_dir, Path::new(&rel), &input_paths, "deid"), &mut used);
                let fr = match khien_redact::text_export(
                    &name,
                    &bytes,
                    &engine,
                    &mut session,
                    &limits,
                ) {
                    Ok(x) => write_atomic(&t, &x.bytes, args.force).map(|()| {
                        let mut fr = x.report;
                        fr.output = Some(t.display().to_string());
                        fr
                    }),
                    Err(e) => Ok(FileReport::failed(&shown, "error", e.to_string())),
                };
                fr.map(|mut fr| {
                    fr.status = "refused".into();
                    fr.error = Some(reason);
                    fr
                })
            }
            Err(e) => {
                let status =
                    if matches!(e, RedactError::Unsupported { .. } | RedactError::Limit { .. }) {
                        "refused"
                    } else {
                        "error"
                    };
                Ok(FileReport::failed(&shown, status, e.to_string()))
            }
        };
        let mut fr =
            written.unwrap_or_else(|e| FileReport::failed(&shown, "error", format!("{e:#}")));
        fr.input = shown;
        report.push(fr);
    }
    write_atomic(&report_path, &serde_json::to_vec_pretty(&report)?, args.force)?;
    match args.format {
        ReportFormat::Human => {
            print!("{}", report.human());
            println!("Báo cáo JSON (JSON report): {}", report_path.display());
        }
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
    }
    Ok(if report.residual == 0 && report.failed == 0 { 0 } else { 1 })
}

/// The de-identification report of the run whose outputs are `input`, if it lies beside them
/// (in the folder, or the folder of the file).
fn beside_report(input: &Path) -> Option<serde_json::Value> {
    let dir = if input.is_dir() { input } else { input.parent()? };
    let text = std::fs::read_to_string(dir.join("khien-deid-report.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// Format-preserving tokens a report records (they cannot be found in a file again).
fn format_preserving_tokens(report: &serde_json::Value) -> usize {
    report["files"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| f["replacements"].as_array().into_iter().flatten())
        .filter(|r| r["operator"] == "token_fpe")
        .count()
}

/// Runs `khien restore`. Exit code 0: every file restored; 1: some file failed; a wrong key
/// stops the run with an error (exit 2) before anything is written.
pub fn run_restore(args: &RestoreArgs) -> anyhow::Result<u8> {
    let Some(keys) = load_key(args.key_file.as_deref())? else {
        bail!("restore cần khoá (needs the key): --key-file PATH or KHIEN_KEY");
    };
    if let Some(v) = &args.value {
        let kind_code = args.kind.as_deref().unwrap_or("");
        let kind = Kind::from_code(kind_code)
            .with_context(|| format!("không có loại (unknown kind) {kind_code:?}"))?;
        let v = if v == "-" {
            let mut s = String::new();
            std::io::stdin().read_line(&mut s)?;
            s.trim().to_string()
        } else {
            v.clone()
        };
        println!("{}", khien_redact::unformat_token(&keys, kind, &v)?);
        return Ok(0);
    }
    let Some(out) = &args.out else {
        bail!("restore cần --out DIR (needs --out DIR, or --value)")
    };
    if args.inputs.is_empty() {
        bail!("không có gì để khôi phục (nothing to restore): give files or folders");
    }
    let check = keys.check_value();
    let mut fpe = 0;
    for input in &args.inputs {
        let Some(report) = beside_report(input) else { continue };
        fpe += format_preserving_tokens(&report);
        if let Some(recorded) = report["key_check"].as_str() {
            if recorded != check {
                bail!(
                    "khoá không đúng: không phải khoá đã dùng khi khử nhận dạng {} (wrong key: not the key the de-identification report records)",
                    input.display()
                );
            }
        }
    }
    let out_dir = canon(out);
    let found = inputs(&args.inputs, &out_dir, args.allow_in_place_dir)?;
    let input_paths: Vec<PathBuf> = found.jobs.iter().map(|j| j.path.clone()).collect();
    let limits = Limits::default();
    let mut failed = found.unusable.len();
    for (path, why) in &found.unusable {
        eprintln!("khien: {path}: {why}");
    }
    // Restore everything in memory first: a wrong key must not leave half-restored copies.
    let mut restored = Vec::new();
    let (mut tokens, mut reversed) = (0usize, 0usize);
    for job in &found.jobs {
        if job.path.file_name().is_some_and(|n| n == "khien-deid-report.json") {
            continue;
        }
        let bytes = match read_input(&job.path, limits.max_file_size) {
            Ok(b) => b,
            Err((why, _)) => {
                failed += 1;
                eprintln!("khien: {}: {why}", job.path.display());
                continue;
            }
        };
        let name = job.rel.to_string_lossy().into_owned();
        match khien_redact::restore(&name, &bytes, &keys, &limits) {
            Ok(r) => {
                tokens += r.tokens;
                reversed += r.restored;
                restored.push((job, r));
            }
            Err(e) => {
                failed += 1;
                eprintln!("khien: {}: {e}", job.path.display());
            }
        }
    }
    if tokens > 0 && reversed == 0 {
        bail!(
            "khoá không đúng: không token nào giải mã được ({tokens} token) (wrong key: none of the {tokens} token(s) decrypts with it); nothing written"
        );
    }
    std::fs::create_dir_all(&out_dir)?;
    for (job, r) in restored {
        let t = target(&out_dir, &job.rel, &input_paths, "restored");
        if let Err(e) = write_atomic(&t, &r.bytes, args.force) {
            failed += 1;
            eprintln!("khien: {e:#}");
            continue;
        }
        println!(
            "{} → {}: {} token được khôi phục ({} token(s) restored{})",
            job.path.display(),
            t.display(),
            r.restored,
            r.restored,
            if r.restored < r.tokens {
                format!(", {} could not be decrypted", r.tokens - r.restored)
            } else {
                String::new()
            }
        );
    }
    if fpe > 0 {
        println!(
            "{fpe} token giữ định dạng không khôi phục được trong tệp (trông như chữ số thường); dùng `khien restore --value … --kind …` cho từng giá trị ({fpe} format-preserving token(s) cannot be found in files, they look like ordinary digits; reverse each with `khien restore --value … --kind …`)"
        );
    }
    Ok(u8::from(failed > 0))
}
