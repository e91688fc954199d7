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
        let payment = match qr::parse(payload) {
            Ok(payment) => payment,
            Err(error) => {
                let (vi, en) = match &error {
                    Error::Qr(payment) => (payment.vi(), payment.en()),
                    other => (other.vi(), other.to_string()),
                };
                acc.add(Signal::QrMalformed, None, format!(": {vi}"), format!(": {en}"));
                let report = self.finish(acc, entities, None, context.is_none(), None);
                return report;
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
        let mut entity = Entity {
            kind: EntityKind::Qr,
            text: payload.to_string(),
            value: payment.account.clone().unwrap_or_default(),
            start: 0,
            end: 0,
            details: Default::default(),
        };
        if let Some(bin) = &payment.bank_bin {
            entity.details.insert("bank_bin", bin.clone());
            let name = self.brands.by_bin(bin).map(|b| b.name.as_str()).or_else(|| {
                khien_detect::tables::tables().bank_by_id(bin).map(|b| b.name.as_str())
            });
            match name {
                Some(name) => {
                    entity.details.insert("bank", name.to_string());
                }
                None => acc.add(Signal::UnknownBank, None, format!(": {bin}"), format!(": {bin}")),
            }
        }
        if let Some(name) = &payment.name {
            entity.details.insert("name", name.clone());
        }
        if let Some(amount) = &payment.amount {
            entity.details.insert("amount", amount.clone());
        }
        if let Some(message) = &payment.message {
            entity.details.insert("message", message.clone());
        }
        if let Some(account) = &payment.account
            && let Some(hit) = self.lists.lookup_account(account)
        {
            let code = if hit.allow { Signal::Allowlisted } else { Signal::Blocklisted };
            acc.add(code, None, format!(" ({})", hit.source), format!(" ({})", hit.source));
        }
        let personal = payment.name.as_deref().is_some_and(qr::looks_personal);
        if personal {
            let name = payment.name.clone().unwrap_or_default();
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
            .any(|cue| acc.has(*cue));
            if claims_org {
                acc.add(Signal::QrNameMismatch, None, format!(": {name}"), format!(": {name}"));
            } else {
                acc.add(Signal::QrPersonalAccount, None, format!(": {name}"), format!(": {name}"));
            }
        }
        // The message of a QR is text too ("nop phat", "phi kich hoat").
        if let Some(message) = &payment.message {
            let sh = Shadow::new(message);
            let mut cues = Vec::new();
            self.rules.find_cues(&sh, message, &mut cues);
            for cue in cues {
                if matches!(self.rules.signals[cue.signal as usize].kind, Kind::Ask | Kind::Pretext)
                {
                    let (start, end) = sh.source_range(cue.start, cue.end, message);
                    let quoted = snippet(&message[start..end]);
                    acc.add_id(
                        cue.signal,
                        None,
                        format!(": “{quoted}” (nội dung QR)"),
                        format!(": “{quoted}” (QR message)"),
                    );
                }
            }
        }
        entities.push(entity);
        let report = self.finish(acc, entities, Some(payment), context.is_none(), None);
        self.with_no_data(report, "no_data_account")
    }
}
