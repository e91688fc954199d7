//! The de-identification report: what was replaced per kind and location, what a re-scan of
//! the output still finds, and notes. Never contains a personal value (residuals are masked).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use khien_detect::Kind;
use serde::Serialize;

use crate::Operator;

/// One replacement (no value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replacement {
    /// The kind code.
    pub kind: String,
    /// Where (`Sheet1!C12`, `body ¶3`, `line 4, column 9`, `a.zip!b.docx › body ¶1`).
    pub location: String,
    /// The operator applied.
    pub operator: String,
}

/// A finding the re-scan of the output still reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Residual {
    /// The kind code.
    pub kind: String,
    /// Where in the output.
    pub location: String,
    /// The value, masked.
    pub masked: String,
    /// `low`, `medium` or `high`.
    pub confidence: String,
}

/// The report for one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    /// The input path.
    pub input: String,
    /// The output path, when one was written.
    pub output: Option<String>,
    /// The detected format.
    pub format: String,
    /// `redacted`, `clean` (nothing to replace), `refused` or `error`.
    pub status: String,
    /// Replacements per kind.
    pub replaced: BTreeMap<String, usize>,
    /// Every replacement with its location.
    pub replacements: Vec<Replacement>,
    /// Residual findings in the output (the goal is none).
    pub residual: Vec<Residual>,
    /// Notes: members copied unchanged, limits, encodings.
    pub notes: Vec<String>,
    /// The error, for `refused` and `error`.
    pub error: Option<String>,
}

impl FileReport {
    /// An empty report for `input`.
    pub fn new(input: &str) -> FileReport {
        FileReport {
            input: input.to_string(),
            output: None,
            format: String::new(),
            status: "clean".into(),
            replaced: BTreeMap::new(),
            replacements: Vec::new(),
            residual: Vec::new(),
            notes: Vec::new(),
            error: None,
        }
    }

    /// Records a replacement. `written` is the replacement text: a `token` that is not a
    /// `[TK:…]` marker is a format-preserving one (`token_fpe`), which `khien restore` cannot
    /// find in a file (it looks like ordinary digits) and which is reversed with `--value`.
    pub(crate) fn add(&mut self, kind: Kind, location: &str, op: Operator, written: &str) {
        *self.replaced.entry(kind.code().to_string()).or_default() += 1;
        let operator = if op == Operator::Token && !written.starts_with(crate::ops::TOKEN_PREFIX) {
            "token_fpe"
        } else {
            op.code()
        };
        self.replacements.push(Replacement {
            kind: kind.code().into(),
            location: location.into(),
            operator: operator.into(),
        });
    }

    pub(crate) fn finish(&mut self) {
        if !self.replacements.is_empty() {
            self.status = "redacted".into();
        }
    }

    /// A report for a file that was not written.
    pub fn failed(input: &str, status: &str, error: String) -> FileReport {
        let mut r = FileReport::new(input);
        r.status = status.into();
        r.error = Some(error);
        r
    }
}

/// The report of a whole run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DeidReport {
    /// Per file.
    pub files: Vec<FileReport>,
    /// Replacements per kind over all files.
    pub replaced: BTreeMap<String, usize>,
    /// Residual findings over all files.
    pub residual: usize,
    /// Files refused or failed.
    pub failed: usize,
    /// The key check value of the key used (see `Keys::check_value`), when a key was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_check: Option<String>,
}

impl DeidReport {
    /// Adds a file and updates the totals.
    pub fn push(&mut self, f: FileReport) {
        for (k, n) in &f.replaced {
            *self.replaced.entry(k.clone()).or_default() += n;
        }
        self.residual += f.residual.len();
        if f.error.is_some() {
            self.failed += 1;
        }
        self.files.push(f);
    }

    /// The report for people (Vietnamese first, English in brackets where useful).
    pub fn human(&self) -> String {
        let mut s = String::new();
        for f in &self.files {
            let _ = writeln!(
                s,
                "{} → {}  [{}]",
                f.input,
                f.output.as_deref().unwrap_or("(không ghi / not written)"),
                f.status
            );
            if let Some(e) = &f.error {
                let _ = writeln!(s, "  lỗi (error): {e}");
            }
            for (k, n) in &f.replaced {
                let _ = writeln!(s, "  đã thay {n} × {k}");
            }
            const SHOWN: usize = 20;
            for r in f.replacements.iter().take(SHOWN) {
                let _ = writeln!(s, "    {} {} ({})", r.location, r.kind, r.operator);
            }
            if f.replacements.len() > SHOWN {
                let _ = writeln!(
                    s,
                    "    … và {} chỗ khác (and {} more; see the JSON report)",
                    f.replacements.len() - SHOWN,
                    f.replacements.len() - SHOWN
                );
            }
            for n in &f.notes {
                let _ = writeln!(s, "  ghi chú (note): {n}");
            }
            if f.error.is_none() {
                if f.residual.is_empty() {
                    let _ = writeln!(
                        s,
                        "  quét lại: không còn dữ liệu cá nhân (re-scan: no residual findings)"
                    );
                } else {
                    let _ = writeln!(
                        s,
                        "  quét lại: CÒN {} phát hiện (residual findings):",
                        f.residual.len()
                    );
                    for r in &f.residual {
                        let _ = writeln!(
                            s,
                            "    {} {} {} ({})",
                            r.location, r.kind, r.masked, r.confidence
                        );
                    }
                }
            }
        }
        let total: usize = self.replaced.values().sum();
        let _ = writeln!(
            s,
            "Tổng (total): {} tệp, {} giá trị đã thay, {} phát hiện còn lại, {} tệp lỗi/từ chối",
            self.files.len(),
            total,
            self.residual,
            self.failed
        );
        s
    }
}
