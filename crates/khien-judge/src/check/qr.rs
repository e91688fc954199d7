//! A payment QR payload: structure, checksum, bank, beneficiary and its message, with the
//! message it came with.

use super::snippet;
use crate::normalize::Shadow;
use crate::report::Report;
use crate::rules::Kind;
use crate::score::Acc;
use crate::{Entity, EntityKind, Error, Judge, Signal, qr};

impl Judge {
    /// Judges a payment QR payload, optionally together with the message it came with.
    pub fn check_qr(&self, payload: &str, context: Option<&str>) -> Report {
        let mut acc = Acc::new(&self.rules);
        let mut entities = Vec::new();
        if let Some(text) = context {
            self.scan_text(text, &mut acc, &mut entities);
        }
        let q = match qr::parse(payload) {
            Ok(q) => q,
            Err(e) => {
                let (vi, en) = match &e {
                    Error::Qr(q) => (q.vi(), q.en()),
                    other => (other.vi(), other.to_string()),
                };
                acc.add(Signal::QrMalformed, None, format!(": {vi}"), format!(": {en}"));
                let r =
                    self.finish(acc, entities, None, context.is_none(), context.unwrap_or(payload));
                return r;
            }
        };
        match qr::crc_check(payload) {
            qr::Crc::Ok => {}
            qr::Crc::Missing => acc.add(
                Signal::QrBadCrc,
                None,
                " (thiếu trường CRC 63 ở cuối mã)".into(),
                " (the CRC field 63 is missing at the end)".into(),
            ),
            qr::Crc::Mismatch { written, computed } => acc.add(
                Signal::QrBadCrc,
                None,
                format!(" (ghi {written}, tính ra {computed})"),
                format!(" (written {written}, computed {computed})"),
            ),
        }
        let mut e = Entity {
            kind: EntityKind::Qr,
            text: payload.to_string(),
            value: q.account.clone().unwrap_or_default(),
            start: 0,
            end: 0,
            details: Default::default(),
        };
        if let Some(bin) = &q.bank_bin {
            e.details.insert("bank_bin", bin.clone());
            let name = self.brands.by_bin(bin).map(|b| b.name.as_str()).or_else(|| {
                khien_detect::tables::tables().bank_by_id(bin).map(|b| b.name.as_str())
            });
            match name {
                Some(n) => {
                    e.details.insert("bank", n.to_string());
                }
                None => acc.add(Signal::UnknownBank, None, format!(": {bin}"), format!(": {bin}")),
            }
        }
        if let Some(n) = &q.name {
            e.details.insert("name", n.clone());
        }
        if let Some(a) = &q.amount {
            e.details.insert("amount", a.clone());
        }
        if let Some(m) = &q.message {
            e.details.insert("message", m.clone());
        }
        if let Some(a) = &q.account
            && let Some(hit) = self.lists.lookup_account(a)
        {
            let code = if hit.allow { Signal::Allowlisted } else { Signal::Blocklisted };
            acc.add(code, None, format!(" ({})", hit.source), format!(" ({})", hit.source));
        }
        let personal = q.name.as_deref().is_some_and(qr::looks_personal);
        if personal {
            let name = q.name.clone().unwrap_or_default();
            let claims_org = [
                Signal::ClaimsPolice,
                Signal::ClaimsCourt,
                Signal::ClaimsTax,
                Signal::ClaimsBhxh,
                Signal::ClaimsEvn,
                Signal::ClaimsVneid,
                Signal::ClaimsBank,
                Signal::ClaimsCarrier,
                Signal::ClaimsGovSupport,
                Signal::Charity,
                Signal::ClaimsSchool,
            ]
            .iter()
            .any(|c| acc.has(*c));
            if claims_org {
                acc.add(Signal::QrNameMismatch, None, format!(": {name}"), format!(": {name}"));
            } else {
                acc.add(Signal::QrPersonalAccount, None, format!(": {name}"), format!(": {name}"));
            }
        }
        // The message of a QR is text too ("nop phat", "phi kich hoat").
        if let Some(m) = &q.message {
            let sh = Shadow::new(m);
            let mut cues = Vec::new();
            self.rules.find_cues(&sh, m, &mut cues);
            for c in cues {
                if matches!(self.rules.signals[c.signal as usize].kind, Kind::Ask | Kind::Pretext) {
                    let (a, b) = sh.source_range(c.start, c.end, m);
                    let sn = snippet(&m[a..b]);
                    acc.add_id(
                        c.signal,
                        None,
                        format!(": “{sn}” (nội dung QR)"),
                        format!(": “{sn}” (QR message)"),
                    );
                }
            }
        }
        entities.push(e);
        let r = self.finish(acc, entities, Some(q), context.is_none(), context.unwrap_or(payload));
        self.with_no_data(r, "no_data_account")
    }
}
