//! `khien lists`: import public blocklists (ChongLuaDao JSON, hosts files, plain lines) into the
//! user's list directory, and show what is stored there. `khien check` loads them at start-up.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};
use khien_judge::{ItemKind, Lists};

/// File, inside the lists directory, holding imported entries in Khiên's line format.
pub const STORE_FILE: &str = "imported.tsv";

/// `khien lists …`
#[derive(Debug, Args)]
pub struct ListsArgs {
    /// What to do.
    #[command(subcommand)]
    pub cmd: ListsCmd,
    /// Directory of imported lists (default: $XDG_DATA_HOME/khien/lists or ~/.local/share/khien/lists).
    #[arg(long, global = true, value_name = "DIR")]
    pub lists_dir: Option<PathBuf>,
}

/// Subcommands of `khien lists`.
#[derive(Debug, Subcommand)]
pub enum ListsCmd {
    /// Import a blocklist or allowlist file ("-" for stdin).
    Import(ImportArgs),
    /// Show how many entries are stored.
    Show,
}

/// Input formats.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ListFormat {
    /// Guess: a JSON array is ChongLuaDao, anything else is hosts/lines.
    Auto,
    /// ChongLuaDao API JSON: `[{"url": "*.domain"}, {"url": "host/*"}, …]`.
    Chongluadao,
    /// Hosts file (`0.0.0.0 host`) or one host/URL per line.
    Hosts,
    /// One item per line (phones or accounts with `--kind`).
    Lines,
}

/// Item kinds.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Kind {
    /// Links and domains.
    Url,
    /// Phone numbers.
    Phone,
    /// Bank accounts.
    Account,
}

/// `khien lists import`
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// File to import, or "-" for stdin.
    pub file: PathBuf,
    /// Input format.
    #[arg(long, value_enum, default_value_t = ListFormat::Auto)]
    pub format: ListFormat,
    /// What the list holds.
    #[arg(long, value_enum, default_value_t = Kind::Url)]
    pub kind: Kind,
    /// Import as an allowlist instead of a blocklist.
    #[arg(long)]
    pub allow: bool,
    /// Source name recorded with each entry (default: the file name).
    #[arg(long)]
    pub name: Option<String>,
}

/// The default lists directory.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|x| !x.is_empty()) {
        return Some(PathBuf::from(x).join("khien").join("lists"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/khien/lists"))
}

/// Resolves the lists directory from the flag or the default.
pub fn resolve_dir(flag: Option<&Path>) -> Option<PathBuf> {
    flag.map(Path::to_path_buf).or_else(default_dir)
}

/// Loads every stored list in `dir` (missing directory = no lists).
pub fn load(dir: &Path) -> anyhow::Result<Lists> {
    let mut lists = Lists::new();
    let path = dir.join(STORE_FILE);
    match fs::read_to_string(&path) {
        Ok(s) => {
            lists.import_native(&s);
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    }
    Ok(lists)
}

fn read_input(p: &Path) -> anyhow::Result<String> {
    if p.as_os_str() == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).context("reading stdin")?;
        return Ok(s);
    }
    let bytes = fs::read(p).with_context(|| format!("reading {}", p.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Runs `khien lists …`; returns the exit code.
pub fn run_lists(args: &ListsArgs) -> anyhow::Result<i32> {
    let Some(dir) = resolve_dir(args.lists_dir.as_deref()) else {
        bail!("no lists directory: pass --lists-dir or set HOME");
    };
    match &args.cmd {
        ListsCmd::Show => {
            let l = load(&dir)?;
            println!("{}: {} mục / entries", dir.join(STORE_FILE).display(), l.len());
            Ok(0)
        }
        ListsCmd::Import(a) => {
            let text = read_input(&a.file)?;
            let source = a.name.clone().unwrap_or_else(|| {
                a.file
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "stdin".into())
            });
            let mut new = Lists::new();
            let format = match a.format {
                ListFormat::Auto if text.trim_start().starts_with('[') => ListFormat::Chongluadao,
                ListFormat::Auto if a.kind != Kind::Url => ListFormat::Lines,
                ListFormat::Auto => ListFormat::Hosts,
                f => f,
            };
            let n = match (format, a.kind) {
                (ListFormat::Chongluadao, Kind::Url) => {
                    new.import_chongluadao_json(&text, a.allow, &source)?
                }
                (ListFormat::Chongluadao, _) => bail!("the ChongLuaDao format holds links only"),
                (ListFormat::Hosts, Kind::Url) => new.import_hosts(&text, a.allow, &source),
                (_, k) => new.import_items(
                    &text,
                    match k {
                        Kind::Url => ItemKind::Url,
                        Kind::Phone => ItemKind::Phone,
                        Kind::Account => ItemKind::Account,
                    },
                    a.allow,
                    &source,
                ),
            };
            let mut all = load(&dir)?;
            all.extend(new);
            fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            let path = dir.join(STORE_FILE);
            let tmp = dir.join(format!("{STORE_FILE}.tmp"));
            let native = all.to_native();
            let total = native.lines().filter(|l| !l.starts_with('#')).count();
            fs::write(&tmp, &native).with_context(|| format!("writing {}", tmp.display()))?;
            fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))?;
            println!(
                "Đã nhập {n} mục từ {source} / imported {n} entries; tổng / total {total} in {}",
                path.display()
            );
            Ok(0)
        }
    }
}
