//! The labelled message corpus: one JSON Lines file per writer, validated on load.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use khien_judge::{Channel, Message};
use serde::Deserialize;

/// Writers whose files train the model; every other writer is held out.
pub const TRAIN_WRITERS: &[&str] = &["w1", "w2", "w3", "w4", "w5", "w6"];

/// One labelled message.
#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    /// The message.
    pub text: String,
    /// `scam` or `genuine`.
    pub label: String,
    /// Scam type code or genuine class code.
    #[serde(rename = "type")]
    pub kind: String,
    /// Sender as shown.
    #[serde(default)]
    pub sender: Option<String>,
    /// Channel code.
    #[serde(default)]
    pub channel: Option<String>,
    /// Writing style.
    #[serde(default)]
    pub style: Option<String>,
    /// The writer (file stem), filled on load.
    #[serde(skip)]
    pub writer: String,
}

impl Record {
    /// True for scams.
    pub fn is_scam(&self) -> bool {
        self.label == "scam"
    }
    /// The judge's view of the record.
    pub fn message(&self) -> Message<'_> {
        Message {
            text: &self.text,
            sender: self.sender.as_deref().filter(|s| !s.trim().is_empty()),
            channel: self.channel.as_deref().and_then(channel),
        }
    }
    /// True when the record's writer trains the model.
    pub fn is_training(&self) -> bool {
        TRAIN_WRITERS.contains(&self.writer.as_str())
    }
}

/// The judge's channel for a corpus channel code.
pub fn channel(code: &str) -> Option<Channel> {
    Some(match code {
        "sms" => Channel::Sms,
        "zalo" => Channel::Zalo,
        "messenger" | "facebook" => Channel::Facebook,
        "telegram" => Channel::Telegram,
        "email" => Channel::Email,
        "call" => Channel::Call,
        _ => Channel::Other,
    })
}

/// The loaded corpus and the raw bytes its fingerprint is taken over.
pub struct Corpus {
    /// Records, file by file in name order, line order kept.
    pub records: Vec<Record>,
    /// `(file name, bytes)` of every corpus file, in name order.
    pub files: Vec<(String, Vec<u8>)>,
    /// Lines dropped as exact duplicates of an earlier text: `(file, line)`.
    pub duplicates: Vec<(String, usize)>,
}

/// The repository's corpus folder.
pub fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../train/judge/messages")
}

/// Loads and validates every `w*.jsonl` file of `dir`. Scam types must be codes the judge
/// knows; genuine classes must be listed in `genuine-classes.txt`. Errors name the file, the
/// line and what is wrong.
pub fn load(dir: &Path, scam_types: &HashSet<String>) -> Result<Corpus> {
    let classes_path = dir.join("genuine-classes.txt");
    let classes: HashSet<String> = std::fs::read_to_string(&classes_path)
        .with_context(|| format!("reading {}", classes_path.display()))?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "jsonl")
                && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('w'))
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        bail!("{}: no writer files (w*.jsonl)", dir.display());
    }
    let mut records = Vec::new();
    let mut files = Vec::new();
    let mut duplicates = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let writer = name.trim_end_matches(".jsonl").to_string();
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let text = std::str::from_utf8(&bytes)
            .with_context(|| format!("{}: not UTF-8", path.display()))?;
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let mut record: Record = serde_json::from_str(line)
                .with_context(|| format!("{name} line {}: not a corpus record", index + 1))?;
            match record.label.as_str() {
                "scam" if !scam_types.contains(&record.kind) => {
                    bail!("{name} line {}: unknown scam type {:?}", index + 1, record.kind)
                }
                "genuine" if !classes.contains(&record.kind) => {
                    bail!("{name} line {}: unknown genuine class {:?}", index + 1, record.kind)
                }
                "scam" | "genuine" => {}
                other => bail!("{name} line {}: label {other:?} is not scam or genuine", index + 1),
            }
            if record.text.trim().is_empty() {
                bail!("{name} line {}: empty text", index + 1);
            }
            let key: String = record.text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !seen.insert(key) {
                duplicates.push((name.clone(), index + 1));
                continue;
            }
            record.writer = writer.clone();
            records.push(record);
        }
        files.push((name, bytes));
    }
    Ok(Corpus { records, files, duplicates })
}

/// Counts per `(label, kind)`, for reports.
pub fn counts<'a>(records: impl Iterator<Item = &'a Record>) -> BTreeMap<(String, String), usize> {
    let mut out = BTreeMap::new();
    for r in records {
        *out.entry((r.label.clone(), r.kind.clone())).or_insert(0) += 1;
    }
    out
}

/// The FNV-1a fingerprint of the corpus files (names and bytes, in name order), as 16 hex
/// digits: the model file records it, and a test compares it with the corpus on disk.
pub fn fingerprint(files: &[(String, Vec<u8>)]) -> String {
    let mut hash = Fnv::new();
    for (name, bytes) in files {
        hash.eat(name.as_bytes());
        hash.eat(&[0]);
        hash.eat(bytes);
    }
    format!("{:016x}", hash.0)
}

/// FNV-1a (64 bits), fed piece by piece: the trainer's fingerprints and its fixed splits.
pub struct Fnv(pub u64);

impl Fnv {
    /// The standard offset basis.
    pub fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    /// Feeds bytes.
    pub fn eat(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl Default for Fnv {
    fn default() -> Self {
        Fnv::new()
    }
}
