//! Fuzzes the readers of the OCR programs' output (Tesseract's TSV, pdftotext's bbox XHTML)
//! and what is built on them: the page text with its word map, and the identity-document
//! recogniser. A hostile image makes the programs print anything; nothing may panic, and every
//! word's range must lie on character boundaries of its line and of the page text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    for lines in [khien_ocr::parse_tsv(s), khien_ocr::parse_bbox_layout(s, 300.0 / 72.0)] {
        for line in &lines {
            for w in &line.words {
                assert!(line.text.get(w.start..w.end).is_some());
            }
        }
        let page = khien_ocr::PageText::new(&lines);
        for (_, _, r) in &page.words {
            assert!(page.text.get(r.clone()).is_some());
        }
        if let Some((_, _, r)) = page.words.first() {
            let _ = page.boxes(&lines, r.start, page.text.len());
        }
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        let _ = khien_detect::document::recognise(&texts);
    }
});
