//! True redaction of pictures: images and PDF pages. The value is removed from the pixels
//! (a black box over the words of each finding) and from the text (a rebuilt PDF page carries
//! only the words that were kept), never painted over text that stays underneath.
//!
//! This module runs no program: the words on a picture come from a [`PictureReader`] the caller
//! gives (`khien_ocr::Pictures` runs Tesseract and poppler). Detection is the engine's, on the page
//! text as a whole (lines joined), so a value broken across two lines is found as in any text.

use std::io::Cursor;

use khien_detect::{Engine, FieldContext};
use khien_ocr::{Bbox, Line, PictureReader};

use crate::{FileReport, RedactError, Redacted, Session};

/// Resolution PDF pages are drawn at for redaction: sharp enough to print and for OCR, and an
/// A4 page stays a few hundred kB as PNG.
pub const PAGE_DPI: u32 = 200;

/// What was decided on one picture: the boxes to paint and the words to keep in its text.
struct PagePlan {
    boxes: Vec<Bbox>,
    /// The text layer to write, a run per line: kept words, and each replacement once in
    /// place of the words it stands for.
    words: Vec<(String, [u32; 4])>,
}

/// Finds the personal data on one picture's lines and plans its removal: every word that
/// overlaps a finding is boxed (line by line, so a box never spans the gap between lines) and
/// left out of the text; the policy's replacement (a label, a pseudonym, a token) takes the
/// place of the first of those words in the text layer.
fn plan_page(
    lines: &[Line],
    where_: &dyn Fn(usize) -> String,
    engine: &Engine,
    session: &mut Session,
    report: &mut FileReport,
) -> Result<PagePlan, RedactError> {
    let page = khien_ocr::PageText::new(lines);
    let (text, spans) = (&page.text, &page.words);
    let min = session.policy().min_confidence;
    let mut removed = vec![false; spans.len()];
    let mut replacement_at: Vec<Option<String>> = vec![None; spans.len()];
    let mut boxes = vec![];
    let floor = session.policy().min_score;
    for f in engine.detect_field_with_floor(text, &FieldContext::default(), floor) {
        if f.confidence() < min {
            continue;
        }
        let hit = page.words_in(f.start, f.end);
        let Some(&first) = hit.first() else { continue };
        let written = session.replace(f.kind, &text[f.start..f.end], f.normalized.as_deref())?;
        let op = session.policy().rule(f.kind).operator;
        report.add(f.kind, &where_(spans[first].0 + 1), op, &written);
        replacement_at[first] = Some(written);
        for &k in &hit {
            removed[k] = true;
        }
        // One box per line the value touches.
        boxes.extend(page.boxes(lines, f.start, f.end).into_iter().map(|(_, b)| b));
    }
    // One run of text per line (kept words and replacements, in order), at the line's first
    // word: a reader copies and searches whole lines, and a value's words are found together.
    let mut words: Vec<(String, [u32; 4])> = vec![];
    let mut current: Option<usize> = None;
    for (k, &(li, wi, _)) in spans.iter().enumerate() {
        let w = &lines[li].words[wi];
        let piece = match replacement_at[k].take() {
            Some(r) => r,
            None if removed[k] => continue,
            None => lines[li].text[w.start..w.end].to_string(),
        };
        match current {
            Some(c) if c == li => {
                let run = words.last_mut().expect("a run for this line");
                run.0.push(' ');
                run.0.push_str(&piece);
                run.1[3] = run.1[3].max(w.bbox.height);
            }
            _ => {
                words.push((piece, [w.bbox.left, w.bbox.top, w.bbox.width, w.bbox.height]));
                current = Some(li);
            }
        }
    }
    Ok(PagePlan { boxes, words })
}

/// Paints the boxes black, each grown by a margin (a fifth of its height) so that ascenders,
/// descenders and diacritics outside the OCR box are covered too.
fn paint(img: &mut image::RgbImage, boxes: &[Bbox]) {
    let (w, h) = img.dimensions();
    for b in boxes {
        let m = (b.height / 5).max(2);
        let (x0, y0) = (b.left.saturating_sub(m), b.top.saturating_sub(m));
        let x1 = (b.left + b.width + m).min(w);
        let y1 = (b.top + b.height + m).min(h);
        for y in y0..y1 {
            for x in x0..x1 {
                img.put_pixel(x, y, image::Rgb([0, 0, 0]));
            }
        }
    }
}

fn decode(name: &str, bytes: &[u8]) -> Result<(image::RgbImage, image::ImageFormat), RedactError> {
    let bad = |detail: String| RedactError::Write { name: name.to_string(), detail };
    let format = image::guess_format(bytes).map_err(|e| bad(format!("not an image: {e}")))?;
    let img = image::load_from_memory_with_format(bytes, format)
        .map_err(|e| bad(format!("ảnh hỏng (damaged image): {e}")))?;
    Ok((img.to_rgb8(), format))
}

/// An image with the personal data on it boxed out. The output is encoded afresh in the same
/// format (JPEG at quality 90), which drops every metadata block (EXIF with its GPS position,
/// XMP, comments): the camera's record of where and when is personal data too.
pub fn redact_image(
    name: &str,
    bytes: &[u8],
    engine: &Engine,
    session: &mut Session,
    reader: &dyn PictureReader,
) -> Result<Redacted, RedactError> {
    let mut report = FileReport::new(name);
    report.format = "image".into();
    let (mut img, format) = decode(name, bytes)?;
    let lines = reader
        .image_lines(bytes)
        .map_err(|e| RedactError::Unsupported { name: name.to_string(), reason: e })?;
    let plan = plan_page(&lines, &|l| format!("image line {l}"), engine, session, &mut report)?;
    paint(&mut img, &plan.boxes);
    let out = encode(name, &img, format)?;
    report.notes.push(format!(
        "ảnh được mã hoá lại, siêu dữ liệu (EXIF, GPS) đã bỏ; {} vùng bị che (image re-encoded without its metadata (EXIF, GPS); {} boxes blacked out)",
        plan.boxes.len(),
        plan.boxes.len()
    ));
    // The residual check reads the output as a person would: OCR again.
    match reader.image_lines(&out) {
        Ok(lines) => report.residual = residual_lines(&lines, "image line", engine, session),
        Err(e) => report.notes.push(format!("the output could not be read again to check it: {e}")),
    }
    report.finish();
    Ok(Redacted { bytes: out, report })
}

fn encode(
    name: &str,
    img: &image::RgbImage,
    format: image::ImageFormat,
) -> Result<Vec<u8>, RedactError> {
    let mut out = Cursor::new(Vec::new());
    let r = if format == image::ImageFormat::Jpeg {
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(img)
    } else {
        img.write_to(&mut out, format)
    };
    r.map_err(|e| RedactError::Write { name: name.to_string(), detail: e.to_string() })?;
    Ok(out.into_inner())
}

/// Findings on lines read from an output, as residuals.
fn residual_lines(
    lines: &[Line],
    prefix: &str,
    engine: &Engine,
    session: &Session,
) -> Vec<crate::Residual> {
    let min = session.policy().min_confidence;
    let page = khien_ocr::PageText::new(lines);
    let mut out = vec![];
    for f in engine.detect_field(&page.text, &FieldContext::default()) {
        if f.confidence() < min {
            continue;
        }
        let line = page.words_in(f.start, f.end).first().map_or(0, |&k| page.words[k].0);
        out.push(crate::Residual {
            kind: f.kind.code().to_string(),
            location: format!("{prefix} {}", line + 1),
            masked: khien_detect::mask(f.kind, &page.text[f.start..f.end]),
            confidence: f.confidence().code().to_string(),
        });
    }
    out
}

/// A PDF rebuilt page by page: each page drawn as an image, the personal data boxed out of
/// the pixels, and the page's words (its text layer, or OCR for a scanned page) laid under the
/// picture without the removed ones, so the output looks like the original, can still be
/// searched and copied, and holds nothing of what was removed. Everything else of the original
/// (metadata, annotations, form fields, attachments, scripts, earlier revisions) is left
/// behind: the output is made new, not edited.
pub fn redact_pdf(
    name: &str,
    bytes: &[u8],
    engine: &Engine,
    session: &mut Session,
    limits: &khien_extract::Limits,
    reader: &dyn PictureReader,
) -> Result<Redacted, RedactError> {
    let mut report = FileReport::new(name);
    report.format = "pdf".into();
    let pages = khien_extract::pdf_page_count(name, bytes)?;
    if pages > limits.max_members as u32 {
        return Err(RedactError::Unsupported {
            name: name.to_string(),
            reason: format!(
                "{pages} pages, over the limit of {}; no copy written",
                limits.max_members
            ),
        });
    }
    let unavailable = |e: String| RedactError::Unsupported { name: name.to_string(), reason: e };
    let mut built = Vec::with_capacity(pages as usize);
    let mut read_by_ocr = 0;
    // Pages are drawn and read a few at a time in parallel (the programs hold a core each);
    // planning stays in page order, for pseudonyms numbered as a reader meets the names.
    let batch = (khien_ocr::parallelism() * 2) as u32;
    let mut first = 1;
    while first <= pages {
        let last = (first + batch - 1).min(pages);
        for read in read_pages(bytes, first..=last, reader) {
            let (page, png, lines, by_ocr, pictured) = read.map_err(&unavailable)?;
            read_by_ocr += usize::from(by_ocr);
            let plan = plan_page(
                &lines,
                &|l| format!("page {page}, line {l}"),
                engine,
                session,
                &mut report,
            )?;
            // Pictures on a typed page are boxed too; their words are pixels, not layer text.
            let in_pictures = plan_page(
                &pictured,
                &|l| format!("page {page}, picture line {l}"),
                engine,
                session,
                &mut report,
            )?;
            let (mut img, _) = decode(name, &png)?;
            paint(&mut img, &plan.boxes);
            paint(&mut img, &in_pictures.boxes);
            let png = encode(name, &img, image::ImageFormat::Png)?;
            built.push(khien_doc::ImagePage { png, dpi: PAGE_DPI, words: plan.words });
        }
        first = last + 1;
    }
    let out = khien_doc::image_pdf(&built, "")
        .map_err(|e| RedactError::Write { name: name.to_string(), detail: e.to_string() })?;
    report.notes.push(format!(
        "mọi trang được dựng lại thành ảnh có lớp chữ ({pages} trang, {read_by_ocr} đọc bằng OCR); liên kết, biểu mẫu, chú thích, tệp đính kèm và siêu dữ liệu của bản gốc không được giữ (every page rebuilt as an image with a text layer ({pages} pages, {read_by_ocr} read by OCR); links, forms, annotations, attachments and metadata of the original are not carried over)"
    ));
    report.residual =
        crate::residual_except(name, &out, engine, session.policy(), limits, session.intended());
    report.finish();
    Ok(Redacted { bytes: out, report })
}

/// A drawn page, its words, whether they came from OCR, and the words OCR read in the pictures
/// of a page that has a text layer (a photographed card placed on a typed page).
type ReadPage = (u32, Vec<u8>, Vec<Line>, bool, Vec<Line>);

/// The words of `ocr` that lie outside every word of `layer`: what is printed in a picture
/// rather than typed.
fn outside_layer(ocr: Vec<Line>, layer: &[Line]) -> Vec<Line> {
    let boxes: Vec<Bbox> = layer.iter().flat_map(|l| l.words.iter().map(|w| w.bbox)).collect();
    let overlaps = |a: &Bbox| {
        boxes.iter().any(|b| {
            a.left < b.left + b.width
                && b.left < a.left + a.width
                && a.top < b.top + b.height
                && b.top < a.top + a.height
        })
    };
    ocr.into_iter()
        .filter_map(|line| {
            let mut kept = Line { text: String::new(), words: vec![] };
            for w in line.words.iter().filter(|w| !overlaps(&w.bbox)) {
                if !kept.text.is_empty() {
                    kept.text.push(' ');
                }
                let start = kept.text.len();
                kept.text.push_str(&line.text[w.start..w.end]);
                kept.words.push(khien_ocr::Word { start, end: kept.text.len(), ..w.clone() });
            }
            (!kept.words.is_empty()).then_some(kept)
        })
        .collect()
}

/// Draws and reads `pages` in parallel, in page order: each page drawn at [`PAGE_DPI`], its
/// words from its text layer, or from OCR of the drawing when the layer says nothing (fewer
/// than 16 letters and digits); a page with a text layer is read by OCR too, for what its
/// pictures show.
fn read_pages(
    bytes: &[u8],
    pages: std::ops::RangeInclusive<u32>,
    reader: &dyn PictureReader,
) -> Vec<Result<ReadPage, String>> {
    let list: Vec<u32> = pages.collect();
    let read_one = |&page: &u32| -> Result<ReadPage, String> {
        let png = reader.pdf_page_png(bytes, page, PAGE_DPI)?;
        let lines = reader.pdf_page_lines(bytes, page, PAGE_DPI)?;
        let alnum: usize =
            lines.iter().map(|l| l.text.chars().filter(|c| c.is_alphanumeric()).count()).sum();
        let ocr = reader.image_lines(&png)?;
        if alnum < khien_extract::MIN_TEXT_LAYER {
            return Ok((page, png, ocr, true, vec![]));
        }
        let pictured = outside_layer(ocr, &lines);
        Ok((page, png, lines, false, pictured))
    };
    // A reader that panicked is an error, never a PDF written with a page missing.
    khien_ocr::in_parallel(&list, read_one)
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("a page could not be read".into())))
        .collect()
}
