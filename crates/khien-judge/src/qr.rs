//! EMVCo merchant-presented QR payloads (VietQR/NAPAS): TLV parsing, CRC-16/CCITT-FALSE check,
//! beneficiary bank, account, name, amount and message.

use serde::Serialize;

use crate::error::{Error, QrError};

/// One top-level TLV field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tlv {
    /// Two-digit tag.
    pub tag: String,
    /// Value.
    pub value: String,
}

/// A decoded payment QR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct QrPayment {
    /// `11` static, `12` dynamic (point of initiation).
    pub initiation: Option<String>,
    /// Application ID of the account template (`A000000727` for NAPAS/VietQR).
    pub aid: Option<String>,
    /// Acquirer / bank ID (the six-digit VietQR bank ID, `9704xx` for banks).
    pub bank_bin: Option<String>,
    /// Beneficiary account or card number.
    pub account: Option<String>,
    /// Service code (`QRIBFTTA` to an account, `QRIBFTTC` to a card).
    pub service: Option<String>,
    /// Amount as written.
    pub amount: Option<String>,
    /// ISO 4217 numeric currency (`704` = VND).
    pub currency: Option<String>,
    /// Merchant / beneficiary name (tag 59).
    pub name: Option<String>,
    /// City (tag 60).
    pub city: Option<String>,
    /// Purpose / message (tag 62, sub-tag 08).
    pub message: Option<String>,
    /// True if the CRC (tag 63) matches.
    pub crc_ok: bool,
}

/// Splits a TLV string into fields. Lengths are counted in characters (EMVCo allows UTF-8 in
/// some fields; Vietnamese generators write ASCII).
pub fn parse_tlv(s: &str) -> Result<Vec<Tlv>, QrError> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while i < chars.len() {
        if i + 4 > chars.len() {
            return Err(QrError::Truncated { offset: i });
        }
        let tag: String = chars[i..i + 2].iter().collect();
        let len_s: String = chars[i + 2..i + 4].iter().collect();
        if !tag.bytes().all(|b| b.is_ascii_digit()) {
            return Err(QrError::BadTag { tag, offset: i });
        }
        if len_s.len() != 2 || !len_s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(QrError::BadLength { tag, length: len_s, offset: i });
        }
        let len: usize = len_s.parse().unwrap_or(0);
        let left = chars.len() - i - 4;
        if len > left {
            return Err(QrError::Overrun { tag, offset: i, length: len, left });
        }
        out.push(Tlv { tag, value: chars[i + 4..i + 4 + len].iter().collect() });
        i += 4 + len;
    }
    Ok(out)
}

/// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no xor-out).
pub fn crc16(data: &[u8]) -> u16 {
    let mut crc: u16 = 0xffff;
    for &b in data {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    crc
}

fn sub(v: &str, tag: &str) -> Option<String> {
    parse_tlv(v).ok()?.into_iter().find(|t| t.tag == tag).map(|t| t.value)
}

/// Parses an EMVCo merchant-presented payload. Errors if it is not a TLV string with the
/// payload-format indicator `00` first.
pub fn parse(payload: &str) -> Result<QrPayment, Error> {
    let payload = payload.trim();
    let fields = parse_tlv(payload)?;
    if fields.first().is_none_or(|f| f.tag != "00") {
        return Err(QrError::NoFormatIndicator.into());
    }
    let mut q = QrPayment::default();
    for f in &fields {
        match f.tag.as_str() {
            "01" => q.initiation = Some(f.value.clone()),
            t if (26..=51).contains(&t.parse::<u8>().unwrap_or(0))
                && (q.aid.is_none() || t == "38") =>
            {
                let aid = sub(&f.value, "00");
                if f.tag == "38" || aid.as_deref() == Some("A000000727") {
                    q.aid = aid;
                    if let Some(org) = sub(&f.value, "01") {
                        q.bank_bin = sub(&org, "00");
                        q.account = sub(&org, "01");
                    }
                    q.service = sub(&f.value, "02");
                } else if q.aid.is_none() {
                    q.aid = aid;
                    q.account = sub(&f.value, "01");
                }
            }
            "53" => q.currency = Some(f.value.clone()),
            "54" => q.amount = Some(f.value.clone()),
            "59" => q.name = Some(f.value.clone()),
            "60" => q.city = Some(f.value.clone()),
            "62" => q.message = sub(&f.value, "08"),
            _ => {}
        }
    }
    q.crc_ok = crc_check(payload) == Crc::Ok;
    Ok(q)
}

/// The outcome of checking the CRC field (tag 63, last in the payload).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Crc {
    /// The CRC matches.
    Ok,
    /// There is no CRC field `6304XXXX` at the end.
    Missing,
    /// The CRC written differs from the one computed.
    Mismatch {
        /// As written (four hex digits).
        written: String,
        /// As computed, upper-case hex.
        computed: String,
    },
}

/// Checks the CRC field: it covers everything up to and including "6304".
pub fn crc_check(payload: &str) -> Crc {
    let payload = payload.trim();
    let Some(pos) = payload.rfind("6304").filter(|p| p + 8 == payload.len()) else {
        return Crc::Missing;
    };
    let written = &payload[pos + 4..];
    let computed = crc16(&payload.as_bytes()[..pos + 4]);
    if u16::from_str_radix(written, 16).ok() == Some(computed) {
        Crc::Ok
    } else {
        Crc::Mismatch { written: written.to_string(), computed: format!("{computed:04X}") }
    }
}

/// Builds a VietQR payload (used by tests and examples): bank BIN, account, optional amount,
/// name and message, with a correct CRC.
pub fn build_vietqr(
    bin: &str,
    account: &str,
    amount: Option<&str>,
    name: Option<&str>,
    message: Option<&str>,
) -> String {
    fn f(tag: &str, v: &str) -> String {
        format!("{tag}{:02}{v}", v.chars().count())
    }
    let org = f("00", bin) + &f("01", account);
    let mai = f("00", "A000000727") + &f("01", &org) + &f("02", "QRIBFTTA");
    let mut s = f("00", "01")
        + &f("01", if amount.is_some() { "12" } else { "11" })
        + &f("38", &mai)
        + &f("53", "704");
    if let Some(a) = amount {
        s += &f("54", a);
    }
    s += &f("58", "VN");
    if let Some(n) = name {
        s += &f("59", n);
    }
    if let Some(m) = message {
        s += &f("62", &f("08", m));
    }
    s += "6304";
    let crc = crc16(s.as_bytes());
    format!("{s}{crc:04X}")
}

/// True if a beneficiary name looks like a person's name (2–5 words, no organisation words).
pub fn looks_personal(name: &str) -> bool {
    let f = format!("{} ", khien_text::fold(name));
    if crate::words::words().beneficiary_org_words.words.iter().any(|w| f.contains(w.as_str())) {
        return false;
    }
    let words = f.split_whitespace().count();
    (2..=5).contains(&words) && f.chars().all(|c| c.is_alphabetic() || c == ' ')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn crc_check_value() {
        // CRC-16/CCITT-FALSE check value for "123456789".
        assert_eq!(crc16(b"123456789"), 0x29B1);
    }

    #[test]
    fn parses_vietqr() {
        let p = build_vietqr(
            "970436",
            "0123456789",
            Some("50000"),
            Some("NGUYEN VAN A"),
            Some("nop phat"),
        );
        let q = parse(&p).unwrap();
        assert!(q.crc_ok);
        assert_eq!(q.bank_bin.as_deref(), Some("970436"));
        assert_eq!(q.account.as_deref(), Some("0123456789"));
        assert_eq!(q.amount.as_deref(), Some("50000"));
        assert_eq!(q.name.as_deref(), Some("NGUYEN VAN A"));
        assert_eq!(q.message.as_deref(), Some("nop phat"));
        // Tampering with the amount breaks the CRC.
        let bad = p.replace("5405500005", "5405900005");
        assert!(!parse(&bad).unwrap().crc_ok);
        assert!(parse("hello").is_err());
    }

    #[test]
    fn structure_errors_name_the_field_and_offset() {
        let p = build_vietqr("970436", "0123456789", Some("50000"), None, None);
        // Amount field declares 99 characters: a structure error, not a checksum failure.
        let bad = p.replace("540550000", "549950000");
        match parse(&bad) {
            Err(Error::Qr(QrError::Overrun { tag, offset, length: 99, .. })) => {
                assert_eq!(tag, "54");
                assert_eq!(offset, p.find("5405").unwrap());
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_tlv("000201010x"),
            Err(QrError::BadLength { ref tag, offset: 6, .. }) if tag == "01"
        ));
        assert_eq!(parse_tlv("000201A101x"), Err(QrError::BadTag { tag: "A1".into(), offset: 6 }));
        assert_eq!(parse_tlv("00020101"), Err(QrError::Truncated { offset: 6 }));
        assert!(matches!(parse("010211000201"), Err(Error::Qr(QrError::NoFormatIndicator))));
        // Both languages, with the field and the offset.
        let e = parse(&bad).unwrap_err();
        assert!(e.to_string().contains("field 54") && e.vi().contains("trường 54"));
        // A checksum failure is told apart from a missing checksum.
        let tampered = p.replace("5405500005", "5405900005");
        assert!(matches!(crc_check(&tampered), Crc::Mismatch { .. }));
        assert_eq!(crc_check(&p[..p.len() - 8]), Crc::Missing);
        assert_eq!(crc_check(&p), Crc::Ok);
    }

    #[test]
    fn personal_names() {
        assert!(looks_personal("NGUYEN VAN A"));
        assert!(looks_personal("Trần Thị Bích Ngọc"));
        assert!(!looks_personal("CONG TY DIEN LUC HA NOI"));
        assert!(!looks_personal("UBND PHUONG 1"));
    }

    proptest! {
        #[test]
        fn round_trip(bin in "9704[0-9]{2}", acct in "[0-9]{6,19}", amount in proptest::option::of("[1-9][0-9]{0,9}"),
                      name in proptest::option::of("[A-Z]{1,10}( [A-Z]{1,10}){0,3}"), msg in proptest::option::of("[a-z0-9 ]{1,30}")) {
            let p = build_vietqr(&bin, &acct, amount.as_deref(), name.as_deref(), msg.as_deref());
            let q = parse(&p).unwrap();
            prop_assert!(q.crc_ok);
            prop_assert_eq!(q.bank_bin.as_deref(), Some(bin.as_str()));
            prop_assert_eq!(q.account.as_deref(), Some(acct.as_str()));
            prop_assert_eq!(q.amount, amount);
            prop_assert_eq!(q.name, name);
            prop_assert_eq!(q.message, msg);
        }

        #[test]
        fn never_panics(s in "\\PC{0,80}") {
            let _ = parse(&s);
        }
    }
}
