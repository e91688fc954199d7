//! Embeds the awareness content (`content/awareness/` at the workspace root): every lesson
//! and question file becomes an `include_str!` entry, so the binary carries the content and
//! cargo rebuilds when a file changes, appears or goes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let root = manifest.join("../../content/awareness");
    let mut entries = Vec::new();
    for (sub, ext) in [("lessons", "md"), ("questions", "toml")] {
        let dir = root.join(sub);
        // A new or removed file changes the folder's listing; a changed file is tracked by
        // its include_str!.
        println!("cargo:rerun-if-changed={}", dir.display());
        let Ok(read) = std::fs::read_dir(&dir) else { continue };
        for entry in read.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) == Some(ext) && path.is_file() {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                entries.push((format!("{sub}/{name}"), path.clone()));
            }
        }
    }
    entries.sort();
    let mut out = String::from(
        "/// The embedded content files: (path under `content/awareness/`, text).\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for (rel, path) in &entries {
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        let _ = writeln!(out, "    ({rel:?}, include_str!({:?})),", abs.display().to_string());
    }
    out.push_str("];\n");
    // The simulation templates and the scanner list (`content/simulation/`).
    let sim = manifest.join("../../content/simulation");
    let mut sim_entries = Vec::new();
    for dir in [sim.join("templates"), sim.clone()] {
        println!("cargo:rerun-if-changed={}", dir.display());
        let Ok(read) = std::fs::read_dir(&dir) else { continue };
        for entry in read.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) == Some("toml") && path.is_file() {
                let rel = path.strip_prefix(&sim).unwrap_or(&path).display().to_string();
                sim_entries.push((rel, path.clone()));
            }
        }
    }
    sim_entries.sort();
    out.push_str("/// The embedded simulation files: (path under `content/simulation/`, text).\npub static SIM_FILES: &[(&str, &str)] = &[\n");
    for (rel, path) in &sim_entries {
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        let _ = writeln!(out, "    ({rel:?}, include_str!({:?})),", abs.display().to_string());
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets it")).join("embedded.rs");
    std::fs::write(dest, out).expect("write embedded.rs");
}
