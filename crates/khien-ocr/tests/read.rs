//! Tesseract on images drawn here with known text (DejaVu Serif, the font khien-doc ships):
//! the lines and the boxes come back. Runs when Tesseract with the Vietnamese model is
//! installed; under `KHIEN_OCR_TESTS=1` (set by `.ci/run`) a missing Tesseract is a failure.

use std::time::Duration;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use khien_ocr::{OcrError, Tesseract};

static FONT: &[u8] = include_bytes!("../../khien-doc/data/fonts/DejaVuSerif.ttf");

/// A white PNG with `lines` drawn in black at `px` pixels, 40 px margins.
pub fn draw(lines: &[&str], px: f32) -> Vec<u8> {
    let font = FontRef::try_from_slice(FONT).unwrap();
    let scaled = font.as_scaled(PxScale::from(px));
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
            let glyph = id.with_scale_and_position(PxScale::from(px), ab_glyph::point(x, baseline));
            if let Some(outline) = font.outline_glyph(glyph) {
                let b = outline.px_bounds();
                outline.draw(|gx, gy, cov| {
                    let (px_x, px_y) = (b.min.x as i32 + gx as i32, b.min.y as i32 + gy as i32);
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
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

fn tesseract() -> Option<Tesseract> {
    match Tesseract::find() {
        Ok(t) => Some(t),
        Err(e) if std::env::var("KHIEN_OCR_TESTS").as_deref() == Ok("1") => panic!("KHIEN_OCR_TESTS=1 but {e}"),
        Err(e) => {
            eprintln!("skipping: {e}");
            None
        }
    }
}

#[test]
fn a_drawn_document_reads_back_with_boxes() {
    let Some(t) = tesseract() else { return };
    let png = draw(&["Họ và tên: Nguyễn Văn An", "Số CCCD: 001099012345", "Điện thoại: 0912 345 678"], 40.0);
    let lines = t.read(&png, Duration::from_secs(60)).unwrap();
    let text: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    let joined = text.join("\n");
    assert!(joined.contains("001099012345"), "{joined}");
    assert!(joined.contains("Nguyễn Văn An"), "{joined}");
    let line = lines.iter().find(|l| l.text.contains("001099012345")).unwrap();
    let at = line.text.find("001099012345").unwrap();
    let b = line.bbox_of(at, at + 12);
    assert!(b.width > 100 && b.height > 20 && b.left > 100, "{b:?}");
}

#[test]
fn what_is_not_an_image_fails_cleanly_and_a_limit_stops_a_run() {
    let Some(t) = tesseract() else { return };
    match t.read(b"not an image at all", Duration::from_secs(30)) {
        Err(OcrError::Failed(_)) => {}
        Ok(lines) => assert!(lines.is_empty(), "{lines:?}"),
        Err(e) => panic!("{e}"),
    }
    let big = draw(&["Một dòng chữ để đọc"; 30], 40.0);
    assert!(matches!(t.read(&big, Duration::from_millis(1)), Err(OcrError::Timeout(_))));
}
