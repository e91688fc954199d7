//! Khiên documents: the notices, dossiers and posters the platform hands to people, written in
//! memory as DOCX (to finish in a word processor) and PDF (to print or send as is) from one
//! list of styled paragraphs, in the layout of a Vietnamese administrative document (Decree
//! 30/2020: A4, margins 20–30 mm, a serif face at 13 pt).
//!
//! What it is: pure writers: [`docx`] and [`pdf`] over [`Paragraph`]s, and [`poster_pdf`] for
//! a one-page warning poster with a QR code. The PDF embeds
//! only the glyphs it uses of DejaVu Serif (shipped in `data/fonts/` with its licence), so
//! every Vietnamese letter prints and the text can be searched and copied. What it is not: no
//! file I/O, no templates, no content (the notices' words belong to `khien-comply`).
//!
//! ```
//! use khien_doc::{Paragraph, Style};
//! let doc = [Paragraph::new(Style::Title, "THÔNG BÁO"), Paragraph::new(Style::Body, "Kính gửi: Cục A05")];
//! let pdf = khien_doc::pdf(&doc, "Thông báo").unwrap();
//! assert!(pdf.starts_with(b"%PDF-"));
//! let docx = khien_doc::docx(&doc);
//! assert!(docx.starts_with(b"PK"));
//! ```

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

/// How a paragraph is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Centred and bold: the national motto's first line, the document's title.
    Title,
    /// Centred: the motto's second line, the place and date, the signature block.
    Centered,
    /// Bold, flush left: a section heading.
    Heading,
    /// Justified body text, flush left here.
    Body,
}

/// One paragraph of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// How it is set.
    pub style: Style,
    /// Its text (a line break inside starts a new line of the same paragraph).
    pub text: String,
}

impl Paragraph {
    /// A paragraph of `text` set in `style`.
    pub fn new(style: Style, text: impl Into<String>) -> Paragraph {
        Paragraph { style, text: text.into() }
    }
}

/// What can go wrong writing a document.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// The PDF writer refused the content.
    #[error("PDF: {0}")]
    Pdf(String),
}

// ------------------------------------------------------------------------------------------
// DOCX

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML 1.0; a pasted one must not break the file.
            c if (c as u32) < 0x20 && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The paragraphs as a Word document: a zip of WordprocessingML parts.
pub fn docx(paragraphs: &[Paragraph]) -> Vec<u8> {
    let mut body = String::new();
    for p in paragraphs {
        let (center, bold) = match p.style {
            Style::Title => (true, true),
            Style::Centered => (true, false),
            Style::Heading => (false, true),
            Style::Body => (false, false),
        };
        for line in p.text.split('\n') {
            body.push_str("<w:p><w:pPr>");
            if center {
                body.push_str("<w:jc w:val=\"center\"/>");
            }
            body.push_str("</w:pPr><w:r><w:rPr>");
            if bold {
                body.push_str("<w:b/>");
            }
            body.push_str("</w:rPr><w:t xml:space=\"preserve\">");
            body.push_str(&xml_escape(line));
            body.push_str("</w:t></w:r></w:p>");
        }
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}\
<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1701\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/></w:sectPr>\
</w:body></w:document>"
    );
    let parts: [(&str, &str); 4] = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
</Types>",
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
</Relationships>",
        ),
        (
            "word/_rels/document.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
</Relationships>",
        ),
        (
            "word/styles.xml",
            // Decree 30/2020 on administrative documents: Times New Roman, 13 to 14 pt.
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:docDefaults><w:rPrDefault><w:rPr>\
<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/><w:sz w:val=\"26\"/><w:lang w:val=\"vi-VN\"/>\
</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\"/></w:pPr></w:pPrDefault></w:docDefaults></w:styles>",
        ),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, xml) in
        parts.iter().copied().chain(std::iter::once(("word/document.xml", document.as_str())))
    {
        // Writing to a Vec cannot fail; an error here is a bug in the zip writer.
        zip.start_file(name, options).expect("zip entry in memory");
        zip.write_all(xml.as_bytes()).expect("write to memory");
    }
    zip.finish().expect("finish a zip in memory").into_inner()
}

// ------------------------------------------------------------------------------------------
// PDF

static SERIF: &[u8] = include_bytes!("../data/fonts/DejaVuSerif.ttf");
static SERIF_BOLD: &[u8] = include_bytes!("../data/fonts/DejaVuSerif-Bold.ttf");

/// A4 in points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
/// Decree 30/2020 margins: left 30 mm, right 20 mm, top and bottom 20 mm.
const LEFT: f32 = 85.0;
const RIGHT: f32 = 57.0;
const TOP: f32 = 57.0;
const BOTTOM: f32 = 57.0;
const SIZE: f32 = 13.0;
const LEADING: f32 = 1.35;

/// Advance widths of one face, for breaking lines before the PDF writer shapes them.
struct Measure<'a> {
    face: ttf_parser::Face<'a>,
    per_em: f32,
}

impl<'a> Measure<'a> {
    fn new(data: &'a [u8]) -> Measure<'a> {
        let face = ttf_parser::Face::parse(data, 0).expect("the embedded font parses");
        let per_em = f32::from(face.units_per_em());
        Measure { face, per_em }
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    // A character the face lacks is drawn as .notdef, about half an em wide.
                    .map_or(self.per_em as u32 / 2, u32::from)
            })
            .sum();
        units as f32 * size / self.per_em
    }

    /// Words packed into lines no wider than `max`; a word wider than a line is cut by
    /// characters.
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = vec![];
        let mut line = String::new();
        for word in text.split(' ') {
            let candidate =
                if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if self.width(&candidate, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if self.width(&piece, size) > max && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        lines.push(line);
        lines
    }
}

/// The paragraphs as an A4 PDF, pages added as the text needs them. `title` goes in the
/// document's metadata (what a viewer shows in its title bar).
pub fn pdf(paragraphs: &[Paragraph], title: &str) -> Result<Vec<u8>, DocError> {
    use krilla::Document;
    use krilla::geom::Point;
    use krilla::metadata::Metadata;
    use krilla::page::PageSettings;
    use krilla::text::{Font, TextDirection};

    let regular = Font::new(SERIF.into(), 0)
        .ok_or_else(|| DocError::Pdf("the serif font does not load".into()))?;
    let bold = Font::new(SERIF_BOLD.into(), 0)
        .ok_or_else(|| DocError::Pdf("the bold serif font does not load".into()))?;
    let measure_regular = Measure::new(SERIF);
    let measure_bold = Measure::new(SERIF_BOLD);
    let width = PAGE_W - LEFT - RIGHT;
    let line_h = SIZE * LEADING;

    // Lay out first: (page, x, baseline y, bold, text).
    let mut runs: Vec<(usize, f32, f32, bool, String)> = vec![];
    let (mut page, mut y) = (0usize, TOP);
    for p in paragraphs {
        let bold_face = matches!(p.style, Style::Title | Style::Heading);
        let m = if bold_face { &measure_bold } else { &measure_regular };
        if p.style == Style::Heading {
            y += line_h * 0.4;
        }
        for source_line in p.text.split('\n') {
            for line in m.wrap(source_line, SIZE, width) {
                if y + line_h > PAGE_H - BOTTOM {
                    page += 1;
                    y = TOP;
                }
                y += line_h;
                let x = match p.style {
                    Style::Title | Style::Centered => {
                        LEFT + (width - m.width(&line, SIZE)).max(0.0) / 2.0
                    }
                    Style::Heading | Style::Body => LEFT,
                };
                runs.push((page, x, y, bold_face, line));
            }
        }
        y += line_h * 0.3;
    }

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .language("vi".to_string())
            .creator("Khiên".to_string()),
    );
    for n in 0..=page {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
            .ok_or_else(|| DocError::Pdf("page size".into()))?;
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        for (_, x, y, is_bold, text) in runs.iter().filter(|r| r.0 == n) {
            let font = if *is_bold { bold.clone() } else { regular.clone() };
            surface.draw_text(Point::from_xy(*x, *y), font, SIZE, text, false, TextDirection::Auto);
        }
        surface.finish();
        pdf_page.finish();
    }
    document.finish().map_err(|e| DocError::Pdf(format!("{e:?}")))
}

// ------------------------------------------------------------------------------------------
// Posters

/// A one-page A4 warning poster: a banner title, a short summary, sections of bullet points,
/// a QR code (to the public scam desk) with its caption, and a footer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Poster {
    /// The banner title.
    pub title: String,
    /// One or two sentences under the banner.
    pub summary: String,
    /// Headed lists of points.
    pub sections: Vec<(String, Vec<String>)>,
    /// What the QR code holds (a URL) and the caption beside it.
    pub qr: Option<(String, String)>,
    /// The line at the bottom (who to call).
    pub footer: String,
}

/// The poster as a one-page PDF: the text shrinks (down to 60 %) until everything fits above
/// the QR code; the QR code is drawn as vector squares, so it prints sharp at any size.
pub fn poster_pdf(poster: &Poster) -> Result<Vec<u8>, DocError> {
    use krilla::Document;
    use krilla::color::rgb;
    use krilla::geom::{PathBuilder, Point, Rect};
    use krilla::metadata::Metadata;
    use krilla::num::NormalizedF32;
    use krilla::page::PageSettings;
    use krilla::paint::{Fill, FillRule};
    use krilla::text::{Font, TextDirection};

    const M: f32 = 50.0;
    const QR_SIZE: f32 = 150.0;
    let regular = Font::new(SERIF.into(), 0)
        .ok_or_else(|| DocError::Pdf("the serif font does not load".into()))?;
    let bold = Font::new(SERIF_BOLD.into(), 0)
        .ok_or_else(|| DocError::Pdf("the bold serif font does not load".into()))?;
    let (mr, mb) = (Measure::new(SERIF), Measure::new(SERIF_BOLD));
    let width = PAGE_W - 2.0 * M;
    let qr = match &poster.qr {
        Some((payload, caption)) => Some((
            qrcode::QrCode::with_error_correction_level(payload.as_bytes(), qrcode::EcLevel::M)
                .map_err(|e| DocError::Pdf(format!("QR code: {e}")))?,
            caption.clone(),
        )),
        None => None,
    };
    let bottom_limit = PAGE_H - M - if qr.is_some() { QR_SIZE + 40.0 } else { 30.0 };

    // (x, baseline y, size, bold, white, text) for each line, at the largest scale that fits.
    type Run = (f32, f32, f32, bool, bool, String);
    let layout = |scale: f32| -> (Vec<Run>, f32, f32) {
        let mut runs: Vec<Run> = vec![];
        let title_size = 28.0 * scale;
        let mut y = M;
        let title_lines = mb.wrap(&poster.title, title_size, width - 20.0);
        let band_top = y;
        for line in title_lines {
            y += title_size * 1.25;
            let x = M + (width - mb.width(&line, title_size)).max(0.0) / 2.0;
            runs.push((x, y, title_size, true, true, line));
        }
        y += title_size * 0.6;
        let band_h = y - band_top;
        y += 14.0 * scale;
        let body = 15.0 * scale;
        for line in mr.wrap(&poster.summary, body, width) {
            y += body * 1.35;
            runs.push((M, y, body, false, false, line));
        }
        for (heading, points) in &poster.sections {
            y += body * 0.9;
            let hs = 18.0 * scale;
            for line in mb.wrap(heading, hs, width) {
                y += hs * 1.3;
                runs.push((M, y, hs, true, false, line));
            }
            for point in points {
                let indent = mr.width("•  ", body);
                for (i, line) in mr.wrap(point, body, width - indent).into_iter().enumerate() {
                    y += body * 1.35;
                    if i == 0 {
                        runs.push((M, y, body, false, false, "•".to_string()));
                    }
                    runs.push((M + indent, y, body, false, false, line));
                }
            }
        }
        (runs, y, band_h)
    };
    let mut scale = 1.0;
    let (mut runs, mut end, mut band_h) = layout(scale);
    while end > bottom_limit && scale > 0.6 {
        scale -= 0.05;
        (runs, end, band_h) = layout(scale);
    }
    if end > bottom_limit {
        return Err(DocError::Pdf("the poster's text does not fit on one page".into()));
    }

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(poster.title.clone())
            .language("vi".to_string())
            .creator("Khiên".to_string()),
    );
    let settings =
        PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| DocError::Pdf("page size".into()))?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let fill = |r, g, b| Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::default(),
    };
    // The banner.
    let mut pb = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(M - 10.0, M, width + 20.0, band_h) {
        pb.push_rect(rect);
    }
    if let Some(path) = pb.finish() {
        surface.set_fill(Some(fill(178, 34, 34)));
        surface.draw_path(&path);
    }
    for (x, y, size, is_bold, white, text) in &runs {
        surface.set_fill(Some(if *white { fill(255, 255, 255) } else { fill(0, 0, 0) }));
        let font = if *is_bold { bold.clone() } else { regular.clone() };
        surface.draw_text(Point::from_xy(*x, *y), font, *size, text, false, TextDirection::Auto);
    }
    surface.set_fill(Some(fill(0, 0, 0)));
    if let Some((code, caption)) = &qr {
        let n = code.width();
        let cell = QR_SIZE / (n as f32 + 8.0);
        let (x0, y0) = (M, PAGE_H - M - QR_SIZE - 20.0);
        let mut pb = PathBuilder::new();
        for (i, c) in code.to_colors().iter().enumerate() {
            if *c == qrcode::Color::Dark
                && let Some(rect) = Rect::from_xywh(
                    x0 + (4 + i % n) as f32 * cell,
                    y0 + (4 + i / n) as f32 * cell,
                    cell,
                    cell,
                )
            {
                pb.push_rect(rect);
            }
        }
        if let Some(path) = pb.finish() {
            surface.draw_path(&path);
        }
        let cap_size = 15.0;
        let cap_x = x0 + QR_SIZE + 15.0;
        let mut y = y0 + QR_SIZE / 2.0 - cap_size;
        for line in mb.wrap(caption, cap_size, PAGE_W - M - cap_x) {
            y += cap_size * 1.3;
            surface.draw_text(
                Point::from_xy(cap_x, y),
                bold.clone(),
                cap_size,
                &line,
                false,
                TextDirection::Auto,
            );
        }
    }
    let fs = 12.0;
    for (i, line) in mr.wrap(&poster.footer, fs, width).into_iter().enumerate() {
        surface.draw_text(
            Point::from_xy(M, PAGE_H - M + 12.0 + i as f32 * fs * 1.3),
            regular.clone(),
            fs,
            &line,
            false,
            TextDirection::Auto,
        );
    }
    surface.finish();
    page.finish();
    document.finish().map_err(|e| DocError::Pdf(format!("{e:?}")))
}

/// A page of [`image_pdf`]: a picture of the whole page, and the words to lay under it as the
/// page's text layer.
#[derive(Debug, Clone)]
pub struct ImagePage {
    /// The page as a PNG.
    pub png: Vec<u8>,
    /// Its resolution, which sets the page's size (A4 at 300 dpi is 2480 × 3508 pixels).
    pub dpi: u32,
    /// Words and their boxes in pixels (left, top, width, height); empty for a page with no
    /// text layer.
    pub words: Vec<(String, [u32; 4])>,
}

/// A PDF of page images, each with its words drawn under the picture: what a scanner with OCR
/// writes. The picture covers the words, so the page looks like the image while its text can be
/// searched and copied. Used to rebuild redacted pages and to make scanned documents for tests.
pub fn image_pdf(pages: &[ImagePage], title: &str) -> Result<Vec<u8>, DocError> {
    use krilla::Document;
    use krilla::geom::{Point, Size};
    use krilla::image::Image;
    use krilla::metadata::Metadata;
    use krilla::page::PageSettings;
    use krilla::text::{Font, TextDirection};

    let font = Font::new(SERIF.into(), 0)
        .ok_or_else(|| DocError::Pdf("the serif font does not load".into()))?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .language("vi".to_string())
            .creator("Khiên".to_string()),
    );
    for (n, p) in pages.iter().enumerate() {
        let image = Image::from_png(p.png.clone().into(), true)
            .map_err(|e| DocError::Pdf(format!("page {}: {e}", n + 1)))?;
        let (w, h) = image.size();
        let pt = 72.0 / p.dpi.max(1) as f32;
        let size = Size::from_wh(w as f32 * pt, h as f32 * pt)
            .ok_or_else(|| DocError::Pdf(format!("page {}: empty image", n + 1)))?;
        let settings = PageSettings::from_wh(size.width(), size.height())
            .ok_or_else(|| DocError::Pdf("page size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for (word, [left, top, _width, height]) in &p.words {
            let font_size = (*height as f32 * pt * 0.9).max(1.0);
            let baseline = (*top + *height) as f32 * pt - font_size * 0.15;
            surface.draw_text(
                Point::from_xy(*left as f32 * pt, baseline),
                font.clone(),
                font_size,
                word,
                false,
                TextDirection::Auto,
            );
        }
        surface.draw_image(image, size);
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| DocError::Pdf(format!("{e:?}")))
}

// ------------------------------------------------------------------------------------------
// Raster

/// Lines of text drawn black on white at `px` pixels (DejaVu Serif, 40-pixel margins), as a
/// PNG: what a scanner or a phone camera would give of a printed page, with known text (the
/// OCR tests and benches read it back).
pub fn text_png(lines: &[&str], px: f32) -> Vec<u8> {
    use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
    let font = FontRef::try_from_slice(SERIF).expect("the embedded font parses");
    let scale = PxScale::from(px);
    let scaled = font.as_scaled(scale);
    let width = lines
        .iter()
        .map(|l| l.chars().map(|c| scaled.h_advance(font.glyph_id(c))).sum::<f32>())
        .fold(0.0f32, f32::max) as u32
        + 80;
    let line_h = (px * 1.6) as u32;
    let height = line_h * lines.len() as u32 + 80;
    let mut img = image::GrayImage::from_pixel(width, height, image::Luma([255]));
    for (i, line) in lines.iter().enumerate() {
        let mut x = 40.0;
        let baseline = 40.0 + (i as f32 + 1.0) * line_h as f32 - px * 0.4;
        for c in line.chars() {
            let id = font.glyph_id(c);
            if let Some(outline) =
                font.outline_glyph(id.with_scale_and_position(scale, ab_glyph::point(x, baseline)))
            {
                let b = outline.px_bounds();
                outline.draw(|gx, gy, cov| {
                    let (px_x, px_y) =
                        (b.min.x as i64 + i64::from(gx), b.min.y as i64 + i64::from(gy));
                    if px_x >= 0 && px_y >= 0 && (px_x as u32) < width && (px_y as u32) < height {
                        let v = (255.0 * (1.0 - cov)).clamp(0.0, 255.0) as u8;
                        let p = img.get_pixel_mut(px_x as u32, px_y as u32);
                        p.0[0] = p.0[0].min(v);
                    }
                });
            }
            x += scaled.h_advance(id);
        }
    }
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("a PNG in memory");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_never_run_past_the_margin() {
        let m = Measure::new(SERIF);
        let text = "Căn cứ Điều 23 Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Điều 28 Nghị định số 356/2025/NĐ-CP, chúng tôi thông báo như sau: một-từ-rất-dài-không-có-khoảng-trắng-nào-để-ngắt-dòng-cho-đến-hết-lề-phải-của-trang-giấy-A4";
        let lines = m.wrap(text, SIZE, 300.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(m.width(l, SIZE) <= 300.0, "{l}");
        }
        // Nothing is lost or added but the spaces at the breaks.
        let joined: String = lines.concat();
        assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
    }

    #[test]
    fn vietnamese_letters_have_their_own_glyphs() {
        let face = ttf_parser::Face::parse(SERIF, 0).unwrap();
        for c in "ạảãàáâậầấẩẫăắằặẳẵđêềếểễệôồốổỗộơờớởỡợưừứửữựỳýỷỹỵĐ".chars()
        {
            assert!(face.glyph_index(c).is_some(), "{c}");
        }
    }

    #[test]
    fn markup_and_control_characters_cannot_break_the_docx() {
        assert_eq!(xml_escape("a<b>&\"c\u{1}"), "a&lt;b&gt;&amp;&quot;c ");
    }
}
