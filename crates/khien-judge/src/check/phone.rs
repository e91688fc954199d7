//! A phone number: lists, spoofed +84 numbers, risky foreign prefixes, hotlines.

use super::problem_details;
use crate::phone::{self, PhoneKind};
use crate::report::Report;
use crate::score::Acc;
use crate::{Judge, Signal, entities};

impl Judge {
    /// Judges a phone number on its own.
    pub fn check_phone(&self, phone: &str) -> Report {
        let mut acc = Acc::new(&self.rules);
        let info = phone::classify(phone);
        let span = Some((0, phone.len()));
        let entities = vec![entities::phone_entity(phone, &info, 0, phone.len())];
        self.phone_signals(phone, &info.canonical, span, &mut acc);
        if info.kind == PhoneKind::Invalid {
            let (vi, en) = problem_details(phone, &info);
            acc.add(Signal::InvalidNumber, span, vi, en);
        }
        let report = self.finish(acc, entities, None, true, None);
        self.with_no_data(report, "no_data_phone")
    }

    pub(super) fn phone_signals(
        &self,
        text: &str,
        canonical: &str,
        span: Option<(usize, usize)>,
        acc: &mut Acc,
    ) {
        if let Some(hit) = self.lists.lookup_phone(canonical) {
            let code = if hit.allow { Signal::Allowlisted } else { Signal::Blocklisted };
            acc.add(code, span, format!(" ({})", hit.source), format!(" ({})", hit.source));
        }
        let info = phone::classify(text);
        match info.kind {
            PhoneKind::SpoofedVn => {
                let (vi, en) = problem_details(text, &info);
                acc.add(Signal::SpoofedVnNumber, span, vi, en)
            }
            PhoneKind::Foreign => {
                let prefix = self
                    .risky_prefixes
                    .iter()
                    .find(|prefix| info.canonical.starts_with(&prefix.prefix));
                match prefix {
                    Some(prefix) => acc.add(
                        Signal::RiskyPhonePrefix,
                        span,
                        format!(": {}", prefix.vi),
                        format!(": {}", prefix.en),
                    ),
                    None => acc.add(
                        Signal::ForeignPhone,
                        span,
                        format!(": {text}"),
                        format!(": {text}"),
                    ),
                }
            }
            PhoneKind::Service => {
                if let Some(brand) = self.brands.by_hotline(&info.canonical) {
                    acc.add(
                        Signal::HotlineMatch,
                        span,
                        format!(" của {}", brand.name),
                        format!(" of {}", brand.name),
                    );
                }
            }
            _ => {}
        }
    }
}
