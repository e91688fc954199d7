//! What a scan leaves out, as DLP users expect to control it: an allow list from the
//! configuration file (values, path globs, kinds), a baseline of findings already known from an
//! earlier report, and `khien:ignore` markers on a line. Applied to each file's report before
//! it is written, so every format and the exit code see the same findings.

use std::collections::HashSet;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::report::FileReport;

/// The inline marker: a finding on a line that holds it is not reported.
pub const IGNORE_MARKER: &str = "khien:ignore";

/// Errors in a configuration or baseline file; each names the file and the line.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ControlsError {
    /// The configuration file is not valid TOML or has unknown or mistyped fields.
    #[error("{file}: cấu hình không hợp lệ (invalid configuration): {message}")]
    Config {
        /// The file.
        file: String,
        /// What is wrong and where (line and column).
        message: String,
    },
    /// A baseline line is not a JSONL finding record.
    #[error("{file}:{line}: dòng baseline không hợp lệ (invalid baseline line): {message}")]
    Baseline {
        /// The file.
        file: String,
        /// The line, from 1.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// The `[allow]` table of a configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    /// Values never reported (compared by fingerprint: spaces, dots and dashes in numbers do
    /// not matter).
    #[serde(default)]
    pub values: Vec<String>,
    /// Path globs whose findings are not reported (`**/mau/**`, `*.test.csv`).
    #[serde(default)]
    pub paths: Vec<String>,
    /// Kind codes not reported.
    #[serde(default)]
    pub kinds: Vec<String>,
}

/// A configuration file (`--config`): the allow list, and custom detectors (compiled by the
/// engine, see `khien_detect::CustomDetector`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// What is never reported.
    #[serde(default)]
    pub allow: Allow,
    /// Custom detectors.
    #[serde(default)]
    pub detectors: Vec<khien_detect::CustomDetectorSpec>,
}

impl ConfigFile {
    /// Parses a configuration file's text; errors name the file, line and column.
    pub fn parse(file: &str, text: &str) -> Result<ConfigFile, ControlsError> {
        toml::from_str(text)
            .map_err(|e| ControlsError::Config { file: file.to_string(), message: e.to_string() })
    }
}

/// A value as compared for allow lists and fingerprints: numbers without their separators.
fn canonical(value: &str) -> std::borrow::Cow<'_, str> {
    let separators = |c: char| matches!(c, ' ' | '.' | '-');
    // Most values (names, e-mails, bare digit runs) are already canonical: no allocation.
    let digits_only = value.chars().all(|c| c.is_ascii_digit() || separators(c));
    if digits_only {
        if value.bytes().all(|b| b.is_ascii_digit()) {
            return std::borrow::Cow::Borrowed(value);
        }
        return std::borrow::Cow::Owned(value.chars().filter(|c| !separators(*c)).collect());
    }
    std::borrow::Cow::Borrowed(value.trim())
}

/// A stable fingerprint of a value: 16 hex digits of SHA-256 over a fixed label and the value
/// (numbers without separators). With the path and kind it identifies a finding between runs
/// without the value; it is a pseudonym, not a secret (a short number can be found again by
/// trying every number), so reports that carry it are as confidential as the files.
pub fn fingerprint(value: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"khien/fingerprint/v1\0");
    h.update(canonical(value).as_bytes());
    // Hex by table: this runs once per finding, tens of thousands of times per MB of records.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = h.finalize();
    let mut out = String::with_capacity(16);
    for b in &digest[..8] {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// The controls of one scan.
#[derive(Debug, Default)]
pub struct Controls {
    values: HashSet<String>,
    paths: Option<GlobSet>,
    kinds: HashSet<String>,
    baseline: HashSet<(String, String, String)>,
}

impl Controls {
    /// Controls from a configuration's allow list; `custom_kinds` are the kind codes of its
    /// custom detectors, which `allow.kinds` may name too.
    pub fn from_allow(
        file: &str,
        allow: &Allow,
        custom_kinds: &[&str],
    ) -> Result<Controls, ControlsError> {
        let paths = if allow.paths.is_empty() {
            None
        } else {
            let mut b = GlobSetBuilder::new();
            for g in &allow.paths {
                let glob = Glob::new(g).map_err(|e| ControlsError::Config {
                    file: file.to_string(),
                    message: format!("allow.paths: “{g}”: {e}"),
                })?;
                b.add(glob);
            }
            Some(b.build().map_err(|e| ControlsError::Config {
                file: file.to_string(),
                message: format!("allow.paths: {e}"),
            })?)
        };
        for k in &allow.kinds {
            if khien_detect::Kind::from_code(k).is_none() && !custom_kinds.contains(&k.as_str()) {
                return Err(ControlsError::Config {
                    file: file.to_string(),
                    message: format!("allow.kinds: không có loại “{k}” (unknown kind)"),
                });
            }
        }
        Ok(Controls {
            values: allow.values.iter().map(|v| fingerprint(v)).collect(),
            paths,
            kinds: allow.kinds.iter().cloned().collect(),
            baseline: HashSet::new(),
        })
    }

    /// Adds the findings of an earlier JSONL report (`--baseline`): the same path, kind and
    /// fingerprint are not reported again. Lines that are not findings (notes) are skipped.
    pub fn add_baseline(&mut self, file: &str, jsonl: &str) -> Result<usize, ControlsError> {
        let mut n = 0;
        for (i, line) in jsonl.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let bad = |message: String| ControlsError::Baseline {
                file: file.to_string(),
                line: i + 1,
                message,
            };
            let v: serde_json::Value =
                serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
            if v.get("type").is_some() {
                continue;
            }
            let field = |k: &str| {
                v.get(k)
                    .and_then(|x| x.as_str())
                    .map(str::to_string)
                    .ok_or_else(|| bad(format!("thiếu trường “{k}” (missing field “{k}”)")))
            };
            self.baseline.insert((field("path")?, field("kind")?, field("fingerprint")?));
            n += 1;
        }
        Ok(n)
    }

    /// Drops from `report` what the controls leave out; returns how many were dropped.
    pub fn apply(&self, report: &mut FileReport) -> usize {
        let before = report.findings.len();
        if self.paths.as_ref().is_some_and(|g| g.is_match(&*report.path)) {
            report.findings.clear();
            return before;
        }
        if self.kinds.is_empty() && self.values.is_empty() && self.baseline.is_empty() {
            return 0;
        }
        report.findings.retain(|f| {
            !(self.kinds.contains(f.kind.as_ref())
                || self.values.contains(&f.fingerprint)
                // The key is built only when there is a baseline to look it up in.
                || (!self.baseline.is_empty()
                    && self.baseline.contains(&(
                        f.path.to_string(),
                        f.kind.to_string(),
                        f.fingerprint.clone(),
                    ))))
        });
        before - report.findings.len()
    }
}

/// `found` without the findings on lines of `text` marked `khien:ignore` (one search of the
/// text when no line is marked).
pub(crate) fn unmarked(
    mut found: Vec<khien_detect::Finding>,
    text: &[u8],
) -> Vec<khien_detect::Finding> {
    if !found.is_empty() && memchr::memmem::find(text, IGNORE_MARKER.as_bytes()).is_some() {
        found.retain(|f| !marked_ignored(text, f.start, f.end));
    }
    found
}

/// Whether the line of `text` around `start..end` holds the ignore marker.
fn marked_ignored(text: &[u8], start: usize, end: usize) -> bool {
    let from = memchr::memrchr(b'\n', &text[..start]).map_or(0, |i| i + 1);
    let to = memchr::memchr(b'\n', &text[end..]).map_or(text.len(), |i| end + i);
    memchr::memmem::find(&text[from..to], IGNORE_MARKER.as_bytes()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_ignore_number_separators() {
        assert_eq!(fingerprint("0912 345 678"), fingerprint("0912.345.678"));
        assert_ne!(fingerprint("0912345678"), fingerprint("0912345679"));
        assert_eq!(fingerprint("0912345678").len(), 16);
    }

    #[test]
    fn a_bad_config_names_the_line() {
        let e =
            ConfigFile::parse("khien.toml", "[allow]\nvalues = [\"a\"]\nkinds = 3\n").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("khien.toml") && msg.contains("line 3"), "{msg}");
        let e = ConfigFile::parse("k.toml", "[allow]\nvalue = []\n").unwrap_err();
        assert!(e.to_string().contains("value"), "{e}");
    }

    #[test]
    fn the_marker_is_read_on_the_finding_line_only() {
        let t = b"CCCD 001090000001 # khien:ignore\nCCCD 079301000002\n";
        assert!(marked_ignored(t, 5, 17));
        assert!(!marked_ignored(t, 38, 50));
    }
}
