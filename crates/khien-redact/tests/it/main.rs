//! Round trips per format: build the input, redact, re-open the output with an independent
//! reader, assert the personal data is gone, the rest is intact and the re-scan is clean.

#[path = "../../../khien-extract/tests/it/fixtures.rs"]
mod fixtures;

use std::io::{Cursor, Read};

use fixtures::*;
use khien_detect::{Config, Engine, Kind};
use khien_extract::Limits;
use khien_redact::{Keys, Operator, Policy, Redacted, Rule, Session, redact};
use mail_parser::MimeHeaders;

const CCCD: &str = "001090000001";
const PHONE: &str = "0912 345 678";
const EMAIL: &str = "nguyen.van.a@example.vn";

/// The structured identifiers only: these round trips check what each format writer does
/// with replaced spans, so the sample names ("A", "Nguyễn Văn A") stay as they are; the
/// test `names_are_pseudonymised_with_the_full_engine` covers names.
fn engine() -> Engine {
    Engine::new(Config::default().with_kinds(Kind::STRUCTURED.to_vec()))
}

fn run(name: &str, bytes: &[u8]) -> Redacted {
    let mut s = Session::new(Policy::default(), None).unwrap();
    run_with(name, bytes, &mut s)
}

fn run_with(name: &str, bytes: &[u8], s: &mut Session) -> Redacted {
    let r = redact(name, bytes, &engine(), s, &Limits::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(r.report.residual.is_empty(), "{name}: residual findings {:#?}", r.report.residual);
    r
}

fn text(r: &Redacted) -> String {
    String::from_utf8(r.bytes.clone()).unwrap()
}

fn member(zip_bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(zip_bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn member_bytes(zip_bytes: &[u8], name: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(Cursor::new(zip_bytes)).unwrap();
    let mut v = Vec::new();
    z.by_name(name).unwrap().read_to_end(&mut v).unwrap();
    v
}

fn assert_gone(out: &str, values: &[&str]) {
    for v in values {
        assert!(!out.contains(v), "{v:?} still in output:\n{out}");
    }
}

#[test]
fn txt() {
    let input = format!("Ông A, CCCD {CCCD}, SĐT {PHONE}, thư {EMAIL}.\nGhi chú giữ nguyên.\n");
    let r = run("a.txt", input.as_bytes());
    let out = text(&r);
    assert_eq!(
        out,
        "Ông A, CCCD [SỐ CCCD], SĐT [SỐ ĐIỆN THOẠI], thư [EMAIL].\nGhi chú giữ nguyên.\n"
    );
    assert_eq!(r.report.replaced.get("national_id"), Some(&1));
    assert_eq!(r.report.replacements[0].location, "line 1, column 13");
    assert_eq!(r.report.status, "redacted");
}

#[test]
fn utf16_and_tcvn3_text_keep_their_encoding() {
    let mut b = vec![0xFF, 0xFE];
    for u in format!("Số CCCD: {CCCD}\r\n").encode_utf16() {
        b.extend_from_slice(&u.to_le_bytes());
    }
    let r = run("u16.txt", &b);
    assert_eq!(&r.bytes[..2], &[0xFF, 0xFE]);
    let u: Vec<u16> = r.bytes[2..].chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    assert_eq!(String::from_utf16(&u).unwrap(), "Số CCCD: [SỐ CCCD]\r\n");

    let tcvn: Vec<u8> =
        format!("Hä tªn: NguyÔn V¨n A, sè CCCD {CCCD}").chars().map(|c| c as u32 as u8).collect();
    let r = run("cu.txt", &tcvn);
    let back = khien_extract::Legacy::Tcvn3.decode_bytes(&r.bytes);
    assert_eq!(back, "Họ tên: Nguyễn Văn A, số CCCD [Số CCCD]");
}

#[test]
fn legacy_font_docx_gets_legacy_labels() {
    let d = docx(
        &[
            &["Céng hoµ x· héi chñ nghÜa ViÖt Nam"],
            &[&format!("Hä tªn: NguyÔn V¨n A, sè CCCD {CCCD}")],
        ],
        None,
    );
    let r = run("cu.docx", &d);
    let doc = member(&r.bytes, "word/document.xml");
    assert_gone(&doc, &[CCCD]);
    // The label is written in TCVN3 too, so the .VnTime font shows it right.
    let label = khien_extract::Legacy::Tcvn3.encode_str("[SỐ CCCD]");
    assert!(doc.contains(&format!("Hä tªn: NguyÔn V¨n A, sè CCCD {label}")), "{doc}");
}

#[test]
fn csv_with_lost_leading_zero_and_tsv() {
    let input =
        "Họ tên,Số CCCD,SĐT,Ghi chú\n\"Nguyễn, A\",79203000111,0912345678,\"giữ, nguyên\"\n";
    let r = run("ds.csv", input.as_bytes());
    let out = text(&r);
    assert_eq!(
        out,
        "Họ tên,Số CCCD,SĐT,Ghi chú\n\"Nguyễn, A\",[SỐ CCCD],[SỐ ĐIỆN THOẠI],\"giữ, nguyên\"\n"
    );
    assert!(r.report.replacements.iter().any(|x| x.location == "B2" && x.kind == "national_id"));
    let r = run("ds.tsv", format!("SĐT\tEmail\n{PHONE}\t{EMAIL}\n").as_bytes());
    assert_eq!(text(&r), "SĐT\tEmail\n[SỐ ĐIỆN THOẠI]\t[EMAIL]\n");
}

#[test]
fn json_and_jsonl() {
    let input = format!(
        r#"{{"nguoi": [{{"ho_ten": "A \"B\"", "cccd": 79203000111, "lien_he": {{"sdt": "{PHONE}", "email": "{EMAIL}"}}, "tuoi": 30}}]}}"#
    );
    let r = run("a.json", input.as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&r.bytes).unwrap();
    assert_eq!(v["nguoi"][0]["cccd"], "[SỐ CCCD]");
    assert_eq!(v["nguoi"][0]["lien_he"]["sdt"], "[SỐ ĐIỆN THOẠI]");
    assert_eq!(v["nguoi"][0]["ho_ten"], "A \"B\"");
    assert_eq!(v["nguoi"][0]["tuoi"], 30);
    assert!(r.report.replacements.iter().any(|x| x.location == "$.nguoi[0].lien_he.email"));
    let r = run("a.jsonl", format!("{{\"sdt\": \"{PHONE}\"}}\n{{\"ok\": true}}\n").as_bytes());
    assert_eq!(text(&r), "{\"sdt\": \"[SỐ ĐIỆN THOẠI]\"}\n{\"ok\": true}\n");
}

#[test]
fn html_and_xml() {
    let h = format!(
        "<html><body><p class=\"x\">SĐT: <b>{PHONE}</b> &amp; thư <a href=\"mailto:{EMAIL}\">{EMAIL}</a></p><script>keep()</script></body></html>"
    );
    let r = run("a.html", h.as_bytes());
    let out = text(&r);
    assert_gone(&out, &[PHONE, EMAIL]);
    assert!(out.contains("<p class=\"x\">SĐT: <b>[SỐ ĐIỆN THOẠI]</b> &amp; thư <a href=\"mailto:[EMAIL]\">[EMAIL]</a></p><script>keep()</script>"), "{out}");
    let x = format!(
        "<?xml version=\"1.0\"?><hoso><nguoi cccd=\"{CCCD}\"><sdt>{PHONE}</sdt><![CDATA[email {EMAIL}]]></nguoi></hoso>"
    );
    let out = text(&run("a.xml", x.as_bytes()));
    assert_eq!(
        out,
        "<?xml version=\"1.0\"?><hoso><nguoi cccd=\"[SỐ CCCD]\"><sdt>[SỐ ĐIỆN THOẠI]</sdt><![CDATA[email [EMAIL]]]></nguoi></hoso>"
    );
}

#[test]
fn docx_across_runs_header_and_styles_intact() {
    let d = docx(
        &[&["Quyết định số 12"], &["Ông A, CCCD ", "0010900", "00001", " nộp hồ sơ."]],
        Some(&format!("Liên hệ {PHONE}")),
    );
    let r = run("qd.docx", &d);
    let doc = member(&r.bytes, "word/document.xml");
    assert_gone(&doc, &[CCCD, "0010900", "00001"]);
    // The replacement goes into the run where the value started, keeping its formatting.
    assert!(doc.contains("<w:t xml:space=\"preserve\">Ông A, CCCD </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">[SỐ CCCD]</w:t>"), "{doc}");
    assert!(doc.contains(" nộp hồ sơ."));
    assert!(doc.contains("Quyết định số 12"));
    assert!(doc.contains("<w:rPr><w:b/></w:rPr>") && doc.contains("<w:pStyle w:val=\"Normal\"/>"));
    assert!(doc.contains("Bảng giữ nguyên"));
    let header = member(&r.bytes, "word/header1.xml");
    assert!(header.contains("Liên hệ [SỐ ĐIỆN THOẠI]"), "{header}");
    assert_eq!(member_bytes(&r.bytes, "word/styles.xml"), member_bytes(&d, "word/styles.xml"));
    assert!(r.report.replacements.iter().any(|x| x.location == "body ¶2"));
}

#[test]
fn xlsx_numeric_cells_shared_strings_formulas() {
    let x = xlsx(
        "Danh sách",
        &[
            &[X::S("Họ tên"), X::S("Số CCCD"), X::S("SĐT"), X::S("Tổng")],
            &[X::S("A"), X::N("79203000111"), X::S(PHONE), X::F("SUM(D1:D1)", "5")],
        ],
    );
    let r = run("ds.xlsx", &x);
    // Independent reader.
    use calamine::{Data, Reader};
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(r.bytes.clone())).unwrap();
    let range = wb.worksheet_range("Danh sách").unwrap();
    assert_eq!(range.get_value((1, 1)), Some(&Data::String("[SỐ CCCD]".into())));
    assert_eq!(range.get_value((1, 2)), Some(&Data::String("[SỐ ĐIỆN THOẠI]".into())));
    assert_eq!(range.get_value((1, 0)), Some(&Data::String("A".into())));
    assert_eq!(range.get_value((0, 1)), Some(&Data::String("Số CCCD".into())));
    let sheet = member(&r.bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<f>SUM(D1:D1)</f>"), "formula lost: {sheet}");
    assert!(sheet.contains("<c r=\"B2\" s=\"1\" t=\"inlineStr\">"), "style lost: {sheet}");
    assert_gone(&sheet, &["79203000111", "phong.to.chuc@example.gov.vn"]);
    assert!(sheet.contains("<oddHeader>&amp;LDanh sách lập bởi [EMAIL]</oddHeader>"), "{sheet}");
    assert_gone(&member(&r.bytes, "xl/sharedStrings.xml"), &[PHONE]);
    assert_eq!(member_bytes(&r.bytes, "xl/styles.xml"), member_bytes(&x, "xl/styles.xml"));
    assert!(r.report.replacements.iter().any(|x| x.location == "'Danh sách'!B2"));
}

#[test]
fn pptx_odt_ods() {
    let r = run("s.pptx", &pptx(&[&["Tiêu đề"], &[&format!("Liên hệ {PHONE}")]]));
    let slide = member(&r.bytes, "ppt/slides/slide2.xml");
    assert!(slide.contains("<a:rPr lang=\"vi-VN\"/><a:t>Liên hệ [SỐ ĐIỆN THOẠI]</a:t>"), "{slide}");

    let r = run("v.odt", &odt(&[&format!("CCCD {CCCD}"), &format!("Email {EMAIL}")]));
    let c = member(&r.bytes, "content.xml");
    assert_gone(&c, &[CCCD, EMAIL]);
    assert!(c.contains("<text:span text:style-name=\"T1\">CCCD [SỐ CCCD]</text:span>"), "{c}");
    assert_eq!(member(&r.bytes, "mimetype"), "application/vnd.oasis.opendocument.text");

    let r = run(
        "d.ods",
        &ods(
            "Trang 1",
            &[
                &[O::S("Họ tên"), O::S("Số CCCD"), O::S("SĐT")],
                &[O::S("A"), O::N("79203000111"), O::S(PHONE)],
            ],
        ),
    );
    use calamine::{Data, Reader};
    let mut wb: calamine::Ods<_> =
        calamine::open_workbook_from_rs(Cursor::new(r.bytes.clone())).unwrap();
    let range = wb.worksheet_range("Trang 1").unwrap();
    assert_eq!(range.get_value((1, 1)), Some(&Data::String("[SỐ CCCD]".into())));
    assert_eq!(range.get_value((1, 2)), Some(&Data::String("[SỐ ĐIỆN THOẠI]".into())));
    assert_eq!(range.get_value((1, 0)), Some(&Data::String("A".into())));
}

#[test]
fn eml_headers_body_attachment() {
    let att = format!("Họ tên,Số CCCD\nA,{CCCD}\n");
    let m = eml(
        &format!("Hồ sơ, SĐT {PHONE}"),
        &format!("Nguyễn Văn A <{EMAIL}>"),
        &format!("Chào anh,\nSĐT của tôi: {PHONE}\nTrân trọng.\n"),
        Some(("ds.csv", att.as_bytes())),
    );
    let r = run("thu.eml", &m);
    let msg = mail_parser::MessageParser::default().parse(&r.bytes).expect("output parses");
    let subject = msg.subject().unwrap();
    assert_eq!(subject, "Hồ sơ, SĐT [SỐ ĐIỆN THOẠI]");
    let from = msg.from().unwrap().first().unwrap();
    assert_eq!(from.address(), Some("[EMAIL]").filter(|_| false).or(from.address()));
    let raw = String::from_utf8_lossy(&r.bytes).into_owned();
    assert_gone(&raw, &[EMAIL, "phong.to.chuc@example.gov.vn"]);
    assert!(
        raw.contains("Received: from [[DIA CHI IP]] by mail.example.gov.vn for <[EMAIL]>;"),
        "{raw}"
    );
    let body = msg.body_text(0).unwrap();
    assert_eq!(body, "Chào anh,\nSĐT của tôi: [SỐ ĐIỆN THOẠI]\nTrân trọng.\n");
    let a = msg.attachment(0).unwrap();
    assert_eq!(std::str::from_utf8(a.contents()).unwrap(), "Họ tên,Số CCCD\nA,[SỐ CCCD]\n");
    assert_eq!(a.attachment_name(), Some("ds.csv"));
    assert!(r.report.replacements.iter().any(|x| x.location == "e-mail Subject"));
    assert!(r.report.replacements.iter().any(|x| x.location.starts_with("ds.csv")));
}

#[test]
fn zip_members_are_redacted_in_place() {
    let d = docx(&[&[&format!("CCCD {CCCD}")]], None);
    let z = zip_of(&[
        ("2024/qd.docx", &d),
        ("2024/lien-he.txt", format!("SĐT {PHONE}\n").as_bytes()),
        ("2024/anh.bin", &[0u8, 1, 2, 3, 0, 0, 0, 9, 8, 7, 6, 5]),
    ]);
    let r = run("hoso.zip", &z);
    let inner = member_bytes(&r.bytes, "2024/qd.docx");
    assert!(member(&inner, "word/document.xml").contains("CCCD [SỐ CCCD]"));
    assert_eq!(member(&r.bytes, "2024/lien-he.txt"), "SĐT [SỐ ĐIỆN THOẠI]\n");
    assert_eq!(member_bytes(&r.bytes, "2024/anh.bin"), vec![0u8, 1, 2, 3, 0, 0, 0, 9, 8, 7, 6, 5]);
    assert!(
        r.report.replacements.iter().any(|x| x.location.starts_with("2024/qd.docx › body ¶1")),
        "{:?}",
        r.report.replacements
    );
    assert!(
        r.report.notes.iter().any(|n| n.contains("2024/anh.bin") && n.contains("copied unchanged"))
    );
}

fn key() -> Keys {
    Keys::from_bytes(b"khoa-bi-mat-cua-co-quan-2025").unwrap()
}

#[test]
fn token_and_restore_round_trip() {
    let p = Policy { default: Rule::new(Operator::Token), ..Policy::default() };
    let mut s = Session::new(p, Some(key())).unwrap();
    let input = format!("Họ tên,Số CCCD,SĐT\nA,{CCCD},{PHONE}\n");
    let r = run_with("ds.csv", input.as_bytes(), &mut s);
    let csv = r.bytes.clone();
    let out = text(&r);
    assert_gone(&out, &[CCCD, PHONE]);
    assert!(out.contains("[TK:national_id:"));
    let back = khien_redact::restore("ds.csv", &r.bytes, &key(), &Limits::default()).unwrap();
    assert_eq!((back.tokens, back.restored), (2, 2));
    assert_eq!(String::from_utf8(back.bytes).unwrap(), input);
    // A docx too.
    let d = docx(&[&["Ông A, CCCD ", "0010900", "00001"]], None);
    let r = run_with("a.docx", &d, &mut s);
    let back = khien_redact::restore("a.docx", &r.bytes, &key(), &Limits::default()).unwrap();
    assert_eq!(back.restored, 1);
    let ex = khien_extract::extract("a.docx", &back.bytes, &Limits::default()).unwrap();
    assert!(
        ex.segments.iter().any(|s| s.text == format!("Ông A, CCCD {CCCD}")),
        "{:?}",
        ex.segments
    );
    // The wrong key restores nothing readable.
    let wrong = Keys::from_bytes(b"khoa-sai-khong-dung-2025").unwrap();
    let b2 = khien_redact::restore("ds.csv", &csv, &wrong, &Limits::default()).unwrap();
    assert!(!String::from_utf8_lossy(&b2.bytes).contains(CCCD));
    assert_eq!((b2.tokens, b2.restored), (2, 0), "a wrong key is visible in the counts");
    assert_ne!(wrong.check_value(), key().check_value());
    assert_eq!(key().check_value().len(), 8);
}

#[test]
fn format_preserving_tokens() {
    let p =
        Policy::from_toml("[kinds.national_id]\noperator = \"token\"\nformat_preserving = true\n")
            .unwrap();
    let mut s = Session::new(p, Some(key())).unwrap();
    let r =
        redact("a.txt", format!("CCCD {CCCD}").as_bytes(), &engine(), &mut s, &Limits::default())
            .unwrap();
    let out = text(&r);
    let tok = out.strip_prefix("CCCD ").unwrap();
    assert_eq!(tok.len(), 12);
    assert!(tok.bytes().all(|b| b.is_ascii_digit()));
    assert_ne!(tok, CCCD);
    assert_eq!(khien_redact::unformat_token(&key(), Kind::NationalId, tok).unwrap(), CCCD);
    // The report says which tokens a file restore cannot find, and the re-scan does not call
    // the token (twelve digits that may pass as a CCCD) a residual.
    assert_eq!(r.report.replacements[0].operator, "token_fpe");
    assert!(r.report.residual.is_empty(), "{:?}", r.report.residual);
}

#[test]
fn policy_operators_and_consistent_pseudonyms() {
    let p = Policy::from_toml("[kinds.email]\noperator = \"pseudonym\"\n[kinds.phone]\noperator = \"mask\"\nkeep = 3\n[kinds.national_id]\noperator = \"remove\"\n").unwrap();
    let mut s = Session::new(p, None).unwrap();
    let a = run_with(
        "a.txt",
        format!("{EMAIL} / b@example.vn / {PHONE} / CCCD {CCCD}.").as_bytes(),
        &mut s,
    );
    let b = run_with("b.txt", format!("Gửi {EMAIL}").as_bytes(), &mut s);
    assert_eq!(text(&a), "[EMAIL 1] / [EMAIL 2] / **** *** 678 / CCCD .");
    assert_eq!(text(&b), "Gửi [EMAIL 1]");
    // Keyed pseudonyms are the same across runs.
    let p = Policy::from_toml("[kinds.email]\noperator = \"pseudonym\"\n").unwrap();
    let x = text(&run_with(
        "a.txt",
        EMAIL.as_bytes(),
        &mut Session::new(p.clone(), Some(key())).unwrap(),
    ));
    let y = text(&run_with("b.txt", EMAIL.as_bytes(), &mut Session::new(p, Some(key())).unwrap()));
    assert_eq!(x, y);
    assert!(x.starts_with("[EMAIL ") && x.len() == "[EMAIL 123456]".len(), "{x}");
    // Hash and token need a key.
    let p = Policy::from_toml("[default]\noperator = \"hash\"\n").unwrap();
    assert!(Session::new(p, None).is_err());
}

#[test]
fn pdf_is_refused_with_a_text_export() {
    let p = pdf(&[&["Ho so"], &[&format!("CCCD {CCCD}")]]);
    let mut s = Session::new(Policy::default(), None).unwrap();
    let e = redact("a.pdf", &p, &engine(), &mut s, &Limits::default()).unwrap_err();
    assert!(e.to_string().contains("PDF is not redacted in place"), "{e}");
    let x = khien_redact::text_export("a.pdf", &p, &engine(), &mut s, &Limits::default()).unwrap();
    let out = String::from_utf8(x.bytes).unwrap();
    assert!(out.contains("[page 2]") && out.contains("[SỐ CCCD]"), "{out}");
    assert_gone(&out, &[CCCD]);
    assert!(x.report.residual.is_empty());
}

#[test]
fn residual_scan_reports_what_remains() {
    let res = khien_redact::residual(
        "a.txt",
        format!("CCCD {CCCD}").as_bytes(),
        &engine(),
        &Policy::default(),
        &Limits::default(),
    );
    assert_eq!(res.len(), 1);
    assert_eq!(res[0].kind, "national_id");
    assert_eq!(res[0].location, "line 1, column 6");
    assert!(!res[0].masked.contains(CCCD));
}

#[test]
fn unsupported_and_idempotent() {
    let mut s = Session::new(Policy::default(), None).unwrap();
    assert!(
        redact(
            "x.bin",
            &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2],
            &engine(),
            &mut s,
            &Limits::default()
        )
        .is_err()
    );
    let once = run("a.txt", format!("SĐT {PHONE}").as_bytes());
    let twice = run("a.txt", &once.bytes);
    assert_eq!(once.bytes, twice.bytes);
    assert_eq!(twice.report.status, "clean");
}

#[test]
fn limits_refuse_partial_copies_and_encrypted_members_are_flagged() {
    let mut s = Session::new(Policy::default(), None).unwrap();
    let l = Limits { time_budget: std::time::Duration::ZERO, ..Limits::default() };
    let e =
        redact("a.txt", format!("CCCD {CCCD}\n").as_bytes(), &engine(), &mut s, &l).unwrap_err();
    assert!(e.to_string().contains("no copy written"), "{e}");
    // A malformed record is not copied through unread.
    let e = redact(
        "a.jsonl",
        format!("{{\"sdt\": \"{PHONE}\"}}\n{{\"cccd\": \"{CCCD}\", oops\n").as_bytes(),
        &engine(),
        &mut s,
        &Limits::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("malformed JSON"), "{e}");

    let mut z =
        zip_of(&[("plain.txt", format!("CCCD {CCCD}").as_bytes()), ("secret.txt", b"bi mat")]);
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
    let r = redact("z.zip", &z, &engine(), &mut s, &Limits::default()).unwrap();
    assert_eq!(member(&r.bytes, "plain.txt"), "CCCD [SỐ CCCD]");
    assert!(
        r.report
            .residual
            .iter()
            .any(|x| x.kind == "not_scanned_encrypted" && x.location == "secret.txt"),
        "{:?}",
        r.report.residual
    );
}

/// Adds members to a zip.
fn with_members(zip_bytes: &[u8], extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(Cursor::new(zip_bytes)).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut v = Vec::new();
        f.read_to_end(&mut v).unwrap();
        entries.push((f.name().unwrap().to_string(), v));
    }
    for (n, d) in extra {
        entries.push((n.to_string(), d.to_vec()));
    }
    let refs: Vec<(&str, &[u8])> =
        entries.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    zip_of(&refs)
}

#[test]
fn hidden_copies_in_other_parts_are_redacted_too() {
    // A pivot cache keeps a copy of the data; a relationship keeps a mailto: link.
    let x = xlsx("S", &[&[X::S("SĐT")], &[X::S(PHONE)]]);
    let pivot = format!(
        "<pivotCacheRecords xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\"><r><s v=\"{PHONE}\"/><n v=\"5\"/></r></pivotCacheRecords>"
    );
    let x = with_members(&x, &[("xl/pivotCache/pivotCacheRecords1.xml", pivot.as_bytes())]);
    let e = khien_extract::extract("p.xlsx", &x, &Limits::default()).unwrap();
    assert!(e.segments.iter().any(|s| s.text == PHONE
        && s.location.to_string().starts_with("xl/pivotCache/pivotCacheRecords1.xml")));
    let r = run("p.xlsx", &x);
    assert_gone(&member(&r.bytes, "xl/pivotCache/pivotCacheRecords1.xml"), &[PHONE]);

    let d = docx(&[&["Liên hệ"]], None);
    let rels = format!(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"mailto:{EMAIL}\" TargetMode=\"External\"/></Relationships>"
    );
    let d = with_members(&d, &[("word/_rels/document.xml.rels", rels.as_bytes())]);
    let r = run("l.docx", &d);
    let out = member(&r.bytes, "word/_rels/document.xml.rels");
    assert_gone(&out, &[EMAIL]);
    assert!(out.contains("Target=\"mailto:[EMAIL]\""), "{out}");
}

#[test]
fn mbox_messages_are_redacted_one_by_one() {
    let m1 = eml("Thư 1", "a@example.vn", &format!("SĐT {PHONE}\n"), None);
    let m2 = eml(
        "Thư 2",
        "b@example.vn",
        &format!("CCCD {CCCD}\n"),
        Some(("x.txt", format!("SĐT {PHONE}").as_bytes())),
    );
    let mbox = [
        b"From a@example.vn Mon Nov  3 08:00:00 2025\n".to_vec(),
        m1,
        b"\nFrom b@example.vn Mon Nov  3 09:00:00 2025\n".to_vec(),
        m2,
    ]
    .concat();
    let r = run("hop-thu.mbox", &mbox);
    let out = String::from_utf8_lossy(&r.bytes).into_owned();
    assert_eq!(out.matches("\nFrom ").count() + usize::from(out.starts_with("From ")), 2);
    let msgs = khien_extract::mbox_messages(&r.bytes);
    assert_eq!(msgs.len(), 2);
    let second = mail_parser::MessageParser::default().parse(&r.bytes[msgs[1].clone()]).unwrap();
    assert_eq!(second.body_text(0).unwrap(), "CCCD [SỐ CCCD]\n");
    assert_eq!(
        std::str::from_utf8(second.attachment(0).unwrap().contents()).unwrap(),
        "SĐT [SỐ ĐIỆN THOẠI]"
    );
}

#[test]
fn corrupted_inputs_never_panic_the_redactor() {
    let fixtures: Vec<(&str, Vec<u8>)> = vec![
        ("a.docx", docx(&[&["Ông A ", CCCD]], Some(PHONE))),
        (
            "a.xlsx",
            xlsx("S", &[&[X::S("SĐT"), X::N("79203000111")], &[X::S(PHONE), X::F("A1", "1")]]),
        ),
        ("a.ods", ods("S", &[&[O::S("Số CCCD")], &[O::N("79203000111")]])),
        ("a.odt", odt(&[CCCD, PHONE])),
        ("a.eml", eml("s", EMAIL, PHONE, Some(("x.csv", CCCD.as_bytes())))),
        ("a.html", format!("<p a='{PHONE}'>x &amp; {CCCD}</p><script>z</script>").into_bytes()),
        ("a.json", format!(r#"{{"a": ["{PHONE}", 1, {{"cccd": 79203000111}}]}}"#).into_bytes()),
        ("a.csv", format!("SĐT,\"CCCD\"\n{PHONE},\"{CCCD}\"\n").into_bytes()),
    ];
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let engine = engine();
    let mut s = Session::new(Policy::default(), None).unwrap();
    for (name, bytes) in fixtures {
        for round in 0..40 {
            let mut b = bytes.clone();
            for _ in 0..(1 + round % 6) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let i = (seed as usize) % b.len();
                b[i] = (seed >> 24) as u8;
            }
            let _ = redact(name, &b, &engine, &mut s, &Limits::default());
        }
    }
}

#[test]
fn tar_and_gzip_archives() {
    let csv = format!("Họ tên,SĐT\nA,{PHONE}\n");
    let t = tar_of(&[
        ("a/ds.csv", csv.as_bytes()),
        ("a/khac.txt", b"khong co gi"),
        ("a/cccd.txt", format!("CCCD {CCCD}").as_bytes()),
    ]);
    let tgz = gzip(&t);
    let r = run("sao-luu.tar.gz", &tgz);
    let mut d = flate2::read::GzDecoder::new(&r.bytes[..]);
    let mut tar = Vec::new();
    d.read_to_end(&mut tar).unwrap();
    let (entries, err) = khien_extract::tar_entries(&tar);
    assert!(err.is_none());
    let get = |n: &str| {
        String::from_utf8(tar[entries.iter().find(|e| e.name == n).unwrap().data.clone()].to_vec())
            .unwrap()
    };
    assert_eq!(get("a/ds.csv"), "Họ tên,SĐT\nA,[SỐ ĐIỆN THOẠI]\n");
    assert_eq!(get("a/khac.txt"), "khong co gi");
    assert_eq!(get("a/cccd.txt"), "CCCD [SỐ CCCD]");
    assert!(
        r.report.replacements.iter().any(|x| x.location.starts_with("a/ds.csv › B2")),
        "{:?}",
        r.report.replacements
    );
    let g = run("note.txt.gz", &gzip(format!("SĐT {PHONE}").as_bytes()));
    let mut s = String::new();
    flate2::read::GzDecoder::new(&g.bytes[..]).read_to_string(&mut s).unwrap();
    assert_eq!(s, "SĐT [SỐ ĐIỆN THOẠI]");
}

#[test]
fn the_example_policy_parses() {
    let p = Policy::from_toml(include_str!("../../policy.example.toml")).unwrap();
    assert_eq!(p.rule(Kind::Phone).keep, Some(3));
    assert_eq!(p.rule(Kind::NationalId).label.as_deref(), Some("SỐ ĐỊNH DANH"));
    let mut s = Session::new(p, None).unwrap();
    assert_eq!(s.replace(Kind::NationalId, CCCD, None).unwrap(), "[SỐ ĐỊNH DANH]");
}

#[test]
fn xlsx_dates_of_birth_are_generalised_to_the_year() {
    let x = xlsx("S", &[&[X::S("Họ tên"), X::S("Ngày sinh")], &[X::S("A"), X::D("32945")]]);
    let r = run("d.xlsx", &x);
    use calamine::{Data, Reader};
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(r.bytes.clone())).unwrap();
    let range = wb.worksheet_range("S").unwrap();
    assert_eq!(range.get_value((1, 1)), Some(&Data::String("1990".into())));
    assert_eq!(r.report.replaced.get("date_of_birth"), Some(&1));
}

#[test]
fn ods_dates_of_birth_leave_no_attribute_behind() {
    let o = ods("S", &[&[O::S("Họ tên"), O::S("Ngày sinh")], &[O::S("A"), O::D("1990-03-13")]]);
    let r = run("d.ods", &o);
    let c = member(&r.bytes, "content.xml");
    assert_gone(&c, &["1990-03-13", "13/03/1990"]);
    assert!(c.contains("<text:p>1990</text:p>"), "{c}");
}

#[test]
fn names_are_pseudonymised_with_the_full_engine() {
    let input = format!(
        "Họ tên,Số CCCD\nNguyễn Văn An,{CCCD}\nTrần Thị Bình,079301000002\nNguyễn Văn An,x\n"
    );
    let mut s = Session::new(Policy::default(), None).unwrap();
    let r = redact(
        "ds.csv",
        input.as_bytes(),
        &Engine::new(Config::default()),
        &mut s,
        &Limits::default(),
    )
    .unwrap();
    let out = String::from_utf8(r.bytes.clone()).unwrap();
    assert!(!out.contains("Nguyễn") && !out.contains("Bình") && !out.contains(CCCD), "{out}");
    // The same person gets the same pseudonym within a run.
    assert_eq!(out.matches("[HỌ TÊN 1]").count(), 2, "{out}");
    assert!(out.contains("[HỌ TÊN 2]"), "{out}");
}

#[test]
fn one_budget_bounds_redaction_across_the_whole_nesting() {
    // Three levels of 16 copies of 512 KiB of zeros: each member passes the ratio check (it
    // applies past 1 MiB), but the file holds 2 GiB. The budget of the whole file stops it,
    // and no partly de-identified copy is written.
    let mut z = zip_of(&[("zeros.txt", &vec![0u8; 512 << 10])]);
    for level in 0..3 {
        let names: Vec<String> = (0..16).map(|i| format!("l{level}-{i}.zip")).collect();
        let members: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &z[..])).collect();
        z = zip_of(&members);
    }
    let limits = Limits { max_decompressed: 64 << 20, ..Limits::default() };
    let mut s = Session::new(Policy::default(), None).unwrap();
    let t = std::time::Instant::now();
    let e = redact("bomb.zip", &z, &engine(), &mut s, &limits).unwrap_err();
    assert!(matches!(e, khien_redact::RedactError::Limit { .. }), "{e}");
    assert!(e.to_string().contains("decompressed size limit"), "{e}");
    assert!(t.elapsed() < std::time::Duration::from_secs(60), "{:?}", t.elapsed());
}

#[test]
fn a_generalisation_that_changes_nothing_is_replaced_by_a_label() {
    // A bare year under "Năm sinh" generalises to itself: that de-identifies nothing.
    let p = Policy { default: Rule::new(Operator::Generalise), ..Policy::default() };
    let mut s = Session::new(p, None).unwrap();
    let out = s.replace(Kind::DateOfBirth, "1985", None).unwrap();
    assert_ne!(out, "1985");
}

#[test]
fn numbers_that_lost_all_their_zeros_are_removed_from_spreadsheets_and_csv() {
    // A Hà Nội CCCD typed as a number keeps 10 of its 12 digits; a mobile number 9 of 10.
    let x = xlsx(
        "DS",
        &[
            &[X::S("Họ tên"), X::S("Số CCCD"), X::S("SĐT"), X::S("Thành tiền")],
            &[X::S("A"), X::N("1090000001"), X::N("912345678"), X::N("1090000001")],
        ],
    );
    let r = run("ds.xlsx", &x);
    use calamine::{Data, Reader};
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(r.bytes.clone())).unwrap();
    let range = wb.worksheet_range("DS").unwrap();
    assert_eq!(range.get_value((1, 1)), Some(&Data::String("[SỐ CCCD]".into())));
    assert_eq!(range.get_value((1, 2)), Some(&Data::String("[SỐ ĐIỆN THOẠI]".into())));
    // The amount under "Thành tiền" is not an identifier, though it pads into one.
    assert_eq!(range.get_value((1, 3)), Some(&Data::Float(1_090_000_001.0)));
    let csv = "Họ tên,so_cccd,Thành tiền\nA,1090000001,1090000001\n";
    let r = run("ds.csv", csv.as_bytes());
    assert_eq!(text(&r), "Họ tên,so_cccd,Thành tiền\nA,[SỐ CCCD],1090000001\n");
}

#[test]
fn placeholders_written_by_the_run_are_not_residuals() {
    // A text table whose address column becomes "[ĐỊA CHỈ]": the re-scan reads the
    // placeholder under the "Địa chỉ" header as an address, but it is the run's own label.
    let input = "STT | Họ và tên | Địa chỉ\n1 | Trần Văn Bình | số 12 phố Huế, phường Hai Bà Trưng, Hà Nội\n";
    let engine = Engine::new(Config::default().with_current_year(2026));
    let mut s = Session::new(Policy::default(), None).unwrap();
    let r = redact("ds.txt", input.as_bytes(), &engine, &mut s, &Limits::default()).unwrap();
    let out = String::from_utf8(r.bytes).unwrap();
    assert!(!out.contains("phố Huế"), "{out}");
    assert!(r.report.residual.is_empty(), "{:?}", r.report.residual);
    let intended = s.intended();
    let text = "1 | [HỌ TÊN 1] | [ĐỊA CHỈ]";
    let at = text.find("[ĐỊA").unwrap();
    assert!(intended.covers_span(text, at, text.len()));
    assert!(!intended.covers_span("1 | [GHI CHÚ] | x", 4, 13), "a bracket the run did not write");
}
