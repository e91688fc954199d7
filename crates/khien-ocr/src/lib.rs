//! Khiên OCR: the text of an image, line by line with the box of every word, read by the
//! `tesseract` command (Debian's `tesseract-ocr` with the Vietnamese model
//! `tesseract-ocr-vie`).
//!
//! It also draws PDF pages as images with poppler's `pdftoppm` ([`PdfRenderer`]), for scanned
//! pages and for rebuilding redacted pages.
//!
//! What it is: the one crate that runs outside programs, so the engines and the extractor
//! stay free of I/O. Why the command and not a binding: the command is what Debian ships and
//! keeps patched, its TSV output carries every word's box and confidence, and a run that
//! hangs or crashes on a hostile image is a child process we can time out and kill without
//! taking the scanner's thread with it (a C binding in-process could do neither). The image is
//! piped through stdin and the TSV read from stdout: nothing is written to disk.
//! What it is not: no detection (the scanner runs the engine on the lines), no image editing.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What can go wrong reading an image.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    /// Tesseract or its Vietnamese model is not installed.
    #[error("không có OCR (OCR not available): {0}; install tesseract-ocr and tesseract-ocr-vie")]
    Unavailable(String),
    /// Tesseract ran past the time limit and was stopped.
    #[error("OCR dừng sau {0:?} (OCR stopped after the time limit)")]
    Timeout(Duration),
    /// Tesseract failed on the image.
    #[error("OCR thất bại (OCR failed): {0}")]
    Failed(String),
}

/// A box in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Bbox {
    /// Left edge.
    pub left: u32,
    /// Top edge.
    pub top: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl Bbox {
    /// The smallest box holding both.
    pub fn union(self, other: Bbox) -> Bbox {
        if self.width == 0 && self.height == 0 {
            return other;
        }
        let left = self.left.min(other.left);
        let top = self.top.min(other.top);
        let right = (self.left + self.width).max(other.left + other.width);
        let bottom = (self.top + self.height).max(other.top + other.height);
        Bbox { left, top, width: right - left, height: bottom - top }
    }
}

/// One word read, with where it is in its line's text and on the image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range in [`Line::text`].
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Its box.
    pub bbox: Bbox,
    /// Tesseract's confidence, 0–100.
    pub confidence: i32,
}

/// One line of text read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The words joined by single spaces.
    pub text: String,
    /// The words.
    pub words: Vec<Word>,
}

impl Line {
    /// The box of the words that overlap the byte range `start..end` of the text (the whole
    /// line's box when none do).
    pub fn bbox_of(&self, start: usize, end: usize) -> Bbox {
        let mut b = Bbox::default();
        for w in self.words.iter().filter(|w| w.start < end && start < w.end) {
            b = b.union(w.bbox);
        }
        if b == Bbox::default() {
            for w in &self.words {
                b = b.union(w.bbox);
            }
        }
        b
    }
}

/// The text of a picture's lines joined by newlines, searched as one text so that a label on
/// one line reaches the value on the next (a card's "Họ và tên / Full name:" above the name),
/// with each word's place in it to map a finding back to its words and boxes.
#[derive(Debug, Clone, Default)]
pub struct PageText {
    /// The lines' text joined with `\n`.
    pub text: String,
    /// Every word: (line index, word index, byte range in `text`), in reading order.
    pub words: Vec<(usize, usize, std::ops::Range<usize>)>,
}

impl PageText {
    /// Joins `lines`.
    pub fn new(lines: &[Line]) -> PageText {
        let mut page = PageText::default();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                page.text.push('\n');
            }
            let base = page.text.len();
            page.text.push_str(&line.text);
            for (j, w) in line.words.iter().enumerate() {
                page.words.push((i, j, base + w.start..base + w.end));
            }
        }
        page
    }

    /// The indices (into [`PageText::words`]) of the words that overlap `start..end`.
    pub fn words_in(&self, start: usize, end: usize) -> Vec<usize> {
        (0..self.words.len())
            .filter(|&k| self.words[k].2.start < end && start < self.words[k].2.end)
            .collect()
    }

    /// The boxes of `start..end`, one per line it touches: (line index, box of its words there).
    pub fn boxes(&self, lines: &[Line], start: usize, end: usize) -> Vec<(usize, Bbox)> {
        let mut out: Vec<(usize, Bbox)> = vec![];
        for k in self.words_in(start, end) {
            let (li, wi, _) = &self.words[k];
            let b = lines[*li].words[*wi].bbox;
            match out.iter_mut().find(|(l, _)| l == li) {
                Some((_, acc)) => *acc = acc.union(b),
                None => out.push((*li, b)),
            }
        }
        out
    }
}

/// Parses Tesseract's TSV output (level, page, block, paragraph, line, word, left, top, width,
/// height, confidence, text) into lines of words. Empty words are dropped.
pub fn parse_tsv(tsv: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = vec![];
    let mut key = None;
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.splitn(12, '\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let text = cols[11].trim();
        if text.is_empty() {
            continue;
        }
        let num = |i: usize| cols[i].parse::<u32>().unwrap_or(0);
        let this = (num(1), num(2), num(3), num(4));
        if key != Some(this) {
            lines.push(Line { text: String::new(), words: vec![] });
            key = Some(this);
        }
        let line = lines.last_mut().expect("pushed above");
        if !line.text.is_empty() {
            line.text.push(' ');
        }
        let start = line.text.len();
        line.text.push_str(text);
        line.words.push(Word {
            start,
            end: line.text.len(),
            bbox: Bbox { left: num(6), top: num(7), width: num(8), height: num(9) },
            confidence: cols[10].parse::<f32>().map(|c| c as i32).unwrap_or(-1),
        });
    }
    lines
}

/// The `tesseract` command with the Vietnamese model.
#[derive(Debug, Clone)]
pub struct Tesseract {
    program: PathBuf,
    langs: String,
}

impl Tesseract {
    /// Finds `tesseract` on the PATH (or `KHIEN_TESSERACT`) and checks that the Vietnamese
    /// model is installed; English is added when present.
    pub fn find() -> Result<Tesseract, OcrError> {
        let program = std::env::var_os("KHIEN_TESSERACT")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("tesseract"));
        let out = Command::new(&program)
            .arg("--list-langs")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| OcrError::Unavailable(format!("{}: {e}", program.display())))?;
        let listing = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        let langs: Vec<&str> = listing.lines().map(str::trim).collect();
        if !langs.contains(&"vie") {
            return Err(OcrError::Unavailable(
                "the Vietnamese model (vie) is not installed".into(),
            ));
        }
        let langs = if langs.contains(&"eng") { "vie+eng".to_string() } else { "vie".to_string() };
        Ok(Tesseract { program, langs })
    }

    /// Reads an image (PNG, JPEG, TIFF, BMP, GIF's first frame, WebP where Leptonica reads
    /// it) within `limit`; a run past it is killed.
    pub fn read(&self, image: &[u8], limit: Duration) -> Result<Vec<Line>, OcrError> {
        let tsv = run(
            &self.program,
            &["stdin", "stdout", "-l", &self.langs, "--psm", "3", "tsv"],
            image,
            limit,
        )?;
        Ok(parse_tsv(&String::from_utf8_lossy(&tsv)))
    }
}

/// A poppler program from `env` or the PATH, checked to run (`-v`).
fn poppler_program(env: &str, name: &str) -> Result<PathBuf, OcrError> {
    let program = std::env::var_os(env).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(name));
    Command::new(&program)
        .arg("-v")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| {
            OcrError::Unavailable(format!(
                "{}: {e}; install poppler-utils to read PDF pages",
                program.display()
            ))
        })?;
    Ok(program)
}

/// Poppler's `pdftoppm` (Debian's `poppler-utils`), which draws a PDF page as an image for OCR
/// and for redaction. A maintained renderer run as a child for the same reasons as Tesseract:
/// a hostile PDF that hangs or crashes it is killed, never the scanner's thread.
#[derive(Debug, Clone)]
pub struct PdfRenderer {
    program: PathBuf,
}

impl PdfRenderer {
    /// Finds `pdftoppm` on the PATH (or `KHIEN_PDFTOPPM`).
    pub fn find() -> Result<PdfRenderer, OcrError> {
        let program = poppler_program("KHIEN_PDFTOPPM", "pdftoppm")?;
        Ok(PdfRenderer { program })
    }

    /// Page `page` (from 1) of `pdf` drawn at `dpi` as a PNG, within `limit`. Colour is kept
    /// (a rebuilt page must look like the original); Tesseract binarises for itself.
    pub fn page_png(
        &self,
        pdf: &[u8],
        page: u32,
        dpi: u32,
        limit: Duration,
    ) -> Result<Vec<u8>, OcrError> {
        let (page, dpi) = (page.to_string(), dpi.to_string());
        // No file arguments: pdftoppm reads the PDF from stdin and, with -singlefile, writes
        // the one page to stdout, so nothing touches the disk.
        let args = ["-png", "-r", &dpi, "-f", &page, "-l", &page, "-singlefile"];
        let png = run(&self.program, &args, pdf, limit)?;
        if png.is_empty() {
            return Err(OcrError::Failed(format!("page {page} was not drawn")));
        }
        Ok(png)
    }
}

/// Poppler's `pdftotext`, for the words of a PDF page's text layer with their boxes (what
/// redaction boxes on a page that has text).
#[derive(Debug, Clone)]
pub struct PdfText {
    program: PathBuf,
}

impl PdfText {
    /// Finds `pdftotext` on the PATH (or `KHIEN_PDFTOTEXT`).
    pub fn find() -> Result<PdfText, OcrError> {
        let program = poppler_program("KHIEN_PDFTOTEXT", "pdftotext")?;
        Ok(PdfText { program })
    }

    /// The text layer of page `page` (from 1) as lines of words, with boxes in pixels of the
    /// page drawn at `dpi` (so they fall on [`PdfRenderer::page_png`]'s image at that `dpi`).
    pub fn page_lines(
        &self,
        pdf: &[u8],
        page: u32,
        dpi: u32,
        limit: Duration,
    ) -> Result<Vec<Line>, OcrError> {
        let page = page.to_string();
        let args = ["-bbox-layout", "-enc", "UTF-8", "-f", &page, "-l", &page, "-", "-"];
        let xhtml = run(&self.program, &args, pdf, limit)?;
        Ok(parse_bbox_layout(&String::from_utf8_lossy(&xhtml), dpi as f32 / 72.0))
    }
}

/// Lines of words from `pdftotext -bbox-layout` output, boxes (in points) scaled by `scale`.
pub fn parse_bbox_layout(xhtml: &str, scale: f32) -> Vec<Line> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xhtml);
    let mut lines: Vec<Line> = vec![];
    let mut word: Option<Bbox> = None;
    let mut text = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().0 == "line" => {
                lines.push(Line { text: String::new(), words: vec![] });
            }
            Ok(Event::Start(e)) if e.name().0 == "word" => {
                let mut c = [0f32; 4];
                for a in e.attributes().flatten() {
                    let i = match a.key.0 {
                        "xMin" => 0,
                        "yMin" => 1,
                        "xMax" => 2,
                        "yMax" => 3,
                        _ => continue,
                    };
                    c[i] = a.value.parse::<f32>().ok().unwrap_or(0.0).max(0.0);
                }
                let px = |v: f32| (v * scale) as u32;
                let (left, top) = (px(c[0]), px(c[1]));
                word = Some(Bbox {
                    left,
                    top,
                    width: (px(c[2].max(c[0])) - left).max(1),
                    height: (px(c[3].max(c[1])) - top).max(1),
                });
                text.clear();
            }
            Ok(Event::Text(t)) if word.is_some() => {
                text.push_str(&t.into_inner());
            }
            Ok(Event::GeneralRef(r)) if word.is_some() => {
                // An entity in a word (&amp;, &lt;, &#…;): quick-xml hands it apart from the text.
                let name = r.into_inner();
                let ch = match name.as_ref() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    n => n
                        .strip_prefix("#x")
                        .map_or_else(
                            || n.strip_prefix('#').and_then(|d| d.parse().ok()),
                            |h| u32::from_str_radix(h, 16).ok(),
                        )
                        .and_then(char::from_u32),
                };
                text.extend(ch);
            }
            Ok(Event::End(e)) if e.name().0 == "word" => {
                let (Some(bbox), Some(line)) = (word.take(), lines.last_mut()) else { continue };
                let w = text.trim();
                if w.is_empty() {
                    continue;
                }
                if !line.text.is_empty() {
                    line.text.push(' ');
                }
                let start = line.text.len();
                line.text.push_str(w);
                line.words.push(Word { start, end: line.text.len(), bbox, confidence: 100 });
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    lines.retain(|l| !l.words.is_empty());
    lines
}

/// Reads the words on pictures, with their boxes in pixels: what redaction of images and PDF
/// needs. A trait so the redaction engine calls no program itself; [`Pictures`] is the one
/// over Tesseract and poppler.
pub trait PictureReader: Sync {
    /// The lines of an image file, read by OCR.
    fn image_lines(&self, image: &[u8]) -> Result<Vec<Line>, String>;
    /// Page `page` (from 1) of a PDF drawn at `dpi`, as a PNG.
    fn pdf_page_png(&self, pdf: &[u8], page: u32, dpi: u32) -> Result<Vec<u8>, String>;
    /// The words of page `page`'s text layer, boxes in pixels at `dpi` (empty when the page
    /// has none).
    fn pdf_page_lines(&self, pdf: &[u8], page: u32, dpi: u32) -> Result<Vec<Line>, String>;
}

/// Tesseract, `pdftoppm` and `pdftotext` together, each run within a time limit.
#[derive(Debug, Clone)]
pub struct Pictures {
    tesseract: Tesseract,
    renderer: PdfRenderer,
    text: PdfText,
    limit: Duration,
}

impl Pictures {
    /// Finds all three programs; `limit` bounds each run.
    pub fn find(limit: Duration) -> Result<Pictures, OcrError> {
        Ok(Pictures {
            tesseract: Tesseract::find()?,
            renderer: PdfRenderer::find()?,
            text: PdfText::find()?,
            limit,
        })
    }

    /// The programs found once per process (each run limited to two minutes), or why not: what
    /// the CLI and the server use.
    pub fn shared() -> Result<&'static Pictures, String> {
        static FOUND: std::sync::OnceLock<Result<Pictures, String>> = std::sync::OnceLock::new();
        FOUND
            .get_or_init(|| Pictures::find(Duration::from_secs(120)).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(String::clone)
    }
}

impl PictureReader for Pictures {
    fn image_lines(&self, image: &[u8]) -> Result<Vec<Line>, String> {
        self.tesseract.read(image, self.limit).map_err(|e| e.to_string())
    }

    fn pdf_page_png(&self, pdf: &[u8], page: u32, dpi: u32) -> Result<Vec<u8>, String> {
        self.renderer.page_png(pdf, page, dpi, self.limit).map_err(|e| e.to_string())
    }

    fn pdf_page_lines(&self, pdf: &[u8], page: u32, dpi: u32) -> Result<Vec<Line>, String> {
        self.text.page_lines(pdf, page, dpi, self.limit).map_err(|e| e.to_string())
    }
}

/// At most one OCR or drawing program per core at a time across the process: the scanner's
/// workers and the pages of one PDF read in parallel share the cores instead of crowding them.
struct Slots {
    free: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
}

impl Slots {
    fn global() -> &'static Slots {
        static SLOTS: std::sync::OnceLock<Slots> = std::sync::OnceLock::new();
        SLOTS.get_or_init(|| Slots {
            free: std::sync::Mutex::new(parallelism().max(1)),
            freed: std::sync::Condvar::new(),
        })
    }

    fn take(&'static self) -> SlotGuard {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        SlotGuard(self)
    }
}

struct SlotGuard(&'static Slots);

impl Drop for SlotGuard {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.freed.notify_one();
    }
}

/// `f` over `items` on up to [`parallelism`] threads, the results in the items' order (`None`
/// for an item whose thread panicked): the pages of one PDF read at once, each program still
/// holding one of the process's OCR slots.
pub fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<Option<R>> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = parallelism().min(items.len()).max(1);
    let mut out: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    let done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = vec![];
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(k) else { break };
                        mine.push((k, f(item)));
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    for (k, r) in done {
        out[k] = Some(r);
    }
    out
}

static LIMIT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many OCR programs may run at once: one per core, or what [`set_parallelism`] said.
pub fn parallelism() -> usize {
    match LIMIT.load(std::sync::atomic::Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    }
}

/// Caps the OCR programs run at once (a scan's `--threads`); to be called before the first
/// image is read (later calls change how many pages of a PDF are read in parallel, not the cap).
pub fn set_parallelism(n: usize) {
    LIMIT.store(n, std::sync::atomic::Ordering::Relaxed);
}

/// Runs `program` with `input` on stdin and returns its stdout, killing it past `limit`.
fn run(
    program: &std::path::Path,
    args: &[&str],
    input: &[u8],
    limit: Duration,
) -> Result<Vec<u8>, OcrError> {
    let _slot = Slots::global().take();
    let mut child = Command::new(program)
        .args(args)
        // One thread per page: the scan's worker pool already runs one page per core.
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| OcrError::Unavailable(format!("{}: {e}", program.display())))?;
    let mut stdin = child.stdin.take().expect("piped");
    let bytes = input.to_vec();
    // Writing and reading at once: a large input must not fill a pipe while we wait.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&bytes);
    });
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        s
    });
    let mut stderr = child.stderr.take().expect("piped");
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(OcrError::Timeout(limit));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(OcrError::Failed(e.to_string())),
        }
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        let why = err.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("").to_string();
        return Err(OcrError::Failed(why));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_parallel_keeps_the_order() {
        let items: Vec<u32> = (1..=20).collect();
        let out = in_parallel(&items, |&n| n * 10);
        assert_eq!(out, items.iter().map(|n| Some(n * 10)).collect::<Vec<_>>());
        assert!(in_parallel(&[] as &[u32], |&n| n).is_empty());
    }

    #[test]
    fn bbox_layout_words_are_scaled_to_pixels() {
        let x = r#"<doc><page width="300" height="200"><flow><block><line>
<word xMin="20" yMin="87" xMax="61" yMax="103">Số&amp;</word>
<word xMin="66" yMin="87" xMax="186" yMax="103">001099012345</word>
</line><line><word xMin="20" yMin="120" xMax="40" yMax="130">a&lt;b</word></line></block></flow></page></doc>"#;
        let lines = parse_bbox_layout(x, 300.0 / 72.0);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "Số& 001099012345");
        assert_eq!(lines[1].text, "a<b");
        let b = lines[0].words[1].bbox;
        assert_eq!((b.left, b.top), (275, 362));
        assert_eq!((b.width, b.height), (500, 67));
    }

    #[test]
    fn tsv_rows_become_lines_of_words_with_boxes() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
1\t1\t0\t0\t0\t0\t0\t0\t800\t200\t-1\t\n\
5\t1\t1\t1\t1\t1\t10\t20\t60\t30\t96.1\tSố\n\
5\t1\t1\t1\t1\t2\t80\t20\t90\t30\t95.0\tCCCD:\n\
5\t1\t1\t1\t1\t3\t180\t18\t260\t34\t91.5\t001099012345\n\
5\t1\t1\t1\t2\t1\t10\t70\t120\t30\t88.0\tĐiện\n\
5\t1\t1\t1\t2\t2\t\t\t\t\t-1\t \n";
        let lines = parse_tsv(tsv);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "Số CCCD: 001099012345");
        let at = lines[0].text.find("001").unwrap();
        assert_eq!(
            lines[0].bbox_of(at, at + 12),
            Bbox { left: 180, top: 18, width: 260, height: 34 }
        );
        assert_eq!(
            lines[0].bbox_of(0, lines[0].text.len()),
            Bbox { left: 10, top: 18, width: 430, height: 34 }
        );
        assert_eq!(lines[1].text, "Điện");
        assert_eq!(lines[0].words[2].confidence, 91);
    }
}
