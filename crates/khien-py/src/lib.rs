//! The native module of the `khien` Python package (`khien._native`, built with maturin).
//!
//! It is a thin layer: every function converts its arguments, releases the GIL, calls an
//! engine — `khien-detect` for text, `khien-scan` for files, `khien-redact` for
//! de-identification, `khien-judge` for scam checks — and converts the answer back with
//! the engines' own serialisation (`khien_scan::ReportedFinding` (the scan JSONL record) and
//! `khien_judge::Report`, the JSON of `khien check --format json`), so Python sees the same
//! fields as the command-line tool. The engines are built once per process and shared by all
//! threads; batch functions spread their items over threads.
//!
//! It is **not** the Python API: the public functions, the `Finding` and `Verdict` classes,
//! the guardrail, the Presidio recognizer and the Spark helpers are the Python files in
//! `python/khien/`, which call these functions.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use khien_detect::{Confidence, Config, Engine, FieldContext, Kind};
use khien_judge::{Channel, Judge, Message, Report};
use khien_redact::{Keys, Policy, Session};
use khien_scan::{FileReport, FileStatus, ReportedFinding, ScanOptions};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;

/// The path reported for findings in a text given directly (not read from a file).
const TEXT_PATH: &str = "<text>";

/// Which engine: the kinds asked for (sorted, `None` for all) and the lowest confidence.
type EngineKey = (Option<Vec<Kind>>, Confidence);

/// Engines by configuration: built on first use, then shared by every call and thread.
fn engines() -> &'static Mutex<HashMap<EngineKey, Arc<Engine>>> {
    static ENGINES: OnceLock<Mutex<HashMap<EngineKey, Arc<Engine>>>> = OnceLock::new();
    ENGINES.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Parses the Python arguments `kinds` and `min_confidence` into an engine key.
fn engine_key(kinds: Option<Vec<String>>, min_confidence: Option<&str>) -> PyResult<EngineKey> {
    let kinds = match kinds {
        None => None,
        Some(codes) => {
            let mut kinds = codes
                .iter()
                .map(|c| {
                    Kind::from_code(c).filter(|k| *k != Kind::Custom).ok_or_else(|| {
                        PyValueError::new_err(format!(
                            "loại dữ liệu không hợp lệ (unknown kind) {c:?}"
                        ))
                    })
                })
                .collect::<PyResult<Vec<Kind>>>()?;
            kinds.sort();
            kinds.dedup();
            Some(kinds)
        }
    };
    let min = match min_confidence {
        None => Confidence::Low,
        Some(c) => Confidence::from_code(c).ok_or_else(|| {
            PyValueError::new_err(format!(
                "độ tin cậy phải là low, medium hoặc high (min_confidence must be low, medium or high), not {c:?}"
            ))
        })?,
    };
    Ok((kinds, min))
}

/// The engine for a key, built once.
fn engine_for(key: EngineKey) -> Arc<Engine> {
    let mut map = engines().lock().unwrap_or_else(|p| p.into_inner());
    Arc::clone(map.entry(key.clone()).or_insert_with(|| {
        Arc::new(Engine::new(Config::default().with_kinds(key.0).with_min_confidence(key.1)))
    }))
}

/// The engine for the Python arguments.
fn engine(kinds: Option<Vec<String>>, min_confidence: Option<&str>) -> PyResult<Arc<Engine>> {
    Ok(engine_for(engine_key(kinds, min_confidence)?))
}

/// The scam-check engine with its built-in data and models, built once.
fn judge() -> PyResult<&'static Judge> {
    static JUDGE: OnceLock<Result<Judge, String>> = OnceLock::new();
    JUDGE
        .get_or_init(|| Judge::try_new().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| PyRuntimeError::new_err(e.clone()))
}

/// A finding of a text with its character offsets (Python indexes strings by code points;
/// the JSONL contract's `start` and `end` are bytes).
struct TextFinding {
    record: ReportedFinding,
    char_start: usize,
    char_end: usize,
}

/// Runs the engine over `text` (the value of the field or column `field`, if given: its label
/// is context, as a CSV header is for its cells) and builds the scan records, with line,
/// column and character offsets counted in one pass over the text.
fn scan_one(
    engine: &Engine,
    text: &str,
    field: Option<&str>,
    path: &Arc<str>,
    show_values: bool,
) -> Vec<TextFinding> {
    let mut found = match field {
        Some(label) => {
            engine.detect_field(text, &FieldContext { label: Some(label), numeric: false })
        }
        None => engine.detect(text),
    };
    found.sort_by_key(|f| (f.start, f.end));
    // A running cursor: byte position, its line, the byte where that line starts, and the
    // characters before the position.
    let (mut pos, mut line, mut line_start, mut chars) = (0usize, 1u64, 0usize, 0usize);
    let bytes = text.as_bytes();
    let count_chars = |s: &[u8]| s.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
    let mut out = Vec::with_capacity(found.len());
    for f in found {
        let (start, end) = (f.start, f.end);
        if start < pos {
            (pos, line, line_start, chars) = (0, 1, 0, 0);
        }
        for (i, &b) in bytes[pos..start].iter().enumerate() {
            if b == b'\n' {
                line += 1;
                line_start = pos + i + 1;
            }
        }
        chars += count_chars(&bytes[pos..start]);
        pos = start;
        let column = count_chars(&bytes[line_start..start]) as u64 + 1;
        let char_end = chars + count_chars(&bytes[start..end]);
        let value = &text[start..end];
        let record = ReportedFinding::new(
            path,
            f,
            value,
            start as u64,
            end as u64,
            line,
            column,
            show_values,
        );
        out.push(TextFinding { record, char_start: chars, char_end });
    }
    out
}

/// The findings of a text as Python receives them: the JSON array of the scan records,
/// written by the same serialisation as `khien scan --format jsonl` (so scores read `0.95`,
/// not the float32's expansion), and the character offsets of each.
type TextOut = (String, Vec<(usize, usize)>);

fn text_out(found: Vec<TextFinding>) -> TextOut {
    let spans = found.iter().map(|f| (f.char_start, f.char_end)).collect();
    let records: Vec<&ReportedFinding> = found.iter().map(|f| &f.record).collect();
    (json(&records), spans)
}

/// Serialises an engine's record; these types are plain data, so this cannot fail.
fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| unreachable!("serialising a record: {e}"))
}

/// Spreads `items` over at most `threads` scoped threads (0: one per core) and returns the
/// results in order. Called with the GIL released.
fn parallel<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = if threads == 0 { cores } else { threads }.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(&f).collect();
    }
    let per = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(per)
            .map(|chunk| {
                let f = &f;
                s.spawn(move || chunk.iter().map(f).collect::<Vec<R>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Finds personal data in one text; returns the JSON array of the scan JSONL records (`path`
/// is `<text>`) and `(char_start, char_end)` per finding.
#[pyfunction]
#[pyo3(signature = (text, kinds=None, min_confidence=None, show_values=false, field=None))]
fn scan_text(
    py: Python<'_>,
    text: PyBackedStr,
    kinds: Option<Vec<String>>,
    min_confidence: Option<&str>,
    show_values: bool,
    field: Option<PyBackedStr>,
) -> PyResult<TextOut> {
    let engine = engine(kinds, min_confidence)?;
    let path: Arc<str> = Arc::from(TEXT_PATH);
    Ok(py.detach(|| text_out(scan_one(&engine, &text, field.as_deref(), &path, show_values))))
}

/// [`scan_text`] over many texts, spread over `threads` threads (0: one per core).
#[pyfunction]
#[pyo3(signature = (texts, kinds=None, min_confidence=None, show_values=false, threads=0, field=None))]
fn scan_texts(
    py: Python<'_>,
    texts: Vec<Option<PyBackedStr>>,
    kinds: Option<Vec<String>>,
    min_confidence: Option<&str>,
    show_values: bool,
    threads: usize,
    field: Option<PyBackedStr>,
) -> PyResult<Vec<TextOut>> {
    let engine = engine(kinds, min_confidence)?;
    let path: Arc<str> = Arc::from(TEXT_PATH);
    Ok(py.detach(|| {
        parallel(&texts, threads, |t| match t {
            Some(t) => text_out(scan_one(&engine, t, field.as_deref(), &path, show_values)),
            None => ("[]".to_string(), Vec::new()),
        })
    }))
}

/// A note as the JSONL `note` record has it.
#[derive(serde::Serialize)]
struct NoteOut<'a> {
    code: &'a str,
    member: &'a str,
    message: &'a str,
    incomplete: bool,
}

/// A file's report: `path`, `status` (`scanned`, `skipped`, `error`), `message`, `bytes`,
/// `incomplete`, `notes` and `findings` (the JSONL records).
#[derive(serde::Serialize)]
struct FileOut<'a> {
    path: &'a str,
    status: &'static str,
    message: Option<&'a str>,
    bytes: u64,
    incomplete: bool,
    notes: Vec<NoteOut<'a>>,
    findings: &'a [ReportedFinding],
}

impl<'a> FileOut<'a> {
    fn new(r: &'a FileReport) -> FileOut<'a> {
        let (status, message) = match &r.status {
            FileStatus::Scanned => ("scanned", None),
            FileStatus::Skipped(m) => ("skipped", Some(m.as_str())),
            FileStatus::Error(m) => ("error", Some(m.as_str())),
        };
        FileOut {
            path: &r.path,
            status,
            message,
            bytes: r.bytes,
            incomplete: r.incomplete(),
            notes: r
                .notes
                .iter()
                .map(|n| NoteOut {
                    code: n.code,
                    member: &n.member,
                    message: &n.message,
                    incomplete: n.incomplete(),
                })
                .collect(),
            findings: &r.findings,
        }
    }
}

/// Scans files and folders as `khien scan` does (the parallel walk, every format the
/// extractor reads, the same limits); returns a JSON array of file reports, in path order.
#[pyfunction]
#[pyo3(signature = (paths, kinds=None, min_confidence=None, show_values=false, threads=0, no_ignore=false))]
fn scan_paths(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    kinds: Option<Vec<String>>,
    min_confidence: Option<&str>,
    show_values: bool,
    threads: usize,
    no_ignore: bool,
) -> PyResult<String> {
    let engine = engine(kinds, min_confidence)?;
    if let Some(p) = paths.iter().find(|p| p.as_os_str() == "-") {
        return Err(PyValueError::new_err(format!(
            "đọc đầu vào chuẩn không được hỗ trợ ở đây (standard input is not read here): {}",
            p.display()
        )));
    }
    let opts =
        ScanOptions::new(paths).threads(threads).show_values(show_values).no_ignore(no_ignore);
    Ok(py.detach(|| {
        let mut reports = Vec::new();
        khien_scan::scan(&opts, &engine, &mut |r| {
            reports.push(r);
            true
        });
        reports.sort_by(|a, b| a.path.cmp(&b.path));
        json(&reports.iter().map(FileOut::new).collect::<Vec<_>>())
    }))
}

/// Everything a de-identification run needs, prepared once for a batch.
struct RedactSetup {
    policy: Policy,
    keys: Option<Keys>,
}

impl RedactSetup {
    fn new(policy: Option<&str>, key: Option<&[u8]>) -> PyResult<RedactSetup> {
        let policy = match policy {
            Some(text) => {
                Policy::from_toml(text).map_err(|e| PyValueError::new_err(e.to_string()))?
            }
            None => Policy::default(),
        };
        let keys = key
            .map(Keys::from_bytes)
            .transpose()
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        // Fails early (missing key for hash/token) rather than on the first text.
        Session::new(policy.clone(), keys.clone())
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(RedactSetup { policy, keys })
    }

    /// De-identifies one text as `khien redact` does a `.txt` file. Each text is a session of
    /// its own: numbered pseudonyms restart per text (a key makes them keyed and stable).
    fn run(&self, engine: &Engine, text: &str) -> Result<String, String> {
        let mut session =
            Session::new(self.policy.clone(), self.keys.clone()).map_err(|e| e.to_string())?;
        let out = khien_redact::redact(
            "text.txt",
            text.as_bytes(),
            engine,
            &mut session,
            &khien_extract::Limits::default(),
        )
        .map_err(|e| e.to_string())?;
        String::from_utf8(out.bytes).map_err(|e| e.to_string())
    }
}

/// De-identifies a text with a policy (TOML text, `None`: the default) and a key.
#[pyfunction]
#[pyo3(signature = (text, policy=None, key=None))]
fn redact_text(
    py: Python<'_>,
    text: PyBackedStr,
    policy: Option<&str>,
    key: Option<&[u8]>,
) -> PyResult<String> {
    let setup = RedactSetup::new(policy, key)?;
    let engine = engine_for((None, Confidence::Low));
    py.detach(|| setup.run(&engine, &text)).map_err(PyValueError::new_err)
}

/// [`redact_text`] over many texts (`None` stays `None`), spread over threads.
#[pyfunction]
#[pyo3(signature = (texts, policy=None, key=None, threads=0))]
fn redact_texts(
    py: Python<'_>,
    texts: Vec<Option<PyBackedStr>>,
    policy: Option<&str>,
    key: Option<&[u8]>,
    threads: usize,
) -> PyResult<Vec<Option<String>>> {
    let setup = RedactSetup::new(policy, key)?;
    let engine = engine_for((None, Confidence::Low));
    py.detach(|| {
        parallel(&texts, threads, |t| t.as_ref().map(|t| setup.run(&engine, t)).transpose())
            .into_iter()
            .collect::<Result<Vec<_>, String>>()
    })
    .map_err(PyValueError::new_err)
}

fn channel(code: Option<&str>) -> PyResult<Option<Channel>> {
    code.map(|c| {
        serde::Deserialize::deserialize(serde::de::value::StrDeserializer::<
            serde::de::value::Error,
        >::new(c))
        .map_err(|_| {
            PyValueError::new_err(format!(
                "kênh không hợp lệ (unknown channel) {c:?}: sms, zalo, facebook, telegram, email, call, other"
            ))
        })
    })
    .transpose()
}

/// What one message check asks: as `khien check TEXT [--sender S] [--channel C]`.
fn check_one(judge: &Judge, text: &str, sender: Option<&str>, channel: Option<Channel>) -> Report {
    if sender.is_none() && channel.is_none() {
        // A pasted link, number or QR payload on its own is judged as such, as the CLI does.
        judge.check_auto(text)
    } else {
        judge.check_message(&Message { text, sender, channel })
    }
}

/// Judges a message (or whatever was pasted); returns the JSON of `khien check --format json`.
#[pyfunction]
#[pyo3(signature = (text, sender=None, channel=None))]
fn check_message(
    py: Python<'_>,
    text: PyBackedStr,
    sender: Option<PyBackedStr>,
    channel: Option<&str>,
) -> PyResult<String> {
    let judge = judge()?;
    let channel = self::channel(channel)?;
    Ok(py.detach(|| json(&check_one(judge, &text, sender.as_deref(), channel))))
}

/// [`check_message`] over many messages, with an optional sender per message.
#[pyfunction]
#[pyo3(signature = (texts, senders=None, channel=None, threads=0))]
fn check_messages(
    py: Python<'_>,
    texts: Vec<PyBackedStr>,
    senders: Option<Vec<Option<PyBackedStr>>>,
    channel: Option<&str>,
    threads: usize,
) -> PyResult<Vec<String>> {
    let judge = judge()?;
    let channel = self::channel(channel)?;
    let senders = senders.unwrap_or_else(|| texts.iter().map(|_| None).collect());
    if senders.len() != texts.len() {
        return Err(PyValueError::new_err(format!(
            "số người gửi ({}) khác số tin nhắn ({}) (senders and texts differ in length)",
            senders.len(),
            texts.len()
        )));
    }
    let items: Vec<(&PyBackedStr, Option<&PyBackedStr>)> =
        texts.iter().zip(senders.iter().map(Option::as_ref)).collect();
    Ok(py.detach(|| {
        parallel(&items, threads, |(t, s)| json(&check_one(judge, t, s.map(|s| &**s), channel)))
    }))
}

/// Judges a link (`khien check --url`).
#[pyfunction]
fn check_url(py: Python<'_>, url: PyBackedStr) -> PyResult<String> {
    let judge = judge()?;
    Ok(py.detach(|| json(&judge.check_url(&url))))
}

/// Judges a phone number (`khien check --phone`).
#[pyfunction]
fn check_phone(py: Python<'_>, phone: PyBackedStr) -> PyResult<String> {
    let judge = judge()?;
    Ok(py.detach(|| json(&judge.check_phone(&phone))))
}

/// Judges a bank account with an optional bank code (`khien check --account --bank`).
#[pyfunction]
#[pyo3(signature = (account, bank=None))]
fn check_account(
    py: Python<'_>,
    account: PyBackedStr,
    bank: Option<PyBackedStr>,
) -> PyResult<String> {
    let judge = judge()?;
    Ok(py.detach(|| json(&judge.check_account(&account, bank.as_deref()))))
}

/// The kind codes, in the engine's stable order.
#[pyfunction]
fn kinds() -> Vec<&'static str> {
    Kind::ALL.iter().filter(|k| **k != Kind::Custom).map(|k| k.code()).collect()
}

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(scan_text, m)?)?;
    m.add_function(wrap_pyfunction!(scan_texts, m)?)?;
    m.add_function(wrap_pyfunction!(scan_paths, m)?)?;
    m.add_function(wrap_pyfunction!(redact_text, m)?)?;
    m.add_function(wrap_pyfunction!(redact_texts, m)?)?;
    m.add_function(wrap_pyfunction!(check_message, m)?)?;
    m.add_function(wrap_pyfunction!(check_messages, m)?)?;
    m.add_function(wrap_pyfunction!(check_url, m)?)?;
    m.add_function(wrap_pyfunction!(check_phone, m)?)?;
    m.add_function(wrap_pyfunction!(check_account, m)?)?;
    m.add_function(wrap_pyfunction!(kinds, m)?)?;
    Ok(())
}
