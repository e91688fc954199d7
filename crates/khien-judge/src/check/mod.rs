//! The five ways in: a message, a link, a phone number, a bank account and a payment QR
//! payload, plus the dispatcher and the guess for pasted text.

mod account;
mod message;
mod phone;
mod qr;
mod url;

use crate::phone::{PhoneInfo, PhoneKind};
use crate::report::{Input, Report};
use crate::{Judge, entities, link};

impl Judge {
    /// Judges any input.
    pub fn check(&self, input: &Input<'_>) -> Report {
        match *input {
            Input::Message(m) => self.check_message(&m),
            Input::Url(u) => self.check_url(u),
            Input::Phone(p) => self.check_phone(p),
            Input::Account { account, bank } => self.check_account(account, bank),
            Input::Qr { payload, context } => self.check_qr(payload, context),
        }
    }

    /// Judges whatever a person pasted: a payment QR payload, a bare link, a bare phone or
    /// account number, or otherwise a message. Bare items get item semantics (`unknown` when
    /// nothing is known) instead of message semantics.
    pub fn check_auto(&self, text: &str) -> Report {
        let trimmed = text.trim();
        if trimmed.starts_with("000201") && crate::qr::parse(trimmed).is_ok() {
            return self.check_qr(trimmed, None);
        }
        if !trimmed.is_empty() && !trimmed.contains(char::is_whitespace) {
            let cleaned = entities::refang_source(trimmed);
            if let Some(parsed) = link::parse(&cleaned) {
                let tld = parsed.host.rsplit('.').next().unwrap_or("");
                let known = cleaned.contains("://")
                    || parsed.is_ip
                    || parsed.host_display != parsed.host
                    || self
                        .tables
                        .known_tlds
                        .iter()
                        .chain(&self.tables.risky_tlds)
                        .any(|k| k == tld);
                if known {
                    return self.check_url(trimmed);
                }
            }
        }
        let numberish = !trimmed.is_empty()
            && trimmed.chars().all(|c| c.is_ascii_digit() || " +.-()".contains(c));
        if numberish {
            let digits = trimmed.chars().filter(char::is_ascii_digit).count();
            if crate::phone::classify(trimmed).kind != PhoneKind::Invalid {
                return self.check_phone(trimmed);
            }
            if (6..=19).contains(&digits) {
                return self.check_account(trimmed, None);
            }
        }
        self.check_text(text)
    }
}

/// Reason details for a spoofed or invalid number: the number as written and, in each
/// language, why it is not a Vietnamese number.
pub(super) fn problem_details(text: &str, info: &PhoneInfo) -> (String, String) {
    match &info.problem {
        Some(problem) => {
            (format!(": {text} ({})", problem.vi()), format!(": {text} ({})", problem.en()))
        }
        None => (format!(": {text}"), format!(": {text}")),
    }
}

/// A quoted excerpt of the text a reason points at, at most 60 characters.
pub(super) fn snippet(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= 60 {
        return text.to_string();
    }
    let mut out: String = text.chars().take(57).collect();
    out.push('…');
    out
}
