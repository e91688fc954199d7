//! Builders for test documents: minimal but valid office files, e-mails, archives and PDFs,
//! written by hand so the tests need no external tool. Shared by the extract and redact tests.
#![allow(dead_code)]

use std::io::{Cursor, Write};

/// A zip of `(name, data)` entries; `mimetype` is stored uncompressed and first, as ODF wants.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        w.start_file(*name, zip::write::SimpleFileOptions::default().compression_method(method))
            .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A docx whose body paragraphs are given as runs (a value split over runs tests cross-run
/// redaction), with an optional header paragraph.
pub fn docx(paragraphs: &[&[&str]], header: Option<&str>) -> Vec<u8> {
    let mut body = String::new();
    for runs in paragraphs {
        body.push_str("<w:p><w:pPr><w:pStyle w:val=\"Normal\"/><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>");
        for r in *runs {
            body.push_str(&format!(
                "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                esc(r)
            ));
        }
        body.push_str("</w:p>");
    }
    // A table with a label cell and a value cell.
    body.push_str("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Ghi chú</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Bảng giữ nguyên</w:t></w:r></w:p></w:tc></w:tr></w:tbl>");
    let doc = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let ct = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let core = r#"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Danh sách hồ sơ</dc:title><dc:creator>Phòng Tổ chức</dc:creator></cp:coreProperties>"#;
    let mut entries: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", ct.as_bytes().to_vec()),
        ("_rels/.rels", rels.as_bytes().to_vec()),
        ("word/document.xml", doc.into_bytes()),
        ("word/styles.xml", b"<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:style w:styleId=\"Normal\"/></w:styles>".to_vec()),
        ("docProps/core.xml", core.as_bytes().to_vec()),
    ];
    if let Some(h) = header {
        let hx = format!(
            "<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:hdr>",
            esc(h)
        );
        entries.push(("word/header1.xml", hx.into_bytes()));
    }
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, d)| (*n, d.as_slice())).collect();
    zip_of(&refs)
}

/// A cell for [`xlsx`].
#[derive(Clone, Copy)]
pub enum X<'a> {
    /// A shared string.
    S(&'a str),
    /// A number as Excel stores it.
    N(&'a str),
    /// A formula with its cached numeric value.
    F(&'a str, &'a str),
    /// A date serial with a date format (style 2).
    D(&'a str),
    /// Empty.
    E,
}

pub fn col(c: usize) -> String {
    // Written out here rather than with the crate's own writer, so the tests check it.
    let mut c = c;
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    letters.iter().rev().map(|&b| char::from(b)).collect()
}

/// An xlsx with one sheet (styles, shared strings, a formula).
pub fn xlsx(sheet: &str, rows: &[&[X<'_>]]) -> Vec<u8> {
    let mut sst: Vec<String> = Vec::new();
    let mut data = String::new();
    for (r, row) in rows.iter().enumerate() {
        data.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            let rf = format!("{}{}", col(c), r + 1);
            match cell {
                X::S(s) => {
                    let idx = sst.iter().position(|x| x == s).unwrap_or_else(|| {
                        sst.push(s.to_string());
                        sst.len() - 1
                    });
                    data.push_str(&format!("<c r=\"{rf}\" t=\"s\" s=\"1\"><v>{idx}</v></c>"));
                }
                X::N(n) => data.push_str(&format!("<c r=\"{rf}\" s=\"1\"><v>{n}</v></c>")),
                X::D(n) => data.push_str(&format!("<c r=\"{rf}\" s=\"2\"><v>{n}</v></c>")),
                X::F(f, v) => {
                    data.push_str(&format!("<c r=\"{rf}\"><f>{}</f><v>{v}</v></c>", esc(f)))
                }
                X::E => {}
            }
        }
        data.push_str("</row>");
    }
    let sheet_xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheetData>{data}</sheetData><headerFooter><oddHeader>&amp;LDanh sách lập bởi phong.to.chuc@example.gov.vn</oddHeader></headerFooter></worksheet>"
    );
    let sst_xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{n}\" uniqueCount=\"{n}\">{}</sst>",
        sst.iter()
            .map(|s| format!("<si><t xml:space=\"preserve\">{}</t></si>", esc(s)))
            .collect::<String>(),
        n = sst.len()
    );
    let wb = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"{}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        esc(sheet)
    );
    let wb_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
    let styles = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="0"/><fonts count="2"><font><sz val="11"/></font><font><b/><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#;
    let ct = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    zip_of(&[
        ("[Content_Types].xml", ct.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", wb.as_bytes()),
        ("xl/_rels/workbook.xml.rels", wb_rels.as_bytes()),
        ("xl/styles.xml", styles.as_bytes()),
        ("xl/sharedStrings.xml", sst_xml.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet_xml.as_bytes()),
    ])
}

/// A pptx with slides of paragraphs.
pub fn pptx(slides: &[&[&str]]) -> Vec<u8> {
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_vec()),
        ("ppt/presentation.xml".into(), br#"<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>"#.to_vec()),
    ];
    for (i, paras) in slides.iter().enumerate() {
        let body: String = paras
            .iter()
            .map(|p| format!("<a:p><a:r><a:rPr lang=\"vi-VN\"/><a:t>{}</a:t></a:r></a:p>", esc(p)))
            .collect();
        let xml = format!(
            "<p:sld xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><p:cSld><p:spTree><p:sp><p:txBody>{body}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
        );
        entries.push((format!("ppt/slides/slide{}.xml", i + 1), xml.into_bytes()));
    }
    let refs: Vec<(&str, &[u8])> =
        entries.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    zip_of(&refs)
}

fn odf(mime: &str, body: &str) -> Vec<u8> {
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\" office:version=\"1.2\"><office:body>{body}</office:body></office:document-content>"
    );
    let manifest = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"{mime}\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>"
    );
    zip_of(&[
        ("mimetype", mime.as_bytes()),
        ("content.xml", content.as_bytes()),
        ("META-INF/manifest.xml", manifest.as_bytes()),
    ])
}

/// An odt with paragraphs (a `text:span` and `text:s` inside the first).
pub fn odt(paragraphs: &[&str]) -> Vec<u8> {
    let mut body = String::from("<office:text>");
    for (i, p) in paragraphs.iter().enumerate() {
        if i == 0 {
            body.push_str(&format!("<text:h text:outline-level=\"1\">Tiêu đề<text:s text:c=\"2\"/>chính</text:h><text:p text:style-name=\"P1\"><text:span text:style-name=\"T1\">{}</text:span></text:p>", esc(p)));
        } else {
            body.push_str(&format!("<text:p text:style-name=\"P1\">{}</text:p>", esc(p)));
        }
    }
    body.push_str("</office:text>");
    odf("application/vnd.oasis.opendocument.text", &body)
}

/// A cell for [`ods`].
#[derive(Clone, Copy)]
pub enum O<'a> {
    /// Text.
    S(&'a str),
    /// A float value.
    N(&'a str),
    /// A date value (`1990-03-13`).
    D(&'a str),
}

/// An ods with one sheet.
pub fn ods(sheet: &str, rows: &[&[O<'_>]]) -> Vec<u8> {
    let mut body = format!("<office:spreadsheet><table:table table:name=\"{}\">", esc(sheet));
    for row in rows {
        body.push_str("<table:table-row>");
        for c in row.iter() {
            match c {
                O::S(s) => body.push_str(&format!("<table:table-cell office:value-type=\"string\" calcext:value-type=\"string\"><text:p>{}</text:p></table:table-cell>", esc(s))),
                O::D(d) => body.push_str(&format!("<table:table-cell office:value-type=\"date\" office:date-value=\"{d}\" calcext:value-type=\"date\"><text:p>{d}</text:p></table:table-cell>")),
                O::N(n) => body.push_str(&format!("<table:table-cell office:value-type=\"float\" office:value=\"{n}\" calcext:value-type=\"float\"><text:p>{n}</text:p></table:table-cell>")),
            }
        }
        body.push_str(
            "<table:table-cell table:number-columns-repeated=\"1020\"/></table:table-row>",
        );
    }
    body.push_str("<table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row></table:table></office:spreadsheet>");
    odf("application/vnd.oasis.opendocument.spreadsheet", &body)
}

pub fn b64(data: &[u8]) -> String {
    use base64::Engine as _;
    let s = base64::engine::general_purpose::STANDARD.encode(data);
    s.as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// A multipart e-mail: UTF-8 subject (RFC 2047), a quoted-printable text body and an optional
/// attachment.
pub fn eml(subject: &str, from: &str, body: &str, attachment: Option<(&str, &[u8])>) -> Vec<u8> {
    use base64::Engine as _;
    let subj = format!("=?UTF-8?B?{}?=", base64::engine::general_purpose::STANDARD.encode(subject));
    let mut m = format!(
        "Received: from [203.113.131.7] by mail.example.gov.vn for <phong.to.chuc@example.gov.vn>;\r\n Mon, 3 Nov 2025 08:00:00 +0700\r\nFrom: {from}\r\nTo: phong.to.chuc@example.gov.vn\r\nSubject: {subj}\r\nDate: Mon, 3 Nov 2025 08:00:00 +0700\r\nMessage-ID: <abc@example.gov.vn>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\nThis is a multi-part message.\r\n--XYZ\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        b64(body.as_bytes())
    );
    if let Some((name, data)) = attachment {
        m.push_str(&format!(
            "--XYZ\r\nContent-Type: application/octet-stream; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            b64(data)
        ));
    }
    m.push_str("--XYZ--\r\n");
    m.into_bytes()
}

/// A tar of `(name, data)` entries (ustar).
pub fn tar_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, data) in entries {
        let mut h = [0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..107].copy_from_slice(b"0000644");
        h[108..115].copy_from_slice(b"0001750");
        h[116..123].copy_from_slice(b"0001750");
        let size = format!("{:011o}", data.len());
        h[124..135].copy_from_slice(size.as_bytes());
        h[136..147].copy_from_slice(b"14712345670");
        h[156] = b'0';
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        let cs = format!("{sum:06o}\0 ");
        h[148..156].copy_from_slice(cs.as_bytes());
        out.extend_from_slice(&h);
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A one-font PDF with one page per entry, each page drawing its lines with Helvetica.
pub fn pdf(pages: &[&[&str]]) -> Vec<u8> {
    let n = pages.len();
    // Objects: 1 catalog, 2 pages, 3 font, then per page: page, content.
    let mut objs: Vec<String> = Vec::new();
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objs.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    objs.push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")));
    objs.push(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    );
    for (i, lines) in pages.iter().enumerate() {
        let mut content = String::from("BT /F1 12 Tf 72 720 Td 14 TL\n");
        for l in lines.iter() {
            content.push_str(&format!(
                "({}) Tj T*\n",
                l.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)")
            ));
        }
        content.push_str("ET\n");
        objs.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>", 5 + 2 * i));
        objs.push(format!("<< /Length {} >>\nstream\n{}endstream", content.len(), content));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{}\nendobj\n", i + 1, o).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1)
            .as_bytes(),
    );
    out
}
