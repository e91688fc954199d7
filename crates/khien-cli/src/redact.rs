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
    /// Folder for the de-identified copies (created if missing).
    #[arg(long, short = 'o')]
    pub out: PathBuf,
    /// Policy file (TOML) choosing the operator per kind; built-in defaults otherwise.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// File holding the secret key for hash, token and keyed pseudonyms (or set KHIEN_KEY).
    #[arg(long)]
    pub key_file: Option<PathBuf>,
    /// Allow the output folder to be an input folder (outputs get a `.deid` name).
    #[arg(long)]
    pub allow_in_place_dir: bool,
    /// Where to write the JSON report (default: OUT/khien-deid-report.json).
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
    /// Folder for the restored copies.
    #[arg(long, short = 'o')]
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
}

/// Reads the key from `--key-file` or `KHIEN_KEY`; never from the command line.
pub fn load_key(key_file: Option<&Path>) -> anyhow::Result<Option<Keys>> {
    if let Some(p) = key_file {
        let b = std::fs::read(p).with_context(|| format!("reading key file {}", p.display()))?;
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

fn walk(dir: &Path, base: &Path, out: &mut Vec<Job>, skip: &Path) -> anyhow::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading folder {}", dir.display()))?
        .collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        let ft = e.file_type()?;
        if ft.is_symlink() {
            continue;
        }
        if ft.is_dir() {
            if canon(&p) == skip {
                continue; // Never walk into the output folder.
            }
            walk(&p, base, out, skip)?;
        } else if ft.is_file() {
            let rel = p.strip_prefix(base).unwrap_or(&p).to_path_buf();
            out.push(Job { path: p, rel });
        }
    }
    Ok(())
}

fn canon(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn jobs(inputs: &[PathBuf], out_dir: &Path, allow_in_place: bool) -> anyhow::Result<Vec<Job>> {
    let mut jobs = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).with_context(|| format!("{}", input.display()))?;
        let (folder, base) = if meta.is_dir() {
            (canon(input), input.clone())
        } else {
            let parent =
                input.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            (canon(parent), parent.to_path_buf())
        };
        if !allow_in_place && (out_dir == folder || (out_dir.starts_with(&folder) && meta.is_dir()))
        {
            bail!(
                "the output folder {} is (inside) the input folder {}; choose another --out or pass --allow-in-place-dir",
                out_dir.display(),
                folder.display()
            );
        }
        if meta.is_dir() {
            let name = input.file_name().map(PathBuf::from).unwrap_or_default();
            let mut sub = Vec::new();
            walk(input, &base, &mut sub, out_dir)?;
            for j in sub {
                let rel = if inputs.len() > 1 { name.join(&j.rel) } else { j.rel };
                jobs.push(Job { path: j.path, rel });
            }
        } else {
            let rel = PathBuf::from(input.file_name().unwrap_or_default());
            jobs.push(Job { path: input.clone(), rel });
        }
    }
    Ok(jobs)
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

/// Writes `data` to `path` atomically: a temporary file in the same folder, synced, renamed.
pub fn write_atomic(path: &Path, data: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    for n in 0..1000u32 {
        let tmp = dir.join(format!(".{name}.khien-tmp-{}-{n}", std::process::id()));
        let mut f = match std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e).with_context(|| format!("creating {}", tmp.display())),
        };
        let r = f.write_all(data).and_then(|()| f.sync_all());
        drop(f);
        if let Err(e) = r.and_then(|()| std::fs::rename(&tmp, path)) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e).with_context(|| format!("writing {}", path.display()));
        }
        return Ok(());
    }
    bail!("cannot create a temporary file next to {}", path.display())
}

/// Runs `khien redact`. Exit code 0: every file de-identified with no residual finding;
/// 1: residual findings or refused files; errors are returned.
pub fn run(args: &RedactArgs) -> anyhow::Result<u8> {
    let policy = match &args.policy {
        Some(p) => Policy::from_toml(
            &std::fs::read_to_string(p)
                .with_context(|| format!("reading policy {}", p.display()))?,
        )?,
        None => Policy::default(),
    };
    let keys = load_key(args.key_file.as_deref())?;
    let mut session = Session::new(policy, keys)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let out_dir = canon(&args.out);
    let jobs = jobs(&args.inputs, &out_dir, args.allow_in_place_dir)?;
    let engine = engine();
    let limits = Limits { max_file_size: args.max_file_size_mb << 20, ..Limits::default() };
    let input_paths: Vec<PathBuf> = jobs.iter().map(|j| j.path.clone()).collect();
    let mut report = DeidReport::default();
    let mut used = std::collections::HashSet::new();
    for job in &jobs {
        let shown = job.path.display().to_string();
        let size = std::fs::metadata(&job.path).map(|m| m.len()).unwrap_or(0);
        if size > limits.max_file_size {
            report.push(FileReport::failed(
                &shown,
                "refused",
                format!("{size} bytes, over the limit of {} bytes", limits.max_file_size),
            ));
            continue;
        }
        let bytes = match std::fs::read(&job.path) {
            Ok(b) => b,
            Err(e) => {
                report.push(FileReport::failed(&shown, "error", e.to_string()));
                continue;
            }
        };
        let name = job.rel.to_string_lossy().into_owned();
        match khien_redact::redact(&name, &bytes, &engine, &mut session, &limits) {
            Ok(r) => {
                let t = unique(target(&out_dir, &job.rel, &input_paths, "deid"), &mut used);
                write_atomic(&t, &r.bytes)?;
                let mut fr = r.report;
                fr.input = shown;
                fr.output = Some(t.display().to_string());
                report.push(fr);
            }
            Err(RedactError::Unsupported { reason, .. })
                if khien_extract::detect_format(&name, &bytes) == khien_extract::Format::Pdf =>
            {
                // PDF: refuse in place, write a de-identified text export next to it.
                let mut fr = match khien_redact::text_export(
                    &name,
                    &bytes,
                    &engine,
                    &mut session,
                    &limits,
                ) {
                    Ok(x) => {
                        let mut rel = job.rel.clone().into_os_string();
                        rel.push(".deid.txt");
                        let t = unique(
                            target(&out_dir, Path::new(&rel), &input_paths, "deid"),
                            &mut used,
                        );
                        write_atomic(&t, &x.bytes)?;
                        let mut fr = x.report;
                        fr.output = Some(t.display().to_string());
                        fr
                    }
                    Err(e) => FileReport::failed(&shown, "error", e.to_string()),
                };
                fr.input = shown;
                fr.status = "refused".into();
                fr.error = Some(reason);
                report.push(fr);
            }
            Err(e) => {
                let status =
                    if matches!(e, RedactError::Unsupported { .. }) { "refused" } else { "error" };
                report.push(FileReport::failed(&shown, status, e.to_string()));
            }
        }
    }
    let report_path = args.report.clone().unwrap_or_else(|| out_dir.join("khien-deid-report.json"));
    write_atomic(&report_path, &serde_json::to_vec_pretty(&report)?)?;
    match args.format {
        ReportFormat::Human => {
            print!("{}", report.human());
            println!("Báo cáo JSON (JSON report): {}", report_path.display());
        }
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
    }
    Ok(if report.residual == 0 && report.failed == 0 { 0 } else { 1 })
}

/// Runs `khien restore`.
pub fn run_restore(args: &RestoreArgs) -> anyhow::Result<u8> {
    let Some(keys) = load_key(args.key_file.as_deref())? else {
        bail!("restore needs the key: --key-file PATH or KHIEN_KEY");
    };
    if let Some(v) = &args.value {
        let kind_code = args.kind.as_deref().unwrap_or("");
        let kind =
            Kind::from_code(kind_code).with_context(|| format!("unknown kind {kind_code:?}"))?;
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
    let Some(out) = &args.out else { bail!("restore needs --out DIR (or --value)") };
    if args.inputs.is_empty() {
        bail!("nothing to restore: give files or folders");
    }
    std::fs::create_dir_all(out)?;
    let out_dir = canon(out);
    let jobs = jobs(&args.inputs, &out_dir, args.allow_in_place_dir)?;
    let input_paths: Vec<PathBuf> = jobs.iter().map(|j| j.path.clone()).collect();
    let limits = Limits::default();
    let mut failed = 0;
    for job in &jobs {
        let bytes = std::fs::read(&job.path).with_context(|| format!("{}", job.path.display()))?;
        let name = job.rel.to_string_lossy().into_owned();
        match khien_redact::restore(&name, &bytes, &keys, &limits) {
            Ok((data, n)) => {
                let t = target(&out_dir, &job.rel, &input_paths, "restored");
                write_atomic(&t, &data)?;
                println!("{} → {}: {n} token(s) restored", job.path.display(), t.display());
            }
            Err(e) => {
                failed += 1;
                eprintln!("khien: {}: {e}", job.path.display());
            }
        }
    }
    Ok(u8::from(failed > 0))
}
