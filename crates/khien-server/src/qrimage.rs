//! QR images uploaded to the scam desk and the report form: a PNG or JPEG decoded in memory
//! (`image`, within pixel and allocation limits) and its QR code read (`rqrr`). The payload
//! is then judged by `khien-judge` like a typed one; nothing here judges.

use std::io::Cursor;

use crate::pages::Lang;

/// Largest QR image accepted, in bytes.
pub(crate) const MAX_QR_IMAGE: usize = 2 << 20;
/// Largest width or height, in pixels (a phone screenshot is well within it).
const MAX_SIDE: u32 = 4096;
/// Most memory the image decoder may take.
const MAX_ALLOC: u64 = 64 << 20;

/// Why an image gave no QR payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QrImageError {
    /// Over [`MAX_QR_IMAGE`].
    TooLarge,
    /// Not a PNG or JPEG, or damaged.
    NotImage,
    /// Wider or taller than [`MAX_SIDE`] or needing too much memory.
    TooManyPixels,
    /// No QR code found in the picture.
    NoCode,
    /// A QR code was found but could not be read (blurred, cut off, not text).
    Unreadable,
}

impl QrImageError {
    /// The message for a person, in the page's language.
    pub(crate) fn message(self, lang: Lang) -> &'static str {
        match self {
            QrImageError::TooLarge => lang.t(
                "Ảnh quá lớn (tối đa 2 MB). Hãy chụp lại hoặc cắt ảnh chỉ còn mã QR.",
                "The image is too large (at most 2 MB). Take a new picture or crop it to the QR code.",
            ),
            QrImageError::NotImage => lang.t(
                "Tệp không phải ảnh PNG hoặc JPEG đọc được.",
                "The file is not a readable PNG or JPEG image.",
            ),
            QrImageError::TooManyPixels => lang.t(
                "Ảnh có kích thước quá lớn (tối đa 4096 × 4096 điểm ảnh).",
                "The picture is too big (at most 4096 × 4096 pixels).",
            ),
            QrImageError::NoCode => lang.t(
                "Không tìm thấy mã QR trong ảnh. Hãy chụp thẳng, đủ sáng và để mã QR chiếm phần lớn ảnh.",
                "No QR code found in the picture. Take it straight on, in good light, with the code filling most of the picture.",
            ),
            QrImageError::Unreadable => lang.t(
                "Tìm thấy mã QR nhưng không đọc được (mờ, bị che hoặc bị cắt). Hãy chụp lại rõ hơn.",
                "A QR code was found but could not be read (blurred, covered or cut off). Take a clearer picture.",
            ),
        }
    }
}

/// Reads the first readable QR code of a PNG or JPEG image.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, QrImageError> {
    if bytes.len() > MAX_QR_IMAGE {
        return Err(QrImageError::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| QrImageError::NotImage)?;
    if !matches!(format, image::ImageFormat::Png | image::ImageFormat::Jpeg) {
        return Err(QrImageError::NotImage);
    }
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let picture = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => QrImageError::TooManyPixels,
        _ => QrImageError::NotImage,
    })?;
    let grey = picture.to_luma8();
    let (w, h) = grey.dimensions();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
            grey.get_pixel(x as u32, y as u32)[0]
        });
    let grids = prepared.detect_grids();
    if grids.is_empty() {
        return Err(QrImageError::NoCode);
    }
    grids
        .iter()
        .find_map(|g| g.decode().ok().map(|(_, content)| content))
        .filter(|c| !c.trim().is_empty())
        .ok_or(QrImageError::Unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A QR code of `text` as a PNG, `scale` pixels per module with a quiet zone.
    pub(crate) fn png_of(text: &str, scale: u32) -> Vec<u8> {
        let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
        let n = code.width() as u32;
        let colors = code.to_colors();
        let side = (n + 8) * scale;
        let img = image::GrayImage::from_fn(side, side, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            let dark = mx >= 4
                && my >= 4
                && mx < n + 4
                && my < n + 4
                && colors[((my - 4) * n + (mx - 4)) as usize] == qrcode::Color::Dark;
            image::Luma([if dark { 0 } else { 255 }])
        });
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn reads_a_vietqr_png() {
        let payload = khien_judge::build_vietqr(
            "970436",
            "0011001234567",
            Some("50000"),
            None,
            Some("chuyen tien"),
        );
        assert_eq!(decode(&png_of(&payload, 6)).unwrap(), payload);
    }

    #[test]
    fn bad_images_say_why() {
        assert_eq!(decode(b"not an image at all"), Err(QrImageError::NotImage));
        assert_eq!(decode(&vec![0u8; MAX_QR_IMAGE + 1]), Err(QrImageError::TooLarge));
        // A blank picture: no code.
        let mut blank = Vec::new();
        image::GrayImage::from_pixel(200, 200, image::Luma([255]))
            .write_to(&mut Cursor::new(&mut blank), image::ImageFormat::Png)
            .unwrap();
        assert_eq!(decode(&blank), Err(QrImageError::NoCode));
        // A PNG header claiming 100,000 × 100,000 pixels is refused before decoding.
        let mut huge = png_of("x", 2);
        huge[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        huge[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        assert!(matches!(decode(&huge), Err(QrImageError::TooManyPixels | QrImageError::NotImage)));
        for e in [QrImageError::NoCode, QrImageError::Unreadable, QrImageError::TooLarge] {
            assert_ne!(e.message(Lang::Vi), e.message(Lang::En));
        }
    }
}
