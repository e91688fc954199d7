#![no_main]
//! RFC 2047 header decoding and encoding, header block splitting.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (fields, _) = khien_extract::header_fields(data);
    for f in fields {
        let d = khien_extract::decode_mail_header(&data[f.value]);
        let e = khien_extract::encode_mail_header(&d);
        let _ = khien_extract::decode_mail_header(e.as_bytes());
    }
});
