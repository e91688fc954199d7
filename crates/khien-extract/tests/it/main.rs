//! Extraction tests: every format with its locations and context, nesting, limits and bad
//! input.

mod fixtures;

use std::time::Duration;

use fixtures::*;
use khien_extract::{ExtractError, Extracted, Format, Limits, Location, NoteKind, extract};

const CCCD: &str = "001090000001";
const PHONE: &str = "0912 345 678";

fn ex(name: &str, bytes: &[u8]) -> Extracted {
    extract(name, bytes, &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn find<'a>(e: &'a Extracted, needle: &str) -> &'a khien_extract::Segment {
    e.segments
        .iter()
        .find(|s| s.text.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in {:#?}", e.segments))
}

#[test]
fn text_lines_and_columns() {
    let t = format!("Dòng một\nHọ tên: A, CCCD {CCCD}\n");
    let e = ex("a.txt", t.as_bytes());
    let s = find(&e, CCCD);
    let off = s.text.find(CCCD).unwrap();
    assert_eq!(s.locate(off), Location::Text { line: 2, column: 17 });
    assert_eq!(e.encoding, Some("utf-8"));
}

#[test]
fn utf16_and_legacy_text() {
    let mut b = vec![0xFF, 0xFE];
    for u in format!("Số CCCD: {CCCD}").encode_utf16() {
        b.extend_from_slice(&u.to_le_bytes());
    }
    let e = ex("u16.txt", &b);
    assert_eq!(e.encoding, Some("utf-16le"));
    assert!(find(&e, CCCD).text.starts_with("Số CCCD"));

    // TCVN3 bytes as an old .VnTime document would hold them.
    let tcvn: Vec<u8> = "Céng hoµ x· héi chñ nghÜa ViÖt Nam. Hä tªn: NguyÔn V¨n A"
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    let e = ex("old.txt", &tcvn);
    assert_eq!(e.encoding, Some("tcvn3"));
    assert!(find(&e, "Cộng hoà").text.contains("Nguyễn Văn A"));
    assert!(e.notes.iter().any(|n| n.kind == NoteKind::Converted));
}

#[test]
fn legacy_font_docx_is_converted() {
    // A .VnTime document: Word stores the TCVN3 codes as Latin-1 characters.
    let d = docx(&[&["Céng hoµ x· héi chñ nghÜa ViÖt Nam"], &["Hä tªn: NguyÔn V¨n A"]], None);
    let e = ex("cu.docx", &d);
    assert_eq!(find(&e, "Cộng hoà").text, "Cộng hoà xã hội chủ nghĩa Việt Nam");
    assert_eq!(find(&e, "Họ tên").text, "Họ tên: Nguyễn Văn A");
    assert!(e.notes.iter().any(|n| n.kind == NoteKind::Converted && n.message.contains("TCVN3")));
}

#[test]
fn csv_headers_are_context_and_numeric_cells_flagged() {
    let e = ex("ds.csv", "Họ tên;Số CCCD;SĐT\n\"Nguyễn; A\";79203000111;0912345678\n".as_bytes());
    let s = find(&e, "79203000111");
    assert_eq!(s.field.as_deref(), Some("Số CCCD"));
    assert!(s.numeric);
    assert_eq!(s.location, Location::Cell { sheet: None, cell: "B2".parse().unwrap() });
    assert_eq!(s.line_col(0), Some((2, 13)));
    assert_eq!(find(&e, "Nguyễn").text, "Nguyễn; A");
    // The engine restores the lost leading zero from the header.
    let engine = khien_detect::Engine::new(khien_detect::Config::default());
    let f = engine.detect_field(
        &s.text,
        &khien_detect::FieldContext { label: s.field.as_deref(), numeric: s.numeric },
    );
    assert_eq!(f.first().map(|f| f.kind), Some(khien_detect::Kind::NationalId));
    let tsv = ex("ds.tsv", format!("SĐT\tGhi chú\n{PHONE}\tx, y\n").as_bytes());
    assert_eq!(find(&tsv, PHONE).field.as_deref(), Some("SĐT"));
}

#[test]
fn json_and_jsonl_paths() {
    let e = ex(
        "a.json",
        format!(r#"[{{"ho_ten": "A", "giay_to": {{"cccd": "{CCCD}"}}}}, {{"sdt": 912345678}}]"#)
            .as_bytes(),
    );
    let s = find(&e, CCCD);
    assert_eq!(s.location, Location::Json { record: 1, path: "$.giay_to.cccd".into() });
    assert_eq!(s.field.as_deref(), Some("cccd"));
    let n = find(&e, "912345678");
    assert!(n.numeric);
    assert_eq!(n.location.to_string(), "record 2 $.sdt");
    let l = ex(
        "a.jsonl",
        format!("{{\"a\": 1}}\n\n{{\"so_dien_thoai\": \"{PHONE}\"}}\nnot json\n").as_bytes(),
    );
    assert_eq!(
        find(&l, PHONE).location,
        Location::Json { record: 3, path: "$.so_dien_thoai".into() }
    );
    assert!(
        l.notes.iter().any(|n| n.kind == NoteKind::Truncated && n.message.contains("record 4"))
    );
}

#[test]
fn html_skips_scripts_and_keeps_rows_together() {
    let h = format!(
        "<html><head><script>var cccd = '{CCCD}';</script><style>p{{}}</style></head><body><table><tr><td>SĐT</td><td>{PHONE}</td></tr></table><p>Liên hệ <a href=\"mailto:a@example.vn\">thư</a> &amp; <img alt=\"ảnh\"></p></body></html>"
    );
    let e = ex("a.html", h.as_bytes());
    // Script content is scanned, as a segment of its own, never mixed into the visible text.
    let script = find(&e, CCCD);
    assert_eq!(script.field.as_deref(), Some("script"));
    assert!(!e.segments.iter().any(|s| s.text.contains("p{}")), "style content is not text");
    assert!(find(&e, PHONE).text.contains("SĐT\t"));
    assert!(find(&e, "Liên hệ").text.contains("thư & "));
    assert_eq!(find(&e, "mailto:").field.as_deref(), Some("href"));
}

#[test]
fn xml_elements_and_attributes() {
    let x = format!(
        "<?xml version=\"1.0\"?><hoso><nguoi cccd=\"{CCCD}\"><soDienThoai>{PHONE}</soDienThoai></nguoi></hoso>"
    );
    let e = ex("a.xml", x.as_bytes());
    assert_eq!(find(&e, CCCD).field.as_deref(), Some("cccd"));
    assert_eq!(find(&e, PHONE).field.as_deref(), Some("soDienThoai"));
}

#[test]
fn docx_paragraphs_header_and_properties() {
    let d = docx(
        &[&["Quyết định"], &["Ông A, CCCD ", "0010900", "00001"]],
        Some(&format!("SĐT {PHONE}")),
    );
    let e = ex("qd.docx", &d);
    assert_eq!(e.format, Some(Format::Docx));
    let s = find(&e, "Ông A");
    assert_eq!(s.text, format!("Ông A, CCCD {CCCD}"));
    assert_eq!(s.location, Location::Paragraph { part: "body".into(), index: 2 });
    assert_eq!(find(&e, PHONE).location, Location::Paragraph { part: "header1".into(), index: 1 });
    assert_eq!(find(&e, "Phòng Tổ chức").field.as_deref(), Some("creator"));
    assert!(!e.segments.iter().any(|s| s.text.contains('\t')), "pPr tabs must not become text");
}

#[test]
fn xlsx_cells_sheet_and_lost_zero() {
    let x = xlsx(
        "Danh sách",
        &[
            &[X::S("Họ tên"), X::S("Số CCCD"), X::S("SĐT")],
            &[X::S("A"), X::N("79203000111"), X::S(PHONE)],
            &[X::S("B"), X::N("7.9203000112E10"), X::F("B2+1", "79203000112")],
        ],
    );
    // The fixture is a real workbook: calamine reads it.
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(&x)).unwrap();
    use calamine::Reader;
    assert_eq!(wb.sheet_names(), vec!["Danh sách".to_string()]);
    assert!(wb.worksheet_range("Danh sách").is_ok());
    let e = ex("ds.xlsx", &x);
    let s = find(&e, "79203000111");
    assert_eq!(
        s.location,
        Location::Cell { sheet: Some("Danh sách".into()), cell: "B2".parse().unwrap() }
    );
    assert_eq!(s.location.to_string(), "'Danh sách'!B2");
    assert_eq!(s.field.as_deref(), Some("Số CCCD"));
    assert!(s.numeric);
    assert_eq!(
        find(&e, "79203000112").location,
        Location::Cell { sheet: Some("Danh sách".into()), cell: "B3".parse().unwrap() }
    );
    assert_eq!(find(&e, PHONE).field.as_deref(), Some("SĐT"));
}

#[test]
fn xlsx_date_cells_read_as_dates() {
    let x = xlsx("S", &[&[X::S("Họ tên"), X::S("Ngày sinh")], &[X::S("A"), X::D("32945")]]);
    let e = ex("d.xlsx", &x);
    let s = find(&e, "13/03/1990");
    assert_eq!(s.field.as_deref(), Some("Ngày sinh"));
    assert!(!s.numeric);
}

#[test]
fn pptx_odt_ods() {
    let p = ex("s.pptx", &pptx(&[&["Tiêu đề"], &["Mở đầu", &format!("Liên hệ {PHONE}")]]));
    assert_eq!(find(&p, PHONE).location, Location::Paragraph { part: "slide 2".into(), index: 2 });
    let o = ex("v.odt", &odt(&[&format!("CCCD {CCCD}"), "Đoạn hai"]));
    assert_eq!(o.format, Some(Format::Odt));
    assert_eq!(find(&o, CCCD).location, Location::Paragraph { part: "body".into(), index: 2 });
    assert_eq!(find(&o, "Tiêu đề").text, "Tiêu đề  chính");
    let s = ex(
        "d.ods",
        &ods("Trang 1", &[&[O::S("Họ tên"), O::S("Số CCCD")], &[O::S("A"), O::N("79203000111")]]),
    );
    let c = find(&s, "79203000111");
    assert_eq!(c.location.to_string(), "'Trang 1'!B2");
    assert!(c.numeric);
    assert_eq!(c.field.as_deref(), Some("Số CCCD"));
}

#[test]
fn pdf_pages() {
    let e = ex("a.pdf", &pdf(&[&["Trang mot"], &["Ho ten: A", &format!("CCCD {CCCD}")]]));
    assert_eq!(find(&e, CCCD).location, Location::Page { page: 2 });
}

#[test]
fn nested_archives_and_member_paths() {
    let inner = xlsx("Sheet1", &[&[X::S("SĐT")], &[X::S(PHONE)]]);
    let inner_zip = zip_of(&[("ghi-chu.txt", format!("CCCD {CCCD}").as_bytes())]);
    let z = zip_of(&[("2024/danh-sach.xlsx", &inner), ("2024/cu.zip", &inner_zip), ("2024/", b"")]);
    let e = ex("hoso.zip", &z);
    let s = find(&e, PHONE);
    assert_eq!(s.member, "2024/danh-sach.xlsx");
    assert_eq!(s.describe(0), "2024/danh-sach.xlsx › Sheet1!A2");
    assert_eq!(find(&e, CCCD).member, "2024/cu.zip!ghi-chu.txt");

    let tgz = gzip(&tar_of(&[
        ("a/b.csv", format!("SĐT\n{PHONE}\n").as_bytes()),
        ("a/c.json", format!("{{\"cccd\": \"{CCCD}\"}}").as_bytes()),
    ]));
    let e = ex("backup.tar.gz", &tgz);
    assert_eq!(find(&e, PHONE).member, "a/b.csv");
    assert_eq!(find(&e, CCCD).member, "a/c.json");
    let g = ex("note.txt.gz", &gzip(format!("CCCD {CCCD}").as_bytes()));
    assert_eq!(find(&g, CCCD).member, "note.txt");
}

#[test]
fn email_headers_body_and_attachments() {
    let att = docx(&[&[&format!("CCCD {CCCD}")]], None);
    let m = eml(
        "Hồ sơ của Nguyễn Văn A",
        "Nguyễn Văn A <nguyen.van.a@example.vn>",
        &format!("Chào anh,\nSĐT của tôi: {PHONE}\n"),
        Some(("ho-so.docx", &att)),
    );
    let e = ex("thu.eml", &m);
    assert_eq!(e.format, Some(Format::Eml));
    assert_eq!(find(&e, "Hồ sơ của").location, Location::Email { part: "Subject".into() });
    assert!(find(&e, "nguyen.van.a@example.vn").text.starts_with("Nguyễn Văn A"));
    assert_eq!(find(&e, PHONE).location, Location::Email { part: "body".into() });
    let a = find(&e, CCCD);
    assert_eq!(a.member, "ho-so.docx");
    let mbox = [
        b"From a@b Mon Nov  3 08:00:00 2025\n".to_vec(),
        m.clone(),
        b"\nFrom c@d Mon Nov  3 09:00:00 2025\n".to_vec(),
        m,
    ]
    .concat();
    let e = ex("hop-thu.mbox", &mbox);
    assert_eq!(e.format, Some(Format::Mbox));
    assert!(
        e.segments.iter().any(|s| s.member == "message 2!ho-so.docx"),
        "{:?}",
        e.segments.iter().map(|s| &s.member).collect::<Vec<_>>()
    );
}

#[test]
fn limit_file_size() {
    let l = Limits { max_file_size: 10, ..Limits::default() };
    assert!(matches!(
        extract("a.txt", b"more than ten bytes", &l),
        Err(ExtractError::TooLarge { .. })
    ));
}

#[test]
fn limit_zip_bomb_ratio_is_reported() {
    let bomb = vec![b'0'; 8 << 20];
    let z = zip_of(&[("zeros.txt", &bomb)]);
    let e = extract("bomb.zip", &z, &Limits { max_ratio: 50, ..Limits::default() }).unwrap();
    let n = e.notes.iter().find(|n| n.kind == NoteKind::Truncated).expect("truncation note");
    assert_eq!(n.member, "zeros.txt");
    assert!(n.message.contains("ratio"), "{}", n.message);
    assert!(e.truncated());
}

#[test]
fn limit_total_decompressed() {
    let z = zip_of(&[("a.txt", &[b'a'; 100_000]), ("b.txt", &[b'b'; 100_000])]);
    let e =
        extract("two.zip", &z, &Limits { max_decompressed: 150_000, ..Limits::default() }).unwrap();
    assert!(e.notes.iter().any(|n| n.kind == NoteKind::Truncated
        && n.member == "b.txt"
        && n.message.contains("decompressed size")));
}

#[test]
fn limit_depth() {
    let mut z = zip_of(&[("x.txt", format!("CCCD {CCCD}").as_bytes())]);
    for i in 0..4 {
        z = zip_of(&[(&format!("l{i}.zip"), &z)]);
    }
    let e = extract("deep.zip", &z, &Limits { max_depth: 2, ..Limits::default() }).unwrap();
    assert!(e.segments.is_empty());
    assert!(
        e.notes
            .iter()
            .any(|n| n.kind == NoteKind::Truncated && n.message.contains("nested deeper"))
    );
    let e = ex("deep.zip", &z);
    assert_eq!(find(&e, CCCD).member, "l3.zip!l2.zip!l1.zip!l0.zip!x.txt");
}

#[test]
fn limit_time_and_members() {
    let z = zip_of(&[("a.txt", b"abc"), ("b.txt", b"def"), ("c.txt", b"ghi")]);
    let e =
        extract("t.zip", &z, &Limits { time_budget: Duration::ZERO, ..Limits::default() }).unwrap();
    assert!(
        e.notes.iter().any(|n| n.kind == NoteKind::Truncated && n.message.contains("time limit"))
    );
    let e = extract("m.zip", &z, &Limits { max_members: 2, ..Limits::default() }).unwrap();
    assert_eq!(e.segments.len(), 2);
    assert!(
        e.notes
            .iter()
            .any(|n| n.kind == NoteKind::Truncated && n.message.contains("more than 2 members"))
    );
}

#[test]
fn encrypted_inputs_are_reported() {
    // An encrypted Office file is an OLE container with an EncryptedPackage stream.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(512, 0);
    ole.extend("EncryptedPackage".encode_utf16().flat_map(|u| u.to_le_bytes()));
    assert!(matches!(
        extract("secret.docx", &ole, &Limits::default()),
        Err(ExtractError::Encrypted { .. })
    ));
    // A zip member protected with a password.
    let mut z =
        zip_of(&[("plain.txt", format!("CCCD {CCCD}").as_bytes()), ("secret.txt", b"bi mat")]);
    // Set the "encrypted" flag of secret.txt in its local and central headers.
    let hits: Vec<usize> =
        z.windows(10).enumerate().filter(|(_, w)| *w == b"secret.txt").map(|(i, _)| i).collect();
    for i in hits {
        if i >= 30 && z[i - 30..i - 26] == *b"PK\x03\x04" {
            z[i - 30 + 6] |= 1;
        }
        if i >= 46 && z[i - 46..i - 42] == *b"PK\x01\x02" {
            z[i - 46 + 8] |= 1;
        }
    }
    let e = ex("mixed.zip", &z);
    assert!(
        e.notes.iter().any(|n| n.kind == NoteKind::Encrypted && n.member == "secret.txt"),
        "{:?}",
        e.notes
    );
    assert_eq!(find(&e, CCCD).member, "plain.txt");
}

#[test]
fn malformed_files_give_clear_errors() {
    let d = docx(&[&["x"]], None);
    let cut = &d[..d.len() / 2];
    let err = extract("cut.docx", cut, &Limits::default());
    assert!(err.is_err() || err.as_ref().is_ok_and(|e| e.segments.is_empty()));
    match extract("bad.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", &Limits::default()) {
        Err(ExtractError::Malformed { name, format, .. }) => {
            assert_eq!((name.as_str(), format), ("bad.pdf", "pdf"))
        }
        other => panic!("{other:?}"),
    }
    // Malformed JSON is read up to the error, and the note says so.
    let e = ex("bad.json", format!("{{\"sdt\": \"{PHONE}\", \"a\": [1, 2").as_bytes());
    assert_eq!(find(&e, PHONE).field.as_deref(), Some("sdt"));
    assert!(
        e.notes
            .iter()
            .any(|n| n.kind == NoteKind::Truncated && n.message.contains("malformed JSON")),
        "{:?}",
        e.notes
    );
    // Text that is not JSON at all is read as text.
    let e = ex("notes.json", format!("SĐT {PHONE}").as_bytes());
    assert_eq!(find(&e, PHONE).location, Location::Text { line: 1, column: 1 });
    // A bad member does not stop the archive.
    let z = zip_of(&[
        ("bad.pdf", b"%PDF-1.4 garbage"),
        ("good.txt", format!("CCCD {CCCD}").as_bytes()),
    ]);
    let e = ex("z.zip", &z);
    assert!(
        e.notes.iter().any(|n| n.kind == NoteKind::Error && n.member == "bad.pdf"),
        "{:?}",
        e.notes
    );
    assert_eq!(find(&e, CCCD).member, "good.txt");
    assert!(matches!(
        extract("x.bin", &[0u8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1], &Limits::default()),
        Err(ExtractError::Unsupported { .. })
    ));
}

#[test]
fn no_input_makes_it_panic() {
    // Deterministic pseudo-random corruptions of every fixture.
    let fixtures: Vec<(&str, Vec<u8>)> = vec![
        ("a.docx", docx(&[&["Ông A ", CCCD]], Some("h"))),
        ("a.xlsx", xlsx("S", &[&[X::S("a"), X::N("1")]])),
        ("a.ods", ods("S", &[&[O::S("a"), O::N("1")]])),
        ("a.pdf", pdf(&[&["x"]])),
        ("a.eml", eml("s", "a@b.vn", "body", Some(("x.csv", b"a,b")))),
        ("a.tar.gz", gzip(&tar_of(&[("x.txt", b"hello")]))),
        ("a.html", b"<p a='1'>x &amp; y</p><script>z</script>".to_vec()),
        ("a.json", br#"{"a": ["b", 1, {"c": "\ud83d\ude00"}]}"#.to_vec()),
    ];
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for (name, bytes) in fixtures {
        for round in 0..60 {
            let mut b = bytes.clone();
            for _ in 0..(1 + round % 8) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let i = (seed as usize) % b.len();
                b[i] = (seed >> 32) as u8;
            }
            if round % 5 == 0 {
                b.truncate((seed as usize) % b.len());
            }
            let r = extract(name, &b, &Limits::default());
            assert!(
                !matches!(r, Err(ExtractError::Panicked { .. })),
                "{name} round {round}: parser panicked"
            );
        }
    }
}

#[test]
fn after_the_decompressed_limit_one_note_and_no_malformed_noise() {
    // A flood of nested archives (42.zip in small): once the budget of the whole file is
    // spent, the other members are not read, noted once, and never called malformed.
    let inner = zip_of(&[("x.txt", &[b'x'; 100_000])]);
    let names: Vec<String> = (0..30).map(|i| format!("m{i}.zip")).collect();
    let members: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &inner[..])).collect();
    let z = zip_of(&members);
    let e = extract("flood.zip", &z, &Limits { max_decompressed: 250_000, ..Limits::default() })
        .unwrap();
    let truncated = e.notes.iter().filter(|n| n.kind == NoteKind::Truncated).count();
    assert_eq!(truncated, 1, "{:#?}", e.notes);
    assert!(!e.notes.iter().any(|n| n.kind == NoteKind::Error), "{:#?}", e.notes);
}

#[test]
fn a_docx_whose_body_is_cut_says_it_was_read_in_part() {
    let d = docx(&[&["Ông Lê Văn Minh, CCCD 001090000001, ở Hà Nội."]], None);
    let mut ar = zip::ZipArchive::new(std::io::Cursor::new(&d[..])).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..ar.len() {
        let mut f = ar.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        if name == "word/document.xml" {
            data.truncate(data.len() / 2);
        }
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut w, &data).unwrap();
    }
    let cut = w.finish().unwrap().into_inner();
    let e = ex("cut.docx", &cut);
    assert!(
        e.notes
            .iter()
            .any(|n| n.kind == NoteKind::Truncated && n.message.contains("word/document.xml")),
        "{:#?}",
        e.notes
    );
    assert!(ex("whole.docx", &d).notes.iter().all(|n| n.kind != NoteKind::Truncated));
}

#[test]
fn streaming_extraction_hands_over_every_segment_of_every_member() {
    let inner =
        zip_of(&[("a.txt", b"CCCD 001090000001\n"), ("b.csv", b"Ho ten,SDT\nA,0912345678\n")]);
    let z = zip_of(&[("in.zip", &inner[..]), ("c.txt", b"khong co gi\n")]);
    let whole = ex("s.zip", &z);
    let mut streamed = Vec::new();
    let rest = khien_extract::extract_streaming("s.zip", &z, &Limits::default(), &mut |s| {
        streamed.push(s)
    })
    .unwrap();
    assert!(rest.segments.is_empty());
    assert_eq!(streamed, whole.segments);
}
