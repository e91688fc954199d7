//! A bank account on its own: the bank named with it and the lists.

use crate::report::Report;
use crate::score::Acc;
use crate::{Entity, EntityKind, Judge, Signal};

impl Judge {
    /// Judges a bank account (with an optional bank code, id or VietQR BIN) on its own.
    pub fn check_account(&self, account: &str, bank: Option<&str>) -> Report {
        let mut acc = Acc::new(&self.rules);
        let digits: String = account.chars().filter(char::is_ascii_digit).collect();
        let span = Some((0, account.len()));
        let mut entity = Entity {
            kind: EntityKind::Account,
            text: account.to_string(),
            value: digits.clone(),
            start: 0,
            end: account.len(),
            details: Default::default(),
        };
        if let Some(bank_code) = bank {
            // A brand of the directory, else any bank of khien-detect's table.
            let tables = khien_detect::tables::tables();
            let found = match self.brands.bank(bank_code) {
                Some(brand) => Some((brand.name.as_str(), brand.bin.as_deref())),
                None => tables
                    .bank_by_code(bank_code)
                    .or_else(|| tables.bank_by_id(bank_code))
                    .map(|bank| (bank.name.as_str(), bank.qr_id())),
            };
            match found {
                Some((name, bin)) => {
                    entity.details.insert("bank", name.to_string());
                    if let Some(bin) = bin {
                        entity.details.insert("bank_bin", bin.to_string());
                    }
                }
                None => acc.add(
                    Signal::UnknownBank,
                    None,
                    format!(": {bank_code}"),
                    format!(": {bank_code}"),
                ),
            }
        }
        if !(6..=19).contains(&digits.len())
            || digits.len()
                != account.chars().filter(|c| !c.is_whitespace() && *c != '-' && *c != '.').count()
        {
            acc.add(
                Signal::InvalidNumber,
                span,
                " (số tài khoản phải gồm 6–19 chữ số)".into(),
                " (account numbers have 6–19 digits)".into(),
            );
        }
        if let Some(hit) = self.lists.lookup_account(&digits) {
            let code = if hit.allow { Signal::Allowlisted } else { Signal::Blocklisted };
            acc.add(code, span, format!(" ({})", hit.source), format!(" ({})", hit.source));
        }
        let report = self.finish(acc, vec![entity], None, true, None);
        self.with_no_data(report, "no_data_account")
    }
}
