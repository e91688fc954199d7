//! Khiên de-identification: writes a copy of a document in the same format with the personal
//! data replaced, according to a [`Policy`] of operators per kind (`mask`, `label`,
//! `pseudonym`, `hash`, `token`, `generalise`, `remove`), and reports what was replaced and what
//! a re-scan of the output still finds.
//!
//! Formats written: txt, csv, tsv, json, jsonl, html, xml, docx, xlsx, pptx, odt, ods, eml
//! and mbox (headers, bodies and attachments of these formats), and the archives zip, tar, gz
//! and tar.gz (members of these formats, recursively; other members are copied). The
//! text itself is removed from the file: the redactor edits the bytes the extractor read the
//! text from (`khien_extract::Anchor`), so styles, tables, formulas and everything else stay as
//! they were. Images and PDF are redacted in their pixels and rebuilt ([`redact_with`] with a
//! [`PictureReader`]: black boxes over the words of each finding, images re-encoded without
//! their metadata, PDF pages rebuilt as the boxed image over the kept words); without a reader
//! they are refused ([`RedactError::Unsupported`]) and [`text_export`] gives a de-identified
//! text export of a PDF instead.
//!
//! It is **not** a file walker or writer: it takes bytes and returns bytes; the CLI does the I/O
//! (atomic writes, never over an input). Detection is `khien-detect`'s; extraction is
//! `khien-extract`'s.
//!
//! ```
//! use khien_detect::{Config, Engine};
//! use khien_redact::{Policy, Session, redact};
//! let engine = Engine::new(Config::default());
//! let mut session = Session::new(Policy::default(), None).unwrap();
//! let input = "Họ tên,Số CCCD,SĐT\nLê Văn An,001090000001,0912345678\n";
//! let out = redact("ds.csv", input.as_bytes(), &engine, &mut session, &Default::default()).unwrap();
//! assert_eq!(
//!     String::from_utf8(out.bytes).unwrap(),
//!     "Họ tên,Số CCCD,SĐT\n[HỌ TÊN 1],[SỐ CCCD],[SỐ ĐIỆN THOẠI]\n"
//! );
//! assert!(out.report.residual.is_empty());
//! ```

mod archive;
mod mail;
mod ops;
mod picture;
mod policy;
mod report;
mod write;

use std::collections::HashMap;
use std::io::Cursor;

use khien_detect::{Engine, FieldContext};
use khien_extract::{Extracted, Format, Limits, Options};

pub use khien_ocr::PictureReader;
pub use ops::{Intended, Keys, Session, find_tokens, label, mask_keep, unformat_token, untoken};
pub use picture::{PAGE_DPI, redact_image, redact_pdf};
pub use policy::{Operator, Policy, RECALL_FIRST_SCORE, Rule};
pub use report::{DeidReport, FileReport, Replacement, Residual};
pub use write::Edit;

/// Why a file could not be de-identified.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RedactError {
    /// The format cannot be written back.
    #[error("{name}: {reason}")]
    Unsupported {
        /// File name.
        name: String,
        /// Why, and what to do instead.
        reason: String,
    },
    /// A resource limit (decompressed size, ratio, members, depth, time) was reached somewhere
    /// in the file or what is nested in it: the whole file is refused.
    #[error("{name}: {hit}; không ghi bản sao (no copy written)")]
    Limit {
        /// File or member name.
        name: String,
        /// Which limit.
        hit: khien_extract::LimitHit,
    },
    /// The file could not be read.
    #[error(transparent)]
    Extract(#[from] khien_extract::ExtractError),
    /// The output could not be assembled.
    #[error(
        "{name}: không ghi được bản sao đã khử nhận dạng (cannot write the de-identified copy): {detail}"
    )]
    Write {
        /// File name.
        name: String,
        /// What went wrong.
        detail: String,
    },
    /// The policy file is invalid.
    #[error("chính sách (policy): {0}")]
    Policy(String),
    /// The key is missing or unusable.
    #[error("khoá (key): {0}")]
    Key(String),
}

/// A de-identified file.
#[derive(Debug)]
pub struct Redacted {
    /// The new file, same format as the input.
    pub bytes: Vec<u8>,
    /// What was replaced, the residual findings and notes (`input`/`output` left for the
    /// caller to fill in).
    pub report: FileReport,
}

/// Formats [`redact`] can write.
pub fn can_redact(format: Format) -> bool {
    format.stores_text()
        || matches!(
            format,
            Format::Docx
                | Format::Xlsx
                | Format::Pptx
                | Format::Odt
                | Format::Ods
                | Format::Eml
                | Format::Mbox
                | Format::Zip
                | Format::Tar
                | Format::Gzip
        )
}

/// De-identifies `bytes` (a file called `name`): finds personal data with `engine`, replaces
/// it per the session's policy, writes the same format, then re-scans the output and reports
/// residual findings.
pub fn redact(
    name: &str,
    bytes: &[u8],
    engine: &Engine,
    session: &mut Session,
    limits: &Limits,
) -> Result<Redacted, RedactError> {
    redact_with(name, bytes, engine, session, limits, None)
}

/// [`redact`], and with a [`PictureReader`] also images (boxed out, metadata dropped) and PDF
/// (every page rebuilt as a boxed image over the kept words): see [`redact_image`] and
/// [`redact_pdf`]. Without a reader those are refused as by [`redact`].
pub fn redact_with(
    name: &str,
    bytes: &[u8],
    engine: &Engine,
    session: &mut Session,
    limits: &Limits,
    pictures: Option<&dyn PictureReader>,
) -> Result<Redacted, RedactError> {
    if let Some(reader) = pictures {
        match khien_extract::detect_format(name, bytes) {
            Format::Pdf => return redact_pdf(name, bytes, engine, session, limits, reader),
            Format::Image => return redact_image(name, bytes, engine, session, reader),
            _ => {}
        }
    }
    let mut report = FileReport::new(name);
    let mut job = Job {
        engine,
        session: &mut *session,
        limits,
        budget: khien_extract::Budget::new(),
        report: &mut report,
        pictures,
    };
    let out = redact_inner(&mut job, name, bytes, 0, "")?;
    let mut res = residual_except(name, &out, engine, session.policy(), limits, session.intended());
    report.residual.append(&mut res);
    report.finish();
    Ok(Redacted { bytes: out, report })
}

/// What stays the same while a file and the members nested in it are de-identified.
pub(crate) struct Job<'a> {
    pub(crate) engine: &'a Engine,
    pub(crate) session: &'a mut Session,
    pub(crate) limits: &'a Limits,
    /// One budget for the file and everything nested in it: a bomb nested five levels deep
    /// is stopped by the total, not allowed the limits again at every level.
    pub(crate) budget: khien_extract::Budget,
    pub(crate) report: &'a mut FileReport,
    /// Reads pictures, for images and PDFs nested in archives and e-mails.
    pub(crate) pictures: Option<&'a dyn PictureReader>,
}

impl Job<'_> {
    /// The whole file is refused when a limit is reached: a partly de-identified copy is never
    /// written.
    pub(crate) fn limit(&self, name: &str, hit: khien_extract::LimitHit) -> RedactError {
        RedactError::Limit { name: name.to_string(), hit }
    }

    /// Reads a member through the shared budget.
    pub(crate) fn read_member(
        &mut self,
        name: &str,
        reader: &mut dyn std::io::Read,
        compressed: u64,
    ) -> Result<Vec<u8>, RedactError> {
        self.budget.member(self.limits).map_err(|hit| self.limit(name, hit))?;
        match self.budget.read(self.limits, reader, compressed) {
            Ok(Ok(data)) => Ok(data),
            Ok(Err((_, hit))) => Err(self.limit(name, hit)),
            Err(e) => Err(RedactError::Write { name: name.to_string(), detail: e.to_string() }),
        }
    }
}

pub(crate) fn redact_inner(
    job: &mut Job<'_>,
    name: &str,
    bytes: &[u8],
    depth: u32,
    member: &str,
) -> Result<Vec<u8>, RedactError> {
    if bytes.len() as u64 > job.limits.max_file_size {
        return Err(khien_extract::ExtractError::TooLarge {
            name: name.to_string(),
            size: bytes.len() as u64,
            limit: job.limits.max_file_size,
        }
        .into());
    }
    if let Err(hit) = job.budget.depth(job.limits, depth).and_then(|()| job.budget.time(job.limits))
    {
        return Err(job.limit(name, hit));
    }
    let format = khien_extract::detect_format(name, bytes);
    if depth == 0 {
        job.report.format = format.code().to_string();
    }
    match format {
        // A picture inside an archive or an e-mail: redacted in its pixels like a file of its
        // own, its replacements and residuals recorded under the member's name.
        Format::Pdf | Format::Image if job.pictures.is_some() => {
            let reader = job.pictures.expect("checked by the guard");
            let limits = job.budget.remaining(job.limits);
            let r = if format == Format::Pdf {
                redact_pdf(name, bytes, job.engine, job.session, &limits, reader)?
            } else {
                redact_image(name, bytes, job.engine, job.session, reader)?
            };
            for x in r.report.replacements {
                *job.report.replaced.entry(x.kind.clone()).or_default() += 1;
                job.report.replacements.push(Replacement {
                    location: format!("{member} › {}", x.location),
                    ..x
                });
            }
            for x in r.report.residual {
                job.report
                    .residual
                    .push(Residual { location: format!("{member} › {}", x.location), ..x });
            }
            job.report.notes.extend(r.report.notes.iter().map(|n| prefix(member, n)));
            Ok(r.bytes)
        }
        Format::Pdf => Err(RedactError::Unsupported {
            name: name.to_string(),
            reason: "PDF is not redacted in place: removing glyphs from content streams soundly (fonts, kerning, XObjects, incremental updates) is not implemented, and a painted box would leave the text underneath. Use the de-identified text export instead.".into(),
        }),
        Format::Image => Err(RedactError::Unsupported {
            name: name.to_string(),
            reason: "ảnh được che qua OCR: cần cài tesseract-ocr-vie và poppler-utils (images are redacted through OCR: install tesseract-ocr-vie and poppler-utils)".into(),
        }),
        Format::Eml => mail::redact_eml(job, name, bytes, depth, member),
        Format::Mbox => {
            let mut out = Vec::with_capacity(bytes.len());
            let ranges = khien_extract::mbox_messages(bytes);
            let mut pos = 0;
            for (k, r) in ranges.into_iter().enumerate() {
                out.extend_from_slice(&bytes[pos..r.start]);
                let m = khien_extract::join_member(member, &format!("message {}", k + 1));
                let msg = mail::redact_eml(job, &m, &bytes[r.clone()], depth + 1, &m)?;
                out.extend_from_slice(&msg);
                pos = r.end;
            }
            out.extend_from_slice(&bytes[pos..]);
            Ok(out)
        }
        Format::Zip => redact_zip(job, name, bytes, depth, member),
        Format::Tar => archive::redact_tar(job, name, bytes, depth, member),
        Format::Gzip => archive::redact_gz(job, name, bytes, depth, member),
        f if can_redact(f) => {
            let limits = job.budget.remaining(job.limits);
            let opts = Options::new(limits).with_anchors(true).without_members(true);
            let ex = khien_extract::extract_with(name, bytes, &opts)?;
            job.budget.add_decompressed(ex.decompressed);
            for n in &ex.notes {
                job.report.notes.push(note_text(member, n));
            }
            let unread = |n: &&khien_extract::Note| matches!(n.kind, khien_extract::NoteKind::Truncated | khien_extract::NoteKind::Error);
            if let Some(n) = ex.notes.iter().find(unread) {
                // Never write a partly de-identified copy.
                return Err(RedactError::Unsupported {
                    name: name.to_string(),
                    reason: format!("not all of the file could be read ({}); no copy written", n.message),
                });
            }
            let edits = plan(&ex, job.engine, job.session, member, job.report)?;
            let (out, notes) = write::write(name, bytes, &ex, &edits)?;
            job.report.notes.extend(notes.into_iter().map(|n| prefix(member, &n)));
            if job.pictures.is_some()
                && matches!(f, Format::Docx | Format::Xlsx | Format::Pptx | Format::Odt | Format::Ods)
            {
                return redact_media(job, name, &out, depth, member);
            }
            Ok(out)
        }
        other => Err(RedactError::Unsupported { name: name.to_string(), reason: format!("{} files cannot be written back; not de-identified", other.code()) }),
    }
}

/// Whether `e` is a resource limit (which refuses the whole file) rather than one bad member.
pub(crate) fn is_limit(e: &RedactError) -> bool {
    matches!(
        e,
        RedactError::Limit { .. }
            | RedactError::Extract(khien_extract::ExtractError::TooLarge { .. })
    )
}

fn prefix(member: &str, s: &str) -> String {
    if member.is_empty() { s.to_string() } else { format!("{member}: {s}") }
}

fn note_text(member: &str, n: &khien_extract::Note) -> String {
    let m = khien_extract::join_member(member, &n.member);
    prefix(&m, &format!("{}: {}", n.kind.code(), n.message))
}

/// Detects and computes the replacements for every segment.
fn plan(
    ex: &Extracted,
    engine: &Engine,
    session: &mut Session,
    member: &str,
    report: &mut FileReport,
) -> Result<Vec<Vec<Edit>>, RedactError> {
    let min = session.policy().min_confidence;
    let mut all = Vec::with_capacity(ex.segments.len());
    for seg in &ex.segments {
        let findings = engine.detect_field_with_floor(
            &seg.text,
            &FieldContext { label: seg.field.as_deref(), numeric: seg.numeric },
            session.policy().min_score,
        );
        let mut edits = Vec::new();
        for f in findings {
            if f.confidence() < min {
                continue;
            }
            let value = &seg.text[f.start..f.end];
            let text = session.replace(f.kind, value, f.normalized.as_deref())?;
            let op = session.policy().rule(f.kind).operator;
            let loc = seg.describe(f.start);
            let at = if member.is_empty() { loc } else { format!("{member} › {loc}") };
            report.add(f.kind, &at, op, &text);
            edits.push(Edit { range: f.start..f.end, text });
        }
        all.push(edits);
    }
    Ok(all)
}

fn redact_zip(
    job: &mut Job<'_>,
    name: &str,
    bytes: &[u8],
    depth: u32,
    member: &str,
) -> Result<Vec<u8>, RedactError> {
    let mut ar = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| RedactError::Write { name: name.to_string(), detail: e.to_string() })?;
    let mut replace: HashMap<String, Vec<u8>> = HashMap::new();
    for i in 0..ar.len() {
        let (mname, is_dir, encrypted) = match ar.by_index_raw(i) {
            Ok(f) => {
                (f.name().map(|n| n.into_owned()).unwrap_or_default(), f.is_dir(), f.encrypted())
            }
            Err(_) => continue,
        };
        if is_dir {
            continue;
        }
        let m = khien_extract::join_member(member, &mname);
        if encrypted {
            job.report
                .notes
                .push(format!("{m}: encrypted member copied unchanged (not de-identified)"));

            continue;
        }
        let data = {
            let mut f = match ar.by_index(i) {
                Ok(f) => f,
                Err(e) => {
                    job.report.notes.push(format!(
                        "{m}: member unreadable ({e}); copied unchanged (not de-identified)"
                    ));
                    continue;
                }
            };
            let compressed = f.compressed_size();
            job.read_member(&m, &mut f, compressed)?
        };
        match redact_inner(job, &mname, &data, depth + 1, &m) {
            Ok(new) => {
                if new != data {
                    replace.insert(mname, new);
                }
            }
            // A limit anywhere in the nesting refuses the whole file.
            Err(e) if is_limit(&e) => return Err(e),
            Err(e) => {
                job.report.notes.push(format!("{m}: copied unchanged (not de-identified): {e}"))
            }
        }
    }
    let by_name: HashMap<&str, Vec<u8>> =
        replace.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    write::rezip(name, bytes, &by_name)
}

/// The pictures pasted into an office document (`word/media/`, `xl/media/`, `ppt/media/`,
/// ODF's `Pictures/`), redacted in their pixels inside the already written copy.
fn redact_media(
    job: &mut Job<'_>,
    name: &str,
    doc: &[u8],
    depth: u32,
    member: &str,
) -> Result<Vec<u8>, RedactError> {
    const MEDIA: [&str; 4] = ["word/media/", "xl/media/", "ppt/media/", "Pictures/"];
    let zerr = |e: zip::result::ZipError| RedactError::Write {
        name: name.to_string(),
        detail: e.to_string(),
    };
    let mut ar = zip::ZipArchive::new(Cursor::new(doc)).map_err(zerr)?;
    let names: Vec<String> = ar
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| MEDIA.iter().any(|d| n.starts_with(d)) && !n.ends_with('/'))
        .collect();
    let mut replace: HashMap<String, Vec<u8>> = HashMap::new();
    for n in names {
        let m = khien_extract::join_member(member, &n);
        let data = {
            let mut f = ar.by_name(&n).map_err(zerr)?;
            let compressed = f.compressed_size();
            job.read_member(&m, &mut f, compressed)?
        };
        if khien_extract::detect_format(&n, &data) != Format::Image {
            continue;
        }
        match redact_inner(job, &n, &data, depth + 1, &m) {
            Ok(new) if new != data => {
                replace.insert(n, new);
            }
            Ok(_) => {}
            Err(e) if is_limit(&e) => return Err(e),
            Err(e) => {
                job.report.notes.push(format!("{m}: copied unchanged (not de-identified): {e}"))
            }
        }
    }
    if replace.is_empty() {
        return Ok(doc.to_vec());
    }
    let by_name: HashMap<&str, Vec<u8>> =
        replace.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    write::rezip(name, doc, &by_name)
}

/// Re-scans `bytes` and lists every finding at or above the policy's minimum confidence.
pub fn residual(
    name: &str,
    bytes: &[u8],
    engine: &Engine,
    policy: &Policy,
    limits: &Limits,
) -> Vec<Residual> {
    residual_except(name, bytes, engine, policy, limits, &ops::Intended::default())
}

/// [`residual`], leaving out the generalised values this run wrote on purpose (a birth year
/// under "Ngày sinh" is still a date of birth to the engine, but it is the chosen output).
pub(crate) fn residual_except(
    name: &str,
    bytes: &[u8],
    engine: &Engine,
    policy: &Policy,
    limits: &Limits,
    intended: &ops::Intended,
) -> Vec<Residual> {
    let ex = match khien_extract::extract(name, bytes, limits) {
        Ok(ex) => ex,
        Err(e) => {
            return vec![Residual {
                kind: "unreadable".into(),
                location: e.to_string(),
                masked: String::new(),
                confidence: "high".into(),
            }];
        }
    };
    let mut out = Vec::new();
    // Read the output the way a person's editor would, too: text decoded from a legacy or
    // guessed encoding is also read as UTF-8, so a leak visible in one reading is never
    // reported clean because the other reading hid it.
    let other_reading = match ex.encoding {
        Some("utf-8" | "utf-16le" | "utf-16be") | None => None,
        Some(_) if std::str::from_utf8(bytes).is_err() => {
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            khien_extract::extract("as-utf8.txt", lossy.as_bytes(), limits).ok()
        }
        Some(_) => None,
    };
    for n in &ex.notes {
        if matches!(
            n.kind,
            khien_extract::NoteKind::Truncated
                | khien_extract::NoteKind::Encrypted
                | khien_extract::NoteKind::Error
        ) {
            let location =
                if n.member.is_empty() { "whole file".to_string() } else { n.member.clone() };
            out.push(Residual {
                kind: format!("not_scanned_{}", n.kind.code()),
                location,
                masked: n.message.clone(),
                confidence: "high".into(),
            });
        }
    }
    let readings = std::iter::once((&ex, "")).chain(other_reading.iter().map(|x| (x, " (UTF-8)")));
    for (reading, suffix) in readings {
        for seg in &reading.segments {
            for f in engine.detect_field(
                &seg.text,
                &FieldContext { label: seg.field.as_deref(), numeric: seg.numeric },
            ) {
                if f.confidence() < policy.min_confidence
                    || intended.covers_span(&seg.text, f.start, f.end)
                {
                    continue;
                }
                let found = Residual {
                    kind: f.kind.code().into(),
                    location: format!("{}{suffix}", seg.describe(f.start)),
                    masked: f.masked(&seg.text),
                    confidence: f.confidence().code().into(),
                };
                if suffix.is_empty()
                    || !out
                        .iter()
                        .any(|r: &Residual| r.kind == found.kind && r.masked == found.masked)
                {
                    out.push(found);
                }
            }
        }
    }
    out
}

/// A de-identified plain-text export of any readable file (used for PDF, which is not
/// redacted in place). Each segment becomes a paragraph headed by its location.
pub fn text_export(
    name: &str,
    bytes: &[u8],
    engine: &Engine,
    session: &mut Session,
    limits: &Limits,
) -> Result<Redacted, RedactError> {
    let ex = khien_extract::extract(name, bytes, limits)?;
    let mut report = FileReport::new(name);
    report.format = ex.format.map_or("unknown", Format::code).to_string();
    for n in &ex.notes {
        report.notes.push(note_text("", n));
    }
    let edits = plan(&ex, engine, session, "", &mut report)?;
    let mut out = String::new();
    for (seg, e) in ex.segments.iter().zip(&edits) {
        let mut text = String::with_capacity(seg.text.len());
        let mut pos = 0;
        for ed in e {
            text.push_str(&seg.text[pos..ed.range.start]);
            text.push_str(&ed.text);
            pos = ed.range.end;
        }
        text.push_str(&seg.text[pos..]);
        out.push_str(&format!("[{}]\n{}\n\n", seg.describe(0), text.trim_end()));
    }
    let bytes = out.into_bytes();
    report.residual = residual("export.txt", &bytes, engine, session.policy(), limits);
    report.notes.push("PDF not redacted in place; this is a de-identified text export".into());
    report.finish();
    Ok(Redacted { bytes, report })
}

/// The result of [`restore`].
#[derive(Debug)]
pub struct Restored {
    /// The file with its tokens reversed, same format.
    pub bytes: Vec<u8>,
    /// `[TK:…]` markers found.
    pub tokens: usize,
    /// Markers reversed with the key (fewer than `tokens`: a wrong key or damaged tokens).
    pub restored: usize,
}

/// Reverses `[TK:…]` tokens in a de-identified file with the key, writing the same format.
/// Format-preserving (FF1) tokens look like ordinary digits and are not found in files; they
/// are reversed one by one with [`unformat_token`].
pub fn restore(
    name: &str,
    bytes: &[u8],
    keys: &Keys,
    limits: &Limits,
) -> Result<Restored, RedactError> {
    let format = khien_extract::detect_format(name, bytes);
    if !can_redact(format)
        || matches!(format, Format::Eml | Format::Mbox | Format::Zip | Format::Tar | Format::Gzip)
    {
        return Err(RedactError::Unsupported {
            name: name.to_string(),
            reason: format!(
                "restore chưa hỗ trợ tệp {} (restore does not handle {} files)",
                format.code(),
                format.code()
            ),
        });
    }
    let opts = Options::new(limits.clone()).with_anchors(true).without_members(true);
    let ex = khien_extract::extract_with(name, bytes, &opts)?;
    let (mut tokens, mut restored) = (0, 0);
    let mut all = Vec::with_capacity(ex.segments.len());
    for seg in &ex.segments {
        let mut edits = Vec::new();
        for (s, e) in find_tokens(&seg.text) {
            tokens += 1;
            if let Some(v) = untoken(keys, &seg.text[s..e]) {
                restored += 1;
                edits.push(Edit { range: s..e, text: v });
            }
        }
        all.push(edits);
    }
    let (bytes, _) = write::write(name, bytes, &ex, &all)?;
    Ok(Restored { bytes, tokens, restored })
}

/// What [`redact_or_export`] wrote.
#[derive(Debug)]
pub struct Output {
    /// The de-identified bytes and the report.
    pub redacted: Redacted,
    /// `Some(why the format was refused)` when the bytes are a de-identified **text export**
    /// (PDF: glyphs cannot be removed) rather than a file in the input's format.
    pub text_export: Option<String>,
}

/// [`redact`], falling back to a de-identified [`text_export`] for PDF, as `khien redact` does:
/// the one decision callers that hold files in memory (the server) share with the CLI.
pub fn redact_or_export(
    name: &str,
    bytes: &[u8],
    engine: &Engine,
    session: &mut Session,
    limits: &Limits,
    pictures: Option<&dyn PictureReader>,
) -> Result<Output, RedactError> {
    match redact_with(name, bytes, engine, session, limits, pictures) {
        Ok(redacted) => Ok(Output { redacted, text_export: None }),
        Err(RedactError::Unsupported { reason, .. })
            if khien_extract::detect_format(name, bytes) == Format::Pdf =>
        {
            let redacted = text_export(name, bytes, engine, session, limits)?;
            Ok(Output { redacted, text_export: Some(reason) })
        }
        Err(e) => Err(e),
    }
}
